//! What a text field accepts: NFC, no control characters, a sane length.

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

/// A multi-line field: NFC, line breaks kept, other control characters
/// (escape sequences) refused.
pub fn clean_text(text: &str, required: bool) -> Result<String, Problem> {
    let text = vi::nfc(&text.replace("\r\n", "\n"));
    if text.chars().any(|c| c != '\n' && c.is_control()) {
        return Err(Problem::ControlCharacters);
    }
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
    fn text_keeps_line_breaks() {
        assert_eq!(
            clean_text("dòng 1\r\ndòng 2", true).unwrap(),
            "dòng 1\ndòng 2"
        );
        assert_eq!(clean_text("a\u{7}", true), Err(Problem::ControlCharacters));
    }
}
