//! Derived price lists (docs/rulebook.md, "Derived price lists") through engine.quote: the issue's worked
//! example by hand, and a property test against an integer oracle (the rounding and ending rule computed in
//! millionths with u128 arithmetic, independent of the engine's money helpers).

use kassa_core::api::{Cart, CartLine, ExchangeRate};
use kassa_core::Engine;
use proptest::prelude::*;
use serde_json::json;

/// EUR list `eur` with A at `price`; CHF list `chf` derived from it at `rate` with `rounding`.
fn book(price: &str, rate: &str, rounding: serde_json::Value) -> Engine {
    let v = json!({
        "kassa": "1", "id": "d", "version": "1",
        "settings": {"currencies": ["EUR", "CHF"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": [{"sku": "A", "tax-category": "none"}]},
        "price-lists": [
            {"id": "eur", "currency": "EUR", "prices-include-tax": false,
             "prices": [{"sku": "A", "unit-price": price}]},
            {"id": "chf", "currency": "CHF", "prices-include-tax": false, "derived-from": "eur",
             "rates": [{"rate": rate}], "rounding": rounding}
        ],
        "tax": {"categories": [{"id": "none", "exempt": true}], "rules": []}
    });
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn cart(currency: &str) -> Cart {
    Cart {
        currency: currency.into(),
        at: "2026-12-06T12:00:00Z".into(),
        country: Some("CH".into()),
        lines: vec![CartLine {
            sku: "A".into(),
            quantity: "1".into(),
            unit_price: None,
            taxes: None,
            attributes: Vec::new(),
        }],
        ..Cart::default()
    }
}

#[test]
fn the_issues_worked_example() {
    // EUR 9.99 x 0.9363 = 9.353637 -> up to whole francs 10.00 -> ending: 10 - 1 + 0.99 = CHF 9.99.
    let e = book(
        "9.99",
        "0.9363",
        json!({"increment": "1", "mode": "up", "ending": "0.99"}),
    );
    let q = e.quote(&cart("CHF")).unwrap();
    assert_eq!(q.lines[0].unit_price, "9.99");
    assert_eq!(q.grand_total, "9.99");
}

#[test]
fn a_cart_rate_replaces_the_rulebooks() {
    // 9.99 x 1.5 = 14.985 -> up to 15 -> 14.99 (with the rulebook's 0.9363 it would be 9.99).
    let e = book(
        "9.99",
        "0.9363",
        json!({"increment": "1", "mode": "up", "ending": "0.99"}),
    );
    let mut c = cart("CHF");
    c.exchange_rates = vec![ExchangeRate {
        from_currency: "EUR".into(),
        to_currency: "CHF".into(),
        rate: "1.5".into(),
    }];
    assert_eq!(e.quote(&c).unwrap().lines[0].unit_price, "14.99");
}

/// Cents as a decimal string with two places.
fn cents(c: u128) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// For any price, rate, increment, ending and direction: the engine's unit price is the oracle's, and it
    /// ends in the ending within its increment (or is zero).
    #[test]
    fn conversion_matches_an_integer_oracle(
        price in 1u128..10_000_000, rate in 1u128..50_000, k in prop::sample::select(vec![1u128, 5, 10, 100, 1000]),
        ending in 0u128..1000, up in any::<bool>()
    ) {
        let ending = (ending % k != 0).then_some(ending % k); // 0 < ending < k, or none
        // In millionths: price (cents, 10^-2) x rate (10^-4) is exact at 10^-6; the increment k cents is k x 10^4.
        let p = price * rate;
        let kk = k * 10_000;
        let r = if up { p.div_ceil(kk) * kk } else { p / kk * kk };
        let f = match ending {
            Some(e) if r > 0 => r - kk + e * 10_000,
            _ => r,
        };
        let mut rounding = json!({"increment": cents(k), "mode": if up { "up" } else { "down" }});
        if let Some(e) = ending {
            rounding["ending"] = json!(cents(e));
        }
        let rate_text = format!("{}.{:04}", rate / 10_000, rate % 10_000);
        let e = book(&cents(price), &rate_text, rounding);
        let q = e.quote(&cart("CHF")).unwrap();
        prop_assert_eq!(&q.lines[0].unit_price, &cents(f / 10_000));
        if let (Some(e), true) = (ending, f > 0) {
            prop_assert_eq!((f / 10_000) % k, e);
        }
    }
}
