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

/// Wraps text that may hold several lines (a remark, a conclusion): each
/// line is wrapped on its own, the first after `first`, every later line
/// and every continuation after `rest`; a blank line stays blank.
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

/// A line of typed text inside a Markdown paragraph: a mark that would
/// open a block of its own there (a list, a heading, a quote, a rule, a
/// fence, HTML) or turn the lines above into a heading is escaped, so the
/// line reads as typed and the document keeps its structure.
pub fn md_escape_start(line: &str) -> String {
    let text = line.trim_start();
    let indent = &line[..line.len() - text.len()];
    let Some(first) = text.chars().next() else {
        return line.to_string();
    };
    if matches!(
        first,
        '-' | '+' | '*' | '_' | '#' | '>' | '=' | '`' | '~' | '<' | '|'
    ) {
        return format!("{indent}\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        return format!("{indent}{}\\{}", &text[..digits], &text[digits..]);
    }
    line.to_string()
}

/// Markdown lines that must show as lines in one paragraph: every line but
/// the last ends in a hard line break (a backslash, which survives editors
/// that strip trailing spaces).
pub fn md_hard_breaks(lines: Vec<String>) -> Vec<String> {
    let last = lines.len().saturating_sub(1);
    lines
        .into_iter()
        .enumerate()
        .map(|(n, line)| {
            if n == last {
                return line;
            }
            let body = line.trim_end();
            if body.is_empty() {
                format!("{line}\\")
            } else if body.ends_with('\\') {
                // A backslash typed at the end of a line would escape the
                // break's backslash.
                format!("{body} \\")
            } else {
                format!("{body}\\")
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_wrapped_on_its_own_with_the_hanging_indent() {
        let text = "Đồng chí A: một hai ba bốn\nnăm sáu\n\nbảy";
        assert_eq!(
            wrap_lines(text, 22, "   ", "     "),
            [
                "   Đồng chí A: một hai",
                "     ba bốn",
                "     năm sáu",
                "",
                "     bảy"
            ]
        );
    }

    #[test]
    fn typed_marks_at_the_start_of_a_line_are_escaped() {
        assert_eq!(md_escape_start("   - một"), "   \\- một");
        assert_eq!(md_escape_start("# Tiêu đề"), "\\# Tiêu đề");
        assert_eq!(md_escape_start("---"), "\\---");
        assert_eq!(md_escape_start("  2. hai"), "  2\\. hai");
        assert_eq!(md_escape_start("12) mười hai"), "12\\) mười hai");
        assert_eq!(md_escape_start("2026 là năm"), "2026 là năm");
        assert_eq!(md_escape_start("Bình thường"), "Bình thường");
    }

    #[test]
    fn hard_breaks_end_every_line_but_the_last() {
        let lines = vec![
            "   A: một  ".to_string(),
            "   ".to_string(),
            "   C:\\".to_string(),
            "   hết".to_string(),
        ];
        assert_eq!(
            md_hard_breaks(lines),
            ["   A: một\\", "   \\", "   C:\\ \\", "   hết"]
        );
    }
}
