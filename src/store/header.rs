//! Reads a database file's header before SQLite opens it for writing, so that
//! a file chibo must refuse (not SQLite, truncated, someone else's, too new)
//! is left byte-identical: switching to WAL alone rewrites header bytes.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::Error;
use super::schema::{APPLICATION_ID, LATEST_VERSION};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

/// What the header says about an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub application_id: u32,
    pub user_version: u32,
}

fn be_u32(bytes: &[u8], offset: usize) -> u32 {
    u32::from_be_bytes([
        bytes[offset],
        bytes[offset + 1],
        bytes[offset + 2],
        bytes[offset + 3],
    ])
}

/// Whether a non-empty write-ahead log lies beside the file.
fn has_log(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(&log).is_ok_and(|m| m.len() > 0)
}

/// Checks a file that exists and is not empty. Returns its header when SQLite
/// may open it; the caller still has to look for tables in a file whose
/// application id is 0.
pub fn inspect(path: &Path) -> Result<Header, Error> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let length = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut bytes = [0u8; HEADER_LEN];
    let mut read = 0;
    while read < HEADER_LEN {
        match file.read(&mut bytes[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    if read < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::NotSqlite);
    }
    if read < HEADER_LEN {
        return Err(Error::Truncated);
    }
    // Page size: 1 means 65536.
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let page_count = u64::from(be_u32(&bytes, 28));
    // The in-header size is valid only when the change counters agree; when
    // they do, a shorter file has lost pages.
    // A checkpoint cut short (power loss, kill -9) writes page 1 with the new
    // size before the pages that extend the file; the write-ahead log still
    // holds them all and SQLite finishes the work when it opens the file.
    let size_valid = be_u32(&bytes, 24) == be_u32(&bytes, 92) && !has_log(path);
    if page_size < 512 || (size_valid && page_count > 0 && length < page_count * page_size) {
        return Err(Error::Truncated);
    }
    let header = Header {
        user_version: be_u32(&bytes, 60),
        application_id: be_u32(&bytes, 68),
    };
    if header.application_id != 0 && header.application_id != APPLICATION_ID {
        return Err(Error::NotChibo);
    }
    if header.user_version > LATEST_VERSION {
        return Err(Error::TooNew {
            found: header.user_version,
            supported: LATEST_VERSION,
        });
    }
    Ok(header)
}
