//! Cell bundles merged into a committee's file: real SQLite files, compared
//! row by row through their UUIDs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chibo::domain::{MemberInput, StatusEventKind};
use chibo::store::bundle::{Bundle, BundleKind, Refusal};
use chibo::store::merge::MergeOptions;
use chibo::store::{CellInput, Error, Store};
use common::{bytes, clock, today};

/// A laptop's file holding the demo cell (every demo cell has the same
/// name; each has its own UUIDs).
fn laptop(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::open(&path, clock()).unwrap();
    chibo::demo::load(&mut store, today()).unwrap();
    path
}

/// The committee's file, with a cell of its own.
fn committee(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::open(&path, clock()).unwrap();
    store
        .write(|tx| {
            tx.create_cell(&CellInput {
                name: "Chi bộ Văn phòng Đảng ủy".into(),
                ..CellInput::default()
            })
        })
        .unwrap();
    path
}

fn only_cell(store: &Store) -> i64 {
    let cells = store.cells().unwrap();
    assert_eq!(cells.len(), 1);
    cells[0].id
}

/// Writes the bundle of the laptop's only cell beside it.
fn bundle(db: &Path, out: &str, private: bool) -> PathBuf {
    let store = Store::open(db, clock()).unwrap();
    let cell = only_cell(&store);
    let bytes = store.write_bundle(cell, private, &mut |_, _| {}).unwrap();
    let path = db.with_file_name(out);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn merge(db: &Path, file: &Path) -> Result<chibo::store::merge::Merged, Error> {
    merge_with(db, file, MergeOptions::default())
}

fn merge_with(
    db: &Path,
    file: &Path,
    options: MergeOptions,
) -> Result<chibo::store::merge::Merged, Error> {
    let mut store = Store::open(db, clock()).unwrap();
    let bundle = Bundle::open(file, BundleKind::Cell)?;
    store.merge(&bundle, options, &mut |_, _| {})
}

/// Every table a bundle carries: the file's (`store::TABLES`) but the
/// form drafts, which stay on their laptop.
fn tables() -> impl Iterator<Item = &'static str> {
    chibo::store::TABLES
        .iter()
        .copied()
        .filter(|t| *t != "drafts")
}

