//! What a key means on a screen. Keys are bound to actions in
//! `assets/keymap.toml`; screens only ever see actions.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    ChooseFirst,
    ChooseSecond,
    Save,
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

    /// The snake_case name used in keymap.toml and in the strings.
    pub fn code(self) -> &'static str {
        match self {
            Action::Open => "open",
            Action::Add => "add",
            Action::Edit => "edit",
            Action::StatusEvent => "status_event",
            Action::Role => "role",
            Action::Import => "import",
            Action::Archive => "archive",
            Action::Filter => "filter",
            Action::Reveal => "reveal",
            Action::ToggleArchived => "toggle_archived",
            Action::ToggleFormer => "toggle_former",
            Action::Postpone => "postpone",
            Action::CancelMeeting => "cancel_meeting",
            Action::Duplicate => "duplicate",
            Action::Delete => "delete",
            Action::Undo => "undo",
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::Guest => "guest",
            Action::Checklist => "checklist",
            Action::Outcome => "outcome",
            Action::Export => "export",
            Action::NextTab => "next_tab",
            Action::Live => "live",
            Action::Present => "present",
            Action::Late => "late",
            Action::Excused => "excused",
            Action::Unexcused => "unexcused",
            Action::LeftEarly => "left_early",
            Action::ClearMark => "clear_mark",
            Action::AllPresent => "all_present",
            Action::Redo => "redo",
            Action::Dues => "dues",
            Action::EditTime => "edit_time",
            Action::Start => "start",
            Action::Finish => "finish",
            Action::CloseMeeting => "close_meeting",
            Action::Lock => "lock",
            Action::NextItem => "next_item",
            Action::Remark => "remark",
            Action::Vote => "vote",
            Action::Task => "task",
            Action::Conclusion => "conclusion",
            Action::Readback => "readback",
            Action::ItemTimes => "item_times",
            Action::Score => "score",
            Action::Addendum => "addendum",
            Action::Officers => "officers",
            Action::SkipItem => "skip_item",
            Action::ChooseFirst => "choose_first",
            Action::ChooseSecond => "choose_second",
            Action::Save => "save",
            Action::Yes => "yes",
            Action::No => "no",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Cancel => "cancel",
            Action::Back => "back",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "force_quit",
        }
    }

    /// Movement keys are left out of the footer (they are in the help).
    pub fn is_movement(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
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
