//! The rules over every cell at once: the committee overview, the cells
//! screen's warnings, `Store::all_warnings`. A committee's file holds 200
//! cells; reading each one's whole history (`Store::cell_history`, 16
//! queries a cell) to judge it took most of a second.
//!
//! Here every cell's history is read in a handful of queries over the
//! whole file, and only what the rules read (`engine::history_findings`):
//! the meetings with their roster and figures, the recognition votes, the
//! preparation of the meetings still planned, the dues recorded unpaid.
//! The marks of a closed meeting are read as who and how only (its figures
//! are in its frozen record), and kept only for the members an aggregate
//! over them shows a rule about absences can concern: an unexcused absence
//! in the window, or as many absences with a reason in one calendar year as
//! the smallest run any rule set warns about (members outside that set
//! have nothing for those rules to find).
//! The agenda, remarks, other votes, tasks, quality points and paid dues
//! are left out: no rule reads them. The findings are the engine's own,
//! from the same functions; `tests/history_rules.rs` checks that they are
//! those of the whole history, cell by cell.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::params;

use super::history::{FrozenFigures, roster_and_figures};
use super::rows;
use super::{Error, Result, Store};
use crate::domain::engine::history::Upcoming;
use crate::domain::engine::{CellHistory, Finding, MeetingRecord};
use crate::domain::rulebook::Rulebook;
use crate::domain::{AttendanceMark, Cell, MarkKind, Meeting, Member, RowId};
use crate::vi;
use uuid::Uuid;

/// The window's meetings of every cell (?1 the first moment, ?2 the moment
/// after the last day).
const WINDOW: &str = "SELECT id FROM meetings
     WHERE coalesce(started_at, planned_at) >= ?1 AND coalesce(started_at, planned_at) < ?2";

/// The smallest number of absences with a reason in a row that any rule
/// set warns about: a member with fewer in every year cannot be found.
fn smallest_run(book: &Rulebook) -> u32 {
    book.rule_sets
        .iter()
        .map(|s| s.attendance.max_excused_in_a_row.value)
        .min()
        .unwrap_or(0)
}

