//! When automatic copies are made and how many are kept, on real files:
//! a copy when a meeting's first mark commits (not when its screen merely
//! opens), none when nothing changed, at most four times the file's size,
//! a consistent copy while another connection writes, and restore from the
//! newest.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chibo::i18n::Lang;
use chibo::store::{CellInput, Store, backup};
use common::tui::Harness;
use common::{clock, demo_file};

/// Makes every automatic copy look three days old (the daily one is due).
fn age_copies(db: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    for p in backup::automatic_backups(db) {
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
}

fn add_cell(store: &mut Store, name: &str) {
    store
        .write(|tx| {
            tx.create_cell(&CellInput {
                name: name.into(),
                ..Default::default()
            })
        })
        .unwrap();
}

fn written(outcomes: Vec<chibo::store::Result<Option<PathBuf>>>) -> Vec<PathBuf> {
    outcomes
        .into_iter()
        .filter_map(|o| o.expect("the copy succeeded"))
        .collect()
}

fn total_size(paths: &[PathBuf]) -> u64 {
    paths
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum()
}

#[test]
fn a_copy_is_made_when_the_first_mark_commits_not_when_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let store = Store::open(&path, clock()).unwrap();
    let mut ui = Harness::new(store, Lang::Vi, 120, 40);
    // the run loop's daily copy, after the first frame
    ui.app.auto_backup();
    let daily = written(backup::wait(&path));
    assert_eq!(daily.len(), 1, "the day's first start makes a copy");

    // the next meeting (planned next month: the app asks first)
    ui.keys("<enter><tab><f6>y");
    assert!(ui.screen().contains("Điểm danh") || ui.screen().contains("điểm danh"));
    assert!(
        written(backup::wait(&path)).is_empty(),
        "opening is not starting"
    );
    ui.keys("<esc>");
    ui.keys("<f6>y");
    assert!(
        written(backup::wait(&path)).is_empty(),
        "nor is opening again"
    );
    assert_eq!(backup::automatic_backups(&path).len(), 1);

    // the first mark starts the meeting: one copy, of the file with it
    ui.keys(" ");
    let at_start = written(backup::wait(&path));
    assert_eq!(at_start.len(), 1);
    let name = at_start[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.contains("-meeting-"), "{name}");
    backup::verify(&at_start[0]).unwrap();
    // the copy holds the meeting started (restored elsewhere to look)
    let look = dir.path().join("look.db");
    std::fs::copy(&at_start[0], &look).unwrap();
    let copy = Store::open(&look, clock()).unwrap();
    assert_eq!(copy.meetings_in_progress().unwrap().len(), 1);

    // later marks of the same meeting make none
    ui.keys(" ");
    ui.keys(" ");
    assert!(written(backup::wait(&path)).is_empty());
    assert_eq!(backup::automatic_backups(&path).len(), 2);
}

/// The first start on a new file: nothing was written, nothing is copied.
#[test]
fn an_empty_file_is_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut store = Store::open(&path, clock()).unwrap();
    assert!(store.auto_backup().unwrap().is_none());
    assert!(!store.auto_backup_in_background().unwrap());
    assert!(backup::automatic_backups(&path).is_empty());
    add_cell(&mut store, "Chi bộ Đầu tiên");
    assert!(
        store.auto_backup().unwrap().is_some(),
        "a first change: a copy"
    );
}

#[test]
fn no_second_copy_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let mut store = Store::open(&path, clock()).unwrap();
    let first = store.auto_backup().unwrap().expect("the first copy");
    assert!(store.auto_backup().unwrap().is_none(), "not twice a day");
    age_copies(&path);
    assert!(
        store.auto_backup().unwrap().is_none(),
        "a day later, but nothing changed"
    );
    assert_eq!(backup::automatic_backups(&path), vec![first.clone()]);
    add_cell(&mut store, "Chi bộ Mới");
    let second = store.auto_backup().unwrap().expect("changed: a copy");
    assert_ne!(first, second);
    // in the background too
    age_copies(&path);
    assert!(store.auto_backup_in_background().unwrap());
    assert!(written(backup::wait(&path)).is_empty());
}

