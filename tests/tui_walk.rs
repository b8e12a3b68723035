//! A whole meeting of a 150-member cell walked at 80×24, as a secretary
//! would: roll call, every agenda item, three multi-line remarks (one
//! corrected), a vote, two tasks, close, lock. Every snapshot on the way
//! shows every figure whole.

mod common;

use chibo::domain::{MarkKind, MeetingKind, MeetingStatus};
use chibo::i18n::Lang;
use chibo::store::{CellInput, MeetingInput, MemberInput, Store};
use chrono::NaiveDate;
use common::tui::Harness;

const MEMBERS: usize = 150;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 150 members, one in ten probationary, and a meeting today.
fn big_cell() -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_in_memory(common::clock()).unwrap();
    let (meeting, ids) = store
        .write(|tx| {
            let cell = tx.create_cell(&CellInput {
                name: "Chi bộ Một Trăm Năm Mươi".into(),
                place_name: "Huế".into(),
                ..Default::default()
            })?;
            let mut ids = Vec::new();
            for i in 0..MEMBERS {
                let probationary = i % 10 == 9;
                let input = MemberInput {
                    full_name: format!("Đảng Viên A{i:03}"),
                    admitted_on: Some(if probationary {
                        day(2026, 6, 1)
                    } else {
                        day(2000, 1, 1)
                    }),
                    official_on: (!probationary).then(|| day(2001, 1, 1)),
                    ..Default::default()
                };
                ids.push(tx.add_member(cell.id, &input)?.id);
            }
            let m = chibo::planning::create_meeting(
                tx,
                cell.id,
                &MeetingInput {
                    kind: MeetingKind::Regular,
                    title: String::new(),
                    planned_at: common::today().and_hms_opt(8, 0, 0).unwrap(),
                    place: "Hội trường".into(),
                    chair_id: Some(ids[0]),
                    minute_taker_id: Some(ids[1]),
                },
            )?;
            Ok((m.id, ids))
        })
        .unwrap();
    (store, meeting, ids)
}

/// `label n` is on the screen with the number whole (not followed by
/// another digit: a cut "Chưa điểm 1" for 11 would fail).
fn shows_whole(screen: &str, label: &str, n: impl std::fmt::Display) {
    let needle = format!("{label} {n}");
    let whole = screen
        .match_indices(&needle)
        .any(|(i, _)| !screen[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit()));
    assert!(whole, "“{needle}” is not shown whole in\n{screen}");
}

/// Every figure of the roll call as the store has it, whole on screen.
fn figures_whole(h: &Harness, meeting: i64) {
    let screen = h.screen();
    let m = h.store().meeting(meeting).unwrap();
    let roster = h.store().roster(&m).unwrap();
    let marks = h.store().marks(meeting).unwrap();
    let f = chibo::domain::Figures::compute(&roster, &marks, None);
    shows_whole(&screen, "Phải triệu tập", f.expected);
    shows_whole(&screen, "Có mặt", f.present);
    shows_whole(&screen, "Vắng có LD", f.absent_excused.len());
    shows_whole(&screen, "không LD", f.absent_unexcused.len());
    shows_whole(&screen, "Chưa điểm", f.unmarked);
    shows_whole(&screen, "D", f.denominator);
    shows_whole(&screen, "V", f.eligible_present);
    shows_whole(&screen, "Tổng", f.total);
}

