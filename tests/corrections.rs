//! Correcting and deleting remarks, votes and tasks until the lock, on the
//! demo cell in in-memory SQLite: the record, the audit log, the minutes
//! and (on a closed meeting) the frozen findings follow; a locked meeting,
//! impossible figures and a task whose outcome was reported are refused and
//! change nothing. And texts typed on several lines keep their lines up to
//! the minutes.

mod common;

use chibo::documents::layout::{Format, WIDTH};
use chibo::domain::engine::RuleId;
use chibo::domain::text::Problem;
use chibo::domain::{
    Meeting, MeetingStatus, Remark, RowId, Task, TaskOutcome, Vote, VoteKind, VoteRule,
};
use chibo::i18n::{Lang, Strings};
use chibo::store::{CellInput, Error, MemberInput, RemarkInput, Store, TaskInput, VoteInput};
use chrono::NaiveDate;
use common::demo_memory;
use unicode_width::UnicodeWidthStr;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The demo meeting of this month: closed, not yet locked.
fn closed(store: &Store) -> Meeting {
    meeting_with(store, MeetingStatus::Closed)
}

/// The newest locked meeting of the demo.
fn locked(store: &Store) -> Meeting {
    meeting_with(store, MeetingStatus::Locked)
}

/// The demo's next meeting, still planned.
fn planned(store: &Store) -> Meeting {
    meeting_with(store, MeetingStatus::Planned)
}

fn meeting_with(store: &Store, status: MeetingStatus) -> Meeting {
    let cell = store.cells().unwrap()[0].id;
    store
        .meetings(cell)
        .unwrap()
        .into_iter()
        .find(|m| m.status == status)
        .unwrap()
}

fn minutes(store: &Store, meeting_id: RowId, format: Format) -> String {
    chibo::planning::minutes_document(store, meeting_id, format).unwrap()
}

fn frozen_rules(store: &Store, meeting_id: RowId) -> Vec<RuleId> {
    store
        .frozen_findings(meeting_id)
        .unwrap()
        .unwrap()
        .iter()
        .map(|f| f.rule)
        .collect()
}

fn remark_input(r: &Remark) -> RemarkInput {
    RemarkInput {
        agenda_item_id: r.agenda_item_id,
        speaker_member_id: r.speaker_member_id,
        speaker_guest_id: r.speaker_guest_id,
        text: r.text.clone(),
        spoken_at: None,
    }
}

fn vote_input(v: &Vote) -> VoteInput {
    VoteInput {
        agenda_item_id: v.agenda_item_id,
        subject: v.subject.clone(),
        kind: v.kind,
        votes_for: v.votes_for,
        votes_against: v.votes_against,
        votes_other: v.votes_other,
        taken_at: None,
    }
}

fn task_input(t: &Task) -> TaskInput {
    TaskInput {
        agenda_item_id: t.agenda_item_id,
        text: t.text.clone(),
        assignee_id: t.assignee_id,
        due_on: t.due_on,
    }
}

fn last<T>(log: &[T]) -> &T {
    log.last().unwrap()
}

/// The vote of a kind at a meeting.
fn vote_of(store: &Store, meeting_id: RowId, kind: VoteKind) -> Vote {
    store
        .votes(meeting_id)
        .unwrap()
        .into_iter()
        .find(|v| v.kind == kind)
        .unwrap()
}

