//! The real binary in a real pseudo-terminal: typed Vietnamese text reaches
//! the database, and the terminal is restored on quit and on panic.

mod common;

use common::pty::Term;

#[test]
fn create_a_cell_and_a_member_by_typing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let mut t = Term::start(&db, &[]);
    t.wait_for("Chào mừng đến với Sổ chi bộ");
    t.send("1");
    t.wait_for("Thêm chi bộ");
    t.send("Chi bộ Thử nghiệm Ưu tú");
    t.send("\t");
    t.send("Đảng bộ Phường Đông Hòa");
    t.send("\x13"); // Ctrl-S
    t.wait_for("[ ] chưa họp");
    t.send("\r");
    t.wait_for("Chi bộ chưa có đảng viên");
    t.send("a");
    t.wait_for("Thêm đảng viên");
    t.send("Đặng Thị Ưng Hoà");
    t.send("\t");
    t.send("01/01/1985");
    t.send("\t\t");
    t.send("03/02/2010");
    t.send("\x13");
    t.wait_for("Đã lưu.");
    t.wait_for("Đặng Thị Ưng Hoà");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let cell: String = conn
        .query_row("SELECT name FROM cells", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cell, "Chi bộ Thử nghiệm Ưu tú");
    let upper: String = conn
        .query_row("SELECT upper_unit FROM cells", [], |r| r.get(0))
        .unwrap();
    assert_eq!(upper, "Đảng bộ Phường Đông Hòa");
    let (name, birth): (String, String) = conn
        .query_row("SELECT full_name, birth_date FROM members", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(name, "Đặng Thị Ưng Hoà");
    assert_eq!(birth, "1985-01-01");
    let admitted: String = conn
        .query_row(
            "SELECT date FROM status_events WHERE kind = 'admitted'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(admitted, "2010-02-03");
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panic.db");
    let mut t = Term::start(&db, &[("CHIBO_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")]);
    let status = t.wait_exit();
    assert!(!status.success());
    t.assert_restored();
    assert!(String::from_utf8_lossy(&t.raw).contains("CHIBO_TEST_PANIC"));
}

#[test]
fn without_a_terminal_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chibo"))
        .arg("--db")
        .arg(dir.path().join("x.db"))
        .env_remove("CHIBO_LANG")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("chibo cần chạy trong một cửa sổ dòng lệnh"),
        "{err}"
    );
    assert!(
        !dir.path().join("x.db").exists(),
        "no file created without a terminal"
    );
}

