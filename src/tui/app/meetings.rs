//! The app's side of the meetings tab and the agenda builder: building their
//! forms from the store, saving them, and running their effects.

use std::path::{Path, PathBuf};

use chrono::{Duration, Months, NaiveDateTime};

use super::submit::Submitted;
use super::{App, Status};
use crate::documents::layout::Format;
use crate::domain::{Meeting, MeetingKind, PrepStep, Roster, RowId};
use crate::exchange::output::{self, OutputError};
use crate::planning;
use crate::store::{Error, Result};
use crate::tui::forms::{self, MeetingDefaults, PlanningForm};
use crate::tui::screens::agenda::ItemChange;
use crate::tui::screens::{AgendaEffect, Route, Screen};
use crate::tui::widgets::form::Form;
use crate::vi;

impl App {
    /// The people of a cell who can chair, take minutes or present, in
    /// roster order.
    pub(super) fn people(
        &self,
        cell_id: RowId,
        day: chrono::NaiveDate,
    ) -> Result<Vec<(RowId, String)>> {
        let members = self.store.members(cell_id)?;
        Ok(Roster::build(&members, day)
            .entries
            .into_iter()
            .map(|e| (e.member_id, e.full_name))
            .collect())
    }

    /// A moment that is not in the past: `at`, or a week from now at 14:00.
    fn future_or_next_week(&self, at: NaiveDateTime) -> NaiveDateTime {
        let now = self.ctx.clock.now();
        if at > now {
            at
        } else {
            (now.date() + Duration::days(7))
                .and_hms_opt(14, 0, 0)
                .unwrap_or(now)
        }
    }

    fn meeting_defaults(
        &self,
        cell_id: RowId,
        copy_from: Option<RowId>,
    ) -> Result<MeetingDefaults> {
        let cell = self.store.cell(cell_id)?;
        let meetings = self.store.meetings(cell_id)?;
        let members = self.store.members(cell_id)?;
        let source: Option<Meeting> = match copy_from {
            Some(id) => Some(self.store.meeting(id)?),
            None => meetings.iter().find(|m| m.kind.is_regular()).cloned(),
        };
        let next_month = |m: &Meeting| {
            m.planned_at
                .checked_add_months(Months::new(1))
                .unwrap_or(m.planned_at)
        };
        let when =
            self.future_or_next_week(source.as_ref().map_or(self.ctx.clock.now(), next_month));
        let day = when.date();
        Ok(MeetingDefaults {
            kind: match (&source, copy_from) {
                (Some(m), Some(_)) => m.kind,
                _ => MeetingKind::Regular,
            },
            when,
            place: source
                .as_ref()
                .map(|m| m.place.clone())
                .filter(|p| !p.is_empty())
                .unwrap_or(cell.usual_venue),
            chair: planning::default_chair(&members, day)
                .or_else(|| source.as_ref().and_then(|m| m.chair_id)),
            minute_taker: source.as_ref().and_then(|m| m.minute_taker_id),
            title: match (&source, copy_from) {
                (Some(m), Some(_)) => m.title.clone(),
                _ => String::new(),
            },
        })
    }

