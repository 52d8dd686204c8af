//! Tax as shops file it (issue 18), through engine.quote: the exact-tie spread, per-unit with fractional
//! quantities, the per-total spread over (line, rule) pairs, and the tax settings added for the issue. Every
//! expectation is worked out by hand in the comment beside it.

use kassa_core::api::{Cart, CartLine, DecimalText, Quote};
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

/// Each line's taxes as (rule, amount).
fn line_taxes(q: &Quote) -> Vec<Vec<(String, String)>> {
    q.lines
        .iter()
        .map(|l| {
            l.taxes
                .iter()
                .map(|t| (t.tax.clone(), t.amount.to_string()))
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

// ---- shipping tax policy ----------------------------------------------------------------------------------

/// Net prices: BOOK 10.00 (reduced 7 %), COFFEE 20.00 (standard 19 %), FREE 10.00 (exempt); one flat shipping
/// method per policy at `price`, category standard.
fn shipping_book(level: &str, price: &str) -> Engine {
    let methods: Vec<Value> = ["fixed", "proportional", "highest-rate", "principal"]
        .iter()
        .map(|p| json!({"id": p, "tax-category": "standard", "tax-policy": p, "prices-include-tax": false,
                        "rates": [{"currency": "EUR", "flat": price}]}))
        .collect();
    let v = json!({
        "kassa": "1", "id": "s", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-away-from-zero", "tax-rounding": level,
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "BOOK", "tax-category": "reduced"}, {"sku": "COFFEE", "tax-category": "standard"},
                              {"sku": "FREE", "tax-category": "exempt"}]},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false, "prices": [
            {"sku": "BOOK", "unit-price": "10.00"}, {"sku": "COFFEE", "unit-price": "20.00"},
            {"sku": "FREE", "unit-price": "10.00"}]}],
        "tax": {"categories": [{"id": "standard"}, {"id": "reduced"}, {"id": "exempt", "exempt": true}], "rules": [
            {"id": "de-std", "country": "DE", "category": "standard", "rate": "19"},
            {"id": "de-red", "country": "DE", "category": "reduced", "rate": "7"}]},
        "shipping": {"methods": methods},
    });
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn shipping_taxes(q: &Quote) -> Vec<(String, String, String)> {
    q.shipping
        .as_ref()
        .unwrap()
        .taxes
        .iter()
        .map(|t| (t.tax.clone(), t.base.to_string(), t.amount.to_string()))
        .collect()
}

