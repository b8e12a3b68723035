//! `chibo report`: a cell's year in figures — its meetings with the §3.11
//! figures and quality, each member's attendance, the tasks open and
//! overdue, and the warnings of the rules — as text, CSV (one section, for
//! Excel) or JSON. Every figure comes from the engine; nothing is counted
//! here.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::render::text::pad_to;

use crate::domain::engine::Finding;
use crate::domain::engine::history::{CellHistory, member_matrix, open_tasks, year_summary};
use crate::domain::rulebook::Rulebook;
use crate::i18n::Strings;
use crate::vi;

/// The sections of a report (CSV takes one at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Meetings,
    Members,
    Tasks,
    Warnings,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Meetings,
        Section::Members,
        Section::Tasks,
        Section::Warnings,
    ];

    /// The section's key in JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Section::Meetings => "meetings",
            Section::Members => "members",
            Section::Tasks => "tasks",
            Section::Warnings => "warnings",
        }
    }

    pub fn parse(text: &str) -> Option<Section> {
        Some(match text {
            "meetings" => Section::Meetings,
            "members" => Section::Members,
            "tasks" => Section::Tasks,
            "warnings" => Section::Warnings,
            _ => return None,
        })
    }
}

/// A member's counts over the year, in the order every format gives them.
const MEMBER_COUNTS: [&str; 6] = [
    "present",
    "late",
    "left_early",
    "excused",
    "unexcused",
    "exempt",
];

/// One cell's year, ready to print.
pub struct CellReport<'a> {
    pub history: &'a CellHistory,
    pub findings: &'a [Finding],
    pub book: &'a Rulebook,
    pub year: i32,
    pub today: NaiveDate,
}

