//! Speed of cell bundles on a committee's file (`chibo demo --scale
//! committee`: 200 cells, about 6,000 members, ten years of meetings): the
//! bundle of its largest cell (ten years), then the merge of that bundle
//! into a 200-cell file — verified, previewed and applied, as `chibo merge`
//! does — where the cell was merged before (its rows replaced by UUID),
//! and into a file without it.
//!
//!     CHIBO_COMMITTEE_DB=/path/to/committee.db cargo bench --bench bundle
//!
//! Without the variable the file is generated (about a minute). Nothing
//! here asserts a time: the figures go to BENCHMARKS.md.

use std::time::Instant;

use chibo::store::Store;
use chibo::store::bundle::{Bundle, BundleKind};
use chibo::store::merge::MergeOptions;

mod common;
use common::{clock, committee_file, report};

fn main() {
    let dir = match std::env::var_os("CHIBO_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let source = committee_file(dir.path());
    println!(
        "file: {:.1} MB",
        std::fs::metadata(&source).unwrap().len() as f64 / 1e6
    );
    // The cell with the most meetings.
    let (cell, uuid, meetings): (i64, String, i64) = rusqlite::Connection::open(&source)
        .unwrap()
        .query_row(
            "SELECT c.id, c.uuid, count(*) FROM meetings m JOIN cells c ON c.id = m.cell_id
             GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // The committee's copy, the cell in it marked as merged from an older
    // bundle (the demo's cells are the file's own).
    let target = dir.path().join("target.db");
    std::fs::copy(&source, &target).unwrap();
    let mark_older = || {
        rusqlite::Connection::open(&target)
            .unwrap()
            .execute(
                "UPDATE cells SET origin = 'merged', bundle_revision = 0 WHERE uuid = ?1",
                [&uuid],
            )
            .unwrap();
    };
    mark_older();

    let store = Store::open(&source, clock()).unwrap();
    let members = store.members(cell).unwrap().len();
    println!("cell: {meetings} meetings, {members} members on the roll");
    let mut bytes = Vec::new();
    let mut samples = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        bytes = store.write_bundle(cell, true, &mut |_, _| {}).unwrap();
        samples.push(started.elapsed());
    }
    report("bundle of the cell (--with-private)", samples);
    println!("bundle: {:.2} MB", bytes.len() as f64 / 1e6);
    drop(store);
    let file = dir.path().join("cell.bundle");
    std::fs::write(&file, &bytes).unwrap();

    let (mut verify, mut preview, mut apply, mut whole) = (vec![], vec![], vec![], vec![]);
    for _ in 0..5 {
        mark_older();
        let mut store = Store::open(&target, clock()).unwrap();
        let started = Instant::now();
        let bundle = Bundle::open(&file, BundleKind::Cell).unwrap();
        let verified = started.elapsed();
        let p = store.preview_merge(&bundle).unwrap();
        let previewed = started.elapsed();
        store
            .merge(&bundle, MergeOptions::default(), &mut |_, _| {})
            .unwrap();
        let done = started.elapsed();
        verify.push(verified);
        preview.push(previewed - verified);
        apply.push(done - previewed);
        whole.push(done);
        assert!(p.meetings_added.is_empty());
    }
    report(
        "merge into the 200-cell file: verify (checksum, copy)",
        verify,
    );
    report("  preview", preview);
    report("  apply (one transaction, rows replaced by UUID)", apply);
    report("  whole merge", whole);

    let mut first = Vec::new();
    for i in 0..3 {
        let empty = dir.path().join(format!("empty-{i}.db"));
        let mut store = Store::open(&empty, clock()).unwrap();
        let started = Instant::now();
        let bundle = Bundle::open(&file, BundleKind::Cell).unwrap();
        store.preview_merge(&bundle).unwrap();
        store
            .merge(&bundle, MergeOptions::default(), &mut |_, _| {})
            .unwrap();
        first.push(started.elapsed());
    }
    report("whole merge into a file without the cell", first);
}
