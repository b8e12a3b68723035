//! Preparing a meeting: postponing, cancelling, deleting a mistake, the
//! preparation checklist, and editing the agenda (reorder, delete, undo, copy).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, params};

use super::meetings::{AgendaItemInput, load as load_meeting, load_agenda, load_editable};
use super::rows::{self, found, line, opt_line};
use super::{Error, Result, Store, Tx};
use crate::domain::text::Problem;
use crate::domain::{
    AgendaItem, Meeting, MeetingStatus, PrepStep, PreparationStep, Reschedule, RowId,
};

fn reschedule_from_row(r: &Row<'_>) -> rusqlite::Result<Reschedule> {
    Ok(Reschedule {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        from_at: rows::moment(r, 3)?,
        to_at: rows::moment(r, 4)?,
        reason: r.get(5)?,
        recorded_at: rows::moment(r, 6)?,
    })
}

pub(super) fn step_from_row(r: &Row<'_>) -> rusqlite::Result<PreparationStep> {
    Ok(PreparationStep {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        step: r.get(3)?,
        done_on: rows::day(r, 4)?,
        note: r.get(5)?,
    })
}

fn load_step(
    conn: &Connection,
    meeting_id: RowId,
    step: PrepStep,
) -> Result<Option<PreparationStep>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT id, uuid, meeting_id, step, done_on, note FROM preparation_steps
             WHERE meeting_id = ?1 AND step = ?2",
            params![meeting_id, step],
            step_from_row,
        )
        .optional()?)
}

fn load_item(conn: &Connection, id: RowId) -> Result<AgendaItem> {
    let item = found(
        conn.query_row(
            "SELECT meeting_id FROM agenda_items WHERE id = ?1",
            [id],
            |r| r.get::<_, RowId>(0),
        ),
        "agenda item",
    )?;
    load_agenda(conn, item)?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(Error::NotFound("agenda item"))
}

/// Only a meeting not yet held can be rescheduled, cancelled or deleted.
fn load_planned(conn: &Connection, id: RowId) -> Result<Meeting> {
    let meeting = load_editable(conn, id)?;
    if meeting.status != MeetingStatus::Planned {
        return Err(Error::invalid("status", Problem::Malformed));
    }
    Ok(meeting)
}

/// Renumbers positions 1..n in the current order.
fn renumber(conn: &Connection, meeting_id: RowId) -> Result<()> {
    for (n, item) in load_agenda(conn, meeting_id)?.iter().enumerate() {
        conn.execute(
            "UPDATE agenda_items SET position = ?2 WHERE id = ?1",
            params![item.id, n as i64 + 1],
        )?;
    }
    Ok(())
}

