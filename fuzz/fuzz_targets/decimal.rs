//! The strict decimal parser and canonical formatter: never panics, and canonical output round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(canonical) = kassa_core::money::canonical_decimal_wire(text) {
        let again = kassa_core::money::canonical_decimal_wire(&canonical)
            .expect("canonical output must parse");
        assert_eq!(again, canonical, "canonical form is not a fixed point");
    }
});