/// Every row of a file, its ids replaced by the UUIDs they name, as text;
/// the merge's own audit rows without their (random) UUID.
fn rows_by_uuid(db: &Path) -> BTreeMap<&'static str, BTreeSet<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = BTreeMap::new();
    for table in tables() {
        let cols: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let refs: BTreeMap<String, String> = conn
            .prepare(&format!(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let exprs: Vec<String> = cols
            .iter()
            .filter(|c| *c != "id")
            .map(|c| match refs.get(c) {
                Some(parent) => {
                    format!("quote((SELECT p.uuid FROM {parent} p WHERE p.id = s.{c}))")
                }
                None if table == "audit_log" && c == "uuid" => {
                    "CASE WHEN s.entity = 'bundle_merge' THEN '' ELSE s.uuid END".into()
                }
                None => format!("quote(s.{c})"),
            })
            .collect();
        let rows: BTreeSet<String> = conn
            .prepare(&format!(
                "SELECT {} FROM {table} s",
                exprs.join(" || '|' || ")
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        out.insert(table, rows);
    }
    out
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn two_cells_merged_in_either_order_give_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let b = laptop(dir.path(), "b.db");
    let bundle_a = bundle(&a, "a.bundle", false);
    let bundle_b = bundle(&b, "b.bundle", false);
    let first = committee(dir.path(), "c1.db");
    let second = dir.path().join("c2.db");
    std::fs::copy(&first, &second).unwrap();

    merge(&first, &bundle_a).unwrap();
    merge(&first, &bundle_b).unwrap();
    merge(&second, &bundle_b).unwrap();
    merge(&second, &bundle_a).unwrap();
    let one = rows_by_uuid(&first);
    assert_eq!(one, rows_by_uuid(&second));

    // Two cells of the same name from two laptops stay two cells.
    let store = Store::open(&first, clock()).unwrap();
    let cells = store.cells().unwrap();
    assert_eq!(cells.len(), 3);
    let same: Vec<_> = cells
        .iter()
        .filter(|c| c.name == "Chi bộ Khoa Kinh tế")
        .collect();
    assert_eq!(same.len(), 2);
    assert_ne!(same[0].uuid, same[1].uuid);
    // Each laptop's rows, all of them, under their UUIDs.
    for laptop in [&a, &b] {
        let theirs = rows_by_uuid(laptop);
        for table in [
            "meetings",
            "attendance",
            "remarks",
            "votes",
            "tasks",
            "status_events",
        ] {
            assert_eq!(
                theirs[table].len(),
                theirs[table].intersection(&one[table]).count(),
                "{table}: every row of the laptop is in the committee's file"
            );
        }
    }
    let members = store.members(same[0].id).unwrap();
    assert_eq!(members.len(), 26);
    // Without --with-private no card number, phone or ID number travels.
    assert_eq!(count(&first, "SELECT count(*) FROM party_cards"), 0);
    assert_eq!(
        count(
            &first,
            "SELECT count(*) FROM members WHERE phone <> '' OR national_id <> ''"
        ),
        0
    );
    assert!(count(&a, "SELECT count(*) FROM party_cards") > 0);
}

#[test]
fn the_revision_rises_with_every_change_and_an_older_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let c = committee(dir.path(), "c.db");
    let first = bundle(&a, "a1.bundle", false);
    merge(&c, &first).unwrap();

    // The same bundle again: refused, the file byte for byte as it was.
    let before = bytes(&c);
    match merge(&c, &first) {
        Err(Error::Bundle(Refusal::NotNewer {
            bundle_revision,
            merged_revision,
            ..
        })) => assert_eq!(bundle_revision, merged_revision),
        other => panic!("{other:?}"),
    }
    assert_eq!(bytes(&c), before);

    // A change on the laptop: a higher revision, a bundle that goes in.
    let (revision_before, revision_after) = {
        let mut store = Store::open(&a, clock()).unwrap();
        let cell = only_cell(&store);
        let r0 = store.cell_sync(cell).unwrap().revision;
        store
            .write(|tx| {
                tx.add_member(
                    cell,
                    &MemberInput {
                        full_name: "Võ Thị Mới".into(),
                        admitted_on: Some(today()),
                        ..MemberInput::default()
                    },
                )
            })
            .unwrap();
        (r0, store.cell_sync(cell).unwrap().revision)
    };
    assert!(revision_after > revision_before);
    let second = bundle(&a, "a2.bundle", false);
    let merged = merge(&c, &second).unwrap();
    assert_eq!(merged.preview.members_added, vec!["Võ Thị Mới".to_string()]);
    assert!(merged.preview.meetings_added.is_empty());
    let store = Store::open(&c, clock()).unwrap();
    let sync = store.cell_sync(merged.cell_id).unwrap();
    assert!(sync.merged);
    assert_eq!(sync.bundle_revision, Some(revision_after));
    assert_eq!(sync.revision, revision_after);
    drop(store);

    // The older bundle now: refused, saying which is newer.
    let before = bytes(&c);
    let refusal = merge(&c, &first).unwrap_err();
    let text = chibo::i18n::Strings::load(chibo::i18n::Lang::Vi).error(&refusal);
    assert!(
        text.contains(&format!("lần sửa {revision_before}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("lần sửa {revision_after}")),
        "{text}"
    );
    assert!(text.contains("không mới hơn"), "{text}");
    assert_eq!(bytes(&c), before);
    // The merge is in the audit log.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM audit_log WHERE entity = 'bundle_merge'"
        ),
        2
    );
}

#[test]
fn a_bundle_with_one_changed_byte_is_refused_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let c = committee(dir.path(), "c.db");
    let good = bundle(&a, "a.bundle", false);
    let before = bytes(&c);
    let mut changed = bytes(&good);
    for at in [100, changed.len() / 2, changed.len() - 10] {
        let mut one = changed.clone();
        one[at] ^= 0x01;
        let path = dir.path().join(format!("changed-{at}.bundle"));
        std::fs::write(&path, &one).unwrap();
        assert!(
            matches!(
                Bundle::open(&path, BundleKind::Cell),
                Err(Error::Bundle(Refusal::Checksum))
            ),
            "byte {at}"
        );
    }
    // Through the command, in Vietnamese, nothing written.
    let at = changed.len() / 3;
    changed[at] = changed[at].wrapping_add(1);
    let path = dir.path().join("changed.bundle");
    std::fs::write(&path, &changed).unwrap();
    let out = common::chibo(&["merge", path.to_str().unwrap()], &c);
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("mã kiểm tra không khớp"),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(bytes(&c), before);
    // The good one goes in.
    let out = common::chibo(&["merge", good.to_str().unwrap()], &c);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stdout(&out).contains("Đã hợp nhất"));
}

