//! Preparing meetings from templates: shared by the demo, the TUI and the CLI.

use chrono::NaiveDate;

use crate::assets;
use crate::domain::agenda::Template;
use crate::domain::{Meeting, Member, RoleKind, RowId};
use crate::store::{AgendaItemInput, Error, MeetingInput, Result, Tx};

/// The agenda items of a template; steps led by the secretary or the chair
/// are given to the chair.
pub fn template_items(template: &Template, chair: Option<RowId>) -> Vec<AgendaItemInput> {
    template
        .steps
        .iter()
        .map(|step| {
            let led_by_chair = step.who.starts_with("Bí thư") || step.who.starts_with("Chủ trì");
            AgendaItemInput {
                title: step.title.clone(),
                planned_minutes: i64::from(step.minutes),
                presenter_id: if led_by_chair { chair } else { None },
                notes: String::new(),
                carry_over: step.carry_over,
            }
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
    let items = template_items(&template, meeting.chair_id);
    for item in &items {
        tx.add_agenda_item(meeting.id, item)?;
    }
    Ok(items.len())
}

/// Creates a meeting with the agenda of its kind, in the caller's transaction.
pub fn create_meeting(tx: &mut Tx, cell_id: RowId, input: &MeetingInput) -> Result<Meeting> {
    let meeting = tx.create_meeting(cell_id, input)?;
    add_template_agenda(tx, &meeting)?;
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
    let rules =
        assets::rules_on(meeting.date()).ok_or_else(|| Error::Import("no rule set".into()))?;
    let strings = crate::i18n::Strings::load(crate::i18n::Lang::Vi);
    let carried = carried_tasks(store, &meeting, &names)?;
    let doc = crate::documents::agenda::AgendaDoc {
        cell: &cell,
        meeting: &meeting,
        items: &items,
        guests: &guests,
        names: &names,
        dated,
        min_minutes: rules.min_minutes(meeting.kind).value,
        rules_name: &rules.name,
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

/// The record of a meeting in minutes order, gathered from the store.
pub fn minutes_document(
    store: &crate::store::Store,
    meeting_id: RowId,
    format: crate::documents::layout::Format,
) -> Result<String> {
    use std::collections::HashMap;

    let meeting = store.meeting(meeting_id)?;
    let cell = store.cell(meeting.cell_id)?;
    let mut names: HashMap<RowId, String> = store
        .members(cell.id)?
        .into_iter()
        .map(|m| (m.id, m.full_name))
        .collect();
    let guests = store.guests(meeting_id)?;
    for g in &guests {
        names.insert(-g.id, g.name.clone());
    }
    let rules = assets::rules_on(meeting.date());
    let quality = store.quality(meeting_id)?;
    let assessment = if quality.is_empty() {
        None
    } else {
        assets::rubric().ok().and_then(|r| r.assess(&quality))
    };
    let strings = crate::i18n::Strings::load(crate::i18n::Lang::Vi);
    let doc = crate::documents::minutes::MinutesDoc {
        cell: &cell,
        meeting: &meeting,
        figures: &store.figures(meeting_id)?,
        names: &names,
        guests: &guests,
        items: &store.agenda(meeting_id)?,
        remarks: &store.remarks(meeting_id)?,
        votes: &store.votes(meeting_id)?,
        tasks: &store.tasks(meeting_id)?,
        rules: rules.as_ref(),
        quality: assessment,
        addenda: &store.addenda(meeting_id)?,
    };
    Ok(crate::documents::minutes::render(&strings, &doc, format))
}
