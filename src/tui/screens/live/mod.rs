//! The live meeting: the roll call at one key per member with the figures of
//! the minutes header always in view, and the proceedings (agenda clock,
//! remarks, votes, tasks). A mark shows only once its transaction committed:
//! the app hands committed marks back through `apply_mark`.
//!
//! The screen is the record as shown (`view`) and two panes that each keep
//! their own cursor; `layout` keeps the cursors in view before drawing, and
//! drawing changes nothing.

mod proceedings;
mod roll;
mod view;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Effect, LiveEffect};
use crate::domain::engine::Finding;
use crate::domain::{AgendaItem, AttendanceMark, Figures, Meeting, MeetingStatus, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::LiveForm;
use crate::tui::text::{fit_line, safe};
use crate::vi;

pub use proceedings::ItemTimes;
pub use roll::MarkChange;

use proceedings::Proceedings;
use roll::RollCall;
use view::MeetingView;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Attendance,
    Proceedings,
}

pub struct LiveScreen {
    view: MeetingView,
    roll: RollCall,
    proceedings: Proceedings,
    pane: Pane,
    /// The cell is merged from a bundle (read-only in this file): the
    /// screen names no key that would change the record.
    read_only: bool,
}

/// Where the parts of the screen go.
struct Geometry {
    /// The figures and warnings above the panes (narrow screens).
    top_lines: Vec<Line<'static>>,
    tabs: Rect,
    list: Rect,
    /// The figures beside the panes (wide screens).
    side: Option<Rect>,
}

/// Below this width the figures go above the panes, wrapped.
const WIDE: u16 = 110;

impl LiveScreen {
    pub fn load(store: &Store, ctx: &Ctx, meeting_id: RowId) -> Result<LiveScreen> {
        let view = MeetingView::load(store, ctx, meeting_id)?;
        let mut screen = LiveScreen {
            view,
            roll: RollCall::default(),
            proceedings: Proceedings::default(),
            pane: Pane::Attendance,
            read_only: false,
        };
        screen.roll.rebuild(&screen.view);
        screen.roll.start(&screen.view);
        screen.proceedings.rebuild(&screen.view);
        Ok(screen)
    }

    pub fn reload(&mut self, store: &Store, _ctx: &Ctx) -> Result<()> {
        self.view.reload(store)?;
        self.roll.rebuild(&self.view);
        self.proceedings.rebuild(&self.view);
        Ok(())
    }

    /// Whether the action can be done in the meeting's state.
    pub fn offers(&self, action: Action) -> bool {
        let m = &self.view.meeting;
        let open = !matches!(m.status, MeetingStatus::Locked | MeetingStatus::Cancelled);
        match action {
            Action::Start => m.started_at.is_none() && open,
            Action::Finish => m.started_at.is_some() && m.ended_at.is_none() && open,
            Action::CloseMeeting => {
                matches!(m.status, MeetingStatus::Planned | MeetingStatus::InProgress)
            }
            Action::Lock => m.status == MeetingStatus::Closed,
            Action::Addendum => m.status == MeetingStatus::Locked,
            Action::AllPresent => open && self.view.figures.unmarked > 0,
            Action::Undo if self.pane == Pane::Proceedings => open && self.proceedings.can_undo(),
            Action::Present
            | Action::Late
            | Action::Excused
            | Action::Unexcused
            | Action::LeftEarly
            | Action::ClearMark
            | Action::Dues
            | Action::Officers
            | Action::Undo
            | Action::NextItem
            | Action::Remark
            | Action::Vote
            | Action::Task
            | Action::Conclusion
            | Action::SkipItem
            | Action::Edit
            | Action::Delete
            | Action::Score => open,
            _ => true,
        }
    }

    /// Set by the app from the cell's origin when the screen is entered.
    pub fn set_read_only(&mut self, read_only: bool) {
        self.read_only = read_only;
    }

    pub fn findings(&self) -> &[Finding] {
        &self.view.findings
    }

    pub fn meeting(&self) -> &Meeting {
        &self.view.meeting
    }

