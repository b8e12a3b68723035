//! Member import from CSV as Vietnamese offices write it: UTF-8 with or
//! without BOM, `,` or `;` (Excel in Vietnam often writes `;`), Vietnamese or
//! English headers. All or nothing: any bad row means nothing is written, and
//! every bad row is reported with its line number.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::MemberInput;
use crate::domain::text::{Problem, clean_line};
use crate::domain::{Gender, Member};
use crate::vi;

/// The member fields a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    FullName,
    BirthDate,
    Gender,
    AdmittedOn,
    OfficialOn,
    CardNumber,
    Phone,
    NationalId,
    Note,
}

impl Column {
    /// The field name (as in `field.*` of the strings).
    pub fn field(self) -> &'static str {
        match self {
            Column::FullName => "full_name",
            Column::BirthDate => "birth_date",
            Column::Gender => "gender",
            Column::AdmittedOn => "admitted_on",
            Column::OfficialOn => "official_on",
            Column::CardNumber => "card_number",
            Column::Phone => "phone",
            Column::NationalId => "national_id",
            Column::Note => "note",
        }
    }

    /// Header spellings, folded (no tones, lower case).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::FullName => &["ho va ten", "ho ten", "ten", "full name", "name"],
            Column::BirthDate => &[
                "ngay sinh",
                "ngay thang nam sinh",
                "birth date",
                "date of birth",
                "born",
            ],
            Column::Gender => &["gioi tinh", "gender", "sex"],
            Column::AdmittedOn => &[
                "ngay vao dang",
                "ngay ket nap",
                "admitted on",
                "admission date",
                "admitted",
            ],
            Column::OfficialOn => &[
                "ngay chinh thuc",
                "ngay cong nhan chinh thuc",
                "official on",
                "official date",
            ],
            Column::CardNumber => &[
                "so the dang vien",
                "so the",
                "card number",
                "party card",
                "party card number",
            ],
            Column::Phone => &[
                "dien thoai",
                "so dien thoai",
                "sdt",
                "phone",
                "phone number",
            ],
            Column::NationalId => &[
                "so cccd",
                "cccd",
                "can cuoc cong dan",
                "so can cuoc",
                "national id",
            ],
            Column::Note => &["ghi chu", "note", "notes"],
        }
    }

    const ALL: [Column; 9] = [
        Column::FullName,
        Column::BirthDate,
        Column::Gender,
        Column::AdmittedOn,
        Column::OfficialOn,
        Column::CardNumber,
        Column::Phone,
        Column::NationalId,
        Column::Note,
    ];

    fn from_header(header: &str) -> Option<Column> {
        let folded = vi::fold(header);
        let folded = folded.trim_end_matches('*').trim();
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().contains(&folded))
    }
}

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    Required,
    BadDate(String),
    BadGender(String),
    Text(Problem),
    BirthImplausible,
    OfficialBeforeAdmission,
    InFuture,
}

/// Why the import cannot go ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvProblem {
    NotUtf8,
    Empty,
    NoNameColumn,
    /// A line the CSV reader could not read (quotes, wrong number of fields).
    Malformed {
        line: u64,
        detail: String,
    },
    Value {
        line: u64,
        column: Column,
        problem: ValueProblem,
    },
    /// The same name and birth year twice in the file.
    DuplicateInFile {
        line: u64,
        first_line: u64,
    },
    /// Already on the cell's roll (same name and birth year).
    AlreadyInCell {
        line: u64,
        name: String,
    },
}

/// A row ready to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub line: u64,
    pub input: MemberInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvImport {
    pub rows: Vec<CsvRow>,
    pub problems: Vec<CsvProblem>,
    /// Headers chibo does not use (e.g. "STT", "Quê quán").
    pub ignored_columns: Vec<String>,
}

