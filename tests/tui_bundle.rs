//! The committee overview merges a cell's bundle (the preview asked as a
//! question first) and writes a cell's bundle; merged cells are marked
//! read-only with the date of their bundle.

mod common;

use chibo::i18n::Lang;
use chibo::store::{CellInput, Store};
use common::tui::Harness;
use common::{clock, today};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// A laptop's bundle of the demo cell, and the committee's file with a cell
/// of its own.
fn setup(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let laptop = dir.join("laptop.db");
    let mut store = Store::open(&laptop, clock()).unwrap();
    chibo::demo::load(&mut store, today()).unwrap();
    let cell = store.cells().unwrap()[0].id;
    let bytes = store.write_bundle(cell, false, &mut |_, _| {}).unwrap();
    let bundle = dir.join("cell.bundle");
    std::fs::write(&bundle, bytes).unwrap();
    let committee = dir.join("committee.db");
    let mut store = Store::open(&committee, clock()).unwrap();
    store
        .write(|tx| {
            tx.create_cell(&CellInput {
                name: "Chi bộ Văn phòng".into(),
                ..CellInput::default()
            })
        })
        .unwrap();
    (bundle, committee)
}

#[test]
fn the_overview_merges_a_bundle_after_showing_what_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, committee) = setup(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    h.keys("c");
    let screen = h.screen();
    assert!(screen.contains("m Hợp nhất gói"), "{screen}");
    h.keys("m");
    h.keys(bundle.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("Buổi sinh hoạt thêm mới (32)"), "{screen}");
    assert!(screen.contains("Đảng viên thêm mới (26)"), "{screen}");
    assert!(screen.contains("Hợp nhất gói này"), "{screen}");
    assert_eq!(h.store().cells().unwrap().len(), 1, "nothing before yes");
    // Yes: the frame drawn before the (synchronous) merge says it began.
    h.app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    let screen = h.screen();
    assert!(screen.contains("Đang hợp nhất gói dữ liệu…"), "{screen}");
    assert_eq!(h.store().cells().unwrap().len(), 1, "not yet merged");
    h.app.run_pending();
    let screen = h.screen();
    assert!(screen.contains("Đã hợp nhất"), "{screen}");
    assert!(
        screen.contains("[gói 25/11/2026] Chi bộ Khoa Kinh tế"),
        "{screen}"
    );
    assert_eq!(h.store().cells().unwrap().len(), 2);

    // The same bundle again: refused in the form, with the reason.
    h.keys("m");
    h.keys(bundle.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("không mới hơn"), "{screen}");
    h.keys("<esc><esc>");

    // A changed byte: refused.
    let mut data = std::fs::read(&bundle).unwrap();
    let at = data.len() / 2;
    data[at] ^= 0x20;
    let changed = dir.path().join("changed.bundle");
    std::fs::write(&changed, data).unwrap();
    h.keys("m");
    h.keys(changed.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("mã kiểm tra"), "{}", h.screen());
}

#[test]
fn the_overview_writes_the_bundle_of_the_selected_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, committee) = setup(dir.path());
    {
        let mut store = Store::open(&committee, clock()).unwrap();
        let b = chibo::store::bundle::Bundle::open(&bundle, chibo::store::bundle::BundleKind::Cell)
            .unwrap();
        store.merge(&b, Default::default(), &mut |_, _| {}).unwrap();
    }
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 120, 40);
    h.keys("c");
    assert!(h.screen().contains("[gói 25/11/2026]"), "{}", h.screen());
    let out = dir.path().join("again.bundle");
    h.keys("w");
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("Đã ghi gói dữ liệu"), "{}", h.screen());
    let written =
        chibo::store::bundle::Bundle::open(&out, chibo::store::bundle::BundleKind::Cell).unwrap();
    assert_eq!(written.manifest.members, 26);
    assert_eq!(written.manifest.meetings, 32);
    // Not over an existing file.
    h.keys("w");
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("đã có"), "{}", h.screen());
}

/// The committee's file with the laptop's cell merged into it.
fn merged(dir: &std::path::Path) -> std::path::PathBuf {
    let (bundle, committee) = setup(dir);
    let mut store = Store::open(&committee, clock()).unwrap();
    let b = chibo::store::bundle::Bundle::open(&bundle, chibo::store::bundle::BundleKind::Cell)
        .unwrap();
    store.merge(&b, Default::default(), &mut |_, _| {}).unwrap();
    committee
}

