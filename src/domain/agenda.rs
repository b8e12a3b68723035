//! Agenda templates (assets/agendas/*.toml): the prescribed order of a kind
//! of meeting, as data.

use serde::Deserialize;

use super::MeetingKind;

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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Who does it.
    pub who: String,
    /// Default planned minutes.
    pub minutes: u32,
    /// What the minutes must record.
    pub records: String,
    /// Held only when there is something to do ("nếu có").
    #[serde(default)]
    pub optional: bool,
    /// The review of earlier tasks: open tasks are carried into it.
    #[serde(default)]
    pub carry_over: bool,
}

impl Template {
    pub fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}
