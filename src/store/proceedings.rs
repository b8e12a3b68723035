//! What happens in a meeting: roll-call marks, remarks, votes, tasks, dues,
//! and closing (figures frozen) and locking.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::meetings::{load as load_meeting, load_editable};
use super::rows::{self, found, line};
use super::{Error, Result, Store, Tx};
use crate::domain::engine::Finding;
use crate::domain::text::Problem;
use crate::domain::voting::{self, TallyError};
use crate::domain::{
    AttendanceMark, DuesPayment, Figures, MarkKind, Meeting, MeetingStatus, Remark, Roster, RowId,
    Task, TaskOutcome, Vote, VoteKind, VotingFigures,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemarkInput {
    pub agenda_item_id: Option<RowId>,
    pub speaker_member_id: Option<RowId>,
    pub speaker_guest_id: Option<RowId>,
    pub text: String,
    /// None: now.
    pub spoken_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteInput {
    pub agenda_item_id: Option<RowId>,
    pub subject: String,
    /// The kind decides the rule (two thirds for admission, recognition,
    /// expulsion; more than half otherwise).
    pub kind: VoteKind,
    pub votes_for: u32,
    pub votes_against: u32,
    pub votes_other: u32,
    /// None: now. D and V are taken at this moment.
    pub taken_at: Option<NaiveDateTime>,
}

impl VoteInput {
    /// No more ballots than members present with a vote (V) at the time of
    /// the vote.
    pub fn check_tally(&self, figures: VotingFigures) -> Result<()> {
        let ballots = [self.votes_for, self.votes_against, self.votes_other]
            .into_iter()
            .try_fold(0u32, u32::checked_add)
            .unwrap_or(u32::MAX);
        voting::check_tally(figures, ballots).map_err(
            |TallyError::MoreBallotsThanVoters {
                 ballots,
                 eligible_present,
             }| Error::TallyExceedsVoters {
                ballots,
                eligible_present,
            },
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInput {
    pub agenda_item_id: Option<RowId>,
    pub text: String,
    pub assignee_id: Option<RowId>,
    pub due_on: Option<NaiveDate>,
}

/// What is stored when a meeting closes: later changes to member history
/// never rewrite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frozen {
    pub roster: Roster,
    pub figures: Figures,
    /// The engine's findings when the meeting closed (and after each
    /// correction before the lock). A finding this chibo does not know (a
    /// rule renamed later) is dropped, never an error on the whole meeting.
    #[serde(default, deserialize_with = "known_findings")]
    pub findings: Vec<Finding>,
}

fn known_findings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Finding>, D::Error> {
    let raw: Vec<serde_json::Value> = Deserialize::deserialize(d)?;
    Ok(raw
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

pub(super) const MARK_COLUMNS: &str =
    "id, uuid, meeting_id, member_id, kind, arrived_at, left_at, reason";

pub(super) fn mark_from_row(r: &Row<'_>) -> rusqlite::Result<AttendanceMark> {
    Ok(AttendanceMark {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        member_id: r.get(3)?,
        kind: r.get(4)?,
        arrived_at: rows::opt_moment(r, 5)?,
        left_at: rows::opt_moment(r, 6)?,
        reason: r.get(7)?,
    })
}

fn load_mark(
    conn: &Connection,
    meeting_id: RowId,
    member_id: RowId,
) -> Result<Option<AttendanceMark>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {MARK_COLUMNS} FROM attendance WHERE meeting_id = ?1 AND member_id = ?2"
            ),
            [meeting_id, member_id],
            mark_from_row,
        )
        .optional()?)
}

pub(crate) fn load_marks(conn: &Connection, meeting_id: RowId) -> Result<Vec<AttendanceMark>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MARK_COLUMNS} FROM attendance WHERE meeting_id = ?1 ORDER BY id"
    ))?;
    let marks = stmt
        .query_map([meeting_id], mark_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(marks)
}

pub(crate) fn load_frozen(conn: &Connection, meeting_id: RowId) -> Result<Option<Frozen>> {
    let json: Option<String> = conn.query_row(
        "SELECT frozen FROM meetings WHERE id = ?1",
        [meeting_id],
        |r| r.get(0),
    )?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| Error::Corrupt(e.to_string())))
        .transpose()
}

