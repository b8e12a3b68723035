//! What a text field accepts: NFC, no control characters, a sane length.

use unicode_normalization::UnicodeNormalization;

use crate::vi;

/// Why a field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("empty")]
    Empty,
    #[error("contains control characters")]
    ControlCharacters,
    #[error("too long")]
    TooLong,
    #[error("end before start")]
    EndBeforeStart,
    #[error("date out of range")]
    OutOfRange,
    #[error("not a valid value")]
    Malformed,
    #[error("already recorded")]
    Duplicate,
    #[error("other records depend on it")]
    InUse,
}

/// The longest single-line field (names, titles, places).
pub const MAX_LINE: usize = 300;
/// The longest multi-line field (remarks, notes, conclusions).
pub const MAX_TEXT: usize = 100_000;

/// A one-line field: NFC, trimmed, no control characters.
pub fn clean_line(text: &str, required: bool) -> Result<String, Problem> {
    let text = vi::nfc(text);
    if vi::has_controls(&text) {
        return Err(Problem::ControlCharacters);
    }
    if required && text.is_empty() {
        return Err(Problem::Empty);
    }
    if text.chars().count() > MAX_LINE {
        return Err(Problem::TooLong);
    }
    Ok(text)
}

/// A multi-line field (remarks, conclusions, addenda, notes), as a
/// wrapping editor or a paste delivers it: the line breaks are what the
/// author meant and are kept (as LF, whichever convention sent them); every
/// other control character is dropped rather than refused, because a paste
/// from a word processor or a terminal routinely carries tabs and stray
/// escapes that the author never saw; the white space nobody can see (at the
/// end of a line, runs of blank lines, blank lines around the text, the
/// indent of its first line) is dropped so that the same words store as the
/// same text. NFC, and the length is measured on the whole cleaned text.
pub fn clean_text(text: &str, required: bool) -> Result<String, Problem> {
    let mut lines: Vec<String> = Vec::new();
    // Line and paragraph separators are breaks too: left in, they would
    // break a line on some screens and not on others.
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    for raw in unified.split('\n') {
        let line: String = raw
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let line = line.trim_end();
        let blank = line.is_empty();
        let after_blank = lines.last().is_none_or(|l| l.is_empty());
        if blank && after_blank {
            continue;
        }
        lines.push(line.to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let text: String = lines.join("\n").trim_start().nfc().collect();
    if required && text.is_empty() {
        return Err(Problem::Empty);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(Problem::TooLong);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_nfc_and_refuse_controls() {
        assert_eq!(
            clean_line(" Nguye\u{302}\u{303}n Văn A ", true).unwrap(),
            "Nguyễn Văn A"
        );
        assert_eq!(
            clean_line("a\u{1b}[2Jb", true),
            Err(Problem::ControlCharacters)
        );
        assert_eq!(clean_line("   ", true), Err(Problem::Empty));
        assert_eq!(clean_line("", false).unwrap(), "");
        assert_eq!(clean_line(&"x".repeat(301), true), Err(Problem::TooLong));
    }

    #[test]
    fn text_keeps_line_breaks_whichever_convention_sent_them() {
        assert_eq!(
            clean_text("dòng 1\r\ndòng 2\rdòng 3\ndòng 4\u{2028}dòng 5", true).unwrap(),
            "dòng 1\ndòng 2\ndòng 3\ndòng 4\ndòng 5"
        );
    }

    #[test]
    fn text_drops_controls_and_escape_sequences_but_keeps_the_words() {
        assert_eq!(clean_text("a\u{7}b", true).unwrap(), "ab");
        // The escape that would clear a terminal loses its ESC: what is
        // left is harmless text the author can see and correct.
        let cleaned = clean_text("Ý kiến\u{1b}[2J thứ nhất\nhết", true).unwrap();
        assert_eq!(cleaned, "Ý kiến[2J thứ nhất\nhết");
        assert!(!cleaned.contains('\u{1b}'));
        // C1 controls (here CSI) go too; a tab is a space.
        assert_eq!(clean_text("a\u{9b}2Jb\tc", true).unwrap(), "a2Jb c");
    }

    #[test]
    fn text_is_nfc_with_vietnamese_combining_marks() {
        // "Đồng chí Nguyễn" typed with combining marks (NFD), on two lines.
        let nfd = "\u{110}o\u{302}\u{300}ng chi\u{301}\r\nNguye\u{302}\u{303}n";
        let cleaned = clean_text(nfd, true).unwrap();
        assert_eq!(cleaned, "Đồng chí\nNguyễn");
        assert_eq!(cleaned.chars().count(), 15);
    }

    #[test]
    fn text_drops_invisible_white_space() {
        let typed = "\n  \n   Mở đầu  \n\n\n \t \n  - ý một \t\n\n\nKết  \n \n\n";
        assert_eq!(
            clean_text(typed, true).unwrap(),
            "Mở đầu\n\n  - ý một\n\nKết"
        );
        assert_eq!(clean_text(" \r\n\t\n", true), Err(Problem::Empty));
        assert_eq!(clean_text("\n\n", false).unwrap(), "");
    }

    #[test]
    fn text_length_is_measured_on_the_whole_cleaned_text() {
        let line = "x".repeat(99);
        // 1 000 lines of 99 characters and 999 breaks: 99 999 characters,
        // far more than one line may hold.
        let long = vec![line.as_str(); 1000].join("\n");
        assert_eq!(clean_text(&long, true).unwrap().chars().count(), 99_999);
        assert_eq!(
            clean_text(&format!("{long}xx"), true),
            Err(Problem::TooLong)
        );
        // Trailing spaces are gone before the text is measured.
        let padded = format!("{long}  \n\n  ");
        assert_eq!(clean_text(&padded, true).unwrap().chars().count(), 99_999);
    }
}
