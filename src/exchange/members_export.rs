//! `chibo export members`: a cell's roll as the CSV `chibo import members`
//! reads — its columns, under headers the import recognises, dates as
//! dd/mm/yyyy — so that the file imports back into another cell unchanged.
//! Card numbers, phones and ID numbers only when asked for.

use chrono::NaiveDate;

use super::members_csv::Column;
use crate::domain::{Gender, Member};
use crate::i18n::Strings;
use crate::vi;

/// The columns written: every exported one, or all but the private ones.
pub fn columns(with_private: bool) -> Vec<Column> {
    Column::EXPORTED
        .into_iter()
        .filter(|c| with_private || !c.is_private())
        .collect()
}

/// The header row, then the members on the roll on `today` (those
/// transferred out, removed, deceased or no longer attached are history,
/// not the roll), in the order given: the store's is roster order.
pub fn rows(
    s: &Strings,
    members: &[Member],
    today: NaiveDate,
    with_private: bool,
) -> Vec<Vec<String>> {
    let columns = columns(with_private);
    let mut out = vec![columns.iter().map(|c| s.field(c.field())).collect()];
    for member in members
        .iter()
        .filter(|m| !m.situation_on(today).is_former())
    {
        out.push(columns.iter().map(|c| value(s, member, *c)).collect());
    }
    out
}

/// One field as the import reads it back.
fn value(s: &Strings, m: &Member, column: Column) -> String {
    let date = |d: Option<NaiveDate>| d.map(vi::date).unwrap_or_default();
    match column {
        Column::FullName => m.full_name.clone(),
        Column::BirthDate => date(m.birth_date),
        Column::Gender => match m.gender {
            Some(Gender::Male) => s.get("gender.male").to_string(),
            Some(Gender::Female) => s.get("gender.female").to_string(),
            None => String::new(),
        },
        Column::AdmittedOn => date(m.admitted_on()),
        Column::OfficialOn => date(m.official_on()),
        Column::CardNumber => m
            .current_card()
            .map(|c| c.number.clone())
            .unwrap_or_default(),
        Column::Phone => m.phone.clone(),
        Column::NationalId => m.national_id.clone(),
        // Stored notes keep only their line breaks (`clean_text`); a CSV
        // field in quotes carries them.
        Column::Note => m.note.clone(),
        Column::FamilyName | Column::MiddleName | Column::GivenName => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_header_written_is_one_the_import_reads_as_its_column() {
        for lang in [Lang::Vi, Lang::En] {
            let s = Strings::load(lang);
            for column in columns(true) {
                let header = s.field(column.field());
                assert_eq!(
                    Column::from_header(&header),
                    Some(column),
                    "{lang:?} {header}"
                );
            }
            for gender in ["gender.male", "gender.female"] {
                let text = s.get(gender);
                let csv = format!("Họ và tên;Giới tính;Ngày vào Đảng\nA B;{text};01/01/2000\n");
                let import = super::super::members_csv::parse(
                    csv.as_bytes(),
                    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                );
                assert!(
                    import.is_importable(),
                    "{lang:?} {text}: {:?}",
                    import.problems
                );
            }
        }
    }

    #[test]
    fn private_columns_only_on_request() {
        let s = Strings::load(Lang::Vi);
        let header = |private| rows(&s, &[], NaiveDate::MIN, private)[0].join(";");
        assert_eq!(
            header(false),
            "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức;Ghi chú"
        );
        assert_eq!(
            header(true),
            "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức;Số thẻ đảng viên;Điện thoại;Số CCCD;Ghi chú"
        );
    }
}
