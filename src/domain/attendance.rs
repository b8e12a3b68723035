//! The roll call of one meeting: who is expected (E), who is listed apart, and
//! the figures the minutes print.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::member::{Member, PartyStatus};
use super::voting::VotingFigures;
use super::{RowId, coded_enum};
use crate::vi;

coded_enum! {
    /// One mark of the roll call.
    pub enum MarkKind {
        /// có mặt
        Present => "present",
        /// đến muộn (arrival time kept)
        Late => "late",
        /// về sớm (leaving time kept)
        LeftEarly => "left_early",
        /// vắng có lý do
        AbsentExcused => "absent_excused",
        /// vắng không lý do
        AbsentUnexcused => "absent_unexcused",
    }
}

impl MarkKind {
    /// Counted in P (or in k for an exempt member).
    pub fn is_present(self) -> bool {
        matches!(self, Self::Present | Self::Late | Self::LeftEarly)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceMark {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub member_id: RowId,
    pub kind: MarkKind,
    pub arrived_at: Option<NaiveDateTime>,
    pub left_at: Option<NaiveDateTime>,
    pub reason: String,
}

impl AttendanceMark {
    /// Whether the member was in the room at `at` (None: at any time of the
    /// meeting). A late arrival counts from their arrival, an early leaver
    /// until they left.
    pub fn present_at(&self, at: Option<NaiveDateTime>) -> bool {
        match (self.kind, at) {
            (kind, None) => kind.is_present(),
            (MarkKind::Present, Some(_)) => true,
            (MarkKind::Late, Some(t)) => self.arrived_at.is_none_or(|a| a <= t),
            (MarkKind::LeftEarly, Some(t)) => {
                self.arrived_at.is_none_or(|a| a <= t) && self.left_at.is_some_and(|l| t < l)
            }
            (MarkKind::AbsentExcused | MarkKind::AbsentUnexcused, Some(_)) => false,
        }
    }
}

/// Where a member stands in the roll call of one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterCategory {
    /// Called in the roll call: own, not exempt, away or suspended.
    Expected,
    /// A member of another organisation attached to this cell: called too.
    AttachedIn,
    /// miễn sinh hoạt: listed apart, may come (k).
    Exempt,
    /// sinh hoạt tạm thời nơi khác: shown apart, not called.
    Away,
    /// đình chỉ sinh hoạt: shown apart, not called.
    Suspended,
}

impl RosterCategory {
    /// In the roll call (E).
    pub fn is_expected(self) -> bool {
        matches!(self, Self::Expected | Self::AttachedIn)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub member_id: RowId,
    pub full_name: String,
    pub party_status: PartyStatus,
    pub category: RosterCategory,
}

impl RosterEntry {
    pub fn is_official(&self) -> bool {
        self.party_status == PartyStatus::Official
    }
}

/// The members of one meeting on its date, in roster order (given name).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Roster {
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    /// Builds the roster of a cell's members on `day`. Transferred-out,
    /// removed and deceased members, and those not yet admitted, are left out.
    /// A member in two apart categories is counted once: suspended before
    /// away before exempt.
    pub fn build(members: &[Member], day: NaiveDate) -> Roster {
        let mut entries: Vec<RosterEntry> = members
            .iter()
            .filter_map(|m| {
                let s = m.standing_on(day);
                let party_status = s.party_status?;
                let category = if s.own {
                    if s.suspended {
                        RosterCategory::Suspended
                    } else if s.away {
                        RosterCategory::Away
                    } else if s.exempt {
                        RosterCategory::Exempt
                    } else {
                        RosterCategory::Expected
                    }
                } else if s.attached_in {
                    RosterCategory::AttachedIn
                } else {
                    return None;
                };
                Some(RosterEntry {
                    member_id: m.id,
                    full_name: m.full_name.clone(),
                    party_status,
                    category,
                })
            })
            .collect();
        entries.sort_by(|a, b| vi::roster_order(&a.full_name, &b.full_name));
        Roster { entries }
    }

    pub fn expected(&self) -> impl Iterator<Item = &RosterEntry> {
        self.entries.iter().filter(|e| e.category.is_expected())
    }

    pub fn entry(&self, member_id: RowId) -> Option<&RosterEntry> {
        self.entries.iter().find(|e| e.member_id == member_id)
    }
}

/// A name with the reason given for an absence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excused {
    pub name: String,
    pub reason: String,
}

