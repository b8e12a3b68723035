//! The rules engine through the store, on in-memory SQLite: every rule of
//! the close check, the minutes' approval, the officers, the agenda items,
//! the length, the attendance lines, the vote kinds, unmarked members, a
//! meeting typed up the next day, and opening without starting. Expected
//! values are worked out by hand in the comments.

mod common;

use chibo::clock::Clock;
use chibo::documents::layout::Format;
use chibo::domain::engine::{self, RuleId, Severity, moments};
use chibo::domain::{
    ItemDisposition, MarkKind, Meeting, MeetingKind, MeetingStatus, RoleKind, RowId, VoteKind,
};
use chibo::store::{CellInput, Error, MeetingInput, MemberInput, Officer, Store, VoteInput};
use chrono::{NaiveDate, NaiveDateTime};

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

/// A cell of 20 official members: An is bí thư, Bình phó bí thư. The clock
/// says 11/11/2026 09:00: the meetings of 10/11 are typed up the next day.
struct Cell {
    store: Store,
    cell_id: RowId,
    members: Vec<RowId>,
}

impl Cell {
    fn new() -> Cell {
        Cell::at_clock(at(2026, 11, 11, 9, 0))
    }

    fn at_clock(now: NaiveDateTime) -> Cell {
        Cell::of(NAMES.len(), now)
    }

    /// A cell of `n` official members (the names above, then numbered ones).
    fn of(n: usize, now: NaiveDateTime) -> Cell {
        let names: Vec<String> = (0..n)
            .map(|i| match NAMES.get(i) {
                Some(name) => name.to_string(),
                None => format!("Đảng Viên Số {i:02}"),
            })
            .collect();
        let mut store = Store::open_in_memory(Clock::Fixed(now)).unwrap();
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
                tx.add_role(ids[0], RoleKind::Secretary, day(2020, 1, 1), None)?;
                tx.add_role(ids[1], RoleKind::DeputySecretary, day(2020, 1, 1), None)?;
                Ok((cell.id, ids))
            })
            .unwrap();
        Cell {
            store,
            cell_id,
            members,
        }
    }

    /// A meeting with the template agenda of its kind; An chairs, Cường
    /// takes the minutes.
    fn meeting(&mut self, kind: MeetingKind, when: NaiveDateTime) -> Meeting {
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
    }

    /// Marks members: `absent` excused ("ốm"), `unexcused`, the rest present.
    fn roll_call(&mut self, meeting: RowId, absent: &[usize], unexcused: &[usize]) {
        let members = self.members.clone();
        self.store
            .write(|tx| {
                for (i, id) in members.iter().enumerate() {
                    if absent.contains(&i) {
                        tx.set_mark(meeting, *id, MarkKind::AbsentExcused, None, "ốm")?;
                    } else if unexcused.contains(&i) {
                        tx.set_mark(meeting, *id, MarkKind::AbsentUnexcused, None, "")?;
                    } else {
                        tx.set_mark(meeting, *id, MarkKind::Present, None, "")?;
                    }
                }
                Ok(())
            })
            .unwrap();
    }

    /// Holds every item for `minutes` in all, from `start`.
    fn hold_all(&mut self, meeting: RowId, start: NaiveDateTime, minutes: i64) {
        let items = self.store.agenda(meeting).unwrap();
        let step = minutes / items.len() as i64;
        self.store
            .write(|tx| {
                tx.set_meeting_times(
                    meeting,
                    Some(start),
                    Some(start + chrono::Duration::minutes(minutes)),
                )?;
                for (n, item) in items.iter().enumerate() {
                    let from = start + chrono::Duration::minutes(step * n as i64);
                    let to = from + chrono::Duration::minutes(step);
                    tx.set_agenda_item_record(item.id, Some(from), Some(to), "Thống nhất.")?;
                }
                Ok(())
            })
            .unwrap();
    }

    fn findings(&self, meeting: RowId) -> Vec<engine::Finding> {
        chibo::planning::findings(&self.store, meeting).unwrap()
    }

    fn minutes(&self, meeting: RowId) -> String {
        chibo::planning::minutes_document(&self.store, meeting, Format::Text).unwrap()
    }

    /// A remark by the member at `speaker` (an index into `members`).
    fn remark(&mut self, meeting: RowId, speaker: usize, when: NaiveDateTime) {
        let speaker = self.members[speaker];
        self.store
            .write(|tx| {
                tx.add_remark(
                    meeting,
                    &chibo::store::RemarkInput {
                        agenda_item_id: None,
                        speaker_member_id: Some(speaker),
                        speaker_guest_id: None,
                        text: "Tán thành dự thảo.".into(),
                        spoken_at: Some(when),
                    },
                )
            })
            .unwrap();
    }

    /// The self-assessment with full marks on every criterion.
    fn full_marks(&mut self, meeting: RowId) -> &'static chibo::domain::rulebook::Rulebook {
        let book = chibo::assets::load().unwrap();
        let full: Vec<(String, u32)> = book
            .rubric
            .criteria
            .iter()
            .map(|c| (c.id.clone(), c.max))
            .collect();
        self.store
            .write(|tx| tx.set_quality(meeting, &full))
            .unwrap();
        book
    }

    fn vote(&mut self, meeting: RowId, kind: VoteKind, votes_for: u32, when: NaiveDateTime) {
        self.store
            .write(|tx| {
                tx.record_vote(
                    meeting,
                    &VoteInput {
                        agenda_item_id: None,
                        subject: "Biểu quyết".into(),
                        kind,
                        votes_for,
                        votes_against: 0,
                        votes_other: 0,
                        taken_at: Some(when),
                    },
                )
            })
            .unwrap();
    }
}

