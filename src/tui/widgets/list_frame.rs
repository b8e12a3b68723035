//! What every list screen draws the same way: a title line (or the filter
//! being typed) with the position at its right when the rows do not fit,
//! then the table, or a message when there is no row.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::filter::{Filter, FilterKey};
use super::table::{Column, ListTable, moved, step, window_start};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::{fit_line, wrap};

/// Which row of a list is selected, and the window shown in the last frame
/// (kept between frames so that it moves as little as possible).
#[derive(Debug, Default)]
pub struct ListState {
    selected: usize,
    offset: Cell<usize>,
    /// Rows shown in the last frame: a page.
    page: Cell<usize>,
}

impl ListState {
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn select(&mut self, position: usize) {
        self.selected = position;
    }

    /// Keeps the selection on one of `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Moves the selection for a movement action among `len` rows; false
    /// for any other action.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        match moved(action, self.selected, len, self.page.get()) {
            Some(to) => {
                self.selected = to;
                true
            }
            None => false,
        }
    }

    /// Follows a key typed into the list's filter; true when the query
    /// changed, so the rows must be filtered again (from the top).
    pub fn typed(&mut self, key: FilterKey, len: usize) -> bool {
        match key {
            FilterKey::Changed => {
                self.selected = 0;
                return true;
            }
            FilterKey::Up => self.selected = step(self.selected, -1, len),
            FilterKey::Down => self.selected = step(self.selected, 1, len),
            FilterKey::Done | FilterKey::Ignored => {}
        }
        false
    }
}

/// A list filtered as you type: which items pass, the selection among them.
#[derive(Default)]
pub struct FilteredList {
    filter: Filter,
    state: ListState,
    /// Indices of the items that pass, in order.
    shown: Vec<usize>,
    /// The query changed: the next refilter starts from the top rather
    /// than keeping the selected item.
    from_top: bool,
}

impl FilteredList {
    /// Chooses the items shown: of `items` (folded text, allowed by the
    /// screen's own toggles), those that match the query. The selected item
    /// stays selected while it is shown (a toggle, a filter cleared).
    pub fn refilter<'s>(&mut self, items: impl IntoIterator<Item = (&'s str, bool)>) {
        let was = self.selected().filter(|_| !self.from_top);
        self.from_top = false;
        self.shown = items
            .into_iter()
            .enumerate()
            .filter(|(_, (folded, allowed))| *allowed && self.filter.matches(folded))
            .map(|(i, _)| i)
            .collect();
        match was.and_then(|item| self.shown.iter().position(|&i| i == item)) {
            Some(pos) => self.state.select(pos),
            None => self.state.clamp(self.shown.len()),
        }
    }

    /// Indices of the items shown, in order.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The index of the selected item.
    pub fn selected(&self) -> Option<usize> {
        self.shown.get(self.state.selected()).copied()
    }

    /// Selects the first item shown that `is` picks.
    pub fn select_where(&mut self, is: impl Fn(usize) -> bool) {
        if let Some(pos) = self.shown.iter().position(|&i| is(i)) {
            self.state.select(pos);
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn state(&self) -> &ListState {
        &self.state
    }

    pub fn is_typing(&self) -> bool {
        self.filter.is_typing()
    }

    pub fn is_filtered(&self) -> bool {
        !self.filter.query().is_empty()
    }

    pub fn start_filter(&mut self) {
        self.filter.start();
    }

    /// Drops the query; the caller refilters.
    pub fn clear_filter(&mut self) {
        self.filter.clear();
    }

    /// A key typed into the filter; true when the caller must refilter.
    pub fn typed(&mut self, key: &KeyEvent) -> bool {
        let key = self.filter.handle_key(key);
        let changed = self.state.typed(key, self.shown.len());
        self.from_top |= changed;
        changed
    }

    /// Text pasted into the filter; the caller refilters (from the top,
    /// as when typed).
    pub fn paste(&mut self, text: &str) {
        self.filter.paste(text);
        self.from_top = true;
        self.state.select(0);
    }

    /// Moves the selection for a movement action; false for any other.
    pub fn apply(&mut self, action: Action) -> bool {
        self.state.apply(action, self.shown.len())
    }
}

/// "▲ 12/150 ▼": where the selection is, and whether rows are hidden above
/// or below; None when every row is shown.
pub fn position(ctx: &Ctx, shown: std::ops::Range<usize>, at: usize, len: usize) -> Option<String> {
    if shown.start == 0 && shown.end >= len {
        return None;
    }
    let above = if shown.start > 0 { "▲" } else { " " };
    let below = if shown.end < len { "▼" } else { " " };
    let at = ctx
        .strings
        .fmt("list.position", &[("at", &(at + 1)), ("total", &len)]);
    Some(format!("{above} {at} {below}"))
}

/// The first line of a screen: `titles` (fullest first; the first that fits
/// is drawn, else the last one cut with a sign) or the filter being typed,
/// and `position` at the right.
pub fn title_line(
    area: Rect,
    buf: &mut Buffer,
    ctx: &Ctx,
    titles: Vec<Line>,
    filter: Option<&Filter>,
    position: Option<String>,
) {
    let area = Rect::new(area.x, area.y, area.width, area.height.min(1));
    let mut left = area;
    if let Some(position) = position {
        let w = (position.width() as u16).min(area.width);
        let x = area.x + area.width - w;
        Paragraph::new(Span::styled(position, ctx.theme.muted))
            .render(Rect::new(x, area.y, w, area.height), buf);
        left.width = area.width.saturating_sub(w + 1);
    }
    if let Some(filter) = filter
        && filter.render_input(ctx.t("list.filter"), ctx.theme.key, left, buf)
    {
        return;
    }
    let room = usize::from(left.width);
    let count = titles.len();
    let title = titles
        .into_iter()
        .enumerate()
        .find(|(n, line)| line.width() <= room || n + 1 == count)
        .map(|(_, line)| fit_line(line, room));
    if let Some(title) = title {
        Paragraph::new(title).render(left, buf);
    }
}

/// " · lọc “nguyen”" while the list is filtered, else nothing.
pub fn filtered_note(ctx: &Ctx, filter: &Filter) -> String {
    if filter.shown().is_empty() {
        String::new()
    } else {
        ctx.strings
            .fmt("list.filtered", &[("query", &filter.shown())])
    }
}

/// A muted message, wrapped, from the top of `area` (a sentence is never
/// cut; what does not fit in the height is lost at the bottom only).
pub fn message(area: Rect, buf: &mut Buffer, ctx: &Ctx, text: &str) {
    let lines: Vec<Line> = wrap(text, usize::from(area.width))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, ctx.theme.muted)))
        .collect();
    Paragraph::new(lines).render(area, buf);
}

