//! A cell's history for the review (`engine::history`): the members with
//! their events, the meetings of a window with everything recorded about
//! them, the dues and the tasks, in a fixed handful of queries whatever
//! the number of meetings (a committee file holds 200 cells of 120
//! meetings each).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, params};
use serde::Deserialize;

use super::rows;
use super::{Error, Result, Store};
use crate::domain::engine::history::{CellTask, Upcoming};
use crate::domain::engine::{CellHistory, Finding, MeetingRecord};
use crate::domain::{AttendanceMark, Cell, Figures, Meeting, Member, Roster, RowId};

/// The part of a closed meeting's frozen record the history and the rules
/// need (its findings are left unread).
#[derive(Deserialize)]
pub(super) struct FrozenFigures {
    roster: Roster,
    figures: Figures,
}

/// A meeting's roster and §3.11 figures as `Store::record` reads them:
/// frozen at close, else computed for its day from the cell's members and
/// the meeting's marks.
pub(super) fn roster_and_figures(
    frozen: Option<FrozenFigures>,
    members: &[Member],
    meeting: &Meeting,
    marks: &[AttendanceMark],
) -> (Roster, Figures) {
    match frozen {
        Some(f) => (f.roster, f.figures),
        None => {
            let roster = Roster::build(members, meeting.date());
            let figures = Figures::compute(&roster, marks, None);
            (roster, figures)
        }
    }
}

/// The cell's meetings of the window (?1 the cell, ?2 the first moment,
/// ?3 the moment after the last day): the child rows of each table are
/// selected through it.
const WINDOW: &str = "SELECT id FROM meetings WHERE cell_id = ?1
     AND coalesce(started_at, planned_at) >= ?2 AND coalesce(started_at, planned_at) < ?3";

/// The window's meetings and those planned after it.
const WINDOW_AND_PLANNED: &str = "SELECT id FROM meetings WHERE cell_id = ?1
     AND coalesce(started_at, planned_at) >= ?2
     AND (coalesce(started_at, planned_at) < ?3 OR status = 'planned')";

/// Rows grouped by the meeting they belong to.
fn by_meeting<T>(rows: Vec<T>, meeting_of: impl Fn(&T) -> RowId) -> HashMap<RowId, Vec<T>> {
    let mut out: HashMap<RowId, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(meeting_of(&row)).or_default().push(row);
    }
    out
}

