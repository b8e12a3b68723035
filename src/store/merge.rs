//! Merging a cell bundle into a committee's file (hợp nhất dữ liệu chi bộ).
//!
//! The bundle's verified copy is attached as `b`; in one IMMEDIATE
//! transaction the cell's rows are replaced by UUID: rows the bundle no
//! longer has are deleted, the others inserted or updated, local ids
//! translated through the UUIDs. Other cells are never touched, except a
//! member transferred between two merged cells, who is one person (one
//! UUID) with the union of both cells' dated events, on the roll of the
//! cell of their latest event (`member_sources`).

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::bundle::{
    Bundle, CardMatch, MEETING_TABLES, MEMBER_TABLES, Refusal, columns, with_attached,
};
use super::{Error, Result, Store, Tx};
use crate::domain::RowId;

/// What a merge would change, with names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub cell_name: String,
    pub upper_unit: String,
    pub cell_uuid: String,
    /// The cell is not in this file yet.
    pub new_cell: bool,
    pub revision: i64,
    pub made_at: Option<NaiveDateTime>,
    /// The revision and making time of the bundle merged before.
    pub previous: Option<(i64, Option<NaiveDateTime>)>,
    pub meetings_added: Vec<String>,
    pub meetings_changed: Vec<String>,
    pub meetings_gone: Vec<String>,
    pub members_added: Vec<String>,
    pub members_changed: Vec<String>,
    pub members_gone: Vec<String>,
}

impl Preview {
    pub fn is_empty(&self) -> bool {
        self.meetings_added.is_empty()
            && self.meetings_changed.is_empty()
            && self.meetings_gone.is_empty()
            && self.members_added.is_empty()
            && self.members_changed.is_empty()
            && self.members_gone.is_empty()
    }
}

/// How a merge is asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// The cell becomes this file's own (editable), its revision continuing
    /// from the bundle's: a new secretary's laptop.
    pub take_over: bool,
    /// Members matched on their card number were confirmed as the same
    /// people.
    pub confirmed_matches: bool,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub cell_id: RowId,
    pub preview: Preview,
}

/// The cell's state here: (id, merged?, bundle revision, bundle made at).
type Local = Option<(RowId, bool, Option<i64>, Option<NaiveDateTime>)>;

fn local_cell(conn: &Connection, uuid: &str) -> Result<Local> {
    Ok(conn
        .query_row(
            "SELECT id, origin = 'merged', bundle_revision, bundle_made_at
             FROM main.cells WHERE uuid = ?1",
            [uuid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}

/// Refuses what must not be merged: this file's own cell, a bundle not
/// newer than the one merged.
fn check_local(bundle: &Bundle, local: &Local) -> Result<()> {
    let m = &bundle.manifest;
    if let Some((_, merged, revision, made_at)) = local {
        if !merged {
            return Err(Error::Bundle(Refusal::OwnCell {
                name: m.cell_name.clone(),
            }));
        }
        if let Some(previous) = revision
            && *previous >= m.revision
        {
            return Err(Error::Bundle(Refusal::NotNewer {
                bundle_revision: m.revision,
                bundle_made_at: m.made_at,
                merged_revision: *previous,
                merged_made_at: *made_at,
            }));
        }
    }
    Ok(())
}

/// The translation of a column of `b.table` into this file's terms:
/// references go through the UUID of the row they name.
fn expressions(
    conn: &Connection,
    table: &str,
    cols: &[String],
    cell_id: RowId,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}', 'main')"
    ))?;
    let refs: BTreeMap<String, String> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols
        .iter()
        .map(|c| match refs.get(c) {
            Some(parent) if parent == "cells" => cell_id.to_string(),
            Some(parent) => format!(
                "(SELECT p.id FROM main.{parent} p WHERE p.uuid =
                    (SELECT q.uuid FROM b.{parent} q WHERE q.id = s.{c}))"
            ),
            None => format!("s.{c}"),
        })
        .collect())
}

/// Tables whose rows other rows refer to: updated in place (their ids
/// stay); the others are replaced whole.
fn referenced(table: &str) -> bool {
    matches!(
        table,
        "members" | "meetings" | "guests" | "agenda_items" | "tasks"
    )
}

