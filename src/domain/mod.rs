//! The model and the rules of a Party cell: pure types and functions, no I/O.
//! Every figure has the one meaning the minutes print (see ARCHITECTURE.md).

pub mod agenda;
pub mod attendance;
pub mod cell;
pub mod engine;
pub mod meeting;
pub mod member;
pub mod overview;
pub mod resolution;
pub mod rubric;
pub mod rulebook;
pub mod rules;
pub mod text;
pub mod voting;

pub use attendance::{AttendanceMark, Figures, MarkKind, Roster, RosterCategory, RosterEntry};
pub use cell::Cell;
pub use meeting::{
    Addendum, AgendaItem, DuesPayment, Guest, ItemDisposition, Meeting, MeetingKind, MeetingStatus,
    PrepStep, PreparationStep, Remark, Reschedule, Speaker, Task, TaskOutcome, Vote, VoteKind,
    VoteRule,
};
pub use member::{
    CardNumber, Gender, Member, MemberInput, PartyStatus, Role, RoleKind, Situation, Standing,
    StatusEvent, StatusEventInput, StatusEventKind,
};
pub use voting::{VoteResult, VotingFigures};

/// The local row id of a stored entity. Every row also has a UUID so that data
/// from several laptops can later be merged.
pub type RowId = i64;

/// Declares a closed set of values stored as stable English codes, with the
/// code list kept next to the variants so the schema's CHECK and the code
/// cannot drift.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and in exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use coded_enum;
