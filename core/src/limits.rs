//! The engine's documented size limits (docs/limits.md), enforced before any heavy work.
//!
//! Limits keep every call bounded in time and memory on every host, and keep arithmetic far from the decimal
//! range so that a cart that passes them cannot overflow. Each limit has a stable kebab-case name that a
//! `limit-exceeded` error reports in its `limit` param; never rename one.
//!
//! Two of them are resources a host enforces, not sizes of the input: the linear memory of an instance and the
//! fuel of a call. They are set so that the worst cases inside the input limits (docs/limits.md, "Worst cases
//! inside the limits") fit with room to spare, and kassa-witgen writes them into every host as its defaults
//! (and into the wasm module as its declared maximum memory), so that no host restates them.

use crate::error::{Coded, EngineError, Error};

/// Largest rulebook accepted by `engine.load`, in bytes of JSON text.
pub const MAX_RULEBOOK_BYTES: u64 = 4 * 1024 * 1024;
/// Deepest nesting of JSON arrays and objects in a rulebook (the format itself needs 6).
pub const MAX_NESTING: u64 = 32;
/// Items in the catalog.
pub const MAX_ITEMS: u64 = 50_000;
/// Price lists.
pub const MAX_PRICE_LISTS: u64 = 1_000;
/// Prices over all price lists.
pub const MAX_PRICES: u64 = 200_000;
/// Tiers of one price or of one tiered promotion, or bands of one shipping rate.
pub const MAX_TIERS: u64 = 100;
/// Tax rules.
pub const MAX_TAX_RULES: u64 = 10_000;
/// Shipping methods, and rates of one method.
pub const MAX_SHIPPING_METHODS: u64 = 1_000;
/// Promotions in a rulebook.
pub const MAX_PROMOTIONS: u64 = 100;
/// Coupons declared in a rulebook (the codes customers may type).
pub const MAX_RULEBOOK_COUPONS: u64 = 50_000;
/// Conditions of one promotion: every node of its `when` tree, `all`/`any`/`not` included.
pub const MAX_CONDITIONS: u64 = 64;
/// Nesting of one promotion's `when` tree: the top condition is depth 1, a child of `all`/`any`/`not` one
/// more.
pub const MAX_CONDITION_DEPTH: u64 = 8;
/// Lines of one cart.
pub const MAX_LINES: u64 = 1_000;
/// Coupons on one cart.
pub const MAX_COUPONS: u64 = 100;
/// Usage counters on one cart.
pub const MAX_USAGE: u64 = 1_000;
/// Tenders (gift cards, store credit, points, vouchers) on one cart.
pub const MAX_TENDERS: u64 = 100;
/// Exchange rates on one cart (derived price lists).
pub const MAX_EXCHANGE_RATES: u64 = 100;
/// Attributes of one cart, and options of one cart line (docs/rulebook.md, "Attributes").
pub const MAX_ATTRIBUTES: u64 = 20;
/// Attributes a rulebook declares.
pub const MAX_RULEBOOK_ATTRIBUTES: u64 = 1_000;
/// Earlier credit notes in one refund request.
pub const MAX_REFUNDS: u64 = 1_000;
/// External taxes of one cart line or of the shipping (a US address has five jurisdictions at most).
pub const MAX_EXTERNAL_TAXES: u64 = 20;
/// Largest JSON input of `quote-json`, `validate-json` and `refund-json` (and of reading a cart or order from
/// JSON), in bytes: twice what the largest cart and order within the other limits take unescaped (1000 lines of three
/// 1024-byte strings, 1000 usage counters, 100 coupons: about 4.4 MB).
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of JSON arrays and objects in such an input (an order needs 4: order, cart, lines, line; a
/// refund request 7: request, previous, note, lines, line, taxes, tax).
pub const MAX_INPUT_NESTING: u64 = 16;
/// Length of any single string in a cart or order (SKUs, codes, e-mail, phone, VAT id, address fields), in
/// bytes.
pub const MAX_STRING_BYTES: u64 = 1_024;
/// Requests in one `validate-fields` call: the batch is validated in one call on one instance, so its size
/// bounds that call's time and memory like the cart limits bound a quote's.
pub const MAX_FIELD_REQUESTS: u64 = 10_000;
/// Largest absolute value of a quantity, a price or an amount: fewer than 10^12.
pub const MAX_AMOUNT_DIGITS: u32 = 12;
/// Largest goods total of a cart (its line subtotals, as absolute values, added up): fewer than 10^23. With
/// the tax rates that apply together capped at 100 % (a rulebook check), every tax and total is then below
/// 10^24: at most 28 digits even at 4 decimal places, what a decimal and the strict decimal syntax hold.
pub const MAX_TOTAL_DIGITS: u32 = 23;

/// Problems listed in one error (`rulebook-invalid`, `cart-invalid`) or one validation report: the first ones
/// found are listed, the rest only counted (`problems.rs`). Not a refusal: the input is answered as usual.
pub const MAX_PROBLEMS: u64 = 100;

/// Linear memory of one engine instance, in bytes: the maximum the wasm module declares, and every host's
/// default cap (Go `WithMemoryLimitMiB`, Python `Limits.memory_bytes`; a JS instance has the module's
/// maximum). The worst case inside the input limits peaks at 69 MiB of linear memory (a 4 MiB rulebook of
/// 2 million findings; docs/limits.md, "Resource limits"), so the cap leaves 3.7 times that. A call that needs
/// more fails with `limit-exceeded`, `limit` = `memory`, in every host.
pub const MAX_MEMORY_BYTES: u64 = 256 * 1024 * 1024;
/// Fuel of one call, where a host meters the instructions a call executes (Python: wasmtime's fuel, about
/// one unit per wasm instruction). The worst case inside the input limits needs 17.7 x 10^9 on the server
/// build (a best-deal quote of the promotion worst case; docs/limits.md, "Resource limits"), so the budget
/// leaves 5.6 times that. A call that needs more fails with `limit-exceeded`, `limit` = `fuel`. Hosts without
/// fuel (Go, JS) bound a call by the input limits and, in Go, by its context.
pub const MAX_FUEL: u64 = 100_000_000_000;

/// One limit, by name, for the table in docs/limits.md and the test that keeps it in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitDoc {
    pub name: &'static str,
    pub max: u64,
    pub what: &'static str,
}