/// Reads what the rules read of `cells`' histories for the days `from` to
/// `to` (both included), in the cells' order.
fn load(
    store: &Store,
    cells: Vec<Cell>,
    from: NaiveDate,
    to: NaiveDate,
    book: &Rulebook,
) -> Result<Vec<CellHistory>> {
    use super::meetings as mt;
    use super::proceedings as p;
    let conn = store.conn();
    let start = from.and_time(NaiveTime::MIN);
    let end = to
        .checked_add_days(Days::new(1))
        .unwrap_or(to)
        .and_time(NaiveTime::MIN);

    // Every member of the file, by cell, in roster order (as
    // `members::load_cell` gives them).
    let mut members: HashMap<RowId, Vec<Member>> = HashMap::new();
    for member in super::members::load_all(conn)? {
        members.entry(member.cell_id).or_default().push(member);
    }
    for list in members.values_mut() {
        list.sort_by(|a, b| vi::roster_order(&a.full_name, &b.full_name));
    }
    let cell_of: HashMap<RowId, RowId> = members
        .values()
        .flatten()
        .map(|m| (m.id, m.cell_id))
        .collect();

    // The first meeting of each cell, from the covering index on the
    // meetings' day (its entries only, not the table's rows).
    let first_meeting: HashMap<RowId, NaiveDateTime> = rows::all(
        conn,
        "SELECT cell_id, min(coalesce(started_at, planned_at)) FROM meetings
         INDEXED BY meetings_when
         WHERE coalesce(started_at, planned_at) > '' AND status <> 'cancelled'
         GROUP BY cell_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect();

    // Each closed meeting's saved record is read into its roster and
    // figures as its row comes (the JSON texts of thousands of meetings
    // are never held at once).
    let meetings: Vec<(Meeting, Option<FrozenFigures>)> = rows::all(
        conn,
        &format!(
            "SELECT {}, frozen FROM meetings
             WHERE coalesce(started_at, planned_at) >= ?1
               AND (coalesce(started_at, planned_at) < ?2 OR status = 'planned')
             ORDER BY coalesce(started_at, planned_at), id",
            mt::COLUMNS
        ),
        params![start, end],
        |r| {
            let frozen = match r.get_ref(14)? {
                rusqlite::types::ValueRef::Null => None,
                value => Some(serde_json::from_slice(value.as_bytes()?).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        14,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?),
            };
            Ok((mt::from_row(r)?, frozen))
        },
    )
    .map_err(|e| match e {
        // A saved record that does not read is a damaged file, as before.
        Error::Sql(rusqlite::Error::FromSqlConversionFailure(14, _, cause)) => {
            Error::Corrupt(cause.to_string())
        }
        other => other,
    })?;
    let year_of: HashMap<RowId, i32> = meetings
        .iter()
        .map(|(m, _)| (m.id, m.date().year()))
        .collect();

    // The marks at the window's meetings: who, and how (a frozen meeting's
    // figures are read from its record, and the rules read no more of a
    // mark). The aggregate over them names the members a rule about
    // absences can concern (`hot`); only their marks are kept.
    let light: Vec<(RowId, RowId, RowId, MarkKind)> = rows::all(
        conn,
        &format!(
            "SELECT id, meeting_id, member_id, kind FROM attendance
             WHERE meeting_id IN ({WINDOW}) ORDER BY id"
        ),
        params![start, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let mut absences: HashMap<(RowId, i32), (u32, u32)> = HashMap::new();
    for &(_, meeting, member, kind) in &light {
        let year = year_of.get(&meeting).copied().unwrap_or_default();
        let entry = absences.entry((member, year)).or_default();
        match kind {
            MarkKind::AbsentUnexcused => entry.0 += 1,
            MarkKind::AbsentExcused => entry.1 += 1,
            _ => {}
        }
    }
    let run = smallest_run(book);
    let hot: HashSet<RowId> = absences
        .into_iter()
        .filter(|(_, (unexcused, excused))| *unexcused > 0 || *excused >= run)
        .map(|((member, _), _)| member)
        .collect();
    let mut marks: HashMap<RowId, Vec<AttendanceMark>> = HashMap::new();
    for (id, meeting_id, member_id, kind) in light {
        if hot.contains(&member_id) {
            marks.entry(meeting_id).or_default().push(AttendanceMark {
                id,
                uuid: Uuid::nil(),
                meeting_id,
                member_id,
                kind,
                arrived_at: None,
                left_at: None,
                reason: String::new(),
            });
        }
    }
    // A meeting not yet closed has its figures computed from its marks:
    // all of them, whole.
    let open = rows::all(
        conn,
        &format!(
            "SELECT {} FROM attendance WHERE meeting_id IN (
                 SELECT id FROM meetings WHERE frozen IS NULL
                   AND coalesce(started_at, planned_at) >= ?1
                   AND coalesce(started_at, planned_at) < ?2)
             ORDER BY id",
            p::MARK_COLUMNS
        ),
        params![start, end],
        p::mark_from_row,
    )?;
    for (id, list) in by_meeting(open, |m| m.meeting_id) {
        marks.insert(id, list);
    }

    let votes = rows::all(
        conn,
        &format!(
            "SELECT {} FROM votes WHERE kind = 'recognition' AND meeting_id IN ({WINDOW})
             ORDER BY taken_at, id",
            p::VOTE_COLUMNS
        ),
        params![start, end],
        p::vote_from_row,
    )?;
    let mut votes = by_meeting(votes, |v| v.meeting_id);

    // Only the next planned meeting's checklist is judged.
    let preparation = rows::all(
        conn,
        "SELECT id, uuid, meeting_id, step, done_on, note FROM preparation_steps
         WHERE meeting_id IN (SELECT id FROM meetings WHERE status = 'planned')
         ORDER BY id",
        [],
        super::preparation::step_from_row,
    )?;
    let mut preparation = by_meeting(preparation, |s| s.meeting_id);

    // The dues recorded unpaid, through each member's (member, year,
    // month) index rather than the whole table.
    let mut dues: HashMap<RowId, Vec<_>> = HashMap::new();
    let month_key = |d: NaiveDate| i64::from(d.year()) * 100 + i64::from(d.month());
    for d in rows::all(
        conn,
        &format!(
            "SELECT {} FROM members m JOIN dues d ON d.member_id = m.id
               AND d.year BETWEEN ?1 AND ?2
             WHERE NOT d.paid AND d.year * 100 + d.month BETWEEN ?3 AND ?4
             ORDER BY d.member_id, d.year, d.month",
            p::DUES_COLUMNS
                .split(", ")
                .map(|c| format!("d.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        params![from.year(), to.year(), month_key(from), month_key(to)],
        p::dues_from_row,
    )? {
        if let Some(&cell) = cell_of.get(&d.member_id) {
            dues.entry(cell).or_default().push(d);
        }
    }

    let mut by_cell: HashMap<RowId, (Vec<MeetingRecord>, Vec<Upcoming>)> = HashMap::new();
    for (meeting, frozen) in meetings {
        let id = meeting.id;
        let (records, upcoming) = by_cell.entry(meeting.cell_id).or_default();
        let prep = preparation.remove(&id).unwrap_or_default();
        if meeting.date() > to {
            upcoming.push(Upcoming {
                meeting,
                preparation: prep,
            });
            continue;
        }
        let marks = marks.remove(&id).unwrap_or_default();
        let own = members
            .get(&meeting.cell_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (roster, figures) = roster_and_figures(frozen, own, &meeting, &marks);
        records.push(MeetingRecord {
            items: Vec::new(),
            remarks: Vec::new(),
            votes: votes.remove(&id).unwrap_or_default(),
            tasks: Vec::new(),
            quality: Vec::new(),
            preparation: prep,
            meeting,
            roster,
            marks,
            figures,
        });
    }

    Ok(cells
        .into_iter()
        .map(|cell| {
            let id = cell.id;
            let (meetings, upcoming) = by_cell.remove(&id).unwrap_or_default();
            CellHistory {
                from,
                to,
                first_meeting: first_meeting.get(&id).map(|t| t.date()),
                members: members.remove(&id).unwrap_or_default(),
                meetings,
                upcoming,
                dues: dues.remove(&id).unwrap_or_default(),
                tasks: Vec::new(),
                cell,
            }
        })
        .collect())
}

/// Rows grouped by the meeting they belong to.
fn by_meeting<T>(rows: Vec<T>, meeting_of: impl Fn(&T) -> RowId) -> HashMap<RowId, Vec<T>> {
    let mut out: HashMap<RowId, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(meeting_of(&row)).or_default().push(row);
    }
    out
}

impl Store {
    /// What the rules read of each cell's history for the days `from` to
    /// `to` (both included), every cell not archived, in the cells' order:
    /// a [`CellHistory`] whose findings (`engine::history_findings`) and
    /// year's counts (`engine::history::year_summary`, but for its quality
    /// scores) are those of `Store::cell_history`. Its agenda, remarks,
    /// tasks, quality points, votes other than recognition votes and paid
    /// dues are left empty, and so are the marks of members no rule about
    /// absences can concern (see the module's note): the review screens
    /// read `cell_history` instead.
    pub fn rule_histories(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CellHistory>> {
        let cells: Vec<Cell> = self
            .cells()?
            .into_iter()
            .filter(|c| !c.is_archived())
            .collect();
        self.rule_histories_of(cells, from, to)
    }

    /// [`Store::rule_histories`] of the cells given, in their order.
    pub fn rule_histories_of(
        &self,
        cells: Vec<Cell>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CellHistory>> {
        let book = crate::assets::rulebook()?;
        load(self, cells, from, to, book)
    }

    /// `cell_warnings` for every cell not archived, in the cells' order,
    /// from [`Store::rule_histories`].
    pub fn all_warnings(&self, today: NaiveDate) -> Result<Vec<(Cell, Vec<Finding>)>> {
        let book = crate::assets::rulebook()?;
        let from = super::history::warnings_window(today);
        Ok(self
            .rule_histories(from, today)?
            .into_iter()
            .map(|h| {
                let findings = crate::domain::engine::history_findings(&h, book, today);
                (h.cell, findings)
            })
            .collect())
    }
}
