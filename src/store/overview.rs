//! Reads over every cell at once, for the first screen: a committee's file
//! holds hundreds of cells and tens of thousands of meetings, and loading
//! each cell's members and meetings to count them took most of a second.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use rusqlite::Connection;
use uuid::Uuid;

use super::{Result, Store, rows};
use crate::domain::overview::{CellSummary, summarize};
use crate::domain::{Meeting, MeetingKind, MeetingStatus, Member, RowId, StatusEvent};

/// Each member's dated status events (only what standing needs), by cell:
/// one pass over the covering index `status_events_standing`.
fn standings(conn: &Connection) -> Result<HashMap<RowId, Vec<Member>>> {
    let mut cell_of: HashMap<RowId, RowId> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT id, cell_id FROM members")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, RowId>(0)?, r.get::<_, RowId>(1)?)))?;
    for row in rows {
        let (member, cell) = row?;
        cell_of.insert(member, cell);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, id, kind, date, until FROM status_events
         ORDER BY member_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, RowId>(0)?,
            StatusEvent {
                id: r.get(1)?,
                uuid: Uuid::nil(),
                kind: r.get(2)?,
                date: rows::day(r, 3)?,
                until: rows::opt_day(r, 4)?,
                decision: String::new(),
                organisation: String::new(),
                note: String::new(),
            },
        ))
    })?;
    let mut by_member: Vec<Member> = Vec::new();
    for row in rows {
        let (member_id, event) = row?;
        match by_member.last_mut() {
            Some(m) if m.id == member_id => m.events.push(event),
            _ => by_member.push(Member {
                id: member_id,
                uuid: Uuid::nil(),
                cell_id: cell_of.get(&member_id).copied().unwrap_or(0),
                full_name: String::new(),
                birth_date: None,
                gender: None,
                phone: String::new(),
                national_id: String::new(),
                note: String::new(),
                events: vec![event],
                roles: Vec::new(),
                cards: Vec::new(),
            }),
        }
    }
    let mut by_cell: HashMap<RowId, Vec<Member>> = HashMap::new();
    for mut member in by_member {
        // As `Member::events` is kept (by date, then id): the standing of a
        // day depends on the order of same-day events.
        member.events.sort_by_key(|e| (e.date, e.id));
        by_cell.entry(member.cell_id).or_default().push(member);
    }
    Ok(by_cell)
}

/// Per cell: the day of the last meeting held up to `today`, and whether a
/// regular meeting of today's month is held (as `overview::summarize`
/// decides them). Read from the meetings of the last thirteen months
/// through the `meetings_when` index; a cell that held none in that time is
/// looked up on its own (an archived or sleeping cell).
fn meeting_marks(
    conn: &Connection,
    today: NaiveDate,
    cells: &[RowId],
) -> Result<HashMap<RowId, (Option<NaiveDate>, bool)>> {
    let month_start = today.with_day(1).unwrap_or(today);
    let window = month_start
        .checked_sub_months(Months::new(12))
        .unwrap_or(month_start);
    // `Meeting::date` is the day it started, else the day it was planned
    // for: the expression of the index, so that the range is read from it.
    let mut stmt = conn.prepare_cached(
        "SELECT cell_id, coalesce(started_at, planned_at), status, kind FROM meetings
         WHERE coalesce(started_at, planned_at) >= ?1",
    )?;
    let rows = stmt.query_map([window.and_time(NaiveTime::MIN)], |r| {
        Ok((
            r.get::<_, RowId>(0)?,
            rows::moment(r, 1)?,
            r.get::<_, MeetingStatus>(2)?,
            r.get::<_, MeetingKind>(3)?,
        ))
    })?;
    let mut out: HashMap<RowId, (Option<NaiveDate>, bool)> = HashMap::new();
    for row in rows {
        let (cell, when, status, kind) = row?;
        if !status.is_held() {
            continue;
        }
        let day = when.date();
        let entry = out.entry(cell).or_insert((None, false));
        if day <= today && entry.0.is_none_or(|last| day > last) {
            entry.0 = Some(day);
        }
        if kind.is_regular() && day.year() == today.year() && day.month() == today.month() {
            entry.1 = true;
        }
    }
    let quiet: Vec<RowId> = cells
        .iter()
        .copied()
        .filter(|c| out.get(c).is_none_or(|(last, _)| last.is_none()))
        .collect();
    if !quiet.is_empty() {
        let mut older = conn.prepare_cached(
            "SELECT coalesce(started_at, planned_at), status FROM meetings WHERE cell_id = ?1",
        )?;
        for cell in quiet {
            let mut last: Option<NaiveDate> = None;
            let rows = older.query_map([cell], |r| {
                Ok((rows::moment(r, 0)?, r.get::<_, MeetingStatus>(1)?))
            })?;
            for row in rows {
                let (when, status) = row?;
                let day = when.date();
                if status.is_held() && day <= today && last.is_none_or(|l| day > l) {
                    last = Some(day);
                }
            }
            out.entry(cell).or_insert((None, false)).0 = last;
        }
    }
    Ok(out)
}

impl Store {
    /// Every cell at a glance (the cells screen), in Vietnamese alphabetical
    /// order: the counts of `overview::summarize` from each member's dated
    /// events, the last meeting held and this month's regular meeting, in
    /// four reads whatever the number of cells (and one more for each cell
    /// that held no meeting in the last year).
    pub fn cell_summaries(&self, today: NaiveDate) -> Result<Vec<CellSummary>> {
        let conn = self.conn();
        let cells = self.cells()?;
        let ids: Vec<RowId> = cells.iter().map(|c| c.id).collect();
        let mut members = standings(conn)?;
        let meetings = meeting_marks(conn, today, &ids)?;
        let mut out = Vec::new();
        for cell in cells {
            let id = cell.id;
            let own = members.remove(&id).unwrap_or_default();
            // The meetings part is filled from the aggregate below; the
            // counts are the domain's, from the members' events.
            let mut summary = summarize(cell, &own, &[], today);
            if let Some((last, month_regular)) = meetings.get(&id) {
                summary.last_meeting = *last;
                summary.month_regular_held = *month_regular;
            }
            out.push(summary);
        }
        Ok(out)
    }
}

/// The meetings left in progress, newest first, through the partial index
/// `meetings_in_progress` (the meetings table is not scanned).
pub(crate) fn in_progress(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM meetings WHERE status = 'in_progress'")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, RowId>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut meetings = ids
        .into_iter()
        .map(|id| super::meetings::load(conn, id))
        .collect::<Result<Vec<_>>>()?;
    meetings.sort_by(|a, b| {
        b.started_at
            .unwrap_or(b.planned_at)
            .cmp(&a.started_at.unwrap_or(a.planned_at))
            .then(b.id.cmp(&a.id))
    });
    Ok(meetings)
}
