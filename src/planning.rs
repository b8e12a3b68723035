//! Preparing meetings from templates: shared by the demo, the TUI and the CLI.

use chrono::NaiveDate;

use crate::assets;
use crate::domain::agenda::Template;
use crate::domain::engine;
use crate::domain::{Meeting, Member, RoleKind, RowId};
use crate::store::{AgendaItemInput, Error, MeetingInput, Result, Tx};

/// The agenda items of a template; steps the template says the chair (or
/// the bí thư) leads are given to the chair.
pub fn template_items(template: &Template, chair: Option<RowId>) -> Vec<AgendaItemInput> {
    template
        .steps
        .iter()
        .map(|step| AgendaItemInput {
            title: step.title.clone(),
            planned_minutes: i64::from(step.minutes),
            presenter_id: if step.lead.is_chair() { chair } else { None },
            notes: String::new(),
            carry_over: step.carry_over,
            kind: step.kind,
            vote_kind: step.vote,
            optional: step.optional,
        })
        .collect()
}

/// Who holds an office on a day (the first found).
pub fn holder_of(members: &[Member], kind: RoleKind, day: NaiveDate) -> Option<RowId> {
    members
        .iter()
        .find(|m| m.roles_on(day).any(|r| r == kind))
        .map(|m| m.id)
}

/// The default chair: the secretary (bí thư), else the deputy.
pub fn default_chair(members: &[Member], day: NaiveDate) -> Option<RowId> {
    holder_of(members, RoleKind::Secretary, day)
        .or_else(|| holder_of(members, RoleKind::DeputySecretary, day))
}

/// Fills an empty meeting's agenda from the template of its kind.
pub fn add_template_agenda(tx: &mut Tx, meeting: &Meeting) -> Result<usize> {
    let template = assets::template(meeting.kind)
        .ok_or_else(|| Error::Import(format!("no agenda template for {}", meeting.kind.code())))?;
    let items = template_items(template, meeting.chair_id);
    for item in &items {
        tx.add_agenda_item(meeting.id, item)?;
    }
    Ok(items.len())
}

/// Creates a meeting with the agenda of its kind and the items earlier
/// meetings moved to the next one, in the caller's transaction.
pub fn create_meeting(tx: &mut Tx, cell_id: RowId, input: &MeetingInput) -> Result<Meeting> {
    let meeting = tx.create_meeting(cell_id, input)?;
    add_template_agenda(tx, &meeting)?;
    tx.carry_moved_items(&meeting)?;
    Ok(meeting)
}

/// Creates a meeting with the agenda of an earlier one, and the items
/// earlier meetings moved to the next one.
pub fn duplicate_meeting(
    tx: &mut Tx,
    cell_id: RowId,
    input: &MeetingInput,
    source: RowId,
) -> Result<Meeting> {
    let meeting = tx.create_meeting(cell_id, input)?;
    tx.copy_agenda(source, meeting.id)?;
    tx.carry_moved_items(&meeting)?;
    Ok(meeting)
}

/// The agenda of a meeting as a document, gathered from the store.
pub fn agenda_document(
    store: &crate::store::Store,
    meeting_id: RowId,
    format: crate::documents::layout::Format,
    dated: NaiveDate,
) -> Result<String> {
    use std::collections::HashMap;

    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let names: HashMap<RowId, String> = store
        .members(cell.id)?
        .into_iter()
        .map(|m| (m.id, m.full_name))
        .collect();
    let items = store.agenda(meeting_id)?;
    let guests = store.guests(meeting_id)?;
    let rules = assets::rules_on(meeting.date());
    let strings = crate::i18n::Strings::load(crate::i18n::Lang::Vi);
    let carried = carried_tasks(store, &meeting, &names)?;
    let doc = crate::documents::agenda::AgendaDoc {
        cell: &cell,
        meeting: &meeting,
        items: &items,
        guests: &guests,
        names: &names,
        dated,
        min_minutes: rules
            .and_then(|r| r.min_minutes(meeting.kind))
            .map(|r| r.value),
        rules_name: rules.map(|r| r.name.as_str()),
        carried: &carried,
    };
    Ok(crate::documents::agenda::render(&strings, &doc, format))
}

