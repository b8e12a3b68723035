//! Backups: a consistent copy in a 0600 file (`chibo backup`, and before a
//! migration or a restore), the automatic copies kept in `backups/` beside
//! the database, and restore.
//!
//! Automatic copies are made once a day when chibo starts and when a
//! meeting starts (its first record), never while a screen waits: each is
//! made on a thread of its own, through a connection of its own, with
//! SQLite's online backup API a megabyte at a time with a pause between
//! steps. That connection reads one snapshot of the file (WAL: the app
//! keeps writing meanwhile, and the copy is of the moment it began). A copy
//! is skipped when nothing changed since the last one (the fingerprint of
//! the audit log's last entry is in each copy's name), and the copies kept
//! take at most [`BUDGET`] times the database's size, the oldest going first.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Error, Result, Store, Tx, fsmode, header, schema};
use crate::clock::Clock;

/// At most this many automatic copies are kept.
pub const KEEP: usize = 14;
/// The automatic copies kept take at most this many times the database's
/// size (a copy is about the size of the file: four copies, the newest
/// always among them).
pub const BUDGET: u64 = 4;
/// A new daily copy is made at start when the newest is older than this.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Pages copied per step of the online backup (1 MiB of 4 KiB pages), and
/// the pause between steps: the disk is left to the app between steps.
const STEP_PAGES: i32 = 256;
const STEP_PAUSE: Duration = Duration::from_millis(2);
/// How long a copy made at a meeting's start waits for the transaction
/// that started it to commit (it copies the file as it is after it).
const COMMIT_WAIT: Duration = Duration::from_secs(5);

/// Why an automatic copy is made; written in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The first start of the day.
    Daily,
    /// A meeting's first record was committed.
    MeetingStarted,
}

impl Reason {
    fn label(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::MeetingStarted => "meeting",
        }
    }
}

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

    /// The daily automatic copy, made here and now: when the newest
    /// automatic copy is older than a day (or there is none) and the file
    /// changed since. Returns the new file, if one was written. The app
    /// uses [`Store::auto_backup_in_background`] instead.
    pub fn auto_backup(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path() else {
            return Ok(None);
        };
        if !daily_due(db) || self.last_change()?.is_none() {
            return Ok(None);
        }
        copy_if_changed(db, self.clock().now(), Reason::Daily, None)
    }

    /// The daily automatic copy on a thread of its own, when one is due;
    /// from now on, a copy is also made when a meeting of this file starts.
    /// Returns whether a copy was started; what came of it is read with
    /// [`finished`] (or [`wait`]).
    pub fn auto_backup_in_background(&self) -> Result<bool> {
        let Some(db) = self.path() else {
            return Ok(false);
        };
        watch(db);
        // A file nothing was ever written to (the first start) has nothing
        // to keep.
        if !daily_due(db) || self.last_change()?.is_none() {
            return Ok(false);
        }
        start(db, self.clock().now(), Reason::Daily, None);
        Ok(true)
    }

    /// A backup on demand (before a risky step such as a restore).
    pub fn backup_now(&self, label: &str) -> Result<PathBuf> {
        self.backup_named(&format!("{label}-"))
    }
}

/// Whether the newest automatic copy is older than a day (or missing).
fn daily_due(db: &Path) -> bool {
    let fresh = automatic_backups(db).last().is_some_and(|newest| {
        fs::metadata(newest)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age < EVERY)
    });
    !fresh
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

/// The fingerprint written in an automatic copy's name ("…-f4821x…​.db");
/// None for copies named before fingerprints.
fn fingerprint_of(backup: &Path) -> Option<String> {
    let name = backup.file_name()?.to_str()?.strip_suffix(".db")?;
    let (_, fingerprint) = name.rsplit_once("-f")?;
    fingerprint
        .chars()
        .all(|c| c.is_ascii_hexdigit() || c == 'x')
        .then(|| fingerprint.to_string())
}

fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
                .collect()
        })
        .unwrap_or_default()
}

/// The automatic backups of a database, oldest first by sequence number.
pub fn automatic_backups(db: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-auto-", stem_of(db));
    let mut files = files_in(&folder_of(db), |n| {
        n.starts_with(&prefix) && n.ends_with(".db")
    });
    files.sort_by_key(|p| (sequence_of(db, p).unwrap_or(0), p.clone()));
    files
}

/// The copies earlier versions made each time the meeting screen was
/// opened ("chibo-live-…​.db"), never pruned then: they count as
/// automatic copies, older than any numbered one.
fn live_copies(db: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-live-", stem_of(db));
    let mut files = files_in(&folder_of(db), |n| {
        n.starts_with(&prefix) && n.ends_with(".db")
    });
    files.sort();
    files
}

