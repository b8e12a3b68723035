//! Preparing meetings through the store: templates for every kind, agenda
//! editing, carry-over, postponing, the checklist, the agenda document, and
//! the migration to schema 2 with its backup.

mod common;

use chibo::documents::layout::Format;
use chibo::domain::{MeetingKind, MeetingStatus, PrepStep, TaskOutcome};
use chibo::store::{AgendaItemInput, Error, MeetingInput, Store, schema};
use chrono::NaiveDate;
use common::documents::golden;
use common::{clock, demo_memory, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn input(kind: MeetingKind, y: i32, m: u32, d: u32) -> MeetingInput {
    MeetingInput {
        kind,
        title: String::new(),
        planned_at: day(y, m, d).and_hms_opt(14, 0, 0).unwrap(),
        place: "Hội trường".into(),
        chair_id: None,
        minute_taker_id: None,
    }
}

fn cell_id(store: &Store) -> i64 {
    store.cells().unwrap()[0].id
}

fn planned(store: &Store) -> chibo::domain::Meeting {
    store
        .meetings(cell_id(store))
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap()
}

#[test]
fn every_kind_gets_its_template() {
    let mut store = demo_memory();
    let cell = cell_id(&store);
    for (n, kind) in MeetingKind::ALL.iter().enumerate() {
        let template = chibo::assets::template(*kind).unwrap();
        let meeting = store
            .write(|tx| {
                chibo::planning::create_meeting(tx, cell, &input(*kind, 2027, 1, 10 + n as u32))
            })
            .unwrap();
        let items = store.agenda(meeting.id).unwrap();
        assert_eq!(items.len(), template.steps.len(), "{kind:?}");
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        let expected: Vec<&str> = template.steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, expected, "{kind:?}");
        let total: i64 = items.iter().map(|i| i.planned_minutes).sum();
        assert_eq!(total, i64::from(template.total_minutes()));
        let positions: Vec<i64> = items.iter().map(|i| i.position).collect();
        assert_eq!(positions, (1..=items.len() as i64).collect::<Vec<_>>());
    }
}

#[test]
fn reorder_delete_undo_insert() {
    let mut store = demo_memory();
    let m = planned(&store);
    let before = store.agenda(m.id).unwrap();
    let third = before[2].clone();
    assert!(
        store
            .write(|tx| tx.move_agenda_item(third.id, true))
            .unwrap()
    );
    let after = store.agenda(m.id).unwrap();
    assert_eq!(after[1].id, third.id);
    assert_eq!(after[2].id, before[1].id);
    // the first cannot move up, the last cannot move down
    assert!(
        !store
            .write(|tx| tx.move_agenda_item(after[0].id, true))
            .unwrap()
    );
    let last = after.last().unwrap().id;
    assert!(!store.write(|tx| tx.move_agenda_item(last, false)).unwrap());

    let deleted = store.write(|tx| tx.delete_agenda_item(third.id)).unwrap();
    let after_delete = store.agenda(m.id).unwrap();
    assert_eq!(after_delete.len(), before.len() - 1);
    assert!(after_delete.iter().all(|i| i.id != third.id));
    let positions: Vec<i64> = after_delete.iter().map(|i| i.position).collect();
    assert_eq!(
        positions,
        (1..=after_delete.len() as i64).collect::<Vec<_>>()
    );
    store.write(|tx| tx.restore_agenda_item(&deleted)).unwrap();
    let restored = store.agenda(m.id).unwrap();
    assert_eq!(restored[1].id, third.id, "back where it was");
    assert_eq!(restored[1].uuid, third.uuid, "with its identity");

    let extra = AgendaItemInput {
        title: "Góp ý dự thảo văn kiện đại hội".into(),
        planned_minutes: 15,
        presenter_id: None,
        notes: String::new(),
        carry_over: false,
        ..Default::default()
    };
    let added = store
        .write(|tx| tx.insert_agenda_item(m.id, &extra, Some(3)))
        .unwrap();
    assert_eq!(added.position, 4);
    assert_eq!(
        store.agenda(m.id).unwrap()[3].title,
        "Góp ý dự thảo văn kiện đại hội"
    );
}

