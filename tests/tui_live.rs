//! The live meeting, driven by keys on real SQLite.

mod common;

use chibo::domain::{MarkKind, MeetingKind, MeetingStatus};
use chibo::i18n::Lang;
use chibo::store::{CellInput, MeetingInput, MemberInput, Store};
use chrono::NaiveDate;
use common::tui::Harness;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A cell of `n` official members (names sort in number order) and a planned
/// meeting today.
fn cell_of(n: usize) -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_in_memory(common::clock()).unwrap();
    let (meeting, ids) = store
        .write(|tx| {
            let cell = tx.create_cell(&CellInput {
                name: "Chi bộ Ba Mươi".into(),
                place_name: "Gò Công".into(),
                ..Default::default()
            })?;
            let mut ids = Vec::new();
            for i in 0..n {
                let input = MemberInput {
                    full_name: format!("Đảng Viên A{i:02}"),
                    admitted_on: Some(day(2000, 1, 1)),
                    official_on: Some(day(2001, 1, 1)),
                    ..Default::default()
                };
                ids.push(tx.add_member(cell.id, &input)?.id);
            }
            let m = chibo::planning::create_meeting(
                tx,
                cell.id,
                &MeetingInput {
                    kind: MeetingKind::Regular,
                    title: String::new(),
                    planned_at: common::today().and_hms_opt(14, 0, 0).unwrap(),
                    place: "Hội trường".into(),
                    chair_id: Some(ids[0]),
                    minute_taker_id: Some(ids[1]),
                },
            )?;
            Ok((m.id, ids))
        })
        .unwrap();
    (store, meeting, ids)
}

/// Opens the live screen of the only meeting: cells → meetings → F6.
fn open_live(h: &mut Harness) {
    h.keys("<enter><tab><f6>");
    assert!(h.screen().contains("Điểm danh"), "{}", h.screen());
}

fn mark_of(h: &Harness, meeting: i64, member: i64) -> Option<MarkKind> {
    h.store()
        .marks(meeting)
        .unwrap()
        .into_iter()
        .find(|m| m.member_id == member)
        .map(|m| m.kind)
}

#[test]
fn roll_call_of_thirty_with_three_absentees_in_few_keystrokes() {
    let (store, meeting, ids) = cell_of(30);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    // The roll call, counted from here: 4 present, 1 late, 4 present,
    // 1 absent with a reason (3 then Enter takes the first quick pick),
    // 9 present, 1 absent without a reason, then "the rest present" (* y).
    let keys = "<space><space><space><space>2<space><space><space><space>3<enter>\
                <space><space><space><space><space><space><space><space><space>4*y";
    let count = keys.matches('<').count()
        + keys
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '*' || *c == 'y')
            .count();
    assert!(count <= 35, "{count} keystrokes");
    h.keys(keys);
    let marks = h.store().marks(meeting).unwrap();
    assert_eq!(marks.len(), 30, "{}", h.screen());
    assert_eq!(mark_of(&h, meeting, ids[4]), Some(MarkKind::Late));
    assert_eq!(mark_of(&h, meeting, ids[9]), Some(MarkKind::AbsentExcused));
    assert_eq!(
        mark_of(&h, meeting, ids[19]),
        Some(MarkKind::AbsentUnexcused)
    );
    let reason = marks
        .iter()
        .find(|m| m.member_id == ids[9])
        .unwrap()
        .reason
        .clone();
    assert_eq!(reason, "ốm");
    let f = h.store().figures(meeting).unwrap();
    assert_eq!((f.expected, f.present, f.unmarked), (30, 28, 0));
    assert_eq!(f.percent_present().unwrap(), "93,3%");
    let screen = h.screen();
    assert!(screen.contains("Có mặt 28 (93,3%)"), "{screen}");
    assert!(screen.contains("Chưa điểm 0"), "{screen}");
}

#[test]
fn undo_and_redo_marks() {
    let (store, meeting, ids) = cell_of(5);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    h.keys("<space>4");
    assert_eq!(
        mark_of(&h, meeting, ids[1]),
        Some(MarkKind::AbsentUnexcused)
    );
    h.keys("u");
    assert_eq!(mark_of(&h, meeting, ids[1]), None);
    h.keys("u");
    assert_eq!(mark_of(&h, meeting, ids[0]), None);
    h.keys("U");
    assert_eq!(mark_of(&h, meeting, ids[0]), Some(MarkKind::Present));
    h.keys("<c-y>");
    assert_eq!(
        mark_of(&h, meeting, ids[1]),
        Some(MarkKind::AbsentUnexcused)
    );
    // "rest present" is one step of undo
    h.keys("*y");
    assert_eq!(h.store().marks(meeting).unwrap().len(), 5);
    h.keys("u");
    assert_eq!(h.store().marks(meeting).unwrap().len(), 2);
}

