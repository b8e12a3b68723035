//! What is printed: the agenda, the minutes (biên bản), the findings and a
//! cell's yearly report. Documents are written in Vietnamese whatever the UI
//! language, from domain values the caller hands in (no database here).

pub mod agenda;
pub mod findings;
pub mod layout;
pub mod minutes;
pub mod notice;
pub mod page;
pub mod render;
pub mod report;
pub mod resolution;
pub mod roll;
