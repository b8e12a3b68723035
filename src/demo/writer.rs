//! Where the demo's meetings are written. The demo cell goes through the
//! app's own write functions (`Tx`), every check included; the committee
//! file (hundreds of cells, ten years) through `seed::SeedWriter`, which
//! keeps the cell's record in memory and writes the same rows and audit
//! entries in bulk. The demo decides what happens; a writer only records it.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{
    AgendaItem, AttendanceMark, Cell, ItemDisposition, MarkKind, Meeting, MeetingStatus, Member,
    PrepStep, RoleKind, Roster, RowId, TaskOutcome, VotingFigures,
};
use crate::store::{
    CellInput, Error, MeetingInput, MemberInput, Officer, RemarkInput, StatusEventInput, TaskInput,
    Tx, VoteInput,
};

/// The writes (and the few reads) the demo makes, named as the `Tx`
/// functions they stand for.
pub(crate) trait Writer {
    /// The moment the following changes are made. The app's functions
    /// stamp their audit entries with the clock and ignore it; a generator
    /// writing ten years at once stamps each change when it would have
    /// been made.
    fn at(&mut self, _moment: NaiveDateTime) {}
    /// The roster of a meeting about to be held, as the demo built it for
    /// its roll call (a writer that keeps the record in memory need not
    /// build it again: it sorts every name).
    fn roster_known(&mut self, _meeting_id: RowId, _roster: &Roster) {}
    fn create_cell(&mut self, input: &CellInput) -> Result<Cell, Error>;
    fn add_member(&mut self, cell_id: RowId, input: &MemberInput) -> Result<Member, Error>;
    fn add_role(
        &mut self,
        member_id: RowId,
        kind: RoleKind,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<(), Error>;
    fn add_status_event(&mut self, member_id: RowId, input: &StatusEventInput)
    -> Result<(), Error>;
    /// The cell's members in roster order, as `Tx::members` reads them.
    fn members(&mut self, cell_id: RowId) -> Result<Vec<Member>, Error>;
    /// A planned meeting with the agenda of its kind's template.
    fn create_meeting(&mut self, cell_id: RowId, input: &MeetingInput) -> Result<Meeting, Error>;
    fn set_preparation_step(
        &mut self,
        meeting_id: RowId,
        step: PrepStep,
        done_on: NaiveDate,
    ) -> Result<(), Error>;
    fn set_meeting_status(&mut self, meeting_id: RowId, status: MeetingStatus)
    -> Result<(), Error>;
    fn add_guest(&mut self, meeting_id: RowId, name: &str, title: &str) -> Result<RowId, Error>;
    fn set_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<(), Error>;
    fn set_officer(
        &mut self,
        meeting_id: RowId,
        officer: Officer,
        member_id: Option<RowId>,
    ) -> Result<(), Error>;
    fn marks(&mut self, meeting_id: RowId) -> Result<Vec<AttendanceMark>, Error>;
    fn agenda(&mut self, meeting_id: RowId) -> Result<Vec<AgendaItem>, Error>;
    fn settle_item(
        &mut self,
        item_id: RowId,
        disposition: Option<ItemDisposition>,
        reason: &str,
    ) -> Result<(), Error>;
    fn set_agenda_item_record(
        &mut self,
        item_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
        conclusion: &str,
    ) -> Result<(), Error>;
    fn set_meeting_times(
        &mut self,
        meeting_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
    ) -> Result<(), Error>;
    fn add_remark(&mut self, meeting_id: RowId, input: &RemarkInput) -> Result<(), Error>;
    fn voting_figures_at(
        &mut self,
        meeting: &Meeting,
        at: NaiveDateTime,
    ) -> Result<VotingFigures, Error>;
    fn record_vote(&mut self, meeting_id: RowId, input: &VoteInput) -> Result<(), Error>;
    fn set_task_outcome(
        &mut self,
        task_id: RowId,
        outcome: Option<TaskOutcome>,
        note: &str,
        at_meeting: RowId,
    ) -> Result<(), Error>;
    fn add_task(&mut self, meeting_id: RowId, input: &TaskInput) -> Result<RowId, Error>;
    fn set_dues(
        &mut self,
        member_id: RowId,
        year: i32,
        month: u32,
        paid: bool,
        amount: Option<i64>,
    ) -> Result<(), Error>;
    fn set_quality(&mut self, meeting_id: RowId, points: &[(String, u32)]) -> Result<(), Error>;
    fn close_meeting(&mut self, meeting_id: RowId) -> Result<(), Error>;
    fn lock_meeting(&mut self, meeting_id: RowId) -> Result<(), Error>;
    fn add_addendum(&mut self, meeting_id: RowId, text: &str) -> Result<(), Error>;
}

impl Writer for Tx<'_> {
    fn create_cell(&mut self, input: &CellInput) -> Result<Cell, Error> {
        Tx::create_cell(self, input)
    }

    fn add_member(&mut self, cell_id: RowId, input: &MemberInput) -> Result<Member, Error> {
        Tx::add_member(self, cell_id, input)
    }

