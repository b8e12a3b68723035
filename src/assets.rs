//! The data compiled into chibo from `assets/`: agenda templates, rule sets
//! and the demo cell. UI strings are loaded by `i18n`, keys by `tui::keymap`.

use chrono::NaiveDate;

use crate::domain::MeetingKind;
use crate::domain::agenda::Template;
use crate::domain::rules::{self, RuleSet};

const TEMPLATES: &[(&str, &str)] = &[
    (
        "regular.toml",
        include_str!("../assets/agendas/regular.toml"),
    ),
    (
        "thematic.toml",
        include_str!("../assets/agendas/thematic.toml"),
    ),
    (
        "combined.toml",
        include_str!("../assets/agendas/combined.toml"),
    ),
    (
        "admission.toml",
        include_str!("../assets/agendas/admission.toml"),
    ),
    (
        "recognition.toml",
        include_str!("../assets/agendas/recognition.toml"),
    ),
    (
        "year_end_review.toml",
        include_str!("../assets/agendas/year_end_review.toml"),
    ),
    (
        "extraordinary.toml",
        include_str!("../assets/agendas/extraordinary.toml"),
    ),
    (
        "congress.toml",
        include_str!("../assets/agendas/congress.toml"),
    ),
];

const RULES: &[(&str, &str)] = &[
    ("hd12.toml", include_str!("../assets/rules/hd12.toml")),
    ("hd42.toml", include_str!("../assets/rules/hd42.toml")),
];

pub const DEMO_CELL: &str = include_str!("../assets/demo/cell.toml");

const RUBRIC: &str = include_str!("../assets/rubric/hd42.toml");

/// The meeting-quality rubric.
pub fn rubric() -> Result<crate::domain::rubric::Rubric, String> {
    toml::from_str(RUBRIC).map_err(|e| format!("rubric/hd42.toml: {e}"))
}

/// Every agenda template, or the first that does not parse (a build defect
/// the tests catch).
pub fn templates() -> Result<Vec<Template>, String> {
    TEMPLATES
        .iter()
        .map(|(name, source)| toml::from_str(source).map_err(|e| format!("{name}: {e}")))
        .collect()
}

/// The template of a kind of meeting, if there is one.
pub fn template(kind: MeetingKind) -> Option<Template> {
    templates().ok()?.into_iter().find(|t| t.kind == kind)
}

/// Every rule set, oldest first, or the first that does not parse.
pub fn rule_sets() -> Result<Vec<RuleSet>, String> {
    let mut sets = RULES
        .iter()
        .map(|(name, source)| toml::from_str::<RuleSet>(source).map_err(|e| format!("{name}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    sets.sort_by_key(RuleSet::from);
    Ok(sets)
}

/// The rule set in force on `day`.
pub fn rules_on(day: NaiveDate) -> Option<RuleSet> {
    let sets = rule_sets().ok()?;
    rules::in_force(&sets, day).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template_that_fills_its_time() {
        let templates = templates().expect("templates parse");
        let sets = rule_sets().unwrap();
        for kind in MeetingKind::ALL {
            let t = templates
                .iter()
                .find(|t| t.kind == *kind)
                .unwrap_or_else(|| panic!("no template for {kind:?}"));
            assert!(
                t.rules == "in_force" || sets.iter().any(|s| s.id == t.rules),
                "{}",
                t.name
            );
            // the minimum of every rule set, the strictest included
            for set in &sets {
                let min = set.min_minutes(*kind).value;
                assert!(
                    t.total_minutes() >= min,
                    "{} has {} min < {min}",
                    t.name,
                    t.total_minutes()
                );
            }
            assert!(t.steps.iter().all(|s| !s.title.is_empty()
                && !s.who.is_empty()
                && !s.records.is_empty()
                && s.minutes > 0));
            assert_eq!(t.steps[0].title, "Ổn định tổ chức, điểm danh", "{}", t.name);
            assert_eq!(t.steps.last().unwrap().title, "Bế mạc", "{}", t.name);
        }
        assert_eq!(templates.len(), MeetingKind::ALL.len());
    }

    #[test]
    fn regular_meeting_has_the_eighteen_steps_in_order() {
        let t = template(MeetingKind::Regular).expect("regular template");
        assert_eq!(t.steps.len(), 18);
        assert_eq!(t.steps[0].title, "Ổn định tổ chức, điểm danh");
        assert_eq!(t.steps[17].title, "Bế mạc");
        assert_eq!(t.steps.iter().filter(|s| s.carry_over).count(), 1);
        assert!(t.steps[7].carry_over);
    }

    #[test]
    fn rule_sets_parse_and_follow_each_other() {
        let sets = rule_sets().unwrap();
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].id, "hd12");
        let day = |d: &str| crate::vi::parse_date(d).unwrap();
        assert_eq!(sets[0].from(), Some(day("06/07/2018")));
        assert_eq!(sets[0].until().and_then(|u| u.succ_opt()), sets[1].from());
        assert_eq!(rules_on(day("27/10/2025")).unwrap().id, "hd12");
        assert_eq!(rules_on(day("28/10/2025")).unwrap().id, "hd42");
        assert_eq!(rules_on(day("01/01/2017")).unwrap().id, "hd12");
        let hd42 = rules_on(day("25/11/2026")).unwrap();
        assert_eq!(hd42.min_minutes(MeetingKind::Combined).value, 120);
        assert_eq!(hd42.min_minutes(MeetingKind::Regular).value, 90);
        let hd12 = rules_on(day("01/06/2024")).unwrap();
        assert_eq!(hd12.min_minutes(MeetingKind::Combined).value, 90);
        for set in &sets {
            assert!(!set.basis.is_empty());
            assert!(!set.duration.default_minutes.basis.is_empty());
            assert!(!set.majority.simple.basis.is_empty());
        }
    }
}
