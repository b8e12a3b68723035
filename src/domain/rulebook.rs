//! Everything chibo knows from `assets/` about the rules: the rule sets with
//! their dates, the agenda templates, the quality rubric and the basis of
//! rules without a threshold. Parsed once at start.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::MeetingKind;
use super::agenda::Template;
use super::engine::RuleId;
use super::rubric::Rubric;
use super::rules::{self, RuleSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rulebook {
    /// Oldest first.
    pub rule_sets: Vec<RuleSet>,
    pub templates: Vec<Template>,
    pub rubric: Rubric,
    /// The legal basis of each rule that has no threshold of its own.
    pub basis: BTreeMap<RuleId, String>,
}

impl Rulebook {
    /// The rule set in force on `day`, if any.
    pub fn rules_on(&self, day: NaiveDate) -> Option<&RuleSet> {
        rules::in_force(&self.rule_sets, day)
    }

    pub fn template(&self, kind: MeetingKind) -> Option<&Template> {
        self.templates.iter().find(|t| t.kind == kind)
    }

    /// The basis of a rule without a threshold.
    pub fn basis(&self, rule: RuleId) -> &str {
        self.basis.get(&rule).map(String::as_str).unwrap_or("")
    }
}
