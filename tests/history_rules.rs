//! The rules over a cell's history (`engine::history`) through the store,
//! on in-memory SQLite: one test per rule, each on a cell built by hand
//! with the store's own functions, the expected values worked out in the
//! comments. Then the store's bulk read against `Store::record`, and the
//! demo cell.

mod common;

use chibo::clock::Clock;
use chibo::domain::engine::history::{self, CellHistory};
use chibo::domain::engine::{Finding, RuleId, Severity};
use chibo::domain::{
    MarkKind, MeetingKind, PrepStep, RoleKind, RowId, StatusEventInput, StatusEventKind, VoteKind,
};
use chibo::i18n::{Lang, Strings};
use chibo::store::{CellInput, MeetingInput, MemberInput, Store, VoteInput};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, min, 0).unwrap()
}

const NAMES: [&str; 20] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Đức",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hoa",
    "Đỗ Văn Hùng",
    "Hồ Thị Lan",
    "Ngô Văn Long",
    "Dương Thị Mai",
    "Lý Văn Nam",
    "Phan Thị Oanh",
    "Trịnh Văn Phúc",
    "Mai Thị Quyên",
    "Đinh Văn Sơn",
    "Tạ Thị Thu",
    "Lương Văn Uy",
    "Cao Thị Vân",
];

/// A cell of official members (admitted 2000, official 2001): An is bí
/// thư and chairs, Cường takes the minutes (so neither is ever marked
/// absent here).
struct Cell {
    store: Store,
    cell_id: RowId,
    members: Vec<RowId>,
}

impl Cell {
    fn of(n: usize) -> Cell {
        let names: Vec<String> = (0..n)
            .map(|i| match NAMES.get(i) {
                Some(name) => name.to_string(),
                None => format!("Đảng Viên Số {i:02}"),
            })
            .collect();
        // The clock stands after every meeting of these tests.
        let mut store = Store::open_in_memory(Clock::Fixed(at(2026, 12, 31, 9, 0))).unwrap();
        let (cell_id, members) = store
            .write(|tx| {
                let cell = tx.create_cell(&CellInput {
                    name: "Chi bộ Kiểm thử".into(),
                    ..CellInput::default()
                })?;
                let mut ids = Vec::new();
                for name in &names {
                    let m = tx.add_member(
                        cell.id,
                        &MemberInput {
                            full_name: name.clone(),
                            admitted_on: Some(day(2000, 1, 1)),
                            official_on: Some(day(2001, 1, 1)),
                            ..MemberInput::default()
                        },
                    )?;
                    ids.push(m.id);
                }
                if let Some(&first) = ids.first() {
                    tx.add_role(first, RoleKind::Secretary, day(2020, 1, 1), None)?;
                }
                Ok((cell.id, ids))
            })
            .unwrap();
        Cell {
            store,
            cell_id,
            members,
        }
    }

    /// Adds a member admitted on `admitted` (official on `official`).
    fn member(&mut self, name: &str, admitted: NaiveDate, official: Option<NaiveDate>) -> RowId {
        let cell_id = self.cell_id;
        let id = self
            .store
            .write(|tx| {
                tx.add_member(
                    cell_id,
                    &MemberInput {
                        full_name: name.into(),
                        admitted_on: Some(admitted),
                        official_on: official,
                        ..MemberInput::default()
                    },
                )
            })
            .unwrap()
            .id;
        self.members.push(id);
        id
    }

    /// A planned meeting with its template agenda.
    fn plan(&mut self, kind: MeetingKind, when: NaiveDateTime) -> RowId {
        let (cell_id, chair, taker) = (self.cell_id, self.members[0], self.members[2]);
        self.store
            .write(|tx| {
                chibo::planning::create_meeting(
                    tx,
                    cell_id,
                    &MeetingInput {
                        kind,
                        title: String::new(),
                        planned_at: when,
                        place: "Hội trường".into(),
                        chair_id: Some(chair),
                        minute_taker_id: Some(taker),
                    },
                )
            })
            .unwrap()
            .id
    }

    /// The roll call: the members at `excused` absent with a reason
    /// ("ốm"), at `unexcused` absent without one, everyone else called
    /// present (members not on the meeting's roll are skipped).
    fn roll_call(&mut self, meeting: RowId, excused: &[usize], unexcused: &[usize]) {
        let m = self.store.meeting(meeting).unwrap();
        let roster = self.store.roster(&m).unwrap();
        let called: Vec<RowId> = roster.expected().map(|e| e.member_id).collect();
        let members = self.members.clone();
        self.store
            .write(|tx| {
                for (i, id) in members.iter().enumerate() {
                    if !called.contains(id) {
                        continue;
                    }
                    let (kind, reason) = if excused.contains(&i) {
                        (MarkKind::AbsentExcused, "ốm")
                    } else if unexcused.contains(&i) {
                        (MarkKind::AbsentUnexcused, "")
                    } else {
                        (MarkKind::Present, "")
                    };
                    tx.set_mark(meeting, *id, kind, None, reason)?;
                }
                Ok(())
            })
            .unwrap();
    }

    /// Holds a meeting of `minutes` (every item held in turn) after its
    /// roll call, and closes it: its figures are frozen.
    fn held(
        &mut self,
        kind: MeetingKind,
        when: NaiveDateTime,
        minutes: i64,
        excused: &[usize],
        unexcused: &[usize],
    ) -> RowId {
        let id = self.plan(kind, when);
        self.roll_call(id, excused, unexcused);
        let items = self.store.agenda(id).unwrap();
        let step = minutes / items.len() as i64;
        self.store
            .write(|tx| {
                tx.set_meeting_times(
                    id,
                    Some(when),
                    Some(when + chrono::Duration::minutes(minutes)),
                )?;
                for (n, item) in items.iter().enumerate() {
                    let from = when + chrono::Duration::minutes(step * n as i64);
                    let to = from + chrono::Duration::minutes(step);
                    tx.set_agenda_item_record(item.id, Some(from), Some(to), "Thống nhất.")?;
                }
                tx.close_meeting(id)?;
                Ok(())
            })
            .unwrap();
        id
    }

