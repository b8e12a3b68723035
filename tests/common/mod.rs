#![allow(dead_code)]

pub mod documents;
pub mod pty;
pub mod tui;

use std::path::{Path, PathBuf};

use chibo::clock::Clock;
use chibo::store::Store;
use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

pub fn clock() -> Clock {
    Clock::Fixed(today().and_hms_opt(9, 30, 0).unwrap())
}

/// A file database holding the demo cell.
pub fn demo_file(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    let mut store = Store::open(&path, clock()).unwrap();
    chibo::demo::load(&mut store, today()).unwrap();
    path
}

pub fn demo_memory() -> Store {
    let mut store = Store::open_in_memory(clock()).unwrap();
    chibo::demo::load(&mut store, today()).unwrap();
    store
}

pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Holds a meeting completely so that it can close: everyone on the roll
/// present, the opening and closing times, every agenda item held in turn
/// (10 minutes each).
pub fn hold_completely(store: &mut Store, meeting_id: i64, start: chrono::NaiveDateTime) {
    use chibo::domain::MarkKind;
    let meeting = store.meeting(meeting_id).unwrap();
    let roster = store.roster(&meeting).unwrap();
    let items = store.agenda(meeting_id).unwrap();
    store
        .write(|tx| {
            for e in roster.expected() {
                tx.set_mark(meeting_id, e.member_id, MarkKind::Present, None, "")?;
            }
            let mut at = start;
            for item in &items {
                let end = at + chrono::Duration::minutes(10);
                tx.set_agenda_item_record(item.id, Some(at), Some(end), &item.conclusion)?;
                at = end;
            }
            tx.set_meeting_times(meeting_id, Some(start), Some(at))?;
            Ok(())
        })
        .unwrap();
}

/// The real binary on `db`, with the test clock and no language from the
/// environment.
pub fn chibo(args: &[&str], db: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chibo"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("CHIBO_LANG")
        .env_remove("CHIBO_DB")
        .env("CHIBO_NOW", "25/11/2026 09:30")
        .output()
        .expect("binary runs")
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
