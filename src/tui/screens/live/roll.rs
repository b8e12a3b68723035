//! The roll call pane: one key per member, the cursor moving on to the next
//! member without a mark, undo and redo of each keystroke's marks.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::view::MeetingView;
use crate::domain::engine::moments;
use crate::domain::{AttendanceMark, MarkKind, RosterCategory, RowId};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::LiveForm;
use crate::tui::screens::{Effect, LiveEffect};
use crate::tui::text::{fit, safe};
use crate::tui::widgets::filter::{Filter, FilterKey};
use crate::tui::widgets::table::{step, window_start};
use crate::vi;

/// One change of a mark, for undo and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkChange {
    pub member_id: RowId,
    pub before: Option<AttendanceMark>,
    pub after: Option<AttendanceMark>,
}

#[derive(Default)]
pub struct RollCall {
    /// Roster indices in display order: the roll call first, then the
    /// exempt members (who may come), then those not called.
    order: Vec<usize>,
    folded: Vec<String>,
    selected: usize,
    /// The first row shown; kept by `layout`, never changed while drawing.
    offset: usize,
    /// Rows in view at the last layout (what a page key moves by).
    viewport: usize,
    jump: Filter,
    undo: Vec<Vec<MarkChange>>,
    redo: Vec<Vec<MarkChange>>,
}

fn category_rank(c: RosterCategory) -> u8 {
    match c {
        RosterCategory::Expected | RosterCategory::AttachedIn => 0,
        RosterCategory::Exempt => 1,
        RosterCategory::Away | RosterCategory::Suspended => 2,
    }
}

impl RollCall {
    /// The order of the roster after a reload (the cursor stays put).
    pub fn rebuild(&mut self, view: &MeetingView) {
        let mut order: Vec<usize> = (0..view.roster.entries.len()).collect();
        order.sort_by_key(|&i| category_rank(view.roster.entries[i].category));
        self.order = order;
        self.folded = view
            .roster
            .entries
            .iter()
            .map(|e| vi::fold(&e.full_name))
            .collect();
        self.selected = self.selected.min(self.order.len().saturating_sub(1));
    }

    /// The cursor on the first member without a mark.
    pub fn start(&mut self, view: &MeetingView) {
        self.selected = self.next_unmarked(view, 0).unwrap_or(0);
    }

    /// The member under the cursor, when it can be marked.
    pub fn selected_member(&self, view: &MeetingView) -> Option<RowId> {
        let entry = &view.roster.entries[*self.order.get(self.selected)?];
        matches!(
            entry.category,
            RosterCategory::Expected | RosterCategory::AttachedIn | RosterCategory::Exempt
        )
        .then_some(entry.member_id)
    }

    fn markable(&self, view: &MeetingView, position: usize) -> bool {
        self.order.get(position).is_some_and(|&i| {
            let e = &view.roster.entries[i];
            e.category.is_expected() && !view.marks.contains_key(&e.member_id)
        })
    }

    /// The next member of the roll call without a mark, from `from` on
    /// (wrapping), if any.
    fn next_unmarked(&self, view: &MeetingView, from: usize) -> Option<usize> {
        let n = self.order.len();
        (0..n)
            .map(|k| (from + k) % n)
            .find(|&p| self.markable(view, p))
    }

    /// After a committed mark: on to the next member without one.
    pub fn advance(&mut self, view: &MeetingView) {
        let from = (self.selected + 1).min(self.order.len().saturating_sub(1));
        if let Some(next) = self.next_unmarked(view, from) {
            self.selected = next;
        } else if self.selected + 1 < self.order.len() {
            self.selected += 1;
        }
    }

    /// Remembers one keystroke's changes (one mark, or all the rest) for undo.
    pub fn record_change(&mut self, changes: Vec<MarkChange>) {
        self.undo.push(changes);
        self.redo.clear();
    }

    /// The changes the next undo would revert (moved only once it committed).
    pub fn peek_undo(&self) -> Option<Vec<MarkChange>> {
        self.undo.last().cloned()
    }

    pub fn peek_redo(&self) -> Option<Vec<MarkChange>> {
        self.redo.last().cloned()
    }

    /// An undo (or redo) committed: its entry moves to the other stack.
    pub fn commit_undo(&mut self, undo: bool) {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        if let Some(changes) = from.pop() {
            to.push(changes);
        }
    }

    pub fn is_typing(&self) -> bool {
        self.jump.is_typing()
    }

    /// `/` then part of a name without accents jumps to it.
    pub fn handle_text(&mut self, key: &KeyEvent) {
        match self.jump.handle_key(key) {
            FilterKey::Changed => {
                if !self.jump.query().is_empty()
                    && let Some(pos) = self
                        .order
                        .iter()
                        .position(|&i| self.jump.matches(&self.folded[i]))
                {
                    self.selected = pos;
                }
            }
            FilterKey::Done => self.jump.clear(),
            FilterKey::Up => self.selected = step(self.selected, -1, self.order.len()),
            FilterKey::Down => self.selected = step(self.selected, 1, self.order.len()),
            FilterKey::Ignored => {}
        }
    }

