//! The writer of the committee file: the meeting being written is kept in
//! memory (its agenda, marks, remarks, votes, tasks), so that what the
//! app's functions read back from the file for every row — the roster, the
//! figures of a vote, the engine's blockers at close — comes from memory,
//! and its rows go to the file through the store's bulk functions
//! (`store/seed.rs`) with the audit entries the app would have left.
//! Changes that are rare (cells, members, offices, guests, the chair
//! replaced, an addendum) go through the app's own functions.
//!
//! The rules stay the app's: the same roster and figures
//! (`Roster::build`, `Figures::compute`), the same blockers refuse to close
//! a meeting, the same findings are frozen at close.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::writer::Writer;
use crate::assets;
use crate::domain::agenda::StepKind;
use crate::domain::engine::{self, MeetingRecord};
use crate::domain::{
    AgendaItem, AttendanceMark, Cell, Figures, ItemDisposition, MarkKind, Meeting, MeetingStatus,
    Member, PrepStep, PreparationStep, Remark, RoleKind, Roster, RowId, Task, TaskOutcome, Vote,
    VotingFigures,
};
use crate::store::{
    CellInput, Error, Frozen, MeetingInput, MemberInput, Officer, RemarkInput, StatusEventInput,
    TaskInput, Tx, VoteInput,
};

/// The meeting being written, as the file holds it.
struct Open {
    meeting: Meeting,
    items: Vec<AgendaItem>,
    marks: Vec<AttendanceMark>,
    remarks: Vec<Remark>,
    votes: Vec<Vote>,
    tasks: Vec<Task>,
    quality: Vec<(String, u32)>,
    preparation: Vec<PreparationStep>,
    /// Built once per meeting: members do not change while it is held.
    roster: Option<Roster>,
}

pub(crate) struct SeedWriter<'a, 'c> {
    tx: &'a mut Tx<'c>,
    cell_id: RowId,
    /// The cell's members as `Tx::members` reads them (roster order).
    members: Vec<Member>,
    members_stale: bool,
    /// The cell's meetings written so far.
    meetings: Vec<Meeting>,
    open: Option<Open>,
    /// The cell's tasks, for their outcomes at later meetings.
    tasks: HashMap<RowId, Task>,
}

fn not_open() -> Error {
    Error::NotFound("meeting")
}

impl<'a, 'c> SeedWriter<'a, 'c> {
    pub(crate) fn new(tx: &'a mut Tx<'c>) -> Self {
        SeedWriter {
            tx,
            cell_id: 0,
            members: Vec::new(),
            members_stale: true,
            meetings: Vec::new(),
            open: None,
            tasks: HashMap::new(),
        }
    }

    fn open(&mut self, meeting_id: RowId) -> Result<&mut Open, Error> {
        match self.open.as_mut() {
            Some(open) if open.meeting.id == meeting_id => Ok(open),
            _ => Err(not_open()),
        }
    }

    fn fresh_members(&mut self) -> Result<(), Error> {
        if self.members_stale {
            self.members = self.tx.members(self.cell_id)?;
            self.members_stale = false;
        }
        Ok(())
    }

    fn roster(&mut self, meeting_id: RowId) -> Result<Roster, Error> {
        self.fresh_members()?;
        let members = &self.members;
        let open = match self.open.as_mut() {
            Some(open) if open.meeting.id == meeting_id => open,
            _ => return Err(not_open()),
        };
        if open.roster.is_none() {
            open.roster = Some(Roster::build(members, open.meeting.date()));
        }
        Ok(open.roster.clone().unwrap_or_default())
    }

    /// Writes the open meeting's new state (and its frozen record).
    fn update_meeting(&mut self, after: Meeting, frozen: Option<&str>) -> Result<(), Error> {
        let open = self.open.as_mut().ok_or_else(not_open)?;
        let before = std::mem::replace(&mut open.meeting, after.clone());
        self.tx.seed_meeting_update(&before, &after, frozen)?;
        if let Some(m) = self.meetings.iter_mut().find(|m| m.id == after.id) {
            *m = after;
        }
        Ok(())
    }