fn triples(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn shipping_follows_the_goods_in_the_issue_example() {
    // Book 10.00 at 7 % and coffee 20.00 at 19 %, shipping 6.00 net: proportional 2.00 (0.14) + 4.00 (0.76)
    // = 0.90; fixed at 19 %: 1.14; highest-rate 19 %: 1.14; principal (coffee 20.00): 1.14.
    let e = shipping_book("per-line", "6.00");
    let quote_with = |method: &str, lines: &[(&str, &str)]| {
        let mut c = cart("EUR", "DE", lines);
        c.shipping_method = Some(method.into());
        quote(&e, &c)
    };
    let mixed = [("BOOK", "1"), ("COFFEE", "1")];
    let q = quote_with("proportional", &mixed);
    assert_eq!(
        shipping_taxes(&q),
        triples(&[("de-red", "2.00", "0.14"), ("de-std", "4.00", "0.76")])
    );
    assert_eq!(q.shipping.as_ref().unwrap().tax_total, "0.90");
    for m in ["fixed", "highest-rate", "principal"] {
        let q = quote_with(m, &mixed);
        assert_eq!(
            shipping_taxes(&q),
            triples(&[("de-std", "6.00", "1.14")]),
            "{m}"
        );
    }
    // Books only: proportional, highest-rate and principal all give 7 %: 6.00 x 7 % = 0.42.
    for m in ["proportional", "highest-rate", "principal"] {
        let q = quote_with(m, &[("BOOK", "3")]);
        assert_eq!(
            shipping_taxes(&q),
            triples(&[("de-red", "6.00", "0.42")]),
            "{m}"
        );
    }
    // Exempt goods take their share untaxed: FREE 10.00 and coffee 20.00 -> 2.00 exempt, 4.00 at 19 % = 0.76.
    let q = quote_with("proportional", &[("FREE", "1"), ("COFFEE", "1")]);
    assert_eq!(shipping_taxes(&q), triples(&[("de-std", "4.00", "0.76")]));
    assert_eq!(q.shipping.as_ref().unwrap().net, "6.00");
}

#[test]
fn the_split_is_explained() {
    let e = shipping_book("per-line", "6.00");
    let mut c = cart("EUR", "DE", &[("BOOK", "1"), ("COFFEE", "1")]);
    c.shipping_method = Some("proportional".into());
    c.explain = true;
    let q = quote(&e, &c);
    let step = q
        .trace
        .iter()
        .find(|s| s.kind == "shipping-tax")
        .expect("a shipping-tax step");
    assert_eq!(step.path, "/shipping-method");
    assert_eq!(
        step.message,
        "shipping 6.00 taxed proportional: 2.00 reduced, 4.00 standard"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, .. proptest::prelude::ProptestConfig::default() })]

    /// Whatever the policy and level: the shares add up to the shipping price (net prices), each tax is its
    /// base at its rate within the rounding of the level, and the shipping tax lies between the price at the
    /// lowest and at the highest rate of the goods.
    #[test]
    fn shipping_shares_add_up(
        level in proptest::sample::select(vec!["per-unit", "per-line", "per-rate-group", "per-total"]),
        policy in proptest::sample::select(vec!["proportional", "highest-rate", "principal"]),
        cents in 0u32..100_000,
        books in 0u32..5, coffees in 0u32..5, free in 0u32..3,
    ) {
        let price = format!("{}.{:02}", cents / 100, cents % 100);
        let e = shipping_book(level, &price);
        let mut lines = Vec::new();
        for (sku, n) in [("BOOK", books), ("COFFEE", coffees), ("FREE", free)] {
            if n > 0 { lines.push((sku, n.to_string())); }
        }
        proptest::prop_assume!(!lines.is_empty());
        let refs: Vec<(&str, &str)> = lines.iter().map(|(s, q)| (*s, q.as_str())).collect();
        let mut c = cart("EUR", "DE", &refs);
        c.shipping_method = Some(policy.into());
        let q = quote(&e, &c);
        let s = q.shipping.as_ref().unwrap();
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        let price = d(&price);
        let bases: rust_decimal::Decimal = s.taxes.iter().map(|t| d(&t.base)).sum();
        // Net prices: the taxed shares plus an exempt share (untaxed, no entry) are the price.
        proptest::prop_assert!(bases <= price);
        proptest::prop_assert_eq!(d(&s.net), price);
        proptest::prop_assert_eq!(d(&s.net) + d(&s.tax_total), d(&s.gross));
        let exact: rust_decimal::Decimal = s.taxes.iter().map(|t| d(&t.base) * d(&t.rate) / rust_decimal::Decimal::ONE_HUNDRED).sum();
        let parts = rust_decimal::Decimal::from(s.taxes.len() as u64 + 2 * lines.len() as u64);
        proptest::prop_assert!((d(&s.tax_total) - exact).abs() <= rust_decimal::Decimal::new(1, 2) * parts);
        let rates: Vec<rust_decimal::Decimal> = lines.iter().map(|(sku, _)| match *sku {
            "BOOK" => d("7"), "COFFEE" => d("19"), _ => d("0") }).collect();
        let hi = rates.iter().max().copied().unwrap();
        let lo = rates.iter().min().copied().unwrap();
        let slack = rust_decimal::Decimal::new(1, 2) * parts;
        proptest::prop_assert!(exact <= price * hi / rust_decimal::Decimal::ONE_HUNDRED + slack);
        proptest::prop_assert!(exact + slack >= price * lo / rust_decimal::Decimal::ONE_HUNDRED);
        if policy == "highest-rate" && !price.is_zero() {
            proptest::prop_assert_eq!(s.taxes.iter().map(|t| d(&t.rate)).max().unwrap_or_default(), hi);
        }
    }
}

// ---- tax rules with validity windows ----------------------------------------------------------------------

