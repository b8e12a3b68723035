//! The data compiled into chibo from `assets/`: agenda templates and the demo
//! cell. UI strings are loaded by `i18n`.

use crate::domain::MeetingKind;
use crate::domain::agenda::Template;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "regular.toml",
        include_str!("../assets/agendas/regular.toml"),
    ),
    (
        "thematic.toml",
        include_str!("../assets/agendas/thematic.toml"),
    ),
];

pub const DEMO_CELL: &str = include_str!("../assets/demo/cell.toml");

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_fills_its_time() {
        let templates = templates().expect("templates parse");
        assert!(templates.len() >= 2);
        for t in &templates {
            assert!(!t.steps.is_empty(), "{}", t.name);
            assert!(
                t.total_minutes() >= 90,
                "{} has {} min",
                t.name,
                t.total_minutes()
            );
            assert!(
                t.steps
                    .iter()
                    .all(|s| !s.title.is_empty() && !s.who.is_empty())
            );
        }
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
}
