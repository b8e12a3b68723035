use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

pub use crate::domain::text::Problem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong with the database. The messages shown to people come
/// from `assets/strings` (see `crate::i18n`); `Display` is for logs and tests.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not a SQLite database")]
    NotSqlite,
    #[error("the database file is truncated")]
    Truncated,
    #[error("the database file is damaged: {0}")]
    Corrupt(String),
    #[error("a SQLite database of another program")]
    NotChibo,
    #[error("the database has schema version {found}; this chibo knows up to {supported}")]
    TooNew { found: u32, supported: u32 },
    #[error("the database file or its folder is read-only")]
    ReadOnly,
    #[error("the database is locked by another program")]
    Locked,
    #[error("another chibo has the database open")]
    InUse,
    #[error("the schema differs from chibo's version {version}: {problem:?}")]
    SchemaMismatch {
        version: u32,
        problem: super::schema::SchemaProblem,
    },
    #[error("{0:?}: the name is not UTF-8")]
    NotUtf8(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the meeting is locked")]
    MeetingLocked,
    #[error("more ballots ({ballots}) than eligible voters present ({eligible_present})")]
    TallyExceedsVoters { ballots: u32, eligible_present: u32 },
    /// A meeting heard the task's outcome: the task is part of its record.
    #[error("the task has an outcome reported on {reported_on}")]
    TaskHasOutcome { reported_on: chrono::NaiveDate },
    #[error("the meeting cannot close: {}", .0.iter().map(|f| f.rule.code()).collect::<Vec<_>>().join(", "))]
    Blocked(Vec<crate::domain::engine::Finding>),
    #[error("invalid {field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: Problem,
    },
    #[error("the database is not empty")]
    NotEmpty,
    #[error("cannot import: {0}")]
    Import(String),
    /// A cell that came from a bundle is read-only in the committee's file
    /// (migration 9's triggers refuse the write).
    #[error("the cell came from a bundle and is read-only here")]
    MergedCell,
    /// What a bundle or transfer file is refused for (see `store::bundle`).
    #[error("bundle refused: {0:?}")]
    Bundle(super::bundle::Refusal),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn invalid(field: &'static str, problem: Problem) -> Error {
        Error::Invalid { field, problem }
    }
}

/// The message of migration 9's triggers when a write touches a merged cell.
const MERGED_READ_ONLY: &str = "chibo: merged cell is read-only";

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        if let rusqlite::Error::SqliteFailure(_, Some(message)) = &e
            && message.contains(MERGED_READ_ONLY)
        {
            return Error::MergedCell;
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => Error::ReadOnly,
            Some(ErrorCode::NotADatabase) => Error::NotSqlite,
            Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt(e.to_string()),
            _ => Error::Sql(e),
        }
    }
}
