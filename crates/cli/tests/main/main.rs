//! Integration tests of the `assure` command and of the example registers (one test binary, as
//! STYLE.md asks, so linking stays fast).

mod browser;
mod cli;
mod concurrency;
mod databases;
mod db;
mod examples;
mod faults;
mod generate;
mod user;
