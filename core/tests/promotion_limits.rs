//! Promotions on carts at the documented limits (docs/limits.md): every action kind computes exactly in
//! money::Exact and rounds once at its named point, where 28-digit decimals would overflow on
//! `line amount x units x percent`. Expected values are worked out by hand in the comments and were
//! cross-checked with Python's `fractions` module (exact rationals, then the rounding mode); never taken
//! from the engine.
//!
//! The cart: 1000 lines of item A, quantity q = 999999999999.999 (12 integer digits and decimals) at
//! P = 99999999.99. Each line: P x q = (10^8 - 0.01)(10^12 - 0.001) = 10^20 - 10^10 - 10^5 + 0.00001
//! = 99999999989999900000.00001 -> L = 99999999989999900000.00 (half-even); goods total 1000 L =
//! 99999999989999900000000.00, 23 integer digits: the largest goods total allowed. Shipping costs
//! S = 999999999999.99. No tax (the item and the shipping are exempt), rounding mode half-even.

use kassa_core::api::{Cart, PromotionStatus, Quote};
use kassa_core::Engine;
use serde_json::{json, Value};

const L: &str = "99999999989999900000.00";
const GOODS: &str = "99999999989999900000000.00";
const Q: &str = "999999999999.999";

fn engine(promotion: Value) -> Engine {
    let book = json!({
        "kassa": "1", "id": "promo-limits", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [
            {"sku": "A", "tax-category": "none", "quantity": {"step": "0.001"}}
        ]},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false,
                         "prices": [{"sku": "A", "unit-price": "99999999.99"}]}],
        "tax": {"categories": [{"id": "none", "exempt": true}]},
        "shipping": {"methods": [{"id": "std", "tax-category": "none", "prices-include-tax": false,
            "rates": [{"currency": "EUR", "flat": "999999999999.99"}]}]},
        "promotions": [promotion]
    });
    Engine::load(&book.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn quote(promotion: Value) -> Quote {
    let lines: Vec<Value> = (0..1000)
        .map(|_| json!({"sku": "A", "quantity": Q}))
        .collect();
    let cart: Cart = serde_json::from_value(json!({
        "currency": "EUR", "at": "2026-01-01T00:00:00Z", "shipping-method": "std", "lines": lines,
        "explain": true
    }))
    .unwrap();
    let q = engine(promotion).quote(&cart).unwrap();
    assert_eq!(q.subtotal, GOODS);
    assert!(q.lines.iter().all(|l| l.subtotal == L));
    q
}

/// The promotion applied with `total`, and the line discounts (line index, amount) that are not zero.
fn applied(q: &Quote, total: &str) -> Vec<(usize, String)> {
    assert_eq!(q.promotions.len(), 1);
    let o = &q.promotions[0];
    assert_eq!(o.status, PromotionStatus::Applied, "{:?}", o.reason);
    assert_eq!(o.amount, total);
    q.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.discount_total != "0.00")
        .map(|(i, l)| (i, l.discount_total.to_string()))
        .collect()
}

/// Every one of the 1000 lines took `each`.
fn every_line(got: &[(usize, String)], each: &str) {
    assert_eq!(got.len(), 1000);
    assert!(got.iter().all(|(_, a)| a == each), "{:?}", &got[..3]);
}

fn percent_off(on: &str, rounding: &str) -> Value {
    json!({"id": "p", "percent-rounding": rounding,
           "action": {"percent-off": {"percent": "12.3456789", "on": on}}})
}

#[test]
fn percent_per_unit_on_each_unit() {
    // Per unit: L x 12.3456789 / (q x 100) = 12345678.898765432.. -> 12345678.90 (half-even). Times q:
    // 12345678.90 x 999999999999.999 = 12345678900000000000 - 12345.6789 = 12345678899999987654.3211 -> .32.
    // 1000 lines: 12345678899999987654320.00.
    let q = quote(percent_off("each-unit", "per-unit"));
    let got = applied(&q, "12345678899999987654320.00");
    every_line(&got, "12345678899999987654.32");
    // The rounding point is in the trace with the promotion's name.
    assert!(q
        .trace
        .iter()
        .any(|s| s.kind == "rounding" && s.message.contains("discount-per-unit")));
}

#[test]
fn percent_per_line_on_lines() {
    // L x 12.3456789 % = 99999999989999900000 x 0.123456789 = 12345678898765419764.3211 exactly
    // -> 12345678898765419764.32 per line; 1000 lines 12345678898765419764320.00. Before money::Exact the
    // engine multiplied L x q x 12.3456789 (41 digits) and failed with overflow.
    let q = quote(percent_off("lines", "per-line"));
    let got = applied(&q, "12345678898765419764320.00");
    every_line(&got, "12345678898765419764.32");
}