/// Every limit, in the order of docs/limits.md.
pub const LIMITS: &[LimitDoc] = &[
    LimitDoc {
        name: "rulebook-bytes",
        max: MAX_RULEBOOK_BYTES,
        what: "bytes of rulebook JSON",
    },
    LimitDoc {
        name: "rulebook-nesting",
        max: MAX_NESTING,
        what: "nesting depth of rulebook JSON",
    },
    LimitDoc {
        name: "items",
        max: MAX_ITEMS,
        what: "catalog items",
    },
    LimitDoc {
        name: "price-lists",
        max: MAX_PRICE_LISTS,
        what: "price lists",
    },
    LimitDoc {
        name: "prices",
        max: MAX_PRICES,
        what: "prices over all price lists",
    },
    LimitDoc {
        name: "tiers",
        max: MAX_TIERS,
        what: "tiers of one price or tiered promotion, or bands of one shipping rate",
    },
    LimitDoc {
        name: "tax-rules",
        max: MAX_TAX_RULES,
        what: "tax rules",
    },
    LimitDoc {
        name: "shipping-methods",
        max: MAX_SHIPPING_METHODS,
        what: "shipping methods, and rates of one method",
    },
    LimitDoc {
        name: "promotions",
        max: MAX_PROMOTIONS,
        what: "promotions in a rulebook",
    },
    LimitDoc {
        name: "rulebook-coupons",
        max: MAX_RULEBOOK_COUPONS,
        what: "coupons declared in a rulebook",
    },
    LimitDoc {
        name: "conditions",
        max: MAX_CONDITIONS,
        what: "conditions of one promotion (every node of its when tree)",
    },
    LimitDoc {
        name: "condition-depth",
        max: MAX_CONDITION_DEPTH,
        what: "nesting of all/any/not in one promotion's when tree",
    },
    LimitDoc {
        name: "rulebook-attributes",
        max: MAX_RULEBOOK_ATTRIBUTES,
        what: "attributes a rulebook declares",
    },
    LimitDoc {
        name: "lines",
        max: MAX_LINES,
        what: "lines of one cart",
    },
    LimitDoc {
        name: "coupons",
        max: MAX_COUPONS,
        what: "coupons on one cart",
    },
    LimitDoc {
        name: "usage",
        max: MAX_USAGE,
        what: "usage counters on one cart",
    },
    LimitDoc {
        name: "tenders",
        max: MAX_TENDERS,
        what: "tenders on one cart",
    },
    LimitDoc {
        name: "exchange-rates",
        max: MAX_EXCHANGE_RATES,
        what: "exchange rates on one cart",
    },
    LimitDoc {
        name: "refunds",
        max: MAX_REFUNDS,
        what: "earlier credit notes in one refund request",
    },
    LimitDoc {
        name: "external-taxes",
        max: MAX_EXTERNAL_TAXES,
        what: "external taxes of one cart line or of the shipping",
    },
    LimitDoc {
        name: "attributes",
        max: MAX_ATTRIBUTES,
        what: "attributes of one cart, or options of one cart line",
    },
    LimitDoc {
        name: "input-bytes",
        max: MAX_INPUT_BYTES,
        what: "bytes of the JSON of a cart, order or refund request (quote-json, validate-json, refund-json)",
    },
    LimitDoc {
        name: "input-nesting",
        max: MAX_INPUT_NESTING,
        what: "nesting depth of the JSON of a cart, order or refund request",
    },
    LimitDoc {
        name: "string-bytes",
        max: MAX_STRING_BYTES,
        what: "bytes of any one string in a cart or order",
    },
    LimitDoc {
        name: "field-requests",
        max: MAX_FIELD_REQUESTS,
        what: "requests in one validate-fields call",
    },
    LimitDoc {
        name: "amount-digits",
        max: MAX_AMOUNT_DIGITS as u64,
        what: "integer digits of a quantity, price or amount",
    },
    LimitDoc {
        name: "goods-total-digits",
        max: MAX_TOTAL_DIGITS as u64,
        what: "integer digits of a cart's goods total (its line subtotals added up)",
    },
    LimitDoc {
        name: "problems",
        max: MAX_PROBLEMS,
        what:
            "problems listed in one error or validation report (the rest are counted, not listed)",
    },
    LimitDoc {
        name: "memory",
        max: MAX_MEMORY_BYTES,
        what: "bytes of linear memory of one engine instance (enforced by the host)",
    },
    LimitDoc {
        name: "fuel",
        max: MAX_FUEL,
        what: "fuel of one call, where the host meters instructions (Python)",
    },
];

