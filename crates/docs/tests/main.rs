//! The three reports the issue names, from the Coventry example: the sections are there, with
//! the right holders, citations and findings; Markdown and HTML are pinned by snapshots; the
//! Word file reads back with its title, headings and tables.

use assure_docs::{Block, Document, Kind, build, docx, render};
use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use std::collections::HashMap;

fn coventry() -> assure_domain::Register {
    let text = include_str!("../../../examples/coventry.toml");
    read(&[Source::new("coventry.toml", text)]).expect("example reads")
}

fn report(at: &str, kind: Kind, review: Option<&str>) -> Document {
    build(
        &coventry(),
        "coventry",
        parse_date(at).expect("date"),
        kind,
        review,
    )
    .expect("builds")
}

fn all_text(doc: &Document) -> String {
    let mut out = String::new();
    let push_blocks = |blocks: &[Block], out: &mut String| {
        for b in blocks {
            match b {
                Block::Paragraph { text } | Block::Flag { text } => out.push_str(text),
                Block::List { items } => items.iter().for_each(|i| out.push_str(i)),
                Block::Table {
                    caption,
                    headers,
                    rows,
                } => {
                    out.push_str(caption);
                    headers.iter().for_each(|h| out.push_str(h));
                    rows.iter().flatten().for_each(|c| out.push_str(c));
                }
            }
            out.push('\n');
        }
    };
    for s in &doc.sections {
        out.push_str(&s.heading);
        push_blocks(&s.blocks, &mut out);
    }
    for a in &doc.appendices {
        out.push_str(&a.title);
        for s in &a.sections {
            out.push_str(&s.heading);
            push_blocks(&s.blocks, &mut out);
        }
    }
    out
}

fn headings(doc: &Document) -> Vec<String> {
    doc.sections.iter().map(|s| s.heading.clone()).collect()
}

#[test]
fn the_2023_statement_of_assurance_has_the_seed_000_sections_and_the_interim_dcs() {
    let doc = report("2023-06-20", Kind::Statement, None);
    assert_eq!(
        doc.title,
        "Statement of Assurance (Director of Children's Services)"
    );
    assert_eq!(
        headings(&doc),
        [
            "Executive Summary",
            "Recommendations",
            "List of Appendices",
            "Context",
            "Options considered",
            "Results of consultation undertaken",
            "Timetable for implementing this decision",
            "Legal implications",
            "Contributors and approvers"
        ]
    );
    let meeting = doc
        .title_block
        .iter()
        .find(|f| f.label == "Meeting")
        .expect("meeting");
    assert_eq!(meeting.value, "Council");
    let text = all_text(&doc);
    assert!(text.contains("From 30 June 2023 the Director of Children's Services is designated to the Chief Partnerships Officer (Kirston Nelson) on an interim basis"), "{text}");
    assert!(text.contains("Children Act 2004 s18(1)"));
    assert!(text.contains("John Gregg"), "the DCS on the day");
    // Seed 000 prints an approval received before it was sent: flagged, not silently printed.
    assert_eq!(doc.flags.len(), 1, "{:?}", doc.flags);
    assert!(doc.flags[0].contains("Barry Hastie"));
    assert!(doc.flags[0].contains("before it was sent"));
}

#[test]
fn the_2017_assurance_document_has_the_seed_001_appendix_sections() {
    let doc = report("2017-01-24", Kind::AssuranceDocument, Some("coventry-2017"));
    assert!(doc.title.starts_with("Assurance Document for fulfilment of the Director of Children's Services (DCS), Director of Adult Social Services (DASS) and Lead Member for Children's Services (LMCS) roles"), "{}", doc.title);
    assert!(doc.title.ends_with("Updated January 2017"));
    assert_eq!(
        headings(&doc),
        [
            "Introduction",
            "Role of the Lead Member for Children's Services (LMCS)",
            "Role of the Executive Director, People",
            "The statutory role",
            "Local assurance and governance arrangements",
            "Summary"
        ]
    );
    let text = all_text(&doc);
    assert!(text.contains("the Executive Director, People (Gail Quinton) holds the statutory chief officer roles of Director of Children's Services (Children Act 2004 s18(1)) and Director of Adult Social Services (Local Authority Social Services Act 1970 s6(A1))"), "{text}");
    assert!(
        text.contains("Cabinet Member for Children and Young People (Councillor Ruane)"),
        "{text}"
    );
    assert!(text.contains("leader and cabinet") || text.contains("Leader and Cabinet"));
}