    fn add_role(
        &mut self,
        member_id: RowId,
        kind: RoleKind,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<(), Error> {
        Tx::add_role(self, member_id, kind, from, until).map(drop)
    }

    fn add_status_event(
        &mut self,
        member_id: RowId,
        input: &StatusEventInput,
    ) -> Result<(), Error> {
        Tx::add_status_event(self, member_id, input).map(drop)
    }

    fn members(&mut self, cell_id: RowId) -> Result<Vec<Member>, Error> {
        Tx::members(self, cell_id)
    }

    fn create_meeting(&mut self, cell_id: RowId, input: &MeetingInput) -> Result<Meeting, Error> {
        let meeting = Tx::create_meeting(self, cell_id, input)?;
        crate::planning::add_template_agenda(self, &meeting)?;
        Ok(meeting)
    }

    fn set_preparation_step(
        &mut self,
        meeting_id: RowId,
        step: PrepStep,
        done_on: NaiveDate,
    ) -> Result<(), Error> {
        Tx::set_preparation_step(self, meeting_id, step, Some(done_on), "").map(drop)
    }

    fn set_meeting_status(
        &mut self,
        meeting_id: RowId,
        status: MeetingStatus,
    ) -> Result<(), Error> {
        Tx::set_meeting_status(self, meeting_id, status).map(drop)
    }

    fn add_guest(&mut self, meeting_id: RowId, name: &str, title: &str) -> Result<RowId, Error> {
        Tx::add_guest(self, meeting_id, name, title).map(|g| g.id)
    }

    fn set_mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        at: Option<NaiveDateTime>,
        reason: &str,
    ) -> Result<(), Error> {
        Tx::set_mark(self, meeting_id, member_id, kind, at, reason).map(drop)
    }

    fn set_officer(
        &mut self,
        meeting_id: RowId,
        officer: Officer,
        member_id: Option<RowId>,
    ) -> Result<(), Error> {
        Tx::set_officer(self, meeting_id, officer, member_id).map(drop)
    }

    fn marks(&mut self, meeting_id: RowId) -> Result<Vec<AttendanceMark>, Error> {
        Tx::marks(self, meeting_id)
    }

    fn agenda(&mut self, meeting_id: RowId) -> Result<Vec<AgendaItem>, Error> {
        Tx::agenda(self, meeting_id)
    }

    fn settle_item(
        &mut self,
        item_id: RowId,
        disposition: Option<ItemDisposition>,
        reason: &str,
    ) -> Result<(), Error> {
        Tx::settle_item(self, item_id, disposition, reason).map(drop)
    }

    fn set_agenda_item_record(
        &mut self,
        item_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
        conclusion: &str,
    ) -> Result<(), Error> {
        Tx::set_agenda_item_record(self, item_id, started_at, ended_at, conclusion).map(drop)
    }

    fn set_meeting_times(
        &mut self,
        meeting_id: RowId,
        started_at: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
    ) -> Result<(), Error> {
        Tx::set_meeting_times(self, meeting_id, started_at, ended_at).map(drop)
    }

    fn add_remark(&mut self, meeting_id: RowId, input: &RemarkInput) -> Result<(), Error> {
        Tx::add_remark(self, meeting_id, input).map(drop)
    }

    fn voting_figures_at(
        &mut self,
        meeting: &Meeting,
        at: NaiveDateTime,
    ) -> Result<VotingFigures, Error> {
        Tx::voting_figures_at(self, meeting, at)
    }

    fn record_vote(&mut self, meeting_id: RowId, input: &VoteInput) -> Result<(), Error> {
        Tx::record_vote(self, meeting_id, input).map(drop)
    }

    fn set_task_outcome(
        &mut self,
        task_id: RowId,
        outcome: Option<TaskOutcome>,
        note: &str,
        at_meeting: RowId,
    ) -> Result<(), Error> {
        Tx::set_task_outcome(self, task_id, outcome, note, at_meeting).map(drop)
    }

    fn add_task(&mut self, meeting_id: RowId, input: &TaskInput) -> Result<RowId, Error> {
        Tx::add_task(self, meeting_id, input).map(|t| t.id)
    }

    fn set_dues(
        &mut self,
        member_id: RowId,
        year: i32,
        month: u32,
        paid: bool,
        amount: Option<i64>,
    ) -> Result<(), Error> {
        Tx::set_dues(self, member_id, year, month, paid, amount).map(drop)
    }

    fn set_quality(&mut self, meeting_id: RowId, points: &[(String, u32)]) -> Result<(), Error> {
        Tx::set_quality(self, meeting_id, points)
    }

    fn close_meeting(&mut self, meeting_id: RowId) -> Result<(), Error> {
        Tx::close_meeting(self, meeting_id).map(drop)
    }

    fn lock_meeting(&mut self, meeting_id: RowId) -> Result<(), Error> {
        Tx::lock_meeting(self, meeting_id).map(drop)
    }

    fn add_addendum(&mut self, meeting_id: RowId, text: &str) -> Result<(), Error> {
        Tx::add_addendum(self, meeting_id, text).map(drop)
    }
}
