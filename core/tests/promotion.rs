//! Promotions through engine.quote: every action, condition and stacking mode against a hand computation
//! (the arithmetic is in the comments), the classic traps, coupons and the explanation. Never against the
//! engine's own output.

use kassa_core::api::{Cart, CartLine, Order, PromotionOutcome, PromotionStatus, Quote};
use kassa_core::{Engine, Severity};
use serde_json::{json, Value};

/// A small tax-free shop with net prices (so discounts are the only arithmetic), plus a taxed item.
fn rulebook(promotions: Value, coupons: Value, patch: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({
        "kassa": "1", "id": "promo-test", "version": "1",
        "settings": {"currencies": ["EUR", "CHF"], "rounding-mode": "half-away-from-zero", "tax-rounding": "per-line"},
        "catalog": {"items": [
            {"sku": "A", "tax-category": "none", "categories": ["basics"]},
            {"sku": "B", "tax-category": "none", "categories": ["basics"]},
            {"sku": "C", "tax-category": "none", "categories": ["basics"]},
            {"sku": "HUNDRED", "tax-category": "none", "categories": ["big"]},
            {"sku": "TEE", "tax-category": "none", "categories": ["apparel"], "attributes": {"brand": "kassa"}},
            {"sku": "SOCK", "tax-category": "none", "categories": ["apparel"], "attributes": {"brand": "other"}},
            {"sku": "PEN", "tax-category": "none", "categories": ["office"]},
            {"sku": "PEN2", "tax-category": "none", "categories": ["office"]},
            {"sku": "ONE", "tax-category": "none"},
            {"sku": "THREE", "tax-category": "none"},
            {"sku": "TAXED", "tax-category": "standard"},
            {"sku": "OPEN", "tax-category": "none", "open-price": true}
        ]},
        "price-lists": [{"id": "net", "currency": "EUR", "prices-include-tax": false, "prices": [
            {"sku": "A", "unit-price": "5.00"},
            {"sku": "B", "unit-price": "5.00"},
            {"sku": "C", "unit-price": "5.00"},
            {"sku": "HUNDRED", "unit-price": "100.00"},
            {"sku": "TEE", "unit-price": "20.00"},
            {"sku": "SOCK", "unit-price": "4.00"},
            {"sku": "PEN", "unit-price": "0.95"},
            {"sku": "PEN2", "unit-price": "0.95"},
            {"sku": "ONE", "unit-price": "1.00"},
            {"sku": "THREE", "unit-price": "3.00"},
            {"sku": "TAXED", "unit-price": "100.00"}
        ]}],
        "tax": {
            "categories": [{"id": "standard"}, {"id": "none", "exempt": true}],
            "rules": [{"id": "de-19", "country": "DE", "category": "standard", "rate": "19"}]
        },
        "shipping": {"methods": [{"id": "std", "tax-category": "none", "prices-include-tax": false,
            "rates": [{"currency": "EUR", "flat": "5.90"}]}]},
        "promotions": promotions,
        "coupons": coupons
    });
    patch(&mut v);
    v
}

fn book(promotions: Value, coupons: Value, patch: impl FnOnce(&mut Value)) -> Engine {
    let v = rulebook(promotions, coupons, patch);
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn promos(p: Value) -> Engine {
    book(p, json!([]), |_| {})
}

fn cart(lines: &[(&str, &str)]) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-24T09:30:00Z".into(),
        country: Some("DE".into()),
        lines: lines
            .iter()
            .map(|(s, q)| CartLine {
                sku: s.to_string(),
                quantity: q.to_string().into(),
                unit_price: None,
                taxes: None,
                attributes: Vec::new(),
            })
            .collect(),
        ..Cart::default()
    }
}

/// The cart asking for the explanation (the trace is empty without it).
fn explained(mut c: Cart) -> Cart {
    c.explain = true;
    c
}