/// A list screen: title line, table or empty message, position.
pub struct ListFrame<'a> {
    /// The title line, fullest form first.
    pub titles: Vec<Line<'a>>,
    /// The list's filter, whose input takes the title line while typed.
    pub filter: Option<&'a Filter>,
    /// Said instead of the table when no row is listed.
    pub empty: String,
    pub columns: Vec<Column<'a>>,
    pub len: usize,
}

impl ListFrame<'_> {
    /// Draws the frame; `row(position)` gives one span per column and is
    /// called for the visible rows only.
    pub fn render<'r>(
        self,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Ctx,
        state: &ListState,
        row: impl FnMut(usize) -> Vec<Span<'r>>,
    ) {
        if area.height == 0 {
            return;
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.len == 0 {
            title_line(area, buf, ctx, self.titles, self.filter, None);
            // The message starts on the line of the first row, under where
            // the header would be.
            let text = Rect::new(
                body.x,
                body.y.saturating_add(1),
                body.width,
                body.height.saturating_sub(1),
            );
            message(text, buf, ctx, &self.empty);
            return;
        }
        let height = ListTable::visible_rows(body);
        let start = window_start(state.selected, state.offset.get(), height, self.len);
        state.offset.set(start);
        state.page.set(height);
        let table = ListTable {
            columns: self.columns,
            len: self.len,
            selected: state.selected,
        };
        let shown = table.render(body, buf, ctx, start, row);
        let at = position(ctx, shown, state.selected, self.len);
        title_line(area, buf, ctx, self.titles, self.filter, at);
    }
}

/// How far a text taller than its area is scrolled; the rows and the page
/// of the last frame bound the moves.
#[derive(Debug, Default)]
pub struct ScrollState {
    top: usize,
    rows: Cell<usize>,
    page: Cell<usize>,
}

impl ScrollState {
    /// Scrolls for a movement action; false for any other action.
    pub fn apply(&mut self, action: Action) -> bool {
        let page = self.page.get();
        let last_top = self.rows.get().saturating_sub(page);
        match moved(action, self.top, last_top + 1, page) {
            Some(top) => {
                self.top = top;
                true
            }
            None => false,
        }
    }

    /// Draws `title` on the first line, the position at its right, and
    /// under it the window of `rows` (already wrapped to the width).
    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, title: Line, rows: Vec<Line>) {
        if area.height == 0 {
            return;
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        let page = usize::from(body.height);
        let len = rows.len();
        self.rows.set(len);
        self.page.set(page);
        let top = self.top.min(len.saturating_sub(page));
        let end = (top + page).min(len);
        let at = position(ctx, top..end, end.saturating_sub(1), len);
        title_line(area, buf, ctx, vec![title], None, at);
        let window: Vec<Line> = rows.into_iter().skip(top).take(page).collect();
        Paragraph::new(window).render(body, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyEventState, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn filtering_keeps_the_selection_on_a_shown_item() {
        let names = ["an", "binh", "anh", "cuong"];
        let allowed = [true, true, true, false];
        let items = || names.iter().copied().zip(allowed);
        let mut list = FilteredList::default();
        list.refilter(items());
        assert_eq!(list.shown(), [0, 1, 2]);
        assert!(list.apply(Action::Bottom));
        assert_eq!(list.selected(), Some(2));
        assert!(!list.apply(Action::Open));
        // typing starts from the top again
        list.start_filter();
        assert!(list.typed(&key('a')));
        list.refilter(items());
        assert_eq!(list.shown(), [0, 2]);
        assert_eq!(list.selected(), Some(0));
        list.select_where(|i| names[i] == "anh");
        assert_eq!(list.selected(), Some(2));
        assert!(list.is_filtered());
        // the filter cleared, the item found stays selected
        list.clear_filter();
        list.refilter(items());
        assert_eq!(list.shown(), [0, 1, 2]);
        assert_eq!(list.selected(), Some(2));
        // a toggle that hides it: the selection stays in the list
        list.refilter(items().map(|(n, allowed)| (n, allowed && n != "anh")));
        assert_eq!(list.selected(), Some(1));
        // nothing shown: nothing selected
        list.refilter(items().map(|(n, _)| (n, false)));
        assert_eq!(list.selected(), None);
    }
}
