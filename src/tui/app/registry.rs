//! The app's side of the register: the forms of cells and members (their
//! status events and roles) and the member import, built from the store and
//! saved.

use std::path::PathBuf;

use super::App;
use super::overlay::{ImportPreview, Overlay};
use super::submit::Submitted;
use crate::domain::RowId;
use crate::exchange::members_csv;
use crate::store::{MemberInput, Result};
use crate::tui::forms::{self, RegistryForm, RoleChange};
use crate::tui::screens::{Effect, Route, Screen};
use crate::tui::text::safe;
use crate::tui::widgets::form::Form;
use crate::vi;

impl App {
    pub(super) fn registry_form(&self, purpose: &RegistryForm) -> Result<Form> {
        let ctx = &self.ctx;
        let today = ctx.clock.today();
        let titled = |mut form: Form, member_id: RowId| -> Result<Form> {
            let member = self.store.member(member_id)?;
            form.title = format!("{} — {}", form.title, safe(&member.full_name));
            Ok(form)
        };
        match purpose {
            RegistryForm::Cell { id: None } => Ok(forms::cell_form(ctx, None)),
            RegistryForm::Cell { id: Some(id) } => {
                Ok(forms::cell_form(ctx, Some(&self.store.cell(*id)?)))
            }
            RegistryForm::Member { id: None, .. } => Ok(forms::member_form(ctx, None)),
            RegistryForm::Member { id: Some(id), .. } => {
                Ok(forms::member_form(ctx, Some(&self.store.member(*id)?)))
            }
            RegistryForm::StatusEvent { member_id } => {
                titled(forms::status_event_form(ctx, today), *member_id)
            }
            RegistryForm::Role { member_id } => titled(forms::role_form(ctx, today), *member_id),
            RegistryForm::ImportPath { .. } => Ok(forms::import_form(ctx)),
            RegistryForm::MergePath => {
                Ok(forms::bundle_form(ctx, ctx.t("bundle.tui.merge_title"), ""))
            }
            RegistryForm::BundlePath { cell_id } => {
                let cell = self.store.cell(*cell_id)?;
                let revision = self.store.cell_sync(*cell_id)?.revision;
                let short: String = cell.uuid.to_string().chars().take(8).collect();
                let default = format!("chi-bo-{short}-r{revision}.chibo-bundle");
                let mut form = forms::bundle_form(ctx, ctx.t("bundle.tui.write_title"), &default);
                form.title = format!("{} — {}", form.title, safe(&cell.name));
                Ok(form)
            }
        }
    }

