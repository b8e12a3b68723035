//! The resolution, the notice and the roll to sign from the real binary in
//! a real terminal: r edits and saves the resolution (audited), W writes it
//! as Word, t writes the notice and shows its short text, b writes the roll.

mod common;

use chibo::store::Store;
use common::documents::zip_part_of;
use common::pty::Term;

#[test]
fn the_resolution_is_edited_and_the_documents_written_from_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let mut t = Term::start(&db, &[]);
    t.wait_for("Các chi bộ");
    t.send("\r");
    t.wait_for("đảng viên (");
    t.send("\t");
    t.wait_for("Tháng này");
    // The planned meeting first: it has no resolution.
    t.send("r");
    t.wait_for("Chỉ buổi sinh hoạt đã kết thúc hoặc đã khóa mới có nghị quyết.");
    // The meeting of 05/11/2026, closed.
    t.send("j");
    t.send("r");
    t.wait_for("Nghị quyết (Số 1-NQ/CB)");
    t.wait_for("Lãnh đạo thực hiện nhiệm vụ tháng 11/2026");
    // Number, subject, opening, then I.: type at its end.
    t.send("\t\t\t");
    t.send("\u{1b}[F"); // End
    t.send(" Đã rà soát.");
    t.send("\x13"); // Ctrl-S
    t.wait_for("Đã lưu nghị quyết (Số 1-NQ/CB).");
    t.send("W");
    t.wait_for("nghi-quyet-2026-11-05-chi-bo-khoa-kinh-te.docx");
    // The agenda builder of the planned meeting: the notice and the roll.
    t.send("k");
    t.send("\r");
    t.wait_for("Chuẩn bị:");
    t.send("t");
    t.wait_for("Thông báo (chép gửi Zalo/SMS)");
    t.wait_for("[Chi bộ Khoa Kinh tế] Thông báo sinh hoạt chi bộ thường kỳ tháng 12/2026");
    t.wait_for("thong-bao-2026-12-07-chi-bo-khoa-kinh-te.docx");
    t.send("\r");
    t.send("b");
    t.wait_for("danh-sach-ky-2026-12-07-chi-bo-khoa-kinh-te.docx");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();

    let store = Store::open(&db, common::clock()).unwrap();
    let cell = store.cells().unwrap().remove(0);
    let meeting = store
        .meetings(cell.id)
        .unwrap()
        .into_iter()
        .find(|m| m.date() == chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap())
        .unwrap();
    let stored = store.resolution(meeting.id).unwrap().unwrap();
    assert!(
        stored.text.results.ends_with(" Đã rà soát."),
        "{:?}",
        stored.text.results
    );
    assert!(stored.edited_at.is_some());
    let audit = store.audit_of(stored.uuid).unwrap();
    assert_eq!(audit.len(), 1, "stored once, as edited");
    assert!(audit[0].after.as_ref().unwrap().contains("Đã rà soát."));

    let folder = dir.path().join("chibo-documents");
    let resolution = zip_part_of(
        &folder.join("nghi-quyet-2026-11-05-chi-bo-khoa-kinh-te.docx"),
        "word/document.xml",
    );
    assert!(
        resolution.contains("Đã rà soát."),
        "the stored text is what is written"
    );
    assert!(resolution.contains("Số 1-NQ/CB"));
    let notice = zip_part_of(
        &folder.join("thong-bao-2026-12-07-chi-bo-khoa-kinh-te.docx"),
        "word/document.xml",
    );
    assert!(notice.contains("THÔNG BÁO"));
    let roll = zip_part_of(
        &folder.join("danh-sach-ky-2026-12-07-chi-bo-khoa-kinh-te.docx"),
        "word/document.xml",
    );
    assert!(roll.contains("Ký tên") && roll.contains("Nguyễn Văn Đạt"));
}
