//! A text to read in a box: the record read back, the help, a message. It
//! wraps its lines to the box (nothing is cut at the right edge), scrolls
//! with the keys of the `[reading]` keymap section, and says where it is.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthChar;

use super::popup::centered;
use crate::tui::Ctx;
use crate::tui::action::Action;

/// Where the box sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The whole screen under the header, every column for the text (a
    /// document laid out for 80 columns fits an 80-column terminal).
    Full,
    /// A centred box sized to its text.
    Centered,
}

/// What a key did to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderOutcome {
    Keep,
    Close,
}

pub struct Reader {
    pub title: String,
    lines: Vec<Line<'static>>,
    placement: Placement,
    /// The first row shown.
    top: usize,
}

/// The widest a centred box grows.
const CENTERED_WIDTH: u16 = 76;

impl Reader {
    pub fn new(title: String, lines: Vec<Line<'static>>, placement: Placement) -> Reader {
        Reader {
            title,
            lines,
            placement,
            top: 0,
        }
    }

    /// The reader's box within `area` (the whole terminal).
    fn frame(&self, area: Rect) -> Rect {
        match self.placement {
            Placement::Full => Rect::new(
                area.x,
                area.y + 1,
                area.width,
                area.height.saturating_sub(2),
            ),
            Placement::Centered => {
                let width = area.width.saturating_sub(4).min(CENTERED_WIDTH);
                let rows = self.rows(width.saturating_sub(2)).len() as u16;
                centered(area, width, (rows + 2).min(area.height.saturating_sub(2)))
            }
        }
    }

    fn block(&self) -> Block<'static> {
        match self.placement {
            Placement::Full => Block::default().borders(Borders::TOP | Borders::BOTTOM),
            Placement::Centered => Block::default().borders(Borders::ALL),
        }
    }

    /// The lines wrapped to `width` columns.
    fn rows(&self, width: u16) -> Vec<Line<'static>> {
        self.lines
            .iter()
            .flat_map(|line| wrap_line(line, usize::from(width.max(1))))
            .collect()
    }

    /// Scrolls (or closes) on an action of the `[reading]` section; `area`
    /// is the whole terminal.
    pub fn handle(&mut self, action: Option<Action>, area: Rect) -> ReaderOutcome {
        let inner = self.block().inner(self.frame(area));
        let height = usize::from(inner.height).max(1);
        let last = self.rows(inner.width).len().saturating_sub(height);
        let page = height.saturating_sub(1).max(1);
        self.top = match action {
            Some(Action::Up) => self.top.saturating_sub(1),
            Some(Action::Down) => self.top + 1,
            Some(Action::PageUp) => self.top.saturating_sub(page),
            Some(Action::PageDown) => self.top + page,
            Some(Action::Top) => 0,
            Some(Action::Bottom) => last,
            Some(Action::Back | Action::Cancel) => return ReaderOutcome::Close,
            _ => self.top,
        }
        .min(last);
        ReaderOutcome::Keep
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let frame = self.frame(area);
        let block = self.block();
        let inner = block.inner(frame);
        let rows = self.rows(inner.width);
        let height = usize::from(inner.height);
        let top = self.top.min(rows.len().saturating_sub(height));
        let close = ctx.keymap.keys_of(&["reading"], Action::Back);
        let mut hint = format!(" {close} {} ", ctx.t("reading.close"));
        if rows.len() > height {
            let scroll = ctx.keymap.keys_of(&["reading"], Action::PageDown);
            hint = format!(
                " {} · {scroll} {} ·{hint}",
                ctx.strings.fmt(
                    "reading.position",
                    &[
                        ("from", &(top + 1)),
                        ("to", &(top + height).min(rows.len())),
                        ("total", &rows.len()),
                    ],
                ),
                ctx.t("reading.scroll"),
            );
        }
        Clear.render(frame, buf);
        block
            .border_style(ctx.theme.border)
            .title(Span::styled(format!(" {} ", self.title), ctx.theme.title))
            .title_bottom(Span::styled(hint, ctx.theme.muted))
            .render(frame, buf);
        let shown: Vec<Line> = rows.into_iter().skip(top).take(height).collect();
        Paragraph::new(shown).render(inner, buf);
    }
}

/// Breaks a line into rows of at most `width` columns, at a space where
/// there is one, keeping each character's style.
pub fn wrap_line(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|span| {
            let style = line.style.patch(span.style);
            span.content.chars().map(move |c| (c, style))
        })
        .collect();
    let total: usize = cells.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
    if total <= width {
        return vec![line.clone()];
    }
    let mut rows = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < cells.len() {
            let w = cells[end].0.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            if cells[end].0 == ' ' {
                last_space = Some(end);
            }
            used += w;
            end += 1;
        }
        if end == start {
            // A character wider than the row: shown alone.
            end = start + 1;
        } else if end < cells.len()
            && let Some(space) = last_space.filter(|&s| s > start)
        {
            end = space + 1;
        }
        rows.push(to_line(&cells[start..end]));
        start = end;
        // A continuation does not start with the space it broke at.
        while start < cells.len() && cells[start].0 == ' ' && start > 0 {
            start += 1;
        }
    }
    rows
}

fn to_line(cells: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for &(c, s) in cells {
        if style.is_some_and(|current| current != s) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(s);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_keep_every_character() {
        let line = Line::from("ĐẢNG CỘNG SẢN VIỆT NAM ngày 25 tháng 11 năm 2026");
        let rows: Vec<String> = wrap_line(&line, 20).iter().map(text).collect();
        assert_eq!(
            rows,
            vec!["ĐẢNG CỘNG SẢN VIỆT ", "NAM ngày 25 tháng ", "11 năm 2026"]
        );
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut_into_rows() {
        let line = Line::from("abcdefghij");
        let rows: Vec<String> = wrap_line(&line, 4).iter().map(text).collect();
        assert_eq!(rows, vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn short_lines_are_untouched() {
        let line = Line::from("Có mặt 21");
        assert_eq!(wrap_line(&line, 20), vec![line]);
    }
}