#[test]
fn carry_over_lists_open_tasks_until_done() {
    let mut store = demo_memory();
    let m = planned(&store);
    let carried = store.carried_tasks(&m).unwrap();
    assert!(!carried.is_empty());
    assert!(carried.iter().all(|t| t.outcome != Some(TaskOutcome::Done)));
    let open_before = store.open_tasks(cell_id(&store)).unwrap().len();
    let first = carried[0].id;
    store
        .write(|tx| tx.set_task_outcome(first, Some(TaskOutcome::Done), "Đã xong", m.id))
        .unwrap();
    // still listed at this meeting (its outcome was reported here), marked done
    let carried = store.carried_tasks(&m).unwrap();
    let task = carried.iter().find(|t| t.id == first).unwrap();
    assert_eq!(task.outcome, Some(TaskOutcome::Done));
    assert_eq!(task.outcome_meeting_id, Some(m.id));
    assert_eq!(
        store.open_tasks(cell_id(&store)).unwrap().len(),
        open_before - 1
    );
    // and not carried into a later meeting
    let later = store
        .write(|tx| {
            chibo::planning::create_meeting(tx, m.cell_id, &input(MeetingKind::Regular, 2027, 1, 5))
        })
        .unwrap();
    assert!(
        store
            .carried_tasks(&later)
            .unwrap()
            .iter()
            .all(|t| t.id != first)
    );
}

#[test]
fn postpone_cancel_delete() {
    let mut store = demo_memory();
    let m = planned(&store);
    let to = day(2026, 12, 14).and_hms_opt(8, 0, 0).unwrap();
    store
        .write(|tx| tx.postpone_meeting(m.id, to, "Trùng lịch họp cơ quan"))
        .unwrap();
    assert_eq!(store.meeting(m.id).unwrap().planned_at, to);
    let history = store.reschedules(m.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].from_at, m.planned_at);
    assert_eq!(history[0].reason, "Trùng lịch họp cơ quan");

    store.write(|tx| tx.cancel_meeting(m.id)).unwrap();
    assert_eq!(
        store.meeting(m.id).unwrap().status,
        MeetingStatus::Cancelled
    );
    // a cancelled meeting can no longer be postponed
    assert!(store.write(|tx| tx.postpone_meeting(m.id, to, "")).is_err());

    // a held meeting is never deleted
    let held = store
        .meetings(m.cell_id)
        .unwrap()
        .into_iter()
        .find(|x| x.status == MeetingStatus::Locked)
        .unwrap();
    assert!(store.write(|tx| tx.delete_meeting(held.id)).is_err());
    assert!(store.meeting(held.id).is_ok());
    // one created by mistake is
    store.write(|tx| tx.delete_meeting(m.id)).unwrap();
    assert!(matches!(store.meeting(m.id), Err(Error::NotFound(_))));
}

#[test]
fn copy_an_agenda_and_keep_the_checklist() {
    let mut store = demo_memory();
    let m = planned(&store);
    let source_items = store.agenda(m.id).unwrap();
    let copy = store
        .write(|tx| {
            let new = tx.create_meeting(m.cell_id, &input(MeetingKind::Regular, 2027, 1, 5))?;
            tx.copy_agenda(m.id, new.id)?;
            Ok(new)
        })
        .unwrap();
    let copied = store.agenda(copy.id).unwrap();
    assert_eq!(copied.len(), source_items.len());
    assert!(
        copied
            .iter()
            .zip(&source_items)
            .all(|(a, b)| a.title == b.title
                && a.planned_minutes == b.planned_minutes
                && a.carry_over == b.carry_over
                && a.uuid != b.uuid)
    );

    store
        .write(|tx| {
            tx.set_preparation_step(m.id, PrepStep::CommitteeMet, Some(day(2026, 11, 20)), "")
        })
        .unwrap();
    store
        .write(|tx| {
            tx.set_preparation_step(m.id, PrepStep::MaterialsSent, Some(day(2026, 12, 6)), "")
        })
        .unwrap();
    let steps = store.preparation(m.id).unwrap();
    assert_eq!(steps.len(), 2);
    store
        .write(|tx| tx.set_preparation_step(m.id, PrepStep::CommitteeMet, None, ""))
        .unwrap();
    assert_eq!(store.preparation(m.id).unwrap().len(), 1);
}

#[test]
fn agenda_documents_match_the_golden_files() {
    let mut store = demo_memory();
    let m = planned(&store);
    store
        .write(|tx| tx.add_guest(m.id, "Nguyễn Thanh Sơn", "Đảng ủy viên, phụ trách chi bộ"))
        .unwrap();
    let text = chibo::planning::agenda_document(&store, m.id, Format::Text, today()).unwrap();
    golden("agenda_regular.txt", &text);
    let md = chibo::planning::agenda_document(&store, m.id, Format::Markdown, today()).unwrap();
    golden("agenda_regular.md", &md);
    assert!(text.contains("Gò Công, ngày 25 tháng 11 năm 2026"));
    assert!(text.contains("SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 12 NĂM 2026"));
    assert!(text.contains("Thời gian: 14 giờ 00, ngày 07 tháng 12 năm 2026"));
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 78),
        "{text}"
    );
}

