//! The screens. One is active at a time; each owns its view state and the
//! rows it shows, turns actions into effects, and renders from its state.

pub mod agenda;
pub mod cells;
pub mod history;
pub mod live;
pub mod meetings;
pub mod member;
pub mod member_record;
pub mod members;
pub mod overview;
pub mod welcome;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Ctx;
use super::action::Action;
use super::forms::Purpose;
use crate::domain::RowId;
use crate::store::{Result, Store};

/// Where a screen can lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Cells,
    Members(RowId),
    Member(RowId),
    Meetings(RowId),
    Agenda(RowId),
    Live(RowId),
    /// A cell's history (its third tab).
    History(RowId),
    /// Every cell side by side, for the committee.
    Overview,
    /// A meeting's record, at an item when one is given (from the
    /// history: a search hit, a task, a warning).
    Meeting {
        meeting: RowId,
        item: Option<RowId>,
    },
}

/// What a screen asks the app to do; the app runs it against the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Back,
    Open(Route),
    Form(Purpose),
    Help,
    Confirm {
        message: String,
        then: Box<Effect>,
    },
    /// Closes the form under a "discard?" question.
    DiscardForm,
    LoadDemo,
    ArchiveCell {
        id: RowId,
        archived: bool,
    },
    /// Replaces the screen on top (the cell's tabs).
    SwitchTab(Route),
    /// Says why an action cannot be done here.
    Refuse(String),
    /// Reads the screen on top again (its window moved: another year).
    Reload,
    /// The history's search query changed: its hits are read again.
    Search,
    /// A change made from the meetings tab or the agenda builder.
    Agenda(AgendaEffect),
    /// A record of the live meeting.
    Live(LiveEffect),
    /// Reopens a meeting left in progress.
    Resume(RowId),
    /// Closes, then locks, after the question was answered yes.
    FinishClose(RowId),
    FinishLock(RowId),
    /// The whole record in minutes order, to read back before closing.
    Readback(RowId),
    /// Writes the minutes of a closed or locked meeting into the documents
    /// folder.
    WriteMinutes(RowId),
    /// Writes the resolution, the notice or the roll to sign as a Word file
    /// into the documents folder (`app/paperwork.rs`).
    WritePaper(crate::paperwork::Paper, RowId),
    /// Opens the live screen after the question for a meeting far ahead.
    OpenLive(RowId),
    /// Merges a cell's bundle after the question showing what it changes.
    MergeBundle {
        path: std::path::PathBuf,
        confirmed: bool,
    },
    /// Writes a cell's bundle, after the frame saying it has begun was
    /// drawn (its form stays open until then).
    WriteBundleNow {
        cell_id: RowId,
        path: std::path::PathBuf,
    },
    /// The merge itself, after the frame saying it has begun was drawn.
    MergeNow {
        path: std::path::PathBuf,
        confirmed: bool,
    },
}

/// What the meetings tab and the agenda builder ask of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaEffect {
    CancelMeeting(RowId),
    DeleteMeeting(RowId),
    DeleteItem(RowId),
    UndoItemChange,
    MoveItem { id: RowId, up: bool },
    DeleteGuest(RowId),
}

/// What the live screen asks of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEffect {
    Mark {
        meeting_id: RowId,
        member_id: RowId,
        kind: crate::domain::MarkKind,
        reason: String,
    },
    ClearMark {
        meeting_id: RowId,
        member_id: RowId,
    },
    MarkAllPresent(RowId),
    UndoMark,
    RedoMark,
    SetDues {
        member_id: RowId,
        paid: bool,
    },
    CloseMeeting(RowId),
    LockMeeting(RowId),
    NextItem {
        meeting_id: RowId,
        item_id: RowId,
    },
    /// Puts the agenda clock back as it was before the last advance.
    UndoItemTimes,
    /// Deletes a remark, vote or task (after the question).
    DeleteEntry(Entry),
    /// Skips an optional item ("không có"), or takes a skip back.
    SkipItem {
        item_id: RowId,
        skip: bool,
    },
}

/// A record of the proceedings that can be corrected or deleted until the
/// lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Remark(RowId),
    Vote(RowId),
    Task(RowId),
}

impl Effect {
    /// Opens a form.
    pub fn form(purpose: impl Into<Purpose>) -> Effect {
        Effect::Form(purpose.into())
    }
}

pub enum Screen {
    Welcome(welcome::Welcome),
    Cells(cells::Cells),
    Members(members::Members),
    Member(member::MemberView),
    Meetings(meetings::Meetings),
    Agenda(agenda::AgendaScreen),
    Live(Box<live::LiveScreen>),
    History(Box<history::HistoryScreen>),
    Overview(overview::Overview),
}