/// The cells screen's row of the cell named `name`, opened (its members).
/// The demo's cell, as the committee's file holds it.
fn kinh_te(store: &Store) -> chibo::domain::Cell {
    store
        .cells()
        .unwrap()
        .into_iter()
        .find(|c| c.name.contains("Khoa Kinh tế"))
        .unwrap()
}

fn open_cell(h: &mut Harness, name: &str) {
    h.keys("/");
    h.keys(name);
    h.keys("<enter>");
    h.keys("<enter>");
    assert!(h.screen().contains(name), "{}", h.screen());
}

#[test]
fn a_merged_cell_is_read_only_in_its_own_screens() {
    let dir = tempfile::tempdir().unwrap();
    let committee = merged(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let cell = kinh_te(&store).id;
    let before = store.members(cell).unwrap().len();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_cell(&mut h, "Khoa Kinh tế");
    let screen = h.screen();
    assert!(screen.contains("[chỉ đọc · gói 25/11/2026]"), "{screen}");
    let footer = screen.lines().last().unwrap().to_string();
    assert!(!footer.contains("a Thêm"), "{screen}");
    assert!(!footer.contains("e Sửa"), "{screen}");

    // An edit key answers with the reason and opens no form.
    h.keys("a");
    let screen = h.screen();
    assert!(
        screen.contains("chỉ xem, không sửa trong tệp này"),
        "{screen}"
    );
    assert!(screen.contains("[ Đảng viên ]"), "no form: {screen}");
    assert_eq!(h.store().members(cell).unwrap().len(), before);

    // The meetings tab too: no adding, postponing or deleting.
    h.keys("<tab>");
    let screen = h.screen();
    assert!(screen.contains("[chỉ đọc · gói 25/11/2026]"), "{screen}");
    h.keys("x");
    assert!(h.screen().contains("chỉ xem, không sửa"), "{}", h.screen());
}

#[test]
fn the_committees_own_cell_stays_editable() {
    let dir = tempfile::tempdir().unwrap();
    let committee = merged(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_cell(&mut h, "Văn phòng");
    let screen = h.screen();
    assert!(!screen.contains("chỉ đọc"), "{screen}");
    assert!(
        screen.lines().last().unwrap().contains("a Thêm"),
        "{screen}"
    );
    h.keys("a");
    assert!(!h.screen().contains("chỉ xem, không sửa"), "{}", h.screen());
}

#[test]
fn a_cells_members_tab_writes_its_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let committee = merged(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 120, 40);
    open_cell(&mut h, "Khoa Kinh tế");
    assert!(h.screen().contains("B Ghi gói"), "{}", h.screen());
    let out = dir.path().join("from-members.bundle");
    h.keys("B");
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    // Enter: the frame drawn before the (synchronous) writing says it began.
    h.app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(
        h.screen().contains("Đang ghi gói dữ liệu…"),
        "{}",
        h.screen()
    );
    assert!(!out.exists());
    h.app.run_pending();
    assert!(h.screen().contains("Đã ghi gói dữ liệu"), "{}", h.screen());
    let written =
        chibo::store::bundle::Bundle::open(&out, chibo::store::bundle::BundleKind::Cell).unwrap();
    assert_eq!(written.manifest.members, 26);
    assert_eq!(written.manifest.meetings, 32);
}

/// The real binary: the frame saying the bundle is being written is
/// followed by one saying where it was written (the run loop redraws after
/// the work it ran after a frame).
#[test]
fn the_app_writes_a_cells_bundle_and_says_where() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("laptop.db");
    {
        let mut store = Store::open(&db, clock()).unwrap();
        chibo::demo::load(&mut store, today()).unwrap();
    }
    let out = dir.path().join("pty.bundle");
    let mut t = common::pty::Term::start(&db, &[]);
    t.wait_for("Chi bộ Khoa Kinh tế");
    t.send("\r");
    t.wait_for("Đảng viên");
    t.send("B");
    t.wait_for("Ghi gói dữ liệu chi bộ");
    t.send("\x15"); // Ctrl-U
    t.send(out.to_str().unwrap());
    t.send("\r");
    t.wait_for("Đã ghi gói dữ liệu");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let written =
        chibo::store::bundle::Bundle::open(&out, chibo::store::bundle::BundleKind::Cell).unwrap();
    assert_eq!(written.manifest.members, 26);
    t.send("q");
    assert!(t.wait_exit().success());
}

/// The overview's merge, typed as the secretary does: the path, Enter, yes.
fn merge_in_app(h: &mut Harness, bundle: &std::path::Path) {
    h.keys("c");
    h.keys("m");
    h.keys(bundle.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("Hợp nhất gói này"), "{}", h.screen());
    h.keys("y");
    assert!(h.screen().contains("Đã hợp nhất"), "{}", h.screen());
    h.keys("<esc>");
}

