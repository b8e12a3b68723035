//! Word (DOCX) through the `docx-rs` crate, in the layout HD 36-HD/VPTW
//! sets for Party documents: A4, margins 20 mm top and bottom, 30 mm left,
//! 15 mm right; Times New Roman, body 14 pt; the header as a borderless
//! two-column table with "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt, bold) underlined
//! as its rule; the title bold and centred; signatures in a borderless
//! table, side by side.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use crate::documents::page::{
    Align, Block, Column, Header, ListStyle, PARTY, Page, Recipients, Run, Signature,
};

/// The font every Party document is set in.
pub const FONT: &str = "Times New Roman";
/// Sizes in half-points, as Word counts them.
pub const BODY_SIZE: usize = 28; // 14 pt
const PARTY_SIZE: usize = 30; // 15 pt
const TITLE_SIZE: usize = 32; // 16 pt
const SMALL_SIZE: usize = 24; // 12 pt: "Nơi nhận:"
const LIST_SIZE: usize = 22; // 11 pt: the distribution lines
/// A4 in twentieths of a point.
pub const A4: (u32, u32) = (11906, 16838);
/// Millimetres to twentieths of a point.
const fn mm(n: i32) -> i32 {
    n * 1440 * 10 / 254
}
const LEFT_MARGIN: i32 = mm(30);
const RIGHT_MARGIN: i32 = mm(15);
const TOP_MARGIN: i32 = mm(20);
const BOTTOM_MARGIN: i32 = mm(20);
/// The width between the margins.
const TEXT_WIDTH: usize = (A4.0 as i32 - LEFT_MARGIN - RIGHT_MARGIN) as usize;
/// One indent level.
const INDENT: i32 = mm(10);

/// The page as the bytes of a .docx file.
pub fn render(page: &Page) -> std::io::Result<Vec<u8>> {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(TOP_MARGIN)
                .bottom(BOTTOM_MARGIN)
                .left(LEFT_MARGIN)
                .right(RIGHT_MARGIN)
                .header(mm(10))
                .footer(mm(10)),
        )
        .default_fonts(fonts)
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().before(0).after(80));
    for block in &page.blocks {
        doc = add_block(doc, block);
    }
    let mut bytes = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.into_inner())
}

fn add_block(doc: Docx, block: &Block) -> Docx {
    match block {
        Block::Header(h) => doc.add_table(header(h)),
        Block::Title(lines) => lines.iter().enumerate().fold(doc, |doc, (n, line)| {
            let size = if n == 0 { TITLE_SIZE } else { BODY_SIZE };
            let spacing = if n == 0 { 240 } else { 0 };
            doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(spacing).after(60))
                    .add_run(docx_rs::Run::new().add_text(line).bold().size(size)),
            )
        }),
        Block::Heading(text) => doc.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(160).after(80))
                .add_run(docx_rs::Run::new().add_text(text).bold()),
        ),
        Block::Paragraph {
            runs,
            align,
            indent,
        } => {
            let mut p = with_runs(Paragraph::new(), runs).align(alignment(*align));
            if *indent > 0 {
                p = p.indent(Some(INDENT * i32::from(*indent)), None, None, None);
            }
            doc.add_paragraph(p)
        }
        Block::List { style, items } => {
            items.iter().enumerate().fold(doc, |doc, (n, runs)| {
                let marker = match style {
                    ListStyle::Numbered { start } => format!("{}.", *start as usize + n),
                    ListStyle::Bulleted => "–".to_string(),
                };
                // The marker hangs in the margin of the item's text, a tab
                // taking the text to the indent.
                let p = Paragraph::new()
                    .align(AlignmentType::Both)
                    .indent(
                        Some(INDENT),
                        Some(SpecialIndentType::Hanging(INDENT)),
                        None,
                        None,
                    )
                    .add_run(docx_rs::Run::new().add_text(marker).add_tab());
                doc.add_paragraph(with_runs(p, runs))
            })
        }
        Block::Table { columns, rows } => doc.add_table(table(columns, rows)),
        Block::Signatures {
            recipients,
            signers,
        } => doc
            // Room between the last sentence and the signers' roles.
            .add_paragraph(Paragraph::new().keep_next(true))
            .add_table(signatures(recipients.as_ref(), signers)),
        Block::Blank => doc.add_paragraph(Paragraph::new()),
        Block::PageBreak => doc.add_paragraph(
            Paragraph::new().add_run(docx_rs::Run::new().add_break(BreakType::Page)),
        ),
    }
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

/// The runs added to a paragraph; a line break inside a run becomes a
/// line break in Word.
fn with_runs(mut p: Paragraph, runs: &[Run]) -> Paragraph {
    for run in runs {
        for (n, part) in run.text.split('\n').enumerate() {
            let mut r = docx_rs::Run::new();
            if n > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            r = r.add_text(part);
            if run.bold {
                r = r.bold();
            }
            if run.italic {
                r = r.italic();
            }
            p = p.add_run(r);
        }
    }
    p
}

fn centred(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(docx_rs::Run::new().add_text(text))
}

fn centred_run(run: docx_rs::Run) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(run)
}

fn cell(width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa)
}