#[test]
fn jump_to_a_member_by_typing_without_accents() {
    let (store, meeting, ids) = cell_of(12);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    h.keys("/dang vien a07<enter>2");
    assert_eq!(mark_of(&h, meeting, ids[7]), Some(MarkKind::Late));
    // q and ? keep their meaning outside the search
    h.keys("?");
    assert!(h.screen().contains("Phím tắt"));
}

#[test]
fn a_vote_with_more_ballots_than_voters_is_refused() {
    let (store, meeting, _) = cell_of(10);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    // 6 present, 4 unexcused: D = 10, V = 6
    h.keys("<space><space><space><space><space><space>4444");
    h.keys("<tab>v");
    let screen = h.screen();
    assert!(screen.contains("D = 10 · V = 6"), "{screen}");
    h.keys("Thông qua kế hoạch<tab><tab>7<tab>0<tab>0<c-s>");
    let screen = h.screen();
    assert!(
        screen.contains("Số phiếu (7) nhiều hơn số đảng viên có quyền biểu quyết đang có mặt (6)"),
        "{screen}"
    );
    assert!(h.store().votes(meeting).unwrap().is_empty());
    // 6 for: 6 > 10/2, passes against D
    h.keys("<backtab><backtab>6<c-s>");
    let votes = h.store().votes(meeting).unwrap();
    assert_eq!(votes.len(), 1);
    assert_eq!((votes[0].denominator, votes[0].eligible_present), (10, 6));
    assert!(
        h.screen().contains("tán thành 6/10 (60,0%) — THÔNG QUA"),
        "{}",
        h.screen()
    );
}

#[test]
fn closing_checks_completeness_then_lock_refuses_edits() {
    let (store, meeting, _) = cell_of(4);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    h.keys("<f10>");
    let screen = h.screen();
    assert!(screen.contains("Chưa kết thúc được buổi họp"), "{screen}");
    assert!(
        screen.contains("Còn 4 đảng viên chưa điểm danh"),
        "{screen}"
    );
    assert!(screen.contains("Chưa ghi giờ bắt đầu."), "{screen}");
    h.keys("<esc>");
    // open at 14:00, all present, close at 15:40
    h.keys("<f6><c-u>14:00<enter>*y<f7><bs><bs><bs><bs><bs>15:40<enter>");
    let m = h.store().meeting(meeting).unwrap();
    assert_eq!(m.duration_minutes(), Some(100));
    // the agenda was not held: closing is refused, naming the items
    h.keys("<f10>");
    assert!(
        h.screen().contains("nội dung chưa thực hiện"),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    // hold every item in turn (Enter ends one and starts the next)
    h.keys("<tab>");
    h.keys(&"<enter>".repeat(18));
    h.keys("<tab><f10>");
    assert!(h.screen().contains("Lưu ý:"), "{}", h.screen());
    h.keys("y");
    assert_eq!(
        h.store().meeting(meeting).unwrap().status,
        MeetingStatus::Closed
    );
    h.keys("<f12>y");
    assert_eq!(
        h.store().meeting(meeting).unwrap().status,
        MeetingStatus::Locked
    );
    h.keys("<home>4");
    assert!(
        h.screen().contains("Buổi sinh hoạt đã khóa sổ"),
        "{}",
        h.screen()
    );
    assert!(
        h.store()
            .marks(meeting)
            .unwrap()
            .iter()
            .all(|m| m.kind == MarkKind::Present)
    );
}

#[test]
fn remarks_survive_a_crash_as_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let meeting = {
        let (mem, meeting, _) = cell_of(3);
        mem.backup_to(&path).unwrap();
        meeting
    };
    {
        let store = Store::open(&path, common::clock()).unwrap();
        let mut h = Harness::new(store, Lang::Vi, 80, 24);
        open_live(&mut h);
        // the first mark starts the meeting
        h.keys(
            "<space><tab>r<tab>Đồng chí đề nghị bổ sung chỉ tiêu<enter>về kết nạp đảng viên mới",
        );
        // the app dies here: nothing saved on purpose
    }
    let store = Store::open(&path, common::clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    // the meeting is in progress: the app offers to resume it
    assert!(h.screen().contains("đang họp dở"), "{}", h.screen());
    h.keys("y<tab>r");
    let screen = h.screen();
    assert!(
        screen.contains("Đồng chí đề nghị bổ sung chỉ tiêu"),
        "{screen}"
    );
    assert!(screen.contains("về kết nạp đảng viên mới"), "{screen}");
    h.keys("<c-s>");
    let remarks = h.store().remarks(meeting).unwrap();
    assert_eq!(remarks.len(), 1);
    assert_eq!(
        remarks[0].text,
        "Đồng chí đề nghị bổ sung chỉ tiêu\nvề kết nạp đảng viên mới"
    );
    assert_eq!(h.store().draft(&format!("remark:{meeting}")).unwrap(), None);
}

#[test]
fn live_screens_snapshots() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::demo(Lang::Vi, w, hgt);
        h.keys("<enter><tab><home><f6>y");
        h.keys("<space><space>214:00<enter>3<enter>4");
        insta::assert_snapshot!(format!("live_attendance_{w}x{hgt}"), h.screen());
        h.keys("<tab>");
        insta::assert_snapshot!(format!("live_proceedings_{w}x{hgt}"), h.screen());
    }
}

