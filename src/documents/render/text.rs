//! Plain text: every line at most `width` terminal columns, measured by
//! display width (unicode-width) so Vietnamese letters with their marks and
//! wide characters line up in the header and signature columns. Blocks are
//! separated by one empty line.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::documents::page::{
    Align, Block, Column, Header, ListStyle, PARTY, Page, Recipients, Run, Signature, plain_text,
};

/// The width documents are printed at (a terminal or a text file).
pub const WIDTH: usize = 80;

/// The page as text lines at most `width` columns wide, ending with a newline.
pub fn render(page: &Page, width: usize) -> String {
    let width = width.max(20);
    let mut out: Vec<String> = Vec::new();
    for (n, block) in page.blocks.iter().enumerate() {
        if n > 0 {
            out.push(String::new());
        }
        out.extend(block_lines(block, width));
    }
    let mut text: String = out
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}

fn block_lines(block: &Block, width: usize) -> Vec<String> {
    match block {
        Block::Header(h) => header(h, width),
        Block::Title(lines) => lines
            .iter()
            .flat_map(|l| wrap(l, width, "", ""))
            .map(|l| align(&l, width, Align::Center))
            .collect(),
        Block::Heading(text) => wrap(text, width, "", ""),
        Block::Paragraph {
            runs,
            align: how,
            indent,
        } => {
            // An indented paragraph (a remark, a conclusion) hangs its
            // later lines two columns further, so each stands out.
            let pad = " ".repeat(usize::from(*indent) * 3);
            let hang = if *indent > 0 {
                format!("{pad}  ")
            } else {
                pad.clone()
            };
            wrap_lines(&plain_text(runs), width, &pad, &hang)
                .into_iter()
                .map(|l| match how {
                    Align::Center | Align::Right => align(l.trim_start(), width, *how),
                    Align::Left | Align::Justify => l,
                })
                .collect()
        }
        Block::List { style, items } => list(*style, items, width),
        Block::Table { columns, rows } => table(columns, rows, width),
        Block::Signatures {
            recipients,
            signers,
        } => signatures(recipients.as_ref(), signers, width),
        Block::Blank => Vec::new(),
        Block::PageBreak => vec!["\u{c}".to_string()],
    }
}

/// `text` padded to sit left, centred or right in `width` columns.
pub fn align(text: &str, width: usize, how: Align) -> String {
    let room = width.saturating_sub(text.width());
    match how {
        Align::Left | Align::Justify => text.to_string(),
        Align::Center => format!("{}{text}", " ".repeat(room / 2)),
        Align::Right => format!("{}{text}", " ".repeat(room)),
    }
}

/// `text` padded with spaces to exactly `width` columns (longer text is
/// returned as is).
pub(crate) fn pad_to(text: &str, width: usize) -> String {
    let room = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(room))
}

/// Wraps one line of text at word boundaries so that each line, with its
/// prefix, is at most `width` columns: the first line after `first`, the
/// others after `rest`. A word longer than the room is cut.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let room = |line: &str| width.saturating_sub(line.width());
        if !empty && 1 + word.width() > room(&line) {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        let mut word = word;
        // A word wider than a whole line is cut where the line ends.
        while word.width() > room(&line) && room(&line) > 0 && empty {
            let (head, tail) = split_at_width(word, room(&line));
            if head.is_empty() {
                break;
            }
            line.push_str(head);
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            word = tail;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines
}

/// The longest head of `word` at most `cols` wide, and the rest.
fn split_at_width(word: &str, cols: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > cols {
            return word.split_at(i);
        }
        used += w;
    }
    (word, "")
}

/// Wraps text that may hold several lines: each wrapped on its own after
/// its prefix; an empty line stays empty.
pub fn wrap_lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            lines.push(String::new());
        } else {
            lines.extend(wrap(line, width, if n == 0 { first } else { rest }, rest));
        }
    }
    lines
}

/// Columns side by side: each column's lines centred (or left) in its
/// width, the columns padded to the same height.
fn side_by_side(columns: &[(Vec<String>, usize, Align)]) -> Vec<String> {
    let height = columns.iter().map(|c| c.0.len()).max().unwrap_or(0);
    (0..height)
        .map(|row| {
            columns
                .iter()
                .map(|(lines, width, how)| {
                    let line = lines.get(row).map(String::as_str).unwrap_or("");
                    pad_to(&align(line, *width, *how), *width)
                })
                .collect::<String>()
        })
        .collect()
}