fn rules(findings: &[engine::Finding]) -> Vec<RuleId> {
    findings.iter().map(|f| f.rule).collect()
}

fn blocked(result: Result<Meeting, Error>) -> Vec<RuleId> {
    match result {
        Err(Error::Blocked(found)) => found.iter().map(|f| f.rule).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_absent_chair_blocks_closing_until_a_replacement_is_chosen() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    // An (the chair) is away sick; everyone else came
    c.roll_call(m.id, &[0], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    let refused = blocked(c.store.write(|tx| tx.close_meeting(m.id)));
    assert_eq!(refused, vec![RuleId::ChairAbsent]);
    // the meeting chose Bình, the deputy, to chair in his place
    let bình = c.members[1];
    let after = c
        .store
        .write(|tx| tx.set_officer(m.id, Officer::Chair, Some(bình)))
        .unwrap();
    assert_eq!(after.chair_id, Some(bình));
    assert_eq!(after.chair_replaces_id, Some(c.members[0]));
    c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    let text = c.minutes(m.id);
    assert!(
        text.contains("Chủ trì: đồng chí Trần Thị Bình (chủ trì thay đồng chí Nguyễn Văn An vắng)"),
        "{text}"
    );
    // the chair who signs is the one who chaired
    // (under the role, the note and three lines of room to sign)
    let signature = text.lines().skip_while(|l| !l.contains("CHỦ TRÌ")).nth(5);
    assert!(
        signature.is_some_and(|l| l.trim_start().starts_with("Trần Thị Bình")),
        "{text}"
    );
}

#[test]
fn an_absent_minute_taker_blocks_closing_too() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[2], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    assert_eq!(
        blocked(c.store.write(|tx| tx.close_meeting(m.id))),
        vec![RuleId::MinuteTakerAbsent]
    );
    let dung = c.members[3];
    let after = c
        .store
        .write(|tx| tx.set_officer(m.id, Officer::MinuteTaker, Some(dung)))
        .unwrap();
    assert_eq!(after.minute_taker_replaces_id, Some(c.members[2]));
    c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    // a present officer changed beforehand is a change, not a replacement
    let m2 = c.meeting(MeetingKind::Thematic, at(2026, 11, 20, 14, 0));
    let after = c
        .store
        .write(|tx| tx.set_officer(m2.id, Officer::Chair, Some(c.members[1])))
        .unwrap();
    assert_eq!(after.chair_replaces_id, None);
}

#[test]
fn the_minutes_say_approved_only_when_the_approval_was_recorded() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    let text = c.minutes(m.id);
    assert!(!text.contains("Biên bản đã được thông qua"), "{text}");
    assert!(text.contains("Biên bản chưa được thông qua"), "{text}");
    assert!(rules(&c.findings(m.id)).contains(&RuleId::MinutesNotApproved));
    // a passed vote on the minutes (20 of D = 20) is the approval
    c.vote(m.id, VoteKind::Minutes, 20, at(2026, 11, 10, 15, 35));
    let text = c.minutes(m.id);
    assert!(
        text.contains("Biên bản đã được thông qua; buổi sinh hoạt kết thúc lúc 15 giờ 40"),
        "{text}"
    );
    assert!(!rules(&c.findings(m.id)).contains(&RuleId::MinutesNotApproved));
}

