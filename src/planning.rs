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
