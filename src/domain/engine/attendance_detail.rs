//! The attendance details the minutes print beyond the figures: who is in
//! P by category (chính thức / dự bị / sinh hoạt tạm thời, DOMAIN §3.11),
//! the exempt members who came (k), late arrivals and early leavers with
//! their times, and the month's dues of the members who pay them here.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::MeetingRecord;
use crate::domain::{DuesPayment, MarkKind, RosterCategory, RowId};

/// P split by category: official + probationary + attached_in = P.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PresentSplit {
    /// chính thức: own official members expected and present.
    pub official: u32,
    /// dự bị: own probationary members expected and present.
    pub probationary: u32,
    /// sinh hoạt tạm thời: members of other cells attached here, present.
    pub attached_in: u32,
}

/// A member who came late or left early, with the time marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedMark {
    pub name: String,
    pub at: Option<NaiveDateTime>,
}

/// The meeting's attendance beyond its figures, from its roster and marks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttendanceDetail {
    pub present: PresentSplit,
    /// k by name: exempt members who came (never in P).
    pub exempt_present: Vec<String>,
    pub late: Vec<TimedMark>,
    pub left_early: Vec<TimedMark>,
}

fn present(record: &MeetingRecord, member_id: RowId) -> bool {
    record
        .marks
        .iter()
        .any(|m| m.member_id == member_id && m.kind.is_present())
}

/// The split of P, the exempt members present, the late and early.
pub fn attendance_detail(record: &MeetingRecord) -> AttendanceDetail {
    let mut detail = AttendanceDetail::default();
    for entry in &record.roster.entries {
        if !present(record, entry.member_id) {
            continue;
        }
        match entry.category {
            RosterCategory::Expected if entry.is_official() => detail.present.official += 1,
            RosterCategory::Expected => detail.present.probationary += 1,
            RosterCategory::AttachedIn => detail.present.attached_in += 1,
            RosterCategory::Exempt => detail.exempt_present.push(entry.full_name.clone()),
            RosterCategory::Away | RosterCategory::Suspended => {}
        }
    }
    // In roster order, as the roll call reads.
    for entry in &record.roster.entries {
        for mark in record
            .marks
            .iter()
            .filter(|m| m.member_id == entry.member_id)
        {
            match mark.kind {
                MarkKind::Late => detail.late.push(TimedMark {
                    name: entry.full_name.clone(),
                    at: mark.arrived_at,
                }),
                MarkKind::LeftEarly => detail.left_early.push(TimedMark {
                    name: entry.full_name.clone(),
                    at: mark.left_at,
                }),
                _ => {}
            }
        }
    }
    detail
}

/// The dues of the meeting's month for the cell's own members on its
/// roster (members attached in pay where they belong): who paid, who is
/// recorded unpaid, how many have nothing recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DuesStatus {
    pub members: u32,
    pub paid: u32,
    pub unpaid: Vec<String>,
    pub not_recorded: u32,
}

pub fn dues_status(record: &MeetingRecord, dues: &HashMap<RowId, DuesPayment>) -> DuesStatus {
    let mut status = DuesStatus::default();
    for entry in &record.roster.entries {
        if entry.category == RosterCategory::AttachedIn {
            continue;
        }
        status.members += 1;
        match dues.get(&entry.member_id) {
            Some(d) if d.paid => status.paid += 1,
            Some(_) => status.unpaid.push(entry.full_name.clone()),
            None => status.not_recorded += 1,
        }
    }
    status
}
