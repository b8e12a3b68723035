//! Meetings, their guests and their agenda.

use chrono::NaiveDateTime;
use rusqlite::{Connection, Row, params};

use super::rows::{self, found, line, opt_line, ordered};
use super::{Error, Result, Store, Tx};
use crate::domain::agenda::StepKind;
use crate::domain::text::Problem;
use crate::domain::{AgendaItem, Guest, Meeting, MeetingKind, MeetingStatus, RowId, VoteKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub title: String,
    pub planned_at: NaiveDateTime,
    pub place: String,
    pub chair_id: Option<RowId>,
    pub minute_taker_id: Option<RowId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaItemInput {
    pub title: String,
    pub planned_minutes: i64,
    pub presenter_id: Option<RowId>,
    pub notes: String,
    /// The review of earlier tasks (set from the template).
    pub carry_over: bool,
    /// What the item records (from the template step; `Other` by hand).
    pub kind: StepKind,
    /// The vote the item takes, if its step presets one.
    pub vote_kind: Option<VoteKind>,
    /// "nếu có"
    pub optional: bool,
}

impl AgendaItemInput {
    /// The input that writes `item` as it is (a copy, or an item put back).
    pub fn of(item: &crate::domain::AgendaItem) -> AgendaItemInput {
        AgendaItemInput {
            title: item.title.clone(),
            planned_minutes: item.planned_minutes,
            presenter_id: item.presenter_id,
            notes: item.notes.clone(),
            carry_over: item.carry_over,
            kind: item.kind,
            vote_kind: item.vote_kind,
            optional: item.optional,
        }
    }
}

pub(super) const COLUMNS: &str = "id, uuid, cell_id, kind, status, title, planned_at, started_at, ended_at, \
                       place, chair_id, minute_taker_id, chair_replaces_id, \
                       minute_taker_replaces_id";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        cell_id: r.get(2)?,
        kind: r.get(3)?,
        status: r.get(4)?,
        title: r.get(5)?,
        planned_at: rows::moment(r, 6)?,
        started_at: rows::opt_moment(r, 7)?,
        ended_at: rows::opt_moment(r, 8)?,
        place: r.get(9)?,
        chair_id: r.get(10)?,
        minute_taker_id: r.get(11)?,
        chair_replaces_id: r.get(12)?,
        minute_taker_replaces_id: r.get(13)?,
    })
}

pub(crate) fn load(conn: &Connection, id: RowId) -> Result<Meeting> {
    found(
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1"),
            [id],
            from_row,
        ),
        "meeting",
    )
}

/// Loads a meeting that may still be changed: a locked meeting refuses edits.
pub(crate) fn load_editable(conn: &Connection, id: RowId) -> Result<Meeting> {
    let meeting = load(conn, id)?;
    if meeting.status == MeetingStatus::Locked {
        return Err(Error::MeetingLocked);
    }
    Ok(meeting)
}

pub(super) const ITEM_COLUMNS: &str = "id, uuid, meeting_id, position, title, planned_minutes, presenter_id, \
                            notes, started_at, ended_at, conclusion, carry_over, kind, vote_kind, \
                            optional, disposition, disposition_reason, moved_to_meeting_id";

pub(super) fn item_from_row(r: &Row<'_>) -> rusqlite::Result<AgendaItem> {
    Ok(AgendaItem {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        position: r.get(3)?,
        title: r.get(4)?,
        planned_minutes: r.get(5)?,
        presenter_id: r.get(6)?,
        notes: r.get(7)?,
        started_at: rows::opt_moment(r, 8)?,
        ended_at: rows::opt_moment(r, 9)?,
        conclusion: r.get(10)?,
        carry_over: r.get(11)?,
        kind: r.get(12)?,
        vote_kind: r.get(13)?,
        optional: r.get(14)?,
        disposition: r.get(15)?,
        disposition_reason: r.get(16)?,
        moved_to_meeting_id: r.get(17)?,
    })
}

pub(crate) fn load_item(conn: &Connection, id: RowId) -> Result<AgendaItem> {
    found(
        conn.query_row(
            &format!("SELECT {ITEM_COLUMNS} FROM agenda_items WHERE id = ?1"),
            [id],
            item_from_row,
        ),
        "agenda item",
    )
}

