//! The rules docs/rulebook.md decided where it used to be silent (issue 24), one test each through
//! engine.quote, against hand computations in the comments: even remainders, percentages that ignore
//! `distribution`, capacity before `max-discount`, `max-applications` in cart order, amounts per unit, the
//! default tier measure, buy X get Y and fractional per-unit rounding (with their trace), best deal across
//! price bases, and the reasons of coupons that cannot apply. The conformance cases repeat most of them on
//! every host; these also check the trace.

use kassa_core::api::{Cart, CartLine, PromotionStatus, Quote, UsageCount};
use kassa_core::Engine;
use serde_json::{json, Value};

/// A net, tax-free shop (discounts are the only arithmetic); LOOSE is sold by the half kilo.
fn shop(promotions: Value, patch: impl FnOnce(&mut Value)) -> Engine {
    let mut v = json!({
        "kassa": "1", "id": "decisions", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-away-from-zero", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [
            {"sku": "A", "tax-category": "none", "categories": ["basics"]},
            {"sku": "B", "tax-category": "none", "categories": ["basics"]},
            {"sku": "HUNDRED", "tax-category": "none"},
            {"sku": "TEE", "tax-category": "standard", "categories": ["apparel"]},
            {"sku": "SOCK", "tax-category": "none", "categories": ["apparel"]},
            {"sku": "PEN", "tax-category": "none"},
            {"sku": "ONE", "tax-category": "none"},
            {"sku": "NINE", "tax-category": "none"},
            {"sku": "LOOSE", "tax-category": "none", "quantity": {"step": "0.5"}}
        ]},
        "price-lists": [{"id": "net", "currency": "EUR", "prices-include-tax": false, "prices": [
            {"sku": "A", "unit-price": "5.00"}, {"sku": "B", "unit-price": "5.00"},
            {"sku": "HUNDRED", "unit-price": "100.00"}, {"sku": "TEE", "unit-price": "20.00"},
            {"sku": "SOCK", "unit-price": "4.00"}, {"sku": "PEN", "unit-price": "0.95"},
            {"sku": "ONE", "unit-price": "1.00"}, {"sku": "NINE", "unit-price": "9.00"},
            {"sku": "LOOSE", "unit-price": "2.30"}
        ]}],
        "tax": {"categories": [{"id": "standard"}, {"id": "none", "exempt": true}],
                "rules": [{"id": "de-19", "country": "DE", "category": "standard", "rate": "19"}]},
        "shipping": {"methods": [{"id": "std", "tax-category": "standard", "prices-include-tax": false,
                                  "rates": [{"currency": "EUR", "flat": "4.90"}]}]},
        "promotions": promotions
    });
    patch(&mut v);
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

/// A cart asking for the explanation: these decisions are checked in the trace too.
fn cart(lines: &[(&str, &str)]) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-24T09:30:00Z".into(),
        explain: true,
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

