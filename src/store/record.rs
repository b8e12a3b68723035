//! A meeting's whole record for the rules engine, and the writes whose
//! meaning the engine defines: officers replaced at the meeting, agenda
//! items skipped or moved to the next meeting.

use rusqlite::{Connection, params};

use super::meetings::{load as load_meeting, load_agenda, load_editable, load_item};
use super::proceedings::{load_marks, roster_of};
use super::rows;
use super::{Error, Result, Store, Tx};
use crate::domain::engine::MeetingRecord;
use crate::domain::text::Problem;
use crate::domain::{AgendaItem, Figures, ItemDisposition, Meeting, MeetingStatus, RowId};

fn load_record(conn: &Connection, meeting_id: RowId) -> Result<MeetingRecord> {
    use super::proceedings as p;
    let meeting = load_meeting(conn, meeting_id)?;
    let roster = roster_of(conn, &meeting)?;
    let marks = load_marks(conn, meeting_id)?;
    let figures = match p::load_frozen(conn, meeting_id)? {
        Some(f) => f.figures,
        None => Figures::compute(&roster, &marks, None),
    };
    Ok(MeetingRecord {
        items: load_agenda(conn, meeting_id)?,
        remarks: p::load_remarks(conn, meeting_id)?,
        votes: p::load_votes(conn, meeting_id)?,
        tasks: p::load_tasks(conn, meeting_id)?,
        quality: super::live::load_quality(conn, meeting_id)?,
        preparation: super::preparation::load_preparation(conn, meeting_id)?,
        meeting,
        roster,
        marks,
        figures,
    })
}

impl Store {
    /// Everything recorded about a meeting, as the engine reads it.
    pub fn record(&self, meeting_id: RowId) -> Result<MeetingRecord> {
        load_record(self.conn(), meeting_id)
    }
}

/// Which officer of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Officer {
    /// chủ trì
    Chair,
    /// thư ký
    MinuteTaker,
}

