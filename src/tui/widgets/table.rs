//! Lists drawn as tables: the columns that fit the width, only the visible
//! rows ever built, every cell cut with a sign rather than silently.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::fit;

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

/// Where a movement action takes position `at` among `len`, a page being
/// `page` rows; None for an action that is not a movement.
pub fn moved(action: Action, at: usize, len: usize, page: usize) -> Option<usize> {
    let page = page.max(1) as isize;
    Some(match action {
        Action::Up => step(at, -1, len),
        Action::Down => step(at, 1, len),
        Action::PageUp => step(at, -page, len),
        Action::PageDown => step(at, page, len),
        Action::Top => 0,
        Action::Bottom => len.saturating_sub(1),
        _ => return None,
    })
}

/// How wide a column wants to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Its widest content; never narrower than its header.
    Fixed(u16),
    /// What the other columns leave, shared with the other fill columns.
    Fill { min: u16 },
}

#[derive(Debug, Clone)]
pub struct Column<'a> {
    pub header: &'a str,
    pub width: Width,
    /// 0: always shown. Others give way, the highest first, when the fill
    /// columns would be narrower than their minimum.
    pub drop: u8,
}

impl<'a> Column<'a> {
    pub fn fixed(header: &'a str, width: usize) -> Column<'a> {
        let width = width.max(header.width());
        Column {
            header,
            width: Width::Fixed(u16::try_from(width).unwrap_or(u16::MAX)),
            drop: 0,
        }
    }

    pub fn fill(header: &'a str, min: u16) -> Column<'a> {
        Column {
            header,
            width: Width::Fill { min },
            drop: 0,
        }
    }

    /// A fixed column as wide as the widest of `texts`.
    pub fn widest<'t>(header: &'a str, texts: impl IntoIterator<Item = &'t str>) -> Column<'a> {
        let width = texts.into_iter().map(UnicodeWidthStr::width).max();
        Column::fixed(header, width.unwrap_or(0))
    }

    /// Gives way at `rank` when the width is short (see `drop`).
    pub fn optional(mut self, rank: u8) -> Column<'a> {
        self.drop = rank;
        self
    }

    fn wanted(&self) -> u16 {
        match self.width {
            Width::Fixed(w) => w,
            Width::Fill { min } => min,
        }
    }
}

/// A column placed on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Its index in the columns given.
    pub index: usize,
    pub x: u16,
    pub width: u16,
}

const SPACING: u16 = 1;

/// The columns that are shown in `width`, where and how wide.
pub fn place(columns: &[Column], width: u16) -> Vec<Placed> {
    let mut kept: Vec<usize> = (0..columns.len()).collect();
    let needed = |kept: &[usize]| -> u32 {
        let gaps = u32::from(SPACING) * kept.len().saturating_sub(1) as u32;
        kept.iter()
            .map(|&i| u32::from(columns[i].wanted()))
            .sum::<u32>()
            + gaps
    };
    let mut dropped = Vec::new();
    while needed(&kept) > u32::from(width) {
        // The highest rank goes first; of equal ranks, the rightmost.
        let Some(pos) = kept
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[**i].drop > 0)
            .max_by_key(|(pos, i)| (columns[**i].drop, *pos))
            .map(|(pos, _)| pos)
        else {
            break;
        };
        dropped.push(kept.remove(pos));
    }
    // A narrow column dropped before a wide one may fit once the wide one
    // is gone: the dropped ones come back, the most wanted first.
    for &index in dropped.iter().rev() {
        let mut with = kept.clone();
        with.push(index);
        with.sort_unstable();
        if needed(&with) <= u32::from(width) {
            kept = with;
        }
    }
    let fixed: u32 = kept
        .iter()
        .filter_map(|&i| match columns[i].width {
            Width::Fixed(w) => Some(u32::from(w)),
            Width::Fill { .. } => None,
        })
        .sum();
    let fills = kept
        .iter()
        .filter(|&&i| matches!(columns[i].width, Width::Fill { .. }))
        .count() as u32;
    let gaps = u32::from(SPACING) * kept.len().saturating_sub(1) as u32;
    let spare = u32::from(width).saturating_sub(fixed + gaps);
    let mut extra = spare % fills.max(1);
    let mut placed = Vec::new();
    let mut x: u32 = 0;
    for &index in &kept {
        let mut w = match columns[index].width {
            Width::Fixed(w) => u32::from(w),
            Width::Fill { .. } => {
                let share = spare / fills.max(1) + u32::from(extra > 0);
                extra = extra.saturating_sub(1);
                share
            }
        };
        if x >= u32::from(width) {
            break;
        }
        // Still too narrow after dropping all it could: the columns on the
        // right are narrowed, and their cells cut with a sign.
        w = w.min(u32::from(width) - x);
        placed.push(Placed {
            index,
            x: x as u16,
            width: w as u16,
        });
        x += w + u32::from(SPACING);
    }
    placed
}

