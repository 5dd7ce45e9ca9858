//! Council reports written from the register: the Statement of Assurance (seed 000), the
//! Assurance Document (seed 001, Appendix 1) and the covering Cabinet report (seeds 001 and 004).
//!
//! [`build`] turns a register, a council, a date and (optionally) a review into a [`Document`]: a
//! title block, numbered sections of paragraphs, lists and tables, appendices, and flags for
//! whatever a draft must not silently print (an approval received before it was sent, one still
//! outstanding). Every sentence comes from the register and the rules' findings at the date, so the
//! report cannot drift from the facts. Renderers turn a document into Markdown and HTML (minijinja
//! templates a council can override, [`render`]) and DOCX ([`docx`]); the PDF renderer is the
//! separate `assure-pdf` crate, because Typst is slow to compile.

#![forbid(unsafe_code)]

pub mod docx;
mod model;
pub mod render;

pub use model::{Appendix, Block, Document, Kind, Section, build};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// The council is not in the register.
    #[error("no council with id `{0}` in the register")]
    UnknownCouncil(String),
    /// The review is not in the register, or not the council's.
    #[error("no review with id `{0}` for this council")]
    UnknownReview(String),
    /// A template failed to load or render.
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// Writing the DOCX failed.
    #[error("writing the Word document: {0}")]
    Docx(String),
}
