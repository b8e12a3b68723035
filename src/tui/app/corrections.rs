//! Corrections before the lock: a remark, vote or task corrected or deleted
//! (the store audits each), and the agenda clock put back after a hasty
//! Enter.

use super::App;
use super::submit::Submitted;
use crate::domain::RowId;
use crate::store::{RemarkInput, Result, VoteInput};
use crate::tui::forms;
use crate::tui::screens::Entry;
use crate::tui::widgets::form::Form;
use crate::vi;

impl App {
    pub(super) fn remark_correction_form(&self, remark_id: RowId) -> Result<Form> {
        let remark = self.store.remark(remark_id)?;
        let speakers = self.speakers(remark.meeting_id)?;
        let mut form = forms::remark_form(&self.ctx, &speakers, &remark.text);
        if let Some(speaker) = remark.speaker() {
            form.set_value("speaker", &speaker.code());
        }
        form.title = self.ctx.t("live.edit_remark_title").to_string();
        Ok(form)
    }

    pub(super) fn vote_correction_form(&self, vote_id: RowId) -> Result<Form> {
        let vote = self.store.vote(vote_id)?;
        let meeting = self.store.meeting(vote.meeting_id)?;
        let line = self.vote_line(&meeting, vote.taken_at, vote.kind)?;
        let mut form = forms::vote_form(&self.ctx, &vote.subject, vote.kind, line, vote.taken_at);
        form.set_value("votes_for", &vote.votes_for.to_string());
        form.set_value("votes_against", &vote.votes_against.to_string());
        form.set_value("votes_other", &vote.votes_other.to_string());
        form.title = self.ctx.t("live.edit_vote_title").to_string();
        Ok(form)
    }

    pub(super) fn task_correction_form(&self, task_id: RowId) -> Result<Form> {
        let task = self.store.task(task_id)?;
        let meeting = self.store.meeting(task.meeting_id)?;
        let people = self.people(meeting.cell_id, meeting.date())?;
        let mut form = forms::task_form(&self.ctx, &people);
        form.set_value("text", &task.text);
        if let Some(id) = task.assignee_id {
            form.set_value("assignee", &id.to_string());
        }
        if let Some(due) = task.due_on {
            form.set_value("due", &vi::date(due));
        }
        form.title = self.ctx.t("live.edit_task_title").to_string();
        Ok(form)
    }

    pub(super) fn save_remark_correction(
        &mut self,
        form: &mut Form,
        remark_id: RowId,
    ) -> Result<Submitted> {
        let remark = self.store.remark(remark_id)?;
        let Some(typed) = forms::parse_remark(form, &self.ctx, remark.agenda_item_id) else {
            return Ok(Submitted::Fix);
        };
        let input = RemarkInput {
            spoken_at: Some(remark.spoken_at),
            ..typed
        };
        self.store.write(|tx| tx.update_remark(remark_id, &input))?;
        self.reload_top();
        Ok(self.done("live.corrected"))
    }

    pub(super) fn save_vote_correction(
        &mut self,
        form: &mut Form,
        vote_id: RowId,
    ) -> Result<Submitted> {
        let vote = self.store.vote(vote_id)?;
        let Some(entry) = forms::parse_vote(form, &self.ctx) else {
            return Ok(Submitted::Fix);
        };
        let input = VoteInput {
            taken_at: Some(vote.taken_at.date().and_time(entry.at)),
            agenda_item_id: vote.agenda_item_id,
            subject: entry.subject,
            kind: entry.kind,
            votes_for: entry.votes_for,
            votes_against: entry.votes_against,
            votes_other: entry.votes_other,
        };
        self.store.write(|tx| tx.update_vote(vote_id, &input))?;
        self.reload_top();
        Ok(self.done("live.corrected"))
    }

    pub(super) fn save_task_correction(
        &mut self,
        form: &mut Form,
        task_id: RowId,
    ) -> Result<Submitted> {
        let task = self.store.task(task_id)?;
        let Some(input) = forms::parse_task(form, &self.ctx, task.agenda_item_id) else {
            return Ok(Submitted::Fix);
        };
        self.store.write(|tx| tx.update_task(task_id, &input))?;
        self.reload_top();
        Ok(self.done("live.corrected"))
    }

    /// A remark, vote or task deleted after the question.
    pub(super) fn delete_entry(&mut self, entry: Entry) -> Result<()> {
        self.store.write(|tx| match entry {
            Entry::Remark(id) => tx.delete_remark(id),
            Entry::Vote(id) => tx.delete_vote(id),
            Entry::Task(id) => tx.delete_task(id),
        })?;
        self.reload_top();
        self.saved("status.deleted");
        Ok(())
    }

    /// `u` in the proceedings: the items' times as they were before the
    /// last advance of the agenda clock.
    pub(super) fn undo_item_times(&mut self) -> Result<()> {
        let Some(before) = self.live().and_then(|l| l.take_advance()) else {
            self.status = Some(super::Status::Failed(
                self.ctx.t("agenda.nothing_to_undo").to_string(),
            ));
            return Ok(());
        };
        let Some(meeting_id) = self.live().map(|l| l.meeting().id) else {
            return Ok(());
        };
        let items = self.store.agenda(meeting_id)?;
        let written = self.set_item_times(&items, &before);
        if let Err(e) = written {
            // Not undone: it stays to be tried again.
            if let Some(live) = self.live() {
                live.record_advance(before);
            }
            return Err(e);
        }
        self.reload_top();
        if let Some((first, _, _)) = before.first()
            && let Some(live) = self.live()
        {
            live.select_item(*first);
        }
        self.saved("live.clock_undone");
        Ok(())
    }
}
