//! Scrolling for long lists: only the visible rows are ever built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell as TableCell, Row, Table, Widget};

use crate::tui::Ctx;

/// The first row to show so that `selected` is visible in `height` rows,
/// moving the window as little as possible from `offset`.
pub fn window_start(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    if height == 0 || len == 0 {
        return 0;
    }
    let max_start = len.saturating_sub(height);
    let start = if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    };
    start.min(max_start)
}

/// Moves a selection by `delta` within `len` rows, clamped.
pub fn step(selected: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let target = selected as isize + delta;
    target.clamp(0, len as isize - 1) as usize
}

/// A list drawn as a table of which only the visible rows are built: the
/// window follows the selection, which is shown reversed.
pub struct ListTable<'a> {
    pub header: Vec<&'a str>,
    pub widths: Vec<Constraint>,
    pub len: usize,
    pub selected: usize,
}

impl ListTable<'_> {
    /// Draws rows `row(position)` for the visible window; `offset` keeps the
    /// window between frames.
    pub fn render<'r>(
        self,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Ctx,
        offset: &std::cell::Cell<usize>,
        mut row: impl FnMut(usize) -> Vec<TableCell<'r>>,
    ) {
        let t = &ctx.theme;
        let height = usize::from(area.height.saturating_sub(1));
        let start = window_start(self.selected, offset.get(), height, self.len);
        offset.set(start);
        let end = (start + height).min(self.len);
        let rows = (start..end).map(|position| {
            let style = if position == self.selected {
                t.selected
            } else {
                t.base
            };
            Row::new(row(position)).style(style)
        });
        Table::new(rows, self.widths)
            .header(Row::new(self.header).style(t.header))
            .column_spacing(1)
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_follows_the_selection() {
        assert_eq!(window_start(0, 0, 10, 100), 0);
        assert_eq!(window_start(9, 0, 10, 100), 0);
        assert_eq!(window_start(10, 0, 10, 100), 1);
        assert_eq!(window_start(5, 20, 10, 100), 5);
        assert_eq!(window_start(99, 0, 10, 100), 90);
        assert_eq!(window_start(3, 50, 10, 5), 0);
    }

    #[test]
    fn steps_are_clamped() {
        assert_eq!(step(0, -1, 10), 0);
        assert_eq!(step(9, 5, 10), 9);
        assert_eq!(step(3, 2, 10), 5);
        assert_eq!(step(0, 1, 0), 0);
    }
}
