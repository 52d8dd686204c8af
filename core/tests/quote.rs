//! The whole quote: the example store's cart against a hand computation, the trace, and the invariants on
//! random carts and rulebooks (proptest), each checked independently of the engine's own bookkeeping.

use kassa_core::api::{Cart, CartLine, Quote};
use kassa_core::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn example_cart_matches_the_hand_computation() {
    // examples/cart.json on examples/rulebook.json (gross prices, tax per line, half away from zero), at
    // 2026-11-28 in DE, inside the Black Friday window:
    //   TEE     2 x 15.00 (sale)           = 30.00; tax 30.00 x 19/119 = 4.7899 -> 4.79; net 25.21
    //   BOOK    1 x 24.00                  = 24.00; tax 24.00 x 7/107  = 1.5701 -> 1.57; net 22.43
    //   PEN     12 in tier 2 (10..49) 0.95 = 11.40; tax 11.40 x 19/119 = 1.8202 -> 1.82; net  9.58
    //   CAPSULE 25 -> 3 packs of 10 x 3.50 = 10.50; tax 10.50 x 19/119 = 1.6765 -> 1.68; net  8.82
    //   shipping: 0.4 + 0.5 + 0.12 + 0.15 = 1.17 kg -> band up to 5 kg = 6.90 (goods 75.90 < free-from 100.00);
    //             tax-policy proportional: split by the goods' nets, standard 25.21 + 9.58 + 8.82 = 43.61 and
    //             reduced 22.43: 690 x 4361/6604 = 455.65 and 690 x 2243/6604 = 234.35 cents, floors 689, the
    //             cent to the larger remainder (standard): 4.56 and 2.34;
    //             tax 4.56 x 19/119 = 0.7281 -> 0.73 (net 3.83), 2.34 x 7/107 = 0.1531 -> 0.15 (net 2.19):
    //             0.88, net 6.02
    //   de-vat-standard: 4.79 + 1.82 + 1.68 + 0.73 = 9.02 on 25.21 + 9.58 + 8.82 + 3.83 = 47.44
    //   de-vat-reduced:  1.57 + 0.15 = 1.72 on 22.43 + 2.19 = 24.62
    //   net total 72.06 + tax 10.74 = grand total 82.80 (= 75.90 goods + 6.90 shipping, all gross).
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let cart: Cart = serde_json::from_str(&example("cart.json")).unwrap();
    let q = engine.quote(&cart).unwrap();
    let lines: Vec<(&str, &str, &str, &str, &str)> = q
        .lines
        .iter()
        .map(|l| {
            (
                l.sku.as_str(),
                l.subtotal.as_str(),
                l.net.as_str(),
                l.tax_total.as_str(),
                l.price_list.as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("TEE", "30.00", "25.21", "4.79", "black-friday"),
            ("BOOK", "24.00", "22.43", "1.57", "eur-retail"),
            ("PEN", "11.40", "9.58", "1.82", "eur-retail"),
            ("CAPSULE", "10.50", "8.82", "1.68", "eur-retail"),
        ]
    );
    let s = q.shipping.as_ref().unwrap();
    assert_eq!(
        (s.price.as_str(), s.net.as_str(), s.tax_total.as_str()),
        ("6.90", "6.02", "0.88")
    );
    let taxes: Vec<(&str, &str, &str, &str)> = q
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
        taxes,
        [
            ("de-vat-standard", "19", "47.44", "9.02"),
            ("de-vat-reduced", "7", "24.62", "1.72")
        ]
    );
    assert_eq!(
        (
            q.subtotal.as_str(),
            q.net_total.as_str(),
            q.tax_total.as_str(),
            q.grand_total.as_str()
        ),
        ("75.90", "72.06", "10.74", "82.80")
    );
    assert!(q.prices_include_tax);
    assert_eq!(
        (q.payable.as_deref(), q.discount_total.as_str()),
        (None, "0.00")
    );
    // The trace names the list and tier of each line, in cart order, before shipping and tax.
    let kinds: Vec<&str> = q.trace.iter().map(|s| s.kind).collect();
    assert_eq!(
        &kinds[..5],
        ["price", "price", "price", "price", "shipping"]
    );
    assert!(
        q.trace
            .get(2)
            .unwrap()
            .message
            .contains("tier 2 (above 9 up to 49)"),
        "{}",
        q.trace.get(2).unwrap().message
    );
    assert!(q
        .trace
        .iter()
        .any(|s| s.kind == "tax" && s.path == "/lines/1" && s.message.contains("de-vat-reduced")));
}

#[test]
fn the_example_cart_round_trips_through_canonical_json() {
    // The quote is plain data: its canonical JSON has the WIT's kebab-case keys.
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let cart: Cart = serde_json::from_str(&example("cart.json")).unwrap();
    let v = serde_json::to_value(engine.quote(&cart).unwrap()).unwrap();
    assert_eq!(v["grand-total"], "82.80");
    assert_eq!(v["lines"][0]["price-list"], "black-friday");
}

// ---- invariants on random carts and rulebooks ------------------------------------------------------------

/// A random rulebook: net or gross prices, a rounding level, and per-sku unit prices with up to 4 decimals.
fn rulebook(gross: bool, level: &str, prices: &[(i64, u32)], rates: &[&str]) -> String {
    let items: Vec<_> = (0..prices.len())
        .map(|i| json!({"sku": format!("S{i}"), "tax-category": format!("c{}", i % rates.len())}))
        .collect();
    let list: Vec<_> = prices
        .iter()
        .enumerate()
        .map(|(i, (m, s))| json!({"sku": format!("S{i}"), "unit-price": Decimal::new(*m, *s).to_string()}))
        .collect();
    let cats: Vec<_> = (0..rates.len())
        .map(|i| json!({"id": format!("c{i}")}))
        .collect();
    let rules: Vec<_> = rates
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"id": format!("r{i}"), "country": "DE", "category": format!("c{i}"), "rate": r}))
        .collect();
    json!({"kassa": "1", "id": "p", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": level},
        "catalog": {"items": items},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": gross, "prices": list}],
        "tax": {"categories": cats, "rules": rules}})
    .to_string()
}

