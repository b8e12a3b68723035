//! Files chibo writes on request (documents, exports): never over an
//! existing file unless asked (`--force`), never over the open database or
//! its side files even then, and always through a temporary file renamed
//! into place, so that a full disk or a crash leaves either the old file or
//! the whole new one, never a fragment. New files are 0600.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::fsmode;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The file exists and `--force` was not given.
    #[error("{0} exists")]
    Exists(PathBuf),
    /// The path is the open database or one of its side files.
    #[error("{0} is the database")]
    IsDatabase(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` with a suffix added to its name ("x.db" → "x.db-wal"), kept as
/// the bytes the system gave (no lossy conversion).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The path as the file system resolves it: the file itself when it
/// exists, else its resolved folder joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Some(real);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(parent).ok()?.join(name))
}

/// Whether `path` names the database or one of its side files.
pub fn is_database_file(path: &Path, database: &Path) -> bool {
    let Some(target) = resolved(path) else {
        return false;
    };
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| resolved(&with_suffix(database, suffix)).is_some_and(|db| db == target))
}

/// Writes `bytes` to `path`. An existing file is refused unless `force`;
/// the database (and its `-wal`, `-shm`, `-journal`) always.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    force: bool,
    database: Option<&Path>,
) -> Result<(), OutputError> {
    if database.is_some_and(|db| is_database_file(path, db)) {
        return Err(OutputError::IsDatabase(path.to_path_buf()));
    }
    // A dangling symbolic link counts as existing: following it would write
    // somewhere the secretary did not name.
    if fs::symlink_metadata(path).is_ok() && !force {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    let staging = staging_name(path);
    let result = (|| {
        // Errors name the file asked for, not the hidden staging name.
        let mut file = fsmode::create_private_file(&staging).map_err(io_error(path))?;
        file.write_all(bytes).map_err(io_error(path))?;
        file.sync_all().map_err(io_error(path))?;
        drop(file);
        fs::rename(&staging, path).map_err(io_error(path))?;
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

/// A hidden name beside the target, unique to this process.
fn staging_name(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".chibo-{}.tmp", std::process::id()));
    match path.parent() {
        Some(parent) => parent.join(name),
        None => PathBuf::from(name),
    }
}

/// Makes the rename itself durable (Unix; elsewhere the rename suffices).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let folder = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(dir) = fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bien-ban.txt");
        fs::write(&path, "cũ").unwrap();
        let refused = write_file(&path, "mới".as_bytes(), false, None);
        assert!(matches!(refused, Err(OutputError::Exists(_))));
        assert_eq!(fs::read_to_string(&path).unwrap(), "cũ");
        write_file(&path, "mới".as_bytes(), true, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "mới");
        // nothing is left beside it
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_database_and_its_side_files_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chibo.db");
        fs::write(&db, "SQLite format 3\0").unwrap();
        for name in ["chibo.db", "chibo.db-wal", "chibo.db-shm"] {
            let target = dir.path().join(name);
            let refused = write_file(&target, b"x", true, Some(&db));
            assert!(matches!(refused, Err(OutputError::IsDatabase(_))), "{name}");
        }
        // the same file named another way
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let roundabout = sub.join("..").join("chibo.db");
        assert!(is_database_file(&roundabout, &db));
        assert_eq!(fs::read(&db).unwrap(), b"SQLite format 3\0");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xuat.json");
        write_file(&path, b"{}", false, None).unwrap();
        assert_eq!(fsmode::mode(&path).unwrap(), 0o600);
    }
}
