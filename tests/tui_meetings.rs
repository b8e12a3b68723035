//! The meetings tab and the agenda builder, driven by keys.

mod common;

use chibo::domain::{MeetingKind, MeetingStatus, PrepStep, TaskOutcome};
use chibo::i18n::Lang;
use chibo::vi;
use common::tui::Harness;

fn planned(h: &Harness) -> chibo::domain::Meeting {
    let cell = h.store().cells().unwrap()[0].id;
    h.store()
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap()
}

fn snap(name: &str, h: &Harness) {
    insta::assert_snapshot!(format!("{name}_{}x{}", h.width, h.height), h.screen());
}

#[test]
fn meetings_list_and_builder_snapshots() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::demo(Lang::Vi, w, hgt);
        h.keys("<enter><tab>");
        snap("meetings", &h);
        h.keys("<enter>");
        snap("agenda_builder", &h);
    }
}

#[test]
fn a_long_meetings_list_at_the_minimum_size() {
    let mut h = Harness::demo(Lang::Vi, 60, 16);
    h.keys("<enter><tab><home>");
    let screen = h.screen();
    // 32 meetings, 10 rows: where the selection is, and that more follow
    assert!(screen.contains("  1/32 ▼"), "{screen}");
    // every header whole
    for header in ["Thời gian", "Loại", "Trạng thái", "Có mặt"] {
        assert!(screen.contains(header), "{header}: {screen}");
    }
    snap("meetings", &h);
    h.keys("<c-d>");
    assert!(h.screen().contains("▲ 11/32 ▼"), "{}", h.screen());
    h.keys("<c-d><c-d><c-d>");
    assert!(h.screen().contains("▲ 32/32"), "{}", h.screen());
    h.keys("<c-u>");
    assert!(h.screen().contains("▲ 22/32 ▼"), "{}", h.screen());
    h.keys("G");
    snap("meetings_end", &h);
    h.keys("g");
    assert!(h.screen().contains("  1/32 ▼"));
}

#[test]
fn meetings_list_headers_are_never_cut() {
    for (w, hgt) in [(60, 16), (80, 24), (100, 30), (120, 40)] {
        let mut h = Harness::demo(Lang::Vi, w, hgt);
        h.keys("<enter><tab>");
        let screen = h.screen();
        let header = screen.lines().nth(3).unwrap();
        assert!(!header.contains('…'), "{w}: {header}");
        if w >= 120 {
            assert!(header.contains("Thời lượng"), "{w}: {header}");
        }
    }
}

#[test]
fn prepare_next_month_from_the_template() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    let cell = h.store().cells().unwrap()[0].id;
    let before = h.store().meetings(cell).unwrap().len();
    // a: new meeting; the form offers a regular meeting a month after the
    // last one, at the usual place, with the secretary as chair
    h.keys("<enter><tab>a");
    let screen = h.screen();
    assert!(screen.contains("Buổi sinh hoạt mới"), "{screen}");
    assert!(screen.contains("07/01/2027 14:00"), "{screen}");
    assert!(screen.contains("Nguyễn Văn Đạt"), "{screen}");
    h.keys("<c-s>");
    let meetings = h.store().meetings(cell).unwrap();
    assert_eq!(meetings.len(), before + 1);
    let new = &meetings[0];
    assert_eq!(new.kind, MeetingKind::Regular);
    assert_eq!(vi::date_time(new.planned_at), "07/01/2027 14:00");
    assert_eq!(h.store().agenda(new.id).unwrap().len(), 18);
    // straight into the builder, the total checked against the rules
    let screen = h.screen();
    assert!(screen.contains("Tổng 103 phút"), "{screen}");
    assert!(
        screen.contains("[x] đủ tối thiểu 90 phút (HD 42)"),
        "{screen}"
    );
}

