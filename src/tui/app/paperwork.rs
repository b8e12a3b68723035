//! The app's side of the resolution (nghị quyết), the meeting notice and
//! the roll to sign: their forms, saving the resolution's text, writing the
//! documents as files.

use std::path::{Path, PathBuf};

use ratatui::text::Line;

use super::submit::Submitted;
use super::{App, Status};
use crate::documents::render::DocFormat;
use crate::domain::RowId;
use crate::domain::resolution::ResolutionText;
use crate::domain::text::Problem;
use crate::paperwork::{self, Paper};
use crate::planning;
use crate::store::{ResolutionSave, Result};
use crate::tui::Ctx;
use crate::tui::forms::PaperworkForm;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::reader::{Placement, Reader};

/// The multi-line sections of the resolution form, in page order.
const SECTIONS: [&str; 7] = [
    "opening",
    "results",
    "tasks",
    "assignments",
    "quality",
    "vote",
    "recipients",
];

fn section<'a>(text: &'a ResolutionText, name: &str) -> &'a str {
    match name {
        "opening" => &text.opening,
        "results" => &text.results,
        "tasks" => &text.tasks,
        "assignments" => &text.assignments,
        "quality" => &text.quality,
        "vote" => &text.vote,
        _ => &text.recipients,
    }
}

fn resolution_form(ctx: &Ctx, text: &ResolutionText, stored: bool) -> Form {
    let label = |name: &str| ctx.t(&format!("resolution.field_{name}")).to_string();
    let mut fields = vec![
        Field::text("number", label("number"), &text.number.to_string(), true),
        Field::text("subject", label("subject"), &text.subject, true),
    ];
    for name in SECTIONS {
        fields.push(Field::multiline(
            name,
            label(name),
            section(text, name),
            false,
        ));
    }
    fields.push(Field::text("signer", label("signer"), &text.signer, false));
    fields.push(Field::choice(
        "redraft",
        label("redraft"),
        vec![
            ("no".to_string(), ctx.t("resolution.keep").to_string()),
            ("yes".to_string(), ctx.t("resolution.redraft").to_string()),
        ],
        "no",
    ));
    let mut form = Form::new(
        ctx.strings.fmt(
            "resolution.title",
            &[(
                "number",
                &crate::domain::resolution::number_label(text.number),
            )],
        ),
        fields,
    );
    form.warning = Some(
        ctx.t(if stored {
            "resolution.hint_stored"
        } else {
            "resolution.hint_draft"
        })
        .to_string(),
    );
    form
}

/// The text of the form, or None with the problems shown beside the fields.
fn parse_resolution(form: &mut Form, ctx: &Ctx) -> Option<ResolutionText> {
    form.clear_errors();
    let number = match form.value("number").trim().parse::<u32>() {
        Ok(n) if n > 0 => n,
        _ => {
            form.set_error("number", ctx.t("resolution.bad_number").to_string());
            0
        }
    };
    if form.value("subject").trim().is_empty() {
        form.set_error("subject", ctx.strings.problem(Problem::Empty).to_string());
    }
    form.focus_first_error();
    if form.has_errors() {
        return None;
    }
    Some(ResolutionText {
        number,
        subject: form.value("subject"),
        opening: form.value("opening"),
        results: form.value("results"),
        tasks: form.value("tasks"),
        assignments: form.value("assignments"),
        quality: form.value("quality"),
        vote: form.value("vote"),
        recipients: form.value("recipients"),
        signer: form.value("signer"),
    })
}

impl App {
    pub(super) fn paperwork_form(&self, purpose: &PaperworkForm) -> Result<Form> {
        let ctx = &self.ctx;
        match purpose {
            PaperworkForm::Resolution { meeting_id } => {
                match self.store.resolution(*meeting_id)? {
                    Some(r) => Ok(resolution_form(ctx, &r.text, true)),
                    None => {
                        let draft = paperwork::draft_resolution(&self.store, *meeting_id)?;
                        Ok(resolution_form(ctx, &draft, false))
                    }
                }
            }
        }
    }

    /// None: the form has problems to show.
    pub(super) fn save_paperwork(
        &mut self,
        form: &mut Form,
        purpose: &PaperworkForm,
    ) -> Result<Option<Submitted>> {
        match purpose {
            PaperworkForm::Resolution { meeting_id } => {
                let id = *meeting_id;
                let saved = if form.value("redraft") == "yes" {
                    paperwork::redraft_resolution(&mut self.store, id)?
                } else {
                    let Some(text) = parse_resolution(form, &self.ctx) else {
                        return Ok(None);
                    };
                    // A first save of the draft as it came is a draft; any
                    // change typed before it is an edit.
                    let how = match self.store.resolution(id)? {
                        None if paperwork::draft_resolution(&self.store, id)? == text => {
                            ResolutionSave::Drafted
                        }
                        _ => ResolutionSave::Edited,
                    };
                    self.store.write(|tx| tx.save_resolution(id, &text, how))?
                };
                Ok(Some(Submitted::Saved(self.ctx.strings.fmt(
                    "resolution.saved",
                    &[("number", &saved.number_label())],
                ))))
            }
        }
    }

    /// Writes the resolution (stored first if it was not), the notice or
    /// the roll to sign as a Word file into the documents folder beside the
    /// database (never over a file) and says where; the notice also shows
    /// its short text, to copy into Zalo or an SMS.
    pub(super) fn write_paper(&mut self, paper: Paper, meeting_id: RowId) {
        let written = self.write_paper_file(paper, meeting_id);
        let path = match written {
            Ok(path) => path,
            Err(e) => return self.fail(&e),
        };
        let message = self
            .ctx
            .strings
            .fmt("resolution.written", &[("path", &path.display())]);
        if paper == Paper::Notice {
            match paperwork::notice_short(&self.store, meeting_id, self.ctx.clock.today()) {
                Ok(short) => {
                    let mut lines: Vec<Line<'static>> =
                        short.lines().map(|l| Line::from(l.to_string())).collect();
                    lines.push(Line::from(String::new()));
                    lines.push(Line::from(message.clone()));
                    self.show(Reader::new(
                        self.ctx.t("resolution.notice_short_title").to_string(),
                        lines,
                        Placement::Full,
                    ));
                }
                Err(e) => return self.fail(&e),
            }
        }
        self.status = Some(Status::Saved(message));
    }

    fn write_paper_file(&mut self, paper: Paper, meeting_id: RowId) -> Result<PathBuf> {
        if paper == Paper::Resolution && !paperwork::read_only(&self.store, meeting_id)? {
            paperwork::resolution(&mut self.store, meeting_id)?;
        }
        let Some(database) = self.store.path().map(Path::to_path_buf) else {
            return Err(crate::store::Error::NotFound("database"));
        };
        planning::write_document(
            &self.store,
            paper.kind(),
            meeting_id,
            DocFormat::Docx,
            &planning::documents_folder(&database),
        )
    }
}
