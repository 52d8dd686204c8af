//! Replay: carts quoted under examples/rulebook.json (old) and examples/rulebook-2027.json (new), each record
//! against a hand computation. What the new rulebook changes: TEE 19.90 -> 21.90, BOOK 24.00 -> 25.00,
//! spend-more 5.00 off from 50.00 -> 6.00 off from 60.00, de-vat-reduced 7 % -> 9 %, INK inactive, MUG active.
//! Both are gross (prices include tax), tax per line, half away from zero; the carts are in DE on 2026-10-15,
//! outside the Black Friday sale; shipping "standard" in DE is 4.90 up to 1 kg, 6.90 up to 5 kg.

use kassa_core::api::{Cart, CartLine, DecimalText, ReplayRecord, ReplayStatus, TaxChange};
use kassa_core::error::Error;
use kassa_core::{replay, Engine};

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn engines() -> (Engine, Engine) {
    (
        Engine::load(&example("rulebook.json")).unwrap(),
        Engine::load(&example("rulebook-2027.json")).unwrap(),
    )
}

fn cart(lines: &[(&str, &str)], coupons: &[&str], shipping: Option<&str>) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-10-15T12:00:00Z".into(),
        country: Some("DE".into()),
        previous_orders: Some(2),
        lines: lines
            .iter()
            .map(|(sku, q)| CartLine {
                sku: sku.to_string(),
                quantity: q.to_string().into(),
                unit_price: None,
                taxes: None,
                attributes: Vec::new(),
            })
            .collect(),
        coupons: coupons.iter().map(|c| c.to_string()).collect(),
        shipping_method: shipping.map(str::to_string),
        ..Cart::default()
    }
}

fn run(line: u64, c: &Cart) -> ReplayRecord {
    let (old, new) = engines();
    replay::replay(&old, &new, line, c).unwrap()
}

fn tax(id: &str, old: &str, new: &str, delta: &str) -> TaxChange {
    TaxChange {
        tax: id.into(),
        old: old.into(),
        new: new.into(),
        delta: delta.into(),
    }
}

fn some(s: &str) -> Option<DecimalText> {
    Some(s.into())
}

#[test]
fn a_price_change_changes_the_total_and_the_tax() {
    // Old: 2 x 19.90 = 39.80; 0.4 kg -> 4.90; grand total 44.70.
    //      tax 39.80 x 19/119 = 6.3546 -> 6.35, shipping 4.90 x 19/119 = 0.7824 -> 0.78; de-vat-standard 7.13.
    // New: 2 x 21.90 = 43.80; 4.90; grand total 48.70; tax 43.80 x 19/119 = 6.9933 -> 6.99, + 0.78 = 7.77.
    let r = run(7, &cart(&[("TEE", "2")], &[], Some("standard")));
    assert_eq!(r.line, 7);
    assert_eq!(r.status, ReplayStatus::Changed);
    assert_eq!(r.currency, "EUR");
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (some("44.70"), some("48.70"), some("4.00"))
    );
    assert_eq!(r.taxes, [tax("de-vat-standard", "7.13", "7.77", "0.64")]);
    assert!(r.promotions.is_empty());
    assert_eq!((r.error_old, r.error_new), (None, None));
}

