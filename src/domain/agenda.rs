//! Agenda templates (assets/agendas/*.toml): the prescribed order of a kind
//! of meeting, as data. A step says who leads it and what it records, so no
//! code ever decides anything from a step's title.

use serde::Deserialize;

use super::{MeetingKind, VoteKind, coded_enum};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub kind: MeetingKind,
    pub name: String,
    /// Which rule set applies: "in_force" (on the meeting's date) or a set id.
    pub rules: String,
    /// The guideline the order follows.
    pub basis: String,
    pub steps: Vec<Step>,
}

coded_enum! {
    /// Who leads a step.
    pub enum Lead {
        /// chủ trì (bí thư, or phó bí thư in their place)
        Chair => "chair",
        /// bí thư chi bộ
        PartySecretary => "party_secretary",
        /// chi ủy (or bí thư where there is no committee)
        Committee => "committee",
        /// thư ký of the meeting
        MinuteTaker => "minute_taker",
        /// a member given the item (người được phân công)
        Assignee => "assignee",
        /// đảng viên: the members in discussion
        Members => "members",
        /// đảng viên có quyền biểu quyết
        Voters => "voters",
        /// đại biểu cấp trên
        Guest => "guest",
        /// the person the meeting is about (đảng viên mới, đảng viên dự bị)
        Candidate => "candidate",
    }
}

impl Lead {
    /// Led by whoever chairs the meeting: the item's presenter defaults to the chair.
    pub fn is_chair(self) -> bool {
        matches!(self, Self::Chair | Self::PartySecretary)
    }
}

coded_enum! {
    /// What a step records in the minutes.
    pub enum StepKind {
        /// ổn định tổ chức, điểm danh: the start time
        Opening => "opening",
        /// giới thiệu đại biểu: guests and titles
        Guests => "guests",
        /// báo cáo tình hình đảng viên dự họp: the attendance figures
        AttendanceReport => "attendance_report",
        /// cử thư ký
        MinuteTaker => "minute_taker",
        /// thông báo thu nộp đảng phí
        Dues => "dues",
        /// a report or presentation: what was conveyed
        Report => "report",
        /// đánh giá kết quả nhiệm vụ tháng trước: each earlier task's outcome
        TaskReview => "task_review",
        /// thảo luận: each speaker's name and opinion
        Discussion => "discussion",
        /// kết luận (và phân công nhiệm vụ)
        Conclusion => "conclusion",
        /// a step whose record is a vote (its kind in `vote`)
        Vote => "vote",
        /// đánh giá, chấm điểm chất lượng buổi sinh hoạt
        Quality => "quality",
        /// thư ký đọc biên bản; thông qua biên bản
        MinutesApproval => "minutes_approval",
        /// bế mạc: the end time
        Closing => "closing",
        /// an item added by the secretary
        Other => "other",
    }
}

/// An item typed by hand is "other" (the macro's enums derive no Default).
#[allow(clippy::derivable_impls)]
impl Default for StepKind {
    fn default() -> Self {
        StepKind::Other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Who does it, as the guideline words it.
    pub who: String,
    pub lead: Lead,
    pub kind: StepKind,
    /// The vote this step takes, if any; it presets the vote's kind and so
    /// its majority rule.
    #[serde(default)]
    pub vote: Option<VoteKind>,
    /// Default planned minutes.
    pub minutes: u32,
    /// What the minutes must record, as the guideline words it.
    pub records: String,
    /// Held only when there is something to do ("nếu có"): skipped with one
    /// key, no reason needed.
    #[serde(default)]
    pub optional: bool,
    /// The review of earlier tasks: open tasks are carried into it.
    #[serde(default)]
    pub carry_over: bool,
    /// Where the step comes from when it is not in the guideline of the
    /// template (a charter article, a local practice).
    #[serde(default)]
    pub source: Option<String>,
}

impl Template {
    pub fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}

/// Where an item carried from an earlier meeting goes in an agenda: after
/// the position returned (before the conclusion, else before the approval
/// of the minutes, else before the closing); None: at the end.
pub fn insertion_point(items: &[super::AgendaItem]) -> Option<i64> {
    [
        StepKind::Conclusion,
        StepKind::MinutesApproval,
        StepKind::Closing,
    ]
    .iter()
    .find_map(|kind| items.iter().find(|i| i.kind == *kind))
    .map(|i| i.position - 1)
}

/// What Enter on an agenda item does to the agenda clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advance {
    /// Items whose times change: (item, started, ended).
    pub changes: Vec<(
        super::RowId,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    )>,
    /// The item to select afterwards.
    pub selected: super::RowId,
}

/// Enter on an item at `now`: an item not started starts (any other running
/// item ends); a running item ends and the next item still to hold (not
/// started, not skipped or moved) starts; a finished or skipped item
/// changes nothing.
pub fn advance(
    items: &[super::AgendaItem],
    item_id: super::RowId,
    now: chrono::NaiveDateTime,
) -> Option<Advance> {
    let pos = items.iter().position(|i| i.id == item_id)?;
    let item = &items[pos];
    let mut changes: Vec<_> = items
        .iter()
        .filter(|i| i.is_running() && i.id != item_id)
        .map(|i| (i.id, i.started_at, Some(now)))
        .collect();
    if item.disposition.is_some() {
        return Some(Advance {
            changes: Vec::new(),
            selected: item_id,
        });
    }
    let selected = match (item.started_at, item.ended_at) {
        (None, _) => {
            changes.push((item.id, Some(now), None));
            item.id
        }
        (Some(start), None) => {
            changes.push((item.id, Some(start), Some(now)));
            match items[pos + 1..]
                .iter()
                .find(|i| i.started_at.is_none() && i.disposition.is_none())
            {
                Some(next) => {
                    changes.push((next.id, Some(now), None));
                    next.id
                }
                None => item.id,
            }
        }
        (Some(_), Some(_)) => item.id,
    };
    Some(Advance { changes, selected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgendaItem, ItemDisposition};
    use chrono::NaiveDate;

    fn t(h: u32, m: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 10)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn item(id: i64) -> AgendaItem {
        AgendaItem::sample(id, 5)
    }

    #[test]
    fn enter_on_a_running_item_ends_it_and_starts_the_next_to_hold() {
        let mut items: Vec<AgendaItem> = (1..=4).map(item).collect();
        items[0].started_at = Some(t(14, 0));
        items[1].disposition = Some(ItemDisposition::Skipped);
        let a = advance(&items, 1, t(14, 7)).unwrap();
        assert_eq!(
            a.changes,
            vec![
                (1, Some(t(14, 0)), Some(t(14, 7))),
                (3, Some(t(14, 7)), None)
            ]
        );
        assert_eq!(a.selected, 3);
    }

    #[test]
    fn enter_on_an_item_not_started_starts_it_and_ends_the_running_one() {
        let mut items: Vec<AgendaItem> = (1..=3).map(item).collect();
        items[0].started_at = Some(t(14, 0));
        let a = advance(&items, 3, t(14, 9)).unwrap();
        assert_eq!(
            a.changes,
            vec![
                (1, Some(t(14, 0)), Some(t(14, 9))),
                (3, Some(t(14, 9)), None)
            ]
        );
        assert_eq!(a.selected, 3);
    }

    #[test]
    fn insertion_point_is_before_the_conclusion() {
        let mut items: Vec<AgendaItem> = (1..=4).map(item).collect();
        items[2].kind = StepKind::Conclusion;
        items[3].kind = StepKind::Closing;
        assert_eq!(insertion_point(&items), Some(2));
        items[2].kind = StepKind::Other;
        assert_eq!(insertion_point(&items), Some(3));
    }
}