    pub(super) fn planning_form(&self, purpose: &PlanningForm) -> Result<Form> {
        let ctx = &self.ctx;
        match purpose {
            PlanningForm::Meeting {
                cell_id,
                id: Some(id),
                ..
            } => {
                let m = self.store.meeting(*id)?;
                let defaults = MeetingDefaults {
                    kind: m.kind,
                    when: m.planned_at,
                    place: m.place.clone(),
                    chair: m.chair_id,
                    minute_taker: m.minute_taker_id,
                    title: m.title.clone(),
                };
                Ok(forms::meeting_form(
                    ctx,
                    true,
                    &defaults,
                    &self.people(*cell_id, m.date())?,
                ))
            }
            PlanningForm::Meeting {
                cell_id,
                id: None,
                copy_from,
            } => {
                let defaults = self.meeting_defaults(*cell_id, *copy_from)?;
                let people = self.people(*cell_id, defaults.when.date())?;
                let mut form = forms::meeting_form(ctx, false, &defaults, &people);
                if let Some(src) = copy_from {
                    let src = self.store.meeting(*src)?;
                    form.warning = Some(
                        ctx.strings
                            .fmt("form.copy_from", &[("date", &vi::date(src.date()))]),
                    );
                }
                Ok(form)
            }
            PlanningForm::Postpone { meeting_id } => {
                let m = self.store.meeting(*meeting_id)?;
                Ok(forms::postpone_form(ctx, m.planned_at))
            }
            PlanningForm::AgendaItem { meeting_id, id, .. } => {
                let m = self.store.meeting(*meeting_id)?;
                let people = self.people(m.cell_id, m.date())?;
                let item = match id {
                    Some(id) => self
                        .store
                        .agenda(*meeting_id)?
                        .into_iter()
                        .find(|i| i.id == *id),
                    None => None,
                };
                Ok(forms::item_form(ctx, item.as_ref(), &people))
            }
            PlanningForm::Guest { .. } => Ok(forms::guest_form(ctx)),
            PlanningForm::Checklist { meeting_id } => Ok(forms::checklist_form(
                ctx,
                &self.store.preparation(*meeting_id)?,
            )),
            PlanningForm::TaskOutcome {
                task_id,
                meeting_id,
            } => {
                let m = self.store.meeting(*meeting_id)?;
                let task = self
                    .store
                    .carried_tasks(&m)?
                    .into_iter()
                    .find(|t| t.id == *task_id)
                    .ok_or(Error::NotFound("task"))?;
                Ok(forms::outcome_form(ctx, &task))
            }
            PlanningForm::ExportAgenda { meeting_id } => {
                let m = self.store.meeting(*meeting_id)?;
                let folder = self
                    .store
                    .path()
                    .and_then(|p| p.parent())
                    .map(|p| p.to_path_buf())
                    .unwrap_or_default();
                let name = format!("chuong-trinh-{}.md", m.date().format("%Y-%m-%d"));
                Ok(forms::export_form(
                    ctx,
                    &folder.join(name).to_string_lossy(),
                ))
            }
            PlanningForm::Paperwork(p) => self.paperwork_form(p),
        }
    }

    pub(super) fn save_planning_form(
        &mut self,
        form: &mut Form,
        purpose: &PlanningForm,
    ) -> Result<Submitted> {
        let saved = self.save_planning(form, purpose)?;
        Ok(match saved {
            Some(saved) => self.after_planning_save(purpose, saved),
            None => Submitted::Fix,
        })
    }