/// A list drawn as a table of which only the visible rows are built: the
/// window follows the selection, which is shown reversed.
pub struct ListTable<'a> {
    pub columns: Vec<Column<'a>>,
    pub len: usize,
    pub selected: usize,
}

impl ListTable<'_> {
    /// Rows that fit under the header in `area`.
    pub fn visible_rows(area: Rect) -> usize {
        usize::from(area.height.saturating_sub(1))
    }

    /// Draws the header and the rows `row(position)` (one span per column
    /// given) of the window starting at `start`.
    pub fn render<'r>(
        self,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Ctx,
        start: usize,
        mut row: impl FnMut(usize) -> Vec<Span<'r>>,
    ) -> Range<usize> {
        let t = &ctx.theme;
        let placed = place(&self.columns, area.width);
        let end = (start + ListTable::visible_rows(area)).min(self.len);
        if area.height == 0 {
            return start..start;
        }
        let header: Vec<Span> = self
            .columns
            .iter()
            .map(|c| Span::styled(c.header, t.header))
            .collect();
        draw_row(buf, area, area.y, &placed, &header, t.header);
        for (n, position) in (start..end).enumerate() {
            let style = if position == self.selected {
                t.selected
            } else {
                t.base
            };
            let y = area.y + 1 + n as u16;
            draw_row(buf, area, y, &placed, &row(position), style);
        }
        start..end
    }
}

fn draw_row(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    placed: &[Placed],
    cells: &[Span],
    style: ratatui::style::Style,
) {
    buf.set_style(Rect::new(area.x, y, area.width, 1), style);
    for p in placed {
        let Some(cell) = cells.get(p.index) else {
            continue;
        };
        let text = fit(&cell.content, usize::from(p.width));
        buf.set_stringn(
            area.x + p.x,
            y,
            text,
            usize::from(p.width),
            style.patch(cell.style),
        );
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

    #[test]
    fn movements_by_row_page_and_end() {
        assert_eq!(moved(Action::Down, 0, 150, 20), Some(1));
        assert_eq!(moved(Action::PageDown, 0, 150, 20), Some(20));
        assert_eq!(moved(Action::PageDown, 140, 150, 20), Some(149));
        assert_eq!(moved(Action::PageUp, 30, 150, 20), Some(10));
        // before the first frame the page is unknown: a row at least
        assert_eq!(moved(Action::PageUp, 30, 150, 0), Some(29));
        assert_eq!(moved(Action::Bottom, 3, 150, 20), Some(149));
        assert_eq!(moved(Action::Top, 99, 150, 20), Some(0));
        assert_eq!(moved(Action::Bottom, 0, 0, 20), Some(0));
        assert_eq!(moved(Action::Open, 3, 150, 20), None);
    }

    fn widths(columns: &[Column], width: u16) -> Vec<(usize, u16)> {
        place(columns, width)
            .into_iter()
            .map(|p| (p.index, p.width))
            .collect()
    }

    #[test]
    fn columns_are_as_wide_as_their_headers() {
        let columns = [Column::fixed("Thời lượng", 8), Column::fill("Chủ đề", 6)];
        assert_eq!(widths(&columns, 30), [(0, 10), (1, 19)]);
    }

    #[test]
    fn optional_columns_give_way_highest_first() {
        let columns = [
            Column::fill("Tên", 10),
            Column::fixed("A", 10).optional(1),
            Column::fixed("B", 10).optional(2),
            Column::fixed("C", 10),
        ];
        assert_eq!(widths(&columns, 43), [(0, 10), (1, 10), (2, 10), (3, 10)]);
        assert_eq!(widths(&columns, 42), [(0, 20), (1, 10), (3, 10)]);
        assert_eq!(widths(&columns, 30), [(0, 19), (3, 10)]);
        // B gave way before A; once A is gone too, B fits again
        let columns = [
            Column::fill("Tên", 10),
            Column::fixed("A", 20).optional(1),
            Column::fixed("B", 4).optional(2),
        ];
        assert_eq!(widths(&columns, 20), [(0, 15), (2, 4)]);
        let columns = [
            Column::fill("Tên", 10),
            Column::fixed("A", 10).optional(1),
            Column::fixed("B", 10).optional(2),
            Column::fixed("C", 10),
        ];
        // nothing left to drop: the right-hand columns are narrowed
        assert_eq!(widths(&columns, 15), [(0, 4), (3, 10)]);
        let placed = place(&columns, 15);
        assert_eq!(placed[1].x, 5);
    }
}