/// Germany's 2020 cut: standard 19 % until 2020-07-01T00:00:00+02:00, 16 % until 2021-01-01T00:00:00+01:00,
/// 19 % after; ITEM 119.00 gross.
fn cut_rules() -> Value {
    json!([
        {"id": "de-19", "country": "DE", "category": "s", "rate": "19", "valid-until": "2020-07-01T00:00:00+02:00"},
        {"id": "de-16", "country": "DE", "category": "s", "rate": "16",
         "valid-from": "2020-07-01T00:00:00+02:00", "valid-until": "2021-01-01T00:00:00+01:00"},
        {"id": "de-19b", "country": "DE", "category": "s", "rate": "19", "valid-from": "2021-01-01T00:00:00+01:00"}
    ])
}

#[test]
fn dated_rules_follow_the_cart_moment() {
    // 119.00 x 19/119 = 19.00 one second before midnight in Berlin; 119.00 x 16/116 = 16.4138 -> 16.41 at it;
    // 16.41 until the last second of 2020 (Berlin), 19.00 from 2020-12-31T23:00:00Z.
    let e = book(
        json!({}),
        &[("ITEM", "s", "1")],
        true,
        &[("ITEM", "119.00")],
        json!({"categories": [{"id": "s"}], "rules": cut_rules()}),
    );
    for (at, rule, tax) in [
        ("2020-06-30T21:59:59Z", "de-19", "19.00"),
        ("2020-06-30T22:00:00Z", "de-16", "16.41"),
        ("2020-12-31T22:59:59Z", "de-16", "16.41"),
        ("2020-12-31T23:00:00Z", "de-19b", "19.00"),
    ] {
        let mut c = cart("EUR", "DE", &[("ITEM", "1")]);
        c.at = at.into();
        let q = quote(&e, &c);
        assert_eq!(line_taxes(&q), pairs(&[&[(rule, tax)]]), "{at}");
    }
}