    /// A regular meeting of 100 minutes with everyone present, closed.
    fn regular(&mut self, when: NaiveDateTime) -> RowId {
        self.held(MeetingKind::Regular, when, 100, &[], &[])
    }

    fn history(&self, from: NaiveDate, to: NaiveDate) -> CellHistory {
        self.store.cell_history(self.cell_id, from, to).unwrap()
    }

    /// Every finding over the window, as of `today`, from the whole
    /// history; checked to be exactly what the committee's fast read
    /// (`Store::rule_histories`, `all_warnings`) finds.
    fn all_found(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<Finding> {
        let book = chibo::assets::load().unwrap();
        let full = history::history_findings(&self.history(from, to), book, today);
        let fast = self.store.rule_histories(from, to).unwrap();
        let fast = fast.iter().find(|h| h.cell.id == self.cell_id).unwrap();
        assert_eq!(
            history::history_findings(fast, book, today),
            full,
            "the fast read finds otherwise ({from} to {to}, as of {today})"
        );
        full
    }

    /// The findings of `rule` over the window, as of `today`.
    fn found(
        &self,
        rule: RuleId,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Vec<Finding> {
        self.all_found(from, to, today)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }
}

fn vi() -> Strings {
    Strings::load(Lang::Vi)
}

fn dates(f: &Finding) -> Vec<NaiveDate> {
    f.meetings.iter().map(|m| m.date).collect()
}

#[test]
fn a_month_without_a_regular_meeting_is_found_once_it_is_over() {
    let mut c = Cell::of(5);
    c.regular(at(2026, 1, 7, 14, 0));
    c.regular(at(2026, 2, 4, 14, 0));
    // March: only a thematic meeting, and a regular one cancelled
    c.held(MeetingKind::Thematic, at(2026, 3, 18, 14, 0), 100, &[], &[]);
    let cancelled = c.plan(MeetingKind::Regular, at(2026, 3, 4, 14, 0));
    c.store.write(|tx| tx.cancel_meeting(cancelled)).unwrap();
    // April: a combined meeting counts as the regular one
    c.held(MeetingKind::Combined, at(2026, 4, 8, 14, 0), 130, &[], &[]);
    // May: nothing (yet)
    let from = day(2025, 1, 1);
    // On 15/05: March is missing; May is not over; 2025 comes before the
    // first meeting on record (07/01/2026) and is not judged.
    let found = c.found(
        RuleId::NoRegularMeeting,
        from,
        day(2026, 5, 15),
        day(2026, 5, 15),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].values["month"], "03/2026");
    assert_eq!(found[0].date, day(2026, 3, 1));
    assert_eq!(found[0].meeting_id, None);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].basis.contains("Điều 24"), "{}", found[0].basis);
    assert_eq!(
        vi().finding(&found[0]),
        "Tháng 03/2026 không có buổi sinh hoạt thường kỳ nào."
    );
    // On 01/06 May is over too.
    let found = c.found(
        RuleId::NoRegularMeeting,
        from,
        day(2026, 6, 1),
        day(2026, 6, 1),
    );
    let months: Vec<&str> = found.iter().map(|f| f.values["month"].as_str()).collect();
    assert_eq!(months, ["03/2026", "05/2026"]);
    // A window that ends mid-May does not judge May, even later.
    let found = c.found(
        RuleId::NoRegularMeeting,
        from,
        day(2026, 5, 20),
        day(2026, 6, 1),
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn a_quarter_without_a_thematic_meeting_and_a_combined_one_counts() {
    let mut c = Cell::of(5);
    // Q1: a thematic meeting in February; Q2: a combined one in May; Q3:
    // regular meetings only; Q4 not over on 01/12/2026.
    c.regular(at(2026, 1, 7, 14, 0));
    c.held(MeetingKind::Thematic, at(2026, 2, 18, 14, 0), 100, &[], &[]);
    c.held(MeetingKind::Combined, at(2026, 5, 6, 14, 0), 130, &[], &[]);
    c.regular(at(2026, 8, 5, 14, 0));
    c.regular(at(2026, 10, 7, 14, 0));
    let found = c.found(
        RuleId::NoThematicMeeting,
        day(2026, 1, 1),
        day(2026, 12, 1),
        day(2026, 12, 1),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].values["quarter"], "3");
    assert_eq!(found[0].values["year"], "2026");
    assert_eq!(found[0].date, day(2026, 7, 1));
    assert_eq!(
        vi().finding(&found[0]),
        "Quý 3/2026 không có buổi sinh hoạt chuyên đề nào."
    );
    assert!(found[0].basis.contains("mỗi quý"), "{}", found[0].basis);
}

