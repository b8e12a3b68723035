//! `chibo report (--cell NAME | --all) [--year YYYY] [--format txt|csv|json]
//! [--section meetings|members|tasks|warnings] [-o FILE]`: the figures and
//! warnings of the history tab, for the committee or Excel.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::{Failure, write_private};
use crate::assets;
use crate::clock::Clock;
use crate::documents::report::{CellReport, Section, csv};
use crate::domain::engine::history::{self, CellHistory};
use crate::i18n::Strings;
use crate::store::{self, Store};

pub(super) struct Request {
    pub cell: Option<String>,
    pub year: Option<i32>,
    pub format: String,
    /// One section only (CSV: members when none is asked for).
    pub section: Option<String>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

pub(super) fn run(db: &Path, clock: Clock, s: &Strings, request: Request) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let book = assets::rulebook().map_err(fail)?;
    let today = clock.today();
    let year = request.year.unwrap_or(today.year());
    let cells = match &request.cell {
        Some(wanted) => vec![super::cells::find(&store, s, wanted)?],
        None => store.cells().map_err(fail)?,
    };
    // The year and the one before: the rules that span years see both.
    let from = NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let only = request.section.as_deref().and_then(Section::parse);
    // Every cell's warnings alone need only what the rules read, in one
    // batch of queries (`Store::rule_histories_of`, the same findings).
    // One cell's history at a time (all of them at once would hold every
    // cell's year in memory).
    let histories: Box<dyn Iterator<Item = store::Result<CellHistory>> + '_> =
        if only == Some(Section::Warnings) && request.cell.is_none() {
            let all = store.rule_histories_of(cells, from, to).map_err(fail)?;
            Box::new(all.into_iter().map(Ok))
        } else {
            Box::new(
                cells
                    .into_iter()
                    .map(|cell| store.cell_history(cell.id, from, to)),
            )
        };
    let mut texts = Vec::new();
    let mut values = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for h in histories {
        let h = &h.map_err(fail)?;
        let findings = history::history_findings(h, book, today);
        let report = CellReport {
            history: h,
            findings: &findings,
            book,
            year,
            today,
        };
        match request.format.as_str() {
            "json" => values.push(report.json(s, only)),
            "csv" => {
                let mut section_rows = report.csv_rows(s, only.unwrap_or(Section::Members));
                // With several cells, each row says whose it is.
                if request.cell.is_none() {
                    for (n, row) in section_rows.iter_mut().enumerate() {
                        let first = if n == 0 {
                            s.get("report.col.cell").to_string()
                        } else {
                            crate::vi::strip_controls(&h.cell.name)
                        };
                        row.insert(0, first);
                    }
                    if !rows.is_empty() && !section_rows.is_empty() {
                        section_rows.remove(0);
                    }
                }
                rows.extend(section_rows);
            }
            _ => texts.push(report.text(s, only)),
        }
    }
    let output = match request.format.as_str() {
        "json" => {
            let value = if request.cell.is_some() {
                values.pop().unwrap_or_default()
            } else {
                serde_json::Value::Array(values)
            };
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
        "csv" => csv(&rows),
        _ => texts.join("\n"),
    };
    match &request.output {
        Some(path) => {
            write_private(path, output.as_bytes(), s, request.force, db)?;
            eprintln!(
                "{}",
                s.fmt("cli.report_written", &[("path", &path.display())])
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(output.as_bytes());
        }
    }
    Ok(())
}
