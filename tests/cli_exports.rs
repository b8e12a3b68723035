//! `chibo export attendance`, `chibo export members` and the member import
//! that reads them back, through the real binary on a real file.

mod common;

use std::path::Path;

use chibo::domain::{Member, MemberInput};
use chibo::store::Store;
use common::{bytes, chibo, stderr, stdout};

const CELL: &str = "khoa kinh te";

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
}

/// The CSV's rows, checking it is what Excel in Vietnam opens as a table:
/// a byte-order mark, `;` between fields, CRLF line ends.
fn table(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("starts with a BOM");
    assert!(body.ends_with("\r\n"), "CRLF line ends");
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn members_of(db: &Path, cell_name: &str) -> Vec<Member> {
    let store = Store::open(db, common::clock()).unwrap();
    let cell = store
        .cells()
        .unwrap()
        .into_iter()
        .find(|c| c.name == cell_name)
        .unwrap();
    store.members(cell.id).unwrap()
}

#[test]
fn attendance_is_a_member_by_meeting_table_with_totals_for_excel() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let out = chibo(
        &[
            "export",
            "attendance",
            "--cell",
            CELL,
            "--from",
            "01/09/2026",
            "--to",
            "31/10/2026",
        ],
        &db,
    );
    let csv = ok(&out);
    assert!(
        csv.starts_with(
            "\u{feff}Họ và tên;07/09/2026 (Thường kỳ);21/09/2026 (Chuyên đề);05/10/2026 (Thường kỳ);\
             Phải triệu tập;Dự họp (có mặt, muộn, về sớm);Có mặt;Đến muộn;Về sớm;Vắng có lý do;\
             Vắng không lý do;Miễn sinh hoạt\r\n"
        ),
        "{csv}"
    );
    let rows = table(&csv);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name} in {csv}"))
            .join(";")
    };
    assert_eq!(
        row("Ngô Thị Lan Anh"),
        "Ngô Thị Lan Anh;có mặt;đến muộn;có mặt;3;3;2;1;0;0;0;0"
    );
    // exempt: listed apart, not called, counted as exempt
    assert_eq!(
        row("Hồ Văn Ất"),
        "Hồ Văn Ất;miễn sinh hoạt, có đến;miễn sinh hoạt;miễn sinh hoạt;0;0;0;0;0;0;0;3"
    );
    // members in given-name order (Vietnamese collation)
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| chibo::vi::roster_order(a, b));
    assert_eq!(names, sorted);
    assert_eq!(names.first(), Some(&"Ngô Thị Lan Anh"), "Anh comes first");

    // the states and totals are the engine's, for every member and meeting
    let store = Store::open(&db, common::clock()).unwrap();
    let cell = store.cell_by_name(CELL).unwrap().unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let matrix = chibo::domain::engine::history::member_matrix(
        &store.cell_history(cell.id, from, to).unwrap(),
    );
    assert_eq!(rows.len(), matrix.rows.len() + 1);
    for (line, m) in rows[1..].iter().zip(&matrix.rows) {
        assert_eq!(line[0], m.name);
        assert_eq!(line.len(), 1 + matrix.columns.len() + 8);
        let t = &m.totals;
        let totals: Vec<u32> = line[1 + matrix.columns.len()..]
            .iter()
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(
            totals,
            [
                t.expected,
                t.attended(),
                t.present,
                t.late,
                t.left_early,
                t.excused,
                t.unexcused,
                t.exempt
            ]
        );
    }

    // without a range: every meeting held up to today, reasons said
    let all = table(&ok(&chibo(&["export", "attendance", "--cell", CELL], &db)));
    let held = store
        .meetings(cell.id)
        .unwrap()
        .iter()
        .filter(|m| m.status.is_held())
        .count();
    assert_eq!(all[0].len(), 1 + held + 8, "{:?}", all[0]);
    assert!(held > 20);
    assert!(
        all.iter()
            .flatten()
            .any(|state| state.starts_with("vắng có lý do: ") && state.len() > 20),
        "an excused absence gives its reason"
    );
    assert!(all.iter().flatten().any(|s| s == "vắng không lý do"));
    // a range with no meeting: the header and nobody
    let none = table(&ok(&chibo(
        &[
            "export",
            "attendance",
            "--cell",
            CELL,
            "--from",
            "01/01/2000",
            "--to",
            "31/12/2000",
        ],
        &db,
    )));
    assert_eq!(none.len(), 1);
    assert_eq!(none[0][0], "Họ và tên");
    assert_eq!(none[0].len(), 9);

    // to a file: 0600, and said on standard error
    let path = dir.path().join("du-hop.csv");
    let out = chibo(
        &[
            "export",
            "attendance",
            "--cell",
            CELL,
            "-o",
            path.to_str().unwrap(),
        ],
        &db,
    );
    ok(&out);
    assert!(
        stderr(&out).contains("Đã ghi bảng dự họp"),
        "{}",
        stderr(&out)
    );
    assert_eq!(table(&String::from_utf8(bytes(&path)).unwrap()), all);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// Fields the import carries, for comparing members of two cells.
