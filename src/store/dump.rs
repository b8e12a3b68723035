//! A lossless dump of every table, the audit log included, for JSON export
//! and import. Import restores rows as they were (ids, UUIDs, times) and adds
//! no audit rows of its own, so export → import → export is byte-identical.
//!
//! An import is checked before anything is written: every text is brought to
//! NFC, and every value must have the type its column is described with in
//! [`SCHEMA`] (dates, date-times, codes, UUIDs, JSON …). A value of the wrong
//! type refuses the whole file with its table, row and column.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::OptionalExtension;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::{UnicodeNormalization, is_nfc};

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
    "member_sources",
    "member_aliases",
    "audit_log",
    "drafts",
    "resolutions",
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

// ---------------------------------------------------------------------------
// The schema as data: what each column of each table holds.

/// What a column holds, as chibo writes it. Codes are the lists of the
/// schema's CHECK constraints (src/store/sql/*.sql).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A row id or a reference to one: a positive JSON integer.
    Id,
    /// Any JSON integer (positions, minutes, counts, years, amounts).
    Integer,
    /// A flag stored as the integer 0 or 1.
    Bool,
    /// `YYYY-MM-DD`, as rusqlite writes a `NaiveDate`.
    Date,
    /// `YYYY-MM-DD HH:MM:SS`, with `.fff`, `.ffffff` or `.fffffffff` when
    /// there is a fraction of a second, as rusqlite writes a `NaiveDateTime`.
    DateTime,
    /// One of the listed codes.
    Code(&'static [&'static str]),
    /// A UUID (any form the uuid crate parses: chibo writes the hyphenated
    /// form, migration 5 wrote 32 hex digits).
    Uuid,
    /// Any text.
    Text,
    /// Text holding a JSON document (the audit log's before/after).
    Json,
    /// A meeting's frozen roster, figures and findings, as chibo stores them.
    Frozen,
}

/// One column: its name, what it holds, and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

/// A column that is never null.
const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
    }
}

/// A column that may be null.
const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: true,
    }
}

const GENDERS: &[&str] = &["male", "female"];
const CELL_ORIGINS: &[&str] = &["own", "merged"];
const STATUS_EVENT_KINDS: &[&str] = &[
    "admitted",
    "recognized_official",
    "exempt",
    "attached_in",
    "attached_out",
    "transferred_in",
    "transferred_out",
    "suspended",
    "removed",
    "deceased",
];
const ROLE_KINDS: &[&str] = &[
    "secretary",
    "deputy_secretary",
    "committee_member",
    "group_leader",
    "group_deputy",
];
const MEETING_KINDS: &[&str] = &[
    "regular",
    "thematic",
    "combined",
    "extraordinary",
    "admission",
    "recognition",
    "year_end_review",
    "congress",
];
const MEETING_STATUSES: &[&str] = &["planned", "in_progress", "closed", "locked", "cancelled"];
const PREP_STEPS: &[&str] = &[
    "committee_met",
    "content_assigned",
    "members_notified",
    "upper_notified",
    "materials_sent",
];
const ITEM_KINDS: &[&str] = &[
    "opening",
    "guests",
    "attendance_report",
    "minute_taker",
    "dues",
    "report",
    "task_review",
    "discussion",
    "conclusion",
    "vote",
    "quality",
    "minutes_approval",
    "closing",
    "other",
];
const VOTE_KINDS: &[&str] = &[
    "general",
    "agenda",
    "resolution",
    "minutes",
    "discipline",
    "admission",
    "recognition",
    "expulsion",
];
const DISPOSITIONS: &[&str] = &["skipped", "moved"];
const MARK_KINDS: &[&str] = &[
    "present",
    "late",
    "left_early",
    "absent_excused",
    "absent_unexcused",
];
const VOTE_RULES: &[&str] = &["simple_majority", "two_thirds"];
const TASK_OUTCOMES: &[&str] = &["done", "in_progress", "not_done"];
const AUDIT_ACTIONS: &[&str] = &["insert", "update", "delete"];

