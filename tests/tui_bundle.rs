//! The committee overview merges a cell's bundle (the preview asked as a
//! question first) and writes a cell's bundle; merged cells are marked
//! read-only with the date of their bundle.

mod common;

use chibo::i18n::Lang;
use chibo::store::{CellInput, Store};
use common::tui::Harness;
use common::{clock, today};

/// A laptop's bundle of the demo cell, and the committee's file with a cell
/// of its own.
fn setup(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let laptop = dir.join("laptop.db");
    let mut store = Store::open(&laptop, clock()).unwrap();
    chibo::demo::load(&mut store, today()).unwrap();
    let cell = store.cells().unwrap()[0].id;
    let bytes = store.write_bundle(cell, false, &mut |_, _| {}).unwrap();
    let bundle = dir.join("cell.bundle");
    std::fs::write(&bundle, bytes).unwrap();
    let committee = dir.join("committee.db");
    let mut store = Store::open(&committee, clock()).unwrap();
    store
        .write(|tx| {
            tx.create_cell(&CellInput {
                name: "Chi bộ Văn phòng".into(),
                ..CellInput::default()
            })
        })
        .unwrap();
    (bundle, committee)
}

#[test]
fn the_overview_merges_a_bundle_after_showing_what_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, committee) = setup(dir.path());
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 80, 24);
    h.keys("c");
    let screen = h.screen();
    assert!(screen.contains("m Hợp nhất gói"), "{screen}");
    h.keys("m");
    h.keys(bundle.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("Buổi sinh hoạt thêm mới (32)"), "{screen}");
    assert!(screen.contains("Đảng viên thêm mới (26)"), "{screen}");
    assert!(screen.contains("Hợp nhất gói này"), "{screen}");
    assert_eq!(h.store().cells().unwrap().len(), 1, "nothing before yes");
    h.keys("y");
    let screen = h.screen();
    assert!(screen.contains("Đã hợp nhất"), "{screen}");
    assert!(
        screen.contains("[gói 25/11/2026] Chi bộ Khoa Kinh tế"),
        "{screen}"
    );
    assert_eq!(h.store().cells().unwrap().len(), 2);

    // The same bundle again: refused in the form, with the reason.
    h.keys("m");
    h.keys(bundle.to_str().unwrap());
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("không mới hơn"), "{screen}");
    h.keys("<esc><esc>");

    // A changed byte: refused.
    let mut data = std::fs::read(&bundle).unwrap();
    let at = data.len() / 2;
    data[at] ^= 0x20;
    let changed = dir.path().join("changed.bundle");
    std::fs::write(&changed, data).unwrap();
    h.keys("m");
    h.keys(changed.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("mã kiểm tra"), "{}", h.screen());
}

#[test]
fn the_overview_writes_the_bundle_of_the_selected_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, committee) = setup(dir.path());
    {
        let mut store = Store::open(&committee, clock()).unwrap();
        let b = chibo::store::bundle::Bundle::open(&bundle, chibo::store::bundle::BundleKind::Cell)
            .unwrap();
        store.merge(&b, Default::default(), &mut |_, _| {}).unwrap();
    }
    let store = Store::open(&committee, clock()).unwrap();
    let mut h = Harness::new(store, Lang::Vi, 120, 40);
    h.keys("c");
    assert!(h.screen().contains("[gói 25/11/2026]"), "{}", h.screen());
    let out = dir.path().join("again.bundle");
    h.keys("w");
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("Đã ghi gói dữ liệu"), "{}", h.screen());
    let written =
        chibo::store::bundle::Bundle::open(&out, chibo::store::bundle::BundleKind::Cell).unwrap();
    assert_eq!(written.manifest.members, 26);
    assert_eq!(written.manifest.meetings, 32);
    // Not over an existing file.
    h.keys("w");
    h.keys("<c-u>");
    h.keys(out.to_str().unwrap());
    h.keys("<enter>");
    assert!(h.screen().contains("đã có"), "{}", h.screen());
}
