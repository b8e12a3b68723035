//! The resolution (nghị quyết): drafted from the record with the engine's
//! figures, stored, edited with an audit row, numbered per cell and year,
//! printed again identically.

mod common;

use chibo::assets;
use chibo::domain::resolution::ResolutionText;
use chibo::domain::voting::share;
use chibo::domain::{MeetingStatus, VoteKind, engine};
use chibo::paperwork;
use chibo::store::{CellInput, Error, ResolutionSave, Store};
use chrono::Datelike;
use common::documents::resolved;

/// The demo's held meetings of a year, oldest first.
fn held_of_year(store: &Store, year: i32) -> Vec<chibo::domain::Meeting> {
    let cell = store.cells().unwrap().remove(0);
    let mut meetings: Vec<_> = store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .filter(|m| {
            m.date().year() == year
                && matches!(m.status, MeetingStatus::Closed | MeetingStatus::Locked)
        })
        .collect();
    meetings.sort_by_key(|m| m.planned_at);
    meetings
}

#[test]
fn the_draft_takes_its_figures_and_verdicts_from_the_engine() {
    let store = common::demo_memory();
    let id = resolved(&store);
    let record = store.record(id).unwrap();
    let book = assets::rulebook().unwrap();
    let draft = paperwork::draft_resolution(&store, id).unwrap();
    let f = &record.figures;
    let present = format!(
        "có mặt: {}/{} đồng chí ({})",
        f.present,
        f.expected,
        f.percent_present().unwrap()
    );
    assert!(draft.opening.contains(&present), "{}", draft.opening);
    assert!(
        draft
            .opening
            .contains(&format!("Tổng số đảng viên: {}", f.total))
    );
    let vote = record
        .votes
        .iter()
        .rev()
        .find(|v| v.kind == VoteKind::Resolution)
        .unwrap();
    let verdict = engine::verdict(vote, book.rules_on(record.meeting.date())).unwrap();
    assert!(
        draft.vote.contains(&format!(
            "tán thành {}",
            share(vote.votes_for, vote.denominator)
        )),
        "{}",
        draft.vote
    );
    assert!(draft.vote.ends_with(if verdict.passed {
        "nghị quyết được thông qua."
    } else {
        "nghị quyết không được thông qua."
    }));
    match engine::assess(&record, book) {
        Some(q) => assert_eq!(
            draft.quality,
            format!(
                "Chi bộ tự đánh giá chất lượng buổi sinh hoạt: {} điểm, xếp loại {}.",
                q.total, q.tier.name
            )
        ),
        None => assert!(draft.quality.contains("chưa tự đánh giá")),
    }
    // III: one line per task set, with who and by when.
    assert_eq!(draft.assignments.lines().count(), record.tasks.len().max(1));
    for t in &record.tasks {
        assert!(
            draft
                .assignments
                .contains(t.text.split_whitespace().next().unwrap())
        );
        if let Some(due) = t.due_on {
            assert!(draft.assignments.contains(&chibo::vi::date(due)));
        }
    }
    assert!(
        draft
            .recipients
            .starts_with("- Đảng ủy Trường Trung cấp Gò Công (để báo cáo);")
    );
    assert_eq!(draft.signer, "Nguyễn Văn Đạt");
}

#[test]
fn an_edit_is_saved_with_an_audit_row_and_the_draft_stays_until_redrafted() {
    let mut store = common::demo_memory();
    let id = resolved(&store);
    let first = paperwork::resolution(&mut store, id).unwrap();
    assert_eq!(first.edited_at, None);
    let audit = store.audit_of(first.uuid).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "insert");

    let mut text = first.text.clone();
    text.results = "1. Hoàn thành thu đảng phí.\n2. Sửa chữa phòng họp.".into();
    let edited = store
        .write(|tx| tx.save_resolution(id, &text, ResolutionSave::Edited))
        .unwrap();
    assert_eq!(edited.text.results, text.results);
    assert!(edited.edited_at.is_some());
    let audit = store.audit_of(first.uuid).unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1].action, "update");
    assert!(
        audit[1]
            .after
            .as_ref()
            .unwrap()
            .contains("Sửa chữa phòng họp")
    );

    // Asking again gives the stored text, not a new draft.
    let again = paperwork::resolution(&mut store, id).unwrap();
    assert_eq!(again.text.results, text.results);
    // Saving the same text again writes no audit row.
    store
        .write(|tx| tx.save_resolution(id, &text, ResolutionSave::Edited))
        .unwrap();
    assert_eq!(store.audit_of(first.uuid).unwrap().len(), 2);
    // Drafting again is explicit, and audited too.
    let redrafted = paperwork::redraft_resolution(&mut store, id).unwrap();
    assert_eq!(redrafted.text.results, first.text.results);
    assert_eq!(redrafted.text.number, first.text.number);
    assert_eq!(redrafted.edited_at, None);
    assert_eq!(store.audit_of(first.uuid).unwrap().len(), 3);
}

