//! Line options' surcharges (docs/rulebook.md, "Surcharges") against an oracle computed here with
//! rust_decimal's own rounding: the unit price is the list price plus the chosen options' surcharges, the
//! subtotal the model's amount rounded plus each surcharge x quantity rounded (rounding point
//! `line-surcharge`), half-even; the line is taxed whole (net + tax = gross = subtotal for gross prices).

use kassa_core::api::{Attribute, Cart, CartLine};
use kassa_core::Engine;
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::json;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Item P at `price` cents (gross at 19 %, or net), options o0..o(n-1), each with value "a" costing
/// `surcharges[i]` cents a unit and value "b" costing nothing.
fn rulebook(price: i64, surcharges: &[i64], gross: bool) -> String {
    let options: Vec<_> = surcharges
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"name": format!("o{i}"), "on": "line", "values": ["a", "b"],
                   "surcharges": [{"value": "a", "currency": "EUR", "amount": cents(*s).to_string()}]})
        })
        .collect();
    json!({"kassa": "1", "id": "s", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "P", "tax-category": "std", "quantity": {"step": "0.001"}}]},
        "attributes": options,
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": gross,
                         "prices": [{"sku": "P", "unit-price": cents(price).to_string()}]}],
        "tax": {"categories": [{"id": "std"}], "rules": [{"id": "de", "country": "DE", "category": "std", "rate": "19"}]}})
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn surcharges_add_to_the_unit_price_and_the_subtotal(
        price in 0i64..1_000_000,
        surcharges in prop::collection::vec(0i64..10_000, 1..5),
        chosen in prop::collection::vec(any::<bool>(), 5),
        milli in 1i64..100_000,
        gross in any::<bool>(),
    ) {
        let engine = Engine::load(&rulebook(price, &surcharges, gross)).unwrap();
        let quantity = Decimal::new(milli, 3).normalize();
        let attributes: Vec<Attribute> = (0..surcharges.len())
            .map(|i| Attribute { name: format!("o{i}"), value: if chosen[i] { "a" } else { "b" }.into() })
            .collect();
        let cart = Cart {
            currency: "EUR".into(), at: "2026-01-01T00:00:00Z".into(),
            lines: vec![CartLine { sku: "P".into(), quantity: quantity.to_string().into(), unit_price: None, taxes: None,
                                   attributes: attributes.clone() }],
            ..Cart::default()
        };
        let q = engine.quote(&cart).unwrap();
        let l = &q.lines[0];
        let round = |x: Decimal| x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
        let added: Vec<(usize, Decimal)> =
            (0..surcharges.len()).filter(|&i| chosen[i]).map(|i| (i, cents(surcharges[i]))).collect();
        let unit = cents(price) + added.iter().map(|(_, s)| *s).sum::<Decimal>();
        let subtotal = round(cents(price) * quantity) + added.iter().map(|(_, s)| round(*s * quantity)).sum::<Decimal>();
        prop_assert_eq!(d(&l.unit_price), unit);
        prop_assert_eq!(d(&l.subtotal), subtotal);
        // Only the chosen options' surcharges are listed, in the line's order, each amount rounded alone.
        prop_assert_eq!(l.surcharges.len(), added.len());
        for (s, (i, unit_amount)) in l.surcharges.iter().zip(&added) {
            prop_assert_eq!(&s.attribute, &format!("o{i}"));
            prop_assert_eq!(d(&s.unit_amount), *unit_amount);
            prop_assert_eq!(d(&s.amount), round(*unit_amount * quantity));
        }
        prop_assert_eq!(&l.attributes, &attributes);
        // Taxed like its line: the whole subtotal at 19 %, and net + tax = gross.
        prop_assert_eq!(d(&l.net) + d(&l.tax_total), d(&l.gross));
        let (net, tax) = if gross {
            let tax = round(subtotal * d("19") / d("119"));
            (subtotal - tax, tax)
        } else {
            (subtotal, round(subtotal * d("19") / d("100")))
        };
        prop_assert_eq!(d(&l.net), net);
        prop_assert_eq!(d(&l.tax_total), tax);
    }
}