impl Tx<'_> {
    /// A meeting that can still be rescheduled, cancelled or deleted: a
    /// planned one, or one opened by mistake with nothing recorded (it goes
    /// back to planned first).
    fn planned_or_reopened(&mut self, id: RowId) -> Result<Meeting> {
        let meeting = load_editable(self, id)?;
        if meeting.status == MeetingStatus::InProgress {
            return self.return_to_planned(id);
        }
        load_planned(self, id)
    }

    /// Moves a planned meeting to another time; the old time is kept.
    pub fn postpone_meeting(
        &mut self,
        id: RowId,
        to: NaiveDateTime,
        reason: &str,
    ) -> Result<Meeting> {
        let before = self.planned_or_reopened(id)?;
        self.execute(
            "INSERT INTO meeting_reschedules (uuid, meeting_id, from_at, to_at, reason, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rows::new_uuid(), id, before.planned_at, to, opt_line("reason", reason)?, self.now()],
        )?;
        self.execute(
            "UPDATE meetings SET planned_at = ?2 WHERE id = ?1",
            params![id, to],
        )?;
        self.audited_meeting(before)
    }

    /// Cancels a planned meeting; it is kept, marked.
    pub fn cancel_meeting(&mut self, id: RowId) -> Result<Meeting> {
        let before = self.planned_or_reopened(id)?;
        self.execute(
            "UPDATE meetings SET status = 'cancelled' WHERE id = ?1",
            [id],
        )?;
        self.audited_meeting(before)
    }

    /// Deletes a meeting created by mistake: only one never held, with no
    /// roll call, remark, vote or task.
    pub fn delete_meeting(&mut self, id: RowId) -> Result<()> {
        let mut meeting = load_meeting(self, id)?;
        if meeting.status == MeetingStatus::InProgress {
            meeting = self.return_to_planned(id)?;
        }
        if !matches!(
            meeting.status,
            MeetingStatus::Planned | MeetingStatus::Cancelled
        ) {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        let records: i64 = self.query_row(
            "SELECT (SELECT count(*) FROM attendance WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM remarks WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM votes WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM tasks WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM tasks WHERE outcome_meeting_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if records > 0 {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        self.execute("DELETE FROM meetings WHERE id = ?1", [id])?;
        self.audit_delete("meeting", meeting.uuid, &meeting)
    }

    /// Marks a preparation step done on a day, or (None) not done.
    pub fn set_preparation_step(
        &mut self,
        meeting_id: RowId,
        step: PrepStep,
        done_on: Option<NaiveDate>,
        note: &str,
    ) -> Result<Option<PreparationStep>> {
        load_editable(self, meeting_id)?;
        let before = load_step(self, meeting_id, step)?;
        let after = match done_on {
            Some(day) => {
                self.execute(
                    "INSERT INTO preparation_steps (uuid, meeting_id, step, done_on, note)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (meeting_id, step) DO UPDATE SET done_on = excluded.done_on,
                       note = excluded.note",
                    params![
                        rows::new_uuid(),
                        meeting_id,
                        step,
                        day,
                        opt_line("note", note)?
                    ],
                )?;
                let after = load_step(self, meeting_id, step)?.ok_or(Error::NotFound("step"))?;
                match &before {
                    Some(b) => self.audit_update("preparation_step", after.uuid, b, &after)?,
                    None => self.audit_insert("preparation_step", after.uuid, &after)?,
                }
                Some(after)
            }
            None => {
                if let Some(b) = before {
                    self.execute("DELETE FROM preparation_steps WHERE id = ?1", [b.id])?;
                    self.audit_delete("preparation_step", b.uuid, &b)?;
                }
                None
            }
        };
        self.refreeze_id(meeting_id)?;
        Ok(after)
    }

    /// Adds an item after a position (None: at the end).
    pub fn insert_agenda_item(
        &mut self,
        meeting_id: RowId,
        input: &AgendaItemInput,
        after: Option<i64>,
    ) -> Result<AgendaItem> {
        let item = self.add_agenda_item(meeting_id, input)?;
        let Some(after) = after else {
            return Ok(item);
        };
        self.execute(
            "UPDATE agenda_items SET position = position + 1
             WHERE meeting_id = ?1 AND position > ?2 AND id <> ?3",
            params![meeting_id, after, item.id],
        )?;
        self.execute(
            "UPDATE agenda_items SET position = ?2 WHERE id = ?1",
            params![item.id, after + 1],
        )?;
        renumber(self, meeting_id)?;
        load_item(self, item.id)
    }

    pub fn update_agenda_item(
        &mut self,
        item_id: RowId,
        input: &AgendaItemInput,
    ) -> Result<AgendaItem> {
        let before = load_item(self, item_id)?;
        load_editable(self, before.meeting_id)?;
        if input.planned_minutes < 0 {
            return Err(Error::invalid("planned_minutes", Problem::OutOfRange));
        }
        self.execute(
            "UPDATE agenda_items SET title = ?2, planned_minutes = ?3, presenter_id = ?4, notes = ?5
             WHERE id = ?1",
            params![
                item_id,
                line("title", &input.title)?,
                input.planned_minutes,
                input.presenter_id,
                rows::text("notes", &input.notes, false)?
            ],
        )?;
        let after = load_item(self, item_id)?;
        self.audit_update("agenda_item", after.uuid, &before, &after)?;
        self.refreeze_id(after.meeting_id)?;
        Ok(after)
    }

    /// Deletes an item; returns it as it was, for undo.
    pub fn delete_agenda_item(&mut self, item_id: RowId) -> Result<AgendaItem> {
        let item = load_item(self, item_id)?;
        load_editable(self, item.meeting_id)?;
        // Remarks, votes and tasks hang on the item: deleting it would cut
        // them loose from the record.
        let linked: i64 = self.query_row(
            "SELECT (SELECT count(*) FROM remarks WHERE agenda_item_id = ?1)
                  + (SELECT count(*) FROM votes WHERE agenda_item_id = ?1)
                  + (SELECT count(*) FROM tasks WHERE agenda_item_id = ?1)",
            [item_id],
            |r| r.get(0),
        )?;
        if linked > 0 || item.started_at.is_some() {
            return Err(Error::invalid("agenda_item", Problem::InUse));
        }
        self.execute("DELETE FROM agenda_items WHERE id = ?1", [item_id])?;
        renumber(self, item.meeting_id)?;
        self.audit_delete("agenda_item", item.uuid, &item)?;
        self.refreeze_id(item.meeting_id)?;
        Ok(item)
    }

    /// Puts a deleted item back where it was (undo), with its identity.
    pub fn restore_agenda_item(&mut self, item: &AgendaItem) -> Result<AgendaItem> {
        load_editable(self, item.meeting_id)?;
        self.execute(
            "UPDATE agenda_items SET position = position + 1 WHERE meeting_id = ?1 AND position >= ?2",
            params![item.meeting_id, item.position],
        )?;
        self.execute(
            "INSERT INTO agenda_items (id, uuid, meeting_id, position, title, planned_minutes,
               presenter_id, notes, started_at, ended_at, conclusion, carry_over, kind,
               vote_kind, optional, disposition, disposition_reason, moved_to_meeting_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
               ?17, ?18)",
            params![
                item.id,
                item.uuid.to_string(),
                item.meeting_id,
                item.position,
                item.title,
                item.planned_minutes,
                item.presenter_id,
                item.notes,
                item.started_at,
                item.ended_at,
                item.conclusion,
                item.carry_over,
                item.kind,
                item.vote_kind,
                item.optional,
                item.disposition,
                item.disposition_reason,
                item.moved_to_meeting_id
            ],
        )?;
        renumber(self, item.meeting_id)?;
        let after = load_item(self, item.id)?;
        self.audit_insert("agenda_item", after.uuid, &after)?;
        self.refreeze_id(item.meeting_id)?;
        Ok(after)
    }

    /// Moves an item one place up or down; false when it is already at the end.
    pub fn move_agenda_item(&mut self, item_id: RowId, up: bool) -> Result<bool> {
        let item = load_item(self, item_id)?;
        load_editable(self, item.meeting_id)?;
        let items = load_agenda(self, item.meeting_id)?;
        let Some(at) = items.iter().position(|i| i.id == item_id) else {
            return Ok(false);
        };
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        let Some(other) = other.and_then(|o| items.get(o)) else {
            return Ok(false);
        };
        self.execute(
            "UPDATE agenda_items SET position = ?2 WHERE id = ?1",
            params![item.id, other.position],
        )?;
        self.execute(
            "UPDATE agenda_items SET position = ?2 WHERE id = ?1",
            params![other.id, item.position],
        )?;
        let after = load_item(self, item_id)?;
        self.audit_update("agenda_item", after.uuid, &item, &after)?;
        Ok(true)
    }

    /// Appends another meeting's agenda (titles, minutes, presenters, notes).
    pub fn copy_agenda(&mut self, from_meeting: RowId, to_meeting: RowId) -> Result<usize> {
        let items = load_agenda(self, from_meeting)?;
        for item in &items {
            self.add_agenda_item(to_meeting, &AgendaItemInput::of(item))?;
        }
        Ok(items.len())
    }

    pub fn delete_guest(&mut self, guest_id: RowId) -> Result<()> {
        let guest = found(
            self.query_row(
                "SELECT id, uuid, meeting_id, name, title FROM guests WHERE id = ?1",
                [guest_id],
                |r| {
                    Ok(crate::domain::Guest {
                        id: r.get(0)?,
                        uuid: rows::uuid(r, 1)?,
                        meeting_id: r.get(2)?,
                        name: r.get(3)?,
                        title: r.get(4)?,
                    })
                },
            ),
            "guest",
        )?;
        load_editable(self, guest.meeting_id)?;
        let remarks: i64 = self.query_row(
            "SELECT count(*) FROM remarks WHERE speaker_guest_id = ?1",
            [guest_id],
            |r| r.get(0),
        )?;
        if remarks > 0 {
            return Err(Error::invalid("guest_name", Problem::InUse));
        }
        self.execute("DELETE FROM guests WHERE id = ?1", [guest_id])?;
        self.audit_delete("guest", guest.uuid, &guest)
    }
}