#[test]
fn a_combined_meeting_needs_120_minutes() {
    let mut h = Harness::demo(Lang::Vi, 100, 30);
    // kind "Thường kỳ + chuyên đề" found by typing "+", tomorrow at 14:00
    h.keys("<enter><tab>a+<tab><bs>mai 14:00<c-s>");
    let screen = h.screen();
    assert!(screen.contains("Tổng 136 phút"), "{screen}");
    assert!(screen.contains("[x] đủ tối thiểu 120 phút"), "{screen}");
    let cell = h.store().cells().unwrap()[0].id;
    let m = h
        .store()
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| m.kind == MeetingKind::Combined && m.status == MeetingStatus::Planned)
        .unwrap();
    let rows = h.store().agenda(m.id).unwrap();
    let index = rows
        .iter()
        .position(|i| i.title == "Chuyên đề: trình bày")
        .unwrap();
    let item = rows[index].clone();
    h.keys("<home>");
    for _ in 0..index + carried_rows_before(&h, m.id, index) {
        h.keys("<down>");
    }
    // delete the 20-minute presentation (asked first): 116 < 120
    h.keys("x");
    assert!(
        h.screen().contains("Xóa nội dung «Chuyên đề: trình bày»"),
        "{}",
        h.screen()
    );
    assert!(
        h.store()
            .agenda(m.id)
            .unwrap()
            .iter()
            .any(|i| i.id == item.id)
    );
    h.keys("y");
    assert!(
        h.store()
            .agenda(m.id)
            .unwrap()
            .iter()
            .all(|i| i.id != item.id),
        "deleted"
    );
    let screen = h.screen();
    assert!(screen.contains("[!] dưới tối thiểu 120 phút"), "{screen}");
    assert!(screen.contains("dưới mức tối thiểu 120 phút"), "{screen}");
    // undo brings it back, same place
    h.keys("u");
    let rows = h.store().agenda(m.id).unwrap();
    assert_eq!(rows[index].id, item.id);
    assert!(h.screen().contains("[x] đủ tối thiểu 120 phút"));
    // an edit is undone too: 20 minutes become 5, then 20 again
    h.keys("e<tab><c-u>5<c-s>");
    let minutes = |h: &Harness| h.store().agenda(m.id).unwrap()[index].planned_minutes;
    assert_eq!(minutes(&h), 5, "{}", h.screen());
    h.keys("u");
    assert_eq!(minutes(&h), 20, "{}", h.screen());
    assert!(h.screen().contains("Đã hoàn tác"), "{}", h.screen());
}

/// Rows of carried tasks shown above item `index` in the builder.
fn carried_rows_before(h: &Harness, meeting_id: i64, index: usize) -> usize {
    let items = h.store().agenda(meeting_id).unwrap();
    let m = h.store().meeting(meeting_id).unwrap();
    let carried = h.store().carried_tasks(&m).unwrap().len();
    items[..index].iter().filter(|i| i.carry_over).count() * carried
}

#[test]
fn reorder_with_one_key_each() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter>");
    let m = planned(&h);
    let before = h.store().agenda(m.id).unwrap();
    // second item down, then back up
    h.keys("<down>J");
    let after = h.store().agenda(m.id).unwrap();
    assert_eq!(after[2].id, before[1].id);
    assert_eq!(after[1].id, before[2].id);
    h.keys("K");
    assert_eq!(h.store().agenda(m.id).unwrap(), before);
}

#[test]
fn add_an_item_after_the_selected_one() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter><down>a");
    h.keys("Quán triệt Nghị quyết Hội nghị Trung ương<tab>20<tab><right><c-s>");
    let m = planned(&h);
    let items = h.store().agenda(m.id).unwrap();
    assert_eq!(items[2].title, "Quán triệt Nghị quyết Hội nghị Trung ương");
    assert_eq!(items[2].planned_minutes, 20);
    assert!(
        items[2].presenter_id.is_some(),
        "a presenter picked from the roster"
    );
    assert!(h.screen().contains("Tổng 123 phút"));
    // bad minutes are refused on the form
    h.keys("e<tab>abc<c-s>");
    assert!(h.screen().contains("nhập số phút từ 0 đến 600"));
}

#[test]
fn mark_the_outcome_of_a_carried_task() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter>");
    let m = planned(&h);
    let carried = h.store().carried_tasks(&m).unwrap();
    let review = h
        .store()
        .agenda(m.id)
        .unwrap()
        .iter()
        .position(|i| i.carry_over)
        .unwrap();
    for _ in 0..=review {
        h.keys("<down>");
    }
    // on the first task row: o, choose "done", a note
    h.keys("oda hoan<tab>Đã hoàn thành trước hạn<c-s>");
    let task = h
        .store()
        .carried_tasks(&m)
        .unwrap()
        .into_iter()
        .find(|t| t.id == carried[0].id)
        .unwrap();
    assert_eq!(task.outcome, Some(TaskOutcome::Done), "{}", h.screen());
    assert_eq!(task.outcome_note, "Đã hoàn thành trước hạn");
    assert!(h.screen().contains("[x] Đã hoàn thành"));
}

