//! Cell bundles (gói dữ liệu chi bộ): one cell of a chibo file, written to a
//! SQLite file of its own that a committee's file merges (`store::merge`),
//! and the transfer file of one member (`store::transfer`).
//!
//! A bundle is chibo's schema, at this version, holding one cell's rows with
//! their own ids and UUIDs, the audit rows about them, and a
//! `bundle_manifest` table. Its application id is not a database's, so it is
//! never opened as one. Every byte of the file is covered by a SHA-256
//! checksum written inside it: the manifest holds `chibo-sha256:` and 64 hex
//! digits, and the sum is that of the file with those digits as zeros. A
//! changed byte anywhere (data, free space, the sum itself) is refused.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Error, Result, Store, fsmode, schema};
use crate::domain::RowId;

/// The bundle format this chibo writes and reads (the layout of the
/// manifest and the checksum; the tables follow the schema version).
pub const FORMAT_VERSION: u32 = 1;

/// "CHBB": a chibo bundle, not a database.
pub const BUNDLE_APPLICATION_ID: u32 = 0x4348_4242;

const MARK: &[u8] = b"chibo-sha256:";
const SUM_LEN: usize = 64;

/// What a bundle file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleKind {
    /// One cell (`chibo bundle`).
    Cell,
    /// One member leaving a cell (`chibo transfer out`).
    Transfer,
}

impl BundleKind {
    pub fn code(self) -> &'static str {
        match self {
            BundleKind::Cell => "cell",
            BundleKind::Transfer => "transfer",
        }
    }
}

/// Why a bundle or transfer file is refused. Nothing was written when one
/// of these is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a chibo bundle at all (another file, no manifest).
    NotBundle,
    /// A transfer file given to `merge`, or a bundle to `transfer in`.
    WrongKind {
        expected: BundleKind,
    },
    FormatTooNew {
        found: u32,
        supported: u32,
    },
    /// The checksum does not match: the file was changed or damaged.
    Checksum,
    SchemaTooNew {
        found: u32,
        supported: u32,
    },
    /// The cell is one of this file's own (editable) cells.
    OwnCell {
        name: String,
    },
    /// The bundle is not newer than the one merged already.
    NotNewer {
        bundle_revision: i64,
        bundle_made_at: NaiveDateTime,
        merged_revision: i64,
        merged_made_at: Option<NaiveDateTime>,
    },
    /// Members matched on their party-card number, not yet confirmed.
    Unconfirmed(Vec<CardMatch>),
    /// The member of a transfer file is already in this file.
    MemberExists {
        name: String,
    },
}

/// A member of a bundle who has a new UUID but the party-card number of a
/// member already in the committee's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardMatch {
    pub number: String,
    pub bundle_name: String,
    pub bundle_uuid: String,
    pub known_name: String,
    pub known_uuid: String,
    pub known_cell: String,
}

/// The manifest of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub kind: BundleKind,
    /// The schema version the bundle was written at.
    pub schema_version: u32,
    pub cell_uuid: String,
    pub cell_name: String,
    pub upper_unit: String,
    pub revision: i64,
    pub made_at: NaiveDateTime,
    /// Whether card numbers, phones and ID numbers are in it.
    pub private: bool,
    pub members: i64,
    pub meetings: i64,
    /// For a transfer file: the member's UUID.
    pub member_uuid: Option<String>,
}

/// A file chibo removes when done with it (a bundle being built, the
/// verified copy of one being merged).
pub(crate) struct TempFile(PathBuf);