/// `Err(limit-exceeded)` at `path` when `actual > max`.
pub fn check(limit: &'static str, max: u64, actual: u64, path: &str) -> Result<(), Error> {
    if actual > max {
        return Err(EngineError::LimitExceeded { limit, max, actual }.to_error(path));
    }
    Ok(())
}

/// The deepest nesting of arrays/objects in JSON text, found by a scan that skips strings. Runs before the
/// parser so that a hostile document cannot make the parser recurse deeply.
pub fn json_nesting(text: impl AsRef<[u8]>) -> u64 {
    let (mut depth, mut max, mut in_string, mut escaped) = (0u64, 0u64, false, false);
    for &b in text.as_ref() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The largest absolute decimal the engine accepts for quantities, prices and amounts: 10^12 - 1 with any
/// fraction, i.e. fewer than [`MAX_AMOUNT_DIGITS`] integer digits.
pub fn amount_in_range(d: rust_decimal::Decimal) -> bool {
    d.abs() < rust_decimal::Decimal::from(10i64.pow(MAX_AMOUNT_DIGITS))
}

/// The integer digits of a non-negative decimal (0 has one).
pub fn integer_digits(d: rust_decimal::Decimal) -> u64 {
    let mut whole = d.trunc().abs().mantissa();
    let mut digits = 1;
    while whole >= 10 {
        whole /= 10;
        digits += 1;
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_ignores_brackets_inside_strings() {
        // {"a":[{"b":"[[[{"}]} is depth 3: object, array, object; the string's brackets do not count.
        assert_eq!(json_nesting(r#"{"a":[{"b":"[[[{"}]}"#), 3);
        assert_eq!(json_nesting(r#"{"a":"\"[["}"#), 1);
        assert_eq!(json_nesting("[]"), 1);
        assert_eq!(json_nesting("1"), 0);
    }

    #[test]
    fn check_reports_the_limit_by_name() {
        assert!(check("lines", 3, 3, "/lines").is_ok());
        let e = check("lines", 3, 4, "/lines").unwrap_err();
        assert_eq!(e.code, "limit-exceeded");
        assert_eq!(e.params[0].value, "lines");
        assert_eq!(e.params[1].value, "3");
        assert_eq!(e.params[2].value, "4");
    }

    #[test]
    fn integer_digits_count_the_whole_part() {
        use rust_decimal::Decimal;
        assert_eq!(integer_digits(Decimal::ZERO), 1);
        assert_eq!(integer_digits(Decimal::new(99, 2)), 1);
        assert_eq!(integer_digits(Decimal::new(-123456, 3)), 3);
        assert_eq!(integer_digits(Decimal::from(10i64.pow(12))), 13);
    }

    #[test]
    fn amount_range_is_twelve_integer_digits() {
        use rust_decimal::Decimal;
        assert!(amount_in_range(Decimal::new(99_999_999_999_999, 2)));
        assert!(!amount_in_range(Decimal::from(1_000_000_000_000i64)));
        assert!(!amount_in_range(Decimal::from(-1_000_000_000_000i64)));
    }

    /// docs/limits.md lists every limit with its maximum (and nothing else in its table).
    #[test]
    fn docs_limits_md_matches_the_table() {
        let doc = include_str!("../../docs/limits.md");
        let rows: Vec<(&str, &str)> = doc
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (cells[1].trim_matches('`'), cells[2])
            })
            .collect();
        let expected: Vec<(&str, String)> =
            LIMITS.iter().map(|l| (l.name, l.max.to_string())).collect();
        assert_eq!(rows.len(), expected.len(), "docs/limits.md rows");
        for ((name, max), (en, emax)) in rows.iter().zip(&expected) {
            assert_eq!((*name, *max), (*en, emax.as_str()));
        }
    }

    #[test]
    fn limit_names_are_unique() {
        let mut names: Vec<_> = LIMITS.iter().map(|l| l.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), LIMITS.len());
    }
}