#[test]
fn a_failed_vote_on_the_minutes_is_no_approval() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    // 10 of D = 20 is not more than half
    c.vote(m.id, VoteKind::Minutes, 10, at(2026, 11, 10, 15, 35));
    let record = c.store.record(m.id).unwrap();
    let rules = chibo::assets::rules_on(m.date());
    assert_eq!(engine::minutes_approved(&record, rules), Some(false));
}

#[test]
fn items_never_started_block_closing_unless_skipped_or_moved() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    let items = c.store.agenda(m.id).unwrap();
    assert_eq!(items.len(), 18);
    // items 1–10 held, 11 running; 12–17 never started; 18 is the closing
    let start = at(2026, 11, 10, 14, 0);
    c.store
        .write(|tx| {
            tx.set_meeting_times(m.id, Some(start), Some(at(2026, 11, 10, 15, 40)))?;
            for (n, item) in items.iter().take(11).enumerate() {
                let from = start + chrono::Duration::minutes(6 * n as i64);
                let to = (n < 10).then(|| from + chrono::Duration::minutes(6));
                tx.set_agenda_item_record(item.id, Some(from), to, "")?;
            }
            Ok(())
        })
        .unwrap();
    let refused = c.store.write(|tx| tx.close_meeting(m.id));
    let Err(Error::Blocked(found)) = refused else {
        panic!("closing with items never started must be refused");
    };
    let not_held = found
        .iter()
        .find(|f| f.rule == RuleId::ItemsNotHeld)
        .unwrap();
    assert_eq!(not_held.items.len(), 6, "items 12 to 17");
    assert_eq!(not_held.items[0], items[11].title);
    // an optional step ("nếu có") is skipped without a reason
    assert!(items[11].optional && items[12].optional);
    for i in [11, 12] {
        c.store
            .write(|tx| tx.settle_item(items[i].id, Some(ItemDisposition::Skipped), ""))
            .unwrap();
    }
    // any other step needs a reason
    let refused = c
        .store
        .write(|tx| tx.settle_item(items[13].id, Some(ItemDisposition::Skipped), " "));
    assert!(matches!(
        refused,
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    c.store
        .write(|tx| {
            tx.settle_item(
                items[13].id,
                Some(ItemDisposition::Moved),
                "Chưa đủ thông tin",
            )?;
            for item in &items[14..17] {
                tx.settle_item(item.id, Some(ItemDisposition::Skipped), "Hết giờ")?;
            }
            Ok(())
        })
        .unwrap();
    let closed = c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    assert_eq!(closed.status, MeetingStatus::Closed);
    let items = c.store.agenda(m.id).unwrap();
    // the running item ended with the meeting; the closing step was held at the end
    assert_eq!(items[10].ended_at, Some(at(2026, 11, 10, 15, 40)));
    assert_eq!(items[17].started_at, Some(at(2026, 11, 10, 15, 40)));
    let text = c.minutes(m.id);
    assert!(text.contains("Không có."), "{text}");
    assert!(text.contains("Không thực hiện: Hết giờ."), "{text}");
    assert!(
        text.contains("Chuyển sang buổi sinh hoạt sau: Chưa đủ thông tin."),
        "{text}"
    );
    // the next meeting receives the moved item, before its conclusion
    let next = c.meeting(MeetingKind::Regular, at(2026, 12, 8, 14, 0));
    let agenda = c.store.agenda(next.id).unwrap();
    assert_eq!(agenda.len(), 19);
    let moved = agenda
        .iter()
        .position(|i| i.title == items[13].title)
        .unwrap();
    assert_eq!(
        agenda[moved + 1].kind,
        chibo::domain::agenda::StepKind::Conclusion
    );
    let original = c.store.agenda(m.id).unwrap();
    assert_eq!(original[13].moved_to_meeting_id, Some(next.id));
}

#[test]
fn a_meeting_shorter_than_its_minimum_is_a_finding() {
    let mut c = Cell::new();
    // HD 42: a regular meeting of 84 minutes (minimum 90)
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 84);
    let short = c
        .findings(m.id)
        .into_iter()
        .find(|f| f.rule == RuleId::TooShort)
        .unwrap();
    assert_eq!(short.values["minutes"], "84");
    assert_eq!(short.values["min"], "90");
    assert_eq!(short.severity, Severity::Warning);
    assert!(short.basis.contains("HD 42"), "{}", short.basis);
    // HD 42: a combined meeting of 110 minutes (minimum 120)
    let m = c.meeting(MeetingKind::Combined, at(2026, 11, 12, 14, 0));
    c.hold_all(m.id, at(2026, 11, 12, 14, 0), 110);
    let short = c
        .findings(m.id)
        .into_iter()
        .find(|f| f.rule == RuleId::TooShort)
        .unwrap();
    assert_eq!(short.values["min"], "120");
    // an admission ceremony has no minimum in the guidelines
    let m = c.meeting(MeetingKind::Admission, at(2026, 11, 13, 14, 0));
    c.hold_all(m.id, at(2026, 11, 13, 14, 0), 40);
    assert!(!rules(&c.findings(m.id)).contains(&RuleId::TooShort));
}

