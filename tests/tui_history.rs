//! The history tab, the member's record and the committee overview on the
//! demo cell, as a secretary reaches them: each view a few keys away,
//! snapshots at 80×24 and 120×40.

mod common;

use chibo::i18n::Lang;
use common::tui::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Cells → members → meetings → history: three keys.
fn history(w: u16, h: u16) -> Harness {
    let mut harness = Harness::demo(Lang::Vi, w, h);
    harness.keys("<enter><tab><tab>");
    assert!(
        harness.screen().contains("[ Lịch sử ]"),
        "{}",
        harness.screen()
    );
    harness
}

#[test]
fn every_view_of_the_history_in_a_key() {
    for (w, h) in SIZES {
        let mut harness = history(w, h);
        let screen = harness.screen();
        assert!(screen.contains("Các tháng"), "{screen}");
        assert!(screen.contains("11/2026"), "{screen}");
        insta::assert_snapshot!(format!("history_months_{w}x{h}"), screen);
        for (key, name, marker) in [
            ("2", "attendance", "Tỷ lệ dự họp từng buổi"),
            ("3", "members", "Đảng viên × buổi họp"),
            ("4", "quality", "Chất lượng các buổi sinh hoạt năm 2026"),
            ("5", "tasks", "Sổ theo dõi nhiệm vụ"),
            ("6", "warnings", "Cảnh báo theo quy định"),
        ] {
            harness.keys(key);
            let screen = harness.screen();
            assert!(screen.contains(marker), "{name}: {screen}");
            insta::assert_snapshot!(format!("history_{name}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn the_member_matrix_sorts_by_unexcused_absences_and_opens_a_meeting() {
    let mut harness = history(120, 40);
    harness.keys("3o");
    let screen = harness.screen();
    assert!(screen.contains("theo số lần vắng không lý do"), "{screen}");
    // Enter opens the meeting under the cursor (the newest column)
    harness.keys("<enter>");
    let screen = harness.screen();
    assert!(screen.contains("Điểm danh"), "{screen}");
}

#[test]
fn the_year_moves_with_brackets() {
    let mut harness = history(80, 24);
    harness.keys("[");
    let screen = harness.screen();
    assert!(screen.contains("‹ 2025 ›"), "{screen}");
    assert!(screen.contains("01/2025"), "{screen}");
    // nothing after the current year
    harness.keys("]]]");
    assert!(
        harness.screen().contains("‹ 2026 ›"),
        "{}",
        harness.screen()
    );
}

#[test]
fn search_finds_a_remark_without_accents_and_opens_its_meeting() {
    let mut harness = history(80, 24);
    harness.keys("/bieu duong");
    let screen = harness.screen();
    assert!(screen.contains("ý kiến"), "{screen}");
    assert!(screen.contains("biểu dương"), "{screen}");
    insta::assert_snapshot!("history_search_80x24", screen);
    harness.keys("<enter><enter>");
    let screen = harness.screen();
    assert!(screen.contains("[ Diễn biến ]"), "{screen}");
}

#[test]
fn the_task_register_filters_by_status_and_person() {
    let mut harness = history(120, 40);
    harness.keys("5f");
    let screen = harness.screen();
    assert!(screen.contains("chưa xong"), "{screen}");
    harness.keys("ff");
    assert!(
        harness.screen().contains("đã hoàn thành"),
        "{}",
        harness.screen()
    );
    harness.keys("p");
    let screen = harness.screen();
    assert!(screen.contains("đã hoàn thành · "), "{screen}");
}

#[test]
fn a_members_record_shows_a_year_of_meetings() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        // the cells, the members, the first member
        harness.keys("<enter><enter>");
        let screen = harness.screen();
        assert!(
            screen.contains("Sinh hoạt từ 26/11/2025 đến 25/11/2026"),
            "{screen}"
        );
        harness.keys("G");
        insta::assert_snapshot!(format!("member_record_{w}x{h}"), harness.screen());
        harness.keys("[");
        assert!(
            harness.screen().contains("đến 25/11/2025") || {
                harness.keys("g");
                harness.screen().contains("đến 25/11/2025")
            },
            "{}",
            harness.screen()
        );
    }
}

#[test]
fn the_committee_sees_every_cell() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("c");
        let screen = harness.screen();
        assert!(
            screen.contains("Các chi bộ năm 2026 (1 chi bộ)"),
            "{screen}"
        );
        assert!(screen.contains("Chi bộ Khoa Kinh tế"), "{screen}");
        insta::assert_snapshot!(format!("overview_{w}x{h}"), screen);
        harness.keys("<enter>");
        assert!(
            harness.screen().contains("Các tháng"),
            "{}",
            harness.screen()
        );
    }
}
