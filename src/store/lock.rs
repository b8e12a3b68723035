//! One chibo at a time writes a database: the interactive app, and every
//! command that writes, hold an advisory lock on a small file beside it
//! (`NAME.db.lock`) for as long as they have the database. A second one is
//! refused with a clear message instead of writing beside the first and
//! showing stale marks. Commands that only read take no lock. The lock goes
//! with the process, however it ends (kill -9 included); the file stays.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::{Error, Result};

/// The lock file of a database.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name: OsString = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Held while this process has the database for writing.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock, or says that another chibo has the file.
    pub fn acquire(db: &Path) -> Result<WriterLock> {
        let path = lock_path(db);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chibo.db");
        let first = WriterLock::acquire(&db).unwrap();
        assert!(matches!(WriterLock::acquire(&db), Err(Error::InUse)));
        drop(first);
        assert!(WriterLock::acquire(&db).is_ok());
    }
}
