//! A meeting's resolution (nghị quyết): stored once drafted, edited by the
//! secretary, every change audited. Only a closed or locked meeting has one:
//! before the close its record may still change under the draft.

use chrono::Datelike;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::meetings::load as load_meeting;
use super::rows::{self, found};
use super::{Error, Result, Store, Tx};
use crate::domain::resolution::{Resolution, ResolutionHeader, ResolutionText};
use crate::domain::text::Problem;
use crate::domain::{Meeting, MeetingStatus, RowId};

const COLUMNS: &str = "id, uuid, meeting_id, cell_id, year, number, upper_unit, cell_name, \
                       place_name, issued_on, subject, opening, results, tasks, assignments, \
                       quality, vote, recipients, signer, drafted_at, edited_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Resolution> {
    Ok(Resolution {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        meeting_id: r.get(2)?,
        cell_id: r.get(3)?,
        year: r.get(4)?,
        header: ResolutionHeader {
            upper_unit: r.get(6)?,
            cell_name: r.get(7)?,
            place_name: r.get(8)?,
            issued_on: r.get(9)?,
        },
        text: ResolutionText {
            number: r.get(5)?,
            subject: r.get(10)?,
            opening: r.get(11)?,
            results: r.get(12)?,
            tasks: r.get(13)?,
            assignments: r.get(14)?,
            quality: r.get(15)?,
            vote: r.get(16)?,
            recipients: r.get(17)?,
            signer: r.get(18)?,
        },
        drafted_at: r.get(19)?,
        edited_at: r.get(20)?,
    })
}

fn load_of_meeting(conn: &Connection, meeting_id: RowId) -> Result<Option<Resolution>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM resolutions WHERE meeting_id = ?1"),
            [meeting_id],
            from_row,
        )
        .optional()?)
}

fn load(conn: &Connection, id: RowId) -> Result<Resolution> {
    found(
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM resolutions WHERE id = ?1"),
            [id],
            from_row,
        ),
        "resolution",
    )
}

/// The next free number of a cell's year: one above the highest.
fn next_number(conn: &Connection, cell_id: RowId, year: i32) -> Result<u32> {
    let highest: Option<u32> = conn.query_row(
        "SELECT max(number) FROM resolutions WHERE cell_id = ?1 AND year = ?2",
        params![cell_id, year],
        |r| r.get(0),
    )?;
    Ok(highest.unwrap_or(0) + 1)
}

/// A meeting whose resolution may be written: held and closed (or locked).
fn concluded(conn: &Connection, meeting_id: RowId) -> Result<Meeting> {
    let meeting = load_meeting(conn, meeting_id)?;
    if !matches!(
        meeting.status,
        MeetingStatus::Closed | MeetingStatus::Locked
    ) {
        return Err(Error::invalid("status", Problem::Malformed));
    }
    Ok(meeting)
}

/// Every text cleaned as the forms clean it: one-line fields refuse control
/// characters, the sections keep their line breaks.
fn cleaned(text: &ResolutionText) -> Result<ResolutionText> {
    if text.number == 0 {
        return Err(Error::invalid("number", Problem::OutOfRange));
    }
    Ok(ResolutionText {
        number: text.number,
        subject: rows::text("subject", &text.subject, true)?,
        opening: rows::text("opening", &text.opening, false)?,
        results: rows::text("results", &text.results, false)?,
        tasks: rows::text("tasks", &text.tasks, false)?,
        assignments: rows::text("assignments", &text.assignments, false)?,
        quality: rows::text("quality", &text.quality, false)?,
        vote: rows::text("vote", &text.vote, false)?,
        recipients: rows::text("recipients", &text.recipients, false)?,
        signer: rows::opt_line("signer", &text.signer)?,
    })
}

/// How a save came about: a draft from the record (new or drafted again),
/// or the secretary's edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolutionSave {
    Drafted,
    Edited,
}