use Kind::{Bool, Code, Date, DateTime, Frozen, Id, Integer, Json, Text, Uuid};

/// Every column of every table, in the order of `PRAGMA table_info` (after
/// all migrations), the tables in the order of [`TABLES`]. A migration that
/// adds a column must describe it here (a test compares the two).
pub(crate) const SCHEMA: &[(&str, &[Column])] = &[
    (
        "cells",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("name", Text),
            req("upper_unit", Text),
            req("place_name", Text),
            req("usual_venue", Text),
            opt("archived_at", DateTime),
            req("revision", Integer),
            req("origin", Code(CELL_ORIGINS)),
            opt("bundle_revision", Integer),
            opt("bundle_made_at", DateTime),
            opt("merged_at", DateTime),
            req("merging", Bool),
        ],
    ),
    (
        "members",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("cell_id", Id),
            req("full_name", Text),
            opt("birth_date", Date),
            opt("gender", Code(GENDERS)),
            req("phone", Text),
            req("national_id", Text),
            req("note", Text),
        ],
    ),
    (
        "status_events",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("member_id", Id),
            req("kind", Code(STATUS_EVENT_KINDS)),
            req("date", Date),
            opt("until", Date),
            req("decision", Text),
            req("organisation", Text),
            req("note", Text),
        ],
    ),
    (
        "roles",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("member_id", Id),
            req("kind", Code(ROLE_KINDS)),
            req("from_date", Date),
            opt("until_date", Date),
            req("note", Text),
        ],
    ),
    (
        "party_cards",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("member_id", Id),
            req("number", Text),
            opt("issued_on", Date),
        ],
    ),
    (
        "meetings",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("cell_id", Id),
            req("kind", Code(MEETING_KINDS)),
            req("status", Code(MEETING_STATUSES)),
            req("title", Text),
            req("planned_at", DateTime),
            opt("started_at", DateTime),
            opt("ended_at", DateTime),
            req("place", Text),
            opt("chair_id", Id),
            opt("minute_taker_id", Id),
            opt("frozen", Frozen),
            opt("chair_replaces_id", Id),
            opt("minute_taker_replaces_id", Id),
        ],
    ),
    (
        "meeting_reschedules",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("from_at", DateTime),
            req("to_at", DateTime),
            req("reason", Text),
            req("recorded_at", DateTime),
        ],
    ),
    (
        "preparation_steps",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("step", Code(PREP_STEPS)),
            req("done_on", Date),
            req("note", Text),
        ],
    ),
    (
        "guests",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("name", Text),
            req("title", Text),
        ],
    ),
    (
        "agenda_items",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("position", Integer),
            req("title", Text),
            req("planned_minutes", Integer),
            opt("presenter_id", Id),
            req("notes", Text),
            opt("started_at", DateTime),
            opt("ended_at", DateTime),
            req("conclusion", Text),
            req("carry_over", Bool),
            req("kind", Code(ITEM_KINDS)),
            opt("vote_kind", Code(VOTE_KINDS)),
            req("optional", Bool),
            opt("disposition", Code(DISPOSITIONS)),
            req("disposition_reason", Text),
            opt("moved_to_meeting_id", Id),
        ],
    ),
    (
        "attendance",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("member_id", Id),
            req("kind", Code(MARK_KINDS)),
            opt("arrived_at", DateTime),
            opt("left_at", DateTime),
            req("reason", Text),
        ],
    ),
    (
        "remarks",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            opt("agenda_item_id", Id),
            opt("speaker_member_id", Id),
            opt("speaker_guest_id", Id),
            req("text", Text),
            req("spoken_at", DateTime),
        ],
    ),
    (
        "votes",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            opt("agenda_item_id", Id),
            req("subject", Text),
            req("kind", Code(VOTE_KINDS)),
            req("rule", Code(VOTE_RULES)),
            req("votes_for", Integer),
            req("votes_against", Integer),
            req("votes_other", Integer),
            req("denominator", Integer),
            req("eligible_present", Integer),
            req("taken_at", DateTime),
        ],
    ),
    (
        "tasks",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            opt("agenda_item_id", Id),
            req("text", Text),
            opt("assignee_id", Id),
            opt("due_on", Date),
            opt("outcome", Code(TASK_OUTCOMES)),
            req("outcome_note", Text),
            opt("outcome_meeting_id", Id),
        ],
    ),
    (
        "task_reports",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("task_id", Id),
            req("meeting_id", Id),
            req("outcome", Code(TASK_OUTCOMES)),
            req("note", Text),
        ],
    ),
    (
        "dues",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("member_id", Id),
            req("year", Integer),
            req("month", Integer),
            req("paid", Bool),
            opt("amount", Integer),
            opt("paid_on", Date),
        ],
    ),
    (
        "quality_scores",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("criterion", Text),
            req("points", Integer),
        ],
    ),
    (
        "addenda",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("text", Text),
            req("recorded_at", DateTime),
        ],
    ),
    (
        "member_sources",
        &[
            req("member_id", Id),
            req("cell_uuid", Uuid),
            opt("last_date", Date),
            opt("last_kind", Code(STATUS_EVENT_KINDS)),
        ],
    ),
    (
        "member_aliases",
        &[req("alias_uuid", Uuid), req("member_uuid", Uuid)],
    ),
    (
        "audit_log",
        &[
            req("id", Id),
            req("at", DateTime),
            req("entity", Text),
            req("entity_uuid", Uuid),
            req("action", Code(AUDIT_ACTIONS)),
            opt("before", Json),
            opt("after", Json),
            req("uuid", Uuid),
        ],
    ),
    (
        "drafts",
        &[
            req("key", Text),
            req("text", Text),
            req("updated_at", DateTime),
        ],
    ),
    (
        "resolutions",
        &[
            req("id", Id),
            req("uuid", Uuid),
            req("meeting_id", Id),
            req("cell_id", Id),
            req("year", Integer),
            req("number", Integer),
            req("upper_unit", Text),
            req("cell_name", Text),
            req("place_name", Text),
            req("issued_on", Date),
            req("subject", Text),
            req("opening", Text),
            req("results", Text),
            req("tasks", Text),
            req("assignments", Text),
            req("quality", Text),
            req("vote", Text),
            req("recipients", Text),
            req("signer", Text),
            req("drafted_at", DateTime),
            opt("edited_at", DateTime),
        ],
    ),
];

