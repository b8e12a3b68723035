//! Rules as data (assets/rules/*.toml): each threshold with its legal basis
//! and effective dates; the set in force on a meeting's date applies.

use chrono::NaiveDate;
use serde::Deserialize;

use super::MeetingKind;
use crate::vi;

/// A value and the text that makes it law.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule<T> {
    pub value: T,
    pub basis: String,
}

/// A majority as a fraction of D: strict means "more than", else "at least".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Majority {
    pub numerator: u32,
    pub denominator: u32,
    pub strict: bool,
    pub basis: String,
}

impl Majority {
    /// Votes "for" needed with denominator `d`; at least one.
    pub fn needed(&self, d: u32) -> u32 {
        let (n, den) = (
            u64::from(self.numerator),
            u64::from(self.denominator.max(1)),
        );
        let product = n * u64::from(d);
        let needed = if self.strict {
            product / den + 1
        } else {
            product.div_ceil(den)
        };
        needed.max(1) as u32
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationRules {
    pub default_minutes: Rule<u32>,
    pub combined_minutes: Rule<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRules {
    /// Attendance must be above this percentage (P·100 > t·E).
    pub threshold_percent: Rule<u32>,
    /// Attendance for full marks, where the guideline sets one (HD 42 era:
    /// at least 90 %, P·100 ≥ t·E).
    #[serde(default)]
    pub full_marks_percent: Option<Rule<u32>>,
    pub max_excused_in_a_row: Rule<u32>,
}

/// The majority rule of one kind of vote, with its basis.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteKindRule {
    pub rule: super::VoteRule,
    pub basis: String,
}

/// Deadlines around a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreparationRules {
    /// Materials sent at least this many days before the meeting.
    pub materials_days_before: Rule<u32>,
    /// The resolution reported upward within this many days after.
    pub resolution_days_after: Rule<u32>,
    /// The preparation checklist shows a step at the latest this many days
    /// before the meeting.
    pub checklist_days_before: Rule<u32>,
}

/// How often a cell meets: what a year's summary counts the meetings
/// held against.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrequencyRules {
    /// Regular (or combined) meetings a calendar year: one a month.
    pub regular_per_year: Rule<u32>,
    /// Thematic (or combined) meetings a calendar year: one a quarter.
    pub thematic_per_year: Rule<u32>,
}

/// The rules about members over a year: removal grounds, probation,
/// recognition, the size of a cell.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRules {
    /// Months of one calendar year with an unexcused absence from the
    /// regular meeting, or with dues unpaid, that make a removal ground.
    pub removal_months: Rule<u32>,
    /// Months at which chibo warns before that ground.
    pub removal_warning_months: Rule<u32>,
    /// The length of probation, from the admission.
    pub probation_months: Rule<u32>,
    /// Working days (Monday to Friday) after probation within which the
    /// cell votes the recognition.
    pub recognition_working_days: Rule<u32>,
    /// Official members a cell needs.
    pub min_official_members: Rule<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorityRules {
    pub simple: Majority,
    pub two_thirds: Majority,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub id: String,
    pub name: String,
    /// "HD 42", for narrow screens.
    pub short: String,
    pub basis: String,
    /// dd/mm/yyyy, inclusive.
    pub effective_from: String,
    /// dd/mm/yyyy, inclusive; none: still in force.
    pub effective_until: Option<String>,
    pub duration: DurationRules,
    pub attendance: AttendanceRules,
    pub majority: MajorityRules,
    /// The rule and basis of every kind of vote.
    pub votes: std::collections::BTreeMap<super::VoteKind, VoteKindRule>,
    pub preparation: PreparationRules,
    pub membership: MembershipRules,
    pub frequency: FrequencyRules,
}

impl RuleSet {
    pub fn from(&self) -> Option<NaiveDate> {
        vi::parse_date(&self.effective_from)
    }

    pub fn until(&self) -> Option<NaiveDate> {
        self.effective_until.as_deref().and_then(vi::parse_date)
    }

    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.from().is_some_and(|f| f <= day) && self.until().is_none_or(|u| day <= u)
    }

    /// The minimum duration of a meeting of this kind, where the guideline
    /// sets one: regular and thematic meetings, and combined ones.
    pub fn min_minutes(&self, kind: MeetingKind) -> Option<&Rule<u32>> {
        match kind {
            MeetingKind::Regular | MeetingKind::Thematic => Some(&self.duration.default_minutes),
            MeetingKind::Combined => Some(&self.duration.combined_minutes),
            MeetingKind::Extraordinary
            | MeetingKind::Admission
            | MeetingKind::Recognition
            | MeetingKind::YearEndReview
            | MeetingKind::Congress => None,
        }
    }

    /// The basis of a kind of vote's rule (the charter article), falling
    /// back to the majority's own basis.
    pub fn vote_basis(&self, kind: super::VoteKind) -> &str {
        self.votes
            .get(&kind)
            .map(|v| v.basis.as_str())
            .unwrap_or_else(|| &self.majority(kind.rule()).basis)
    }

    pub fn majority(&self, rule: super::VoteRule) -> &Majority {
        match rule {
            super::VoteRule::SimpleMajority => &self.majority.simple,
            super::VoteRule::TwoThirds => &self.majority.two_thirds,
        }
    }
}

/// The set in force on `day`; none before the first (a meeting of 2017 is
/// judged by no guideline chibo knows, and says so).
pub fn in_force(sets: &[RuleSet], day: NaiveDate) -> Option<&RuleSet> {
    sets.iter().find(|s| s.in_force_on(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn majority(n: u32, d: u32, strict: bool) -> Majority {
        Majority {
            numerator: n,
            denominator: d,
            strict,
            basis: String::new(),
        }
    }

    #[test]
    fn majorities() {
        let half = majority(1, 2, true);
        assert_eq!(half.needed(16), 9);
        assert_eq!(half.needed(9), 5);
        assert_eq!(half.needed(10), 6);
        let two_thirds = majority(2, 3, false);
        assert_eq!(two_thirds.needed(16), 11);
        assert_eq!(two_thirds.needed(9), 6);
        assert_eq!(two_thirds.needed(0), 1);
    }
}
