//! The rules engine: every verdict chibo gives about a meeting is decided
//! here, from the meeting's record, the rule set in force on its date and,
//! where a rule needs it, the cell's other meetings; and every verdict
//! about a cell's history (`history`), from the records of a window. The close check, the
//! live screen, the score, the documents and the CLI ask this module; none
//! of them decides a rule of its own.

mod attendance_detail;
mod checks;
mod finding;
pub mod history;
pub mod moments;
mod record;

pub use attendance_detail::{
    AttendanceDetail, DuesStatus, PresentSplit, TimedMark, attendance_detail, dues_status,
};
pub use checks::{
    agenda_short, assess, close_blockers, failed_checks, meeting_findings, minutes_approved,
    officer_absent, planned_minutes, replaced_officer, same_month_regular, too_short, verdict,
};
pub use finding::{Finding, MeetingRef, RuleId, Severity};
pub use history::{CellHistory, history_findings};
pub use record::MeetingRecord;