fn quote(e: &Engine, c: &Cart) -> Quote {
    e.quote(c)
        .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

/// Per line, the amount each promotion took off ("" when none).
fn taken(q: &Quote) -> Vec<String> {
    q.lines
        .iter()
        .map(|l| {
            let a: Vec<&str> = l.discounts.iter().map(|d| d.amount.as_str()).collect();
            a.join("+")
        })
        .collect()
}

/// The discount rounding steps of the trace: (path, before, after).
fn discount_roundings(q: &Quote) -> Vec<(String, String, String)> {
    let p = |s: &kassa_core::explanation::Step, n: &str| {
        s.params.get(n).unwrap_or_default().to_string()
    };
    q.trace
        .iter()
        .filter(|s| s.kind == "rounding" && p(s, "point").starts_with("discount-"))
        .map(|s| (s.path.to_string(), p(&s, "before"), p(&s, "after")))
        .collect()
}

#[test]
fn even_gives_the_spare_cent_to_the_largest_remainder() {
    // 0.05 over ONE x 1 and ONE x 3: weights 1 : 3, exact 0.0125 and 0.0375, floors 0.01 + 0.03, the cent to
    // the larger remainder 0.0075: 0.01 and 0.04 (not 0.02 and 0.03 by "earlier units first").
    let e = shop(
        json!([{"id": "five", "currency": "EUR", "distribution": "even",
                "action": {"amount-off": {"amount": "0.05", "on": "order"}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("ONE", "1"), ("ONE", "3")]));
    assert_eq!(taken(&q), ["0.01", "0.04"]);
    // 0.10 over two lines of 10 units: 0.005 per unit, below a cent; each line still gets its 0.05.
    let q = quote(&e_amount("0.10"), &cart(&[("ONE", "10"), ("ONE", "10")]));
    assert_eq!(taken(&q), ["0.05", "0.05"]);
}

fn e_amount(amount: &str) -> Engine {
    shop(
        json!([{"id": "x", "currency": "EUR", "distribution": "even",
                "action": {"amount-off": {"amount": amount, "on": "order"}}}]),
        |_| {},
    )
}

#[test]
fn an_on_total_percentage_is_spread_by_bases_whatever_the_distribution() {
    // 10 % of 1.00 + 9.00 = 1.00 once; by bases 1 : 9 -> 0.10 + 0.90 for both distributions.
    for distribution in ["even", "proportional"] {
        let e = shop(
            json!([{"id": "ten", "percent-rounding": "on-total", "distribution": distribution,
                    "action": {"percent-off": {"percent": "10", "on": "order"}}}]),
            |_| {},
        );
        let q = quote(&e, &cart(&[("ONE", "1"), ("NINE", "1")]));
        assert_eq!(taken(&q), ["0.10", "0.90"], "{distribution}");
    }
}

#[test]
fn capacity_comes_before_max_discount() {
    // 10.00 even over A (5.00, floor 4.00 -> capacity 1.00) and HUNDRED (capacity 96.00): 5.00 + 5.00, A takes
    // 1.00 and passes 4.00 on -> 1.00 + 9.00; max-discount 6.00 shared 1 : 9 -> 0.60 + 5.40.
    let e = shop(
        json!([{"id": "ten", "currency": "EUR", "distribution": "even", "floor": "4.00",
                "max-discount": "6.00", "action": {"amount-off": {"amount": "10.00", "on": "order"}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("A", "1"), ("HUNDRED", "1")]));
    assert_eq!(taken(&q), ["0.60", "5.40"]);
    let summary = q
        .trace
        .iter()
        .find(|s| s.message.starts_with("promotion ten applied"))
        .unwrap();
    assert_eq!(summary.params.get("capped-from"), Some("10.00"));
}

#[test]
fn max_applications_takes_units_and_lines_in_cart_order() {
    // 50 % off each apparel unit, at most 2: the tee (10.00) and the first sock (12.00 x 1/3 x 50 % = 2.00);
    // 10 % off each basics line, at most 1: B (0.50), not A.
    let e = shop(
        json!([
            {"id": "u", "max-applications": 2,
             "action": {"percent-off": {"percent": "50", "on": "each-unit", "items": {"categories": ["apparel"]}}}},
            {"id": "l", "max-applications": 1,
             "action": {"percent-off": {"percent": "10", "on": "each-line", "items": {"categories": ["basics"]}}}}
        ]),
        |_| {},
    );
    let q = quote(
        &e,
        &cart(&[("TEE", "1"), ("SOCK", "3"), ("B", "1"), ("A", "2")]),
    );
    assert_eq!(taken(&q), ["10.00", "2.00", "0.50", ""]);
    // Fractional quantities count as they are: at most 2 units of LOOSE 0.5 + 2.5 kg are the 0.5 kg and
    // 1.5 of the 2.5 kg: 10 % of 1.15 = 0.115 -> 0.12 and of 5.75 x 1.5 / 2.5 = 3.45 -> 0.345 -> 0.35.
    let e = shop(
        json!([{"id": "u", "max-applications": 2,
                "action": {"percent-off": {"percent": "10", "on": "each-unit", "items": {"skus": ["LOOSE"]}}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("LOOSE", "0.5"), ("LOOSE", "2.5")]));
    assert_eq!(taken(&q), ["0.12", "0.35"]);
}

#[test]
fn an_amount_per_unit_never_exceeds_the_unit() {
    // 5.00 off each of the 2 cheapest units: ONE (1.00) and SOCK (4.00) -> 1.00 + 4.00; nothing passed on.
    let e = shop(
        json!([{"id": "c", "currency": "EUR",
                "action": {"amount-off": {"amount": "5.00", "on": "cheapest", "units": 2}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("TEE", "1"), ("ONE", "1"), ("SOCK", "1")]));
    assert_eq!(taken(&q), ["", "1.00", "4.00"]);
    assert_eq!(q.discount_total, "5.00");
}

#[test]
fn a_tier_is_measured_by_amount_unless_told_otherwise() {
    // PEN x 6 = 5.70 and 6 units; one tier at min 6: by amount 5.70 < 6 (rejected), by quantity 6 >= 6.
    let tiered = |measure: Option<&str>| {
        let mut t = json!({"on": "order", "tiers": [{"min": "6", "amount-off": "1.00"}]});
        if let Some(m) = measure {
            t["measure"] = m.into();
        }
        shop(
            json!([{"id": "t", "currency": "EUR", "action": {"tiered": t}}]),
            |_| {},
        )
    };
    let c = cart(&[("PEN", "6")]);
    for (measure, expected) in [(None, "5.70"), (Some("amount"), "5.70")] {
        let q = quote(&tiered(measure), &c);
        let reason = q.promotions[0].reason.as_ref().unwrap();
        assert_eq!(reason.code, "condition-not-met");
        let actual = reason.params.iter().find(|p| p.name == "actual").unwrap();
        assert_eq!(actual.value, expected);
    }
    let q = quote(&tiered(Some("quantity")), &c);
    assert_eq!(q.promotions[0].status, PromotionStatus::Applied);
    assert_eq!(q.discount_total, "1.00");
}

#[test]
fn buy_x_get_y_rounds_its_percentage_like_any_percentage() {
    // Buy 2 get 2 at 50 % on 4 pens (3.80): once; per-line 3.80 x 2/4 x 50 % = 0.95; per-unit 0.475 -> 0.48
    // x 2 = 0.96; on-total (one line) 0.95.
    for (rounding, expected) in [
        ("per-line", "0.95"),
        ("per-unit", "0.96"),
        ("on-total", "0.95"),
    ] {
        let e = shop(
            json!([{"id": "b", "percent-rounding": rounding, "action": {"buy-x-get-y": {
                "buy": {"items": {"skus": ["PEN"]}, "quantity": 2},
                "get": {"items": {"skus": ["PEN"]}, "quantity": 2}, "percent": "50"}}}]),
            |_| {},
        );
        let q = quote(&e, &cart(&[("PEN", "4")]));
        assert_eq!(taken(&q), [expected], "{rounding}");
    }
}

#[test]
fn a_fractional_quantity_per_unit_rounds_twice_and_traces_both() {
    // LOOSE 2.30 x 1.5 = 3.45; 15 % per unit: 3.45 / 1.5 x 15 % = 0.345 -> 0.35, x 1.5 = 0.525 -> 0.53.
    let e = shop(
        json!([{"id": "p", "percent-rounding": "per-unit",
                "action": {"percent-off": {"percent": "15", "on": "each-unit"}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("LOOSE", "1.5")]));
    assert_eq!(taken(&q), ["0.53"]);
    let r = |b: &str, a: &str| ("/lines/0".to_string(), b.to_string(), a.to_string());
    assert_eq!(
        discount_roundings(&q),
        [r("0.345", "0.35"), r("0.525", "0.53")]
    );
    // Whole units need no second rounding: ONE x 3, 15 %: 0.15 per unit, x 3 = 0.45, no rounding step.
    let q = quote(&e, &cart(&[("ONE", "3")]));
    assert_eq!(taken(&q), ["0.45"]);
    assert_eq!(discount_roundings(&q), []);
}

#[test]
fn an_amount_times_a_fractional_quantity_is_rounded_and_traced() {
    // 0.25 off each kg of LOOSE x 1.5: 0.375 -> 0.38 (half away from zero) at discount-per-line.
    let e = shop(
        json!([{"id": "p", "currency": "EUR",
                "action": {"amount-off": {"amount": "0.25", "on": "each-unit"}}}]),
        |_| {},
    );
    let q = quote(&e, &cart(&[("LOOSE", "1.5")]));
    assert_eq!(taken(&q), ["0.38"]);
    assert_eq!(
        discount_roundings(&q),
        [("/lines/0".to_string(), "0.375".into(), "0.38".into())]
    );
}

fn best_deal_shop(gross_lines: bool, gross_shipping: bool) -> Engine {
    shop(
        json!([
            {"id": "five", "currency": "EUR", "exclusive": true, "action": {"amount-off": {"amount": "5.00", "on": "order"}}},
            {"id": "ship", "exclusive": true, "action": {"free-shipping": {}}}
        ]),
        |v| {
            v["settings"]["promotion-stacking"] = "best-deal".into();
            v["price-lists"][0]["prices-include-tax"] = gross_lines.into();
            let m = &mut v["shipping"]["methods"][0];
            m["prices-include-tax"] = gross_shipping.into();
            m["rates"][0]["flat"] = if gross_shipping { "5.90" } else { "4.90" }.into();
        },
    )
}

fn best_deal_step(q: &Quote) -> &str {
    q.trace
        .iter()
        .find(|s| s.message.starts_with("best deal"))
        .unwrap()
        .message
}

#[test]
fn best_deal_compares_in_the_lines_basis() {
    let mut c = cart(&[("TEE", "1")]);
    c.shipping_method = Some("std".into());
    // Gross lines, net shipping 4.90 at 19 %: free shipping is worth 4.90 x 119 / 100 = 5.831 > 5.00.
    let q = quote(&best_deal_shop(true, false), &c);
    assert_eq!(q.discount_total, "4.90");
    assert_eq!(
        best_deal_step(&q),
        "best deal: ship first (priority order: 5.00; ship first: 5.83)"
    );
    // Net lines, gross shipping 5.90 at 19 %: free shipping is worth 5.90 x 100 / 119 = 4.9579.. < 5.00, so the
    // priority order (5.00 off) stays although 5.90 > 5.00 as written.
    let q = quote(&best_deal_shop(false, true), &c);
    assert_eq!(q.discount_total, "5.00");
    assert_eq!(
        best_deal_step(&q),
        "best deal: priority order (priority order: 5.00; ship first: 4.96)"
    );
    // One basis: compared as written, 4.90 < 5.00.
    let q = quote(&best_deal_shop(false, false), &c);
    assert_eq!(q.discount_total, "5.00");
    // A tax-exempt cart converts the same way (the basis belongs to the prices): as in the first case.
    c.tax_exempt = true;
    let q = quote(&best_deal_shop(true, false), &c);
    assert_eq!(q.discount_total, "4.90");
}

fn coupon_shop() -> Engine {
    shop(
        json!([{"id": "summer", "currency": "EUR", "action": {"amount-off": {"amount": "5.00", "on": "order"}}}]),
        |v| {
            v["coupons"] = json!([
                {"code": "ONCE", "promotion": "summer", "usage-limit": {"per-customer": 1}},
                {"code": "GOOD", "promotion": "summer"},
                {"code": "LASTYEAR", "promotion": "summer", "valid-until": "2026-01-01T00:00:00Z",
                 "usage-limit": {"per-customer": 1}}
            ]);
        },
    )
}

/// (code, path) of the quote's warnings.
fn warnings(q: &Quote) -> Vec<(String, String)> {
    q.warnings
        .iter()
        .map(|w| (w.code.clone(), w.path.clone()))
        .collect()
}

fn w(code: &str, n: usize) -> (String, String) {
    (code.to_string(), format!("/coupons/{n}"))
}

#[test]
fn coupon_reasons_in_their_documented_order() {
    let e = coupon_shop();
    let used = |key: &str| UsageCount {
        key: key.into(),
        by_customer: 1,
        total: 1,
    };
    let with = |codes: &[&str], usage: Vec<UsageCount>| {
        let mut c = cart(&[("HUNDRED", "1")]);
        c.coupons = codes.iter().map(|s| s.to_string()).collect();
        c.usage = usage;
        quote(&e, &c)
    };
    // An exhausted code, then a valid one: the valid one unlocks the promotion.
    let q = with(&["ONCE", "GOOD"], vec![used("once")]);
    assert_eq!(warnings(&q), [w("coupon-usage-exhausted", 0)]);
    assert_eq!(q.promotions[0].coupon.as_deref(), Some("GOOD"));
    assert_eq!(q.discount_total, "5.00");
    // Expired and exhausted: the window comes first.
    let q = with(&["LASTYEAR"], vec![used("LASTYEAR")]);
    assert_eq!(warnings(&q), [w("coupon-expired", 0)]);
    let reason = q.promotions[0].reason.as_ref().unwrap();
    assert_eq!(reason.path, "/coupons/2/valid-until");
    // A repeated code is a duplicate, whatever its state; so is any code after the promotion is unlocked.
    let q = with(&["LASTYEAR", "lastyear", "GOOD", "ONCE"], vec![]);
    assert_eq!(
        warnings(&q),
        [
            w("coupon-expired", 0),
            w("coupon-duplicate", 1),
            w("coupon-duplicate", 3)
        ]
    );
    assert_eq!(q.promotions[0].coupon.as_deref(), Some("GOOD"));
    let q = with(&["GOOD", "LASTYEAR"], vec![]);
    assert_eq!(warnings(&q), [w("coupon-duplicate", 1)]);
}

/// Best deal gives every eligible promotion after the first its own pass, even one the priority pass applied
/// (docs/rulebook.md, "Best deal"). ODD costs 9.655; 4 units are 38.62. In priority order the 0.01-off order
/// promotion comes first: 38.61 is left, 9.6525 a unit, and 100 % off each unit at per-unit rounding takes
/// 4 x 9.65 = 38.60, 38.61 in all. Moved to the front, the 100 % promotion takes 9.655 -> 9.66 a unit, capped
/// at the line's 38.62, and stops the pass: 38.62, which best deal keeps.
#[test]
fn best_deal_runs_a_pass_for_a_promotion_the_priority_pass_applied() {
    let e = shop(
        json!([
            {"id": "cent", "priority": 1, "currency": "EUR", "action": {"amount-off": {"amount": "0.01", "on": "order"}}},
            {"id": "free", "priority": 0, "stop-after": true, "percent-rounding": "per-unit",
             "action": {"percent-off": {"percent": "100", "on": "each-unit"}}}
        ]),
        |v| {
            v["settings"]["promotion-stacking"] = "best-deal".into();
            v["catalog"]["items"]
                .as_array_mut()
                .unwrap()
                .push(json!({"sku": "ODD", "tax-category": "none"}));
            v["price-lists"][0]["prices"]
                .as_array_mut()
                .unwrap()
                .push(json!({"sku": "ODD", "unit-price": "9.655"}));
        },
    );
    let q = quote(&e, &cart(&[("ODD", "4")]));
    assert_eq!(q.discount_total, "38.62");
    assert_eq!(q.grand_total, "0.00");
    let amounts: Vec<(&str, &str)> = q
        .promotions
        .iter()
        .map(|p| (p.id.as_str(), p.amount.as_str()))
        .collect();
    assert_eq!(amounts, [("free", "38.62"), ("cent", "0.00")]);
    let summary = q.trace.iter().next_back().unwrap().message;
    assert!(
        summary.starts_with("best deal: free first") && summary.contains("priority order: 38.61"),
        "{summary}"
    );
}