impl Store {
    /// The tasks a meeting reviews: those set by the cell's earlier meetings
    /// that are still open, or whose outcome was reported at this meeting.
    pub fn carried_tasks(&self, meeting: &Meeting) -> Result<Vec<crate::domain::Task>> {
        let meetings = self.meetings(meeting.cell_id)?;
        let date_of = |id: RowId| meetings.iter().find(|m| m.id == id).map(Meeting::date);
        let earlier: Vec<RowId> = meetings
            .iter()
            .filter(|m| m.id != meeting.id && m.date() < meeting.date())
            .map(|m| m.id)
            .collect();
        let mut tasks = Vec::new();
        for id in earlier.iter().rev() {
            for mut task in self.tasks(*id)? {
                // Each report as made, at the meeting that made it.
                let reports = self.task_reports(task.id)?;
                let before =
                    |m: RowId| m != meeting.id && date_of(m).is_some_and(|d| d < meeting.date());
                if reports
                    .iter()
                    .any(|(m, o, _)| before(*m) && *o == crate::domain::TaskOutcome::Done)
                {
                    continue;
                }
                // The outcome shown: reported here, else the last one before.
                let shown = reports
                    .iter()
                    .find(|(m, _, _)| *m == meeting.id)
                    .or_else(|| {
                        reports
                            .iter()
                            .filter(|(m, _, _)| before(*m))
                            .max_by_key(|(m, _, _)| date_of(*m))
                    });
                task.outcome = shown.map(|(_, o, _)| *o);
                task.outcome_note = shown.map(|(_, _, n)| n.clone()).unwrap_or_default();
                task.outcome_meeting_id = shown.map(|(m, _, _)| *m);
                tasks.push(task);
            }
        }
        Ok(tasks)
    }

