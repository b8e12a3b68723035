//! Member import from CSV as Vietnamese offices write it: UTF-8 with or
//! without BOM, `,` or `;` (Excel in Vietnam often writes `;`), LF or CRLF,
//! Vietnamese or English headers (accents and case ignored), the name in one
//! column or split ("Họ và tên đệm" + "Tên", or "Họ" + "Tên đệm" + "Tên"),
//! notes over several lines in quotes. All or nothing: any bad row means
//! nothing is written, and every bad row is reported with the line of the
//! file it starts on. `members_export` writes the columns read here.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use chrono::{Datelike, NaiveDate};

use crate::domain::MemberInput;
use crate::domain::text::{Problem, clean_line, clean_text};
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
    /// họ và tên đệm: the family and middle names, in a file that keeps the
    /// given name apart (never a column of chibo's own exports).
    FamilyName,
    /// tên đệm: the middle names, in a file that splits the name in three
    /// ("Họ", "Tên đệm", "Tên").
    MiddleName,
    /// tên: the given name beside a [`Column::FamilyName`]; alone, a "Tên"
    /// column is read as the full name, as offices often head it.
    GivenName,
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
            // A name split over two columns is reported as the full name.
            Column::FamilyName | Column::MiddleName | Column::GivenName => "full_name",
        }
    }

    /// The columns an export writes, in order: every field the import
    /// reads (the split name columns are for reading only).
    pub const EXPORTED: [Column; 9] = [
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

    /// Card numbers, phones and ID numbers: exported only on request.
    pub fn is_private(self) -> bool {
        matches!(
            self,
            Column::CardNumber | Column::Phone | Column::NationalId
        )
    }

    /// Header spellings, folded (no tones, lower case).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::FullName => &["ho va ten", "ho ten", "full name", "name"],
            Column::FamilyName => &[
                "ho va ten dem",
                "ho va ten lot",
                "ho ten dem",
                "ho va dem",
                "ho dem",
                "ho va chu dem",
                "ho va chu lot",
                "ho",
                "family name",
                "surname",
                "last name",
            ],
            Column::MiddleName => &[
                "ten dem",
                "ten lot",
                "chu dem",
                "chu lot",
                "dem",
                "lot",
                "middle name",
            ],
            Column::GivenName => &["ten", "given name", "first name"],
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

    const ALL: [Column; 12] = [
        Column::FullName,
        Column::BirthDate,
        Column::Gender,
        Column::AdmittedOn,
        Column::OfficialOn,
        Column::CardNumber,
        Column::Phone,
        Column::NationalId,
        Column::Note,
        Column::FamilyName,
        Column::MiddleName,
        Column::GivenName,
    ];

    pub fn from_header(header: &str) -> Option<Column> {
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
    /// A line with another number of columns than the header.
    FieldCount {
        line: u64,
        found: u64,
        expected: u64,
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

/// A hash of the identity, so that a file of a million rows keeps 16 bytes
/// a row for its duplicate check, not the names.
pub fn identity_key(name: &str, birth: Option<NaiveDate>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    identity(name, birth).hash(&mut hasher);
    hasher.finish()
}

/// Reads member rows one at a time, so that a file of any size is checked
/// and imported without holding it in memory.
pub struct CsvReader<R: Read> {
    records: csv::StringRecordsIntoIter<R>,
    /// The header's number of fields.
    width: u64,
    /// Blank lines before the header, which the reader did not see.
    line_offset: u64,
    columns: Vec<Option<Column>>,
    seen: HashMap<u64, u64>,
    today: NaiveDate,
    /// Headers chibo does not use (e.g. "STT", "Quê quán").
    pub ignored_columns: Vec<String>,
}

/// The start of a file: its first line (without a BOM), to choose the
/// delimiter, and the rest.
type Source<R> = LfLines<std::io::Chain<std::io::Cursor<Vec<u8>>, R>>;

/// A text as the `csv` crate counts its lines right. That crate ends a
/// record at the CR of a CRLF and counts the LF only as the next record
/// begins, and it gives a record the line of the blank lines it skipped
/// before it, so rows of an Excel file (CRLF) or after a blank line would
/// be reported a line too early. Here CRLF reads as LF, and a blank line
/// as a line holding a space: a record of its own, passed over as blank by
/// the importer (in a quoted note, a line of spaces is a blank line).
pub struct LfLines<R> {
    inner: R,
    /// A CR ended the last chunk: dropped if an LF follows, else given.
    pending_cr: bool,
    /// A byte owed to the reader (the LF after a blank line's space).
    queued: Option<u8>,
    /// Nothing of the current line has been given yet.
    line_start: bool,
}

impl<R> LfLines<R> {
    fn new(inner: R) -> Self {
        LfLines {
            inner,
            pending_cr: false,
            queued: None,
            line_start: true,
        }
    }
}

impl<R: BufRead> Read for LfLines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            if let Some(b) = self.queued.take() {
                out[written] = b;
                written += 1;
                continue;
            }
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                // The end: a CR left over is a CR.
                if std::mem::take(&mut self.pending_cr) {
                    self.queued = Some(b'\r');
                    continue;
                }
                break;
            }
            let mut used = 0;
            while used < chunk.len() && written < out.len() && self.queued.is_none() {
                let mut b = chunk[used];
                if std::mem::take(&mut self.pending_cr) && b != b'\n' {
                    // A lone CR: given, and this byte read on the next turn.
                    b = b'\r';
                } else {
                    used += 1;
                    if b == b'\r' {
                        match chunk.get(used) {
                            None => {
                                self.pending_cr = true;
                                continue;
                            }
                            Some(b'\n') => continue,
                            Some(_) => {}
                        }
                    }
                }
                if b == b'\n' && self.line_start {
                    out[written] = b' ';
                    written += 1;
                    if written < out.len() {
                        out[written] = b'\n';
                        written += 1;
                    } else {
                        self.queued = Some(b'\n');
                    }
                    continue;
                }
                self.line_start = b == b'\n';
                out[written] = b;
                written += 1;
            }
            self.inner.consume(used);
        }
        Ok(written)
    }
}

