//! The app: a stack of screens, overlays on top (forms, questions, help,
//! import preview), and the one place where effects meet the store. A change
//! is shown as saved only after its transaction committed.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Ctx;
use super::action::Action;
use super::screens::agenda::AgendaScreen;
use super::screens::cells::Cells;
use super::screens::history::HistoryScreen;
use super::screens::meetings::Meetings;
use super::screens::member::MemberView;
use super::screens::members::Members;
use super::screens::overview::Overview;
use super::screens::welcome::Welcome;
use super::screens::{Effect, Route, Screen};
use super::text::{fit, fit_path};
use super::widgets::popup::help_lines;
use super::widgets::reader::{Placement, Reader};
use crate::store::{Error, Store};
use crate::vi;

/// The smallest terminal chibo draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

mod bundles;
mod corrections;
mod live;
mod meetings;
mod overlay;
mod paperwork;
mod registry;
mod submit;

use overlay::{ImportPreview, Overlay};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Saved(String),
    Failed(String),
    /// Long work about to start (a bundle merged): drawn before it starts,
    /// the work being synchronous.
    Working(String),
}

pub struct App {
    store: Store,
    ctx: Ctx,
    stack: Vec<Screen>,
    overlays: Vec<Overlay>,
    status: Option<Status>,
    /// A background copy written, to say once the status line is free (it
    /// never hides the acknowledgement of a change).
    backup_note: Option<Status>,
    quit: bool,
    /// Long work left for after the next frame, which shows it as begun.
    pending: Option<Effect>,
    /// The terminal's size at the last draw or resize: overlays scroll by
    /// pages of it, and keys are ignored while it is too small.
    viewport: Rect,
    /// Whether the cell whose screens are on top is read-only here (merged
    /// from a bundle): read when its screens are entered and after a merge,
    /// so that keys and frames ask the store nothing for it.
    origin: Option<bundles::Origin>,
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
            backup_note: None,
            quit: false,
            pending: None,
            viewport: Rect::new(0, 0, 80, 24),
            origin: None,
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

    /// The daily automatic backup, started on a thread of its own (the
    /// screen never waits for a copy of the file); from now on a meeting
    /// of this file gets a copy when it starts. What came of the copies is
    /// said in the status line when they finish (`tick`).
    pub fn auto_backup(&mut self) {
        let s = &self.ctx.strings;
        if let Err(e) = self.store.auto_backup_in_background() {
            self.status = Some(Status::Failed(
                s.fmt("app.backup_failed", &[("reason", &s.error(&e))]),
            ));
        }
    }

    /// What the background copies came to since last asked, in the status
    /// line: a failure at once, a copy written once the line is free.
    /// Returns whether the status line changed.
    pub fn backup_news(&mut self) -> bool {
        let news = self
            .store
            .path()
            .map(crate::store::backup::finished)
            .unwrap_or_default();
        let s = &self.ctx.strings;
        let mut changed = false;
        for outcome in news {
            match outcome {
                Ok(Some(path)) => {
                    self.backup_note = Some(Status::Saved(
                        s.fmt("app.backup_written", &[("path", &path.display())]),
                    ));
                }
                Ok(None) => {}
                Err(e) => {
                    self.status = Some(Status::Failed(
                        s.fmt("app.backup_failed", &[("reason", &s.error(&e))]),
                    ));
                    self.backup_note = None;
                    changed = true;
                }
            }
        }
        if self.status.is_none()
            && let Some(note) = self.backup_note.take()
        {
            self.status = Some(note);
            changed = true;
        }
        changed
    }

    /// What finished in the background while no key came (the run loop
    /// asks a few times a second): the copies of the file, the cells'
    /// warnings. Returns whether
    /// the screen changed.
    pub fn tick(&mut self) -> bool {
        let mut changed = self.backup_news();
        for screen in &mut self.stack {
            if let Screen::Cells(cells) = screen {
                changed |= cells.poll();
            }
        }
        changed
    }

