//! Store behaviour on in-memory SQLite: typed writes, validation, the audit
//! log, votes, closing and locking, carry-over, and the §3.11 figures end to end.

mod common;

use chibo::domain::text::Problem;
use chibo::domain::{
    MarkKind, MeetingKind, MeetingStatus, RosterCategory, StatusEventKind, TaskOutcome, VoteKind,
};
use chibo::store::{
    CellInput, Error, MeetingInput, MemberInput, StatusEventInput, Store, TaskInput, VoteInput,
};
use chrono::NaiveDate;
use common::{clock, demo_memory, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_store() -> Store {
    Store::open_in_memory(clock()).unwrap()
}

fn cell(store: &mut Store) -> i64 {
    store
        .write(|tx| {
            tx.create_cell(&CellInput {
                name: "Chi bộ Kiểm thử".into(),
                ..CellInput::default()
            })
        })
        .unwrap()
        .id
}

fn official(name: &str) -> MemberInput {
    MemberInput {
        full_name: name.into(),
        admitted_on: Some(day(2000, 1, 1)),
        official_on: Some(day(2001, 1, 1)),
        ..MemberInput::default()
    }
}

#[test]
fn member_names_are_nfc_and_sorted_by_given_name() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    store
        .write(|tx| {
            tx.add_member(cell_id, &official("Trần Thị Bình"))?;
            // decomposed input, as some keyboards send it
            tx.add_member(cell_id, &official("Nguye\u{302}\u{303}n Văn Ất"))?;
            tx.add_member(cell_id, &official("Lê Văn An"))?;
            Ok(())
        })
        .unwrap();
    let names: Vec<String> = store
        .members(cell_id)
        .unwrap()
        .into_iter()
        .map(|m| m.full_name)
        .collect();
    assert_eq!(names, ["Lê Văn An", "Nguyễn Văn Ất", "Trần Thị Bình"]);
}

#[test]
fn control_characters_in_a_name_are_refused_and_nothing_is_written() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let result = store.write(|tx| {
        tx.add_member(cell_id, &official("Lê Văn Hợp"))?;
        tx.add_member(cell_id, &official("Evil\u{1b}[2J Name"))
    });
    match result {
        Err(Error::Invalid { field, problem }) => {
            assert_eq!(field, "full_name");
            assert_eq!(problem, Problem::ControlCharacters);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // the whole command rolled back, the first member included
    assert!(store.members(cell_id).unwrap().is_empty());
}

#[test]
fn official_date_before_admission_is_refused() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let input = MemberInput {
        full_name: "Phạm Văn Sai".into(),
        admitted_on: Some(day(2020, 5, 1)),
        official_on: Some(day(2019, 5, 1)),
        ..MemberInput::default()
    };
    let result = store.write(|tx| tx.add_member(cell_id, &input));
    assert!(matches!(
        result,
        Err(Error::Invalid {
            field: "official_on",
            problem: Problem::EndBeforeStart
        })
    ));
}