    pub fn handle(&mut self, action: Action, view: &MeetingView, ctx: &Ctx) -> Vec<Effect> {
        let meeting_id = view.meeting.id;
        let len = self.order.len();
        let kind = match action {
            Action::Present => Some(MarkKind::Present),
            Action::Late => Some(MarkKind::Late),
            Action::Unexcused => Some(MarkKind::AbsentUnexcused),
            Action::LeftEarly => Some(MarkKind::LeftEarly),
            _ => None,
        };
        if let Some(kind) = kind {
            let timed = matches!(kind, MarkKind::Late | MarkKind::LeftEarly);
            let typed_up = moments::mark_time(&view.meeting, ctx.clock.now()).is_none();
            return match self.selected_member(view) {
                // Typed up after the day: the arrival (or leaving) time is
                // asked, never taken from the clock or the planned time.
                Some(member_id) if timed && typed_up => {
                    vec![Effect::form(LiveForm::TimedMark {
                        meeting_id,
                        member_id,
                        kind,
                    })]
                }
                Some(member_id) => vec![Effect::Live(LiveEffect::Mark {
                    meeting_id,
                    member_id,
                    kind,
                    reason: String::new(),
                })],
                None => vec![Effect::Refuse(ctx.t("live.not_called").to_string())],
            };
        }
        let page = self.page();
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::PageUp => self.selected = step(self.selected, -page, len),
            Action::PageDown => self.selected = step(self.selected, page, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Filter => self.jump.start(),
            Action::Excused => {
                if let Some(member_id) = self.selected_member(view) {
                    return vec![Effect::form(LiveForm::Reason {
                        meeting_id,
                        member_id,
                    })];
                }
            }
            Action::ClearMark => {
                if let Some(member_id) = self.selected_member(view)
                    && view.marks.contains_key(&member_id)
                {
                    return vec![Effect::Live(LiveEffect::ClearMark {
                        meeting_id,
                        member_id,
                    })];
                }
            }
            Action::EditTime => {
                if let Some(member_id) = self.selected_member(view)
                    && view
                        .marks
                        .get(&member_id)
                        .is_some_and(|m| matches!(m.kind, MarkKind::Late | MarkKind::LeftEarly))
                {
                    return vec![Effect::form(LiveForm::MarkTime {
                        meeting_id,
                        member_id,
                    })];
                }
            }
            Action::AllPresent => {
                let rest = view.figures.unmarked;
                if rest > 0 {
                    return vec![Effect::Confirm {
                        message: ctx.strings.fmt("live.confirm_all", &[("n", &rest)]),
                        then: Box::new(Effect::Live(LiveEffect::MarkAllPresent(meeting_id))),
                    }];
                }
            }
            Action::Undo => return vec![Effect::Live(LiveEffect::UndoMark)],
            Action::Redo => return vec![Effect::Live(LiveEffect::RedoMark)],
            Action::Dues => {
                if let Some(member_id) = self.selected_member(view) {
                    let paid = view.dues.get(&member_id).copied().unwrap_or(false);
                    return vec![Effect::Live(LiveEffect::SetDues {
                        member_id,
                        paid: !paid,
                    })];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Rows moved by a page key (the last layout's height).
    fn page(&self) -> isize {
        self.viewport.max(2) as isize - 1
    }

    /// Keeps the cursor in view for a list of `height` rows, moving the
    /// window as little as possible.
    pub fn layout(&mut self, height: u16) {
        let rows = self.rows(height);
        self.viewport = rows;
        self.offset = window_start(self.selected, self.offset, rows, self.order.len());
    }

    /// The rows for members: the list's height less the jump line.
    fn rows(&self, height: u16) -> usize {
        usize::from(height).saturating_sub(usize::from(self.jump.is_typing()))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, view: &MeetingView) {
        let t = &ctx.theme;
        let mut top = area.y;
        if self.jump.render_input(
            ctx.t("live.jump"),
            t.key,
            Rect::new(area.x, top, area.width, 1),
            buf,
        ) {
            top += 1;
        }
        let h = self.rows(area.height);
        let start = window_start(self.selected, self.offset, h, self.order.len());
        let name_w = 26usize.min(usize::from(area.width) / 2);
        for (n, &i) in self.order.iter().skip(start).take(h).enumerate() {
            let e = &view.roster.entries[i];
            let (label, marked) = view.mark_label(ctx, e.member_id, e.category);
            let status = if e.is_official() {
                ctx.t("live.official_short")
            } else {
                ctx.t("live.probationary_short")
            };
            let dues =
                if e.category == RosterCategory::Away || e.category == RosterCategory::Suspended {
                    String::new()
                } else if view.dues.get(&e.member_id).copied().unwrap_or(false) {
                    ctx.t("live.dues_paid").to_string()
                } else {
                    ctx.t("live.dues_unpaid").to_string()
                };
            // ⚠: the rules over the cell's history say something of this
            // member (the history tab's warnings tell what).
            let mark = if view.warned.contains(&e.member_id) {
                " ⚠"
            } else {
                ""
            };
            let name = fit(&safe(&e.full_name), name_w.saturating_sub(mark.width())).into_owned();
            let name = format!("{name}{mark}");
            let name_pad = " ".repeat(name_w.saturating_sub(name.width()));
            let room = usize::from(area.width).saturating_sub(dues.width() + 1);
            let text = format!("{name}{name_pad} {status:<3} {label}");
            let text = fit(&text, room).into_owned();
            let pad = " ".repeat(room.saturating_sub(text.width()));
            let style = if marked || e.category.is_expected() {
                t.base
            } else {
                t.muted
            };
            let mut line = Line::from(vec![
                Span::styled(format!("{text}{pad} "), style),
                Span::styled(dues, t.muted),
            ]);
            if start + n == self.selected {
                line = line.patch_style(t.selected);
            }
            Paragraph::new(line).render(Rect::new(area.x, top + n as u16, area.width, 1), buf);
        }
    }

    /// "start–end/len" of the rows in view, when they do not all fit.
    pub fn window(&self, height: u16) -> Option<(usize, usize, usize)> {
        let h = self.rows(height);
        let len = self.order.len();
        (len > h).then(|| {
            let start = window_start(self.selected, self.offset, h, len);
            (start + 1, (start + h).min(len), len)
        })
    }
}
