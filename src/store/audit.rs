//! The audit log: every change with the entity before and after, as JSON.

use serde::Serialize;
use uuid::Uuid;

use super::{Result, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Insert,
    Update,
    Delete,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

fn json<T: Serialize>(value: Option<&T>) -> Result<Option<String>> {
    value
        .map(|v| serde_json::to_string(v).map_err(|e| super::Error::Import(e.to_string())))
        .transpose()
}

impl Tx<'_> {
    pub(crate) fn audit<T: Serialize>(
        &self,
        entity: &str,
        uuid: Uuid,
        action: Action,
        before: Option<&T>,
        after: Option<&T>,
    ) -> Result<()> {
        self.prepare_cached(
            "INSERT INTO audit_log (at, entity, entity_uuid, action, before, after, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![
            self.now(),
            entity,
            uuid.to_string(),
            action.code(),
            json(before)?,
            json(after)?,
            // Time-ordered: a committee's millions of audit rows append to
            // the end of the unique index instead of landing at random.
            Uuid::now_v7().to_string()
        ])?;
        Ok(())
    }

    pub(crate) fn audit_insert<T: Serialize>(
        &self,
        entity: &str,
        uuid: Uuid,
        after: &T,
    ) -> Result<()> {
        self.audit(entity, uuid, Action::Insert, None, Some(after))
    }

    pub(crate) fn audit_update<T: Serialize>(
        &self,
        entity: &str,
        uuid: Uuid,
        before: &T,
        after: &T,
    ) -> Result<()> {
        if serde_json::to_value(before).ok() == serde_json::to_value(after).ok() {
            return Ok(());
        }
        self.audit(entity, uuid, Action::Update, Some(before), Some(after))
    }

    pub(crate) fn audit_delete<T: Serialize>(
        &self,
        entity: &str,
        uuid: Uuid,
        before: &T,
    ) -> Result<()> {
        self.audit(entity, uuid, Action::Delete, Some(before), None)
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: chrono::NaiveDateTime,
    pub entity: String,
    pub entity_uuid: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl super::Store {
    /// The audit entries of one entity, oldest first.
    pub fn audit_of(&self, uuid: Uuid) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT at, entity, entity_uuid, action, before, after FROM audit_log
             WHERE entity_uuid = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([uuid.to_string()], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                entity: r.get(1)?,
                entity_uuid: r.get(2)?,
                action: r.get(3)?,
                before: r.get(4)?,
                after: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