impl Tx<'_> {
    /// Stores a meeting's resolution: the first save inserts it (with the
    /// header of the cell as it is now), a later one replaces its text. A
    /// number another resolution of the cell's year holds is refused.
    pub fn save_resolution(
        &mut self,
        meeting_id: RowId,
        text: &ResolutionText,
        how: ResolutionSave,
    ) -> Result<Resolution> {
        let meeting = concluded(self, meeting_id)?;
        let text = cleaned(text)?;
        let year = meeting.date().year();
        let taken: Option<RowId> = self
            .query_row(
                "SELECT meeting_id FROM resolutions
                 WHERE cell_id = ?1 AND year = ?2 AND number = ?3 AND meeting_id <> ?4",
                params![meeting.cell_id, year, text.number, meeting_id],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid("number", Problem::Duplicate));
        }
        let now = self.now();
        let (drafted_at, edited_at) = match how {
            ResolutionSave::Drafted => (Some(now), None),
            ResolutionSave::Edited => (None, Some(now)),
        };
        let t = &text;
        match load_of_meeting(self, meeting_id)? {
            None => {
                let cell = super::cells::load(self, meeting.cell_id)?;
                self.execute(
                    "INSERT INTO resolutions (uuid, meeting_id, cell_id, year, number, upper_unit,
                       cell_name, place_name, issued_on, subject, opening, results, tasks,
                       assignments, quality, vote, recipients, signer, drafted_at, edited_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                       ?16, ?17, ?18, ?19, ?20)",
                    params![
                        rows::new_uuid(),
                        meeting_id,
                        meeting.cell_id,
                        year,
                        t.number,
                        cell.upper_unit,
                        cell.name,
                        cell.place_name,
                        meeting.date(),
                        t.subject,
                        t.opening,
                        t.results,
                        t.tasks,
                        t.assignments,
                        t.quality,
                        t.vote,
                        t.recipients,
                        t.signer,
                        drafted_at.unwrap_or(now),
                        edited_at
                    ],
                )?;
                let after = load(self, self.last_insert_rowid())?;
                self.audit_insert("resolution", after.uuid, &after)?;
                Ok(after)
            }
            Some(before) => {
                self.execute(
                    "UPDATE resolutions SET number = ?2, subject = ?3, opening = ?4, results = ?5,
                       tasks = ?6, assignments = ?7, quality = ?8, vote = ?9, recipients = ?10,
                       signer = ?11, drafted_at = coalesce(?12, drafted_at), edited_at = ?13
                     WHERE id = ?1",
                    params![
                        before.id,
                        t.number,
                        t.subject,
                        t.opening,
                        t.results,
                        t.tasks,
                        t.assignments,
                        t.quality,
                        t.vote,
                        t.recipients,
                        t.signer,
                        drafted_at,
                        edited_at
                    ],
                )?;
                let after = load(self, before.id)?;
                if after.text == before.text && how == ResolutionSave::Edited {
                    // Nothing changed: the edit time stays what it was.
                    self.execute(
                        "UPDATE resolutions SET edited_at = ?2 WHERE id = ?1",
                        params![before.id, before.edited_at],
                    )?;
                    return Ok(before);
                }
                self.audit_update("resolution", after.uuid, &before, &after)?;
                Ok(after)
            }
        }
    }
}

impl Store {
    /// The stored resolution of a meeting, if one was drafted.
    pub fn resolution(&self, meeting_id: RowId) -> Result<Option<Resolution>> {
        load_of_meeting(self.conn(), meeting_id)
    }

    /// The number a new resolution of this meeting would take: its own if
    /// it has one, else the next free number of the cell's year.
    pub fn proposed_resolution_number(&self, meeting_id: RowId) -> Result<u32> {
        if let Some(r) = self.resolution(meeting_id)? {
            return Ok(r.text.number);
        }
        let meeting = load_meeting(self.conn(), meeting_id)?;
        next_number(self.conn(), meeting.cell_id, meeting.date().year())
    }
}
