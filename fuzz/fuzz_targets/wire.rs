//! The JSON entry points (docs/wire.md) on arbitrary bytes: `quote_json`, `shipping_options_json`,
//! `validate_json` and `canonical_cart` never panic; whatever reads as a cart reads back from its canonical JSON
//! as the same cart (canonical JSON is a fixed point), and the JSON entry points answer what the typed ones do.
#![no_main]
use kassa_core::engine::{canonical_cart, cart_from_json};
use kassa_core::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const RULEBOOK: &str = include_str!("../../examples/rulebook.json");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(RULEBOOK).expect("the example rulebook loads"))
}

fuzz_target!(|data: &[u8]| {
    let e = engine();
    let quoted = e.quote_json(data);
    let options = e.shipping_options_json(data);
    let _ = e.validate_json(data);
    match cart_from_json(data) {
        Ok(cart) => {
            let canonical = canonical_cart(data).expect("a cart that reads has a canonical form");
            assert_eq!(
                canonical_cart(canonical.as_bytes()).as_deref(),
                Ok(canonical.as_str()),
                "canonical JSON is a fixed point"
            );
            assert_eq!(
                cart_from_json(canonical.as_bytes()).as_ref(),
                Ok(&cart),
                "the canonical JSON reads back as the same cart"
            );
            assert_eq!(
                quoted.as_ref().map_err(|x| &x.code),
                e.quote(&cart)
                    .map(|q| kassa_core::wire::write(&q))
                    .as_ref()
                    .map_err(|x| &x.code),
                "quote_json answers what quote does"
            );
            assert_eq!(
                options.is_ok(),
                e.shipping_options(&cart).is_ok(),
                "shipping_options_json fails when shipping_options does"
            );
        }
        Err(refused) => {
            let q = quoted.expect_err("what does not read as a cart does not quote");
            assert_eq!(q.code, refused.code, "quote_json refuses it as reading it does");
        }
    }
});
