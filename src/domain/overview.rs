//! A cell at a glance, for the cells screen.

use chrono::{Datelike, NaiveDate};

use super::{Cell, Meeting, Member, Roster, RosterCategory};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSummary {
    pub cell: Cell,
    /// Own official members today (exempt and away included).
    pub official: u32,
    pub probationary: u32,
    pub exempt: u32,
    /// The date of the last meeting held.
    pub last_meeting: Option<NaiveDate>,
    /// This month's regular meeting is held (a combined one counts).
    pub month_regular_held: bool,
}

pub fn summarize(
    cell: Cell,
    members: &[Member],
    meetings: &[Meeting],
    today: NaiveDate,
) -> CellSummary {
    let roster = Roster::build(members, today);
    let own = roster
        .entries
        .iter()
        .filter(|e| e.category != RosterCategory::AttachedIn);
    let (mut official, mut probationary, mut exempt) = (0, 0, 0);
    for entry in own {
        if entry.is_official() {
            official += 1;
        } else {
            probationary += 1;
        }
        if entry.category == RosterCategory::Exempt {
            exempt += 1;
        }
    }
    let held = meetings.iter().filter(|m| m.status.is_held());
    let last_meeting = held
        .clone()
        .map(Meeting::date)
        .filter(|d| *d <= today)
        .max();
    let month_regular_held = held.clone().any(|m| {
        let d = m.date();
        m.kind.is_regular() && d.year() == today.year() && d.month() == today.month()
    });
    CellSummary {
        cell,
        official,
        probationary,
        exempt,
        last_meeting,
        month_regular_held,
    }
}