fn quote(e: &Engine, c: &Cart) -> Quote {
    e.quote(c)
        .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

/// Per line: the (promotion, amount) discounts.
fn discounts(q: &Quote) -> Vec<Vec<(String, String)>> {
    q.lines
        .iter()
        .map(|l| {
            l.discounts
                .iter()
                .map(|d| (d.promotion.clone(), d.amount.to_string()))
                .collect()
        })
        .collect()
}

fn ds(v: &[&[(&str, &str)]]) -> Vec<Vec<(String, String)>> {
    v.iter()
        .map(|l| {
            l.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

fn outcome<'q>(q: &'q Quote, id: &str) -> &'q PromotionOutcome {
    q.promotions
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no outcome for {id}: {:#?}", q.promotions))
}

/// (status, amount, reason code, reason path) of a promotion's outcome.
fn status(q: &Quote, id: &str) -> (PromotionStatus, String, Option<(String, String)>) {
    let o = outcome(q, id);
    (
        o.status,
        o.amount.clone().into(),
        o.reason.as_ref().map(|r| (r.code.clone(), r.path.clone())),
    )
}

fn param<'p>(params: &'p [kassa_core::Param], name: &str) -> &'p str {
    &params.iter().find(|p| p.name == name).unwrap().value
}

fn applied(amount: &str) -> (PromotionStatus, String, Option<(String, String)>) {
    (PromotionStatus::Applied, amount.to_string(), None)
}

fn rejected(code: &str, path: &str) -> (PromotionStatus, String, Option<(String, String)>) {
    (
        PromotionStatus::Rejected,
        "0.00".to_string(),
        Some((code.to_string(), path.to_string())),
    )
}

// ---- the classic traps ----------------------------------------------------------------------------------

#[test]
fn ten_off_then_25_percent_is_67_50_or_65_00_by_discount_base() {
    // 100.00; "-10" (priority 2) then "-25 %" (priority 1).
    let p = json!([
        {"id": "ten", "priority": 2, "currency": "EUR", "action": {"amount-off": {"amount": "10.00", "on": "lines"}}},
        {"id": "quarter", "priority": 1, "action": {"percent-off": {"percent": "25", "on": "lines"}}}
    ]);
    // discounted (default): 25 % of (100 - 10) = 22.50 -> 100 - 10 - 22.50 = 67.50.
    let q = quote(&promos(p.clone()), &cart(&[("HUNDRED", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("ten", "10.00"), ("quarter", "22.50")]])
    );
    assert_eq!(
        (q.lines[0].net.as_str(), q.grand_total.as_str()),
        ("67.50", "67.50")
    );
    // original: both on 100.00 -> 10.00 + 25.00 -> 65.00.
    let e = book(p, json!([]), |v| {
        v["settings"]["discount-base"] = "original".into()
    });
    let q = quote(&e, &cart(&[("HUNDRED", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("ten", "10.00"), ("quarter", "25.00")]])
    );
    assert_eq!(q.grand_total, "65.00");
    assert_eq!(q.discount_total, "35.00");
}

#[test]
fn two_euros_over_three_five_euro_lines_is_67_67_66() {
    // 2.00 x 5/15 = 0.666.. each: floors 0.66 x 3 = 1.98; the 2 cents left go to the largest remainders,
    // equal here, so to the earlier lines: 0.67 + 0.67 + 0.66 = 2.00 (never 2.01 or 2.02).
    let e = promos(json!([{"id": "two", "currency": "EUR",
        "action": {"amount-off": {"amount": "2.00", "on": "order"}}}]));
    let q = quote(&e, &cart(&[("A", "1"), ("B", "1"), ("C", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("two", "0.67")], &[("two", "0.67")], &[("two", "0.66")]])
    );
    assert_eq!(
        (q.discount_total.as_str(), q.grand_total.as_str()),
        ("2.00", "13.00")
    );
    assert_eq!(status(&q, "two"), applied("2.00"));
}

#[test]
fn four_cents_over_three_units_is_2_1_1_in_cart_order() {
    // Even distribution gives every unit the same share: 0.04 / 3 units = 0.0133..: floors 0.01 x 3, one cent
    // left, equal remainders -> the earliest unit: 0.02, 0.01, 0.01.
    let p = json!([{"id": "four", "currency": "EUR", "distribution": "even",
        "action": {"amount-off": {"amount": "0.04", "on": "order"}}}]);
    let q = quote(
        &promos(p.clone()),
        &cart(&[("ONE", "1"), ("THREE", "1"), ("A", "1")]),
    );
    assert_eq!(
        discounts(&q),
        ds(&[
            &[("four", "0.02")],
            &[("four", "0.01")],
            &[("four", "0.01")]
        ])
    );
    // By units: ONE x 3 and THREE x 1 are 4 units, 0.01 each: 0.03 and 0.01 (the prices do not matter).
    let q = quote(&promos(p), &cart(&[("ONE", "3"), ("THREE", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("four", "0.03")], &[("four", "0.01")]])
    );
    // Proportional (default) weighs the amounts 3.00 : 3.00 -> 0.02, 0.02; 1.00 : 3.00 -> 0.01, 0.03.
    let p = json!([{"id": "four", "currency": "EUR",
        "action": {"amount-off": {"amount": "0.04", "on": "order"}}}]);
    let q = quote(&promos(p.clone()), &cart(&[("ONE", "3"), ("THREE", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("four", "0.02")], &[("four", "0.02")]])
    );
    let q = quote(&promos(p), &cart(&[("ONE", "1"), ("THREE", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("four", "0.01")], &[("four", "0.03")]])
    );
}

// ---- actions ---------------------------------------------------------------------------------------------

#[test]
fn percent_rounding_per_unit_per_line_on_total() {
    // PEN x 3 = 2.85 and PEN2 x 1 = 0.95, 10 % off, half away from zero:
    //   per-unit: 0.095 -> 0.10 a unit: 0.30 + 0.10 = 0.40
    //   per-line: 0.285 -> 0.29, 0.095 -> 0.10: 0.39
    //   on-total: 3.80 x 10 % = 0.38, spread 2.85 : 0.95 -> 0.285, 0.095: floors 0.28 + 0.09 = 0.37, the cent
    //             left goes to the equal remainders' earlier line: 0.29 + 0.09 = 0.38.
    let lines = [("PEN", "3"), ("PEN2", "1")];
    for (mode, want) in [
        ("per-unit", [("0.30"), ("0.10")]),
        ("per-line", [("0.29"), ("0.10")]),
        ("on-total", [("0.29"), ("0.09")]),
    ] {
        let e = promos(json!([{"id": "ten", "percent-rounding": mode,
            "action": {"percent-off": {"percent": "10", "on": "lines"}}}]));
        let q = quote(&e, &cart(&lines));
        assert_eq!(
            discounts(&q),
            ds(&[&[("ten", want[0])], &[("ten", want[1])]]),
            "{mode}"
        );
    }
    // The setting is rulebook-wide too, and each rounding that changed a value is in the trace.
    let e = book(
        json!([{"id": "ten", "action": {"percent-off": {"percent": "10", "on": "lines"}}}]),
        json!([]),
        |v| v["settings"]["percent-rounding"] = "per-unit".into(),
    );
    let q = quote(&e, &explained(cart(&lines)));
    assert_eq!(q.discount_total, "0.40");
    let r = q
        .trace
        .iter()
        .find(|s| s.kind == "rounding" && s.path == "/lines/0")
        .unwrap();
    assert_eq!(
        (
            r.params.get("point").unwrap(),
            r.params.get("before").unwrap(),
            r.params.get("after").unwrap()
        ),
        ("discount-per-unit", "0.095", "0.10")
    );
}

#[test]
fn amount_off_each_unit_each_line_and_max_applications() {
    // 1.00 off each unit of PEN x 3 (0.95 a unit): a unit cannot give more than itself -> 0.95 x 3 = 2.85;
    // 0.50 off each unit -> 1.50; with max-applications 2 -> 1.00.
    let e = promos(json!([{"id": "u", "currency": "EUR",
        "action": {"amount-off": {"amount": "0.50", "on": "each-unit", "items": {"skus": ["PEN"]}}}}]));
    assert_eq!(quote(&e, &cart(&[("PEN", "3")])).discount_total, "1.50");
    let e = promos(json!([{"id": "u", "currency": "EUR",
        "action": {"amount-off": {"amount": "1.00", "on": "each-unit"}}}]));
    assert_eq!(quote(&e, &cart(&[("PEN", "3")])).discount_total, "2.85");
    let e = promos(json!([{"id": "u", "currency": "EUR", "max-applications": 2,
        "action": {"amount-off": {"amount": "0.50", "on": "each-unit"}}}]));
    let q = quote(&e, &cart(&[("PEN", "1"), ("A", "3")]));
    // Units in cart order: the pen, then one A.
    assert_eq!(discounts(&q), ds(&[&[("u", "0.50")], &[("u", "0.50")]]));
    // 2.00 off each line (A x 3 = 15.00, B = 5.00) -> 2.00 + 2.00.
    let e = promos(json!([{"id": "l", "currency": "EUR",
        "action": {"amount-off": {"amount": "2.00", "on": "each-line", "items": {"categories": ["basics"]}}}}]));
    let q = quote(&e, &cart(&[("A", "3"), ("B", "1"), ("TEE", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("l", "2.00")], &[("l", "2.00")], &[]])
    );
}

#[test]
fn fixed_prices_per_unit_per_line_and_for_a_bundle() {
    // TEE x 2 at 20.00, fixed 15.00 a unit -> 2 x 5.00 = 10.00.
    let e = promos(json!([{"id": "f", "currency": "EUR",
        "action": {"fixed-price": {"price": "15.00", "on": "each-unit", "items": {"skus": ["TEE"]}}}}]));
    assert_eq!(quote(&e, &cart(&[("TEE", "2")])).discount_total, "10.00");
    // The line costs 25.00: 40.00 - 25.00 = 15.00.
    let e = promos(json!([{"id": "f", "currency": "EUR",
        "action": {"fixed-price": {"price": "25.00", "on": "each-line", "items": {"skus": ["TEE"]}}}}]));
    assert_eq!(quote(&e, &cart(&[("TEE", "2")])).discount_total, "15.00");
    // A + B + C together 12.00: 15.00 - 12.00 = 3.00, proportionally 1.00 each.
    let e = promos(json!([{"id": "bundle", "currency": "EUR",
        "action": {"fixed-price": {"price": "12.00", "on": "lines", "items": {"categories": ["basics"]}}}}]));
    let q = quote(
        &e,
        &cart(&[("A", "1"), ("B", "1"), ("C", "1"), ("TEE", "1")]),
    );
    assert_eq!(
        discounts(&q),
        ds(&[
            &[("bundle", "1.00")],
            &[("bundle", "1.00")],
            &[("bundle", "1.00")],
            &[]
        ])
    );
    // A fixed price above the price takes nothing off: rejected, nothing to discount.
    let e = promos(json!([{"id": "f", "currency": "EUR",
        "action": {"fixed-price": {"price": "30.00", "on": "each-unit", "items": {"skus": ["TEE"]}}}}]));
    let q = quote(&e, &cart(&[("TEE", "2")]));
    assert_eq!(
        status(&q, "f"),
        rejected("nothing-to-discount", "/promotions/0/action")
    );
    assert_eq!(q.discount_total, "0.00");
}

#[test]
fn cheapest_and_most_expensive_units() {
    // TEE x 2 (20.00) and SOCK x 3 (4.00): the cheapest unit free -> 4.00 off the socks.
    let e = promos(
        json!([{"id": "c", "action": {"percent-off": {"percent": "100", "on": "cheapest", "units": 1,
        "items": {"categories": ["apparel"]}}}}]),
    );
    let q = quote(&e, &cart(&[("TEE", "2"), ("SOCK", "3")]));
    assert_eq!(discounts(&q), ds(&[&[], &[("c", "4.00")]]));
    // Half off the 3 most expensive units: TEE, TEE, one SOCK -> 10.00 + 10.00 + 2.00.
    let e = promos(
        json!([{"id": "m", "action": {"percent-off": {"percent": "50", "on": "most-expensive",
        "units": 3}}}]),
    );
    let q = quote(&e, &cart(&[("TEE", "2"), ("SOCK", "3")]));
    assert_eq!(discounts(&q), ds(&[&[("m", "20.00")], &[("m", "2.00")]]));
    // 3.00 off each of the 2 cheapest units (SOCK at 4.00): 6.00; fixed price 1.00 for them: 2 x 3.00.
    let e = promos(json!([{"id": "a", "currency": "EUR",
        "action": {"amount-off": {"amount": "3.00", "on": "cheapest", "units": 2}}}]));
    assert_eq!(
        quote(&e, &cart(&[("TEE", "2"), ("SOCK", "3")])).discount_total,
        "6.00"
    );
    let e = promos(json!([{"id": "a", "currency": "EUR",
        "action": {"fixed-price": {"price": "1.00", "on": "cheapest", "units": 2}}}]));
    assert_eq!(
        quote(&e, &cart(&[("TEE", "2"), ("SOCK", "3")])).discount_total,
        "6.00"
    );
}

#[test]
fn buy_x_get_y_gives_the_cheapest_units_with_max_applications() {
    let bxgy = |max: Option<u32>| {
        let mut p = json!({"id": "b2g1", "action": {"buy-x-get-y": {
            "buy": {"items": {"categories": ["apparel"]}, "quantity": 2},
            "get": {"items": {"categories": ["apparel"]}, "quantity": 1}}}});
        if let Some(m) = max {
            p["max-applications"] = m.into();
        }
        promos(json!([p]))
    };
    // 2 TEE + 1 SOCK: one application, the cheapest unit (a sock, 4.00) is free.
    let q = quote(&bxgy(None), &cart(&[("TEE", "2"), ("SOCK", "1")]));
    assert_eq!(discounts(&q), ds(&[&[], &[("b2g1", "4.00")]]));
    // 2 TEE + 3 SOCK = 5 units: 2 applications need 6 -> 1 application, 4.00.
    assert_eq!(
        quote(&bxgy(None), &cart(&[("TEE", "2"), ("SOCK", "3")])).discount_total,
        "4.00"
    );
    // 2 TEE + 4 SOCK = 6 units: 2 applications, two socks free, 8.00; max-applications 1 -> 4.00.
    assert_eq!(
        quote(&bxgy(None), &cart(&[("TEE", "2"), ("SOCK", "4")])).discount_total,
        "8.00"
    );
    assert_eq!(
        quote(&bxgy(Some(1)), &cart(&[("TEE", "2"), ("SOCK", "4")])).discount_total,
        "4.00"
    );
    // Buy 2 tees, get a sock at 50 %: 2 TEE + 2 SOCK -> one application (only 2 tees), 2.00.
    let e = promos(json!([{"id": "half", "action": {"buy-x-get-y": {
        "buy": {"items": {"skus": ["TEE"]}, "quantity": 2},
        "get": {"items": {"skus": ["SOCK"]}, "quantity": 1}, "percent": "50"}}}]));
    assert_eq!(
        quote(&e, &cart(&[("TEE", "2"), ("SOCK", "2")])).discount_total,
        "2.00"
    );
    // Only one tee: no application -> nothing to discount.
    let q = quote(&e, &cart(&[("TEE", "1"), ("SOCK", "2")]));
    assert_eq!(
        status(&q, "half"),
        rejected("nothing-to-discount", "/promotions/0/action")
    );
}

#[test]
fn tiered_spend_100_get_10_spend_200_get_25() {
    let e = promos(
        json!([{"id": "tiers", "currency": "EUR", "action": {"tiered": {"on": "order", "tiers": [
        {"min": "100.00", "amount-off": "10.00"}, {"min": "200.00", "amount-off": "25.00"}]}}}]),
    );
    assert_eq!(
        quote(&e, &cart(&[("HUNDRED", "1")])).discount_total,
        "10.00"
    );
    assert_eq!(
        quote(&e, &cart(&[("HUNDRED", "1"), ("A", "19")])).discount_total,
        "10.00"
    );
    // 100 + 20 x 5 = 200.00 reaches tier 2: 25.00, spread 100 : 100 -> 12.50 + 12.50.
    let q = quote(&e, &cart(&[("HUNDRED", "1"), ("A", "20")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("tiers", "12.50")], &[("tiers", "12.50")]])
    );
    // 5.00 reaches no tier: rejected with the first tier's threshold, so a shop can say "95.00 to go".
    let q = quote(&e, &cart(&[("A", "1")]));
    assert_eq!(
        status(&q, "tiers"),
        rejected(
            "condition-not-met",
            "/promotions/0/action/tiered/tiers/0/min"
        )
    );
    let r = outcome(&q, "tiers").reason.as_ref().unwrap();
    assert_eq!(
        (param(&r.params, "expected"), param(&r.params, "actual")),
        ("at least 100.00", "5.00")
    );
    // Quantity tiers on lines, with percentages: 3+ pens 10 %, 10+ pens 20 %: 10 x 0.95 = 9.50 -> 1.90.
    let e = promos(
        json!([{"id": "qty", "action": {"tiered": {"on": "lines", "items": {"skus": ["PEN"]},
        "measure": "quantity", "tiers": [{"min": "3", "percent-off": "10"}, {"min": "10", "percent-off": "20"}]}}}]),
    );
    assert_eq!(
        quote(&e, &cart(&[("PEN", "10"), ("A", "1")])).discount_total,
        "1.90"
    );
}

