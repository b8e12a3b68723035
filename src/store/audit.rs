//! The audit log: every change to an entity, as JSON.
//!
//! An insert keeps the whole entity in `after`, a delete the whole entity in
//! `before`. An update keeps only the fields that changed: `before` holds
//! their old values and `after` their new ones, so the entity at any moment
//! is its insert with each later update's `after` laid over it
//! ([`replay`]). Keeping the whole entity twice made the log three quarters
//! of a committee's file (an agenda item's two new timestamps cost 800
//! bytes); entries written before this format hold the whole entity on both
//! sides, which [`replay`] reads the same way.

use serde::Serialize;
use serde_json::{Map, Value};
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

fn encode_error(e: serde_json::Error) -> super::Error {
    super::Error::Import(e.to_string())
}

fn json<T: Serialize>(value: Option<&T>) -> Result<Option<String>> {
    value
        .map(|v| serde_json::to_string(v).map_err(encode_error))
        .transpose()
}

/// The fields of `before` and `after` whose values differ, each side with
/// its own values (a field one side lacks is `null` there). None when
/// nothing differs. Values that are not JSON objects are kept whole.
fn changed_fields(before: Value, after: Value) -> Option<(Value, Value)> {
    match (before, after) {
        (Value::Object(mut old), Value::Object(mut new)) => {
            let keys: Vec<String> = old
                .keys()
                .chain(new.keys().filter(|k| !old.contains_key(*k)))
                .filter(|k| old.get(*k) != new.get(*k))
                .cloned()
                .collect();
            if keys.is_empty() {
                return None;
            }
            let (mut was, mut now) = (Map::new(), Map::new());
            for key in keys {
                was.insert(key.clone(), old.remove(&key).unwrap_or(Value::Null));
                let value = new.remove(&key).unwrap_or(Value::Null);
                now.insert(key, value);
            }
            Some((Value::Object(was), Value::Object(now)))
        }
        (old, new) if old == new => None,
        (old, new) => Some((old, new)),
    }
}

/// The entity as its audit entries (oldest first) leave it: its insert's
/// fields with every later update's `after` laid over them. Only entries
/// of the insert's entity name count (a meeting's UUID also carries its
/// `meeting_quality` entries); None after a delete, or when the entries
/// hold no insert.
pub fn replay(entries: &[AuditEntry]) -> Option<Value> {
    let mut state: Option<Value> = None;
    let mut entity: Option<&str> = None;
    for entry in entries {
        if entity.is_some_and(|e| e != entry.entity) {
            continue;
        }
        let after = entry
            .after
            .as_deref()
            .and_then(|text| serde_json::from_str::<Value>(text).ok());
        match (entry.action.as_str(), after, state.as_mut()) {
            ("insert", Some(whole), _) => {
                entity = Some(&entry.entity);
                state = Some(whole);
            }
            ("update", Some(Value::Object(changes)), Some(Value::Object(fields))) => {
                fields.extend(changes);
            }
            ("update", Some(whole), Some(_)) => state = Some(whole),
            ("delete", _, _) => state = None,
            _ => {}
        }
    }
    state
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
        let (before, after) = match (action, before, after) {
            (Action::Update, Some(before), Some(after)) => {
                let before = serde_json::to_value(before).map_err(encode_error)?;
                let after = serde_json::to_value(after).map_err(encode_error)?;
                let Some((was, now)) = changed_fields(before, after) else {
                    return Ok(());
                };
                (Some(was.to_string()), Some(now.to_string()))
            }
            _ => (json(before)?, json(after)?),
        };
        self.prepare_cached(
            "INSERT INTO audit_log (at, entity, entity_uuid, action, before, after, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![
            self.now(),
            entity,
            uuid.to_string(),
            action.code(),
            before,
            after,
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

    /// Logs the fields that changed; nothing when none did.
    pub(crate) fn audit_update<T: Serialize>(
        &self,
        entity: &str,
        uuid: Uuid,
        before: &T,
        after: &T,
    ) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_keeps_only_the_fields_that_changed() {
        let before = json!({"name": "An", "phone": "", "note": "x"});
        let after = json!({"name": "An", "phone": "0903", "note": null});
        let (was, now) = changed_fields(before, after).unwrap();
        assert_eq!(was, json!({"phone": "", "note": "x"}));
        assert_eq!(now, json!({"phone": "0903", "note": null}));
        assert_eq!(changed_fields(json!({"a": 1}), json!({"a": 1})), None);
    }

    #[test]
    fn replay_lays_each_update_over_the_insert() {
        let entry = |action: &str, after: Option<&str>| AuditEntry {
            at: chrono::NaiveDateTime::default(),
            entity: "member".into(),
            entity_uuid: String::new(),
            action: action.into(),
            before: None,
            after: after.map(str::to_owned),
        };
        let entries = [
            entry("insert", Some(r#"{"name":"An","phone":""}"#)),
            entry("update", Some(r#"{"phone":"0903"}"#)),
            entry("update", Some(r#"{"name":"Ân"}"#)),
        ];
        assert_eq!(
            replay(&entries),
            Some(json!({"name": "Ân", "phone": "0903"}))
        );
        assert_eq!(replay(&[entries[0].clone(), entry("delete", None)]), None);
        // updates before any insert, or of another entity on the same UUID,
        // do not count
        assert_eq!(replay(&entries[1..]), None);
        let mut quality = entry("update", Some(r#"[["x",3]]"#));
        quality.entity = "meeting_quality".into();
        let mixed = [entries[0].clone(), quality, entries[1].clone()];
        assert_eq!(replay(&mixed), Some(json!({"name": "An", "phone": "0903"})));
    }
}