#[test]
fn a_remark_is_corrected_then_deleted_and_the_record_the_log_and_the_minutes_follow() {
    let mut store = demo_memory();
    let m = closed(&store);
    let remark = store.remarks(m.id).unwrap().remove(0);
    let old_text = remark.text.clone();
    let old_start: String = old_text.chars().take(20).collect();
    assert!(minutes(&store, m.id, Format::Text).contains(&old_start));

    let mut input = remark_input(&remark);
    // decomposed input, a stray tab and trailing spaces, as a paste brings them
    input.text = "Đề nghị bổ sung chỉ tiêu\tthi đua   \r\nvà khen thưởng cuối năm.".into();
    let after = store
        .write(|tx| tx.update_remark(remark.id, &input))
        .unwrap();
    let text = "Đề nghị bổ sung chỉ tiêu thi đua\nvà khen thưởng cuối năm.";
    assert_eq!(after.text, text);
    assert_eq!(after.spoken_at, remark.spoken_at, "None keeps the moment");
    assert_eq!(after.uuid, remark.uuid);
    assert_eq!(store.remark(remark.id).unwrap(), after);
    assert!(store.remarks(m.id).unwrap().contains(&after));

    let log = store.audit_of(remark.uuid).unwrap();
    let entry = last(&log);
    assert_eq!(
        (entry.entity.as_str(), entry.action.as_str()),
        ("remark", "update")
    );
    let before_json = entry.before.as_deref().unwrap();
    assert!(before_json.contains(&old_text), "{before_json}");
    let after_json = entry.after.as_deref().unwrap();
    assert!(after_json.contains("khen thưởng cuối năm"), "{after_json}");

    let text_minutes = minutes(&store, m.id, Format::Text);
    assert!(!text_minutes.contains(&old_start), "{text_minutes}");
    assert!(
        text_minutes.contains("thi đua\n     và khen thưởng cuối năm."),
        "{text_minutes}"
    );

    store.write(|tx| tx.delete_remark(remark.id)).unwrap();
    assert!(matches!(
        store.remark(remark.id),
        Err(Error::NotFound("remark"))
    ));
    assert!(
        store
            .remarks(m.id)
            .unwrap()
            .iter()
            .all(|r| r.id != remark.id)
    );
    let log = store.audit_of(remark.uuid).unwrap();
    let entry = last(&log);
    assert_eq!(entry.action, "delete");
    assert!(
        entry
            .before
            .as_deref()
            .unwrap()
            .contains("khen thưởng cuối năm")
    );
    assert!(entry.after.is_none());
    assert!(!minutes(&store, m.id, Format::Text).contains("khen thưởng cuối năm"));
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_vote_is_corrected_then_deleted_and_the_frozen_findings_follow() {
    let mut store = demo_memory();
    let m = closed(&store);
    let vote = vote_of(&store, m.id, VoteKind::Resolution);
    assert!(!frozen_rules(&store, m.id).contains(&RuleId::VoteFailed));
    let figures = (vote.denominator, vote.eligible_present);
    let needed = vote.denominator / 2 + 1;

    // one ballot short of more than half of D: the resolution fails
    let mut input = vote_input(&vote);
    input.votes_for = needed - 1;
    let after = store.write(|tx| tx.update_vote(vote.id, &input)).unwrap();
    assert_eq!(after.votes_for, needed - 1);
    assert_eq!((after.denominator, after.eligible_present), figures);
    assert_eq!(after.taken_at, vote.taken_at);
    assert_eq!(store.vote(vote.id).unwrap(), after);
    let failed = store
        .frozen_findings(m.id)
        .unwrap()
        .unwrap()
        .into_iter()
        .find(|f| f.rule == RuleId::VoteFailed)
        .expect("the frozen findings name the failed vote");
    assert_eq!(failed.votes, vec![vote.subject.clone()]);
    let text = minutes(&store, m.id, Format::Text);
    let share = format!("tán thành {}/{}", needed - 1, vote.denominator);
    let line = text
        .lines()
        .skip_while(|l| !l.contains(&vote.subject))
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(line.contains(&share), "{text}");
    assert!(line.contains("không thông qua"), "{text}");

    let log = store.audit_of(vote.uuid).unwrap();
    let entry = last(&log);
    assert_eq!(
        (entry.entity.as_str(), entry.action.as_str()),
        ("vote", "update")
    );
    assert!(
        entry
            .before
            .as_deref()
            .unwrap()
            .contains(&format!("\"votes_for\":{}", vote.votes_for))
    );
    assert!(
        entry
            .after
            .as_deref()
            .unwrap()
            .contains(&format!("\"votes_for\":{}", needed - 1))
    );

    // the kind sets the rule again
    input.votes_for = vote.votes_for;
    input.kind = VoteKind::Admission;
    let admission = store.write(|tx| tx.update_vote(vote.id, &input)).unwrap();
    assert_eq!(admission.rule, VoteRule::TwoThirds);
    input.kind = VoteKind::Resolution;
    let restored = store.write(|tx| tx.update_vote(vote.id, &input)).unwrap();
    assert_eq!(restored.rule, VoteRule::SimpleMajority);
    assert!(!frozen_rules(&store, m.id).contains(&RuleId::VoteFailed));

    // without the approval vote, the minutes are not approved
    let approval = vote_of(&store, m.id, VoteKind::Minutes);
    assert!(!frozen_rules(&store, m.id).contains(&RuleId::MinutesNotApproved));
    store.write(|tx| tx.delete_vote(approval.id)).unwrap();
    assert!(matches!(
        store.vote(approval.id),
        Err(Error::NotFound("vote"))
    ));
    assert!(
        store
            .votes(m.id)
            .unwrap()
            .iter()
            .all(|v| v.id != approval.id)
    );
    assert!(frozen_rules(&store, m.id).contains(&RuleId::MinutesNotApproved));
    let text = minutes(&store, m.id, Format::Text);
    assert!(!text.contains(&approval.subject), "{text}");
    assert!(text.contains("Biên bản chưa được thông qua."), "{text}");
    let log = store.audit_of(approval.uuid).unwrap();
    assert_eq!(last(&log).action, "delete");
    assert!(
        last(&log)
            .before
            .as_deref()
            .unwrap()
            .contains(&approval.subject)
    );
}

#[test]
fn a_task_is_corrected_then_deleted() {
    let mut store = demo_memory();
    let m = closed(&store);
    let task = store.tasks(m.id).unwrap().remove(0);
    let other = store
        .members(m.cell_id)
        .unwrap()
        .into_iter()
        .find(|p| Some(p.id) != task.assignee_id && p.full_name == "Vũ Thị Hằng")
        .unwrap();
    let mut input = task_input(&task);
    input.text = "Chuẩn bị hồ sơ kết nạp quần chúng ưu tú".into();
    input.assignee_id = Some(other.id);
    input.due_on = Some(day(2027, 1, 15));
    let after = store.write(|tx| tx.update_task(task.id, &input)).unwrap();
    assert_eq!(after.text, input.text);
    assert_eq!(after.assignee_id, Some(other.id));
    assert_eq!(store.task(task.id).unwrap(), after);
    assert!(store.tasks(m.id).unwrap().contains(&after));
    let text = minutes(&store, m.id, Format::Text);
    assert!(
        text.contains("Chuẩn bị hồ sơ kết nạp quần chúng ưu tú (đ/c Vũ Thị Hằng; hạn 15/01/2027)"),
        "{text}"
    );
    assert!(!text.contains(&task.text), "{text}");
    let log = store.audit_of(task.uuid).unwrap();
    let entry = last(&log);
    assert_eq!(
        (entry.entity.as_str(), entry.action.as_str()),
        ("task", "update")
    );
    assert!(entry.before.as_deref().unwrap().contains(&task.text));
    assert!(entry.after.as_deref().unwrap().contains("2027-01-15"));

    store.write(|tx| tx.delete_task(task.id)).unwrap();
    assert!(matches!(store.task(task.id), Err(Error::NotFound("task"))));
    assert!(store.tasks(m.id).unwrap().iter().all(|t| t.id != task.id));
    assert!(
        store
            .open_tasks(m.cell_id)
            .unwrap()
            .iter()
            .all(|t| t.id != task.id)
    );
    assert!(!minutes(&store, m.id, Format::Text).contains("hồ sơ kết nạp"));
    assert_eq!(last(&store.audit_of(task.uuid).unwrap()).action, "delete");
}

#[test]
fn nothing_is_corrected_on_a_locked_meeting() {
    let mut store = demo_memory();
    let m = locked(&store);
    let remark = store.remarks(m.id).unwrap().remove(0);
    let vote = store.votes(m.id).unwrap().remove(0);
    let task = store.tasks(m.id).unwrap().remove(0);
    let logs = |store: &Store| {
        [remark.uuid, vote.uuid, task.uuid].map(|u| store.audit_of(u).unwrap().len())
    };
    let before = logs(&store);

    let mut r = remark_input(&remark);
    r.text = "Sửa sau khi khóa sổ".into();
    let mut v = vote_input(&vote);
    v.votes_for = 1;
    let mut t = task_input(&task);
    t.text = "Sửa sau khi khóa sổ".into();
    let results = [
        store.write(|tx| tx.update_remark(remark.id, &r).map(|_| ())),
        store.write(|tx| tx.delete_remark(remark.id)),
        store.write(|tx| tx.update_vote(vote.id, &v).map(|_| ())),
        store.write(|tx| tx.delete_vote(vote.id)),
        store.write(|tx| tx.update_task(task.id, &t).map(|_| ())),
        store.write(|tx| tx.delete_task(task.id)),
    ];
    for result in results {
        assert!(matches!(result, Err(Error::MeetingLocked)), "{result:?}");
    }
    assert_eq!(store.remark(remark.id).unwrap(), remark);
    assert_eq!(store.vote(vote.id).unwrap(), vote);
    assert_eq!(store.task(task.id).unwrap(), task);
    assert_eq!(logs(&store), before);
    let s = Strings::load(Lang::Vi);
    assert!(s.error(&Error::MeetingLocked).contains("đính chính"));
}

#[test]
fn a_vote_correction_with_impossible_figures_is_refused_and_changes_nothing() {
    let mut store = demo_memory();
    let m = closed(&store);
    let vote = vote_of(&store, m.id, VoteKind::Resolution);
    let audited = store.audit_of(vote.uuid).unwrap().len();
    let frozen = store.frozen_findings(m.id).unwrap();

    let mut input = vote_input(&vote);
    input.votes_for = vote.eligible_present;
    input.votes_against = 1;
    input.votes_other = 0;
    let result = store.write(|tx| tx.update_vote(vote.id, &input));
    match result {
        Err(Error::TallyExceedsVoters {
            ballots,
            eligible_present,
        }) => {
            assert_eq!(ballots, vote.eligible_present + 1);
            assert_eq!(eligible_present, vote.eligible_present);
        }
        other => panic!("expected TallyExceedsVoters, got {other:?}"),
    }
    // figures no count could reach are refused, not wrapped around
    input.votes_for = u32::MAX;
    input.votes_against = 2;
    assert!(matches!(
        store.write(|tx| tx.update_vote(vote.id, &input)),
        Err(Error::TallyExceedsVoters { .. })
    ));
    // an empty subject is refused as when the vote was recorded
    let mut blank = vote_input(&vote);
    blank.subject = "  ".into();
    assert!(matches!(
        store.write(|tx| tx.update_vote(vote.id, &blank)),
        Err(Error::Invalid {
            field: "subject",
            problem: Problem::Empty
        })
    ));
    assert_eq!(store.vote(vote.id).unwrap(), vote);
    assert_eq!(store.audit_of(vote.uuid).unwrap().len(), audited);
    assert_eq!(store.frozen_findings(m.id).unwrap(), frozen);
}

#[test]
fn a_task_whose_outcome_was_reported_cannot_be_deleted() {
    let mut store = demo_memory();
    let m = closed(&store);
    let next = planned(&store);
    let task = store.tasks(m.id).unwrap().remove(0);
    store
        .write(|tx| tx.set_task_outcome(task.id, Some(TaskOutcome::InProgress), "", next.id))
        .unwrap();
    let reported = store.task(task.id).unwrap();
    let audited = store.audit_of(task.uuid).unwrap().len();

    let result = store.write(|tx| tx.delete_task(task.id));
    let error = result.unwrap_err();
    assert!(
        matches!(error, Error::TaskHasOutcome { reported_on } if reported_on == next.date()),
        "{error:?}"
    );
    assert_eq!(
        Strings::load(Lang::Vi).error(&error),
        "Nhiệm vụ này đã có kết quả thực hiện được báo cáo tại buổi sinh hoạt ngày 07/12/2026; không xóa được."
    );
    assert_eq!(
        Strings::load(Lang::En).error(&error),
        "This task has an outcome reported at the meeting of 07/12/2026; it cannot be deleted."
    );
    assert_eq!(store.task(task.id).unwrap(), reported);
    assert_eq!(store.audit_of(task.uuid).unwrap().len(), audited);
    let carried = store.carried_tasks(&next).unwrap();
    let carried = carried.iter().find(|t| t.id == task.id).unwrap();
    assert_eq!(carried.outcome, Some(TaskOutcome::InProgress));

    // it can still be corrected; its report stays with the meeting that heard it
    let mut input = task_input(&task);
    input.text = "Theo dõi, giúp đỡ hai quần chúng ưu tú".into();
    let corrected = store.write(|tx| tx.update_task(task.id, &input)).unwrap();
    assert_eq!(corrected.outcome, Some(TaskOutcome::InProgress));
    assert_eq!(corrected.outcome_meeting_id, Some(next.id));

    // with the report taken back, nothing holds the task any more
    store
        .write(|tx| tx.set_task_outcome(task.id, None, "", next.id))
        .unwrap();
    store.write(|tx| tx.delete_task(task.id)).unwrap();
    assert!(matches!(store.task(task.id), Err(Error::NotFound("task"))));
}

#[test]
fn corrections_pass_the_checks_additions_pass() {
    let mut store = demo_memory();
    let m = closed(&store);
    let next = planned(&store);
    let (stranger, guest_elsewhere) = store
        .write(|tx| {
            let cell = tx.create_cell(&CellInput {
                name: "Chi bộ Khác".into(),
                ..CellInput::default()
            })?;
            let stranger = tx.add_member(
                cell.id,
                &MemberInput {
                    full_name: "Người Chi Bộ Khác".into(),
                    admitted_on: Some(day(2000, 1, 1)),
                    official_on: Some(day(2001, 1, 1)),
                    ..MemberInput::default()
                },
            )?;
            let guest = tx.add_guest(next.id, "Khách Buổi Sau", "Đảng ủy viên")?;
            Ok((stranger.id, guest.id))
        })
        .unwrap();
    let item_elsewhere = store.agenda(next.id).unwrap()[0].id;
    let remark = store.remarks(m.id).unwrap().remove(0);
    let vote = store.votes(m.id).unwrap().remove(0);
    let task = store.tasks(m.id).unwrap().remove(0);
    let invalid = |result: Result<(), Error>, field: &str, problem: Problem| match result {
        Err(Error::Invalid {
            field: f,
            problem: p,
        }) if f == field && p == problem => {}
        other => panic!("expected {field} {problem:?}, got {other:?}"),
    };

    let mut t = task_input(&task);
    t.assignee_id = Some(stranger);
    invalid(
        store.write(|tx| tx.update_task(task.id, &t).map(|_| ())),
        "assignee",
        Problem::Malformed,
    );
    invalid(
        store.write(|tx| tx.add_task(m.id, &t).map(|_| ())),
        "assignee",
        Problem::Malformed,
    );
    let mut t = task_input(&task);
    t.text = " \n\t ".into();
    invalid(
        store.write(|tx| tx.update_task(task.id, &t).map(|_| ())),
        "text",
        Problem::Empty,
    );

    let mut r = remark_input(&remark);
    r.speaker_member_id = None;
    r.speaker_guest_id = Some(guest_elsewhere);
    invalid(
        store.write(|tx| tx.update_remark(remark.id, &r).map(|_| ())),
        "speaker",
        Problem::Malformed,
    );
    invalid(
        store.write(|tx| tx.add_remark(m.id, &r).map(|_| ())),
        "speaker",
        Problem::Malformed,
    );
    let mut r = remark_input(&remark);
    r.agenda_item_id = Some(item_elsewhere);
    invalid(
        store.write(|tx| tx.update_remark(remark.id, &r).map(|_| ())),
        "agenda_item",
        Problem::Malformed,
    );
    let mut v = vote_input(&vote);
    v.agenda_item_id = Some(item_elsewhere);
    invalid(
        store.write(|tx| tx.update_vote(vote.id, &v).map(|_| ())),
        "agenda_item",
        Problem::Malformed,
    );

    assert_eq!(store.remark(remark.id).unwrap(), remark);
    assert_eq!(store.vote(vote.id).unwrap(), vote);
    assert_eq!(store.task(task.id).unwrap(), task);
    assert!(matches!(store.remark(-1), Err(Error::NotFound("remark"))));
    assert!(matches!(
        store.write(|tx| tx.delete_vote(-1)),
        Err(Error::NotFound("vote"))
    ));
    assert_eq!(
        Strings::load(Lang::Vi).error(&Error::NotFound("task")),
        "Không tìm thấy: nhiệm vụ."
    );
    // an unchanged correction leaves no trace in the log
    let audited = store.audit_of(task.uuid).unwrap().len();
    store
        .write(|tx| tx.update_task(task.id, &task_input(&task)))
        .unwrap();
    assert_eq!(store.audit_of(task.uuid).unwrap().len(), audited);
}

/// The lines of `text` from the first that contains `start`, `n` of them.
fn lines_from(text: &str, start: &str, n: usize) -> Vec<String> {
    let lines: Vec<String> = text
        .lines()
        .skip_while(|l| !l.contains(start))
        .take(n)
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), n, "{start:?} in\n{text}");
    lines
}

