//! The app: a stack of screens, overlays on top (forms, questions, help,
//! import preview), and the one place where effects meet the store. A change
//! is shown as saved only after its transaction committed.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Ctx;
use super::action::Action;
use super::forms::Purpose;
use super::screens::agenda::AgendaScreen;
use super::screens::cells::Cells;
use super::screens::meetings::Meetings;
use super::screens::member::MemberView;
use super::screens::members::Members;
use super::screens::welcome::Welcome;
use super::screens::{Effect, Route, Screen};
use super::widgets::form::{Form, FormOutcome};
use super::widgets::popup::{render_confirm, render_help, render_message};
use crate::exchange::members_csv::CsvImport;
use crate::store::{Error, Store};
use crate::vi;

/// The smallest terminal chibo draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

mod live;
mod meetings;
mod registry;
mod submit;

enum Overlay {
    Form {
        form: Form,
        purpose: Purpose,
    },
    /// Something to read (what is missing before closing); any key closes it.
    Message {
        title: String,
        lines: Vec<String>,
    },
    /// A long text to read (the record read back): arrows scroll, Esc closes.
    Reading {
        title: String,
        lines: Vec<String>,
        scroll: u16,
    },
    Confirm {
        message: String,
        then: Effect,
    },
    Help,
    Import(ImportPreview),
}

struct ImportPreview {
    cell_id: i64,
    file: PathBuf,
    import: CsvImport,
    scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Saved(String),
    Failed(String),
}

pub struct App {
    store: Store,
    ctx: Ctx,
    stack: Vec<Screen>,
    overlays: Vec<Overlay>,
    status: Option<Status>,
    quit: bool,
}

