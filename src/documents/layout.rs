//! The official header of Party documents (HD 36-HD/VPTW): issuing body on
//! the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right.

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::domain::Cell;
use crate::i18n::Strings;
use crate::vi;

/// Text documents are laid out for this many columns.
pub const WIDTH: usize = 78;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Upper case as Vietnamese documents write headings.
pub fn upper(text: &str) -> String {
    text.to_uppercase()
}

fn two_columns(left: &str, right: &str) -> String {
    let pad = WIDTH.saturating_sub(left.width() + right.width()).max(2);
    format!("{left}{}{right}", " ".repeat(pad))
}

/// Wraps text at word boundaries to `width` columns: the first line after
/// `first`, the others after `rest` (a hanging indent).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.width() + 1 + word.width() > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
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

pub fn centered(text: &str) -> String {
    let pad = WIDTH.saturating_sub(text.width()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// The header lines: upper unit and cell on the left; the Party's name and
/// "Gò Công, ngày 25 tháng 11 năm 2026" on the right.
pub fn header(s: &Strings, cell: &Cell, dated: NaiveDate, format: Format) -> Vec<String> {
    let upper_unit = upper(&vi::strip_controls(&cell.upper_unit));
    let cell_name = upper(&vi::strip_controls(&cell.name));
    let party = s.get("doc.party").to_string();
    let place = vi::strip_controls(&cell.place_name);
    let date = if place.is_empty() {
        capitalize(&vi::document_date(dated))
    } else {
        format!("{place}, {}", vi::document_date(dated))
    };
    match format {
        Format::Text => vec![
            two_columns(&upper_unit, &party),
            cell_name,
            two_columns("        *", &date),
        ],
        Format::Markdown => vec![
            format!("**{upper_unit}**  "),
            format!("**{cell_name}**  "),
            "\\*".to_string(),
            String::new(),
            format!("**{party}**  "),
            format!("*{date}*"),
        ],
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