#[test]
fn a_two_line_remark_prints_on_two_lines_in_the_minutes() {
    let mut store = demo_memory();
    let m = closed(&store);
    let first = store.remarks(m.id).unwrap().remove(0);
    let speaker = store.member(first.speaker_member_id.unwrap()).unwrap();
    let mut input = remark_input(&first);
    input.text = "Thứ nhất, đề nghị bổ sung chỉ tiêu.\nThứ hai, phân công người theo dõi.".into();
    store
        .write(|tx| tx.update_remark(first.id, &input))
        .unwrap();

    let text = minutes(&store, m.id, Format::Text);
    assert_eq!(
        lines_from(&text, "Thứ nhất", 2),
        [
            format!(
                "   Đồng chí {}: Thứ nhất, đề nghị bổ sung chỉ tiêu.",
                speaker.full_name
            ),
            "     Thứ hai, phân công người theo dõi.".to_string(),
        ]
    );
    let md = minutes(&store, m.id, Format::Markdown);
    assert_eq!(
        lines_from(&md, "Thứ nhất", 2),
        [
            format!(
                "**Đồng chí {}:** Thứ nhất, đề nghị bổ sung chỉ tiêu.\\",
                speaker.full_name
            ),
            "Thứ hai, phân công người theo dõi.".to_string(),
        ]
    );
}

