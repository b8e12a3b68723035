//! Key-driven flows through the app on real (in-memory) SQLite: what the
//! keys do, checked in the rows written and on the screen.

mod common;

use chibo::domain::{Situation, StatusEventKind};
use chibo::i18n::Lang;
use chibo::vi;
use common::today;
use common::tui::Harness;

fn demo() -> Harness {
    Harness::demo(Lang::Vi, 80, 24)
}

fn cell_id(h: &Harness) -> i64 {
    h.store().cells().unwrap()[0].id
}

fn member_named(h: &Harness, name: &str) -> Option<chibo::domain::Member> {
    h.store()
        .members(cell_id(h))
        .unwrap()
        .into_iter()
        .find(|m| m.full_name == name)
}

#[test]
fn add_a_member_with_diacritics() {
    let mut h = demo();
    h.keys("<enter>a");
    // typed as an input method would deliver it, partly decomposed
    h.keys("Đặng Thị Ánh Nguye\u{302}\u{323}t<tab>15/04/1990<tab><right><right><tab>03/02/2020<tab><tab>82.777001<c-s>");
    let screen = h.screen();
    assert!(screen.contains("✓ Đã lưu."), "{screen}");
    let m = member_named(&h, "Đặng Thị Ánh Nguyệt").expect("stored in NFC");
    assert_eq!(m.birth_date.map(vi::date).as_deref(), Some("15/04/1990"));
    assert_eq!(m.gender, Some(chibo::domain::Gender::Female));
    assert_eq!(m.admitted_on().map(vi::date).as_deref(), Some("03/02/2020"));
    assert_eq!(m.current_card().unwrap().number, "82.777001");
    assert!(screen.contains("Đặng Thị Ánh Nguyệt"), "{screen}");
    assert!(screen.contains("25 đảng viên"), "{screen}");
}

#[test]
fn filter_without_accents() {
    let mut h = demo();
    h.keys("<enter>/nguyen");
    let screen = h.screen();
    let listed: Vec<&str> = screen
        .lines()
        .skip(4)
        .filter(|l| l.starts_with("Nguyễn"))
        .collect();
    assert_eq!(listed.len(), 3, "{screen}");
    assert!(!screen.contains("Ngô Thị Lan Anh"));
    h.keys(" dat");
    let screen = h.screen();
    assert!(screen.contains("Nguyễn Văn Đạt"));
    assert!(!screen.contains("Nguyễn Thị Út"));
    // Esc ends the filter and brings everyone back
    h.keys("<esc>");
    assert!(h.screen().contains("Ngô Thị Lan Anh"));
}

#[test]
fn duplicate_name_warns_then_saves_on_second_save() {
    let mut h = demo();
    h.keys("<enter>aNguyen Van Dat<tab>12/05/1972<tab><tab>01/01/2000<c-s>");
    let screen = h.screen();
    assert!(
        screen.contains("trùng tên và năm sinh: Nguyễn Văn Đạt (1972)"),
        "{screen}"
    );
    assert!(
        member_named(&h, "Nguyen Van Dat").is_none(),
        "nothing written yet"
    );
    h.keys("<c-s>");
    assert!(member_named(&h, "Nguyen Van Dat").is_some());
}

#[test]
fn edit_a_member() {
    let mut h = demo();
    h.keys("<enter>/lam thi yen<enter>e<tab><tab><tab><tab><tab><tab>0912 345 678<c-s>");
    let m = member_named(&h, "Lâm Thị Yến").unwrap();
    assert_eq!(m.phone, "0912 345 678");
    let log = h.store().audit_of(m.uuid).unwrap();
    assert_eq!(log.last().unwrap().action, "update");
    assert!(
        log.last()
            .unwrap()
            .after
            .as_deref()
            .unwrap()
            .contains("0912 345 678")
    );
}

