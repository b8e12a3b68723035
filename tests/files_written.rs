//! Files chibo writes on request and files it only reads: an existing file
//! is replaced only with --force, the database and its side files never, a
//! read-only command never creates a database, and a terminal that cannot
//! draw is refused. The real binary, real files.

mod common;

use std::path::Path;
use std::process::Command;

use common::{bytes, chibo, demo_file, stderr};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_document_is_never_written_over_the_database_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let before = bytes(&db);
    for target in ["demo.db", "demo.db-wal", "demo.db-shm"] {
        let path = dir.path().join(target);
        let path = path.to_str().unwrap();
        for args in [
            vec!["minutes", "5", "-o", path],
            vec!["minutes", "5", "-o", path, "--force"],
            vec!["agenda", "32", "-o", path, "--force"],
            vec!["export", "json", "-o", path, "--force"],
            vec!["backup", path, "--force"],
        ] {
            let out = chibo(&args, &db);
            assert!(!out.status.success(), "{args:?}");
            assert!(
                stderr(&out).contains("là tệp cơ sở dữ liệu đang dùng"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
    assert_eq!(bytes(&db), before);
    let check = chibo(&["check"], &db);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let target = dir.path().join("bien-ban.txt");
    std::fs::write(&target, "bản cũ, viết tay").unwrap();
    let path = target.to_str().unwrap();
    for args in [
        vec!["minutes", "5", "-o", path],
        vec!["agenda", "32", "-o", path],
        vec!["export", "json", "-o", path],
        vec!["backup", path],
    ] {
        let out = chibo(&args, &db);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr(&out).contains("đã có; chibo không ghi đè. Thêm --force"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "bản cũ, viết tay"
        );
    }
    let out = chibo(&["minutes", "5", "-o", path, "--force"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("BIÊN BẢN"), "{text}");
    // no staging file is left beside it
    assert_eq!(
        names_in(dir.path())
            .into_iter()
            .filter(|n| n.contains("chibo-") && n.ends_with(".tmp"))
            .count(),
        0
    );
    #[cfg(unix)]
    assert_eq!(chibo::store::fsmode::mode(&target).unwrap(), 0o600);
    // a backup over an existing file, with --force, is a whole database
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, "not yet a database").unwrap();
    let out = chibo(&["backup", copy.to_str().unwrap(), "--force"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = chibo(&["check"], &copy);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn commands_that_only_read_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("mistyped.db");
    let out_file = dir.path().join("out.txt");
    let out = out_file.to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["backup", out],
        vec!["export", "json"],
        vec!["meetings", "--cell", "Chi bộ Khoa Kinh tế"],
        vec!["minutes", "1"],
        vec!["agenda", "1"],
        vec!["findings", "1"],
    ] {
        let result = chibo(&args, &missing);
        assert!(!result.status.success(), "{args:?}");
        assert!(
            stderr(&result).contains("Không có tệp cơ sở dữ liệu"),
            "{args:?}: {}",
            stderr(&result)
        );
    }
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_terminal_that_cannot_draw_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let mut t = common::pty::Term::start(&db, &[("TERM", "dumb")]);
    t.wait_for("TERM=dumb");
    let status = t.wait_exit();
    assert!(!status.success());
}

#[test]
fn a_second_window_on_the_same_file_is_refused_and_readers_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut first = common::pty::Term::start(&db, &[]);
    first.wait_for("Các chi bộ");
    // a second interactive chibo on the same file
    let mut second = common::pty::Term::start(&db, &[]);
    second.wait_for("đang được mở trong một cửa sổ chibo khác");
    assert!(!second.wait_exit().success());
    // commands that write are refused the same way
    let export = dir.path().join("all.json");
    let out = chibo(&["export", "json", "-o", export.to_str().unwrap()], &db);
    assert!(out.status.success(), "reading goes on: {}", stderr(&out));
    let other = chibo(&["import", "json", export.to_str().unwrap()], &db);
    assert!(!other.status.success());
    assert!(
        stderr(&other).contains("đang được mở trong một cửa sổ chibo khác"),
        "{}",
        stderr(&other)
    );
    for args in [vec!["minutes", "5"], vec!["check"], vec!["findings", "5"]] {
        let out = chibo(&args, &db);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    first.send("q");
    assert!(first.wait_exit().success());
    // once the first window is closed, a new one opens
    let mut third = common::pty::Term::start(&db, &[]);
    third.wait_for("Các chi bộ");
    third.send("q");
    assert!(third.wait_exit().success());
}

#[cfg(unix)]
#[test]
fn restore_through_a_symbolic_link_restores_the_file_it_points_to() {
    use chibo::store::{CellInput, Store};
    let dir = tempfile::tempdir().unwrap();
    let real = demo_file(dir.path());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let backup = dir.path().join("saved.db");
    let out = chibo(&["backup", backup.to_str().unwrap()], &link);
    assert!(out.status.success(), "{}", stderr(&out));
    // a cell added after the backup
    {
        let mut store = Store::open(&real, common::clock()).unwrap();
        store
            .write(|tx| {
                tx.create_cell(&CellInput {
                    name: "Chi bộ Mới".into(),
                    ..CellInput::default()
                })
            })
            .unwrap();
        assert_eq!(store.cells().unwrap().len(), 2);
    }
    let out = chibo(&["restore", backup.to_str().unwrap()], &link);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let store = Store::open(&real, common::clock()).unwrap();
    assert_eq!(
        store.cells().unwrap().len(),
        1,
        "the real file was restored"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_refused_not_mangled() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let odd = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"sao-l\xffu.db"));
    let out = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .arg("backup")
        .arg(&odd)
        .arg("--db")
        .arg(&db)
        .env("CHIBO_NOW", "25/11/2026 09:30")
        .env_remove("CHIBO_LANG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("không phải UTF-8"),
        "{}",
        stderr(&out)
    );
    // no file under the odd name, none under a mangled one
    let names = names_in(dir.path());
    assert!(!names.iter().any(|n| n.starts_with("sao-l")), "{names:?}");
}

#[test]
fn a_sqlite_file_without_chibo_tables_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("odd.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let before = bytes(&db);
    let out = chibo(&["check"], &db);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("không đúng với chibo (phiên bản lược đồ 3)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&db), before, "not one byte changed");
    assert_eq!(names_in(dir.path()), vec!["odd.db".to_string()]);
}

#[test]
fn a_renamed_column_is_not_healthy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("ALTER TABLE members RENAME COLUMN note TO ghi_chu")
            .unwrap();
    }
    let before = bytes(&db);
    let out = chibo(&["check"], &db);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("bảng members thiếu cột note"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&db), before);
}

/// A large member file is read as a stream: checked whole first (nothing
/// written when a row is bad, the problems listed and counted), then
/// written in one transaction.
#[test]
fn a_large_member_file_is_checked_whole_then_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let csv = dir.path().join("members.csv");
    let rows = 20_000;
    let mut text = String::from("STT;Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng\n");
    for i in 0..rows {
        text.push_str(&format!(
            "{};Nguyễn Văn Số {i};01/01/{};Nam;02/09/2010\n",
            i + 1,
            1960 + i % 40
        ));
    }
    // 60 bad rows at the end: nothing may be written
    let mut bad = text.clone();
    for i in 0..60 {
        bad.push_str(&format!(
            "{};Trần Thị Sai {i};31/02/1980;Nữ;02/09/2010\n",
            rows + i + 1
        ));
    }
    std::fs::write(&csv, &bad).unwrap();
    let members = || {
        chibo::store::Store::open(&db, common::clock())
            .unwrap()
            .counts()
            .unwrap()
            .members
    };
    let import = || {
        chibo(
            &[
                "import",
                "members",
                "--cell",
                "Chi bộ Khoa Kinh tế",
                csv.to_str().unwrap(),
            ],
            &db,
        )
    };
    let before = members();
    let out = import();
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("tệp có 60 lỗi"), "{message}");
    assert!(message.contains("… và 10 lỗi khác."), "{message}");
    assert_eq!(members(), before, "nothing written");
    // the good file goes in whole
    std::fs::write(&csv, &text).unwrap();
    let out = import();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(members(), before + rows as u64);
}

