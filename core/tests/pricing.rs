//! Pricing rules through engine.quote, each against a hand computation (arithmetic in the comments) or a
//! vendor's worked example. Never against the engine's own output.

use kassa_core::api::{Cart, CartLine, Quote};
use kassa_core::Engine;
use serde_json::{json, Value};

/// A rulebook with one EUR net list; `patch` edits it.
fn book(patch: impl FnOnce(&mut Value)) -> Engine {
    let mut v = json!({
        "kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["EUR", "CHF"], "rounding-mode": "half-away-from-zero", "tax-rounding": "per-line"},
        "catalog": {"items": [
            {"sku": "A", "tax-category": "standard"},
            {"sku": "B", "tax-category": "reduced"},
            {"sku": "TIER", "tax-category": "none"},
            {"sku": "GIFT", "tax-category": "none", "open-price": true, "physical": false}
        ]},
        "price-lists": [{"id": "net", "currency": "EUR", "prices-include-tax": false, "prices": [
            {"sku": "A", "unit-price": "1.08"},
            {"sku": "B", "unit-price": "1.08"},
            {"sku": "TIER", "unit-price": "1"}
        ]}],
        "tax": {
            "categories": [{"id": "standard"}, {"id": "reduced"}, {"id": "none", "exempt": true}],
            "rules": [
                {"id": "de-19", "country": "DE", "category": "standard", "rate": "19"},
                {"id": "de-7", "country": "DE", "category": "reduced", "rate": "7"},
                {"id": "at-20", "country": "AT", "category": "standard", "rate": "20"},
                {"id": "at-10", "country": "AT", "category": "reduced", "rate": "10"}
            ]
        }
    });
    patch(&mut v);
    Engine::load(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn cart(country: &str, lines: &[(&str, &str)]) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-24T09:30:00Z".into(),
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

/// The cart asking for the explanation (the trace is empty without it).
fn explained(mut c: Cart) -> Cart {
    c.explain = true;
    c
}

fn quote(e: &Engine, c: &Cart) -> Quote {
    e.quote(c)
        .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

fn set_price(v: &mut Value, sku: &str, price: Value) {
    let prices = v["price-lists"][0]["prices"].as_array_mut().unwrap();
    let p = prices.iter_mut().find(|p| p["sku"] == sku).unwrap();
    let mut obj = price;
    obj["sku"] = sku.into();
    *p = obj;
}

fn tiers() -> Value {
    json!([{"up-to": "5", "unit-price": "7.00"}, {"up-to": "10", "unit-price": "6.50"}, {"up-to": null, "unit-price": "6.00"}])
}

#[test]
fn vendor_volume_and_graduated_examples() {
    // Tiers 1-5 @ 7.00, 6-10 @ 6.50, 11+ @ 6.00. Volume: 7, 35, 39, 120, 150 for 1, 5, 6, 20, 25.
    // Graduated: 7, 35, 41.50, 127.50, 157.50.
    let volume = book(|v| set_price(v, "TIER", json!({"volume": tiers()})));
    let graduated = book(|v| set_price(v, "TIER", json!({"graduated": tiers()})));
    let cases = [
        ("1", "7.00", "7.00"),
        ("5", "35.00", "35.00"),
        ("6", "39.00", "41.50"),
        ("20", "120.00", "127.50"),
        ("25", "150.00", "157.50"),
    ];
    for (q, vol, grad) in cases {
        let c = cart("DE", &[("TIER", q)]);
        assert_eq!(quote(&volume, &c).lines[0].subtotal, vol, "volume {q}");
        assert_eq!(
            quote(&graduated, &c).lines[0].subtotal,
            grad,
            "graduated {q}"
        );
    }
    // The volume line shows its tier's unit price; 20 units fall in tier 3 (above 10).
    let q = quote(&volume, &explained(cart("DE", &[("TIER", "20")])));
    assert_eq!(q.lines[0].unit_price, "6.00");
    assert!(q
        .trace
        .iter()
        .any(|s| s.kind == "price" && s.message.contains("tier 3 (above 10)")));
    // Graduated shows the average: 41.50 / 6 = 6.916666... -> 6.916667 (4 decimals past the cent, half-even).
    let q = quote(&graduated, &cart("DE", &[("TIER", "6")]));
    assert_eq!(q.lines[0].unit_price, "6.916667");
}

#[test]
fn flat_fee_tiers_and_packages() {
    // Graduated with a 2.00 fee on every tier used: 6 units = (2 + 5 x 7) + (2 + 1 x 6.50) = 45.50.
    let fees = json!([{"up-to": "5", "unit-price": "7.00", "flat-fee": "2.00"}, {"up-to": null, "unit-price": "6.50", "flat-fee": "2.00"}]);
    let e = book(|v| set_price(v, "TIER", json!({"graduated": fees})));
    assert_eq!(
        quote(&e, &cart("DE", &[("TIER", "6")])).lines[0].subtotal,
        "45.50"
    );
    // Packs of 6 at 5.00, rounded up: 13 units = 3 packs = 15.00; rounded down: 2 packs = 10.00.
    let up = book(|v| {
        set_price(
            v,
            "TIER",
            json!({"package": {"size": "6", "price": "5.00", "rounding": "up"}}),
        )
    });
    let down = book(|v| {
        set_price(
            v,
            "TIER",
            json!({"package": {"size": "6", "price": "5.00", "rounding": "down"}}),
        )
    });
    assert_eq!(
        quote(&up, &cart("DE", &[("TIER", "13")])).lines[0].subtotal,
        "15.00"
    );
    assert_eq!(
        quote(&down, &cart("DE", &[("TIER", "13")])).lines[0].subtotal,
        "10.00"
    );
}

#[test]
fn vendor_tax_rounding_examples() {
    // 3 x 1.08 at 19 %: per line, tax = round(3.24 x 0.19 = 0.6156) = 0.62, gross 3.86;
    // per unit, tax = round(1.08 x 0.19 = 0.2052) = 0.21 x 3 = 0.63, gross 3.87.
    let per_line = book(|_| {});
    let per_unit = book(|v| v["settings"]["tax-rounding"] = "per-unit".into());
    let c = cart("DE", &[("A", "3")]);
    let (l, u) = (quote(&per_line, &c), quote(&per_unit, &c));
    assert_eq!(
        (l.lines[0].tax_total.as_str(), l.lines[0].gross.as_str()),
        ("0.62", "3.86")
    );
    assert_eq!(
        (u.lines[0].tax_total.as_str(), u.lines[0].gross.as_str()),
        ("0.63", "3.87")
    );
    assert_eq!(l.grand_total, "3.86");
    assert_eq!(u.grand_total, "3.87");
    // 36 x 1.66 at 20 % (AT): per line 59.76 x 0.20 = 11.952 -> 11.95; per unit 0.332 -> 0.33 x 36 = 11.88.
    let c = cart("AT", &[("A", "36")]);
    let patch = |v: &mut Value| set_price(v, "A", json!({"unit-price": "1.66"}));
    let per_line = book(patch);
    let per_unit = book(|v| {
        patch(v);
        v["settings"]["tax-rounding"] = "per-unit".into();
    });
    assert_eq!(quote(&per_line, &c).tax_total, "11.95");
    assert_eq!(quote(&per_unit, &c).tax_total, "11.88");
}

#[test]
fn rate_group_and_total_rounding() {
    // Three lines of 1 x 1.08 at 19 %. Per line: 3 x round(0.2052) = 3 x 0.21 = 0.63.
    // Per rate group (EN 16931): round(3 x 0.2052 = 0.6156) = 0.62, shared 0.21 + 0.21 + 0.20 (largest
    // remainder, ties to the earlier line).
    let lines = [("A", "1"), ("A", "1"), ("A", "1")];
    assert_eq!(quote(&book(|_| {}), &cart("DE", &lines)).tax_total, "0.63");
    let group = book(|v| v["settings"]["tax-rounding"] = "per-rate-group".into());
    let q = quote(&group, &cart("DE", &lines));
    assert_eq!(q.tax_total, "0.62");
    let line_taxes: Vec<&str> = q.lines.iter().map(|l| l.tax_total.as_str()).collect();
    assert_eq!(line_taxes, ["0.21", "0.21", "0.20"]);
    assert_eq!(q.taxes.len(), 1);
    assert_eq!(
        (q.taxes[0].base.as_str(), q.taxes[0].amount.as_str()),
        ("3.24", "0.62")
    );
    // Per total with two rates: A 1.08 x 19 % = 0.2052, B 1.08 x 7 % = 0.0756. Per line 0.21 + 0.08 = 0.29;
    // per total round(0.2808) = 0.28: floors 0.20 + 0.07, the missing cent goes to the larger remainder
    // (B: 0.0056 > A: 0.0052) -> A 0.20, B 0.08.
    let total = book(|v| v["settings"]["tax-rounding"] = "per-total".into());
    let q = quote(&total, &cart("DE", &[("A", "1"), ("B", "1")]));
    assert_eq!(q.tax_total, "0.28");
    assert_eq!(
        (q.lines[0].tax_total.as_str(), q.lines[1].tax_total.as_str()),
        ("0.20", "0.08")
    );
    assert_eq!(
        quote(&book(|_| {}), &cart("DE", &[("A", "1"), ("B", "1")])).tax_total,
        "0.29"
    );
}

#[test]
fn gross_prices_extract_tax() {
    // 10.00 gross at 19 %: tax = 10 x 19 / 119 = 1.5966... -> 1.60, net 8.40; grand total stays 10.00.
    let e = book(|v| {
        v["price-lists"][0]["prices-include-tax"] = true.into();
        set_price(v, "A", json!({"unit-price": "10.00"}));
    });
    let q = quote(&e, &cart("DE", &[("A", "1")]));
    assert!(q.prices_include_tax);
    let l = &q.lines[0];
    assert_eq!(
        (
            l.subtotal.as_str(),
            l.net.as_str(),
            l.tax_total.as_str(),
            l.gross.as_str()
        ),
        ("10.00", "8.40", "1.60", "10.00")
    );
    assert_eq!(
        (q.net_total.as_str(), q.grand_total.as_str()),
        ("8.40", "10.00")
    );
}

#[test]
fn several_taxes_on_one_line_and_regions() {
    // Canada, Quebec: GST 5 % country-wide plus QST 9.975 % in CA-QC. Net 100.00: GST 5.00,
    // QST 9.975 -> 9.98 (half away from zero), gross 114.98. Outside Quebec only GST: 105.00.
    let e = book(|v| {
        set_price(v, "A", json!({"unit-price": "100.00"}));
        let rules = v["tax"]["rules"].as_array_mut().unwrap();
        rules.push(json!({"id": "ca-gst", "country": "CA", "category": "standard", "rate": "5"}));
        rules.push(json!({"id": "ca-qc-qst", "country": "CA", "region": "CA-QC", "category": "standard", "rate": "9.975"}));
    });
    let mut c = cart("CA", &[("A", "1")]);
    c.region = Some("CA-QC".into());
    let q = quote(&e, &c);
    let taxes: Vec<(&str, &str)> = q.lines[0]
        .taxes
        .iter()
        .map(|t| (t.tax.as_str(), t.amount.as_str()))
        .collect();
    assert_eq!(taxes, [("ca-gst", "5.00"), ("ca-qc-qst", "9.98")]);
    assert_eq!(q.grand_total, "114.98");
    c.region = Some("CA-ON".into());
    assert_eq!(quote(&e, &c).grand_total, "105.00");
    // Gross 11.50 with 5 % + 10 %: each tax = 11.50 x r / 115 -> 0.50 and 1.00, net 10.00.
    let e = book(|v| {
        v["price-lists"][0]["prices-include-tax"] = true.into();
        set_price(v, "A", json!({"unit-price": "11.50"}));
        let rules = v["tax"]["rules"].as_array_mut().unwrap();
        rules.push(json!({"id": "x-5", "country": "CA", "category": "standard", "rate": "5"}));
        rules.push(json!({"id": "x-10", "country": "CA", "category": "standard", "rate": "10"}));
    });
    let l = quote(&e, &cart("CA", &[("A", "1")])).lines.remove(0);
    assert_eq!((l.net.as_str(), l.tax_total.as_str()), ("10.00", "1.50"));
}

#[test]
fn except_regions_drop_a_country_rule() {
    // Spain's VAT does not apply on the Canary Islands (ES-CN), where IGIC 7 % does. Net 10.00:
    // mainland 21 % -> 2.10; ES-CN 7 % -> 0.70.
    let e = book(|v| {
        set_price(v, "A", json!({"unit-price": "10.00"}));
        let rules = v["tax"]["rules"].as_array_mut().unwrap();
        rules.push(json!({"id": "es-vat", "country": "ES", "except-regions": ["ES-CN"], "category": "standard", "rate": "21"}));
        rules.push(json!({"id": "es-cn-igic", "country": "ES", "region": "ES-CN", "category": "standard", "rate": "7"}));
    });
    // Spain's rules are regional, so the cart names its region: Madrid (ES-MD) is mainland.
    let mut c = cart("ES", &[("A", "1")]);
    c.region = Some("ES-MD".into());
    assert_eq!(quote(&e, &c).tax_total, "2.10");
    c.region = Some("ES-CN".into());
    let q = quote(&e, &c);
    assert_eq!(
        (q.tax_total.as_str(), q.taxes[0].tax.as_str()),
        ("0.70", "es-cn-igic")
    );
}

#[test]
fn exempt_customers_and_reverse_charge_pay_no_tax() {
    // Net prices: 3 x 1.08 = 3.24, no tax, grand total 3.24.
    let e = book(|v| {
        v["tax"]["allow-reverse-charge"] = true.into();
        v["tax"]["origin-country"] = "DE".into();
        v["tax"]["rules"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "fr-20", "country": "FR", "category": "standard", "rate": "20"}));
    });
    let mut c = explained(cart("DE", &[("A", "3")]));
    c.tax_exempt = true;
    let q = quote(&e, &c);
    assert_eq!(
        (q.tax_total.as_str(), q.grand_total.as_str()),
        ("0.00", "3.24")
    );
    assert!(q.lines[0].taxes.is_empty());
    assert!(q.trace.iter().any(|s| s.kind == "tax-exempt"));
    // Reverse charge into France (an EU member, not the origin): no tax either.
    let mut c = cart("FR", &[("A", "3")]);
    c.reverse_charge = true;
    assert_eq!(quote(&e, &c).grand_total, "3.24");
    // Gross prices for an exempt customer: 11.90 contains 11.90 x 19/119 = 1.90 tax, so the customer pays 10.00.
    let e = book(|v| {
        v["price-lists"][0]["prices-include-tax"] = true.into();
        set_price(v, "A", json!({"unit-price": "11.90"}));
    });
    let mut c = cart("DE", &[("A", "1")]);
    c.tax_exempt = true;
    let q = quote(&e, &c);
    assert_eq!(
        (
            q.lines[0].net.as_str(),
            q.lines[0].gross.as_str(),
            q.grand_total.as_str()
        ),
        ("10.00", "10.00", "10.00")
    );
}

#[test]
fn price_list_precedence() {
    // base (any) 1.08; base for DE 1.00 (more specific); base for group "vip" in DE 0.90 (more specific still);
    // a sale window 2026-11-27..2026-12-01 at 0.50 (sale beats base).
    let e = book(|v| {
        let lists = v["price-lists"].as_array_mut().unwrap();
        lists.push(json!({"id": "de", "currency": "EUR", "prices-include-tax": false, "countries": ["DE"], "prices": [{"sku": "A", "unit-price": "1.00"}]}));
        lists.push(json!({"id": "vip", "currency": "EUR", "prices-include-tax": false, "countries": ["DE"], "customer-groups": ["vip"], "prices": [{"sku": "A", "unit-price": "0.90"}]}));
        lists.push(json!({"id": "sale", "kind": "sale", "currency": "EUR", "prices-include-tax": false, "valid-from": "2026-11-27T00:00:00Z", "valid-until": "2026-12-01T00:00:00Z", "prices": [{"sku": "A", "unit-price": "0.50"}]}));
    });
    let price_of = |country: &str, group: Option<&str>, at: &str| {
        let mut c = cart(country, &[("A", "1")]);
        c.customer_group = group.map(str::to_string);
        c.at = at.into();
        let l = quote(&e, &c).lines.remove(0);
        (l.price_list, l.unit_price)
    };
    let before = "2026-11-26T23:59:59Z";
    assert_eq!(price_of("AT", None, before), ("net".into(), "1.08".into()));
    assert_eq!(price_of("DE", None, before), ("de".into(), "1.00".into()));
    assert_eq!(
        price_of("DE", Some("vip"), before),
        ("vip".into(), "0.90".into())
    );
    // valid-from is inclusive, valid-until exclusive; offsets are normalised (01:00+01:00 = 00:00Z).
    assert_eq!(
        price_of("DE", Some("vip"), "2026-11-27T01:00:00+01:00"),
        ("sale".into(), "0.50".into())
    );
    assert_eq!(
        price_of("DE", None, "2026-12-01T00:00:00Z"),
        ("de".into(), "1.00".into())
    );
}

#[test]
fn sub_cent_unit_prices_round_at_the_named_point() {
    // 0.0125 x 100 = 1.25 when the line is rounded; rounding the unit first: 0.01 x 100 = 1.00.
    let patch = |v: &mut Value| set_price(v, "TIER", json!({"unit-price": "0.0125"}));
    let line = book(patch);
    let unit = book(|v| {
        patch(v);
        v["settings"]["unit-price-rounding"] = "per-unit".into();
    });
    let c = explained(cart("DE", &[("TIER", "100")]));
    let q = quote(&line, &c);
    assert_eq!(
        (q.lines[0].unit_price.as_str(), q.lines[0].subtotal.as_str()),
        ("0.0125", "1.25")
    );
    let q = quote(&unit, &c);
    assert_eq!(
        (q.lines[0].unit_price.as_str(), q.lines[0].subtotal.as_str()),
        ("0.01", "1.00")
    );
    let r = q.trace.iter().find(|s| s.kind == "rounding").unwrap();
    let params: Vec<(&str, &str)> = r.params.iter().map(|p| (p.name, p.value)).collect();
    assert_eq!(
        params,
        [
            ("point", "unit-price"),
            ("before", "0.0125"),
            ("after", "0.01")
        ]
    );
    // 3 x 0.0125 = 0.0375 -> line-subtotal rounding to 0.04, traced with before/after.
    let q = quote(&line, &explained(cart("DE", &[("TIER", "3")])));
    assert_eq!(q.lines[0].subtotal, "0.04");
    assert!(q
        .trace
        .iter()
        .any(|s| s.kind == "rounding" && s.params.iter().any(|p| p.value == "line-subtotal")));
}

#[test]
fn open_price_items_take_the_host_price() {
    let e = book(|_| {});
    let mut c = cart("DE", &[("GIFT", "2")]);
    c.lines[0].unit_price = Some("25.00".into());
    let q = quote(&e, &c);
    assert_eq!(
        (
            q.lines[0].price_list.as_str(),
            q.lines[0].subtotal.as_str(),
            q.tax_total.as_str()
        ),
        ("open-price", "50.00", "0.00")
    );
}

fn shipping_book() -> Engine {
    book(|v| {
        v["catalog"]["items"][0]["weight"] = "0.4".into();
        v["shipping"] = json!({"methods": [
            {"id": "std", "countries": ["DE", "AT"], "tax-category": "standard", "prices-include-tax": false, "rates": [
                {"currency": "EUR", "countries": ["DE"], "free-from": "50.00", "weight-bands": [
                    {"up-to": "1", "price": "4.00"}, {"up-to": null, "price": "6.00"}]},
                {"currency": "EUR", "flat": "9.00"}
            ]},
            {"id": "express", "countries": ["DE"], "tax-category": "standard", "prices-include-tax": false, "rates": [
                {"currency": "EUR", "subtotal-bands": [{"up-to": "10.00", "price": "12.00"}, {"up-to": null, "price": "8.00"}]}
            ]}
        ]});
    })
}

#[test]
fn shipping_bands_thresholds_and_countries() {
    let e = shipping_book();
    let ship = |country: &str, method: &str, qty: &str| {
        let mut c = cart(country, &[("A", qty)]);
        c.shipping_method = Some(method.into());
        quote(&e, &c)
    };
    // DE, 2 x 0.4 kg = 0.8 kg -> band up to 1 kg: 4.00 net + 19 % = 0.76 tax -> 4.76.
    let q = ship("DE", "std", "2");
    let s = q.shipping.as_ref().unwrap();
    assert_eq!(
        (s.price.as_str(), s.tax_total.as_str(), s.gross.as_str()),
        ("4.00", "0.76", "4.76")
    );
    // Goods 2 x 1.08 = 2.16 net, tax 0.41 -> 2.57; grand total 2.57 + 4.76 = 7.33.
    assert_eq!(q.grand_total, "7.33");
    // 3 x 0.4 = 1.2 kg -> 6.00.
    assert_eq!(ship("DE", "std", "3").shipping.unwrap().price, "6.00");
    // 47 x 1.08 = 50.76 reaches the free-from 50.00 -> 0.00.
    assert_eq!(ship("DE", "std", "47").shipping.unwrap().price, "0.00");
    // AT takes the rate for all countries: flat 9.00, taxed at AT's 20 % -> 10.80.
    assert_eq!(ship("AT", "std", "1").shipping.unwrap().gross, "10.80");
    // Express by goods total: 2.16 <= 10.00 -> 12.00; 10 x 1.08 = 10.80 > 10.00 -> 8.00.
    assert_eq!(ship("DE", "express", "2").shipping.unwrap().price, "12.00");
    assert_eq!(ship("DE", "express", "10").shipping.unwrap().price, "8.00");
    // Express does not serve AT.
    let mut c = cart("AT", &[("A", "1")]);
    c.shipping_method = Some("express".into());
    let err = e.quote(&c).unwrap_err();
    assert_eq!(err.problems[0].code, "shipping-method-unavailable");
}

#[test]
fn cash_rounding_when_asked_and_available() {
    // CHF has a 0.05 cash increment: 1 x 1.47 net, exempt category -> grand 1.47, payable 1.45 (half away
    // from zero: 1.47 is nearer 1.45), adjustment -0.02. EUR has none: payable stays absent.
    let e = book(|v| {
        v["price-lists"].as_array_mut().unwrap().push(json!({"id": "chf", "currency": "CHF", "prices-include-tax": false, "prices": [{"sku": "TIER", "unit-price": "1.47"}]}));
    });
    let mut c = cart("DE", &[("TIER", "1")]);
    c.currency = "CHF".into();
    c.cash_rounding = true;
    let q = quote(&e, &c);
    assert_eq!(
        (
            q.grand_total.as_str(),
            q.payable.as_deref(),
            q.cash_rounding_adjustment.as_deref()
        ),
        ("1.47", Some("1.45"), Some("-0.02"))
    );
    let mut c = cart("DE", &[("TIER", "1")]);
    c.cash_rounding = true;
    assert_eq!(quote(&e, &c).payable, None);
}