#[test]
fn record_an_exemption() {
    let mut h = demo();
    h.keys("<enter>/mai van loc<enter>s");
    // kind defaults to exemption; from today until the end of next year
    h.keys("<tab><tab>31/12/2027<tab>Quyết định số 9-QĐ/ĐU<tab><tab>Ốm dài ngày<c-s>");
    let m = member_named(&h, "Mai Văn Lộc").unwrap();
    let event = m
        .events
        .iter()
        .find(|e| e.kind == StatusEventKind::Exempt)
        .unwrap();
    assert_eq!(event.date, today());
    assert_eq!(event.until.map(vi::date).as_deref(), Some("31/12/2027"));
    assert_eq!(event.decision, "Quyết định số 9-QĐ/ĐU");
    assert!(matches!(
        m.situation_on(today()),
        Situation::Own { exempt: true, .. }
    ));
    assert!(h.screen().contains("Chính thức · miễn SH"));
    // the detail view shows the history
    h.keys("<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Miễn công tác và sinh hoạt đảng đến 31/12/2027"),
        "{screen}"
    );
}

#[test]
fn an_end_date_before_the_start_is_refused() {
    let mut h = demo();
    h.keys("<enter>s<tab>01/06/2026<tab>01/05/2026<c-s>");
    assert!(h.screen().contains("ngày kết thúc trước ngày bắt đầu"));
}

#[test]
fn give_an_office() {
    let mut h = demo();
    h.keys("<enter>/le van hop<esc>/quang dung<enter>r<tab><right><c-s>");
    // the office cycles from committee member to group leader
    let m = member_named(&h, "Tạ Quang Dũng").unwrap();
    assert_eq!(m.roles.len(), 1);
    assert_eq!(m.roles[0].kind, chibo::domain::RoleKind::GroupLeader);
    assert_eq!(m.roles[0].from, today());
}

#[test]
fn end_an_office() {
    let mut h = demo();
    h.keys("<enter>/van dat<enter>r<right><tab><left><left><tab>30/11/2026<c-s>");
    let m = member_named(&h, "Nguyễn Văn Đạt").unwrap();
    assert_eq!(m.roles[0].kind, chibo::domain::RoleKind::Secretary);
    assert_eq!(
        m.roles[0].until.map(vi::date).as_deref(),
        Some("30/11/2026")
    );
    // ending an office the member does not hold is refused on the form
    h.keys("r<right><c-s>");
    let screen = h.screen();
    assert!(
        screen.contains("đồng chí không đang giữ chức vụ này"),
        "{screen}"
    );
}

#[test]
fn sensitive_numbers_are_masked_until_revealed() {
    let mut h = Harness::demo(Lang::Vi, 120, 40);
    h.keys("<enter>");
    assert!(!h.screen().contains("82.001245"));
    assert!(h.screen().contains("•••••••45"));
    h.keys("v");
    assert!(h.screen().contains("82.001245"));
    h.keys("v");
    assert!(!h.screen().contains("82.001245"));
}

#[test]
fn dirty_form_asks_before_discarding() {
    let mut h = demo();
    h.keys("<enter>aTrần Văn Mới<esc>");
    assert!(h.screen().contains("Bỏ những gì vừa nhập?"));
    h.keys("n");
    assert!(
        h.screen().contains("Trần Văn Mới"),
        "the form is still there"
    );
    h.keys("<esc>y");
    assert!(!h.screen().contains("Thêm đảng viên"));
    assert!(member_named(&h, "Trần Văn Mới").is_none());
    // q inside a form is a letter, not quit
    h.keys("aqqq");
    assert!(!h.app.should_quit());
    assert!(h.screen().contains("qqq"));
    // Ctrl-C with unsaved text asks first
    h.keys("<c-c>");
    assert!(h.screen().contains("Biểu mẫu chưa lưu"));
    h.keys("y");
    assert!(h.app.should_quit());
}

#[test]
fn q_quits_from_a_list() {
    let mut h = demo();
    h.keys("<enter>q");
    assert!(h.app.should_quit());
}