#[test]
fn short_meetings_and_low_attendance_follow_the_rule_set_of_their_day() {
    // E = 23. Three absent with a reason: P = 20, 20/23 = 86,96… % → "87,0%".
    // Under HD 12 (until 27/10/2025) that is above 85 %: nothing to say.
    // Under HD 42 (from 28/10/2025) 20·100 = 2000 < 90·23 = 2070: below
    // the full-marks line, still above 85 %.
    let mut c = Cell::of(23);
    let sep = c.held(
        MeetingKind::Regular,
        at(2025, 9, 10, 14, 0),
        100,
        &[5, 6, 7],
        &[],
    );
    let nov = c.held(
        MeetingKind::Regular,
        at(2025, 11, 10, 14, 0),
        100,
        &[5, 6, 7],
        &[],
    );
    // Lengths: 84 minutes in October (HD 12: 90), 110 minutes for a combined
    // meeting in September (HD 12: 90, passes) and in December (HD 42: 120).
    let oct = c.held(MeetingKind::Regular, at(2025, 10, 8, 14, 0), 84, &[], &[]);
    let comb_sep = c.held(MeetingKind::Combined, at(2025, 9, 24, 14, 0), 110, &[], &[]);
    let comb_dec = c.held(
        MeetingKind::Combined,
        at(2025, 12, 10, 14, 0),
        110,
        &[],
        &[],
    );
    let today = day(2026, 1, 15);
    let all = c.all_found(day(2025, 9, 1), today, today);
    let of = |id: RowId| -> Vec<&Finding> {
        all.iter()
            .filter(|f| f.meeting_id == Some(id))
            .filter(|f| {
                matches!(
                    f.rule,
                    RuleId::TooShort | RuleId::AttendanceLow | RuleId::AttendanceBelowFullMarks
                )
            })
            .collect()
    };
    assert!(of(sep).is_empty(), "{:?}", of(sep));
    let nov_found = of(nov);
    assert_eq!(nov_found.len(), 1, "{nov_found:?}");
    assert_eq!(nov_found[0].rule, RuleId::AttendanceBelowFullMarks);
    assert_eq!(nov_found[0].values["pct"], "87,0%");
    assert_eq!(nov_found[0].values["threshold"], "90");
    let oct_found = of(oct);
    assert_eq!(oct_found.len(), 1);
    assert_eq!(oct_found[0].rule, RuleId::TooShort);
    assert_eq!(
        (
            oct_found[0].values["minutes"].as_str(),
            oct_found[0].values["min"].as_str()
        ),
        ("84", "90")
    );
    assert!(of(comb_sep).is_empty());
    let dec_found = of(comb_dec);
    assert_eq!(dec_found.len(), 1);
    assert_eq!(dec_found[0].values["min"], "120");
    // The review says what each meeting's own findings say.
    for id in [sep, nov, oct, comb_sep, comb_dec] {
        let own: Vec<Finding> = chibo::planning::findings(&c.store, id)
            .unwrap()
            .into_iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    RuleId::TooShort | RuleId::AttendanceLow | RuleId::AttendanceBelowFullMarks
                )
            })
            .collect();
        let review: Vec<Finding> = of(id).into_iter().cloned().collect();
        assert_eq!(review, own, "meeting {id}");
    }
}

#[test]
fn unexcused_absences_are_listed_per_member_and_year_with_the_meetings() {
    let mut c = Cell::of(6);
    // Dung (index 3): without a reason on 10/12/2025, 07/01 and 04/03/2026;
    // with a reason on 04/02/2026 (not listed).
    c.held(
        MeetingKind::Regular,
        at(2025, 12, 10, 14, 0),
        100,
        &[],
        &[3],
    );
    c.held(MeetingKind::Regular, at(2026, 1, 7, 14, 0), 100, &[], &[3]);
    c.held(MeetingKind::Regular, at(2026, 2, 4, 14, 0), 100, &[3], &[]);
    c.held(MeetingKind::Regular, at(2026, 3, 4, 14, 0), 100, &[], &[3]);
    let found = c.found(
        RuleId::MemberUnexcused,
        day(2025, 12, 1),
        day(2026, 3, 31),
        day(2026, 4, 1),
    );
    assert_eq!(found.len(), 2, "{found:?}");
    let (y2025, y2026) = (&found[0], &found[1]);
    assert_eq!(y2025.values["year"], "2025");
    assert_eq!(y2025.values["n"], "1");
    assert_eq!(dates(y2025), [day(2025, 12, 10)]);
    assert_eq!(y2026.values["n"], "2");
    assert_eq!(dates(y2026), [day(2026, 1, 7), day(2026, 3, 4)]);
    assert_eq!(y2026.member_id, Some(c.members[3]));
    assert_eq!(y2026.members, ["Phạm Thị Dung"]);
    // dated at the last absence
    assert_eq!(y2026.date, day(2026, 3, 4));
    assert_eq!(
        vi().finding(y2026),
        "Phạm Thị Dung vắng không lý do 2 buổi trong năm 2026 (07/01/2026, 04/03/2026)."
    );
    assert_eq!(
        Strings::load(Lang::En).finding(y2026),
        "Phạm Thị Dung: 2 absence(s) without a reason in 2026 (07/01/2026, 04/03/2026)."
    );
}

