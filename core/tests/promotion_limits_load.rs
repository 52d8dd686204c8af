//! The promotion limits of docs/limits.md at load: `promotions`, `rulebook-coupons`, `conditions`,
//! `condition-depth` and `tiers` (of a tiered promotion). Each is refused one past its maximum with
//! `limit-exceeded` naming the limit, the maximum, what was found and where, and accepted at exactly the
//! maximum. The maxima are the documented numbers, written here again on purpose (not read from the
//! engine). A worst-case rulebook (every promotion limit at once) loads and quotes.

use kassa_core::api::Cart;
use kassa_core::{Engine, Error};
use serde_json::{json, Value};

/// A small shop with `promotions` and `coupons`.
fn book(promotions: Vec<Value>, coupons: Vec<Value>) -> Value {
    json!({
        "kassa": "1", "id": "limits", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "A", "tax-category": "none", "categories": ["c"]}]},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false,
                         "prices": [{"sku": "A", "unit-price": "10.00"}]}],
        "tax": {"categories": [{"id": "none", "exempt": true}]},
        "promotions": promotions,
        "coupons": coupons
    })
}

fn load(v: &Value) -> Result<Engine, Error> {
    Engine::load(&v.to_string())
}

fn ten_percent(id: String) -> Value {
    json!({"id": id, "action": {"percent-off": {"percent": "10", "on": "order"}}})
}

fn one_with(when: Value) -> Value {
    let mut p = ten_percent("p".into());
    p["when"] = when;
    book(vec![p], vec![])
}

/// The error is `limit-exceeded` for `limit` at `path` with these max and actual params.
fn refused(r: Result<Engine, Error>, limit: &str, max: &str, actual: &str, path: &str) {
    let Err(e) = r else {
        panic!("the rulebook must be refused")
    };
    assert_eq!(e.code, "limit-exceeded", "{e}: {:?}", e.problems);
    assert_eq!(e.params.len(), 3, "{:?}", e.params);
    assert_eq!(e.param("limit"), Some(limit));
    assert_eq!(e.param("max"), Some(max));
    assert_eq!(e.param("actual"), Some(actual));
    assert_eq!(e.path, path);
}

fn accepted(r: Result<Engine, Error>) -> Engine {
    r.unwrap_or_else(|e| panic!("{e}: {:?}", e.problems))
}

#[test]
fn promotions_limit_is_100() {
    let many = |n: usize| {
        book(
            (0..n).map(|i| ten_percent(format!("p{i}"))).collect(),
            vec![],
        )
    };
    accepted(load(&many(100)));
    refused(load(&many(101)), "promotions", "100", "101", "/promotions");
}

#[test]
fn rulebook_coupons_limit_is_50000() {
    let many = |n: usize| {
        let coupons = (0..n)
            .map(|i| json!({"code": format!("C{i}"), "promotion": "p"}))
            .collect();
        book(vec![ten_percent("p".into())], coupons)
    };
    let e = accepted(load(&many(50_000)));
    // The last of them still unlocks its promotion: 10 % of 10.00.
    let cart: Cart =
        serde_json::from_value(json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z",
        "lines": [{"sku": "A", "quantity": "1"}], "coupons": ["c49999"]}))
        .unwrap();
    assert_eq!(e.quote(&cart).unwrap().discount_total, "1.00");
    refused(
        load(&many(50_001)),
        "rulebook-coupons",
        "50000",
        "50001",
        "/coupons",
    );
}

#[test]
fn conditions_limit_is_64_nodes_per_promotion() {
    // `all` with 63 children is 64 conditions; with 64 children, 65.
    let all =
        |n: usize| json!({"all": (0..n).map(|_| json!({"first-order": true})).collect::<Vec<_>>()});
    accepted(load(&one_with(all(63))));
    refused(
        load(&one_with(all(64))),
        "conditions",
        "64",
        "65",
        "/promotions/0/when",
    );
}

/// `not` nested so that the tree is `depth` deep, the innermost `first-order`.
fn nots(depth: usize) -> Value {
    (1..depth).fold(json!({"first-order": false}), |c, _| json!({"not": c}))
}

#[test]
fn condition_depth_limit_is_8() {
    accepted(load(&one_with(nots(8))));
    // Depth 9: the innermost condition, eight `not` hops below the top, is the first too deep.
    let path = format!("/promotions/0/when{}", "/not".repeat(8));
    refused(load(&one_with(nots(9))), "condition-depth", "8", "9", &path);
    // Through all/any the path carries the indices. all (depth 1) > any (2) > a 6-deep chain is 8 deep;
    // a second, 8-deep chain makes the tree 10 deep, and its node at depth 9 is six `not` hops below
    // /when/all/1/any/1 (depth 3).
    let when = json!({"all": [{"first-order": true}, {"any": [nots(6)]}]});
    accepted(load(&one_with(when)));
    let when = json!({"all": [{"first-order": true}, {"any": [nots(6), nots(8)]}]});
    refused(
        load(&one_with(when)),
        "condition-depth",
        "8",
        "10",
        "/promotions/0/when/all/1/any/1/not/not/not/not/not/not",
    );
}

#[test]
fn tiers_limit_covers_tiered_promotions() {
    let tiered = |n: usize| {
        let tiers: Vec<Value> = (0..n)
            .map(|i| json!({"min": format!("{}.00", i * 10), "percent-off": "1"}))
            .collect();
        book(
            vec![json!({"id": "t", "currency": "EUR",
                "action": {"tiered": {"on": "order", "measure": "amount", "tiers": tiers}}})],
            vec![],
        )
    };
    accepted(load(&tiered(100)));
    refused(
        load(&tiered(101)),
        "tiers",
        "100",
        "101",
        "/promotions/0/action/tiered/tiers",
    );
}