impl TempFile {
    pub(crate) fn new(what: &str) -> Result<TempFile> {
        let path =
            std::env::temp_dir().join(format!("chibo-{what}-{}.sqlite", uuid::Uuid::new_v4()));
        fsmode::create_private_file(&path).map_err(|e| Error::io(&path, e))?;
        Ok(TempFile(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let mut journal = self.0.as_os_str().to_owned();
        journal.push("-journal");
        let _ = std::fs::remove_file(PathBuf::from(journal));
    }
}

fn refused(r: Refusal) -> Error {
    Error::Bundle(r)
}

/// Where the checksum's digits are: the one place the mark occurs.
fn sum_at(bytes: &[u8]) -> Option<usize> {
    let mut found = None;
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .windows(MARK.len())
        .position(|w| w == MARK)
        .map(|i| i + from)
    {
        if found.is_some() {
            return None;
        }
        found = Some(i + MARK.len());
        from = i + 1;
    }
    found.filter(|&at| at + SUM_LEN <= bytes.len())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The sum of the file with its checksum digits as zeros.
fn sum_of(bytes: &[u8], at: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..at]);
    hasher.update([b'0'; SUM_LEN]);
    hasher.update(&bytes[at + SUM_LEN..]);
    hex(&hasher.finalize())
}

/// Writes the checksum into a finished bundle's bytes (public for tests
/// that make a bundle of another version).
pub fn seal(bytes: &mut [u8]) -> Result<()> {
    let at = sum_at(bytes).ok_or_else(|| Error::Import("bundle checksum mark".into()))?;
    let sum = sum_of(bytes, at);
    bytes[at..at + SUM_LEN].copy_from_slice(sum.as_bytes());
    Ok(())
}

/// Checks a bundle's bytes: a SQLite file with exactly one checksum that
/// matches.
pub fn verify_bytes(bytes: &[u8]) -> Result<(), Refusal> {
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(Refusal::NotBundle);
    }
    let Some(at) = sum_at(bytes) else {
        // A damaged mark reads as a damaged file when the rest is a bundle.
        return Err(Refusal::Checksum);
    };
    let written = &bytes[at..at + SUM_LEN];
    if written != sum_of(bytes, at).as_bytes() {
        return Err(Refusal::Checksum);
    }
    Ok(())
}

/// The columns of `schema.table`, in order.
pub(crate) fn columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}', '{schema}') ORDER BY cid"
    ))?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Copies the rows of `table` that `filter` (a condition on the alias `s`)
/// chooses, from schema `from` into the same table of schema `to`, column
/// by column: each column takes `s.<column>`, or the SQL expression `set`
/// gives for it; the columns named in `leave` are left to the target (its
/// own row ids). Returns how many rows were copied.
pub(crate) fn copy_rows<P: rusqlite::Params>(
    conn: &Connection,
    (from, to): (&str, &str),
    table: &str,
    set: &[(&str, String)],
    leave: &[&str],
    filter: &str,
    params: P,
) -> Result<usize> {
    let cols: Vec<String> = columns(conn, "main", table)?
        .into_iter()
        .filter(|c| !leave.contains(&c.as_str()))
        .collect();
    let exprs: Vec<String> = cols
        .iter()
        .map(|c| {
            set.iter()
                .find(|(name, _)| name == c)
                .map_or_else(|| format!("s.{c}"), |(_, e)| e.clone())
        })
        .collect();
    Ok(conn.execute(
        &format!(
            "INSERT INTO {to}.{table} ({}) SELECT {} FROM {from}.{table} s WHERE {filter}",
            cols.join(", "),
            exprs.join(", ")
        ),
        params,
    )?)
}

/// Tables of a member's own history.
pub(crate) const MEMBER_TABLES: &[&str] = &["status_events", "roles", "party_cards", "dues"];

/// Tables recorded in a meeting, in an order where references come first.
pub(crate) const MEETING_TABLES: &[&str] = &[
    "meeting_reschedules",
    "preparation_steps",
    "guests",
    "agenda_items",
    "attendance",
    "remarks",
    "votes",
    "tasks",
    "task_reports",
    "quality_scores",
    "addenda",
    "resolutions",
];

/// An empty bundle file: chibo's schema, the manifest table, the bundle's
/// application id.
pub(crate) fn create_empty(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    // A file being built is thrown away if anything fails: no journal on
    // disk and no syncing (the finished bytes are written, synced, by
    // `exchange::output`).
    conn.execute_batch("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;")?;
    schema::create_at(&mut conn, schema::LATEST_VERSION)?;
    conn.execute_batch(
        "CREATE TABLE bundle_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;",
    )?;
    conn.pragma_update(None, "application_id", BUNDLE_APPLICATION_ID as i64)?;
    Ok(conn)
}

