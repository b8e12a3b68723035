//! Gathers what the resolution, the meeting notice and the roll to sign
//! need from the store and the engine: shared by the TUI and the CLI.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::assets;
use crate::documents::notice::{self, NoticeDoc};
use crate::documents::page::Page;
use crate::documents::render::{self, DocFormat};
use crate::documents::resolution::{self, DraftFacts};
use crate::documents::roll::{self, RollDoc};
use crate::domain::resolution::{Resolution, ResolutionText};
use crate::domain::{MeetingStatus, RoleKind, RowId, VoteKind, engine};
use crate::i18n::{Lang, Strings};
use crate::store::{Error, ResolutionSave, Result, Store};

/// Whether a meeting may have a resolution: it is closed or locked.
pub fn resolution_allowed(status: MeetingStatus) -> bool {
    matches!(status, MeetingStatus::Closed | MeetingStatus::Locked)
}

/// A fresh draft of a meeting's resolution from its record and the
/// engine's verdicts; the number is the stored one, else the next free one.
pub fn draft_resolution(store: &Store, meeting_id: RowId) -> Result<ResolutionText> {
    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let members = store.members(cell.id)?;
    let names: HashMap<RowId, String> = members
        .iter()
        .map(|m| (m.id, m.full_name.clone()))
        .collect();
    let book = assets::rulebook()?;
    let record = store.record(meeting_id)?;
    let rules = book.rules_on(meeting.date());
    let reviewed = store.carried_tasks(&meeting)?;
    let vote = record
        .votes
        .iter()
        .rev()
        .find(|v| v.kind == VoteKind::Resolution)
        .map(|v| (v, engine::verdict(v, rules)));
    let signer = crate::planning::holder_of(&members, RoleKind::Secretary, meeting.date())
        .or(meeting.chair_id)
        .and_then(|id| names.get(&id).cloned());
    let strings = Strings::load(Lang::Vi);
    let facts = DraftFacts {
        cell: &cell,
        meeting: &meeting,
        figures: &record.figures,
        names: &names,
        items: &record.items,
        reviewed: &reviewed,
        tasks: &record.tasks,
        quality: engine::assess(&record, book),
        vote,
        number: store.proposed_resolution_number(meeting_id)?,
        signer,
    };
    Ok(resolution::draft(&strings, &facts))
}

/// The stored resolution of a meeting; one is drafted and stored first if
/// there is none (the meeting must be closed or locked).
pub fn resolution(store: &mut Store, meeting_id: RowId) -> Result<Resolution> {
    if let Some(r) = store.resolution(meeting_id)? {
        return Ok(r);
    }
    let meeting = store.meeting(meeting_id)?;
    if !resolution_allowed(meeting.status) {
        return Err(Error::invalid(
            "status",
            crate::domain::text::Problem::Malformed,
        ));
    }
    let text = draft_resolution(store, meeting_id)?;
    store.write(|tx| tx.save_resolution(meeting_id, &text, ResolutionSave::Drafted))
}

/// Drafts a meeting's resolution again from the record, replacing the
/// stored text (an explicit action: the edits are in the audit log).
pub fn redraft_resolution(store: &mut Store, meeting_id: RowId) -> Result<Resolution> {
    let text = draft_resolution(store, meeting_id)?;
    store.write(|tx| tx.save_resolution(meeting_id, &text, ResolutionSave::Drafted))
}

/// The documents of this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// nghị quyết
    Resolution,
    /// thông báo / giấy mời
    Notice,
    /// danh sách đảng viên dự sinh hoạt (to sign)
    Roll,
}

/// "nghi-quyet-2026-10-05-chi-bo-khoa-kinh-te.docx" (`planning::document_stem`).
pub fn file_name(
    paper: Paper,
    meeting: &crate::domain::Meeting,
    cell_name: &str,
    format: DocFormat,
) -> String {
    format!(
        "{}.{}",
        crate::planning::document_stem(paper.kind(), meeting, cell_name),
        format.extension()
    )
}

/// The signer of a cell's documents on a day: the bí thư, else the chair.
fn signer(members: &[crate::domain::Member], meeting: &crate::domain::Meeting) -> Option<String> {
    crate::planning::holder_of(members, RoleKind::Secretary, meeting.date())
        .or(meeting.chair_id)
        .and_then(|id| members.iter().find(|m| m.id == id))
        .map(|m| m.full_name.clone())
}