/// Lines wrapped to fit a column `width` wide (one column kept free as a
/// gutter).
fn fit(lines: &[String], width: usize) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| {
            if l.is_empty() {
                vec![String::new()]
            } else {
                wrap(l, width.saturating_sub(1).max(1), "", "")
            }
        })
        .collect()
}

fn header(h: &Header, width: usize) -> Vec<String> {
    let left_width = width * 9 / 20;
    let right_width = width - left_width;
    let mut left = vec![h.upper_unit.clone(), h.issuer.clone(), "*".to_string()];
    left.extend(h.number.clone());
    let right = vec![
        PARTY.to_string(),
        "─".repeat(PARTY.width()),
        h.place_date.clone(),
    ];
    side_by_side(&[
        (fit(&left, left_width), left_width, Align::Center),
        (fit(&right, right_width), right_width, Align::Center),
    ])
}

fn list(style: ListStyle, items: &[Vec<Run>], width: usize) -> Vec<String> {
    let marker = |n: usize| match style {
        ListStyle::Numbered { start } => format!("{}.", start as usize + n),
        ListStyle::Bulleted => "-".to_string(),
    };
    let marker_width = (0..items.len())
        .map(|n| marker(n).width())
        .max()
        .unwrap_or(1)
        + 1;
    items
        .iter()
        .enumerate()
        .flat_map(|(n, runs)| {
            let first = pad_to(&marker(n), marker_width);
            let rest = " ".repeat(marker_width);
            wrap_lines(&plain_text(runs), width, &first, &rest)
        })
        .collect()
}

/// Column widths (content only) from their weights, each at least 3.
fn table_widths(columns: &[Column], width: usize) -> Vec<usize> {
    let room = width.saturating_sub(3 * columns.len() + 1);
    let total: usize = columns.iter().map(|c| usize::from(c.weight.max(1))).sum();
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| (room * usize::from(c.weight.max(1)) / total.max(1)).max(3))
        .collect();
    // What rounding left over goes to the widest column.
    let used: usize = widths.iter().sum();
    if let Some(widest) = (0..widths.len()).max_by_key(|&i| widths[i])
        && used < room
    {
        widths[widest] += room - used;
    }
    widths
}

fn table(columns: &[Column], rows: &[Vec<String>], width: usize) -> Vec<String> {
    let widths = table_widths(columns, width);
    let rule = format!(
        "+{}+",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let row_lines = |cells: Vec<String>, aligns: Vec<Align>| -> Vec<String> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap_lines(c, *w, "", ""))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|i| {
                let inner: Vec<String> = wrapped
                    .iter()
                    .zip(&widths)
                    .zip(&aligns)
                    .map(|((lines, w), how)| {
                        let text = lines.get(i).map(String::as_str).unwrap_or("");
                        pad_to(&align(text, *w, *how), *w)
                    })
                    .collect();
                format!("| {} |", inner.join(" | "))
            })
            .collect()
    };
    let mut out = vec![rule.clone()];
    out.extend(row_lines(
        columns.iter().map(|c| c.title.clone()).collect(),
        vec![Align::Center; columns.len()],
    ));
    out.push(rule.clone());
    for row in rows {
        let cells = (0..columns.len())
            .map(|i| row.get(i).cloned().unwrap_or_default())
            .collect();
        out.extend(row_lines(cells, columns.iter().map(|c| c.align).collect()));
        out.push(rule.clone());
    }
    out
}

/// Lines of room left for a handwritten signature.
const SIGNING_ROOM: usize = 3;