impl CellReport<'_> {
    /// The findings dated in the year.
    fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.date.year() == self.year)
    }

    /// The year's meetings (held or not, cancelled left out).
    fn meetings(&self) -> Vec<Value> {
        let summary = year_summary(self.history, self.book, self.year, self.today);
        self.history
            .meetings
            .iter()
            .filter(|r| r.meeting.date().year() == self.year)
            .filter(|r| r.meeting.status != crate::domain::MeetingStatus::Cancelled)
            .map(|r| {
                let m = &r.meeting;
                let f = &r.figures;
                let score = summary.scores.iter().find(|s| s.id == m.id);
                let assessment = score.and_then(|s| s.assessment.as_ref());
                json!({
                    "id": m.id,
                    "date": crate::vi::iso_date(m.date()),
                    "kind": m.kind.code(),
                    "status": m.status.code(),
                    "duration_minutes": m.duration_minutes(),
                    "figures": {
                        "total": f.total,
                        "official": f.official,
                        "probationary": f.probationary,
                        "attached_in": f.attached_in,
                        "exempt": f.exempt,
                        "exempt_present": f.exempt_present,
                        "away": f.away,
                        "suspended": f.suspended,
                        "expected": f.expected,
                        "present": f.present,
                        "absent_excused": f.absent_excused.len(),
                        "absent_unexcused": f.absent_unexcused.len(),
                        "unmarked": f.unmarked,
                        "denominator": f.denominator,
                        "eligible_present": f.eligible_present,
                    },
                    "score": assessment.map(|a| a.total),
                    "tier": assessment.map(|a| a.tier.name.clone()),
                })
            })
            .collect()
    }

    /// Each member's attendance over the year's meetings held.
    fn members(&self) -> Vec<Value> {
        member_matrix(self.history)
            .of_year(self.year)
            .rows
            .iter()
            .map(|row| {
                let t = &row.totals;
                json!({
                    "name": row.name,
                    "present": t.present,
                    "late": t.late,
                    "left_early": t.left_early,
                    "excused": t.excused,
                    "unexcused": t.unexcused,
                    "exempt": t.exempt,
                })
            })
            .collect()
    }

    /// The tasks still open on `today` (overdue marked).
    fn tasks(&self) -> Vec<Value> {
        open_tasks(self.history, self.today)
            .iter()
            .map(|t| {
                json!({
                    "text": t.task.text,
                    "assignee": t.assignee,
                    "due": t.task.due_on.map(crate::vi::iso_date),
                    "set_on": crate::vi::iso_date(t.set_on),
                    "outcome": t.task.outcome.map(|o| o.code()),
                    "overdue": t.overdue,
                })
            })
            .collect()
    }

    /// The report as JSON: every section, or only the one asked for.
    pub fn json(&self, s: &Strings, only: Option<Section>) -> Value {
        let cell = &self.history.cell;
        let mut value = json!({
            "cell": {
                "name": cell.name,
                "uuid": cell.uuid.to_string(),
                "upper_unit": cell.upper_unit,
            },
            "year": self.year,
        });
        for section in Section::ALL {
            if only.is_none_or(|o| o == section) {
                value[section.key()] = Value::Array(match section {
                    Section::Meetings => self.meetings(),
                    Section::Members => self.members(),
                    Section::Tasks => self.tasks(),
                    Section::Warnings => self
                        .warnings()
                        .map(|f| super::findings::json(s, f))
                        .collect(),
                });
            }
        }
        value
    }

    /// One section as CSV rows (header first), `;`-separated.
    pub fn csv_rows(&self, s: &Strings, section: Section) -> Vec<Vec<String>> {
        let text = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(t) => vi::strip_controls(t),
            other => other.to_string(),
        };
        let table = |keys: &[&str], rows: Vec<Value>| -> Vec<Vec<String>> {
            let mut out = vec![
                keys.iter()
                    .map(|k| s.get(&format!("report.col.{k}")).to_string())
                    .collect(),
            ];
            for row in rows {
                out.push(keys.iter().map(|k| text(&row[*k])).collect());
            }
            out
        };
        match section {
            Section::Meetings => {
                let rows = self
                    .meetings()
                    .into_iter()
                    .map(|mut m| {
                        let f = m["figures"].clone();
                        for key in ["expected", "present", "absent_excused", "absent_unexcused"] {
                            m[key] = f[key].clone();
                        }
                        m
                    })
                    .collect();
                table(
                    &[
                        "date",
                        "kind",
                        "status",
                        "duration_minutes",
                        "expected",
                        "present",
                        "absent_excused",
                        "absent_unexcused",
                        "score",
                        "tier",
                    ],
                    rows,
                )
            }
            Section::Members => {
                let keys: Vec<&str> = std::iter::once("name").chain(MEMBER_COUNTS).collect();
                table(&keys, self.members())
            }
            Section::Tasks => table(
                &["text", "assignee", "set_on", "due", "outcome", "overdue"],
                self.tasks(),
            ),
            Section::Warnings => {
                let rows = self
                    .warnings()
                    .map(|f| super::findings::json(s, f))
                    .collect();
                table(&["date", "rule", "message", "basis"], rows)
            }
        }
    }

    /// The report for people: the year's figures and scores, the open
    /// tasks, then the warnings; or only the section asked for (members:
    /// each member's year, which the whole report leaves to CSV and JSON).
    pub fn text(&self, s: &Strings, only: Option<Section>) -> String {
        let cell = &self.history.cell;
        let mut out = vec![s.fmt(
            "report.title",
            &[
                ("cell", &vi::strip_controls(&cell.name)),
                ("year", &self.year),
            ],
        )];
        let blocks: &[Section] = match only {
            Some(section) => &[section][..],
            None => &[Section::Meetings, Section::Tasks, Section::Warnings][..],
        };
        for (n, section) in blocks.iter().enumerate() {
            if n > 0 {
                out.push(String::new());
            }
            match section {
                Section::Meetings => self.meetings_text(s, &mut out),
                Section::Members => self.members_text(s, &mut out),
                Section::Tasks => self.tasks_text(s, &mut out),
                Section::Warnings => self.warnings_text(s, &mut out),
            }
        }
        let mut text = out.join("\n");
        text.push('\n');
        text
    }

    fn meetings_text(&self, s: &Strings, out: &mut Vec<String>) {
        let summary = year_summary(self.history, self.book, self.year, self.today);
        let quarters: Vec<String> = summary
            .thematic_by_quarter
            .iter()
            .enumerate()
            .map(|(q, n)| format!("Q{} {n}", q + 1))
            .collect();
        out.push(s.fmt(
            "history.year_held",
            &[
                ("regular", &summary.regular_held),
                ("regular_required", &summary.regular_required),
                ("thematic", &summary.thematic_held),
                ("thematic_required", &summary.thematic_required),
                ("quarters", &quarters.join(" · ")),
            ],
        ));
        out.push(
            s.fmt(
                "history.year_attendance",
                &[
                    (
                        "pct",
                        &s.percent(summary.present, summary.expected)
                            .unwrap_or_else(|| "—".into()),
                    ),
                    ("present", &summary.present),
                    ("expected", &summary.expected),
                ],
            ),
        );
        out.push(String::new());
        for m in &summary.scores {
            let tier = m
                .assessment
                .as_ref()
                .map(|a| format!("{} — {}", a.total, a.tier.name))
                .unwrap_or_else(|| s.get("history.not_scored").to_string());
            out.push(format!(
                "  {}  {:<24} {:>7}  {tier}",
                vi::date(m.date),
                s.get(&format!("kind.{}", m.kind.code())),
                s.percent(m.present, m.expected).unwrap_or_default(),
            ));
        }
    }

    fn members_text(&self, s: &Strings, out: &mut Vec<String>) {
        let matrix = member_matrix(self.history).of_year(self.year);
        out.push(s.fmt("report.members", &[("n", &matrix.rows.len())]));
        let width = matrix
            .rows
            .iter()
            .map(|r| vi::strip_controls(&r.name).width())
            .chain([s.get("report.col.name").width()])
            .max()
            .unwrap_or(0);
        let heads = MEMBER_COUNTS.map(|k| s.get(&format!("report.short.{k}")).to_string());
        out.push(format!(
            "  {}  {}",
            pad_to(s.get("report.col.name"), width),
            heads.join("  ")
        ));
        for row in &matrix.rows {
            let t = &row.totals;
            let counts = [
                t.present,
                t.late,
                t.left_early,
                t.excused,
                t.unexcused,
                t.exempt,
            ];
            let cells: Vec<String> = counts
                .iter()
                .zip(&heads)
                .map(|(n, head)| format!("{n:>w$}", w = head.width()))
                .collect();
            out.push(format!(
                "  {}  {}",
                pad_to(&vi::strip_controls(&row.name), width),
                cells.join("  ")
            ));
        }
    }

    fn tasks_text(&self, s: &Strings, out: &mut Vec<String>) {
        let tasks = open_tasks(self.history, self.today);
        out.push(s.fmt(
            "report.open_tasks",
            &[
                ("n", &tasks.len()),
                ("overdue", &tasks.iter().filter(|t| t.overdue).count()),
            ],
        ));
        for t in &tasks {
            let due = t.task.due_on.map(vi::date).unwrap_or_default();
            let flag = if t.overdue {
                format!(" ({})", s.get("history.tasks_overdue"))
            } else {
                String::new()
            };
            out.push(format!(
                "  {} — {} {due}{flag}",
                vi::strip_controls(&t.task.text),
                t.assignee
                    .as_deref()
                    .map(vi::strip_controls)
                    .unwrap_or_default()
            ));
        }
    }

    fn warnings_text(&self, s: &Strings, out: &mut Vec<String>) {
        let warnings: Vec<&Finding> = self.warnings().collect();
        out.push(s.fmt("report.warnings", &[("n", &warnings.len())]));
        for f in warnings {
            // The day it concerns: a meeting's date, or the day a rule
            // looked at (several warnings read alike otherwise).
            out.push(format!("  ⚠ {}  {}", vi::date(f.date), s.finding(f)));
            if !f.basis.is_empty() {
                out.push(format!(
                    "    {}: {}",
                    s.get("finding.label.basis"),
                    vi::strip_controls(&f.basis)
                ));
            }
        }
    }
}

/// Rows as CSV for Excel in Vietnam: UTF-8 with a byte-order mark, `;`
/// between fields, CRLF line ends (the `csv` crate quotes as needed).
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory fails only if memory does; a row lost then is
        // the least of the machine's troubles, and nothing panics.
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::csv;

    #[test]
    fn csv_is_excel_ready() {
        let rows = vec![
            vec!["Họ và tên".to_string(), "Ghi chú".to_string()],
            vec!["Lê Văn An".to_string(), "ốm; \"nặng\"".to_string()],
        ];
        assert_eq!(
            csv(&rows),
            "\u{feff}Họ và tên;Ghi chú\r\nLê Văn An;\"ốm; \"\"nặng\"\"\"\r\n"
        );
    }
}
