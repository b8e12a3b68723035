//! Conversions between rows and domain values.

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
