//! Majority rules (Điều lệ Điều 9(5)): a decision passes against all entitled
//! official members D, never against those present. The fractions come from
//! the rule set in force (assets/rules).

use serde::{Deserialize, Serialize};

use super::rules::Majority;
use crate::vi;

/// D and V at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingFigures {
    pub denominator: u32,
    pub eligible_present: u32,
}

impl VotingFigures {
    /// Votes "for" needed to pass under `majority`.
    pub fn needed(&self, majority: &Majority) -> u32 {
        majority.needed(self.denominator)
    }

    /// True when not enough eligible voters are present for anything to pass.
    pub fn cannot_pass(&self, majority: &Majority) -> bool {
        self.eligible_present < self.needed(majority)
    }
}

/// Why a tally is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyError {
    /// More ballots than eligible voters present.
    MoreBallotsThanVoters { ballots: u32, eligible_present: u32 },
}

/// Refuses a tally with more ballots than eligible voters present.
pub fn check_tally(figures: VotingFigures, ballots: u32) -> Result<(), TallyError> {
    if ballots > figures.eligible_present {
        return Err(TallyError::MoreBallotsThanVoters {
            ballots,
            eligible_present: figures.eligible_present,
        });
    }
    Ok(())
}

/// The outcome of a tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub passed: bool,
    pub needed: u32,
}

/// Checks a tally against V, then decides it against D.
pub fn decide(
    majority: &Majority,
    figures: VotingFigures,
    votes_for: u32,
    votes_against: u32,
    votes_other: u32,
) -> Result<VoteResult, TallyError> {
    check_tally(figures, votes_for + votes_against + votes_other)?;
    let needed = figures.needed(majority);
    Ok(VoteResult {
        passed: votes_for >= needed,
        needed,
    })
}

/// "12/16 (75,0%)": a count against D as the minutes write it.
pub fn share(count: u32, denominator: u32) -> String {
    share_with(count, denominator, ",")
}

/// [`share`] with another decimal separator, for the UI's language.
pub fn share_with(count: u32, denominator: u32, separator: &str) -> String {
    match vi::percent_with(count, denominator, separator) {
        Some(p) => format!("{count}/{denominator} ({p})"),
        None => format!("{count}/{denominator}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple() -> Majority {
        Majority {
            numerator: 1,
            denominator: 2,
            strict: true,
            basis: String::new(),
        }
    }

    fn two_thirds() -> Majority {
        Majority {
            numerator: 2,
            denominator: 3,
            strict: false,
            basis: String::new(),
        }
    }

    #[test]
    fn thresholds_of_the_worked_example() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 13,
        };
        assert_eq!(f.needed(&simple()), 9);
        assert_eq!(f.needed(&two_thirds()), 11);
        assert!(!f.cannot_pass(&two_thirds()));
    }

    #[test]
    fn decides_against_d_not_against_those_present() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 10,
        };
        // 8 of 10 present approve: 80 % of those present, but 8 ≤ 16/2
        assert!(!decide(&simple(), f, 8, 2, 0).unwrap().passed);
        assert!(decide(&simple(), f, 9, 1, 0).unwrap().passed);
        assert!(!decide(&two_thirds(), f, 10, 0, 0).unwrap().passed);
    }

    #[test]
    fn refuses_more_ballots_than_eligible_voters() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 13,
        };
        assert_eq!(
            decide(&simple(), f, 12, 1, 1),
            Err(TallyError::MoreBallotsThanVoters {
                ballots: 14,
                eligible_present: 13
            })
        );
    }

    #[test]
    fn warns_when_too_few_voters_present() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 8,
        };
        assert!(f.cannot_pass(&simple()));
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 10,
        };
        assert!(!f.cannot_pass(&simple()));
        assert!(f.cannot_pass(&two_thirds()));
    }

    #[test]
    fn share_prints_count_over_d() {
        assert_eq!(share(12, 16), "12/16 (75,0%)");
        assert_eq!(share(0, 0), "0/0");
        assert_eq!(share_with(12, 16, "."), "12/16 (75.0%)");
    }

    #[test]
    fn rules_in_force_give_the_charter_majorities() {
        let rules =
            crate::assets::rules_on(chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()).unwrap();
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 13,
        };
        assert_eq!(
            f.needed(rules.majority(super::super::VoteRule::SimpleMajority)),
            9
        );
        assert_eq!(
            f.needed(rules.majority(super::super::VoteRule::TwoThirds)),
            11
        );
    }
}
