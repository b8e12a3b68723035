//! The committee demo (`chibo demo --scale committee`) in small: the first
//! commune's ten cells over two years, through the same bulk writer. The
//! whole file (200 cells, ten years) is only built by the benchmark.

mod common;

use chibo::domain::engine;
use chibo::domain::{MeetingStatus, Roster, StatusEventKind};
use chibo::store::Store;
use chibo::store::audit::replay;
use common::{clock, today};

fn slice(dir: &std::path::Path) -> (std::path::PathBuf, chibo::demo::DemoSummary) {
    let path = dir.join("committee.db");
    let mut store = Store::open(&path, clock()).unwrap();
    let summary = chibo::demo::committee::load_part(&mut store, today(), 1, 24).unwrap();
    (path, summary)
}

#[test]
fn a_slice_of_the_committee_is_a_healthy_file_the_engine_agrees_with() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = slice(dir.path());
    assert_eq!(summary.cells, 10);
    assert!(summary.members >= 220, "{summary:?}");
    // 24 monthly meetings (one quarter's combined with its thematic one),
    // 7 thematic ones, and next month's planned
    assert_eq!(summary.meetings, 10 * 32, "{summary:?}");
    let store = Store::open(&path, clock()).unwrap();
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());

    let book = chibo::assets::rulebook().unwrap();
    let mut held = 0;
    for cell in store.cells().unwrap() {
        let members = store.members(cell.id).unwrap();
        for meeting in store.meetings(cell.id).unwrap() {
            if !matches!(
                meeting.status,
                MeetingStatus::Closed | MeetingStatus::Locked
            ) {
                continue;
            }
            held += 1;
            let record = store.record(meeting.id).unwrap();
            // what the app computes from the file is what was frozen
            assert_eq!(
                record.roster,
                Roster::build(&members, meeting.date()),
                "{}",
                meeting.id
            );
            let figures = chibo::domain::Figures::compute(&record.roster, &record.marks, None);
            assert_eq!(record.figures, figures, "{}", meeting.id);
            assert!(
                engine::close_blockers(&record, book).is_empty(),
                "meeting {} could not have closed",
                meeting.id
            );
            for vote in &record.votes {
                let at = chibo::domain::Figures::compute(
                    &record.roster,
                    &record.marks,
                    Some(vote.taken_at),
                )
                .voting();
                assert_eq!(
                    (vote.denominator, vote.eligible_present),
                    (at.denominator, at.eligible_present)
                );
            }
        }
    }
    assert_eq!(held, 10 * 31);
}

#[test]
fn members_have_histories_and_some_move_between_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("committee.db");
    let mut store = Store::open(&path, clock()).unwrap();
    // two communes over four years: enough people for every kind of history
    chibo::demo::committee::load_part(&mut store, today(), 2, 48).unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    let mut transferred_out = Vec::new();
    let mut transferred_in = Vec::new();
    for cell in store.cells().unwrap() {
        for m in store.members(cell.id).unwrap() {
            for e in &m.events {
                kinds.insert(e.kind);
                match e.kind {
                    StatusEventKind::TransferredOut => {
                        transferred_out.push((m.full_name.clone(), e.date))
                    }
                    StatusEventKind::TransferredIn => {
                        transferred_in.push((m.full_name.clone(), e.date))
                    }
                    _ => {}
                }
            }
        }
    }
    for kind in [
        StatusEventKind::Admitted,
        StatusEventKind::RecognizedOfficial,
        StatusEventKind::Exempt,
        StatusEventKind::TransferredOut,
        StatusEventKind::TransferredIn,
        StatusEventKind::Deceased,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} in {kinds:?}");
    }
    // every transfer leaves one roll and joins another the same day
    transferred_out.sort();
    transferred_in.sort();
    assert_eq!(transferred_out, transferred_in);
    assert_eq!(
        store.integrity_problems().unwrap(),
        Vec::<String>::new(),
        "integrity"
    );
}

#[test]
fn the_audit_log_holds_what_the_app_would_have_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = slice(dir.path());
    let store = Store::open(&path, clock()).unwrap();
    let cell = store.cells().unwrap().remove(0);
    let meetings = store.meetings(cell.id).unwrap();
    let locked = meetings
        .iter()
        .find(|m| m.status == MeetingStatus::Locked)
        .unwrap();
    // the meeting's audit entries, replayed, are its state in the file
    let entries: Vec<_> = store
        .audit_of(locked.uuid)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "meeting")
        .collect();
    let last = entries.last().unwrap();
    let after: chibo::domain::Meeting = serde_json::from_value(replay(&entries).unwrap()).unwrap();
    assert_eq!(&after, locked);
    // dated when it happened, not when the file was generated
    assert!(last.at.date() > locked.date() && last.at.date() < today());
    // each mark was audited once, as it is in the file
    for mark in store.marks(locked.id).unwrap() {
        let entries = store.audit_of(mark.uuid).unwrap();
        assert_eq!(entries.len(), 1, "{mark:?}");
        assert_eq!(entries[0].action, "insert");
        let audited: chibo::domain::AttendanceMark =
            serde_json::from_str(entries[0].after.as_deref().unwrap()).unwrap();
        assert_eq!(audited, mark);
    }
    // each agenda item's entries end with the item as it is in the file
    for item in store.agenda(locked.id).unwrap() {
        let entries = store.audit_of(item.uuid).unwrap();
        let audited: chibo::domain::AgendaItem =
            serde_json::from_value(replay(&entries).unwrap()).unwrap();
        assert_eq!(audited, item);
    }
}

#[test]
fn the_committee_is_the_same_every_time() {
    let export = |dir: &std::path::Path| {
        let (path, _) = slice(dir);
        let store = Store::open(&path, clock()).unwrap();
        let text = serde_json::to_string(&store.dump().unwrap().tables).unwrap();
        // UUIDs are drawn at random, as the app draws them
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find('"') {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            if rest
                .get(..36)
                .is_some_and(|u| uuid::Uuid::parse_str(u).is_ok())
            {
                out.push('U');
                rest = &rest[36..];
            }
        }
        out.push_str(rest);
        out
    };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(export(a.path()) == export(b.path()));
}