/// Every figure of the minutes header and of the vote checks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figures {
    /// T: own official + probationary members (exempt, away, suspended included).
    pub total: u32,
    /// a: own official members.
    pub official: u32,
    /// b: own probationary members.
    pub probationary: u32,
    /// c: members of other organisations attached to this cell.
    pub attached_in: u32,
    /// d_ex: own members exempt.
    pub exempt: u32,
    /// e: own members attached elsewhere.
    pub away: u32,
    /// s: own members suspended or detained.
    pub suspended: u32,
    /// E = T − d_ex − e − s + c: the roll call.
    pub expected: u32,
    /// P: expected members marked present, late or left early.
    pub present: u32,
    /// k: exempt members who came (never in P).
    pub exempt_present: u32,
    pub absent_excused: Vec<Excused>,
    pub absent_unexcused: Vec<String>,
    /// Expected members not marked yet: they block closing.
    pub unmarked: u32,
    /// D: the voting denominator.
    pub denominator: u32,
    /// V: eligible voters present (official own members present + exempt official present).
    pub eligible_present: u32,
}

impl Figures {
    /// Computes the figures from the roster and the marks. With `at`, presence
    /// is taken at that moment (for a vote); without it, over the meeting.
    pub fn compute(
        roster: &Roster,
        marks: &[AttendanceMark],
        at: Option<NaiveDateTime>,
    ) -> Figures {
        let mut f = Figures::default();
        let mark_of = |id: RowId| marks.iter().find(|m| m.member_id == id);
        for entry in &roster.entries {
            let official = entry.is_official();
            let mark = mark_of(entry.member_id);
            let here = mark.is_some_and(|m| m.present_at(at));
            let here_at_all = mark.is_some_and(|m| m.kind.is_present());
            if entry.category != RosterCategory::AttachedIn {
                f.total += 1;
                if official {
                    f.official += 1;
                    f.denominator += 1;
                } else {
                    f.probationary += 1;
                }
            }
            match entry.category {
                RosterCategory::Expected | RosterCategory::AttachedIn => {
                    f.expected += 1;
                    if entry.category == RosterCategory::AttachedIn {
                        f.attached_in += 1;
                    }
                    match mark {
                        None => f.unmarked += 1,
                        Some(m) if m.kind.is_present() => f.present += 1,
                        Some(m) if m.kind == MarkKind::AbsentExcused => {
                            f.absent_excused.push(Excused {
                                name: entry.full_name.clone(),
                                reason: m.reason.clone(),
                            })
                        }
                        Some(_) => f.absent_unexcused.push(entry.full_name.clone()),
                    }
                    if here && official && entry.category == RosterCategory::Expected {
                        f.eligible_present += 1;
                    }
                }
                RosterCategory::Exempt => {
                    f.exempt += 1;
                    if here_at_all {
                        f.exempt_present += 1;
                    }
                    if official {
                        if here {
                            f.eligible_present += 1;
                        } else {
                            f.denominator -= 1;
                        }
                    }
                }
                RosterCategory::Away => {
                    f.away += 1;
                    if official {
                        f.denominator -= 1;
                    }
                }
                RosterCategory::Suspended => {
                    f.suspended += 1;
                    if official {
                        f.denominator -= 1;
                    }
                }
            }
        }
        f
    }

    /// Absent = E − P (unmarked members included until they are marked).
    pub fn absent(&self) -> u32 {
        self.expected - self.present
    }

    /// P/E above `threshold_percent`, compared as exact fractions (P·100 > t·E).
    pub fn attendance_above(&self, threshold_percent: u32) -> bool {
        u64::from(self.present) * 100 > u64::from(threshold_percent) * u64::from(self.expected)
    }

    /// D and V as a vote needs them.
    pub fn voting(&self) -> VotingFigures {
        VotingFigures {
            denominator: self.denominator,
            eligible_present: self.eligible_present,
        }
    }

