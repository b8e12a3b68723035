//! The rules over every cell of a committee's file (`chibo demo --scale
//! committee`): the fast read (`Store::rule_histories`, `all_warnings`)
//! against the whole history of each cell (`cell_warnings`), their
//! findings compared cell by cell, and the committee overview and the
//! cells screen's warnings in the app.
//!
//!     CHIBO_COMMITTEE_DB=/path/to/committee.db cargo bench --bench review
//!
//! The file is opened as it is (nothing is written to it but what opening
//! writes). Nothing here asserts a time: the figures go to BENCHMARKS.md.

use std::time::{Duration, Instant};

use chibo::domain::engine::history;
use chibo::store::Store;
use chibo::tui::App;
use chibo::tui::screens::Screen;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;

mod common;
use common::{clock, ctx, report, status_kb};

fn main() {
    let Some(path) = std::env::var_os("CHIBO_COMMITTEE_DB") else {
        println!("CHIBO_COMMITTEE_DB not set: nothing to measure");
        return;
    };
    let store = Store::open(std::path::Path::new(&path), clock()).unwrap();
    let book = chibo::assets::load().unwrap();
    let today = clock().today();
    let windows = [
        // all_warnings, the cells screen
        (NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), today),
        // the overview
        (
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        ),
    ];

    // Identical findings, every cell, both windows.
    for (from, to) in windows {
        let fast = store.rule_histories(from, to).unwrap();
        let mut n = 0;
        for h in &fast {
            let full = store.cell_history(h.cell.id, from, to).unwrap();
            let whole = history::history_findings(&full, book, today);
            assert_eq!(
                history::history_findings(h, book, today),
                whole,
                "{}",
                h.cell.name
            );
            n += whole.len();
        }
        println!(
            "{} cells, {n} findings from {from} to {to}: the same both ways",
            fast.len()
        );
    }

    let mut fast = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let all = store.all_warnings(today).unwrap();
        fast.push(started.elapsed());
        assert_eq!(all.len(), 200);
        let started = Instant::now();
        for cell in store.cells().unwrap() {
            store.cell_warnings(cell.id, today).unwrap();
        }
        whole.push(started.elapsed());
    }
    report("all warnings, every cell (all_warnings, fast read)", fast);
    report("all warnings, every cell (cell_warnings each)", whole);

    let mut overview = Vec::new();
    let mut warnings_ready = Vec::new();
    let area = Rect::new(0, 0, 120, 40);
    for _ in 0..10 {
        let store = Store::open(std::path::Path::new(&path), clock()).unwrap();
        let started = Instant::now();
        let mut app = App::new(store, ctx());
        app.handle_event(&Event::Resize(area.width, area.height));
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf);
        // As the run loop does after a frame: the warnings' thread starts.
        app.after_frame();
        assert!(matches!(app.screen(), Some(Screen::Cells(c)) if c.warnings_pending()));
        while matches!(app.screen(), Some(Screen::Cells(c)) if c.warnings_pending()) {
            app.tick();
            std::thread::sleep(Duration::from_millis(1));
        }
        warnings_ready.push(started.elapsed());
        let started = Instant::now();
        app.handle_event(&Event::Key(KeyEvent {
            code: KeyCode::Char('c'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }));
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf);
        overview.push(started.elapsed());
        assert!(matches!(app.screen(), Some(Screen::Overview(_))));
    }
    report(
        "cells screen: start to every cell's warnings shown",
        warnings_ready,
    );
    report("committee overview (c, 120x40)", overview);
    println!("memory: VmHWM {} MB", status_kb("VmHWM:") / 1024);
}
