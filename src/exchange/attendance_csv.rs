//! `chibo export attendance`: the history tab's member × meeting matrix as
//! table rows for a CSV — a member a row, in roster order (given name); a
//! meeting held a column, headed by its date and kind; each state in the
//! words the matrix's status line uses; then the member's totals. States
//! and totals are the engine's (`member_matrix`, `MemberTotals`): nothing
//! is counted here.

use crate::domain::engine::history::{MatrixCell, MemberMatrix, MemberTotals};
use crate::i18n::Strings;
use crate::vi;

/// The totals columns after the meetings: (strings key, count).
fn totals(t: &MemberTotals) -> [(&'static str, u32); 8] {
    [
        ("report.col.expected", t.expected),
        ("export_csv.attended", t.attended()),
        ("report.col.present", t.present),
        ("report.col.late", t.late),
        ("report.col.left_early", t.left_early),
        ("report.col.excused", t.excused),
        ("report.col.unexcused", t.unexcused),
        ("report.col.exempt", t.exempt),
    ]
}

/// A state in words; an absence with a reason says the reason.
fn state(s: &Strings, cell: &MatrixCell) -> String {
    let key = format!("history.cell_{}", cell.code());
    let words = s.get(&key);
    match cell {
        MatrixCell::Excused(reason) if !reason.trim().is_empty() => {
            format!("{words}: {}", vi::strip_controls(reason))
        }
        _ => words.to_string(),
    }
}

/// The header row, then a row per member.
pub fn rows(s: &Strings, matrix: &MemberMatrix) -> Vec<Vec<String>> {
    let mut header = vec![s.get("report.col.name").to_string()];
    header.extend(matrix.columns.iter().map(|c| {
        s.fmt(
            "export_csv.column",
            &[
                ("date", &vi::date(c.date)),
                ("kind", &s.get(&format!("kind.{}", c.kind.code()))),
            ],
        )
    }));
    header.extend(
        totals(&MemberTotals::default())
            .iter()
            .map(|(key, _)| s.get(key).to_string()),
    );
    let mut out = vec![header];
    for row in &matrix.rows {
        let mut line = vec![vi::strip_controls(&row.name)];
        line.extend(row.cells.iter().map(|cell| state(s, cell)));
        line.extend(totals(&row.totals).iter().map(|(_, n)| n.to_string()));
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::MeetingKind;
    use crate::domain::engine::history::{MatrixColumn, MatrixRow};
    use crate::i18n::Lang;

    #[test]
    fn a_row_says_each_state_in_words_and_ends_with_the_totals() {
        let s = Strings::load(Lang::Vi);
        let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
        let cells = vec![
            MatrixCell::Present,
            MatrixCell::Excused("ốm; nằm viện".into()),
            MatrixCell::Exempt { came: false },
        ];
        let matrix = MemberMatrix {
            columns: vec![
                MatrixColumn {
                    id: 1,
                    date: day(5),
                    kind: MeetingKind::Regular,
                },
                MatrixColumn {
                    id: 2,
                    date: day(12),
                    kind: MeetingKind::Thematic,
                },
                MatrixColumn {
                    id: 3,
                    date: day(19),
                    kind: MeetingKind::Regular,
                },
            ],
            rows: vec![MatrixRow {
                member_id: 7,
                name: "Lê Văn An".into(),
                position: 0,
                totals: MemberTotals::of(&cells),
                cells,
            }],
        };
        let rows = rows(&s, &matrix);
        assert_eq!(
            rows[0],
            [
                "Họ và tên",
                "05/10/2026 (Thường kỳ)",
                "12/10/2026 (Chuyên đề)",
                "19/10/2026 (Thường kỳ)",
                "Phải triệu tập",
                "Dự họp (có mặt, muộn, về sớm)",
                "Có mặt",
                "Đến muộn",
                "Về sớm",
                "Vắng có lý do",
                "Vắng không lý do",
                "Miễn sinh hoạt",
            ]
        );
        assert_eq!(
            rows[1],
            [
                "Lê Văn An",
                "có mặt",
                "vắng có lý do: ốm; nằm viện",
                "miễn sinh hoạt",
                "2",
                "1",
                "1",
                "0",
                "0",
                "1",
                "0",
                "1",
            ]
        );
    }
}