#[test]
fn a_bundle_of_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let path = bundle(&a, "a.bundle", false);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(
            None,
            "user_version",
            chibo::store::schema::LATEST_VERSION + 1,
        )
        .unwrap();
    }
    let mut data = bytes(&path);
    chibo::store::bundle::seal(&mut data).unwrap();
    std::fs::write(&path, &data).unwrap();
    match Bundle::open(&path, BundleKind::Cell) {
        Err(Error::Bundle(Refusal::SchemaTooNew { found, supported })) => {
            assert_eq!(found, supported + 1)
        }
        other => panic!("{:?}", other.map(|b| b.manifest)),
    }
    // And a transfer file is not a bundle.
    assert!(matches!(
        Bundle::open(&path, BundleKind::Transfer),
        Err(Error::Bundle(_))
    ));
}

#[test]
fn merged_cells_are_read_only_and_the_committees_own_cells_stay_editable() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let c = committee(dir.path(), "c.db");
    let merged = merge(&c, &bundle(&a, "a.bundle", false)).unwrap();
    let mut store = Store::open(&c, clock()).unwrap();
    let own = store
        .cells()
        .unwrap()
        .into_iter()
        .find(|x| x.id != merged.cell_id)
        .unwrap();
    let input = MemberInput {
        full_name: "Lê Văn Thêm".into(),
        ..MemberInput::default()
    };
    let refused = store
        .write(|tx| tx.add_member(merged.cell_id, &input))
        .unwrap_err();
    assert!(matches!(refused, Error::MergedCell), "{refused:?}");
    let text = chibo::i18n::Strings::load(chibo::i18n::Lang::Vi).error(&refused);
    assert!(text.contains("chỉ được xem"), "{text}");
    let member = store.members(merged.cell_id).unwrap()[0].clone();
    let event = chibo::store::StatusEventInput::on(StatusEventKind::Exempt, today());
    assert!(matches!(
        store.write(|tx| tx.add_status_event(member.id, &event)),
        Err(Error::MergedCell)
    ));
    assert!(matches!(
        store.write(|tx| tx.update_cell(
            merged.cell_id,
            &CellInput {
                name: "Đổi tên".into(),
                ..CellInput::default()
            }
        )),
        Err(Error::MergedCell)
    ));
    let meeting = store.meetings(merged.cell_id).unwrap()[0].clone();
    assert!(matches!(
        store.write(|tx| tx.delete_meeting(meeting.id)),
        Err(Error::MergedCell)
    ));
    assert_eq!(store.members(merged.cell_id).unwrap().len(), 26);
    // The committee's own cell.
    store.write(|tx| tx.add_member(own.id, &input)).unwrap();
    assert_eq!(store.members(own.id).unwrap().len(), 1);
}

