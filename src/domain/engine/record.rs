//! Everything recorded about one meeting, as the engine reads it.

use crate::domain::{
    AgendaItem, AttendanceMark, Figures, Meeting, PreparationStep, Remark, Roster, RowId, Task,
    Vote,
};

/// A meeting's record: the roster on its date (frozen once closed), the
/// marks, the figures (frozen once closed), and what was said and decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub roster: Roster,
    pub marks: Vec<AttendanceMark>,
    pub figures: Figures,
    pub items: Vec<AgendaItem>,
    pub remarks: Vec<Remark>,
    pub votes: Vec<Vote>,
    pub tasks: Vec<Task>,
    /// The quality self-assessment: points per rubric criterion.
    pub quality: Vec<(String, u32)>,
    pub preparation: Vec<PreparationStep>,
}

impl MeetingRecord {
    /// The member's name on the roster (or their id when not on it).
    pub fn name(&self, member_id: RowId) -> String {
        self.roster
            .entry(member_id)
            .map(|e| e.full_name.clone())
            .unwrap_or_else(|| format!("#{member_id}"))
    }

    /// Whether a member was in the room (present, late, left early; an exempt
    /// member who came counts too).
    pub fn attended(&self, member_id: RowId) -> bool {
        self.marks
            .iter()
            .any(|m| m.member_id == member_id && m.kind.is_present())
    }

    /// Whether an officer was in the room at the end: present or late; one
    /// who left early was not there to close the meeting.
    pub fn present_at_close(&self, member_id: RowId) -> bool {
        self.marks.iter().any(|m| {
            m.member_id == member_id
                && matches!(
                    m.kind,
                    crate::domain::MarkKind::Present | crate::domain::MarkKind::Late
                )
        })
    }

    /// Whether a member is marked absent (with or without a reason) or left
    /// early: not merely not yet marked.
    pub fn marked_away(&self, member_id: RowId) -> bool {
        self.marks.iter().any(|m| {
            m.member_id == member_id
                && matches!(
                    m.kind,
                    crate::domain::MarkKind::AbsentExcused
                        | crate::domain::MarkKind::AbsentUnexcused
                        | crate::domain::MarkKind::LeftEarly
                )
        })
    }

    /// Whether a member is on the roll call and not marked yet.
    pub fn awaiting_mark(&self, member_id: RowId) -> bool {
        self.roster.expected().any(|e| e.member_id == member_id)
            && !self.marks.iter().any(|m| m.member_id == member_id)
    }

    /// Whether anything was recorded that makes the meeting held.
    pub fn has_records(&self) -> bool {
        !self.marks.is_empty()
            || !self.remarks.is_empty()
            || !self.votes.is_empty()
            || !self.tasks.is_empty()
            || self.meeting.started_at.is_some()
            || self.items.iter().any(|i| i.started_at.is_some())
    }
}
