//! CommonMark. Typed text is escaped so that it reads as typed (a remark
//! starting with "- " or "2." stays a line of text, "*" stays a star), a
//! line break inside a run is a hard break (a backslash at the end of the
//! line), numbered lists start at their own number, and every block is
//! separated by an empty line. Tables use the pipe syntax most renderers
//! (GitHub, pandoc, VS Code) accept; plain CommonMark shows them as text.

use crate::documents::page::{
    Block, Column, Header, ListStyle, PARTY, Page, Recipients, Run, Signature,
};

/// The page as Markdown, ending with a newline.
pub fn render(page: &Page) -> String {
    let blocks: Vec<String> = page
        .blocks
        .iter()
        .filter_map(|b| {
            let lines = block_lines(b);
            (!lines.is_empty()).then(|| lines.join("\n"))
        })
        .collect();
    let mut text = blocks.join("\n\n");
    text.push('\n');
    text
}

fn block_lines(block: &Block) -> Vec<String> {
    match block {
        Block::Header(h) => header(h),
        Block::Title(lines) => lines
            .iter()
            .enumerate()
            .map(|(n, l)| {
                let marks = if n == 0 { "#" } else { "##" };
                format!("{marks} {}", escape(l.trim()))
            })
            .collect(),
        Block::Heading(text) => vec![format!("### {}", escape(text.trim()))],
        Block::Paragraph { runs, .. } => hard_breaks(inline_lines(runs)),
        Block::List { style, items } => list(*style, items),
        Block::Table { columns, rows } => table(columns, rows),
        Block::Signatures {
            recipients,
            signers,
        } => signatures(recipients.as_ref(), signers),
        Block::Blank => Vec::new(),
        Block::PageBreak => vec!["---".to_string()],
    }
}

/// Escapes the characters that would start inline markup (emphasis, code,
/// links, HTML, entities, GFM strikethrough and tables) anywhere in a line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '&' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line's start escaped so that it cannot open a block (a list, a
/// heading, a setext underline, an indented code block); the inline marks
/// are escaped already.
fn escape_start(line: &str) -> String {
    let text = line.trim_start();
    let Some(first) = text.chars().next() else {
        return String::new();
    };
    if matches!(first, '-' | '+' | '#' | '=') {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_string()
}

/// One styled run as inline Markdown: the emphasis marks hug the words
/// (spaces stay outside them, or CommonMark would not see emphasis).
fn styled(text: &str, bold: bool, italic: bool) -> String {
    let body = text.trim();
    if body.is_empty() || !(bold || italic) {
        return escape(text);
    }
    let marks = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        _ => "*",
    };
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marks}{}{marks}{trail}", escape(body))
}

