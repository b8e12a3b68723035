//! The format-independent model of a printed Party document (biên bản,
//! nghị quyết, thông báo, danh sách ký): a [`Page`] is a list of
//! [`Block`]s, and the renderers in [`super::render`] turn the same page
//! into plain text ([`super::render::text`]), CommonMark
//! ([`super::render::markdown`]) or a Word file ([`super::render::docx`]).
//!
//! A document builder gathers facts and verdicts (from the store and the
//! engine), words them in Vietnamese, and pushes blocks; it never lays out
//! columns, escapes Markdown or picks fonts: that is the renderers' job.
//!
//! ```
//! use chibo::documents::page::{Block, Header, Page, Run, Signature};
//! let mut page = Page::new();
//! page.push(Block::Header(Header {
//!     upper_unit: "ĐẢNG BỘ PHƯỜNG 1".into(),
//!     issuer: "CHI BỘ KHU PHỐ 3".into(),
//!     number: Some("Số 05-NQ/CB".into()),
//!     place_date: "Gò Công, ngày 25 tháng 11 năm 2026".into(),
//! }));
//! page.push(Block::title(["NGHỊ QUYẾT", "LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ THÁNG 12/2026"]));
//! page.push(Block::heading("I. KẾT QUẢ THÁNG 11"));
//! page.push(Block::para(vec![Run::bold("Đồng chí A: "), Run::plain("ý kiến\ndòng hai")]));
//! page.push(Block::numbered(1, vec![vec![Run::plain("Việc một")]]));
//! page.push(Block::Signatures {
//!     recipients: None,
//!     signers: vec![Signature::new(["T/M CHI BỘ", "BÍ THƯ"], "Nguyễn Văn A")],
//! });
//! let text = chibo::documents::render::text::render(&page, 80);
//! assert!(text.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
//! ```

/// A piece of text with one style. A `'\n'` inside `text` is a hard line
/// break (kept in every format); runs are otherwise joined as they are, so a
/// builder puts the spaces between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::plain(text)
        }
    }

    pub fn italic(text: impl Into<String>) -> Run {
        Run {
            italic: true,
            ..Run::plain(text)
        }
    }
}

/// The text of runs without their styles.
pub fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    /// Justified in Word; left in text and Markdown.
    Justify,
}

/// The official two-column header (HD 36-HD/VPTW). Left column, centred:
/// the upper unit, the issuing body in bold, a "*" beneath, then the
/// document number if any. Right column, centred: "ĐẢNG CỘNG SẢN VIỆT NAM"
/// in bold with a rule under it as long as the words, then the place and
/// date in italic. The Party's name is fixed: the renderers print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// "ĐẢNG BỘ PHƯỜNG 1" (already upper case).
    pub upper_unit: String,
    /// "CHI BỘ KHU PHỐ 3" (already upper case).
    pub issuer: String,
    /// "Số 05-NQ/CB"; None for the minutes.
    pub number: Option<String>,
    /// "Gò Công, ngày 25 tháng 11 năm 2026" (see `vi::document_date`).
    pub place_date: String,
}

/// The Party's name at the top right of every document.
pub const PARTY: &str = "ĐẢNG CỘNG SẢN VIỆT NAM";

/// How the items of a list are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// "1.", "2.", … counting from `start` (every renderer keeps the
    /// numbers: Markdown starts its list at `start`).
    Numbered { start: u32 },
    /// "-" in text and Markdown, "–" in Word.
    Bulleted,
}

/// A table column: its heading, its share of the line (relative weights:
/// `[1, 5, 2]` gives the middle column five eighths), its alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub weight: u16,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: u16) -> Column {
        Column {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }

    pub fn centered(mut self) -> Column {
        self.align = Align::Center;
        self
    }
}

/// One signer: the authority lines in bold ("T/M CHI BỘ", "BÍ THƯ" or
/// "CHỦ TRÌ"), the note under them ("(ký, ghi rõ họ tên)", italic), room to
/// sign, then the name in bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub roles: Vec<String>,
    pub note: String,
    pub name: String,
}

/// What the signers write under their role.
pub const SIGN_NOTE: &str = "(ký, ghi rõ họ tên)";

impl Signature {
    /// A signer with the usual note "(ký, ghi rõ họ tên)".
    pub fn new<S: Into<String>>(roles: impl IntoIterator<Item = S>, name: &str) -> Signature {
        Signature {
            roles: roles.into_iter().map(Into::into).collect(),
            note: SIGN_NOTE.to_string(),
            name: name.to_string(),
        }
    }
}

/// The distribution list ("Nơi nhận:") printed at the bottom left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipients {
    /// "Nơi nhận:" (bold italic in Word).
    pub heading: String,
    /// "- Đảng ủy phường (để báo cáo)," …, one per line as printed.
    pub lines: Vec<String>,
}

/// One block of a page, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The official header; first on the page.
    Header(Header),
    /// The document's title: bold centred lines, the first one larger in
    /// Word ("BIÊN BẢN", then "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 11 NĂM 2026").
    Title(Vec<String>),
    /// A section heading ("I. NỘI DUNG"), bold, left.
    Heading(String),
    /// A paragraph of styled runs; `indent` in levels (3 columns of text
    /// or 1 cm each); in text, the later lines of an indented paragraph
    /// hang two columns further.
    Paragraph {
        runs: Vec<Run>,
        align: Align,
        indent: u8,
    },
    /// A list; each item is a list of runs (line breaks allowed).
    List {
        style: ListStyle,
        items: Vec<Vec<Run>>,
    },
    /// A table with a heading row and ruled cells.
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// Signature blocks side by side (left to right); with `recipients`,
    /// the distribution list takes the left column and the signers share
    /// the rest (the layout of a resolution).
    Signatures {
        recipients: Option<Recipients>,
        signers: Vec<Signature>,
    },
    /// An empty line.
    Blank,
    /// A new page in Word; a form feed line in text, a thematic break in
    /// Markdown.
    PageBreak,
}

impl Block {
    pub fn title<S: Into<String>>(lines: impl IntoIterator<Item = S>) -> Block {
        Block::Title(lines.into_iter().map(Into::into).collect())
    }

    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading(text.into())
    }

    /// A left-aligned paragraph without indent.
    pub fn para(runs: Vec<Run>) -> Block {
        Block::Paragraph {
            runs,
            align: Align::Left,
            indent: 0,
        }
    }

    /// A paragraph of one plain run.
    pub fn text(text: impl Into<String>) -> Block {
        Block::para(vec![Run::plain(text)])
    }

    /// A paragraph indented by `indent` levels.
    pub fn indented(indent: u8, runs: Vec<Run>) -> Block {
        Block::Paragraph {
            runs,
            align: Align::Left,
            indent,
        }
    }

    pub fn numbered(start: u32, items: Vec<Vec<Run>>) -> Block {
        Block::List {
            style: ListStyle::Numbered { start },
            items,
        }
    }

    pub fn bulleted(items: Vec<Vec<Run>>) -> Block {
        Block::List {
            style: ListStyle::Bulleted,
            items,
        }
    }
}

/// A whole document: its blocks in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub blocks: Vec<Block>,
}

impl Page {
    pub fn new() -> Page {
        Page::default()
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn extend(&mut self, blocks: impl IntoIterator<Item = Block>) {
        self.blocks.extend(blocks);
    }
}