fn carried(m: &Member) -> MemberInput {
    MemberInput {
        full_name: m.full_name.clone(),
        birth_date: m.birth_date,
        gender: m.gender,
        phone: m.phone.clone(),
        national_id: m.national_id.clone(),
        note: m.note.clone(),
        admitted_on: m.admitted_on(),
        official_on: m.official_on(),
        card_number: m
            .current_card()
            .map(|c| c.number.clone())
            .unwrap_or_default(),
    }
}

#[test]
fn a_member_export_imports_back_into_a_new_cell_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    // a note over several lines, with the separator and quotes in it
    {
        let mut store = Store::open(&db, common::clock()).unwrap();
        let cell = store.cell_by_name(CELL).unwrap().unwrap();
        let member = store.members(cell.id).unwrap()[2].clone();
        let mut input = carried(&member);
        input.note =
            "Chuyển từ Đảng bộ Xã A; \"đảng viên trẻ\"\nĐang học cao cấp lý luận\n\nCó con nhỏ"
                .into();
        store
            .write(|tx| tx.update_member(member.id, &input))
            .unwrap();
    }
    let original: Vec<Member> = members_of(&db, "Chi bộ Khoa Kinh tế")
        .into_iter()
        .filter(|m| !m.situation_on(common::today()).is_former())
        .collect();
    assert!(original.len() > 20);
    assert!(original.iter().any(|m| m.note.contains('\n')));
    assert!(original.iter().any(|m| !m.national_id.is_empty()));

    for (private, new_cell) in [(true, "Chi bộ Mới"), (false, "Chi bộ Công khai")] {
        let file = dir.path().join(format!("members-{private}.csv"));
        let mut args = vec![
            "export",
            "members",
            "--cell",
            CELL,
            "-o",
            file.to_str().unwrap(),
        ];
        if private {
            args.push("--with-private");
        }
        let out = chibo(&args, &db);
        ok(&out);
        assert!(stderr(&out).contains("Đã ghi danh sách đảng viên"));
        let csv = String::from_utf8(bytes(&file)).unwrap();
        let rows = table(&csv);
        let header = rows[0].join(";");
        if private {
            assert_eq!(
                header,
                "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức;Số thẻ đảng viên;Điện thoại;Số CCCD;Ghi chú"
            );
        } else {
            assert_eq!(
                header,
                "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức;Ghi chú"
            );
            for m in &original {
                for private_value in [&m.phone, &m.national_id] {
                    assert!(
                        private_value.is_empty() || !csv.contains(private_value.as_str()),
                        "{private_value} leaked"
                    );
                }
                if let Some(card) = m.current_card() {
                    assert!(!csv.contains(&card.number), "{} leaked", card.number);
                }
            }
        }
        ok(&chibo(&["cells", "add", new_cell], &db));
        let out = chibo(
            &[
                "import",
                "members",
                "--cell",
                new_cell,
                file.to_str().unwrap(),
            ],
            &db,
        );
        assert!(
            ok(&out).contains(&format!("Đã nhập {} đảng viên", original.len())),
            "{}",
            stdout(&out)
        );
        let imported = members_of(&db, new_cell);
        assert_eq!(imported.len(), original.len());
        for (before, after) in original.iter().zip(&imported) {
            let mut expected = carried(before);
            if !private {
                expected.phone.clear();
                expected.national_id.clear();
                expected.card_number.clear();
            }
            assert_eq!(carried(after), expected);
            assert_ne!(after.uuid, before.uuid);
        }
        // the new cell's export is the same file
        let again = ok(&chibo(
            &[
                "export",
                "members",
                "--cell",
                new_cell,
                if private { "--with-private" } else { "--force" },
            ],
            &db,
        ));
        assert_eq!(again, csv);
    }
}

