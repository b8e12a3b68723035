//! The cells screen's figures come from one aggregate read
//! (`Store::cell_summaries`): they must be exactly what summarizing each
//! cell's members and meetings gives, on any day.

mod common;

use chibo::domain::overview::summarize;
use chibo::store::Store;
use chrono::{Duration, NaiveDate};
use common::{clock, today};

fn assert_same_as_per_cell(store: &Store, day: NaiveDate) {
    let fast = store.cell_summaries(day).unwrap();
    let cells = store.cells().unwrap();
    assert_eq!(fast.len(), cells.len());
    for (summary, cell) in fast.iter().zip(cells) {
        let members = store.members(cell.id).unwrap();
        let meetings = store.meetings(cell.id).unwrap();
        let slow = summarize(cell, &members, &meetings, day);
        assert_eq!(summary, &slow, "{day}");
    }
}

#[test]
fn the_committee_cells_counted_at_once_as_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("committee.db");
    let mut store = Store::open(&path, clock()).unwrap();
    chibo::demo::committee::load_part(&mut store, today(), 1, 36).unwrap();
    for day in [
        today(),
        today() - Duration::days(20),
        today() - Duration::days(400),
        today() - Duration::days(1000),
        today() + Duration::days(40),
    ] {
        assert_same_as_per_cell(&store, day);
    }
}

#[test]
fn the_demo_cell_counted_at_once_as_one_by_one() {
    let store = common::demo_memory();
    for day in [
        today(),
        today() - Duration::days(200),
        today() + Duration::days(90),
    ] {
        assert_same_as_per_cell(&store, day);
    }
}

#[test]
fn a_cell_without_members_or_meetings_is_counted_too() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    store
        .write(|tx| {
            tx.create_cell(&chibo::store::CellInput {
                name: "Chi bộ Mới".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let summaries = store.cell_summaries(today()).unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].official + summaries[0].probationary, 0);
    assert_eq!(summaries[0].last_meeting, None);
    assert_same_as_per_cell(&store, today());
}
