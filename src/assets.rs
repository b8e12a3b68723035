//! The data compiled into chibo from `assets/`: agenda templates, rule sets,
//! the quality rubric, the basis of each rule and the demo cell. They are
//! parsed once, at start (`load`); a broken file stops chibo there with its
//! name and line, never later with a silent zero. UI strings are loaded by
//! `i18n`, keys by `tui::keymap`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use crate::domain::MeetingKind;
use crate::domain::agenda::Template;
use crate::domain::engine::RuleId;
use crate::domain::rubric::Rubric;
use crate::domain::rulebook::Rulebook;
use crate::domain::rules::RuleSet;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "agendas/regular.toml",
        include_str!("../assets/agendas/regular.toml"),
    ),
    (
        "agendas/thematic.toml",
        include_str!("../assets/agendas/thematic.toml"),
    ),
    (
        "agendas/combined.toml",
        include_str!("../assets/agendas/combined.toml"),
    ),
    (
        "agendas/admission.toml",
        include_str!("../assets/agendas/admission.toml"),
    ),
    (
        "agendas/recognition.toml",
        include_str!("../assets/agendas/recognition.toml"),
    ),
    (
        "agendas/year_end_review.toml",
        include_str!("../assets/agendas/year_end_review.toml"),
    ),
    (
        "agendas/extraordinary.toml",
        include_str!("../assets/agendas/extraordinary.toml"),
    ),
    (
        "agendas/congress.toml",
        include_str!("../assets/agendas/congress.toml"),
    ),
];

const RULES: &[(&str, &str)] = &[
    ("rules/hd12.toml", include_str!("../assets/rules/hd12.toml")),
    (
        "rules/hd12_qd232.toml",
        include_str!("../assets/rules/hd12_qd232.toml"),
    ),
    ("rules/hd42.toml", include_str!("../assets/rules/hd42.toml")),
];

const RUBRIC: (&str, &str) = (
    "rubric/hd42.toml",
    include_str!("../assets/rubric/hd42.toml"),
);

const FINDINGS: (&str, &str) = ("findings.toml", include_str!("../assets/findings.toml"));

pub const DEMO_CELL: &str = include_str!("../assets/demo/cell.toml");

/// A broken asset: its file under `assets/`, the line, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("assets/{file}:{line}: {message}")]
pub struct AssetError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl AssetError {
    fn at(file: &str, line: usize, message: impl Into<String>) -> AssetError {
        AssetError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

fn parse<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, AssetError> {
    toml::from_str(source).map_err(|e| {
        let line = e
            .span()
            .map(|s| source[..s.start.min(source.len())].lines().count().max(1))
            .unwrap_or(1);
        AssetError::at(file, line, e.message().to_string())
    })
}

/// Parses and checks every asset the rules need.
pub fn parse_rulebook() -> Result<Rulebook, AssetError> {
    let templates = TEMPLATES
        .iter()
        .map(|(file, source)| parse::<Template>(file, source))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rule_sets = RULES
        .iter()
        .map(|(file, source)| {
            let set = parse::<RuleSet>(file, source)?;
            if set.from().is_none() {
                return Err(AssetError::at(file, 1, "effective_from is not dd/mm/yyyy"));
            }
            for kind in crate::domain::VoteKind::ALL {
                match set.votes.get(kind) {
                    Some(v) if v.rule == kind.rule() => {}
                    _ => {
                        return Err(AssetError::at(
                            file,
                            1,
                            format!(
                                "[votes] {}: missing, or its rule is not the charter's",
                                kind.code()
                            ),
                        ));
                    }
                }
            }
            Ok(set)
        })
        .collect::<Result<Vec<_>, _>>()?;
    rule_sets.sort_by_key(RuleSet::from);
    let rubric: Rubric = parse(RUBRIC.0, RUBRIC.1)?;
    if rubric.max_total() != 100 {
        return Err(AssetError::at(RUBRIC.0, 1, "criteria do not add up to 100"));
    }
    let raw: BTreeMap<String, String> = parse(FINDINGS.0, FINDINGS.1)?;
    let mut basis = BTreeMap::new();
    for (code, text) in raw {
        let rule = RuleId::from_code(&code).ok_or_else(|| {
            let line = FINDINGS
                .1
                .lines()
                .position(|l| l.starts_with(&code))
                .map_or(1, |n| n + 1);
            AssetError::at(FINDINGS.0, line, format!("unknown rule {code}"))
        })?;
        basis.insert(rule, text);
    }
    Ok(Rulebook {
        rule_sets,
        templates,
        rubric,
        basis,
    })
}

static RULEBOOK: OnceLock<Result<Rulebook, AssetError>> = OnceLock::new();

/// The rulebook, parsed on first use (chibo calls this at start, so a broken
/// asset stops it before any screen).
pub fn load() -> Result<&'static Rulebook, AssetError> {
    RULEBOOK
        .get_or_init(parse_rulebook)
        .as_ref()
        .map_err(Clone::clone)
}

/// The rulebook for code past start-up, where `load` has already succeeded.
pub fn rulebook() -> Result<&'static Rulebook, crate::store::Error> {
    load().map_err(|e| crate::store::Error::Import(e.to_string()))
}