/// Copies `b.table` into this file by UUID.
fn upsert(conn: &Connection, table: &str, cell_id: RowId, private: bool) -> Result<()> {
    let cols: Vec<String> = columns(conn, "main", table)?
        .into_iter()
        .filter(|c| c != "id")
        .collect();
    let exprs = expressions(conn, table, &cols, cell_id)?;
    let sql = if referenced(table) {
        let sets: Vec<String> = cols
            .iter()
            .filter(|c| *c != "uuid")
            // A member's cell is decided from all bundles below; their
            // private details stay when a bundle comes without them.
            .filter(|c| !(table == "members" && *c == "cell_id"))
            .map(|c| {
                if table == "members" && !private && (c == "phone" || c == "national_id") {
                    format!("{c} = {c}")
                } else {
                    format!("{c} = excluded.{c}")
                }
            })
            .collect();
        format!(
            "INSERT INTO main.{table} ({}) SELECT {} FROM b.{table} s WHERE true
             ON CONFLICT(uuid) DO UPDATE SET {}",
            cols.join(", "),
            exprs.join(", "),
            sets.join(", ")
        )
    } else {
        format!(
            "INSERT OR REPLACE INTO main.{table} ({}) SELECT {} FROM b.{table} s",
            cols.join(", "),
            exprs.join(", ")
        )
    };
    conn.execute(&sql, [])?;
    Ok(())
}

/// A short, stable digest of rows, keyed by the UUID of their owner.
fn digests(conn: &Connection, sql: &str) -> Result<BTreeMap<String, u64>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out: BTreeMap<String, std::collections::hash_map::DefaultHasher> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let owner: String = row.get(0)?;
        let text: String = row.get(1)?;
        text.hash(out.entry(owner).or_default());
    }
    Ok(out.into_iter().map(|(k, h)| (k, h.finish())).collect())
}

/// The columns of a table as one text, references left out (they are ids,
/// which differ between files).
fn content(conn: &Connection, table: &str) -> Result<String> {
    let mut stmt = conn.prepare(&format!(
        "SELECT \"from\" FROM pragma_foreign_key_list('{table}', 'main')"
    ))?;
    let refs: BTreeSet<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let cols: Vec<String> = columns(conn, "main", table)?
        .into_iter()
        .filter(|c| c != "id" && !refs.contains(c))
        .map(|c| format!("quote(s.{c})"))
        .collect();
    Ok(cols.join(" || '|' || "))
}

/// Digests of each meeting (or member) with everything recorded under it.
fn owner_digests(
    conn: &Connection,
    db: &str,
    owner: &str,
    children: &[&str],
    owners_filter: &str,
) -> Result<BTreeMap<String, u64>> {
    let (owner_table, key) = match owner {
        "meetings" => ("meetings", "meeting_id"),
        _ => ("members", "member_id"),
    };
    let own = content(conn, owner_table)?;
    let mut all = digests(
        conn,
        &format!(
            "SELECT s.uuid, {own} FROM {db}.{owner_table} s WHERE s.id IN ({owners_filter}) ORDER BY s.uuid"
        ),
    )?;
    for table in children {
        let text = content(conn, table)?;
        let part = digests(
            conn,
            &format!(
                "SELECT o.uuid, {text} FROM {db}.{table} s JOIN {db}.{owner_table} o ON o.id = s.{key}
                 WHERE s.{key} IN ({owners_filter}) ORDER BY s.uuid"
            ),
        )?;
        for (k, v) in part {
            let entry = all.entry(k).or_default();
            *entry = entry.wrapping_mul(31).wrapping_add(v);
        }
    }
    Ok(all)
}