impl<R: BufRead> CsvReader<Source<R>> {
    /// Opens a CSV text: the delimiter from its first line, the columns
    /// from its headers. Refused: an empty file, no name column, headers
    /// that do not read.
    pub fn new(mut source: R, today: NaiveDate) -> Result<Self, CsvProblem> {
        // The header line, after a BOM and blank lines (counted, so that
        // every line number is the file's).
        let mut first = Vec::new();
        let mut line_offset = 0;
        loop {
            match source.read_until(b'\n', &mut first) {
                Ok(0) => break,
                Ok(_) => {
                    if first.starts_with(b"\xEF\xBB\xBF") {
                        first.drain(..3);
                    }
                    if !first.iter().all(|b| b.is_ascii_whitespace()) {
                        break;
                    }
                    first.clear();
                    line_offset += 1;
                }
                Err(_) => return Err(CsvProblem::NotUtf8),
            }
        }
        let Ok(first_text) = std::str::from_utf8(&first) else {
            return Err(CsvProblem::NotUtf8);
        };
        let first_line = first_text.lines().find(|l| !l.trim().is_empty());
        let Some(first_line) = first_line else {
            return Err(CsvProblem::Empty);
        };
        let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            // Rows of another width are refused in `next`, blank ones
            // (any width) passed over.
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(LfLines::new(std::io::Cursor::new(first).chain(source)));
        let headers = reader
            .headers()
            .map_err(|e| CsvProblem::Malformed {
                line: line_offset + 1,
                detail: e.to_string(),
            })?
            .clone();
        let mut columns: Vec<Option<Column>> = Vec::new();
        let mut ignored_columns = Vec::new();
        for header in headers.iter() {
            let column = Column::from_header(header).filter(|c| !columns.contains(&Some(*c)));
            if column.is_none() && !header.trim().is_empty() {
                ignored_columns.push(vi::nfc(header));
            }
            columns.push(column);
        }
        let has = |columns: &[Option<Column>], c: Column| columns.contains(&Some(c));
        // A lone "Tên" column (no "Họ và tên", no family name beside it)
        // holds the full name; beside a full name column it is not used.
        if has(&columns, Column::GivenName)
            && (has(&columns, Column::FullName) || !has(&columns, Column::FamilyName))
        {
            let lone = !has(&columns, Column::FullName);
            for (n, column) in columns.iter_mut().enumerate() {
                if *column == Some(Column::GivenName) {
                    *column = lone.then_some(Column::FullName);
                    if !lone {
                        ignored_columns.push(vi::nfc(headers.get(n).unwrap_or_default()));
                    }
                }
            }
        }
        // "Họ" or "Tên đệm" beside a full name column would write the
        // name twice.
        if has(&columns, Column::FullName) {
            for (n, column) in columns.iter_mut().enumerate() {
                if matches!(column, Some(Column::FamilyName | Column::MiddleName)) {
                    *column = None;
                    ignored_columns.push(vi::nfc(headers.get(n).unwrap_or_default()));
                }
            }
        }
        let split = has(&columns, Column::FamilyName) && has(&columns, Column::GivenName);
        if !has(&columns, Column::FullName) && !split {
            return Err(CsvProblem::NoNameColumn);
        }
        Ok(CsvReader {
            records: reader.into_records(),
            width: headers.len() as u64,
            line_offset,
            columns,
            seen: HashMap::new(),
            today,
            ignored_columns,
        })
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    /// A row ready to import, or what is wrong with one (blank rows are
    /// passed over).
    type Item = Result<CsvRow, Vec<CsvProblem>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = match self.records.next()? {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line()) + self.line_offset;
                    let problem = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => CsvProblem::NotUtf8,
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => CsvProblem::FieldCount {
                            line,
                            found: *len,
                            expected: *expected_len,
                        },
                        _ => CsvProblem::Malformed {
                            line,
                            detail: e.to_string(),
                        },
                    };
                    return Some(Err(vec![problem]));
                }
            };
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let found = record.len() as u64;
            if found != self.width {
                return Some(Err(vec![CsvProblem::FieldCount {
                    line: self.line(&record),
                    found,
                    expected: self.width,
                }]));
            }
            return Some(self.row(&record));
        }
    }
}

