//! What a key means on a screen. Keys are bound to actions in
//! `assets/keymap.toml`; screens only ever see actions.

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Present,
    Late,
    Excused,
    Unexcused,
    LeftEarly,
    AllPresent,
    Open,
    Add,
    Edit,
    StatusEvent,
    Role,
    Import,
    Archive,
    Filter,
    Reveal,
    ToggleArchived,
    ToggleFormer,
    Postpone,
    CancelMeeting,
    Duplicate,
    Delete,
    Undo,
    MoveUp,
    MoveDown,
    Guest,
    Checklist,
    Outcome,
    Export,
    NextTab,
    Live,
    ClearMark,
    Redo,
    Dues,
    EditTime,
    Start,
    Finish,
    CloseMeeting,
    Lock,
    NextItem,
    Remark,
    Vote,
    Task,
    Conclusion,
    Readback,
    ItemTimes,
    Score,
    Addendum,
    Officers,
    SkipItem,
    /// Writes the minutes of a closed or locked meeting as a Word file.
    WriteMinutes,
    ChooseFirst,
    ChooseSecond,
    /// Every cell side by side (the committee's view).
    Overview,
    /// Searches everything a cell recorded (the history tab's `/`).
    Search,
    /// The views of a cell's history.
    ViewMonths,
    ViewAttendance,
    ViewMembers,
    ViewQuality,
    ViewTasks,
    ViewWarnings,
    /// The history's year, one back or on.
    PrevYear,
    NextYear,
    /// Merges a cell's bundle into this file (the committee overview).
    MergeBundle,
    /// Writes the selected cell's bundle to a file.
    WriteBundle,
    /// 12 or 24 months in view.
    Wide,
    /// Another order of the rows (the member matrix by unexcused absences).
    Sort,
    /// The next filter of a list (the task register's statuses).
    CycleFilter,
    /// The next person to filter a list by.
    Person,
    /// The meeting's resolution (nghị quyết) in a form: the stored text,
    /// else a draft from the record.
    Resolution,
    /// Writes the meeting's resolution as a file.
    WriteResolution,
    /// The meeting notice: the page written, the short text shown to copy.
    Notice,
    /// The roll to sign (danh sách ký), written as a file.
    Roll,
    Left,
    Right,
    Save,
    /// Deletes from the cursor to the start of the line in a text field.
    ClearLine,
    Yes,
    No,
    NextField,
    PrevField,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Cancel,
    Back,
    Help,
    Quit,
    ForceQuit,
}

impl Action {
    /// The strings key of the action's label.
    pub fn label_key(self) -> String {
        format!("action.{}", self.code())
    }

    /// The snake_case name used in keymap.toml and in the strings
    /// (derived from the variant's name, so the two cannot drift apart).
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Whether the action changes the cell's data: refused (and left out
    /// of the footer) in a cell merged from a bundle, which is read-only
    /// in the committee's file. Writing a file (minutes, a bundle) is not
    /// a change.
    pub fn changes_data(self) -> bool {
        matches!(
            self,
            Action::Present
                | Action::Late
                | Action::Excused
                | Action::Unexcused
                | Action::LeftEarly
                | Action::AllPresent
                | Action::Add
                | Action::Edit
                | Action::StatusEvent
                | Action::Role
                | Action::Import
                | Action::Archive
                | Action::Postpone
                | Action::CancelMeeting
                | Action::Duplicate
                | Action::Delete
                | Action::Undo
                | Action::MoveUp
                | Action::MoveDown
                | Action::Guest
                | Action::Checklist
                | Action::Outcome
                | Action::ClearMark
                | Action::Redo
                | Action::Dues
                | Action::EditTime
                | Action::Start
                | Action::Finish
                | Action::CloseMeeting
                | Action::Lock
                | Action::NextItem
                | Action::Remark
                | Action::Vote
                | Action::Task
                | Action::Conclusion
                | Action::ItemTimes
                | Action::Score
                | Action::Addendum
                | Action::Officers
                | Action::SkipItem
        )
    }

    /// Movement keys are left out of the footer (they are in the help).
    pub fn is_movement(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::Left
                | Action::Right
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
                | Action::NextField
                | Action::PrevField
                | Action::ForceQuit
        )
    }
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::Action;
    use crate::i18n::{Lang, Strings};

    #[test]
    fn every_action_has_a_label_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let strings = Strings::load(lang);
            for action in Action::VARIANTS {
                let key = action.label_key();
                assert_ne!(strings.get(&key), key, "{lang:?} lacks {key}");
            }
        }
    }

    #[test]
    fn codes_are_the_keymap_names() {
        assert_eq!(Action::LeftEarly.code(), "left_early");
        assert_eq!("close_meeting".parse(), Ok(Action::CloseMeeting));
        for action in Action::VARIANTS {
            assert_eq!(action.code().parse(), Ok(*action));
        }
    }
}
