//! The PDF of each report kind: tagged, titled, PDF/UA-1, with the right text. Text and
//! metadata are read with poppler (`pdftotext`, `pdfinfo`); without poppler those checks say they
//! were skipped (`.ci/run` installs `poppler-utils`).

use assure_docs::{Kind, build};
use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use std::io::Write;
use std::process::Command;

fn pdf(at: &str, kind: Kind, review: &str) -> (assure_docs::Document, assure_pdf::Pdf) {
    let text = include_str!("../../../examples/coventry.toml");
    let reg = read(&[Source::new("coventry.toml", text)]).expect("example reads");
    let doc = build(
        &reg,
        "coventry",
        parse_date(at).expect("date"),
        kind,
        Some(review),
    )
    .expect("builds");
    let pdf = assure_pdf::pdf(&doc).expect("renders");
    (doc, pdf)
}

/// Runs a poppler tool on `bytes`; `None` (said on stderr) when poppler is not installed.
fn poppler(tool: &str, bytes: &[u8], args: &[&str]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("assure-pdf-{}-{tool}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{}.pdf", bytes.len()));
    std::fs::write(&path, bytes).expect("write");
    let mut command = Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    match command.output() {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "skipped: {tool} not found (install poppler-utils)"
            );
            None
        }
    }
}

#[test]
fn the_statement_pdf_is_tagged_pdf_ua_with_its_title() {
    let (doc, pdf) = pdf("2023-06-20", Kind::Statement, "coventry-2023");
    assert!(pdf.pdf_ua, "the content allows PDF/UA-1");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let Some(info) = poppler("pdfinfo", &pdf.bytes, &[]) else {
        return;
    };
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains(&format!("Title:           {}", doc.title)),
        "{info}"
    );
}

#[test]
fn the_pdfs_hold_the_sections_holders_citations_and_findings() {
    for (at, kind, review, expected) in [
        (
            "2023-06-20",
            Kind::Statement,
            "coventry-2023",
            &[
                "Executive Summary",
                "Kirston Nelson",
                "Children Act 2004 s18(1)",
                "Contributors and approvers",
                "before it was sent",
            ][..],
        ),
        (
            "2017-01-24",
            Kind::AssuranceDocument,
            "coventry-2017",
            &[
                "Role of the Lead Member",
                "Gail Quinton",
                "Councillor Ruane",
                "Summary",
            ][..],
        ),
        (
            "2019-02-12",
            Kind::CabinetReport,
            "coventry-2019",
            &[
                "Appendix 1",
                "Legal implications",
                "Findings on 12 February 2019",
                "Health and Social Care Act 2012 s194(2)",
            ][..],
        ),
    ] {
        let (_, pdf) = pdf(at, kind, review);
        let Some(text) = poppler("pdftotext", &pdf.bytes, &["-layout"]) else {
            return;
        };
        // Table cells may wrap: compare with whitespace collapsed.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for e in expected {
            assert!(flat.contains(e), "{kind:?}: missing {e:?}");
        }
    }
}

#[test]
fn the_same_report_gives_the_same_pdf() {
    let (_, a) = pdf("2017-01-24", Kind::AssuranceDocument, "coventry-2017");
    let (_, b) = pdf("2017-01-24", Kind::AssuranceDocument, "coventry-2017");
    assert_eq!(a.bytes, b.bytes);
}
