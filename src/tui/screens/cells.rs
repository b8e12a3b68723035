//! Every cell with its counts, its warnings, its last meeting and whether
//! this month's regular meeting is held.
//!
//! The warnings (the rules over each cell's history, `Store::all_warnings`)
//! take longer than the counts on a committee's file: they are computed on
//! a thread of their own, through a read-only connection, after the first
//! frame, and fill in when ready (`Cells::poll`, asked by the app's run
//! loop). A database in memory (the tests) has them at once.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Effect, Route};
use crate::domain::RowId;
use crate::domain::engine::{Finding, Severity};
use crate::domain::overview::CellSummary;
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{date_or_blank, safe};
use crate::tui::widgets::list_frame::{FilteredList, ListFrame, filtered_note};
use crate::tui::widgets::table::Column;
use crate::vi;

/// The keymap sections of this screen, for the keys named in its hints.
const SECTIONS: &[&str] = &["cells", "list", "global"];

pub struct Cells {
    all: Vec<CellSummary>,
    folded: Vec<String>,
    /// Over `all`: the cells that pass the filter and the archive toggle.
    list: FilteredList,
    show_archived: bool,
    /// Each cell's warnings: how many, and the most severe. None until
    /// they are computed.
    warnings: Option<HashMap<RowId, (usize, Severity)>>,
    /// The thread computing them.
    pending: Option<Receiver<Result<CellFindings>>>,
    /// The day whose warnings are to be counted once a frame is on screen
    /// (the thread would otherwise compete with the first frame).
    warnings_due: Option<NaiveDate>,
    /// The day and the audit log's last entry the warnings were counted
    /// at: coming back to the screen with neither changed counts nothing
    /// again (on a committee's file a count is a third of a second of work
    /// and tens of megabytes).
    counted: Option<(NaiveDate, Option<i64>)>,
}

/// Every cell's findings, by cell.
type CellFindings = Vec<(RowId, Vec<Finding>)>;

/// How many findings, and the most severe of them.
fn tally(findings: &[Finding]) -> (usize, Severity) {
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .min_by_key(|s| match s {
            Severity::Blocks => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        })
        .unwrap_or(Severity::Note);
    (findings.len(), worst)
}

impl Cells {
    pub fn load(store: &Store, ctx: &Ctx) -> Result<Cells> {
        let mut screen = Cells {
            all: Vec::new(),
            folded: Vec::new(),
            list: FilteredList::default(),
            show_archived: false,
            warnings: None,
            pending: None,
            warnings_due: None,
            counted: None,
        };
        screen.reload(store, ctx)?;
        Ok(screen)
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let keep = self.selected_id();
        // One aggregate read for every cell (a committee's file has hundreds).
        let all = store.cell_summaries(ctx.clock.today())?;
        self.folded = all.iter().map(|s| vi::fold(&s.cell.name)).collect();
        self.all = all;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
        self.count_warnings(store, ctx)
    }

    /// Asks for every cell's warnings: at once for a database in memory,
    /// else on a thread of its own started after the next frame
    /// (`start_warnings`). The ones shown stay until the new ones are in.
    fn count_warnings(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let today = ctx.clock.today();
        if store.path().is_none() {
            let all = store.all_warnings(today)?;
            self.fill(all.into_iter().map(|(c, f)| (c.id, f)).collect());
            return Ok(());
        }
        let stamp = (today, store.last_change()?);
        let counting = self.warnings.is_some() || self.pending.is_some();
        if counting && self.counted == Some(stamp) {
            return Ok(());
        }
        self.counted = Some(stamp);
        self.warnings_due = Some(today);
        Ok(())
    }

    /// Starts the thread `count_warnings` asked for, if any.
    pub fn start_warnings(&mut self, store: &Store) -> Result<()> {
        let Some(today) = self.warnings_due.take() else {
            return Ok(());
        };
        let Some(reader) = store.reader()? else {
            return Ok(());
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("chibo-warnings".into())
            .spawn(move || {
                let all = reader
                    .all_warnings(today)
                    .map(|all| all.into_iter().map(|(c, f)| (c.id, f)).collect());
                let _ = tx.send(all);
            });
        // Without a thread the screen goes without warnings (and counts
        // again next time).
        self.pending = spawned.ok().map(|_| rx);
        if self.pending.is_none() {
            self.counted = None;
        }
        Ok(())
    }

    fn fill(&mut self, all: CellFindings) {
        self.warnings = Some(all.iter().map(|(id, f)| (*id, tally(f))).collect());
    }

    /// Takes the warnings once the thread has them. Returns whether the
    /// screen changed.
    pub fn poll(&mut self) -> bool {
        let Some(rx) = &self.pending else {
            return false;
        };
        match rx.try_recv() {
            Ok(Ok(all)) => {
                self.pending = None;
                self.fill(all);
                true
            }
            // A failed read leaves the column blank: the cells, and each
            // cell's own warnings tab, still work.
            Ok(Err(_)) | Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.warnings = None;
                self.counted = None;
                true
            }
            Err(TryRecvError::Empty) => false,
        }
    }

