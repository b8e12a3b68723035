//! Corrections to what a meeting recorded (remarks, votes, tasks) until it
//! is locked. They pass the checks an addition passes, are audited with the
//! row before and after, and on a closed meeting the frozen figures and
//! findings follow them, as for a corrected mark.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use super::meetings::load_editable;
use super::proceedings::{
    RemarkInput, TaskInput, VoteInput, checked_remark, checked_task, checked_vote, load_remark,
    load_task, load_vote,
};
use super::{Error, Result, Store, Tx};
use crate::domain::text::Problem;
use crate::domain::{Meeting, MeetingStatus, Remark, RowId, Task, Vote};

impl Tx<'_> {
    /// The meeting of a record about to be corrected: a locked meeting
    /// refuses, as it refuses an addition; a cancelled one holds nothing to
    /// correct.
    fn correctable(&self, meeting_id: RowId) -> Result<Meeting> {
        let meeting = load_editable(self, meeting_id)?;
        if meeting.status == MeetingStatus::Cancelled {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        Ok(meeting)
    }

    /// Corrects a remark. `spoken_at: None` keeps the moment it was
    /// recorded at: a correction typed later did not move the remark.
    pub fn update_remark(&mut self, remark_id: RowId, input: &RemarkInput) -> Result<Remark> {
        let before = load_remark(self, remark_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        let text = checked_remark(self, &meeting, input)?;
        self.execute(
            "UPDATE remarks SET agenda_item_id = ?2, speaker_member_id = ?3,
               speaker_guest_id = ?4, text = ?5, spoken_at = ?6
             WHERE id = ?1",
            params![
                remark_id,
                input.agenda_item_id,
                input.speaker_member_id,
                input.speaker_guest_id,
                text,
                input.spoken_at.unwrap_or(before.spoken_at)
            ],
        )?;
        let after = load_remark(self, remark_id)?;
        self.audit_update("remark", after.uuid, &before, &after)?;
        self.refreeze(&meeting)?;
        Ok(after)
    }

    pub fn delete_remark(&mut self, remark_id: RowId) -> Result<()> {
        let before = load_remark(self, remark_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        self.execute("DELETE FROM remarks WHERE id = ?1", [remark_id])?;
        self.audit_delete("remark", before.uuid, &before)?;
        self.refreeze(&meeting)
    }

    /// Corrects a vote: its D and V are taken again at its moment
    /// (`taken_at: None` keeps the moment it was taken at), and a tally
    /// with more ballots than voters present then is refused, as when it
    /// was recorded. The kind sets the rule again.
    pub fn update_vote(&mut self, vote_id: RowId, input: &VoteInput) -> Result<Vote> {
        let before = load_vote(self, vote_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        let at = input.taken_at.unwrap_or(before.taken_at);
        let (subject, figures) = checked_vote(self, &meeting, input, at)?;
        self.execute(
            "UPDATE votes SET agenda_item_id = ?2, subject = ?3, kind = ?4, rule = ?5,
               votes_for = ?6, votes_against = ?7, votes_other = ?8, denominator = ?9,
               eligible_present = ?10, taken_at = ?11
             WHERE id = ?1",
            params![
                vote_id,
                input.agenda_item_id,
                subject,
                input.kind,
                input.kind.rule(),
                input.votes_for,
                input.votes_against,
                input.votes_other,
                figures.denominator,
                figures.eligible_present,
                at
            ],
        )?;
        let after = load_vote(self, vote_id)?;
        self.audit_update("vote", after.uuid, &before, &after)?;
        self.refreeze(&meeting)?;
        Ok(after)
    }

    pub fn delete_vote(&mut self, vote_id: RowId) -> Result<()> {
        let before = load_vote(self, vote_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        self.execute("DELETE FROM votes WHERE id = ?1", [vote_id])?;
        self.audit_delete("vote", before.uuid, &before)?;
        self.refreeze(&meeting)
    }

    /// Corrects what a task says, who carries it out and by when. Its
    /// reported outcomes belong to the meetings that heard them and stay.
    pub fn update_task(&mut self, task_id: RowId, input: &TaskInput) -> Result<Task> {
        let before = load_task(self, task_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        let text = checked_task(self, &meeting, input)?;
        self.execute(
            "UPDATE tasks SET agenda_item_id = ?2, text = ?3, assignee_id = ?4, due_on = ?5
             WHERE id = ?1",
            params![
                task_id,
                input.agenda_item_id,
                text,
                input.assignee_id,
                input.due_on
            ],
        )?;
        let after = load_task(self, task_id)?;
        self.audit_update("task", after.uuid, &before, &after)?;
        self.refreeze(&meeting)?;
        Ok(after)
    }

    /// Deletes a task set by mistake. One whose outcome a meeting already
    /// heard is part of that meeting's record and is refused: deleting it
    /// would take the report with it (the reports cascade).
    pub fn delete_task(&mut self, task_id: RowId) -> Result<()> {
        let before = load_task(self, task_id)?;
        let meeting = self.correctable(before.meeting_id)?;
        if let Some(reported_on) = last_report(self, task_id)? {
            return Err(Error::TaskHasOutcome { reported_on });
        }
        self.execute("DELETE FROM tasks WHERE id = ?1", [task_id])?;
        self.audit_delete("task", before.uuid, &before)?;
        self.refreeze(&meeting)
    }
}

/// The day of the last meeting that heard a task's outcome.
fn last_report(conn: &rusqlite::Connection, task_id: RowId) -> Result<Option<NaiveDate>> {
    let at: Option<NaiveDateTime> = conn
        .query_row(
            "SELECT coalesce(m.started_at, m.planned_at) FROM task_reports r
             JOIN meetings m ON m.id = r.meeting_id
             WHERE r.task_id = ?1
             ORDER BY coalesce(m.started_at, m.planned_at) DESC, r.id DESC LIMIT 1",
            [task_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(at.map(|at| at.date()))
}

impl Store {
    pub fn remark(&self, id: RowId) -> Result<Remark> {
        load_remark(self.conn(), id)
    }

    pub fn vote(&self, id: RowId) -> Result<Vote> {
        load_vote(self.conn(), id)
    }

    pub fn task(&self, id: RowId) -> Result<Task> {
        load_task(self.conn(), id)
    }
}
