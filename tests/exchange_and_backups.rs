//! JSON export/import round trip, backups and restore, on real files.

mod common;

use chibo::exchange::json;
use chibo::store::{Error, Store, backup};
use common::{bytes, clock, demo_file};

#[test]
fn json_round_trip_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let source = Store::open(&demo_file(dir.path()), clock()).unwrap();
    let first = json::export(&source).unwrap();
    assert!(first.contains("\"audit_log\""));
    assert!(first.contains("Nguyễn Văn Đạt"));

    let mut target = Store::open(&dir.path().join("copy.db"), clock()).unwrap();
    target.load_dump(&json::parse(&first).unwrap()).unwrap();
    let audit_before = source.counts().unwrap().audit_log;
    assert_eq!(
        target.counts().unwrap().audit_log,
        audit_before,
        "import adds no audit rows"
    );
    let second = json::export(&target).unwrap();
    assert!(
        first == second,
        "export → import → export must be byte-identical"
    );
    assert_eq!(target.counts().unwrap(), source.counts().unwrap());
}

#[test]
fn import_into_a_non_empty_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let mut store = Store::open(&path, clock()).unwrap();
    let dump = store.dump().unwrap();
    let before = store.counts().unwrap();
    assert!(matches!(store.load_dump(&dump), Err(Error::NotEmpty)));
    assert_eq!(store.counts().unwrap(), before);
}

#[test]
fn malformed_json_says_where() {
    let err = json::parse("{\n  \"application\": \"chibo\",\n  \"tables\": [\n").unwrap_err();
    assert!(err.contains("line"), "{err}");
    assert!(json::parse("[]").is_err());
    assert!(
        json::parse("{\"application\":\"chibo\",\"schema_version\":1,\"tables\":{},\"x\":1}")
            .is_err()
    );
}

#[test]
fn a_bad_row_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = Store::open(&demo_file(dir.path()), clock()).unwrap();
    let mut dump = source.dump().unwrap();
    // the last member row gets a gender the schema does not know
    let members = dump.tables.get_mut("members").unwrap();
    let last = members.last_mut().unwrap();
    last.insert("gender".into(), serde_json::Value::String("robot".into()));
    let mut target = Store::open_in_memory(clock()).unwrap();
    let err = target.load_dump(&dump).unwrap_err();
    assert!(
        matches!(err, Error::Import(ref m) if m.contains("members")),
        "{err:?}"
    );
    assert!(target.is_empty().unwrap());
    assert_eq!(target.counts().unwrap().cells, 0);

    // an unknown column, and a dump from another schema version
    let mut dump = source.dump().unwrap();
    dump.tables.get_mut("cells").unwrap()[0].insert("colour".into(), "red".into());
    assert!(matches!(target.load_dump(&dump), Err(Error::Import(_))));
    // a newer chibo's export is refused like a newer file (an older one
    // comes in through the migrations)
    let mut dump = source.dump().unwrap();
    dump.schema_version = 99;
    assert!(matches!(
        target.load_dump(&dump),
        Err(Error::TooNew { found: 99, .. })
    ));
    assert!(target.is_empty().unwrap());
}

#[cfg(unix)]
#[test]
fn backup_is_private_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), clock()).unwrap();
    let dest = dir.path().join("saved/backup.db");
    store.backup_to(&dest).unwrap();
    assert_eq!(chibo::store::fsmode::mode(&dest).unwrap(), 0o600);
    backup::verify(&dest).unwrap();
    let copy = Store::open(&dest, clock()).unwrap();
    assert_eq!(copy.counts().unwrap(), store.counts().unwrap());
    drop(copy);
    let before = bytes(&dest);
    assert!(matches!(store.backup_to(&dest), Err(Error::Io { .. })));
    assert_eq!(bytes(&dest), before);
}