#[test]
fn three_excused_absences_in_a_row_warn_and_a_presence_or_a_new_year_breaks_the_run() {
    let mut c = Cell::of(10);
    // Giang (5): with a reason at the regular meetings of January and
    // February and at the thematic one of February: three in a row (the
    // rule set allows no more than 3, HD 12 §3.1) → a warning.
    // Hải (6): with a reason in January, present in February, then with a
    // reason at the February thematic and in March: runs of 1 and 2.
    // Hoa (7): with a reason in November and December 2025 and January
    // 2026: the year changes after two, runs of 2 and 1.
    c.held(MeetingKind::Regular, at(2025, 11, 5, 14, 0), 100, &[7], &[]);
    c.held(MeetingKind::Regular, at(2025, 12, 3, 14, 0), 100, &[7], &[]);
    c.held(
        MeetingKind::Regular,
        at(2026, 1, 7, 14, 0),
        100,
        &[5, 6, 7],
        &[],
    );
    c.held(MeetingKind::Regular, at(2026, 2, 4, 14, 0), 100, &[5], &[]);
    c.held(
        MeetingKind::Thematic,
        at(2026, 2, 18, 14, 0),
        100,
        &[5, 6],
        &[],
    );
    c.held(MeetingKind::Regular, at(2026, 3, 4, 14, 0), 100, &[6], &[]);
    let found = c.found(
        RuleId::ExcusedInARow,
        day(2025, 11, 1),
        day(2026, 3, 31),
        day(2026, 4, 1),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.member_id, Some(c.members[5]));
    assert_eq!(
        (f.values["n"].as_str(), f.values["max"].as_str()),
        ("3", "3")
    );
    assert_eq!(
        dates(f),
        [day(2026, 1, 7), day(2026, 2, 4), day(2026, 2, 18)]
    );
    assert!(f.basis.contains("§3.1"), "{}", f.basis);
    assert_eq!(
        vi().finding(f),
        "Vũ Thị Giang vắng có lý do 3 buổi liên tiếp trong năm 2026 (07/01/2026, 04/02/2026, 18/02/2026): chi ủy cần trao đổi với đồng chí (tiêu chí: không quá 3 lần liên tiếp)."
    );
    // Absences with a reason are never a removal ground.
    let all = c.all_found(day(2025, 11, 1), day(2026, 3, 31), day(2026, 4, 1));
    assert!(!all.iter().any(|f| matches!(
        f.rule,
        RuleId::RemovalGroundAbsences | RuleId::AbsencesNearingRemoval
    )));
}

#[test]
fn removal_grounds_count_months_of_unexcused_absence_and_of_unpaid_dues() {
    let mut c = Cell::of(14);
    // 2026, regular meetings in January, February, April; a thematic one in
    // March. Hùng (8): without a reason in January and February → 2 months,
    // the warning. Lan (9): without a reason in January, February, April,
    // and at the March thematic (not a regular meeting: not counted) →
    // months 1, 2, 4: the ground. Long (10): with a reason three times →
    // nothing.
    c.held(
        MeetingKind::Regular,
        at(2026, 1, 7, 14, 0),
        100,
        &[10],
        &[8, 9],
    );
    c.held(
        MeetingKind::Regular,
        at(2026, 2, 4, 14, 0),
        100,
        &[10],
        &[8, 9],
    );
    c.held(
        MeetingKind::Thematic,
        at(2026, 3, 18, 14, 0),
        100,
        &[],
        &[9],
    );
    c.held(
        MeetingKind::Regular,
        at(2026, 4, 8, 14, 0),
        100,
        &[10],
        &[9],
    );
    // Dues: Mai (11) unpaid January to March 2026 → 3 months, the ground;
    // Nam (12) unpaid in December 2025 and in February and April 2026
    // (March paid) → 2 months in 2026, the warning; Oanh (13) unpaid in
    // January, then paid → nothing.
    let m = c.members.clone();
    c.store
        .write(|tx| {
            for month in 1..=3 {
                tx.set_dues(m[11], 2026, month, false, None)?;
            }
            tx.set_dues(m[12], 2025, 12, false, None)?;
            tx.set_dues(m[12], 2026, 2, false, None)?;
            tx.set_dues(m[12], 2026, 3, true, Some(45_000))?;
            tx.set_dues(m[12], 2026, 4, false, None)?;
            tx.set_dues(m[13], 2026, 1, false, None)?;
            tx.set_dues(m[13], 2026, 1, true, Some(45_000))?;
            Ok(())
        })
        .unwrap();
    let (from, to, today) = (day(2025, 12, 1), day(2026, 4, 30), day(2026, 5, 2));
    let ground = c.found(RuleId::RemovalGroundAbsences, from, to, today);
    assert_eq!(ground.len(), 1, "{ground:?}");
    assert_eq!(ground[0].member_id, Some(m[9]));
    assert_eq!(ground[0].values["months"], "1, 2, 4");
    assert_eq!(ground[0].values["n"], "3");
    assert_eq!(
        dates(&ground[0]),
        [day(2026, 1, 7), day(2026, 2, 4), day(2026, 4, 8)]
    );
    assert!(ground[0].basis.contains("Điều 8"), "{}", ground[0].basis);
    assert_eq!(
        vi().finding(&ground[0]),
        "Hồ Thị Lan vắng không lý do buổi sinh hoạt thường kỳ 3 tháng trong năm 2026 (tháng 1, 2, 4): chi bộ xem xét, đề nghị xóa tên."
    );
    let near = c.found(RuleId::AbsencesNearingRemoval, from, to, today);
    assert_eq!(near.len(), 1);
    assert_eq!(near[0].member_id, Some(m[8]));
    assert_eq!(
        (
            near[0].values["n"].as_str(),
            near[0].values["limit"].as_str()
        ),
        ("2", "3")
    );
    let dues = c.found(RuleId::RemovalGroundDues, from, to, today);
    assert_eq!(dues.len(), 1, "{dues:?}");
    assert_eq!(dues[0].member_id, Some(m[11]));
    assert_eq!(dues[0].values["months"], "1, 2, 3");
    assert_eq!(dues[0].date, day(2026, 3, 1));
    let dues_near = c.found(RuleId::DuesNearingRemoval, from, to, today);
    assert_eq!(dues_near.len(), 1, "{dues_near:?}");
    assert_eq!(dues_near[0].member_id, Some(m[12]));
    assert_eq!(dues_near[0].values["months"], "2, 4");
    assert_eq!(dues_near[0].values["year"], "2026");
    assert_eq!(
        vi().finding(&dues_near[0]),
        "Lý Văn Nam chưa đóng đảng phí 2 tháng trong năm 2026 (tháng 2, 4); đến 3 tháng không có lý do chính đáng, chi bộ phải xem xét, đề nghị xóa tên."
    );
    // Nothing for Long, whose absences had a reason.
    let all = c.all_found(from, to, today);
    assert!(
        !all.iter()
            .any(|f| f.member_id == Some(m[10]) && f.rule != RuleId::ExcusedInARow)
    );
}

