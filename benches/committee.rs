//! Speed of the terminal app on a committee's file (`chibo demo --scale
//! committee`: 200 cells, about 6,000 members, ten years of meetings),
//! measured in process (no terminal): the first frame, a cell's members
//! and meetings screens, a meeting's live screen, the first marks of a
//! meeting while the backups run, and the memory used.
//!
//!     CHIBO_COMMITTEE_DB=/path/to/committee.db cargo bench --bench committee
//!
//! The file is copied first (the bench writes marks and backups); without
//! the variable it is generated into a temporary folder (about a minute).
//! Never run by `cargo test`, and nothing here asserts a time: the figures
//! go to BENCHMARKS.md.

use std::time::{Duration, Instant};

use chibo::store::{Store, backup};
use chibo::tui::App;
use chibo::tui::screens::Screen;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;

mod common;
use common::{clock, committee_file, ctx, report, status_kb};

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// A key, then the frame it leads to: the time a person waits.
fn timed(app: &mut App, event: Event, area: Rect) -> Duration {
    let started = Instant::now();
    app.handle_event(&event);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    started.elapsed()
}

fn screen_name(app: &App) -> &'static str {
    match app.screen() {
        Some(Screen::Cells(_)) => "cells",
        Some(Screen::Members(_)) => "members",
        Some(Screen::Meetings(_)) => "meetings",
        Some(Screen::Live(_)) => "live",
        Some(_) => "other",
        None => "none",
    }
}

fn main() {
    // The file and its copies are large: CHIBO_BENCH_DIR chooses a disk
    // other than the temporary folder's (which may be in memory).
    let dir = match std::env::var_os("CHIBO_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let path = committee_file(dir.path());
    println!(
        "file: {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    let small = Rect::new(0, 0, 80, 24);
    let large = Rect::new(0, 0, 120, 40);

    // First frame: open the database, build the app (the cells screen and
    // its counts), draw 80×24.
    let mut first = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let store = Store::open(&path, clock()).unwrap();
        let app = App::new(store, ctx());
        let mut buf = Buffer::empty(small);
        app.render(small, &mut buf);
        first.push(started.elapsed());
        assert_eq!(screen_name(&app), "cells");
    }
    report("first frame (open db + app + cells 80x24)", first);
    let (mut open, mut counts, mut resume) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let started = Instant::now();
        let store = Store::open(&path, clock()).unwrap();
        open.push(started.elapsed());
        let started = Instant::now();
        let summaries = store.cell_summaries(clock().today()).unwrap();
        counts.push(started.elapsed());
        assert_eq!(summaries.len(), 200);
        let started = Instant::now();
        store.meetings_in_progress().unwrap();
        resume.push(started.elapsed());
    }
    report("  of which: open the database (checks, migrations)", open);
    report("  of which: every cell's counts (cell_summaries)", counts);
    report("  of which: a meeting left in progress?", resume);
    println!(
        "  memory after the first frames: VmRSS {} MB, VmHWM {} MB",
        status_kb("VmRSS:") / 1024,
        status_kb("VmHWM:") / 1024
    );

    let store = Store::open(&path, clock()).unwrap();
    let mut app = App::new(store, ctx());
    app.handle_event(&Event::Resize(large.width, large.height));

    // A cell's members, then back; the next cell each time.
    let mut members = Vec::new();
    let mut meetings = Vec::new();
    let mut back = Vec::new();
    for _ in 0..20 {
        members.push(timed(&mut app, key(KeyCode::Enter), large));
        assert_eq!(screen_name(&app), "members");
        meetings.push(timed(&mut app, key(KeyCode::Tab), large));
        assert_eq!(screen_name(&app), "meetings");
        back.push(timed(&mut app, key(KeyCode::Esc), large));
        assert_eq!(screen_name(&app), "cells");
        app.handle_event(&key(KeyCode::Down));
    }
    report("open a cell: members screen (Enter, 120x40)", members);
    report("its meetings screen (Tab, 120x40)", meetings);
    report("back to the cells (Esc: counts reloaded)", back);

    // A held meeting's live screen: the latest one, closed.
    let mut live_held = Vec::new();
    for _ in 0..20 {
        app.handle_event(&key(KeyCode::Enter));
        app.handle_event(&key(KeyCode::Tab));
        app.handle_event(&key(KeyCode::Down));
        live_held.push(timed(&mut app, key(KeyCode::F(6)), large));
        assert_eq!(screen_name(&app), "live");
        app.handle_event(&key(KeyCode::Esc));
        app.handle_event(&key(KeyCode::Esc));
        assert_eq!(screen_name(&app), "cells");
        app.handle_event(&key(KeyCode::Down));
    }
    report("live screen of the latest meeting held (F6)", live_held);

    // The planned meeting (next month: the app asks first, "y" opens).
    let mut live_planned = Vec::new();
    for _ in 0..20 {
        app.handle_event(&key(KeyCode::Enter));
        app.handle_event(&key(KeyCode::Tab));
        app.handle_event(&key(KeyCode::F(6)));
        live_planned.push(timed(&mut app, key(KeyCode::Char('y')), large));
        assert_eq!(screen_name(&app), "live");
        app.handle_event(&key(KeyCode::Esc));
        app.handle_event(&key(KeyCode::Esc));
        app.handle_event(&key(KeyCode::Down));
    }
    report(
        "live screen of a planned meeting (y to the question)",
        live_planned,
    );
    drop(app);

    // The backups: the daily copy starts after the first frame (as the run
    // loop does), and the meeting's first mark asks for another. Marks are
    // committed meanwhile.
    let store = Store::open(&path, clock()).unwrap();
    let mut app = App::new(store, ctx());
    app.handle_event(&Event::Resize(large.width, large.height));
    let backup_started = Instant::now();
    app.auto_backup();
    app.handle_event(&key(KeyCode::Enter));
    app.handle_event(&key(KeyCode::Tab));
    app.handle_event(&key(KeyCode::F(6)));
    app.handle_event(&key(KeyCode::Char('y')));
    assert_eq!(screen_name(&app), "live");
    let mut first_mark = Vec::new();
    let mut marks = Vec::new();
    first_mark.push(timed(&mut app, key(KeyCode::Char(' ')), large));
    for _ in 0..15 {
        marks.push(timed(&mut app, key(KeyCode::Char(' ')), large));
        std::thread::sleep(Duration::from_millis(100));
    }
    report(
        "first mark: the meeting starts (commit + frame)",
        first_mark,
    );
    report("marks while the backups run (commit + frame)", marks);
    let outcomes = backup::wait(&path);
    let copies = outcomes.iter().filter(|o| matches!(o, Ok(Some(_)))).count();
    println!(
        "  backups: {} written, {} skipped, {} failed; all done {:.1} s after start",
        copies,
        outcomes.iter().filter(|o| matches!(o, Ok(None))).count(),
        outcomes.iter().filter(|o| o.is_err()).count(),
        backup_started.elapsed().as_secs_f64()
    );
    let kept: u64 = backup::automatic_backups(&path)
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    println!(
        "  copies kept: {:.1} MB ({:.2}× the file)",
        kept as f64 / 1e6,
        kept as f64 / std::fs::metadata(&path).unwrap().len() as f64
    );
    println!(
        "  memory at the end: VmRSS {} MB, VmHWM {} MB",
        status_kb("VmRSS:") / 1024,
        status_kb("VmHWM:") / 1024
    );
}