impl Tx<'_> {
    /// The record inside this transaction (it sees its own writes).
    pub fn record(&self, meeting_id: RowId) -> Result<MeetingRecord> {
        load_record(self, meeting_id)
    }

    /// Names who chairs and who takes the minutes, two people (the minutes
    /// carry both signatures); each as [`Tx::set_officer`] does, so that a
    /// swap of the two is one change.
    pub fn set_officers(
        &mut self,
        meeting_id: RowId,
        chair: Option<RowId>,
        minute_taker: Option<RowId>,
    ) -> Result<Meeting> {
        super::meetings::distinct_officers(chair, minute_taker)?;
        self.set_officer(meeting_id, Officer::Chair, chair)?;
        self.set_officer(meeting_id, Officer::MinuteTaker, minute_taker)
    }

    /// Names who chairs or takes the minutes. When the one named before is
    /// not in the room, the new one replaces them and the minutes say so
    /// ("đồng chí X chủ trì thay đồng chí Y vắng"); the first one named
    /// stays the one replaced however often the choice changes.
    pub fn set_officer(
        &mut self,
        meeting_id: RowId,
        officer: Officer,
        member_id: Option<RowId>,
    ) -> Result<Meeting> {
        let before = load_editable(self, meeting_id)?;
        let record = self.record(meeting_id)?;
        let (current, replaced) = match officer {
            Officer::Chair => (before.chair_id, before.chair_replaces_id),
            Officer::MinuteTaker => (before.minute_taker_id, before.minute_taker_replaces_id),
        };
        let replaces = match (replaced, current) {
            (Some(first), _) if Some(first) != member_id => Some(first),
            (Some(_), _) => None,
            (None, Some(old))
                if Some(old) != member_id
                    && before.status != MeetingStatus::Planned
                    && crate::domain::engine::officer_absent(&record, Some(old)) =>
            {
                Some(old)
            }
            (None, _) => None,
        };
        let sql = match officer {
            Officer::Chair => {
                "UPDATE meetings SET chair_id = ?2, chair_replaces_id = ?3 WHERE id = ?1"
            }
            Officer::MinuteTaker => {
                "UPDATE meetings SET minute_taker_id = ?2, minute_taker_replaces_id = ?3 WHERE id = ?1"
            }
        };
        self.execute(sql, params![meeting_id, member_id, replaces])?;
        let after = self.audited_meeting(before)?;
        self.refreeze_id(meeting_id)?;
        Ok(after)
    }

    /// Records that an agenda item was not held: skipped (an optional step
    /// needs no reason, "không có"; any other step does) or moved to the
    /// next meeting, whose agenda receives it (now if it is already
    /// planned, else when it is created). None undoes it.
    pub fn settle_item(
        &mut self,
        item_id: RowId,
        disposition: Option<ItemDisposition>,
        reason: &str,
    ) -> Result<AgendaItem> {
        let before = load_item(self, item_id)?;
        let meeting = load_editable(self, before.meeting_id)?;
        if before.started_at.is_some() || before.moved_to_meeting_id.is_some() {
            return Err(Error::invalid("agenda_item", Problem::InUse));
        }
        let reason = rows::opt_line("reason", reason)?;
        if disposition.is_some() && !before.optional && reason.trim().is_empty() {
            return Err(Error::invalid("reason", Problem::Empty));
        }
        self.execute(
            "UPDATE agenda_items SET disposition = ?2, disposition_reason = ?3 WHERE id = ?1",
            params![
                item_id,
                disposition,
                if disposition.is_some() {
                    reason
                } else {
                    String::new()
                }
            ],
        )?;
        let after = load_item(self, item_id)?;
        self.audit_update("agenda_item", after.uuid, &before, &after)?;
        if disposition == Some(ItemDisposition::Moved)
            && let Some(next) = next_planned(self, &meeting)?
        {
            self.carry_moved_items(&next)?;
        }
        self.refreeze_id(meeting.id)?;
        load_item(self, item_id)
    }

    /// Puts the items moved from the cell's earlier meetings into this
    /// (planned) meeting's agenda, before its conclusion.
    pub fn carry_moved_items(&mut self, meeting: &Meeting) -> Result<usize> {
        let waiting: Vec<RowId> = rows::all(
            self,
            "SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE m.cell_id = ?1 AND a.disposition = 'moved' AND a.moved_to_meeting_id IS NULL
               AND m.id <> ?2 AND coalesce(m.started_at, m.planned_at) < ?3
             ORDER BY coalesce(m.started_at, m.planned_at), a.position",
            params![meeting.cell_id, meeting.id, meeting.planned_at],
            |r| r.get(0),
        )?;
        for id in &waiting {
            let item = load_item(self, *id)?;
            let agenda = load_agenda(self, meeting.id)?;
            let after = crate::domain::agenda::insertion_point(&agenda);
            let input = super::AgendaItemInput {
                title: item.title.clone(),
                planned_minutes: item.planned_minutes,
                presenter_id: item.presenter_id,
                notes: item.notes.clone(),
                carry_over: false,
                kind: item.kind,
                vote_kind: item.vote_kind,
                optional: item.optional,
            };
            self.insert_agenda_item(meeting.id, &input, after)?;
            self.execute(
                "UPDATE agenda_items SET moved_to_meeting_id = ?2 WHERE id = ?1",
                params![id, meeting.id],
            )?;
            let moved = load_item(self, *id)?;
            self.audit_update("agenda_item", moved.uuid, &item, &moved)?;
        }
        Ok(waiting.len())
    }
}

/// The cell's next planned meeting after this one.
fn next_planned(conn: &Connection, meeting: &Meeting) -> Result<Option<Meeting>> {
    let meetings = super::meetings::load_cell_meetings(conn, meeting.cell_id)?;
    Ok(meetings
        .into_iter()
        .filter(|m| {
            m.status == MeetingStatus::Planned
                && m.planned_at
                    > meeting
                        .date()
                        .and_hms_opt(23, 59, 59)
                        .unwrap_or(meeting.planned_at)
        })
        .min_by_key(|m| m.planned_at))
}