#[test]
fn percent_on_total_on_the_order_is_spread_by_largest_remainder() {
    // Once on the total: 1000 x L x 12.3456789 % = 12345678898765419764321.1 exactly -> .10.
    // Spread over 1000 equal bases: 1234567889876541976432110 minor units / 1000 = 1234567889876541976432
    // remainder 110: the first 110 lines (equal remainders, earlier line first) take one cent more.
    let q = quote(percent_off("order", "on-total"));
    let got = applied(&q, "12345678898765419764321.10");
    assert_eq!(got.len(), 1000);
    assert!(got[..110]
        .iter()
        .all(|(_, a)| a == "12345678898765419764.33"));
    assert!(got[110..]
        .iter()
        .all(|(_, a)| a == "12345678898765419764.32"));
}

#[test]
fn amount_off_each_unit_and_lines() {
    // Each unit: 12345.67 x q = 12345670000000000 - 12.34567 = 12345669999999987.65433 -> .65 (it is below
    // the line's base, so the whole amount applies); 1000 lines: 12345669999999987650.00.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"amount-off": {"amount": "12345.67", "on": "each-unit"}}}));
    every_line(
        &applied(&q, "12345669999999987650.00"),
        "12345669999999987.65",
    );
    // Once over the lines: 99999999999999 cents / 1000 = 99999999999 remainder 999: the first 999 lines
    // take 999999999.99 + 0.01 = 1000000000.00, the last 999999999.99.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"amount-off": {"amount": "999999999999.99", "on": "lines"}}}));
    let got = applied(&q, "999999999999.99");
    assert!(got[..999].iter().all(|(_, a)| a == "1000000000.00"));
    assert_eq!(got[999], (999, "999999999.99".to_string()));
}

#[test]
fn fixed_price_each_unit_and_as_a_bundle() {
    // Every unit costs 1.23: L - 1.23 x q = 99999999989999900000 - 1229999999999.99877
    // = 99999998759999900000.00123 -> 99999998759999900000.00 off each line.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"fixed-price": {"price": "1.23", "on": "each-unit"}}}));
    every_line(
        &applied(&q, "99999998759999900000000.00"),
        "99999998759999900000.00",
    );
    // The order costs 999999999999.99: 1000 L - 999999999999.99 = 99999999988999900000000.01 off, spread over
    // equal bases: 9999999998899990000000001 cents / 1000 = 9999999998899990000000 remainder 1.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"fixed-price": {"price": "999999999999.99", "on": "order"}}}));
    let got = applied(&q, "99999999988999900000000.01");
    assert_eq!(got[0].1, "99999999988999900000.01");
    assert!(got[1..].iter().all(|(_, a)| a == "99999999988999900000.00"));
}

#[test]
fn cheapest_and_most_expensive_units() {
    // Three cheapest units at 50 % (per line): every unit costs L / q, ties go to the earlier line, so line
    // 0 gives 3 units: L x 3 x 50 / (q x 100) = 149999999.98499.. -> 149999999.98.
    let q = quote(json!({"id": "p", "percent-rounding": "per-line",
        "action": {"percent-off": {"percent": "50", "on": "cheapest", "units": 3}}}));
    assert_eq!(
        applied(&q, "149999999.98"),
        vec![(0, "149999999.98".to_string())]
    );
    // The same units at 12.3456789 % once on the total (one denominator, rounded once):
    // L x 3 x 0.123456789 / q = 37037036.6962963.. -> 37037036.70.
    let q = quote(json!({"id": "p", "percent-rounding": "on-total",
        "action": {"percent-off": {"percent": "12.3456789", "on": "most-expensive", "units": 3}}}));
    assert_eq!(
        applied(&q, "37037036.70"),
        vec![(0, "37037036.70".to_string())]
    );
    // 12345.67 off each of the 2 most expensive units: 12345.67 x 2 = 24691.34 (below a unit's price).
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"amount-off": {"amount": "12345.67", "on": "most-expensive", "units": 2}}}));
    assert_eq!(applied(&q, "24691.34"), vec![(0, "24691.34".to_string())]);
}

