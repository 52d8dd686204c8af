//! Hints (what would unlock the next benefit) against hand computations on the example store, and the
//! exactness property on random carts: adding exactly the hinted amount unlocks the benefit, one minor unit
//! less does not (checked through quote, with an open-price gift card as the added goods).

use kassa_core::api::{Cart, Quote};
use kassa_core::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn engine() -> Engine {
    let path = format!("{}/../examples/rulebook.json", env!("CARGO_MANIFEST_DIR"));
    Engine::load(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cart(lines: Value, coupons: Value, hints: bool) -> Cart {
    serde_json::from_value(json!({
        "currency": "EUR", "at": "2026-11-28T10:00:00Z", "country": "DE", "lines": lines,
        "coupons": coupons, "shipping-method": "standard", "hints": hints
    }))
    .unwrap()
}

/// (code, path, missing, the other params) of every hint.
fn hints(q: &Quote) -> Vec<(String, String, String)> {
    q.hints
        .iter()
        .map(|h| {
            let p = |n: &str| {
                h.params
                    .iter()
                    .find(|p| p.name == n)
                    .map(|p| p.value.clone())
            };
            let other: Vec<String> = h
                .params
                .iter()
                .filter(|p| p.name != "missing")
                .map(|p| format!("{}={}", p.name, p.value))
                .collect();
            (
                format!("{} {}", h.code, other.join(" ")),
                h.path.clone(),
                p("missing").unwrap(),
            )
        })
        .collect()
}

fn h(code: &str, path: &str, missing: &str) -> (String, String, String) {
    (code.into(), path.into(), missing.into())
}

#[test]
fn one_book_with_the_spend_coupon() {
    // One BOOK (24.00 gross), coupon SPEND (spend-more: 5.00 off from 50.00, 12.00 off from 100.00, on the
    // subtotal before promotions), standard shipping (DE rate, free from 100.00 on the goods after discounts):
    //   free shipping: 100.00 - 24.00 = 76.00 more
    //   spend-more reaches no tier: 50.00 - 24.00 = 26.00 more (rejected; the hint points at the coupon)
    let q = engine()
        .quote(&cart(
            json!([{"sku": "BOOK", "quantity": "1"}]),
            json!(["SPEND"]),
            true,
        ))
        .unwrap();
    assert_eq!(
        hints(&q),
        [
            h(
                "free-shipping-reachable method=standard free-from=100.00",
                "/shipping-method",
                "76.00"
            ),
            h(
                "next-tier-reachable promotion=spend-more measure=amount min=50.00",
                "/coupons/0",
                "26.00"
            ),
        ]
    );
    assert_eq!(
        q.hints[0].message,
        "76.00 more for free shipping with standard (free from 100.00)"
    );
}

#[test]
fn three_books_with_the_spend_coupon() {
    // 3 x BOOK = 72.00 before promotions: spend-more applies at its first tier (5.00 off), goods after
    // discounts 67.00.
    //   free shipping: 100.00 - 67.00 = 33.00 more (after discounts)
    //   next tier: 100.00 - 72.00 = 28.00 more (before promotions)
    let q = engine()
        .quote(&cart(
            json!([{"sku": "BOOK", "quantity": "3"}]),
            json!(["SPEND"]),
            true,
        ))
        .unwrap();
    assert_eq!(
        hints(&q),
        [
            h(
                "free-shipping-reachable method=standard free-from=100.00",
                "/shipping-method",
                "33.00"
            ),
            h(
                "next-tier-reachable promotion=spend-more measure=amount min=100.00",
                "/coupons/0",
                "28.00"
            ),
        ]
    );
}

#[test]
fn a_coupons_subtotal_minimum() {
    // FREESHIP (black-week-shipping: all of subtotal at least 50.00, country DE or AT) in Black Week, one BOOK:
    // only the minimum is missing, 50.00 - 24.00 = 26.00.
    let q = engine()
        .quote(&cart(
            json!([{"sku": "BOOK", "quantity": "1"}]),
            json!(["PENS3FOR2", "FREESHIP"]),
            true,
        ))
        .unwrap();
    assert_eq!(
        hints(&q),
        [
            h(
                "free-shipping-reachable method=standard free-from=100.00",
                "/shipping-method",
                "76.00"
            ),
            h(
                "promotion-minimum-reachable promotion=black-week-shipping min=50.00",
                "/coupons/1",
                "26.00"
            ),
        ]
    );
}

#[test]
fn no_hints_unless_asked_and_none_for_what_is_reached() {
    let e = engine();
    let q = e
        .quote(&cart(
            json!([{"sku": "BOOK", "quantity": "1"}]),
            json!(["SPEND"]),
            false,
        ))
        .unwrap();
    assert!(q.hints.is_empty());
    // 5 x BOOK = 120.00: the last tier is reached and shipping is free: nothing left to hint.
    let q = e
        .quote(&cart(
            json!([{"sku": "BOOK", "quantity": "5"}]),
            json!(["SPEND"]),
            true,
        ))
        .unwrap();
    assert_eq!(hints(&q), []);
}

fn with_gift_card(lines: &Value, amount: Decimal) -> Value {
    let mut l = lines.as_array().unwrap().clone();
    l.push(json!({"sku": "GIFTCARD", "quantity": "1", "unit-price": amount.to_string()}));
    Value::Array(l)
}

fn missing(q: &Quote, code: &str) -> Option<Decimal> {
    let h = q.hints.iter().find(|h| h.code == code)?;
    let m = h.params.iter().find(|p| p.name == "missing")?;
    Some(m.value.parse().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Free shipping, without promotions: a gift card of exactly the hinted amount makes shipping free, one
    /// cent less does not.
    #[test]
    fn the_free_shipping_figure_is_exact(
        lines in prop::collection::vec((0usize..5, 1u32..4), 1..4),
    ) {
        let skus = ["TEE", "BOOK", "PEN", "CAPSULE", "INK"];
        let lines = Value::Array(lines.iter().map(|(s, q)| json!({"sku": skus[*s], "quantity": q.to_string()})).collect());
        let e = engine();
        let q = e.quote(&cart(lines.clone(), json!([]), true)).unwrap();
        let Some(m) = missing(&q, "free-shipping-reachable") else {
            prop_assert_eq!(&q.shipping.unwrap().price, "0.00");
            return Ok(());
        };
        let cent = Decimal::new(1, 2);
        let enough = e.quote(&cart(with_gift_card(&lines, m), json!([]), true)).unwrap();
        prop_assert_eq!(&enough.shipping.as_ref().unwrap().price, "0.00");
        prop_assert_eq!(missing(&enough, "free-shipping-reachable"), None);
        let short = e.quote(&cart(with_gift_card(&lines, m - cent), json!([]), true)).unwrap();
        prop_assert_ne!(&short.shipping.as_ref().unwrap().price, "0.00");
        prop_assert_eq!(missing(&short, "free-shipping-reachable"), Some(cent));
    }

    /// The next tier of spend-more: a gift card of exactly the hinted amount reaches the tier (the hint moves
    /// on to the next one or goes), one cent less leaves one cent missing.
    #[test]
    fn the_next_tier_figure_is_exact(
        lines in prop::collection::vec((0usize..5, 1u32..4), 1..4),
    ) {
        let skus = ["TEE", "BOOK", "PEN", "CAPSULE", "INK"];
        let lines = Value::Array(lines.iter().map(|(s, q)| json!({"sku": skus[*s], "quantity": q.to_string()})).collect());
        let e = engine();
        let tier_min = |q: &Quote| {
            let h = q.hints.iter().find(|h| h.code == "next-tier-reachable")?;
            h.params.iter().find(|p| p.name == "min").map(|p| p.value.clone())
        };
        let q = e.quote(&cart(lines.clone(), json!(["SPEND"]), true)).unwrap();
        let (Some(m), Some(min)) = (missing(&q, "next-tier-reachable"), tier_min(&q)) else {
            return Ok(());
        };
        let cent = Decimal::new(1, 2);
        let enough = e.quote(&cart(with_gift_card(&lines, m), json!(["SPEND"]), true)).unwrap();
        prop_assert_ne!(tier_min(&enough), Some(min.clone()));
        let spend = enough.promotions.iter().find(|p| p.id == "spend-more").unwrap();
        prop_assert_eq!(spend.status, kassa_core::api::PromotionStatus::Applied);
        let short = e.quote(&cart(with_gift_card(&lines, m - cent), json!(["SPEND"]), true)).unwrap();
        prop_assert_eq!(tier_min(&short), Some(min));
        prop_assert_eq!(missing(&short, "next-tier-reachable"), Some(cent));
    }
}

#[test]
fn buy_two_get_one_pens() {
    // PENS3FOR2 (pens-3-for-2: buy 2 PEN, get 1 PEN free; one selection, so n = pens / 3 applications):
    //   2 pens: n = 0 (nothing to discount), (0 + 1) x 3 - 2 = 1 more pen;
    //   3 pens: n = 1, 2 x 3 - 3 = 3 more; 7 pens: n = 2, 3 x 3 - 7 = 2 more.
    let e = engine();
    for (pens, more) in [("2", "1"), ("3", "3"), ("7", "2")] {
        let q = e
            .quote(&cart(
                json!([{"sku": "PEN", "quantity": pens}]),
                json!(["PENS3FOR2"]),
                true,
            ))
            .unwrap();
        let found: Vec<_> = hints(&q)
            .into_iter()
            .filter(|h| h.0.starts_with("buy-x-get-y"))
            .collect();
        assert_eq!(
            found,
            [h(
                "buy-x-get-y-reachable promotion=pens-3-for-2 sku=PEN",
                "/coupons/0",
                more
            )],
            "{pens} pens"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// buy-x-get-y: the hinted number of pens gives one more application (the hint starts a new set of 3),
    /// one pen less leaves one missing.
    #[test]
    fn the_buy_x_get_y_figure_is_exact(pens in 1u32..20, tees in 0u32..3) {
        let e = engine();
        let lines = |extra: u32| {
            let mut l = vec![json!({"sku": "PEN", "quantity": (pens + extra).to_string()})];
            if tees > 0 {
                l.push(json!({"sku": "TEE", "quantity": tees.to_string()}));
            }
            Value::Array(l)
        };
        let q = e.quote(&cart(lines(0), json!(["PENS3FOR2"]), true)).unwrap();
        let m = missing(&q, "buy-x-get-y-reachable").unwrap();
        let m = u32::try_from(m.mantissa()).unwrap();
        prop_assert_eq!((pens + m) % 3, 0);
        let enough = e.quote(&cart(lines(m), json!(["PENS3FOR2"]), true)).unwrap();
        let p = enough.promotions.iter().find(|p| p.id == "pens-3-for-2").unwrap();
        prop_assert_eq!(p.status, kassa_core::api::PromotionStatus::Applied);
        // One more application: (pens + m) / 3 pens free, each at the line's unit price.
        let pen = &enough.lines[0];
        let free: Decimal = pen.discounts.iter().filter(|d| d.promotion == "pens-3-for-2").map(|d| d.amount.parse::<Decimal>().unwrap()).sum();
        prop_assert_eq!(free, pen.unit_price.parse::<Decimal>().unwrap() * Decimal::from((pens + m) / 3));
        prop_assert_eq!(missing(&enough, "buy-x-get-y-reachable"), Some(Decimal::from(3)));
        if m > 1 {
            let short = e.quote(&cart(lines(m - 1), json!(["PENS3FOR2"]), true)).unwrap();
            let pen = &short.lines[0];
            let free: Decimal = pen.discounts.iter().filter(|d| d.promotion == "pens-3-for-2").map(|d| d.amount.parse::<Decimal>().unwrap()).sum();
            prop_assert_eq!(free, pen.unit_price.parse::<Decimal>().unwrap() * Decimal::from((pens + m - 1) / 3));
            prop_assert_eq!(missing(&short, "buy-x-get-y-reachable"), Some(Decimal::ONE));
        }
    }
}
