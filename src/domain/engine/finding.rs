//! A finding: one rule's verdict about one meeting, or (for the rules over
//! a cell's history) about a month, a quarter, a member or the cell.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{RowId, coded_enum};

coded_enum! {
    /// How much a finding weighs.
    pub enum Severity {
        /// the meeting cannot close until it is put right
        Blocks => "blocks",
        /// the record falls short of a rule
        Warning => "warning",
        /// worth knowing; nothing to put right
        Note => "note",
    }
}

coded_enum! {
    /// The stable id of every rule the engine applies. Its code is used in
    /// the JSON of `chibo findings`, in `assets/findings.toml` (the legal
    /// basis of rules that carry no threshold) and in the UI strings
    /// (`finding.<code>`).
    pub enum RuleId {
        /// no rule set known for the meeting's date (before HD 12)
        NoRuleSet => "no_rule_set",
        /// expected members not yet marked in the roll call
        Unmarked => "unmarked",
        /// no opening time
        NoStart => "no_start",
        /// no closing time
        NoEnd => "no_end",
        /// nobody chairs the meeting
        NoChair => "no_chair",
        /// nobody takes the minutes
        NoMinuteTaker => "no_minute_taker",
        /// the chair is absent and no replacement was chosen
        ChairAbsent => "chair_absent",
        /// the minute-taker is absent and no replacement was chosen
        MinuteTakerAbsent => "minute_taker_absent",
        /// agenda items neither held, skipped nor moved
        ItemsNotHeld => "items_not_held",
        /// no place recorded
        NoPlace => "no_place",
        /// no item has the chair's conclusion
        NoConclusion => "no_conclusion",
        /// a step that takes a vote was held without one
        VoteMissing => "vote_missing",
        /// the minutes' approval was not recorded
        MinutesNotApproved => "minutes_not_approved",
        /// shorter than the minimum of its kind
        TooShort => "too_short",
        /// the agenda plans less than the minimum of its kind
        AgendaTooShort => "agenda_too_short",
        /// P·100 ≤ threshold·E (HD 12 §3.1)
        AttendanceLow => "attendance_low",
        /// P·100 < full-marks·E (HD 42-era scoring sheets)
        AttendanceBelowFullMarks => "attendance_below_full_marks",
        /// a member absent without reason
        UnexcusedAbsence => "unexcused_absence",
        /// fewer eligible voters present than a vote needed
        VoteCannotPass => "vote_cannot_pass",
        /// a vote that did not pass
        VoteFailed => "vote_failed",
        /// a second regular meeting in one month
        SecondRegularInMonth => "second_regular_in_month",
        /// materials sent later than the deadline, or not yet sent
        MaterialsLate => "materials_late",
        /// no quality self-assessment recorded
        NoQualityScore => "no_quality_score",
        /// the record failed a criterion of the quality rubric
        CriterionFailed => "criterion_failed",
        /// a month without a regular meeting held (history)
        NoRegularMeeting => "no_regular_meeting",
        /// a quarter without a thematic meeting held (history)
        NoThematicMeeting => "no_thematic_meeting",
        /// a member's unexcused absences in a year, with the meetings (history)
        MemberUnexcused => "member_unexcused",
        /// a member absent with a reason at meetings in a row (history)
        ExcusedInARow => "excused_in_a_row",
        /// unexcused absences from the regular meeting in the months that
        /// make a removal ground (history)
        RemovalGroundAbsences => "removal_ground_absences",
        /// one month short of that ground (history)
        AbsencesNearingRemoval => "absences_nearing_removal",
        /// dues unpaid in the months that make a removal ground (history)
        RemovalGroundDues => "removal_ground_dues",
        /// one month short of that ground (history)
        DuesNearingRemoval => "dues_nearing_removal",
        /// probation over without a recognition decision (history)
        ProbationOverdue => "probation_overdue",
        /// the cell did not vote the recognition in time (history)
        RecognitionLate => "recognition_late",
        /// fewer official members than a cell needs (history)
        TooFewOfficials => "too_few_officials",
        /// the next meeting is near and nothing of its preparation is recorded
        PreparationEmpty => "preparation_empty",
        /// a meeting whose day has passed, still planned or in progress
        NotClosed => "not_closed",
    }
}