#[test]
fn restore_brings_back_a_backup_and_keeps_the_current_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let saved = dir.path().join("before.db");
    let cells_before = {
        let mut store = Store::open(&path, clock()).unwrap();
        store.backup_to(&saved).unwrap();
        let before = store.cells().unwrap();
        store
            .write(|tx| {
                tx.create_cell(&chibo::store::CellInput {
                    name: "Chi bộ Mới".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        before
    };
    let kept = backup::restore(&path, &saved, clock()).unwrap().unwrap();
    let store = Store::open(&path, clock()).unwrap();
    assert_eq!(store.cells().unwrap(), cells_before);
    // the file that was replaced is kept, with the new cell in it
    let kept_store = Store::open(&kept, clock()).unwrap();
    assert_eq!(kept_store.cells().unwrap().len(), cells_before.len() + 1);
}

#[test]
fn restore_refuses_a_bad_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let bogus = dir.path().join("bogus.db");
    std::fs::write(&bogus, "không phải cơ sở dữ liệu").unwrap();
    let before = bytes(&path);
    assert!(matches!(
        backup::restore(&path, &bogus, clock()),
        Err(Error::NotSqlite)
    ));
    assert_eq!(bytes(&path), before);
}

#[test]
fn restore_over_a_damaged_file_keeps_its_bytes_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let good = dir.path().join("good.db");
    Store::open(&path, clock())
        .unwrap()
        .backup_to(&good)
        .unwrap();
    let full = bytes(&path);
    std::fs::write(&path, &full[..full.len() / 3]).unwrap();
    let damaged = bytes(&path);
    let aside = backup::restore(&path, &good, clock()).unwrap().unwrap();
    assert_eq!(bytes(&aside), damaged);
    assert_eq!(
        Store::open(&path, clock()).unwrap().cells().unwrap().len(),
        1
    );
}

/// The copies kept take at most `BUDGET` times the file's size (and are at
/// most `KEEP`), the newest kept.
fn assert_within_budget(path: &std::path::Path) {
    let all = backup::automatic_backups(path);
    assert!(all.len() <= backup::KEEP, "{all:?}");
    let kept: u64 = all
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    let file = std::fs::metadata(path).unwrap().len();
    assert!(
        kept <= backup::BUDGET * file,
        "{kept} > {} × {file}",
        backup::BUDGET
    );
}

#[test]
fn automatic_backup_once_a_day_within_four_times_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let store = Store::open(&path, clock()).unwrap();
    let first = store.auto_backup().unwrap().expect("first backup written");
    assert!(first.starts_with(dir.path().join("backups")));
    assert!(store.auto_backup().unwrap().is_none(), "not twice in a day");

    // make the existing one look old, then fill the folder past the limit
    let backups = dir.path().join("backups");
    for n in 0..20 {
        let name = backups.join(format!("demo-auto-2020{:04}-000000.db", n + 101));
        std::fs::copy(&first, &name).unwrap();
    }
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
    for p in backup::automatic_backups(&path) {
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(old).unwrap();
    }
    let newest_before = backup::automatic_backups(&path).last().cloned().unwrap();
    std::fs::remove_file(&newest_before).unwrap();
    let written = store
        .auto_backup()
        .unwrap()
        .expect("a stale backup triggers a new one");
    let all = backup::automatic_backups(&path);
    assert_within_budget(&path);
    assert_eq!(all.last(), Some(&written));
    assert!(!all.iter().any(|p| p.to_string_lossy().contains("20200101")));
}

#[test]
fn an_import_with_impossible_minutes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = Store::open(&demo_file(dir.path()), clock()).unwrap();
    let mut dump = source.dump().unwrap();
    dump.tables.get_mut("agenda_items").unwrap()[0]
        .insert("planned_minutes".into(), serde_json::Value::from(i64::MAX));
    let mut target = Store::open_in_memory(clock()).unwrap();
    assert!(matches!(target.load_dump(&dump), Err(Error::Import(_))));
    assert!(target.is_empty().unwrap());
}

#[test]
fn restore_is_refused_while_the_file_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let good = dir.path().join("good.db");
    let open_elsewhere = Store::open(&path, clock()).unwrap();
    open_elsewhere.backup_to(&good).unwrap();
    let cells = open_elsewhere.cells().unwrap();
    let result = backup::restore(&path, &good, clock());
    assert!(matches!(result, Err(Error::Locked)), "{:?}", result.err());
    // the open copy still works on the same file
    assert_eq!(open_elsewhere.cells().unwrap(), cells);
    drop(open_elsewhere);
    assert!(backup::restore(&path, &good, clock()).is_ok());
}

