//! A real pseudo-terminal running the real binary, read through vt100.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub struct Term {
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Term {
    pub fn start(db: &Path, extra_env: &[(&str, &str)]) -> Term {
        Term::start_under(&[], db, extra_env)
    }

    /// Runs chibo under another program (e.g. `strace -f -o LOG`): `wrapper`
    /// is its command line, chibo's path and arguments follow.
    pub fn start_under(wrapper: &[&str], db: &Path, extra_env: &[(&str, &str)]) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(args);
                cmd.arg(env!("CARGO_BIN_EXE_chibo"));
                cmd
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_chibo")),
        };
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

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            self.pump(Duration::from_millis(50));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // let the app draw between keys, as a person types
        self.pump(Duration::from_millis(30));
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

    /// From the start screen to the live screen of the demo's meeting of
    /// the day (the clock set to it): cells, the cell, its meetings, F6.
    pub fn open_meeting_of_the_day(&mut self) {
        self.wait_for("Các chi bộ");
        self.send("\r");
        self.wait_for("đảng viên (");
        self.send("\t");
        self.wait_for("Tháng này");
        self.send("\u{1b}[17~"); // F6: the meeting of the day
        self.wait_for("Chưa điểm 23");
    }

    pub fn assert_restored(&self) {
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