#[test]
fn first_start_create_a_cell() {
    let mut h = Harness::empty(Lang::Vi, 80, 24);
    assert!(h.screen().contains("Chào mừng"));
    h.keys("1Chi bộ Phường 5<tab>Đảng bộ Phường 5<tab>Gò Công<tab>Nhà văn hóa khu phố<enter>");
    let cells = h.store().cells().unwrap();
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].name, "Chi bộ Phường 5");
    assert_eq!(cells[0].usual_venue, "Nhà văn hóa khu phố");
    let screen = h.screen();
    assert!(screen.contains("Chi bộ Phường 5"), "{screen}");
    assert!(screen.contains("[ ] chưa họp"), "{screen}");
}

#[test]
fn first_start_load_the_demo() {
    let mut h = Harness::empty(Lang::Vi, 80, 24);
    h.keys("<down><enter>");
    assert_eq!(h.store().counts().unwrap().members, 26);
    assert!(h.screen().contains("Đã nạp dữ liệu mẫu"));
}

#[test]
fn archive_and_restore_a_cell() {
    let mut h = demo();
    h.keys("x");
    assert!(h.screen().contains("Lưu trữ chi bộ “Chi bộ Khoa Kinh tế”?"));
    h.keys("y");
    assert!(h.store().cells().unwrap()[0].is_archived());
    assert!(
        h.screen().contains("Không có kết quả phù hợp") || !h.screen().contains("Khoa Kinh tế    ")
    );
    h.keys("hx");
    assert!(h.screen().contains("Bỏ lưu trữ"));
    h.keys("<enter>");
    assert!(!h.store().cells().unwrap()[0].is_archived());
}

#[test]
fn import_members_from_csv_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("ds.csv");
    std::fs::write(
        &good,
        "STT;Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng\n1;Lê Thị Mới;01/02/1995;Nữ;03/02/2024\n2;Phan Văn Hậu;05/06/1993;Nam;19/05/2023\n",
    )
    .unwrap();
    let mut h = demo();
    h.keys("<enter>i");
    h.paste(good.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("2 dòng hợp lệ, 0 lỗi"), "{screen}");
    assert!(screen.contains("Cột không dùng: STT"), "{screen}");
    h.keys("<enter>");
    assert!(h.screen().contains("Đã nhập 2 đảng viên"));
    assert!(member_named(&h, "Lê Thị Mới").is_some());
    assert!(member_named(&h, "Phan Văn Hậu").is_some());

    // the same file again: every row is already there, nothing written
    let before = h.store().counts().unwrap();
    h.keys("i");
    h.paste(good.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Dòng 2: Lê Thị Mới đã có trong chi bộ"),
        "{screen}"
    );
    assert!(screen.contains("Chưa ghi gì"), "{screen}");
    h.keys("<enter><esc>");
    assert_eq!(h.store().counts().unwrap(), before);
}

#[test]
fn import_path_that_does_not_exist() {
    let mut h = demo();
    h.keys("<enter>i/khong/co/tep.csv<enter>");
    let screen = h.screen();
    assert!(screen.contains("Không đọc được tệp"), "{screen}");
}

#[test]
fn a_temporary_attachment_reads_without_repeated_words() {
    let mut h = demo();
    h.keys("<enter>/huu nghia");
    let screen = h.screen();
    assert!(screen.contains("Chính thức · SH tạm thời"), "{screen}");
    assert!(!screen.contains("SHTT"), "{screen}");
    h.keys("<enter><enter>");
    let m = member_named(&h, "Nguyễn Hữu Nghĩa").unwrap();
    let until = m
        .events
        .iter()
        .find(|e| e.kind == StatusEventKind::AttachedIn)
        .and_then(|e| e.until)
        .expect("the demo's attachment has an end date");
    let screen = h.screen();
    assert!(
        screen.contains(&format!("Sinh hoạt tạm thời đến {}", vi::date(until))),
        "{screen}"
    );
    assert!(!screen.contains("(đến)"), "{screen}");
}