/// The roster of a meeting: frozen at close, computed from member history before.
pub(crate) fn roster_of(conn: &Connection, meeting: &Meeting) -> Result<Roster> {
    if let Some(frozen) = load_frozen(conn, meeting.id)? {
        return Ok(frozen.roster);
    }
    let members = super::members::load_cell(conn, meeting.cell_id)?;
    Ok(Roster::build(&members, meeting.date()))
}

/// Whether a member is on a meeting's roster, without building the whole
/// roster (this runs on every roll-call keystroke).
fn on_roster(conn: &Connection, meeting: &Meeting, member_id: RowId) -> Result<bool> {
    if let Some(frozen) = load_frozen(conn, meeting.id)? {
        return Ok(frozen.roster.entry(member_id).is_some());
    }
    let member = match super::members::load(conn, member_id) {
        Ok(member) => member,
        Err(Error::NotFound(_)) => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(member.cell_id == meeting.cell_id
        && !Roster::build(std::slice::from_ref(&member), meeting.date())
            .entries
            .is_empty())
}

pub(super) const VOTE_COLUMNS: &str = "id, uuid, meeting_id, agenda_item_id, subject, kind, rule, \
                            votes_for, votes_against, votes_other, denominator, \
                            eligible_present, taken_at";

pub(super) fn vote_from_row(r: &Row<'_>) -> rusqlite::Result<Vote> {
    Ok(Vote {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        agenda_item_id: r.get(3)?,
        subject: r.get(4)?,
        kind: r.get(5)?,
        rule: r.get(6)?,
        votes_for: r.get(7)?,
        votes_against: r.get(8)?,
        votes_other: r.get(9)?,
        denominator: r.get(10)?,
        eligible_present: r.get(11)?,
        taken_at: rows::moment(r, 12)?,
    })
}

pub(super) const REMARK_COLUMNS: &str =
    "id, uuid, meeting_id, agenda_item_id, speaker_member_id, speaker_guest_id, text, spoken_at";

pub(super) fn remark_from_row(r: &Row<'_>) -> rusqlite::Result<Remark> {
    Ok(Remark {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        agenda_item_id: r.get(3)?,
        speaker_member_id: r.get(4)?,
        speaker_guest_id: r.get(5)?,
        text: r.get(6)?,
        spoken_at: rows::moment(r, 7)?,
    })
}

pub(super) const TASK_COLUMNS: &str = "id, uuid, meeting_id, agenda_item_id, text, assignee_id, due_on, \
                            outcome, outcome_note, outcome_meeting_id";

pub(super) fn task_from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        agenda_item_id: r.get(3)?,
        text: r.get(4)?,
        assignee_id: r.get(5)?,
        due_on: rows::opt_day(r, 6)?,
        outcome: r.get(7)?,
        outcome_note: r.get(8)?,
        outcome_meeting_id: r.get(9)?,
    })
}

pub(super) fn load_task(conn: &Connection, id: RowId) -> Result<Task> {
    found(
        conn.query_row(
            &format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1"),
            [id],
            task_from_row,
        ),
        "task",
    )
}

pub(super) fn load_remark(conn: &Connection, id: RowId) -> Result<Remark> {
    found(
        conn.query_row(
            &format!("SELECT {REMARK_COLUMNS} FROM remarks WHERE id = ?1"),
            [id],
            remark_from_row,
        ),
        "remark",
    )
}

pub(super) fn load_vote(conn: &Connection, id: RowId) -> Result<Vote> {
    found(
        conn.query_row(
            &format!("SELECT {VOTE_COLUMNS} FROM votes WHERE id = ?1"),
            [id],
            vote_from_row,
        ),
        "vote",
    )
}

/// An agenda item named by a remark, vote or task must be one of its
/// meeting's: the minutes print each under its item.
fn check_item(conn: &Connection, meeting: &Meeting, item_id: Option<RowId>) -> Result<()> {
    let Some(id) = item_id else {
        return Ok(());
    };
    match super::meetings::load_item(conn, id) {
        Ok(item) if item.meeting_id == meeting.id => Ok(()),
        Ok(_) | Err(Error::NotFound(_)) => Err(Error::invalid("agenda_item", Problem::Malformed)),
        Err(e) => Err(e),
    }
}

