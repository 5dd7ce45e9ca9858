//! The document as a Word file: Word's heading styles (so the navigation pane and a table of
//! contents work), real tables with header rows, page numbers in the footer, and the document
//! title in its properties. Timestamps are the report's date, so the same input gives the same
//! file.

use crate::{Block, DocsError, Document, Section};
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageNum, Paragraph, Run, RunFonts, Style, StyleType,
    Table, TableCell, TableRow,
};
use std::io::{Cursor, Read, Write};

const FONT: &str = "Arial";

fn styles(docx: Docx) -> Docx {
    // Spacing in twentieths of a point: room before headings, a gap after paragraphs.
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT))
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    docx.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .size(22)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT))
            .line_spacing(LineSpacing::new().after(100)),
    )
    .add_style(heading("Title", "Title", 40))
    .add_style(heading("Heading1", "heading 1", 32))
    .add_style(heading("Heading2", "heading 2", 28))
    .add_style(heading("Heading3", "heading 3", 24))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn heading(t: &str, style: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(t))
        .style(style)
}

fn table(headers: &[String], rows: &[Vec<String>]) -> Table {
    let header = TableRow::new(
        headers
            .iter()
            .map(|h| {
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(h).bold()))
            })
            .collect(),
    );
    let mut all = vec![header];
    all.extend(rows.iter().map(|r| {
        TableRow::new(
            r.iter()
                .map(|c| TableCell::new().add_paragraph(text(c)))
                .collect(),
        )
    }));
    Table::new(all)
}

fn blocks(mut docx: Docx, blocks: &[Block]) -> Docx {
    for b in blocks {
        docx = match b {
            Block::Paragraph { text: t } => docx.add_paragraph(text(t)),
            Block::List { items } => items
                .iter()
                .fold(docx, |d, i| d.add_paragraph(text(&format!("\u{2022} {i}")))),
            Block::Flag { text: t } => docx.add_paragraph(
                Paragraph::new()
                    .add_run(
                        Run::new()
                            .add_text("Check before sending: ")
                            .bold()
                            .color("D4351C"),
                    )
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Table {
                caption,
                headers,
                rows,
            } => docx
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(caption).bold()))
                .add_table(table(headers, rows))
                .add_paragraph(text("")),
        };
    }
    docx
}

fn sections(mut docx: Docx, list: &[Section], style: &str) -> Docx {
    for s in list {
        let title = if s.number.is_empty() {
            s.heading.clone()
        } else {
            format!("{}. {}", s.number, s.heading)
        };
        docx = blocks(docx.add_paragraph(heading(&title, style)), &s.blocks);
    }
    docx
}

/// The document as DOCX bytes.
pub fn docx(doc: &Document) -> Result<Vec<u8>, DocsError> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(format!(
                "{} \u{2013} {} \u{2013} page ",
                doc.council, doc.short_title
            )))
            .add_page_num(PageNum::new())
            .align(AlignmentType::Center),
    );
    let stamp = format!("{}T00:00:00Z", doc.date_iso);
    let mut d = styles(Docx::new())
        .footer(footer)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_paragraph(text(&doc.council))
        .add_paragraph(heading(&doc.title, "Title"));
    let rows: Vec<Vec<String>> = doc
        .title_block
        .iter()
        .map(|f| vec![f.label.clone(), f.value.clone()])
        .collect();
    d = d
        .add_table(table(&["Report details".to_owned(), String::new()], &rows))
        .add_paragraph(text(""));
    if !doc.flags.is_empty() {
        let flags: Vec<Block> = doc
            .flags
            .iter()
            .map(|f| Block::Flag { text: f.clone() })
            .collect();
        d = blocks(d, &flags);
    }
    d = sections(d, &doc.sections, "Heading1");
    for a in &doc.appendices {
        d = d.add_paragraph(heading(&format!("{}: {}", a.label, a.title), "Heading1"));
        d = sections(d, &a.sections, "Heading2");
    }
    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&doc.generated_by).italic()));
    let mut packed = Cursor::new(Vec::new());
    d.build()
        .pack(&mut packed)
        .map_err(|e| DocsError::Docx(e.to_string()))?;
    with_title(packed.into_inner(), &doc.title)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds `<dc:title>` to `docProps/core.xml` (docx-rs has no way to set it).
fn with_title(bytes: Vec<u8>, title: &str) -> Result<Vec<u8>, DocsError> {
    let err = |e: &dyn std::fmt::Display| DocsError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        let name = file.name().to_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).map_err(|e| err(&e))?;
        if name == "docProps/core.xml" {
            let xml = String::from_utf8_lossy(&content).into_owned();
            let tag = format!(
                "<dc:title>{}</dc:title></cp:coreProperties>",
                xml_escape(title)
            );
            content = xml.replacen("</cp:coreProperties>", &tag, 1).into_bytes();
        }
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(&content).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}
