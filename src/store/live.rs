//! Reads the live meeting needs at once: the meeting to resume, each
//! member's last reason for an absence, the month's dues.

use std::collections::HashMap;

use rusqlite::params;

use super::{Result, Store};
use crate::domain::{Addendum, DuesPayment, Meeting, MeetingStatus, RowId};

impl Store {
    /// A meeting left in progress (after a crash or a quit), newest first.
    pub fn meetings_in_progress(&self) -> Result<Vec<Meeting>> {
        // One indexed query: this runs at every start, on files of
        // hundreds of cells.
        super::overview::in_progress(self.conn())
    }

    /// Each member's reason at their last excused absence before `meeting`.
    pub fn last_reasons(&self, meeting: &Meeting) -> Result<HashMap<RowId, String>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.member_id, a.reason FROM attendance a JOIN meetings m ON m.id = a.meeting_id
             WHERE m.cell_id = ?1 AND m.id <> ?2 AND a.kind = 'absent_excused' AND a.reason <> ''
               AND coalesce(m.started_at, m.planned_at) < ?3
             ORDER BY coalesce(m.started_at, m.planned_at)",
        )?;
        let rows = stmt.query_map(
            params![meeting.cell_id, meeting.id, meeting.planned_at],
            |r| Ok((r.get::<_, RowId>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut out = HashMap::new();
        for row in rows {
            let (member, reason) = row?;
            out.insert(member, reason);
        }
        Ok(out)
    }

    /// The dues recorded for a cell's members in one month.
    pub fn dues_of_month(
        &self,
        cell_id: RowId,
        year: i32,
        month: u32,
    ) -> Result<HashMap<RowId, DuesPayment>> {
        let mut out = HashMap::new();
        for member in self.members(cell_id)? {
            if let Some(d) = self.dues(member.id, year, month)? {
                out.insert(member.id, d);
            }
        }
        Ok(out)
    }
}

impl super::Tx<'_> {
    /// Keeps the text being typed under `key` (replacing the last draft).
    pub fn save_draft(&mut self, key: &str, text: &str) -> Result<()> {
        self.execute(
            "INSERT INTO drafts (key, text, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            params![key, text, self.now()],
        )?;
        Ok(())
    }

    pub fn delete_draft(&mut self, key: &str) -> Result<()> {
        self.execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        Ok(())
    }
}

impl Store {
    pub fn draft(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT text FROM drafts WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

pub(crate) fn load_quality(
    conn: &rusqlite::Connection,
    meeting_id: RowId,
) -> Result<Vec<(String, u32)>> {
    let mut stmt = conn.prepare(
        "SELECT criterion, points FROM quality_scores WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl super::Tx<'_> {
    /// Records the self-assessment points of a meeting (replacing earlier ones).
    pub fn set_quality(&mut self, meeting_id: RowId, points: &[(String, u32)]) -> Result<()> {
        super::meetings::load_editable(self, meeting_id)?;
        for (criterion, p) in points {
            self.execute(
                "INSERT INTO quality_scores (uuid, meeting_id, criterion, points) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (meeting_id, criterion) DO UPDATE SET points = excluded.points",
                params![super::rows::new_uuid(), meeting_id, criterion, p],
            )?;
        }
        let meeting = super::meetings::load(self, meeting_id)?;
        self.audit_update(
            "meeting_quality",
            meeting.uuid,
            &Vec::<(String, u32)>::new(),
            &points.to_vec(),
        )?;
        self.refreeze_id(meeting_id)
    }

    /// Adds a dated correction to a locked meeting; the record itself stays.
    pub fn add_addendum(&mut self, meeting_id: RowId, text: &str) -> Result<Addendum> {
        let meeting = super::meetings::load(self, meeting_id)?;
        if meeting.status != MeetingStatus::Locked {
            return Err(super::Error::invalid(
                "status",
                crate::domain::text::Problem::Malformed,
            ));
        }
        let text = super::rows::text("text", text, true)?;
        self.execute(
            "INSERT INTO addenda (uuid, meeting_id, text, recorded_at) VALUES (?1, ?2, ?3, ?4)",
            params![super::rows::new_uuid(), meeting_id, text, self.now()],
        )?;
        let id = self.last_insert_rowid();
        let addendum = self.query_row(
            "SELECT id, uuid, meeting_id, text, recorded_at FROM addenda WHERE id = ?1",
            [id],
            |r| {
                Ok(Addendum {
                    id: r.get(0)?,
                    uuid: super::rows::uuid(r, 1)?,
                    meeting_id: r.get(2)?,
                    text: r.get(3)?,
                    recorded_at: r.get(4)?,
                })
            },
        )?;
        self.audit_insert("addendum", addendum.uuid, &addendum)?;
        Ok(addendum)
    }
}

impl Store {
    pub fn quality(&self, meeting_id: RowId) -> Result<Vec<(String, u32)>> {
        load_quality(self.conn(), meeting_id)
    }

    pub fn addenda(&self, meeting_id: RowId) -> Result<Vec<Addendum>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, uuid, meeting_id, text, recorded_at FROM addenda WHERE meeting_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([meeting_id], |r| {
                Ok(Addendum {
                    id: r.get(0)?,
                    uuid: super::rows::uuid(r, 1)?,
                    meeting_id: r.get(2)?,
                    text: r.get(3)?,
                    recorded_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
