//! `chibo export attendance` and `chibo export members`: CSV for the
//! committee and for Excel in Vietnam (UTF-8 with a BOM, `;` between
//! fields, as `chibo report` writes it), to a file written safely
//! (`write_private`: never over an existing file without `--force`, never
//! over the database, 0600) or to standard output.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Failure, write_private};
use crate::clock::Clock;
use crate::documents::report::csv;
use crate::domain::engine::history::member_matrix;
use crate::exchange::{attendance_csv, members_export};
use crate::i18n::Strings;
use crate::store::{self, Store};
use crate::vi;

/// Where a CSV goes: a file (replaced only with `--force`), or standard
/// output.
pub(super) struct Target {
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// `chibo export attendance --cell NAME [--from D] [--to D] [-o FILE]`.
pub(super) struct Attendance {
    pub cell: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Before any meeting chibo could hold: the default start of the range.
fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn parse_day(s: &Strings, text: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    text.map(|t| {
        vi::parse_date(t)
            .ok_or_else(|| Failure(s.fmt("cli.bad_date", &[("value", &vi::strip_controls(t))])))
    })
    .transpose()
}

pub(super) fn attendance(
    db: &Path,
    clock: Clock,
    s: &Strings,
    request: Attendance,
    target: Target,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let from = parse_day(s, request.from.as_deref())?.unwrap_or_else(earliest);
    let to = parse_day(s, request.to.as_deref())?.unwrap_or_else(|| clock.today());
    if from > to {
        return Err(Failure(s.fmt(
            "export_csv.bad_range",
            &[("from", &vi::date(from)), ("to", &vi::date(to))],
        )));
    }
    let store = Store::open(db, clock).map_err(fail)?;
    let cell = super::cells::find(&store, s, &request.cell)?;
    let history = store.cell_history(cell.id, from, to).map_err(fail)?;
    let rows = attendance_csv::rows(s, &member_matrix(&history));
    deliver(db, s, &csv(&rows), target, "export_csv.attendance_done")
}

/// `chibo export members --cell NAME [--with-private] [-o FILE]`.
pub(super) fn members(
    db: &Path,
    clock: Clock,
    s: &Strings,
    cell: &str,
    with_private: bool,
    target: Target,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let cell = super::cells::find(&store, s, cell)?;
    let members = store.members(cell.id).map_err(fail)?;
    let rows = members_export::rows(s, &members, clock.today(), with_private);
    deliver(db, s, &csv(&rows), target, "export_csv.members_done")
}

fn deliver(db: &Path, s: &Strings, text: &str, target: Target, done: &str) -> Result<(), Failure> {
    match &target.output {
        Some(path) => {
            write_private(path, text.as_bytes(), s, target.force, db)?;
            eprintln!("{}", s.fmt(done, &[("path", &path.display())]));
        }
        None => {
            // A closed pipe (`… | head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(())
}