#[test]
fn audit_log_keeps_before_and_after() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let member = store
        .write(|tx| tx.add_member(cell_id, &official("Võ Văn Kiệt")))
        .unwrap();
    let mut edited = official("Võ Văn Kiệt");
    edited.phone = "0903 000 111".into();
    store
        .write(|tx| tx.update_member(member.id, &edited))
        .unwrap();
    let log = store.audit_of(member.uuid).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "insert");
    assert!(log[0].before.is_none());
    assert_eq!(log[1].action, "update");
    // an update keeps the fields that changed, and only those
    assert_eq!(log[1].before.as_deref(), Some(r#"{"phone":""}"#));
    assert_eq!(log[1].after.as_deref(), Some(r#"{"phone":"0903 000 111"}"#));
    // the insert with the updates laid over it is the member as stored
    let stored = store.member(member.id).unwrap();
    assert_eq!(
        chibo::store::audit::replay(&log),
        Some(serde_json::to_value(&stored).unwrap())
    );
    // an edit that changes nothing adds nothing
    store
        .write(|tx| tx.update_member(member.id, &edited))
        .unwrap();
    assert_eq!(store.audit_of(member.uuid).unwrap().len(), 2);
}

#[test]
fn card_numbers_keep_their_history() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let mut input = official("Đoàn Thị Mai");
    input.card_number = "82.000001".into();
    let m = store.write(|tx| tx.add_member(cell_id, &input)).unwrap();
    input.card_number = "82.900001".into();
    let m = store.write(|tx| tx.update_member(m.id, &input)).unwrap();
    let numbers: Vec<&str> = m.cards.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers, ["82.000001", "82.900001"]);
    assert_eq!(m.current_card().unwrap().number, "82.900001");
}

/// The worked example (T 20, E 19, P 16, D 16, V 13), through SQL.
#[test]
fn worked_example_through_the_store() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let meeting_day = day(2025, 11, 10);
    let (ids, meeting) = store
        .write(|tx| {
            let mut ids = Vec::new();
            for i in 1..=17 {
                ids.push(
                    tx.add_member(cell_id, &official(&format!("Chính Thức {i:02}")))?
                        .id,
                );
            }
            for i in 1..=3 {
                let input = MemberInput {
                    full_name: format!("Dự Bị {i}"),
                    admitted_on: Some(day(2025, 6, 1)),
                    ..MemberInput::default()
                };
                ids.push(tx.add_member(cell_id, &input)?.id);
            }
            let attached = tx.add_member(cell_id, &official("Sinh Hoạt Tạm Thời"))?;
            ids.push(attached.id);
            tx.add_status_event(
                ids[0],
                &StatusEventInput::on(StatusEventKind::Exempt, day(2025, 1, 1)),
            )?;
            tx.add_status_event(
                ids[1],
                &StatusEventInput::on(StatusEventKind::AttachedOut, day(2025, 9, 1)),
            )?;
            let mut attach_in = StatusEventInput::on(StatusEventKind::AttachedIn, day(2025, 10, 1));
            attach_in.until = Some(day(2026, 3, 31));
            tx.add_status_event(attached.id, &attach_in)?;
            let meeting = tx.create_meeting(
                cell_id,
                &MeetingInput {
                    kind: MeetingKind::Regular,
                    title: String::new(),
                    planned_at: meeting_day.and_hms_opt(14, 0, 0).unwrap(),
                    place: "Hội trường".into(),
                    chair_id: None,
                    minute_taker_id: None,
                },
            )?;
            Ok((ids, meeting))
        })
        .unwrap();
    let roster = store.roster(&meeting).unwrap();
    let category = |id| roster.entry(id).unwrap().category;
    assert_eq!(category(ids[0]), RosterCategory::Exempt);
    assert_eq!(category(ids[1]), RosterCategory::Away);
    assert_eq!(category(ids[20]), RosterCategory::AttachedIn);
    store
        .write(|tx| {
            tx.set_mark(meeting.id, ids[0], MarkKind::Present, None, "")?;
            tx.set_mark(meeting.id, ids[2], MarkKind::AbsentExcused, None, "ốm")?;
            tx.set_mark(
                meeting.id,
                ids[3],
                MarkKind::AbsentExcused,
                None,
                "công tác",
            )?;
            tx.set_mark(meeting.id, ids[4], MarkKind::AbsentUnexcused, None, "")?;
            tx.set_mark(meeting.id, ids[5], MarkKind::Late, None, "")?;
            for &id in &ids[6..] {
                tx.set_mark(meeting.id, id, MarkKind::Present, None, "")?;
            }
            Ok(())
        })
        .unwrap();
    let f = store.figures(meeting.id).unwrap();
    assert_eq!(
        (f.total, f.official, f.probationary, f.attached_in),
        (20, 17, 3, 1)
    );
    assert_eq!((f.exempt, f.away, f.suspended), (1, 1, 0));
    assert_eq!((f.expected, f.present, f.exempt_present), (19, 16, 1));
    assert_eq!(f.percent_present().unwrap(), "84,2%");
    assert_eq!((f.denominator, f.eligible_present), (16, 13));
    assert_eq!(f.absent_unexcused, vec!["Chính Thức 05".to_string()]);

    // a tally larger than V is refused and writes nothing
    let too_many = VoteInput {
        agenda_item_id: None,
        subject: "Thông qua nghị quyết".into(),
        kind: VoteKind::General,
        votes_for: 13,
        votes_against: 1,
        votes_other: 0,
        taken_at: None,
    };
    assert!(matches!(
        store.write(|tx| tx.record_vote(meeting.id, &too_many)),
        Err(Error::TallyExceedsVoters {
            ballots: 14,
            eligible_present: 13
        })
    ));
    assert!(store.votes(meeting.id).unwrap().is_empty());
    let fine = VoteInput {
        votes_for: 12,
        ..too_many
    };
    let vote = store.write(|tx| tx.record_vote(meeting.id, &fine)).unwrap();
    assert_eq!((vote.denominator, vote.eligible_present), (16, 13));

    // closing needs the times and two officers who came; it freezes the
    // figures: later history does not rewrite them
    store
        .write(|tx| {
            let start = meeting_day.and_hms_opt(14, 0, 0).unwrap();
            tx.set_meeting_times(
                meeting.id,
                Some(start),
                Some(start + chrono::Duration::minutes(95)),
            )?;
            tx.set_officer(meeting.id, chibo::store::Officer::Chair, Some(ids[6]))?;
            tx.set_officer(meeting.id, chibo::store::Officer::MinuteTaker, Some(ids[7]))
        })
        .unwrap();
    store.write(|tx| tx.close_meeting(meeting.id)).unwrap();
    store
        .write(|tx| {
            tx.add_status_event(
                ids[6],
                &StatusEventInput::on(StatusEventKind::Exempt, day(2025, 1, 1)),
            )
        })
        .unwrap();
    let frozen = store.figures(meeting.id).unwrap();
    assert_eq!(frozen, f);
    let meeting = store.meeting(meeting.id).unwrap();
    assert_eq!(store.roster(&meeting).unwrap(), roster);

    // locking makes it read-only
    store.write(|tx| tx.lock_meeting(meeting.id)).unwrap();
    assert!(matches!(
        store.write(|tx| tx.set_mark(meeting.id, ids[4], MarkKind::Present, None, "")),
        Err(Error::MeetingLocked)
    ));
    assert!(matches!(
        store.write(|tx| tx.record_vote(meeting.id, &fine)),
        Err(Error::MeetingLocked)
    ));
    assert_eq!(
        store.meeting(meeting.id).unwrap().status,
        MeetingStatus::Locked
    );
}