    /// None: the form has errors to show.
    fn save_planning(&mut self, form: &mut Form, purpose: &PlanningForm) -> Result<Option<Saved>> {
        let ctx = &self.ctx;
        match purpose {
            PlanningForm::Meeting {
                cell_id,
                id,
                copy_from,
            } => {
                let Some(input) = forms::parse_meeting(form, ctx) else {
                    return Ok(None);
                };
                let (cell_id, id, copy_from) = (*cell_id, *id, *copy_from);
                let meeting = self.store.write(|tx| match id {
                    Some(id) => tx.update_meeting(id, &input),
                    None => match copy_from {
                        Some(src) => planning::duplicate_meeting(tx, cell_id, &input, src),
                        None => planning::create_meeting(tx, cell_id, &input),
                    },
                })?;
                Ok(Some(Saved::Meeting(meeting.id, id.is_none())))
            }
            PlanningForm::Postpone { meeting_id } => {
                let Some(forms::Postponement { at, reason }) = forms::parse_postpone(form, ctx)
                else {
                    return Ok(None);
                };
                let id = *meeting_id;
                self.store
                    .write(|tx| tx.postpone_meeting(id, at, &reason))?;
                Ok(Some(Saved::Nothing))
            }
            PlanningForm::AgendaItem {
                meeting_id,
                id,
                after,
            } => {
                let carry_over = match id {
                    Some(id) => self
                        .store
                        .agenda(*meeting_id)?
                        .iter()
                        .any(|i| i.id == *id && i.carry_over),
                    None => false,
                };
                let Some(input) = forms::parse_item(form, ctx, carry_over) else {
                    return Ok(None);
                };
                let (meeting_id, id, after) = (*meeting_id, *id, *after);
                let before = match id {
                    Some(id) => self
                        .store
                        .agenda(meeting_id)?
                        .into_iter()
                        .find(|i| i.id == id),
                    None => None,
                };
                let item = self.store.write(|tx| match id {
                    Some(id) => tx.update_agenda_item(id, &input),
                    None => tx.insert_agenda_item(meeting_id, &input, after),
                })?;
                if let Some(before) = before
                    && let Some(Screen::Agenda(agenda)) = self.stack.last_mut()
                {
                    agenda.push_undo(ItemChange::Edited(before));
                }
                Ok(Some(Saved::Item(item.id)))
            }
            PlanningForm::Guest { meeting_id } => {
                let Some(forms::GuestInput { name, title }) = forms::parse_guest(form, ctx) else {
                    return Ok(None);
                };
                let id = *meeting_id;
                self.store.write(|tx| tx.add_guest(id, &name, &title))?;
                Ok(Some(Saved::Nothing))
            }
            PlanningForm::Checklist { meeting_id } => {
                let Some(input) = forms::parse_checklist(form, ctx) else {
                    return Ok(None);
                };
                let id = *meeting_id;
                // Notes the form does not show (an import's) are kept.
                let before = self.store.preparation(id)?;
                self.store.write(|tx| {
                    for (step, day) in &input.steps {
                        let note = match step {
                            PrepStep::MaterialsSent => input.materials.as_str(),
                            _ => before
                                .iter()
                                .find(|b| b.step == *step)
                                .map_or("", |b| b.note.as_str()),
                        };
                        tx.set_preparation_step(id, *step, *day, note)?;
                    }
                    Ok(())
                })?;
                Ok(Some(Saved::Nothing))
            }
            PlanningForm::TaskOutcome {
                task_id,
                meeting_id,
            } => {
                let Some(forms::OutcomeInput { outcome, note }) = forms::parse_outcome(form, ctx)
                else {
                    return Ok(None);
                };
                let (task_id, meeting_id) = (*task_id, *meeting_id);
                self.store
                    .write(|tx| tx.set_task_outcome(task_id, outcome, &note, meeting_id))?;
                Ok(Some(Saved::Nothing))
            }
            PlanningForm::ExportAgenda { meeting_id } => {
                let path = PathBuf::from(vi::nfc(&form.value("file")));
                let format = Format::parse(&form.value("format")).unwrap_or(Format::Markdown);
                let text =
                    planning::agenda_document(&self.store, *meeting_id, format, ctx.clock.today())?;
                let database = self.store.path().map(Path::to_path_buf);
                if let Err(e) =
                    output::write_file(&path, text.as_bytes(), false, database.as_deref())
                {
                    let message = match e {
                        OutputError::Exists(p) => ctx
                            .strings
                            .fmt("form.file_exists", &[("path", &p.display())]),
                        OutputError::IsDatabase(p) => ctx
                            .strings
                            .fmt("cli.is_database", &[("path", &p.display())]),
                        OutputError::Io { path, source } => ctx.strings.fmt(
                            "cli.write_file",
                            &[
                                ("path", &path.display()),
                                ("reason", &ctx.strings.io_reason(&source)),
                            ],
                        ),
                    };
                    form.set_error("file", message);
                    return Ok(None);
                }
                Ok(Some(Saved::Exported(path)))
            }
            PlanningForm::Paperwork(p) => {
                let p = p.clone();
                self.save_paperwork(form, &p)
                    .map(|done| done.map(Saved::Paperwork))
            }
        }
    }