impl RuleId {
    /// The severity is part of the rule's meaning (the store refuses to
    /// close on a blocking one), so it lives with the code, not in a file.
    pub fn severity(self) -> Severity {
        match self {
            Self::Unmarked
            | Self::NoStart
            | Self::NoEnd
            | Self::NoChair
            | Self::NoMinuteTaker
            | Self::ChairAbsent
            | Self::MinuteTakerAbsent
            | Self::ItemsNotHeld => Severity::Blocks,
            Self::NoPlace
            | Self::NoConclusion
            | Self::VoteMissing
            | Self::MinutesNotApproved
            | Self::TooShort
            | Self::AgendaTooShort
            | Self::AttendanceLow
            | Self::AttendanceBelowFullMarks
            | Self::UnexcusedAbsence
            | Self::VoteCannotPass
            | Self::SecondRegularInMonth
            | Self::MaterialsLate
            | Self::NoRegularMeeting
            | Self::NoThematicMeeting
            | Self::MemberUnexcused
            | Self::ExcusedInARow
            | Self::RemovalGroundAbsences
            | Self::AbsencesNearingRemoval
            | Self::RemovalGroundDues
            | Self::DuesNearingRemoval
            | Self::ProbationOverdue
            | Self::RecognitionLate
            | Self::TooFewOfficials
            | Self::PreparationEmpty
            | Self::NotClosed => Severity::Warning,
            Self::NoRuleSet | Self::VoteFailed | Self::NoQualityScore | Self::CriterionFailed => {
                Severity::Note
            }
        }
    }
}

/// A meeting named by a finding, with its day (to show without a lookup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRef {
    pub id: RowId,
    pub date: NaiveDate,
}

/// One rule's verdict, with what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// The document and article, from the rules files.
    pub basis: String,
    /// The meeting the finding is about; none for a finding about a month,
    /// a quarter, a member or the cell.
    pub meeting_id: Option<RowId>,
    /// The meeting's day; else the day the finding is dated (the first day
    /// of the month or quarter, the end of a probation, the day checked).
    pub date: NaiveDate,
    /// The member a finding over the cell's history is about (its name is
    /// in `members`).
    #[serde(default)]
    pub member_id: Option<RowId>,
    /// The meetings a finding over the cell's history concerns (the
    /// absences, the run of excused absences), oldest first.
    #[serde(default)]
    pub meetings: Vec<MeetingRef>,
    /// Names of the members concerned.
    pub members: Vec<String>,
    /// Titles of the agenda items concerned.
    pub items: Vec<String>,
    /// Subjects of the votes concerned.
    pub votes: Vec<String>,
    /// The figures the message quotes (e.g. "minutes" → "84").
    pub values: BTreeMap<String, String>,
}

impl Finding {
    /// A finding about one meeting.
    pub fn new(rule: RuleId, basis: impl Into<String>, meeting_id: RowId, date: NaiveDate) -> Self {
        Finding {
            meeting_id: Some(meeting_id),
            ..Finding::dated(rule, basis, date)
        }
    }

    /// A finding about no one meeting (a month, a member, the cell), dated.
    pub fn dated(rule: RuleId, basis: impl Into<String>, date: NaiveDate) -> Self {
        Finding {
            rule,
            severity: rule.severity(),
            basis: basis.into(),
            meeting_id: None,
            date,
            member_id: None,
            meetings: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
            votes: Vec::new(),
            values: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.values.insert(key.to_string(), value.to_string());
        self
    }

    pub fn blocks(&self) -> bool {
        self.severity == Severity::Blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_frozen_before_the_history_rules_still_reads() {
        // As closing a meeting stored it before `member_id` and `meetings`.
        let json = r#"{"rule":"too_short","severity":"warning","basis":"HD 42","meeting_id":3,
            "date":"2025-11-10","members":[],"items":[],"votes":[],"values":{"minutes":"84"}}"#;
        let f: Finding = serde_json::from_str(json).unwrap();
        assert_eq!(f.meeting_id, Some(3));
        assert_eq!(f.member_id, None);
        assert!(f.meetings.is_empty());
        assert_eq!(f.values["minutes"], "84");
    }
}