#[test]
fn a_probationary_member_past_twelve_months_without_recognition() {
    let mut c = Cell::of(5);
    c.regular(at(2026, 3, 4, 14, 0));
    // Admitted 10/03/2025: probation ends 10/03/2026; on 01/04/2026 that is
    // 22 days past (21 days of March after the 10th, and 1 April).
    let late = c.member("Kiều Thị Như Ý", day(2025, 3, 10), None);
    // Admitted 10/05/2025: ends 10/05/2026, not yet.
    c.member("Quách Văn Phúc", day(2025, 5, 10), None);
    // Recognized: nothing.
    c.member("Đinh Công Ân", day(2025, 1, 2), Some(day(2026, 1, 2)));
    let found = c.found(
        RuleId::ProbationOverdue,
        day(2026, 1, 1),
        day(2026, 4, 1),
        day(2026, 4, 1),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.member_id, Some(late));
    assert_eq!(f.values["days"], "22");
    assert_eq!(f.values["ended"], "10/03/2026");
    assert_eq!(f.date, day(2026, 3, 10));
    assert!(f.basis.contains("Điều 5"), "{}", f.basis);
    assert_eq!(
        vi().finding(f),
        "Kiều Thị Như Ý kết nạp ngày 10/03/2025, hết 12 tháng dự bị ngày 10/03/2026: đã quá 22 ngày mà chưa có quyết định công nhận đảng viên chính thức."
    );
}

#[test]
fn the_recognition_is_voted_within_thirty_working_days_after_probation() {
    // Probation ends Monday 02/03/2026 for all five (admitted 02/03/2025).
    // 30 working days (Monday to Friday) later: 4 days to Friday 06/03,
    // then five weeks of 5 (29 on Friday 10/04), the 30th is Monday
    // 13/04/2026: the deadline.
    let mut c = Cell::of(5);
    let admitted = day(2025, 3, 2);
    let in_time = c.member("Trương Văn Kịp", admitted, None);
    let voted_late = c.member("Lâm Thị Muộn", admitted, None);
    let backdated = c.member("Châu Văn Ghi", admitted, Some(day(2026, 3, 2)));
    let never = c.member("Tô Thị Chưa", admitted, None);
    let decided_late = c.member("Hà Văn Trễ", admitted, Some(day(2026, 5, 15)));
    assert_eq!(
        history::add_working_days(day(2026, 3, 2), 30),
        day(2026, 4, 13)
    );
    // The vote naming Kịp on 10/04 (in time), the one naming Muộn on 20/04.
    for (when, name) in [
        (at(2026, 4, 10, 14, 0), "Trương Văn Kịp"),
        (at(2026, 4, 20, 14, 0), "Lâm Thị Muộn"),
    ] {
        let id = c.plan(MeetingKind::Recognition, when);
        c.roll_call(id, &[], &[]);
        c.store
            .write(|tx| {
                tx.record_vote(
                    id,
                    &VoteInput {
                        agenda_item_id: None,
                        subject: format!(
                            "Đề nghị công nhận đảng viên chính thức cho đồng chí {name}"
                        ),
                        kind: VoteKind::Recognition,
                        votes_for: 5,
                        votes_against: 0,
                        votes_other: 0,
                        taken_at: Some(when + chrono::Duration::minutes(30)),
                    },
                )
            })
            .unwrap();
    }
    let today = day(2026, 6, 1);
    let found: Vec<Finding> = c
        .all_found(day(2026, 1, 1), today, today)
        .into_iter()
        .filter(|f| f.rule == RuleId::RecognitionLate)
        .collect();
    let who: Vec<Option<RowId>> = found.iter().map(|f| f.member_id).collect();
    // Kịp was voted in time; Ghi's recognition is dated at the end of
    // probation (no vote names him: the date on his record stands).
    assert!(!who.contains(&Some(in_time)) && !who.contains(&Some(backdated)));
    // In roster order (given names Chưa, Muộn, Trễ), all dated at the deadline.
    assert_eq!(who, [Some(never), Some(voted_late), Some(decided_late)]);
    let by = |id| found.iter().find(|f| f.member_id == Some(id)).unwrap();
    assert_eq!(by(voted_late).values["voted"], "20/04/2026");
    assert_eq!(by(voted_late).values["deadline"], "13/04/2026");
    assert_eq!(by(decided_late).values["decided"], "15/05/2026");
    assert!(!by(never).values.contains_key("voted"));
    assert_eq!(by(never).date, day(2026, 4, 13));
    assert!(
        by(never).basis.contains("30 ngày làm việc"),
        "{}",
        by(never).basis
    );
    let s = vi();
    assert_eq!(
        s.finding(by(voted_late)),
        "Lâm Thị Muộn hết dự bị ngày 02/03/2026: chi bộ không xét công nhận chính thức trong 30 ngày làm việc (hạn 13/04/2026); chi bộ biểu quyết ngày 20/04/2026."
    );
    assert_eq!(
        s.finding(by(never)),
        "Tô Thị Chưa hết dự bị ngày 02/03/2026: chi bộ không xét công nhận chính thức trong 30 ngày làm việc (hạn 13/04/2026)."
    );
    // Still in time on the deadline itself: nothing on 13/04.
    let on_deadline = c.all_found(day(2026, 1, 1), today, day(2026, 4, 13));
    assert!(
        !on_deadline
            .iter()
            .any(|f| f.rule == RuleId::RecognitionLate)
    );
    // The probation of the two never recognized is overdue too.
    let overdue: Vec<Option<RowId>> = c
        .all_found(day(2026, 1, 1), today, today)
        .into_iter()
        .filter(|f| f.rule == RuleId::ProbationOverdue)
        .map(|f| f.member_id)
        .collect();
    // (a vote is no decision: Kịp, voted in time, waits for it too)
    assert_eq!(overdue, [Some(never), Some(in_time), Some(voted_late)]);
}

