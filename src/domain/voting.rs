//! Majority rules (Điều lệ Điều 9(5)): a decision passes against all entitled
//! official members D, never against those present.

use serde::{Deserialize, Serialize};

use super::meeting::VoteRule;
use crate::vi;

/// D and V at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingFigures {
    pub denominator: u32,
    pub eligible_present: u32,
}

impl VotingFigures {
    /// Votes "for" needed to pass: > D/2, or ≥ ⌈2D/3⌉.
    pub fn needed(&self, rule: VoteRule) -> u32 {
        needed(rule, self.denominator)
    }

    /// True when not enough eligible voters are present for anything to pass.
    pub fn cannot_pass(&self, rule: VoteRule) -> bool {
        self.eligible_present < self.needed(rule)
    }
}

/// Votes "for" needed to pass with denominator `d`. With d = 0 one vote is
/// still needed, so nothing passes without voters.
pub fn needed(rule: VoteRule, d: u32) -> u32 {
    match rule {
        VoteRule::SimpleMajority => d / 2 + 1,
        VoteRule::TwoThirds => (2 * d).div_ceil(3).max(1),
    }
}

/// Why a tally is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyError {
    /// More ballots than eligible voters present.
    MoreBallotsThanVoters { ballots: u32, eligible_present: u32 },
}

/// The outcome of a tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub passed: bool,
    pub needed: u32,
}

/// Checks a tally against V, then decides it against D.
pub fn decide(
    rule: VoteRule,
    figures: VotingFigures,
    votes_for: u32,
    votes_against: u32,
    votes_other: u32,
) -> Result<VoteResult, TallyError> {
    let ballots = votes_for + votes_against + votes_other;
    if ballots > figures.eligible_present {
        return Err(TallyError::MoreBallotsThanVoters {
            ballots,
            eligible_present: figures.eligible_present,
        });
    }
    let needed = figures.needed(rule);
    Ok(VoteResult {
        passed: votes_for >= needed,
        needed,
    })
}

/// "12/16 (75,0%)": a count against D as the minutes write it.
pub fn share(count: u32, denominator: u32) -> String {
    match vi::percent(count, denominator) {
        Some(p) => format!("{count}/{denominator} ({p})"),
        None => format!("{count}/{denominator}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::Figures;

    #[test]
    fn thresholds_of_the_worked_example() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 13,
        };
        assert_eq!(f.needed(VoteRule::SimpleMajority), 9);
        assert_eq!(f.needed(VoteRule::TwoThirds), 11);
        assert!(!f.cannot_pass(VoteRule::TwoThirds));
    }

    #[test]
    fn simple_majority_is_more_than_half() {
        assert_eq!(needed(VoteRule::SimpleMajority, 10), 6);
        assert_eq!(needed(VoteRule::SimpleMajority, 9), 5);
        assert_eq!(needed(VoteRule::TwoThirds, 9), 6);
        assert_eq!(needed(VoteRule::TwoThirds, 10), 7);
        assert_eq!(needed(VoteRule::TwoThirds, 0), 1);
    }

    #[test]
    fn decides_against_d_not_against_those_present() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 10,
        };
        // 8 of 10 present approve: 80 % of those present, but 8 ≤ 16/2
        let r = decide(VoteRule::SimpleMajority, f, 8, 2, 0).unwrap();
        assert!(!r.passed);
        let r = decide(VoteRule::SimpleMajority, f, 9, 1, 0).unwrap();
        assert!(r.passed);
        assert!(!decide(VoteRule::TwoThirds, f, 10, 0, 0).unwrap().passed);
    }

    #[test]
    fn refuses_more_ballots_than_eligible_voters() {
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 13,
        };
        assert_eq!(
            decide(VoteRule::SimpleMajority, f, 12, 1, 1),
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
        assert!(f.cannot_pass(VoteRule::SimpleMajority));
        let f = VotingFigures {
            denominator: 16,
            eligible_present: 10,
        };
        assert!(!f.cannot_pass(VoteRule::SimpleMajority));
        assert!(f.cannot_pass(VoteRule::TwoThirds));
    }

    #[test]
    fn share_prints_count_over_d() {
        assert_eq!(share(12, 16), "12/16 (75,0%)");
        assert_eq!(share(0, 0), "0/0");
    }

    #[test]
    fn voting_figures_from_the_roll_call() {
        let f = Figures {
            denominator: 16,
            eligible_present: 13,
            ..Figures::default()
        };
        assert_eq!(f.voting().needed(VoteRule::SimpleMajority), 9);
    }
}