#[test]
fn a_new_secretary_takes_a_merged_cell_over_and_its_revision_continues() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let c = committee(dir.path(), "c.db");
    let merged = merge(&c, &bundle(&a, "a.bundle", true)).unwrap();
    // The committee bundles the merged cell for the new secretary.
    let handed = dir.path().join("handed.bundle");
    let revision = {
        let store = Store::open(&c, clock()).unwrap();
        let bytes = store
            .write_bundle(merged.cell_id, true, &mut |_, _| {})
            .unwrap();
        std::fs::write(&handed, bytes).unwrap();
        store.cell_sync(merged.cell_id).unwrap().revision
    };
    // Without --take-over, a new laptop gets a read-only cell.
    let new = dir.path().join("new.db");
    let taken = merge_with(
        &new,
        &handed,
        MergeOptions {
            take_over: true,
            ..MergeOptions::default()
        },
    )
    .unwrap();
    let mut store = Store::open(&new, clock()).unwrap();
    let sync = store.cell_sync(taken.cell_id).unwrap();
    assert!(!sync.merged);
    assert_eq!(sync.revision, revision);
    assert_eq!(store.members(taken.cell_id).unwrap().len(), 26);
    store
        .write(|tx| {
            tx.add_member(
                taken.cell_id,
                &MemberInput {
                    full_name: "Trần Văn Kế".into(),
                    ..MemberInput::default()
                },
            )
        })
        .unwrap();
    assert!(store.cell_sync(taken.cell_id).unwrap().revision > revision);
    drop(store);
    // Its next bundle is newer than what the committee has.
    let next = bundle(&new, "next.bundle", true);
    let again = merge(&c, &next).unwrap();
    assert_eq!(again.preview.members_added, vec!["Trần Văn Kế".to_string()]);
    // The committee's file is not the new laptop: its copy stays read-only.
    let store = Store::open(&c, clock()).unwrap();
    assert!(store.cell_sync(again.cell_id).unwrap().merged);
}

