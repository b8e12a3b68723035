//! JSON import checks every value against its column before writing
//! anything: dates, date-times, codes, flags, ids, UUIDs and JSON texts; text
//! arrives in NFC. A refusal names the table, the row (0-based index in the
//! table's array in the file) and the column, and leaves the database empty.

mod common;

use std::sync::LazyLock;

use chibo::exchange::json;
use chibo::i18n::{Lang, Strings};
use chibo::store::{Counts, Dump, Error, Store};
use common::{clock, demo_memory};
use serde_json::Value;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// The demo cell exported as `chibo export json` writes it.
static EXPORT: LazyLock<String> = LazyLock::new(|| json::export(&demo_memory()).unwrap());

fn export() -> Dump {
    json::parse(&EXPORT).unwrap()
}

/// Replaces one value of the export, checking that it was there.
fn set(dump: &mut Dump, table: &str, row: usize, column: &str, value: Value) {
    let rows = dump.tables.get_mut(table).expect("table in the export");
    let slot = rows
        .get_mut(row)
        .unwrap_or_else(|| panic!("{table}[{row}] in the export"))
        .get_mut(column)
        .unwrap_or_else(|| panic!("{table}[{row}].{column} in the export"));
    *slot = value;
}

fn assert_nothing_written(store: &Store) {
    assert!(store.is_empty().unwrap());
    assert_eq!(store.counts().unwrap(), Counts::default());
    for (table, rows) in store.dump().unwrap().tables {
        assert!(rows.is_empty(), "{table} has {} row(s)", rows.len());
    }
}

/// Imports into a fresh database; the import must be refused, and the
/// database left empty. Returns the refusal.
fn refused(dump: &Dump) -> Error {
    let mut target = Store::open_in_memory(clock()).unwrap();
    let err = target
        .load_dump(dump)
        .expect_err("the import must be refused");
    assert_nothing_written(&target);
    err
}

/// The detail of an import refusal.
fn detail(err: &Error) -> &str {
    match err {
        Error::Import(detail) => detail,
        other => panic!("expected Error::Import, got {other:?}"),
    }
}

fn refusal(table: &str, row: usize, column: &str, value: Value) -> String {
    let mut dump = export();
    set(&mut dump, table, row, column, value);
    detail(&refused(&dump)).to_string()
}

#[test]
fn a_date_not_in_iso_form_is_refused_with_table_row_and_column() {
    let mut dump = export();
    set(&mut dump, "members", 3, "birth_date", "31/02/2025".into());
    let err = refused(&dump);
    assert_eq!(
        detail(&err),
        r#"members[3].birth_date: not a date (YYYY-MM-DD): "31/02/2025""#
    );
    // what the secretary reads
    assert_eq!(
        Strings::load(Lang::Vi).error(&err),
        r#"Không nhập được dữ liệu: members[3].birth_date: not a date (YYYY-MM-DD): "31/02/2025""#
    );

    // the right form, but no such day
    assert_eq!(
        refusal("status_events", 0, "date", "2025-02-31".into()),
        r#"status_events[0].date: not a date (YYYY-MM-DD): "2025-02-31""#
    );
    assert_eq!(
        refusal("tasks", 0, "due_on", "2025-1-31".into()),
        r#"tasks[0].due_on: not a date (YYYY-MM-DD): "2025-1-31""#
    );
}

#[test]
fn a_bad_date_time_is_refused() {
    assert_eq!(
        refusal("meetings", 2, "planned_at", "25/11/2026 14:00".into()),
        r#"meetings[2].planned_at: not a date-time (YYYY-MM-DD HH:MM:SS): "25/11/2026 14:00""#
    );
    // a date alone, and the ISO "T" form chibo never writes (stored texts
    // are compared and sorted, so they must all have one form)
    assert_eq!(
        refusal("remarks", 0, "spoken_at", "2024-12-05".into()),
        r#"remarks[0].spoken_at: not a date-time (YYYY-MM-DD HH:MM:SS): "2024-12-05""#
    );
    assert_eq!(
        refusal("remarks", 0, "spoken_at", "2024-12-05T14:58:00".into()),
        r#"remarks[0].spoken_at: not a date-time (YYYY-MM-DD HH:MM:SS): "2024-12-05T14:58:00""#
    );
    assert_eq!(
        refusal("audit_log", 7, "at", "2026-11-25 25:00:00".into()),
        r#"audit_log[7].at: not a date-time (YYYY-MM-DD HH:MM:SS): "2026-11-25 25:00:00""#
    );
}

#[test]
fn a_code_the_schema_does_not_know_is_refused() {
    assert_eq!(
        refusal("meetings", 1, "status", "done".into()),
        r#"meetings[1].status: not one of planned, in_progress, closed, locked, cancelled: "done""#
    );
    assert_eq!(
        refusal("attendance", 4, "kind", "Present".into()),
        r#"attendance[4].kind: not one of present, late, left_early, absent_excused, absent_unexcused: "Present""#
    );
    assert_eq!(
        refusal("members", 0, "gender", "robot".into()),
        r#"members[0].gender: not one of male, female: "robot""#
    );
}