#[test]
fn several_paragraphs_wrap_each_with_the_hanging_indent_and_stay_lines_in_markdown() {
    let mut store = demo_memory();
    let m = closed(&store);
    let first = store.remarks(m.id).unwrap().remove(0);
    let long = "Chi bộ cần tăng cường kiểm tra, giám sát việc thực hiện nghị quyết \
                ở từng tổ chuyên môn, báo cáo kết quả hằng tháng cho chi ủy.";
    let mut input = remark_input(&first);
    input.text = format!("{long}\n\n- một việc\n---\n2. hai việc");
    store
        .write(|tx| tx.update_remark(first.id, &input))
        .unwrap();
    let agenda = store.agenda(m.id).unwrap();
    let concluded = agenda.iter().find(|i| !i.conclusion.is_empty()).unwrap();
    let after = store
        .write(|tx| {
            tx.set_agenda_item_record(
                concluded.id,
                concluded.started_at,
                concluded.ended_at,
                "Thống nhất các nhiệm vụ.\r\n\r\n\r\nGiao chi ủy theo dõi.  ",
            )
        })
        .unwrap();
    assert_eq!(
        after.conclusion,
        "Thống nhất các nhiệm vụ.\n\nGiao chi ủy theo dõi."
    );

    // plain text: the long paragraph wraps after the hanging indent, the
    // next ones start there
    let text = minutes(&store, m.id, Format::Text);
    let remark: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Chi bộ cần tăng cường"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(remark.len() >= 2, "{text}");
    assert!(remark[0].starts_with("   Đồng chí "), "{text}");
    for line in &remark[1..] {
        assert!(
            line.starts_with("     ") && !line.starts_with("      "),
            "{text}"
        );
    }
    assert!(remark.iter().all(|l| l.width() <= WIDTH), "{text}");
    assert!(remark[remark.len() - 1].ends_with("chi ủy."), "{text}");
    let next: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Chi bộ cần tăng cường"))
        .skip(remark.len())
        .take(4)
        .collect();
    assert_eq!(
        next,
        ["", "     - một việc", "     ---", "     2. hai việc"]
    );
    assert_eq!(
        lines_from(&text, "Chủ trì kết luận", 3),
        [
            "   Chủ trì kết luận: Thống nhất các nhiệm vụ.",
            "",
            "     Giao chi ủy theo dõi."
        ]
    );

    // Markdown: every line a hard break; what would open a list, a rule
    // or a heading is escaped; the item numbers are not a list
    let md = minutes(&store, m.id, Format::Markdown);
    let remark = lines_from(&md, "Chi bộ cần tăng cường", 5);
    assert!(remark[0].ends_with("cho chi ủy.\\"), "{md}");
    assert_eq!(
        &remark[1..],
        ["\\", "\\- một việc\\", "\\---\\", "2\\. hai việc"]
    );
    assert_eq!(
        lines_from(&md, "Chủ trì kết luận", 3),
        [
            "**Chủ trì kết luận:** Thống nhất các nhiệm vụ.\\",
            "\\",
            "Giao chi ủy theo dõi."
        ]
    );
    assert!(md.contains("\n### II. DIỄN BIẾN\n"), "{md}");
    assert!(md.contains("\n\n11. **Thảo luận"), "{md}");
}

#[test]
fn a_two_line_addendum_keeps_its_lines() {
    let mut store = demo_memory();
    let m = locked(&store);
    store
        .write(|tx| tx.add_addendum(m.id, "Sửa số phiếu tán thành.\nSửa tên người phát biểu."))
        .unwrap();
    let text = minutes(&store, m.id, Format::Text);
    let lines = lines_from(&text, "Sửa số phiếu", 2);
    assert!(lines[0].starts_with("Đính chính ngày "), "{text}");
    assert!(lines[0].ends_with(": Sửa số phiếu tán thành."), "{text}");
    assert_eq!(lines[1], "Sửa tên người phát biểu.");
    let md = minutes(&store, m.id, Format::Markdown);
    let lines = lines_from(&md, "Sửa số phiếu", 2);
    assert!(lines[0].starts_with("**Đính chính ngày "), "{md}");
    assert!(lines[0].ends_with(":** Sửa số phiếu tán thành.\\"), "{md}");
    assert_eq!(lines[1], "Sửa tên người phát biểu.");
}
