//! Bulk writes for the generated demo files (`chibo demo --scale committee`).
//!
//! The app's own write functions check everything they are given against
//! the file (the meeting is editable, the member is on the roster, the
//! figures of a vote, the engine's blockers at close) and read each row back
//! for its audit entry: right for a person typing, but about a dozen
//! statements per row, too slow for the million rows of ten years of two
//! hundred cells. These write rows the generator has already built and
//! checked in memory, through cached statements, and leave exactly the
//! audit entries the app's own functions leave for the same change, stamped
//! with the moment the change would have been made (`Tx::set_now`).
//!
//! Nothing here is reachable from the terminal app or from a command that
//! changes a user's data: only the demo generator uses it, on an empty file.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use uuid::Uuid;

use super::audit::Action;
use super::meetings::{AgendaItemInput, MeetingInput};
use super::proceedings::{RemarkInput, TaskInput, VoteInput};
use super::rows::{line, opt_line, text};
use super::{Result, Store, Tx};
use crate::domain::{
    AgendaItem, AttendanceMark, DuesPayment, MarkKind, Meeting, MeetingStatus, PrepStep,
    PreparationStep, Remark, RowId, Task, TaskOutcome, Vote, VotingFigures,
};

/// The triggers `Store::begin_bulk` set aside, for `Store::end_bulk` to put
/// back.
#[must_use]
pub(crate) struct BulkTriggers(Vec<String>);

impl Store {
    /// How a generator writes a big new file: without a journal and without
    /// waiting for the disk at each commit, with a large page cache (the
    /// unique indexes of random UUIDs are written all over). A file stopped
    /// midway in this mode is not usable: it is only for files made from
    /// nothing (`demo`, on an empty database), which are made again.
    ///
    /// The triggers that count each cell's revision and guard merged cells
    /// (migration 9) are set aside meanwhile and returned: they run two
    /// statements for each of the file's millions of rows, which made the
    /// committee demo half again as slow. A new file's cells are all its
    /// own, so nothing is guarded, and their revisions start from here.
    pub(crate) fn begin_bulk(&self, cache_megabytes: u32) -> Result<BulkTriggers> {
        let conn = self.conn();
        conn.pragma_update(None, "cache_size", -(i64::from(cache_megabytes) * 1024))?;
        let _: String = conn.pragma_update_and_check(None, "journal_mode", "OFF", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cell_rev_%'",
        )?;
        let triggers = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        Ok(BulkTriggers(
            triggers.into_iter().map(|(_, sql)| sql).collect(),
        ))
    }

    /// Back to the app's settings (WAL, synchronous=FULL, the default
    /// cache), and the whole file on disk.
    pub(crate) fn end_bulk(&self, triggers: BulkTriggers) -> Result<()> {
        let conn = self.conn();
        for sql in &triggers.0 {
            conn.execute_batch(sql)?;
        }
        let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "cache_size", -2000)?;
        if let Some(path) = self.path() {
            std::fs::File::open(path)
                .and_then(|f| f.sync_all())
                .map_err(|e| super::Error::io(path, e))?;
        }
        Ok(())
    }
}

fn stored<T>(result: rusqlite::Result<T>) -> Result<T> {
    Ok(result?)
}