fn sum(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, |a, b| a + b)
}

/// Checks that hold for every quote, recomputed from its strings.
fn check_invariants(q: &Quote, exact_tax: Decimal, lines: usize, level: &str) {
    let cents = |s: &str| {
        let v = d(s);
        assert!(v.scale() == 2, "{s} is not formatted with 2 decimals");
        assert!(v >= Decimal::ZERO, "{s} is negative");
        v
    };
    assert_eq!(
        sum(q.lines.iter().map(|l| cents(&l.subtotal))),
        cents(&q.subtotal)
    );
    for l in &q.lines {
        assert_eq!(cents(&l.net) + cents(&l.tax_total), cents(&l.gross));
        assert_eq!(
            sum(l.taxes.iter().map(|t| cents(&t.amount))),
            cents(&l.tax_total)
        );
        let basis = if q.prices_include_tax {
            &l.gross
        } else {
            &l.net
        };
        assert_eq!(cents(basis), cents(&l.subtotal));
    }
    assert_eq!(
        sum(q.lines.iter().map(|l| cents(&l.net))),
        cents(&q.net_total)
    );
    assert_eq!(
        sum(q.taxes.iter().map(|t| cents(&t.amount))),
        cents(&q.tax_total)
    );
    assert_eq!(
        cents(&q.net_total) + cents(&q.tax_total),
        cents(&q.grand_total)
    );
    // Rounding error bounds: per total at most half a cent; per line and per rate group half a cent per part.
    // (The oracle divides with 28 significant digits, so allow for its own last-digit error.)
    let err = (cents(&q.tax_total) - exact_tax).abs() - d("0.000000000001");
    let bound = match level {
        "per-total" => d("0.005"),
        _ => d("0.005") * Decimal::from(lines as u64 * 2),
    };
    if level != "per-unit" {
        assert!(
            err <= bound,
            "tax {} vs exact {exact_tax} ({level})",
            q.tax_total
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn invariants_hold_on_random_carts(
        gross in any::<bool>(),
        level in prop::sample::select(vec!["per-unit", "per-line", "per-rate-group", "per-total"]),
        prices in prop::collection::vec((0i64..10_000_000, 0u32..5), 1..6),
        rates in prop::collection::vec(prop::sample::select(vec!["0", "5", "7", "7.7", "19", "20", "21", "8.1"]), 1..4),
        picks in prop::collection::vec((0usize..100, 1u32..200), 1..12),
    ) {
        let engine = Engine::load(&rulebook(gross, level, &prices, &rates)).unwrap();
        let lines: Vec<CartLine> = picks.iter().map(|(i, q)| CartLine {
            sku: format!("S{}", i % prices.len()), quantity: q.to_string().into(), unit_price: None, taxes: None, attributes: Vec::new() }).collect();
        let cart = Cart { currency: "EUR".into(), at: "2026-01-01T00:00:00Z".into(), country: Some("DE".into()),
            lines: lines.clone(), ..Cart::default() };
        let q = engine.quote(&cart).unwrap();
        // The exact tax, computed here from the quote's own rounded subtotals and the random rates.
        let mut exact = Decimal::ZERO;
        for (l, (i, _)) in q.lines.iter().zip(&picks) {
            let rate = d(rates[(i % prices.len()) % rates.len()]);
            let amount = d(&l.subtotal);
            exact += if gross { amount * rate / (Decimal::ONE_HUNDRED + rate) } else { amount * rate / Decimal::ONE_HUNDRED };
        }
        check_invariants(&q, exact, picks.len(), level);
    }

    #[test]
    fn graduated_tiers_match_a_unit_by_unit_count(
        bounds in prop::collection::btree_set(1u32..60, 0..5),
        cents in prop::collection::vec(0i64..5000, 6),
        quantity in 1u32..120,
    ) {
        // An independent oracle: price each unit 1..=q at the tier whose range holds it, and add.
        let bounds: Vec<u32> = bounds.into_iter().collect();
        let tiers: Vec<_> = (0..=bounds.len()).map(|k| json!({
            "up-to": bounds.get(k).map(|b| b.to_string()),
            "unit-price": Decimal::new(cents[k], 2).to_string()})).collect();
        let book = json!({"kassa": "1", "id": "g", "version": "1",
            "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
            "catalog": {"items": [{"sku": "G", "tax-category": "none"}]},
            "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false,
                "prices": [{"sku": "G", "graduated": tiers}, ]}],
            "tax": {"categories": [{"id": "none", "exempt": true}]}});
        let engine = Engine::load(&book.to_string()).unwrap();
        let cart = Cart { currency: "EUR".into(), at: "2026-01-01T00:00:00Z".into(), country: Some("DE".into()),
            lines: vec![CartLine { sku: "G".into(), quantity: quantity.to_string().into(), unit_price: None, taxes: None, attributes: Vec::new() }], ..Cart::default() };
        let mut expected = Decimal::ZERO;
        for unit in 1..=quantity {
            let k = bounds.iter().position(|b| unit <= *b).unwrap_or(bounds.len());
            expected += Decimal::new(cents[k], 2);
        }
        let q = engine.quote(&cart).unwrap();
        prop_assert_eq!(d(&q.lines[0].subtotal), expected);
    }
}