#[test]
fn pruning_keeps_the_copies_within_four_times_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let mut store = Store::open(&path, clock()).unwrap();
    // copies an earlier chibo made each time the meeting screen opened
    let folder = backup::folder_of(&path);
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..6 {
        std::fs::copy(
            &path,
            folder.join(format!("demo-live-2026010{n}-140000.db")),
        )
        .unwrap();
    }
    for n in 0..10 {
        add_cell(&mut store, &format!("Chi bộ {n}"));
        age_copies(&path);
        let newest = store.auto_backup().unwrap().expect("changed: a copy");
        let kept = backup::automatic_backups(&path);
        assert_eq!(kept.last(), Some(&newest), "the newest is kept");
        let file = std::fs::metadata(&path).unwrap().len();
        let mut all = kept.clone();
        all.extend(
            std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().contains("-live-")),
        );
        assert!(
            total_size(&all) <= backup::BUDGET * file,
            "{} copies, {} bytes, file {file}",
            all.len(),
            total_size(&all)
        );
    }
    let kept = backup::automatic_backups(&path);
    assert!(kept.len() >= 2, "a copy is about the file's size: {kept:?}");
    // the old per-screen copies went first
    assert!(
        !std::fs::read_dir(&folder).unwrap().any(|e| e
            .unwrap()
            .path()
            .to_string_lossy()
            .contains("-live-"))
    );
}

#[test]
fn a_copy_made_while_another_connection_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("committee.db");
    {
        let mut store = Store::open(&path, clock()).unwrap();
        chibo::demo::committee::load_part(&mut store, common::today(), 1, 24).unwrap();
    }
    let store = Store::open(&path, clock()).unwrap();
    assert!(store.auto_backup_in_background().unwrap());
    // another connection writes, each change committed, while the copy runs
    let mut writer = Store::open(&path, clock()).unwrap();
    for n in 0..150 {
        add_cell(&mut writer, &format!("Chi bộ Viết {n}"));
    }
    let copies = written(backup::wait(&path));
    assert_eq!(copies.len(), 1);
    backup::verify(&copies[0]).unwrap();
    // one moment of the file: every cell in the copy has its audit entry,
    // and the copy is not behind the start nor ahead of the end
    let look = dir.path().join("look.db");
    std::fs::copy(&copies[0], &look).unwrap();
    let copy = Store::open(&look, clock()).unwrap();
    assert_eq!(copy.integrity_problems().unwrap(), Vec::<String>::new());
    let cells = copy.cells().unwrap();
    assert!(cells.len() >= 10 && cells.len() <= 160, "{}", cells.len());
    for cell in &cells {
        assert_eq!(copy.audit_of(cell.uuid).unwrap().len(), 1, "{}", cell.name);
    }
    assert_eq!(
        copy.counts().unwrap().meetings,
        store.counts().unwrap().meetings
    );
}

#[test]
fn restore_reads_the_newest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let mut store = Store::open(&path, clock()).unwrap();
    store.auto_backup().unwrap().expect("a first copy");
    add_cell(&mut store, "Chi bộ Trong Bản Sao");
    age_copies(&path);
    store.auto_backup().unwrap().expect("a second copy");
    add_cell(&mut store, "Chi bộ Sau Bản Sao");
    drop(store);
    let newest = backup::automatic_backups(&path).last().cloned().unwrap();
    let saved = backup::restore(&path, &newest, clock()).unwrap().unwrap();
    assert!(saved.exists());
    let store = Store::open(&path, clock()).unwrap();
    let names: Vec<String> = store.cells().unwrap().into_iter().map(|c| c.name).collect();
    assert!(
        names.contains(&"Chi bộ Trong Bản Sao".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Chi bộ Sau Bản Sao".to_string()),
        "{names:?}"
    );
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
}

/// Waits until the status line says `text`, asking the app what finished
/// in the background as its run loop does.
fn wait_status(ui: &mut Harness, text: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        ui.app.tick();
        let screen = ui.screen();
        if screen.contains(text) {
            return screen;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {text:?} on\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_status_line_tells_when_a_background_copy_is_done_or_failed() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let store = Store::open(&path, clock()).unwrap();
    let mut ui = Harness::new(store, Lang::Vi, 120, 40);
    // No copy yet: the day's is due, made on its thread.
    ui.app.auto_backup();
    let screen = wait_status(&mut ui, "Đã tự động sao lưu vào");
    let copies = backup::automatic_backups(&path);
    assert_eq!(copies.len(), 1);
    assert!(screen.contains("backups"), "{screen}");
    // Said once: the next tick has nothing new about copies.
    assert!(backup::finished(&path).is_empty());

    // A file where the backups folder should be: the copy fails, and the
    // status line says so.
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    std::fs::write(backup::folder_of(&path), b"not a folder").unwrap();
    let store = Store::open(&path, clock()).unwrap();
    let mut ui = Harness::new(store, Lang::Vi, 120, 40);
    ui.app.auto_backup();
    wait_status(&mut ui, "Không tự động sao lưu được");
    assert!(backup::automatic_backups(&path).is_empty());
}
