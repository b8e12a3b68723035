//! The app's side of the resolution (nghị quyết), the meeting notice and
//! the roll to sign: their forms, saving the resolution's text, writing the
//! documents as files.

use std::path::{Path, PathBuf};

use ratatui::text::Line;

use super::overlay::Overlay;
use super::submit::Submitted;
use super::{App, Status};
use crate::documents::render::DocFormat;
use crate::domain::resolution::ResolutionText;
use crate::domain::text::Problem;
use crate::exchange::output::{self, OutputError};
use crate::paperwork::{self, Paper};
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

/// Where to write a document: the format follows the file's extension.
fn file_form(ctx: &Ctx, title: &str, suggested: &Path) -> Form {
    let mut form = Form::new(
        title.to_string(),
        vec![Field::text(
            "file",
            ctx.strings.field("file"),
            &suggested.to_string_lossy(),
            true,
        )],
    );
    form.warning = Some(ctx.t("resolution.file_hint").to_string());
    form
}

fn format_of(path: &Path) -> Option<DocFormat> {
    let ext = path.extension()?.to_str()?.to_lowercase();
    DocFormat::parse(&ext)
}

impl App {
    /// The folder documents are offered in: the database's.
    fn document_folder(&self) -> PathBuf {
        self.store
            .path()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn suggested(&self, paper: Paper, meeting_id: crate::domain::RowId) -> Result<PathBuf> {
        let m = self.store.meeting(meeting_id)?;
        Ok(self
            .document_folder()
            .join(paperwork::file_name(paper, &m, DocFormat::Docx)))
    }

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
            PaperworkForm::WriteResolution { meeting_id } => Ok(file_form(
                ctx,
                ctx.t("resolution.write_title"),
                &self.suggested(Paper::Resolution, *meeting_id)?,
            )),
            PaperworkForm::Notice { meeting_id } => Ok(file_form(
                ctx,
                ctx.t("resolution.notice_title"),
                &self.suggested(Paper::Notice, *meeting_id)?,
            )),
            PaperworkForm::Roll { meeting_id } => Ok(file_form(
                ctx,
                ctx.t("resolution.roll_title"),
                &self.suggested(Paper::Roll, *meeting_id)?,
            )),
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
            PaperworkForm::WriteResolution { meeting_id } => {
                self.write_paper(form, Paper::Resolution, *meeting_id)
            }
            PaperworkForm::Roll { meeting_id } => self.write_paper(form, Paper::Roll, *meeting_id),
            PaperworkForm::Notice { meeting_id } => {
                let Some(done) = self.write_paper(form, Paper::Notice, *meeting_id)? else {
                    return Ok(None);
                };
                // The page is written; the short text is shown to copy into
                // Zalo or an SMS, the path on the status line.
                let short =
                    paperwork::notice_short(&self.store, *meeting_id, self.ctx.clock.today())?;
                if let Submitted::Saved(message) = done {
                    self.status = Some(Status::Saved(message));
                }
                Ok(Some(Submitted::Next(Overlay::Reader(Reader::new(
                    self.ctx.t("resolution.notice_short_title").to_string(),
                    short.lines().map(|l| Line::from(l.to_string())).collect(),
                    Placement::Full,
                )))))
            }
        }
    }

    /// Writes a document where the form says, never over a file or the
    /// database; a refusal stays beside the field.
    fn write_paper(
        &mut self,
        form: &mut Form,
        paper: Paper,
        meeting_id: crate::domain::RowId,
    ) -> Result<Option<Submitted>> {
        let ctx = &self.ctx;
        form.clear_errors();
        let path = PathBuf::from(crate::vi::nfc(form.value("file").trim()));
        let Some(format) = format_of(&path) else {
            form.set_error("file", ctx.t("resolution.file_hint").to_string());
            return Ok(None);
        };
        let today = ctx.clock.today();
        let bytes = paperwork::document(&mut self.store, paper, meeting_id, format, today)?;
        let ctx = &self.ctx;
        let database = self.store.path().map(Path::to_path_buf);
        if let Err(e) = output::write_file(&path, &bytes, false, database.as_deref()) {
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
        Ok(Some(Submitted::Saved(
            ctx.strings
                .fmt("resolution.written", &[("path", &path.display())]),
        )))
    }
}