#[test]
fn a_cell_merged_while_the_app_is_open_is_read_only_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, committee) = setup(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    // The committee's own cell first: editable.
    open_cell(&mut h, "Văn phòng");
    assert!(!h.screen().contains("chỉ đọc"), "{}", h.screen());
    h.keys("<esc><esc>");

    merge_in_app(&mut h, &bundle);
    open_cell(&mut h, "Khoa Kinh tế");
    let screen = h.screen();
    assert!(screen.contains("[chỉ đọc · gói 25/11/2026]"), "{screen}");
    assert!(
        !screen.lines().last().unwrap().contains("a Thêm"),
        "{screen}"
    );
    let cell = kinh_te(h.store()).id;
    let before = h.store().members(cell).unwrap().len();
    h.keys("a");
    assert!(h.screen().contains("chỉ xem, không sửa"), "{}", h.screen());
    assert_eq!(h.store().members(cell).unwrap().len(), before);
    h.keys("<esc><esc>");

    // A newer bundle of the same cell, made three days later on the
    // laptop: merged in the app, the cell's mark gives the new date.
    let later = chibo::clock::Clock::Fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap(),
    );
    let laptop = dir.path().join("laptop.db");
    let mut store = Store::open(&laptop, later).unwrap();
    let own = store.cells().unwrap()[0].id;
    store
        .write(|tx| {
            tx.add_member(
                own,
                &chibo::domain::MemberInput {
                    full_name: "Võ Thị Mới".into(),
                    admitted_on: Some(today()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let newer = dir.path().join("newer.bundle");
    std::fs::write(
        &newer,
        store.write_bundle(own, false, &mut |_, _| {}).unwrap(),
    )
    .unwrap();
    drop(store);
    merge_in_app(&mut h, &newer);
    open_cell(&mut h, "Khoa Kinh tế");
    let screen = h.screen();
    assert!(screen.contains("[chỉ đọc · gói 28/11/2026]"), "{screen}");
    assert!(screen.contains("Võ Thị Mới"), "{screen}");
    // Its meetings tab: the same mark.
    h.keys("<tab>");
    assert!(
        h.screen().contains("[chỉ đọc · gói 28/11/2026]"),
        "{}",
        h.screen()
    );
}

/// A laptop's file whose meeting of 05/11/2026 has eight members marked
/// absent without reason (more warnings than the narrow live screen
/// shows), and the committee's file with that cell merged.
fn with_warnings(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use chibo::domain::MarkKind;
    let (_, committee) = setup(dir);
    let laptop = dir.join("laptop.db");
    let mut store = Store::open(&laptop, clock()).unwrap();
    let cell = store.cells().unwrap()[0].id;
    let meeting = store
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| m.date() == chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap())
        .unwrap();
    let roster = store.roster(&meeting).unwrap();
    let officers = [meeting.chair_id, meeting.minute_taker_id];
    let absent: Vec<i64> = roster
        .expected()
        .map(|e| e.member_id)
        .filter(|id| !officers.contains(&Some(*id)))
        .take(8)
        .collect();
    store
        .write(|tx| {
            for id in &absent {
                tx.set_mark(meeting.id, *id, MarkKind::AbsentUnexcused, None, "")?;
            }
            Ok(())
        })
        .unwrap();
    let bundle = dir.join("warnings.bundle");
    std::fs::write(
        &bundle,
        store.write_bundle(cell, false, &mut |_, _| {}).unwrap(),
    )
    .unwrap();
    let mut c = Store::open(&committee, clock()).unwrap();
    let b = chibo::store::bundle::Bundle::open(&bundle, chibo::store::bundle::BundleKind::Cell)
        .unwrap();
    c.merge(&b, Default::default(), &mut |_, _| {}).unwrap();
    (laptop, committee)
}

/// The live screens of the cell's planned meeting (07/12/2026) and of its
/// meeting of 05/11/2026, attendance then proceedings, as drawn at 80×24.
fn live_screens(db: &std::path::Path, cell: &str) -> Vec<String> {
    let store = Store::open(db, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_cell(&mut h, cell);
    h.keys("<tab>");
    h.keys("L");
    assert!(h.screen().contains("còn hơn một ngày"), "{}", h.screen());
    h.keys("y");
    let planned = h.screen();
    h.keys("<tab>");
    let planned_proceedings = h.screen();
    h.keys("<esc><down>L");
    let held = h.screen();
    h.keys("<tab>");
    let held_proceedings = h.screen();
    vec![planned, planned_proceedings, held, held_proceedings]
}

fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap()
}

#[test]
fn a_merged_cells_live_screen_names_no_key_that_changes_data() {
    let dir = tempfile::tempdir().unwrap();
    let (laptop, committee) = with_warnings(dir.path());

    // On the laptop, the same meetings name the keys that change them.
    let own = live_screens(&laptop, "Khoa Kinh tế");
    assert!(own[0].contains("chưa khai mạc (Ctrl-B/F6)"), "{}", own[0]);
    assert!(footer(&own[0]).contains("Có mặt"), "{}", own[0]);
    assert!(footer(&own[1]).contains("Ý kiến"), "{}", own[1]);
    assert!(own[2].contains("cảnh báo khác (F10 để xem)"), "{}", own[2]);
    assert!(footer(&own[2]).contains("Có mặt"), "{}", own[2]);

    let merged = live_screens(&committee, "Khoa Kinh tế");
    for screen in &merged {
        assert!(screen.contains("[chỉ đọc · gói 25/11/2026]"), "{screen}");
        for hint in ["Ctrl-B", "F6", "F10", "F12"] {
            assert!(!screen.contains(hint), "{hint}: {screen}");
        }
        for label in [
            "Có mặt ",
            "Đến muộn",
            "Vắng",
            "Khóa sổ",
            "Kết thúc",
            "Ý kiến",
            "Biểu quyết",
            "Nhiệm vụ",
            "Hoàn tác",
        ] {
            assert!(!footer(screen).contains(label), "{label}: {screen}");
        }
        assert!(footer(screen).contains("Tab Đổi trang"), "{screen}");
    }
    assert!(
        merged[0].contains("· chưa khai mạc · Dự kiến"),
        "{}",
        merged[0]
    );
    assert!(merged[2].contains("cảnh báo khác"), "{}", merged[2]);
}

#[test]
fn a_members_record_writes_its_cells_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let committee = merged(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 120, 40);
    open_cell(&mut h, "Khoa Kinh tế");
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("Ngô Thị Lan Anh"), "{screen}");
    assert!(footer(&screen).contains("B Ghi gói"), "{screen}");
    let out = dir.path().join("from-member.bundle");
    h.keys("B");
    assert!(
        h.screen().contains("Ghi gói dữ liệu chi bộ"),
        "{}",
        h.screen()
    );
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("Đã ghi gói dữ liệu"), "{}", h.screen());
    let written =
        chibo::store::bundle::Bundle::open(&out, chibo::store::bundle::BundleKind::Cell).unwrap();
    assert_eq!(written.manifest.members, 26);
    assert_eq!(written.manifest.meetings, 32);
    // Still the member's record, read-only, its footer without edits.
    let screen = h.screen();
    assert!(screen.contains("[chỉ đọc · gói 25/11/2026]"), "{screen}");
    assert!(!footer(&screen).contains("e Sửa"), "{screen}");
}

