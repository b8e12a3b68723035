//! The real binary: exit codes and the messages a person reads.

mod common;

use std::process::Command;

use common::{bytes, chibo, stderr, stdout};

#[test]
fn demo_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = chibo(&["demo", "--today", "25/11/2026"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Đã nạp dữ liệu mẫu: 1 chi bộ, 26 đảng viên"),
        "{}",
        stdout(&out)
    );
    let out = chibo(&["check"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("kiểm tra toàn vẹn đạt"), "{text}");
    assert!(text.contains("Đảng viên: 26"), "{text}");

    // a second demo is refused, the data untouched
    let before = bytes(&db);
    let out = chibo(&["demo"], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("đã có dữ liệu"), "{}", stderr(&out));
    assert_eq!(bytes(&db), before);
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    chibo::store::Store::open(&db, common::clock()).unwrap();
    let out = chibo(&["--lang", "en", "check"], &db);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("integrity check passed"),
        "{}",
        stdout(&out)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .args(["check", "--db"])
        .arg(&db)
        .env("CHIBO_LANG", "en")
        .output()
        .unwrap();
    assert!(stdout(&out).contains("integrity check passed"));
}

#[test]
fn vietnamese_is_the_default_whatever_lang_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    chibo::store::Store::open(&db, common::clock()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .args(["check", "--db"])
        .arg(&db)
        .env_remove("CHIBO_LANG")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("kiểm tra toàn vẹn đạt"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_files_get_a_vietnamese_message_and_stay_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database").unwrap();
    let out = chibo(&["check"], &text);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Lỗi: Tệp này không phải cơ sở dữ liệu SQLite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&text), b"not a database");
    let out = chibo(&[], &text);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn export_import_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(
        chibo(&["demo", "--today", "25/11/2026"], &db)
            .status
            .success()
    );
    let first = dir.path().join("first.json");
    let out = chibo(&["export", "json", "-o", first.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = dir.path().join("copy.db");
    let out = chibo(&["import", "json", first.to_str().unwrap()], &copy);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("26 đảng viên"));
    let out = chibo(&["export", "json"], &copy);
    assert!(out.status.success());
    assert!(
        out.stdout == bytes(&first),
        "stdout export equals the file export"
    );

    // malformed JSON: a clear message, nothing imported
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"application\": \"chibo\",").unwrap();
    let empty = dir.path().join("empty.db");
    let out = chibo(&["import", "json", broken.to_str().unwrap()], &empty);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Tệp JSON không hợp lệ"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn backup_and_restore_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(
        chibo(&["demo", "--today", "25/11/2026"], &db)
            .status
            .success()
    );
    let dest = dir.path().join("b.db");
    let out = chibo(&["backup", dest.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã sao lưu"));
    let out = chibo(&["restore", dest.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã khôi phục"));
    assert!(stdout(&out).contains("Bản cũ được giữ tại"));
}

#[test]
fn help_is_in_vietnamese() {
    let out = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .arg("--help")
        .env_remove("CHIBO_LANG")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Nạp dữ liệu mẫu"), "{}", stdout(&out));
}

/// The binary without a database, the UI language from `CHIBO_LANG` when
/// given.
fn bare(args: &[&str], lang: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chibo"));
    command
        .args(args)
        .env_remove("CHIBO_DB")
        .env_remove("CHIBO_LANG");
    if let Some(lang) = lang {
        command.env("CHIBO_LANG", lang);
    }
    command.output().unwrap()
}

const CLAP_ENGLISH: [&str; 8] = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "[OPTIONS]",
    "error:",
];

#[test]
fn vietnamese_help_has_no_clap_english() {
    let out = bare(&["--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Cách dùng: chibo [TÙY CHỌN] [LỆNH]"),
        "{text}"
    );
    assert!(text.contains("Lệnh:\n  demo "), "{text}");
    assert!(text.contains("Tùy chọn:\n      --db <TỆP> "), "{text}");
    assert!(text.contains("-h, --help "), "{text}");
    assert!(text.contains("In trợ giúp này"), "{text}");
    assert!(text.contains("-V, --version "), "{text}");
    assert!(text.contains("In số phiên bản"), "{text}");
    for english in CLAP_ENGLISH {
        assert!(!text.contains(english), "{english} in:\n{text}");
    }
    let out = bare(&["-V"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!("chibo {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_command_help_is_vietnamese_too_and_help_subcommand_shows_the_same() {
    let out = bare(&["minutes", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("Xuất biên bản buổi sinh hoạt (txt, md hoặc docx"),
        "{text}"
    );
    assert!(
        text.contains("Cách dùng: chibo minutes [TÙY CHỌN] <MÃ_SỐ>"),
        "{text}"
    );
    assert!(
        text.contains("Tham số:\n  <MÃ_SỐ>  Mã số buổi sinh hoạt"),
        "{text}"
    );
    assert!(
        text.contains(
            "--format <ĐỊNH_DẠNG>  Định dạng: txt (mặc định, 80 cột), md (Markdown) hoặc"
        ),
        "{text}"
    );
    for english in CLAP_ENGLISH
        .iter()
        .chain(&["[default", "[possible values", "[env"])
    {
        assert!(!text.contains(english), "{english} in:\n{text}");
    }
    assert_eq!(stdout(&bare(&["help", "minutes"], None)), text);
    let nested = stdout(&bare(&["import", "help", "members"], None));
    assert!(
        nested.contains("Cách dùng: chibo import members [TÙY CHỌN] --cell <TÊN> <TỆP>"),
        "{nested}"
    );
}

#[test]
fn an_invalid_format_is_refused_in_vietnamese_naming_the_valid_values() {
    let out = bare(&["minutes", "3", "--format", "pdf"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "Lỗi: giá trị “pdf” không hợp lệ cho --format. Các giá trị được nhận: md, txt, docx.\n\
         \n\
         Cách dùng: chibo minutes [TÙY CHỌN] <MÃ_SỐ>\n\
         Xem thêm: chibo minutes --help\n"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn an_unknown_command_is_refused_in_vietnamese() {
    let out = bare(&["bienban"], None);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.starts_with("Lỗi: không có lệnh “bienban”."), "{text}");
    assert!(
        text.contains("Cách dùng: chibo [TÙY CHỌN] [LỆNH]"),
        "{text}"
    );
    assert!(text.ends_with("Xem thêm: chibo --help\n"), "{text}");
    let out = bare(&["exprt"], None);
    assert!(
        stderr(&out).contains("Có phải ý bạn là") && stderr(&out).contains("export"),
        "{}",
        stderr(&out)
    );
    let out = bare(&["import", "members", "a.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("Lỗi: chưa ghi --cell <TÊN> (bắt buộc)."),
        "{}",
        stderr(&out)
    );
    for english in CLAP_ENGLISH {
        assert!(!stderr(&out).contains(english), "{}", stderr(&out));
    }
}

#[test]
fn the_english_ui_gets_english_help_and_errors() {
    let out = bare(&["--help"], Some("en"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Usage: chibo [OPTIONS] [COMMAND]"), "{text}");
    assert!(text.contains("Commands:\n  demo "), "{text}");
    assert!(
        text.contains("-h, --help         Print this help"),
        "{text}"
    );
    assert!(!text.contains("Cách dùng"), "{text}");
    let out = bare(&["--lang", "en", "minutes", "3", "--format", "pdf"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "Error: “pdf” is not a valid value for --format. Accepted values: md, txt, docx.\n\
         \n\
         Usage: chibo minutes [OPTIONS] <MEETING>\n\
         See: chibo minutes --help\n"
    );
    let out = bare(&["bienban"], Some("en"));
    assert!(
        stderr(&out).starts_with("Error: there is no command “bienban”."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_english_ui_writes_decimal_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let line = |out: &std::process::Output| {
        stdout(out)
            .lines()
            .find(|l| l.contains('%'))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let vi = line(&chibo(&["meetings", "--cell", "khoa kinh te"], &db));
    let en = line(&chibo(
        &["--lang", "en", "meetings", "--cell", "khoa kinh te"],
        &db,
    ));
    let (vi_pct, en_pct) = (vi.split_whitespace().last(), en.split_whitespace().last());
    let (Some(vi_pct), Some(en_pct)) = (vi_pct, en_pct) else {
        panic!("no percentage: {vi} / {en}");
    };
    assert!(vi_pct.contains(',') && !vi_pct.contains('.'), "{vi}");
    assert_eq!(en_pct, vi_pct.replace(',', "."), "{en}");
}

#[test]
fn import_members_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(
        chibo(&["demo", "--today", "25/11/2026"], &db)
            .status
            .success()
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Họ và tên;Ngày sinh;Ngày vào Đảng\nLê Văn Tốt;01/01/1990;01/01/2015\nLê Văn Xấu;32/01/1990;01/01/2015\n",
    )
    .unwrap();
    let before = chibo(&["check"], &db);
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "chi bo khoa kinh te",
            bad.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("Dòng 3: Ngày sinh: “32/01/1990” không phải ngày hợp lệ"),
        "{err}"
    );
    assert!(err.contains("chưa ghi gì"), "{err}");
    assert_eq!(
        stdout(&chibo(&["check"], &db)),
        stdout(&before),
        "nothing written"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "\u{feff}Full name,Birth date,Gender,Admitted on,Official on\nLê Văn Tốt,01/01/1990,Nam,01/01/2015,01/01/2016\n",
    )
    .unwrap();
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "Chi bộ Khoa Kinh tế",
            good.to_str().unwrap(),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã nhập 1 đảng viên vào Chi bộ Khoa Kinh tế."));
    assert!(stdout(&chibo(&["check"], &db)).contains("Đảng viên: 27"));

    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "Không Có",
            good.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Không tìm thấy chi bộ “Không Có”"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn meetings_and_agenda_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(
        chibo(&["demo", "--today", "25/11/2026"], &db)
            .status
            .success()
    );
    let out = chibo(&["meetings", "--cell", "khoa kinh te"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("07/12/2026 14:00") && first.contains("Dự kiến"),
        "{text}"
    );
    assert!(
        text.lines().nth(1).unwrap().contains("100,0%") || text.contains('%'),
        "{text}"
    );
    let id = first.split_whitespace().next().unwrap();
    let out = chibo(&["agenda", id, "--format", "md"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("### SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 12 NĂM 2026"));
    let file = dir.path().join("ct.txt");
    let out = chibo(&["agenda", id, "-o", file.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Tổng thời gian dự kiến: 103 phút"));
    #[cfg(unix)]
    assert_eq!(chibo::store::fsmode::mode(&file).unwrap(), 0o600);
    let out = chibo(&["agenda", "99999"], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Không tìm thấy: buổi sinh hoạt."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cells_are_created_listed_and_found_by_name_or_uuid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // a refused import on a missing file leaves no file behind
    let csv = dir.path().join("members.csv");
    std::fs::write(
        &csv,
        "Họ và tên;Ngày sinh;Ngày vào Đảng\nLê Văn An;01/01/1980;03/02/2010\n",
    )
    .unwrap();
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "Chi bộ A",
            csv.to_str().unwrap(),
        ],
        &db,
    );
    assert!(!out.status.success());
    assert!(!db.exists(), "an empty file was left behind");
    // cells add creates the database
    let out = chibo(
        &[
            "cells",
            "add",
            "Chi bộ Khoa Toán",
            "--upper",
            "Đảng bộ Trường A",
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã tạo chi bộ Chi bộ Khoa Toán (Đảng bộ Trường A)"));
    let out = chibo(
        &[
            "cells",
            "add",
            "Chi bộ Khoa Toán",
            "--upper",
            "Đảng bộ Trường B",
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // the same name under the same upper unit is refused
    let out = chibo(
        &[
            "cells",
            "add",
            "Chi bộ Khoa Toán",
            "--upper",
            "Đảng bộ Trường B",
        ],
        &db,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Đã có chi bộ"), "{}", stderr(&out));
    // the list gives each cell's UUID
    let out = chibo(&["cells"], &db);
    let list = stdout(&out);
    let uuids: Vec<&str> = list
        .lines()
        .map(|l| l.split("  ").next().unwrap())
        .collect();
    assert_eq!(uuids.len(), 2, "{list}");
    assert!(list.contains("(Đảng bộ Trường B)  0 đảng viên"), "{list}");
    // an ambiguous name is refused, listing both with their upper units
    let out = chibo(&["meetings", "--cell", "Chi bộ Khoa Toán"], &db);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("Có 2 chi bộ cùng tên"), "{err}");
    assert!(err.contains(uuids[0]) && err.contains(uuids[1]), "{err}");
    assert!(err.contains("Đảng bộ Trường A") && err.contains("Đảng bộ Trường B"));
    // a UUID picks one; the import then works on the new file
    let out = chibo(&["meetings", "--cell", uuids[1]], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            uuids[1],
            csv.to_str().unwrap(),
        ],
        &db,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let store = chibo::store::Store::open(&db, common::clock()).unwrap();
    let cell = store
        .cells()
        .unwrap()
        .into_iter()
        .find(|c| c.uuid.to_string() == uuids[1])
        .unwrap();
    assert_eq!(store.members(cell.id).unwrap().len(), 1);
    assert_eq!(cell.upper_unit, "Đảng bộ Trường B");
}

#[test]
fn the_report_gives_the_years_figures_as_text_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let out = chibo(&["report", "--cell", "khoa kinh te"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("BÁO CÁO SINH HOẠT Chi bộ Khoa Kinh tế — NĂM 2026"),
        "{text}"
    );
    assert!(text.contains("Thường kỳ 11/12"), "{text}");
    assert!(
        text.contains("Bùi Đức Thắng vắng không lý do buổi sinh hoạt thường kỳ 3 tháng"),
        "{text}"
    );
    // JSON: the shape the committee's tools read
    let out = chibo(
        &["report", "--cell", "khoa kinh te", "--format", "json"],
        &db,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2026);
    let meetings = v["meetings"].as_array().unwrap();
    assert!(meetings.iter().all(|m| m["figures"]["expected"].is_u64()));
    assert!(meetings.iter().any(|m| m["duration_minutes"] == 87));
    assert!(
        v["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "Bùi Đức Thắng" && m["unexcused"] == 3)
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["rule"] == "removal_ground_absences")
    );
    // CSV for Excel: BOM, ';', one section
    let out = chibo(
        &[
            "report",
            "--cell",
            "khoa kinh te",
            "--format",
            "csv",
            "--section",
            "tasks",
        ],
        &db,
    );
    let csv = stdout(&out);
    assert!(
        csv.starts_with("\u{feff}Nội dung;Người thực hiện;Ngày giao;Hạn;Kết quả;Quá hạn\r\n"),
        "{csv}"
    );
    // every cell at once, each row naming its cell
    let out = chibo(&["report", "--all", "--format", "csv"], &db);
    assert!(
        stdout(&out).starts_with("\u{feff}Chi bộ;Họ và tên;"),
        "{}",
        stdout(&out)
    );
    // neither --cell nor --all: refused in Vietnamese
    let out = chibo(&["report"], &db);
    assert_eq!(out.status.code(), Some(2));
}

/// `--all` is each cell's report, in the cells' order.
#[test]
fn the_report_of_all_cells_is_each_cells_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    for year in ["2026", "2025"] {
        let one = chibo(
            &[
                "report",
                "--cell",
                "khoa kinh te",
                "--format",
                "json",
                "--year",
                year,
            ],
            &db,
        );
        assert!(one.status.success(), "{}", stderr(&one));
        let all = chibo(
            &["report", "--all", "--format", "json", "--year", year],
            &db,
        );
        assert!(all.status.success(), "{}", stderr(&all));
        let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
        let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
        assert!(!one["warnings"].as_array().unwrap().is_empty());
        assert_eq!(all, serde_json::Value::Array(vec![one]));
    }
}

/// `--section` keeps one section in every format; the warnings alone come
/// from the rules' own read of every cell and are the whole report's.
#[test]
fn a_report_of_one_section_is_that_part_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["report", "--all", "--format", "json", "--year", "2026"];
        args.extend_from_slice(extra);
        let out = chibo(&args, &db);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let whole = json(&[]);
    let warnings = json(&["--section", "warnings"]);
    let cells = whole.as_array().unwrap();
    assert_eq!(warnings.as_array().unwrap().len(), cells.len());
    for (part, all) in warnings.as_array().unwrap().iter().zip(cells) {
        let keys: Vec<&str> = part
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["cell", "warnings", "year"]);
        assert_eq!(part["cell"], all["cell"]);
        assert_eq!(part["warnings"], all["warnings"]);
    }
    assert!(
        cells
            .iter()
            .any(|c| !c["warnings"].as_array().unwrap().is_empty())
    );
    let members = json(&["--section", "members"]);
    assert_eq!(members[0]["members"], cells[0]["members"]);
    assert!(members[0].get("meetings").is_none());

    // text: the members' year, which the whole text report leaves out
    let out = chibo(
        &["report", "--cell", "khoa kinh te", "--section", "members"],
        &db,
    );
    let text = stdout(&out);
    assert!(text.contains("Đảng viên: 26"), "{text}");
    let thang = text
        .lines()
        .find(|l| l.contains("Bùi Đức Thắng"))
        .unwrap_or_default();
    let counts: Vec<&str> = thang.split_whitespace().skip(3).collect();
    assert_eq!(counts.get(4), Some(&"3"), "{thang}");
    assert!(!text.contains("Cảnh báo:"), "{text}");
    let out = chibo(
        &["report", "--cell", "khoa kinh te", "--section", "warnings"],
        &db,
    );
    let text = stdout(&out);
    assert!(text.contains("Cảnh báo:"), "{text}");
    assert!(!text.contains("Nhiệm vụ còn mở"), "{text}");
    // each warning with the day it concerns
    assert!(
        text.contains(
            "⚠ 05/08/2026  Bùi Đức Thắng vắng không lý do buổi sinh hoạt thường kỳ 3 tháng"
        ),
        "{text}"
    );
    // a year no cell met in is a typo, refused in Vietnamese
    for year in ["--year=-2147483648", "--year=20266", "--year=0"] {
        let out = chibo(&["report", "--all", year], &db);
        assert_eq!(out.status.code(), Some(2), "{year}");
        assert!(stderr(&out).contains("không hợp lệ"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}

/// Two members of one name: `transfer out` names neither, lists both with
/// their UUIDs, and writes nothing.
#[test]
fn a_member_name_shared_by_two_is_refused_with_both_uuids() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let cell = {
        let mut store = chibo::store::Store::open(&db, common::clock()).unwrap();
        let cell = store.cells().unwrap()[0].id;
        for _ in 0..2 {
            store
                .write(|tx| {
                    tx.add_member(
                        cell,
                        &chibo::store::MemberInput {
                            full_name: "Hà Văn Trùng".into(),
                            admitted_on: chrono::NaiveDate::from_ymd_opt(2010, 1, 1),
                            official_on: chrono::NaiveDate::from_ymd_opt(2011, 1, 1),
                            ..Default::default()
                        },
                    )
                })
                .unwrap();
        }
        store.members(cell).unwrap()
    };
    let twins: Vec<String> = cell
        .iter()
        .filter(|m| m.full_name == "Hà Văn Trùng")
        .map(|m| m.uuid.to_string())
        .collect();
    assert_eq!(twins.len(), 2);
    let before = common::bytes(&db);
    let out = chibo(
        &[
            "transfer",
            "out",
            "--cell",
            "khoa kinh te",
            "--member",
            "ha van trung",
            "--to",
            "Chi bộ Phòng Đào tạo",
            "-o",
            dir.path().join("t.bundle").to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Có 2 đảng viên cùng tên"), "{err}");
    for uuid in &twins {
        assert!(err.contains(&format!("  {uuid}  Hà Văn Trùng")), "{err}");
    }
    assert!(!dir.path().join("t.bundle").exists());
    assert_eq!(common::bytes(&db), before);
}