/// With the computer's clock set back, the backup just written is older by
/// its name than the ones before: it is still kept, and the oldest by
/// sequence goes.
#[test]
fn a_backup_written_with_the_clock_behind_is_never_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let mut store = Store::open(&path, clock()).unwrap();
    let seed = store.backup_now("seed").unwrap();
    // fourteen backups stamped in 2030 (named as before numbering)
    for n in 1..=backup::KEEP {
        let name = backups.join(format!("demo-auto-20300101-0000{n:02}.db"));
        std::fs::copy(&seed, &name).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
        std::fs::File::options()
            .write(true)
            .open(&name)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // the clock says 2026: the new backup's stamp sorts before all of them
    let written = store.auto_backup().unwrap().expect("a backup is due");
    assert!(written.exists(), "the backup just reported is there");
    let name = written.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("demo-auto-000001-2026"), "{name}");
    let all = backup::automatic_backups(&path);
    assert_within_budget(&path);
    assert_eq!(all.last(), Some(&written));
    assert!(
        !all.iter()
            .any(|p| p.to_string_lossy().contains("20300101-000001"))
    );
    // and the next one is numbered after it, whatever the clock
    for p in &all {
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // a change, else the next copy is skipped as the same as the last
    store
        .write(|tx| {
            tx.create_cell(&chibo::store::CellInput {
                name: "Chi bộ Mới".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let next = store.auto_backup().unwrap().expect("due again");
    let name = next.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("demo-auto-000002-"), "{name}");
    assert!(written.exists() && next.exists());
}

/// Damaged pages in the middle of the file (the header and schema intact):
/// chibo opens it, but a copy through SQLite fails. Restore still works, and
/// the damaged bytes are kept aside.
#[test]
fn restore_over_damaged_pages_keeps_their_bytes_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let good = dir.path().join("good.db");
    // closing the last connection checkpoints the WAL into the file
    Store::open(&path, clock())
        .unwrap()
        .backup_to(&good)
        .unwrap();
    assert!(!dir.path().join("demo.db-wal").exists());
    let mut damaged = bytes(&path);
    let page = 4096;
    let pages = damaged.len() / page;
    // scribble over the pages of the second half
    for p in pages / 2..pages {
        for b in &mut damaged[p * page + 100..p * page + 400] {
            *b = 0xA5;
        }
    }
    std::fs::write(&path, &damaged).unwrap();
    let aside = backup::restore(&path, &good, clock()).unwrap().unwrap();
    assert_eq!(bytes(&aside), damaged);
    let restored = Store::open(&path, clock()).unwrap();
    assert_eq!(restored.cells().unwrap().len(), 1);
    assert!(restored.integrity_problems().unwrap().is_empty());
}

/// Restoring from a plain copy of a database in WAL mode (the file and its
/// -wal, copied by hand): the copy gets no new side file, and the restored
/// database keeps none of the old file's.
#[test]
fn restore_from_a_plain_copy_leaves_no_side_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    let copy = copies.join("copy.db");
    {
        // copied while chibo had it open: the -wal holds recent pages
        let store = Store::open(&path, clock()).unwrap();
        store.auto_backup().unwrap();
        std::fs::copy(&path, &copy).unwrap();
        let wal = dir.path().join("demo.db-wal");
        if wal.exists() {
            std::fs::copy(&wal, copies.join("copy.db-wal")).unwrap();
        }
    }
    let before: Vec<String> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    backup::restore(&path, &copy, clock()).unwrap();
    let mut after: Vec<String> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    after.sort();
    let mut before = before;
    before.sort();
    assert_eq!(after, before, "the copy's folder is as it was");
    assert_eq!(
        Store::open(&path, clock()).unwrap().cells().unwrap().len(),
        1
    );
}
