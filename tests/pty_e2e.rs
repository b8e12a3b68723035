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