#[test]
fn free_shipping_and_shipping_discounts() {
    let e = promos(json!([{"id": "ship", "action": {"free-shipping": {}}}]));
    let mut c = cart(&[("A", "1")]);
    c.shipping_method = Some("std".into());
    let q = quote(&e, &c);
    let s = q.shipping.as_ref().unwrap();
    assert_eq!(
        (
            s.price.as_str(),
            s.discount_total.as_str(),
            s.gross.as_str()
        ),
        ("5.90", "5.90", "0.00")
    );
    assert_eq!(
        (q.discount_total.as_str(), q.grand_total.as_str()),
        ("5.90", "5.00")
    );
    // 2.00 off shipping; fixed shipping price 3.50 -> 2.40 off.
    let e = promos(
        json!([{"id": "s", "currency": "EUR", "action": {"amount-off": {"amount": "2.00", "on": "shipping"}}}]),
    );
    assert_eq!(quote(&e, &c).grand_total, "8.90");
    let e = promos(
        json!([{"id": "s", "currency": "EUR", "action": {"fixed-price": {"price": "3.50", "on": "shipping"}}}]),
    );
    assert_eq!(quote(&e, &c).shipping.unwrap().discount_total, "2.40");
    // No shipping on the cart: nothing to discount.
    let e = promos(json!([{"id": "ship", "action": {"free-shipping": {}}}]));
    let q = quote(&e, &cart(&[("A", "1")]));
    assert_eq!(
        status(&q, "ship"),
        rejected("nothing-to-discount", "/promotions/0/action")
    );
}