#[test]
fn a_whole_meeting_from_roll_call_to_lock() {
    let (store, meeting, ids) = cell_of(6);
    let mut h = Harness::new(store, Lang::Vi, 100, 30);
    open_live(&mut h);
    // open at 14:00; five present, one absent with a reason
    h.keys("<f6><c-u>14:00<enter>");
    h.keys("<space><space><space><space><space>3<enter>");
    assert_eq!(mark_of(&h, meeting, ids[5]), Some(MarkKind::AbsentExcused));
    // proceedings: start the first item, a remark, a vote, a task, a conclusion
    h.keys("<tab><enter>");
    h.keys("r<right><right><tab>Thống nhất với báo cáo của chi ủy.<c-s>");
    h.keys("vThống nhất báo cáo<tab><tab>5<c-s>");
    h.keys("tHoàn thành hồ sơ đảng viên<tab><right><tab>31/12/2026<c-s>");
    h.keys("cChi bộ thống nhất thông qua.<c-s>");
    assert_eq!(h.store().remarks(meeting).unwrap().len(), 1);
    let votes = h.store().votes(meeting).unwrap();
    // D counts every entitled official member, the excused absentee too
    assert_eq!(
        (
            votes[0].votes_for,
            votes[0].denominator,
            votes[0].eligible_present
        ),
        (5, 6, 5)
    );
    assert_eq!(
        h.store().tasks(meeting).unwrap()[0].text,
        "Hoàn thành hồ sơ đảng viên"
    );
    let items = h.store().agenda(meeting).unwrap();
    assert!(items[0].started_at.is_some());
    assert_eq!(items[0].conclusion, "Chi bộ thống nhất thông qua.");
    // items 2 to 11 in turn; the two optional steps ("nếu có") skipped
    // with one key each; back to 11, whose end starts 14
    h.keys(&"<enter>".repeat(10));
    h.keys("<down>s<down>s<up><up><enter>");
    let items = h.store().agenda(meeting).unwrap();
    assert!(items[10].ended_at.is_some());
    assert_eq!(
        (items[11].disposition, items[12].disposition),
        (
            Some(chibo::domain::ItemDisposition::Skipped),
            Some(chibo::domain::ItemDisposition::Skipped)
        )
    );
    assert!(items[13].started_at.is_some() && items[13].ended_at.is_none());
    // 14 → 15 → 16 → 17: the read-back of the minutes; its vote is the
    // approval (the step presets the kind)
    h.keys("<enter><enter><enter>");
    h.keys("v<tab><tab>5<c-s><enter>");
    let approval = h.store().votes(meeting).unwrap().pop().unwrap();
    assert_eq!(approval.kind, chibo::domain::VoteKind::Minutes);
    assert_eq!(approval.agenda_item_id, Some(items[16].id));
    // the quality self-assessment: full marks given, but attendance 5/6
    // (83,3 %) fails its criterion: 95 points, Khá, never Tốt
    h.keys("m5<tab>5<tab>10<tab>35<tab>5<tab>5<tab>30<tab>5<c-s>");
    assert!(h.screen().contains("95 điểm — Khá"), "{}", h.screen());
    // read back: the minutes header as §3.11 words it
    h.keys("b");
    let screen = h.screen();
    assert!(screen.contains("Đọc lại biên bản"), "{screen}");
    assert!(
        screen.contains("Phải triệu tập: 6. Có mặt: 5/6 (83,3%)"),
        "{screen}"
    );
    h.keys("<esc>");
    // end at 15:35, close, lock, then a dated addendum
    h.keys("<f7><c-u>15:35<enter><f10>y<f12>y");
    assert_eq!(
        h.store().meeting(meeting).unwrap().status,
        MeetingStatus::Locked
    );
    h.keys("aĐính chính: đồng chí A05 vắng vì ốm, không phải công tác.<c-s>");
    let addenda = h.store().addenda(meeting).unwrap();
    assert_eq!(addenda.len(), 1);
    assert!(addenda[0].text.starts_with("Đính chính: đồng chí A05"));
    let minutes = chibo::planning::minutes_document(
        h.store(),
        meeting,
        chibo::documents::layout::Format::Text,
    )
    .unwrap();
    assert!(
        minutes.contains("Thống nhất với báo cáo của chi ủy."),
        "{minutes}"
    );
    assert!(minutes.contains("tán thành 5/6 (83,3%)"), "{minutes}");
    assert!(
        minutes.contains("Biên bản đã được thông qua; buổi sinh hoạt kết thúc lúc 15 giờ 35"),
        "{minutes}"
    );
    assert!(minutes.contains("ĐÍNH CHÍNH"), "{minutes}");
}