    pub fn figures(&self) -> &Figures {
        &self.view.figures
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    pub fn cell_id(&self) -> RowId {
        self.view.cell.id
    }

    pub fn mark_of(&self, member_id: RowId) -> Option<&AttendanceMark> {
        self.view.marks.get(&member_id)
    }

    /// A committed mark (or its removal) reaches the screen here; with
    /// `advance` the cursor moves on to the next member without a mark.
    pub fn apply_mark(&mut self, member_id: RowId, mark: Option<AttendanceMark>, advance: bool) {
        self.view.apply_mark(member_id, mark);
        if advance {
            self.roll.advance(&self.view);
        }
    }

    pub fn apply_dues(&mut self, member_id: RowId, paid: bool) {
        self.view.dues.insert(member_id, paid);
    }

    pub fn record_change(&mut self, changes: Vec<MarkChange>) {
        self.roll.record_change(changes);
    }

    pub fn peek_undo(&self) -> Option<Vec<MarkChange>> {
        self.roll.peek_undo()
    }

    pub fn peek_redo(&self) -> Option<Vec<MarkChange>> {
        self.roll.peek_redo()
    }

    pub fn commit_undo(&mut self, undo: bool) {
        self.roll.commit_undo(undo);
    }

    /// An advance of the agenda clock committed: the times before it are
    /// kept for `u`.
    pub fn record_advance(&mut self, before: ItemTimes) {
        self.proceedings.record_advance(before);
    }

    pub fn take_advance(&mut self) -> Option<ItemTimes> {
        self.proceedings.take_undo()
    }

    /// Members of the roll call still unmarked.
    pub fn unmarked(&self) -> Vec<RowId> {
        self.view
            .roster
            .expected()
            .filter(|e| !self.view.marks.contains_key(&e.member_id))
            .map(|e| e.member_id)
            .collect()
    }

    pub fn last_reason(&self, member_id: RowId) -> Option<&str> {
        self.view.last_reasons.get(&member_id).map(String::as_str)
    }

    /// The item under the proceedings cursor (or the item of the record
    /// under it).
    pub fn selected_item(&self) -> Option<&AgendaItem> {
        self.proceedings.current_item(&self.view)
    }

    pub fn select_item(&mut self, item_id: RowId) {
        self.proceedings.select_item(&self.view, item_id);
    }

    /// The proceedings, at `item_id` (a meeting opened from its history).
    pub fn show_item(&mut self, item_id: RowId) {
        self.pane = Pane::Proceedings;
        self.proceedings.select_item(&self.view, item_id);
    }

    pub fn select_next_to_hold(&mut self, item_id: RowId) {
        self.proceedings.select_next_to_hold(&self.view, item_id);
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!(
            "{} › {} {}",
            safe(&self.view.cell.name),
            ctx.t("live.title"),
            vi::date(self.view.meeting.date())
        )
    }

    pub fn is_typing(&self) -> bool {
        self.pane == Pane::Attendance && self.roll.is_typing()
    }

    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        self.roll.handle_text(key);
        Vec::new()
    }

