//! Integration tests of the rule catalogue v1 (DESIGN.md §5 and §5.1), one test binary as
//! STYLE.md asks. Every test builds a register as `assure/v1` text, reads it with the domain
//! reader and evaluates one rule on one day, so each test reads like the situation it checks.

mod rules;