/// What identifies the file's content for "nothing changed since the last
/// copy": every change writes the audit log, so its last entry (its id and
/// a hash of the entry) changes with any change. Read inside the caller's
/// read transaction, so that it describes the snapshot being copied.
fn fingerprint(conn: &Connection) -> Result<String> {
    let last: Option<(i64, Vec<String>)> = conn
        .query_row(
            "SELECT id, at, entity, entity_uuid, action, coalesce(before, ''), coalesce(after, '')
             FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let mut fields = Vec::new();
                for i in 1..7 {
                    fields.push(r.get::<_, String>(i)?);
                }
                Ok((r.get(0)?, fields))
            },
        )
        .optional()?;
    let (id, fields) = last.unwrap_or((0, Vec::new()));
    // FNV-1a: stable across versions and machines, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in &fields {
        for byte in field.bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(format!("{id:x}x{hash:016x}"))
}

/// Removes the automatic copies that no longer fit: newest first, at most
/// [`KEEP`] of them taking at most [`BUDGET`] times the database's size;
/// `keep` (the copy just made) always stays.
fn prune(db: &Path, keep: &Path) {
    let budget = fs::metadata(db)
        .map_or(0, |m| m.len())
        .saturating_mul(BUDGET);
    let mut candidates = live_copies(db);
    candidates.extend(automatic_backups(db));
    let mut total: u64 = 0;
    let mut kept = 0;
    let mut full = false;
    for copy in candidates.iter().rev() {
        let size = fs::metadata(copy).map_or(0, |m| m.len());
        if copy == keep {
            total += size;
            kept += 1;
            continue;
        }
        if !full && kept < KEEP && total + size <= budget {
            total += size;
            kept += 1;
        } else {
            // Once one copy does not fit, no older one is kept: the copies
            // kept are always the newest.
            full = true;
            let _ = fs::remove_file(copy);
        }
    }
}

/// Makes an automatic copy of `db` unless nothing changed since the newest
/// one: SQLite's online backup from a read-only connection of its own, in
/// steps, into a temporary file that takes the copy's name once complete
/// and on disk. `wait_for`: an audit id the copy must include (the
/// transaction that asked for it may not have committed yet).
fn copy_if_changed(
    db: &Path,
    stamp: NaiveDateTime,
    reason: Reason,
    wait_for: Option<i64>,
) -> Result<Option<PathBuf>> {
    utf8(db)?;
    let source = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(super::BUSY_TIMEOUT)?;
    if let Some(wanted) = wait_for {
        let since = Instant::now();
        loop {
            let last: Option<i64> =
                source.query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))?;
            if last.is_some_and(|id| id >= wanted) || since.elapsed() > COMMIT_WAIT {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    // One read transaction for the fingerprint and the whole copy: the
    // copy is of one moment, and the backup never restarts however much
    // the app writes meanwhile (WAL: readers and the writer do not wait
    // for each other).
    source.execute_batch("BEGIN")?;
    let fingerprint = fingerprint(&source)?;
    let existing = automatic_backups(db);
    if existing
        .last()
        .and_then(|p| fingerprint_of(p))
        .is_some_and(|f| f == fingerprint)
    {
        source.execute_batch("COMMIT")?;
        return Ok(None);
    }
    let dir = folder_of(db);
    fsmode::create_private_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    // Copies left unfinished by a chibo that was stopped mid-way.
    for stale in files_in(&dir, |n| {
        n.starts_with(&format!("{}-auto-", stem_of(db))) && n.ends_with(".partial")
    }) {
        let _ = fs::remove_file(stale);
    }
    let mut next = existing
        .iter()
        .filter_map(|p| sequence_of(db, p))
        .max()
        .unwrap_or(0)
        + 1;
    let name = |n: u64| {
        format!(
            "{}-auto-{n:06}-{}-{}-f{fingerprint}.db",
            stem_of(db),
            stamp.format("%Y%m%d-%H%M%S"),
            reason.label()
        )
    };
    while dir.join(name(next)).exists() {
        next += 1;
    }
    let dest = dir.join(name(next));
    let partial = dir.join(format!("{}.partial", name(next)));
    fsmode::create_private_file(&partial).map_err(|e| Error::io(&partial, e))?;
    let copied = copy_steps(&source, &partial);
    let _ = source.execute_batch("COMMIT");
    if let Err(e) = copied {
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    fs::rename(&partial, &dest).map_err(|e| Error::io(&dest, e))?;
    // The new name reaches the disk too (best effort: not every platform
    // lets a folder be opened for this).
    if let Ok(folder) = fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    prune(db, &dest);
    Ok(Some(dest))
}

/// Copies the source's snapshot into `target` step by step, then makes the
/// copy a one-file database (no WAL) and puts it on disk.
fn copy_steps(source: &Connection, target: &Path) -> Result<()> {
    {
        let mut dest = Connection::open(target)?;
        // A new file that takes its final name only once complete: no
        // journal, and one sync at the end instead of one per step.
        dest.pragma_update(None, "journal_mode", "OFF")?;
        dest.pragma_update(None, "synchronous", "OFF")?;
        let backup = rusqlite::backup::Backup::new(source, &mut dest)?;
        backup.run_to_completion(STEP_PAGES, step_pause(), None)?;
    }
    {
        // The copy carries the source's WAL mode in its header; a copy in
        // rollback mode opens without side files.
        let dest = Connection::open(target)?;
        let _: String =
            dest.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    }
    let file = fs::File::options()
        .write(true)
        .open(target)
        .map_err(|e| Error::io(target, e))?;
    file.sync_all().map_err(|e| Error::io(target, e))
}

/// The pause between steps. Debug builds let the end-to-end tests slow a
/// copy down (`CHIBO_TEST_BACKUP_PAUSE_MS`) to quit while it runs.
fn step_pause() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CHIBO_TEST_BACKUP_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        return Duration::from_millis(ms);
    }
    STEP_PAUSE
}

