//! The minutes (biên bản) of demo meetings as text, Markdown and Word: the
//! golden files hold every element of the official form, the Word file is
//! unzipped and its XML checked, the CLI refuses to print Word on a
//! terminal, and the app's writer never replaces a file. Real SQLite, the
//! real demo.

mod common;

use chibo::documents::layout::Format;
use chibo::documents::render::DocFormat;
use chibo::planning::{self, DocumentKind};
use chibo::store::Store;
use common::documents::{golden, zip_part};
use common::{chibo, demo_file, demo_memory, stderr};

fn text(store: &Store, id: i64) -> String {
    planning::minutes_document(store, id, Format::Text).unwrap()
}

/// The demo meetings that show each case, checked to still show it.
const NO_ABSENTEES: i64 = 24;
const EXEMPT_PRESENT: i64 = 19;
const REPLACED_CHAIR: i64 = 22;
const TWO_THIRDS: i64 = 20;
const ADDENDA: i64 = 28;

#[test]
fn the_demo_still_holds_every_case_the_golden_files_show() {
    let store = demo_memory();
    let f = store.record(NO_ABSENTEES).unwrap().figures;
    assert_eq!((f.present, f.expected), (f.expected, 23));
    assert!(text(&store, NO_ABSENTEES).contains("- Vắng: không."));
    let record = store.record(EXEMPT_PRESENT).unwrap();
    assert_eq!(record.figures.exempt_present, 1);
    assert!(
        text(&store, EXEMPT_PRESENT).contains("Đồng chí miễn sinh hoạt có mặt (1): Hồ Văn Ất.")
    );
    assert!(
        store
            .meeting(REPLACED_CHAIR)
            .unwrap()
            .chair_replaces_id
            .is_some()
    );
    assert!(
        store
            .record(TWO_THIRDS)
            .unwrap()
            .votes
            .iter()
            .any(|v| v.rule == chibo::domain::VoteRule::TwoThirds)
    );
    assert!(!store.addenda(ADDENDA).unwrap().is_empty());
}

#[test]
fn minutes_of_demo_meetings_match_the_golden_files() {
    let store = demo_memory();
    for (name, id) in [
        ("no_absentees", NO_ABSENTEES),
        ("exempt_present", EXEMPT_PRESENT),
        ("replaced_chair", REPLACED_CHAIR),
        ("two_thirds", TWO_THIRDS),
        ("addenda", ADDENDA),
    ] {
        golden(&format!("minutes_{name}.txt"), &text(&store, id));
        golden(
            &format!("minutes_{name}.md"),
            &planning::minutes_document(&store, id, Format::Markdown).unwrap(),
        );
    }
}

