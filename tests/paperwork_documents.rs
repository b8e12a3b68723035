//! The resolution, the meeting notice and the roll to sign of demo
//! meetings: golden Markdown and text, the Word files unzipped and their
//! XML checked, the CLI (refusals included) and the app's writer. Real
//! SQLite, the real demo.

mod common;

use chibo::documents::render::{self, DocFormat};
use chibo::domain::{MeetingStatus, RosterCategory};
use chibo::paperwork::{self, Paper};
use chibo::store::Store;
use common::documents::{golden, resolved, zip_part};
use common::{chibo, demo_file, demo_memory, stderr, stdout};
use unicode_width::UnicodeWidthStr;

/// The demo's next meeting (planned, with guests and an exempt member).
fn planned(store: &Store) -> i64 {
    let cell = store.cells().unwrap().remove(0);
    store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap()
        .id
}

fn texts(store: &mut Store, paper: Paper, id: i64) -> (String, String) {
    let page = paperwork::page(store, paper, id).unwrap();
    let text = render::text::render(&page, render::text::WIDTH);
    let md = render::markdown::render(&page);
    assert!(
        text.lines().all(|l| l.width() <= 80),
        "a line is wider than 80 columns:\n{text}"
    );
    (text, md)
}

#[test]
fn the_resolution_matches_the_golden_files_and_prints_the_same_again() {
    let mut store = demo_memory();
    let id = resolved(&store);
    let (text, md) = texts(&mut store, Paper::Resolution, id);
    golden("resolution_regular.txt", &text);
    golden("resolution_regular.md", &md);
    for needle in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 1-NQ/CB",
        "NGHỊ QUYẾT",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG TRƯỚC",
        "II. NHIỆM VỤ THÁNG TỚI",
        "III. PHÂN CÔNG THỰC HIỆN",
        "IV. CHẤT LƯỢNG BUỔI SINH HOẠT",
        "Nơi nhận:",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nguyễn Văn Đạt",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    // Printed again after a change to the cell and the record's people:
    // the stored text is what prints.
    let (again, _) = texts(&mut store, Paper::Resolution, id);
    assert_eq!(again, text);
}

#[test]
fn an_edited_resolution_prints_the_edit_with_its_line_breaks() {
    let mut store = demo_memory();
    let id = resolved(&store);
    let mut stored = paperwork::resolution(&mut store, id).unwrap();
    stored.text.tasks = "Tập trung hai việc:\n- Thu đảng phí\n- Sửa phòng họp *A2*".into();
    store
        .write(|tx| tx.save_resolution(id, &stored.text, chibo::store::ResolutionSave::Edited))
        .unwrap();
    let (text, md) = texts(&mut store, Paper::Resolution, id);
    assert!(text.contains("Tập trung hai việc:\n\n- Thu đảng phí\n- Sửa phòng họp *A2*"));
    // Markdown keeps the typed star as a star.
    assert!(md.contains("- Sửa phòng họp \\*A2\\*"), "{md}");
}

#[test]
fn the_notice_matches_the_golden_files_and_its_short_text_is_a_few_lines() {
    let mut store = demo_memory();
    let id = planned(&store);
    store
        .write(|tx| tx.add_guest(id, "Nguyễn Thanh Sơn", "Đảng ủy viên, phụ trách chi bộ"))
        .unwrap();
    store
        .write(|tx| {
            tx.set_preparation_step(
                id,
                chibo::domain::PrepStep::MaterialsSent,
                Some(common::today()),
                "Nghị quyết tháng 11; dự thảo phương hướng tháng 12",
            )
        })
        .unwrap();
    let review = store
        .agenda(id)
        .unwrap()
        .into_iter()
        .find(|i| i.title.starts_with("Đánh giá kết quả"))
        .unwrap();
    let mut input = chibo::store::AgendaItemInput::of(&review);
    input.notes = "Đọc báo cáo kết quả tháng 11 (gửi qua Zalo).".into();
    store
        .write(|tx| tx.update_agenda_item(review.id, &input))
        .unwrap();
    let (text, md) = texts(&mut store, Paper::Notice, id);
    assert!(md.contains("2. Đánh giá kết quả thực hiện nghị quyết, nhiệm vụ tháng trước\\\n   *Đọc báo cáo kết quả tháng 11 (gửi qua Zalo).*"), "{md}");
    golden("notice_regular.txt", &text);
    golden("notice_regular.md", &md);
    let short = paperwork::notice_short(&store, id, common::today()).unwrap();
    golden("notice_regular_short.txt", &short);
    assert!(short.lines().count() <= 8, "{short}");
    assert!(short.contains("Thời gian: 14:00, thứ hai 07/12/2026"));
    assert!(short.contains("Tài liệu cần đọc trước: Nghị quyết tháng 11"));
    assert!(short.contains("Khách mời: đồng chí Nguyễn Thanh Sơn"));
    assert!(text.contains("thứ hai, ngày 07 tháng 12 năm 2026"));
    // Procedural steps are not "main items".
    assert!(!short.contains("Bế mạc") && !short.contains("điểm danh"));
}

#[test]
fn the_roll_lists_the_members_expected_on_the_meetings_date() {
    let mut store = demo_memory();
    let id = planned(&store);
    let (text, md) = texts(&mut store, Paper::Roll, id);
    golden("roll_regular.txt", &text);
    golden("roll_regular.md", &md);
    let meeting = store.meeting(id).unwrap();
    let roster = store.roster(&meeting).unwrap();
    let expected: Vec<_> = roster.expected().collect();
    assert!(text.contains(&format!("Phải triệu tập: {} đồng chí.", expected.len())));
    // One row per expected member, numbered in roster order.
    for (n, e) in expected.iter().enumerate() {
        let row = format!("| {} | {} |", n + 1, e.full_name);
        assert!(md.contains(&row), "{row} missing:\n{md}");
    }
    // Exempt members in their own table, away members named apart.
    for e in &roster.entries {
        match e.category {
            RosterCategory::Exempt => assert!(md.contains(&format!("| 1 | {} |", e.full_name))),
            RosterCategory::Away => {
                assert!(md.contains(&format!("{} (sinh hoạt tạm thời nơi khác)", e.full_name)))
            }
            _ => {}
        }
    }
}