/// Automatic copies in the background: at most one thread per database,
/// a request made while one runs is done after it (one waiting at most).
#[derive(Default)]
struct Jobs {
    /// Databases whose meetings get a copy when they start (the app
    /// watches the file it opened).
    watching: Vec<PathBuf>,
    running: BTreeMap<PathBuf, Running>,
    finished: BTreeMap<PathBuf, Vec<Result<Option<PathBuf>>>>,
}

struct Running {
    handle: Option<JoinHandle<()>>,
    next: Option<Job>,
}

struct Job {
    db: PathBuf,
    stamp: NaiveDateTime,
    reason: Reason,
    wait_for: Option<i64>,
}

static JOBS: Mutex<Option<Jobs>> = Mutex::new(None);

fn jobs() -> MutexGuard<'static, Option<Jobs>> {
    // A thread that panicked while holding the lock left plain data behind.
    JOBS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The same database named two ways (relative, through a link) is one key.
fn key(db: &Path) -> PathBuf {
    fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf())
}

/// From now on, a meeting of `db` that starts gets a copy.
pub fn watch(db: &Path) {
    let key = key(db);
    let mut guard = jobs();
    let jobs = guard.get_or_insert_with(Jobs::default);
    if !jobs.watching.contains(&key) {
        jobs.watching.push(key);
    }
}

/// Called when a meeting's first record is written (`begin_if_planned`):
/// a copy of the file once that transaction committed, when the app
/// watches this file.
pub(crate) fn meeting_started(tx: &Tx) {
    let Some(path) = tx.path().filter(|p| !p.is_empty()).map(PathBuf::from) else {
        return;
    };
    let watched = jobs()
        .as_ref()
        .is_some_and(|j| j.watching.contains(&key(&path)));
    if !watched {
        return;
    }
    // The status change just written is in the audit log: the copy waits
    // until it is committed.
    let last: Option<i64> = tx
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .ok()
        .flatten();
    start(&path, tx.now(), Reason::MeetingStarted, last);
}

fn start(db: &Path, stamp: NaiveDateTime, reason: Reason, wait_for: Option<i64>) {
    let job = Job {
        db: db.to_path_buf(),
        stamp,
        reason,
        wait_for,
    };
    let key = key(db);
    let mut guard = jobs();
    let jobs = guard.get_or_insert_with(Jobs::default);
    if let Some(running) = jobs.running.get_mut(&key) {
        running.next = Some(job);
        return;
    }
    let worker_key = key.clone();
    let spawned = std::thread::Builder::new()
        .name("chibo-backup".into())
        .spawn(move || work(worker_key, job));
    match spawned {
        Ok(handle) => {
            jobs.running.insert(
                key,
                Running {
                    handle: Some(handle),
                    next: None,
                },
            );
        }
        Err(e) => jobs
            .finished
            .entry(key)
            .or_default()
            .push(Err(Error::io(db, e))),
    }
}

/// The backup thread: one job, then the one asked for meanwhile, if any.
fn work(key: PathBuf, mut job: Job) {
    loop {
        let result = copy_if_changed(&job.db, job.stamp, job.reason, job.wait_for);
        let mut guard = jobs();
        let jobs = guard.get_or_insert_with(Jobs::default);
        jobs.finished.entry(key.clone()).or_default().push(result);
        let next = jobs.running.get_mut(&key).and_then(|r| r.next.take());
        match next {
            Some(next) => job = next,
            None => {
                jobs.running.remove(&key);
                return;
            }
        }
    }
}

/// What the background copies of `db` came to since last asked: each
/// copy written (None: skipped, nothing had changed) or why it failed.
pub fn finished(db: &Path) -> Vec<Result<Option<PathBuf>>> {
    jobs()
        .as_mut()
        .and_then(|j| j.finished.remove(&key(db)))
        .unwrap_or_default()
}

/// Whether a background copy of `db` is being made (or waits its turn).
pub fn running(db: &Path) -> bool {
    let key = key(db);
    jobs()
        .as_ref()
        .is_some_and(|j| j.running.contains_key(&key))
}

/// Waits for the background copies of `db` (before quitting, and in
/// tests), then returns what they came to.
pub fn wait(db: &Path) -> Vec<Result<Option<PathBuf>>> {
    let key = key(db);
    loop {
        let handle = jobs()
            .as_mut()
            .and_then(|j| j.running.get_mut(&key))
            .and_then(|r| r.handle.take());
        match handle {
            Some(handle) => {
                let _ = handle.join();
            }
            None => {
                let still = jobs()
                    .as_ref()
                    .is_some_and(|j| j.running.contains_key(&key));
                if !still {
                    break;
                }
                // Its handle was taken by another waiter: let it finish.
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
    finished(db)
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