    /// "84,2%", or None when nobody is expected.
    pub fn percent_present(&self) -> Option<String> {
        vi::percent(self.present, self.expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::StatusEventKind as K;
    use crate::domain::member::tests::{day, event, member};

    fn official(id: RowId, name: &str) -> Member {
        member(
            id,
            name,
            vec![
                event(K::Admitted, day(2000, 1, 1), None),
                event(K::RecognizedOfficial, day(2001, 1, 1), None),
            ],
        )
    }

    fn probationary(id: RowId, name: &str) -> Member {
        member(id, name, vec![event(K::Admitted, day(2025, 6, 1), None)])
    }

    fn mark(member_id: RowId, kind: MarkKind) -> AttendanceMark {
        AttendanceMark {
            id: 0,
            uuid: Uuid::nil(),
            meeting_id: 1,
            member_id,
            kind,
            arrived_at: None,
            left_at: None,
            reason: String::new(),
        }
    }

    /// The worked example: T 20, E 19, P 16 (84,2 %), D 16, V 13.
    pub(crate) fn worked_example() -> (Roster, Vec<AttendanceMark>) {
        let meeting_day = day(2025, 11, 10);
        let mut members = Vec::new();
        for i in 1..=17 {
            members.push(official(i, &format!("Official {i:02}")));
        }
        // one exempt, one away elsewhere
        members[0]
            .events
            .push(event(K::Exempt, day(2025, 1, 1), None));
        members[1].events.push(event(
            K::AttachedOut,
            day(2025, 9, 1),
            Some(day(2026, 8, 31)),
        ));
        for i in 18..=20 {
            members.push(probationary(i, &format!("Probationary {i}")));
        }
        let mut attached = official(21, "Attached In");
        attached.events.push(event(
            K::AttachedIn,
            day(2025, 10, 1),
            Some(day(2026, 3, 31)),
        ));
        members.push(attached);
        let roster = Roster::build(&members, meeting_day);

        let mut marks = vec![mark(1, MarkKind::Present)]; // the exempt member comes
        let mut absent_excused_a = mark(3, MarkKind::AbsentExcused);
        absent_excused_a.reason = "ốm".into();
        let mut absent_excused_b = mark(4, MarkKind::AbsentExcused);
        absent_excused_b.reason = "công tác".into();
        marks.push(absent_excused_a);
        marks.push(absent_excused_b);
        marks.push(mark(5, MarkKind::AbsentUnexcused));
        marks.push(mark(6, MarkKind::Late));
        for id in (7..=17).chain(18..=21) {
            marks.push(mark(id, MarkKind::Present));
        }
        (roster, marks)
    }

    #[test]
    fn worked_example_figures() {
        let (roster, marks) = worked_example();
        let f = Figures::compute(&roster, &marks, None);
        assert_eq!(f.total, 20);
        assert_eq!((f.official, f.probationary), (17, 3));
        assert_eq!(f.attached_in, 1);
        assert_eq!((f.exempt, f.away, f.suspended), (1, 1, 0));
        assert_eq!(f.expected, 19);
        assert_eq!(f.present, 16);
        assert_eq!(f.exempt_present, 1);
        assert_eq!(f.absent(), 3);
        assert_eq!(f.absent_excused.len(), 2);
        assert_eq!(f.absent_excused[0].reason, "ốm");
        assert_eq!(f.absent_unexcused, vec!["Official 05".to_string()]);
        assert_eq!(f.unmarked, 0);
        assert_eq!(f.percent_present().as_deref(), Some("84,2%"));
        assert!(!f.attendance_above(85));
        assert_eq!(f.denominator, 16);
        assert_eq!(f.eligible_present, 13);
    }

    #[test]
    fn exempt_member_absent_leaves_the_denominator() {
        let (roster, mut marks) = worked_example();
        marks.retain(|m| m.member_id != 1);
        let f = Figures::compute(&roster, &marks, None);
        assert_eq!(f.denominator, 15);
        assert_eq!(f.eligible_present, 12);
        assert_eq!(f.exempt_present, 0);
        assert_eq!(f.present, 16);
    }

    #[test]
    fn unmarked_members_are_counted() {
        let (roster, _) = worked_example();
        let f = Figures::compute(&roster, &[], None);
        assert_eq!(f.unmarked, 19);
        assert_eq!(f.present, 0);
        assert_eq!(f.absent(), 19);
    }

    #[test]
    fn presence_at_a_moment_follows_arrival_and_leaving() {
        let t = |h, m| day(2025, 11, 10).and_hms_opt(h, m, 0).unwrap();
        let mut late = mark(1, MarkKind::Late);
        late.arrived_at = Some(t(14, 20));
        assert!(!late.present_at(Some(t(14, 10))));
        assert!(late.present_at(Some(t(14, 20))));
        let mut left = mark(2, MarkKind::LeftEarly);
        left.left_at = Some(t(15, 0));
        assert!(left.present_at(Some(t(14, 59))));
        assert!(!left.present_at(Some(t(15, 0))));
        assert!(left.present_at(None));
    }

    #[test]
    fn transferred_out_member_is_not_listed() {
        let mut m = official(1, "Gone");
        m.events
            .push(event(K::TransferredOut, day(2025, 1, 1), None));
        let roster = Roster::build(&[m, official(2, "Here")], day(2025, 6, 1));
        assert_eq!(roster.entries.len(), 1);
        assert_eq!(roster.entries[0].full_name, "Here");
    }

    #[test]
    fn threshold_is_exact() {
        let f = Figures {
            present: 17,
            expected: 20,
            ..Figures::default()
        };
        // 85,0% is not above 85 %
        assert!(!f.attendance_above(85));
        let f = Figures {
            present: 18,
            expected: 21,
            ..Figures::default()
        };
        assert!(f.attendance_above(85)); // 85,71…%
    }
}
