//! What lies over the screen: a form, a question, a text to read, the
//! preview of an import. Each takes the action of a key and says what came
//! of it; the app acts on that outcome in one place.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::App;
use crate::exchange::members_csv::CsvImport;
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::Purpose;
use crate::tui::screens::{Effect, Screen};
use crate::tui::text::safe;
use crate::tui::widgets::form::{Form, FormOutcome};
use crate::tui::widgets::popup::{render_confirm, render_message};
use crate::tui::widgets::reader::{Reader, ReaderOutcome};
use crate::vi;

pub(super) enum Overlay {
    Form { form: Form, purpose: Purpose },
    Question(Question),
    Reader(Reader),
    Import(ImportPreview),
}

impl Overlay {
    /// The keymap sections in force while this overlay is on top.
    pub(super) fn sections(&self) -> &'static [&'static str] {
        match self {
            Overlay::Form { .. } => &["form"],
            Overlay::Question(q) => q.kind.sections(),
            Overlay::Reader(_) => &["reading"],
            Overlay::Import(_) => &["import", "global"],
        }
    }
}

/// A yes/no question, and what a yes does.
pub(super) struct Question {
    pub message: String,
    pub then: Effect,
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuestionKind {
    /// Yes with y or Enter; Esc says no.
    Ordinary,
    /// "Discard what was typed?" after Esc on a form: a second Esc
    /// discards, as the key that asked suggests.
    Discard,
}

impl QuestionKind {
    fn sections(self) -> &'static [&'static str] {
        match self {
            QuestionKind::Ordinary => &["confirm"],
            QuestionKind::Discard => &["discard"],
        }
    }
}

pub(super) struct ImportPreview {
    pub cell_id: i64,
    pub file: PathBuf,
    pub import: CsvImport,
    pub scroll: usize,
}

/// What a key did to the import preview.
enum ImportOutcome {
    Keep,
    Save,
    Close,
}

