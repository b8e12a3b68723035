//! The real binary in a real pseudo-terminal: typed Vietnamese text reaches
//! the database, and the terminal is restored on quit and on panic.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Term {
    parser: vt100::Parser,
    raw: Vec<u8>,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Term {
    fn start(db: &Path, extra_env: &[(&str, &str)]) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_chibo"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("CHIBO_NOW", "25/11/2026 09:30");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("CHIBO_LANG");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _keep_master = pair.master;
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Term {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(24).unwrap(),
                std::num::NonZeroU16::new(80).unwrap(),
                0,
            ),
            raw: Vec::new(),
            rx,
            writer,
            child,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            self.pump(Duration::from_millis(50));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // let the app draw between keys, as a person types
        self.pump(Duration::from_millis(30));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().unwrap() {
                // drain what is left
                for _ in 0..10 {
                    self.pump(Duration::from_millis(20));
                }
                return status;
            }
            assert!(Instant::now() < deadline, "the app did not exit");
        }
    }

    fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        assert!(
            raw.contains("\u{1b}[?1049h"),
            "entered the alternate screen"
        );
        assert!(raw.contains("\u{1b}[?1049l"), "left the alternate screen");
        assert!(!self.parser.screen().alternate_screen());
        assert!(!self.parser.screen().hide_cursor(), "cursor shown again");
        let last_paste_on = raw.rfind("\u{1b}[?2004h");
        let last_paste_off = raw.rfind("\u{1b}[?2004l");
        assert!(last_paste_off > last_paste_on, "bracketed paste turned off");
    }
}

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
