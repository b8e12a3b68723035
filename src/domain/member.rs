use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{RowId, coded_enum};

coded_enum! {
    /// giới tính
    pub enum Gender {
        Male => "male",
        Female => "female",
    }
}

coded_enum! {
    /// What happened to a member on a date. Interval kinds (exempt, attached,
    /// suspended) may carry an inclusive end date.
    pub enum StatusEventKind {
        /// kết nạp: admitted as a probationary member (dự bị); Party age counts from here.
        Admitted => "admitted",
        /// công nhận chính thức
        RecognizedOfficial => "recognized_official",
        /// miễn công tác và sinh hoạt đảng, from … until … (inclusive)
        Exempt => "exempt",
        /// sinh hoạt tạm thời đến: a member of another organisation attached to this cell
        AttachedIn => "attached_in",
        /// sinh hoạt tạm thời đi: an own member attached elsewhere (away)
        AttachedOut => "attached_out",
        /// chuyển sinh hoạt đến
        TransferredIn => "transferred_in",
        /// chuyển sinh hoạt đi
        TransferredOut => "transferred_out",
        /// đình chỉ sinh hoạt (or detained, prosecuted)
        Suspended => "suspended",
        /// xóa tên, khai trừ
        Removed => "removed",
        /// từ trần
        Deceased => "deceased",
    }
}

impl StatusEventKind {
    /// Kinds that hold over a period and may carry an end date.
    pub fn is_interval(self) -> bool {
        matches!(
            self,
            Self::Exempt | Self::AttachedIn | Self::AttachedOut | Self::Suspended
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    pub id: RowId,
    pub uuid: Uuid,
    pub kind: StatusEventKind,
    /// Takes effect on this date (inclusive).
    pub date: NaiveDate,
    /// Last day of an interval kind (inclusive); None: open-ended.
    pub until: Option<NaiveDate>,
    /// Số quyết định, e.g. "Quyết định số 15-QĐ/ĐU".
    pub decision: String,
    /// The other organisation (for attachments and transfers).
    pub organisation: String,
    pub note: String,
}

impl StatusEvent {
    fn covers(&self, day: NaiveDate) -> bool {
        self.date <= day && self.until.is_none_or(|until| day <= until)
    }
}

coded_enum! {
    /// Cell offices held over a period.
    pub enum RoleKind {
        /// bí thư chi bộ
        Secretary => "secretary",
        /// phó bí thư
        DeputySecretary => "deputy_secretary",
        /// chi ủy viên
        CommitteeMember => "committee_member",
        /// tổ trưởng đảng
        GroupLeader => "group_leader",
        /// tổ phó
        GroupDeputy => "group_deputy",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: RowId,
    pub uuid: Uuid,
    pub kind: RoleKind,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub note: String,
}

impl Role {
    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }
}

/// A party card number (số thẻ đảng viên) with the date it was issued: cards
/// are reissued, so the history is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardNumber {
    pub id: RowId,
    pub uuid: Uuid,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: RowId,
    pub uuid: Uuid,
    /// The cell whose roll the member is on (own or attached in).
    pub cell_id: RowId,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub phone: String,
    /// Số CCCD: sensitive, masked on screen.
    pub national_id: String,
    pub note: String,
    /// Sorted by date, then by id.
    pub events: Vec<StatusEvent>,
    pub roles: Vec<Role>,
    /// Oldest first; the last is the current card.
    pub cards: Vec<CardNumber>,
}

/// dự bị / chính thức
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyStatus {
    Probationary,
    Official,
}

/// A member's standing on one day, everything the roster and the figures need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub party_status: Option<PartyStatus>,
    /// On this cell's own roll (counts in T).
    pub own: bool,
    /// A member of another organisation attached to this cell (counts in c).
    pub attached_in: bool,
    pub exempt: bool,
    /// Own member temporarily attached elsewhere.
    pub away: bool,
    pub suspended: bool,
}

/// How a member stands on a day, in the words the roster uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    /// On the cell's own roll.
    Own {
        status: PartyStatus,
        exempt: bool,
        away: bool,
        suspended: bool,
    },
    /// A member of another organisation attached to this cell.
    AttachedIn {
        status: PartyStatus,
    },
    TransferredOut,
    Removed,
    Deceased,
    /// A member of another organisation whose attachment here has ended.
    AttachmentEnded,
    /// Before admission or before the transfer in.
    NotYet,
}

impl Situation {
    /// Transferred out, removed or deceased: kept in history, not on the roll.
    pub fn is_former(self) -> bool {
        matches!(
            self,
            Self::TransferredOut | Self::Removed | Self::Deceased | Self::AttachmentEnded
        )
    }
}