#[test]
fn overlapping_windows_are_refused_at_load() {
    // de-19 ends 2020-06-30T22:00:00Z; a 16 % rule starting 2020-06-30T00:00:00Z overlaps it for 22 hours.
    let mut rules = cut_rules();
    rules[1]["valid-from"] = json!("2020-06-30T00:00:00Z");
    let v = json!({"kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "tax": {"categories": [{"id": "s"}], "rules": rules}});
    let err = Engine::load(&v.to_string()).expect_err("refused");
    let p: Vec<(&str, &str)> = err
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(p, [("tax-windows-overlapping", "/tax/rules/1")]);
    assert_eq!(
        err.problems[0].message,
        "tax rules \"de-19\" and \"de-16\" of one category and place are valid at the same moment"
    );
}

// ---- extraction that rounds the net, compound rules -------------------------------------------------------

#[test]
fn round_net_keeps_the_gross_and_rounds_the_net() {
    // 2.99 including 4 %: round-net 2.875 -> 2.88, tax 0.11; round-tax 0.115 -> 0.12, net 2.87.
    // 3 units per unit: round-net 2.88 x 3 = 8.64 (tax 0.33); round-tax 0.12 x 3 = 0.36.
    let rules = json!({"categories": [{"id": "s"}], "rules": [{"id": "r4", "country": "DE", "category": "s", "rate": "4"}]});
    for (extraction, level, q, net, tax) in [
        ("round-net", "per-line", "1", "2.88", "0.11"),
        ("round-tax", "per-line", "1", "2.87", "0.12"),
        ("round-net", "per-unit", "3", "8.64", "0.33"),
        ("round-tax", "per-unit", "3", "8.61", "0.36"),
        ("round-net", "per-line", "3", "8.63", "0.34"),
        ("round-net", "per-total", "3", "8.63", "0.34"),
    ] {
        let e = book(
            json!({"tax-rounding": level, "tax-extraction": extraction}),
            &[("A", "s", "1")],
            true,
            &[("A", "2.99")],
            rules.clone(),
        );
        let l = &quote(&e, &cart("EUR", "DE", &[("A", q)])).lines[0];
        assert_eq!(
            (l.net.as_str(), l.tax_total.as_str()),
            (net, tax),
            "{extraction} {level} x{q}"
        );
    }
}

#[test]
fn compound_rules_tax_the_earlier_taxes() {
    // 100.00 + 19 % + 1 % compound on 119.00: 19.00 + 1.19 = 120.19 (additive 120.00); base shown 119.00.
    for (compound, levy, gross) in [(true, "1.19", "120.19"), (false, "1.00", "120.00")] {
        let e = book(
            json!({}),
            &[("N", "s", "1")],
            false,
            &[("N", "100.00")],
            json!({"categories": [{"id": "s"}], "rules": [
                {"id": "vat", "country": "DE", "category": "s", "rate": "19"},
                {"id": "levy", "country": "DE", "category": "s", "rate": "1", "compound": compound}]}),
        );
        let q = quote(&e, &cart("EUR", "DE", &[("N", "1")]));
        assert_eq!(
            line_taxes(&q),
            pairs(&[&[("vat", "19.00"), ("levy", levy)]])
        );
        assert_eq!(q.grand_total, gross);
        let base = if compound { "119.00" } else { "100.00" };
        assert_eq!(q.lines[0].taxes[1].base, base);
    }
}

// ---- regions ----------------------------------------------------------------------------------------------

#[test]
fn regional_countries_need_a_region() {
    // US rules are per state: no region -> region-required; "CA" -> region-invalid with the hint US-CA;
    // US-CA -> 100.00 x 7.25 % = 7.25.
    let e = book(
        json!({"currencies": ["USD"]}),
        &[("X", "s", "1")],
        false,
        &[("X", "100.00")],
        json!({"categories": [{"id": "s"}], "rules": [
            {"id": "us-ca", "country": "US", "region": "US-CA", "category": "s", "rate": "7.25"}]}),
    );
    let problems = |region: Option<&str>| {
        let mut c = cart("USD", "US", &[("X", "1")]);
        c.region = region.map(String::from);
        let err = e.quote(&c).expect_err("not quotable");
        err.problems
            .iter()
            .map(|p| (p.code.clone(), p.path.clone(), p.message.clone()))
            .collect::<Vec<_>>()
    };
    let one = |code: &str, message: &str| {
        vec![(code.to_string(), "/region".to_string(), message.to_string())]
    };
    assert_eq!(
        problems(None),
        one(
            "region-required",
            "a region is required for US: its taxes depend on it"
        )
    );
    assert_eq!(
        problems(Some("CA")),
        one(
            "region-invalid",
            "region \"CA\" is not a subdivision of US (write US-CA)"
        )
    );
    assert_eq!(
        problems(Some("US-XX")),
        one(
            "region-invalid",
            "region \"US-XX\" is not a subdivision of US"
        )
    );
    let mut c = cart("USD", "US", &[("X", "1")]);
    c.region = Some("US-CA".into());
    assert_eq!(quote(&e, &c).tax_total, "7.25");
}

#[test]
fn unknown_subdivisions_are_refused_at_load() {
    let v = json!({"kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["USD"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "tax": {"categories": [{"id": "s"}], "rules": [
            {"id": "x", "country": "US", "region": "US-XX", "category": "s", "rate": "5"}]}});
    let err = Engine::load(&v.to_string()).expect_err("refused");
    let p: Vec<(&str, &str)> = err
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(p, [("out-of-range", "/tax/rules/0/region")]);
}

/// External taxes on every line of `c`.
fn with_taxes(mut c: Cart, taxes: serde_json::Value) -> Cart {
    let list: Vec<kassa_core::api::ExternalTax> = taxes
        .as_array()
        .unwrap()
        .iter()
        .map(|t| kassa_core::api::ExternalTax {
            id: t["id"].as_str().unwrap().into(),
            rate: t.get("rate").map(|r| r.as_str().unwrap().into()),
            amount: t.get("amount").map(|a| a.as_str().unwrap().into()),
        })
        .collect();
    for l in &mut c.lines {
        l.taxes = Some(list.clone());
    }
    c
}

/// A US shop: net prices, per-line, half away from zero, regional rules the external taxes replace.
fn us_shop(level: &str, gross: bool, prices: &[(&str, &str)]) -> Engine {
    book(
        json!({"currencies": ["USD"], "tax-rounding": level, "default-country": "US"}),
        &[("X", "s", "1"), ("Y", "s", "1")],
        gross,
        prices,
        json!({"categories": [{"id": "s"}], "rules": [
            {"id": "us-ca", "country": "US", "region": "US-CA", "category": "s", "rate": "7.25"}]}),
    )
}

