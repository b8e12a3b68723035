//! Properties checked on generated input (proptest, bounded for CI; set
//! PROPTEST_CASES for longer runs): the parsers of typed and imported text
//! never panic and never half-accept, the attendance figures always add up,
//! a vote passes exactly when its threshold over D is met, a cleaned
//! multi-line text is clean and stable, and a JSON
//! import never writes part of a refused file.

mod common;

use chibo::domain::voting::{self, VotingFigures};
use chibo::domain::{AttendanceMark, Figures, MarkKind, Member, Roster};
use chibo::store::Store;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn config() -> ProptestConfig {
    // CI runs a bounded number of cases; PROPTEST_CASES=… runs longer.
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like what secretaries type: digits, separators, the
/// Vietnamese words of the date parser, and anything else.
fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9/:h .-]{0,20}",
        "(mai|ngày kia|hôm nay|thứ [2-8]|chủ nhật|CN|t[2-7])( [0-9]{1,2}(h|:)[0-9]{0,2})?",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn typed_dates_and_times_never_panic(text in typed_text()) {
        let two = chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        let _ = chibo::vi::parse_date(&text);
        let _ = chibo::vi::parse_time(&text);
        let _ = chibo::vi::parse_date_time(&text);
        let _ = chibo::vi::parse_day(&text, today());
        if let Some(at) = chibo::vi::parse_when(&text, today(), two) {
            // what is accepted reads back the same way
            let shown = chibo::vi::date_time(at);
            prop_assert_eq!(chibo::vi::parse_date_time(&shown), Some(at));
        }
    }

    #[test]
    fn a_cleaned_multi_line_text_is_clean_and_stays_as_it_is(
        text in prop_oneof![
            "[a-zàđêơưạếỗ \t\r\n\u{1b}\u{7}\u{301}\u{2028}\\[2J-]{0,60}",
            any::<String>(),
        ]
    ) {
        use chibo::domain::text::clean_text;
        if let Ok(cleaned) = clean_text(&text, false) {
            prop_assert!(cleaned.chars().all(|c| c == '\n' || !c.is_control()));
            prop_assert!(!cleaned.contains("\n\n\n"));
            prop_assert!(!cleaned.starts_with(char::is_whitespace));
            prop_assert!(!cleaned.ends_with(char::is_whitespace));
            prop_assert!(cleaned.lines().all(|l| l == l.trim_end()));
            // what the store keeps is what it would keep again
            prop_assert_eq!(clean_text(&cleaned, false), Ok(cleaned.clone()));
        }
    }

    #[test]
    fn a_member_csv_is_all_rows_or_named_problems(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let import = chibo::exchange::members_csv::parse(&bytes, today());
        // never both silent and empty-handed: either rows to import, or
        // problems that say why not (an empty file is a problem too)
        prop_assert!(!import.rows.is_empty() || !import.problems.is_empty());
        for row in &import.rows {
            prop_assert!(!row.input.full_name.trim().is_empty());
            prop_assert!(!chibo::vi::has_controls(&row.input.full_name));
        }
    }

    #[test]
    fn a_csv_made_of_plausible_rows_never_panics(
        rows in proptest::collection::vec(
            ("[A-Za-zÀ-ỹ ]{0,20}", "[0-9/]{0,12}", "[0-9/]{0,12}", "[0-9/]{0,12}", "(Nam|Nữ|nam|x|)"),
            0..20,
        )
    ) {
        let mut text = String::from("Họ và tên,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Giới tính\n");
        for (name, born, admitted, official, gender) in &rows {
            text.push_str(&format!("{name},{born},{admitted},{official},{gender}\n"));
        }
        let import = chibo::exchange::members_csv::parse(text.as_bytes(), today());
        prop_assert!(import.rows.len() + import.problems.len() >= usize::from(rows.iter().any(|r| !r.0.trim().is_empty())));
    }

    #[test]
    fn malformed_json_is_refused_with_a_place(text in any::<String>()) {
        if let Err(message) = chibo::exchange::json::parse(&text) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn a_vote_passes_exactly_when_its_threshold_over_d_is_met(
        d in 0u32..200,
        votes_for in 0u32..200,
        against in 0u32..50,
        two_thirds in any::<bool>(),
    ) {
        let rules = chibo::assets::rules_on(today()).unwrap();
        let rule = if two_thirds {
            chibo::domain::VoteRule::TwoThirds
        } else {
            chibo::domain::VoteRule::SimpleMajority
        };
        let majority = rules.majority(rule);
        let figures = VotingFigures { denominator: d, eligible_present: votes_for + against };
        let result = voting::decide(majority, figures, votes_for, against, 0).unwrap();
        // worked out without the library: > D/2, or ≥ 2D/3 (and at least one)
        let expected = if two_thirds {
            3 * u64::from(votes_for) >= 2 * u64::from(d) && votes_for >= 1
        } else {
            2 * u64::from(votes_for) > u64::from(d)
        };
        prop_assert_eq!(result.passed, expected, "d={} for={}", d, votes_for);
        // more ballots than voters present is always refused
        let crowded = VotingFigures { denominator: d, eligible_present: votes_for + against };
        prop_assert!(voting::decide(majority, crowded, votes_for, against, 1).is_err());
    }

    #[test]
    fn the_attendance_figures_always_add_up(
        marks in proptest::collection::vec(0u8..7, 1..40),
        statuses in proptest::collection::vec(0u8..6, 1..40),
    ) {
        let (roster, marks) = cell(&statuses, &marks);
        let f = Figures::compute(&roster, &marks, None);
        // every expected member is present, absent with or without a
        // reason, or not yet marked
        prop_assert_eq!(
            f.expected,
            f.present + f.absent_excused.len() as u32 + f.absent_unexcused.len() as u32 + f.unmarked
        );
        prop_assert_eq!(f.total, f.official + f.probationary);
        prop_assert_eq!(f.expected, f.total - f.exempt - f.away - f.suspended + f.attached_in);
        prop_assert!(f.present <= f.expected, "% present never above 100");
        prop_assert!(f.eligible_present <= f.denominator, "V ≤ D");
        prop_assert!(f.denominator <= f.official);
        prop_assert!(f.exempt_present <= f.exempt);
    }
}

