//! What is printed: the agenda now; the minutes (biên bản) and the resolution
//! (nghị quyết) later. Documents are written in Vietnamese whatever the UI
//! language, from domain values the caller hands in (no database here).

pub mod agenda;
pub mod findings;
pub mod layout;
pub mod minutes;