#[test]
fn the_2019_cabinet_report_presents_the_2019_review_with_the_assurance_document_as_appendix_1() {
    let doc = report("2019-02-12", Kind::CabinetReport, Some("coventry-2019"));
    assert_eq!(doc.appendices.len(), 1);
    assert_eq!(doc.appendices[0].label, "Appendix 1");
    let meeting = doc
        .title_block
        .iter()
        .find(|f| f.label == "Meeting")
        .expect("meeting");
    assert_eq!(meeting.value, "Cabinet");
    let text = all_text(&doc);
    assert!(text.contains("coventry-2019"));
    assert!(
        text.contains("Transfer"),
        "the review's actions are in the timetable: {text}"
    );
    assert!(
        text.contains("Deputy Chief Executive (People) (Gail Quinton)"),
        "{text}"
    );
    assert!(
        text.contains("accepted departure"),
        "the DPH departure is in the findings"
    );
    assert!(text.contains("Health and Social Care Act 2012 s194(2)"));
}

#[test]
fn an_unknown_council_or_review_is_an_error() {
    let reg = coventry();
    let at = parse_date("2019-02-12").expect("date");
    assert_eq!(
        build(&reg, "leeds", at, Kind::Statement, None)
            .expect_err("unknown")
            .to_string(),
        "no council with id `leeds` in the register"
    );
    assert_eq!(
        build(&reg, "coventry", at, Kind::Statement, Some("nope"))
            .expect_err("unknown")
            .to_string(),
        "no review with id `nope` for this council"
    );
}

#[test]
fn markdown_of_the_2023_statement() {
    let doc = report("2023-06-20", Kind::Statement, None);
    insta::assert_snapshot!(render::markdown(&doc, &HashMap::new()).expect("renders"));
}

#[test]
fn html_of_the_2019_cabinet_report() {
    let doc = report("2019-02-12", Kind::CabinetReport, Some("coventry-2019"));
    let html = render::html(&doc, &HashMap::new()).expect("renders");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("<th scope=\"col\">"));
    assert!(html.contains("Deputy Chief Executive (People) (Gail Quinton)"));
    insta::assert_snapshot!(html);
}

#[test]
fn markdown_of_the_2017_assurance_document() {
    let doc = report("2017-01-24", Kind::AssuranceDocument, Some("coventry-2017"));
    insta::assert_snapshot!(render::markdown(&doc, &HashMap::new()).expect("renders"));
}

#[test]
fn a_council_template_replaces_the_built_in_one_and_errors_name_the_template() {
    let doc = report("2023-06-20", Kind::Statement, None);
    let mut overrides = HashMap::new();
    overrides.insert(
        "report.md".to_owned(),
        "{{ doc.council }}: {{ doc.title }}".to_owned(),
    );
    assert_eq!(
        render::markdown(&doc, &overrides).expect("renders"),
        "Coventry City Council: Statement of Assurance (Director of Children's Services)"
    );
    overrides.insert("report.md".to_owned(), "{{ doc.nothing_here }}".to_owned());
    let err = render::markdown(&doc, &overrides).expect_err("strict");
    assert!(err.to_string().starts_with("template report.md:"), "{err}");
}

#[test]
fn html_escapes_what_the_register_says() {
    let mut doc = report("2023-06-20", Kind::Statement, None);
    doc.title = "<script>alert(1)</script>".to_owned();
    let html = render::html(&doc, &HashMap::new()).expect("renders");
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn the_word_document_reads_back_with_its_title_headings_and_tables() {
    let doc = report("2019-02-12", Kind::CabinetReport, Some("coventry-2019"));
    let bytes = docx::docx(&doc).expect("writes");
    let back = docx_rs::read_docx(&bytes).expect("reads back");
    let json = back.json();
    assert!(json.contains("Heading1"), "Word heading styles are used");
    assert!(json.matches("\"table\"").count() >= 5, "real tables");
    assert!(json.contains("tableRow"));
    assert!(json.contains("Local assurance on the effective discharge"));
    assert!(json.contains("Gail Quinton"));
    // The title is in the document properties.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut core = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("docProps/core.xml").expect("core.xml"),
        &mut core,
    )
    .expect("utf-8");
    assert!(
        core.contains(&format!("<dc:title>{}</dc:title>", doc.title)),
        "{core}"
    );
    let mut footer = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/footer1.xml").expect("footer"),
        &mut footer,
    )
    .expect("utf-8");
    assert!(
        footer.contains("PAGE"),
        "page numbers in the footer: {footer}"
    );
    // The same report gives the same file.
    assert_eq!(docx::docx(&doc).expect("writes"), bytes);
}
