//! "Saved" only after the disk has it: chibo runs under strace in a real
//! pty, a member is marked present, and the system calls are read back in
//! order. The write of the WAL, then its fsync, must come before the
//! terminal write that shows the mark. Skipped, with a message, where
//! strace is not installed.

mod common;

use common::pty::Term;

/// Text as strace -xx prints it: every byte in hex.
fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("\\x{b:02x}")).collect()
}

#[test]
fn a_mark_is_shown_saved_only_after_fsync_returned() {
    let strace = std::process::Command::new("strace").arg("-V").output();
    if !strace.is_ok_and(|o| o.status.success()) {
        println!("SKIPPED: strace is not installed (apt-get install strace)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let log = dir.path().join("strace.log");
    let log_arg = log.to_str().unwrap().to_string();
    let mut t = Term::start_under(
        &[
            "strace",
            "-f",
            "-y",
            "-xx",
            "-s",
            "65536",
            "-e",
            "trace=write,pwrite64,fsync,fdatasync",
            "-o",
            &log_arg,
        ],
        &db,
        &[("CHIBO_NOW", "07/12/2026 14:00")],
    );
    t.open_meeting_of_the_day();
    t.send(" ");
    t.wait_for("Đã lưu");
    // the meeting is in progress: quitting asks first
    t.send("q");
    t.wait_for("Thoát chibo?");
    t.send("y");
    let _ = t.wait_exit();

    let trace = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = trace.lines().collect();
    // the roll line of the member marked: the first frame that shows it
    let (terminal, wal, saved) = (hex("/dev/pts"), hex(".db-wal>"), hex("[x] Có mặt"));
    let wal = &wal[..wal.len() - 4]; // the path's end, without ">"
    // the first terminal write that shows the mark
    let shown = lines
        .iter()
        .position(|l| l.contains(&terminal) && l.contains(&saved))
        .expect("the status line was written to the terminal");
    let wal_write = lines[..shown]
        .iter()
        .rposition(|l| l.contains("pwrite64(") && l.contains(wal))
        .expect("the mark was written to the WAL before it was shown");
    let synced = lines[wal_write..shown]
        .iter()
        .any(|l| (l.contains("fsync(") || l.contains("fdatasync(")) && l.contains(wal));
    assert!(
        synced,
        "no fsync of the WAL between its last write and the screen saying saved:\n{}",
        lines[wal_write..=shown].join("\n")
    );
}