impl<R: Read> CsvReader<R> {
    /// The line a record starts on, in the file.
    fn line(&self, record: &csv::StringRecord) -> u64 {
        record.position().map_or(0, |p| p.line()) + self.line_offset
    }

    fn row(&mut self, record: &csv::StringRecord) -> Result<CsvRow, Vec<CsvProblem>> {
        let today = self.today;
        let line = self.line(record);
        let columns = &self.columns;
        let value = |column: Column| -> &str {
            columns
                .iter()
                .position(|c| *c == Some(column))
                .and_then(|i| record.get(i))
                .unwrap_or("")
        };
        let mut problems = Vec::new();
        let mut text = |raw: &str, column: Column, required: bool| match clean_line(raw, required) {
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
        let full_name = if columns.contains(&Some(Column::FullName)) {
            text(value(Column::FullName), Column::FullName, true)
        } else {
            // "Họ và tên đệm" and "Tên" (or "Họ", "Tên đệm", "Tên"): one
            // full name, one space between the parts.
            let parts: Vec<&str> = [Column::FamilyName, Column::MiddleName, Column::GivenName]
                .into_iter()
                .map(|c| value(c).trim())
                .filter(|part| !part.is_empty())
                .collect();
            text(&parts.join(" "), Column::FullName, true)
        };
        let card_number = text(value(Column::CardNumber), Column::CardNumber, false);
        let phone = text(value(Column::Phone), Column::Phone, false);
        let national_id = text(value(Column::NationalId), Column::NationalId, false);
        // A note may run over several lines (a quoted CSV field keeps its
        // line breaks), as the member form's note does.
        let note = match clean_text(value(Column::Note), false) {
            Ok(v) => v,
            Err(p) => {
                problems.push((Column::Note, ValueProblem::Text(p)));
                String::new()
            }
        };
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
        if !problems.is_empty() {
            return Err(problems
                .into_iter()
                .map(|(column, problem)| CsvProblem::Value {
                    line,
                    column,
                    problem,
                })
                .collect());
        }
        let key = identity_key(&full_name, birth_date);
        if let Some(&first_line) = self.seen.get(&key) {
            return Err(vec![CsvProblem::DuplicateInFile { line, first_line }]);
        }
        self.seen.insert(key, line);
        Ok(CsvRow {
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
        })
    }
}

/// Reads a CSV file's bytes whole (the import screen's preview). `today`
/// bounds the dates.
pub fn parse(bytes: &[u8], today: NaiveDate) -> CsvImport {
    let mut out = CsvImport::default();
    if std::str::from_utf8(bytes).is_err() {
        out.problems.push(CsvProblem::NotUtf8);
        return out;
    }
    let reader = match CsvReader::new(bytes, today) {
        Ok(reader) => reader,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    out.ignored_columns = reader.ignored_columns.clone();
    for outcome in reader {
        match outcome {
            Ok(row) => out.rows.push(row),
            Err(problems) => out.problems.extend(problems),
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
            CsvProblem::FieldCount { line: 2, .. }
        ));
    }

    #[test]
    fn a_row_with_too_many_fields_names_its_line_and_counts() {
        let csv = "Họ và tên;Ngày vào Đảng\nLê Văn A;01/01/2015\nLê Văn B;01/01/2015;thừa;thừa\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(
            import.problems,
            vec![CsvProblem::FieldCount {
                line: 3,
                found: 4,
                expected: 2
            }]
        );
        let s = crate::i18n::Strings::load(crate::i18n::Lang::Vi);
        assert_eq!(
            s.csv_problem(&import.problems[0]),
            "Dòng 3: có 4 cột, dòng tiêu đề có 2 cột (kiểm tra dấu phân cách hoặc dấu ngoặc kép)"
        );
    }