fn load_history(
    conn: &Connection,
    cell_id: RowId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<CellHistory> {
    use super::meetings as mt;
    use super::proceedings as p;

    let cell: Cell = super::cells::load(conn, cell_id)?;
    let members = super::members::load_cell(conn, cell_id)?;
    let start = from.and_time(NaiveTime::MIN);
    // The window's last day is included: up to the next midnight.
    let end = to
        .checked_add_days(Days::new(1))
        .unwrap_or(to)
        .and_time(NaiveTime::MIN);

    let first_meeting: Option<NaiveDateTime> = conn.query_row(
        "SELECT min(coalesce(started_at, planned_at)) FROM meetings
         WHERE cell_id = ?1 AND status <> 'cancelled'",
        [cell_id],
        |r| r.get(0),
    )?;

    let meetings: Vec<(Meeting, Option<String>)> = rows::all(
        conn,
        &format!(
            "SELECT {}, frozen FROM meetings WHERE id IN ({WINDOW_AND_PLANNED})
             ORDER BY coalesce(started_at, planned_at), id",
            mt::COLUMNS
        ),
        params![cell_id, start, end],
        |r| Ok((mt::from_row(r)?, r.get(14)?)),
    )?;

    let child = |table: &str, columns: &str, order: &str, window: &str| {
        format!("SELECT {columns} FROM {table} WHERE meeting_id IN ({window}) ORDER BY {order}")
    };
    let window = params![cell_id, start, end];
    let mut marks = by_meeting(
        rows::all(
            conn,
            &child("attendance", p::MARK_COLUMNS, "id", WINDOW),
            window,
            p::mark_from_row,
        )?,
        |m| m.meeting_id,
    );
    let mut items = by_meeting(
        rows::all(
            conn,
            &child(
                "agenda_items",
                mt::ITEM_COLUMNS,
                "meeting_id, position, id",
                WINDOW,
            ),
            window,
            mt::item_from_row,
        )?,
        |i| i.meeting_id,
    );
    let mut remarks = by_meeting(
        rows::all(
            conn,
            &child("remarks", p::REMARK_COLUMNS, "spoken_at, id", WINDOW),
            window,
            p::remark_from_row,
        )?,
        |r| r.meeting_id,
    );
    let mut votes = by_meeting(
        rows::all(
            conn,
            &child("votes", p::VOTE_COLUMNS, "taken_at, id", WINDOW),
            window,
            p::vote_from_row,
        )?,
        |v| v.meeting_id,
    );
    let mut tasks_of = by_meeting(
        rows::all(
            conn,
            &child("tasks", p::TASK_COLUMNS, "id", WINDOW),
            window,
            p::task_from_row,
        )?,
        |t| t.meeting_id,
    );
    let mut quality = by_meeting(
        rows::all(
            conn,
            &child(
                "quality_scores",
                "meeting_id, criterion, points",
                "id",
                WINDOW,
            ),
            window,
            |r| Ok((r.get::<_, RowId>(0)?, (r.get(1)?, r.get(2)?))),
        )?,
        |q| q.0,
    );
    let mut preparation = by_meeting(
        rows::all(
            conn,
            &child(
                "preparation_steps",
                "id, uuid, meeting_id, step, done_on, note",
                "id",
                WINDOW_AND_PLANNED,
            ),
            window,
            super::preparation::step_from_row,
        )?,
        |s| s.meeting_id,
    );

    let mut records = Vec::new();
    let mut upcoming = Vec::new();
    for (meeting, frozen) in meetings {
        let id = meeting.id;
        let prep = preparation.remove(&id).unwrap_or_default();
        if meeting.date() > to {
            upcoming.push(Upcoming {
                meeting,
                preparation: prep,
            });
            continue;
        }
        let marks = marks.remove(&id).unwrap_or_default();
        let frozen = frozen
            .map(|json| serde_json::from_str(&json).map_err(|e| Error::Corrupt(e.to_string())))
            .transpose()?;
        let (roster, figures) = roster_and_figures(frozen, &members, &meeting, &marks);
        records.push(MeetingRecord {
            items: items.remove(&id).unwrap_or_default(),
            remarks: remarks.remove(&id).unwrap_or_default(),
            votes: votes.remove(&id).unwrap_or_default(),
            tasks: tasks_of.remove(&id).unwrap_or_default(),
            quality: quality
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, points)| points)
                .collect(),
            preparation: prep,
            meeting,
            roster,
            marks,
            figures,
        });
    }

    let month_key = |d: NaiveDate| i64::from(d.year()) * 100 + i64::from(d.month());
    let dues = rows::all(
        conn,
        &format!(
            "SELECT {} FROM dues WHERE member_id IN (SELECT id FROM members WHERE cell_id = ?1)
               AND year BETWEEN ?4 AND ?5 AND year * 100 + month BETWEEN ?2 AND ?3
             ORDER BY member_id, year, month",
            p::DUES_COLUMNS
        ),
        // The years bound the (member, year, month) index's range: a
        // member's other years are not read.
        params![
            cell_id,
            month_key(from),
            month_key(to),
            from.year(),
            to.year()
        ],
        p::dues_from_row,
    )?;

    // The window's tasks, and the earlier ones still open: each with the
    // day it was set and the day its latest outcome was heard.
    let tasks = rows::all(
        conn,
        &format!(
            "SELECT {},
               (SELECT coalesce(m.started_at, m.planned_at) FROM meetings m WHERE m.id = tasks.meeting_id),
               (SELECT coalesce(m.started_at, m.planned_at) FROM meetings m WHERE m.id = tasks.outcome_meeting_id)
             FROM tasks
             WHERE meeting_id IN (SELECT id FROM meetings WHERE cell_id = ?1
                                    AND coalesce(started_at, planned_at) < ?3)
               AND (meeting_id IN ({WINDOW}) OR outcome IS NULL OR outcome <> 'done')
             ORDER BY 11, id",
            p::TASK_COLUMNS
        ),
        params![cell_id, start, end],
        |r| {
            let set_at: NaiveDateTime = r.get(10)?;
            let reported_at: Option<NaiveDateTime> = r.get(11)?;
            Ok(CellTask {
                task: p::task_from_row(r)?,
                set_on: set_at.date(),
                reported_on: reported_at.map(|t| t.date()),
            })
        },
    )?;

    Ok(CellHistory {
        cell,
        from,
        to,
        first_meeting: first_meeting.map(|t| t.date()),
        members,
        meetings: records,
        upcoming,
        dues,
        tasks,
    })
}

/// The window `cell_warnings` reviews: from the first of January of last
/// year (so that last year's removal grounds and December's meeting stay
/// in view in January) to today.
pub(super) fn warnings_window(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today)
}

impl Store {
    /// Everything the review of a cell reads, for the days `from` to `to`
    /// (both included), in a fixed number of queries.
    pub fn cell_history(
        &self,
        cell_id: RowId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<CellHistory> {
        load_history(self.conn(), cell_id, from, to)
    }

    /// The rules over the cell's history, from the first of January of
    /// last year to `today`, oldest first.
    pub fn cell_warnings(&self, cell_id: RowId, today: NaiveDate) -> Result<Vec<Finding>> {
        let history = self.cell_history(cell_id, warnings_window(today), today)?;
        let book = crate::assets::rulebook()?;
        Ok(crate::domain::engine::history_findings(
            &history, book, today,
        ))
    }
}
