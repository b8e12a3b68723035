//! UI text from `assets/strings/{vi,en}.toml`. Vietnamese is the default
//! whatever LANG says; `--lang en` or `CHIBO_LANG=en` switches.

use std::collections::HashMap;
use std::fmt::Display;

use crate::domain::text::Problem;
use crate::exchange::members_csv::{CsvProblem, ValueProblem};
use crate::store::Error;

const VI: &str = include_str!("../assets/strings/vi.toml");
const EN: &str = include_str!("../assets/strings/en.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// The strings of one language, keyed "section.key".
#[derive(Debug, Clone)]
pub struct Strings {
    lang: Lang,
    map: HashMap<String, String>,
}

/// Flattens a TOML table into dotted keys.
pub fn flatten(source: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
        for (key, value) in table {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(inner) => walk(&full, inner, out),
                toml::Value::String(s) => {
                    out.insert(full, s.clone());
                }
                other => {
                    out.insert(full, other.to_string());
                }
            }
        }
    }
    let table: toml::Table = source.parse()?;
    let mut out = HashMap::new();
    walk("", &table, &mut out);
    Ok(out)
}

impl Strings {
    pub fn load(lang: Lang) -> Strings {
        let source = match lang {
            Lang::Vi => VI,
            Lang::En => EN,
        };
        // The files are compiled in and checked by tests; a broken file shows
        // keys instead of crashing.
        let map = flatten(source).unwrap_or_default();
        Strings { lang, map }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of `key`; the key itself when it is missing, so a gap is
    /// visible but harmless.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text of `key` with `{name}` placeholders filled in.
    pub fn fmt(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// The decimal separator of the UI language (`[format]` in the strings
    /// files). Documents do not use it: they are Vietnamese whatever the UI.
    pub fn decimal_separator(&self) -> &str {
        match self.map.get("format.decimal_separator") {
            Some(sep) => sep,
            None => ",",
        }
    }

    /// A decimal written the Vietnamese way ("87,0%", as the engine and the
    /// documents write it, frozen findings included) with the UI language's
    /// separator instead ("87.0%" in English).
    pub fn decimal(&self, vietnamese: &str) -> String {
        vietnamese.replace(',', self.decimal_separator())
    }

    /// P/E or any exact fraction as a percentage in the UI language:
    /// "84,2%" / "84.2%"; None when the denominator is zero.
    pub fn percent(&self, numerator: u32, denominator: u32) -> Option<String> {
        crate::vi::percent_with(numerator, denominator, self.decimal_separator())
    }

    /// "12/16 (75,0%)" / "12/16 (75.0%)": a vote count against D on screen.
    pub fn share(&self, count: u32, denominator: u32) -> String {
        crate::domain::voting::share_with(count, denominator, self.decimal_separator())
    }

    /// The words for why a field was refused.
    pub fn problem(&self, problem: Problem) -> &str {
        self.get(match problem {
            Problem::Empty => "problem.empty",
            Problem::ControlCharacters => "problem.control_characters",
            Problem::TooLong => "problem.too_long",
            Problem::EndBeforeStart => "problem.end_before_start",
            Problem::OutOfRange => "problem.out_of_range",
            Problem::Malformed => "problem.malformed",
            Problem::Duplicate => "problem.duplicate",
            Problem::InUse => "problem.in_use",
        })
    }

    /// A field's label, e.g. "Họ và tên".
    pub fn field(&self, field: &str) -> String {
        let key = format!("field.{field}");
        match self.map.get(&key) {
            Some(label) => label.clone(),
            None => field.to_string(),
        }
    }

    /// The message of an engine finding, its names, titles and figures
    /// filled in (control characters removed).
    pub fn finding(&self, f: &crate::domain::engine::Finding) -> String {
        // A long list shows its first names and how many more: the full
        // list is in the JSON and on the screens that list them.
        let join = |list: &[String]| {
            const SHOWN: usize = 4;
            let mut text = list
                .iter()
                .take(SHOWN)
                .map(|s| crate::vi::strip_controls(s))
                .collect::<Vec<_>>()
                .join(", ");
            if list.len() > SHOWN {
                text.push_str(&self.fmt("finding.label.more", &[("n", &(list.len() - SHOWN))]));
            }
            text
        };
        let mut text = self.get(&format!("finding.{}", f.rule.code())).to_string();
        let mut fill = |name: &str, value: &str| {
            text = text.replace(&format!("{{{name}}}"), value);
        };
        // Values that bring their own words when present (and leave none
        // when absent): "(đã gửi …)", "; chi bộ biểu quyết ngày …".
        const LABELLED: [&str; 3] = ["sent", "voted", "decided"];
        for (name, value) in &f.values {
            match name.as_str() {
                "recorded" => continue,
                n if LABELLED.contains(&n) => continue,
                // A rubric check is named in words, not by its code.
                "check" => fill(name, self.get(&format!("live.check_failed.{value}"))),
                // Kinds and statuses are stored as codes.
                "kind" => fill(name, self.get(&format!("kind.{value}"))),
                "status" => fill(name, self.get(&format!("meeting_status.{value}"))),
                // Stored the Vietnamese way (frozen findings keep it).
                "pct" => fill(name, &self.decimal(&crate::vi::strip_controls(value))),
                _ => fill(name, &crate::vi::strip_controls(value)),
            }
        }
        for name in LABELLED {
            let label = f
                .values
                .get(name)
                .map(|d| self.fmt(&format!("finding.label.{name}"), &[("date", d)]))
                .unwrap_or_default();
            fill(name, &label);
        }
        let dates: Vec<String> = f.meetings.iter().map(|m| crate::vi::date(m.date)).collect();
        fill("meetings", &join(&dates));
        fill("members", &join(&f.members));
        fill("items", &join(&f.items));
        fill("votes", &join(&f.votes));
        if f.values.contains_key("recorded") {
            text.push(' ');
            text.push_str(self.get("finding.label.recorded"));
        }
        // A list that is empty leaves no dangling brackets or spaces.
        text.replace(" .", ".")
            .replace(" :", ":")
            .replace(": .", ".")
            .replace(":.", ".")
    }

    /// What differs in a database's structure, naming the table and column.
    fn schema_problem(&self, problem: &crate::store::schema::SchemaProblem) -> String {
        use crate::store::schema::SchemaProblem as P;
        let clean = crate::vi::strip_controls;
        match problem {
            P::MissingTable(t) => self.fmt("schema.missing_table", &[("table", &clean(t))]),
            P::UnknownTable(t) => self.fmt("schema.unknown_table", &[("table", &clean(t))]),
            P::MissingColumn { table, column } => self.fmt(
                "schema.missing_column",
                &[("table", &clean(table)), ("column", &clean(column))],
            ),
            P::UnknownColumn { table, column } => self.fmt(
                "schema.unknown_column",
                &[("table", &clean(table)), ("column", &clean(column))],
            ),
            P::ColumnType { table, column } => self.fmt(
                "schema.column_type",
                &[("table", &clean(table)), ("column", &clean(column))],
            ),
            P::Constraints(t) => self.fmt("schema.constraints", &[("table", &clean(t))]),
        }
    }

    /// Why the system refused a file operation, in the UI language (the
    /// system's own English words only for the rare kinds not named here).
    pub fn io_reason(&self, e: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        let key = match e.kind() {
            K::NotFound => "io.not_found",
            K::PermissionDenied => "io.permission_denied",
            K::AlreadyExists => "io.already_exists",
            K::ReadOnlyFilesystem => "io.read_only_filesystem",
            K::StorageFull => "io.storage_full",
            K::IsADirectory => "io.is_a_directory",
            K::NotADirectory => "io.not_a_directory",
            K::InvalidFilename => "io.invalid_filename",
            _ => return e.to_string(),
        };
        self.get(key).to_string()
    }

    /// The message a person reads for a store error.
    pub fn error(&self, error: &Error) -> String {
        match error {
            Error::NotSqlite => self.get("error.not_sqlite").to_string(),
            Error::Truncated => self.get("error.truncated").to_string(),
            Error::Corrupt(detail) => self.fmt("error.corrupt", &[("detail", detail)]),
            Error::NotChibo => self.get("error.not_chibo").to_string(),
            Error::TooNew { found, supported } => self.fmt(
                "error.too_new",
                &[("found", found), ("supported", supported)],
            ),
            Error::ReadOnly => self.get("error.read_only").to_string(),
            Error::Locked => self.get("error.locked").to_string(),
            Error::InUse => self.get("error.in_use").to_string(),
            Error::SchemaMismatch { version, problem } => self.fmt(
                "error.schema_mismatch",
                &[
                    ("version", version),
                    ("detail", &self.schema_problem(problem)),
                ],
            ),
            Error::NotUtf8(path) => self.fmt("error.not_utf8", &[("path", &path.display())]),
            Error::Io { path, source } => self.fmt(
                "error.io",
                &[
                    ("path", &path.display()),
                    ("reason", &self.io_reason(source)),
                ],
            ),
            Error::NotFound(what) => {
                let key = format!("what.{what}");
                let what = self.map.get(&key).map(String::as_str).unwrap_or(what);
                self.fmt("error.not_found", &[("what", &what)])
            }
            Error::MeetingLocked => self.get("error.meeting_locked").to_string(),
            Error::TallyExceedsVoters {
                ballots,
                eligible_present,
            } => self.fmt(
                "error.tally_exceeds",
                &[("ballots", ballots), ("eligible", eligible_present)],
            ),
            Error::TaskHasOutcome { reported_on } => self.fmt(
                "error.task_has_outcome",
                &[("date", &crate::vi::date(*reported_on))],
            ),
            Error::Invalid { field, problem } => self.fmt(
                "error.invalid",
                &[
                    ("field", &self.field(field)),
                    ("problem", &self.problem(*problem)),
                ],
            ),
            Error::NotEmpty => self.get("error.not_empty").to_string(),
            Error::Blocked(findings) => {
                let mut lines = vec![self.get("error.blocked").to_string()];
                lines.extend(findings.iter().map(|f| format!("• {}", self.finding(f))));
                lines.join("\n")
            }
            Error::Import(detail) => self.fmt("error.import", &[("detail", detail)]),
            Error::MergedCell => self.get("bundle.merged_read_only").to_string(),
            Error::Bundle(refusal) => self.refusal(refusal),
            // SQLite's own words, shortened to their first line: a failed
            // statement must not print pages of SQL at the secretary.
            Error::Sql(e) => {
                let text = e.to_string();
                let first = text.lines().next().unwrap_or_default();
                let mut short: String =
                    crate::vi::strip_controls(first).chars().take(160).collect();
                if short.chars().count() < first.chars().count() || text.lines().count() > 1 {
                    short.push('…');
                }
                self.fmt("error.sql", &[("detail", &short)])
            }
        }
    }
}

impl Strings {
    /// One line of the import report: "Dòng 4: Ngày sinh: ngày không hợp lệ “31/02/1980”".
    pub fn csv_problem(&self, problem: &CsvProblem) -> String {
        match problem {
            CsvProblem::NotUtf8 => self.get("csv.not_utf8").to_string(),
            CsvProblem::Empty => self.get("csv.empty").to_string(),
            CsvProblem::NoNameColumn => self.get("csv.no_name_column").to_string(),
            CsvProblem::FieldCount {
                line,
                found,
                expected,
            } => self.fmt(
                "csv.field_count",
                &[("line", line), ("found", found), ("expected", expected)],
            ),
            CsvProblem::Malformed { line, detail } => self.fmt(
                "csv.malformed",
                &[
                    ("line", line),
                    ("detail", &crate::vi::strip_controls(detail)),
                ],
            ),
            CsvProblem::Value {
                line,
                column,
                problem,
            } => {
                let what = match problem {
                    ValueProblem::Required => self.get("csv.required").to_string(),
                    ValueProblem::BadDate(v) => {
                        self.fmt("csv.bad_date", &[("value", &crate::vi::strip_controls(v))])
                    }
                    ValueProblem::BadGender(v) => self.fmt(
                        "csv.bad_gender",
                        &[("value", &crate::vi::strip_controls(v))],
                    ),
                    ValueProblem::Text(p) => self.problem(*p).to_string(),
                    ValueProblem::BirthImplausible => self.get("csv.birth_implausible").to_string(),
                    ValueProblem::OfficialBeforeAdmission => {
                        self.get("csv.official_before_admission").to_string()
                    }
                    ValueProblem::InFuture => self.get("csv.in_future").to_string(),
                };
                self.fmt(
                    "csv.value",
                    &[
                        ("line", line),
                        ("field", &self.field(column.field())),
                        ("problem", &what),
                    ],
                )
            }
            CsvProblem::DuplicateInFile { line, first_line } => self.fmt(
                "csv.duplicate_in_file",
                &[("line", line), ("first", first_line)],
            ),
            CsvProblem::AlreadyInCell { line, name } => self.fmt(
                "csv.already_in_cell",
                &[("line", line), ("name", &crate::vi::strip_controls(name))],
            ),
        }
    }
}

// The words of bundles, merges and transfers.
mod bundle;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        // Documents are always Vietnamese: [doc] lives in vi.toml only.
        let mut vi = flatten(VI).expect("vi.toml parses");
        vi.retain(|k, _| !k.starts_with("doc."));
        let en = flatten(EN).expect("en.toml parses");
        assert!(!en.keys().any(|k| k.starts_with("doc.")));
        let mut missing_en: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
        let mut missing_vi: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
        missing_en.sort();
        missing_vi.sort();
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
        assert!(missing_vi.is_empty(), "missing in vi.toml: {missing_vi:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let mut vi = flatten(VI).unwrap();
        vi.retain(|k, _| !k.starts_with("doc."));
        let en = flatten(EN).unwrap();
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for (key, text) in &vi {
            assert_eq!(names(text), names(&en[key]), "placeholders differ in {key}");
        }
    }

    #[test]
    fn errors_read_in_vietnamese_by_default() {
        let s = Strings::load(Lang::default());
        assert!(s.error(&Error::Locked).contains("khóa"));
        let invalid = Error::invalid("full_name", Problem::ControlCharacters);
        assert_eq!(
            s.error(&invalid),
            "Giá trị không hợp lệ ở trường “Họ và tên”: có ký tự điều khiển."
        );
        let en = Strings::load(Lang::En);
        assert!(en.error(&Error::Locked).contains("locked"));
    }

    #[test]
    fn a_database_error_is_one_short_line() {
        let s = Strings::load(Lang::Vi);
        let sql = "CREATE TABLE x (\n  a INTEGER,\n  b TEXT\n);\n".repeat(20);
        let e = Error::Sql(rusqlite::Error::SqlInputError {
            error: rusqlite::ffi::Error::new(1),
            msg: format!("near \"FROM\": syntax error in {sql}"),
            sql: sql.clone(),
            offset: 3,
        });
        let message = s.error(&e);
        assert!(!message.contains('\n'), "{message}");
        assert!(message.chars().count() < 300, "{message}");
        assert!(
            message.ends_with('…') || message.ends_with('.'),
            "{message}"
        );
    }

    #[test]
    fn decimals_follow_the_ui_language() {
        let vi = Strings::load(Lang::Vi);
        let en = Strings::load(Lang::En);
        assert_eq!(vi.decimal_separator(), ",");
        assert_eq!(en.decimal_separator(), ".");
        assert_eq!(vi.percent(87, 100).as_deref(), Some("87,0%"));
        assert_eq!(en.percent(87, 100).as_deref(), Some("87.0%"));
        assert_eq!(en.percent(16, 19).as_deref(), Some("84.2%"));
        assert_eq!(en.percent(3, 0), None);
        assert_eq!(vi.share(12, 16), "12/16 (75,0%)");
        assert_eq!(en.share(12, 16), "12/16 (75.0%)");
        assert_eq!(en.share(0, 0), "0/0");
        assert_eq!(en.decimal("87,0%"), "87.0%");
        assert_eq!(vi.decimal("87,0%"), "87,0%");
    }

    #[test]
    fn a_stored_attendance_finding_reads_in_the_ui_language() {
        use crate::domain::engine::{Finding, RuleId};
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        // as the engine stores it, frozen findings included
        let f = Finding::new(RuleId::AttendanceLow, "", 1, day)
            .with("pct", "84,2%")
            .with("threshold", 85);
        assert_eq!(
            Strings::load(Lang::En).finding(&f),
            "Attendance 84.2%, not above 85%."
        );
        assert_eq!(
            Strings::load(Lang::Vi).finding(&f),
            "Tỷ lệ dự họp 84,2%, không trên 85%."
        );
    }

    #[test]
    fn every_rule_has_its_message_in_both_languages() {
        use crate::domain::engine::RuleId;
        for lang in [Lang::Vi, Lang::En] {
            let s = Strings::load(lang);
            for rule in RuleId::ALL {
                let key = format!("finding.{}", rule.code());
                assert_ne!(s.get(&key), key, "{lang:?}");
            }
        }
    }

    #[test]
    fn a_finding_over_the_history_names_its_meetings_and_codes_in_words() {
        use crate::domain::engine::{Finding, MeetingRef, RuleId};
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).expect("a date");
        let mut f = Finding::dated(RuleId::MemberUnexcused, "", day(4))
            .with("n", 2)
            .with("year", 2026);
        f.members = vec!["Phạm Thị Dung".into()];
        f.meetings = vec![
            MeetingRef {
                id: 1,
                date: day(4),
            },
            MeetingRef {
                id: 2,
                date: day(18),
            },
        ];
        assert_eq!(
            Strings::load(Lang::Vi).finding(&f),
            "Phạm Thị Dung vắng không lý do 2 buổi trong năm 2026 (04/03/2026, 18/03/2026)."
        );
        let open = Finding::new(RuleId::NotClosed, "", 7, day(4))
            .with("day", "04/03/2026")
            .with("kind", "combined")
            .with("status", "in_progress");
        assert_eq!(
            Strings::load(Lang::En).finding(&open),
            "The meeting of 04/03/2026 (Regular + thematic) is past and still “In progress”: complete and close it, or postpone or cancel it."
        );
    }

    #[test]
    fn every_field_and_problem_has_a_label() {
        let s = Strings::load(Lang::Vi);
        for field in [
            "name",
            "full_name",
            "birth_date",
            "admitted_on",
            "official_on",
            "reason",
            "subject",
        ] {
            assert_ne!(s.field(field), field);
        }
    }
}