/// A member named by a remark or a task must belong to the meeting's cell
/// (the foreign key alone would take any cell's member).
fn check_member(
    conn: &Connection,
    meeting: &Meeting,
    field: &'static str,
    member_id: Option<RowId>,
) -> Result<()> {
    let Some(id) = member_id else {
        return Ok(());
    };
    match super::members::load(conn, id) {
        Ok(member) if member.cell_id == meeting.cell_id => Ok(()),
        Ok(_) | Err(Error::NotFound(_)) => Err(Error::invalid(field, Problem::Malformed)),
        Err(e) => Err(e),
    }
}

/// The checks every remark passes, added or corrected; the text as stored.
pub(super) fn checked_remark(
    conn: &Connection,
    meeting: &Meeting,
    input: &RemarkInput,
) -> Result<String> {
    check_item(conn, meeting, input.agenda_item_id)?;
    match (input.speaker_member_id, input.speaker_guest_id) {
        (Some(_), Some(_)) => return Err(Error::invalid("speaker", Problem::Malformed)),
        (member @ Some(_), None) => check_member(conn, meeting, "speaker", member)?,
        (None, Some(guest)) => {
            let of_meeting: Option<RowId> = conn
                .query_row(
                    "SELECT meeting_id FROM guests WHERE id = ?1",
                    [guest],
                    |r| r.get(0),
                )
                .optional()?;
            if of_meeting != Some(meeting.id) {
                return Err(Error::invalid("speaker", Problem::Malformed));
            }
        }
        (None, None) => {}
    }
    rows::text("text", &input.text, true)
}

/// The checks every vote passes, added or corrected: D and V taken at `at`
/// from the meeting's roster and marks, and no more ballots than V. The
/// subject as stored and the figures.
pub(super) fn checked_vote(
    conn: &Connection,
    meeting: &Meeting,
    input: &VoteInput,
    at: NaiveDateTime,
) -> Result<(String, VotingFigures)> {
    check_item(conn, meeting, input.agenda_item_id)?;
    let subject = line("subject", &input.subject)?;
    let roster = roster_of(conn, meeting)?;
    let marks = load_marks(conn, meeting.id)?;
    let figures = Figures::compute(&roster, &marks, Some(at)).voting();
    input.check_tally(figures)?;
    Ok((subject, figures))
}

/// The checks every task passes, added or corrected; the text as stored.
pub(super) fn checked_task(
    conn: &Connection,
    meeting: &Meeting,
    input: &TaskInput,
) -> Result<String> {
    check_item(conn, meeting, input.agenda_item_id)?;
    check_member(conn, meeting, "assignee", input.assignee_id)?;
    rows::text("text", &input.text, true)
}