#[test]
fn duplicate_an_earlier_meeting() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    let cell = h.store().cells().unwrap()[0].id;
    h.keys("<enter><tab>");
    // the thematic meeting of September is the fourth row
    h.keys("<home><down><down><down>d");
    let screen = h.screen();
    assert!(
        screen.contains("Chương trình sẽ được sao từ buổi"),
        "{screen}"
    );
    h.keys("<c-s>");
    let meetings = h.store().meetings(cell).unwrap();
    let new = meetings
        .iter()
        .find(|m| m.status == MeetingStatus::Planned && m.kind == MeetingKind::Thematic)
        .unwrap();
    let source = meetings
        .iter()
        .find(|m| vi::date(m.date()) == "21/09/2026")
        .unwrap();
    let a: Vec<String> = h
        .store()
        .agenda(new.id)
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    let b: Vec<String> = h
        .store()
        .agenda(source.id)
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(a, b);
    assert_eq!(new.title, source.title);
}

#[test]
fn postpone_cancel_and_delete_from_the_list() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><home>p");
    h.keys("14/12/2026 8:00<tab>Trùng lịch<c-s>");
    let m = planned(&h);
    assert_eq!(vi::date_time(m.planned_at), "14/12/2026 08:00");
    assert_eq!(h.store().reschedules(m.id).unwrap().len(), 1);
    // a held meeting cannot be postponed or deleted
    h.keys("<down>p");
    assert!(h.screen().contains("Chỉ hoãn hoặc hủy được buổi chưa họp."));
    h.keys("x");
    assert!(h.screen().contains("Chỉ xóa được buổi chưa họp"));
    // cancel the planned one (asks first), then delete it
    h.keys("<home>c");
    assert!(h.screen().contains("Hủy buổi sinh hoạt 14/12/2026 08:00?"));
    h.keys("y");
    assert_eq!(
        h.store().meeting(m.id).unwrap().status,
        MeetingStatus::Cancelled
    );
    h.keys("x");
    assert!(h.screen().contains("Xóa hẳn buổi sinh hoạt"));
    h.keys("y");
    assert!(h.store().meeting(m.id).is_err());
}

#[test]
fn preparation_checklist_and_late_materials() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter>p");
    // committee met on the 20th; materials sent the day of the meeting: late
    h.keys("20/11/2026<tab><tab><tab><tab>07/12/2026<c-s>");
    let m = planned(&h);
    let steps = h.store().preparation(m.id).unwrap();
    assert_eq!(steps.len(), 2);
    assert!(steps.iter().any(|s| s.step == PrepStep::CommitteeMet));
    let screen = h.screen();
    assert!(screen.contains("[x] Chi ủy 20/11"), "{screen}");
    assert!(
        screen.contains("Tài liệu chưa gửi trước hạn 06/12/2026 (đã gửi 07/12/2026)"),
        "{screen}"
    );
}

#[test]
fn guests_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter>nNguyễn Thanh Sơn<tab>Đảng ủy viên<c-s>");
    let m = planned(&h);
    assert_eq!(h.store().guests(m.id).unwrap()[0].name, "Nguyễn Thanh Sơn");
    let out = dir.path().join("ct.md");
    h.keys("w");
    h.keys("<bs>");
    h.paste(out.to_str().unwrap());
    h.keys("<c-s>");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("## CHƯƠNG TRÌNH"));
    assert!(text.contains("Đại biểu: đồng chí Nguyễn Thanh Sơn, Đảng ủy viên"));
    assert!(h.screen().contains("Đã ghi chương trình ra"));
    // remove the guest (asks first)
    h.keys("<end>x");
    assert!(h.screen().contains("Xóa đại biểu Nguyễn Thanh Sơn?"));
    h.keys("y");
    assert!(h.store().guests(m.id).unwrap().is_empty());
}

#[test]
fn typed_short_dates_for_a_new_meeting() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    let cell = h.store().cells().unwrap()[0].id;
    // Wednesday 25/11/2026: "thứ 6 7h30" is Friday 27/11 at 07:30
    h.keys("<enter><tab>a<tab><bs>thứ 6 7h30<c-s>");
    let new = h
        .store()
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| vi::date(m.date()) == "27/11/2026")
        .expect("a meeting on Friday 27/11");
    assert_eq!(
        vi::date_time(new.planned_at),
        "27/11/2026 07:30",
        "{}",
        h.screen()
    );
    h.keys("<esc><home>a<tab><bs>sang nam<c-s>");
    assert!(h.screen().contains("không phải thời điểm hợp lệ"));
}