#[test]
fn a_cell_needs_three_official_members() {
    // Two official members (Bình exempt: still a member of the cell) and
    // Cường, admitted 01/02/2025, recognized from 01/02/2026.
    let mut c = Cell::of(2);
    c.member("Lê Văn Cường", day(2025, 2, 1), Some(day(2026, 2, 1)));
    let second = c.members[1];
    c.store
        .write(|tx| {
            tx.add_status_event(
                second,
                &StatusEventInput::on(StatusEventKind::Exempt, day(2025, 6, 1)),
            )
        })
        .unwrap();
    let (from, to) = (day(2026, 1, 1), day(2026, 3, 1));
    // On 15/01/2026: 2 official members (An, Bình), Cường probationary.
    let found = c.found(RuleId::TooFewOfficials, from, to, day(2026, 1, 15));
    assert_eq!(found.len(), 1);
    assert_eq!(
        (
            found[0].values["n"].as_str(),
            found[0].values["min"].as_str()
        ),
        ("2", "3")
    );
    assert_eq!(found[0].date, day(2026, 1, 15));
    assert_eq!(
        vi().finding(&found[0]),
        "Chi bộ chỉ còn 2 đảng viên chính thức, dưới mức tối thiểu 3."
    );
    // From 01/02/2026 Cường is official: three.
    assert!(
        c.found(RuleId::TooFewOfficials, from, to, day(2026, 2, 1))
            .is_empty()
    );
    assert_eq!(c.history(from, to).official_members_on(day(2026, 2, 1)), 3);
}

#[test]
fn the_next_meeting_a_day_away_with_an_empty_checklist() {
    let mut c = Cell::of(5);
    c.regular(at(2026, 10, 7, 14, 0));
    // Planned on Thursday 12/11/2026, after the window's end (11/11).
    let next = c.plan(MeetingKind::Regular, at(2026, 11, 12, 14, 0));
    let later = c.plan(MeetingKind::Thematic, at(2026, 11, 20, 14, 0));
    let from = day(2026, 10, 1);
    // Three days before: nothing yet.
    assert!(
        c.found(
            RuleId::PreparationEmpty,
            from,
            day(2026, 11, 9),
            day(2026, 11, 9)
        )
        .is_empty()
    );
    // The day before: the checklist is empty.
    let found = c.found(
        RuleId::PreparationEmpty,
        from,
        day(2026, 11, 11),
        day(2026, 11, 11),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].meeting_id, Some(next));
    assert_eq!(
        vi().finding(&found[0]),
        "Buổi sinh hoạt ngày 12/11/2026 (Thường kỳ) sắp diễn ra mà chưa ghi bước chuẩn bị nào (chi ủy họp, phân công nội dung, thông báo đảng viên, gửi tài liệu)."
    );
    // On the day itself too.
    assert_eq!(
        c.found(
            RuleId::PreparationEmpty,
            from,
            day(2026, 11, 12),
            day(2026, 11, 12)
        )
        .len(),
        1
    );
    // One step recorded is enough; the later meeting is not the next one.
    c.store
        .write(|tx| {
            tx.set_preparation_step(next, PrepStep::CommitteeMet, Some(day(2026, 11, 5)), "")
        })
        .unwrap();
    assert!(
        c.found(
            RuleId::PreparationEmpty,
            from,
            day(2026, 11, 11),
            day(2026, 11, 11)
        )
        .is_empty()
    );
    let history = c.history(from, day(2026, 11, 11));
    assert_eq!(
        history.next_planned(day(2026, 11, 13)).map(|(m, _)| m.id),
        Some(later)
    );
}

#[test]
fn meetings_left_planned_or_in_progress_after_their_day() {
    let mut c = Cell::of(5);
    c.regular(at(2026, 9, 9, 14, 0));
    // Planned for 05/10 and never held; 12/10 started (roll call) and not
    // closed; 14/10 cancelled; 15/10 planned for today.
    let planned = c.plan(MeetingKind::Regular, at(2026, 10, 5, 14, 0));
    let open = c.plan(MeetingKind::Thematic, at(2026, 10, 12, 14, 0));
    c.roll_call(open, &[], &[]);
    let cancelled = c.plan(MeetingKind::Extraordinary, at(2026, 10, 14, 14, 0));
    c.store.write(|tx| tx.cancel_meeting(cancelled)).unwrap();
    c.plan(MeetingKind::Extraordinary, at(2026, 10, 15, 14, 0));
    let today = day(2026, 10, 15);
    let found = c.found(RuleId::NotClosed, day(2026, 9, 1), today, today);
    let ids: Vec<Option<RowId>> = found.iter().map(|f| f.meeting_id).collect();
    assert_eq!(ids, [Some(planned), Some(open)]);
    assert_eq!(found[0].values["status"], "planned");
    assert_eq!(found[1].values["status"], "in_progress");
    assert_eq!(
        vi().finding(&found[1]),
        "Buổi sinh hoạt ngày 12/10/2026 (Chuyên đề) đã qua mà vẫn “Đang họp”: ghi đủ và kết thúc, hoặc hoãn, hủy."
    );
    assert_eq!(
        Strings::load(Lang::En).finding(&found[0]),
        "The meeting of 05/10/2026 (Regular) is past and still “Planned”: complete and close it, or postpone or cancel it."
    );
    // The planned meeting held nothing: October has no regular meeting.
    let missing = c.found(
        RuleId::NoRegularMeeting,
        day(2026, 9, 1),
        day(2026, 11, 1),
        day(2026, 11, 1),
    );
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].values["month"], "10/2026");
}

