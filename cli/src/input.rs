//! Reading one input line into a cart. The one place that knows how: the serde form of `kassa_core::api::Cart`
//! is the contract's canonical JSON (unknown keys refused, defaults as the WIT says). When core has its own
//! JSON reader for carts, this function switches to it and nothing else changes.

use kassa_core::api::Cart;
use kassa_core::error::Error;

/// The cart on one line (without its newline), or an `invalid-json` error for the whole line.
pub fn read_cart(line: &[u8]) -> Result<Cart, Error> {
    serde_json::from_slice(line).map_err(|e| Error {
        code: "invalid-json".into(),
        path: String::new(),
        message: format!("not a cart in canonical JSON: {e}"),
        params: Vec::new(),
        problems: Vec::new(),
    })
}

/// A line with nothing but white space: skipped (it keeps its number, so later lines keep theirs).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cart_and_things_that_are_not() {
        let c = read_cart(br#"{"currency":"EUR","at":"2026-10-15T12:00:00Z","lines":[{"sku":"PEN","quantity":"3"}]}"#)
            .unwrap();
        assert_eq!((c.currency.as_str(), c.lines.len()), ("EUR", 1));
        for bad in [
            &b"{"[..],
            b"[]",
            b"{\"currency\":\"EUR\"}",
            b"{\"currency\":\"EUR\",\"at\":\"x\",\"colour\":1}",
            b"\xff",
        ] {
            let e = read_cart(bad).unwrap_err();
            assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid-json", ""));
            assert!(e.message.starts_with("not a cart in canonical JSON: "));
        }
        assert!(is_blank(b" \t\r") && is_blank(b"") && !is_blank(b" {"));
    }
}