    /// Whether the warnings are still being computed (for tests).
    pub fn warnings_pending(&self) -> bool {
        self.pending.is_some()
    }

    fn refilter(&mut self) {
        let show_archived = self.show_archived;
        self.list.refilter(
            self.folded
                .iter()
                .zip(&self.all)
                .map(|(folded, s)| (folded.as_str(), show_archived || !s.cell.is_archived())),
        );
    }

    fn selected_summary(&self) -> Option<&CellSummary> {
        self.list.selected().map(|i| &self.all[i])
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.selected_summary().map(|s| s.cell.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        let all = &self.all;
        self.list.select_where(|i| all[i].cell.id == id);
    }

    pub fn is_typing_filter(&self) -> bool {
        self.list.is_typing()
    }

    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if self.list.typed(key) {
            self.refilter();
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str) {
        self.list.paste(text);
        self.refilter();
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        if self.list.apply(action) {
            return Vec::new();
        }
        match action {
            Action::Filter => self.list.start_filter(),
            Action::Overview => return vec![Effect::Open(Route::Overview)],
            Action::ToggleArchived => {
                self.show_archived = !self.show_archived;
                self.refilter();
            }
            Action::Open => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::Open(Route::Members(id))];
                }
            }
            Action::Add => return vec![Effect::form(RegistryForm::Cell { id: None })],
            Action::Edit => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::form(RegistryForm::Cell { id: Some(id) })];
                }
            }
            Action::Archive => {
                if let Some(s) = self.selected_summary() {
                    let archived = !s.cell.is_archived();
                    let key = if archived {
                        "cells.confirm_archive"
                    } else {
                        "cells.confirm_restore"
                    };
                    let message = ctx.strings.fmt(key, &[("name", &safe(&s.cell.name))]);
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::ArchiveCell {
                            id: s.cell.id,
                            archived,
                        }),
                    }];
                }
            }
            Action::Back if self.list.is_filtered() => {
                self.list.clear_filter();
                self.refilter();
            }
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let shown = self.list.shown();
        let mut title = ctx.strings.fmt("cells.count", &[("n", &shown.len())]);
        title.push_str(&filtered_note(ctx, self.list.filter()));
        if self.show_archived {
            title.push_str(ctx.t("cells.with_archived"));
        }
        let empty = if self.all.is_empty() {
            let add = ctx.keymap.keys_of(SECTIONS, Action::Add);
            ctx.strings.fmt("cells.empty", &[("add", &add)])
        } else {
            ctx.t("list.no_match").to_string()
        };
        let (held, not_held) = (ctx.t("cells.held"), ctx.t("cells.not_held"));
        let frame = ListFrame {
            titles: vec![Line::from(Span::styled(title, t.muted))],
            filter: Some(self.list.filter()),
            empty,
            columns: vec![
                Column::fill(ctx.t("cells.col_name"), 20),
                Column::fixed(ctx.t("cells_warnings.col"), 5),
                Column::fill(ctx.t("cells.col_upper"), 16).optional(2),
                Column::fixed(ctx.t("cells.col_official"), 3),
                Column::fixed(ctx.t("cells.col_probationary"), 3),
                Column::fixed(ctx.t("cells.col_exempt"), 3).optional(1),
                Column::fixed(ctx.t("cells.col_last"), 10),
                Column::widest(ctx.t("cells.col_month"), [held, not_held]),
            ],
            len: shown.len(),
        };
        frame.render(area, buf, ctx, self.list.state(), |position| {
            let s = &self.all[shown[position]];
            let mut name = safe(&s.cell.name).into_owned();
            if s.cell.is_archived() {
                name.push_str(ctx.t("cells.archived_mark"));
            }
            let (month, style) = if s.month_regular_held {
                (held, t.ok)
            } else {
                (not_held, t.warn)
            };
            let warnings = match self.warnings.as_ref().map(|w| w.get(&s.cell.id)) {
                None if self.pending.is_some() => Span::styled("…", t.muted),
                Some(Some(&(n, worst))) if n > 0 => Span::styled(
                    format!("⚠ {n}"),
                    match worst {
                        Severity::Blocks => t.error,
                        Severity::Warning => t.warn,
                        Severity::Note => t.muted,
                    },
                ),
                _ => Span::raw(""),
            };
            vec![
                Span::raw(name),
                warnings,
                Span::raw(safe(&s.cell.upper_unit).into_owned()),
                Span::raw(s.official.to_string()),
                Span::raw(s.probationary.to_string()),
                Span::raw(s.exempt.to_string()),
                Span::raw(date_or_blank(s.last_meeting)),
                Span::styled(month, style),
            ]
        });
    }
}
