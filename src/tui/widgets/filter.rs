//! The `/` filter of a list: typed as you go, diacritic-insensitive.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use crate::vi;

#[derive(Default)]
pub struct Filter {
    editing: Option<TextArea<'static>>,
    folded: String,
    shown: String,
}

/// What a key did to the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    /// The query changed: refilter.
    Changed,
    /// Typing ended; the query stays.
    Done,
    /// Moves in the list while typing.
    Up,
    Down,
    Ignored,
}

impl Filter {
    pub fn start(&mut self) {
        let mut input = TextArea::new(vec![self.shown.clone()]);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        input.set_cursor_line_style(Style::default());
        input.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        self.editing = Some(input);
    }

    pub fn is_typing(&self) -> bool {
        self.editing.is_some()
    }

    /// The folded query ("" when none).
    pub fn query(&self) -> &str {
        &self.folded
    }

    /// The query as typed.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn matches(&self, folded_text: &str) -> bool {
        vi::matches_folded(folded_text, &self.folded)
    }

    pub fn clear(&mut self) {
        self.editing = None;
        self.folded.clear();
        self.shown.clear();
    }

    fn sync(&mut self) {
        if let Some(input) = &self.editing {
            self.shown = vi::nfc(&input.lines().join(" "));
            self.folded = vi::fold(&self.shown);
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> FilterKey {
        let Some(input) = self.editing.as_mut() else {
            return FilterKey::Ignored;
        };
        match key.code {
            KeyCode::Enter => {
                self.editing = None;
                FilterKey::Done
            }
            KeyCode::Esc => {
                self.clear();
                FilterKey::Changed
            }
            KeyCode::Up => FilterKey::Up,
            KeyCode::Down => FilterKey::Down,
            KeyCode::Tab | KeyCode::BackTab => FilterKey::Ignored,
            _ => {
                if input.input(*key) {
                    self.sync();
                    FilterKey::Changed
                } else {
                    FilterKey::Ignored
                }
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(input) = self.editing.as_mut() {
            input.insert_str(vi::strip_controls(text));
            self.sync();
        }
    }

    /// Draws "label query" on one line while the query is being typed;
    /// false when it is not (the caller draws its own line).
    pub fn render_input(
        &self,
        label: &str,
        label_style: Style,
        area: Rect,
        buf: &mut Buffer,
    ) -> bool {
        let Some(input) = self.editing.as_ref() else {
            return false;
        };
        let label = format!("{label} ");
        let w = (label.width() as u16).min(area.width);
        Paragraph::new(Span::styled(label, label_style)).render(area, buf);
        input.render(
            Rect::new(area.x + w, area.y, area.width.saturating_sub(w), 1),
            buf,
        );
        true
    }
}