#[test]
fn under_hd12_a_combined_meeting_needs_90_minutes() {
    let mut c = Cell::at_clock(at(2024, 6, 11, 9, 0));
    let m = c.meeting(MeetingKind::Combined, at(2024, 6, 10, 14, 0));
    c.hold_all(m.id, at(2024, 6, 10, 14, 0), 95);
    assert!(!rules(&c.findings(m.id)).contains(&RuleId::TooShort));
}

#[test]
fn attendance_lines_of_hd12_and_hd42() {
    let mut c = Cell::new();
    // E = 20, P = 17: 85,0 % is not above 85 % (HD 12), and below 90 % (HD 42)
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[5, 6, 7], &[]);
    let found = c.findings(m.id);
    let low = found
        .iter()
        .find(|f| f.rule == RuleId::AttendanceLow)
        .unwrap();
    assert_eq!(low.values["pct"], "85,0%");
    assert!(rules(&found).contains(&RuleId::AttendanceBelowFullMarks));
    // P = 18: 90,0 % is above 85 % and not below 90 %
    let m = c.meeting(MeetingKind::Thematic, at(2026, 11, 12, 14, 0));
    c.roll_call(m.id, &[5, 6], &[]);
    let found = rules(&c.findings(m.id));
    assert!(!found.contains(&RuleId::AttendanceLow));
    assert!(!found.contains(&RuleId::AttendanceBelowFullMarks));
    // under HD 12 (2024) P = 17 of 19 (89,5 %) passes: no 90 % line then
    let mut old = Cell::at_clock(at(2024, 6, 11, 9, 0));
    let m = old.meeting(MeetingKind::Regular, at(2024, 6, 10, 14, 0));
    old.roll_call(m.id, &[5, 6, 7], &[]);
    let found = rules(&old.findings(m.id));
    assert!(found.contains(&RuleId::AttendanceLow));
    assert!(!found.contains(&RuleId::AttendanceBelowFullMarks));
}

#[test]
fn an_unexcused_absence_fails_the_attendance_criterion_so_never_good() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    // P = 19 of 20 (95 %), but Dung is absent without a reason
    c.roll_call(m.id, &[], &[3]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    c.remark(m.id, 5, at(2026, 11, 10, 14, 50));
    c.vote(m.id, VoteKind::Minutes, 19, at(2026, 11, 10, 15, 30));
    let book = c.full_marks(m.id);
    let record = c.store.record(m.id).unwrap();
    let assessment = engine::assess(&record, book).unwrap();
    // 100 given; attendance (5) scores 0 → 95 points; a mandatory
    // criterion is not full → Khá, not Tốt
    assert_eq!(assessment.total, 95);
    assert_eq!(assessment.tier.name, "Khá");
    assert_eq!(assessment.failed, vec!["attendance".to_string()]);
    let unexcused = c
        .findings(m.id)
        .into_iter()
        .find(|f| f.rule == RuleId::UnexcusedAbsence)
        .unwrap();
    assert_eq!(unexcused.members, vec!["Phạm Thị Dung".to_string()]);
}

#[test]
fn participation_and_duration_decide_their_criteria() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 80);
    let record = c.store.record(m.id).unwrap();
    let failed = engine::failed_checks(&record, chibo::assets::rules_on(m.date()));
    use chibo::domain::rubric::CriterionCheck as K;
    // 80 minutes < 90, no member spoke, and the minutes are not approved
    assert_eq!(failed, vec![K::Duration, K::Participation, K::Minutes]);
}