#[test]
fn remark_and_vote_form_snapshots() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::demo(Lang::Vi, w, hgt);
        h.keys("<enter><tab><home><f6>y<space><space><space><tab>r");
        h.keys("<right><tab>Đề nghị bổ sung chỉ tiêu phát triển đảng viên.<enter>Thống nhất với dự thảo.");
        insta::assert_snapshot!(format!("live_remark_{w}x{hgt}"), h.screen());
        h.keys("<c-s>v");
        insta::assert_snapshot!(format!("live_vote_{w}x{hgt}"), h.screen());
    }
}

#[test]
fn a_meeting_held_on_paper_gets_typed_times() {
    let (store, meeting, _) = cell_of(3);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    // the second item ran from 14:05 to 14:20
    h.keys("<tab><down><c-t>14:05<tab>14:20<c-s>");
    let item = h.store().agenda(meeting).unwrap()[1].clone();
    assert_eq!(
        item.started_at
            .map(|t| chibo::vi::clock(t.time()))
            .as_deref(),
        Some("14:05")
    );
    assert_eq!(
        item.ended_at.map(|t| chibo::vi::clock(t.time())).as_deref(),
        Some("14:20")
    );
    assert!(h.screen().contains("15/2'"), "{}", h.screen());
    // an end before the start is refused
    h.keys("<c-t><tab>13:00<c-s>");
    assert!(
        h.screen().contains("ngày kết thúc trước ngày bắt đầu")
            || h.screen().contains("kết thúc trước"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_vote_typed_up_later_takes_d_and_v_at_its_own_time() {
    // The demo's 07/12 meeting, typed up on 25/11 (the clock).
    let mut h = Harness::demo(Lang::Vi, 80, 24);
    h.keys("<enter><tab><home><f6>");
    let cell = h.store().cells().unwrap()[0].id;
    let meeting = h.store().meetings(cell).unwrap()[0].clone();
    // typed up from paper: a late mark asks the arrival time. The first
    // member came at 14:30, everyone else on time
    h.keys("y2");
    assert!(h.screen().contains("Giờ đến (đến muộn)"), "{}", h.screen());
    // nothing is offered: Enter alone saves nothing
    h.keys("<enter>");
    assert!(h.store().marks(meeting.id).unwrap().is_empty());
    h.keys("14:30<enter>*y");
    let late = h
        .store()
        .marks(meeting.id)
        .unwrap()
        .into_iter()
        .find(|m| m.kind == MarkKind::Late)
        .unwrap();
    assert_eq!(
        late.arrived_at.map(chibo::vi::date_time).as_deref(),
        Some("07/12/2026 14:30")
    );
    // a vote offers 14:30 (after every arrival): the late member is a voter,
    // so a tally of everyone present is accepted
    let figures = h
        .store()
        .voting_figures_at(&meeting, late.arrived_at.unwrap())
        .unwrap();
    let v = figures.eligible_present;
    h.keys("<tab>v");
    assert!(h.screen().contains("Lúc 14:30"), "{}", h.screen());
    assert!(h.screen().contains(&format!("V = {v} ")), "{}", h.screen());
    h.keys(&format!("Thông qua dự thảo<tab><tab>{v}<c-s>"));
    // a vote typed at 14:10: the figures follow the time as it is typed
    h.keys("vBiểu quyết lần hai<tab><tab>1<tab><tab><tab><c-u>14:10");
    assert!(
        h.screen().contains(&format!(
            "Lúc 14:10: D = {} · V = {} ",
            figures.denominator,
            v - 1
        )),
        "{}",
        h.screen()
    );
    h.keys("<c-s>");
    let votes = h.store().votes(meeting.id).unwrap();
    assert_eq!(votes.len(), 2, "{}", h.screen());
    assert_eq!(chibo::vi::date_time(votes[0].taken_at), "07/12/2026 14:10");
    assert_eq!(chibo::vi::date_time(votes[1].taken_at), "07/12/2026 14:30");
    assert_eq!(votes[1].eligible_present, votes[0].eligible_present + 1);
    assert_eq!(votes[1].votes_for, v);
    // typed up, Enter offers each item's times from the end of the one
    // before (the opening for the first): Enter, Enter… types the agenda
    h.keys("<home><enter>");
    let screen = h.screen();
    assert!(screen.contains("Bắt đầu (hh:mm)   14:00"), "{screen}");
    assert!(screen.contains("Kết thúc (hh:mm)  14:03"), "{screen}");
    h.keys("<enter><enter><enter>");
    let items = h.store().agenda(meeting.id).unwrap();
    let times = |i: usize| {
        (
            items[i].started_at.map(|t| chibo::vi::clock(t.time())),
            items[i].ended_at.map(|t| chibo::vi::clock(t.time())),
        )
    };
    assert_eq!(times(0), (Some("14:00".into()), Some("14:03".into())));
    assert_eq!(times(1), (Some("14:03".into()), Some("14:05".into())));
}

#[test]
fn keys_are_ignored_while_the_window_is_too_small() {
    let (store, meeting, ids) = cell_of(5);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    h.resize(40, 10);
    h.keys("11");
    assert_eq!(mark_of(&h, meeting, ids[0]), None, "a key acted unseen");
    h.resize(20, 5);
    let screen = h.screen();
    let words: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Cửa sổ quá nhỏ: cần ít nhất 60×16 (hiện 20×5)"),
        "{screen}"
    );
    h.resize(80, 24);
    h.keys("1");
    assert_eq!(mark_of(&h, meeting, ids[0]), Some(MarkKind::Present));
}

#[test]
fn esc_twice_throws_the_typing_away_and_n_keeps_it() {
    let (store, meeting, _) = cell_of(3);
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    open_live(&mut h);
    h.keys("<space><tab>r<tab>Ý kiến bỏ dở<esc>");
    assert!(
        h.screen().contains("Bỏ những gì vừa nhập?"),
        "{}",
        h.screen()
    );
    h.keys("n");
    assert!(h.screen().contains("Ý kiến bỏ dở"), "{}", h.screen());
    h.keys("<esc><esc>");
    let screen = h.screen();
    assert!(!screen.contains("Ý kiến bỏ dở"), "{screen}");
    assert!(!screen.contains("Bỏ những gì vừa nhập?"), "{screen}");
    assert_eq!(h.store().draft(&format!("remark:{meeting}")).unwrap(), None);
    assert!(h.store().remarks(meeting).unwrap().is_empty());
}

#[test]
fn the_english_ui_writes_decimal_points() {
    let (store, meeting, _) = cell_of(10);
    let mut h = Harness::new(store, Lang::En, 120, 40);
    h.keys("<enter><tab><f6>");
    assert!(h.screen().contains("Roll call"), "{}", h.screen());
    // 6 present, 4 unexcused: 60 %, D = 10, V = 6
    h.keys("<space><space><space><space><space><space>4444");
    let screen = h.screen();
    assert!(screen.contains("60.0%"), "{screen}");
    assert!(!screen.contains("60,0%"), "{screen}");
    h.keys("<tab>vAdopt the plan<tab><tab>6<tab>0<tab>0<c-s>");
    assert_eq!(h.store().votes(meeting).unwrap().len(), 1);
    let screen = h.screen();
    assert!(screen.contains("for 6/10 (60.0%) — PASSED"), "{screen}");
    assert!(!screen.contains(",0%"), "{screen}");
}
