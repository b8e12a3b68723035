//! Backups: a consistent copy (VACUUM INTO) in a 0600 file, the automatic
//! daily copy kept in `backups/` beside the database (the last 14), the copy
//! before a migration, and restore.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use super::{Error, Result, Store, fsmode, header, schema};
use crate::clock::Clock;

/// How many automatic backups are kept.
pub const KEEP: usize = 14;
/// A new automatic backup is made when the newest is older than this.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// The folder that holds a database's backups.
pub fn folder_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chibo".into())
}

impl Store {
    /// Writes a consistent copy of the database to `dest`, a new file with
    /// mode 0600. An existing file is never overwritten.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // SQLite takes the target name as text: a name that is not UTF-8
        // would be changed on the way and the copy would land elsewhere.
        let target = utf8(dest)?;
        if let Some(parent) = dest.parent() {
            fsmode::create_private_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fsmode::create_private_file(dest).map_err(|e| Error::io(dest, e))?;
        if let Err(e) = self.conn().execute("VACUUM INTO ?1", [target]) {
            let _ = fs::remove_file(dest);
            return Err(e.into());
        }
        Ok(())
    }

    fn backup_named(&self, label: &str) -> Result<PathBuf> {
        let db = self.path().ok_or(Error::NotFound("database file"))?;
        let stamp = self.clock().now().format("%Y%m%d-%H%M%S");
        let dir = folder_of(db);
        let mut dest = dir.join(format!("{}-{label}{stamp}.db", stem_of(db)));
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = dir.join(format!("{}-{label}{stamp}-{n}.db", stem_of(db)));
        }
        self.backup_to(&dest)?;
        Ok(dest)
    }

    /// The automatic backup: when the newest automatic copy is older than a
    /// day (or there is none), writes one and keeps the newest [`KEEP`].
    /// Backups are ordered by a sequence number in their names, not by the
    /// clock (which may be wrong), and the one just written is never pruned.
    /// Returns the new file, if one was written.
    pub fn auto_backup(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path() else {
            return Ok(None);
        };
        let existing = automatic_backups(db);
        let fresh = existing.last().is_some_and(|newest| {
            fs::metadata(newest)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age < EVERY)
        });
        if fresh {
            return Ok(None);
        }
        let next = existing
            .iter()
            .filter_map(|p| sequence_of(db, p))
            .max()
            .unwrap_or(0)
            + 1;
        let dest = self.backup_named(&format!("auto-{next:06}-"))?;
        let mut all = automatic_backups(db);
        all.retain(|p| *p != dest);
        while all.len() >= KEEP {
            let oldest = all.remove(0);
            let _ = fs::remove_file(oldest);
        }
        Ok(Some(dest))
    }

    /// A backup on demand (before a risky step such as the live meeting).
    pub fn backup_now(&self, label: &str) -> Result<PathBuf> {
        self.backup_named(&format!("{label}-"))
    }
}

/// The sequence number of an automatic backup ("chibo-auto-000012-…"); 0
/// for those written before numbering.
fn sequence_of(db: &Path, backup: &Path) -> Option<u64> {
    let prefix = format!("{}-auto-", stem_of(db));
    let name = backup.file_name()?.to_str()?;
    let rest = name.strip_prefix(&prefix)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    match (digits.len(), rest.chars().nth(digits.len())) {
        (6, Some('-')) => digits.parse().ok(),
        _ => Some(0),
    }
}

/// The automatic backups of a database, oldest first by sequence number.
pub fn automatic_backups(db: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-auto-", stem_of(db));
    let mut files: Vec<PathBuf> = fs::read_dir(folder_of(db))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".db"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|p| (sequence_of(db, p).unwrap_or(0), p.clone()));
    files
}

pub(super) fn before_migration(store: &Store, _db: &Path, version: u32) -> Result<PathBuf> {
    store.backup_named(&format!("v{version}-before-migration-"))
}

/// Checks that `file` is a healthy chibo database this binary can open,
/// without writing to it.
pub fn verify(file: &Path) -> Result<()> {
    // Reading a WAL-mode copy makes SQLite create side files beside it:
    // the backup is left as it was found.
    let created: Vec<PathBuf> = ["-wal", "-shm"]
        .iter()
        .map(|s| side_file(file, s))
        .filter(|p| !p.exists())
        .collect();
    let result = verify_read_only(file);
    for p in created {
        let _ = fs::remove_file(p);
    }
    result
}