#[test]
fn marks_only_for_members_on_the_roster() {
    let mut store = demo_memory();
    let cell = store.cells().unwrap().remove(0);
    let members = store.members(cell.id).unwrap();
    let gone = members
        .iter()
        .find(|m| m.full_name == "Lý Văn Bình")
        .unwrap();
    let planned = store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap();
    let result = store.write(|tx| tx.set_mark(planned.id, gone.id, MarkKind::Present, None, ""));
    assert!(matches!(result, Err(Error::NotFound(_))));
}

#[test]
fn late_arrival_changes_voters_present_at_the_moment_of_a_vote() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let start = day(2026, 1, 5).and_hms_opt(14, 0, 0).unwrap();
    let (a, b, meeting) = store
        .write(|tx| {
            let a = tx.add_member(cell_id, &official("Một Văn A"))?.id;
            let b = tx.add_member(cell_id, &official("Hai Văn B"))?.id;
            let meeting = tx.create_meeting(
                cell_id,
                &MeetingInput {
                    kind: MeetingKind::Regular,
                    title: String::new(),
                    planned_at: start,
                    place: String::new(),
                    chair_id: None,
                    minute_taker_id: None,
                },
            )?;
            Ok((a, b, meeting))
        })
        .unwrap();
    store
        .write(|tx| {
            tx.set_mark(meeting.id, a, MarkKind::Present, None, "")?;
            tx.set_mark(
                meeting.id,
                b,
                MarkKind::Late,
                Some(start + chrono::Duration::minutes(30)),
                "",
            )
        })
        .unwrap();
    let vote = |minutes: i64, votes_for: u32| VoteInput {
        agenda_item_id: None,
        subject: "Biểu quyết".into(),
        kind: VoteKind::General,
        votes_for,
        votes_against: 0,
        votes_other: 0,
        taken_at: Some(start + chrono::Duration::minutes(minutes)),
    };
    // before B arrives only one voter is present
    assert!(matches!(
        store.write(|tx| tx.record_vote(meeting.id, &vote(10, 2))),
        Err(Error::TallyExceedsVoters {
            ballots: 2,
            eligible_present: 1
        })
    ));
    let v = store
        .write(|tx| tx.record_vote(meeting.id, &vote(40, 2)))
        .unwrap();
    assert_eq!((v.denominator, v.eligible_present), (2, 2));
}

