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

/// The tables of a schema: each with its columns (name, declared type,
/// NOT NULL) in order, and the SQL that created it.
type Shape = std::collections::BTreeMap<String, (Vec<(String, String, bool)>, String)>;

fn shape_of(conn: &Connection) -> Result<Shape, Error> {
    let mut shape = Shape::new();
    let mut tables = conn.prepare(
        "SELECT name, coalesce(sql, '') FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = tables
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (table, sql) in rows {
        let mut info = conn.prepare(&format!(
            "SELECT name, type, \"notnull\" FROM pragma_table_info('{}') ORDER BY cid",
            table.replace('\'', "''")
        ))?;
        let columns = info
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Whitespace does not change a table; a CHECK or a type does.
        let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        shape.insert(table, (columns, sql));
    }
    Ok(shape)
}

/// The schema chibo's migrations produce at `version`.
fn expected_shape(version: u32) -> Result<Shape, Error> {
    let mut conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.commit()?;
    }
    shape_of(&conn)
}

/// How a file's tables differ from chibo's schema of its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaProblem {
    MissingTable(String),
    UnknownTable(String),
    MissingColumn { table: String, column: String },
    UnknownColumn { table: String, column: String },
    ColumnType { table: String, column: String },
    Constraints(String),
}

/// Checks, without writing, that a chibo file's tables are exactly those
/// of its schema version: a renamed column or a missing table is refused
/// with what differs, before any migration or write.
pub fn validate(conn: &Connection) -> Result<(), Error> {
    let version = user_version(conn)?;
    if version == 0 {
        return Ok(());
    }
    let found = shape_of(conn)?;
    let expected = expected_shape(version)?;
    for (table, (columns, sql)) in &expected {
        let Some((have, have_sql)) = found.get(table) else {
            return Err(Error::SchemaMismatch {
                version,
                problem: SchemaProblem::MissingTable(table.clone()),
            });
        };
        for (name, kind, not_null) in columns {
            match have.iter().find(|(n, _, _)| n == name) {
                None => {
                    return Err(Error::SchemaMismatch {
                        version,
                        problem: SchemaProblem::MissingColumn {
                            table: table.clone(),
                            column: name.clone(),
                        },
                    });
                }
                Some((_, k, nn)) if k != kind || nn != not_null => {
                    return Err(Error::SchemaMismatch {
                        version,
                        problem: SchemaProblem::ColumnType {
                            table: table.clone(),
                            column: name.clone(),
                        },
                    });
                }
                Some(_) => {}
            }
        }
        if let Some((extra, _, _)) = have
            .iter()
            .find(|(n, _, _)| !columns.iter().any(|(c, _, _)| c == n))
        {
            return Err(Error::SchemaMismatch {
                version,
                problem: SchemaProblem::UnknownColumn {
                    table: table.clone(),
                    column: extra.clone(),
                },
            });
        }
        if sql != have_sql {
            return Err(Error::SchemaMismatch {
                version,
                problem: SchemaProblem::Constraints(table.clone()),
            });
        }
    }
    if let Some(extra) = found.keys().find(|t| !expected.contains_key(*t)) {
        return Err(Error::SchemaMismatch {
            version,
            problem: SchemaProblem::UnknownTable(extra.clone()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_validates_against_itself() {
        for version in 1..=LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            for sql in MIGRATIONS.iter().take(version as usize) {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", version).unwrap();
            validate(&conn).unwrap();
            // then one renamed column is found
            conn.execute_batch("ALTER TABLE members RENAME COLUMN note TO ghi_chu")
                .unwrap();
            let found = validate(&conn);
            assert!(
                matches!(&found, Err(Error::SchemaMismatch { problem: SchemaProblem::MissingColumn { table, column }, .. }) if table == "members" && column == "note"),
                "{found:?}"
            );
            let _ = &mut conn;
        }
    }
}