/// The meeting-quality rubric.
pub fn rubric() -> Result<&'static Rubric, crate::store::Error> {
    Ok(&rulebook()?.rubric)
}

/// The template of a kind of meeting, if there is one.
pub fn template(kind: MeetingKind) -> Option<&'static Template> {
    load().ok()?.template(kind)
}

/// The rule set in force on `day` (none before the first).
pub fn rules_on(day: NaiveDate) -> Option<&'static RuleSet> {
    load().ok()?.rules_on(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::StepKind;

    #[test]
    fn every_kind_has_a_template_that_fills_its_time() {
        let book = load().expect("assets parse");
        for kind in MeetingKind::ALL {
            let t = book
                .template(*kind)
                .unwrap_or_else(|| panic!("no template for {kind:?}"));
            assert!(
                t.rules == "in_force" || book.rule_sets.iter().any(|s| s.id == t.rules),
                "{}",
                t.name
            );
            // the minimum of every rule set, the strictest included
            for set in &book.rule_sets {
                if let Some(min) = set.min_minutes(*kind) {
                    assert!(
                        t.total_minutes() >= min.value,
                        "{} has {} min < {}",
                        t.name,
                        t.total_minutes(),
                        min.value
                    );
                }
            }
            assert!(t.steps.iter().all(|s| !s.title.is_empty()
                && !s.who.is_empty()
                && !s.records.is_empty()
                && s.minutes > 0));
            assert_eq!(t.steps[0].kind, StepKind::Opening, "{}", t.name);
            assert_eq!(t.steps.last().map(|s| s.kind), Some(StepKind::Closing));
            // every template has the read-back and approval of the minutes,
            // with the vote that records it
            let approval: Vec<_> = t
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::MinutesApproval)
                .collect();
            assert_eq!(approval.len(), 1, "{}", t.name);
            assert_eq!(approval[0].vote, Some(crate::domain::VoteKind::Minutes));
        }
        assert_eq!(book.templates.len(), MeetingKind::ALL.len());
    }

    #[test]
    fn regular_meeting_has_the_eighteen_steps_in_order() {
        let t = template(MeetingKind::Regular).expect("regular template");
        assert_eq!(t.steps.len(), 18);
        assert_eq!(t.steps[0].title, "Ổn định tổ chức, điểm danh");
        assert_eq!(t.steps[17].title, "Bế mạc");
        assert_eq!(t.steps.iter().filter(|s| s.carry_over).count(), 1);
        assert!(t.steps[7].carry_over);
        assert_eq!(t.steps[7].kind, StepKind::TaskReview);
        assert_eq!(t.steps[4].kind, StepKind::Dues);
    }

    #[test]
    fn thematic_and_combined_open_like_the_regular_meeting() {
        let regular = template(MeetingKind::Regular).unwrap();
        for kind in [MeetingKind::Thematic, MeetingKind::Combined] {
            let t = template(kind).unwrap();
            let first: Vec<StepKind> = t.steps.iter().take(6).map(|s| s.kind).collect();
            let expected: Vec<StepKind> = regular.steps.iter().take(6).map(|s| s.kind).collect();
            assert_eq!(first, expected, "{}", t.name);
            assert!(t.steps.iter().any(|s| s.kind == StepKind::Dues));
        }
    }

    #[test]
    fn the_recognition_vote_is_preset_as_a_recognition() {
        let t = template(MeetingKind::Recognition).unwrap();
        assert!(
            t.steps
                .iter()
                .any(|s| s.vote == Some(crate::domain::VoteKind::Recognition))
        );
    }

    #[test]
    fn rule_sets_parse_and_follow_each_other() {
        let book = load().unwrap();
        let sets = &book.rule_sets;
        assert_eq!(sets.len(), 3);
        assert_eq!(sets[0].id, "hd12");
        let day = |d: &str| crate::vi::parse_date(d).unwrap();
        assert_eq!(sets[0].from(), Some(day("06/07/2018")));
        for pair in sets.windows(2) {
            assert_eq!(pair[0].until().and_then(|u| u.succ_opt()), pair[1].from());
        }
        assert_eq!(rules_on(day("27/10/2025")).unwrap().id, "hd12_qd232");
        assert_eq!(rules_on(day("19/01/2025")).unwrap().id, "hd12");
        assert_eq!(rules_on(day("20/01/2025")).unwrap().id, "hd12_qd232");
        assert_eq!(rules_on(day("28/10/2025")).unwrap().id, "hd42");
        // before HD 12: no rule set, rather than a wrong one
        assert!(rules_on(day("05/07/2018")).is_none());
        assert!(rules_on(day("01/01/2017")).is_none());
        let hd42 = rules_on(day("25/11/2026")).unwrap();
        assert_eq!(hd42.min_minutes(MeetingKind::Combined).unwrap().value, 120);
        assert_eq!(hd42.min_minutes(MeetingKind::Regular).unwrap().value, 90);
        assert!(hd42.min_minutes(MeetingKind::Admission).is_none());
        assert_eq!(
            hd42.attendance.full_marks_percent.as_ref().map(|r| r.value),
            Some(90)
        );
        assert!(
            rules_on(day("01/06/2024"))
                .unwrap()
                .attendance
                .full_marks_percent
                .is_none()
        );
        let hd12 = rules_on(day("01/06/2024")).unwrap();
        assert_eq!(hd12.min_minutes(MeetingKind::Combined).unwrap().value, 90);
        assert!(
            rules_on(day("01/03/2025"))
                .unwrap()
                .majority
                .simple
                .basis
                .contains("232")
        );
        for set in sets {
            assert!(!set.basis.is_empty());
            assert!(!set.majority.simple.basis.is_empty());
            assert_eq!(set.preparation.materials_days_before.value, 1);
        }
    }

    #[test]
    fn recognition_cites_one_article_everywhere() {
        let book = load().unwrap();
        let article = "Điều 5 (khoản 2)";
        for set in &book.rule_sets {
            let basis = set.vote_basis(crate::domain::VoteKind::Recognition);
            assert!(basis.contains(article), "{}: {basis}", set.id);
        }
        let t = template(MeetingKind::Recognition).unwrap();
        assert!(t.basis.contains(article), "{}", t.basis);
    }

    #[test]
    fn every_rule_without_a_threshold_has_its_basis() {
        let book = load().unwrap();
        for rule in [
            RuleId::NoRuleSet,
            RuleId::Unmarked,
            RuleId::NoStart,
            RuleId::NoEnd,
            RuleId::NoChair,
            RuleId::NoMinuteTaker,
            RuleId::ChairAbsent,
            RuleId::MinuteTakerAbsent,
            RuleId::ItemsNotHeld,
            RuleId::NoPlace,
            RuleId::NoConclusion,
            RuleId::MinutesNotApproved,
            RuleId::SecondRegularInMonth,
            RuleId::NoQualityScore,
            RuleId::NoRegularMeeting,
            RuleId::NoThematicMeeting,
            RuleId::NotClosed,
        ] {
            assert!(!book.basis(rule).is_empty(), "{}", rule.code());
        }
    }

    #[test]
    fn every_rule_set_has_the_rules_over_a_cells_history() {
        let book = load().unwrap();
        for set in &book.rule_sets {
            let m = &set.membership;
            // Điều lệ Điều 8 (khoản 2): three months in a year
            assert_eq!(m.removal_months.value, 3, "{}", set.id);
            assert!(m.removal_warning_months.value < m.removal_months.value);
            assert_eq!(m.probation_months.value, 12);
            assert_eq!(m.recognition_working_days.value, 30);
            assert_eq!(m.min_official_members.value, 3);
            assert_eq!(set.preparation.checklist_days_before.value, 1);
            for basis in [
                &m.removal_months.basis,
                &m.removal_warning_months.basis,
                &m.probation_months.basis,
                &m.recognition_working_days.basis,
                &m.min_official_members.basis,
            ] {
                assert!(basis.contains("Điều lệ Đảng"), "{}: {basis}", set.id);
            }
        }
    }

    #[test]
    fn a_broken_asset_names_its_file_and_line() {
        let e = parse::<Template>("agendas/x.toml", "kind = \"regular\"\nname = 3\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("agendas/x.toml", 2));
        assert!(e.to_string().starts_with("assets/agendas/x.toml:2: "));
    }
}
