//! Every generated register is a valid `assure/v1` file.

use crate::{round_trip, validate};
use assure_domain::reader::Syntax;
use assure_synth::{Params, generate, render};
use proptest::prelude::*;

#[test]
fn small_registers_validate_for_several_seeds() {
    for seed in [0, 1, 2, 7, 1234, u64::MAX] {
        let reg = round_trip(5, 5, seed, Syntax::Toml);
        assert_eq!(reg.councils().count(), 5);
    }
}

#[test]
fn a_fifty_council_twenty_year_register_validates_as_toml_and_as_json() {
    let toml = round_trip(50, 20, 5, Syntax::Toml);
    let json = round_trip(50, 20, 5, Syntax::Json);
    assert_eq!(toml.councils().count(), 50);
    assert_eq!(toml.appointments.len(), json.appointments.len());
    assert_eq!(toml.reviews.len(), json.reviews.len());
}

#[test]
fn what_is_read_back_is_what_was_generated() {
    let params = Params::new(8, 20, 21).expect("valid parameters");
    let generated = generate(&params);
    let text = render(&params, &generated, Syntax::Toml);
    let back = validate("generated.toml", &text).expect("valid");
    assert_eq!(back.organisations.len(), generated.organisations.len());
    assert_eq!(back.designations.len(), generated.designations.len());
    for (a, b) in back.designations.iter().zip(&generated.designations) {
        assert_eq!(
            (&a.council, a.role, &a.post, a.valid),
            (&b.council, b.role, &b.post, b.valid)
        );
    }
    for (a, b) in back.appointments.iter().zip(&generated.appointments) {
        assert_eq!(
            (&a.person, &a.post, a.valid, a.basis),
            (&b.person, &b.post, b.valid, b.basis)
        );
    }
}

#[test]
fn the_longest_period_validates() {
    let reg = round_trip(12, assure_synth::MAX_YEARS, 3, Syntax::Toml);
    // Before the Children Act 2004 a Director of Social Services holds the DASS role.
    assert!(
        reg.posts
            .iter()
            .any(|p| p.title == "Director of Social Services")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_small_register_validates(councils in 1u32..9, years in 1u32..13, seed in any::<u64>()) {
        let params = Params::new(councils, years, seed).expect("valid parameters");
        let text = render(&params, &generate(&params), Syntax::Toml);
        let read = validate("generated.toml", &text);
        prop_assert!(read.is_ok(), "{:#?}", read.err().map(|e| e.into_iter().take(5).collect::<Vec<_>>()));
    }
}