/// Writes the manifest (with the checksum placeholder) into an attached
/// bundle `b`.
pub(crate) fn write_manifest(conn: &Connection, m: &Manifest) -> Result<()> {
    let placeholder = format!("{}{}", String::from_utf8_lossy(MARK), "0".repeat(SUM_LEN));
    let pairs: Vec<(&str, String)> = vec![
        ("format", m.format.to_string()),
        ("kind", m.kind.code().to_string()),
        ("schema_version", m.schema_version.to_string()),
        ("cell_uuid", m.cell_uuid.clone()),
        ("cell_name", m.cell_name.clone()),
        ("upper_unit", m.upper_unit.clone()),
        ("revision", m.revision.to_string()),
        ("made_at", m.made_at.format("%F %T").to_string()),
        ("private", if m.private { "1" } else { "0" }.to_string()),
        ("members", m.members.to_string()),
        ("meetings", m.meetings.to_string()),
        ("member_uuid", m.member_uuid.clone().unwrap_or_default()),
        ("checksum", placeholder),
    ];
    for (key, value) in pairs {
        conn.execute(
            "INSERT INTO b.bundle_manifest (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    Ok(())
}

fn read_manifest(conn: &Connection) -> Result<Manifest, Refusal> {
    let get = |key: &str| -> Result<String, Refusal> {
        conn.query_row(
            "SELECT value FROM bundle_manifest WHERE key = ?1",
            [key],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .ok()
        .flatten()
        .ok_or(Refusal::NotBundle)
    };
    let num = |key: &str| -> Result<i64, Refusal> {
        get(key)?.parse::<i64>().map_err(|_| Refusal::NotBundle)
    };
    let format = num("format")? as u32;
    if format > FORMAT_VERSION {
        return Err(Refusal::FormatTooNew {
            found: format,
            supported: FORMAT_VERSION,
        });
    }
    let kind = match get("kind")?.as_str() {
        "cell" => BundleKind::Cell,
        "transfer" => BundleKind::Transfer,
        _ => return Err(Refusal::NotBundle),
    };
    let made_at =
        NaiveDateTime::parse_from_str(&get("made_at")?, "%F %T").map_err(|_| Refusal::NotBundle)?;
    let member_uuid = Some(get("member_uuid")?).filter(|u| !u.is_empty());
    Ok(Manifest {
        format,
        kind,
        schema_version: num("schema_version")? as u32,
        cell_uuid: get("cell_uuid")?,
        cell_name: get("cell_name")?,
        upper_unit: get("upper_unit")?,
        revision: num("revision")?,
        made_at,
        private: num("private")? == 1,
        members: num("members")?,
        meetings: num("meetings")?,
        member_uuid,
    })
}

/// A bundle checked and copied aside (migrated to this schema if older),
/// ready to be previewed and merged. The copy is removed when dropped; the
/// file named by the secretary is never written.
pub struct Bundle {
    pub manifest: Manifest,
    pub(crate) copy: TempFile,
}

impl Bundle {
    /// Reads and verifies `path`: format, checksum, schema version.
    pub fn open(path: &Path, expected: BundleKind) -> Result<Bundle> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        verify_bytes(&bytes).map_err(refused)?;
        let copy = TempFile::new("merge")?;
        std::fs::write(copy.path(), &bytes).map_err(|e| Error::io(copy.path(), e))?;
        let mut conn = Connection::open(copy.path())?;
        if schema::application_id(&conn)? != BUNDLE_APPLICATION_ID {
            return Err(refused(Refusal::NotBundle));
        }
        let manifest = read_manifest(&conn).map_err(refused)?;
        if manifest.kind != expected {
            return Err(refused(Refusal::WrongKind { expected }));
        }
        let version = schema::user_version(&conn)?;
        if version > schema::LATEST_VERSION {
            return Err(refused(Refusal::SchemaTooNew {
                found: version,
                supported: schema::LATEST_VERSION,
            }));
        }
        if version < schema::LATEST_VERSION {
            // An older bundle goes through the migrations, in the copy.
            schema::migrate(&mut conn)?;
        }
        drop(conn);
        Ok(Bundle { manifest, copy })
    }

    /// The verified copy (for tests and the merge).
    pub fn copy_path(&self) -> &Path {
        self.copy.path()
    }
}

/// The state of a cell as bundles see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSync {
    pub revision: i64,
    /// True for a cell that came from a bundle (read-only here).
    pub merged: bool,
    pub bundle_revision: Option<i64>,
    pub bundle_made_at: Option<NaiveDateTime>,
    pub merged_at: Option<NaiveDateTime>,
}

/// Runs `f` with `path` attached as `b`, detaching it afterwards whatever
/// `f` returned.
pub(crate) fn with_attached<T>(
    conn: &Connection,
    path: &Path,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let text = path
        .to_str()
        .ok_or_else(|| Error::NotUtf8(path.to_path_buf()))?;
    conn.execute("ATTACH DATABASE ?1 AS b", [text])?;
    // `b` is always a file of chibo's own making in the temporary folder
    // (a bundle being built, the verified copy of one being merged).
    conn.execute_batch("PRAGMA b.journal_mode = MEMORY; PRAGMA b.synchronous = OFF;")?;
    let out = f();
    let detached = conn.execute_batch("DETACH DATABASE b");
    let out = out?;
    detached?;
    Ok(out)
}

const SYNC_COLUMNS: &str =
    "SELECT revision, origin = 'merged', bundle_revision, bundle_made_at, merged_at";

fn sync_of(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<CellSync> {
    Ok(CellSync {
        revision: r.get(at)?,
        merged: r.get(at + 1)?,
        bundle_revision: r.get(at + 2)?,
        bundle_made_at: r.get(at + 3)?,
        merged_at: r.get(at + 4)?,
    })
}

impl Store {
    pub fn cell_sync(&self, cell_id: RowId) -> Result<CellSync> {
        Ok(self.conn().query_row(
            &format!("{SYNC_COLUMNS} FROM cells WHERE id = ?1"),
            [cell_id],
            |r| sync_of(r, 0),
        )?)
    }

    /// Every cell's sync state by id, in one read (the committee overview
    /// lists hundreds of cells).
    pub fn cell_syncs(&self) -> Result<std::collections::HashMap<RowId, CellSync>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SYNC_COLUMNS}, id FROM cells"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, RowId>(5)?, sync_of(r, 0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The bytes of a bundle of one cell: its members (with every member
    /// its meetings name), their dated history, roles and dues, its meetings
    /// with everything recorded in them, and the audit rows about all of
    /// these. Card numbers, phones and ID numbers only when `private`.
    /// `progress(step, steps)` is called as the tables are copied.
    pub fn write_bundle(
        &self,
        cell_id: RowId,
        private: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<u8>> {
        let file = TempFile::new("bundle")?;
        drop(create_empty(file.path())?);
        let conn = self.conn();
        with_attached(conn, file.path(), || {
            conn.execute_batch(
                "BEGIN;
                 PRAGMA defer_foreign_keys = ON;
                 CREATE TEMP TABLE IF NOT EXISTS bundle_members (id INTEGER PRIMARY KEY);
                 CREATE TEMP TABLE IF NOT EXISTS bundle_uuids (uuid TEXT PRIMARY KEY);
                 DELETE FROM temp.bundle_members;
                 DELETE FROM temp.bundle_uuids;",
            )?;
            let done = self.fill_bundle(cell_id, private, progress);
            let end = if done.is_ok() { "COMMIT" } else { "ROLLBACK" };
            conn.execute_batch(end)?;
            done
        })?;
        let mut bytes = std::fs::read(file.path()).map_err(|e| Error::io(file.path(), e))?;
        seal(&mut bytes)?;
        Ok(bytes)
    }

    fn fill_bundle(
        &self,
        c: RowId,
        private: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        let conn = self.conn();
        let steps = 4 + MEMBER_TABLES.len() + MEETING_TABLES.len();
        let mut step = 0;
        let mut tick = |progress: &mut dyn FnMut(usize, usize)| {
            step += 1;
            progress(step, steps);
        };
        let copy = |table: &str, replace: &[(&str, String)], filter: &str| -> Result<()> {
            copy_rows(conn, ("main", "b"), table, replace, &[], filter, [])?;
            conn.execute(
                &format!("INSERT OR IGNORE INTO temp.bundle_uuids SELECT uuid FROM b.{table}"),
                [],
            )?;
            Ok(())
        };
        // The cell, writable while its rows come in (a merged cell bundled
        // for a new secretary is read-only by the schema's triggers).
        copy("cells", &[("merging", "1".into())], &format!("s.id = {c}"))?;
        let in_cell = format!("SELECT id FROM main.meetings WHERE cell_id = {c}");
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO temp.bundle_members
                 SELECT id FROM main.members WHERE cell_id = {c}
                 UNION SELECT member_id FROM main.attendance WHERE meeting_id IN ({in_cell})
                 UNION SELECT chair_id FROM main.meetings WHERE cell_id = {c} AND chair_id IS NOT NULL
                 UNION SELECT minute_taker_id FROM main.meetings WHERE cell_id = {c} AND minute_taker_id IS NOT NULL
                 UNION SELECT chair_replaces_id FROM main.meetings WHERE cell_id = {c} AND chair_replaces_id IS NOT NULL
                 UNION SELECT minute_taker_replaces_id FROM main.meetings WHERE cell_id = {c} AND minute_taker_replaces_id IS NOT NULL
                 UNION SELECT presenter_id FROM main.agenda_items WHERE meeting_id IN ({in_cell}) AND presenter_id IS NOT NULL
                 UNION SELECT speaker_member_id FROM main.remarks WHERE meeting_id IN ({in_cell}) AND speaker_member_id IS NOT NULL
                 UNION SELECT assignee_id FROM main.tasks WHERE meeting_id IN ({in_cell}) AND assignee_id IS NOT NULL"
            ),
            [],
        )?;
        tick(progress);
        let mut member_replace = vec![("cell_id", c.to_string())];
        if !private {
            member_replace.push(("phone", "''".into()));
            member_replace.push(("national_id", "''".into()));
        }
        copy(
            "members",
            &member_replace,
            "s.id IN (SELECT id FROM temp.bundle_members)",
        )?;
        tick(progress);
        for table in MEMBER_TABLES {
            if *table == "party_cards" && !private {
                tick(progress);
                continue;
            }
            copy(
                table,
                &[],
                "s.member_id IN (SELECT id FROM temp.bundle_members)",
            )?;
            tick(progress);
        }
        copy("meetings", &[], &format!("s.cell_id = {c}"))?;
        tick(progress);
        for table in MEETING_TABLES {
            // A reference to another cell's meeting does not travel.
            let replace: Vec<(&str, String)> = match *table {
                "agenda_items" => vec![(
                    "moved_to_meeting_id",
                    format!(
                        "CASE WHEN s.moved_to_meeting_id IN ({in_cell}) THEN s.moved_to_meeting_id END"
                    ),
                )],
                "tasks" => vec![(
                    "outcome_meeting_id",
                    format!(
                        "CASE WHEN s.outcome_meeting_id IN ({in_cell}) THEN s.outcome_meeting_id END"
                    ),
                )],
                _ => vec![],
            };
            copy(table, &replace, &format!("s.meeting_id IN ({in_cell})"))?;
            tick(progress);
        }
        // The audit rows about what the bundle holds, looked up by the
        // index from each UUID (CROSS JOIN fixes that order: a committee's
        // audit log is millions of rows); without `private`,
        // a member's phone, ID number and cards are taken out of them.
        let scrub = |side: &str| {
            if private {
                format!("a.{side}")
            } else {
                format!(
                    "CASE WHEN a.entity = 'member' AND a.{side} IS NOT NULL
                     THEN json_remove(a.{side}, '$.phone', '$.national_id', '$.cards')
                     ELSE a.{side} END"
                )
            }
        };
        conn.execute(
            &format!(
                "INSERT INTO b.audit_log (at, entity, entity_uuid, action, before, after, uuid)
                 SELECT a.at, a.entity, a.entity_uuid, a.action, {}, {}, a.uuid
                 FROM temp.bundle_uuids u CROSS JOIN main.audit_log a ON a.entity_uuid = u.uuid",
                scrub("before"),
                scrub("after")
            ),
            [],
        )?;
        tick(progress);
        conn.execute("UPDATE b.cells SET merging = 0", [])?;
        let (uuid, name, upper, revision): (String, String, String, i64) = conn.query_row(
            "SELECT uuid, name, upper_unit, revision FROM main.cells WHERE id = ?1",
            [c],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let count = |table: &str| -> Result<i64> {
            Ok(conn.query_row(&format!("SELECT count(*) FROM b.{table}"), [], |r| r.get(0))?)
        };
        let manifest = Manifest {
            format: FORMAT_VERSION,
            kind: BundleKind::Cell,
            schema_version: schema::LATEST_VERSION,
            cell_uuid: uuid,
            cell_name: name,
            upper_unit: upper,
            revision,
            made_at: self.clock().now(),
            private,
            members: count("members")?,
            meetings: count("meetings")?,
            member_uuid: None,
        };
        write_manifest(conn, &manifest)?;
        tick(progress);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_covers_every_byte() {
        let mut bytes = b"SQLite format 3\0 some data chibo-sha256:".to_vec();
        bytes.extend([b'0'; SUM_LEN]);
        bytes.extend(b" more");
        seal(&mut bytes).unwrap();
        assert_eq!(verify_bytes(&bytes), Ok(()));
        for i in 16..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 1;
            assert!(
                verify_bytes(&changed).is_err(),
                "byte {i} changed unnoticed"
            );
        }
        assert_eq!(verify_bytes(b"not sqlite"), Err(Refusal::NotBundle));
    }
}
