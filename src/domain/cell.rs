use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RowId;

/// A Party cell (chi bộ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub id: RowId,
    pub uuid: Uuid,
    /// "Chi bộ Khoa Kinh tế"
    pub name: String,
    /// The Party organisation above the cell (đảng bộ cấp trên), for document headers.
    pub upper_unit: String,
    /// Place name (địa danh) written before the date in documents.
    pub place_name: String,
    /// Where the cell usually meets; the default place of a new meeting.
    pub usual_venue: String,
    pub archived_at: Option<NaiveDateTime>,
}

impl Cell {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}