    fn update_item(&mut self, after: AgendaItem) -> Result<(), Error> {
        let open = self.open(after.meeting_id)?;
        let Some(slot) = open.items.iter_mut().find(|i| i.id == after.id) else {
            return Err(Error::NotFound("agenda item"));
        };
        let before = std::mem::replace(slot, after.clone());
        let stamp = after.ended_at.or(after.started_at);
        if let Some(at) = stamp {
            self.tx.set_now(at);
        }
        self.tx.seed_item_update(&before, &after)
    }

    fn item(&self, item_id: RowId) -> Result<AgendaItem, Error> {
        self.open
            .as_ref()
            .and_then(|o| o.items.iter().find(|i| i.id == item_id))
            .cloned()
            .ok_or(Error::NotFound("agenda item"))
    }

    /// The open meeting's record as `Store::record` reads it.
    fn record(&mut self, meeting_id: RowId) -> Result<MeetingRecord, Error> {
        let roster = self.roster(meeting_id)?;
        let open = self.open(meeting_id)?;
        let figures = Figures::compute(&roster, &open.marks, None);
        let mut items = open.items.clone();
        items.sort_by_key(|i| (i.position, i.id));
        let mut remarks = open.remarks.clone();
        remarks.sort_by_key(|r| (r.spoken_at, r.id));
        let mut votes = open.votes.clone();
        votes.sort_by_key(|v| (v.taken_at, v.id));
        Ok(MeetingRecord {
            meeting: open.meeting.clone(),
            roster,
            marks: open.marks.clone(),
            figures,
            items,
            remarks,
            votes,
            tasks: open.tasks.clone(),
            quality: open.quality.clone(),
            preparation: open.preparation.clone(),
        })
    }

    /// The cell's meetings as `load_cell_meetings` orders them (newest first).
    fn others(&self) -> Vec<Meeting> {
        let mut others = self.meetings.clone();
        others.sort_by(|a, b| {
            let when = |m: &Meeting| m.started_at.unwrap_or(m.planned_at);
            when(b).cmp(&when(a)).then(b.id.cmp(&a.id))
        });
        others
    }
}

impl Writer for SeedWriter<'_, '_> {
    fn at(&mut self, moment: NaiveDateTime) {
        self.tx.set_now(moment);
    }

    fn roster_known(&mut self, meeting_id: RowId, roster: &Roster) {
        // Built from the same members for the same day as `roster()` would.
        if !self.members_stale
            && let Some(open) = self.open.as_mut()
            && open.meeting.id == meeting_id
        {
            open.roster = Some(roster.clone());
        }
    }

    fn create_cell(&mut self, input: &CellInput) -> Result<Cell, Error> {
        let cell = self.tx.create_cell(input)?;
        self.cell_id = cell.id;
        self.members_stale = true;
        Ok(cell)
    }

    fn add_member(&mut self, cell_id: RowId, input: &MemberInput) -> Result<Member, Error> {
        self.members_stale = true;
        self.tx.add_member(cell_id, input)
    }