#[test]
fn the_history_reads_every_meeting_as_the_record_does() {
    let store = common::demo_memory();
    let cell = store.cells().unwrap()[0].clone();
    let today = common::today();
    let history = store.cell_history(cell.id, day(2000, 1, 1), today).unwrap();
    let all = store.meetings(cell.id).unwrap();
    // 32 meetings: 31 up to today, the December one planned after it.
    assert_eq!(all.len(), 32);
    assert_eq!(history.meetings.len(), 31);
    assert_eq!(history.upcoming.len(), 1);
    assert_eq!(history.upcoming[0].meeting.date(), day(2026, 12, 7));
    for record in &history.meetings {
        assert_eq!(record, &store.record(record.meeting.id).unwrap());
    }
    assert!(
        history
            .meetings
            .windows(2)
            .all(|w| w[0].meeting.date() <= w[1].meeting.date())
    );
    assert_eq!(history.members, store.members(cell.id).unwrap());
    // The open tasks are those the store lists.
    let open: Vec<RowId> = history::open_tasks(&history, today)
        .iter()
        .map(|t| t.task.id)
        .collect();
    let stored: Vec<RowId> = store
        .open_tasks(cell.id)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(open, stored);
    // A narrower window: the meetings of 2026 only, the rest planned after.
    let year = store
        .cell_history(cell.id, day(2026, 1, 1), day(2026, 6, 30))
        .unwrap();
    assert!(
        year.meetings
            .iter()
            .all(|r| r.meeting.date().year() == 2026 && r.meeting.date().month() <= 6)
    );
    assert!(year.dues.iter().all(|d| d.year == 2026 && d.month <= 6));
}

#[test]
fn the_demo_cell_shows_its_drifting_member_and_its_overdue_probation() {
    let store = common::demo_memory();
    let cell = store.cells().unwrap()[0].clone();
    let today = common::today();
    let found = store.cell_warnings(cell.id, today).unwrap();
    let s = vi();
    let text: Vec<String> = found.iter().map(|f| s.finding(f)).collect();
    // Bùi Đức Thắng drifts away in 2026: absent without a reason from the
    // regular meetings of March, July and August, the removal ground (three
    // months); dues unpaid in March and August, the warning (two).
    assert!(found.iter().any(|f| f.rule == RuleId::RemovalGroundAbsences
        && f.members == ["Bùi Đức Thắng"]
        && f.values["months"] == "3, 7, 8"));
    assert!(
        text.iter().any(|t| t
            == "Bùi Đức Thắng chưa đóng đảng phí 2 tháng trong năm 2026 (tháng 3, 8); đến 3 tháng không có lý do chính đáng, chi bộ phải xem xét, đề nghị xóa tên."),
        "{text:#?}"
    );
    // Kiều Thị Như Ý, admitted 13 months before the demo's today.
    assert!(
        found
            .iter()
            .any(|f| f.rule == RuleId::ProbationOverdue && f.members == ["Kiều Thị Như Ý"])
    );
    // Đinh Công Ân's recognition was voted by name in March 2026: in time.
    assert!(!found.iter().any(|f| f.rule == RuleId::RecognitionLate));
    // Every month and quarter of the demo has its meetings.
    assert!(!found.iter().any(|f| matches!(
        f.rule,
        RuleId::NoRegularMeeting | RuleId::NoThematicMeeting | RuleId::NotClosed
    )));
    let every = store.all_warnings(today).unwrap();
    assert_eq!(every.len(), 1);
    assert_eq!(every[0].1, found);
    // The JSON of a finding about a member: no meeting, the member's id,
    // the meetings it concerns.
    let f = found
        .iter()
        .find(|f| f.rule == RuleId::MemberUnexcused && f.members == ["Bùi Đức Thắng"])
        .unwrap();
    let json = chibo::documents::findings::json(&s, f);
    assert!(json["meeting_id"].is_null());
    assert_eq!(json["member_id"], f.member_id.unwrap());
    assert_eq!(json["meetings"][0]["date"], "2026-03-05");
}

