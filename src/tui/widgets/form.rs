//! A form of one-line fields (ratatui-textarea for text, so Vietnamese input,
//! readline keys and paste behave), choices cycled with ←/→/Space, an error
//! line per field, and a warning line for the whole form.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use super::popup::centered;
use crate::tui::Ctx;
use crate::tui::action::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        required: bool,
    },
    Date {
        required: bool,
    },
    /// Several lines (remarks, conclusions): Enter breaks the line.
    Multiline {
        required: bool,
    },
    /// Options as (code, label); the code is what the form returns.
    Choice {
        options: Vec<(String, String)>,
    },
}

pub struct Field {
    /// The field's name (`field.*` in the strings), also used for store errors.
    pub name: &'static str,
    pub label: String,
    pub kind: FieldKind,
    input: TextArea<'static>,
    choice: usize,
    /// Letters typed on a choice: jumps to the first option containing them.
    query: String,
    pub error: Option<String>,
    /// Hidden fields keep their value but are skipped and not drawn.
    pub hidden: bool,
}

impl Field {
    pub fn text(name: &'static str, label: String, value: &str, required: bool) -> Field {
        Field::new(name, label, FieldKind::Text { required }, value)
    }

    pub fn multiline(name: &'static str, label: String, value: &str, required: bool) -> Field {
        let mut field = Field::new(name, label, FieldKind::Multiline { required }, "");
        let lines: Vec<String> = value.split('\n').map(str::to_string).collect();
        field.input = TextArea::new(lines);
        field
            .input
            .move_cursor(ratatui_textarea::CursorMove::Bottom);
        field.input.move_cursor(ratatui_textarea::CursorMove::End);
        field.input.set_cursor_line_style(Style::default());
        field
    }

    /// Lines the field takes on screen.
    fn rows(&self) -> u16 {
        match self.kind {
            FieldKind::Multiline { .. } => 6,
            _ => 1,
        }
    }

    pub fn date(name: &'static str, label: String, value: &str, required: bool) -> Field {
        Field::new(name, label, FieldKind::Date { required }, value)
    }

    pub fn choice(
        name: &'static str,
        label: String,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> Field {
        let choice = options.iter().position(|(c, _)| c == selected).unwrap_or(0);
        let mut field = Field::new(name, label, FieldKind::Choice { options }, "");
        field.choice = choice;
        field
    }

    fn new(name: &'static str, label: String, kind: FieldKind, value: &str) -> Field {
        let mut input = TextArea::new(vec![value.to_string()]);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        input.set_cursor_line_style(Style::default());
        input.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
        Field {
            name,
            label,
            kind,
            input,
            choice: 0,
            query: String::new(),
            error: None,
            hidden: false,
        }
    }

    pub fn is_required(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Text { required: true }
                | FieldKind::Date { required: true }
                | FieldKind::Multiline { required: true }
        )
    }

    fn set(&mut self, value: &str) {
        match &self.kind {
            FieldKind::Choice { options } => {
                if let Some(i) = options.iter().position(|(c, _)| c == value) {
                    self.choice = i;
                }
            }
            _ => {
                self.input = TextArea::new(value.split('\n').map(str::to_string).collect());
                self.input.set_cursor_line_style(Style::default());
                self.input
                    .set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
                self.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
                self.input.move_cursor(ratatui_textarea::CursorMove::End);
            }
        }
    }

    /// The typed text (for a choice: the selected code).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options } => options
                .get(self.choice)
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
            FieldKind::Multiline { .. } => self.input.lines().join("\n"),
            _ => self.input.lines().join(" "),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Submit,
    Cancel,
}

/// Draws `line` on row `y` of `inner` and moves on, while a row is left
/// above the key hint.
fn put_row(buf: &mut Buffer, inner: Rect, y: &mut u16, line: Line) {
    if *y + 1 < inner.y + inner.height {
        Paragraph::new(line).render(Rect::new(inner.x, *y, inner.width, 1), buf);
        *y += 1;
    }
}

/// Where the parts of one field go.
struct FieldLayout {
    /// The label on rows of its own (a label wider than the label column).
    label: Vec<String>,
    /// The column the input starts at.
    input_x: u16,
    error: Vec<String>,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form (a duplicate, a store error).
    pub warning: Option<String>,
    dirty: bool,
    /// Enter saves from any field (short forms used under time pressure).
    pub enter_saves: bool,
}

