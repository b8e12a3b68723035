//! What the document tests share: the golden files, the parts of a Word
//! file, and the demo meetings the documents are printed from.

use std::io::Read;
use std::path::Path;

use chibo::domain::{MeetingStatus, VoteKind};
use chibo::store::Store;

/// Compares `actual` with `tests/golden/NAME`; `UPDATE_GOLDEN=1` writes it
/// first.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {name}; run with UPDATE_GOLDEN=1"));
    assert!(expected == actual, "{name} differs:\n{actual}");
}

/// One part of a Word file (a zip), as text: "word/document.xml".
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The same, of a Word file on disk.
pub fn zip_part_of(path: &Path, name: &str) -> String {
    zip_part(&std::fs::read(path).unwrap(), name)
}

/// The latest locked demo meeting that voted on its resolution.
pub fn resolved(store: &Store) -> i64 {
    let cell = store.cells().unwrap().remove(0);
    store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Locked)
        .find(|m| {
            store
                .record(m.id)
                .unwrap()
                .votes
                .iter()
                .any(|v| v.kind == VoteKind::Resolution)
        })
        .expect("a demo meeting votes on its resolution")
        .id
}
