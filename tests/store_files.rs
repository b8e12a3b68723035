//! The database file: creation, modes, and every kind of file chibo must
//! refuse, each left byte-identical.

mod common;

use std::process::Command;

use chibo::store::{Error, Store, schema};
use common::{bytes, clock, demo_file, is_root};
use rusqlite::Connection;

#[cfg(unix)]
#[test]
fn new_database_is_private_in_a_private_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/chibo.db");
    let store = Store::open(&path, clock()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    let mode = chibo::store::fsmode::mode;
    assert_eq!(mode(&path).unwrap(), 0o600);
    assert_eq!(mode(&dir.path().join("a")).unwrap(), 0o700);
    assert_eq!(mode(&dir.path().join("a/b")).unwrap(), 0o700);
    let journal: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[cfg(unix)]
#[test]
fn existing_folder_mode_is_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("chibo.db");
    Store::open(&path, clock()).unwrap();
    assert_eq!(chibo::store::fsmode::mode(dir.path()).unwrap(), 0o755);
    assert_eq!(chibo::store::fsmode::mode(&path).unwrap(), 0o600);
}

#[test]
fn application_id_and_version_are_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chibo.db");
    drop(Store::open(&path, clock()).unwrap());
    let conn = Connection::open(&path).unwrap();
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id as u32, schema::APPLICATION_ID);
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::LATEST_VERSION);
}

#[test]
fn text_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "Danh sách đảng viên\nNguyễn Văn A\n").unwrap();
    let before = bytes(&path);
    assert!(matches!(Store::open(&path, clock()), Err(Error::NotSqlite)));
    assert_eq!(bytes(&path), before);
}

#[test]
fn truncated_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let full = bytes(&path);
    std::fs::write(&path, &full[..full.len() / 2]).unwrap();
    let before = bytes(&path);
    let result = Store::open(&path, clock());
    assert!(
        matches!(result, Err(Error::Truncated)),
        "{:?}",
        result.err()
    );
    assert_eq!(bytes(&path), before);
    // a file cut inside the header
    std::fs::write(&path, &full[..60]).unwrap();
    assert!(matches!(Store::open(&path, clock()), Err(Error::Truncated)));
    assert_eq!(bytes(&path), &full[..60]);
}

/// A checkpoint killed midway has written page 1 (with the file's new
/// size) but not yet the pages that extend the file; the write-ahead log
/// still holds them, so the file opens with everything in it.
#[test]
fn a_checkpoint_cut_short_is_not_taken_for_a_truncated_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let copy = dir.path().join("cut.db");
    let members: i64 = {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        // Audit rows only the log holds, enough to grow the file by 200 pages.
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
             INSERT INTO audit_log (at, entity, entity_uuid, action, before, after)
             SELECT '2026-11-25T09:30:00', 'filler', lower(hex(randomblob(16))), 'update',
                    NULL, hex(randomblob(2000)) FROM n;",
        )
        .unwrap();
        // The crash: the main file and its log as they are on disk now.
        std::fs::copy(&path, &copy).unwrap();
        let mut log = path.as_os_str().to_owned();
        log.push("-wal");
        let mut copy_log = copy.as_os_str().to_owned();
        copy_log.push("-wal");
        std::fs::copy(&log, &copy_log).unwrap();
        conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .unwrap()
    };
    // Page 1 as the cut checkpoint left it: the size grown by 200 pages.
    let mut file = bytes(&copy);
    let pages = u32::from_be_bytes(file[28..32].try_into().unwrap()) + 200;
    file[28..32].copy_from_slice(&pages.to_be_bytes());
    std::fs::write(&copy, &file).unwrap();
    let store = Store::open(&copy, clock()).expect("the log completes the file");
    drop(store);
    let conn = Connection::open(&copy).unwrap();
    let found: i64 = conn
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    let filler: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'filler'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((found, filler), (members, 200));
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    let before = bytes(&path);
    assert!(matches!(Store::open(&path, clock()), Err(Error::NotChibo)));
    assert_eq!(bytes(&path), before);

    // with a foreign application id, even without tables
    let path = dir.path().join("other2.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA application_id = 1234; CREATE TABLE t (x);")
            .unwrap();
    }
    let before = bytes(&path);
    assert!(matches!(Store::open(&path, clock()), Err(Error::NotChibo)));
    assert_eq!(bytes(&path), before);
}

#[test]
fn database_from_a_newer_chibo_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path, clock()).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        // back to a rollback journal so the header alone tells the version
        conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }
    let before = bytes(&path);
    match Store::open(&path, clock()) {
        Err(Error::TooNew { found, supported }) => {
            assert_eq!(found, 99);
            assert_eq!(supported, schema::LATEST_VERSION);
        }
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(
        bytes(&path),
        before,
        "the refused file must stay byte-identical"
    );
    assert!(!dir.path().join("new.db-wal").exists());
}

#[test]
fn locked_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let before = bytes(&path);
    let holder = Connection::open(&path).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE cells SET name = name;")
        .unwrap();
    let result = Store::open(&path, clock());
    assert!(matches!(result, Err(Error::Locked)), "{:?}", result.err());
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(bytes(&path), before);
    // and once the other program is done, it opens
    assert!(Store::open(&path, clock()).is_ok());
}

/// As root, `chmod 444` does not stop writes: mark the file immutable.
#[test]
fn read_only_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let before = bytes(&path);
    let guard = if is_root() {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("SKIPPED read_only_database: running as root and chattr +i is not available");
            return;
        }
        Some(ImmutableGuard(path.clone()))
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
        None
    };
    let result = Store::open(&path, clock());
    assert!(matches!(result, Err(Error::ReadOnly)), "{:?}", result.err());
    drop(guard);
    assert_eq!(bytes(&path), before);
}

struct ImmutableGuard(std::path::PathBuf);

impl Drop for ImmutableGuard {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn a_folder_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Store::open(dir.path(), clock()),
        Err(Error::NotSqlite)
    ));
}

/// Another program's database in WAL mode, with its -wal beside it: refused,
/// and no -shm (or anything else) is left next to it.
#[test]
fn a_refused_wal_database_gets_no_new_side_file() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let path = dir.path().join("other.db");
    let wal = dir.path().join("other.db-wal");
    let shm = dir.path().join("other.db-shm");
    {
        let conn = Connection::open(&live).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');",
        )
        .unwrap();
        // the file and its WAL as another program left them (copied while
        // it had them open: no -shm, nobody holding them)
        std::fs::copy(&live, &path).unwrap();
        std::fs::copy(dir.path().join("live.db-wal"), &wal).unwrap();
    }
    assert!(!shm.exists());
    let (before, wal_before) = (bytes(&path), bytes(&wal));
    assert!(matches!(Store::open(&path, clock()), Err(Error::NotChibo)));
    assert_eq!(bytes(&path), before);
    assert_eq!(bytes(&wal), wal_before);
    assert!(!shm.exists(), "no -shm left behind");
}
