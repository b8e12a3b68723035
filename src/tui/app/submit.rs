//! How a form becomes a saved record. Every form is built from the store,
//! parsed, and saved in one transaction, with one result convention; the
//! groups of forms are matched exhaustively, so a form nobody saves does
//! not compile (and is never reported as saved).

use super::overlay::Overlay;
use super::{App, Status};
use crate::store::Error;
use crate::tui::forms::Purpose;
use crate::tui::widgets::form::Form;

/// What came of a submitted form.
pub(super) enum Submitted {
    /// Committed: the form closes and the status line says this.
    Saved(String),
    /// Nothing written: the form stays open and shows what to fix (or a
    /// warning that saving again confirms).
    Fix,
    /// Nothing written yet: another overlay takes the form's place (the
    /// preview of an import).
    Next(Overlay),
    /// Long work left for after the next frame (`App::pending`), which
    /// shows this in the status line; the form stays open until it ends.
    Working(String),
}

impl App {
    /// The status text of a plain save.
    pub(super) fn done(&self, key: &str) -> Submitted {
        Submitted::Saved(self.ctx.t(key).to_string())
    }

    pub(super) fn open_form(&mut self, purpose: Purpose) {
        let form = match &purpose {
            Purpose::Registry(p) => self.registry_form(p),
            Purpose::Planning(p) => self.planning_form(p),
            Purpose::Live(p) => self.live_form(p),
        };
        match form {
            Ok(form) => {
                self.overlays.push(Overlay::Form { form, purpose });
                self.after_typing();
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Saves a submitted form; on a refusal the form stays open with the
    /// message beside the field.
    pub(super) fn submit(&mut self, mut form: Form, mut purpose: Purpose) {
        let result = match &mut purpose {
            Purpose::Registry(p) => self.save_registry_form(&mut form, p),
            Purpose::Planning(p) => self.save_planning_form(&mut form, p),
            Purpose::Live(p) => self.save_live_form(&mut form, p),
        };
        match result {
            Ok(Submitted::Saved(text)) => self.status = Some(Status::Saved(text)),
            Ok(Submitted::Fix) => self.overlays.push(Overlay::Form { form, purpose }),
            Ok(Submitted::Next(overlay)) => self.overlays.push(overlay),
            Ok(Submitted::Working(text)) => {
                self.status = Some(Status::Working(text));
                self.overlays.push(Overlay::Form { form, purpose });
            }
            Err(e) => self.keep_form(form, purpose, &e),
        }
    }

    /// A save the store refused: the form stays open, the message beside the
    /// field it concerns (or above the fields).
    fn keep_form(&mut self, mut form: Form, purpose: Purpose, error: &Error) {
        match error {
            Error::Invalid { field, problem } => {
                let message = self.ctx.strings.problem(*problem).to_string();
                form.set_error(field, message);
                form.focus_first_error();
            }
            e => form.warning = Some(self.ctx.strings.error(e)),
        }
        self.overlays.push(Overlay::Form { form, purpose });
    }
}