impl Tx<'_> {
    /// The moment the following writes are stamped with in the audit log
    /// (and used where the app would take "now", such as a payment date).
    pub(crate) fn set_now(&mut self, at: NaiveDateTime) {
        self.now = at;
    }

    /// The audit entry of a change, as `audit_update` writes it; the values
    /// are compared as values, not as two JSON trees.
    fn audit_changed<T: serde::Serialize + PartialEq>(
        &self,
        entity: &str,
        uuid: Uuid,
        before: &T,
        after: &T,
    ) -> Result<()> {
        if before == after {
            return Ok(());
        }
        self.audit(entity, uuid, Action::Update, Some(before), Some(after))
    }

    /// A planned meeting of a cell, as `create_meeting` stores it.
    pub(crate) fn seed_meeting(&mut self, cell_id: RowId, input: &MeetingInput) -> Result<Meeting> {
        let title = opt_line("title", &input.title)?;
        let place = opt_line("place", &input.place)?;
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO meetings (uuid, cell_id, kind, status, title, planned_at, place,
                   chair_id, minute_taker_id)
                 VALUES (?1, ?2, ?3, 'planned', ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                uuid.to_string(),
                cell_id,
                input.kind,
                title,
                input.planned_at,
                place,
                input.chair_id,
                input.minute_taker_id
            ]),
        )?;
        let meeting = Meeting {
            id: self.last_insert_rowid(),
            uuid,
            cell_id,
            kind: input.kind,
            status: MeetingStatus::Planned,
            title,
            planned_at: input.planned_at,
            started_at: None,
            ended_at: None,
            place,
            chair_id: input.chair_id,
            minute_taker_id: input.minute_taker_id,
            chair_replaces_id: None,
            minute_taker_replaces_id: None,
        };
        self.audit_insert("meeting", meeting.uuid, &meeting)?;
        Ok(meeting)
    }

    /// An agenda item at a given position, as `add_agenda_item` stores it.
    pub(crate) fn seed_agenda_item(
        &mut self,
        meeting_id: RowId,
        position: i64,
        input: &AgendaItemInput,
    ) -> Result<AgendaItem> {
        // Cleaned as the app cleans what is typed (NFC, no stray controls).
        let input = AgendaItemInput {
            title: line("title", &input.title)?,
            notes: text("notes", &input.notes, false)?,
            ..input.clone()
        };
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO agenda_items (uuid, meeting_id, position, title, planned_minutes,
                   presenter_id, notes, carry_over, kind, vote_kind, optional)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                uuid.to_string(),
                meeting_id,
                position,
                input.title,
                input.planned_minutes,
                input.presenter_id,
                input.notes,
                input.carry_over,
                input.kind,
                input.vote_kind,
                input.optional
            ]),
        )?;
        let item = AgendaItem {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            position,
            title: input.title.clone(),
            planned_minutes: input.planned_minutes,
            presenter_id: input.presenter_id,
            notes: input.notes.clone(),
            started_at: None,
            ended_at: None,
            conclusion: String::new(),
            carry_over: input.carry_over,
            kind: input.kind,
            vote_kind: input.vote_kind,
            optional: input.optional,
            disposition: None,
            disposition_reason: String::new(),
            moved_to_meeting_id: None,
        };
        self.audit_insert("agenda_item", item.uuid, &item)?;
        Ok(item)
    }

    /// What was recorded about an item (its times, conclusion, or that it
    /// was skipped), with the audit entry of the change.
    pub(crate) fn seed_item_update(
        &mut self,
        before: &AgendaItem,
        after: &AgendaItem,
    ) -> Result<()> {
        let after = &AgendaItem {
            conclusion: text("conclusion", &after.conclusion, false)?,
            disposition_reason: opt_line("reason", &after.disposition_reason)?,
            ..after.clone()
        };
        stored(
            self.prepare_cached(
                "UPDATE agenda_items SET started_at = ?2, ended_at = ?3, conclusion = ?4,
                   disposition = ?5, disposition_reason = ?6 WHERE id = ?1",
            )?
            .execute(params![
                after.id,
                after.started_at,
                after.ended_at,
                after.conclusion,
                after.disposition,
                after.disposition_reason
            ]),
        )?;
        self.audit_changed("agenda_item", after.uuid, before, after)
    }

    /// A meeting's status, times and officers, and its frozen record once
    /// closed, with the audit entry of the change.
    pub(crate) fn seed_meeting_update(
        &mut self,
        before: &Meeting,
        after: &Meeting,
        frozen: Option<&str>,
    ) -> Result<()> {
        stored(
            self.prepare_cached(
                "UPDATE meetings SET status = ?2, started_at = ?3, ended_at = ?4, chair_id = ?5,
                   minute_taker_id = ?6, chair_replaces_id = ?7, minute_taker_replaces_id = ?8,
                   frozen = coalesce(?9, frozen)
                 WHERE id = ?1",
            )?
            .execute(params![
                after.id,
                after.status,
                after.started_at,
                after.ended_at,
                after.chair_id,
                after.minute_taker_id,
                after.chair_replaces_id,
                after.minute_taker_replaces_id,
                frozen
            ]),
        )?;
        self.audit_changed("meeting", after.uuid, before, after)
    }

    /// A member's first mark in a roll call.
    pub(crate) fn seed_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        arrived_at: Option<NaiveDateTime>,
        left_at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<AttendanceMark> {
        // Only these marks keep a reason, as `put_mark` stores them.
        let reason = match kind {
            MarkKind::AbsentExcused | MarkKind::LeftEarly | MarkKind::Late => {
                opt_line("reason", reason)?
            }
            _ => String::new(),
        };
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO attendance (uuid, meeting_id, member_id, kind, arrived_at, left_at, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                uuid.to_string(),
                meeting_id,
                member_id,
                kind,
                arrived_at,
                left_at,
                reason
            ]),
        )?;
        let mark = AttendanceMark {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            member_id,
            kind,
            arrived_at,
            left_at,
            reason,
        };
        self.audit_insert("attendance", mark.uuid, &mark)?;
        Ok(mark)
    }

    pub(crate) fn seed_remark(
        &mut self,
        meeting_id: RowId,
        input: &RemarkInput,
        spoken_at: NaiveDateTime,
    ) -> Result<Remark> {
        let input = RemarkInput {
            text: text("text", &input.text, true)?,
            ..input.clone()
        };
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO remarks (uuid, meeting_id, agenda_item_id, speaker_member_id,
                   speaker_guest_id, text, spoken_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                uuid.to_string(),
                meeting_id,
                input.agenda_item_id,
                input.speaker_member_id,
                input.speaker_guest_id,
                input.text,
                spoken_at
            ]),
        )?;
        let remark = Remark {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            agenda_item_id: input.agenda_item_id,
            speaker_member_id: input.speaker_member_id,
            speaker_guest_id: input.speaker_guest_id,
            text: input.text.clone(),
            spoken_at,
        };
        self.audit_insert("remark", remark.uuid, &remark)?;
        Ok(remark)
    }

    /// A vote with the D and V of its moment (the caller computed them from
    /// the roster and the marks, as `record_vote` does).
    pub(crate) fn seed_vote(
        &mut self,
        meeting_id: RowId,
        input: &VoteInput,
        taken_at: NaiveDateTime,
        figures: VotingFigures,
    ) -> Result<Vote> {
        let input = VoteInput {
            subject: line("subject", &input.subject)?,
            ..input.clone()
        };
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO votes (uuid, meeting_id, agenda_item_id, subject, kind, rule, votes_for,
                   votes_against, votes_other, denominator, eligible_present, taken_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                uuid.to_string(),
                meeting_id,
                input.agenda_item_id,
                input.subject,
                input.kind,
                input.kind.rule(),
                input.votes_for,
                input.votes_against,
                input.votes_other,
                figures.denominator,
                figures.eligible_present,
                taken_at
            ]),
        )?;
        let vote = Vote {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            agenda_item_id: input.agenda_item_id,
            subject: input.subject.clone(),
            kind: input.kind,
            rule: input.kind.rule(),
            votes_for: input.votes_for,
            votes_against: input.votes_against,
            votes_other: input.votes_other,
            denominator: figures.denominator,
            eligible_present: figures.eligible_present,
            taken_at,
        };
        self.audit_insert("vote", vote.uuid, &vote)?;
        Ok(vote)
    }

    pub(crate) fn seed_task(&mut self, meeting_id: RowId, input: &TaskInput) -> Result<Task> {
        let input = TaskInput {
            text: text("text", &input.text, true)?,
            ..input.clone()
        };
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO tasks (uuid, meeting_id, agenda_item_id, text, assignee_id, due_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                uuid.to_string(),
                meeting_id,
                input.agenda_item_id,
                input.text,
                input.assignee_id,
                input.due_on
            ]),
        )?;
        let task = Task {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            agenda_item_id: input.agenda_item_id,
            text: input.text.clone(),
            assignee_id: input.assignee_id,
            due_on: input.due_on,
            outcome: None,
            outcome_note: String::new(),
            outcome_meeting_id: None,
        };
        self.audit_insert("task", task.uuid, &task)?;
        Ok(task)
    }

    /// A task's outcome reported at a meeting held after every earlier
    /// report, so that this report is the task's latest (as
    /// `set_task_outcome` keeps it on the task row).
    pub(crate) fn seed_task_report(
        &mut self,
        before: &Task,
        outcome: TaskOutcome,
        note: &str,
        meeting_id: RowId,
    ) -> Result<Task> {
        let note = text("outcome_note", note, false)?;
        let note = note.as_str();
        stored(
            self.prepare_cached(
                "INSERT INTO task_reports (uuid, task_id, meeting_id, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                super::rows::new_row_uuid().to_string(),
                before.id,
                meeting_id,
                outcome,
                note
            ]),
        )?;
        stored(
            self.prepare_cached(
                "UPDATE tasks SET outcome = ?2, outcome_note = ?3, outcome_meeting_id = ?4
                 WHERE id = ?1",
            )?
            .execute(params![before.id, outcome, note, meeting_id]),
        )?;
        let after = Task {
            outcome: Some(outcome),
            outcome_note: note.to_string(),
            outcome_meeting_id: Some(meeting_id),
            ..before.clone()
        };
        self.audit_changed("task", after.uuid, before, &after)?;
        Ok(after)
    }

    /// One member's dues of a month, recorded for the first time.
    pub(crate) fn seed_dues(
        &mut self,
        member_id: RowId,
        year: i32,
        month: u32,
        paid: bool,
        amount: Option<i64>,
    ) -> Result<DuesPayment> {
        let uuid = super::rows::new_row_uuid();
        let paid_on = paid.then(|| self.now().date());
        stored(
            self.prepare_cached(
                "INSERT INTO dues (uuid, member_id, year, month, paid, amount, paid_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                uuid.to_string(),
                member_id,
                year,
                month,
                paid,
                amount,
                paid_on
            ]),
        )?;
        let dues = DuesPayment {
            id: self.last_insert_rowid(),
            uuid,
            member_id,
            year,
            month,
            paid,
            amount,
            paid_on,
        };
        self.audit_insert("dues", dues.uuid, &dues)?;
        Ok(dues)
    }

    /// A meeting's quality self-assessment, given once.
    pub(crate) fn seed_quality(
        &mut self,
        meeting: &Meeting,
        points: &[(String, u32)],
    ) -> Result<()> {
        for (criterion, p) in points {
            stored(
                self.prepare_cached(
                    "INSERT INTO quality_scores (uuid, meeting_id, criterion, points)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    super::rows::new_row_uuid().to_string(),
                    meeting.id,
                    criterion,
                    p
                ]),
            )?;
        }
        self.audit_update(
            "meeting_quality",
            meeting.uuid,
            &Vec::<(String, u32)>::new(),
            &points.to_vec(),
        )
    }

    /// One step of the preparation checklist, done on a day.
    pub(crate) fn seed_preparation(
        &mut self,
        meeting_id: RowId,
        step: PrepStep,
        done_on: NaiveDate,
    ) -> Result<PreparationStep> {
        let uuid = super::rows::new_row_uuid();
        stored(
            self.prepare_cached(
                "INSERT INTO preparation_steps (uuid, meeting_id, step, done_on, note)
                 VALUES (?1, ?2, ?3, ?4, '')",
            )?
            .execute(params![uuid.to_string(), meeting_id, step, done_on]),
        )?;
        let prepared = PreparationStep {
            id: self.last_insert_rowid(),
            uuid,
            meeting_id,
            step,
            done_on,
            note: String::new(),
        };
        self.audit_insert("preparation_step", prepared.uuid, &prepared)?;
        Ok(prepared)
    }
}
