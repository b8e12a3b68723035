//! Numbered migrations, each in its own transaction, the version kept in
//! `user_version` (a small migrator of our own).

use rusqlite::Connection;

use super::Error;

/// "CHBO" in ASCII: marks a SQLite file as chibo's.
pub const APPLICATION_ID: u32 = 0x4348_424F;

/// Migration N (1-based) is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_init.sql"),
    include_str!("sql/002_preparation.sql"),
    include_str!("sql/003_drafts.sql"),
    include_str!("sql/004_quality_addenda.sql"),
    include_str!("sql/005_task_reports.sql"),
    include_str!("sql/006_rules_engine.sql"),
];

pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn user_version(conn: &Connection) -> Result<u32, Error> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

pub fn application_id(conn: &Connection) -> Result<u32, Error> {
    let id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    // SQLite reports the 32-bit field as a signed integer.
    Ok(id as u32)
}

/// Runs the migrations the file lacks. Returns the version found.
pub fn migrate(conn: &mut Connection) -> Result<u32, Error> {
    let found = user_version(conn)?;
    if found > LATEST_VERSION {
        return Err(Error::TooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as u32 + 1;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID as i64)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(found)
}
