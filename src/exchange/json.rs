//! The lossless JSON export: every table, the audit log included, pretty
//! printed with sorted keys so that export → import → export is byte-identical.
//!
//! `parse` only reads the file's shape; `Store::load_dump` then checks every
//! value against its column (src/store/dump.rs) and brings text to NFC before
//! writing anything, refusing a bad value as `table[row].column: problem`.

use crate::store::{Dump, Result, Store};

pub fn export(store: &Store) -> Result<String> {
    let dump = store.dump()?;
    let mut text = serde_json::to_string_pretty(&dump)
        .map_err(|e| crate::store::Error::Import(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Parses an export; the error says where the text is wrong (line, column).
pub fn parse(text: &str) -> std::result::Result<Dump, String> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())
}