#[test]
fn a_flag_other_than_0_or_1_is_refused() {
    assert_eq!(
        refusal("agenda_items", 5, "carry_over", 2.into()),
        "agenda_items[5].carry_over: not 0 or 1: 2"
    );
    assert_eq!(
        refusal("dues", 0, "paid", true.into()),
        "dues[0].paid: not 0 or 1: true"
    );
}

#[test]
fn a_string_where_an_integer_is_expected_is_refused() {
    assert_eq!(
        refusal("meetings", 0, "cell_id", "1".into()),
        r#"meetings[0].cell_id: not an id (a positive integer): "1""#
    );
    assert_eq!(
        refusal("votes", 0, "votes_for", "21".into()),
        r#"votes[0].votes_for: not an integer: "21""#
    );
    assert_eq!(
        refusal("agenda_items", 0, "planned_minutes", 2.5.into()),
        "agenda_items[0].planned_minutes: not an integer: 2.5"
    );
    assert_eq!(
        refusal("cells", 0, "name", 7.into()),
        "cells[0].name: not a text: 7"
    );
}

#[test]
fn a_bad_uuid_is_refused() {
    assert_eq!(
        refusal("cells", 0, "uuid", "c86dc87c-837a-43af-a0e2".into()),
        r#"cells[0].uuid: not a UUID: "c86dc87c-837a-43af-a0e2""#
    );
    assert_eq!(
        refusal("audit_log", 3, "entity_uuid", "member-1".into()),
        r#"audit_log[3].entity_uuid: not a UUID: "member-1""#
    );
}

#[test]
fn malformed_audit_json_is_refused() {
    // the audit log comes after every other table: nothing of them is
    // written either
    assert_eq!(
        refusal("audit_log", 0, "after", r#"{"id":1,"name":"#.into()),
        r#"audit_log[0].after: not JSON text: "{\"id\":1,\"name\":""#
    );
    assert_eq!(
        refusal("audit_log", 0, "before", "".into()),
        r#"audit_log[0].before: not JSON text: """#
    );
    // null is what an insert has before it
    let dump = export();
    assert_eq!(dump.tables["audit_log"][0]["before"], Value::Null);
}

#[test]
fn null_in_a_required_column_is_refused() {
    assert_eq!(
        refusal("members", 2, "full_name", Value::Null),
        "members[2].full_name: null, but a value is required"
    );
    assert_eq!(
        refusal("audit_log", 0, "action", Value::Null),
        "audit_log[0].action: null, but a value is required"
    );
}

#[test]
fn a_refused_value_is_shown_short_with_control_characters_escaped() {
    let value = format!("\u{1b}[2J\n{}", "9".repeat(60));
    assert_eq!(
        refusal("members", 1, "birth_date", value.into()),
        format!(
            r#"members[1].birth_date: not a date (YYYY-MM-DD): "\u{{1b}}[2J\n{}…""#,
            "9".repeat(35)
        )
    );
}

#[test]
fn decomposed_text_arrives_composed() {
    let name = "Nguyễn Văn Đạt";
    let decomposed: String = name.nfd().collect();
    assert_ne!(decomposed, name);
    let mut dump = export();
    assert_eq!(dump.tables["members"][0]["full_name"], name);
    set(
        &mut dump,
        "members",
        0,
        "full_name",
        decomposed.clone().into(),
    );
    // inside a JSON text too (the audit row of that member)
    let audit = dump
        .tables
        .get_mut("audit_log")
        .unwrap()
        .iter_mut()
        .find(|r| r["after"].as_str().is_some_and(|a| a.contains(name)))
        .expect("an audit row naming the member");
    let after = audit["after"].as_str().unwrap().replace(name, &decomposed);
    audit.insert("after".into(), after.into());

    let mut target = Store::open_in_memory(clock()).unwrap();
    target.load_dump(&dump).unwrap();
    let stored = target.dump().unwrap();
    let full_name = stored.tables["members"][0]["full_name"].as_str().unwrap();
    assert_eq!(full_name, decomposed.nfc().collect::<String>());
    assert!(is_nfc(full_name));
    assert_eq!(full_name, name);
    // everything as it was before the file was decomposed
    assert!(
        json::export(&target).unwrap() == *EXPORT,
        "an NFD file imports as the NFC original"
    );
}

#[test]
fn a_checked_export_still_round_trips_byte_for_byte() {
    let mut target = Store::open_in_memory(clock()).unwrap();
    target.load_dump(&export()).unwrap();
    assert!(json::export(&target).unwrap() == *EXPORT);
}

#[test]
fn a_reference_to_a_missing_row_is_named_not_a_bare_foreign_key_error() {
    let source = chibo::store::Store::open_in_memory(common::clock()).unwrap();
    let mut source = source;
    chibo::demo::load(&mut source, common::today()).unwrap();
    let mut dump = source.dump().unwrap();
    // a member of a cell the file does not have
    dump.tables.get_mut("members").unwrap()[0]
        .insert("cell_id".into(), serde_json::Value::from(999));
    let mut target = chibo::store::Store::open_in_memory(common::clock()).unwrap();
    let err = target.load_dump(&dump).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("members (id 1): refers to a row of cells"),
        "{message}"
    );
    assert!(target.is_empty().unwrap());
}
