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