#[test]
fn a_whole_meeting_of_150_members_at_80x24() {
    let (store, meeting, ids) = big_cell();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    h.keys("<enter><tab><f6>");
    assert!(h.screen().contains("Điểm danh"), "{}", h.screen());
    figures_whole(&h, meeting);
    // opened at 08:00; 100 present: three-digit counts
    h.keys("<c-b><c-u>08:00<enter>");
    h.keys(&"<space>".repeat(100));
    figures_whole(&h, meeting);
    insta::assert_snapshot!("walk_100_present", h.screen());
    // 20 absent with a reason, 11 without: two-digit counts everywhere
    h.keys(&"3<enter>".repeat(20));
    h.keys(&"4".repeat(11));
    figures_whole(&h, meeting);
    shows_whole(&h.screen(), "Chưa điểm", 19);
    insta::assert_snapshot!("walk_19_unmarked", h.screen());
    // the rest present with one key and a yes
    h.keys("*y");
    figures_whole(&h, meeting);
    shows_whole(&h.screen(), "Chưa điểm", 0);
    assert_eq!(h.store().marks(meeting).unwrap().len(), MEMBERS);
    assert_eq!(
        h.store()
            .marks(meeting)
            .unwrap()
            .iter()
            .filter(|m| m.kind == MarkKind::AbsentExcused)
            .count(),
        20
    );

    // the proceedings: item 1 starts, then on to 11, the discussion
    h.keys("<tab><enter>");
    h.keys(&"<enter>".repeat(10));
    let items = h.store().agenda(meeting).unwrap();
    assert!(items[10].started_at.is_some() && items[10].ended_at.is_none());
    // three remarks of two lines each, by the first three members
    for (n, who) in ["<right>", "<right><right>", "<right><right><right>"]
        .iter()
        .enumerate()
    {
        h.keys(&format!(
            "r{who}<tab>Ý kiến thứ {} dòng một.<enter>Dòng hai của ý kiến.<c-s>",
            n + 1
        ));
    }
    let remarks = h.store().remarks(meeting).unwrap();
    assert_eq!(remarks.len(), 3);
    assert!(
        remarks
            .iter()
            .all(|r| r.text.ends_with("dòng một.\nDòng hai của ý kiến.")),
        "{remarks:?}"
    );
    assert!(
        remarks
            .iter()
            .all(|r| r.agenda_item_id == Some(items[10].id))
    );
    figures_whole(&h, meeting);
    insta::assert_snapshot!("walk_three_remarks", h.screen());
    // the first remark corrected: its second line rewritten
    h.keys("<down>e");
    assert!(h.screen().contains("Sửa ý kiến"), "{}", h.screen());
    h.keys("<tab><c-u>Dòng hai đã sửa.<c-s>");
    let corrected = h.store().remark(remarks[0].id).unwrap();
    assert_eq!(corrected.text, "Ý kiến thứ 1 dòng một.\nDòng hai đã sửa.");
    let audit = h.store().audit_of(corrected.uuid).unwrap();
    assert!(audit.len() >= 2, "the correction is in the log: {audit:?}");
    insta::assert_snapshot!("walk_remark_corrected", h.screen());

    // on to 14 (conclusion, tasks): two tasks
    h.keys("<up><enter><enter><enter>");
    let items = h.store().agenda(meeting).unwrap();
    assert!(items[13].started_at.is_some() && items[13].ended_at.is_none());
    h.keys("tLập hồ sơ kết nạp quần chúng ưu tú<tab><right><tab>31/12/2026<c-s>");
    h.keys("tHoàn thành thu đảng phí quý IV<tab><right><right><tab>15/12/2026<c-s>");
    let tasks = h.store().tasks(meeting).unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1].assignee_id, Some(ids[1]));
    // 15: the resolution's vote, its subject taken from the step
    h.keys("<enter>");
    let v = h
        .store()
        .voting_figures_at(&h.store().meeting(meeting).unwrap(), common::clock().now())
        .unwrap();
    h.keys(&format!("v<tab><tab>{}<c-s>", v.eligible_present));
    let votes = h.store().votes(meeting).unwrap();
    assert_eq!(votes.len(), 1);
    assert_eq!(votes[0].agenda_item_id, Some(items[14].id));
    assert_eq!(votes[0].votes_for, v.eligible_present);
    figures_whole(&h, meeting);
    insta::assert_snapshot!("walk_vote", h.screen());
    // 16, 17, 18: the rest of the agenda
    h.keys("<enter><enter><enter>");
    let items = h.store().agenda(meeting).unwrap();
    assert!(
        items[..17].iter().all(|i| i.ended_at.is_some()),
        "{items:?}"
    );
    // end at 09:30 (90 minutes), close, lock
    h.keys("<c-e><c-u>09:30<enter><f10>");
    let screen = h.screen();
    assert!(
        screen.contains("Kết thúc") || screen.contains("Lưu ý"),
        "{screen}"
    );
    h.keys("y");
    assert_eq!(
        h.store().meeting(meeting).unwrap().status,
        MeetingStatus::Closed,
        "{}",
        h.screen()
    );
    figures_whole(&h, meeting);
    insta::assert_snapshot!("walk_closed", h.screen());
    h.keys("<f12>y");
    assert_eq!(
        h.store().meeting(meeting).unwrap().status,
        MeetingStatus::Locked
    );
    figures_whole(&h, meeting);
    insta::assert_snapshot!("walk_locked", h.screen());
    // the minutes keep the remarks' line breaks and the correction
    let minutes = chibo::planning::minutes_document(
        h.store(),
        meeting,
        chibo::documents::layout::Format::Text,
    )
    .unwrap();
    assert!(minutes.contains("Dòng hai đã sửa."), "{minutes}");
    assert!(minutes.contains("Ý kiến thứ 3 dòng một."), "{minutes}");
}
