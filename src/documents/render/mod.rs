//! The renderers of a [`super::page::Page`]: plain text, CommonMark and
//! Word. Each takes the same page; none decides what the document says.

pub mod docx;
pub mod markdown;
pub mod text;

/// A format a document can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// Plain text, 80 columns.
    Text,
    /// CommonMark.
    Markdown,
    /// Word (.docx).
    Docx,
}

impl DocFormat {
    /// "txt"/"text", "md"/"markdown", "docx".
    pub fn parse(text: &str) -> Option<DocFormat> {
        match text {
            "txt" | "text" => Some(DocFormat::Text),
            "md" | "markdown" => Some(DocFormat::Markdown),
            "docx" => Some(DocFormat::Docx),
            _ => None,
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            DocFormat::Text => "txt",
            DocFormat::Markdown => "md",
            DocFormat::Docx => "docx",
        }
    }
}

/// The page in `format` as the bytes of a file (text in UTF-8).
pub fn render(page: &super::page::Page, format: DocFormat) -> std::io::Result<Vec<u8>> {
    Ok(match format {
        DocFormat::Text => text::render(page, text::WIDTH).into_bytes(),
        DocFormat::Markdown => markdown::render(page).into_bytes(),
        DocFormat::Docx => docx::render(page)?,
    })
}
