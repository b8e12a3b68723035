//! Gathers what the resolution, the meeting notice and the roll to sign
//! need from the store and the engine: shared by the TUI and the CLI.

use std::collections::HashMap;

use crate::assets;
use crate::documents::resolution::{self, DraftFacts};
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
