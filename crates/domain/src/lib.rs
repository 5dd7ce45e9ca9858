//! The Assure domain: the temporal register of councils' statutory arrangements.
//!
//! This crate holds the register's types ([`model`]), calendar dates and validity intervals
//! ([`date`], [`interval`]), the `assure/v1` file reader with its placed errors ([`reader`]) and
//! the as-at view of a council on one day ([`view`]). It does no I/O: callers hand it text and
//! get back values that are already valid. The rules engine (`assure-rules`) builds on it; the
//! CLI reads files from disk and passes their text here.

#![forbid(unsafe_code)]

pub mod date;
pub mod id;
pub mod interval;
pub mod model;
pub mod reader;
pub mod view;

pub use date::Date;
pub use id::Id;
pub use interval::Interval;
pub use model::Register;