#[test]
fn external_rates_are_rounded_like_rules() {
    // Issue 18's worked example: 100.00 net in Missouri at 4.225 % (state) + 2.513 % (county) + 2.25 % (city),
    // per line, half away from zero: 4.225 -> 4.23, 2.513 -> 2.51, 2.25 -> 2.25; 8.99 in all. No region is
    // needed: the rulebook's regional rules tax nothing here.
    let e = us_shop("per-line", false, &[("X", "100.00")]);
    let mo = json!([{"id": "mo-state", "rate": "4.225"}, {"id": "mo-county", "rate": "2.513"},
                    {"id": "mo-city", "rate": "2.25"}]);
    let q = quote(
        &e,
        &with_taxes(cart("USD", "US", &[("X", "1")]), mo.clone()),
    );
    assert_eq!(
        line_taxes(&q),
        pairs(&[&[
            ("mo-state", "4.23"),
            ("mo-county", "2.51"),
            ("mo-city", "2.25")
        ]])
    );
    assert_eq!(
        (q.tax_total.as_str(), q.grand_total.as_str()),
        ("8.99", "108.99")
    );
    let rows: Vec<(&str, &str, &str, &str)> = q
        .taxes
        .iter()
        .map(|t| {
            (
                t.tax.as_str(),
                t.rate.as_str(),
                t.base.as_str(),
                t.amount.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("mo-state", "4.225", "100.00", "4.23"),
            ("mo-county", "2.513", "100.00", "2.51"),
            ("mo-city", "2.25", "100.00", "2.25")
        ]
    );
    // Per total over two lines of 100.00 and 50.00 (exact 4.225 + 2.1125 + 2.513 + 1.2565 + 2.25 + 1.125 =
    // 13.482 -> 13.48); per line the same lines give 4.23 + 2.11 + 2.51 + 1.26 + 2.25 + 1.13 = 13.49.
    let two = cart("USD", "US", &[("X", "1"), ("Y", "1")]);
    let prices = [("X", "100.00"), ("Y", "50.00")];
    let total = |level: &str| {
        quote(
            &us_shop(level, false, &prices),
            &with_taxes(two.clone(), mo.clone()),
        )
        .tax_total
    };
    assert_eq!(total("per-total"), "13.48");
    assert_eq!(total("per-line"), "13.49");
}

#[test]
fn external_amounts_are_taken_as_given() {
    // One X at `price` (net or gross) with the external taxes `taxes`: (net, tax, grand total, first row's rate).
    let one = |gross: bool, price: &str, taxes: Value| {
        let q = quote(
            &us_shop("per-line", gross, &[("X", price)]),
            &with_taxes(cart("USD", "US", &[("X", "1")]), taxes),
        );
        (
            q.net_total,
            q.tax_total,
            q.grand_total,
            q.taxes[0].rate.clone(),
        )
    };
    let s = |v: [&str; 4]| v.map(DecimalText::from).into();
    // An amount is the line's tax as the service computed it: 100.00 net + 8.99 = 108.99; the quote shows its
    // rate as 8.99 / 100.00 = 8.99 %.
    let avalara = json!([{"id": "avalara", "amount": "8.99"}]);
    assert_eq!(
        one(false, "100.00", avalara.clone()),
        s(["100.00", "8.99", "108.99", "8.99"])
    );
    // With gross prices 108.99 contains it: net 100.00.
    assert_eq!(
        one(true, "108.99", avalara),
        s(["100.00", "8.99", "108.99", "8.99"])
    );
    // Gross 107.00 with 7 % extracted: 107.00 x 7 / 107 = 7.00, net 100.00.
    let seven = json!([{"id": "x", "rate": "7"}]);
    assert_eq!(
        one(true, "107.00", seven),
        s(["100.00", "7.00", "107.00", "7"])
    );
}

#[test]
fn external_taxes_are_checked() {
    let e = us_shop("per-line", false, &[("X", "100.00")]);
    let c = with_taxes(
        cart("USD", "US", &[("X", "1")]),
        json!([{"id": "a"}, {"id": "a", "rate": "-1"}, {"id": "", "amount": "1"}]),
    );
    let err = e.quote(&c).expect_err("refused");
    let p: Vec<(&str, &str)> = err
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        p,
        [
            ("external-tax-invalid", "/lines/0/taxes/0"),
            ("external-tax-invalid", "/lines/0/taxes/1/id"),
            ("external-tax-invalid", "/lines/0/taxes/1/rate"),
            ("external-tax-invalid", "/lines/0/taxes/2/id"),
        ]
    );
}