#[test]
fn a_promotion_for_a_different_amount_and_a_new_tax_rate() {
    // Old: 3 x 24.00 = 72.00 >= 50.00 -> spend-more 5.00 off -> 67.00; 1.5 kg -> 6.90; grand total 73.90.
    //      de-vat-reduced 67.00 x 7/107 = 4.3832 -> 4.38; shipping follows the books (tax-policy proportional):
    //      6.90 x 7/107 = 0.4514 -> 0.45; 4.38 + 0.45 = 4.83 (no standard tax).
    // New: 3 x 25.00 = 75.00 >= 60.00 -> 6.00 off -> 69.00; 6.90; grand total 75.90.
    //      de-vat-reduced 69.00 x 9/109 = 5.6972 -> 5.70; shipping 6.90 x 9/109 = 0.5697 -> 0.57; 6.27.
    let r = run(1, &cart(&[("BOOK", "3")], &["SPEND"], Some("standard")));
    assert_eq!(r.status, ReplayStatus::Changed);
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (some("73.90"), some("75.90"), some("2.00"))
    );
    assert_eq!(r.taxes, [tax("de-vat-reduced", "4.83", "6.27", "1.44"),]);
    assert_eq!(r.promotions.len(), 1);
    let p = &r.promotions[0];
    assert_eq!(
        (
            p.id.as_str(),
            p.coupon.as_deref(),
            p.old.as_deref(),
            p.new.as_deref()
        ),
        ("spend-more", Some("SPEND"), Some("5.00"), Some("6.00"))
    );
    assert_eq!(p.reason, None);
}

#[test]
fn a_promotion_newly_rejected() {
    // Old: 2 x 24.00 + 2 x 1.20 = 50.40 >= 50.00 -> 5.00 off, spread by subtotal: BOOK 5.00 x 48.00/50.40 =
    //      4.7619 -> 4.76, PEN 5.00 x 2.40/50.40 = 0.2381 -> 0.24; 1.02 kg -> 6.90; 50.40 - 5.00 + 6.90 = 52.30.
    //      de-vat-reduced (48.00 - 4.76) x 7/107 = 43.24 x 7/107 = 2.8288 -> 2.83 (net 40.41);
    //      de-vat-standard (2.40 - 0.24) x 19/119 = 0.3449 -> 0.34 (net 1.82).
    //      Shipping follows the goods (tax-policy proportional): 6.90 split 40.41 : 1.82 = 660.26 and 29.74
    //      cents, the cent to PEN's larger remainder: 6.60 x 7/107 = 0.4318 -> 0.43, 0.30 x 19/119 = 0.0479 ->
    //      0.05. de-vat-reduced 2.83 + 0.43 = 3.26, de-vat-standard 0.34 + 0.05 = 0.39.
    // New: 2 x 25.00 + 2.40 = 52.40 < 60.00: spend-more is rejected; 52.40 + 6.90 = 59.30.
    //      de-vat-reduced 50.00 x 9/109 = 4.1284 -> 4.13 (net 45.87); de-vat-standard 2.40 x 19/119 = 0.3832 ->
    //      0.38 (net 2.02). Shipping split 45.87 : 2.02 = 660.90 and 29.10 cents, the cent to BOOK: 6.61 x
    //      9/109 = 0.5458 -> 0.55, 0.29 x 19/119 = 0.0463 -> 0.05: 4.13 + 0.55 = 4.68 and 0.38 + 0.05 = 0.43.
    let r = run(
        2,
        &cart(&[("BOOK", "2"), ("PEN", "2")], &["SPEND"], Some("standard")),
    );
    assert_eq!(r.status, ReplayStatus::Changed);
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (some("52.30"), some("59.30"), some("7.00"))
    );
    assert_eq!(
        r.taxes,
        [
            tax("de-vat-reduced", "3.26", "4.68", "1.42"),
            tax("de-vat-standard", "0.39", "0.43", "0.04"),
        ]
    );
    let p = &r.promotions[0];
    assert_eq!(
        (
            p.id.as_str(),
            p.coupon.as_deref(),
            p.old.as_deref(),
            p.new.as_deref()
        ),
        ("spend-more", Some("SPEND"), Some("5.00"), None)
    );
    // docs/rulebook.md: a tiered promotion whose first tier is not reached is rejected like an unmet condition.
    assert_eq!(p.reason.as_deref(), Some("condition-not-met"));
    assert_eq!(r.promotions.len(), 1);
}

