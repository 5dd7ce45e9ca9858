//! The Assure domain: the temporal register of councils' statutory arrangements.
//!
//! This crate holds the register's types ([`model`]), calendar dates and validity intervals
//! ([`date`], [`interval`]), the `assure/v1` file reader with its placed errors ([`reader`]) and
//! the as-at view of a council on one day ([`view`]). It does no I/O: callers hand it text and
//! get back values that are already valid. The rules engine (`assure-rules`) builds on it; the
//! CLI reads files from disk and passes their text here.
//!
//! ```
//! use assure_domain::reader::{read, Source};
//! use assure_domain::{date::parse_date, model::Role, view::Index};
//!
//! let text = r#"
//! format = "assure/v1"
//!
//! [[organisations]]
//! id = "coventry"
//! name = "Coventry City Council"
//! kind = "metropolitan_district"
//!
//! [[people]]
//! id = "p-gq"
//! name = "Gail Quinton"
//!
//! [[posts]]
//! id = "executive-director-people"
//! title = "Executive Director, People"
//!
//! [[appointments]]
//! person = "p-gq"
//! post = "executive-director-people"
//! from = 2013-09-01
//!
//! [[designations]]
//! role = "dcs"
//! post = "executive-director-people"
//! from = 2013-09-01
//! to = 2019-03-31
//! "#;
//! let register = read(&[Source::new("coventry.toml", text)]).expect("a valid register");
//! let index = Index::new(&register);
//! let on = |d| parse_date(d).expect("a date");
//! let holders = index.holdings("coventry", Role::Dcs, on("2017-01-24"));
//! assert_eq!(holders[0].appointment.person.as_str(), "p-gq");
//! // `to` is the last day, inclusive.
//! assert!(index.holdings("coventry", Role::Dcs, on("2019-04-01")).is_empty());
//! ```

#![forbid(unsafe_code)]

pub mod date;
pub mod id;
pub mod interval;
pub mod model;
pub mod reader;
pub mod view;
pub mod writer;

pub use date::Date;
pub use id::Id;
pub use interval::Interval;
pub use model::Register;
