//! The repository module: the only place that knows SQL.
//!
//! `Store::open` is the single door to the database file. Every user command
//! runs in one IMMEDIATE transaction (`Store::write`), with
//! `synchronous=FULL`, so a change shown as saved has reached the disk.

pub mod audit;
pub mod backup;
pub mod bundle;
mod cells;
mod corrections;
mod dump;
mod error;
pub mod fsmode;
mod header;
mod history;
mod live;
pub mod lock;
mod meetings;
mod members;
pub mod merge;
mod overview;
mod preparation;
mod proceedings;
mod record;
mod resolutions;
mod review;
mod rows;
pub mod schema;
mod search;
mod seed;
mod transfer;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use crate::domain::Addendum;
pub use crate::domain::{MemberInput, StatusEventInput};
pub use cells::CellInput;
pub use dump::{Dump, TABLES};
pub use error::{Error, Result};
pub use meetings::{AgendaItemInput, MeetingInput};
pub use proceedings::{Frozen, RemarkInput, TaskInput, VoteInput};
pub use record::Officer;
pub use resolutions::ResolutionSave;
pub use search::{Hit, HitKind};

use crate::clock::Clock;
use crate::domain::{AgendaItem, AttendanceMark, Figures, Meeting, Member, RowId, VotingFigures};

/// How long a write waits for another process's transaction before chibo
/// says the database is locked.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The open database.
pub struct Store {
    conn: Connection,
    clock: Clock,
    path: Option<PathBuf>,
}

/// One write transaction; the typed write functions live on it so a command
/// that touches several rows commits them together or not at all.
pub struct Tx<'c> {
    tx: Transaction<'c>,
    now: NaiveDateTime,
}

impl Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Tx<'_> {
    /// The moment of this transaction, from the store's clock.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Reads inside the transaction (they see its own writes).
    pub fn members(&self, cell_id: RowId) -> Result<Vec<Member>> {
        members::load_cell(self, cell_id)
    }

    pub fn agenda(&self, meeting_id: RowId) -> Result<Vec<AgendaItem>> {
        meetings::load_agenda(self, meeting_id)
    }

    pub fn marks(&self, meeting_id: RowId) -> Result<Vec<AttendanceMark>> {
        proceedings::load_marks(self, meeting_id)
    }

    /// D and V of a meeting at a moment, as a vote taken then would store them.
    pub fn voting_figures_at(&self, meeting: &Meeting, at: NaiveDateTime) -> Result<VotingFigures> {
        let roster = proceedings::roster_of(self, meeting)?;
        let marks = proceedings::load_marks(self, meeting.id)?;
        Ok(Figures::compute(&roster, &marks, Some(at)).voting())
    }
}

/// Counts of the main tables, for `chibo check` and the start screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub cells: u64,
    pub members: u64,
    pub meetings: u64,
    pub attendance: u64,
    pub remarks: u64,
    pub votes: u64,
    pub tasks: u64,
    pub audit_log: u64,
}

impl Store {
    /// Opens (or creates) the database at `path`. A file chibo must refuse is
    /// refused before anything is written to it.
    pub fn open(path: &Path, clock: Clock) -> Result<Store> {
        if path.is_dir() {
            return Err(Error::NotSqlite);
        }
        let existed = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        if existed {
            header::inspect(path)?;
            // Opening for writing changes nothing, and tells a read-only file
            // (or one marked immutable) apart before SQLite touches it.
            if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
                return Err(match e.kind() {
                    std::io::ErrorKind::PermissionDenied => Error::ReadOnly,
                    _ => Error::io(path, e),
                });
            }
        } else {
            if let Some(parent) = path.parent() {
                fsmode::create_private_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            if !path.exists() {
                fsmode::create_private_file(path).map_err(|e| Error::io(path, e))?;
            }
        }
        if existed {
            // Another program's file is refused through a read-only
            // connection: closing a read-write one could checkpoint that
            // program's WAL into its file. Reading a WAL-mode file makes
            // SQLite create a -shm beside it: a refused file gets no new
            // side file.
            let side = |suffix: &str| {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                PathBuf::from(name)
            };
            let had: Vec<(PathBuf, bool)> = ["-wal", "-shm"]
                .iter()
                .map(|s| {
                    let p = side(s);
                    let existed = p.exists();
                    (p, existed)
                })
                .collect();
            let probed = (|| {
                let probe = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                check_ownership(&probe)?;
                // Exactly chibo's tables for its version, checked before
                // anything (WAL, migrations) writes to the file.
                schema::validate(&probe)
            })();
            if let Err(e) = probed {
                for (file, existed) in had {
                    if !existed {
                        let _ = std::fs::remove_file(file);
                    }
                }
                return Err(e);
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if existed {
            // A probe for another process's write transaction: it takes the
            // write lock and gives it back without writing.
            conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")?;
        }
        let mut store = Store {
            conn,
            clock,
            path: Some(path.to_path_buf()),
        };
        store.configure()?;
        let version = schema::user_version(&store.conn)?;
        if existed && version > 0 && version < schema::LATEST_VERSION {
            backup::before_migration(&store, path, version)?;
        }
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// A fresh in-memory database, for tests and previews.
    pub fn open_in_memory(clock: Clock) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            clock,
            path: None,
        };
        store.configure()?;
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if self.path.is_some() && !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::ReadOnly);
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn schema_version(&self) -> Result<u32> {
        schema::user_version(&self.conn)
    }

    /// A read-only connection to the same file, for a thread of its own
    /// (the cells screen's warnings): no checks (this store made them), no
    /// migration. None for a database in memory.
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(path) = self.path.clone() else {
            return Ok(None);
        };
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Some(Store {
            conn,
            clock: self.clock,
            path: Some(path),
        }))
    }

    /// The id of the audit log's last entry. Every change writes one, so
    /// an unchanged id means unchanged data (a bundle merged in brings its
    /// own entries and one of its own).
    pub fn last_change(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction and commits it. Nothing `f`
    /// wrote survives an error.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx { tx, now };
        let value = f(&mut tx)?;
        tx.tx.commit()?;
        Ok(value)
    }

    /// D and V of a meeting at a moment (what a vote taken then would store).
    pub fn voting_figures_at(&self, meeting: &Meeting, at: NaiveDateTime) -> Result<VotingFigures> {
        let roster = proceedings::roster_of(&self.conn, meeting)?;
        let marks = proceedings::load_marks(&self.conn, meeting.id)?;
        Ok(Figures::compute(&roster, &marks, Some(at)).voting())
    }

    /// True when the database holds no cell and no member.
    pub fn is_empty(&self) -> Result<bool> {
        let c = self.counts()?;
        Ok(c.cells == 0 && c.members == 0 && c.audit_log == 0)
    }

    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            cells: count("cells")?,
            members: count("members")?,
            meetings: count("meetings")?,
            attendance: count("attendance")?,
            remarks: count("remarks")?,
            votes: count("votes")?,
            tasks: count("tasks")?,
            audit_log: count("audit_log")?,
        })
    }

    /// SQLite's `integrity_check` and `foreign_key_check`: empty when healthy.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0)
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }
}

/// Refuses a SQLite file that belongs to another program: a foreign
/// application id, or tables without chibo's id.
fn check_ownership(conn: &Connection) -> Result<()> {
    let id = schema::application_id(conn)?;
    if id == schema::APPLICATION_ID {
        return Ok(());
    }
    if id != 0 {
        return Err(Error::NotChibo);
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if tables > 0 {
        return Err(Error::NotChibo);
    }
    Ok(())
}