    /// A task's reports: (meeting, outcome, note), in the order they were made.
    fn task_reports(
        &self,
        task_id: RowId,
    ) -> Result<Vec<(RowId, crate::domain::TaskOutcome, String)>> {
        let mut stmt = self.conn().prepare(
            "SELECT meeting_id, outcome, note FROM task_reports WHERE task_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([task_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn preparation(&self, meeting_id: RowId) -> Result<Vec<PreparationStep>> {
        load_preparation(self.conn(), meeting_id)
    }
}

pub(crate) fn load_preparation(
    conn: &Connection,
    meeting_id: RowId,
) -> Result<Vec<PreparationStep>> {
    {
        rows::all(
            conn,
            "SELECT id, uuid, meeting_id, step, done_on, note FROM preparation_steps
             WHERE meeting_id = ?1 ORDER BY id",
            [meeting_id],
            step_from_row,
        )
    }
}

impl Store {
    pub fn reschedules(&self, meeting_id: RowId) -> Result<Vec<Reschedule>> {
        rows::all(
            self.conn(),
            "SELECT id, uuid, meeting_id, from_at, to_at, reason, recorded_at
             FROM meeting_reschedules WHERE meeting_id = ?1 ORDER BY id",
            [meeting_id],
            reschedule_from_row,
        )
    }
}