/// The committee's fast read (`Store::rule_histories`: the marks of the
/// members an aggregate names, no agenda, remarks or tasks) finds exactly
/// what the whole history finds, on one file where every rule fires: a
/// cell with a month and a quarter missing, a short meeting, low
/// attendance, unexcused absences (three months, two months), excused ones
/// in a row, dues unpaid (three months, two), a probation over with no
/// recognition, a meeting left planned and one left in progress, the next
/// one tomorrow with no preparation; and a cell of two official members.
#[test]
fn the_fast_read_finds_what_the_whole_history_finds_for_every_rule() {
    let mut c = Cell::of(8);
    c.member("Kiều Văn Dự", day(2025, 9, 1), None);
    // Jan: Dung (3) and Đức (4) absent without a reason: 6 of 9, low.
    c.held(
        MeetingKind::Regular,
        at(2026, 1, 7, 14, 0),
        100,
        &[],
        &[3, 4],
    );
    // Feb: 60 minutes, too short; Dung and Đức again.
    c.held(
        MeetingKind::Regular,
        at(2026, 2, 4, 14, 0),
        60,
        &[],
        &[3, 4],
    );
    // Mar: combined; Dung a third month.
    c.held(MeetingKind::Combined, at(2026, 3, 4, 14, 0), 130, &[], &[3]);
    // Apr, Jun, Jul: Giang (5) absent with a reason each time; no May
    // meeting, no thematic one in the second quarter.
    for month in [4, 6, 7] {
        c.held(
            MeetingKind::Regular,
            at(2026, month, 8, 14, 0),
            100,
            &[5],
            &[],
        );
    }
    for month in [8, 9, 10] {
        c.regular(at(2026, month, 5, 14, 0));
    }
    c.held(MeetingKind::Thematic, at(2026, 9, 16, 14, 0), 100, &[], &[]);
    // A thematic meeting of 21/10 left in progress, everyone marked.
    let open = c.plan(MeetingKind::Thematic, at(2026, 10, 21, 14, 0));
    c.store
        .write(|tx| tx.set_meeting_times(open, Some(at(2026, 10, 21, 14, 0)), None))
        .unwrap();
    c.roll_call(open, &[1], &[]);
    // November's regular meeting left planned on the 5th; the next one
    // tomorrow.
    c.plan(MeetingKind::Regular, at(2026, 11, 5, 14, 0));
    c.plan(MeetingKind::Regular, at(2026, 11, 26, 14, 0));
    // Dues: Hải (6) unpaid January to March, Hoa (7) in April and May.
    let m = c.members.clone();
    c.store
        .write(|tx| {
            for month in 1..=3 {
                tx.set_dues(m[6], 2026, month, false, None)?;
            }
            tx.set_dues(m[7], 2026, 4, false, None)?;
            tx.set_dues(m[7], 2026, 5, false, None)?;
            tx.set_dues(m[7], 2026, 6, true, Some(45_000))?;
            Ok(())
        })
        .unwrap();
    // A second cell of two official members.
    let small = c
        .store
        .write(|tx| {
            let cell = tx.create_cell(&CellInput {
                name: "Chi bộ Nhỏ".into(),
                ..CellInput::default()
            })?;
            for name in ["Âu Văn Một", "Ông Thị Hai"] {
                tx.add_member(
                    cell.id,
                    &MemberInput {
                        full_name: name.into(),
                        admitted_on: Some(day(2000, 1, 1)),
                        official_on: Some(day(2001, 1, 1)),
                        ..MemberInput::default()
                    },
                )?;
            }
            Ok(cell.id)
        })
        .unwrap();

    let book = chibo::assets::load().unwrap();
    let today = day(2026, 11, 25);
    let mut rules: Vec<RuleId> = Vec::new();
    for (from, to) in [
        (day(2026, 1, 1), today),
        (day(2025, 1, 1), today),
        (day(2026, 1, 1), day(2026, 12, 31)),
        (day(2026, 2, 1), day(2026, 6, 30)),
    ] {
        let fast = c.store.rule_histories(from, to).unwrap();
        assert_eq!(fast.len(), 2);
        for h in &fast {
            let full = c.store.cell_history(h.cell.id, from, to).unwrap();
            let found = history::history_findings(&full, book, today);
            assert_eq!(history::history_findings(h, book, today), found);
            // The year's counts too (its quality scores are not read).
            let (mut a, mut b) = (
                history::year_summary(h, book, 2026, today),
                history::year_summary(&full, book, 2026, today),
            );
            a.scores.clear();
            b.scores.clear();
            assert_eq!(a, b);
            rules.extend(found.iter().map(|f| f.rule));
        }
        // And `all_warnings` is that read.
        if from == day(2025, 1, 1) {
            let all = c.store.all_warnings(today).unwrap();
            for (cell, found) in all {
                assert_eq!(found, c.store.cell_warnings(cell.id, today).unwrap());
            }
        }
    }
    assert!(rules.contains(&RuleId::TooFewOfficials));
    let _ = small;
    for rule in [
        RuleId::NoRegularMeeting,
        RuleId::NoThematicMeeting,
        RuleId::TooShort,
        RuleId::AttendanceLow,
        RuleId::AttendanceBelowFullMarks,
        RuleId::MemberUnexcused,
        RuleId::ExcusedInARow,
        RuleId::RemovalGroundAbsences,
        RuleId::AbsencesNearingRemoval,
        RuleId::RemovalGroundDues,
        RuleId::DuesNearingRemoval,
        RuleId::ProbationOverdue,
        RuleId::RecognitionLate,
        RuleId::TooFewOfficials,
        RuleId::PreparationEmpty,
        RuleId::NotClosed,
    ] {
        assert!(rules.contains(&rule), "{rule:?} never found");
    }
}

/// The demo: every cell's findings and year counts, fast and whole.
#[test]
fn the_fast_read_of_the_demo_is_its_whole_history() {
    let store = common::demo_memory();
    let book = chibo::assets::load().unwrap();
    let today = common::today();
    for (from, to) in [
        (day(2025, 1, 1), today),
        (day(2026, 1, 1), day(2026, 12, 31)),
    ] {
        for h in store.rule_histories(from, to).unwrap() {
            let full = store.cell_history(h.cell.id, from, to).unwrap();
            let found = history::history_findings(&full, book, today);
            assert!(!found.is_empty());
            assert_eq!(history::history_findings(&h, book, today), found);
            let (mut a, mut b) = (
                history::year_summary(&h, book, 2026, today),
                history::year_summary(&full, book, 2026, today),
            );
            a.scores.clear();
            b.scores.clear();
            assert_eq!(a, b);
        }
    }
}

/// A closed meeting's saved record that does not read is a damaged file:
/// the rules over every cell say so rather than judging without it.
#[test]
fn a_saved_record_that_does_not_read_is_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_file(dir.path());
    let raw = rusqlite::Connection::open(&path).unwrap();
    let changed = raw
        .execute(
            "UPDATE meetings SET frozen = '{\"roster\": [' WHERE id = (
                 SELECT max(id) FROM meetings WHERE frozen IS NOT NULL)",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(raw);
    let store = chibo::store::Store::open(&path, common::clock()).unwrap();
    let found = store.all_warnings(common::today());
    assert!(
        matches!(found, Err(chibo::store::Error::Corrupt(_))),
        "{found:?}"
    );
}