#[test]
fn a_recognition_vote_needs_two_thirds_of_d() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Recognition, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    // D = 20: two thirds is ⌈40/3⌉ = 14; more than half is 11
    let when = at(2026, 11, 10, 15, 0);
    c.vote(m.id, VoteKind::Recognition, 11, when);
    c.vote(m.id, VoteKind::Recognition, 14, when);
    c.vote(m.id, VoteKind::General, 11, when);
    let votes = c.store.votes(m.id).unwrap();
    let rules = chibo::assets::rules_on(m.date());
    let verdicts: Vec<(bool, u32)> = votes
        .iter()
        .map(|v| {
            engine::verdict(v, rules)
                .map(|r| (r.passed, r.needed))
                .unwrap()
        })
        .collect();
    assert_eq!(verdicts, vec![(false, 14), (true, 14), (true, 11)]);
    assert_eq!(votes[0].rule, chibo::domain::VoteRule::TwoThirds);
    // the template presets the recognition step's vote
    let items = c.store.agenda(m.id).unwrap();
    assert!(
        items
            .iter()
            .any(|i| i.vote_kind == Some(VoteKind::Recognition))
    );
    // the file refuses a recognition stored with the simple majority
    let raw = c.store.write(|tx| {
        tx.execute(
            "UPDATE votes SET rule = 'simple_majority' WHERE id = ?1",
            [votes[0].id],
        )?;
        Ok(())
    });
    assert!(raw.is_err());
    assert_eq!(
        c.store.votes(m.id).unwrap()[0].rule,
        chibo::domain::VoteRule::TwoThirds
    );
}

#[test]
fn unmarked_members_are_counted_never_called_absent() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    let text = c.minutes(m.id);
    assert!(text.contains("Chưa điểm danh: 20 đảng viên."), "{text}");
    assert!(!text.contains("Vắng: không"), "{text}");
    c.store
        .write(|tx| tx.set_mark(m.id, c.members[0], MarkKind::Present, None, ""))
        .unwrap();
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    let refused = c.store.write(|tx| tx.close_meeting(m.id));
    let Err(Error::Blocked(found)) = refused else {
        panic!("closing with unmarked members must be refused");
    };
    let unmarked = found.iter().find(|f| f.rule == RuleId::Unmarked).unwrap();
    assert_eq!(unmarked.values["n"], "19");
    assert_eq!(
        c.store.meeting(m.id).unwrap().status,
        MeetingStatus::InProgress
    );
}

#[test]
fn a_meeting_typed_up_the_next_day_goes_from_start_to_lock_with_its_defaults() {
    let mut c = Cell::new();
    let now = c.store.clock().now();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    assert!(!moments::is_live(&m, now));
    // Ctrl-B proposes the planned time, not 09:00 of the next day
    let start = moments::default_start(&m, now);
    assert_eq!(start, at(2026, 11, 10, 14, 0));
    c.store
        .write(|tx| tx.set_meeting_times(m.id, Some(start), None))
        .unwrap();
    // Đức came at 14:25 (the form asked for the time); the rest on time
    c.roll_call(m.id, &[], &[]);
    let đức = c.members[4];
    c.store
        .write(|tx| {
            tx.set_mark(
                m.id,
                đức,
                MarkKind::Late,
                Some(at(2026, 11, 10, 14, 25)),
                "",
            )
        })
        .unwrap();
    // the vote defaults to after every arrival: V counts Đức, so a tally
    // of all 20 is accepted
    let m = c.store.meeting(m.id).unwrap();
    let marks = c.store.marks(m.id).unwrap();
    let when = moments::vote_time(&m, &marks, None, now);
    assert_eq!(when, at(2026, 11, 10, 14, 25));
    assert_eq!(
        c.store
            .voting_figures_at(&m, when)
            .unwrap()
            .eligible_present,
        20
    );
    c.vote(m.id, VoteKind::Resolution, 20, when);
    // items held, the end proposed from the record, minutes approved
    let items = c.store.agenda(m.id).unwrap();
    c.store
        .write(|tx| {
            for (n, item) in items.iter().enumerate() {
                let from = start + chrono::Duration::minutes(6 * n as i64);
                tx.set_agenda_item_record(
                    item.id,
                    Some(from),
                    Some(from + chrono::Duration::minutes(6)),
                    "Thống nhất.",
                )?;
            }
            Ok(())
        })
        .unwrap();
    let end = moments::default_end(&m, &c.store.agenda(m.id).unwrap(), now);
    assert_eq!(end, at(2026, 11, 10, 15, 48));
    c.store
        .write(|tx| tx.set_meeting_times(m.id, Some(start), Some(end)))
        .unwrap();
    c.vote(m.id, VoteKind::Minutes, 20, at(2026, 11, 10, 15, 45));
    c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    let locked = c.store.write(|tx| tx.lock_meeting(m.id)).unwrap();
    assert_eq!(locked.status, MeetingStatus::Locked);
    // the late mark kept the time typed, not the planned start
    let mark = c
        .store
        .marks(m.id)
        .unwrap()
        .into_iter()
        .find(|x| x.member_id == đức)
        .unwrap();
    assert_eq!(mark.arrived_at, Some(at(2026, 11, 10, 14, 25)));
}