    pub(super) fn save_registry_form(
        &mut self,
        form: &mut Form,
        purpose: &mut RegistryForm,
    ) -> Result<Submitted> {
        let ctx = &self.ctx;
        let today = ctx.clock.today();
        match purpose {
            RegistryForm::Cell { id } => {
                let Some(input) = forms::parse_cell(form, ctx) else {
                    return Ok(Submitted::Fix);
                };
                let id = *id;
                let cell = self.store.write(|tx| match id {
                    Some(id) => tx.update_cell(id, &input),
                    None => tx.create_cell(&input),
                })?;
                self.show_registered(Registered::Cell(cell.id));
                Ok(self.done("status.saved"))
            }
            RegistryForm::Member {
                cell_id,
                id,
                duplicate_confirmed,
            } => {
                let Some(input) = forms::parse_member(form, ctx, today) else {
                    return Ok(Submitted::Fix);
                };
                if !*duplicate_confirmed
                    && let Some(name) = self.find_duplicate(*cell_id, *id, &input)
                {
                    form.warning = Some(ctx.strings.fmt("form.duplicate", &[("name", &name)]));
                    *duplicate_confirmed = true;
                    return Ok(Submitted::Fix);
                }
                let (cell_id, id) = (*cell_id, *id);
                let member = self.store.write(|tx| match id {
                    Some(id) => tx.update_member(id, &input),
                    None => tx.add_member(cell_id, &input),
                })?;
                self.show_registered(Registered::Member(member.id));
                Ok(self.done("status.saved"))
            }
            RegistryForm::StatusEvent { member_id } => {
                let Some(input) = forms::parse_status_event(form, ctx) else {
                    return Ok(Submitted::Fix);
                };
                let member_id = *member_id;
                self.store
                    .write(|tx| tx.add_status_event(member_id, &input))?;
                self.show_registered(Registered::Nothing);
                Ok(self.done("status.saved"))
            }
            RegistryForm::Role { member_id } => {
                let member_id = *member_id;
                match forms::parse_role(form, ctx) {
                    None => return Ok(Submitted::Fix),
                    Some(RoleChange::Assign { kind, from, until }) => {
                        self.store
                            .write(|tx| tx.add_role(member_id, kind, from, until))?;
                    }
                    Some(RoleChange::End { kind, on }) => {
                        let member = self.store.member(member_id)?;
                        let open = member
                            .roles
                            .iter()
                            .rev()
                            .find(|r| r.kind == kind && r.until.is_none());
                        let Some(role) = open else {
                            form.set_error("role", ctx.t("form.role_not_held").to_string());
                            return Ok(Submitted::Fix);
                        };
                        let role_id = role.id;
                        self.store.write(|tx| tx.end_role(member_id, role_id, on))?;
                    }
                }
                self.show_registered(Registered::Nothing);
                Ok(self.done("status.saved"))
            }
            RegistryForm::MergePath => {
                let path = PathBuf::from(vi::nfc(form.value("file").trim()));
                match self.merge_question(&path) {
                    Ok(question) => Ok(Submitted::Next(Overlay::Question(question))),
                    Err(message) => {
                        form.set_error("file", message);
                        Ok(Submitted::Fix)
                    }
                }
            }
            RegistryForm::BundlePath { cell_id } => {
                let path = PathBuf::from(vi::nfc(form.value("file").trim()));
                self.pending = Some(Effect::WriteBundleNow {
                    cell_id: *cell_id,
                    path,
                });
                Ok(Submitted::Working(
                    self.ctx.t("bundle_read_only.writing").to_string(),
                ))
            }
            RegistryForm::ImportPath { cell_id } => {
                let path = PathBuf::from(vi::nfc(&form.value("file")));
                match self.preview_import(*cell_id, path) {
                    Ok(preview) => Ok(Submitted::Next(Overlay::Import(preview))),
                    Err(message) => {
                        form.set_error("file", message);
                        Ok(Submitted::Fix)
                    }
                }
            }
        }
    }

    /// After a save of the register: the welcome screen gives way to the
    /// cells; the list shows the new or changed row selected.
    fn show_registered(&mut self, what: Registered) {
        if matches!(self.stack.last(), Some(Screen::Welcome(_))) {
            self.stack.clear();
            self.open(Route::Cells);
        } else {
            self.reload_top();
        }
        match (what, self.stack.last_mut()) {
            (Registered::Cell(id), Some(Screen::Cells(cells))) => cells.select_id(id),
            (Registered::Member(id), Some(Screen::Members(members))) => members.select_id(id),
            _ => {}
        }
    }

    /// Another member of the cell with the same name (without accents) and
    /// birth year.
    fn find_duplicate(
        &self,
        cell_id: RowId,
        id: Option<RowId>,
        input: &MemberInput,
    ) -> Option<String> {
        use chrono::Datelike;
        let folded = vi::fold(&input.full_name);
        let year = input.birth_date.map(|d| d.year());
        self.store
            .members(cell_id)
            .ok()?
            .into_iter()
            .find(|m| {
                Some(m.id) != id
                    && vi::fold(&m.full_name) == folded
                    && m.birth_date.map(|d| d.year()) == year
            })
            .map(|m| {
                let year = m
                    .birth_date
                    .map(|d| format!(" ({})", d.year()))
                    .unwrap_or_default();
                format!("{}{year}", safe(&m.full_name))
            })
    }

    fn preview_import(
        &self,
        cell_id: RowId,
        file: PathBuf,
    ) -> std::result::Result<ImportPreview, String> {
        let s = &self.ctx.strings;
        let bytes = std::fs::read(&file).map_err(|e| {
            s.fmt(
                "cli.read_file",
                &[("path", &file.display()), ("reason", &s.io_reason(&e))],
            )
        })?;
        let mut import = members_csv::parse(&bytes, self.ctx.clock.today());
        let existing = self.store.members(cell_id).map_err(|e| s.error(&e))?;
        members_csv::check_existing(&mut import, &existing);
        Ok(ImportPreview {
            cell_id,
            file,
            import,
            scroll: 0,
        })
    }
}

/// What a save of the register selects in the list under the form.
enum Registered {
    Cell(RowId),
    Member(RowId),
    Nothing,
}