#[test]
fn tasks_stay_open_until_done() {
    let mut store = demo_memory();
    let cell = store.cells().unwrap().remove(0);
    let open = store.open_tasks(cell.id).unwrap();
    assert!(!open.is_empty(), "the demo leaves tasks to carry over");
    assert!(open.iter().all(|t| t.outcome != Some(TaskOutcome::Done)));
    let planned = store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap();
    let first = open[0].id;
    store
        .write(|tx| tx.set_task_outcome(first, Some(TaskOutcome::InProgress), "", planned.id))
        .unwrap();
    assert!(
        store
            .open_tasks(cell.id)
            .unwrap()
            .iter()
            .any(|t| t.id == first)
    );
    store
        .write(|tx| tx.set_task_outcome(first, Some(TaskOutcome::Done), "xong", planned.id))
        .unwrap();
    assert!(
        !store
            .open_tasks(cell.id)
            .unwrap()
            .iter()
            .any(|t| t.id == first)
    );
    let added = store
        .write(|tx| {
            tx.add_task(
                planned.id,
                &TaskInput {
                    agenda_item_id: None,
                    text: "Chuẩn bị đại hội chi bộ".into(),
                    assignee_id: None,
                    due_on: Some(day(2027, 1, 31)),
                },
            )
        })
        .unwrap();
    assert!(
        store
            .open_tasks(cell.id)
            .unwrap()
            .iter()
            .any(|t| t.id == added.id)
    );
}

#[test]
fn demo_is_a_living_cell() {
    let store = demo_memory();
    let cells = store.cells().unwrap();
    assert_eq!(cells.len(), 1);
    let cell = &cells[0];
    let members = store.members(cell.id).unwrap();
    assert_eq!(members.len(), 26);
    assert!(members.iter().any(|m| m.full_name.contains('Đ')));
    assert!(members.iter().any(|m| m.full_name.contains('Ơ')));

    let meetings = store.meetings(cell.id).unwrap();
    // next month's planned meeting first
    assert_eq!(meetings[0].status, MeetingStatus::Planned);
    assert_eq!(meetings[0].planned_at.date(), day(2026, 12, 7));
    let this_month: Vec<_> = meetings
        .iter()
        .filter(|m| m.planned_at.date().format("%Y-%m").to_string() == "2026-11")
        .collect();
    assert!(this_month.iter().any(|m| m.status == MeetingStatus::Closed));
    let oldest = meetings.last().unwrap();
    assert_eq!(
        oldest.planned_at.date().format("%Y-%m").to_string(),
        "2024-12"
    );
    assert_eq!(oldest.status, MeetingStatus::Locked);
    assert!(meetings.iter().any(|m| m.kind == MeetingKind::Thematic));
    assert!(meetings.iter().any(|m| m.kind == MeetingKind::Combined));

    // today's roster: 3 probationary, 1 exempt, 1 away, 1 attached in, the transferred one gone
    let planned = &meetings[0];
    let roster = store.roster(planned).unwrap();
    let count = |c| roster.entries.iter().filter(|e| e.category == c).count();
    assert_eq!(count(RosterCategory::Exempt), 1);
    assert_eq!(count(RosterCategory::Away), 1);
    assert_eq!(count(RosterCategory::AttachedIn), 1);
    assert!(roster.entries.iter().all(|e| e.full_name != "Lý Văn Bình"));
    let f = store.figures(planned.id).unwrap();
    assert_eq!(f.total, 24);
    assert_eq!(f.probationary, 3);
    assert_eq!(f.expected, 23);

    // held meetings have every kind of mark, remarks, votes and tasks
    let mut kinds = std::collections::HashSet::new();
    for m in meetings.iter().filter(|m| m.status.is_held()) {
        for mark in store.marks(m.id).unwrap() {
            kinds.insert(mark.kind);
        }
        assert!(
            !store.votes(m.id).unwrap().is_empty(),
            "a vote at {}",
            m.planned_at
        );
        assert!(m.started_at.is_some() && m.ended_at.is_some());
        assert_eq!(store.figures(m.id).unwrap().unmarked, 0);
    }
    for kind in MarkKind::ALL {
        assert!(kinds.contains(kind), "demo has {kind:?} marks");
    }
    assert!(today() > day(2026, 11, 5));
}

