//! The app's side of bundles: the committee overview merges a cell's
//! bundle (the same checks and preview as `chibo merge`, asked as a
//! question before anything is written) and writes a cell's bundle.

use std::path::Path;

use super::App;
use super::overlay::{Overlay, Question, QuestionKind};
use crate::domain::RowId;
use crate::exchange::output;
use crate::store::bundle::{Bundle, BundleKind};
use crate::store::merge::MergeOptions;
use crate::tui::action::Action;
use crate::tui::screens::{Effect, Screen};
use crate::vi;

/// The cell whose read-only state a screen shows: none on the committee
/// overview (it merges, whatever cell is selected).
fn cell_shown(screen: &Screen) -> Option<RowId> {
    match screen {
        Screen::Overview(_) => None,
        other => other.cell_id(),
    }
}

/// Names listed under each heading of the question.
const SHOWN: usize = 3;

/// Whether `action` on `screen` would change a cell's data (refused when
/// the cell is read-only). The agenda builder's Enter edits the item.
pub(super) fn refused(screen: &Screen, action: Action) -> bool {
    action.changes_data() || (matches!(screen, Screen::Agenda(_)) && action == Action::Open)
}

/// The origin of the cell whose screens are on top, as last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Origin {
    cell_id: RowId,
    /// The date of the bundle (dd/mm/yyyy, empty when unknown) when the
    /// cell was merged from one: read-only in this file.
    merged: Option<String>,
}

impl App {
    /// The date of the bundle (dd/mm/yyyy, empty when unknown) when the
    /// screen on top shows a cell merged from a bundle: read-only in this
    /// file. The committee overview is never read-only (it merges). Asks
    /// the store nothing: `follow_cell` keeps it.
    pub(super) fn read_only(&self) -> Option<String> {
        let cell_id = cell_shown(self.stack.last()?)?;
        let origin = self.origin.as_ref()?;
        if origin.cell_id == cell_id {
            origin.merged.clone()
        } else {
            None
        }
    }

    /// Reads the origin of the cell on top when its screens were just
    /// entered (another cell, or none before); forgets it when no cell's
    /// screen is on top, so that entering a cell again reads it afresh.
    pub(super) fn follow_cell(&mut self) {
        let shown = self.stack.last().and_then(cell_shown);
        match shown {
            None => self.origin = None,
            Some(id) if self.origin.as_ref().is_some_and(|o| o.cell_id == id) => {}
            Some(id) => self.read_origin(id),
        }
        let read_only = self.read_only().is_some();
        if let Some(screen) = self.stack.last_mut() {
            screen.set_read_only(read_only);
        }
    }

    /// Reads the origin of `cell_id` from the store (a cell that cannot be
    /// read is taken as editable: its screens say the error themselves).
    fn read_origin(&mut self, cell_id: RowId) {
        let merged = match self.store.cell_sync(cell_id) {
            Ok(sync) => sync.merged.then(|| {
                sync.bundle_made_at
                    .map(|t| vi::date(t.date()))
                    .unwrap_or_default()
            }),
            Err(_) => None,
        };
        self.origin = Some(Origin { cell_id, merged });
    }

    /// Checks the bundle and words what merging it would change, as the
    /// question whose yes merges it. Members matched on their card number
    /// are listed in it: yes confirms them too.
    pub(super) fn merge_question(&self, path: &Path) -> Result<Question, String> {
        let s = &self.ctx.strings;
        let bundle = Bundle::open(path, BundleKind::Cell).map_err(|e| s.error(&e))?;
        let matches = self.store.card_matches(&bundle).map_err(|e| s.error(&e))?;
        let preview = self.store.preview_merge(&bundle).map_err(|e| s.error(&e))?;
        let mut lines = s.merge_preview(&preview, SHOWN);
        if !matches.is_empty() {
            lines.push(s.fmt("bundle.matches", &[("n", &matches.len())]));
            lines.extend(matches.iter().map(|m| s.card_match(m)));
        }
        lines.push(s.get("bundle.tui.merge_question").to_string());
        Ok(Question {
            message: lines.join("\n"),
            then: Effect::MergeBundle {
                path: path.to_path_buf(),
                confirmed: !matches.is_empty(),
            },
            kind: QuestionKind::Ordinary,
        })
    }

    /// Merges after the question was answered yes (the file is checked
    /// again: it may have changed meanwhile).
    pub(super) fn merge_bundle(&mut self, path: &Path, confirmed: bool) {
        let bundle = match Bundle::open(path, BundleKind::Cell) {
            Ok(b) => b,
            Err(e) => return self.fail(&e),
        };
        let options = MergeOptions {
            take_over: false,
            confirmed_matches: confirmed,
        };
        let merged = self.store.merge(&bundle, options, &mut |_, _| {});
        // A merge changes cells' origins: whatever was read is read again.
        self.origin = None;
        self.follow_cell();
        match merged {
            Ok(_) => {
                self.reload_top();
                self.status = Some(super::Status::Saved(self.ctx.strings.fmt(
                    "bundle.merged",
                    &[
                        ("cell", &vi::strip_controls(&bundle.manifest.cell_name)),
                        ("revision", &bundle.manifest.revision),
                    ],
                )));
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Writes the bundle its form asked for: the form closes and the
    /// status line says where, or the form stays with the reason.
    pub(super) fn finish_bundle(&mut self, cell_id: RowId, path: &Path) {
        let result = self.write_bundle(cell_id, path);
        let form = match self.overlays.last_mut() {
            Some(Overlay::Form { form, .. }) => Some(form),
            _ => None,
        };
        match (result, form) {
            (Ok(text), form) => {
                if form.is_some() {
                    self.overlays.pop();
                }
                self.status = Some(super::Status::Saved(text));
            }
            (Err(message), Some(form)) => {
                form.set_error("file", message);
                self.status = None;
            }
            (Err(message), None) => self.status = Some(super::Status::Failed(message)),
        }
    }

    /// Writes the bundle of a cell (never over an existing file, never
    /// over the database); the status line says where.
    pub(super) fn write_bundle(&self, cell_id: RowId, path: &Path) -> Result<String, String> {
        let s = &self.ctx.strings;
        let bytes = self
            .store
            .write_bundle(cell_id, false, &mut |_, _| {})
            .map_err(|e| s.error(&e))?;
        output::write_file(path, &bytes, false, self.store.path()).map_err(|e| match e {
            output::OutputError::Exists(p) => s.fmt("bundle.tui.exists", &[("path", &p.display())]),
            output::OutputError::IsDatabase(p) => {
                s.fmt("cli.is_database", &[("path", &p.display())])
            }
            output::OutputError::Io { path, source } => s.fmt(
                "cli.write_file",
                &[("path", &path.display()), ("reason", &s.io_reason(&source))],
            ),
        })?;
        let cell = self.store.cell(cell_id).map_err(|e| s.error(&e))?;
        let revision = self
            .store
            .cell_sync(cell_id)
            .map_err(|e| s.error(&e))?
            .revision;
        Ok(s.fmt(
            "bundle.written",
            &[
                ("path", &path.display()),
                ("cell", &vi::strip_controls(&cell.name)),
                ("revision", &revision),
                (
                    "size",
                    &format!("{:.1}", bytes.len() as f64 / 1e6).replace('.', s.decimal_separator()),
                ),
            ],
        ))
    }
}
