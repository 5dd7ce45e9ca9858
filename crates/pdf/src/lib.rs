//! Council reports as PDF, through Typst.
//!
//! Kept in its own crate because Typst is by far the slowest dependency to compile: it depends
//! only on `assure-docs`, so editing the domain or the rules does not rebuild it. The document
//! model goes to the template as JSON in `sys.inputs` (no string splicing), the font is vendored
//! (Liberation Sans, SIL OFL 1.1; see `fonts/` and VENDOR.md), no Typst packages are used and
//! nothing touches the network. The PDF is tagged, has its title, language and date set, and is
//! PDF/UA-1 where the content allows (otherwise tagged PDF). Rendering is CPU-bound: call it from
//! `spawn_blocking` in async code.

#![forbid(unsafe_code)]

use assure_docs::Document;
use std::sync::OnceLock;
use typst::foundations::{Dict, IntoValue, Smart};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

const TEMPLATE: &str = include_str!("report.typ");
const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
];

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template did not compile against the document (a bug in Assure).
    #[error("laying out the PDF: {0}")]
    Layout(String),
    /// Writing the PDF failed.
    #[error("writing the PDF: {0}")]
    Write(String),
}

/// What was made: the bytes, and whether they claim PDF/UA-1.
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pdf_ua: bool,
}

fn engine() -> &'static TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<typst_as_lib::TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(FONTS)
            .build()
    })
}

/// Renders `doc` as PDF.
pub fn pdf(doc: &Document) -> Result<Pdf, PdfError> {
    let json = serde_json::to_string(doc).map_err(|e| PdfError::Layout(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("doc".into(), json.into_value());
    let paged: PagedDocument = engine()
        .compile_with_input(inputs)
        .output
        .map_err(|e| PdfError::Layout(format!("{e:?}")))?;
    let mut options = PdfOptions {
        // A stable identifier: the same report gives the same PDF.
        ident: Smart::Custom(format!(
            "assure/{}/{:?}/{}",
            doc.council_id, doc.kind, doc.date_iso
        )),
        creator: Smart::Custom(Some(format!("Assure {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    if let Ok(standards) = PdfStandards::new(&[PdfStandard::Ua_1]) {
        options.standards = standards;
        if let Ok(bytes) = typst_pdf::pdf(&paged, &options) {
            return Ok(Pdf {
                bytes,
                pdf_ua: true,
            });
        }
    }
    // The content does not allow PDF/UA-1: still a tagged PDF.
    options.standards = PdfStandards::default();
    typst_pdf::pdf(&paged, &options)
        .map(|bytes| Pdf {
            bytes,
            pdf_ua: false,
        })
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}
