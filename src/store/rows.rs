//! Conversions between rows and domain values.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

use super::{Error, Result};
use crate::domain::agenda::StepKind;
use crate::domain::text::{self, Problem};
use crate::domain::{
    Gender, ItemDisposition, MarkKind, MeetingKind, MeetingStatus, PrepStep, RoleKind,
    StatusEventKind, TaskOutcome, VoteKind, VoteRule,
};

/// Coded enums are stored as their stable English code, which the schema's
/// CHECK constraints list.
macro_rules! sql_code {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                <$t>::from_code(code).ok_or_else(|| FromSqlError::Other(
                    format!("unknown {} code {code:?}", stringify!($t)).into(),
                ))
            }
        }
    )+};
}

sql_code!(
    Gender,
    StatusEventKind,
    RoleKind,
    MeetingKind,
    MeetingStatus,
    MarkKind,
    VoteRule,
    TaskOutcome,
    PrepStep,
    VoteKind,
    StepKind,
    ItemDisposition
);

/// Reads a UUID stored as text.
pub fn uuid(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads a day stored as `YYYY-MM-DD`. The common form is parsed by hand:
/// chrono's format-string parser was an eighth of the time spent reading
/// every cell's counts; anything else goes through rusqlite's reading.
pub fn day(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    match row.get_ref(index)? {
        ValueRef::Text(text) => parse_day(text).map_or_else(|| row.get(index), Ok),
        _ => row.get(index),
    }
}

/// [`day`] for a column that may be NULL.
pub fn opt_day(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => parse_day(text).map_or_else(|| row.get(index), |d| Ok(Some(d))),
        _ => row.get(index),
    }
}

/// Reads a moment stored as `YYYY-MM-DD HH:MM:SS` (or with a `T`), as
/// [`day`] does.
pub fn moment(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<NaiveDateTime> {
    match row.get_ref(index)? {
        ValueRef::Text(text) => parse_moment(text).map_or_else(|| row.get(index), Ok),
        _ => row.get(index),
    }
}

/// [`moment`] for a column that may be NULL.
pub fn opt_moment(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<NaiveDateTime>> {
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => parse_moment(text).map_or_else(|| row.get(index), |d| Ok(Some(d))),
        _ => row.get(index),
    }
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

fn parse_day(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&text[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&text[5..7])?, number(&text[8..10])?)
}

fn parse_moment(text: &[u8]) -> Option<NaiveDateTime> {
    if text.len() != 19 || !matches!(text[10], b' ' | b'T') || text[13] != b':' || text[16] != b':'
    {
        return None;
    }
    parse_day(&text[..10])?.and_hms_opt(
        number(&text[11..13])?,
        number(&text[14..16])?,
        number(&text[17..19])?,
    )
}

/// A new row's UUID, time-ordered (version 7): rows made one after another
/// land next to each other in every UUID index instead of at random places,
/// which keeps a committee's multi-gigabyte file cheap to write. The time it
/// carries is only the moment the row was made.
pub fn new_uuid() -> String {
    new_row_uuid().to_string()
}

/// [`new_uuid`] as a value.
pub fn new_row_uuid() -> Uuid {
    Uuid::now_v7()
}

/// A required one-line field, cleaned as every input is.
pub fn line(field: &'static str, value: &str) -> Result<String> {
    text::clean_line(value, true).map_err(|p| Error::invalid(field, p))
}

/// An optional one-line field.
pub fn opt_line(field: &'static str, value: &str) -> Result<String> {
    text::clean_line(value, false).map_err(|p| Error::invalid(field, p))
}

/// A multi-line field.
pub fn text(field: &'static str, value: &str, required: bool) -> Result<String> {
    text::clean_text(value, required).map_err(|p| Error::invalid(field, p))
}

/// Refuses an interval that ends before it starts.
pub fn ordered<T: PartialOrd>(field: &'static str, start: &T, end: Option<&T>) -> Result<()> {
    match end {
        Some(end) if end < start => Err(Error::invalid(field, Problem::EndBeforeStart)),
        _ => Ok(()),
    }
}

/// Maps "no row" to a typed not-found error.
pub fn found<T>(result: rusqlite::Result<T>, what: &'static str) -> Result<T> {
    match result {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::NotFound(what)),
        other => Ok(other?),
    }
}

/// Every row of a query, mapped.
pub fn all<T, P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map(params, map)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn days_and_moments_read_as_chrono_reads_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let texts = [
            "2026-11-25",
            "2026-02-30",
            "2026-1-05",
            "2026-11-25 09:30:00",
            "2026-11-25T09:30:05",
            "2026-11-25 24:00:00",
            "2026-11-25 09:30:00.250",
            "abcd-ef-gh",
            "",
        ];
        for text in texts {
            let read = |f: &dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>| {
                conn.query_row("SELECT ?1", [text], |r| f(r)).ok()
            };
            let chrono_day = read(&|r| r.get::<_, NaiveDate>(0).map(|d| d.to_string()));
            let our_day = read(&|r| day(r, 0).map(|d| d.to_string()));
            assert_eq!(our_day, chrono_day, "{text}");
            let chrono_at = read(&|r| r.get::<_, NaiveDateTime>(0).map(|d| d.to_string()));
            let our_at = read(&|r| moment(r, 0).map(|d| d.to_string()));
            assert_eq!(our_at, chrono_at, "{text}");
        }
        let null = conn
            .query_row("SELECT NULL, NULL", [], |r| {
                Ok((opt_day(r, 0)?, opt_moment(r, 1)?))
            })
            .unwrap();
        assert_eq!(null, (None, None));
    }
}