/// A merged cell's meeting without a stored resolution: `W` still writes
/// its Word file, from a draft with its number left blank, and stores
/// nothing; `chibo resolution` prints the same draft.
#[test]
fn a_merged_cells_resolution_is_written_as_an_unstored_draft() {
    let dir = tempfile::tempdir().unwrap();
    let committee = merged(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let cell = kinh_te(&store);
    let meetings = store.meetings(cell.id).unwrap();
    let closed = &meetings[1];
    assert_eq!(
        closed.date(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
    );
    assert_eq!(store.resolution(closed.id).unwrap(), None);
    let mut h = Harness::new(store, Lang::Vi, 120, 40);
    open_cell(&mut h, "Khoa Kinh tế");
    h.keys("<tab><down>W");
    let screen = h.screen();
    assert!(screen.contains("nghi-quyet-2026-11-05"), "{screen}");
    let folder = committee.parent().unwrap().join("chibo-documents");
    let written: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        written,
        ["nghi-quyet-2026-11-05-chi-bo-khoa-kinh-te.docx".to_string()]
    );
    assert_eq!(h.store().resolution(closed.id).unwrap(), None);
    drop(h);

    let out = common::chibo(&["resolution", &closed.id.to_string()], &committee);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out).contains("dự thảo, không lưu"),
        "{}",
        common::stderr(&out)
    );
    let text = common::stdout(&out);
    assert!(text.contains("Số ....-NQ/CB"), "{text}");
    assert!(text.contains("NGHỊ QUYẾT"), "{text}");
    let store = Store::open(&committee, clock()).unwrap();
    assert_eq!(store.resolution(closed.id).unwrap(), None);
}