/// The columns of a table, if it is one chibo knows.
pub(crate) fn described(table: &str) -> Option<&'static [Column]> {
    SCHEMA
        .iter()
        .find(|(name, _)| *name == table)
        .map(|(_, columns)| *columns)
}

const DATE_FORMAT: &str = "%F";
const DATE_TIME_FORMAT: &str = "%F %T%.f";

/// True when `text` is a date exactly as chibo writes one.
fn is_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, DATE_FORMAT)
        .is_ok_and(|d| d.format(DATE_FORMAT).to_string() == text)
}

/// True when `text` is a date-time exactly as chibo writes one. rusqlite
/// would also read `YYYY-MM-DDTHH:MM:SS`, but chibo never writes it, and the
/// schema compares these texts (ordering, `ended_at >= started_at`), which
/// only works when they all have one form.
fn is_date_time(text: &str) -> bool {
    NaiveDateTime::parse_from_str(text, DATE_TIME_FORMAT)
        .is_ok_and(|dt| dt.format(DATE_TIME_FORMAT).to_string() == text)
}

impl Kind {
    /// What a value of this kind must be, for the refusal message.
    fn expected(self) -> String {
        match self {
            Id => "not an id (a positive integer)".into(),
            Integer => "not an integer".into(),
            Bool => "not 0 or 1".into(),
            Date => "not a date (YYYY-MM-DD)".into(),
            DateTime => "not a date-time (YYYY-MM-DD HH:MM:SS)".into(),
            Code(codes) => format!("not one of {}", codes.join(", ")),
            Uuid => "not a UUID".into(),
            Text => "not a text".into(),
            Json => "not JSON text".into(),
            Frozen => "not a frozen roster and figures".into(),
        }
    }