/// A whole monthly meeting in the real binary: roll call, opening, a vote,
/// closing and locking, then the rows in SQLite.
#[test]
fn a_whole_meeting_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let mut t = Term::start(&db, &[("CHIBO_NOW", "07/12/2026 14:00")]);
    t.open_meeting_of_the_day();
    t.send("\u{1b}[17~"); // F6: the opening time, offered as now
    t.wait_for("Giờ khai mạc");
    t.send("\r");
    t.wait_for("khai mạc 14:00");
    t.send("3");
    t.wait_for("Vắng có lý do —");
    t.send("\r");
    t.wait_for("Vắng có LD 1");
    t.send("*");
    t.wait_for("còn lại là có mặt?");
    t.send("y");
    t.wait_for("Chưa điểm 0");
    t.send("\t");
    t.wait_for("[ Diễn biến ]");
    t.send("v");
    t.wait_for("D = 19 · V = 18");
    // item 1 takes no vote: the subject is typed
    t.send("Thông qua chương trình\t\t15");
    t.send("\u{13}");
    t.wait_for("THÔNG QUA");
    // hold the agenda: Enter starts the first item, then ends each and
    // starts the next, up to the closing step
    t.send(&"\r".repeat(18));
    t.wait_for("[>] 18.");
    t.send("\u{1b}[18~"); // F7: closing time
    t.wait_for("Giờ bế mạc");
    t.send("\u{15}15:40\r"); // Ctrl-U clears, then 15:40
    t.wait_for("họp 14:00–15:40");
    t.send("\u{1b}[21~"); // F10: completeness, close
    t.wait_for("Lưu ý");
    t.send("y");
    t.wait_for("Đã kết thúc");
    t.send("\u{1b}[24~"); // F12: lock
    t.wait_for("Khóa sổ buổi họp?");
    t.send("y");
    t.wait_for("Đã khóa sổ");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (id, started, ended): (i64, String, String) = conn
        .query_row(
            "SELECT id, started_at, ended_at FROM meetings WHERE status = 'locked' AND planned_at LIKE '2026-12-07%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(started.starts_with("2026-12-07 14:00"), "{started}");
    assert!(ended.starts_with("2026-12-07 15:40"), "{ended}");
    let marks: i64 = conn
        .query_row(
            "SELECT count(*) FROM attendance WHERE meeting_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marks, 23);
    let (votes_for, d, v): (i64, i64, i64) = conn
        .query_row(
            "SELECT votes_for, denominator, eligible_present FROM votes WHERE meeting_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((votes_for, d, v), (15, 19, 18));
    let frozen: Option<String> = conn
        .query_row("SELECT frozen FROM meetings WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(frozen.unwrap().contains("\"present\":22"));
}

/// Told to stop by the system (a shutdown, a closed window, `kill`), chibo
/// gives the terminal back as it found it, and the draft being typed is
/// still there next time.
#[cfg(unix)]
#[test]
fn a_stop_signal_restores_the_terminal_and_keeps_the_draft() {
    for signal in ["TERM", "HUP", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let db = common::demo_file(dir.path());
        let mut t = Term::start(&db, &[("CHIBO_NOW", "07/12/2026 14:00")]);
        t.wait_for("Các chi bộ");
        t.send("\r");
        t.wait_for("đảng viên (");
        t.send("\t");
        t.wait_for("Tháng này");
        t.send("\u{1b}[17~"); // F6: the meeting of the day
        t.wait_for("Chưa điểm");
        t.send(" \tr\tĐề nghị bổ sung chỉ tiêu");
        t.wait_for("Đề nghị bổ sung chỉ tiêu");
        let pid = t.child.process_id().expect("a running child");
        let sent = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let status = t.wait_exit();
        assert!(!status.success(), "{signal}: {status:?}");
        t.assert_restored();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let draft: String = conn
            .query_row(
                "SELECT text FROM drafts WHERE key LIKE 'remark:%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(draft, "Đề nghị bổ sung chỉ tiêu", "{signal}");
    }
}

/// Quitting while the day's automatic backup is being copied (slowed down
/// here: 1.5 s between steps) waits for it, says so, and leaves a whole
/// copy, not a partial file.
#[test]
fn quitting_waits_for_the_backup_being_written() {
    use chibo::store::backup;
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let mut t = Term::start(&db, &[("CHIBO_TEST_BACKUP_PAUSE_MS", "1500")]);
    t.wait_for("Các chi bộ");
    let started = std::time::Instant::now();
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
    // Three steps of 1 MiB, two pauses: the exit came after them.
    assert!(started.elapsed() >= std::time::Duration::from_millis(2500));
    let raw = String::from_utf8_lossy(&t.raw);
    assert!(
        raw.contains("Đang chờ bản sao lưu tự động ghi xong"),
        "{raw}"
    );
    assert!(raw.contains("Đã tự động sao lưu vào"), "{raw}");
    let copies = backup::automatic_backups(&db);
    assert_eq!(copies.len(), 1, "{copies:?}");
    backup::verify(&copies[0]).unwrap();
    let partial: Vec<_> = std::fs::read_dir(backup::folder_of(&db))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(partial.is_empty(), "{partial:?}");
    // The copy holds the demo's cell.
    let conn = rusqlite::Connection::open(&copies[0]).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM meetings", [], |r| r.get(0))
        .unwrap();
    assert!(n > 10);
}