impl ImportPreview {
    fn handle(&mut self, action: Option<Action>) -> ImportOutcome {
        let len = self.import.problems.len().max(self.import.rows.len());
        match action {
            Some(Action::Save) => return ImportOutcome::Save,
            Some(Action::Cancel | Action::Back) => return ImportOutcome::Close,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = (self.scroll + 1).min(len.saturating_sub(1)),
            _ => {}
        }
        ImportOutcome::Keep
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let s = &ctx.strings;
        let import = &self.import;
        let mut lines: Vec<Line> = Vec::new();
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lines.push(Line::from(s.fmt(
            "import.summary",
            &[
                ("file", &vi::strip_controls(&name)),
                ("rows", &import.rows.len()),
                ("problems", &import.problems.len()),
            ],
        )));
        if !import.ignored_columns.is_empty() {
            lines.push(Line::from(Span::styled(
                s.fmt(
                    "import.ignored",
                    &[(
                        "columns",
                        &vi::strip_controls(&import.ignored_columns.join(", ")),
                    )],
                ),
                ctx.theme.muted,
            )));
        }
        lines.push(Line::from(""));
        let visible = usize::from(area.height.saturating_sub(10)).max(3);
        if import.problems.is_empty() {
            for row in import.rows.iter().skip(self.scroll).take(visible) {
                let i = &row.input;
                lines.push(Line::from(format!(
                    "{:>4}  {}  {}  {}",
                    row.line,
                    safe(&i.full_name),
                    crate::tui::text::date_or_blank(i.birth_date),
                    crate::tui::text::date_or_blank(i.admitted_on),
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                s.fmt(
                    "import.confirm",
                    &[("keys", &ctx.keymap.keys_of(&["import"], Action::Save))],
                ),
                ctx.theme.key,
            )));
        } else {
            for problem in import.problems.iter().skip(self.scroll).take(visible) {
                lines.push(Line::from(Span::styled(
                    format!("⚠ {}", s.csv_problem(problem)),
                    ctx.theme.error,
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                ctx.t("import.nothing_written"),
                ctx.theme.warn,
            )));
        }
        render_message(area, buf, ctx, ctx.t("import.title"), lines);
    }
}

impl App {
    pub(super) fn ask(&mut self, message: String, then: Effect) {
        self.overlays.push(Overlay::Question(Question {
            message,
            then,
            kind: QuestionKind::Ordinary,
        }));
    }

    /// A text to read over the screen.
    pub(super) fn show(&mut self, reader: Reader) {
        self.overlays.push(Overlay::Reader(reader));
    }

    /// A key for the overlay on top.
    pub(super) fn handle_overlay_key(&mut self, key: &KeyEvent, force_quit: bool) {
        let area = self.viewport;
        let Some(top) = self.overlays.last_mut() else {
            return;
        };
        let action = self.ctx.keymap.action(top.sections(), key);
        match top {
            Overlay::Form { .. } => self.form_key(key, force_quit),
            Overlay::Reader(reader) => {
                if force_quit {
                    self.quit = true;
                } else if reader.handle(action, area) == ReaderOutcome::Close {
                    self.overlays.pop();
                }
            }
            Overlay::Question(_) => match action {
                Some(Action::Yes) => {
                    if let Some(Overlay::Question(q)) = self.overlays.pop() {
                        self.run(q.then);
                    }
                }
                Some(Action::No) => {
                    self.overlays.pop();
                }
                _ if force_quit => self.quit = true,
                _ => {}
            },
            Overlay::Import(preview) => match preview.handle(action) {
                _ if force_quit => self.quit = true,
                ImportOutcome::Keep => {}
                ImportOutcome::Close => {
                    self.overlays.pop();
                }
                ImportOutcome::Save => {
                    if let Some(Overlay::Import(preview)) = self.overlays.pop() {
                        self.import(preview);
                    }
                }
            },
        }
    }

    /// A key for the form on top: typing keeps a draft of long texts and
    /// refreshes the figures the form shows; Esc on a changed form asks
    /// before throwing the typing away.
    fn form_key(&mut self, key: &KeyEvent, force_quit: bool) {
        let action = self.ctx.keymap.action(&["form"], key);
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return;
        };
        if force_quit {
            if form.is_dirty() {
                self.ask(self.ctx.t("confirm.quit_unsaved").to_string(), Effect::Quit);
            } else {
                self.quit = true;
            }
            return;
        }
        match form.handle_key(key, action) {
            FormOutcome::Continue => self.after_typing(),
            FormOutcome::Cancel if form.is_dirty() => {
                self.overlays.push(Overlay::Question(Question {
                    message: self.ctx.t("confirm.discard").to_string(),
                    then: Effect::DiscardForm,
                    kind: QuestionKind::Discard,
                }));
            }
            FormOutcome::Cancel => {
                self.overlays.pop();
            }
            FormOutcome::Submit => {
                if let Some(Overlay::Form { form, purpose }) = self.overlays.pop() {
                    self.submit(form, purpose);
                }
            }
        }
    }

    /// Pasted text goes to the form on top, else to a screen taking text.
    pub(super) fn paste(&mut self, text: &str) {
        match self.overlays.last_mut() {
            Some(Overlay::Form { form, .. }) => {
                form.paste(text);
                self.after_typing();
            }
            Some(_) => {}
            None => {
                if let Some(screen) = self.stack.last_mut()
                    && screen.wants_text()
                {
                    screen.paste(text);
                    if let Screen::History(history) = screen
                        && let Err(e) = history.after_typing(&self.store)
                    {
                        self.fail(&e);
                    }
                }
            }
        }
    }

    /// After a change in the form on top: its draft kept, its figures
    /// refreshed.
    pub(super) fn after_typing(&mut self) {
        let Some(Overlay::Form { form, purpose }) = self.overlays.last() else {
            return;
        };
        let draft = purpose
            .draft_key()
            .filter(|_| form.is_dirty())
            .map(|key| (key, form.value("text")));
        let warning = self.form_warning(form, purpose);
        if let Some(warning) = warning
            && let Some(Overlay::Form { form, .. }) = self.overlays.last_mut()
        {
            form.warning = warning;
        }
        if let Some((key, text)) = draft
            && let Err(e) = self.store.write(|tx| tx.save_draft(&key, &text))
        {
            self.fail(&e);
        }
    }

    pub(super) fn render_overlays(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        for overlay in &self.overlays {
            match overlay {
                Overlay::Form { form, .. } => form.render(area, buf, ctx),
                Overlay::Question(q) => {
                    render_confirm(area, buf, ctx, &q.message, q.kind.sections())
                }
                Overlay::Reader(reader) => reader.render(area, buf, ctx),
                Overlay::Import(preview) => preview.render(area, buf, ctx),
            }
        }
    }
}