fn signatures(recipients: Option<&Recipients>, signers: &[Signature], width: usize) -> Vec<String> {
    let count = signers.len() + usize::from(recipients.is_some());
    let column = width / count.max(1);
    let mut columns = Vec::new();
    if let Some(r) = recipients {
        let mut lines = vec![r.heading.clone()];
        lines.extend(r.lines.iter().cloned());
        columns.push((fit(&lines, column), column, Align::Left));
    }
    for s in signers {
        let mut lines = s.roles.clone();
        lines.push(s.note.clone());
        lines.extend(std::iter::repeat_n(String::new(), SIGNING_ROOM));
        lines.push(s.name.clone());
        columns.push((fit(&lines, column), column, Align::Center));
    }
    side_by_side(&columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::page::Signature;

    #[test]
    fn wrapping_counts_display_columns_not_chars() {
        // "Nguyễn" written with combining marks is 8 chars but 6 columns.
        let decomposed = "Nguye\u{302}\u{303}n";
        assert_eq!(decomposed.chars().count(), 8);
        let text = format!("{decomposed} {decomposed} {decomposed}");
        let lines = wrap(&text, 13, "", "");
        assert_eq!(
            lines,
            [format!("{decomposed} {decomposed}"), decomposed.into()]
        );
        for line in &lines {
            assert!(line.width() <= 13);
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        assert_eq!(
            wrap("ab ĐẢNGCỘNGSẢN x", 6, "", ""),
            ["ab", "ĐẢNGCỘ", "NGSẢN", "x"]
        );
    }

    #[test]
    fn the_header_keeps_the_party_name_whole_and_centres_its_columns() {
        let lines = header(
            &Header {
                upper_unit: "ĐẢNG BỘ PHƯỜNG 1".into(),
                issuer: "CHI BỘ KHU PHỐ 3".into(),
                number: None,
                place_date: "Gò Công, ngày 05 tháng 3 năm 2026".into(),
            },
            80,
        );
        assert_eq!(
            lines[0].trim_end(),
            format!("{:10}ĐẢNG BỘ PHƯỜNG 1{:21}{PARTY}", "", "")
        );
        // The rule sits under the Party's name, as long as it.
        let start = lines[0].find(PARTY).map(|b| lines[0][..b].width());
        let rule_start = lines[1].find('─').map(|b| lines[1][..b].width());
        assert_eq!(start, rule_start);
        assert_eq!(
            lines[1].trim_end().width() - rule_start.unwrap_or(0),
            PARTY.width()
        );
        assert_eq!(lines[2].trim_start().chars().next(), Some('*'));
        assert!(
            lines[2].ends_with("Gò Công, ngày 05 tháng 3 năm 2026      "),
            "{lines:#?}"
        );
        assert!(lines.iter().all(|l| l.width() == 80));
    }

    #[test]
    fn signature_columns_line_up_whatever_the_letters() {
        let page = Page {
            blocks: vec![Block::Signatures {
                recipients: None,
                signers: vec![
                    Signature::new(["CHỦ TRÌ"], "Nguyễn Thị Thủy"),
                    Signature::new(["THƯ KÝ"], "Lê Văn An"),
                ],
            }],
        };
        let text = render(&page, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6);
        // Each column is 40 wide: its lines are centred at column 20 and 60.
        let centre = |line: &str, part: &str| {
            let start = line[..line.find(part).unwrap_or(0)].width();
            start * 2 + part.width()
        };
        assert_eq!(centre(lines[0], "CHỦ TRÌ"), 40 - 1);
        assert_eq!(centre(lines[0], "THƯ KÝ"), 120);
        assert_eq!(centre(lines[1], "(ký, ghi rõ họ tên)"), 40 - 1);
        assert_eq!(centre(lines[5], "Nguyễn Thị Thủy"), 40 - 1);
        assert_eq!(centre(lines[5], "Lê Văn An"), 120 - 1);
        assert!(lines[2].is_empty() && lines[4].is_empty());
    }

    #[test]
    fn numbered_lists_keep_their_numbers_and_hang_their_lines() {
        let items: Vec<Vec<Run>> = (0..3)
            .map(|n| vec![Run::plain(format!("mục {n} một hai ba\nbốn"))])
            .collect();
        let lines = list(ListStyle::Numbered { start: 9 }, &items, 80);
        assert_eq!(
            lines,
            [
                "9.  mục 0 một hai ba",
                "    bốn",
                "10. mục 1 một hai ba",
                "    bốn",
                "11. mục 2 một hai ba",
                "    bốn"
            ]
        );
    }

    #[test]
    fn tables_fill_the_width_and_keep_their_rules_aligned() {
        let lines = table(
            &[
                Column::new("STT", 1).centered(),
                Column::new("Họ và tên", 4),
                Column::new("Ký tên", 3),
            ],
            &[vec!["1".into(), "Nguyễn Thị Thủy".into(), String::new()]],
            80,
        );
        assert!(lines.iter().all(|l| l.width() == 80), "{lines:#?}");
        assert!(
            lines[3].starts_with("|    1     | Nguyễn Thị Thủy  "),
            "{}",
            lines[3]
        );
    }
}