#[test]
fn looking_at_a_meeting_does_not_start_it() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 24, 14, 0));
    assert_eq!(m.status, MeetingStatus::Planned);
    // a week ahead of the clock: opening it asks first
    assert!(moments::far_ahead(&m, c.store.clock().now()));
    // Ctrl-B by mistake starts it; with nothing else recorded it goes back
    let started = c
        .store
        .write(|tx| tx.set_meeting_times(m.id, Some(at(2026, 11, 11, 9, 0)), None))
        .unwrap();
    assert_eq!(started.status, MeetingStatus::InProgress);
    let back = c.store.write(|tx| tx.return_to_planned(m.id)).unwrap();
    assert_eq!(back.status, MeetingStatus::Planned);
    assert_eq!(back.started_at, None);
    // the first mark starts it; then it cannot go back
    c.store
        .write(|tx| tx.set_mark(m.id, c.members[0], MarkKind::Present, None, ""))
        .unwrap();
    assert_eq!(
        c.store.meeting(m.id).unwrap().status,
        MeetingStatus::InProgress
    );
    assert!(c.store.write(|tx| tx.return_to_planned(m.id)).is_err());
    // and it can no longer be cancelled or deleted
    assert!(c.store.write(|tx| tx.cancel_meeting(m.id)).is_err());
}

#[test]
fn a_second_regular_meeting_in_a_month_is_a_warning() {
    let mut c = Cell::new();
    c.meeting(MeetingKind::Regular, at(2026, 11, 3, 14, 0));
    let second = c.meeting(MeetingKind::Regular, at(2026, 11, 24, 14, 0));
    let found = c
        .findings(second.id)
        .into_iter()
        .find(|f| f.rule == RuleId::SecondRegularInMonth)
        .unwrap();
    assert_eq!(found.values["other"], "03/11/2026");
    // a thematic meeting in the same month is no second regular one
    let thematic = c.meeting(MeetingKind::Thematic, at(2026, 11, 20, 14, 0));
    assert!(!rules(&c.findings(thematic.id)).contains(&RuleId::SecondRegularInMonth));
}

#[test]
fn a_meeting_before_hd12_gets_no_rule_set() {
    let mut c = Cell::at_clock(at(2017, 5, 11, 9, 0));
    let m = c.meeting(MeetingKind::Regular, at(2017, 5, 10, 14, 0));
    c.roll_call(m.id, &[1, 2, 3, 4], &[]);
    c.hold_all(m.id, at(2017, 5, 10, 14, 0), 60);
    c.vote(m.id, VoteKind::General, 16, at(2017, 5, 10, 14, 30));
    let found = c.findings(m.id);
    let found_rules = rules(&found);
    assert!(found_rules.contains(&RuleId::NoRuleSet));
    // no threshold is applied without a rule set
    assert!(!found_rules.contains(&RuleId::TooShort));
    assert!(!found_rules.contains(&RuleId::AttendanceLow));
    let vote = &c.store.votes(m.id).unwrap()[0];
    assert_eq!(
        engine::verdict(vote, chibo::assets::rules_on(m.date())),
        None
    );
    let text = c
        .minutes(m.id)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("chưa đánh giá (không có bộ quy tắc)"),
        "{text}"
    );
}

