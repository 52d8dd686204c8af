//! The promotion worst case the limits allow (docs/limits.md, "Promotion cost"): a rulebook of 100 automatic
//! promotions, each with a `when` tree of 64 conditions nested 8 deep that all hold, and a 1000-line cart.
//!
//! Shape, chosen so that as much as possible applies to every line in both modes:
//! - promotion 0 is a product promotion that does not combine with the order class;
//! - promotions 1-59 are product promotions of every action kind, each touching all 1000 lines;
//! - promotions 60-99 are order promotions. The priority pass applies 0-59 and excludes 60-99 (by 0), so
//!   best deal runs 32 more passes (the limit), each led by an order promotion that excludes 0 and lets the
//!   other 98 apply: 33 passes of 60 to 99 promotions x 1000 lines.
//!
//! Used by `benches/promotion_worst.rs` (criterion) and `examples/promo_worst.rs` (one timed run per mode).

use kassa_core::api::Cart;
use serde_json::{json, Value};

pub const LINES: usize = 1000;
pub const PROMOTIONS: usize = 100;
/// Promotions 0..PRODUCT are product promotions, the rest order promotions.
pub const PRODUCT: usize = 60;

fn sku(i: usize) -> String {
    format!("S{i:04}")
}

/// Unit price of item i: 5.00 to 374.63, all different, so that cheapest/most-expensive sort for real.
fn price(i: usize) -> String {
    let cents = 500 + (i * 7919) % 36964;
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A leaf condition that holds for the cart; most of them measure every line through a selector.
fn leaf(n: usize) -> Value {
    let brands: Vec<String> = (0..5).map(|b| format!("b{b}")).collect();
    match n % 8 {
        0 => json!({"items": {"categories": ["all"], "min-quantity": "1"}}),
        1 => json!({"items": {"attributes": {"brand": brands}, "min-amount": "1.00"}}),
        2 => {
            json!({"items": {"categories": ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"]}})
        }
        3 => json!({"subtotal": {"min": "1.00"}}),
        4 => json!({"items": {"exclude-skus": ["S0999"], "min-quantity": "3"}}),
        5 => json!({"customer-groups": ["retail", "vip"]}),
        6 => json!({"first-order": true}),
        _ => json!({"items": {"skus": [sku(n % LINES)], "min-amount": "0.01"}}),
    }
}

/// 64 conditions, 8 deep: `all` nodes at depths 1-7 with 8 leaves each (the deepest `all` has no child
/// `all`), the first leaf of the top one a `not`: 7 + 56 + 1 = 64 nodes.
fn when(seed: usize) -> Value {
    fn level(depth: usize, seed: usize) -> Value {
        let mut list: Vec<Value> = (0..8).map(|k| leaf(seed + depth * 9 + k)).collect();
        if depth == 1 {
            list[0] = json!({"not": {"first-order": false}});
        }
        if depth < 7 {
            list.push(level(depth + 1, seed));
        }
        json!({ "all": list })
    }
    level(1, seed)
}

/// The action of product promotion `k` (1..PRODUCT): every kind, in turn, on every line.
fn product_action(k: usize) -> (Value, Value) {
    let extra = json!({});
    let action = match k % 12 {
        0 => json!({"percent-off": {"percent": "0.5", "on": "each-unit"}}),
        1 => {
            json!({"percent-off": {"percent": "0.7", "on": "each-line", "items": {"categories": ["all"]}}})
        }
        2 => json!({"percent-off": {"percent": "0.3", "on": "lines"}}),
        3 => json!({"amount-off": {"amount": "0.01", "on": "each-unit"}}),
        4 => json!({"amount-off": {"amount": "150.00", "on": "lines"}}),
        5 => json!({"fixed-price": {"price": format!("{}.00", 1100 - 15 * k), "on": "each-line"}}),
        6 => json!({"percent-off": {"percent": "0.4", "on": "cheapest", "units": 3000}}),
        7 => json!({"amount-off": {"amount": "0.02", "on": "most-expensive", "units": 3000}}),
        8 => {
            json!({"buy-x-get-y": {"buy": {"quantity": 2}, "get": {"quantity": 1}, "percent": "1"}})
        }
        9 => json!({"tiered": {"on": "lines", "measure": "quantity", "tiers":
                (1..=100).map(|t| json!({"min": (t * 30).to_string(), "percent-off": "0.2"})).collect::<Vec<_>>()}}),
        10 => json!({"amount-off": {"amount": "0.03", "on": "each-line"}}),
        _ => json!({"percent-off": {"percent": "0.6", "on": "each-unit"}}),
    };
    let extra = match k % 5 {
        0 => json!({"percent-rounding": "on-total"}),
        1 => json!({"percent-rounding": "per-unit", "floor": "1.00"}),
        2 => json!({"distribution": "even", "percent-rounding": "on-total"}),
        3 => json!({"max-discount": "500.00"}),
        _ => extra,
    };
    (action, extra)
}

fn order_action(k: usize) -> Value {
    match k % 4 {
        0 => json!({"percent-off": {"percent": "0.5", "on": "order"}}),
        1 => json!({"amount-off": {"amount": "75.00", "on": "order"}}),
        2 => json!({"tiered": {"on": "order", "measure": "amount", "tiers":
                (1..=100).map(|t| json!({"min": format!("{}.00", t * 1000), "percent-off": "0.3"})).collect::<Vec<_>>()}}),
        _ => json!({"percent-off": {"percent": "0.25", "on": "order"}}),
    }
}

/// The rulebook; `stacking` is `priority` or `best-deal`.
pub fn rulebook(stacking: &str) -> String {
    let items: Vec<Value> = (0..LINES)
        .map(|i| {
            json!({"sku": sku(i), "tax-category": "std", "categories": [format!("c{}", i % 10), "all"],
                   "attributes": {"brand": format!("b{}", i % 5)}})
        })
        .collect();
    let prices: Vec<Value> = (0..LINES)
        .map(|i| json!({"sku": sku(i), "unit-price": price(i)}))
        .collect();
    let promotions: Vec<Value> = (0..PROMOTIONS)
        .map(|k| {
            let mut p = if k == 0 {
                json!({"action": {"percent-off": {"percent": "1", "on": "each-line"}},
                       "combines-with": ["product", "shipping"]})
            } else if k < PRODUCT {
                let (action, extra) = product_action(k);
                let mut p = json!({ "action": action });
                for (key, v) in extra.as_object().unwrap() {
                    p[key] = v.clone();
                }
                p
            } else {
                json!({ "action": order_action(k) })
            };
            p["id"] = json!(format!("p{k:03}"));
            p["currency"] = json!("EUR");
            p["when"] = when(k);
            p
        })
        .collect();
    json!({
        "kassa": "1", "id": "promo-worst", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE", "promotion-stacking": stacking},
        "catalog": {"items": items},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": true, "prices": prices}],
        "tax": {"categories": [{"id": "std"}],
                "rules": [{"id": "de", "country": "DE", "category": "std", "rate": "19"}]},
        "shipping": {"methods": [{"id": "std", "tax-category": "std", "prices-include-tax": true,
            "rates": [{"currency": "EUR", "flat": "4.90"}]}]},
        "promotions": promotions
    })
    .to_string()
}

/// The cart: every item once, 3 units each (whole units for the unit-based actions).
pub fn cart() -> Cart {
    let lines: Vec<Value> = (0..LINES)
        .map(|i| json!({"sku": sku(i), "quantity": "3"}))
        .collect();
    serde_json::from_value(json!({
        "currency": "EUR", "at": "2026-01-01T00:00:00Z", "shipping-method": "std",
        "customer-group": "vip", "previous-orders": 0, "lines": lines
    }))
    .expect("the worst-case cart")
}