#[test]
fn a_transferred_member_is_one_person_in_the_committees_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let b = laptop(dir.path(), "b.db");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    // Cell A: the transfer out, and the transfer letter.
    let (uuid, attended) = {
        let mut store = Store::open(&a, clock()).unwrap();
        let cell = only_cell(&store);
        let member = store.members(cell).unwrap()[3].clone();
        let letter = store.transfer_out(member.id, day, "Chi bộ B").unwrap();
        std::fs::write(dir.path().join("letter"), letter).unwrap();
        let attended = count(
            &a,
            &format!(
                "SELECT count(*) FROM attendance WHERE member_id = {}",
                member.id
            ),
        );
        assert!(attended > 0);
        (member.uuid, attended)
    };
    // Cell B reads it: same UUID.
    let b_cell = {
        let mut store = Store::open(&b, clock()).unwrap();
        let cell = only_cell(&store);
        let letter = Bundle::open(&dir.path().join("letter"), BundleKind::Transfer).unwrap();
        let id = store.transfer_in(&letter, cell, day).unwrap();
        let member = store.member(id).unwrap();
        assert_eq!(member.uuid, uuid);
        assert_eq!(
            member.events.last().map(|e| e.kind),
            Some(StatusEventKind::TransferredIn)
        );
        // Read twice: refused.
        assert!(matches!(
            store.transfer_in(&letter, cell, day),
            Err(Error::Bundle(Refusal::MemberExists { .. }))
        ));
        store.cell(cell).unwrap().uuid
    };
    let bundle_a = bundle(&a, "a.bundle", false);
    let bundle_b = bundle(&b, "b.bundle", false);
    let first = committee(dir.path(), "c1.db");
    let second = dir.path().join("c2.db");
    std::fs::copy(&first, &second).unwrap();
    merge(&first, &bundle_a).unwrap();
    merge(&first, &bundle_b).unwrap();
    merge(&second, &bundle_b).unwrap();
    merge(&second, &bundle_a).unwrap();
    assert_eq!(rows_by_uuid(&first), rows_by_uuid(&second));
    for c in [&first, &second] {
        assert_eq!(
            count(
                c,
                &format!("SELECT count(*) FROM members WHERE uuid = '{uuid}'")
            ),
            1
        );
        // On the roll of the cell of the latest event: B.
        let cell: String = rusqlite::Connection::open(c)
            .unwrap()
            .query_row(
                "SELECT c.uuid FROM members m JOIN cells c ON c.id = m.cell_id WHERE m.uuid = ?1",
                [uuid.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(cell, b_cell.to_string());
        // The union of the dated events: out (from A) and in (from B).
        let kinds = count(
            c,
            &format!(
                "SELECT count(*) FROM status_events e JOIN members m ON m.id = e.member_id
                 WHERE m.uuid = '{uuid}' AND e.date = '2026-11-20'
                   AND e.kind IN ('transferred_out', 'transferred_in')"
            ),
        );
        assert_eq!(kinds, 2);
        // The attendance stays with A's meetings.
        assert_eq!(
            count(
                c,
                &format!(
                    "SELECT count(*) FROM attendance a JOIN members m ON m.id = a.member_id
                     WHERE m.uuid = '{uuid}'"
                )
            ),
            attended
        );
    }
    // A second round from A leaves the member where they are.
    {
        let mut store = Store::open(&a, clock()).unwrap();
        let cell = only_cell(&store);
        store
            .write(|tx| {
                tx.update_cell(
                    cell,
                    &CellInput {
                        name: "Chi bộ Khoa Kinh tế".into(),
                        upper_unit: "Đảng bộ Trường".into(),
                        ..CellInput::default()
                    },
                )
            })
            .unwrap();
    }
    let again = bundle(&a, "a2.bundle", false);
    merge(&first, &again).unwrap();
    assert_eq!(
        count(
            &first,
            &format!(
                "SELECT count(*) FROM members m JOIN cells c ON c.id = m.cell_id
                 WHERE m.uuid = '{uuid}' AND c.uuid = '{b_cell}'"
            )
        ),
        1
    );
}

#[test]
fn a_member_typed_in_again_is_matched_on_the_card_number_only_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    // Cell B's laptop: the member typed in by hand (the demo's card
    // numbers are the same in every demo file, so B is a cell of its own).
    let b = dir.path().join("b.db");
    {
        let mut store = Store::open(&b, clock()).unwrap();
        store
            .write(|tx| {
                tx.create_cell(&CellInput {
                    name: "Chi bộ Khu phố 2".into(),
                    ..CellInput::default()
                })
            })
            .unwrap();
    }
    let (name, number, uuid) = {
        let store = Store::open(&a, clock()).unwrap();
        let cell = only_cell(&store);
        let member = store
            .members(cell)
            .unwrap()
            .into_iter()
            .find(|m| !m.cards.is_empty())
            .unwrap();
        let number = member.cards.last().unwrap().number.clone();
        (member.full_name, number, member.uuid)
    };
    {
        let mut store = Store::open(&b, clock()).unwrap();
        let cell = only_cell(&store);
        store
            .write(|tx| {
                tx.add_member(
                    cell,
                    &MemberInput {
                        full_name: name.clone(),
                        admitted_on: Some(today()),
                        card_number: number.clone(),
                        ..MemberInput::default()
                    },
                )
            })
            .unwrap();
    }
    let c = committee(dir.path(), "c.db");
    merge(&c, &bundle(&a, "a.bundle", true)).unwrap();
    let bundle_b = bundle(&b, "b.bundle", true);
    let before = bytes(&c);
    match merge(&c, &bundle_b) {
        Err(Error::Bundle(Refusal::Unconfirmed(matches))) => {
            assert_eq!(matches.len(), 1);
            assert_eq!(matches[0].number, number);
            assert_eq!(matches[0].known_uuid, uuid.to_string());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(bytes(&c), before, "never silently");
    // Through the command without a terminal: refused, the match listed.
    let out = common::chibo(&["merge", bundle_b.to_str().unwrap()], &c);
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains(&number),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(bytes(&c), before);
    // Confirmed (--yes): one person with both cells' events.
    let out = common::chibo(&["merge", bundle_b.to_str().unwrap(), "--yes"], &c);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(
        count(
            &c,
            &format!("SELECT count(*) FROM members WHERE full_name = '{name}'")
        ),
        1
    );
    // Admitted in A's history and again as typed in B: both dated events.
    assert!(
        count(
            &c,
            &format!(
                "SELECT count(*) FROM status_events e JOIN members m ON m.id = e.member_id
                 WHERE m.uuid = '{uuid}' AND e.kind = 'admitted'"
            )
        ) >= 2
    );
    assert_eq!(
        count(
            &c,
            &format!("SELECT count(*) FROM members WHERE uuid = '{uuid}'")
        ),
        1
    );
    assert_eq!(count(&c, "SELECT count(*) FROM member_aliases"), 1);
}

#[test]
fn three_laptops_side_by_side_and_a_second_round() {
    let dir = tempfile::tempdir().unwrap();
    let laptops: Vec<PathBuf> = ["l1.db", "l2.db", "l3.db"]
        .iter()
        .map(|n| laptop(dir.path(), n))
        .collect();
    let c = committee(dir.path(), "c.db");
    for (i, l) in laptops.iter().enumerate() {
        let path = dir.path().join(format!("r1-{i}.bundle"));
        let out = common::chibo(
            &[
                "bundle",
                "--cell",
                "Chi bộ Khoa Kinh tế",
                "-o",
                path.to_str().unwrap(),
            ],
            l,
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
        assert_eq!(chibo::store::fsmode::mode(&path).unwrap() & 0o777, 0o600);
        let out = common::chibo(&["merge", path.to_str().unwrap()], &c);
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    let store = Store::open(&c, clock()).unwrap();
    let overview = store.cells().unwrap();
    assert_eq!(overview.len(), 4);
    drop(store);
    let out = common::chibo(&["cells"], &c);
    assert_eq!(
        common::stdout(&out).matches("Chi bộ Khoa Kinh tế").count(),
        3,
        "{}",
        common::stdout(&out)
    );
    // Second round: laptop 2 records a member, every laptop bundles again.
    {
        let mut store = Store::open(&laptops[1], clock()).unwrap();
        let cell = only_cell(&store);
        store
            .write(|tx| {
                tx.add_member(
                    cell,
                    &MemberInput {
                        full_name: "Phạm Thị Hai".into(),
                        ..MemberInput::default()
                    },
                )
            })
            .unwrap();
    }
    let mut unchanged = 0;
    for (i, l) in laptops.iter().enumerate() {
        let before = bytes(l);
        let path = bundle(l, &format!("r2-{i}.bundle"), false);
        assert_eq!(bytes(l), before, "bundling changes nothing on the laptop");
        match merge(&c, &path) {
            Ok(m) => assert_eq!(m.preview.members_added, vec!["Phạm Thị Hai".to_string()]),
            Err(Error::Bundle(Refusal::NotNewer { .. })) => unchanged += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(unchanged, 2);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM members WHERE full_name = 'Phạm Thị Hai'"
        ),
        1
    );
}

/// SIGKILL at several moments of `chibo merge`: the committee's file is
/// exactly as before or exactly as after, never in between.
#[test]
fn a_merge_killed_at_any_moment_leaves_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let b = laptop(dir.path(), "b.db");
    let base = committee(dir.path(), "base.db");
    merge(&base, &bundle(&a, "a.bundle", false)).unwrap();
    let next = bundle(&b, "b.bundle", false);
    let before = rows_by_uuid(&base);
    let reference = dir.path().join("reference.db");
    std::fs::copy(&base, &reference).unwrap();
    merge(&reference, &next).unwrap();
    let after = rows_by_uuid(&reference);
    assert_ne!(before, after);
    let run = |db: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_chibo"))
            .args([
                "merge",
                next.to_str().unwrap(),
                "--db",
                db.to_str().unwrap(),
            ])
            .env("CHIBO_NOW", "25/11/2026 09:30")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole merge takes here; the kills fall across it.
    let timed = dir.path().join("timed.db");
    std::fs::copy(&base, &timed).unwrap();
    let started = std::time::Instant::now();
    assert!(run(&timed).wait().unwrap().success());
    let whole = started.elapsed().as_millis() as u64;
    assert_eq!(rows_by_uuid(&timed), after);
    let (mut saw_before, mut saw_after) = (0, 0);
    for (trial, percent) in [0u64, 10, 20, 35, 50, 60, 70, 80, 90, 95, 100, 150, 300]
        .iter()
        .enumerate()
    {
        let delay = whole * percent / 100;
        let db = dir.path().join(format!("trial-{trial}.db"));
        std::fs::copy(&base, &db).unwrap();
        let mut child = run(&db);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        // The file as the next start finds it (the WAL recovered).
        drop(Store::open(&db, clock()).unwrap());
        let found = rows_by_uuid(&db);
        if found == before {
            saw_before += 1;
        } else if found == after {
            saw_after += 1;
        } else {
            panic!("trial {trial} ({delay} ms): neither before nor after");
        }
    }
    println!("merge {whole} ms; killed before: {saw_before}, after: {saw_after}");
    assert!(saw_before > 0 && saw_after > 0, "{saw_before} {saw_after}");
}

/// The meeting of `db` with this UUID.
fn meeting_by_uuid(store: &Store, uuid: uuid::Uuid) -> chibo::domain::Meeting {
    store
        .cells()
        .unwrap()
        .iter()
        .flat_map(|c| store.meetings(c.id).unwrap())
        .find(|m| m.uuid == uuid)
        .unwrap()
}

#[test]
fn a_resolution_travels_in_the_bundle_and_is_read_only_once_merged() {
    use chibo::domain::MeetingStatus;
    use chibo::store::ResolutionSave;
    let dir = tempfile::tempdir().unwrap();
    let a = laptop(dir.path(), "a.db");
    let c = committee(dir.path(), "c.db");

    // On the laptop: a locked meeting's resolution, drafted and edited
    // (number and text), then the cell renamed: the header stays as issued.
    let (meeting_uuid, stored) = {
        let mut store = Store::open(&a, clock()).unwrap();
        let cell = only_cell(&store);
        let meeting = store.meeting(common::documents::resolved(&store)).unwrap();
        let drafted = chibo::paperwork::resolution(&mut store, meeting.id).unwrap();
        let mut text = drafted.text.clone();
        text.number = 41;
        text.results = "1. Hoàn thành thu đảng phí.\n2. Sửa chữa phòng họp.".into();
        store
            .write(|tx| tx.save_resolution(meeting.id, &text, ResolutionSave::Edited))
            .unwrap();
        let old = store.cell(cell).unwrap();
        store
            .write(|tx| {
                tx.update_cell(
                    cell,
                    &CellInput {
                        name: "Chi bộ Khoa Kinh tế – Tài chính".into(),
                        upper_unit: old.upper_unit.clone(),
                        place_name: old.place_name.clone(),
                        usual_venue: old.usual_venue.clone(),
                    },
                )
            })
            .unwrap();
        let stored = store.resolution(meeting.id).unwrap().unwrap();
        assert_eq!(stored.header.cell_name, old.name);
        (meeting.uuid, stored)
    };
    assert_eq!(stored.text.number, 41);
    assert!(stored.edited_at.is_some());

    merge(&c, &bundle(&a, "a1.bundle", false)).unwrap();
    let store = Store::open(&c, clock()).unwrap();
    let meeting = meeting_by_uuid(&store, meeting_uuid);
    let arrived = store.resolution(meeting.id).unwrap().unwrap();
    assert_eq!(arrived.uuid, stored.uuid);
    assert_eq!(arrived.year, stored.year);
    assert_eq!(arrived.text, stored.text);
    assert_eq!(arrived.header, stored.header);
    assert_eq!(arrived.drafted_at, stored.drafted_at);
    assert_eq!(arrived.edited_at, stored.edited_at);
    assert_eq!(arrived.cell_id, meeting.cell_id);
    assert_eq!(
        store.cell(meeting.cell_id).unwrap().name,
        "Chi bộ Khoa Kinh tế – Tài chính"
    );
    // The document printed from it in the committee's file is the laptop's.
    let printed = |db: &Path, id: i64| {
        let store = Store::open(db, clock()).unwrap();
        let page =
            chibo::paperwork::read_page(&store, chibo::paperwork::Paper::Resolution, id).unwrap();
        chibo::documents::render::text::render(&page, chibo::documents::render::text::WIDTH)
    };
    let laptop_meeting = meeting_by_uuid(&Store::open(&a, clock()).unwrap(), meeting_uuid);
    drop(store);
    assert_eq!(printed(&c, meeting.id), printed(&a, laptop_meeting.id));

    // Edited again on the laptop: the second bundle replaces it.
    let edited = {
        let mut store = Store::open(&a, clock()).unwrap();
        let mut text = stored.text.clone();
        text.number = 42;
        text.tasks = "Hoàn thành kế hoạch năm học.".into();
        store
            .write(|tx| tx.save_resolution(laptop_meeting.id, &text, ResolutionSave::Edited))
            .unwrap()
    };
    merge(&c, &bundle(&a, "a2.bundle", false)).unwrap();
    let mut store = Store::open(&c, clock()).unwrap();
    let arrived = store.resolution(meeting.id).unwrap().unwrap();
    assert_eq!(arrived.text, edited.text);
    assert_eq!(arrived.text.number, 42);
    assert_eq!(arrived.header, stored.header);
    assert_eq!(arrived.uuid, stored.uuid);
    assert_eq!(
        count(
            &c,
            &format!(
                "SELECT count(*) FROM resolutions WHERE meeting_id = {}",
                meeting.id
            )
        ),
        1
    );

    // In the committee's file it cannot be edited, nor a new one drafted
    // for another meeting of the cell: refused in Vietnamese, untouched.
    let before = bytes(&c);
    let mut text = arrived.text.clone();
    text.results = "Sửa ở đảng ủy".into();
    let refused = store
        .write(|tx| tx.save_resolution(meeting.id, &text, ResolutionSave::Edited))
        .unwrap_err();
    assert!(matches!(refused, Error::MergedCell), "{refused:?}");
    let words = chibo::i18n::Strings::load(chibo::i18n::Lang::Vi).error(&refused);
    assert!(words.contains("chỉ được xem"), "{words}");
    let other = store
        .meetings(meeting.cell_id)
        .unwrap()
        .into_iter()
        .find(|m| m.status == MeetingStatus::Locked && store.resolution(m.id).unwrap().is_none())
        .unwrap();
    assert!(matches!(
        chibo::paperwork::resolution(&mut store, other.id),
        Err(Error::MergedCell)
    ));
    // Its document is still printed, as a draft that is not stored.
    let page =
        chibo::paperwork::page(&mut store, chibo::paperwork::Paper::Resolution, other.id).unwrap();
    let text = chibo::documents::render::text::render(&page, chibo::documents::render::text::WIDTH);
    assert!(text.contains("NGHỊ QUYẾT"), "{text}");
    assert_eq!(store.resolution(meeting.id).unwrap().unwrap(), arrived);
    assert_eq!(store.resolution(other.id).unwrap(), None);
    drop(store);
    assert_eq!(bytes(&c), before);
}