/// The chair and the minute taker are two people: the minutes carry both
/// signatures.
pub(crate) fn distinct_officers(chair: Option<RowId>, minute_taker: Option<RowId>) -> Result<()> {
    if chair.is_some() && chair == minute_taker {
        return Err(Error::invalid("minute_taker", Problem::Duplicate));
    }
    Ok(())
}

impl Tx<'_> {
    pub fn create_meeting(&mut self, cell_id: RowId, input: &MeetingInput) -> Result<Meeting> {
        super::cells::load(self, cell_id)?;
        distinct_officers(input.chair_id, input.minute_taker_id)?;
        self.execute(
            "INSERT INTO meetings (uuid, cell_id, kind, status, title, planned_at, place, chair_id, minute_taker_id)
             VALUES (?1, ?2, ?3, 'planned', ?4, ?5, ?6, ?7, ?8)",
            params![
                rows::new_uuid(),
                cell_id,
                input.kind,
                opt_line("title", &input.title)?,
                input.planned_at,
                opt_line("place", &input.place)?,
                input.chair_id,
                input.minute_taker_id
            ],
        )?;
        let meeting = load(self, self.last_insert_rowid())?;
        self.audit_insert("meeting", meeting.uuid, &meeting)?;
        Ok(meeting)
    }

    pub fn update_meeting(&mut self, id: RowId, input: &MeetingInput) -> Result<Meeting> {
        let before = load_editable(self, id)?;
        distinct_officers(input.chair_id, input.minute_taker_id)?;
        self.execute(
            "UPDATE meetings SET kind = ?2, title = ?3, planned_at = ?4, place = ?5, chair_id = ?6,
             minute_taker_id = ?7 WHERE id = ?1",
            params![
                id,
                input.kind,
                opt_line("title", &input.title)?,
                input.planned_at,
                opt_line("place", &input.place)?,
                input.chair_id,
                input.minute_taker_id
            ],
        )?;
        let after = self.audited_meeting(before)?;
        self.refreeze_id(id)?;
        Ok(after)
    }

    /// Sets the actual start and end (stamped live, or typed after a meeting
    /// held on paper).
    pub fn set_meeting_times(
        &mut self,
        id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
    ) -> Result<Meeting> {
        let before = if started_at.is_some() {
            self.begin_if_planned(id)?
        } else {
            load_editable(self, id)?
        };
        if let Some(start) = started_at {
            ordered("ended_at", &start, ended_at.as_ref())?;
        }
        self.execute(
            "UPDATE meetings SET started_at = ?2, ended_at = ?3 WHERE id = ?1",
            params![id, started_at, ended_at],
        )?;
        let after = self.audited_meeting(before)?;
        self.refreeze_id(id)?;
        Ok(after)
    }

    /// Moves a meeting along planned → in progress (and back to planned, or
    /// cancelled). Closing and locking have their own functions.
    pub fn set_meeting_status(&mut self, id: RowId, status: MeetingStatus) -> Result<Meeting> {
        let before = load_editable(self, id)?;
        if matches!(status, MeetingStatus::Closed | MeetingStatus::Locked) {
            return Err(Error::invalid(
                "status",
                crate::domain::text::Problem::Malformed,
            ));
        }
        self.execute(
            "UPDATE meetings SET status = ?2 WHERE id = ?1",
            params![id, status],
        )?;
        self.audited_meeting(before)
    }

    pub(crate) fn audited_meeting(&mut self, before: Meeting) -> Result<Meeting> {
        let after = load(self, before.id)?;
        self.audit_update("meeting", after.uuid, &before, &after)?;
        Ok(after)
    }

    pub fn add_guest(&mut self, meeting_id: RowId, name: &str, title: &str) -> Result<Guest> {
        load_editable(self, meeting_id)?;
        self.execute(
            "INSERT INTO guests (uuid, meeting_id, name, title) VALUES (?1, ?2, ?3, ?4)",
            params![
                rows::new_uuid(),
                meeting_id,
                line("guest_name", name)?,
                opt_line("guest_title", title)?
            ],
        )?;
        let guest = self.query_row(
            "SELECT id, uuid, meeting_id, name, title FROM guests WHERE id = ?1",
            [self.last_insert_rowid()],
            guest_from_row,
        )?;
        self.audit_insert("guest", guest.uuid, &guest)?;
        self.refreeze_id(meeting_id)?;
        Ok(guest)
    }

    /// Appends an item at the end of the agenda.
    pub fn add_agenda_item(
        &mut self,
        meeting_id: RowId,
        input: &AgendaItemInput,
    ) -> Result<AgendaItem> {
        load_editable(self, meeting_id)?;
        if input.planned_minutes < 0 {
            return Err(Error::invalid(
                "planned_minutes",
                crate::domain::text::Problem::OutOfRange,
            ));
        }
        let position: i64 = self.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )?;
        self.execute(
            "INSERT INTO agenda_items (uuid, meeting_id, position, title, planned_minutes,
               presenter_id, notes, carry_over, kind, vote_kind, optional)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                rows::new_uuid(),
                meeting_id,
                position,
                line("title", &input.title)?,
                input.planned_minutes,
                input.presenter_id,
                rows::text("notes", &input.notes, false)?,
                input.carry_over,
                input.kind,
                input.vote_kind,
                input.optional
            ],
        )?;
        let item = load_item(self, self.last_insert_rowid())?;
        self.audit_insert("agenda_item", item.uuid, &item)?;
        self.refreeze_id(meeting_id)?;
        Ok(item)
    }

    /// Records when an item started and ended, and the chair's conclusion.
    pub fn set_agenda_item_record(
        &mut self,
        item_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
        conclusion: &str,
    ) -> Result<AgendaItem> {
        let before = load_item(self, item_id)?;
        if started_at.is_some() {
            self.begin_if_planned(before.meeting_id)?;
        } else {
            load_editable(self, before.meeting_id)?;
        }
        if let Some(start) = started_at {
            ordered("ended_at", &start, ended_at.as_ref())?;
        }
        self.execute(
            "UPDATE agenda_items SET started_at = ?2, ended_at = ?3, conclusion = ?4 WHERE id = ?1",
            params![
                item_id,
                started_at,
                ended_at,
                rows::text("conclusion", conclusion, false)?
            ],
        )?;
        let after = load_item(self, item_id)?;
        self.audit_update("agenda_item", after.uuid, &before, &after)?;
        self.refreeze_id(after.meeting_id)?;
        Ok(after)
    }
}