impl Screen {
    /// The keymap sections of this screen, most specific first.
    pub fn sections(&self) -> &'static [&'static str] {
        match self {
            Screen::Welcome(_) => &["welcome", "global"],
            Screen::Cells(_) => &["cells", "list", "global"],
            Screen::Members(_) => &["members", "list", "global"],
            Screen::Member(_) => &["member", "global"],
            Screen::Meetings(_) => &["meetings", "list", "global"],
            Screen::Agenda(_) => &["agenda", "global"],
            Screen::Live(s) => s.sections(),
            Screen::History(_) => &["history", "global"],
            Screen::Overview(_) => &["overview", "list", "global"],
        }
    }

    /// Whether the action can be done in the screen's state (the footer
    /// leaves out what cannot).
    pub fn offers(&self, action: Action) -> bool {
        match self {
            Screen::Live(live) => live.offers(action),
            Screen::Welcome(_)
            | Screen::Cells(_)
            | Screen::Members(_)
            | Screen::Member(_)
            | Screen::Meetings(_)
            | Screen::Agenda(_)
            | Screen::History(_)
            | Screen::Overview(_) => true,
        }
    }

    /// Keeps the screen's cursors in view for its body `area`, before it is
    /// drawn (drawing changes nothing).
    pub fn layout(&mut self, area: Rect, ctx: &Ctx) {
        match self {
            Screen::Live(live) => live.layout(area, ctx),
            Screen::Welcome(_)
            | Screen::Cells(_)
            | Screen::Members(_)
            | Screen::Member(_)
            | Screen::Meetings(_)
            | Screen::Agenda(_)
            | Screen::History(_)
            | Screen::Overview(_) => {}
        }
    }

    /// True while the screen takes raw text (a filter being typed).
    pub fn wants_text(&self) -> bool {
        match self {
            Screen::Members(m) => m.is_typing_filter(),
            Screen::Cells(c) => c.is_typing_filter(),
            Screen::Live(l) => l.is_typing(),
            Screen::History(h) => h.is_typing(),
            _ => false,
        }
    }

    /// A raw key while typing text.
    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        match self {
            Screen::Members(m) => m.handle_text(key),
            Screen::Cells(c) => c.handle_text(key),
            Screen::Live(l) => l.handle_text(key),
            Screen::History(h) => h.handle_text(key),
            _ => Vec::new(),
        }
    }

    pub fn paste(&mut self, text: &str) {
        match self {
            Screen::Members(m) => m.paste(text),
            Screen::Cells(c) => c.paste(text),
            Screen::History(h) => h.paste(text),
            _ => {}
        }
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match self {
            Screen::Welcome(s) => s.handle(action),
            Screen::Cells(s) => s.handle(action, ctx),
            Screen::Members(s) => s.handle(action, ctx),
            Screen::Member(s) => s.handle(action),
            Screen::Meetings(s) => s.handle(action, ctx),
            Screen::Agenda(s) => s.handle(action, ctx),
            Screen::Live(s) => s.handle(action, ctx),
            Screen::History(s) => s.handle(action, ctx),
            Screen::Overview(s) => s.handle(action),
        }
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        match self {
            Screen::Welcome(_) => Ok(()),
            Screen::Cells(s) => s.reload(store, ctx),
            Screen::Members(s) => s.reload(store, ctx),
            Screen::Member(s) => s.reload(store, ctx),
            Screen::Meetings(s) => s.reload(store, ctx),
            Screen::Agenda(s) => s.reload(store, ctx),
            Screen::Live(s) => s.reload(store, ctx),
            Screen::History(s) => s.reload(store, ctx),
            Screen::Overview(s) => s.reload(store, ctx),
        }
    }

    /// The place shown in the header ("Chi bộ Khoa Kinh tế › Đảng viên").
    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        match self {
            Screen::Welcome(_) => ctx.t("welcome.title").to_string(),
            Screen::Cells(_) => ctx.t("cells.title").to_string(),
            Screen::Members(s) => s.breadcrumb(ctx),
            Screen::Member(s) => s.breadcrumb(ctx),
            Screen::Meetings(s) => s.breadcrumb(ctx),
            Screen::Agenda(s) => s.breadcrumb(ctx),
            Screen::Live(s) => s.breadcrumb(ctx),
            Screen::History(s) => s.breadcrumb(ctx),
            Screen::Overview(s) => s.breadcrumb(ctx),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        match self {
            Screen::Welcome(s) => s.render(area, buf, ctx),
            Screen::Cells(s) => s.render(area, buf, ctx),
            Screen::Members(s) => s.render(area, buf, ctx),
            Screen::Member(s) => s.render(area, buf, ctx),
            Screen::Meetings(s) => s.render(area, buf, ctx),
            Screen::Agenda(s) => s.render(area, buf, ctx),
            Screen::Live(s) => s.render(area, buf, ctx),
            Screen::History(s) => s.render(area, buf, ctx),
            Screen::Overview(s) => s.render(area, buf, ctx),
        }
    }

    /// The cell this screen is about, for forms opened from it.
    pub fn cell_id(&self) -> Option<RowId> {
        match self {
            Screen::Members(s) => Some(s.cell_id()),
            Screen::Member(s) => Some(s.cell_id()),
            Screen::Meetings(s) => Some(s.cell_id()),
            Screen::Agenda(s) => Some(s.cell_id()),
            Screen::Live(s) => Some(s.cell_id()),
            Screen::History(s) => Some(s.cell_id()),
            Screen::Overview(s) => s.cell_id(),
            _ => None,
        }
    }

    /// Tells the screen its cell is read-only here (merged from a bundle):
    /// the live screen then names no key that changes data.
    pub fn set_read_only(&mut self, read_only: bool) {
        if let Screen::Live(live) = self {
            live.set_read_only(read_only);
        }
    }

    /// The cell's tabs (members, meetings) and which one this screen is.
    pub fn tab(&self) -> Option<usize> {
        match self {
            Screen::Members(_) => Some(0),
            Screen::Meetings(_) => Some(1),
            Screen::History(_) => Some(2),
            _ => None,
        }
    }
}