impl Member {
    /// The member's situation on `day`.
    pub fn situation_on(&self, day: NaiveDate) -> Situation {
        let s = self.standing_on(day);
        match (s.party_status, s.own, s.attached_in) {
            (Some(status), true, _) => Situation::Own {
                status,
                exempt: s.exempt,
                away: s.away,
                suspended: s.suspended,
            },
            (Some(status), false, true) => Situation::AttachedIn { status },
            _ => {
                let last_end = self
                    .events
                    .iter()
                    .rev()
                    .filter(|e| e.date <= day)
                    .find(|e| {
                        matches!(
                            e.kind,
                            StatusEventKind::TransferredOut
                                | StatusEventKind::Removed
                                | StatusEventKind::Deceased
                        )
                    });
                match last_end.map(|e| e.kind) {
                    Some(StatusEventKind::Deceased) => Situation::Deceased,
                    Some(StatusEventKind::Removed) => Situation::Removed,
                    Some(StatusEventKind::TransferredOut) => Situation::TransferredOut,
                    _ if self
                        .events
                        .iter()
                        .any(|e| e.kind == StatusEventKind::AttachedIn && e.date <= day) =>
                    {
                        Situation::AttachmentEnded
                    }
                    _ => Situation::NotYet,
                }
            }
        }
    }

    fn first_event(&self, kind: StatusEventKind) -> Option<&StatusEvent> {
        self.events.iter().find(|e| e.kind == kind)
    }

    /// Ngày vào Đảng.
    pub fn admitted_on(&self) -> Option<NaiveDate> {
        self.first_event(StatusEventKind::Admitted).map(|e| e.date)
    }

    /// Ngày chính thức.
    pub fn official_on(&self) -> Option<NaiveDate> {
        self.first_event(StatusEventKind::RecognizedOfficial)
            .map(|e| e.date)
    }

    pub fn current_card(&self) -> Option<&CardNumber> {
        self.cards.last()
    }

