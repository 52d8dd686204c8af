//! Tax as shops file it (issue 18), through engine.quote: the exact-tie spread, per-unit with fractional
//! quantities, the per-total spread over (line, rule) pairs, and the tax settings added for the issue. Every
//! expectation is worked out by hand in the comment beside it.

use kassa_core::api::{Cart, CartLine, Quote};
use kassa_core::Engine;
use serde_json::{json, Value};

/// A rulebook: `settings` over EUR / half away from zero / per-line / DE, the items (sku, category, step),
/// one price list (gross or net) and the tax section.
fn book(
    settings: Value,
    items: &[(&str, &str, &str)],
    gross: bool,
    prices: &[(&str, &str)],
    tax: Value,
) -> Engine {
    let mut s = json!({"currencies": ["EUR"], "rounding-mode": "half-away-from-zero",
                       "tax-rounding": "per-line", "default-country": "DE"});
    for (k, v) in settings.as_object().unwrap() {
        s[k] = v.clone();
    }
    let currency = s["currencies"][0].clone();
    let items: Vec<Value> = items
        .iter()
        .map(
            |(sku, cat, step)| json!({"sku": sku, "tax-category": cat, "quantity": {"step": step}}),
        )
        .collect();
    let prices: Vec<Value> = prices
        .iter()
        .map(|(sku, p)| json!({"sku": sku, "unit-price": p}))
        .collect();
    let v = json!({
        "kassa": "1", "id": "t", "version": "1", "settings": s,
        "catalog": {"items": items},
        "price-lists": [{"id": "l", "currency": currency, "prices-include-tax": gross, "prices": prices}],
        "tax": tax,
    });
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn cart(currency: &str, country: &str, lines: &[(&str, &str)]) -> Cart {
    Cart {
        currency: currency.into(),
        at: "2026-05-01T12:00:00Z".into(),
        country: Some(country.into()),
        lines: lines
            .iter()
            .map(|(s, q)| CartLine {
                sku: s.to_string(),
                quantity: q.to_string(),
                unit_price: None,
            })
            .collect(),
        ..Cart::default()
    }
}

fn quote(e: &Engine, c: &Cart) -> Quote {
    e.quote(c)
        .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

/// Each line's taxes as (rule, amount).
fn line_taxes(q: &Quote) -> Vec<Vec<(String, String)>> {
    q.lines
        .iter()
        .map(|l| {
            l.taxes
                .iter()
                .map(|t| (t.tax.clone(), t.amount.clone()))
                .collect()
        })
        .collect()
}

fn pairs(v: &[&[(&str, &str)]]) -> Vec<Vec<(String, String)>> {
    v.iter()
        .map(|l| {
            l.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn exact_tie_in_the_spread_goes_to_the_earlier_line() {
    // Gross 649.63 and 49.36 at 10 %, half-even: exact taxes 59.0572727... and 4.4872727..., sum 63.5445...
    // -> 63.54; floors 59.05 + 4.48 = 63.53 and both remainders are 8/11 of a cent: the earlier line gets the
    // cent, 59.06 + 4.48, at both sum levels.
    for level in ["per-rate-group", "per-total"] {
        let e = book(
            json!({"rounding-mode": "half-even", "tax-rounding": level}),
            &[("A", "s", "1"), ("B", "s", "1")],
            true,
            &[("A", "649.63"), ("B", "49.36")],
            json!({"categories": [{"id": "s"}], "rules": [{"id": "r10", "country": "DE", "category": "s", "rate": "10"}]}),
        );
        let q = quote(&e, &cart("EUR", "DE", &[("A", "1"), ("B", "1")]));
        assert_eq!(
            line_taxes(&q),
            pairs(&[&[("r10", "59.06")], &[("r10", "4.48")]]),
            "{level}"
        );
        assert_eq!(
            (q.lines[0].net.as_str(), q.lines[1].net.as_str()),
            ("590.57", "44.88")
        );
        assert_eq!(q.tax_total, "63.54");
    }
}

#[test]
fn per_unit_with_a_fractional_quantity_rounds_the_product_again() {
    // 1.00 x 2.5 at 19 %: one unit 0.19, x 2.5 = 0.475 -> 0.48 (half away from zero).
    let e = book(
        json!({"tax-rounding": "per-unit"}),
        &[("KG", "s", "0.5")],
        false,
        &[("KG", "1.00")],
        json!({"categories": [{"id": "s"}], "rules": [{"id": "de-19", "country": "DE", "category": "s", "rate": "19"}]}),
    );
    let q = quote(&e, &cart("EUR", "DE", &[("KG", "2.5")]));
    assert_eq!(q.lines[0].tax_total, "0.48");
    assert_eq!(q.lines[0].gross, "2.98");
}

#[test]
fn per_total_spreads_over_line_and_rule_pairs() {
    // GST 5 % + QST 9.975 % on 1.10 and 4.44: pairs 0.055, 0.109725, 0.222, 0.44289, sum 0.829615 -> 0.83;
    // floors 0.81, the two cents to 0.009725 and 0.005: 0.06 + 0.11 = 0.17 and 0.22 + 0.44 = 0.66 (by lines
    // it would be 0.16 / 0.67).
    let e = book(
        json!({"currencies": ["CAD"], "tax-rounding": "per-total", "default-country": "CA"}),
        &[("X", "s", "1"), ("Y", "s", "1")],
        false,
        &[("X", "1.10"), ("Y", "4.44")],
        json!({"categories": [{"id": "s"}], "rules": [
            {"id": "gst", "country": "CA", "category": "s", "rate": "5"},
            {"id": "qst", "country": "CA", "region": "CA-QC", "category": "s", "rate": "9.975"}]}),
    );
    let mut c = cart("CAD", "CA", &[("X", "1"), ("Y", "1")]);
    c.region = Some("CA-QC".into());
    let q = quote(&e, &c);
    assert_eq!(
        line_taxes(&q),
        pairs(&[
            &[("gst", "0.06"), ("qst", "0.11")],
            &[("gst", "0.22"), ("qst", "0.44")]
        ])
    );
    assert_eq!(
        (q.lines[0].tax_total.as_str(), q.lines[1].tax_total.as_str()),
        ("0.17", "0.66")
    );
}