#[test]
fn the_meetings_list_writes_decimals_in_the_ui_language() {
    let percents = |lang| {
        let mut h = Harness::demo(lang, 120, 40);
        h.keys("<enter><tab>");
        h.screen()
            .split_whitespace()
            .filter(|w| w.ends_with('%'))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let vi = percents(Lang::Vi);
    let en = percents(Lang::En);
    assert!(
        !vi.is_empty() && vi.iter().all(|p| p.contains(',')),
        "{vi:?}"
    );
    let vi_as_en: Vec<String> = vi.iter().map(|p| p.replace(',', ".")).collect();
    assert_eq!(en, vi_as_en);
}

#[test]
fn the_english_checklist_asks_for_today_and_both_words_work() {
    let mut h = Harness::demo(Lang::En, 80, 24);
    h.keys("<enter><tab><enter>p");
    let screen = h.screen();
    assert!(screen.contains("“today”"), "{screen}");
    assert!(!screen.contains("hôm nay"), "{screen}");
    // committee met "today", members notified "hôm nay": both are 25/11/2026
    h.keys("today<tab><tab>hôm nay<c-s>");
    let m = planned(&h);
    let steps = h.store().preparation(m.id).unwrap();
    assert_eq!(steps.len(), 2, "{}", h.screen());
    assert!(
        steps.iter().all(|s| s.done_on == common::today()),
        "{steps:?}"
    );
}

/// The checklist keeps what materials were sent, and the notice lists them;
/// a list without the day it was sent is refused, nothing saved.
#[test]
fn the_materials_sent_reach_the_notice() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><enter>p");
    h.keys("<tab><tab><tab><tab><tab>");
    h.paste("Dự thảo nghị quyết tháng 12; Báo cáo sơ kết học kỳ");
    h.keys("<c-s>");
    let screen = h.screen();
    assert!(screen.contains("Ghi ngày gửi tài liệu"), "{screen}");
    let m = planned(&h);
    assert!(h.store().preparation(m.id).unwrap().is_empty());
    // the cursor is on the day that is missing
    h.keys("hôm nay<c-s>");
    let steps = h.store().preparation(m.id).unwrap();
    assert_eq!(steps.len(), 1, "{}", h.screen());
    assert_eq!(steps[0].step, PrepStep::MaterialsSent);
    assert_eq!(
        steps[0].note,
        "Dự thảo nghị quyết tháng 12; Báo cáo sơ kết học kỳ"
    );
    // the form shows it again, and the notice lists it
    h.keys("p");
    assert!(
        h.screen().contains("Dự thảo nghị quyết tháng 12"),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    let notice = chibo::paperwork::notice_short(h.store(), m.id, common::today()).unwrap();
    let page =
        chibo::paperwork::read_page(h.store(), chibo::paperwork::Paper::Notice, m.id).unwrap();
    let text = chibo::documents::render::text::render(&page, chibo::documents::render::text::WIDTH);
    assert!(
        text.contains("Tài liệu cần đọc trước: Dự thảo nghị quyết tháng 12; Báo cáo sơ kết học kỳ"),
        "{text}\n{notice}"
    );
}

/// The meeting form names the problem on the minute taker's field when the
/// chair is chosen again, and saves nothing.
#[test]
fn the_meeting_form_refuses_one_person_for_both_signatures() {
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    let cell = h.store().cells().unwrap()[0].id;
    let before = h.store().meetings(cell).unwrap().len();
    h.keys("<enter><tab>a");
    // kind, time, place, chair (the secretary, proposed), minute taker
    h.keys("<tab><tab><tab><tab>");
    let chair = h
        .screen()
        .lines()
        .find(|l| l.contains("Chủ trì"))
        .and_then(|l| l.split('◂').nth(1))
        .and_then(|l| l.split('▸').next())
        .map(|n| n.trim().to_string())
        .unwrap();
    for _ in 0..40 {
        if h.screen()
            .lines()
            .any(|l| l.contains("Thư ký") && l.contains(&chair))
        {
            break;
        }
        h.keys("<right>");
    }
    h.keys("<c-s>");
    let screen = h.screen();
    assert!(
        screen.contains("Thư ký phải là một đồng chí khác"),
        "{screen}"
    );
    assert_eq!(h.store().meetings(cell).unwrap().len(), before);
    h.keys("<right><c-s>");
    assert_eq!(
        h.store().meetings(cell).unwrap().len(),
        before + 1,
        "{}",
        h.screen()
    );
}