    pub fn roles_on(&self, day: NaiveDate) -> impl Iterator<Item = RoleKind> + '_ {
        self.roles
            .iter()
            .filter(move |r| r.held_on(day))
            .map(|r| r.kind)
    }

    /// The member's standing on `day`. Events take effect on their date and
    /// "until" dates are inclusive. Own membership starts at admission, unless
    /// the member first came from elsewhere (transferred or attached in): then
    /// at the first transfer in. It ends at a transfer out, removal or death.
    pub fn standing_on(&self, day: NaiveDate) -> Standing {
        use StatusEventKind as K;
        let mut standing = Standing::default();
        let mut own = false;
        for (i, event) in self.events.iter().enumerate() {
            if event.date > day {
                break;
            }
            match event.kind {
                K::Admitted => {
                    standing.party_status = Some(PartyStatus::Probationary);
                    let came_from_elsewhere = self.events[i + 1..]
                        .iter()
                        .find(|e| {
                            matches!(e.kind, K::TransferredIn | K::TransferredOut | K::AttachedIn)
                        })
                        .is_some_and(|e| e.kind != K::TransferredOut);
                    own = !came_from_elsewhere;
                }
                K::RecognizedOfficial => standing.party_status = Some(PartyStatus::Official),
                K::TransferredIn => own = true,
                K::TransferredOut | K::Removed | K::Deceased => own = false,
                K::Exempt | K::AttachedIn | K::AttachedOut | K::Suspended => {}
            }
        }
        let gone = self
            .events
            .iter()
            .any(|e| matches!(e.kind, K::Removed | K::Deceased) && e.date <= day);
        let covering = |kind| self.events.iter().any(|e| e.kind == kind && e.covers(day));
        standing.own = own && standing.party_status.is_some();
        standing.attached_in = !standing.own && !gone && covering(K::AttachedIn);
        if standing.own {
            standing.exempt = covering(K::Exempt);
            standing.away = covering(K::AttachedOut);
            standing.suspended = covering(K::Suspended);
        }
        standing
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub fn event(kind: StatusEventKind, date: NaiveDate, until: Option<NaiveDate>) -> StatusEvent {
        StatusEvent {
            id: 0,
            uuid: Uuid::nil(),
            kind,
            date,
            until,
            decision: String::new(),
            organisation: String::new(),
            note: String::new(),
        }
    }

    pub fn member(id: RowId, name: &str, events: Vec<StatusEvent>) -> Member {
        Member {
            id,
            uuid: Uuid::nil(),
            cell_id: 1,
            full_name: name.to_string(),
            birth_date: None,
            gender: None,
            phone: String::new(),
            national_id: String::new(),
            note: String::new(),
            events,
            roles: vec![],
            cards: vec![],
        }
    }

    use StatusEventKind as K;

    #[test]
    fn probationary_then_official_on_the_day_of_recognition() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2024, 3, 1), None),
                event(K::RecognizedOfficial, day(2025, 3, 1), None),
            ],
        );
        assert_eq!(m.standing_on(day(2024, 2, 29)), Standing::default());
        let s = m.standing_on(day(2024, 3, 1));
        assert!(s.own);
        assert_eq!(s.party_status, Some(PartyStatus::Probationary));
        assert_eq!(
            m.standing_on(day(2025, 2, 28)).party_status,
            Some(PartyStatus::Probationary)
        );
        assert_eq!(
            m.standing_on(day(2025, 3, 1)).party_status,
            Some(PartyStatus::Official)
        );
    }

    #[test]
    fn exemption_until_date_is_inclusive() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2000, 1, 1), None),
                event(K::RecognizedOfficial, day(2001, 1, 1), None),
                event(K::Exempt, day(2025, 1, 10), Some(day(2025, 6, 30))),
            ],
        );
        assert!(!m.standing_on(day(2025, 1, 9)).exempt);
        assert!(m.standing_on(day(2025, 1, 10)).exempt);
        assert!(m.standing_on(day(2025, 6, 30)).exempt);
        assert!(!m.standing_on(day(2025, 7, 1)).exempt);
    }

    #[test]
    fn transferred_in_member_is_own_only_from_the_transfer() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2010, 5, 19), None),
                event(K::RecognizedOfficial, day(2011, 5, 19), None),
                event(K::TransferredIn, day(2020, 9, 1), None),
            ],
        );
        assert!(!m.standing_on(day(2015, 1, 1)).own);
        assert!(m.standing_on(day(2020, 9, 1)).own);
    }

    #[test]
    fn transfer_out_and_back_in() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2010, 5, 19), None),
                event(K::TransferredOut, day(2015, 1, 1), None),
                event(K::TransferredIn, day(2018, 1, 1), None),
            ],
        );
        assert!(m.standing_on(day(2012, 1, 1)).own);
        assert!(!m.standing_on(day(2016, 1, 1)).own);
        assert!(m.standing_on(day(2018, 1, 1)).own);
    }

    #[test]
    fn attached_in_member_is_not_own() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2010, 5, 19), None),
                event(K::RecognizedOfficial, day(2011, 5, 19), None),
                event(K::AttachedIn, day(2025, 1, 1), Some(day(2025, 12, 31))),
            ],
        );
        let s = m.standing_on(day(2025, 6, 1));
        assert!(!s.own);
        assert!(s.attached_in);
        assert!(!m.standing_on(day(2026, 1, 1)).attached_in);
    }

    #[test]
    fn removed_and_deceased_end_membership() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2010, 5, 19), None),
                event(K::Removed, day(2024, 5, 1), None),
            ],
        );
        assert!(m.standing_on(day(2024, 4, 30)).own);
        assert!(!m.standing_on(day(2024, 5, 1)).own);
    }

    #[test]
    fn away_and_suspended_are_own_members() {
        let m = member(
            1,
            "A",
            vec![
                event(K::Admitted, day(2010, 5, 19), None),
                event(K::AttachedOut, day(2025, 2, 1), None),
                event(K::Suspended, day(2025, 3, 1), Some(day(2025, 3, 31))),
            ],
        );
        let s = m.standing_on(day(2025, 3, 15));
        assert!(s.own && s.away && s.suspended);
        assert!(!m.standing_on(day(2025, 4, 1)).suspended);
    }
}

/// What the secretary types for a member. Admission and recognition dates
/// become status events; a new card number is added to the card history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberInput {
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub phone: String,
    pub national_id: String,
    pub note: String,
    pub admitted_on: Option<NaiveDate>,
    pub official_on: Option<NaiveDate>,
    pub card_number: String,
}

/// A status event as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEventInput {
    pub kind: StatusEventKind,
    pub date: NaiveDate,
    pub until: Option<NaiveDate>,
    pub decision: String,
    pub organisation: String,
    pub note: String,
}

impl StatusEventInput {
    pub fn on(kind: StatusEventKind, date: NaiveDate) -> StatusEventInput {
        StatusEventInput {
            kind,
            date,
            until: None,
            decision: String::new(),
            organisation: String::new(),
            note: String::new(),
        }
    }
}
