use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::agenda::StepKind;
use super::{RowId, coded_enum};

coded_enum! {
    pub enum MeetingKind {
        /// sinh hoạt thường kỳ
        Regular => "regular",
        /// sinh hoạt chuyên đề
        Thematic => "thematic",
        /// thường kỳ kết hợp chuyên đề: counts as both
        Combined => "combined",
        /// họp bất thường
        Extraordinary => "extraordinary",
        /// kết nạp đảng viên
        Admission => "admission",
        /// công nhận đảng viên chính thức
        Recognition => "recognition",
        /// kiểm điểm, đánh giá, xếp loại cuối năm
        YearEndReview => "year_end_review",
        /// đại hội chi bộ
        Congress => "congress",
    }
}

impl MeetingKind {
    /// Counts as the month's regular meeting.
    pub fn is_regular(self) -> bool {
        matches!(self, Self::Regular | Self::Combined)
    }

    /// Counts as the quarter's thematic meeting.
    pub fn is_thematic(self) -> bool {
        matches!(self, Self::Thematic | Self::Combined)
    }
}

coded_enum! {
    pub enum MeetingStatus {
        /// dự kiến
        Planned => "planned",
        /// đang họp
        InProgress => "in_progress",
        /// đã kết thúc: figures frozen, corrections still possible before lock
        Closed => "closed",
        /// đã khóa: read-only; corrections are dated addenda
        Locked => "locked",
        /// đã hủy: kept, marked
        Cancelled => "cancelled",
    }
}

impl MeetingStatus {
    pub fn is_held(self) -> bool {
        matches!(self, Self::InProgress | Self::Closed | Self::Locked)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: RowId,
    pub uuid: Uuid,
    pub cell_id: RowId,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// The topic of a thematic meeting, or a short title.
    pub title: String,
    pub planned_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub place: String,
    /// chủ trì
    pub chair_id: Option<RowId>,
    /// thư ký (chosen per meeting)
    pub minute_taker_id: Option<RowId>,
    /// The chair named beforehand who was absent, when `chair_id` was chosen
    /// at the meeting in their place ("chủ trì thay đồng chí … vắng").
    pub chair_replaces_id: Option<RowId>,
    /// The same for the minute-taker.
    pub minute_taker_replaces_id: Option<RowId>,
}

impl Meeting {
    /// A meeting not yet stored (a form being typed, a test): planned, with
    /// nothing else recorded.
    pub fn draft(id: RowId, cell_id: RowId, kind: MeetingKind, planned_at: NaiveDateTime) -> Self {
        Meeting {
            id,
            uuid: Uuid::nil(),
            cell_id,
            kind,
            status: MeetingStatus::Planned,
            title: String::new(),
            planned_at,
            started_at: None,
            ended_at: None,
            place: String::new(),
            chair_id: None,
            minute_taker_id: None,
            chair_replaces_id: None,
            minute_taker_replaces_id: None,
        }
    }

    /// The day whose roster and rules apply.
    pub fn date(&self) -> NaiveDate {
        self.started_at.unwrap_or(self.planned_at).date()
    }

    pub fn duration_minutes(&self) -> Option<i64> {
        Some((self.ended_at? - self.started_at?).num_minutes())
    }
}

/// đại biểu: a guest of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guest {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub name: String,
    /// chức vụ, e.g. "Đảng ủy viên, phụ trách chi bộ"
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub position: i64,
    pub title: String,
    pub planned_minutes: i64,
    pub presenter_id: Option<RowId>,
    pub notes: String,
    pub started_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    /// kết luận của chủ trì
    pub conclusion: String,
    /// The review of earlier tasks: open tasks are carried into it.
    pub carry_over: bool,
    /// What the item records (from its template step; `Other` when added by hand).
    pub kind: StepKind,
    /// The vote the item takes, presetting the vote's kind.
    pub vote_kind: Option<VoteKind>,
    /// "nếu có": skipped with one key when there is nothing to do.
    pub optional: bool,
    /// Skipped or moved to the next meeting instead of being held.
    pub disposition: Option<ItemDisposition>,
    /// Why it was skipped or moved (kept in the minutes).
    pub disposition_reason: String,
    /// The later meeting whose agenda received a moved item.
    pub moved_to_meeting_id: Option<RowId>,
}

coded_enum! {
    /// What became of an agenda item that was not held.
    pub enum ItemDisposition {
        /// không thực hiện (with a reason; "không có" for an optional step)
        Skipped => "skipped",
        /// chuyển sang buổi sinh hoạt sau
        Moved => "moved",
    }
}

impl AgendaItem {
    /// Held, skipped or moved: nothing is left to do about it at close.
    pub fn is_settled(&self) -> bool {
        self.started_at.is_some() || self.disposition.is_some()
    }

    pub fn is_running(&self) -> bool {
        self.started_at.is_some() && self.ended_at.is_none()
    }
}

/// Who spoke: a member, or a guest of the meeting (đại biểu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Speaker {
    Member(RowId),
    Guest(RowId),
}

impl Speaker {
    /// A stable text code for choice lists ("m12", "g3").
    pub fn code(self) -> String {
        match self {
            Speaker::Member(id) => format!("m{id}"),
            Speaker::Guest(id) => format!("g{id}"),
        }
    }

    pub fn from_code(code: &str) -> Option<Speaker> {
        let (kind, id) = code.split_at_checked(1)?;
        let id = id.parse().ok()?;
        match kind {
            "m" => Some(Speaker::Member(id)),
            "g" => Some(Speaker::Guest(id)),
            _ => None,
        }
    }
}