/// The runs as Markdown lines, split at their line breaks; each line's
/// start escaped so it cannot open a list, heading or code block.
fn inline_lines(runs: &[Run]) -> Vec<String> {
    let mut lines = vec![String::new()];
    for run in runs {
        for (n, part) in run.text.split('\n').enumerate() {
            if n > 0 {
                lines.push(String::new());
            }
            if let Some(line) = lines.last_mut() {
                if line.is_empty() {
                    let part = part.trim_start();
                    let text = styled(part, run.bold, run.italic);
                    line.push_str(&if run.bold || run.italic {
                        text
                    } else {
                        escape_start(&text)
                    });
                } else {
                    line.push_str(&styled(part, run.bold, run.italic));
                }
            }
        }
    }
    lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// A line of one run (a header or signature line).
fn line(text: &str, bold: bool, italic: bool) -> String {
    inline_lines(&[Run {
        text: text.replace('\n', " "),
        bold,
        italic,
    }])
    .concat()
}

/// Lines that must show as lines of one paragraph: each but the last ends
/// with a backslash (a hard break that survives editors stripping trailing
/// spaces); an empty line is kept as a line holding only the break.
fn hard_breaks(lines: Vec<String>) -> Vec<String> {
    // Empty lines at the end would end the paragraph with a lone backslash.
    let mut lines = lines;
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let last = lines.len().saturating_sub(1);
    lines
        .into_iter()
        .enumerate()
        .map(|(n, l)| if n == last { l } else { format!("{l}\\") })
        .collect()
}

fn header(h: &Header) -> Vec<String> {
    let mut left = vec![
        line(&h.upper_unit, false, false),
        line(&h.issuer, true, false),
    ];
    left.push("\\*".to_string());
    left.extend(h.number.as_deref().map(|n| line(n, false, false)));
    let mut lines = hard_breaks(left);
    lines.push(String::new());
    lines.extend(hard_breaks(vec![
        line(PARTY, true, false),
        line(&h.place_date, false, true),
    ]));
    lines
}

fn list(style: ListStyle, items: &[Vec<Run>]) -> Vec<String> {
    let mut out = Vec::new();
    for (n, runs) in items.iter().enumerate() {
        let marker = match style {
            // Every item keeps its own number: CommonMark takes the first
            // as the start and counts on, and so do we.
            ListStyle::Numbered { start } => format!("{}. ", start as usize + n),
            ListStyle::Bulleted => "- ".to_string(),
        };
        let indent = " ".repeat(marker.len());
        for (i, line) in hard_breaks(inline_lines(runs)).into_iter().enumerate() {
            if i == 0 {
                out.push(format!("{marker}{line}"));
            } else {
                out.push(format!("{indent}{line}"));
            }
        }
    }
    out
}

fn table(columns: &[Column], rows: &[Vec<String>]) -> Vec<String> {
    let cell = |text: &str| escape(&text.replace('\n', " "));
    let mut out = vec![format!(
        "| {} |",
        columns
            .iter()
            .map(|c| cell(&c.title))
            .collect::<Vec<_>>()
            .join(" | ")
    )];
    out.push(format!(
        "|{}|",
        columns
            .iter()
            .map(|c| match c.align {
                crate::documents::page::Align::Center => ":---:",
                crate::documents::page::Align::Right => "---:",
                _ => "---",
            })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for row in rows {
        let cells: Vec<String> = (0..columns.len())
            .map(|i| {
                let text = cell(row.get(i).map(String::as_str).unwrap_or(""));
                if text.is_empty() { " ".into() } else { text }
            })
            .collect();
        out.push(format!("| {} |", cells.join(" | ")));
    }
    out
}

/// Markdown has no columns: the distribution list, then each signer, one
/// paragraph each.
fn signatures(recipients: Option<&Recipients>, signers: &[Signature]) -> Vec<String> {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    for s in signers {
        let mut lines: Vec<String> = s.roles.iter().map(|r| line(r, true, false)).collect();
        lines.push(line(&s.note, false, true));
        lines.push(String::new());
        lines.push(line(&s.name, true, false));
        paragraphs.push(hard_breaks(lines));
    }
    if let Some(r) = recipients {
        let mut lines = vec![line(&r.heading, true, true)];
        lines.extend(r.lines.iter().map(|l| line(l, false, false)));
        paragraphs.push(hard_breaks(lines));
    }
    paragraphs.join(&String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_reads_as_typed() {
        let page = Page {
            blocks: vec![Block::para(vec![
                Run::bold("Đồng chí A: "),
                Run::plain("- một *sao* \\\n2. hai\n\n# ba"),
            ])],
        };
        assert_eq!(
            render(&page),
            "**Đồng chí A:** - một \\*sao\\* \\\\\\\n2\\. hai\\\n\\\n\\# ba\n"
        );
    }

    #[test]
    fn numbered_lists_start_at_their_number_and_continue_under_the_text() {
        let items: Vec<Vec<Run>> = (0..2)
            .map(|n| vec![Run::plain(format!("mục {n}\n- dòng"))])
            .collect();
        assert_eq!(
            list(ListStyle::Numbered { start: 10 }, &items),
            ["10. mục 0\\", "    \\- dòng", "11. mục 1\\", "    \\- dòng"]
        );
    }

    #[test]
    fn signers_are_paragraphs_of_their_own() {
        let page = Page {
            blocks: vec![Block::Signatures {
                recipients: None,
                signers: vec![
                    Signature::new(["CHỦ TRÌ"], "Nguyễn Văn A"),
                    Signature::new(["THƯ KÝ"], "Lê Thị B"),
                ],
            }],
        };
        assert_eq!(
            render(&page),
            "**CHỦ TRÌ**\\\n*(ký, ghi rõ họ tên)*\\\n\\\n**Nguyễn Văn A**\n\n\
             **THƯ KÝ**\\\n*(ký, ghi rõ họ tên)*\\\n\\\n**Lê Thị B**\n"
        );
    }
}