pub(crate) fn load_agenda(conn: &Connection, meeting_id: RowId) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id"
    ))?;
    let items = stmt
        .query_map([meeting_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

fn guest_from_row(r: &Row<'_>) -> rusqlite::Result<Guest> {
    Ok(Guest {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        name: r.get(3)?,
        title: r.get(4)?,
    })
}

/// A cell's meetings, newest first.
pub(crate) fn load_cell_meetings(conn: &Connection, cell_id: RowId) -> Result<Vec<Meeting>> {
    rows::all(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM meetings WHERE cell_id = ?1
             ORDER BY coalesce(started_at, planned_at) DESC, id DESC"
        ),
        [cell_id],
        from_row,
    )
}

impl Store {
    /// A cell's meetings, newest first.
    pub fn meetings(&self, cell_id: RowId) -> Result<Vec<Meeting>> {
        load_cell_meetings(self.conn(), cell_id)
    }

    pub fn meeting(&self, id: RowId) -> Result<Meeting> {
        load(self.conn(), id)
    }

    pub fn guests(&self, meeting_id: RowId) -> Result<Vec<Guest>> {
        rows::all(
            self.conn(),
            "SELECT id, uuid, meeting_id, name, title FROM guests WHERE meeting_id = ?1 ORDER BY id",
            [meeting_id],
            guest_from_row,
        )
    }

    pub fn agenda(&self, meeting_id: RowId) -> Result<Vec<AgendaItem>> {
        load_agenda(self.conn(), meeting_id)
    }
}