    fn after_planning_save(&mut self, purpose: &PlanningForm, saved: Saved) -> Submitted {
        self.reload_top();
        match saved {
            Saved::Meeting(id, created) => {
                if let Some(Screen::Meetings(list)) = self.stack.last_mut() {
                    list.select_id(id);
                }
                if created {
                    // Straight into the new meeting's agenda.
                    self.open(Route::Agenda(id));
                }
                match purpose {
                    PlanningForm::Meeting {
                        copy_from: Some(src),
                        ..
                    } => {
                        let date = self
                            .store
                            .meeting(*src)
                            .map(|m| vi::date(m.date()))
                            .unwrap_or_default();
                        Submitted::Saved(self.ctx.strings.fmt("agenda.copied", &[("date", &date)]))
                    }
                    _ => self.done("status.saved"),
                }
            }
            Saved::Item(id) => {
                if let Some(Screen::Agenda(agenda)) = self.stack.last_mut() {
                    agenda.select_item(id);
                }
                self.done("status.saved")
            }
            Saved::Exported(path) => Submitted::Saved(
                self.ctx
                    .strings
                    .fmt("agenda.exported", &[("path", &path.display())]),
            ),
            Saved::Nothing => self.done("status.saved"),
            Saved::Paperwork(submitted) => submitted,
        }
    }

    pub(super) fn run_agenda_effect(&mut self, effect: AgendaEffect) {
        let result = match effect {
            AgendaEffect::CancelMeeting(id) => self
                .store
                .write(|tx| tx.cancel_meeting(id))
                .map(|_| "status.saved"),
            AgendaEffect::DeleteMeeting(id) => self
                .store
                .write(|tx| tx.delete_meeting(id))
                .map(|_| "status.deleted"),
            AgendaEffect::DeleteGuest(id) => self
                .store
                .write(|tx| tx.delete_guest(id))
                .map(|_| "status.deleted"),
            AgendaEffect::DeleteItem(id) => {
                match self.store.write(|tx| tx.delete_agenda_item(id)) {
                    Ok(item) => {
                        if let Some(Screen::Agenda(agenda)) = self.stack.last_mut() {
                            agenda.push_undo(ItemChange::Deleted(item));
                        }
                        Ok("agenda.deleted")
                    }
                    Err(e) => Err(e),
                }
            }
            AgendaEffect::UndoItemChange => {
                let change = match self.stack.last_mut() {
                    Some(Screen::Agenda(agenda)) => agenda.pop_undo(),
                    _ => None,
                };
                let Some(change) = change else {
                    self.status = Some(Status::Failed(
                        self.ctx.t("agenda.nothing_to_undo").to_string(),
                    ));
                    return;
                };
                let undone = self.store.write(|tx| match &change {
                    ItemChange::Deleted(item) => tx.restore_agenda_item(item),
                    ItemChange::Edited(item) => {
                        tx.update_agenda_item(item.id, &crate::store::AgendaItemInput::of(item))
                    }
                });
                match undone {
                    Ok(restored) => {
                        self.reload_top();
                        if let Some(Screen::Agenda(agenda)) = self.stack.last_mut() {
                            agenda.select_item(restored.id);
                        }
                        self.saved("status.undone");
                        return;
                    }
                    Err(e) => {
                        // Not undone: it stays to be tried again.
                        if let Some(Screen::Agenda(agenda)) = self.stack.last_mut() {
                            agenda.push_undo(change);
                        }
                        Err(e)
                    }
                }
            }
            AgendaEffect::MoveItem { id, up } => {
                match self.store.write(|tx| tx.move_agenda_item(id, up)) {
                    Ok(_) => {
                        self.reload_top();
                        if let Some(Screen::Agenda(agenda)) = self.stack.last_mut() {
                            agenda.select_item(id);
                        }
                        return;
                    }
                    Err(e) => Err(e),
                }
            }
        };
        match result {
            Ok(key) => {
                self.reload_top();
                self.saved(key);
            }
            Err(e) => self.fail(&e),
        }
    }
}

/// What a meetings-tab form saved.
enum Saved {
    /// The meeting, and whether it is new.
    Meeting(RowId, bool),
    Item(RowId),
    Exported(PathBuf),
    /// A document of `app/paperwork.rs`, with what to show.
    Paperwork(Submitted),
    Nothing,
}