    /// Runs the long work announced by the frame just drawn, and starts the
    /// background work a screen left for after it (the cells screen's
    /// warnings). Returns whether it ran work left for after the frame (a bundle
    /// written or merged), whose outcome then needs a frame of its own.
    pub fn after_frame(&mut self) -> bool {
        let ran = self.pending.is_some();
        self.run_pending();
        let mut failed = None;
        for screen in &mut self.stack {
            if let Screen::Cells(cells) = screen
                && let Err(e) = cells.start_warnings(&self.store)
            {
                failed = Some(e);
            }
        }
        if let Some(e) = failed {
            self.fail(&e);
        }
        ran
    }

    /// Runs the long work left for after the frame that announced it (the
    /// run loop calls it after drawing; the tests after a key).
    pub fn run_pending(&mut self) {
        if let Some(effect) = self.pending.take() {
            self.run(effect);
        }
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

    /// Writes the minutes of a closed or locked meeting as a Word file into
    /// the documents folder beside the database (never over a file: the
    /// next free name is taken) and shows where.
    fn write_minutes(&mut self, meeting_id: crate::domain::RowId) {
        use crate::documents::render::DocFormat;
        use crate::planning::{DocumentKind, documents_folder, write_document};

        let status = match self.store.meeting(meeting_id) {
            Ok(m) => m.status,
            Err(e) => return self.fail(&e),
        };
        if !matches!(
            status,
            crate::domain::MeetingStatus::Closed | crate::domain::MeetingStatus::Locked
        ) {
            let message = self.ctx.t("minutes_doc.not_held").to_string();
            self.status = Some(Status::Failed(message));
            return;
        }
        let Some(database) = self.store.path().map(std::path::Path::to_path_buf) else {
            let message = self.ctx.t("minutes_doc.not_held").to_string();
            self.status = Some(Status::Failed(message));
            return;
        };
        let folder = documents_folder(&database);
        match write_document(
            &self.store,
            DocumentKind::Minutes,
            meeting_id,
            DocFormat::Docx,
            &folder,
        ) {
            Ok(path) => {
                let message = self
                    .ctx
                    .strings
                    .fmt("minutes_doc.saved", &[("path", &path.display())]);
                self.status = Some(Status::Saved(message));
            }
            Err(e) => self.fail(&e),
        }
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Resize(width, height) => self.viewport = Rect::new(0, 0, *width, *height),
            // Keys that would act on a screen nobody can see are ignored
            // (all but the one that quits).
            Event::Key(key)
                if key.kind != KeyEventKind::Release
                    && self.too_small()
                    && self.ctx.keymap.action(&["global"], key) == Some(Action::ForceQuit) =>
            {
                self.quit = true;
            }
            Event::Key(_) if self.too_small() => {}
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
        self.layout();
    }

    /// The screen's body: under the header and tabs, above the status line
    /// and the footer.
    fn body(area: Rect) -> Rect {
        Rect::new(
            area.x,
            area.y + 2,
            area.width,
            area.height.saturating_sub(4),
        )
    }

    /// Keeps the screen's cursors in view of the current size (drawing
    /// itself changes nothing).
    fn layout(&mut self) {
        let body = App::body(self.viewport);
        if let Some(screen) = self.stack.last_mut() {
            screen.layout(body, &self.ctx);
        }
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        let force_quit = self.ctx.keymap.action(&["global"], key) == Some(Action::ForceQuit);
        if !self.overlays.is_empty() {
            self.handle_overlay_key(key, force_quit);
            return;
        }
        self.status = None;
        let read_only = self.read_only();
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
                Some(action) if read_only.is_some() && bundles::refused(screen, action) => {
                    vec![Effect::Refuse(self.ctx.strings.fmt(
                        "bundle_read_only.refused",
                        &[("date", &read_only.unwrap_or_default())],
                    ))]
                }
                Some(Action::WriteBundle) if !matches!(screen, Screen::Overview(_)) => screen
                    .cell_id()
                    .map(|cell_id| {
                        Effect::form(crate::tui::forms::RegistryForm::BundlePath { cell_id })
                    })
                    .into_iter()
                    .collect(),
                Some(action) => screen.handle(action, &self.ctx),
                None => Vec::new(),
            }
        };
        for effect in effects {
            self.run(effect);
        }
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
                    self.follow_cell();
                    self.reload_top();
                }
            }
            Effect::Open(Route::Live(id)) => self.ask_before_live(id),
            Effect::OpenLive(id) => self.open(Route::Live(id)),
            Effect::Open(route) => self.open(route),
            Effect::Form(purpose) => self.open_form(purpose),
            Effect::Help => self.show_help(),
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
                    self.follow_cell();
                }
                self.open(route);
            }
            Effect::Refuse(message) => self.status = Some(Status::Failed(message)),
            Effect::MergeBundle { path, confirmed } => {
                self.status = Some(Status::Working(
                    self.ctx.t("bundle_read_only.merging").to_string(),
                ));
                self.pending = Some(Effect::MergeNow { path, confirmed });
            }
            Effect::MergeNow { path, confirmed } => self.merge_bundle(&path, confirmed),
            Effect::WriteBundleNow { cell_id, path } => self.finish_bundle(cell_id, &path),
            Effect::Reload => self.reload_top(),
            Effect::Search => {
                if let Some(Screen::History(history)) = self.stack.last_mut()
                    && let Err(e) = history.after_typing(&self.store)
                {
                    self.fail(&e);
                }
            }
            Effect::Agenda(effect) => self.run_agenda_effect(effect),
            Effect::Resume(id) => self.resume(id),
            Effect::Readback(id) => {
                let width = usize::from(self.viewport.width)
                    .clamp(20, crate::documents::render::text::WIDTH);
                match crate::planning::minutes_text(&self.store, id, width) {
                    Ok(text) => self.show(Reader::new(
                        self.ctx.t("live.readback_title").to_string(),
                        text.lines().map(|l| Line::from(l.to_string())).collect(),
                        Placement::Full,
                    )),
                    Err(e) => self.fail(&e),
                }
            }
            Effect::WriteMinutes(id) => self.write_minutes(id),
            Effect::WritePaper(paper, id) => self.write_paper(paper, id),
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
                MemberView::load(&self.store, &self.ctx, member_id).map(Screen::Member)
            }
            Route::Meetings(cell_id) => {
                Meetings::load(&self.store, &self.ctx, cell_id).map(Screen::Meetings)
            }
            Route::Agenda(meeting_id) => {
                AgendaScreen::load(&self.store, &self.ctx, meeting_id).map(Screen::Agenda)
            }
            Route::Live(meeting_id) => self.open_live(meeting_id),
            Route::Overview => Overview::load(&self.store, &self.ctx).map(Screen::Overview),
            Route::History(cell_id) => HistoryScreen::load(&self.store, &self.ctx, cell_id)
                .map(|h| Screen::History(Box::new(h))),
            Route::Meeting { meeting, item } => self.open_live(meeting).map(|mut screen| {
                if let (Screen::Live(live), Some(item)) = (&mut screen, item) {
                    live.show_item(item);
                }
                screen
            }),
        };
        match screen {
            Ok(screen) => {
                self.stack.push(screen);
                self.follow_cell();
            }
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
            Some(overlay) => overlay.sections(),
            None => self.stack.last().map_or(&["global"], Screen::sections),
        }
    }

    /// The help of the screen on top, from the keymap, in a scrolling box.
    fn show_help(&mut self) {
        let ctx = &self.ctx;
        let sections = self.stack.last().map_or(&["global"][..], Screen::sections);
        let lines = help_lines(ctx, sections);
        self.show(Reader::new(
            ctx.t("help.title").to_string(),
            lines,
            Placement::Centered,
        ));
    }

    fn too_small(&self) -> bool {
        self.viewport.width < MIN_WIDTH || self.viewport.height < MIN_HEIGHT
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if area != self.viewport {
            self.viewport = area;
            self.layout();
        }
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
            // Wrapped, and centred: at 20×5 the whole sentence still shows.
            let rows =
                crate::documents::layout::wrap(&text, usize::from(area.width.max(1)), "", "");
            let top = area.y + area.height.saturating_sub(rows.len() as u16) / 2;
            for (n, row) in rows.iter().enumerate().take(usize::from(area.height)) {
                let width = (row.width() as u16).min(area.width);
                let x = area.x + (area.width - width) / 2;
                Paragraph::new(Span::styled(row.clone(), ctx.theme.warn))
                    .render(Rect::new(x, top + n as u16, width, 1), buf);
            }
            return;
        }
        let header = Rect::new(area.x, area.y, area.width, 1);
        let body = App::body(area);
        let status = Rect::new(area.x, area.y + area.height - 2, area.width, 1);
        let footer = Rect::new(area.x, area.y + area.height - 1, area.width, 1);

        self.render_header(header, buf);
        self.render_tabs(Rect::new(area.x, area.y + 1, area.width, 1), buf);
        if let Some(screen) = self.stack.last() {
            screen.render(body, buf, ctx);
        }
        self.render_status(status, buf);
        self.render_footer(footer, buf);

        self.render_overlays(area, buf);
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let date = vi::date(ctx.clock.today());
        let mut crumb = self
            .stack
            .last()
            .map(|s| s.breadcrumb(ctx))
            .unwrap_or_default();
        // First, so that a narrow terminal cuts the place, not the mark.
        if let Some(date) = self.read_only() {
            crumb = ctx.strings.fmt("bundle_read_only.mark", &[("date", &date)]) + &crumb;
        }
        // The breadcrumb gives way to the date, with a sign when cut.
        let room = (area.width as usize).saturating_sub(date.width() + 2);
        let left = fit(&format!(" {} │ {crumb}", ctx.t("app.name")), room).into_owned();
        let pad = (area.width as usize).saturating_sub(left.width() + date.width() + 1);
        let line = Line::from(vec![
            Span::styled(left, ctx.theme.title),
            Span::raw(" ".repeat(pad.max(1))),
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
        for (n, key) in ["tabs.members", "tabs.meetings", "tabs.history"]
            .into_iter()
            .enumerate()
        {
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
        let width = usize::from(area.width);
        let line = match &self.status {
            Some(Status::Saved(text)) => Line::from(Span::styled(
                fit_path(&format!(" ✓ {text}"), width).into_owned(),
                ctx.theme.ok,
            )),
            Some(Status::Failed(text)) => Line::from(Span::styled(
                fit(&format!(" {}: {text}", ctx.t("cli.error_prefix")), width).into_owned(),
                ctx.theme.error,
            )),
            Some(Status::Working(text)) => Line::from(Span::styled(
                fit(&format!(" {text}"), width).into_owned(),
                ctx.theme.muted,
            )),
            None => Line::from(""),
        };
        Paragraph::new(line).render(area, buf);
    }

    /// Hints for the actions in force: the keymap's footer list of the
    /// section on top, most important first, as many as fit, leaving out
    /// what the screen cannot do in its state; then help and quit.
    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let ctx = &self.ctx;
        let sections = self.sections();
        let bindings = ctx.keymap.bindings(sections);
        let hint = |action: Action| {
            let (_, keys) = bindings.iter().find(|(a, _)| *a == action)?;
            let key = keys.first()?.label();
            Some((key, ctx.strings.get(&action.label_key()).to_string()))
        };
        let screen = self.stack.last().filter(|_| self.overlays.is_empty());
        let read_only = self.read_only().is_some();
        let wanted: Vec<(String, String)> = sections
            .first()
            .map_or(&[][..], |section| ctx.keymap.footer(section))
            .iter()
            .filter(|a| screen.is_none_or(|s| s.offers(**a)))
            .filter(|a| !(read_only && screen.is_some_and(|s| bundles::refused(s, **a))))
            .filter_map(|a| hint(*a))
            .collect();
        let always: Vec<(String, String)> = [Action::Help, Action::Quit]
            .into_iter()
            .filter_map(hint)
            .collect();
        let width = |(k, l): &(String, String)| k.width() + l.width() + 3;
        let mut room =
            (area.width as usize).saturating_sub(1 + always.iter().map(width).sum::<usize>());
        let mut spans = vec![Span::raw(" ")];
        let push = |spans: &mut Vec<Span>, (key, label): &(String, String)| {
            spans.push(Span::styled(key.clone(), ctx.theme.key));
            spans.push(Span::raw(format!(" {label}  ")));
        };
        for h in &wanted {
            if width(h) > room {
                break;
            }
            room -= width(h);
            push(&mut spans, h);
        }
        for h in &always {
            push(&mut spans, h);
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}