#[test]
fn gift_line_is_added_by_the_promotion() {
    let e = promos(
        json!([{"id": "pen-gift", "when": {"subtotal": {"min": "20.00"}}, "currency": "EUR",
        "action": {"gift": {"sku": "PEN", "quantity": 2}}}]),
    );
    let q = quote(&e, &cart(&[("TEE", "1")]));
    assert_eq!(q.lines.len(), 2);
    let g = &q.lines[1];
    // 2 x 0.95 = 1.90, all of it off.
    assert_eq!(
        (
            g.sku.as_str(),
            g.quantity.as_str(),
            g.subtotal.as_str(),
            g.discount_total.as_str(),
            g.net.as_str()
        ),
        ("PEN", "2", "1.90", "1.90", "0.00")
    );
    assert_eq!(g.added_by.as_deref(), Some("pen-gift"));
    assert_eq!(
        (q.subtotal.as_str(), q.grand_total.as_str()),
        ("21.90", "20.00")
    );
    assert_eq!(status(&q, "pen-gift"), applied("1.90"));
    // Not reached: no gift, and the condition that failed is named.
    let q = quote(&e, &cart(&[("A", "1")]));
    assert_eq!(q.lines.len(), 1);
    assert_eq!(
        status(&q, "pen-gift"),
        rejected("condition-not-met", "/promotions/0/when")
    );
}

#[test]
fn caps_max_discount_and_floors() {
    // 50 % of 100.00 capped at 20.00.
    let e = promos(
        json!([{"id": "half", "currency": "EUR", "max-discount": "20.00",
        "action": {"percent-off": {"percent": "50", "on": "lines"}}}]),
    );
    let q = quote(&e, &explained(cart(&[("HUNDRED", "1")])));
    assert_eq!(status(&q, "half"), applied("20.00"));
    let step = q
        .trace
        .iter()
        .find(|s| s.kind == "promotion" && s.path.is_empty())
        .unwrap();
    assert_eq!(step.params.get("capped-from").unwrap(), "50.00");
    // Capped over two lines: 50 % of 100 + 5 = 52.50 capped at 20.00, shared 50.00 : 2.50 -> 19.047.. and
    // 0.952..: floors 19.04 + 0.95 = 19.99, the cent to the larger remainder (0.0076 vs 0.0024): 19.05 + 0.95.
    let q = quote(&e, &cart(&[("HUNDRED", "1"), ("A", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("half", "19.05")], &[("half", "0.95")]])
    );
    // 8.00 off each A unit (5.00) with a 1.00 floor: each unit gives at most 4.00; A x 2 -> 8.00.
    let e = promos(json!([{"id": "floor", "currency": "EUR", "floor": "1.00",
        "action": {"amount-off": {"amount": "8.00", "on": "each-unit"}}}]));
    let q = quote(&e, &cart(&[("A", "2")]));
    assert_eq!(
        (q.lines[0].net.as_str(), q.discount_total.as_str()),
        ("2.00", "8.00")
    );
    // A second promotion cannot push below zero either: 100 % then 5.00 off -> the second has nothing left.
    let e = promos(json!([
        {"id": "all", "priority": 1, "action": {"percent-off": {"percent": "100", "on": "lines"}}},
        {"id": "more", "currency": "EUR", "action": {"amount-off": {"amount": "5.00", "on": "order"}}}
    ]));
    let q = quote(&e, &cart(&[("A", "1")]));
    assert_eq!(q.grand_total, "0.00");
    assert_eq!(
        status(&q, "more"),
        rejected("nothing-to-discount", "/promotions/1/action")
    );
}

// ---- conditions ------------------------------------------------------------------------------------------

/// A 10 % promotion with a condition; returns its outcome on a cart.
fn with_condition(when: Value, c: &Cart) -> (PromotionStatus, String, Option<(String, String)>) {
    // HELLO unlocks another promotion, so that `p` stays automatic and the coupon condition can be tested.
    let e = book(
        json!([{"id": "p", "currency": "EUR", "when": when,
            "action": {"percent-off": {"percent": "10", "on": "order"}}},
            {"id": "other", "action": {"percent-off": {"percent": "1", "on": "order"}}}]),
        json!([{"code": "HELLO", "promotion": "other"}]),
        |_| {},
    );
    status(&quote(&e, c), "p")
}