impl Tx<'_> {
    /// Sets a member's mark in the roll call (replacing an earlier one). A late
    /// arrival or early leaving without a time is stamped now.
    pub fn set_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<AttendanceMark> {
        let meeting = self.begin_if_planned(meeting_id)?;
        if !on_roster(self, &meeting, member_id)? {
            return Err(Error::NotFound("member"));
        }
        let before = load_mark(self, meeting_id, member_id)?;
        // A meeting typed up on another day is stamped on its own day.
        let stamp = at.unwrap_or_else(|| {
            crate::domain::engine::moments::mark_time(&meeting, self.now())
                .unwrap_or(meeting.started_at.unwrap_or(meeting.planned_at))
        });
        let (arrived_at, left_at) = match kind {
            MarkKind::Late => (Some(stamp), None),
            MarkKind::LeftEarly => (before.as_ref().and_then(|m| m.arrived_at), Some(stamp)),
            _ => (None, None),
        };
        self.put_mark(meeting_id, member_id, kind, arrived_at, left_at, reason)
    }

    /// Writes a mark exactly as given (undo, redo, a corrected time).
    pub fn put_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        arrived_at: Option<NaiveDateTime>,
        left_at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<AttendanceMark> {
        let meeting = self.begin_if_planned(meeting_id)?;
        if !on_roster(self, &meeting, member_id)? {
            return Err(Error::NotFound("member"));
        }
        let before = load_mark(self, meeting_id, member_id)?;
        let reason = match kind {
            MarkKind::AbsentExcused | MarkKind::LeftEarly | MarkKind::Late => {
                rows::opt_line("reason", reason)?
            }
            _ => String::new(),
        };
        self.execute(
            "INSERT INTO attendance (uuid, meeting_id, member_id, kind, arrived_at, left_at, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (meeting_id, member_id) DO UPDATE SET
               kind = excluded.kind, arrived_at = excluded.arrived_at,
               left_at = excluded.left_at, reason = excluded.reason",
            params![rows::new_uuid(), meeting_id, member_id, kind, arrived_at, left_at, reason],
        )?;
        let after = load_mark(self, meeting_id, member_id)?.ok_or(Error::NotFound("mark"))?;
        match before {
            Some(before) => self.audit_update("attendance", after.uuid, &before, &after)?,
            None => self.audit_insert("attendance", after.uuid, &after)?,
        }
        self.refreeze(&meeting)?;
        Ok(after)
    }

    /// Removes a member's mark (undo of a first mark).
    pub fn clear_mark(&mut self, meeting_id: RowId, member_id: RowId) -> Result<()> {
        let meeting = load_editable(self, meeting_id)?;
        if let Some(before) = load_mark(self, meeting_id, member_id)? {
            self.execute("DELETE FROM attendance WHERE id = ?1", [before.id])?;
            self.audit_delete("attendance", before.uuid, &before)?;
        }
        self.refreeze(&meeting)
    }

    /// A closed meeting's marks can be corrected until it is locked: the
    /// frozen figures and findings follow the correction (the frozen roster
    /// stays).
    pub(super) fn refreeze(&mut self, meeting: &Meeting) -> Result<()> {
        if meeting.status != MeetingStatus::Closed {
            return Ok(());
        }
        // A correction may not undo what closing required: the write is
        // refused (and rolled back) rather than leave a closed meeting
        // whose record contradicts itself.
        self.refuse_blockers(meeting.id)?;
        self.freeze(meeting)
    }

    /// Refuses when the engine finds something that blocks closing.
    fn refuse_blockers(&mut self, meeting_id: RowId) -> Result<()> {
        let record = self.record(meeting_id)?;
        let blockers = crate::domain::engine::close_blockers(&record, crate::assets::rulebook()?);
        if blockers.is_empty() {
            Ok(())
        } else {
            Err(Error::Blocked(blockers))
        }
    }

    /// After any correction to a closed meeting: its frozen findings follow.
    pub(crate) fn refreeze_id(&mut self, meeting_id: RowId) -> Result<()> {
        let meeting = load_meeting(self, meeting_id)?;
        self.refreeze(&meeting)
    }

    pub fn add_remark(&mut self, meeting_id: RowId, input: &RemarkInput) -> Result<Remark> {
        let meeting = self.begin_if_planned(meeting_id)?;
        let text = checked_remark(self, &meeting, input)?;
        let spoken_at = input.spoken_at.unwrap_or(self.now());
        self.execute(
            "INSERT INTO remarks (uuid, meeting_id, agenda_item_id, speaker_member_id, speaker_guest_id, text, spoken_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                rows::new_uuid(),
                meeting_id,
                input.agenda_item_id,
                input.speaker_member_id,
                input.speaker_guest_id,
                text,
                spoken_at
            ],
        )?;
        let remark = load_remark(self, self.last_insert_rowid())?;
        self.audit_insert("remark", remark.uuid, &remark)?;
        self.refreeze_id(meeting_id)?;
        Ok(remark)
    }

    /// Records a vote with D and V taken at its moment; a tally with more
    /// ballots than eligible voters present is refused.
    pub fn record_vote(&mut self, meeting_id: RowId, input: &VoteInput) -> Result<Vote> {
        let meeting = self.begin_if_planned(meeting_id)?;
        let at = input.taken_at.unwrap_or(self.now());
        let (subject, figures) = checked_vote(self, &meeting, input, at)?;
        self.execute(
            "INSERT INTO votes (uuid, meeting_id, agenda_item_id, subject, kind, rule, votes_for,
               votes_against, votes_other, denominator, eligible_present, taken_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                rows::new_uuid(),
                meeting_id,
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
        let vote = load_vote(self, self.last_insert_rowid())?;
        self.audit_insert("vote", vote.uuid, &vote)?;
        self.refreeze_id(meeting_id)?;
        Ok(vote)
    }

    pub fn add_task(&mut self, meeting_id: RowId, input: &TaskInput) -> Result<Task> {
        let meeting = self.begin_if_planned(meeting_id)?;
        let text = checked_task(self, &meeting, input)?;
        self.execute(
            "INSERT INTO tasks (uuid, meeting_id, agenda_item_id, text, assignee_id, due_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                rows::new_uuid(),
                meeting_id,
                input.agenda_item_id,
                text,
                input.assignee_id,
                input.due_on
            ],
        )?;
        let task = load_task(self, self.last_insert_rowid())?;
        self.audit_insert("task", task.uuid, &task)?;
        self.refreeze_id(meeting_id)?;
        Ok(task)
    }

    /// Reports a task's outcome at a (later) meeting; the reporting meeting
    /// must still be editable.
    pub fn set_task_outcome(
        &mut self,
        task_id: RowId,
        outcome: Option<TaskOutcome>,
        note: &str,
        at_meeting: RowId,
    ) -> Result<Task> {
        load_editable(self, at_meeting)?;
        let before = load_task(self, task_id)?;
        let note = rows::text("outcome_note", note, false)?;
        match outcome {
            Some(outcome) => self.execute(
                "INSERT INTO task_reports (uuid, task_id, meeting_id, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (task_id, meeting_id) DO UPDATE SET
                   outcome = excluded.outcome, note = excluded.note",
                params![rows::new_uuid(), task_id, at_meeting, outcome, note],
            )?,
            None => self.execute(
                "DELETE FROM task_reports WHERE task_id = ?1 AND meeting_id = ?2",
                params![task_id, at_meeting],
            )?,
        };
        // The task row keeps the latest report, for the open-task lists;
        // with the last report taken back it has none (and no note).
        let latest: Option<(TaskOutcome, String, RowId)> = self
            .query_row(
                "SELECT r.outcome, r.note, r.meeting_id FROM task_reports r
                 JOIN meetings m ON m.id = r.meeting_id
                 WHERE r.task_id = ?1
                 ORDER BY coalesce(m.started_at, m.planned_at) DESC, r.id DESC LIMIT 1",
                [task_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (outcome, note, reported_at) = match latest {
            Some((outcome, note, meeting)) => (Some(outcome), note, Some(meeting)),
            None => (None, String::new(), None),
        };
        self.execute(
            "UPDATE tasks SET outcome = ?2, outcome_note = ?3, outcome_meeting_id = ?4
             WHERE id = ?1",
            params![task_id, outcome, note, reported_at],
        )?;
        let after = load_task(self, task_id)?;
        self.audit_update("task", after.uuid, &before, &after)?;
        Ok(after)
    }

    /// Records Party dues of one member for one month.
    pub fn set_dues(
        &mut self,
        member_id: RowId,
        year: i32,
        month: u32,
        paid: bool,
        amount: Option<i64>,
    ) -> Result<DuesPayment> {
        if !(1..=12).contains(&month) {
            return Err(Error::invalid("month", Problem::OutOfRange));
        }
        if amount.is_some_and(|a| a < 0) {
            return Err(Error::invalid("amount", Problem::OutOfRange));
        }
        let before = load_dues(self, member_id, year, month)?;
        let paid_on = paid.then(|| self.now().date());
        self.execute(
            "INSERT INTO dues (uuid, member_id, year, month, paid, amount, paid_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (member_id, year, month) DO UPDATE SET
               paid = excluded.paid, amount = excluded.amount,
               paid_on = CASE WHEN excluded.paid = 1 THEN coalesce(dues.paid_on, excluded.paid_on) END",
            params![rows::new_uuid(), member_id, year, month, paid, amount, paid_on],
        )?;
        let after = load_dues(self, member_id, year, month)?.ok_or(Error::NotFound("dues"))?;
        match before {
            Some(before) => self.audit_update("dues", after.uuid, &before, &after)?,
            None => self.audit_insert("dues", after.uuid, &after)?,
        }
        Ok(after)
    }

    /// Closes a meeting: the item still running ends with the meeting, the
    /// closing step is held at the end, and then, if the engine finds
    /// nothing that blocks closing, the roster, the figures and the findings
    /// are frozen as they are now.
    pub fn close_meeting(&mut self, meeting_id: RowId) -> Result<Meeting> {
        let before = load_editable(self, meeting_id)?;
        if !matches!(before.status, MeetingStatus::InProgress) {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        if let Some(end) = before.ended_at {
            for item in super::meetings::load_agenda(self, meeting_id)? {
                let closing = item.kind == crate::domain::agenda::StepKind::Closing
                    && item.started_at.is_none()
                    && item.disposition.is_none();
                if item.is_running() {
                    self.set_agenda_item_record(
                        item.id,
                        item.started_at,
                        Some(end),
                        &item.conclusion,
                    )?;
                } else if closing {
                    self.set_agenda_item_record(item.id, Some(end), Some(end), &item.conclusion)?;
                }
            }
        }
        let book = crate::assets::rulebook()?;
        let record = self.record(meeting_id)?;
        let blockers = crate::domain::engine::close_blockers(&record, book);
        if !blockers.is_empty() {
            return Err(Error::Blocked(blockers));
        }
        self.execute(
            "UPDATE meetings SET status = 'closed' WHERE id = ?1",
            params![meeting_id],
        )?;
        let closed = load_meeting(self, meeting_id)?;
        self.freeze(&closed)?;
        self.audited_meeting(before)
    }

    /// Stores the roster, the figures and the findings of a closed meeting.
    fn freeze(&mut self, meeting: &Meeting) -> Result<()> {
        let roster = roster_of(self, meeting)?;
        let marks = load_marks(self, meeting.id)?;
        let figures = Figures::compute(&roster, &marks, None);
        let mut record = self.record(meeting.id)?;
        record.roster = roster.clone();
        record.figures = figures.clone();
        let others = super::meetings::load_cell_meetings(self, meeting.cell_id)?;
        let findings = crate::domain::engine::meeting_findings(
            &record,
            crate::assets::rulebook()?,
            &others,
            self.now(),
        );
        let frozen = serde_json::to_string(&Frozen {
            roster,
            figures,
            findings,
        })
        .map_err(|e| Error::Corrupt(e.to_string()))?;
        self.execute(
            "UPDATE meetings SET frozen = ?2 WHERE id = ?1",
            params![meeting.id, frozen],
        )?;
        Ok(())
    }

    /// A meeting that is still planned becomes in progress at its first
    /// record (a mark, the opening time, a remark, a vote, a task).
    pub(crate) fn begin_if_planned(&mut self, meeting_id: RowId) -> Result<Meeting> {
        let meeting = load_editable(self, meeting_id)?;
        match meeting.status {
            MeetingStatus::Planned => {
                let started = self.set_meeting_status(meeting_id, MeetingStatus::InProgress)?;
                // The copy of the file made when a meeting starts (on a
                // thread of its own, once this transaction committed).
                super::backup::meeting_started(self);
                Ok(started)
            }
            MeetingStatus::Cancelled => Err(Error::invalid("status", Problem::Malformed)),
            MeetingStatus::InProgress | MeetingStatus::Closed | MeetingStatus::Locked => {
                Ok(meeting)
            }
        }
    }

    /// Returns a meeting opened by mistake to "planned": only when nothing
    /// but (perhaps) an opening time was recorded; the opening time goes.
    pub fn return_to_planned(&mut self, meeting_id: RowId) -> Result<Meeting> {
        let before = load_editable(self, meeting_id)?;
        if before.status != MeetingStatus::InProgress {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        let records: i64 = self.query_row(
            "SELECT (SELECT count(*) FROM attendance WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM remarks WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM votes WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM tasks WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM task_reports WHERE meeting_id = ?1)
                  + (SELECT count(*) FROM agenda_items WHERE meeting_id = ?1
                       AND (started_at IS NOT NULL OR disposition IS NOT NULL
                            OR conclusion <> ''))",
            [meeting_id],
            |r| r.get(0),
        )?;
        if records > 0 {
            return Err(Error::invalid("status", Problem::InUse));
        }
        self.execute(
            "UPDATE meetings SET status = 'planned', started_at = NULL, ended_at = NULL WHERE id = ?1",
            [meeting_id],
        )?;
        self.audited_meeting(before)
    }

    /// Locks a closed meeting: from now on it is read-only.
    pub fn lock_meeting(&mut self, meeting_id: RowId) -> Result<Meeting> {
        let before = load_editable(self, meeting_id)?;
        if before.status != MeetingStatus::Closed {
            return Err(Error::invalid("status", Problem::Malformed));
        }
        self.refuse_blockers(meeting_id)?;
        self.execute(
            "UPDATE meetings SET status = 'locked' WHERE id = ?1",
            [meeting_id],
        )?;
        self.audited_meeting(before)
    }
}

pub(super) const DUES_COLUMNS: &str = "id, uuid, member_id, year, month, paid, amount, paid_on";

pub(super) fn dues_from_row(r: &Row<'_>) -> rusqlite::Result<DuesPayment> {
    Ok(DuesPayment {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        member_id: r.get(2)?,
        year: r.get(3)?,
        month: r.get(4)?,
        paid: r.get(5)?,
        amount: r.get(6)?,
        paid_on: rows::opt_day(r, 7)?,
    })
}

fn load_dues(
    conn: &Connection,
    member_id: RowId,
    year: i32,
    month: u32,
) -> Result<Option<DuesPayment>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {DUES_COLUMNS} FROM dues WHERE member_id = ?1 AND year = ?2 AND month = ?3"
            ),
            params![member_id, year, month],
            dues_from_row,
        )
        .optional()?)
}