impl Form {
    pub fn new(title: String, fields: Vec<Field>) -> Form {
        let mut form = Form {
            title,
            fields,
            focus: 0,
            warning: None,
            dirty: false,
            enter_saves: false,
        };
        let first = form.visible().next().unwrap_or(0);
        form.focus_on(first);
        form
    }

    fn visible(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.fields.len()).filter(|i| !self.fields[*i].hidden)
    }

    /// True once anything was typed.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    pub fn value(&self, name: &str) -> String {
        self.field(name).map(Field::value).unwrap_or_default()
    }

    /// Fills a field with a stored value (a record being corrected): the
    /// text of a text field, the code of a choice.
    pub fn set_value(&mut self, name: &str, value: &str) {
        if let Some(field) = self.field_mut(name) {
            field.set(value);
        }
    }

    pub fn set_error(&mut self, name: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.fields[i].error = Some(message);
        } else {
            self.warning = Some(message);
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.warning = None;
    }

    /// Focuses the first field with an error.
    pub fn focus_first_error(&mut self) {
        let first = self.visible().find(|i| self.fields[*i].error.is_some());
        if let Some(i) = first {
            self.focus_on(i);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// Focuses a field with its text selected, so typing replaces a
    /// prefilled value and an arrow key keeps it for editing.
    fn focus_on(&mut self, index: usize) {
        if let Some(old) = self.fields.get_mut(self.focus) {
            old.input.cancel_selection();
            old.query.clear();
        }
        self.focus = index;
        // A one-line value is selected, so that typing replaces it; a long
        // text keeps its cursor at the end, where a correction usually
        // goes (one key must never throw a remark away).
        if let Some(field) = self.fields.get_mut(index)
            && matches!(field.kind, FieldKind::Text { .. } | FieldKind::Date { .. })
            && !field.input.is_empty()
        {
            field.input.select_all();
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let visible: Vec<usize> = self.visible().collect();
        if visible.is_empty() {
            return;
        }
        let at = visible.iter().position(|i| *i == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % visible.len()
        } else {
            (at + visible.len() - 1) % visible.len()
        };
        self.focus_on(visible[next]);
    }

    fn on_last_field(&self) -> bool {
        self.visible().last() == Some(self.focus)
    }

    /// Handles one key; `action` is what the keymap's [form] section says it is.
    pub fn handle_key(&mut self, event: &KeyEvent, action: Option<Action>) -> FormOutcome {
        let multiline = self
            .fields
            .get(self.focus)
            .is_some_and(|f| matches!(f.kind, FieldKind::Multiline { .. }));
        // In a multi-line field, arrows and Enter edit the text.
        let action = match action {
            Some(Action::NextField | Action::PrevField)
                if multiline && matches!(event.code, KeyCode::Up | KeyCode::Down) =>
            {
                None
            }
            other => other,
        };
        if multiline && event.code == KeyCode::Enter && action.is_none() {
            if let Some(field) = self.fields.get_mut(self.focus) {
                field.input.insert_newline();
                self.dirty = true;
            }
            return FormOutcome::Continue;
        }
        // The same editing keys in every text field of every form (the
        // keymap's [form] section), whatever the editor would do by itself.
        if let Some(edit @ (Action::ClearLine | Action::Undo | Action::Redo)) = action {
            if let Some(field) = self.fields.get_mut(self.focus)
                && !matches!(field.kind, FieldKind::Choice { .. })
            {
                let changed = match edit {
                    Action::ClearLine => field.input.delete_line_by_head(),
                    Action::Undo => field.input.undo(),
                    _ => field.input.redo(),
                };
                if changed {
                    field.error = None;
                    self.dirty = true;
                }
            }
            return FormOutcome::Continue;
        }
        match action {
            Some(Action::Save) => return FormOutcome::Submit,
            Some(Action::Cancel) => return FormOutcome::Cancel,
            Some(Action::NextField) => {
                self.move_focus(true);
                return FormOutcome::Continue;
            }
            Some(Action::PrevField) => {
                self.move_focus(false);
                return FormOutcome::Continue;
            }
            _ => {}
        }
        if event.code == KeyCode::Enter {
            if self.on_last_field() || self.enter_saves {
                return FormOutcome::Submit;
            }
            self.move_focus(true);
            return FormOutcome::Continue;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Continue;
        };
        if let FieldKind::Choice { options } = &field.kind {
            let n = options.len().max(1);
            match event.code {
                KeyCode::Right | KeyCode::Char(' ') if field.query.is_empty() => {
                    field.choice = (field.choice + 1) % n
                }
                KeyCode::Left => field.choice = (field.choice + n - 1) % n,
                KeyCode::Right => field.choice = (field.choice + 1) % n,
                KeyCode::Backspace => {
                    field.query.pop();
                }
                KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                    field.query.push(c);
                    let wanted = crate::vi::fold(&field.query);
                    if let Some(i) = options
                        .iter()
                        .position(|(_, label)| crate::vi::fold(label).contains(&wanted))
                    {
                        field.choice = i;
                    }
                }
                _ => return FormOutcome::Continue,
            }
            field.error = None;
            self.dirty = true;
            return FormOutcome::Continue;
        }
        // Keep text fields single-line: no newline, no tab characters.
        if matches!(event.code, KeyCode::Tab | KeyCode::BackTab)
            || (!multiline
                && event.code == KeyCode::Char('m')
                && event.modifiers.contains(KeyModifiers::CONTROL))
        {
            return FormOutcome::Continue;
        }
        if field.input.input(*event) {
            field.error = None;
            self.dirty = true;
        }
        FormOutcome::Continue
    }

    /// Pasted text goes into the focused text field as one line.
    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && !matches!(field.kind, FieldKind::Choice { .. })
        {
            let keep_lines = matches!(field.kind, FieldKind::Multiline { .. });
            let line: String = text
                .chars()
                .map(|c| {
                    if c.is_control() && !(keep_lines && c == '\n') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            field.input.insert_str(line);
            self.dirty = true;
        }
    }

    /// The label column: as wide as the labels, at most half the box; a
    /// longer label goes on its own rows above its field.
    fn label_width(&self, inner_width: u16) -> u16 {
        self.visible()
            .map(|i| self.fields[i].label.width() + 3)
            .max()
            .unwrap_or(10)
            .min(usize::from(inner_width / 2)) as u16
    }

    /// How a field is drawn at `inner_width`: the label's rows (empty when
    /// it sits in the label column), the input's rows, the error's rows.
    fn field_layout(&self, field: &Field, inner_width: u16) -> FieldLayout {
        let label_width = self.label_width(inner_width);
        let wrap = |text: &str, first: &str, rest: &str| {
            crate::documents::layout::wrap(text, usize::from(inner_width.max(10)), first, rest)
        };
        let star = if field.is_required() { "*" } else { "" };
        let label = format!("{}{star}", field.label);
        // The marker, the star and a space fit in the 3 columns added.
        let stacked = field.label.width() + 3 > usize::from(label_width);
        FieldLayout {
            label: if stacked {
                wrap(&label, " ", " ")
            } else {
                Vec::new()
            },
            input_x: if stacked { 2 } else { label_width },
            error: field
                .error
                .as_deref()
                .map(|e| wrap(&format!("⚠ {e}"), "  ", "    "))
                .unwrap_or_default(),
        }
    }

    /// Lines needed to draw the form's body, the warning wrapped to `warning`.
    fn body_height(&self, warning: &[String], inner_width: u16) -> u16 {
        let fields = self
            .visible()
            .map(|i| {
                let field = &self.fields[i];
                let layout = self.field_layout(field, inner_width);
                field.rows() + (layout.label.len() + layout.error.len()) as u16
            })
            .sum::<u16>();
        fields + warning.len() as u16 + 2
    }

    /// The warning, wrapped to the form's inner width (never cut off).
    fn warning_lines(&self, inner_width: u16) -> Vec<String> {
        match &self.warning {
            Some(w) => crate::documents::layout::wrap(
                &format!("⚠ {w}"),
                usize::from(inner_width.max(10)),
                "",
                "  ",
            ),
            None => Vec::new(),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let width = area.width.saturating_sub(4).min(76);
        let inner_width = width.saturating_sub(2);
        let warning = self.warning_lines(inner_width);
        let height = (self.body_height(&warning, inner_width) + 2).min(area.height);
        let popup = centered(area, width, height);
        Clear.render(popup, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(ctx.theme.border)
            .title(Span::styled(format!(" {} ", self.title), ctx.theme.title));
        let inner = block.inner(popup);
        block.render(popup, buf);

        let label_width = self.label_width(inner.width);
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        for i in self.visible() {
            let field = &self.fields[i];
            let layout = self.field_layout(field, inner.width);
            let focused = i == self.focus;
            let marker = if focused { "›" } else { " " };
            let star = if field.is_required() { "*" } else { "" };
            let label_style = if focused {
                ctx.theme.focus.add_modifier(Modifier::BOLD)
            } else {
                ctx.theme.base
            };
            for (n, text) in layout.label.iter().enumerate() {
                let mark = if n == 0 { marker } else { " " };
                let text = text.get(1..).unwrap_or("").to_string();
                put_row(
                    buf,
                    inner,
                    &mut y,
                    Line::from(vec![
                        Span::styled(mark, ctx.theme.key),
                        Span::styled(text, label_style),
                    ]),
                );
            }
            if y + 1 >= bottom {
                break;
            }
            if layout.label.is_empty() {
                let label = Line::from(vec![
                    Span::styled(marker, ctx.theme.key),
                    Span::styled(format!("{}{star}", field.label), label_style),
                ]);
                Paragraph::new(label).render(Rect::new(inner.x, y, label_width, 1), buf);
            }
            let rows = field.rows().min(bottom.saturating_sub(y + 1)).max(1);
            let input_area = Rect::new(
                inner.x + layout.input_x,
                y,
                inner.width.saturating_sub(layout.input_x),
                rows,
            );
            match &field.kind {
                FieldKind::Choice { options } => {
                    let text = options
                        .get(field.choice)
                        .map(|(_, l)| l.as_str())
                        .unwrap_or("");
                    let mut line = Line::from(vec![
                        Span::styled("◂ ", ctx.theme.muted),
                        Span::styled(
                            text.to_string(),
                            if focused {
                                ctx.theme.selected
                            } else {
                                ctx.theme.base
                            },
                        ),
                        Span::styled(" ▸", ctx.theme.muted),
                    ]);
                    if focused && !field.query.is_empty() {
                        line.push_span(Span::styled(format!("  /{}", field.query), ctx.theme.key));
                    }
                    Paragraph::new(line).render(input_area, buf);
                }
                _ => {
                    let mut input = field.input.clone();
                    // Long remarks wrap at words inside the box, so the
                    // whole text is in view while it is typed. Only the
                    // drawn copy wraps: the editor's cursor moves keep to
                    // the lines as typed.
                    if matches!(field.kind, FieldKind::Multiline { .. }) {
                        input.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
                    }
                    input.set_cursor_style(if focused {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    });
                    input.set_style(ctx.theme.base.add_modifier(Modifier::UNDERLINED));
                    input.render(input_area, buf);
                }
            }
            y += rows;
            for text in layout.error {
                put_row(
                    buf,
                    inner,
                    &mut y,
                    Line::from(Span::styled(text, ctx.theme.error)),
                );
            }
        }
        for text in warning {
            if y >= bottom.saturating_sub(1) {
                break;
            }
            let line = Line::from(Span::styled(text, ctx.theme.warn));
            Paragraph::new(line).render(Rect::new(inner.x, y, inner.width, 1), buf);
            y += 1;
        }
        let hint = format!(
            "{} {} · {} {} · {} {}",
            ctx.keymap.keys_of(&["form"], Action::NextField),
            ctx.t("form.next"),
            ctx.keymap.keys_of(&["form"], Action::Save),
            ctx.t("form.save"),
            ctx.keymap.keys_of(&["form"], Action::Cancel),
            ctx.t("form.cancel"),
        );
        if inner.height > 0 {
            let line = Line::from(Span::styled(hint, ctx.theme.muted));
            Paragraph::new(line).render(Rect::new(inner.x, bottom - 1, inner.width, 1), buf);
        }
    }
}

#[cfg(test)]
mod editing_tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_u_clears_only_the_line_before_the_cursor() {
        let mut form = Form::new(
            "t".into(),
            vec![Field::multiline(
                "text",
                "Nội dung".into(),
                "một\nhai",
                true,
            )],
        );
        let ctrl_u = key(KeyCode::Char('u'), KeyModifiers::CONTROL);
        form.handle_key(&ctrl_u, Some(Action::ClearLine));
        assert_eq!(form.value("text"), "một\n");
        for c in "ba".chars() {
            form.handle_key(&key(KeyCode::Char(c), KeyModifiers::NONE), None);
        }
        assert_eq!(form.value("text"), "một\nba");
    }

    #[test]
    fn ctrl_u_clears_a_one_line_field_entered_with_tab() {
        let mut form = Form::new(
            "t".into(),
            vec![
                Field::text("a", "A".into(), "", false),
                Field::text("b", "B".into(), "14:00", true),
            ],
        );
        form.handle_key(
            &key(KeyCode::Tab, KeyModifiers::NONE),
            Some(Action::NextField),
        );
        let ctrl_u = key(KeyCode::Char('u'), KeyModifiers::CONTROL);
        form.handle_key(&ctrl_u, Some(Action::ClearLine));
        assert_eq!(form.value("b"), "");
    }
}