#[test]
fn every_condition_kind_holds_or_names_itself() {
    let base = cart(&[("TEE", "2"), ("A", "1")]); // 45.00
    let ok = applied("4.50");
    let miss = |path: &str| rejected("condition-not-met", path);
    let w = "/promotions/0/when";
    assert_eq!(
        with_condition(
            json!({"items": {"skus": ["TEE"], "min-quantity": "2"}}),
            &base
        ),
        ok
    );
    assert_eq!(
        with_condition(
            json!({"items": {"skus": ["TEE"], "min-quantity": "3"}}),
            &base
        ),
        miss(w)
    );
    assert_eq!(
        with_condition(
            json!({"items": {"attributes": {"brand": ["kassa"]}, "min-amount": "40.00"}}),
            &base
        ),
        ok
    );
    assert_eq!(
        with_condition(json!({"items": {"categories": ["office"]}}), &base),
        miss(w)
    );
    assert_eq!(
        with_condition(json!({"subtotal": {"min": "45.00"}}), &base),
        ok
    );
    assert_eq!(
        with_condition(json!({"subtotal": {"max": "44.99"}}), &base),
        miss(w)
    );
    let mut vip = base.clone();
    vip.customer_group = Some("vip".into());
    vip.channel = Some("app".into());
    vip.previous_orders = Some(0);
    assert_eq!(
        with_condition(json!({"customer-groups": ["vip"]}), &vip),
        ok
    );
    assert_eq!(
        with_condition(json!({"customer-groups": ["vip"]}), &base),
        miss(w)
    );
    assert_eq!(with_condition(json!({"channels": ["app"]}), &vip), ok);
    assert_eq!(with_condition(json!({"countries": ["AT"]}), &base), miss(w));
    assert_eq!(with_condition(json!({"countries": ["DE"]}), &base), ok);
    assert_eq!(with_condition(json!({"first-order": true}), &vip), ok);
    // Unknown previous orders never count as a first order.
    assert_eq!(with_condition(json!({"first-order": true}), &base), miss(w));
    assert_eq!(
        with_condition(json!({"previous-orders": {"min": 1}}), &vip),
        miss(w)
    );
    // The window is [from, until): the cart is at 2026-11-24T09:30:00Z.
    assert_eq!(
        with_condition(
            json!({"window": {"valid-from": "2026-11-24T09:30:00Z"}}),
            &base
        ),
        ok
    );
    assert_eq!(
        with_condition(
            json!({"window": {"valid-until": "2026-11-24T10:30:00+01:00"}}),
            &base
        ),
        miss(w)
    );
    let mut ship = base.clone();
    ship.shipping_method = Some("std".into());
    assert_eq!(
        with_condition(json!({"shipping-methods": ["std"]}), &ship),
        ok
    );
    let mut used = base.clone();
    used.usage = vec![kassa_core::api::UsageCount {
        key: "newsletter".into(),
        by_customer: 1,
        total: 7,
    }];
    assert_eq!(
        with_condition(
            json!({"usage": {"key": "newsletter", "by-customer-below": 1}}),
            &used
        ),
        miss(w)
    );
    assert_eq!(
        with_condition(
            json!({"usage": {"key": "newsletter", "total-below": 8}}),
            &used
        ),
        ok
    );
    let mut coupon = base.clone();
    coupon.coupons = vec!["hello".into()];
    assert_eq!(
        with_condition(json!({"coupon": "HELLO"}), &coupon).0,
        PromotionStatus::Applied
    );
    assert_eq!(with_condition(json!({"coupon": "HELLO"}), &base), miss(w));
    // Combinators: the pointer goes to the failing leaf of an `all`, to the `any` or `not` itself.
    let all =
        json!({"all": [{"countries": ["DE"]}, {"items": {"skus": ["TEE"], "min-quantity": "3"}}]});
    assert_eq!(with_condition(all, &base), miss("/promotions/0/when/all/1"));
    let any = json!({"any": [{"countries": ["AT"]}, {"customer-groups": ["vip"]}]});
    assert_eq!(with_condition(any.clone(), &base), miss(w));
    assert_eq!(with_condition(any, &vip), ok);
    assert_eq!(
        with_condition(json!({"not": {"countries": ["DE"]}}), &base),
        miss(w)
    );
    assert_eq!(
        with_condition(json!({"not": {"countries": ["AT"]}}), &base),
        ok
    );
}

#[test]
fn a_failed_condition_says_what_it_expected_and_found() {
    let e = promos(json!([{"id": "p", "when": {"all": [{"countries": ["DE"]},
        {"items": {"skus": ["TEE"], "min-quantity": "2"}}]},
        "action": {"percent-off": {"percent": "10", "on": "order"}}}]));
    let q = quote(&e, &cart(&[("TEE", "1")]));
    let r = outcome(&q, "p").reason.as_ref().unwrap();
    assert_eq!(
        (r.code.as_str(), r.path.as_str()),
        ("condition-not-met", "/promotions/0/when/all/1")
    );
    assert_eq!(
        (
            param(&r.params, "condition"),
            param(&r.params, "expected"),
            param(&r.params, "actual")
        ),
        ("items", "quantity at least 2", "1")
    );
    // A promotion in another currency does not apply to the cart: its currency is the condition.
    let e = promos(json!([{"id": "chf", "currency": "CHF",
        "action": {"amount-off": {"amount": "5.00", "on": "order"}}}]));
    let q = quote(&e, &cart(&[("TEE", "1")]));
    assert_eq!(
        status(&q, "chf"),
        rejected("condition-not-met", "/promotions/0/currency")
    );
}

// ---- stacking --------------------------------------------------------------------------------------------