fn names(conn: &Connection, sql: &str) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A meeting of the preview as "YYYY-MM-DD\tkind\ttitle" (sorted by
/// date; `Strings::merge_preview` words it).
const MEETING_NAME: &str = "date(s.planned_at) || char(9) || s.kind || char(9) || s.title";

fn compare(
    here: &BTreeMap<String, u64>,
    there: &BTreeMap<String, u64>,
    here_names: &BTreeMap<String, String>,
    there_names: &BTreeMap<String, String>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let name = |map: &BTreeMap<String, String>, k: &String| map.get(k).cloned().unwrap_or_default();
    let added = there
        .keys()
        .filter(|k| !here.contains_key(*k))
        .map(|k| name(there_names, k))
        .collect();
    let changed = there
        .iter()
        .filter(|(k, v)| here.get(*k).is_some_and(|h| h != *v))
        .map(|(k, _)| name(there_names, k))
        .collect();
    let gone = here
        .keys()
        .filter(|k| !there.contains_key(*k))
        .map(|k| name(here_names, k))
        .collect();
    (added, changed, gone)
}

/// The members of the cell here: on its roll, or brought by its bundles.
fn members_here(cell_id: Option<RowId>, uuid: &str) -> String {
    let c = cell_id.unwrap_or(-1);
    format!(
        "SELECT id FROM main.members WHERE cell_id = {c}
         UNION SELECT member_id FROM main.member_sources WHERE cell_uuid = '{}'",
        uuid.replace('\'', "")
    )
}

/// The merge's own audit row.
#[derive(Serialize)]
struct MergeRecord<'a> {
    bundle_revision: i64,
    bundle_made_at: NaiveDateTime,
    take_over: bool,
    cell_name: &'a str,
    meetings_added: usize,
    meetings_changed: usize,
    members_added: usize,
    members_changed: usize,
    members_gone: usize,
}