#[test]
fn buy_one_get_one_half_price_across_half_the_cart() {
    // Whole units: 999999999999 per line, 999999999999000 in all; buy 1 get 1 applies n = 499999999999500
    // times, and the n cheapest units (all equal: earlier lines first) are exactly lines 0..499, 999999999999
    // units each. Per line: L x 999999999999 x 50 / (q x 100) = L/2 x (1 - 0.999/q)
    // = 49999999994999950000 - 49949999.995005.. = 49999999994950000000.004995.. -> 49999999994950000000.00;
    // 500 lines: 24999999997475000000000.00.
    let q = quote(json!({"id": "p", "percent-rounding": "per-line",
        "action": {"buy-x-get-y": {"buy": {"quantity": 1}, "get": {"quantity": 1}, "percent": "50"}}}));
    let got = applied(&q, "24999999997475000000000.00");
    assert_eq!(got.len(), 500);
    assert!(got
        .iter()
        .enumerate()
        .all(|(n, (i, a))| *i == n && a == "49999999994950000000.00"));
    // On the total: 500 x that fraction = 24999999997475000000002.4975.. -> .50; spread over equal shares:
    // 2499999999747500000000250 cents / 500 = 4999999999495000000000 remainder 250 -> lines 0..249 take
    // one cent more.
    let q = quote(json!({"id": "p", "percent-rounding": "on-total",
        "action": {"buy-x-get-y": {"buy": {"quantity": 1}, "get": {"quantity": 1}, "percent": "50"}}}));
    let got = applied(&q, "24999999997475000000002.50");
    assert_eq!(got.len(), 500);
    assert!(got[..250]
        .iter()
        .all(|(_, a)| a == "49999999994950000000.01"));
    assert!(got[250..]
        .iter()
        .all(|(_, a)| a == "49999999994950000000.00"));
}

#[test]
fn tiered_on_the_order_reaches_its_highest_tier() {
    // The goods total (about 10^23) reaches the 999999999999.99 tier: 12.3456789 % per line as in
    // percent_per_line_on_lines.
    let q = quote(
        json!({"id": "p", "currency": "EUR", "percent-rounding": "per-line",
        "action": {"tiered": {"on": "order", "measure": "amount", "tiers": [
            {"min": "100.00", "percent-off": "5"},
            {"min": "999999999999.99", "percent-off": "12.3456789"}]}}}),
    );
    every_line(
        &applied(&q, "12345678898765419764320.00"),
        "12345678898765419764.32",
    );
}

#[test]
fn shipping_percent_and_free_shipping() {
    // 33.333 % of 999999999999.99 = 333329999999.9966667 -> 333330000000.00.
    let q = quote(json!({"id": "p",
        "action": {"percent-off": {"percent": "33.333", "on": "shipping"}}}));
    assert!(applied(&q, "333330000000.00").is_empty());
    assert_eq!(
        q.shipping.as_ref().unwrap().discount_total,
        "333330000000.00"
    );
    let q = quote(json!({"id": "p", "action": {"free-shipping": {}}}));
    assert!(applied(&q, "999999999999.99").is_empty());
    assert_eq!(q.shipping.as_ref().unwrap().net, "0.00");
}

#[test]
fn a_floor_at_the_limits_caps_every_line() {
    // 100 % off with floor 99999999.98: the floor amount is 99999999.98 x q = 10^20 - 2 x 10^10 - 10^5
    // + 0.00002 = 99999999979999900000.00002, rounded up to 99999999979999900000.01; each line gives
    // L - that = 9999999999.99; 1000 lines 9999999999990.00.
    let q = quote(json!({"id": "p", "currency": "EUR", "floor": "99999999.98",
        "action": {"percent-off": {"percent": "100", "on": "lines"}}}));
    every_line(&applied(&q, "9999999999990.00"), "9999999999.99");
}

#[test]
fn max_discount_at_the_limits_is_shared_by_the_uncapped_amounts() {
    // Uncapped: 12345678898765419764.32 a line (as above); capped at 999999999999.99, shared by equal
    // amounts: the same split as amount_off_each_unit_and_lines (999 lines 1000000000.00, the last
    // 999999999.99).
    let mut p = percent_off("order", "per-line");
    p["currency"] = json!("EUR");
    p["max-discount"] = json!("999999999999.99");
    let q = quote(p);
    let got = applied(&q, "999999999999.99");
    assert!(got[..999].iter().all(|(_, a)| a == "1000000000.00"));
    assert_eq!(got[999].1, "999999999.99");
}

#[test]
fn fixed_price_on_cheapest_units_and_amounts_on_shipping() {
    // Two cheapest units cost 1.23 each: a unit is L / q = 99999999.98999999999999998999.., so the line gives
    // 2 x (L / q - 1.23) = 199999997.51999999999999997999.. -> 199999997.52.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"fixed-price": {"price": "1.23", "on": "cheapest", "units": 2}}}));
    assert_eq!(
        applied(&q, "199999997.52"),
        vec![(0, "199999997.52".to_string())]
    );
    // 123456789012.34 off shipping, and shipping for 0.01: 999999999999.99 - 0.01 = 999999999999.98.
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"amount-off": {"amount": "123456789012.34", "on": "shipping"}}}));
    assert!(applied(&q, "123456789012.34").is_empty());
    let q = quote(json!({"id": "p", "currency": "EUR",
        "action": {"fixed-price": {"price": "0.01", "on": "shipping"}}}));
    assert!(applied(&q, "999999999999.98").is_empty());
    assert_eq!(q.shipping.as_ref().unwrap().net, "0.01");
}
