//! What is moved in and out of chibo: JSON export/import, member CSV
//! import and export, the attendance table for Excel.

pub mod attendance_csv;
pub mod json;
pub mod members_csv;
pub mod members_export;
pub mod output;