#[test]
fn priority_exclusive_stop_after_and_classes() {
    let ten = |extra: Value| {
        let mut p = json!({"id": "ten", "priority": 2, "action": {"percent-off": {"percent": "10", "on": "order"}}});
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    let twenty = |extra: Value| {
        let mut p = json!({"id": "twenty", "priority": 1, "action": {"percent-off": {"percent": "20", "on": "lines"}}});
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    let c = cart(&[("HUNDRED", "1")]);
    // Both stack: 10 % of 100 = 10.00, then 20 % of 90 = 18.00.
    let q = quote(&promos(json!([ten(json!({})), twenty(json!({}))])), &c);
    assert_eq!(q.discount_total, "28.00");
    // Application order: priority first, whatever the rulebook order.
    assert_eq!(q.promotions[0].id, "ten");
    // An exclusive promotion after an applied one is excluded by it.
    let q = quote(
        &promos(json!([ten(json!({})), twenty(json!({"exclusive": true}))])),
        &c,
    );
    assert_eq!(
        status(&q, "twenty"),
        rejected("excluded-by", "/promotions/1")
    );
    assert_eq!(
        param(&outcome(&q, "twenty").reason.as_ref().unwrap().params, "by"),
        "ten"
    );
    // An exclusive promotion first excludes the rest.
    let q = quote(
        &promos(json!([ten(json!({"exclusive": true})), twenty(json!({}))])),
        &c,
    );
    assert_eq!(
        (status(&q, "ten"), q.discount_total.as_str()),
        (applied("10.00"), "10.00")
    );
    assert_eq!(
        status(&q, "twenty"),
        rejected("excluded-by", "/promotions/1")
    );
    // stop-after: nothing after it is considered.
    let q = quote(
        &promos(json!([ten(json!({"stop-after": true})), twenty(json!({}))])),
        &c,
    );
    assert_eq!(
        status(&q, "twenty"),
        rejected("stopped-by", "/promotions/1")
    );
    // Classes: the order promotion combines only with shipping promotions, so the product one is excluded.
    let q = quote(
        &promos(json!([
            ten(json!({"combines-with": ["shipping"]})),
            twenty(json!({}))
        ])),
        &c,
    );
    assert_eq!(
        status(&q, "twenty"),
        rejected("excluded-by", "/promotions/1")
    );
    // ... and both sides must agree: the product one refusing order promotions is enough.
    let q = quote(
        &promos(json!([
            ten(json!({})),
            twenty(json!({"combines-with": ["product"]}))
        ])),
        &c,
    );
    assert_eq!(
        status(&q, "twenty"),
        rejected("excluded-by", "/promotions/1")
    );
    // Equal priorities apply in rulebook order.
    let q = quote(
        &promos(json!([
            twenty(json!({"priority": 0})),
            ten(json!({"priority": 0}))
        ])),
        &c,
    );
    assert_eq!(q.promotions[0].id, "twenty");
    // Shipping promotions come after product and order promotions whatever their priority: an exclusive
    // free shipping with the highest priority is excluded by the order promotion applied before it.
    let mut sc = c.clone();
    sc.shipping_method = Some("std".into());
    let e = promos(
        json!([ten(json!({})), {"id": "ship", "priority": 99, "exclusive": true, "action": {"free-shipping": {}}}]),
    );
    let q = quote(&e, &sc);
    assert_eq!(q.promotions[1].id, "ship");
    assert_eq!(status(&q, "ship"), rejected("excluded-by", "/promotions/1"));
}

#[test]
fn best_deal_picks_the_largest_discount_with_a_deterministic_tie_break() {
    // 10 % on the order (priority 2) vs an exclusive 15.00 off (priority 1) on 100.00.
    let p = json!([
        {"id": "ten", "priority": 2, "action": {"percent-off": {"percent": "10", "on": "order"}}},
        {"id": "fifteen", "priority": 1, "exclusive": true, "currency": "EUR",
         "action": {"amount-off": {"amount": "15.00", "on": "order"}}}
    ]);
    let c = explained(cart(&[("HUNDRED", "1")]));
    // Priority: ten applies (10.00), fifteen is excluded.
    let q = quote(&promos(p.clone()), &c);
    assert_eq!(q.discount_total, "10.00");
    // Best deal: "fifteen first" gives 15.00 > 10.00.
    let best = book(p, json!([]), |v| {
        v["settings"]["promotion-stacking"] = "best-deal".into()
    });
    let q = quote(&best, &c);
    assert_eq!(q.discount_total, "15.00");
    assert_eq!(status(&q, "fifteen"), applied("15.00"));
    assert_eq!(status(&q, "ten"), rejected("excluded-by", "/promotions/0"));
    assert_eq!(q.promotions[0].id, "fifteen");
    let step = q
        .trace
        .iter()
        .find(|s| s.message.starts_with("best deal"))
        .unwrap();
    assert_eq!(step.params.get("chosen").unwrap(), "fifteen first");
    // A tie (10 % vs an exclusive 10.00) keeps the priority order.
    let tie = json!([
        {"id": "ten", "priority": 2, "action": {"percent-off": {"percent": "10", "on": "order"}}},
        {"id": "flat", "priority": 1, "exclusive": true, "currency": "EUR",
         "action": {"amount-off": {"amount": "10.00", "on": "order"}}}
    ]);
    let e = book(tie, json!([]), |v| {
        v["settings"]["promotion-stacking"] = "best-deal".into()
    });
    let q = quote(&e, &c);
    assert_eq!(status(&q, "ten"), applied("10.00"));
    assert_eq!(status(&q, "flat"), rejected("excluded-by", "/promotions/1"));
}

#[test]
fn best_deal_with_a_shipping_promotion_first() {
    // A (5.00) with shipping 5.90. "lines" (10 %, combines with nothing) excludes both shipping promotions in
    // the priority order: 0.50. "ship-a first": ship-a is decided first (lines is then excluded by it), and
    // computed as soon as shipping is priced, before ship-b: 4.90, then ship-b takes the 1.00 left = 5.90.
    // "ship-b first" ties at 5.90: the earlier leader wins.
    let p = json!([
        {"id": "lines", "combines-with": [], "action": {"percent-off": {"percent": "10", "on": "lines"}}},
        {"id": "ship-a", "currency": "EUR", "action": {"amount-off": {"amount": "4.90", "on": "shipping"}}},
        {"id": "ship-b", "currency": "EUR", "action": {"amount-off": {"amount": "4.90", "on": "shipping"}}}
    ]);
    let e = book(p, json!([]), |v| {
        v["settings"]["promotion-stacking"] = "best-deal".into()
    });
    let mut c = cart(&[("A", "1")]);
    c.shipping_method = Some("std".into());
    let q = quote(&e, &c);
    let order: Vec<&str> = q.promotions.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(order, ["ship-a", "lines", "ship-b"]);
    assert_eq!(status(&q, "ship-a"), applied("4.90"));
    assert_eq!(status(&q, "ship-b"), applied("1.00"));
    assert_eq!(
        status(&q, "lines"),
        rejected("excluded-by", "/promotions/0")
    );
    assert_eq!(
        (q.discount_total.as_str(), q.grand_total.as_str()),
        ("5.90", "5.00")
    );
}

#[test]
fn best_deal_tries_at_most_32_alternatives_in_application_order() {
    // "one" (1 % of 100.00 = 1.00) applies first and excludes 33 exclusive amount-offs X1..X33 (1.00 .. 33.00,
    // later ones lower priority). The alternatives are the first 32 excluded ones: X1..X32; X32 (32.00) wins,
    // X33 (33.00) is never tried.
    let mut p = vec![json!({"id": "one", "priority": 100,
        "action": {"percent-off": {"percent": "1", "on": "order"}}})];
    for i in 1..=33 {
        p.push(
            json!({"id": format!("X{i}"), "priority": 50 - i, "exclusive": true, "currency": "EUR",
            "action": {"amount-off": {"amount": format!("{i}.00"), "on": "order"}}}),
        );
    }
    let e = book(json!(p), json!([]), |v| {
        v["settings"]["promotion-stacking"] = "best-deal".into()
    });
    let q = quote(&e, &explained(cart(&[("HUNDRED", "1")])));
    assert_eq!(q.discount_total, "32.00");
    assert_eq!(status(&q, "X32"), applied("32.00"));
    assert_eq!(status(&q, "X33"), rejected("excluded-by", "/promotions/33"));
    let step = q
        .trace
        .iter()
        .find(|s| s.message.starts_with("best deal"))
        .unwrap();
    assert_eq!(step.params.get("alternatives").unwrap(), "33");
}

// ---- coupons ---------------------------------------------------------------------------------------------

fn coupon_shop() -> Engine {
    book(
        json!([
            {"id": "welcome", "when": {"first-order": true},
             "action": {"percent-off": {"percent": "10", "on": "order"}}},
            {"id": "summer", "currency": "EUR", "action": {"amount-off": {"amount": "5.00", "on": "order"}}},
            {"id": "vip", "exclusive": true, "action": {"percent-off": {"percent": "20", "on": "order"}}}
        ]),
        json!([
            {"code": "WELCOME10", "promotion": "welcome"},
            {"code": "SUMMER", "promotion": "summer", "valid-from": "2026-06-01T00:00:00Z",
             "valid-until": "2026-09-01T00:00:00Z"},
            {"code": "WINTER", "promotion": "summer", "valid-from": "2026-12-01T00:00:00Z"},
            {"code": "AbC", "promotion": "summer", "case-sensitive": true},
            {"code": "ONCE", "promotion": "summer", "usage-limit": {"per-customer": 1, "total": 100}},
            {"code": "VIP", "promotion": "vip"}
        ]),
        |_| {},
    )
}

fn warnings(q: &Quote) -> Vec<(String, String)> {
    q.warnings
        .iter()
        .map(|w| (w.code.clone(), w.path.clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn coupons_match_trimmed_and_case_insensitively_unless_case_sensitive() {
    let e = coupon_shop();
    let mut c = cart(&[("HUNDRED", "1")]);
    c.previous_orders = Some(0);
    c.coupons = vec!["  welcome10 ".into()];
    let q = quote(&e, &c);
    assert_eq!(status(&q, "welcome"), applied("10.00"));
    assert_eq!(outcome(&q, "welcome").coupon.as_deref(), Some("WELCOME10"));
    assert!(q.warnings.is_empty());
    // Coupon promotions without their code on the cart are not considered at all.
    assert_eq!(q.promotions.len(), 1);
    // "AbC" is case-sensitive: "abc" is unknown, an error of the cart like an unknown sku; "AbC" works.
    c.coupons = vec!["abc".into(), "AbC".into()];
    let err = e.quote(&c).unwrap_err();
    assert_eq!(err.code, "cart-invalid");
    let got: Vec<(String, String, Severity)> = err
        .problems
        .iter()
        .map(|p| (p.code.clone(), p.path.clone(), p.severity))
        .collect();
    assert_eq!(
        got,
        vec![(
            "coupon-unknown".into(),
            "/coupons/0".into(),
            Severity::Error
        )]
    );
    c.coupons = vec!["AbC".into()];
    assert_eq!(status(&quote(&e, &c), "summer"), applied("5.00"));
}

#[test]
fn a_coupon_that_cannot_apply_is_a_warning_and_a_rejected_outcome() {
    let e = coupon_shop();
    let mut c = cart(&[("HUNDRED", "1")]);
    c.previous_orders = Some(3);
    c.coupons = vec!["SUMMER".into(), "WINTER".into(), "WELCOME10".into()];
    let q = quote(&e, &c);
    assert_eq!(q.grand_total, "100.00");
    // Cart view: one warning per code, at its position.
    assert_eq!(
        warnings(&q),
        pairs(&[
            ("coupon-expired", "/coupons/0"),
            ("coupon-not-yet-valid", "/coupons/1"),
            ("coupon-conditions-not-met", "/coupons/2"),
        ])
    );
    assert!(q.warnings.iter().all(|w| w.severity == Severity::Warning));
    // Rulebook view: the promotion's outcome says why (the first code that asked for it).
    assert_eq!(
        status(&q, "summer"),
        rejected("coupon-expired", "/coupons/1/valid-until")
    );
    assert_eq!(outcome(&q, "summer").coupon.as_deref(), Some("SUMMER"));
    assert_eq!(
        status(&q, "welcome"),
        rejected("condition-not-met", "/promotions/0/when")
    );
    let w = &q.warnings[2];
    assert_eq!(
        (param(&w.params, "promotion"), param(&w.params, "reason")),
        ("welcome", "condition-not-met")
    );
    assert_eq!(
        param(&q.warnings[0].params, "valid-until"),
        "2026-09-01T00:00:00Z"
    );
}

#[test]
fn coupon_usage_duplicates_and_combinations() {
    let e = coupon_shop();
    let mut c = cart(&[("HUNDRED", "1")]);
    // Usage is matched like the code (trimmed, case-insensitive): 1 use by this customer of a 1-per-customer code.
    c.usage = vec![kassa_core::api::UsageCount {
        key: "once".into(),
        by_customer: 1,
        total: 5,
    }];
    c.coupons = vec!["ONCE".into()];
    let q = quote(&e, &c);
    assert_eq!(
        warnings(&q),
        pairs(&[("coupon-usage-exhausted", "/coupons/0")])
    );
    assert_eq!(
        status(&q, "summer"),
        rejected(
            "coupon-usage-exhausted",
            "/coupons/4/usage-limit/per-customer"
        )
    );
    // The same code twice, or a second code for the same promotion: the later one is a duplicate.
    c.usage.clear();
    c.coupons = vec!["ONCE".into(), "once".into(), "AbC".into()];
    let q = quote(&e, &c);
    assert_eq!(
        warnings(&q),
        pairs(&[
            ("coupon-duplicate", "/coupons/1"),
            ("coupon-duplicate", "/coupons/2")
        ])
    );
    assert_eq!(status(&q, "summer"), applied("5.00"));
    // An exclusive coupon promotion after an applied one: not combinable, and says with which.
    c.coupons = vec!["ONCE".into(), "VIP".into()];
    let q = quote(&e, &c);
    assert_eq!(
        warnings(&q),
        pairs(&[("coupon-not-combinable", "/coupons/1")])
    );
    assert_eq!(param(&q.warnings[0].params, "by"), "summer");
}

#[test]
fn validate_agrees_a_known_coupon_never_fails_an_order_an_unknown_one_does() {
    let e = coupon_shop();
    let mut c = cart(&[("HUNDRED", "1")]);
    c.coupons = vec!["SUMMER".into()];
    let order = Order {
        cart: c.clone(),
        email: Some("anna@example.com".into()),
        shipping_address: Some(kassa_core::api::Address {
            country: "DE".into(),
            ..Default::default()
        }),
        ..Order::default()
    };
    let r = e.validate(&order);
    assert!(r.valid, "{:#?}", r.problems);
    let got: Vec<(String, String, Severity)> = r
        .problems
        .iter()
        .map(|p| (p.code.clone(), p.path.clone(), p.severity))
        .collect();
    assert_eq!(
        got,
        vec![(
            "coupon-expired".into(),
            "/cart/coupons/0".into(),
            Severity::Warning
        )]
    );
    assert!(e.quote(&c).is_ok());
    // An unknown code is an error in both.
    let mut bad = order.clone();
    bad.cart.coupons = vec!["NOPE".into()];
    let r = e.validate(&bad);
    assert!(!r.valid);
    assert_eq!(
        (r.problems[0].code.as_str(), r.problems[0].path.as_str()),
        ("coupon-unknown", "/cart/coupons/0")
    );
    assert_eq!(
        e.quote(&bad.cart).unwrap_err().problems[0].code,
        "coupon-unknown"
    );
}

// ---- tax -------------------------------------------------------------------------------------------------

#[test]
fn discounts_apply_in_the_price_basis_and_tax_follows() {
    // Net prices: 100.00 net, 10 % off -> 90.00 net; tax 19 % of 90.00 = 17.10; gross 107.10.
    let e =
        promos(json!([{"id": "ten", "action": {"percent-off": {"percent": "10", "on": "order"}}}]));
    let q = quote(&e, &cart(&[("TAXED", "1")]));
    let l = &q.lines[0];
    assert_eq!(
        (
            l.subtotal.as_str(),
            l.discount_total.as_str(),
            l.net.as_str(),
            l.tax_total.as_str(),
            l.gross.as_str()
        ),
        ("100.00", "10.00", "90.00", "17.10", "107.10")
    );
    assert_eq!(q.taxes[0].base, "90.00");
    // Gross prices: 119.00 gross, 10 % off -> 107.10 gross; tax extracted 107.10 x 19/119 = 17.10; net 90.00.
    let e = book(
        json!([{"id": "ten", "action": {"percent-off": {"percent": "10", "on": "order"}}}]),
        json!([]),
        |v| {
            v["price-lists"][0]["prices-include-tax"] = true.into();
            v["price-lists"][0]["prices"][10]["unit-price"] = "119.00".into();
        },
    );
    let q = quote(&e, &cart(&[("TAXED", "1")]));
    let l = &q.lines[0];
    assert_eq!(
        (
            l.subtotal.as_str(),
            l.discount_total.as_str(),
            l.net.as_str(),
            l.tax_total.as_str(),
            l.gross.as_str()
        ),
        ("119.00", "11.90", "90.00", "17.10", "107.10")
    );
    // A 10.00 order discount over a taxed and an exempt line: 100 : 5 -> 9.52 + 0.48 (9.5238.. / 0.4761..);
    // the taxed line pays 19 % of 90.48 = 17.1912 -> 17.19.
    let e = promos(
        json!([{"id": "flat", "currency": "EUR", "action": {"amount-off": {"amount": "10.00", "on": "order"}}}]),
    );
    let q = quote(&e, &cart(&[("TAXED", "1"), ("A", "1")]));
    assert_eq!(
        discounts(&q),
        ds(&[&[("flat", "9.52")], &[("flat", "0.48")]])
    );
    assert_eq!(
        (q.lines[0].tax_total.as_str(), q.grand_total.as_str()),
        ("17.19", "112.19")
    );
}

#[test]
fn trace_explains_each_application() {
    let e = promos(json!([{"id": "two", "currency": "EUR",
        "action": {"amount-off": {"amount": "2.00", "on": "order"}}}]));
    let q = quote(&e, &explained(cart(&[("A", "1"), ("B", "1")])));
    let steps: Vec<(&str, &str)> = q
        .trace
        .iter()
        .filter(|s| s.kind == "promotion")
        .map(|s| (s.path, s.message))
        .collect();
    assert_eq!(
        steps,
        [
            ("/lines/0", "promotion two: 1.00 off A"),
            ("/lines/1", "promotion two: 1.00 off B"),
            (
                "",
                "promotion two applied: 2.00 off the order, 2.00 in total"
            ),
        ]
    );
}

// ---- load-time checks ------------------------------------------------------------------------------------

#[test]
fn load_reports_every_promotion_and_coupon_finding_with_its_pointer() {
    let promotions = json!([
        {"id": "dup", "action": {"percent-off": {"percent": "0", "on": "lines"}}},
        {"id": "dup", "action": {"percent-off": {"percent": "10", "on": "lines"}}},
        {"id": "amt", "action": {"amount-off": {"amount": "5.00", "on": "order"}}},
        {"id": "cents", "currency": "EUR", "action": {"amount-off": {"amount": "5.005", "on": "order"}}},
        {"id": "ch", "action": {"percent-off": {"percent": "10", "on": "cheapest"}}},
        {"id": "sel", "action": {"percent-off": {"percent": "10", "on": "lines",
            "items": {"skus": ["NOPE"], "categories": ["nope"], "attributes": {"color": ["red"]}}}}},
        {"id": "excl", "exclusive": true, "combines-with": ["order"], "action": {"free-shipping": {}}},
        {"id": "tiers", "currency": "EUR", "action": {"tiered": {"on": "order", "tiers": [
            {"min": "200.00", "amount-off": "10.00"}, {"min": "100.00", "amount-off": "5.00", "percent-off": "5"}]}}},
        {"id": "cond", "when": {"all": [
            {"window": {"valid-from": "2026-12-01T00:00:00Z", "valid-until": "2026-11-01T00:00:00Z"}},
            {"coupon": "NOPE"}, {"countries": ["XX"]}, {"shipping-methods": ["drone"]}]},
         "action": {"free-shipping": {}}},
        {"id": "gift", "action": {"gift": {"sku": "OPEN"}}},
        {"id": "maxapp", "max-applications": 2, "action": {"percent-off": {"percent": "10", "on": "order"}}}
    ]);
    let coupons = json!([
        {"code": "A", "promotion": "nope"},
        {"code": "a", "promotion": "amt"},
        {"code": " B", "promotion": "amt"},
        {"code": "C", "promotion": "amt", "usage-limit": {"total": 0}}
    ]);
    let e = Engine::load(&rulebook(promotions, coupons, |_| {}).to_string()).unwrap_err();
    assert_eq!(e.code, "rulebook-invalid");
    let got: Vec<(String, String)> = e
        .problems
        .iter()
        .map(|p| (p.code.clone(), p.path.clone()))
        .collect();
    let p = "/promotions";
    assert_eq!(
        got,
        pairs(&[
            ("duplicate-id", "/promotions/1/id"),
            ("dangling-reference", "/coupons/0/promotion"),
            ("duplicate-id", "/coupons/1/code"),
            ("out-of-range", "/coupons/2/code"),
            ("out-of-range", "/coupons/3/usage-limit/total"),
            ("out-of-range", &format!("{p}/0/action/percent-off/percent")),
            ("promotion-invalid", &format!("{p}/2")),
            ("precision-loss", &format!("{p}/3/action/amount-off/amount")),
            ("promotion-invalid", &format!("{p}/4/action/percent-off")),
            (
                "dangling-reference",
                &format!("{p}/5/action/percent-off/items/skus/0")
            ),
            (
                "dangling-reference",
                &format!("{p}/5/action/percent-off/items/categories/0")
            ),
            (
                "dangling-reference",
                &format!("{p}/5/action/percent-off/items/attributes/color")
            ),
            ("promotion-invalid", &format!("{p}/6/combines-with")),
            (
                "tiers-overlapping",
                &format!("{p}/7/action/tiered/tiers/1/min")
            ),
            ("promotion-invalid", &format!("{p}/7/action/tiered/tiers/1")),
            (
                "window-impossible",
                &format!("{p}/8/when/all/0/window/valid-until")
            ),
            ("dangling-reference", &format!("{p}/8/when/all/1/coupon")),
            ("unknown-country", &format!("{p}/8/when/all/2/countries/0")),
            (
                "dangling-reference",
                &format!("{p}/8/when/all/3/shipping-methods/0")
            ),
            ("promotion-invalid", &format!("{p}/9/action/gift/sku")),
            ("promotion-invalid", &format!("{p}/10/max-applications")),
        ])
    );
    // The reason of a promotion-invalid finding is a param a host can show.
    let reason = &e.problems[6].params[0];
    assert_eq!(reason.name, "reason");
    assert!(reason.value.contains("currency"), "{}", reason.value);
    // Shape errors point into conditions and actions too.
    let bad = rulebook(
        json!([{"id": "x", "when": {"sometimes": true}, "action": {"free-shipping": {}}}]),
        json!([]),
        |_| {},
    );
    let e = Engine::load(&bad.to_string()).unwrap_err();
    assert_eq!(
        (e.problems[0].code.as_str(), e.problems[0].path.as_str()),
        ("wrong-type", "/promotions/0/when")
    );
}