#[test]
fn the_import_joins_split_names_and_keeps_notes_over_several_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ok(&chibo(&["cells", "add", "Chi bộ Khoa Toán"], &db));
    let file = dir.path().join("ds.csv");
    std::fs::write(
        &file,
        "\u{feff}STT;HỌ VÀ TÊN ĐỆM;Tên;Ngày sinh;Ngày vào Đảng;Ghi chú\r\n\
         1;Nguyễn Văn;An;01/02/1980;03/02/2010;\"Bí thư cũ\r\nNay nghỉ hưu; vẫn sinh hoạt\"\r\n\
         2;Trần Thị Bích;Ngọc;05/06/1985;19/05/2012;\r\n",
    )
    .unwrap();
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "khoa toan",
            file.to_str().unwrap(),
        ],
        &db,
    );
    assert!(ok(&out).contains("Đã nhập 2 đảng viên"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Cột không dùng: STT"),
        "{}",
        stdout(&out)
    );
    let members = members_of(&db, "Chi bộ Khoa Toán");
    let names: Vec<&str> = members.iter().map(|m| m.full_name.as_str()).collect();
    assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Bích Ngọc"]);
    assert_eq!(members[0].note, "Bí thư cũ\nNay nghỉ hưu; vẫn sinh hoạt");

    // a bad row after a note over three lines is named by its own line
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Họ và đệm;Tên;Ngày vào Đảng;Ghi chú\n\
         Lê Văn;Bình;01/01/2015;\"dòng một\ndòng hai\ndòng ba\"\n\
         Lê Thị;Cúc;31/02/2015;\n\
         Lê;;01/01/2015;\n",
    )
    .unwrap();
    let before = bytes(&db);
    let out = chibo(
        &[
            "import",
            "members",
            "--cell",
            "khoa toan",
            bad.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("Dòng 5: Ngày vào Đảng: “31/02/2015” không phải ngày hợp lệ"),
        "{err}"
    );
    assert!(
        !err.contains("Dòng 6"),
        "a family name alone is a name: {err}"
    );
    assert!(err.contains("chưa ghi gì"), "{err}");
    assert_eq!(bytes(&db), before, "the database is byte-identical");
    assert_eq!(members_of(&db, "Chi bộ Khoa Toán").len(), 2);
}

#[test]
fn refusals_name_the_problem_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    // an unknown cell
    for what in ["attendance", "members"] {
        let out = chibo(&["export", what, "--cell", "Không Có"], &db);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("Không tìm thấy chi bộ “Không Có”"),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
    // two cells of one name: refused, both listed
    ok(&chibo(
        &["cells", "add", "Chi bộ Y", "--upper", "Đảng bộ A"],
        &db,
    ));
    ok(&chibo(
        &["cells", "add", "Chi bộ Y", "--upper", "Đảng bộ B"],
        &db,
    ));
    let out = chibo(&["export", "members", "--cell", "Chi bộ Y"], &db);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Có 2 chi bộ cùng tên “Chi bộ Y”"), "{err}");
    assert!(
        err.contains("Đảng bộ A") && err.contains("Đảng bộ B"),
        "{err}"
    );
    // bad dates and an empty range
    let out = chibo(
        &[
            "export",
            "attendance",
            "--cell",
            CELL,
            "--from",
            "31/02/2026",
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Ngày không hợp lệ: 31/02/2026"),
        "{}",
        stderr(&out)
    );
    let out = chibo(
        &[
            "export",
            "attendance",
            "--cell",
            CELL,
            "--from",
            "01/10/2026",
            "--to",
            "01/09/2026",
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--from 01/10/2026 sau --to 01/09/2026"),
        "{}",
        stderr(&out)
    );
    // an existing file is kept unless --force; the database never
    let path = dir.path().join("ds.csv");
    std::fs::write(&path, "của người khác").unwrap();
    let out = chibo(
        &[
            "export",
            "members",
            "--cell",
            CELL,
            "-o",
            path.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("đã có; chibo không ghi đè"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&path), "của người khác".as_bytes());
    let out = chibo(
        &[
            "--force",
            "export",
            "members",
            "--cell",
            CELL,
            "-o",
            path.to_str().unwrap(),
        ],
        &db,
    );
    ok(&out);
    assert!(
        String::from_utf8(bytes(&path))
            .unwrap()
            .starts_with("\u{feff}Họ và tên;")
    );
    let before = bytes(&db);
    for what in ["attendance", "members"] {
        let out = chibo(
            &[
                "--force",
                "export",
                what,
                "--cell",
                CELL,
                "-o",
                db.to_str().unwrap(),
            ],
            &db,
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("là tệp cơ sở dữ liệu đang dùng"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(bytes(&db), before);
    // a malformed file leaves the database byte-identical
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Họ và tên;Ngày vào Đảng;Ghi chú\nLê Văn Tốt;01/01/2015;\nLê Văn Thừa;01/01/2015;a;b\n",
    )
    .unwrap();
    let out = chibo(
        &["import", "members", "--cell", CELL, bad.to_str().unwrap()],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Dòng 3: có 4 cột, dòng tiêu đề có 3 cột"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&db), before, "the database is byte-identical");
    // a database that is not there is not created by an export
    let missing = dir.path().join("none.db");
    let out = chibo(&["export", "members", "--cell", CELL], &missing);
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists());
}