#[test]
fn findings_as_json_have_the_shared_shape() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[3]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 84);
    let s = chibo::i18n::Strings::load(chibo::i18n::Lang::Vi);
    let found = c.findings(m.id);
    let short = found.iter().find(|f| f.rule == RuleId::TooShort).unwrap();
    let json = chibo::documents::findings::json(&s, short);
    assert_eq!(json["rule"], "too_short");
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["meeting_id"], m.id);
    assert_eq!(json["date"], "2026-11-10");
    assert_eq!(
        json["message"],
        "Thời gian sinh hoạt 84 phút, dưới mức tối thiểu 90 phút."
    );
    assert!(json["basis"].as_str().unwrap().contains("90 phút"));
    let absent = found
        .iter()
        .find(|f| f.rule == RuleId::UnexcusedAbsence)
        .unwrap();
    let json = chibo::documents::findings::json(&s, absent);
    assert_eq!(json["members"][0], "Phạm Thị Dung");
}

#[test]
fn two_thirds_of_eighteen_is_twelve() {
    let mut c = Cell::of(18, at(2026, 11, 11, 9, 0));
    let m = c.meeting(MeetingKind::Recognition, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    // D = 18: ⌈36/3⌉ = 12 (a strict "more than two thirds" would need 13)
    let when = at(2026, 11, 10, 15, 0);
    c.vote(m.id, VoteKind::Recognition, 12, when);
    c.vote(m.id, VoteKind::Recognition, 11, when);
    let rules = chibo::assets::rules_on(m.date());
    let passed: Vec<bool> = c
        .store
        .votes(m.id)
        .unwrap()
        .iter()
        .map(|v| engine::verdict(v, rules).unwrap().passed)
        .collect();
    assert_eq!(passed, vec![true, false]);
}

#[test]
fn exactly_the_minimum_is_not_short() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 90);
    assert!(!rules(&c.findings(m.id)).contains(&RuleId::TooShort));
    let m = c.meeting(MeetingKind::Thematic, at(2026, 11, 12, 14, 0));
    c.hold_all(m.id, at(2026, 11, 12, 14, 0), 89);
    assert!(rules(&c.findings(m.id)).contains(&RuleId::TooShort));
}

#[test]
fn a_passed_resolution_is_no_approval_of_the_minutes() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    c.vote(m.id, VoteKind::Resolution, 20, at(2026, 11, 10, 15, 20));
    let record = c.store.record(m.id).unwrap();
    let rules = chibo::assets::rules_on(m.date());
    assert_eq!(engine::minutes_approved(&record, rules), Some(false));
    assert!(c.minutes(m.id).contains("Biên bản chưa được thông qua"));
}

#[test]
fn under_hd42_attendance_below_ninety_is_never_good() {
    // E = 25, P = 22: 88,0 % is above 85 % but below the 90 % of full marks
    let mut c = Cell::of(25, at(2026, 11, 11, 9, 0));
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[5, 6, 7], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    c.remark(m.id, 4, at(2026, 11, 10, 14, 50));
    c.vote(m.id, VoteKind::Minutes, 22, at(2026, 11, 10, 15, 30));
    let book = c.full_marks(m.id);
    let found = rules(&c.findings(m.id));
    assert!(!found.contains(&RuleId::AttendanceLow));
    assert!(found.contains(&RuleId::AttendanceBelowFullMarks));
    let a = engine::assess(&c.store.record(m.id).unwrap(), book).unwrap();
    assert_eq!((a.total, a.tier.name.as_str()), (95, "Khá"));
    assert_eq!(a.failed, vec!["attendance".to_string()]);
}

#[test]
fn an_officer_changed_before_the_roll_call_is_no_replacement() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    // the meeting starts; Cường (the minute-taker named) is not yet marked
    c.store
        .write(|tx| tx.set_mark(m.id, c.members[0], MarkKind::Present, None, ""))
        .unwrap();
    let after = c
        .store
        .write(|tx| tx.set_officer(m.id, Officer::MinuteTaker, Some(c.members[3])))
        .unwrap();
    assert_eq!(after.minute_taker_replaces_id, None);
    c.roll_call(m.id, &[], &[]);
    assert!(!c.minutes(m.id).contains("thay đồng chí"));
}

