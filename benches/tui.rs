//! Speed of the terminal app, measured in process (no terminal): the first
//! frame on the demo database, a keypress redraw, and filtering a 500-member
//! roster per keystroke. `cargo bench --bench tui` prints medians and p90.

use std::time::Instant;

use chibo::domain::{Cell, Member, StatusEvent, StatusEventKind};
use chibo::store::Store;
use chibo::tui::App;
use chibo::tui::screens::members::Members;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;

mod common;
use common::{clock, ctx, report};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    {
        let mut store = Store::open(&path, clock()).unwrap();
        chibo::demo::load(&mut store, clock().today()).unwrap();
    }
    let area = Rect::new(0, 0, 80, 24);

    // First frame: open the database, build the app, draw the cells screen.
    let mut first = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let store = Store::open(&path, clock()).unwrap();
        let app = App::new(store, ctx());
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf);
        first.push(started.elapsed());
    }
    report("first frame (open db + app + draw 80x24)", first);

    // Keypress → redraw on the demo members screen.
    let store = Store::open(&path, clock()).unwrap();
    let mut app = App::new(store, ctx());
    app.handle_event(&Event::Key(key(KeyCode::Enter)));
    let mut redraw = Vec::new();
    for i in 0..400 {
        let code = if (i / 20) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let started = Instant::now();
        app.handle_event(&Event::Key(key(code)));
        let mut buf = Buffer::empty(Rect::new(0, 0, 120, 40));
        app.render(buf.area, &mut buf);
        redraw.push(started.elapsed());
    }
    report("keypress -> redraw, members 120x40", redraw);

    // Filtering a 500-member roster, per keystroke (handle + redraw).
    let ctx = ctx();
    let members = synthetic_members(500);
    let cell = Cell {
        id: 1,
        uuid: uuid::Uuid::nil(),
        name: "Chi bộ Đo".into(),
        upper_unit: String::new(),
        place_name: String::new(),
        usual_venue: String::new(),
        archived_at: None,
    };
    let mut filter = Vec::new();
    let mut filter_only = Vec::new();
    for _ in 0..20 {
        let mut screen = Members::from_members(cell.clone(), members.clone(), clock().today());
        screen.handle(chibo::tui::action::Action::Filter, &ctx);
        for c in "nguyen van".chars() {
            let started = Instant::now();
            screen.handle_text(&key(KeyCode::Char(c)));
            filter_only.push(started.elapsed());
            let mut buf = Buffer::empty(area);
            screen.render(area, &mut buf, &ctx);
            filter.push(started.elapsed());
        }
        assert!(!screen.listed_names().is_empty());
    }
    report(
        "filter 500 members, per keystroke (filter only)",
        filter_only,
    );
    report("filter 500 members, per keystroke (+ redraw)", filter);

    // Loading and sorting 500 members from SQLite (opening a large cell).
    let mut store = Store::open_in_memory(clock()).unwrap();
    let cell_id = store
        .write(|tx| {
            let cell = tx.create_cell(&chibo::store::CellInput {
                name: "Chi bộ Lớn".into(),
                ..Default::default()
            })?;
            for m in &members {
                tx.add_member(
                    cell.id,
                    &chibo::store::MemberInput {
                        full_name: m.full_name.clone(),
                        admitted_on: m.admitted_on(),
                        ..Default::default()
                    },
                )?;
            }
            Ok(cell.id)
        })
        .unwrap();
    let mut load = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let _ = Members::load(&store, &ctx, cell_id).unwrap();
        load.push(started.elapsed());
    }
    report("open a 500-member cell (load + sort + fold)", load);

    live_roll_call(&members[..200]);
}

/// The live meeting on a 200-member cell in a real file (WAL,
/// synchronous=FULL): keypress → committed mark, and a redraw.
fn live_roll_call(members: &[Member]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let mut store = Store::open(&path, clock()).unwrap();
    store
        .write(|tx| {
            let cell = tx.create_cell(&chibo::store::CellInput {
                name: "Chi bộ Hai Trăm".into(),
                ..Default::default()
            })?;
            for m in members {
                tx.add_member(
                    cell.id,
                    &chibo::store::MemberInput {
                        full_name: m.full_name.clone(),
                        admitted_on: m.admitted_on(),
                        official_on: m
                            .admitted_on()
                            .and_then(|d| d.checked_add_months(chrono::Months::new(12))),
                        ..Default::default()
                    },
                )?;
            }
            chibo::planning::create_meeting(
                tx,
                cell.id,
                &chibo::store::MeetingInput {
                    kind: chibo::domain::MeetingKind::Regular,
                    title: String::new(),
                    planned_at: clock().now(),
                    place: String::new(),
                    chair_id: None,
                    minute_taker_id: None,
                },
            )?;
            Ok(())
        })
        .unwrap();
    drop(store);
    let store = Store::open(&path, clock()).unwrap();
    let mut app = App::new(store, ctx());
    // cells → members → meetings → live
    for code in [KeyCode::Enter, KeyCode::Tab, KeyCode::F(6)] {
        app.handle_event(&Event::Key(key(code)));
    }
    let area = Rect::new(0, 0, 120, 40);
    let mut commit = Vec::new();
    let mut redraw = Vec::new();
    for i in 0..400 {
        // mark present, then move back and clear it: every key commits
        let codes: &[KeyCode] = if i % 2 == 0 {
            &[KeyCode::Char(' ')]
        } else {
            &[KeyCode::Up, KeyCode::Backspace]
        };
        for code in &codes[..codes.len() - 1] {
            app.handle_event(&Event::Key(key(*code)));
        }
        let started = Instant::now();
        app.handle_event(&Event::Key(key(codes[codes.len() - 1])));
        commit.push(started.elapsed());
        let started = Instant::now();
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf);
        redraw.push(started.elapsed());
    }
    report("live: keypress -> committed mark (FULL sync)", commit);
    report("live: redraw 200-member roll call 120x40", redraw);
}

fn synthetic_members(n: usize) -> Vec<Member> {
    let family = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ",
    ];
    let middle = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quốc", "Ngọc", "Đức"];
    let given = [
        "An", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hạnh", "Lan", "Ngọc", "Ơn", "Phúc", "Ưng",
        "Yến",
    ];
    (0..n)
        .map(|i| Member {
            id: i as i64 + 1,
            uuid: uuid::Uuid::nil(),
            cell_id: 1,
            full_name: format!(
                "{} {} {}",
                family[i % family.len()],
                middle[(i / 10) % middle.len()],
                given[(i / 7) % given.len()]
            ),
            birth_date: NaiveDate::from_ymd_opt(1960 + (i % 40) as i32, 1 + (i % 12) as u32, 1),
            gender: None,
            phone: String::new(),
            national_id: String::new(),
            note: String::new(),
            events: vec![StatusEvent {
                id: i as i64,
                uuid: uuid::Uuid::nil(),
                kind: StatusEventKind::Admitted,
                date: NaiveDate::from_ymd_opt(2000 + (i % 20) as i32, 5, 19).unwrap(),
                until: None,
                decision: String::new(),
                organisation: String::new(),
                note: String::new(),
            }],
            roles: vec![],
            cards: vec![],
        })
        .collect()
}