    fn add_role(
        &mut self,
        member_id: RowId,
        kind: RoleKind,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<(), Error> {
        self.members_stale = true;
        self.tx.add_role(member_id, kind, from, until).map(drop)
    }

    fn add_status_event(
        &mut self,
        member_id: RowId,
        input: &StatusEventInput,
    ) -> Result<(), Error> {
        self.members_stale = true;
        self.tx.add_status_event(member_id, input).map(drop)
    }

    fn members(&mut self, cell_id: RowId) -> Result<Vec<Member>, Error> {
        if cell_id != self.cell_id {
            self.cell_id = cell_id;
            self.members_stale = true;
        }
        self.fresh_members()?;
        Ok(self.members.clone())
    }

    fn create_meeting(&mut self, cell_id: RowId, input: &MeetingInput) -> Result<Meeting, Error> {
        let meeting = self.tx.seed_meeting(cell_id, input)?;
        let template = assets::template(meeting.kind).ok_or_else(|| {
            Error::Import(format!("no agenda template for {}", meeting.kind.code()))
        })?;
        let mut items = Vec::new();
        for (n, item) in crate::planning::template_items(template, meeting.chair_id)
            .iter()
            .enumerate()
        {
            items.push(self.tx.seed_agenda_item(meeting.id, n as i64 + 1, item)?);
        }
        self.meetings.push(meeting.clone());
        self.open = Some(Open {
            meeting: meeting.clone(),
            items,
            marks: Vec::new(),
            remarks: Vec::new(),
            votes: Vec::new(),
            tasks: Vec::new(),
            quality: Vec::new(),
            preparation: Vec::new(),
            roster: None,
        });
        Ok(meeting)
    }

    fn set_preparation_step(
        &mut self,
        meeting_id: RowId,
        step: PrepStep,
        done_on: NaiveDate,
    ) -> Result<(), Error> {
        self.open(meeting_id)?;
        let done = self.tx.seed_preparation(meeting_id, step, done_on)?;
        self.open(meeting_id)?.preparation.push(done);
        Ok(())
    }

    fn set_meeting_status(
        &mut self,
        meeting_id: RowId,
        status: MeetingStatus,
    ) -> Result<(), Error> {
        let meeting = self.open(meeting_id)?.meeting.clone();
        if matches!(status, MeetingStatus::Closed | MeetingStatus::Locked) {
            return Err(Error::invalid(
                "status",
                crate::domain::text::Problem::Malformed,
            ));
        }
        self.update_meeting(Meeting { status, ..meeting }, None)
    }

    fn add_guest(&mut self, meeting_id: RowId, name: &str, title: &str) -> Result<RowId, Error> {
        self.open(meeting_id)?;
        Ok(self.tx.add_guest(meeting_id, name, title)?.id)
    }

    fn set_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<(), Error> {
        let open = self.open(meeting_id)?;
        let meeting = &open.meeting;
        if open.marks.iter().any(|m| m.member_id == member_id) {
            // The demo marks each member once; a second mark would be an
            // update, which this writer does not make.
            return Err(Error::invalid(
                "attendance",
                crate::domain::text::Problem::InUse,
            ));
        }
        let stamp = at.unwrap_or(meeting.started_at.unwrap_or(meeting.planned_at));
        let (arrived_at, left_at) = match kind {
            MarkKind::Late => (Some(stamp), None),
            MarkKind::LeftEarly => (None, Some(stamp)),
            _ => (None, None),
        };
        let mark = self
            .tx
            .seed_mark(meeting_id, member_id, kind, arrived_at, left_at, reason)?;
        self.open(meeting_id)?.marks.push(mark);
        Ok(())
    }

    fn set_officer(
        &mut self,
        meeting_id: RowId,
        officer: Officer,
        member_id: Option<RowId>,
    ) -> Result<(), Error> {
        // Rare (once per cell): the app's own function, which reads the
        // record back from the file (every row of it is written already).
        self.open(meeting_id)?;
        let after = self.tx.set_officer(meeting_id, officer, member_id)?;
        if let Some(open) = self.open.as_mut() {
            open.meeting = after.clone();
        }
        if let Some(m) = self.meetings.iter_mut().find(|m| m.id == after.id) {
            *m = after;
        }
        Ok(())
    }

    fn marks(&mut self, meeting_id: RowId) -> Result<Vec<AttendanceMark>, Error> {
        Ok(self.open(meeting_id)?.marks.clone())
    }

    fn agenda(&mut self, meeting_id: RowId) -> Result<Vec<AgendaItem>, Error> {
        let mut items = self.open(meeting_id)?.items.clone();
        items.sort_by_key(|i| (i.position, i.id));
        Ok(items)
    }

    fn settle_item(
        &mut self,
        item_id: RowId,
        disposition: Option<ItemDisposition>,
        reason: &str,
    ) -> Result<(), Error> {
        let before = self.item(item_id)?;
        if before.started_at.is_some() || disposition == Some(ItemDisposition::Moved) {
            // Moving an item reaches the next meeting's agenda: not done here.
            return Err(Error::invalid(
                "agenda_item",
                crate::domain::text::Problem::InUse,
            ));
        }
        if disposition.is_some() && !before.optional && reason.trim().is_empty() {
            return Err(Error::invalid(
                "reason",
                crate::domain::text::Problem::Empty,
            ));
        }
        let after = AgendaItem {
            disposition,
            disposition_reason: if disposition.is_some() {
                reason.to_string()
            } else {
                String::new()
            },
            ..before
        };
        self.update_item(after)
    }

    fn set_agenda_item_record(
        &mut self,
        item_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
        conclusion: &str,
    ) -> Result<(), Error> {
        let before = self.item(item_id)?;
        let after = AgendaItem {
            started_at,
            ended_at,
            conclusion: conclusion.to_string(),
            ..before
        };
        self.update_item(after)
    }

    fn set_meeting_times(
        &mut self,
        meeting_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
    ) -> Result<(), Error> {
        let meeting = self.open(meeting_id)?.meeting.clone();
        if let (Some(start), Some(end)) = (started_at, ended_at)
            && end < start
        {
            return Err(Error::invalid(
                "ended_at",
                crate::domain::text::Problem::EndBeforeStart,
            ));
        }
        let status = match (meeting.status, started_at) {
            (MeetingStatus::Planned, Some(_)) => MeetingStatus::InProgress,
            (status, _) => status,
        };
        if let Some(end) = ended_at {
            self.tx.set_now(end);
        }
        self.update_meeting(
            Meeting {
                started_at,
                ended_at,
                status,
                ..meeting
            },
            None,
        )
    }

    fn add_remark(&mut self, meeting_id: RowId, input: &RemarkInput) -> Result<(), Error> {
        let spoken_at = input.spoken_at.unwrap_or(self.tx.now());
        self.open(meeting_id)?;
        let now = self.tx.now();
        self.tx.set_now(spoken_at);
        let remark = self.tx.seed_remark(meeting_id, input, spoken_at)?;
        self.tx.set_now(now);
        self.open(meeting_id)?.remarks.push(remark);
        Ok(())
    }

    fn voting_figures_at(
        &mut self,
        meeting: &Meeting,
        at: NaiveDateTime,
    ) -> Result<VotingFigures, Error> {
        let roster = self.roster(meeting.id)?;
        let open = self.open(meeting.id)?;
        Ok(Figures::compute(&roster, &open.marks, Some(at)).voting())
    }

    fn record_vote(&mut self, meeting_id: RowId, input: &VoteInput) -> Result<(), Error> {
        let taken_at = input.taken_at.unwrap_or(self.tx.now());
        let meeting = self.open(meeting_id)?.meeting.clone();
        let figures = self.voting_figures_at(&meeting, taken_at)?;
        input.check_tally(figures)?;
        let now = self.tx.now();
        self.tx.set_now(taken_at);
        let vote = self.tx.seed_vote(meeting_id, input, taken_at, figures)?;
        self.tx.set_now(now);
        self.open(meeting_id)?.votes.push(vote);
        Ok(())
    }

    fn set_task_outcome(
        &mut self,
        task_id: RowId,
        outcome: Option<TaskOutcome>,
        note: &str,
        at_meeting: RowId,
    ) -> Result<(), Error> {
        self.open(at_meeting)?;
        let Some(outcome) = outcome else {
            // Taking a report back is a correction the demo never makes.
            return Err(Error::invalid(
                "outcome",
                crate::domain::text::Problem::Empty,
            ));
        };
        let before = self
            .tasks
            .get(&task_id)
            .cloned()
            .ok_or(Error::NotFound("task"))?;
        let after = self
            .tx
            .seed_task_report(&before, outcome, note, at_meeting)?;
        if let Some(open) = self.open.as_mut()
            && let Some(t) = open.tasks.iter_mut().find(|t| t.id == task_id)
        {
            *t = after.clone();
        }
        self.tasks.insert(task_id, after);
        Ok(())
    }

    fn add_task(&mut self, meeting_id: RowId, input: &TaskInput) -> Result<RowId, Error> {
        self.open(meeting_id)?;
        let task = self.tx.seed_task(meeting_id, input)?;
        let id = task.id;
        self.tasks.insert(id, task.clone());
        self.open(meeting_id)?.tasks.push(task);
        Ok(id)
    }

    fn set_dues(
        &mut self,
        member_id: RowId,
        year: i32,
        month: u32,
        paid: bool,
        amount: Option<i64>,
    ) -> Result<(), Error> {
        if !(1..=12).contains(&month) || amount.is_some_and(|a| a < 0) {
            return Err(Error::invalid(
                "dues",
                crate::domain::text::Problem::OutOfRange,
            ));
        }
        self.tx
            .seed_dues(member_id, year, month, paid, amount)
            .map(drop)
    }

    fn set_quality(&mut self, meeting_id: RowId, points: &[(String, u32)]) -> Result<(), Error> {
        let meeting = self.open(meeting_id)?.meeting.clone();
        if !self.open(meeting_id)?.quality.is_empty() {
            return Err(Error::invalid(
                "quality",
                crate::domain::text::Problem::InUse,
            ));
        }
        self.tx.seed_quality(&meeting, points)?;
        self.open(meeting_id)?.quality = points.to_vec();
        Ok(())
    }

    /// As `Tx::close_meeting`: the running item ends with the meeting, the
    /// closing step is held at the end, the engine's blockers refuse, and
    /// the roster, figures and findings are frozen.
    fn close_meeting(&mut self, meeting_id: RowId) -> Result<(), Error> {
        let before = self.open(meeting_id)?.meeting.clone();
        if before.status != MeetingStatus::InProgress {
            return Err(Error::invalid(
                "status",
                crate::domain::text::Problem::Malformed,
            ));
        }
        if let Some(end) = before.ended_at {
            let items = self.open(meeting_id)?.items.clone();
            for item in items {
                let closing = item.kind == StepKind::Closing
                    && item.started_at.is_none()
                    && item.disposition.is_none();
                if item.is_running() {
                    let after = AgendaItem {
                        ended_at: Some(end),
                        ..item
                    };
                    self.update_item(after)?;
                } else if closing {
                    let after = AgendaItem {
                        started_at: Some(end),
                        ended_at: Some(end),
                        ..item
                    };
                    self.update_item(after)?;
                }
            }
        }
        let book = assets::rulebook()?;
        let record = self.record(meeting_id)?;
        let blockers = engine::close_blockers(&record, book);
        if !blockers.is_empty() {
            return Err(Error::Blocked(blockers));
        }
        let closed = Meeting {
            status: MeetingStatus::Closed,
            ..before
        };
        if let Some(m) = self.meetings.iter_mut().find(|m| m.id == meeting_id) {
            *m = closed.clone();
        }
        let stamp = closed.ended_at.unwrap_or(closed.planned_at) + Duration::minutes(5);
        self.tx.set_now(stamp);
        let mut record = record;
        record.meeting = closed.clone();
        let findings = engine::meeting_findings(&record, book, &self.others(), stamp);
        let frozen = serde_json::to_string(&Frozen {
            roster: record.roster,
            figures: record.figures,
            findings,
        })
        .map_err(|e| Error::Corrupt(e.to_string()))?;
        self.update_meeting(closed, Some(&frozen))
    }

    fn lock_meeting(&mut self, meeting_id: RowId) -> Result<(), Error> {
        let before = self.open(meeting_id)?.meeting.clone();
        if before.status != MeetingStatus::Closed {
            return Err(Error::invalid(
                "status",
                crate::domain::text::Problem::Malformed,
            ));
        }
        // Locked the next morning, once the minutes are signed. Nothing
        // changed since close, whose blockers were checked.
        let day = before.ended_at.unwrap_or(before.planned_at).date() + Duration::days(1);
        self.tx
            .set_now(day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN)));
        self.update_meeting(
            Meeting {
                status: MeetingStatus::Locked,
                ..before
            },
            None,
        )
    }

    fn add_addendum(&mut self, meeting_id: RowId, text: &str) -> Result<(), Error> {
        self.tx.add_addendum(meeting_id, text).map(drop)
    }
}