#[test]
fn a_replacement_taken_back_when_the_mark_is_corrected() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[0], &[]);
    c.store
        .write(|tx| tx.set_officer(m.id, Officer::Chair, Some(c.members[1])))
        .unwrap();
    assert!(
        c.minutes(m.id)
            .contains("chủ trì thay đồng chí Nguyễn Văn An vắng")
    );
    // he came after all: the mark is corrected, the minutes follow
    c.store
        .write(|tx| {
            tx.set_mark(
                m.id,
                c.members[0],
                MarkKind::Late,
                Some(at(2026, 11, 10, 14, 20)),
                "",
            )
        })
        .unwrap();
    let text = c.minutes(m.id);
    assert!(!text.contains("thay đồng chí"), "{text}");
    assert!(text.contains("Chủ trì: đồng chí Trần Thị Bình"), "{text}");
}

#[test]
fn a_closed_meeting_refuses_a_correction_that_would_block_closing() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    c.roll_call(m.id, &[], &[]);
    c.hold_all(m.id, at(2026, 11, 10, 14, 0), 100);
    c.store.write(|tx| tx.close_meeting(m.id)).unwrap();
    let chair = c.members[0];
    // taking the chair's mark back, or marking him absent, is refused
    assert!(matches!(
        c.store.write(|tx| tx.clear_mark(m.id, chair)),
        Err(Error::Blocked(_))
    ));
    assert!(matches!(
        c.store
            .write(|tx| tx.set_mark(m.id, chair, MarkKind::AbsentExcused, None, "ốm")),
        Err(Error::Blocked(_))
    ));
    // and so is removing the closing time
    assert!(matches!(
        c.store
            .write(|tx| tx.set_meeting_times(m.id, Some(at(2026, 11, 10, 14, 0)), None)),
        Err(Error::Blocked(_))
    ));
    let marks = c.store.marks(m.id).unwrap();
    assert!(
        marks
            .iter()
            .any(|x| x.member_id == chair && x.kind == MarkKind::Present)
    );
    // a correction that keeps the record whole goes through, and the frozen
    // findings follow it
    c.store
        .write(|tx| tx.set_mark(m.id, c.members[9], MarkKind::AbsentUnexcused, None, ""))
        .unwrap();
    let frozen = c.store.frozen_findings(m.id).unwrap().unwrap();
    assert!(frozen.iter().any(|f| f.rule == RuleId::UnexcusedAbsence));
}

#[test]
fn a_duplicated_meeting_receives_the_moved_items_too() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    let items = c.store.agenda(m.id).unwrap();
    c.store
        .write(|tx| tx.settle_item(items[9].id, Some(ItemDisposition::Moved), "Chưa kịp"))
        .unwrap();
    let cell_id = c.cell_id;
    let (chair, taker) = (c.members[0], c.members[2]);
    let next = c
        .store
        .write(|tx| {
            chibo::planning::duplicate_meeting(
                tx,
                cell_id,
                &MeetingInput {
                    kind: MeetingKind::Regular,
                    title: String::new(),
                    planned_at: at(2026, 12, 8, 14, 0),
                    place: String::new(),
                    chair_id: Some(chair),
                    minute_taker_id: Some(taker),
                },
                m.id,
            )
        })
        .unwrap();
    let agenda = c.store.agenda(next.id).unwrap();
    assert_eq!(agenda.len(), 19);
    assert_eq!(
        agenda.iter().filter(|i| i.title == items[9].title).count(),
        2,
        "copied once, carried once"
    );
}

#[test]
fn a_skip_can_be_taken_back_before_the_item_is_held() {
    let mut c = Cell::new();
    let m = c.meeting(MeetingKind::Regular, at(2026, 11, 10, 14, 0));
    let item = c.store.agenda(m.id).unwrap()[11].clone();
    assert!(item.optional);
    c.store
        .write(|tx| tx.settle_item(item.id, Some(ItemDisposition::Skipped), ""))
        .unwrap();
    let back = c
        .store
        .write(|tx| tx.settle_item(item.id, None, ""))
        .unwrap();
    assert_eq!(
        (back.disposition, back.disposition_reason.as_str()),
        (None, "")
    );
    // a held item can be neither skipped nor taken back
    c.store
        .write(|tx| tx.set_agenda_item_record(item.id, Some(at(2026, 11, 10, 14, 40)), None, ""))
        .unwrap();
    assert!(
        c.store
            .write(|tx| tx.settle_item(item.id, Some(ItemDisposition::Skipped), ""))
            .is_err()
    );
}