#[test]
fn demo_refuses_a_non_empty_database() {
    let mut store = demo_memory();
    assert!(matches!(
        chibo::demo::load(&mut store, today()),
        Err(Error::NotEmpty)
    ));
}

#[test]
fn a_correction_after_closing_updates_the_frozen_figures() {
    let mut store = demo_memory();
    let cell = store.cells().unwrap()[0].id;
    // this month's meeting is closed, not locked
    let closed = store
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Closed)
        .unwrap();
    let before = store.figures(closed.id).unwrap();
    let mark = store
        .marks(closed.id)
        .unwrap()
        .into_iter()
        .find(|m| m.kind == MarkKind::Present)
        .unwrap();
    store
        .write(|tx| {
            tx.set_mark(
                closed.id,
                mark.member_id,
                MarkKind::AbsentUnexcused,
                None,
                "",
            )
        })
        .unwrap();
    let after = store.figures(closed.id).unwrap();
    assert_eq!(after.present, before.present - 1);
    assert_eq!(
        after.absent_unexcused.len(),
        before.absent_unexcused.len() + 1
    );
    assert_eq!(after.expected, before.expected, "the roster stays frozen");
}

#[test]
fn a_cells_records_are_found_without_accents() {
    let store = common::demo_memory();
    let cell = store.cells().unwrap()[0].id;
    let hits = store.search_cell(cell, "bieu duong").unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| chibo::vi::fold(&h.text).contains("bieu duong")),
        "{hits:?}"
    );
    assert!(hits.iter().any(|h| h.kind == chibo::store::HitKind::Remark));
    // newest meeting first
    assert!(hits.windows(2).all(|w| w[0].meeting_at >= w[1].meeting_at));
    // every word must be there, in any order
    let both = store.search_cell(cell, "duong bieu").unwrap();
    assert_eq!(both.len(), hits.len());
    assert!(store.search_cell(cell, "   ").unwrap().is_empty());
    assert!(
        store
            .search_cell(cell, "khong co chu nay")
            .unwrap()
            .is_empty()
    );
}

/// The chair and the minute taker sign the minutes side by side: one
/// person cannot be both; swapping the two is one change.
#[test]
fn the_chair_and_the_minute_taker_are_two_people() {
    let mut store = new_store();
    let cell_id = cell(&mut store);
    let a = store
        .write(|tx| tx.add_member(cell_id, &official("Võ Thị Sáu")))
        .unwrap()
        .id;
    let b = store
        .write(|tx| tx.add_member(cell_id, &official("Lý Tự Trọng")))
        .unwrap()
        .id;
    let input = |chair, minute_taker| MeetingInput {
        kind: MeetingKind::Regular,
        title: String::new(),
        planned_at: today().and_hms_opt(19, 30, 0).unwrap(),
        place: String::new(),
        chair_id: chair,
        minute_taker_id: minute_taker,
    };
    let refused = store
        .write(|tx| tx.create_meeting(cell_id, &input(Some(a), Some(a))))
        .unwrap_err();
    assert!(
        matches!(
            &refused,
            Error::Invalid {
                field: "minute_taker",
                problem: Problem::Duplicate
            }
        ),
        "{refused:?}"
    );
    assert!(store.meetings(cell_id).unwrap().is_empty());
    let meeting = store
        .write(|tx| tx.create_meeting(cell_id, &input(Some(a), Some(b))))
        .unwrap();
    assert!(
        store
            .write(|tx| tx.update_meeting(meeting.id, &input(Some(b), Some(b))))
            .is_err()
    );
    assert!(
        store
            .write(|tx| tx.set_officers(meeting.id, Some(b), Some(b)))
            .is_err()
    );
    let swapped = store
        .write(|tx| tx.set_officers(meeting.id, Some(b), Some(a)))
        .unwrap();
    assert_eq!(
        (swapped.chair_id, swapped.minute_taker_id),
        (Some(b), Some(a))
    );
    // neither named is allowed (a meeting planned before they are chosen)
    store
        .write(|tx| tx.set_officers(meeting.id, None, None))
        .unwrap();
}