fn verify_read_only(file: &Path) -> Result<()> {
    header::inspect(file)?;
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if schema::application_id(&conn)? != schema::APPLICATION_ID {
        return Err(Error::NotChibo);
    }
    schema::validate(&conn)?;
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result != "ok" {
        return Err(Error::Corrupt(result));
    }
    Ok(())
}

/// `path` with a suffix added to its name ("x.db" → "x.db-wal").
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies bytes into a new 0600 file (fs::copy would carry the source's mode).
fn copy_private(from: &Path, to: &Path) -> Result<()> {
    let mut source = fs::File::open(from).map_err(|e| Error::io(from, e))?;
    let mut target = fsmode::create_private_file(to).map_err(|e| Error::io(to, e))?;
    std::io::copy(&mut source, &mut target).map_err(|e| Error::io(to, e))?;
    target.sync_all().map_err(|e| Error::io(to, e))
}

/// A path SQLite will be given as text: refused unless it is UTF-8.
fn utf8(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| Error::NotUtf8(path.to_path_buf()))
}

/// Keeps the bytes of a damaged database (and its WAL, which may hold
/// committed pages) in `backups/`, 0600.
fn keep_damaged(db: &Path, clock: Clock) -> Result<PathBuf> {
    let dir = folder_of(db);
    fsmode::create_private_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stamp = clock.now().format("%Y%m%d-%H%M%S");
    let aside = dir.join(format!("{}-damaged-{stamp}.db", stem_of(db)));
    copy_private(db, &aside)?;
    let wal = side_file(db, "-wal");
    if wal.exists() {
        copy_private(&wal, &side_file(&aside, "-wal"))?;
    }
    Ok(aside)
}

/// Replaces the database at `db` with `backup`, after checking the backup and
/// keeping a copy of the current file in `backups/`. Returns that copy. A
/// database reached through a symbolic link is restored where the link
/// points; the link stays.
pub fn restore(db: &Path, backup: &Path, clock: Clock) -> Result<Option<PathBuf>> {
    let resolved;
    let db = match fs::canonicalize(db) {
        Ok(real) => {
            resolved = real;
            resolved.as_path()
        }
        Err(_) => db,
    };
    utf8(db)?;
    utf8(backup)?;
    verify(backup)?;
    let saved = if db.exists() {
        match Store::open(db, clock) {
            Ok(current) => {
                // Refuse while chibo (or anything else) has the file open:
                // it would go on writing into the file being replaced. The
                // exclusive lock is held until this connection closes.
                current
                    .conn()
                    .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")?;
                match current.backup_now("before-restore") {
                    Ok(saved) => {
                        current
                            .conn()
                            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
                        drop(current);
                        Some(saved)
                    }
                    // Damaged pages the open did not reach: a copy through
                    // SQLite fails, so the bytes are kept aside instead.
                    Err(Error::Corrupt(_) | Error::Sql(_)) => {
                        drop(current);
                        Some(keep_damaged(db, clock)?)
                    }
                    Err(other) => return Err(other),
                }
            }
            // A damaged current file is exactly when people restore: keep its
            // bytes aside instead of refusing.
            Err(
                Error::NotSqlite
                | Error::Truncated
                | Error::Corrupt(_)
                | Error::SchemaMismatch { .. },
            ) => Some(keep_damaged(db, clock)?),
            Err(other) => return Err(other),
        }
    } else {
        None
    };
    let staging = db.with_extension("restoring");
    let _ = fs::remove_file(&staging);
    fsmode::create_private_file(&staging).map_err(|e| Error::io(&staging, e))?;
    {
        let target = utf8(&staging)?;
        let created: Vec<PathBuf> = ["-wal", "-shm"]
            .iter()
            .map(|s| side_file(backup, s))
            .filter(|p| !p.exists())
            .collect();
        let copied = Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|source| source.execute("VACUUM INTO ?1", [target]).map(|_| ()));
        for p in created {
            let _ = fs::remove_file(p);
        }
        if let Err(e) = copied {
            let _ = fs::remove_file(&staging);
            return Err(e.into());
        }
    }
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(side_file(db, suffix));
    }
    fs::rename(&staging, db).map_err(|e| Error::io(db, e))?;
    // Opening runs any migration the backup needs.
    Store::open(db, clock)?;
    Ok(saved)
}
