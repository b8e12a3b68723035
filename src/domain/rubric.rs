//! The meeting-quality rubric (assets/rubric): points per criterion, the tier
//! from the total, "Tốt" downgraded when a mandatory criterion is not full.

use serde::Deserialize;

use super::coded_enum;

coded_enum! {
    /// A fact of the record that decides a criterion whatever points are
    /// given: when the record fails it, the criterion scores 0.
    pub enum CriterionCheck {
        /// attendance above the threshold and no unexcused absence (§3.4)
        Attendance => "attendance",
        /// the meeting lasted at least the minimum of its kind
        Duration => "duration",
        /// at least one member spoke (a remark is recorded)
        Participation => "participation",
        /// the minutes were approved (a passed vote on them)
        Minutes => "minutes",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub max: u32,
    /// "Tốt" needs full marks on it.
    #[serde(default)]
    pub mandatory: bool,
    /// The record's fact that can fail it.
    #[serde(default)]
    pub check: Option<CriterionCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub name: String,
    /// The lowest total of this tier.
    pub from: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub name: String,
    pub basis: String,
    pub criteria: Vec<Criterion>,
    /// Highest first.
    pub tiers: Vec<Tier>,
}

/// A meeting's assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub total: u32,
    pub tier: Tier,
    /// "Tốt" by points, lowered because a mandatory criterion is not full.
    pub downgraded: bool,
    /// Criteria the record failed (scored 0 whatever was given).
    pub failed: Vec<String>,
}

impl Rubric {
    pub fn max_total(&self) -> u32 {
        self.criteria.iter().map(|c| c.max).sum()
    }

    /// Assesses points given per criterion id (missing: 0; above max: max).
    pub fn assess(&self, points: &[(String, u32)]) -> Option<Assessment> {
        self.assess_with(points, &[])
    }

    /// Assesses points given, with the checks the record failed: a criterion
    /// decided by a failed check scores 0.
    pub fn assess_with(
        &self,
        points: &[(String, u32)],
        failed_checks: &[CriterionCheck],
    ) -> Option<Assessment> {
        let failed: Vec<String> = self
            .criteria
            .iter()
            .filter(|c| c.check.is_some_and(|k| failed_checks.contains(&k)))
            .map(|c| c.id.clone())
            .collect();
        let of = |id: &str| {
            if failed.iter().any(|f| f == id) {
                return 0;
            }
            points.iter().find(|(c, _)| c == id).map_or(0, |(_, p)| *p)
        };
        let total: u32 = self.criteria.iter().map(|c| of(&c.id).min(c.max)).sum();
        let by_points = self.tiers.iter().position(|t| total >= t.from)?;
        let mandatory_full = self
            .criteria
            .iter()
            .filter(|c| c.mandatory)
            .all(|c| of(&c.id) >= c.max);
        let downgraded = by_points == 0 && !mandatory_full && self.tiers.len() > 1;
        let tier = self.tiers[if downgraded { 1 } else { by_points }].clone();
        Some(Assessment {
            total,
            tier,
            downgraded,
            failed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        toml::from_str(include_str!("../../assets/rubric/hd42.toml")).unwrap()
    }

    fn full(r: &Rubric) -> Vec<(String, u32)> {
        r.criteria.iter().map(|c| (c.id.clone(), c.max)).collect()
    }

    #[test]
    fn the_rubric_adds_up_to_100() {
        let r = rubric();
        assert_eq!(r.max_total(), 100);
        assert_eq!(
            r.tiers.iter().map(|t| t.from).collect::<Vec<_>>(),
            vec![90, 70, 50, 0]
        );
    }

    #[test]
    fn tiers_from_the_total() {
        let r = rubric();
        let a = r.assess(&full(&r)).unwrap();
        assert_eq!(
            (a.total, a.tier.name.as_str(), a.downgraded),
            (100, "Tốt", false)
        );
        let mut p = full(&r);
        p.iter_mut().find(|(c, _)| c == "results").unwrap().1 = 10;
        let a = r.assess(&p).unwrap();
        assert_eq!((a.total, a.tier.name.as_str()), (80, "Khá"));
        let a = r
            .assess(&[("organisation".into(), 30), ("results".into(), 25)])
            .unwrap();
        assert_eq!((a.total, a.tier.name.as_str()), (55, "Trung bình"));
        let a = r.assess(&[]).unwrap();
        assert_eq!(a.tier.name, "Kém");
    }

    #[test]
    fn good_needs_full_marks_on_mandatory_criteria() {
        let r = rubric();
        let mut p = full(&r);
        // 96 points, but attendance not full
        p.iter_mut().find(|(c, _)| c == "attendance").unwrap().1 = 1;
        let a = r.assess(&p).unwrap();
        assert_eq!(a.total, 96);
        assert_eq!(a.tier.name, "Khá");
        assert!(a.downgraded);
    }
}