impl CsvImport {
    pub fn is_importable(&self) -> bool {
        self.problems.is_empty() && !self.rows.is_empty()
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    vi::parse_date(text).or_else(|| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
}

fn parse_gender(text: &str) -> Option<Gender> {
    match vi::fold(text).as_str() {
        "nam" | "male" | "m" => Some(Gender::Male),
        "nu" | "female" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// The key that tells two rows apart: folded name and birth year.
fn identity(name: &str, birth: Option<NaiveDate>) -> (String, Option<i32>) {
    (vi::fold(name), birth.map(|d| d.year()))
}

/// Reads a CSV file's bytes. `today` bounds the dates.
pub fn parse(bytes: &[u8], today: NaiveDate) -> CsvImport {
    let mut out = CsvImport::default();
    let Ok(text) = std::str::from_utf8(bytes) else {
        out.problems.push(CsvProblem::NotUtf8);
        return out;
    };
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().find(|l| !l.trim().is_empty());
    let Some(first_line) = first_line else {
        out.problems.push(CsvProblem::Empty);
        return out;
    };
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.problems.push(CsvProblem::Malformed {
                line: 1,
                detail: e.to_string(),
            });
            return out;
        }
    };
    let mut columns: Vec<Option<Column>> = Vec::new();
    for header in headers.iter() {
        let column = Column::from_header(header).filter(|c| !columns.contains(&Some(*c)));
        if column.is_none() && !header.trim().is_empty() {
            out.ignored_columns.push(vi::nfc(header));
        }
        columns.push(column);
    }
    if !columns.contains(&Some(Column::FullName)) {
        out.problems.push(CsvProblem::NoNameColumn);
        return out;
    }
    let mut seen: HashMap<(String, Option<i32>), u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.problems.push(CsvProblem::Malformed {
                    line,
                    detail: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let value = |column: Column| -> &str {
            columns
                .iter()
                .position(|c| *c == Some(column))
                .and_then(|i| record.get(i))
                .unwrap_or("")
        };
        let mut problems = Vec::new();
        let mut text = |column: Column, required: bool| match clean_line(value(column), required) {
            Ok(v) => v,
            Err(Problem::Empty) => {
                problems.push((column, ValueProblem::Required));
                String::new()
            }
            Err(p) => {
                problems.push((column, ValueProblem::Text(p)));
                String::new()
            }
        };
        let full_name = text(Column::FullName, true);
        let card_number = text(Column::CardNumber, false);
        let phone = text(Column::Phone, false);
        let national_id = text(Column::NationalId, false);
        let note = text(Column::Note, false);
        let mut date = |column: Column, required: bool| {
            let raw = value(column).trim();
            if raw.is_empty() {
                if required {
                    problems.push((column, ValueProblem::Required));
                }
                return None;
            }
            match parse_date(raw) {
                Some(d) if d > today => {
                    problems.push((column, ValueProblem::InFuture));
                    None
                }
                Some(d) => Some(d),
                None => {
                    problems.push((column, ValueProblem::BadDate(raw.to_string())));
                    None
                }
            }
        };
        let birth_date = date(Column::BirthDate, false);
        let admitted_on = date(Column::AdmittedOn, true);
        let official_on = date(Column::OfficialOn, false);
        let gender_raw = value(Column::Gender).trim();
        let gender = if gender_raw.is_empty() {
            None
        } else {
            let g = parse_gender(gender_raw);
            if g.is_none() {
                problems.push((
                    Column::Gender,
                    ValueProblem::BadGender(gender_raw.to_string()),
                ));
            }
            g
        };
        if let Some(b) = birth_date
            && (b.year() < 1900
                || b.year() > today.year() - 16
                || admitted_on.is_some_and(|a| a <= b))
        {
            problems.push((Column::BirthDate, ValueProblem::BirthImplausible));
        }
        if let (Some(a), Some(o)) = (admitted_on, official_on)
            && o < a
        {
            problems.push((Column::OfficialOn, ValueProblem::OfficialBeforeAdmission));
        }
        if problems.is_empty() {
            let key = identity(&full_name, birth_date);
            if let Some(&first_line) = seen.get(&key) {
                out.problems
                    .push(CsvProblem::DuplicateInFile { line, first_line });
                continue;
            }
            seen.insert(key, line);
            out.rows.push(CsvRow {
                line,
                input: MemberInput {
                    full_name,
                    birth_date,
                    gender,
                    phone,
                    national_id,
                    note,
                    admitted_on,
                    official_on,
                    card_number,
                },
            });
        } else {
            out.problems.extend(
                problems
                    .into_iter()
                    .map(|(column, problem)| CsvProblem::Value {
                        line,
                        column,
                        problem,
                    }),
            );
        }
    }
    if out.rows.is_empty() && out.problems.is_empty() {
        out.problems.push(CsvProblem::Empty);
    }
    out
}

/// Flags rows whose member is already on the cell's roll.
pub fn check_existing(import: &mut CsvImport, existing: &[Member]) {
    let known: HashMap<(String, Option<i32>), &str> = existing
        .iter()
        .map(|m| (identity(&m.full_name, m.birth_date), m.full_name.as_str()))
        .collect();
    let mut kept = Vec::new();
    for row in std::mem::take(&mut import.rows) {
        match known.get(&identity(&row.input.full_name, row.input.birth_date)) {
            Some(name) => import.problems.push(CsvProblem::AlreadyInCell {
                line: row.line,
                name: name.to_string(),
            }),
            None => kept.push(row),
        }
    }
    import.rows = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn vietnamese_headers_semicolons_and_bom() {
        let csv = "\u{feff}STT;Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức;Số thẻ đảng viên;Điện thoại\n\
                   1;Nguye\u{302}\u{303}n Văn An;05/03/1980;Nam;19/05/2005;19/05/2006;82.1;0903 111 222\n\
                   2;Trần Thị Bình;1985-07-01;Nữ;02/09/2010;;;\n";
        let import = parse(csv.as_bytes(), today());
        assert!(import.problems.is_empty(), "{:?}", import.problems);
        assert_eq!(import.rows.len(), 2);
        assert_eq!(import.ignored_columns, vec!["STT".to_string()]);
        let an = &import.rows[0];
        assert_eq!(an.line, 2);
        assert_eq!(an.input.full_name, "Nguyễn Văn An");
        assert_eq!(an.input.gender, Some(Gender::Male));
        assert_eq!(an.input.card_number, "82.1");
        assert_eq!(
            import.rows[1].input.birth_date,
            NaiveDate::from_ymd_opt(1985, 7, 1)
        );
        assert_eq!(import.rows[1].input.official_on, None);
    }

    #[test]
    fn english_headers_with_commas() {
        let csv = "Full name,Birth date,Gender,Admitted on\nLê Văn C,01/01/1990,male,01/01/2015\n";
        let import = parse(csv.as_bytes(), today());
        assert!(import.is_importable(), "{:?}", import.problems);
        assert_eq!(
            import.rows[0].input.admitted_on,
            NaiveDate::from_ymd_opt(2015, 1, 1)
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức\n\
                   Đúng Văn A;01/01/1980;Nam;01/01/2005;\n\
                   ;01/01/1980;Nam;01/01/2005;\n\
                   Sai Ngày;31/02/1980;Nam;01/01/2005;\n\
                   Sai Giới;01/01/1980;robot;01/01/2005;\n\
                   Ngược Ngày;01/01/1980;Nữ;01/01/2005;01/01/2004\n\
                   Có\u{1b}[31mMã;01/01/1980;Nữ;01/01/2005;\n\
                   Đúng Văn A;01/01/1980;Nam;01/01/2005;\n\
                   Thiếu Ngày Vào;01/01/1980;Nam;;\n";
        let import = parse(csv.as_bytes(), today());
        let lines: Vec<u64> = import
            .problems
            .iter()
            .map(|p| match p {
                CsvProblem::Value { line, .. } | CsvProblem::DuplicateInFile { line, .. } => *line,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 9]);
        assert!(!import.is_importable());
        assert!(import.problems.contains(&CsvProblem::Value {
            line: 4,
            column: Column::BirthDate,
            problem: ValueProblem::BadDate("31/02/1980".into())
        }));
        assert!(import.problems.contains(&CsvProblem::DuplicateInFile {
            line: 8,
            first_line: 2
        }));
    }

    #[test]
    fn file_level_problems() {
        assert_eq!(
            parse(&[0xff, 0xfe, 0x00], today()).problems,
            vec![CsvProblem::NotUtf8]
        );
        assert_eq!(parse(b"", today()).problems, vec![CsvProblem::Empty]);
        assert_eq!(
            parse("STT;Quê quán\n1;Gò Công\n".as_bytes(), today()).problems,
            vec![CsvProblem::NoNameColumn]
        );
        let ragged = "Họ và tên;Ngày vào Đảng\nA;01/01/2000;extra\n";
        assert!(matches!(
            parse(ragged.as_bytes(), today()).problems[0],
            CsvProblem::Malformed { line: 2, .. }
        ));
    }
}
