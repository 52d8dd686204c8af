//! Loading arbitrary text as a rulebook: never panics; every failure is a structured error with a code.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match kassa_core::Engine::load(text) {
        Ok(engine) => {
            let _ = engine.info();
        }
        Err(e) => assert!(!e.code.is_empty(), "an error without a code"),
    }
});