#[test]
fn the_text_minutes_hold_every_element_in_order_within_80_columns() {
    let store = demo_memory();
    let minutes = text(&store, TWO_THIRDS);
    for line in minutes.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
    let order = [
        "ĐẢNG BỘ TRƯỜNG TRUNG CẤP GÒ CÔNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ KHOA KINH TẾ",
        "──────────────────────",
        "*",
        "Gò Công, ngày 05 tháng 3 năm 2026",
        "BIÊN BẢN",
        "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3 NĂM 2026",
        "- Thời gian: bắt đầu 14 giờ 03, ngày 05 tháng 3 năm 2026",
        "- Địa điểm: Phòng họp A2",
        "- Tổng số đảng viên: 24 (chính thức 21, dự bị 3)",
        "Có mặt: 18/23 (78,3%), gồm chính thức 17, dự bị 1, sinh",
        "Đồng chí miễn sinh hoạt có mặt (1): Hồ Văn Ất.",
        "- Vắng: 5",
        "+ Có lý do (4): Đinh Công Ân – ốm;",
        "+ Không lý do (1): Bùi Đức Thắng.",
        "- Đến muộn: Phan Thanh Tùng (14 giờ 23).",
        "- Chủ trì: đồng chí Nguyễn Văn Đạt",
        "- Thư ký: đồng chí Phạm Thị Thu Hà",
        "I. NỘI DUNG",
        "II. DIỄN BIẾN",
        "1. Ổn định tổ chức, điểm danh",
        "Đảng phí tháng 3/2026: 23/24 đảng viên đã nộp; chưa nộp (1): Bùi Đức Thắng.",
        "Đánh giá kết quả thực hiện nghị quyết",
        "Phối hợp Đoàn trường tổ chức hoạt động chào mừng ngày lễ lớn (đ/c Dương Thị",
        "Đồng chí Lâm Thị Yến: Cần tăng cường",
        "12. Ý kiến của đại biểu cấp trên (nếu có)",
        "Không có.",
        "13. Công tác đảng viên (nếu có)",
        "Chủ trì kết luận: Chi bộ thống nhất",
        "18. Bế mạc",
        "III. BIỂU QUYẾT",
        "- Thông qua chương trình sinh hoạt: tán thành 17/21 (81,0%); không tán thành",
        "0/21 (0,0%); ý kiến khác 0/21 (0,0%). Kết quả: thông qua (quá nửa: cần 11/21",
        "Đề nghị công nhận đảng viên chính thức cho đồng chí Đinh Công Ân: tán thành",
        "thông qua (ít nhất hai phần ba: cần 14/21 phiếu tán thành).",
        "IV. PHÂN CÔNG NHIỆM VỤ",
        "1. Kiểm tra việc thực hiện quy chế chuyên môn của giáo viên (đ/c Châu Thị Ngọc",
        "V. ĐÁNH GIÁ CHẤT LƯỢNG BUỔI SINH HOẠT",
        "Tự chấm 91 điểm, xếp loại Khá.",
        "Biên bản đã được thông qua; buổi sinh hoạt kết thúc lúc 15 giờ 42 cùng ngày.",
        "CHỦ TRÌ",
        "THƯ KÝ",
        "(ký, ghi rõ họ tên)",
        "(ký, ghi rõ họ tên)",
        "Nguyễn Văn Đạt",
        "Phạm Thị Thu Hà",
    ];
    let mut rest = minutes.as_str();
    for part in order {
        let at = rest
            .find(part)
            .unwrap_or_else(|| panic!("“{part}” missing or out of order in:\n{minutes}"));
        rest = &rest[at + part.len()..];
    }
    // Never the broken punctuation of an empty part.
    assert!(!minutes.contains("0: )"));
    assert!(!minutes.contains("()"));
}

#[test]
fn a_correction_after_the_lock_is_printed_with_its_date() {
    let store = demo_memory();
    let minutes = text(&store, ADDENDA);
    let addendum = &store.addenda(ADDENDA).unwrap()[0];
    let heading = minutes.find("ĐÍNH CHÍNH SAU KHI KHÓA SỔ").unwrap();
    let signatures = minutes.find("(ký, ghi rõ họ tên)").unwrap();
    assert!(signatures < heading, "addenda follow the signatures");
    let when = format!(
        "Đính chính {}, lúc {}:",
        chibo::vi::document_date(addendum.recorded_at.date()),
        chibo::vi::document_time(addendum.recorded_at.time())
    );
    assert!(minutes[heading..].contains(&when), "{when} in {minutes}");
}

#[test]
fn the_markdown_keeps_item_numbers_breaks_and_signatures_apart() {
    let store = demo_memory();
    let md = planning::minutes_document(&store, TWO_THIRDS, Format::Markdown).unwrap();
    // Each proceeding keeps its own number (a list starting there).
    assert!(md.contains("\n\n11. **Thảo luận; tự phê bình và phê bình**\n\n"));
    assert!(md.contains("\n\n12. **Ý kiến của đại biểu cấp trên (nếu có)**\n\n"));
    // A line of several inside one item is a hard break; a "+" opening a
    // line is escaped, never a nested list.
    assert!(md.contains("- Vắng: 5\\\n  \\+ Có lý do (4): "));
    // The signers are separate paragraphs with their note and name.
    assert!(md.contains(
        "**CHỦ TRÌ**\\\n*(ký, ghi rõ họ tên)*\\\n\\\n**Nguyễn Văn Đạt**\n\n\
         **THƯ KÝ**\\\n*(ký, ghi rõ họ tên)*\\\n\\\n**Phạm Thị Thu Hà**\n"
    ));
}