    /// The SQL value of a non-null JSON value of this kind, or `None` when the
    /// value does not have this kind. Strings are already NFC.
    fn accept(self, value: &Value) -> Option<SqlValue> {
        match (self, value) {
            (Id, Value::Number(n)) => n.as_i64().filter(|i| *i > 0).map(SqlValue::Integer),
            (Integer, Value::Number(n)) => n.as_i64().map(SqlValue::Integer),
            (Bool, Value::Number(n)) => n
                .as_i64()
                .filter(|i| *i == 0 || *i == 1)
                .map(SqlValue::Integer),
            (Date, Value::String(s)) if is_date(s) => Some(SqlValue::Text(s.clone())),
            (DateTime, Value::String(s)) if is_date_time(s) => Some(SqlValue::Text(s.clone())),
            (Code(codes), Value::String(s)) if codes.contains(&s.as_str()) => {
                Some(SqlValue::Text(s.clone()))
            }
            (Uuid, Value::String(s)) if uuid::Uuid::parse_str(s).is_ok() => {
                Some(SqlValue::Text(s.clone()))
            }
            (Text, Value::String(s)) => Some(SqlValue::Text(s.clone())),
            (Json, Value::String(s)) if serde_json::from_str::<Value>(s).is_ok() => {
                Some(SqlValue::Text(s.clone()))
            }
            (Frozen, Value::String(s))
                if serde_json::from_str::<super::proceedings::Frozen>(s).is_ok() =>
            {
                Some(SqlValue::Text(s.clone()))
            }
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Checking an import.

/// A value as a refusal message shows it: at most [`SHOWN_CHARS`] characters,
/// strings quoted, control and invisible characters escaped so the message
/// can never drive the terminal.
fn shown(value: &Value) -> String {
    const SHOWN_CHARS: usize = 40;
    let (text, quoted) = match value {
        Value::String(s) => (s.clone(), true),
        other => (other.to_string(), false),
    };
    let mut out = String::new();
    if quoted {
        out.push('"');
    }
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' if quoted => out.push_str("\\\""),
            '\\' if quoted => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2069}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    if quoted {
        out.push('"');
    }
    out
}

/// A name from the file (table or column), shown the same careful way.
fn shown_name(name: &str) -> String {
    shown(&Value::String(name.to_string()))
}

/// A JSON value with every string in it brought to NFC (names typed on macOS
/// arrive decomposed).
fn nfc_value(value: &Value) -> Value {
    match value {
        Value::String(s) if is_nfc(s) => value.clone(),
        Value::String(s) => Value::String(s.nfc().collect()),
        other => other.clone(),
    }
}

/// One row ready to insert: its column names and their values.
struct Checked {
    columns: Vec<&'static str>,
    values: Vec<SqlValue>,
}

/// Checks one row of `table` (its `index`, 0-based, in the dump's array) and
/// turns it into SQL values.
fn check_row(table: &str, index: usize, row: &Row, columns: &[Column]) -> Result<Checked> {
    let mut checked = Checked {
        columns: Vec::with_capacity(row.len()),
        values: Vec::with_capacity(row.len()),
    };
    for (name, value) in row {
        let Some(column) = columns.iter().find(|c| c.name == name) else {
            return Err(Error::Import(format!(
                "{table}[{index}]: unknown column {}",
                shown_name(name)
            )));
        };
        let refuse =
            |problem: String| Error::Import(format!("{table}[{index}].{}: {problem}", column.name));
        let value = nfc_value(value);
        let sql = match &value {
            Value::Null if column.nullable => SqlValue::Null,
            Value::Null => return Err(refuse("null, but a value is required".into())),
            other => column
                .kind
                .accept(other)
                .ok_or_else(|| refuse(format!("{}: {}", column.kind.expected(), shown(other))))?,
        };
        checked.columns.push(column.name);
        checked.values.push(sql);
    }
    Ok(checked)
}

/// Checks every row of the dump, in the order of [`TABLES`], before anything
/// is written. A refusal names the table, the row (its 0-based index in the
/// table's array in the file) and the column: `members[3].birth_date: not a
/// date (YYYY-MM-DD): "31/02/2025"`.
fn check(dump: &Dump) -> Result<Vec<(&'static str, Vec<Checked>)>> {
    if let Some(unknown) = dump.tables.keys().find(|t| !TABLES.contains(&t.as_str())) {
        return Err(Error::Import(format!(
            "unknown table {}",
            shown_name(unknown)
        )));
    }
    let mut out = Vec::new();
    for &table in TABLES {
        let Some(rows) = dump.tables.get(table) else {
            continue;
        };
        let columns = described(table)
            .ok_or_else(|| Error::Import(format!("{table}: no column description")))?;
        let checked = rows
            .iter()
            .enumerate()
            .map(|(index, row)| check_row(table, index, row, columns))
            .collect::<Result<Vec<_>>>()?;
        out.push((table, checked));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Export and import.

fn to_json(value: ValueRef<'_>) -> Result<Value> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => return Err(Error::Import("unexpected binary value".into())),
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
            if names.is_empty() {
                // A table a later migration adds: absent from an older file.
                continue;
            }
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
    /// or none. Every value is checked (and its text brought to NFC) before
    /// the first row is written; a refusal reads `table[row].column: problem`,
    /// the row being its 0-based index in that table's array in the file.
    pub fn load_dump(&mut self, dump: &Dump) -> Result<()> {
        if dump.application != "chibo" {
            return Err(Error::Import(format!(
                "not a chibo export: {}",
                shown_name(&dump.application)
            )));
        }
        if dump.schema_version > schema::LATEST_VERSION || dump.schema_version == 0 {
            return Err(Error::TooNew {
                found: dump.schema_version,
                supported: schema::LATEST_VERSION,
            });
        }
        if !self.is_empty()? {
            return Err(Error::NotEmpty);
        }
        // An export of an older chibo goes through the same migrations a
        // file of that version would, then through every check below.
        let upgraded;
        let dump = if dump.schema_version < schema::LATEST_VERSION {
            upgraded = upgrade(dump)?;
            &upgraded
        } else {
            dump
        };
        let tables = check(dump)?;
        self.write(|tx| {
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            for (table, mut rows) in tables {
                if table == "cells" {
                    // A merged cell is read-only (migration 9's triggers)
                    // except while its rows come in; its flag is put back
                    // below.
                    for row in &mut rows {
                        if let Some(i) = row.columns.iter().position(|c| *c == "merging") {
                            row.values[i] = SqlValue::Integer(1);
                        }
                    }
                }
                for (n, row) in rows.into_iter().enumerate() {
                    let placeholders = (1..=row.columns.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>();
                    let sql = format!(
                        "INSERT INTO {table} ({}) VALUES ({})",
                        row.columns.join(", "),
                        placeholders.join(", ")
                    );
                    tx.prepare_cached(&sql)
                        .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(row.values)))
                        .map_err(|e| Error::Import(format!("{table}[{n}]: {e}")))?;
                }
            }
            // A reference to a row the file does not have: named here with
            // its table and row, not as SQLite's bare "FOREIGN KEY
            // constraint failed" at commit.
            let dangling: Option<(String, i64, String)> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| {
                    Ok((
                        r.get(0)?,
                        r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                        r.get(2)?,
                    ))
                })
                .optional()?;
            if let Some((table, rowid, parent)) = dangling {
                return Err(Error::Import(format!(
                    "{table} (id {rowid}): refers to a row of {parent} that the file does not have"
                )));
            }
            tx.execute("UPDATE cells SET merging = 0", [])?;
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

/// An export made by an older chibo, loaded as it was into an empty
/// database of its version, migrated to this one, and exported again.
fn upgrade(dump: &Dump) -> Result<Dump> {
    let mut conn = rusqlite::Connection::open_in_memory()?;
    schema::create_at(&mut conn, dump.schema_version)?;
    {
        let tx = conn.transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        if let Some(unknown) = dump.tables.keys().find(|t| !TABLES.contains(&t.as_str())) {
            return Err(Error::Import(format!(
                "unknown table {}",
                shown_name(unknown)
            )));
        }
        for &table in TABLES {
            let Some(rows) = dump.tables.get(table) else {
                continue;
            };
            // Column names go into SQL: only those of the table at that version.
            let known: Vec<String> = tx
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for (n, row) in rows.iter().enumerate() {
                if let Some(bad) = row.keys().find(|c| !known.contains(c)) {
                    return Err(Error::Import(format!(
                        "{table}[{n}]: unknown column {}",
                        shown_name(bad)
                    )));
                }
                let values = row
                    .values()
                    .map(|v| match v {
                        Value::Null => Ok(SqlValue::Null),
                        Value::String(s) => Ok(SqlValue::Text(s.clone())),
                        Value::Number(x) => x
                            .as_i64()
                            .map(SqlValue::Integer)
                            .or_else(|| x.as_f64().map(SqlValue::Real))
                            .ok_or_else(|| Error::Import(format!("{table}[{n}]: number"))),
                        other => Err(Error::Import(format!(
                            "{table}[{n}]: unexpected value {}",
                            shown(other)
                        ))),
                    })
                    .collect::<Result<Vec<_>>>()?;
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    row.keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    (1..=row.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                tx.execute(&sql, rusqlite::params_from_iter(values))
                    .map_err(|e| Error::Import(format!("{table}[{n}]: {e}")))?;
            }
        }
        tx.commit()?;
    }
    schema::migrate(&mut conn)?;
    let store = Store {
        conn,
        clock: crate::clock::Clock::default(),
        path: None,
    };
    store.dump()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;

    /// An export written by chibo at schema version 5 (before vote kinds).
    fn export_of_version_5() -> Dump {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        schema::create_at(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO cells (id, uuid, name) VALUES (1, '3f0e6b9e-3f7a-4c39-9a38-0a4b8f5a0c01', 'Chi bộ Cũ');
             INSERT INTO meetings (id, uuid, cell_id, kind, status, planned_at)
               VALUES (1, '3f0e6b9e-3f7a-4c39-9a38-0a4b8f5a0c02', 1, 'thematic', 'locked', '2025-03-20 14:00:00');
             INSERT INTO agenda_items (id, uuid, meeting_id, position, title)
               VALUES (1, '3f0e6b9e-3f7a-4c39-9a38-0a4b8f5a0c03', 1, 1, 'Thư ký đọc biên bản; thông qua biên bản');
             INSERT INTO votes (uuid, meeting_id, agenda_item_id, subject, rule, votes_for,
                 votes_against, votes_other, denominator, eligible_present, taken_at)
               VALUES ('3f0e6b9e-3f7a-4c39-9a38-0a4b8f5a0c04', 1, 1, 'Thông qua biên bản',
                       'simple_majority', 10, 0, 0, 12, 11, '2025-03-20 15:30:00');",
        )
        .unwrap();
        let old = Store {
            conn,
            clock: Clock::default(),
            path: None,
        };
        let dump = old.dump().unwrap();
        assert_eq!(dump.schema_version, 5);
        dump
    }

    #[test]
    fn an_export_of_an_older_chibo_comes_in_through_the_migrations() {
        let mut target = store();
        target.load_dump(&export_of_version_5()).unwrap();
        let votes = target.votes(1).unwrap();
        assert_eq!(votes[0].kind, crate::domain::VoteKind::Minutes);
        let items = target.agenda(1).unwrap();
        assert_eq!(
            items[0].kind,
            crate::domain::agenda::StepKind::MinutesApproval
        );
        assert_eq!(target.schema_version().unwrap(), schema::LATEST_VERSION);
    }

    #[test]
    fn an_export_of_a_newer_chibo_is_refused() {
        let mut dump = export_of_version_5();
        dump.schema_version = schema::LATEST_VERSION + 1;
        let mut target = store();
        assert!(matches!(target.load_dump(&dump), Err(Error::TooNew { .. })));
        assert!(target.is_empty().unwrap());
    }

    fn store() -> Store {
        let at = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        Store::open_in_memory(Clock::Fixed(at)).unwrap()
    }

    /// (name, declared type, nullable) of a table, from SQLite.
    fn table_info(store: &Store, table: &str) -> Vec<(String, String, bool)> {
        let mut stmt = store
            .conn()
            .prepare(&format!(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid"
            ))
            .unwrap();
        stmt.query_map([], |r| {
            let not_null: bool = r.get(2)?;
            let pk: i64 = r.get(3)?;
            Ok((r.get(0)?, r.get(1)?, !not_null && pk == 0))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn the_description_covers_every_column_of_the_migrated_schema() {
        let store = store();
        let described_tables: Vec<&str> = SCHEMA.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            described_tables, TABLES,
            "SCHEMA lists the tables of TABLES, in order"
        );
        let in_db: Vec<String> = {
            let mut stmt = store
                .conn()
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'table'
                     AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let mut ours: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        ours.sort();
        assert_eq!(in_db, ours, "every table of the schema is dumped");

        for &(table, columns) in SCHEMA {
            let expected: Vec<(String, String, bool)> = columns
                .iter()
                .map(|c| {
                    let sql_type = match c.kind {
                        Id | Integer | Bool => "INTEGER",
                        _ => "TEXT",
                    };
                    (c.name.to_string(), sql_type.to_string(), c.nullable)
                })
                .collect();
            assert_eq!(
                table_info(&store, table),
                expected,
                "{table}: (column, type, nullable) as migrated vs as described in dump::SCHEMA"
            );
        }
    }

    /// The quoted words of the first `column IN (…)` in `sql`, the column
    /// name standing as a whole word.
    fn in_list(sql: &str, column: &str) -> Option<Vec<String>> {
        let needle = format!("{column} IN (");
        let mut from = 0;
        while let Some(at) = sql[from..].find(&needle).map(|i| i + from) {
            let before = sql[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                from = at + needle.len();
                continue;
            }
            let rest = &sql[at + needle.len()..];
            let list = &rest[..rest.find(')')?];
            return Some(
                list.split(',')
                    .map(|w| w.trim().trim_matches('\'').to_string())
                    .collect(),
            );
        }
        None
    }

    #[test]
    fn codes_and_flags_are_those_of_the_check_constraints() {
        let store = store();
        for &(table, columns) in SCHEMA {
            let sql: String = store
                .conn()
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            for column in columns {
                let listed = in_list(&sql, column.name);
                match column.kind {
                    Code(codes) => assert_eq!(
                        listed,
                        Some(codes.iter().map(|c| c.to_string()).collect()),
                        "{table}.{}",
                        column.name
                    ),
                    Bool => assert_eq!(
                        listed,
                        Some(vec!["0".to_string(), "1".to_string()]),
                        "{table}.{}",
                        column.name
                    ),
                    _ => assert_eq!(
                        listed, None,
                        "{table}.{} has a CHECK list: describe it as Code or Bool",
                        column.name
                    ),
                }
            }
        }
    }

    /// What rusqlite writes for chrono values, and what it reads back.
    #[test]
    fn dates_and_times_are_accepted_exactly_as_rusqlite_writes_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT)").unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
        let moments = [
            day.and_hms_opt(9, 5, 0).unwrap(),
            day.and_hms_milli_opt(9, 5, 0, 120).unwrap(),
            day.and_hms_micro_opt(23, 59, 59, 123_456).unwrap(),
            day.and_hms_nano_opt(0, 0, 1, 7).unwrap(),
        ];
        let mut written = Vec::new();
        for dt in moments {
            let text: String = conn.query_row("SELECT ?1", [dt], |r| r.get(0)).unwrap();
            let back: NaiveDateTime = conn.query_row("SELECT ?1", [&text], |r| r.get(0)).unwrap();
            assert_eq!(back, dt);
            assert!(is_date_time(&text), "{text}");
            written.push(text);
        }
        assert_eq!(
            written,
            [
                "2025-02-03 09:05:00",
                "2025-02-03 09:05:00.120",
                "2025-02-03 23:59:59.123456",
                "2025-02-03 00:00:01.000000007",
            ]
        );
        let text: String = conn.query_row("SELECT ?1", [day], |r| r.get(0)).unwrap();
        assert_eq!(text, "2025-02-03");
        assert!(is_date(&text));

        // Readable by rusqlite, but not what chibo writes: refused.
        let t_form: NaiveDateTime = conn
            .query_row("SELECT '2025-02-03T09:05:00'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(t_form, moments[0]);
        for bad in [
            "2025-02-03T09:05:00",
            "2025-02-03 09:05",
            "2025-02-03 9:05:00",
            "2025-02-03 09:05:00.5",
            "2025-02-03 09:05:00 ",
            "03/02/2025 09:05:00",
            "2025-02-30 09:05:00",
            "2025-02-03",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        for bad in [
            "31/02/2025",
            "2025-02-31",
            "2025-2-3",
            "2025-02-03 00:00:00",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn values_are_shown_short_and_escaped() {
        assert_eq!(shown(&Value::from("31/02/2025")), "\"31/02/2025\"");
        assert_eq!(shown(&Value::from(2)), "2");
        assert_eq!(shown(&Value::from(true)), "true");
        assert_eq!(
            shown(&Value::from("a\"b\\c\nd\u{1b}[31m\u{202e}")),
            "\"a\\\"b\\\\c\\nd\\u{1b}[31m\\u{202e}\""
        );
        let long = "Đ".repeat(50);
        assert_eq!(
            shown(&Value::from(long)),
            format!("\"{}…\"", "Đ".repeat(40))
        );
    }

    #[test]
    fn each_kind_accepts_what_chibo_writes_and_nothing_else() {
        let ok = |kind: Kind, v: Value| kind.accept(&v).is_some();
        assert!(ok(Id, Value::from(1)));
        assert!(!ok(Id, Value::from(0)));
        assert!(!ok(Id, Value::from("1")));
        assert!(!ok(Id, Value::from(1.5)));
        assert!(!ok(Integer, Value::from(u64::MAX)));
        assert!(ok(Integer, Value::from(-3)));
        assert!(ok(Bool, Value::from(0)) && ok(Bool, Value::from(1)));
        assert!(!ok(Bool, Value::from(2)) && !ok(Bool, Value::from(true)));
        assert!(ok(Code(GENDERS), Value::from("female")));
        assert!(!ok(Code(GENDERS), Value::from("Female")));
        assert!(ok(
            Uuid,
            Value::from("67e55044-10b1-426f-9247-bb680e5fe0c8")
        ));
        assert!(ok(Uuid, Value::from("67e5504410b1426f9247bb680e5fe0c8")));
        assert!(!ok(Uuid, Value::from("67e55044-10b1-426f-9247")));
        assert!(ok(Json, Value::from("{\"a\":[1,2]}")));
        assert!(!ok(Json, Value::from("{\"a\":")));
        assert!(!ok(Text, Value::from(5)));
    }
}