/// A cell from generated statuses (0–1 official, 2 probationary, 3 exempt,
/// 4 away, 5 attached in) and marks (0–4 a mark kind, 5–6 none).
fn cell(statuses: &[u8], marks: &[u8]) -> (Roster, Vec<AttendanceMark>) {
    use chibo::domain::StatusEventKind as K;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let event = |kind, date, until| chibo::domain::StatusEvent {
        id: 0,
        uuid: uuid::Uuid::nil(),
        kind,
        date,
        until,
        decision: String::new(),
        organisation: String::new(),
        note: String::new(),
    };
    let members: Vec<Member> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut events = vec![event(K::Admitted, day(2000, 1, 1), None)];
            if *s != 2 {
                events.push(event(K::RecognizedOfficial, day(2001, 1, 1), None));
            }
            match s {
                3 => events.push(event(K::Exempt, day(2020, 1, 1), None)),
                4 => events.push(event(K::AttachedOut, day(2020, 1, 1), None)),
                5 => events.push(event(K::AttachedIn, day(2020, 1, 1), None)),
                _ => {}
            }
            Member {
                id: i as i64 + 1,
                uuid: uuid::Uuid::nil(),
                cell_id: 1,
                full_name: format!("Đảng Viên {i:02}"),
                birth_date: None,
                gender: None,
                phone: String::new(),
                national_id: String::new(),
                note: String::new(),
                events,
                roles: Vec::new(),
                cards: Vec::new(),
            }
        })
        .collect();
    let roster = Roster::build(&members, today());
    let kinds = [
        MarkKind::Present,
        MarkKind::Late,
        MarkKind::LeftEarly,
        MarkKind::AbsentExcused,
        MarkKind::AbsentUnexcused,
    ];
    let marks = roster
        .entries
        .iter()
        .zip(marks.iter().cycle())
        .filter_map(|(e, m)| {
            kinds.get(usize::from(*m)).map(|kind| AttendanceMark {
                id: e.member_id,
                uuid: uuid::Uuid::nil(),
                meeting_id: 1,
                member_id: e.member_id,
                kind: *kind,
                arrived_at: None,
                left_at: None,
                reason: String::new(),
            })
        })
        .collect();
    (roster, marks)
}