#[test]
fn the_word_file_is_a4_in_times_new_roman_with_every_element() {
    let store = demo_memory();
    let bytes =
        planning::document_bytes(&store, DocumentKind::Minutes, TWO_THIRDS, DocFormat::Docx)
            .unwrap();
    let xml = zip_part(&bytes, "word/document.xml");
    let styles = zip_part(&bytes, "word/styles.xml");
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(xml.contains(r#"w:top="1133" w:right="850" w:bottom="1133" w:left="1700""#));
    assert!(styles.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman""#));
    // Body 14 pt (28 half-points); the Party's name 15 pt, bold, underlined.
    assert!(styles.contains(r#"<w:sz w:val="28" />"#));
    assert!(xml.contains(
        r#"<w:sz w:val="30" /><w:szCs w:val="30" /><w:b /><w:bCs /><w:u w:val="single" /></w:rPr><w:t xml:space="preserve">ĐẢNG CỘNG SẢN VIỆT NAM</w:t>"#
    ));
    // The header is a table without borders.
    assert!(
        xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document"#)
    );
    let header_end = xml.find("</w:tbl>").unwrap();
    assert!(xml[..header_end].contains("<w:tblBorders />"));
    assert!(xml[..header_end].contains("CHI BỘ KHOA KINH TẾ"));
    assert!(xml[..header_end].contains("Gò Công, ngày 05 tháng 3 năm 2026"));
    // The title, bold and centred, after the header.
    let title = xml.find(">BIÊN BẢN<").unwrap();
    assert!(title > header_end);
    let title_para = &xml[xml[..title].rfind("<w:p ").unwrap()..title];
    assert!(title_para.contains(r#"<w:jc w:val="center" />"#) && title_para.contains("<w:b />"));
    let mut at = title;
    for part in [
        "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3 NĂM 2026",
        "Thời gian: bắt đầu 14 giờ 03, ngày 05 tháng 3 năm 2026",
        "Có mặt: 18/23 (78,3%), gồm chính thức 17, dự bị 1, sinh hoạt tạm thời 0.",
        "Đồng chí miễn sinh hoạt có mặt (1): Hồ Văn Ất.",
        "+ Không lý do (1): Bùi Đức Thắng.",
        "Đến muộn: Phan Thanh Tùng (14 giờ 23).",
        "Chủ trì: đồng chí Nguyễn Văn Đạt",
        "I. NỘI DUNG",
        "II. DIỄN BIẾN",
        "Đảng phí tháng 3/2026: 23/24 đảng viên đã nộp",
        "Đồng chí Lâm Thị Yến:",
        "Chủ trì kết luận:",
        "III. BIỂU QUYẾT",
        "tán thành 18/21 (85,7%); không tán thành 0/21 (0,0%); ý kiến khác 0/21 (0,0%).",
        "Kết quả: thông qua (ít nhất hai phần ba: cần 14/21 phiếu tán thành).",
        "IV. PHÂN CÔNG NHIỆM VỤ",
        "V. ĐÁNH GIÁ CHẤT LƯỢNG BUỔI SINH HOẠT",
        "Tự chấm 91 điểm, xếp loại Khá.",
        "Biên bản đã được thông qua",
        "CHỦ TRÌ",
        "(ký, ghi rõ họ tên)",
        "Nguyễn Văn Đạt",
        "THƯ KÝ",
        "Phạm Thị Thu Hà",
    ] {
        let found = xml[at..]
            .find(part)
            .unwrap_or_else(|| panic!("“{part}” missing or out of order"));
        at += found + part.len();
    }
}

#[test]
fn the_cli_writes_word_to_a_file_and_refuses_it_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let target = dir.path().join("bien-ban.docx");
    let out = chibo(
        &[
            "minutes",
            "20",
            "--format",
            "docx",
            "-o",
            target.to_str().unwrap(),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&target).unwrap();
    assert!(zip_part(&bytes, "word/document.xml").contains("BIÊN BẢN"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over an existing file without --force.
    let again = chibo(
        &[
            "minutes",
            "20",
            "--format",
            "docx",
            "-o",
            target.to_str().unwrap(),
        ],
        &db,
    );
    assert!(!again.status.success());
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    // Piped (not a terminal), the bytes go to standard output.
    let piped = chibo(&["minutes", "20", "--format", "docx"], &db);
    assert!(piped.status.success());
    assert_eq!(&piped.stdout[..2], b"PK");
    // On a terminal, without -o: refused, in Vietnamese, nothing printed.
    let mut term = common::pty::Term::start_under(
        &["sh", "-c", r#"exec "$0" "$@" minutes 20 --format docx"#],
        &db,
        &[],
    );
    let status = term.wait_exit();
    assert!(!status.success());
    let screen = term.screen();
    assert!(
        screen.contains("Tệp Word (--format docx) không in ra màn hình"),
        "{screen}"
    );
    assert!(!String::from_utf8_lossy(&term.raw).contains("PK"));
}

#[test]
fn the_app_writer_never_replaces_a_file_and_numbers_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let store = Store::open(&db, common::clock()).unwrap();
    let folder = planning::documents_folder(&db);
    assert_eq!(folder, dir.path().join("chibo-documents"));
    let first =
        planning::write_document(&store, DocumentKind::Minutes, 20, DocFormat::Docx, &folder)
            .unwrap();
    assert_eq!(
        first,
        folder.join("bien-ban-2026-03-05-chi-bo-khoa-kinh-te.docx")
    );
    let second =
        planning::write_document(&store, DocumentKind::Minutes, 20, DocFormat::Docx, &folder)
            .unwrap();
    assert_eq!(
        second,
        folder.join("bien-ban-2026-03-05-chi-bo-khoa-kinh-te_2.docx")
    );
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

/// Two laptops' demo cells, one renamed, merged into a committee's file:
/// their meetings fall on the same days.
fn committee_of_two(dir: &std::path::Path) -> std::path::PathBuf {
    use chibo::store::CellInput;
    use chibo::store::bundle::{Bundle, BundleKind};
    let committee = dir.join("committee.db");
    for (n, name) in ["Chi bộ Khoa Kinh tế", "Chi bộ Khoa Ngoại ngữ – Tin học"]
        .into_iter()
        .enumerate()
    {
        let laptop = dir.join(format!("laptop-{n}"));
        std::fs::create_dir(&laptop).unwrap();
        let mut store = Store::open(&demo_file(&laptop), common::clock()).unwrap();
        let cell = store.cells().unwrap().remove(0);
        store
            .write(|tx| {
                tx.update_cell(
                    cell.id,
                    &CellInput {
                        name: name.into(),
                        upper_unit: cell.upper_unit.clone(),
                        place_name: cell.place_name.clone(),
                        usual_venue: cell.usual_venue.clone(),
                    },
                )
            })
            .unwrap();
        let path = laptop.join("cell.bundle");
        std::fs::write(
            &path,
            store.write_bundle(cell.id, false, &mut |_, _| {}).unwrap(),
        )
        .unwrap();
        let mut c = Store::open(&committee, common::clock()).unwrap();
        let bundle = Bundle::open(&path, BundleKind::Cell).unwrap();
        c.merge(&bundle, Default::default(), &mut |_, _| {})
            .unwrap();
    }
    committee
}

#[test]
fn two_cells_minutes_of_a_day_have_names_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = committee_of_two(dir.path());
    let store = Store::open(&db, common::clock()).unwrap();
    let folder = planning::documents_folder(&db);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let mut written = Vec::new();
    for cell in store.cells().unwrap() {
        let meeting = store
            .meetings(cell.id)
            .unwrap()
            .into_iter()
            .find(|m| m.date() == day)
            .unwrap();
        let path = planning::write_document(
            &store,
            DocumentKind::Minutes,
            meeting.id,
            DocFormat::Docx,
            &folder,
        )
        .unwrap();
        let xml = zip_part(&std::fs::read(&path).unwrap(), "word/document.xml");
        assert!(xml.contains(&cell.name.to_uppercase()), "{}", cell.name);
        written.push(path.file_name().unwrap().to_str().unwrap().to_string());
    }
    written.sort();
    assert_eq!(
        written,
        [
            "bien-ban-2026-03-05-chi-bo-khoa-kinh-te.docx",
            "bien-ban-2026-03-05-chi-bo-khoa-ngoai-ngu-tin-hoc.docx",
        ]
    );
    let mut in_folder: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    in_folder.sort();
    assert_eq!(in_folder, written, "no -2");
}

/// Optional: with LibreOffice installed, the Word file converts to PDF
/// (and, with pdftoppm, to a PNG to look at); skipped without them.
#[test]
fn the_word_file_opens_in_libreoffice_when_it_is_installed() {
    let Ok(soffice) = which("soffice") else {
        eprintln!("soffice not installed: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = demo_memory();
    let bytes =
        planning::document_bytes(&store, DocumentKind::Minutes, TWO_THIRDS, DocFormat::Docx)
            .unwrap();
    let docx = dir.path().join("bien-ban.docx");
    std::fs::write(&docx, bytes).unwrap();
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = std::fs::read(dir.path().join("bien-ban.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Two pages or more on A4 (595 × 842 points), not a single long one.
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/MediaBox[0 0 595") || text.contains("/MediaBox [0 0 595"));
    if let Ok(pdftoppm) = which("pdftoppm") {
        let status = std::process::Command::new(pdftoppm)
            .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
            .arg(dir.path().join("bien-ban.pdf"))
            .arg(dir.path().join("page"))
            .status()
            .unwrap();
        assert!(status.success());
        let png = std::fs::read(dir.path().join("page-1.png")).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
        .ok_or(())
}

#[test]
fn a_guest_remark_outside_an_item_keeps_its_speaker_and_its_line_breaks() {
    let mut store = demo_memory();
    let planned = 32;
    let guest = store
        .write(|tx| tx.add_guest(planned, "Nguyễn Thanh Sơn", "Đảng ủy viên"))
        .unwrap();
    store
        .write(|tx| {
            tx.add_remark(
                planned,
                &chibo::store::RemarkInput {
                    agenda_item_id: None,
                    speaker_member_id: None,
                    speaker_guest_id: Some(guest.id),
                    text: "Ghi nhận kết quả.\n- Đề nghị *tiếp tục*\n2. giữ vững".into(),
                    spoken_at: None,
                },
            )
        })
        .unwrap();
    let txt = text(&store, planned);
    assert!(
        txt.contains(
            "Ý kiến khác\n\n   Đồng chí Nguyễn Thanh Sơn (Đảng ủy viên): Ghi nhận kết quả.\n     \
             - Đề nghị *tiếp tục*\n     2. giữ vững\n"
        ),
        "{txt}"
    );
    let md = planning::minutes_document(&store, planned, Format::Markdown).unwrap();
    assert!(
        md.contains(
            "**Ý kiến khác**\n\n**Đồng chí Nguyễn Thanh Sơn (Đảng ủy viên):** Ghi nhận kết quả.\\\n\
             \\- Đề nghị \\*tiếp tục\\*\\\n2\\. giữ vững\n"
        ),
        "{md}"
    );
    let bytes =
        planning::document_bytes(&store, DocumentKind::Minutes, planned, DocFormat::Docx).unwrap();
    let xml = zip_part(&bytes, "word/document.xml");
    assert!(xml.contains(
        r#"<w:br w:type="textWrapping" /><w:t xml:space="preserve">- Đề nghị *tiếp tục*</w:t>"#
    ));
    // Not closed: no approval sentence, and the items still listed.
    assert!(!txt.contains("Biên bản đã được thông qua"));
    assert!(txt.contains("18. Bế mạc"));
}

/// The Markdown minutes as HTML, rendered by a CommonMark parser.
fn html(md: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
    out
}

#[test]
fn a_commonmark_renderer_shows_the_markdown_minutes_as_intended() {
    let store = demo_memory();
    let md = planning::minutes_document(&store, TWO_THIRDS, Format::Markdown).unwrap();
    let page = html(&md);
    // The header's lines stay lines; the "*" is a star, not emphasis.
    assert!(
        page.contains(
            "<p>ĐẢNG BỘ TRƯỜNG TRUNG CẤP GÒ CÔNG<br />\n<strong>CHI BỘ KHOA KINH TẾ</strong><br />\n*</p>"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<p><strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong><br />\n<em>Gò Công, ngày 05 tháng 3 năm 2026</em></p>"
    ));
    assert!(
        page.contains("<h1>BIÊN BẢN</h1>\n<h2>SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3 NĂM 2026</h2>")
    );
    // The absences: one list item with its lines, never a nested list.
    assert!(
        page.contains("<li>Vắng: 5<br />\n+ Có lý do (4): Đinh Công Ân – ốm;"),
        "{page}"
    );
    // The agenda is one list of 18; each proceeding keeps its number.
    assert!(page.contains("<h3>I. NỘI DUNG</h3>\n<ol>\n<li>Ổn định tổ chức, điểm danh</li>"));
    // Every agenda item shows with its own number twice (contents and
    // proceedings), as the renderer numbers them.
    let shown = numbered_items(&md);
    for (n, item) in store.agenda(TWO_THIRDS).unwrap().iter().enumerate() {
        let times = shown
            .iter()
            .filter(|(k, text)| *k == n as u64 + 1 && *text == item.title)
            .count();
        assert_eq!(times, 2, "{}. {} in {shown:?}", n + 1, item.title);
    }
    // A remark: the speaker bold, the words after.
    assert!(page.contains("<p><strong>Đồng chí Lâm Thị Yến:</strong> Cần tăng cường"));
    // The signers apart, each with the note and the name.
    assert!(page.contains(
        "<p><strong>CHỦ TRÌ</strong><br />\n<em>(ký, ghi rõ họ tên)</em><br />\n<br />\n<strong>Nguyễn Văn Đạt</strong></p>\n\
         <p><strong>THƯ KÝ</strong><br />\n<em>(ký, ghi rõ họ tên)</em><br />\n<br />\n<strong>Phạm Thị Thu Hà</strong></p>"
    ), "{page}");
    assert!(
        !page.contains("<ul>\n<li><ul>"),
        "no list nested by typed text"
    );
}

/// The numbered list items as a CommonMark renderer numbers them: (number,
/// text).
fn numbered_items(md: &str) -> Vec<(u64, String)> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut counters: Vec<Option<u64>> = Vec::new();
    let mut current: Option<(u64, String)> = None;
    let mut out = Vec::new();
    for event in pulldown_cmark::Parser::new(md) {
        match event {
            Event::Start(Tag::List(start)) => counters.push(start),
            Event::End(TagEnd::List(_)) => {
                counters.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(Some(n)) = counters.last_mut() {
                    current = Some((*n, String::new()));
                    *n += 1;
                }
            }
            Event::Text(text) => {
                if let Some((_, t)) = current.as_mut() {
                    t.push_str(&text);
                }
            }
            Event::End(TagEnd::Item) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}