/// A speaker's remark (ý kiến phát biểu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub agenda_item_id: Option<RowId>,
    pub speaker_member_id: Option<RowId>,
    pub speaker_guest_id: Option<RowId>,
    pub text: String,
    pub spoken_at: NaiveDateTime,
}

impl Remark {
    pub fn speaker(&self) -> Option<Speaker> {
        self.speaker_member_id
            .map(Speaker::Member)
            .or(self.speaker_guest_id.map(Speaker::Guest))
    }
}

coded_enum! {
    /// What a vote decides; the kind sets the majority rule.
    pub enum VoteKind {
        /// any other decision of the cell: more than half of D
        General => "general",
        /// thông qua chương trình
        Agenda => "agenda",
        /// thông qua nghị quyết, kết luận
        Resolution => "resolution",
        /// thông qua biên bản
        Minutes => "minutes",
        /// kỷ luật (other than expulsion)
        Discipline => "discipline",
        /// kết nạp đảng viên
        Admission => "admission",
        /// công nhận đảng viên chính thức
        Recognition => "recognition",
        /// khai trừ
        Expulsion => "expulsion",
    }
}

impl VoteKind {
    /// The majority the charter sets for this kind: admission, recognition
    /// and expulsion need two thirds of D, everything else more than half.
    /// The rules files give each kind its basis; a test keeps the two equal.
    pub fn rule(self) -> VoteRule {
        match self {
            Self::Admission | Self::Recognition | Self::Expulsion => VoteRule::TwoThirds,
            Self::General | Self::Agenda | Self::Resolution | Self::Minutes | Self::Discipline => {
                VoteRule::SimpleMajority
            }
        }
    }
}

coded_enum! {
    pub enum VoteRule {
        /// quá nửa: for > D/2
        SimpleMajority => "simple_majority",
        /// ít nhất hai phần ba: for ≥ ⌈2D/3⌉ (admission, recognition, expulsion)
        TwoThirds => "two_thirds",
    }
}

/// A vote (biểu quyết), stored with D and V as they were when it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub agenda_item_id: Option<RowId>,
    pub subject: String,
    pub kind: VoteKind,
    /// Always `kind.rule()`: stored so that a reader of the file sees it.
    pub rule: VoteRule,
    /// tán thành
    pub votes_for: u32,
    /// không tán thành
    pub votes_against: u32,
    /// ý kiến khác
    pub votes_other: u32,
    /// D: the voting denominator at the moment of the vote.
    pub denominator: u32,
    /// V: eligible voters present at the moment of the vote.
    pub eligible_present: u32,
    pub taken_at: NaiveDateTime,
}

coded_enum! {
    pub enum TaskOutcome {
        /// đã hoàn thành
        Done => "done",
        /// đang thực hiện
        InProgress => "in_progress",
        /// chưa thực hiện
        NotDone => "not_done",
    }
}

/// A task set by a meeting (nhiệm vụ), reviewed at a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub agenda_item_id: Option<RowId>,
    pub text: String,
    pub assignee_id: Option<RowId>,
    pub due_on: Option<NaiveDate>,
    pub outcome: Option<TaskOutcome>,
    pub outcome_note: String,
    /// The meeting at which the outcome was reported.
    pub outcome_meeting_id: Option<RowId>,
}

impl Task {
    /// A task stays open until it is marked done.
    pub fn is_open(&self) -> bool {
        self.outcome != Some(TaskOutcome::Done)
    }
}

/// Party dues (đảng phí) of one member for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesPayment {
    pub id: RowId,
    pub uuid: Uuid,
    pub member_id: RowId,
    pub year: i32,
    pub month: u32,
    pub paid: bool,
    /// In đồng; optional.
    pub amount: Option<i64>,
    pub paid_on: Option<NaiveDate>,
}

coded_enum! {
    /// The preparation checklist of a regular meeting.
    pub enum PrepStep {
        /// chi ủy (or bí thư + phó) met to agree the content
        CommitteeMet => "committee_met",
        /// content and the draft resolution assigned
        ContentAssigned => "content_assigned",
        /// members notified of time, place and content
        MembersNotified => "members_notified",
        /// the upper-level member in charge notified
        UpperNotified => "upper_notified",
        /// materials sent (Sổ tay đảng viên) at least a day before
        MaterialsSent => "materials_sent",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparationStep {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub step: PrepStep,
    pub done_on: NaiveDate,
    pub note: String,
}

/// A planned meeting moved to another time (hoãn); the old time is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reschedule {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub from_at: NaiveDateTime,
    pub to_at: NaiveDateTime,
    pub reason: String,
    pub recorded_at: NaiveDateTime,
}

/// A dated correction to a locked meeting (đính chính).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addendum {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub text: String,
    pub recorded_at: NaiveDateTime,
}

/// An agenda item for unit tests: "Item N", not started, its kind "other".
#[cfg(test)]
impl AgendaItem {
    pub(crate) fn sample(id: RowId, planned_minutes: i64) -> Self {
        AgendaItem {
            id,
            uuid: Uuid::nil(),
            meeting_id: 1,
            position: id,
            title: format!("Item {id}"),
            planned_minutes,
            presenter_id: None,
            notes: String::new(),
            started_at: None,
            ended_at: None,
            conclusion: String::new(),
            carry_over: false,
            kind: StepKind::Other,
            vote_kind: None,
            optional: false,
            disposition: None,
            disposition_reason: String::new(),
            moved_to_meeting_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speaker_reads_back_from_its_code() {
        for who in [Speaker::Member(12), Speaker::Guest(3)] {
            assert_eq!(Speaker::from_code(&who.code()), Some(who));
        }
        assert_eq!(Speaker::from_code(""), None);
        assert_eq!(Speaker::from_code("x1"), None);
        assert_eq!(Speaker::from_code("m-"), None);
    }
}