/// A backup or a document onto read-only media (a write-protected USB
/// stick) is refused saying so, in Vietnamese, naming the file asked for.
#[cfg(unix)]
#[test]
fn writing_onto_read_only_media_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let media = dir.path().join("usb");
    std::fs::create_dir(&media).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"])
        .arg(&media)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("SKIPPED: cannot mount a read-only file system here (needs root)");
        return;
    }
    let before = bytes(&db);
    let backup = media.join("sao-luu.db");
    let document = media.join("bien-ban.txt");
    let outcomes = [
        chibo(&["backup", backup.to_str().unwrap()], &db),
        chibo(&["minutes", "5", "-o", document.to_str().unwrap()], &db),
    ];
    let _ = Command::new("umount").arg(&media).status();
    for (out, target) in outcomes.iter().zip([&backup, &document]) {
        assert!(!out.status.success());
        let message = stderr(out);
        assert!(message.contains("chỉ cho đọc"), "{message}");
        assert!(
            message.contains(target.to_str().unwrap()),
            "names the file asked for: {message}"
        );
        assert!(!message.contains("os error"), "{message}");
    }
    assert_eq!(bytes(&db), before);
}

/// A disk that fills up while a document is written leaves no fragment:
/// the file asked for is not there at all (nor a staging file), or an
/// existing one is still whole.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_no_fragment() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&small)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("SKIPPED: cannot mount a small file system here (needs root)");
        return;
    }
    let export = small.join("all.json");
    let out = chibo(&["export", "json", "-o", export.to_str().unwrap()], &db);
    let listed = names_in(&small);
    // an existing file replaced with --force stays whole when the disk is full
    std::fs::write(small.join("old.json"), "{}").unwrap();
    let forced = chibo(
        &[
            "export",
            "json",
            "-o",
            small.join("old.json").to_str().unwrap(),
            "--force",
        ],
        &db,
    );
    let old = std::fs::read_to_string(small.join("old.json")).unwrap();
    let listed_after = names_in(&small);
    let _ = Command::new("umount").arg(&small).status();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("ổ đĩa đã đầy"), "{}", stderr(&out));
    assert!(
        listed.is_empty(),
        "no fragment, no staging file: {listed:?}"
    );
    assert!(!forced.status.success());
    assert_eq!(old, "{}");
    assert_eq!(listed_after, vec!["old.json".to_string()]);
}