/// A file at schema 1 is backed up, then migrated.
#[test]
fn migration_to_schema_2_writes_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/sql/001_init.sql"))
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;",
            schema::APPLICATION_ID as i64
        ))
        .unwrap();
        conn.execute(
            "INSERT INTO cells (uuid, name) VALUES ('00000000-0000-4000-8000-000000000001', 'Chi bộ Cũ')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path, clock()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    assert_eq!(store.cells().unwrap()[0].name, "Chi bộ Cũ");
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].contains("v1-before-migration"), "{backups:?}");
    let old = rusqlite::Connection::open(dir.path().join("backups").join(&backups[0])).unwrap();
    let v: u32 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1, "the backup is the file as it was");
}

#[test]
fn items_and_guests_with_records_are_not_deleted() {
    let mut store = demo_memory();
    let m = planned(&store);
    let item = store.agenda(m.id).unwrap()[10].clone();
    let guest = store
        .write(|tx| tx.add_guest(m.id, "Nguyễn Thanh Sơn", "Đảng ủy viên"))
        .unwrap();
    store
        .write(|tx| {
            tx.add_remark(
                m.id,
                &chibo::store::RemarkInput {
                    agenda_item_id: Some(item.id),
                    speaker_member_id: None,
                    speaker_guest_id: Some(guest.id),
                    text: "Ý kiến của đại biểu cấp trên.".into(),
                    spoken_at: None,
                },
            )
        })
        .unwrap();
    assert!(matches!(
        store.write(|tx| tx.delete_agenda_item(item.id)),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        store.write(|tx| tx.delete_guest(guest.id)),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(
        store.remarks(m.id).unwrap()[0].speaker_guest_id,
        Some(guest.id)
    );
    assert_eq!(
        store.remarks(m.id).unwrap()[0].agenda_item_id,
        Some(item.id)
    );
    // a guest's remark outside any item keeps the guest's name too
    store
        .write(|tx| {
            tx.add_remark(
                m.id,
                &chibo::store::RemarkInput {
                    agenda_item_id: None,
                    speaker_member_id: None,
                    speaker_guest_id: Some(guest.id),
                    text: "Chúc chi bộ hoàn thành nhiệm vụ.".into(),
                    spoken_at: None,
                },
            )
        })
        .unwrap();
    let minutes =
        chibo::planning::minutes_document(&store, m.id, chibo::documents::layout::Format::Markdown)
            .unwrap();
    assert!(
        minutes.contains(
            "**Đồng chí Nguyễn Thanh Sơn (Đảng ủy viên):** Ý kiến của đại biểu cấp trên."
        ),
        "{minutes}"
    );
    assert!(
        minutes.contains(
            "**Đồng chí Nguyễn Thanh Sơn (Đảng ủy viên):** Chúc chi bộ hoàn thành nhiệm vụ."
        ),
        "{minutes}"
    );
}

/// A task reported "in progress" at a meeting that is then locked, and
/// "done" a month later: the locked record keeps what it said.
#[test]
fn reporting_a_task_again_never_rewrites_a_locked_meeting() {
    let mut store = demo_memory();
    let december = planned(&store);
    let task = store.carried_tasks(&december).unwrap()[0].clone();
    common::hold_completely(&mut store, december.id, december.planned_at);
    store
        .write(|tx| {
            tx.set_task_outcome(
                task.id,
                Some(TaskOutcome::InProgress),
                "Đang làm",
                december.id,
            )?;
            tx.close_meeting(december.id)?;
            tx.lock_meeting(december.id)
        })
        .unwrap();
    let january = store
        .write(|tx| {
            chibo::planning::create_meeting(
                tx,
                december.cell_id,
                &input(MeetingKind::Regular, 2027, 1, 5),
            )
        })
        .unwrap();
    store
        .write(|tx| tx.set_task_outcome(task.id, Some(TaskOutcome::Done), "Xong", january.id))
        .unwrap();
    let december = store.meeting(december.id).unwrap();
    let in_december = store.carried_tasks(&december).unwrap();
    let t = in_december
        .iter()
        .find(|t| t.id == task.id)
        .expect("still in December's review");
    assert_eq!(t.outcome, Some(TaskOutcome::InProgress));
    assert_eq!(t.outcome_note, "Đang làm");
    let t = store
        .carried_tasks(&january)
        .unwrap()
        .into_iter()
        .find(|t| t.id == task.id)
        .unwrap();
    assert_eq!(t.outcome, Some(TaskOutcome::Done));
    let february = store
        .write(|tx| {
            chibo::planning::create_meeting(
                tx,
                december.cell_id,
                &input(MeetingKind::Regular, 2027, 2, 5),
            )
        })
        .unwrap();
    assert!(
        store
            .carried_tasks(&february)
            .unwrap()
            .iter()
            .all(|t| t.id != task.id)
    );
    assert!(
        store
            .open_tasks(december.cell_id)
            .unwrap()
            .iter()
            .all(|t| t.id != task.id)
    );
}