/// The open tasks of a cell's earlier meetings, as the agenda lists them.
pub fn carried_tasks(
    store: &crate::store::Store,
    meeting: &Meeting,
    names: &std::collections::HashMap<RowId, String>,
) -> Result<Vec<crate::documents::agenda::CarriedTask>> {
    let meetings = store.meetings(meeting.cell_id)?;
    let date_of = |id: RowId| meetings.iter().find(|m| m.id == id).map(Meeting::date);
    Ok(store
        .carried_tasks(meeting)?
        .into_iter()
        .filter_map(|t| {
            Some(crate::documents::agenda::CarriedTask {
                set_on: date_of(t.meeting_id)?,
                assignee: t.assignee_id.and_then(|id| names.get(&id).cloned()),
                due: t.due_on,
                text: t.text,
            })
        })
        .collect())
}

/// The minutes (biên bản) of a meeting as a page, from the store's record
/// and the engine's figures and verdicts.
pub fn minutes_page(
    store: &crate::store::Store,
    meeting_id: RowId,
) -> Result<crate::documents::page::Page> {
    use chrono::Datelike;
    use std::collections::HashMap;

    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let names: HashMap<RowId, String> = store
        .members(cell.id)?
        .into_iter()
        .map(|m| (m.id, m.full_name))
        .collect();
    let guests = store.guests(meeting_id)?;
    let book = assets::rulebook()?;
    let record = store.record(meeting_id)?;
    let rules = book.rules_on(meeting.date());
    // "thay đồng chí … vắng" only while the record says they were away.
    let mut meeting = meeting;
    meeting.chair_replaces_id = engine::replaced_officer(&record, meeting.chair_replaces_id);
    meeting.minute_taker_replaces_id =
        engine::replaced_officer(&record, meeting.minute_taker_replaces_id);
    let verdicts: Vec<_> = record
        .votes
        .iter()
        .map(|v| engine::verdict(v, rules))
        .collect();
    let day = meeting.date();
    let dues = store.dues_of_month(cell.id, day.year(), day.month())?;
    let strings = crate::i18n::Strings::load(crate::i18n::Lang::Vi);
    let doc = crate::documents::minutes::MinutesDoc {
        cell: &cell,
        meeting: &meeting,
        figures: &record.figures,
        detail: &engine::attendance_detail(&record),
        names: &names,
        guests: &guests,
        items: &record.items,
        remarks: &record.remarks,
        votes: &record.votes,
        verdicts: &verdicts,
        tasks: &record.tasks,
        earlier_tasks: &store.carried_tasks(&meeting)?,
        dues: &engine::dues_status(&record, &dues),
        quality: engine::assess(&record, book),
        approved: engine::minutes_approved(&record, rules),
        addenda: &store.addenda(meeting_id)?,
    };
    Ok(crate::documents::minutes::page(&strings, &doc))
}

/// The minutes as text laid out for `width` columns (the read-back on a
/// screen narrower than a page keeps its columns aligned).
pub fn minutes_text(
    store: &crate::store::Store,
    meeting_id: RowId,
    width: usize,
) -> Result<String> {
    let page = minutes_page(store, meeting_id)?;
    Ok(crate::documents::render::text::render(&page, width))
}

/// The minutes as text (80 columns) or Markdown.
pub fn minutes_document(
    store: &crate::store::Store,
    meeting_id: RowId,
    format: crate::documents::layout::Format,
) -> Result<String> {
    use crate::documents::render;
    let page = minutes_page(store, meeting_id)?;
    Ok(match format {
        crate::documents::layout::Format::Text => render::text::render(&page, render::text::WIDTH),
        crate::documents::layout::Format::Markdown => render::markdown::render(&page),
    })
}

/// The engine's findings about one meeting: a locked meeting keeps the
/// verdict frozen with it; before, they come from the record (the frozen
/// roster and figures once it closed).
pub fn findings(
    store: &crate::store::Store,
    meeting_id: RowId,
) -> Result<Vec<crate::domain::engine::Finding>> {
    let meeting = store.meeting(meeting_id)?;
    if meeting.status == crate::domain::MeetingStatus::Locked
        && let Some(frozen) = store.frozen_findings(meeting_id)?
        && !frozen.is_empty()
    {
        return Ok(frozen);
    }
    let others = store.meetings(meeting.cell_id)?;
    Ok(engine::meeting_findings(
        &store.record(meeting_id)?,
        assets::rulebook()?,
        &others,
        store.clock().now(),
    ))
}

/// A document chibo prints for a meeting (the resolution and the other
/// papers add their kinds here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// biên bản
    Minutes,
    /// nghị quyết (`paperwork`)
    Resolution,
    /// thông báo / giấy mời (`paperwork`)
    Notice,
    /// danh sách đảng viên dự sinh hoạt, to sign (`paperwork`)
    Roll,
}