#[test]
fn a_cart_that_no_longer_quotes_and_one_that_now_does() {
    // INK, 1 unit: graduated tier 1 = 1 x 2.50 + flat fee 1.00 = 3.50; 0.02 kg -> 4.90; 8.40. INK is inactive
    // in the new rulebook: cart-invalid with item-inactive for line 0.
    let r = run(3, &cart(&[("INK", "1")], &[], Some("standard")));
    assert_eq!(r.status, ReplayStatus::NewlyFailing);
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (some("8.40"), None, None)
    );
    assert!(r.taxes.is_empty() && r.promotions.is_empty() && r.error_old.is_none());
    let e = r.error_new.unwrap();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].code, "item-inactive");
    assert!(e.problems[0].path.starts_with("/lines/0"));

    // MUG is inactive in the old rulebook and back in the new one at 9.00; no weight -> 4.90; 13.90.
    let r = run(4, &cart(&[("MUG", "1")], &[], Some("standard")));
    assert_eq!(r.status, ReplayStatus::NewlyQuoting);
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (None, some("13.90"), None)
    );
    assert_eq!(r.error_old.unwrap().problems[0].code, "item-inactive");
    assert!(r.error_new.is_none());
}

#[test]
fn a_cart_that_fails_under_both_and_one_that_is_the_same() {
    let r = run(5, &cart(&[("NOPE", "1")], &[], None));
    assert_eq!(r.status, ReplayStatus::Failing);
    assert_eq!((r.grand_total_old, r.grand_total_new), (None, None));
    assert_eq!(r.error_old.unwrap().problems[0].code, "sku-unknown");
    assert_eq!(r.error_new.unwrap().problems[0].code, "sku-unknown");

    // 3 PEN at 1.20 (tier 1) = 3.60 under both, no shipping; tax 3.60 x 19/119 = 0.5748 -> 0.57 under both.
    let r = run(6, &cart(&[("PEN", "3")], &[], None));
    assert_eq!(r.status, ReplayStatus::Same);
    assert_eq!(
        (r.grand_total_old, r.grand_total_new, r.grand_total_delta),
        (some("3.60"), some("3.60"), some("0.00"))
    );
    assert_eq!(r.taxes, [tax("de-vat-standard", "0.57", "0.57", "0.00")]);
    assert!(r.promotions.is_empty());
}

#[test]
fn a_tax_rule_on_one_side_only_counts_as_zero_on_the_other() {
    let (old, _) = engines();
    let c = cart(&[("PEN", "3")], &[], None);
    let q = old.quote(&c).unwrap();
    let mut renamed = q.clone();
    renamed.taxes[0].tax = "de-vat-other".into();
    let r = replay::compare(9, "EUR", &Ok(q), &Ok(renamed)).unwrap();
    assert_eq!(r.status, ReplayStatus::Changed);
    assert_eq!(r.grand_total_delta, some("0.00"));
    assert_eq!(
        r.taxes,
        [
            tax("de-vat-other", "0.00", "0.57", "0.57"),
            tax("de-vat-standard", "0.57", "0.00", "-0.57"),
        ]
    );
}

#[test]
fn an_unreadable_line_fails_under_both_with_its_error() {
    let e = Error {
        code: "invalid-json".into(),
        path: String::new(),
        message: "not a cart".into(),
        params: Vec::new(),
        problems: Vec::new(),
    };
    let r = replay::not_replayed(12, &e);
    assert_eq!(
        (r.line, r.status, r.currency.as_str()),
        (12, ReplayStatus::Failing, "")
    );
    assert_eq!(r.error_old, r.error_new);
    assert_eq!(r.error_old.unwrap().code, "invalid-json");
}

#[test]
fn a_record_serialises_to_the_canonical_json() {
    // The serde form is the canonical JSON every host writes (kebab-case keys in WIT order, absent options as
    // null, decimals as strings).
    let r = run(6, &cart(&[("PEN", "3")], &[], None));
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"line":6,"status":"same","currency":"EUR","grand-total-old":"3.60","grand-total-new":"3.60","grand-total-delta":"0.00","taxes":[{"tax":"de-vat-standard","old":"0.57","new":"0.57","delta":"0.00"}],"promotions":[],"error-old":null,"error-new":null}"#
    );
}