fn notice_data(store: &Store, meeting_id: RowId) -> Result<NoticeData> {
    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let members = store.members(cell.id)?;
    let materials = store
        .preparation(meeting_id)?
        .into_iter()
        .filter(|p| p.step == crate::domain::PrepStep::MaterialsSent)
        .map(|p| p.note)
        .filter(|n| !n.trim().is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    Ok(NoticeData {
        items: store.agenda(meeting_id)?,
        guests: store.guests(meeting_id)?,
        signer: signer(&members, &meeting),
        materials,
        cell,
        meeting,
    })
}

struct NoticeData {
    cell: crate::domain::Cell,
    meeting: crate::domain::Meeting,
    items: Vec<crate::domain::AgendaItem>,
    guests: Vec<crate::domain::Guest>,
    materials: String,
    signer: Option<String>,
}

impl Paper {
    /// The kind the app's document writer knows it by.
    pub fn kind(self) -> crate::planning::DocumentKind {
        match self {
            Paper::Resolution => crate::planning::DocumentKind::Resolution,
            Paper::Notice => crate::planning::DocumentKind::Notice,
            Paper::Roll => crate::planning::DocumentKind::Roll,
        }
    }
}

impl NoticeData {
    fn doc(&self, dated: NaiveDate) -> NoticeDoc<'_> {
        NoticeDoc {
            cell: &self.cell,
            meeting: &self.meeting,
            items: &self.items,
            guests: &self.guests,
            materials: self.materials.clone(),
            signer: self.signer.clone(),
            dated,
        }
    }
}

/// The notice's few lines, to paste into Zalo or an SMS.
pub fn notice_short(store: &Store, meeting_id: RowId, dated: NaiveDate) -> Result<String> {
    let data = notice_data(store, meeting_id)?;
    Ok(notice::short_text(
        &Strings::load(Lang::Vi),
        &data.doc(dated),
    ))
}

/// The page of a document as the store holds it: the stored resolution
/// (a fresh draft, not stored, when there is none yet), the notice dated
/// today, the roll of the meeting's date.
pub fn read_page(store: &Store, paper: Paper, meeting_id: RowId) -> Result<Page> {
    let strings = Strings::load(Lang::Vi);
    let dated = store.clock().today();
    Ok(match paper {
        Paper::Resolution => {
            let stored = match store.resolution(meeting_id)? {
                Some(r) => r,
                None => unsaved(store, meeting_id)?,
            };
            resolution::page(&strings, &stored)
        }
        Paper::Notice => {
            let data = notice_data(store, meeting_id)?;
            notice::page(&strings, &data.doc(dated))
        }
        Paper::Roll => {
            let record = store.record(meeting_id)?;
            let cell = store.cell(record.meeting.cell_id)?;
            let members = store.members(cell.id)?;
            roll::page(
                &strings,
                &RollDoc {
                    cell: &cell,
                    meeting: &record.meeting,
                    roster: &record.roster,
                    signer: signer(&members, &record.meeting),
                },
            )
        }
    })
}

/// A draft as a resolution that is not stored (for a page only).
fn unsaved(store: &Store, meeting_id: RowId) -> Result<Resolution> {
    use chrono::Datelike;
    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let draft = draft_resolution(store, meeting_id)?;
    Ok(Resolution {
        id: 0,
        uuid: uuid::Uuid::nil(),
        meeting_id,
        cell_id: cell.id,
        year: meeting.date().year(),
        header: crate::domain::resolution::ResolutionHeader {
            upper_unit: cell.upper_unit,
            cell_name: cell.name,
            place_name: cell.place_name,
            issued_on: meeting.date(),
        },
        text: ResolutionText {
            // The cell's own laptop numbers its resolutions; a number
            // proposed here could be one it has given since.
            number: if store.cell_sync(cell.id)?.merged {
                0
            } else {
                draft.number
            },
            ..draft
        },
        drafted_at: store.clock().now(),
        edited_at: None,
    })
}

/// The page of a document; the resolution is drafted and stored first if
/// the meeting has none, so that what is handed out is what is kept. A
/// cell merged from a bundle is read-only here: its resolution, if the
/// laptop never stored one, is printed as a draft and not stored.
pub fn page(store: &mut Store, paper: Paper, meeting_id: RowId) -> Result<Page> {
    if paper == Paper::Resolution && !read_only(store, meeting_id)? {
        resolution(store, meeting_id)?;
    }
    read_page(store, paper, meeting_id)
}

/// Whether the meeting's cell came from a bundle: its documents are
/// printed from what the file holds, and nothing is stored for them.
pub fn read_only(store: &Store, meeting_id: RowId) -> Result<bool> {
    let cell_id = store.meeting(meeting_id)?.cell_id;
    Ok(store.cell_sync(cell_id)?.merged)
}

/// A document as the bytes of its file.
pub fn document(
    store: &mut Store,
    paper: Paper,
    meeting_id: RowId,
    format: DocFormat,
) -> Result<Vec<u8>> {
    let page = page(store, paper, meeting_id)?;
    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    render::render(&page, format).map_err(|e| Error::Io {
        path: std::path::PathBuf::from(file_name(paper, &meeting, &cell.name, format)),
        source: e,
    })
}