impl DocumentKind {
    /// The start of the file's name ("bien-ban").
    pub fn file_stem(self) -> &'static str {
        match self {
            DocumentKind::Minutes => "bien-ban",
            DocumentKind::Resolution => "nghi-quyet",
            DocumentKind::Notice => "thong-bao",
            DocumentKind::Roll => "danh-sach-ky",
        }
    }
}

/// A meeting's document as a page.
pub fn document_page(
    store: &crate::store::Store,
    kind: DocumentKind,
    meeting_id: RowId,
) -> Result<crate::documents::page::Page> {
    match kind {
        DocumentKind::Minutes => minutes_page(store, meeting_id),
        DocumentKind::Resolution => {
            crate::paperwork::read_page(store, crate::paperwork::Paper::Resolution, meeting_id)
        }
        DocumentKind::Notice => {
            crate::paperwork::read_page(store, crate::paperwork::Paper::Notice, meeting_id)
        }
        DocumentKind::Roll => {
            crate::paperwork::read_page(store, crate::paperwork::Paper::Roll, meeting_id)
        }
    }
}

/// A meeting's document as the bytes of a file in `format`.
pub fn document_bytes(
    store: &crate::store::Store,
    kind: DocumentKind,
    meeting_id: RowId,
    format: crate::documents::render::DocFormat,
) -> Result<Vec<u8>> {
    let page = document_page(store, kind, meeting_id)?;
    crate::documents::render::render(&page, format).map_err(|source| Error::Io {
        path: std::path::PathBuf::from(kind.file_stem()),
        source,
    })
}

/// The folder the app writes documents into: `chibo-documents` beside the
/// database (the secretary's files stay together, on the same disk, with
/// the same backups).
pub fn documents_folder(database: &std::path::Path) -> std::path::PathBuf {
    let parent = match database.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    parent.join("chibo-documents")
}

/// The longest cell name in a document's file name (bytes of ASCII).
const CELL_SLUG_MAX: usize = 40;

/// A meeting's document file name without its extension: the kind, the
/// meeting's date, the cell's name in ASCII ("bien-ban-2026-10-05-chi-bo-
/// khoa-kinh-te"), so that two cells' documents of a day (a committee's
/// file) have names of their own.
pub fn document_stem(
    kind: DocumentKind,
    meeting: &crate::domain::Meeting,
    cell_name: &str,
) -> String {
    let date = meeting.date().format("%Y-%m-%d");
    match crate::vi::slug(cell_name, CELL_SLUG_MAX) {
        slug if slug.is_empty() => format!("{}-{date}", kind.file_stem()),
        slug => format!("{}-{date}-{slug}", kind.file_stem()),
    }
}

/// Writes a meeting's document into `folder` (created 0700 if missing) as
/// "bien-ban-2026-10-05-chi-bo-khoa-kinh-te.docx" (`document_stem`), or
/// "…_2.docx" and so on when that name is taken: an existing file is never
/// replaced. Returns the path written.
pub fn write_document(
    store: &crate::store::Store,
    kind: DocumentKind,
    meeting_id: RowId,
    format: crate::documents::render::DocFormat,
    folder: &std::path::Path,
) -> Result<std::path::PathBuf> {
    use crate::exchange::output::{OutputError, write_file};

    let meeting = store.meeting(meeting_id)?;
    let bytes = document_bytes(store, kind, meeting_id, format)?;
    crate::store::fsmode::create_private_dir_all(folder).map_err(|source| Error::Io {
        path: folder.to_path_buf(),
        source,
    })?;
    let cell = store.cell(meeting.cell_id)?;
    let stem = document_stem(kind, &meeting, &cell.name);
    for n in 1..1000 {
        let name = match n {
            1 => format!("{stem}.{}", format.extension()),
            // `_`, which a cell's slug never holds: "chi-bo-2" is a cell, "chi-bo_2" a copy.
            _ => format!("{stem}_{n}.{}", format.extension()),
        };
        let path = folder.join(name);
        match write_file(&path, &bytes, false, store.path()) {
            Ok(()) => return Ok(path),
            Err(OutputError::Exists(_)) => continue,
            Err(OutputError::IsDatabase(path)) => {
                return Err(Error::Io {
                    path,
                    source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                });
            }
            Err(OutputError::Io { path, source }) => return Err(Error::Io { path, source }),
        }
    }
    Err(Error::Io {
        path: folder.join(stem),
        source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    })
}