    pub fn sections(&self) -> &'static [&'static str] {
        match self.pane {
            Pane::Attendance => &["live", "global"],
            Pane::Proceedings => &["proceedings", "global"],
        }
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let meeting_id = self.view.meeting.id;
        // Keys common to both panes.
        match action {
            Action::NextTab => {
                self.pane = match self.pane {
                    Pane::Attendance => Pane::Proceedings,
                    Pane::Proceedings => Pane::Attendance,
                };
                return Vec::new();
            }
            Action::Start => {
                return vec![Effect::form(LiveForm::MeetingTime {
                    meeting_id,
                    end: false,
                })];
            }
            Action::Finish => {
                return vec![Effect::form(LiveForm::MeetingTime {
                    meeting_id,
                    end: true,
                })];
            }
            Action::CloseMeeting => {
                return vec![Effect::Live(LiveEffect::CloseMeeting(meeting_id))];
            }
            Action::Lock => return vec![Effect::Live(LiveEffect::LockMeeting(meeting_id))],
            Action::Officers => return vec![Effect::form(LiveForm::Officers { meeting_id })],
            Action::WriteMinutes => return vec![Effect::WriteMinutes(meeting_id)],
            Action::Back => return vec![Effect::Back],
            // Everything is saved already; leaving a running meeting by a
            // stray key is still worth a question.
            Action::Quit if self.view.meeting.status == MeetingStatus::InProgress => {
                return vec![Effect::Confirm {
                    message: ctx.t("live.confirm_quit").to_string(),
                    then: Box::new(Effect::Quit),
                }];
            }
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        if !self.offers(action) {
            // A locked meeting says why nothing happens; any other action
            // not offered now is simply not there.
            return if self.view.meeting.status == MeetingStatus::Locked {
                let locked = crate::store::Error::MeetingLocked;
                vec![Effect::Refuse(ctx.strings.error(&locked))]
            } else {
                Vec::new()
            };
        }
        match self.pane {
            Pane::Attendance => self.roll.handle(action, &self.view, ctx),
            Pane::Proceedings => self.proceedings.handle(action, &self.view, ctx),
        }
    }

    fn pane_tabs(&self, ctx: &Ctx, width: u16, list_height: u16) -> Line<'static> {
        let t = &ctx.theme;
        let tab = |label: &str, on: bool| {
            if on {
                Span::styled(format!("[ {label} ]"), t.selected)
            } else {
                Span::styled(format!("  {label}  "), t.muted)
            }
        };
        let mut spans = vec![
            tab(ctx.t("live.tab_attendance"), self.pane == Pane::Attendance),
            Span::raw(" "),
            tab(
                ctx.t("live.tab_proceedings"),
                self.pane == Pane::Proceedings,
            ),
        ];
        // Where the list stands when it does not fit.
        let window = match self.pane {
            Pane::Attendance => self.roll.window(list_height),
            Pane::Proceedings => self.proceedings.window(list_height),
        };
        if let Some((from, to, len)) = window {
            let position = ctx.strings.fmt(
                "live.position",
                &[("from", &from), ("to", &to), ("total", &len)],
            );
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            let pad = usize::from(width).saturating_sub(used + position.width() + 1);
            spans.push(Span::raw(" ".repeat(pad.max(1))));
            spans.push(Span::styled(position, t.muted));
        }
        Line::from(spans)
    }

    /// Where everything goes in `area` (the screen's body).
    fn geometry(&self, area: Rect, ctx: &Ctx) -> Geometry {
        let body = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        );
        let (main, side) = if area.width >= WIDE {
            let side_w = 46.min(body.width / 2);
            (
                // Two columns between the panes and the figures.
                Rect::new(body.x, body.y, body.width - side_w - 2, body.height),
                Some(Rect::new(
                    body.x + body.width - side_w,
                    body.y,
                    side_w,
                    body.height,
                )),
            )
        } else {
            (body, None)
        };
        let mut top_lines = Vec::new();
        if side.is_none() {
            top_lines = self.view.figure_lines(ctx, Some(main.width));
            top_lines.extend(
                self.view
                    .warning_rows(ctx, usize::from(main.width), self.read_only)
                    .into_iter()
                    .map(|row| Line::from(Span::styled(row, ctx.theme.warn))),
            );
            // The panes keep at least four rows.
            top_lines.truncate(usize::from(main.height.saturating_sub(5)));
        }
        let y = main.y + top_lines.len() as u16;
        let rest = main.height.saturating_sub(top_lines.len() as u16);
        Geometry {
            top_lines,
            tabs: Rect::new(main.x, y, main.width, 1),
            list: Rect::new(main.x, y + 1, main.width, rest.saturating_sub(1)),
            side,
        }
    }

    /// Keeps both cursors in view for the body `area`; the only place the
    /// scroll offsets change.
    pub fn layout(&mut self, area: Rect, ctx: &Ctx) {
        let list = self.geometry(area, ctx).list;
        self.roll.layout(list.height);
        self.proceedings.layout(list.height);
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        if area.height < 8 {
            return;
        }
        let header = fit_line(
            self.view.header_line(ctx, self.read_only),
            usize::from(area.width),
        );
        Paragraph::new(header).render(Rect::new(area.x, area.y, area.width, 1), buf);
        let g = self.geometry(area, ctx);
        for (n, line) in g.top_lines.iter().enumerate() {
            let y = area.y + 1 + n as u16;
            Paragraph::new(line.clone()).render(Rect::new(area.x, y, g.tabs.width, 1), buf);
        }
        Paragraph::new(self.pane_tabs(ctx, g.tabs.width, g.list.height)).render(g.tabs, buf);
        match self.pane {
            Pane::Attendance => self.roll.render(g.list, buf, ctx, &self.view),
            Pane::Proceedings => self.proceedings.render(g.list, buf, ctx, &self.view),
        }
        if let Some(side) = g.side {
            Paragraph::new(self.view.figure_lines(ctx, None))
                .wrap(Wrap { trim: false })
                .render(side, buf);
        }
    }
}
