//! A meeting's resolution (nghị quyết): its number, its header as issued,
//! and the text of each section. Drafted from the record, then the
//! secretary's own text: what is stored is what prints.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RowId;

/// The parts of a resolution the secretary may edit. Multi-line texts keep
/// their line breaks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ResolutionText {
    /// "Số n-NQ/CB": the number within the cell and the year.
    pub number: u32,
    /// The subject under "NGHỊ QUYẾT" ("Lãnh đạo thực hiện nhiệm vụ tháng …").
    pub subject: String,
    /// The opening paragraph: when, where, attendance, length, chair and
    /// minute-taker.
    pub opening: String,
    /// I. Kết quả thực hiện nhiệm vụ tháng trước.
    pub results: String,
    /// II. Nhiệm vụ tháng tới.
    pub tasks: String,
    /// III. Phân công thực hiện.
    pub assignments: String,
    /// IV. Chất lượng buổi sinh hoạt (the self-assessment).
    pub quality: String,
    /// The vote that adopted the resolution (x/D, %).
    pub vote: String,
    /// Nơi nhận: one recipient a line.
    pub recipients: String,
    /// Who signs for the cell (bí thư).
    pub signer: String,
}

/// The header of an issued resolution, as it was when drafted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionHeader {
    /// Đảng bộ cấp trên.
    pub upper_unit: String,
    pub cell_name: String,
    /// Địa danh before the date.
    pub place_name: String,
    pub issued_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub id: RowId,
    pub uuid: Uuid,
    pub meeting_id: RowId,
    pub cell_id: RowId,
    pub year: i32,
    pub header: ResolutionHeader,
    pub text: ResolutionText,
    pub drafted_at: NaiveDateTime,
    /// The last edit by the secretary (None: as drafted).
    pub edited_at: Option<NaiveDateTime>,
}

impl Resolution {
    /// "Số 3-NQ/CB".
    pub fn number_label(&self) -> String {
        number_label(self.text.number)
    }
}

/// "Số 3-NQ/CB"; a number of 0 (an unstored draft) is left blank to be
/// filled in by hand.
pub fn number_label(number: u32) -> String {
    if number == 0 {
        return "Số ....-NQ/CB".to_string();
    }
    format!("Số {number}-NQ/CB")
}