impl App {
    /// Opens on the welcome screen when the database is empty, else on the
    /// cells.
    pub fn new(store: Store, ctx: Ctx) -> App {
        let mut app = App {
            store,
            ctx,
            stack: Vec::new(),
            overlays: Vec::new(),
            status: None,
            quit: false,
        };
        let empty = app.store.cells().map(|c| c.is_empty()).unwrap_or(false);
        if empty {
            app.stack.push(Screen::Welcome(Welcome::default()));
        } else {
            match Cells::load(&app.store, &app.ctx) {
                Ok(cells) => app.stack.push(Screen::Cells(cells)),
                Err(e) => {
                    app.fail(&e);
                    app.stack.push(Screen::Welcome(Welcome::default()));
                }
            }
        }
        // A meeting left in progress (a crash, a quit): offer to resume it.
        if let Some(m) = app
            .store
            .meetings_in_progress()
            .ok()
            .and_then(|v| v.into_iter().next())
        {
            let question = app
                .ctx
                .strings
                .fmt("live.resume_question", &[("date", &vi::date(m.date()))]);
            app.ask(question, Effect::Resume(m.id));
        }
        app
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The daily automatic backup; says on the status line where it went.
    pub fn auto_backup(&mut self) {
        let s = &self.ctx.strings;
        self.status = match self.store.auto_backup() {
            Ok(Some(path)) => Some(Status::Saved(
                s.fmt("app.backup_written", &[("path", &path.display())]),
            )),
            Ok(None) => self.status.take(),
            Err(e) => Some(Status::Failed(
                s.fmt("app.backup_failed", &[("reason", &s.error(&e))]),
            )),
        };
    }

    /// The screen on top, for tests.
    pub fn screen(&self) -> Option<&Screen> {
        self.stack.last()
    }

    fn fail(&mut self, error: &Error) {
        self.status = Some(Status::Failed(self.ctx.strings.error(error)));
    }

    fn saved(&mut self, key: &str) {
        self.status = Some(Status::Saved(self.ctx.t(key).to_string()));
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
    }

    fn paste(&mut self, text: &str) {
        match self.overlays.pop() {
            Some(Overlay::Form { mut form, purpose }) => {
                form.paste(text);
                self.keep_draft(&form, &purpose);
                self.refresh_form(&mut form, &purpose);
                self.overlays.push(Overlay::Form { form, purpose });
            }
            Some(other) => self.overlays.push(other),
            None => {
                if let Some(screen) = self.stack.last_mut()
                    && screen.wants_text()
                {
                    screen.paste(text);
                }
            }
        }
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        let force_quit = self.ctx.keymap.action(&["global"], key) == Some(Action::ForceQuit);
        if let Some(overlay) = self.overlays.pop() {
            self.handle_overlay_key(overlay, key, force_quit);
            return;
        }
        self.status = None;
        let Some(screen) = self.stack.last_mut() else {
            self.quit = true;
            return;
        };
        let effects = if force_quit {
            vec![Effect::Quit]
        } else if screen.wants_text() {
            screen.handle_text(key)
        } else {
            match self.ctx.keymap.action(screen.sections(), key) {
                Some(action) => screen.handle(action, &self.ctx),
                None => Vec::new(),
            }
        };
        for effect in effects {
            self.run(effect);
        }
    }

    /// Handles a key for the overlay on top (already popped off the stack; put
    /// back unless the key closes it).
    fn handle_overlay_key(&mut self, overlay: Overlay, key: &KeyEvent, force_quit: bool) {
        match overlay {
            Overlay::Form { mut form, purpose } => {
                if force_quit {
                    let dirty = form.is_dirty();
                    self.overlays.push(Overlay::Form { form, purpose });
                    if dirty {
                        self.ask(self.ctx.t("confirm.quit_unsaved").to_string(), Effect::Quit);
                    } else {
                        self.quit = true;
                    }
                    return;
                }
                let action = self.ctx.keymap.action(&["form"], key);
                match form.handle_key(key, action) {
                    FormOutcome::Continue => {
                        self.keep_draft(&form, &purpose);
                        self.refresh_form(&mut form, &purpose);
                        self.overlays.push(Overlay::Form { form, purpose });
                    }
                    FormOutcome::Cancel if form.is_dirty() => {
                        self.overlays.push(Overlay::Form { form, purpose });
                        self.ask(
                            self.ctx.t("confirm.discard").to_string(),
                            Effect::DiscardForm,
                        );
                    }
                    FormOutcome::Cancel => {}
                    FormOutcome::Submit => self.submit(form, purpose),
                }
            }
            Overlay::Confirm { message, then } => match self.ctx.keymap.action(&["confirm"], key) {
                Some(Action::Yes) => self.run(then),
                Some(Action::No) => {}
                _ if force_quit => self.quit = true,
                _ => self.overlays.push(Overlay::Confirm { message, then }),
            },
            Overlay::Help | Overlay::Message { .. } => {}
            Overlay::Reading {
                title,
                lines,
                mut scroll,
            } => {
                use ratatui::crossterm::event::KeyCode;
                let max = lines.len().saturating_sub(5) as u16;
                match key.code {
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => return,
                    KeyCode::Up | KeyCode::Char('k') => scroll = scroll.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => scroll = (scroll + 1).min(max),
                    KeyCode::PageUp => scroll = scroll.saturating_sub(15),
                    KeyCode::PageDown | KeyCode::Char(' ') => scroll = (scroll + 15).min(max),
                    _ if force_quit => {
                        self.quit = true;
                        return;
                    }
                    _ => {}
                }
                self.overlays.push(Overlay::Reading {
                    title,
                    lines,
                    scroll,
                });
            }
            Overlay::Import(mut preview) => {
                match self.ctx.keymap.action(&["import", "global"], key) {
                    Some(Action::Save) => self.import(preview),
                    Some(Action::Up) => {
                        preview.scroll = preview.scroll.saturating_sub(1);
                        self.overlays.push(Overlay::Import(preview));
                    }
                    Some(Action::Down) => {
                        preview.scroll += 1;
                        self.overlays.push(Overlay::Import(preview));
                    }
                    Some(Action::Cancel | Action::Back) => {}
                    _ if force_quit => self.quit = true,
                    _ => self.overlays.push(Overlay::Import(preview)),
                }
            }
        }
    }

    fn ask(&mut self, message: String, then: Effect) {
        self.overlays.push(Overlay::Confirm { message, then });
    }

    fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => self.quit = true,
            Effect::DiscardForm => {
                if let Some(Overlay::Form { purpose, .. }) = self.overlays.pop()
                    && let Some(key) = purpose.draft_key()
                    && let Err(e) = self.store.write(|tx| tx.delete_draft(&key))
                {
                    self.fail(&e);
                }
            }
            Effect::Back => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                    self.reload_top();
                }
            }
            Effect::Open(Route::Live(id)) => self.ask_before_live(id),
            Effect::OpenLive(id) => self.open(Route::Live(id)),
            Effect::Open(route) => self.open(route),
            Effect::Form(purpose) => self.open_form(purpose),
            Effect::Help => self.overlays.push(Overlay::Help),
            Effect::Confirm { message, then } => self.ask(message, *then),
            Effect::LoadDemo => {
                let today = self.ctx.clock.today();
                match crate::demo::load(&mut self.store, today) {
                    Ok(_) => {
                        self.stack.clear();
                        self.open(Route::Cells);
                        self.saved("status.demo_loaded");
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Effect::SwitchTab(route) => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                self.open(route);
            }
            Effect::Refuse(message) => self.status = Some(Status::Failed(message)),
            Effect::Agenda(effect) => self.run_agenda_effect(effect),
            Effect::Resume(id) => self.resume(id),
            Effect::Readback(id) => {
                match crate::planning::minutes_document(
                    &self.store,
                    id,
                    crate::documents::layout::Format::Text,
                ) {
                    Ok(text) => self.overlays.push(Overlay::Reading {
                        title: self.ctx.t("live.readback_title").to_string(),
                        lines: text.lines().map(str::to_string).collect(),
                        scroll: 0,
                    }),
                    Err(e) => self.fail(&e),
                }
            }
            Effect::FinishClose(id) => self.finish_close(id),
            Effect::FinishLock(id) => self.finish_lock(id),
            Effect::Live(effect) => self.run_live_effect(effect),
            Effect::ArchiveCell { id, archived } => {
                match self.store.write(|tx| tx.set_cell_archived(id, archived)) {
                    Ok(_) => {
                        self.reload_top();
                        self.saved(if archived {
                            "status.archived"
                        } else {
                            "status.restored"
                        });
                    }
                    Err(e) => self.fail(&e),
                }
            }
        }
    }

    fn open(&mut self, route: Route) {
        let screen = match route {
            Route::Cells => Cells::load(&self.store, &self.ctx).map(Screen::Cells),
            Route::Members(cell_id) => {
                Members::load(&self.store, &self.ctx, cell_id).map(Screen::Members)
            }
            Route::Member(member_id) => {
                MemberView::load(&self.store, member_id).map(Screen::Member)
            }
            Route::Meetings(cell_id) => {
                Meetings::load(&self.store, &self.ctx, cell_id).map(Screen::Meetings)
            }
            Route::Agenda(meeting_id) => {
                AgendaScreen::load(&self.store, &self.ctx, meeting_id).map(Screen::Agenda)
            }
            Route::Live(meeting_id) => self.open_live(meeting_id),
        };
        match screen {
            Ok(screen) => self.stack.push(screen),
            Err(e) => self.fail(&e),
        }
    }

    fn reload_top(&mut self) {
        if let Some(screen) = self.stack.last_mut()
            && let Err(e) = screen.reload(&self.store, &self.ctx)
        {
            self.status = Some(Status::Failed(self.ctx.strings.error(&e)));
        }
    }

    fn import(&mut self, preview: ImportPreview) {
        if !preview.import.is_importable() {
            self.overlays.push(Overlay::Import(preview));
            return;
        }
        let cell_id = preview.cell_id;
        let result = self.store.write(|tx| {
            for row in &preview.import.rows {
                tx.add_member(cell_id, &row.input)?;
            }
            Ok(preview.import.rows.len())
        });
        match result {
            Ok(n) => {
                self.reload_top();
                self.status = Some(Status::Saved(
                    self.ctx.strings.fmt("status.imported", &[("n", &n)]),
                ));
            }
            Err(e) => {
                self.fail(&e);
                self.overlays.push(Overlay::Import(preview));
            }
        }
    }

    /// The keymap sections in force: the overlay's, else the screen's.
    fn sections(&self) -> &'static [&'static str] {
        match self.overlays.last() {
            Some(Overlay::Form { .. }) => &["form"],
            Some(Overlay::Confirm { .. }) => &["confirm"],
            Some(Overlay::Import(_)) => &["import", "global"],
            Some(Overlay::Help | Overlay::Message { .. } | Overlay::Reading { .. }) => &[],
            None => self.stack.last().map_or(&["global"], Screen::sections),
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        self.render(area, frame.buffer_mut());
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = ctx.strings.fmt(
                "app.too_small",
                &[
                    ("min", &format!("{MIN_WIDTH}×{MIN_HEIGHT}")),
                    ("now", &format!("{}×{}", area.width, area.height)),
                ],
            );
            let width = (text.width() as u16).min(area.width);
            let x = area.x + (area.width - width) / 2;
            let y = area.y + area.height / 2;
            Paragraph::new(Span::styled(text, ctx.theme.warn))
                .render(Rect::new(x, y, width, 1), buf);
            return;
        }
        let header = Rect::new(area.x, area.y, area.width, 1);
        let body = Rect::new(area.x, area.y + 2, area.width, area.height - 4);
        let status = Rect::new(area.x, area.y + area.height - 2, area.width, 1);
        let footer = Rect::new(area.x, area.y + area.height - 1, area.width, 1);

        self.render_header(header, buf);
        self.render_tabs(Rect::new(area.x, area.y + 1, area.width, 1), buf);
        if let Some(screen) = self.stack.last() {
            screen.render(body, buf, ctx);
        }
        self.render_status(status, buf);
        self.render_footer(footer, buf);

        for overlay in &self.overlays {
            match overlay {
                Overlay::Form { form, .. } => form.render(area, buf, ctx),
                Overlay::Confirm { message, .. } => render_confirm(area, buf, ctx, message),
                Overlay::Help => {
                    let sections = self.stack.last().map_or(&["global"][..], Screen::sections);
                    render_help(area, buf, ctx, sections, ctx.t("help.title"));
                }
                Overlay::Import(preview) => self.render_import(area, buf, preview),
                Overlay::Reading {
                    title,
                    lines,
                    scroll,
                } => {
                    let popup = Rect::new(
                        area.x + 1,
                        area.y + 1,
                        area.width.saturating_sub(2),
                        area.height.saturating_sub(2),
                    );
                    ratatui::widgets::Clear.render(popup, buf);
                    let block = ratatui::widgets::Block::default()
                        .borders(ratatui::widgets::Borders::ALL)
                        .border_style(ctx.theme.border)
                        .title(Span::styled(format!(" {title} "), ctx.theme.title))
                        .title_bottom(Span::styled(
                            format!(" {} ", ctx.t("help.close")),
                            ctx.theme.muted,
                        ));
                    Paragraph::new(
                        lines
                            .iter()
                            .map(|l| Line::from(l.clone()))
                            .collect::<Vec<_>>(),
                    )
                    .block(block)
                    .scroll((*scroll, 0))
                    .render(popup, buf);
                }
                Overlay::Message { title, lines } => render_message(
                    area,
                    buf,
                    ctx,
                    title,
                    lines.iter().map(|l| Line::from(l.clone())).collect(),
                ),
            }
        }
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let date = vi::date(ctx.clock.today());
        let crumb = self
            .stack
            .last()
            .map(|s| s.breadcrumb(ctx))
            .unwrap_or_default();
        let left = format!(" {} │ {crumb}", ctx.t("app.name"));
        let pad = (area.width as usize).saturating_sub(left.width() + date.width() + 1);
        let line = Line::from(vec![
            Span::styled(left, ctx.theme.title),
            Span::raw(" ".repeat(pad)),
            Span::styled(date, ctx.theme.muted),
        ]);
        Paragraph::new(line).render(area, buf);
    }

    /// The cell's tabs on the line under the header.
    fn render_tabs(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let Some(active) = self.stack.last().and_then(Screen::tab) else {
            return;
        };
        let mut spans = vec![Span::raw(" ")];
        for (n, key) in ["tabs.members", "tabs.meetings"].into_iter().enumerate() {
            let label = format!(" {} ", ctx.t(key));
            if n == active {
                spans.push(Span::styled(format!("[{label}]"), ctx.theme.selected));
            } else {
                spans.push(Span::styled(format!(" {label} "), ctx.theme.muted));
            }
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(
            ctx.t("tabs.hint").to_string(),
            ctx.theme.muted,
        ));
        Paragraph::new(Line::from(spans)).render(area, buf);
    }

    fn render_status(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let line = match &self.status {
            Some(Status::Saved(text)) => {
                Line::from(Span::styled(format!(" ✓ {text}"), ctx.theme.ok))
            }
            Some(Status::Failed(text)) => Line::from(Span::styled(
                format!(" {}: {text}", ctx.t("cli.error_prefix")),
                ctx.theme.error,
            )),
            None => Line::from(""),
        };
        Paragraph::new(line).render(area, buf);
    }

    /// Hints for the actions in force, from the keymap (movement keys are in
    /// the help).
    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let at_root = self.stack.len() <= 1 && self.overlays.is_empty();
        let hints: Vec<(String, String, bool)> = ctx
            .keymap
            .bindings(self.sections())
            .into_iter()
            .filter(|(action, _)| !(action.is_movement() || (at_root && *action == Action::Back)))
            .filter_map(|(action, keys)| {
                let key = keys.first()?.label();
                let label = ctx.strings.get(&action.label_key()).to_string();
                Some((key, label, matches!(action, Action::Help | Action::Quit)))
            })
            .collect();
        let width = |(k, l, _): &(String, String, bool)| k.width() + l.width() + 3;
        // Help and quit always show; the others as room allows.
        let mut room = (area.width as usize)
            .saturating_sub(1 + hints.iter().filter(|h| h.2).map(width).sum::<usize>());
        let mut spans = vec![Span::raw(" ")];
        for hint in hints.iter().filter(|h| !h.2) {
            if width(hint) > room {
                break;
            }
            room -= width(hint);
            spans.push(Span::styled(hint.0.clone(), ctx.theme.key));
            spans.push(Span::raw(format!(" {}  ", hint.1)));
        }
        for hint in hints.iter().filter(|h| h.2) {
            spans.push(Span::styled(hint.0.clone(), ctx.theme.key));
            spans.push(Span::raw(format!(" {}  ", hint.1)));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }

    fn render_import(&self, area: Rect, buf: &mut Buffer, preview: &ImportPreview) {
        let ctx = &self.ctx;
        let s = &ctx.strings;
        let import = &preview.import;
        let mut lines: Vec<Line> = Vec::new();
        let name = preview
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
            for row in import.rows.iter().skip(preview.scroll).take(visible) {
                let i = &row.input;
                lines.push(Line::from(format!(
                    "{:>4}  {}  {}  {}",
                    row.line,
                    super::text::safe(&i.full_name),
                    super::text::date_or_blank(i.birth_date),
                    super::text::date_or_blank(i.admitted_on),
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
            for problem in import.problems.iter().skip(preview.scroll).take(visible) {
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