    #[test]
    fn a_name_split_over_two_columns_is_joined() {
        let csv = "Họ và tên đệm;Tên;Ngày vào Đảng\nNguyễn Văn;An;01/01/2015\n;Bình;01/01/2015\nTrần;;01/01/2015\n;;01/01/2015\n";
        let import = parse(csv.as_bytes(), today());
        let names: Vec<&str> = import
            .rows
            .iter()
            .map(|r| r.input.full_name.as_str())
            .collect();
        assert_eq!(names, ["Nguyễn Văn An", "Bình", "Trần"]);
        assert_eq!(
            import.problems,
            vec![CsvProblem::Value {
                line: 5,
                column: Column::FullName,
                problem: ValueProblem::Required
            }]
        );
        // English headers, in either order
        let csv = "First name,Admitted on,Last name\nAn,01/01/2015,Lê Văn\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(import.rows[0].input.full_name, "Lê Văn An");
        // in three parts
        let csv = "Họ;Tên đệm;Tên;Ngày vào Đảng\nTôn Nữ;Thị;Hà;01/01/2015\nLê;;Na;01/01/2015\n";
        let import = parse(csv.as_bytes(), today());
        let names: Vec<&str> = import
            .rows
            .iter()
            .map(|r| r.input.full_name.as_str())
            .collect();
        assert_eq!(names, ["Tôn Nữ Thị Hà", "Lê Na"]);
    }

    #[test]
    fn a_lone_ten_column_is_the_full_name_and_a_full_name_column_wins() {
        let csv = "Tên;Ngày vào Đảng\nLê Văn An;01/01/2015\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(import.rows[0].input.full_name, "Lê Văn An");
        assert!(import.ignored_columns.is_empty());
        // "Tên" before "Họ và tên" used to take the name's place
        let csv = "Tên;Họ;Họ và tên;Đệm;Ngày vào Đảng\nAn;Lê;Lê Văn An;Văn;01/01/2015\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(import.rows[0].input.full_name, "Lê Văn An");
        assert_eq!(import.ignored_columns, ["Tên", "Họ", "Đệm"]);
        // a family name without a given name is no name column
        let csv = "Họ;Ngày vào Đảng\nLê;01/01/2015\n";
        assert_eq!(
            parse(csv.as_bytes(), today()).problems,
            vec![CsvProblem::NoNameColumn]
        );
    }

    #[test]
    fn a_quoted_note_keeps_its_lines_and_later_rows_their_line_numbers() {
        let csv = "Họ và tên;Ghi chú;Ngày vào Đảng\r\nLê Văn An;\"Ốm dài ngày\r\n\r\n  đã báo chi ủy  \";01/01/2015\r\nLê Văn Bình;;32/01/2015\r\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(import.rows[0].input.note, "Ốm dài ngày\n\n  đã báo chi ủy");
        assert_eq!(
            import.problems,
            vec![CsvProblem::Value {
                line: 5,
                column: Column::AdmittedOn,
                problem: ValueProblem::BadDate("32/01/2015".into())
            }]
        );
    }

    #[test]
    fn crlf_reads_as_lf_and_blank_lines_as_a_space_whatever_the_chunks() {
        let source = "a\r\nb\rc\r\n\r\n\nd\r";
        for capacity in [1, 2, 3, 64] {
            for step in [1, 2, 8192] {
                let mut lf = LfLines::new(std::io::BufReader::with_capacity(
                    capacity,
                    source.as_bytes(),
                ));
                let mut out = Vec::new();
                let mut buf = vec![0; step];
                loop {
                    let n = lf.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    out.extend_from_slice(&buf[..n]);
                }
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    "a\nb\rc\n \n \nd\r",
                    "{capacity} {step}"
                );
            }
        }
    }

    #[test]
    fn rows_of_an_excel_file_are_named_by_their_own_lines() {
        let csv = "\u{feff}\r\nHọ và tên;Ngày vào Đảng\r\nLê Văn An;32/01/2015\r\n\r\n  \r\nLê Văn Bình;01/01/2015;x\r\nLê Văn Chi\r\n";
        let import = parse(csv.as_bytes(), today());
        assert_eq!(
            import.problems,
            vec![
                CsvProblem::Value {
                    line: 3,
                    column: Column::AdmittedOn,
                    problem: ValueProblem::BadDate("32/01/2015".into())
                },
                CsvProblem::FieldCount {
                    line: 6,
                    found: 3,
                    expected: 2
                },
                CsvProblem::FieldCount {
                    line: 7,
                    found: 1,
                    expected: 2
                }
            ]
        );
    }
}
