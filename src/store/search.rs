//! Searching everything a cell recorded: remarks, conclusions, votes and
//! tasks, accent-insensitive (the words typed without accents find the
//! words stored with them).

use chrono::NaiveDateTime;

use super::{Result, Store};
use crate::domain::RowId;
use crate::vi;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Remark,
    Conclusion,
    Vote,
    Task,
}

/// One record of a cell that matches a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    pub meeting_id: RowId,
    /// When the meeting took place (or was planned).
    pub meeting_at: NaiveDateTime,
    /// The item it was recorded in, if any.
    pub item_id: Option<RowId>,
    pub text: String,
}

/// Every text of the cell's meetings, one query per kind of record (each
/// reads the cell's meetings by index, not the whole file).
const SOURCES: [(HitKind, &str); 4] = [
    (
        HitKind::Remark,
        "SELECT r.meeting_id, coalesce(m.started_at, m.planned_at), r.agenda_item_id, r.text
         FROM remarks r JOIN meetings m ON m.id = r.meeting_id WHERE m.cell_id = ?1",
    ),
    (
        HitKind::Conclusion,
        "SELECT a.meeting_id, coalesce(m.started_at, m.planned_at), a.id, a.conclusion
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE m.cell_id = ?1 AND a.conclusion <> ''",
    ),
    (
        HitKind::Vote,
        "SELECT v.meeting_id, coalesce(m.started_at, m.planned_at), v.agenda_item_id, v.subject
         FROM votes v JOIN meetings m ON m.id = v.meeting_id WHERE m.cell_id = ?1",
    ),
    (
        HitKind::Task,
        "SELECT t.meeting_id, coalesce(m.started_at, m.planned_at), t.agenda_item_id, t.text
         FROM tasks t JOIN meetings m ON m.id = t.meeting_id WHERE m.cell_id = ?1",
    ),
];

impl Store {
    /// The cell's records whose text holds every word of `query` (accents
    /// and case ignored), newest meeting first. An empty query finds
    /// nothing.
    pub fn search_cell(&self, cell_id: RowId, query: &str) -> Result<Vec<Hit>> {
        let wanted = vi::fold(query);
        if wanted.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut hits = Vec::new();
        for (kind, sql) in SOURCES {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt.query_map([cell_id], |r| {
                Ok(Hit {
                    kind,
                    meeting_id: r.get(0)?,
                    meeting_at: r.get(1)?,
                    item_id: r.get(2)?,
                    text: r.get(3)?,
                })
            })?;
            for hit in rows {
                let hit = hit?;
                if vi::matches_folded(&vi::fold(&hit.text), &wanted) {
                    hits.push(hit);
                }
            }
        }
        hits.sort_by_key(|h| std::cmp::Reverse(h.meeting_at));
        Ok(hits)
    }
}