#[test]
fn numbers_run_per_cell_and_year_and_a_taken_number_is_refused() {
    let mut store = common::demo_memory();
    let y2026 = held_of_year(&store, 2026);
    let y2025 = held_of_year(&store, 2025);
    assert!(y2026.len() >= 2 && !y2025.is_empty());
    let a = paperwork::resolution(&mut store, y2026[0].id).unwrap();
    let b = paperwork::resolution(&mut store, y2026[1].id).unwrap();
    let c = paperwork::resolution(&mut store, y2025[0].id).unwrap();
    assert_eq!(a.text.number, 1);
    assert_eq!(b.text.number, 2);
    assert_eq!(c.text.number, 1, "a new year starts again at 1");
    assert_eq!(a.number_label(), "Số 1-NQ/CB");
    assert_eq!(
        store.proposed_resolution_number(y2026[2].id).unwrap(),
        3,
        "the next free number is proposed"
    );

    let mut text = b.text.clone();
    text.number = 1;
    let refused = store.write(|tx| tx.save_resolution(y2026[1].id, &text, ResolutionSave::Edited));
    assert!(
        matches!(
            refused,
            Err(Error::Invalid {
                field: "number",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        store.resolution(y2026[1].id).unwrap().unwrap().text.number,
        2
    );
    // Number 0 and an empty subject are refused too.
    let mut text = b.text.clone();
    text.number = 0;
    assert!(
        store
            .write(|tx| tx.save_resolution(y2026[1].id, &text, ResolutionSave::Edited))
            .is_err()
    );
    let mut text = b.text.clone();
    text.subject = "  ".into();
    assert!(
        store
            .write(|tx| tx.save_resolution(y2026[1].id, &text, ResolutionSave::Edited))
            .is_err()
    );
}

#[test]
fn a_meeting_not_yet_closed_has_no_resolution() {
    let mut store = common::demo_memory();
    let cell = store.cells().unwrap().remove(0);
    let planned = store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap();
    assert!(paperwork::resolution(&mut store, planned.id).is_err());
    let text = ResolutionText {
        number: 9,
        subject: "Thử".into(),
        ..ResolutionText::default()
    };
    assert!(
        store
            .write(|tx| tx.save_resolution(planned.id, &text, ResolutionSave::Drafted))
            .is_err()
    );
    assert_eq!(store.resolution(planned.id).unwrap(), None);
}

#[test]
fn the_stored_resolution_survives_reopening_and_a_renamed_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_file(dir.path());
    let (id, stored) = {
        let mut store = Store::open(&path, common::clock()).unwrap();
        let id = resolved(&store);
        (id, paperwork::resolution(&mut store, id).unwrap())
    };
    let mut store = Store::open(&path, common::clock()).unwrap();
    let cell = store.cells().unwrap().remove(0);
    store
        .write(|tx| {
            tx.update_cell(
                cell.id,
                &CellInput {
                    name: "Chi bộ Đổi Tên".into(),
                    upper_unit: cell.upper_unit.clone(),
                    place_name: "Nơi Khác".into(),
                    usual_venue: cell.usual_venue.clone(),
                },
            )
        })
        .unwrap();
    let reopened = store.resolution(id).unwrap().unwrap();
    assert_eq!(reopened, stored);
    assert_eq!(reopened.header.cell_name, "Chi bộ Khoa Kinh tế");
    assert_eq!(reopened.header.place_name, "Gò Công");
}

#[test]
fn resolutions_travel_in_the_json_export() {
    let mut store = common::demo_memory();
    let id = resolved(&store);
    let stored = paperwork::resolution(&mut store, id).unwrap();
    let dump = store.dump().unwrap();
    assert_eq!(dump.tables["resolutions"].len(), 1);
    let mut copy = Store::open_in_memory(common::clock()).unwrap();
    copy.load_dump(&dump).unwrap();
    assert_eq!(copy.resolution(id).unwrap().unwrap(), stored);
    assert!(copy.integrity_problems().unwrap().is_empty());
}