impl Store {
    pub fn marks(&self, meeting_id: RowId) -> Result<Vec<AttendanceMark>> {
        load_marks(self.conn(), meeting_id)
    }

    /// The roster of a meeting (frozen once it closed).
    pub fn roster(&self, meeting: &Meeting) -> Result<Roster> {
        roster_of(self.conn(), meeting)
    }

    /// The findings frozen when the meeting closed (None before).
    pub fn frozen_findings(&self, meeting_id: RowId) -> Result<Option<Vec<Finding>>> {
        Ok(load_frozen(self.conn(), meeting_id)?.map(|f| f.findings))
    }

    /// The figures of a meeting: frozen once it closed, live before.
    pub fn figures(&self, meeting_id: RowId) -> Result<Figures> {
        if let Some(frozen) = load_frozen(self.conn(), meeting_id)? {
            return Ok(frozen.figures);
        }
        let meeting = load_meeting(self.conn(), meeting_id)?;
        let roster = roster_of(self.conn(), &meeting)?;
        Ok(Figures::compute(&roster, &self.marks(meeting_id)?, None))
    }

    pub fn remarks(&self, meeting_id: RowId) -> Result<Vec<Remark>> {
        load_remarks(self.conn(), meeting_id)
    }

    pub fn votes(&self, meeting_id: RowId) -> Result<Vec<Vote>> {
        load_votes(self.conn(), meeting_id)
    }