#[test]
fn the_word_files_hold_every_required_element() {
    let mut store = demo_memory();
    let resolved = resolved(&store);
    let next = planned(&store);
    for (paper, id, needles) in [
        (
            Paper::Resolution,
            resolved,
            &[
                "Số 1-NQ/CB",
                "NGHỊ QUYẾT",
                "IV. CHẤT LƯỢNG BUỔI SINH HOẠT",
                "Nơi nhận:",
                "T/M CHI BỘ",
            ][..],
        ),
        (
            Paper::Notice,
            next,
            &["THÔNG BÁO", "Thời gian: 14 giờ 00", "Nơi nhận:"][..],
        ),
        (
            Paper::Roll,
            next,
            &["DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT", "Ký tên", "STT"][..],
        ),
    ] {
        let bytes = paperwork::document(&mut store, paper, id, DocFormat::Docx).unwrap();
        let xml = zip_part(&bytes, "word/document.xml");
        let styles = zip_part(&bytes, "word/styles.xml");
        assert!(
            xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
            "{paper:?}: A4"
        );
        assert!(
            styles.contains(r#"w:ascii="Times New Roman""#),
            "{paper:?}: font"
        );
        assert!(xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM"), "{paper:?}");
        assert!(xml.contains("CHI BỘ KHOA KINH TẾ"), "{paper:?}");
        for needle in needles {
            assert!(xml.contains(needle), "{paper:?}: {needle} missing");
        }
        // The header is a table (the two columns) in every document.
        assert!(xml.contains("<w:tbl>"), "{paper:?}: header table");
    }
}

#[test]
fn the_cli_prints_writes_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (resolved, next) = {
        let store = Store::open(&db, common::clock()).unwrap();
        (resolved(&store), planned(&store))
    };
    let (resolved, next) = (resolved.to_string(), next.to_string());

    // The first print drafts and stores the resolution, and says so.
    let out = chibo(&["resolution", &resolved], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Số 1-NQ/CB"));
    assert!(stderr(&out).contains("Đã soạn và lưu nghị quyết (Số 1-NQ/CB)"));
    let again = chibo(&["resolution", &resolved], &db);
    assert_eq!(stdout(&again), stdout(&out));
    assert_eq!(
        stderr(&again),
        "",
        "printed from the store, not drafted again"
    );

    // Markdown and Word to files; never over a file without --force.
    let md = dir.path().join("nq.md");
    let out = chibo(
        &[
            "resolution",
            &resolved,
            "--format",
            "md",
            "-o",
            md.to_str().unwrap(),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("# NGHỊ QUYẾT")
    );
    let out = chibo(
        &[
            "resolution",
            &resolved,
            "--format",
            "md",
            "-o",
            md.to_str().unwrap(),
        ],
        &db,
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&md.display().to_string()),
        "{}",
        stderr(&out)
    );
    let docx = dir.path().join("nq.docx");
    let out = chibo(
        &[
            "resolution",
            &resolved,
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(zip_part(&std::fs::read(&docx).unwrap(), "word/document.xml").contains("NGHỊ QUYẾT"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&docx).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over the database.
    let out = chibo(&["roll", &next, "-o", db.to_str().unwrap(), "--force"], &db);
    assert!(!out.status.success());

    // A meeting not yet held has no resolution.
    let out = chibo(&["resolution", &next], &db);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Chỉ buổi sinh hoạt đã kết thúc hoặc đã khóa mới có nghị quyết."),
        "{}",
        stderr(&out)
    );
    // An unknown meeting.
    let out = chibo(&["notice", "9999"], &db);
    assert!(!out.status.success());

    // The notice: the short text and the page.
    let out = chibo(&["notice", &next, "--short"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(
            "[Chi bộ Khoa Kinh tế] Thông báo sinh hoạt chi bộ thường kỳ tháng 12/2026\n"
        )
    );
    let out = chibo(&["notice", &next, "--format", "md"], &db);
    assert!(stdout(&out).contains("# THÔNG BÁO"));
    let out = chibo(&["roll", &next], &db);
    assert!(stdout(&out).contains("DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT"));
    // Word piped (not a terminal) comes out as the file's bytes.
    let out = chibo(&["roll", &next, "--format", "docx"], &db);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK"));
    // Formats the command does not know are refused by the parser.
    let out = chibo(&["roll", &next, "--format", "pdf"], &db);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("pdf"));
}

#[test]
fn word_is_refused_on_a_terminal_without_a_file() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_chibo"));
    cmd.args([
        "--db",
        db.to_str().unwrap(),
        "resolution",
        "30",
        "--format",
        "docx",
    ]);
    cmd.env("CHIBO_NOW", "25/11/2026 09:30");
    cmd.env_remove("CHIBO_LANG");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut out = String::new();
    let _ = reader.read_to_string(&mut out);
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert!(
        out.contains("Tệp Word (docx) không in ra terminal được: thêm -o TỆP.docx."),
        "{out}"
    );
    // Nothing was drafted or stored.
    let store = Store::open(&db, common::clock()).unwrap();
    assert_eq!(store.resolution(30).unwrap(), None);
}
