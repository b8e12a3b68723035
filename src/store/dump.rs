//! A lossless dump of every table, the audit log included, for JSON export
//! and import. Import restores rows as they were (ids, UUIDs, times) and adds
//! no audit rows of its own, so export → import → export is byte-identical.

use std::collections::BTreeMap;

use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Error, Result, Store, schema};

/// Tables in an order where every row's references come before it.
pub const TABLES: &[&str] = &[
    "cells",
    "members",
    "status_events",
    "roles",
    "party_cards",
    "meetings",
    "meeting_reschedules",
    "preparation_steps",
    "guests",
    "agenda_items",
    "attendance",
    "remarks",
    "votes",
    "tasks",
    "task_reports",
    "dues",
    "quality_scores",
    "addenda",
    "audit_log",
    "drafts",
];

pub type Row = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    /// Always "chibo".
    pub application: String,
    pub schema_version: u32,
    pub tables: BTreeMap<String, Vec<Row>>,
}

fn to_json(value: ValueRef<'_>) -> Result<Value> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => return Err(Error::Import("unexpected binary value".into())),
    })
}

fn to_sql(table: &str, column: &str, value: &Value) -> Result<SqlValue> {
    Ok(match value {
        Value::Null => SqlValue::Null,
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => SqlValue::Integer(i),
            (None, Some(f)) => SqlValue::Real(f),
            _ => {
                return Err(Error::Import(format!(
                    "{table}.{column}: number out of range"
                )));
            }
        },
        _ => {
            return Err(Error::Import(format!(
                "{table}.{column}: unexpected value {value}"
            )));
        }
    })
}

fn columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

impl Store {
    pub fn dump(&self) -> Result<Dump> {
        let mut tables = BTreeMap::new();
        for &table in TABLES {
            let names = columns(self.conn(), table)?;
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {} FROM {table} ORDER BY rowid",
                names.join(", ")
            ))?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let mut map = Row::new();
                for (i, name) in names.iter().enumerate() {
                    map.insert(name.clone(), to_json(row.get_ref(i)?)?);
                }
                out.push(map);
            }
            tables.insert(table.to_string(), out);
        }
        Ok(Dump {
            application: "chibo".into(),
            schema_version: self.schema_version()?,
            tables,
        })
    }

    /// Loads a dump into this (empty) database in one transaction: all rows
    /// or none.
    pub fn load_dump(&mut self, dump: &Dump) -> Result<()> {
        if dump.application != "chibo" {
            return Err(Error::Import(format!(
                "not a chibo export: {:?}",
                dump.application
            )));
        }
        if dump.schema_version != schema::LATEST_VERSION {
            return Err(Error::Import(format!(
                "schema version {} (this chibo writes {})",
                dump.schema_version,
                schema::LATEST_VERSION
            )));
        }
        if let Some(unknown) = dump.tables.keys().find(|t| !TABLES.contains(&t.as_str())) {
            return Err(Error::Import(format!("unknown table {unknown}")));
        }
        if !self.is_empty()? {
            return Err(Error::NotEmpty);
        }
        self.write(|tx| {
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            for &table in TABLES {
                let Some(rows) = dump.tables.get(table) else {
                    continue;
                };
                let known = columns(tx, table)?;
                for (n, row) in rows.iter().enumerate() {
                    if let Some(bad) = row.keys().find(|c| !known.contains(c)) {
                        return Err(Error::Import(format!("{table}[{n}]: unknown column {bad}")));
                    }
                    let names: Vec<&String> = row.keys().collect();
                    let values = row
                        .iter()
                        .map(|(c, v)| to_sql(table, c, v))
                        .collect::<Result<Vec<_>>>()?;
                    let placeholders = (1..=names.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>();
                    let sql = format!(
                        "INSERT INTO {table} ({}) VALUES ({})",
                        names
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        placeholders.join(", ")
                    );
                    tx.execute(&sql, rusqlite::params_from_iter(values))
                        .map_err(|e| Error::Import(format!("{table}[{n}]: {e}")))?;
                }
            }
            // What the forms refuse, an import must not bring in either.
            let odd: i64 = tx.query_row(
                "SELECT count(*) FROM agenda_items WHERE planned_minutes > 600",
                [],
                |r| r.get(0),
            )?;
            if odd > 0 {
                return Err(Error::Import(
                    "agenda_items: planned_minutes above 600".into(),
                ));
            }
            Ok(())
        })
    }
}