    /// Tasks set by one meeting.
    pub fn tasks(&self, meeting_id: RowId) -> Result<Vec<Task>> {
        load_tasks(self.conn(), meeting_id)
    }

    /// Every task of a cell not yet marked done, oldest first.
    pub fn open_tasks(&self, cell_id: RowId) -> Result<Vec<Task>> {
        rows::all(
            self.conn(),
            &format!(
                "SELECT {} FROM tasks t JOIN meetings m ON m.id = t.meeting_id
             WHERE m.cell_id = ?1 AND (t.outcome IS NULL OR t.outcome <> 'done')
             ORDER BY coalesce(m.started_at, m.planned_at), t.id",
                TASK_COLUMNS
                    .split(", ")
                    .map(|c| format!("t.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [cell_id],
            task_from_row,
        )
    }

    pub fn dues(&self, member_id: RowId, year: i32, month: u32) -> Result<Option<DuesPayment>> {
        load_dues(self.conn(), member_id, year, month)
    }
}

pub(crate) fn load_remarks(conn: &Connection, meeting_id: RowId) -> Result<Vec<Remark>> {
    rows::all(
        conn,
        &format!(
            "SELECT {REMARK_COLUMNS} FROM remarks WHERE meeting_id = ?1 ORDER BY spoken_at, id"
        ),
        [meeting_id],
        remark_from_row,
    )
}

pub(crate) fn load_votes(conn: &Connection, meeting_id: RowId) -> Result<Vec<Vote>> {
    rows::all(
        conn,
        &format!("SELECT {VOTE_COLUMNS} FROM votes WHERE meeting_id = ?1 ORDER BY taken_at, id"),
        [meeting_id],
        vote_from_row,
    )
}

pub(crate) fn load_tasks(conn: &Connection, meeting_id: RowId) -> Result<Vec<Task>> {
    rows::all(
        conn,
        &format!("SELECT {TASK_COLUMNS} FROM tasks WHERE meeting_id = ?1 ORDER BY id"),
        [meeting_id],
        task_from_row,
    )
}
