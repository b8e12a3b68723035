//! Snapshots of every screen at 80×24 and 120×40, on the demo data with a
//! fixed clock, in Vietnamese, and a set in English.

mod common;

use chibo::i18n::Lang;
use chibo::store::{CellInput, MemberInput, Store};
use chrono::NaiveDate;
use common::tui::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The smallest size chibo draws in.
const MINIMUM: (u16, u16) = (60, 16);

/// A store with one cell of `n` official members, all named differently
/// up to 210.
fn cell_of(n: usize) -> Store {
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"];
    let middle = ["Văn", "Thị", "Hữu", "Minh", "Ngọc"];
    let given = ["An", "Bình", "Cường", "Dung", "Đạt", "Giang", "Hà"];
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let mut store = Store::open_in_memory(common::clock()).unwrap();
    store
        .write(|tx| {
            let cell = tx.create_cell(&CellInput {
                name: format!("Chi bộ {n} đảng viên"),
                ..Default::default()
            })?;
            for i in 0..n {
                let name = format!(
                    "{} {} {}",
                    family[i % family.len()],
                    middle[(i / family.len()) % middle.len()],
                    given[(i / (family.len() * middle.len())) % given.len()],
                );
                tx.add_member(
                    cell.id,
                    &MemberInput {
                        full_name: name,
                        birth_date: day(1950 + (i % 20) as i32, 1 + (i % 12) as u32, 1),
                        admitted_on: day(1990 + (i % 30) as i32, 5, 19),
                        official_on: day(1991 + (i % 30) as i32, 5, 19),
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn snap(name: &str, harness: &Harness) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", harness.width, harness.height),
        harness.screen()
    );
}

#[test]
fn welcome() {
    for (w, h) in SIZES {
        let harness = Harness::empty(Lang::Vi, w, h);
        snap("welcome", &harness);
    }
}

#[test]
fn cells() {
    for (w, h) in SIZES {
        let harness = Harness::demo(Lang::Vi, w, h);
        snap("cells", &harness);
    }
}

/// Each cell's warnings beside its name: the demo cell's (its drifting
/// member, its overdue probation …), a new cell of two official members
/// (too few: one warning), and a cell of three with nothing to find.
fn cells_with_warnings_store() -> Store {
    let mut store = common::demo_memory();
    store
        .write(|tx| {
            for (name, n) in [("Chi bộ Ấp Mới", 2), ("Chi bộ Ấp Đủ", 3)] {
                let cell = tx.create_cell(&CellInput {
                    name: name.into(),
                    upper_unit: "Đảng ủy xã Tân Phú".into(),
                    ..Default::default()
                })?;
                for i in 0..n {
                    tx.add_member(
                        cell.id,
                        &MemberInput {
                            full_name: format!("Lê Văn Số {}", i + 1),
                            admitted_on: NaiveDate::from_ymd_opt(2000, 1, 1),
                            official_on: NaiveDate::from_ymd_opt(2001, 1, 1),
                            ..Default::default()
                        },
                    )?;
                }
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn cells_with_warnings() {
    let store = cells_with_warnings_store();
    let today = common::today();
    let counts: Vec<(String, usize)> = store
        .all_warnings(today)
        .unwrap()
        .into_iter()
        .map(|(c, f)| (c.name, f.len()))
        .collect();
    assert_eq!(counts[0], ("Chi bộ Ấp Đủ".to_string(), 0));
    assert_eq!(counts[1], ("Chi bộ Ấp Mới".to_string(), 1));
    let demo = counts[2].1;
    assert!(demo > 0);
    for (w, h) in SIZES {
        let harness = Harness::new(cells_with_warnings_store(), Lang::Vi, w, h);
        let screen = harness.screen();
        assert!(screen.contains(&format!("⚠ {demo}")), "{screen}");
        assert!(screen.contains("⚠ 1"), "{screen}");
        snap("cells_with_warnings", &harness);
    }
}

#[test]
fn members() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>");
        snap("members", &harness);
    }
}

#[test]
fn a_long_roster_shows_where_it_is() {
    for (w, h) in SIZES {
        let mut harness = Harness::new(cell_of(150), Lang::Vi, w, h);
        harness.keys("<enter>");
        let screen = harness.screen();
        // header, tabs, title, table header, status and footer take 6 lines
        let rows = usize::from(h) - 6;
        assert!(screen.contains("1/150 ▼"), "{screen}");
        assert!(!screen.contains("▲"), "{screen}");
        snap("members_150", &harness);
        // a page down: the selection a screenful lower, rows hidden above
        harness.keys("<c-d>");
        let screen = harness.screen();
        assert!(
            screen.contains(&format!("▲ {}/150 ▼", rows + 1)),
            "{screen}"
        );
        harness.keys("<c-u>");
        assert!(harness.screen().contains("  1/150 ▼"));
        // G and End go to the last row, g and Home back to the first
        for (to_end, to_start) in [("G", "g"), ("<end>", "<home>")] {
            harness.keys(to_end);
            let screen = harness.screen();
            assert!(screen.contains("▲ 150/150"), "{screen}");
            assert!(!screen.contains("▼"), "{screen}");
            harness.keys(to_start);
            assert!(harness.screen().contains("  1/150 ▼"));
        }
        harness.keys("G");
        snap("members_150_end", &harness);
    }
}

#[test]
fn a_list_that_fits_shows_no_position() {
    let mut harness = Harness::new(cell_of(10), Lang::Vi, 80, 24);
    harness.keys("<enter>G");
    let screen = harness.screen();
    assert!(!screen.contains("/10"), "{screen}");
    assert!(!screen.contains("▲") && !screen.contains("▼"), "{screen}");
}

/// Three members, the first suspended and attached elsewhere: the longest
/// status the list shows.
fn suspended_and_away() -> (Store, String) {
    use chibo::domain::StatusEventKind;
    use chibo::store::StatusEventInput;
    let mut store = cell_of(3);
    let cell = store.cells().unwrap()[0].id;
    let member = store.members(cell).unwrap()[0].clone();
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    store
        .write(|tx| {
            for kind in [StatusEventKind::Suspended, StatusEventKind::AttachedOut] {
                tx.add_status_event(member.id, &StatusEventInput::on(kind, day))?;
            }
            Ok(())
        })
        .unwrap();
    (store, member.full_name)
}

#[test]
fn a_long_status_is_never_cut() {
    for (w, h) in [(80, 24), MINIMUM] {
        let (store, name) = suspended_and_away();
        let mut harness = Harness::new(store, Lang::En, w, h);
        harness.keys("<enter>");
        let screen = harness.screen();
        let row = screen.lines().find(|l| l.starts_with(&name)).unwrap();
        assert!(
            row.contains("Official · suspended · attached away"),
            "{screen}"
        );
        assert!(!row.contains('…'), "{screen}");
        snap("en_members_long_status", &harness);
    }
}

#[test]
fn empty_members_list() {
    for (w, h) in [(80, 24), MINIMUM] {
        let mut harness = Harness::new(cell_of(0), Lang::Vi, w, h);
        harness.keys("<enter>");
        // the whole sentence, over as many lines as it needs
        let screen = harness.screen();
        let words: Vec<&str> = screen.split_whitespace().collect();
        let said = words.join(" ");
        assert!(
            said.contains("Chi bộ chưa có đảng viên. Bấm a/Ins để thêm, i/F6 để nhập từ tệp CSV."),
            "{screen}"
        );
        snap("members_empty", &harness);
    }
}

#[test]
fn every_screen_at_the_minimum_size() {
    let (w, h) = MINIMUM;
    snap("welcome", &Harness::empty(Lang::Vi, w, h));
    let mut harness = Harness::demo(Lang::Vi, w, h);
    snap("cells", &harness);
    harness.keys("<enter>");
    snap("members", &harness);
    harness.keys("/ho van at<enter><enter>");
    let screen = harness.screen();
    // the detail is taller than the screen: it says so, and scrolls
    assert!(screen.contains("/43 ▼"), "{screen}");
    snap("member_detail", &harness);
    harness.keys(&"j".repeat(50));
    let screen = harness.screen();
    assert!(screen.contains("▲ 43/43"), "{screen}");
    snap("member_detail_end", &harness);
    harness.keys("k");
    assert!(
        harness.screen().contains("▲ 42/43 ▼"),
        "{}",
        harness.screen()
    );
    // the history wraps under its text, not under the date
    let wrapped = "              số 07-QĐ/ĐU · Tuổi cao, sức yếu";
    let mut seen = false;
    for _ in 0..43 {
        if harness.screen().contains(wrapped) {
            seen = true;
            break;
        }
        harness.keys("k");
    }
    assert!(seen, "{}", harness.screen());
}

#[test]
fn english_at_the_minimum_size() {
    let (w, h) = MINIMUM;
    let mut harness = Harness::demo(Lang::En, w, h);
    snap("en_cells", &harness);
    harness.keys("<enter>");
    snap("en_members", &harness);
    harness.keys("<tab>");
    let screen = harness.screen();
    assert!(
        screen.contains("Month: regular [x] · Quarter: thematic [ ]"),
        "{screen}"
    );
    snap("en_meetings", &harness);
    snap("en_welcome", &Harness::empty(Lang::En, w, h));
}

#[test]
fn members_filtered_and_revealed() {
    let mut harness = Harness::demo(Lang::Vi, 120, 40);
    harness.keys("<enter>/nguyen<enter>v");
    snap("members_filtered_revealed", &harness);
}

#[test]
fn member_detail() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        // Hồ Văn Ất: exempt, the third in roster order
        harness.keys("<enter>/ho van at<enter><enter>");
        snap("member_detail", &harness);
    }
}

#[test]
fn member_form() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>a");
        snap("member_form", &harness);
    }
}

#[test]
fn member_form_with_errors() {
    let mut harness = Harness::demo(Lang::Vi, 80, 24);
    harness.keys("<enter>a<tab>31/02/1990<tab><tab>01/01/2030<tab>01/01/2020<c-s>");
    snap("member_form_errors", &harness);
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>?");
        snap("help_members", &harness);
    }
}

#[test]
fn status_event_form() {
    let mut harness = Harness::demo(Lang::Vi, 80, 24);
    harness.keys("<enter>s");
    snap("status_event_form", &harness);
}

#[test]
fn english() {
    let mut harness = Harness::demo(Lang::En, 80, 24);
    snap("en_cells", &harness);
    harness.keys("<enter>");
    snap("en_members", &harness);
    harness.keys("a");
    snap("en_member_form", &harness);
    let harness = Harness::empty(Lang::En, 80, 24);
    snap("en_welcome", &harness);
}

#[test]
fn too_small_then_resized() {
    let mut harness = Harness::demo(Lang::Vi, 50, 12);
    let small = harness.screen();
    assert!(
        small.contains("Cửa sổ quá nhỏ: cần ít nhất 60×16 (hiện 50×12)"),
        "{small}"
    );
    assert_eq!(small.lines().filter(|l| !l.trim().is_empty()).count(), 1);
    harness.resize(80, 24);
    let screen = harness.screen();
    assert!(screen.contains("Chi bộ Khoa Kinh tế"), "{screen}");
    assert!(!screen.contains("quá nhỏ"));
}

/// Coming back to the cells screen counts the warnings again only when the
/// file changed since they were counted (on a committee's file a count is
/// a third of a second and tens of megabytes).
#[test]
fn the_cells_warnings_are_counted_again_only_after_a_change() {
    use chibo::tui::screens::cells::Cells;
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_file(dir.path());
    let mut store = Store::open(&path, common::clock()).unwrap();
    let ctx = common::tui::ctx(Lang::Vi, common::clock());
    let counted = |cells: &mut Cells, store: &Store| {
        cells.start_warnings(store).unwrap();
        let started = cells.warnings_pending();
        while cells.warnings_pending() {
            cells.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        started
    };
    let mut cells = Cells::load(&store, &ctx).unwrap();
    assert!(counted(&mut cells, &store), "the first count");
    cells.reload(&store, &ctx).unwrap();
    assert!(!counted(&mut cells, &store), "nothing changed");
    let cell = store.cells().unwrap()[0].id;
    store
        .write(|tx| {
            tx.add_member(
                cell,
                &MemberInput {
                    full_name: "Lê Thị Mới".into(),
                    admitted_on: NaiveDate::from_ymd_opt(2026, 11, 1),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    cells.reload(&store, &ctx).unwrap();
    assert!(counted(&mut cells, &store), "a member was added");
}