fn header(h: &Header) -> Table {
    let left_width = TEXT_WIDTH * 2 / 5;
    let right_width = TEXT_WIDTH - left_width;
    let mut left = cell(left_width)
        .add_paragraph(centred(&h.upper_unit))
        .add_paragraph(centred_run(docx_rs::Run::new().add_text(&h.issuer).bold()))
        .add_paragraph(centred("*"));
    if let Some(number) = &h.number {
        left = left.add_paragraph(centred(number));
    }
    let right = cell(right_width)
        .add_paragraph(centred_run(
            docx_rs::Run::new()
                .add_text(PARTY)
                .bold()
                .size(PARTY_SIZE)
                .underline("single"),
        ))
        .add_paragraph(centred(""))
        .add_paragraph(centred_run(
            docx_rs::Run::new().add_text(&h.place_date).italic(),
        ));
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![left_width, right_width])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// Widths in twips from the columns' weights.
fn widths(weights: &[u16]) -> Vec<usize> {
    let total: usize = weights.iter().map(|w| usize::from((*w).max(1))).sum();
    weights
        .iter()
        .map(|w| TEXT_WIDTH * usize::from((*w).max(1)) / total.max(1))
        .collect()
}

fn table(columns: &[Column], rows: &[Vec<String>]) -> Table {
    let grid = widths(&columns.iter().map(|c| c.weight).collect::<Vec<_>>());
    let heading = TableRow::new(
        columns
            .iter()
            .zip(&grid)
            .map(|(c, w)| {
                cell(*w).add_paragraph(centred_run(docx_rs::Run::new().add_text(&c.title).bold()))
            })
            .collect(),
    );
    let mut body = vec![heading];
    for row in rows {
        body.push(TableRow::new(
            columns
                .iter()
                .zip(&grid)
                .enumerate()
                .map(|(i, (c, w))| {
                    let text = row.get(i).map(String::as_str).unwrap_or("");
                    cell(*w).add_paragraph(with_runs(
                        Paragraph::new().align(alignment(c.align)),
                        &[Run::plain(text)],
                    ))
                })
                .collect(),
        ));
    }
    Table::new(body)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn signatures(recipients: Option<&Recipients>, signers: &[Signature]) -> Table {
    let mut weights = Vec::new();
    if recipients.is_some() {
        weights.push(1);
    }
    weights.extend(signers.iter().map(|_| 1));
    let grid = widths(&weights);
    let mut cells = Vec::new();
    let mut width = grid.iter();
    if let Some(r) = recipients {
        let mut c = cell(width.next().copied().unwrap_or(TEXT_WIDTH)).add_paragraph(
            Paragraph::new().add_run(
                docx_rs::Run::new()
                    .add_text(&r.heading)
                    .bold()
                    .italic()
                    .size(SMALL_SIZE),
            ),
        );
        for line in &r.lines {
            c = c.add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_run(docx_rs::Run::new().add_text(line).size(LIST_SIZE)),
            );
        }
        cells.push(c);
    }
    for s in signers {
        let mut c = cell(width.next().copied().unwrap_or(TEXT_WIDTH));
        for role in &s.roles {
            c = c.add_paragraph(centred_run(docx_rs::Run::new().add_text(role).bold()));
        }
        c = c.add_paragraph(centred_run(docx_rs::Run::new().add_text(&s.note).italic()));
        for _ in 0..4 {
            c = c.add_paragraph(centred(""));
        }
        c = c.add_paragraph(centred_run(docx_rs::Run::new().add_text(&s.name).bold()));
        cells.push(c);
    }
    // A signature block is never cut by a page break: the signer's title and
    // name stay on one page.
    Table::without_borders(vec![TableRow::new(cells).cant_split()])
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn document_xml(bytes: Vec<u8>) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("word/document.xml")
            .read_to_string(&mut xml)
            .expect("UTF-8");
        xml
    }

    #[test]
    fn a_page_is_a4_in_times_new_roman_with_its_header_and_signatures() {
        let mut page = Page::new();
        page.push(Block::Header(Header {
            upper_unit: "ĐẢNG BỘ PHƯỜNG 1".into(),
            issuer: "CHI BỘ KHU PHỐ 3".into(),
            number: Some("Số 05-NQ/CB".into()),
            place_date: "Gò Công, ngày 05 tháng 3 năm 2026".into(),
        }));
        page.push(Block::title(["BIÊN BẢN"]));
        page.push(Block::para(vec![Run::plain("dòng một\ndòng hai")]));
        page.push(Block::Signatures {
            recipients: None,
            signers: vec![Signature::new(["CHỦ TRÌ"], "Nguyễn Văn A")],
        });
        let bytes = render(&page).expect("packed");
        let xml = document_xml(bytes);
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{xml}");
        assert!(xml.contains(r#"w:left="1700""#), "{xml}");
        for text in [
            "ĐẢNG BỘ PHƯỜNG 1",
            "CHI BỘ KHU PHỐ 3",
            "Số 05-NQ/CB",
            PARTY,
            "Gò Công, ngày 05 tháng 3 năm 2026",
            "BIÊN BẢN",
            "dòng một",
            "<w:br w:type=\"textWrapping\" />",
            "(ký, ghi rõ họ tên)",
            "Nguyễn Văn A",
            "<w:u w:val=\"single\" />",
        ] {
            assert!(xml.contains(text), "{text} missing in {xml}");
        }
    }
}
