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
    include_str!("sql/007_committee_scale_indexes.sql"),
    include_str!("sql/008_resolutions.sql"),
    include_str!("sql/009_bundles.sql"),
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

/// Builds chibo's schema as it was at `version` in an empty database (to
/// read an export made by an older chibo).
pub(crate) fn create_at(conn: &mut Connection, version: u32) -> Result<(), Error> {
    let tx = conn.transaction()?;
    for sql in MIGRATIONS.iter().take(version as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID as i64)?;
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    Ok(())
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
        if version == 6 && found > 0 {
            backfill_step_kinds(&tx)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID as i64)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(found)
}

/// Version 6 gave agenda items what their template step records and votes
/// a kind. Items made from a template before then get them back, once, by
/// matching the template step of their meeting's kind (else of any kind)
/// by title; votes attached to such a step take its vote kind when it
/// keeps their rule. Items typed by hand stay "other", votes "general".
fn backfill_step_kinds(tx: &rusqlite::Transaction) -> Result<(), Error> {
    let book = crate::assets::rulebook()?;
    for own_kind_only in [true, false] {
        for template in &book.templates {
            for step in &template.steps {
                let meeting_filter = if own_kind_only {
                    "AND meeting_id IN (SELECT id FROM meetings WHERE kind = ?5)"
                } else {
                    "AND ?5 IS NOT NULL"
                };
                tx.execute(
                    &format!(
                        "UPDATE agenda_items SET kind = ?1, vote_kind = ?2, optional = ?3
                         WHERE kind = 'other' AND title = ?4 {meeting_filter}"
                    ),
                    rusqlite::params![
                        step.kind.code(),
                        step.vote.map(|v| v.code()),
                        step.optional,
                        step.title,
                        template.kind.code()
                    ],
                )?;
            }
        }
    }
    tx.execute_batch(
        "UPDATE votes SET kind = (SELECT a.vote_kind FROM agenda_items a WHERE a.id = votes.agenda_item_id)
         WHERE agenda_item_id IS NOT NULL
           AND (SELECT a.vote_kind FROM agenda_items a WHERE a.id = votes.agenda_item_id) IS NOT NULL
           AND ((rule = 'simple_majority' AND (SELECT a.vote_kind FROM agenda_items a WHERE a.id = votes.agenda_item_id)
                    IN ('general', 'agenda', 'resolution', 'minutes', 'discipline'))
             OR (rule = 'two_thirds' AND (SELECT a.vote_kind FROM agenda_items a WHERE a.id = votes.agenda_item_id)
                    IN ('admission', 'recognition', 'expulsion')));",
    )?;
    Ok(())
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

/// The SHA-256 of the schema the migrations produce at `LATEST_VERSION`
/// ([`shape_digest`]). A test builds that schema and compares: a new
/// migration fails it until this is updated.
const LATEST_SHAPE_SHA256: &str =
    "750e1a89404d245f9adb46093f3da1e23b59094d8b4931e0a7d8ecb9dc2ec026";

/// A digest of a schema's tables, their columns (name, type, NOT NULL)
/// and their SQL with its whitespace folded: what `validate` compares.
fn shape_digest(shape: &Shape) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (table, (columns, sql)) in shape {
        hash.update(table.as_bytes());
        hash.update([0]);
        for (name, kind, not_null) in columns {
            hash.update(name.as_bytes());
            hash.update([1]);
            hash.update(kind.as_bytes());
            hash.update([u8::from(*not_null) + 2]);
        }
        hash.update(sql.as_bytes());
        hash.update([0xff]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
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
    // The usual case, a file of the latest version as chibo left it, is
    // told by a digest instead of building the schema again in memory
    // (most of the time opening a file took).
    if version == LATEST_VERSION && shape_digest(&found) == LATEST_SHAPE_SHA256 {
        return Ok(());
    }
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
    fn items_and_votes_of_version_5_get_their_kinds_back() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in MIGRATIONS.iter().take(5) {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO cells (id, uuid, name) VALUES (1, 'c', 'Chi bộ');
             INSERT INTO meetings (id, uuid, cell_id, kind, status, planned_at)
               VALUES (1, 'm', 1, 'regular', 'locked', '2025-11-05 14:00:00');
             INSERT INTO agenda_items (id, uuid, meeting_id, position, title)
               VALUES (1, 'a1', 1, 1, 'Thư ký đọc biên bản; thông qua biên bản'),
                      (2, 'a2', 1, 2, 'Ý kiến của đại biểu cấp trên (nếu có)'),
                      (3, 'a3', 1, 3, 'Góp ý dự thảo'),
                      (4, 'a4', 1, 4, 'Bế mạc');
             INSERT INTO votes (uuid, meeting_id, agenda_item_id, subject, rule, votes_for,
                 votes_against, votes_other, denominator, eligible_present, taken_at)
               VALUES ('v1', 1, 1, 'Thông qua biên bản', 'simple_majority', 10, 0, 0, 12, 11,
                       '2025-11-05 15:30:00'),
                      ('v2', 1, 3, 'Góp ý', 'simple_majority', 10, 0, 0, 12, 11,
                       '2025-11-05 15:00:00');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let items: Vec<(String, Option<String>, bool)> = conn
            .prepare("SELECT kind, vote_kind, optional FROM agenda_items ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            items,
            vec![
                ("minutes_approval".into(), Some("minutes".into()), false),
                ("discussion".into(), None, true),
                ("other".into(), None, false),
                ("closing".into(), None, false),
            ]
        );
        let votes: Vec<String> = conn
            .prepare("SELECT kind FROM votes ORDER BY uuid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(votes, vec!["minutes".to_string(), "general".into()]);
    }

    #[test]
    fn the_latest_schema_digest_is_current() {
        let digest = shape_digest(&expected_shape(LATEST_VERSION).unwrap());
        assert_eq!(
            digest, LATEST_SHAPE_SHA256,
            "the migrations changed the schema: set LATEST_SHAPE_SHA256 to the digest found"
        );
        // a file migrated step by step from version 1 takes the short way
        let mut conn = Connection::open_in_memory().unwrap();
        create_at(&mut conn, 1).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(shape_digest(&shape_of(&conn).unwrap()), LATEST_SHAPE_SHA256);
    }

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