impl Store {
    /// Members of the bundle with a new UUID whose party-card number is
    /// that of a member already here (in another cell).
    pub fn card_matches(&self, bundle: &Bundle) -> Result<Vec<CardMatch>> {
        let conn = self.conn();
        with_attached(conn, bundle.copy_path(), || {
            let mut stmt = conn.prepare(
                "SELECT bc.number, bm.full_name, bm.uuid, m.full_name, m.uuid, c.name
                 FROM b.party_cards bc JOIN b.members bm ON bm.id = bc.member_id
                 JOIN main.party_cards pc ON pc.number = bc.number
                 JOIN main.members m ON m.id = pc.member_id
                 JOIN main.cells c ON c.id = m.cell_id
                 WHERE bm.uuid NOT IN (SELECT uuid FROM main.members)
                   AND bm.uuid NOT IN (SELECT alias_uuid FROM main.member_aliases)
                 GROUP BY bm.uuid, m.uuid ORDER BY bm.full_name",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(CardMatch {
                        number: r.get(0)?,
                        bundle_name: r.get(1)?,
                        bundle_uuid: r.get(2)?,
                        known_name: r.get(3)?,
                        known_uuid: r.get(4)?,
                        known_cell: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// What merging `bundle` would change; refuses it as `merge` would.
    pub fn preview_merge(&self, bundle: &Bundle) -> Result<Preview> {
        let conn = self.conn();
        let local = local_cell(conn, &bundle.manifest.cell_uuid)?;
        check_local(bundle, &local)?;
        with_attached(conn, bundle.copy_path(), || {
            aliases_in_copy(conn, &[])?;
            preview(conn, bundle, &local)
        })
    }

    /// Merges `bundle` in one transaction (see the module's comment).
    /// `progress(step, steps)` is called as the tables are merged.
    pub fn merge(
        &mut self,
        bundle: &Bundle,
        options: MergeOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Merged> {
        let matches = self.card_matches(bundle)?;
        if !matches.is_empty() && !options.confirmed_matches {
            return Err(Error::Bundle(Refusal::Unconfirmed(matches)));
        }
        // Attached outside the transaction (SQLite wants it so), detached
        // whatever the merge returned.
        let path = bundle.copy_path();
        let text = path
            .to_str()
            .ok_or_else(|| Error::NotUtf8(path.to_path_buf()))?;
        self.conn().execute("ATTACH DATABASE ?1 AS b", [text])?;
        // The verified copy is chibo's own, in the temporary folder.
        self.conn()
            .execute_batch("PRAGMA b.journal_mode = MEMORY; PRAGMA b.synchronous = OFF;")?;
        let out = self.write(|tx| apply(tx, bundle, options, &matches, progress));
        let detached = self.conn().execute_batch("DETACH DATABASE b");
        let out = out?;
        detached?;
        Ok(out)
    }
}

/// Gives the copy's members the UUIDs they have here: aliases recorded at
/// earlier merges, and matches just confirmed.
fn aliases_in_copy(conn: &Connection, confirmed: &[CardMatch]) -> Result<()> {
    for m in confirmed {
        conn.execute(
            "INSERT OR REPLACE INTO main.member_aliases (alias_uuid, member_uuid) VALUES (?1, ?2)",
            params![m.bundle_uuid, m.known_uuid],
        )?;
    }
    conn.execute(
        "UPDATE b.members SET uuid = (SELECT member_uuid FROM main.member_aliases
             WHERE alias_uuid = b.members.uuid)
         WHERE uuid IN (SELECT alias_uuid FROM main.member_aliases)",
        [],
    )?;
    Ok(())
}

fn preview(conn: &Connection, bundle: &Bundle, local: &Local) -> Result<Preview> {
    let m = &bundle.manifest;
    let cell_id = local.map(|l| l.0);
    let c = cell_id.unwrap_or(-1);
    let here_meetings = format!("SELECT id FROM main.meetings WHERE cell_id = {c}");
    let meet_here = owner_digests(conn, "main", "meetings", MEETING_TABLES, &here_meetings)?;
    let meet_there = owner_digests(
        conn,
        "b",
        "meetings",
        MEETING_TABLES,
        "SELECT id FROM b.meetings",
    )?;
    let meet_names_here = names(
        conn,
        &format!("SELECT s.uuid, {MEETING_NAME} FROM main.meetings s WHERE s.cell_id = {c}"),
    )?;
    let meet_names_there = names(
        conn,
        &format!("SELECT s.uuid, {MEETING_NAME} FROM b.meetings s"),
    )?;
    let (mut meetings_added, mut meetings_changed, mut meetings_gone) =
        compare(&meet_here, &meet_there, &meet_names_here, &meet_names_there);
    for list in [
        &mut meetings_added,
        &mut meetings_changed,
        &mut meetings_gone,
    ] {
        list.sort();
    }
    let here_members = members_here(cell_id, &m.cell_uuid);
    let children: Vec<&str> = MEMBER_TABLES
        .iter()
        .copied()
        .filter(|t| m.private || *t != "party_cards")
        .collect();
    let mem_here = owner_digests(conn, "main", "members", &children, &here_members)?;
    let mem_there = owner_digests(conn, "b", "members", &children, "SELECT id FROM b.members")?;
    let mem_names_here = names(
        conn,
        &format!("SELECT uuid, full_name FROM main.members WHERE id IN ({here_members})"),
    )?;
    let mem_names_there = names(conn, "SELECT uuid, full_name FROM b.members")?;
    let (members_added, mut members_changed, members_gone) =
        compare(&mem_here, &mem_there, &mem_names_here, &mem_names_there);
    // Without private details the bundle's members differ in them only.
    if !m.private {
        members_changed.clear();
        let strip = |db: &str, filter: &str| -> Result<BTreeMap<String, u64>> {
            let own = content(conn, "members")?
                .replace("quote(s.phone)", "''")
                .replace("quote(s.national_id)", "''");
            let mut all = digests(
                conn,
                &format!("SELECT s.uuid, {own} FROM {db}.members s WHERE s.id IN ({filter})"),
            )?;
            for table in &children {
                let text = content(conn, table)?;
                let part = digests(
                    conn,
                    &format!(
                        "SELECT o.uuid, {text} FROM {db}.{table} s JOIN {db}.members o ON o.id = s.member_id
                         WHERE s.member_id IN ({filter}) ORDER BY s.uuid"
                    ),
                )?;
                for (k, v) in part {
                    let entry = all.entry(k).or_default();
                    *entry = entry.wrapping_mul(31).wrapping_add(v);
                }
            }
            Ok(all)
        };
        let here = strip("main", &here_members)?;
        let there = strip("b", "SELECT id FROM b.members")?;
        members_changed = compare(&here, &there, &mem_names_here, &mem_names_there).1;
    }
    let (mut members_added, mut members_gone) = (members_added, members_gone);
    for list in [&mut members_added, &mut members_changed, &mut members_gone] {
        list.sort_by(|a, b| crate::vi::roster_order(a, b));
    }
    Ok(Preview {
        cell_name: m.cell_name.clone(),
        upper_unit: m.upper_unit.clone(),
        cell_uuid: m.cell_uuid.clone(),
        new_cell: local.is_none(),
        revision: m.revision,
        made_at: Some(m.made_at),
        previous: local.and_then(|l| l.2.map(|r| (r, l.3))),
        meetings_added,
        meetings_changed,
        meetings_gone,
        members_added,
        members_changed,
        members_gone,
    })
}

fn apply(
    tx: &mut Tx,
    bundle: &Bundle,
    options: MergeOptions,
    matches: &[CardMatch],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Merged> {
    let m = &bundle.manifest;
    let conn: &Connection = tx;
    let local = local_cell(conn, &m.cell_uuid)?;
    check_local(bundle, &local)?;
    aliases_in_copy(conn, matches)?;
    let preview = preview(conn, bundle, &local)?;
    let steps = 4 + MEMBER_TABLES.len() + MEETING_TABLES.len();
    let mut step = 0;
    let mut tick = || {
        step += 1;
        progress(step, steps);
    };
    // Merged cells are writable for this transaction only (a crash rolls
    // the flag back with everything else).
    conn.execute(
        "UPDATE main.cells SET merging = 1 WHERE origin = 'merged' OR uuid = ?1",
        [&m.cell_uuid],
    )?;
    conn.execute(
        "INSERT INTO main.cells (uuid, name, upper_unit, place_name, usual_venue, archived_at,
             origin, merging)
         SELECT uuid, name, upper_unit, place_name, usual_venue, archived_at, 'merged', 1
         FROM b.cells WHERE uuid = ?1
         ON CONFLICT(uuid) DO UPDATE SET name = excluded.name, upper_unit = excluded.upper_unit,
             place_name = excluded.place_name, usual_venue = excluded.usual_venue,
             archived_at = excluded.archived_at",
        [&m.cell_uuid],
    )?;
    let c: RowId = conn.query_row(
        "SELECT id FROM main.cells WHERE uuid = ?1",
        [&m.cell_uuid],
        |r| r.get(0),
    )?;
    tick();
    // Deletions, children first: meetings the bundle no longer has (their
    // records go with them), then rows gone from the meetings it keeps.
    let in_cell = format!("SELECT id FROM main.meetings WHERE cell_id = {c}");
    conn.execute(
        &format!(
            "DELETE FROM main.meetings WHERE cell_id = {c}
             AND uuid NOT IN (SELECT uuid FROM b.meetings)"
        ),
        [],
    )?;
    for table in MEETING_TABLES.iter().rev() {
        conn.execute(
            &format!(
                "DELETE FROM main.{table} WHERE meeting_id IN ({in_cell})
                 AND uuid NOT IN (SELECT uuid FROM b.{table})"
            ),
            [],
        )?;
    }
    // A member only this cell knows has exactly the bundle's history; one
    // another merged cell knows too (a transfer) keeps the union.
    let cell_uuid = m.cell_uuid.replace('\'', "");
    let exclusive = format!(
        "SELECT mm.id FROM main.members mm WHERE mm.id IN ({})
         AND NOT EXISTS (SELECT 1 FROM main.member_sources s
             WHERE s.member_id = mm.id AND s.cell_uuid <> '{cell_uuid}')",
        members_here(Some(c), &cell_uuid)
    );
    for table in MEMBER_TABLES {
        if *table == "party_cards" && !m.private {
            continue;
        }
        conn.execute(
            &format!(
                "DELETE FROM main.{table} WHERE member_id IN ({exclusive})
                 AND uuid NOT IN (SELECT uuid FROM b.{table})"
            ),
            [],
        )?;
    }
    // Members gone from the bundle: this cell no longer vouches for them;
    // one no bundle carries any more leaves the file.
    conn.execute(
        &format!(
            "DELETE FROM main.member_sources WHERE cell_uuid = '{cell_uuid}'
             AND member_id NOT IN (SELECT p.id FROM main.members p JOIN b.members q ON q.uuid = p.uuid)"
        ),
        [],
    )?;
    conn.execute(
        &format!(
            "DELETE FROM main.members WHERE cell_id = {c}
             AND uuid NOT IN (SELECT uuid FROM b.members)
             AND id NOT IN (SELECT member_id FROM main.member_sources)"
        ),
        [],
    )?;
    tick();
    // Insertions and updates, references first.
    upsert(conn, "members", c, m.private)?;
    for table in MEMBER_TABLES {
        if *table == "party_cards" && !m.private {
            tick();
            continue;
        }
        upsert(conn, table, c, m.private)?;
        tick();
    }
    upsert(conn, "meetings", c, m.private)?;
    for table in MEETING_TABLES {
        upsert(conn, table, c, m.private)?;
        tick();
    }
    // Which bundles carry each member, with their latest event there; the
    // member is on the roll of the cell of the latest event (on the same
    // day, the cell they were transferred into).
    conn.execute(
        &format!(
            "INSERT INTO main.member_sources (member_id, cell_uuid, last_date, last_kind)
             SELECT p.id, '{cell_uuid}',
                 (SELECT e.date FROM b.status_events e WHERE e.member_id = q.id
                  ORDER BY e.date DESC, e.kind = 'transferred_out' ASC LIMIT 1),
                 (SELECT e.kind FROM b.status_events e WHERE e.member_id = q.id
                  ORDER BY e.date DESC, e.kind = 'transferred_out' ASC LIMIT 1)
             FROM b.members q JOIN main.members p ON p.uuid = q.uuid
             WHERE true
             ON CONFLICT(member_id, cell_uuid) DO UPDATE SET
                 last_date = excluded.last_date, last_kind = excluded.last_kind"
        ),
        [],
    )?;
    conn.execute(
        "UPDATE main.members SET cell_id = coalesce((
             SELECT c.id FROM main.member_sources s JOIN main.cells c ON c.uuid = s.cell_uuid
             WHERE s.member_id = members.id
             ORDER BY s.last_date IS NULL, s.last_date DESC,
                 s.last_kind = 'transferred_out' ASC, c.id LIMIT 1), cell_id)
         WHERE id IN (SELECT member_id FROM main.member_sources)",
        [],
    )?;
    tick();
    // The bundle's audit rows (each once, by its UUID), then the merge's.
    // After a first merge only those from a day before the last bundle on
    // are looked at (the laptop's own clock stamps both): the rest are
    // here already, and checking each against millions of rows is what
    // would take the time.
    let since = local
        .and_then(|l| l.3)
        .map(|made| made - chrono::Duration::days(1));
    conn.execute(
        "INSERT OR IGNORE INTO main.audit_log (at, entity, entity_uuid, action, before, after, uuid)
         SELECT at, entity, entity_uuid, action, before, after, uuid FROM b.audit_log
         WHERE ?1 IS NULL OR at >= ?1",
        [since],
    )?;
    let record = MergeRecord {
        bundle_revision: m.revision,
        bundle_made_at: m.made_at,
        take_over: options.take_over,
        cell_name: &m.cell_name,
        meetings_added: preview.meetings_added.len(),
        meetings_changed: preview.meetings_changed.len(),
        members_added: preview.members_added.len(),
        members_changed: preview.members_changed.len(),
        members_gone: preview.members_gone.len(),
    };
    let uuid =
        uuid::Uuid::parse_str(&m.cell_uuid).map_err(|_| Error::Bundle(Refusal::NotBundle))?;
    let before: Option<&MergeRecord> = None;
    tx.audit(
        "bundle_merge",
        uuid,
        super::audit::Action::Insert,
        before,
        Some(&record),
    )?;
    let conn: &Connection = tx;
    conn.execute(
        "UPDATE main.cells SET origin = ?2, revision = ?3, bundle_revision = ?3,
             bundle_made_at = ?4, merged_at = ?5
         WHERE id = ?1",
        params![
            c,
            if options.take_over { "own" } else { "merged" },
            m.revision,
            m.made_at,
            tx.now()
        ],
    )?;
    conn.execute("UPDATE main.cells SET merging = 0 WHERE merging = 1", [])?;
    tick();
    Ok(Merged {
        cell_id: c,
        preview,
    })
}