/// A refused JSON import writes nothing, whatever value was broken.
#[test]
fn a_json_import_with_one_broken_value_writes_nothing() {
    let source = common::demo_memory();
    let dump = source.dump().unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let tables: Vec<String> = dump.tables.keys().cloned().collect();
    runner
        .run(
            &(0..tables.len(), 0usize..50, 0usize..20, any::<i64>()),
            |(t, row, column, value)| {
                let mut broken = dump.clone();
                let Some(rows) = broken.tables.get_mut(&tables[t]) else {
                    return Ok(());
                };
                if rows.is_empty() {
                    return Ok(());
                }
                let at = row % rows.len();
                let row = &mut rows[at];
                let Some(key) = row.keys().nth(column % row.len().max(1)).cloned() else {
                    return Ok(());
                };
                row.insert(key, serde_json::Value::from(value));
                let mut target = Store::open_in_memory(common::clock()).unwrap();
                if target.load_dump(&broken).is_err() {
                    prop_assert!(target.is_empty().unwrap());
                    prop_assert_eq!(target.counts().unwrap().audit_log, 0);
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Export → import → export is byte-identical for generated databases, not
/// only the demo: cells, members with events and cards, meetings with
/// marks, remarks and votes, built from generated names and counts.
#[test]
fn export_import_export_is_identical_for_generated_databases() {
    use chibo::domain::{MarkKind, MeetingKind, VoteKind};
    use chibo::store::{CellInput, MeetingInput, MemberInput, RemarkInput, VoteInput};
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: config().cases.min(64),
        ..config()
    });
    let names = proptest::collection::vec("[A-Za-zÀ-ỹĐđ]{1,8}( [A-Za-zÀ-ỹĐđ]{1,8}){1,3}", 1..12);
    runner
        .run(
            &(
                names,
                0u8..4,
                proptest::collection::vec(0u8..5, 0..12),
                "[^\u{0}-\u{1f}]{0,40}",
            ),
            |(names, meetings, marks, remark)| {
                let mut store = Store::open_in_memory(common::clock()).unwrap();
                let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
                let built = store.write(|tx| {
                    let cell = tx.create_cell(&CellInput {
                        name: "Chi bộ Sinh Thử".into(),
                        ..CellInput::default()
                    })?;
                    let mut ids = Vec::new();
                    for (i, name) in names.iter().enumerate() {
                        let input = MemberInput {
                            full_name: name.clone(),
                            admitted_on: Some(day(1)),
                            official_on: (i % 3 != 0).then(|| day(2)),
                            card_number: format!("{i}"),
                            ..MemberInput::default()
                        };
                        match tx.add_member(cell.id, &input) {
                            Ok(m) => ids.push(m.id),
                            Err(chibo::store::Error::Invalid { .. }) => {}
                            Err(e) => return Err(e),
                        }
                    }
                    for n in 0..meetings {
                        let m = chibo::planning::create_meeting(
                            tx,
                            cell.id,
                            &MeetingInput {
                                kind: MeetingKind::Regular,
                                title: String::new(),
                                planned_at: day(10 + u32::from(n)).and_hms_opt(14, 0, 0).unwrap(),
                                place: String::new(),
                                chair_id: ids.first().copied(),
                                minute_taker_id: ids.get(1).copied(),
                            },
                        )?;
                        let kinds = [
                            MarkKind::Present,
                            MarkKind::Late,
                            MarkKind::LeftEarly,
                            MarkKind::AbsentExcused,
                            MarkKind::AbsentUnexcused,
                        ];
                        for (id, k) in ids.iter().zip(&marks) {
                            tx.set_mark(m.id, *id, kinds[usize::from(*k)], None, "ốm")?;
                        }
                        if let Some(speaker) = ids.first() {
                            tx.add_remark(
                                m.id,
                                &RemarkInput {
                                    agenda_item_id: None,
                                    speaker_member_id: Some(*speaker),
                                    speaker_guest_id: None,
                                    text: format!("Ý kiến {remark}"),
                                    spoken_at: None,
                                },
                            )?;
                        }
                        tx.record_vote(
                            m.id,
                            &VoteInput {
                                agenda_item_id: None,
                                subject: "Thông qua".into(),
                                kind: VoteKind::General,
                                votes_for: 0,
                                votes_against: 0,
                                votes_other: 0,
                                taken_at: None,
                            },
                        )?;
                    }
                    Ok(())
                });
                prop_assume!(built.is_ok());
                let first = chibo::exchange::json::export(&store).unwrap();
                let dump = chibo::exchange::json::parse(&first).unwrap();
                let mut copy = Store::open_in_memory(common::clock()).unwrap();
                copy.load_dump(&dump).unwrap();
                let second = chibo::exchange::json::export(&copy).unwrap();
                prop_assert_eq!(first, second);
                Ok(())
            },
        )
        .unwrap();
}
