//! Order rules: every cart rule and checkout rule with its code and JSON Pointer, all problems at once, and
//! the contract that a cart quotes exactly when validate finds no error under /cart.

use kassa_core::api::{Address, Cart, CartLine, Order};
use kassa_core::{Engine, Severity};
use proptest::prelude::*;

fn engine() -> Engine {
    let text = std::fs::read_to_string(format!(
        "{}/../examples/rulebook.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    Engine::load(&text).unwrap()
}

fn line(sku: &str, q: &str) -> CartLine {
    CartLine {
        sku: sku.into(),
        quantity: q.into(),
        unit_price: None,
        taxes: None,
        attributes: Vec::new(),
    }
}

fn cart(lines: Vec<CartLine>) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-24T09:30:00Z".into(),
        country: Some("DE".into()),
        lines,
        ..Cart::default()
    }
}

fn address(country: &str) -> Address {
    Address {
        name: Some("Anna".into()),
        lines: vec!["Hauptstr. 1".into()],
        city: Some("Berlin".into()),
        postal_code: None,
        region: None,
        country: country.into(),
    }
}

fn order(c: Cart) -> Order {
    Order {
        cart: c,
        email: Some("anna@example.com".into()),
        shipping_address: Some(address("DE")),
        ..Order::default()
    }
}

fn found(o: &Order) -> Vec<(String, String)> {
    engine()
        .validate(o)
        .problems
        .into_iter()
        .map(|p| (p.code, p.path))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_good_order_is_valid() {
    let mut c = cart(vec![line("TEE", "2"), line("EBOOK", "1")]);
    c.shipping_method = Some("standard".into());
    let report = engine().validate(&order(c));
    assert!(report.valid, "{:#?}", report.problems);
    assert!(report.problems.is_empty());
}

#[test]
fn line_rules_report_every_violation_with_its_path() {
    let mut c = cart(vec![
        line("NOPE", "1"),     // sku-unknown
        line("MUG", "1"),      // item-inactive
        line("TEE", "11"),     // max 10
        line("COFFEE", "0.1"), // min 0.25 and step 0.25
        line("BOOK", "1.5"),   // step 1 (default)
        line("PEN", "0"),      // quantity-invalid
        line("PEN", "1e3"),    // invalid-decimal
    ]);
    c.lines.push(CartLine {
        sku: "TEE".into(),
        quantity: "1".into(),
        unit_price: Some("1.00".into()),
        taxes: None,
        attributes: Vec::new(),
    });
    let got = found(&order(c));
    assert_eq!(
        got,
        pairs(&[
            ("sku-unknown", "/cart/lines/0/sku"),
            ("item-inactive", "/cart/lines/1/sku"),
            ("quantity-above-max", "/cart/lines/2/quantity"),
            ("quantity-below-min", "/cart/lines/3/quantity"),
            ("quantity-step", "/cart/lines/3/quantity"),
            ("quantity-step", "/cart/lines/4/quantity"),
            ("quantity-invalid", "/cart/lines/5/quantity"),
            ("invalid-decimal", "/cart/lines/6/quantity"),
            ("unit-price-not-allowed", "/cart/lines/7/unit-price"),
        ])
    );
}

#[test]
fn cart_level_rules() {
    // Currency not sold, destination not shipped to, invalid timestamp, empty cart.
    let mut c = cart(vec![]);
    c.currency = "USD".into();
    c.country = Some("FR".into());
    c.at = "2026-11-24 09:30".into();
    let got = found(&order(c));
    assert_eq!(
        &got[..4],
        &pairs(&[
            ("currency-not-sold", "/cart/currency"),
            ("timestamp-invalid", "/cart/at"),
            ("country-not-shipped", "/cart/country"),
            ("cart-empty", "/cart/lines"),
        ])[..]
    );
    // Unknown country code, region of another country.
    let mut c = cart(vec![line("EBOOK", "1")]);
    c.region = Some("AT-9".into());
    assert_eq!(
        found(&order(c))[0],
        ("region-invalid".to_string(), "/cart/region".to_string())
    );
    let mut c = cart(vec![line("EBOOK", "1")]);
    c.country = Some("XX".into());
    assert_eq!(
        found(&order(c))[0],
        ("unknown-country".to_string(), "/cart/country".to_string())
    );
}

#[test]
fn order_quantity_and_total_limits() {
    // max-quantity 500: 300 + 300 pens = 600.
    let got = found(&order(cart(vec![line("PEN", "300"), line("PEN", "300")])));
    assert_eq!(got, pairs(&[("order-quantity-exceeded", "/cart/lines")]));
    // EUR max 5000.00: 210 books x 24.00 = 5040.00 (no shipping) is above it.
    let got = found(&order(cart(vec![line("BOOK", "210")])));
    assert_eq!(got, pairs(&[("total-above-maximum", "/cart")]));
    // CHF min 10.00: 1 pen at 1.45 CHF.
    let mut c = cart(vec![line("PEN", "1")]);
    c.currency = "CHF".into();
    c.country = Some("CH".into());
    let mut o = order(c);
    o.shipping_address = Some(address("CH"));
    assert_eq!(found(&o), pairs(&[("total-below-minimum", "/cart")]));
}

#[test]
fn shipping_reverse_charge_and_coupons() {
    let mut c = cart(vec![line("TEE", "1")]);
    c.shipping_method = Some("drone".into());
    assert_eq!(
        found(&order(c)),
        pairs(&[("shipping-method-unknown", "/cart/shipping-method")])
    );
    let mut c = cart(vec![line("TEE", "1")]);
    c.country = Some("AT".into());
    c.shipping_method = Some("express".into());
    let mut o = order(c);
    o.shipping_address = Some(address("AT"));
    assert_eq!(
        found(&o),
        pairs(&[("shipping-method-unavailable", "/cart/shipping-method")])
    );
    // Reverse charge in the origin country is not allowed, and needs a VAT id.
    let mut c = cart(vec![line("EBOOK", "1")]);
    c.reverse_charge = true;
    assert_eq!(
        found(&order(c)),
        pairs(&[
            ("reverse-charge-not-allowed", "/cart/reverse-charge"),
            ("vat-id-required", "/vat-id")
        ])
    );
    // A code the rulebook does not define is an error (known coupons that cannot apply are warnings:
    // core/tests/promotion.rs).
    let mut c = cart(vec![line("EBOOK", "1")]);
    c.coupons = vec!["NO-SUCH-COUPON".into()];
    assert_eq!(
        found(&order(c)),
        pairs(&[("coupon-unknown", "/cart/coupons/0")])
    );
}

#[test]
fn checkout_fields() {
    // Physical goods without an address, no email.
    let o = Order {
        cart: cart(vec![line("TEE", "1")]),
        ..Order::default()
    };
    assert_eq!(
        found(&o),
        pairs(&[
            ("email-required", "/email"),
            ("shipping-address-required", "/shipping-address")
        ])
    );
    // Digital goods need no address; an address in another country than the cart's is a mismatch.
    let o = Order {
        cart: cart(vec![line("EBOOK", "1")]),
        email: Some("anna@example.com".into()),
        ..Order::default()
    };
    assert!(engine().validate(&o).valid);
    let mut o = order(cart(vec![line("TEE", "1")]));
    o.shipping_address = Some(address("AT"));
    assert_eq!(
        found(&o),
        pairs(&[("shipping-country-mismatch", "/shipping-address/country")])
    );
    // Field formats come from the fields layer, under the field's path.
    let mut o = order(cart(vec![line("TEE", "1")]));
    o.email = Some("anna.example.com".into());
    let got = found(&o);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "/email");
}

#[test]
fn quote_fails_with_cart_invalid_and_every_cart_error() {
    let c = cart(vec![line("NOPE", "1"), line("TEE", "11")]);
    let e = engine().quote(&c).unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    let got: Vec<(String, String)> = e
        .problems
        .iter()
        .map(|p| (p.code.clone(), p.path.clone()))
        .collect();
    assert_eq!(
        got,
        pairs(&[
            ("sku-unknown", "/lines/0/sku"),
            ("quantity-above-max", "/lines/1/quantity")
        ])
    );
    assert_eq!(e.params[0].value, "2");
}

#[test]
fn limits_are_errors_naming_the_limit() {
    let c = cart((0..1001).map(|_| line("PEN", "1")).collect());
    let e = engine().quote(&c).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.params[0].value.as_str()),
        ("limit-exceeded", "lines")
    );
    // validate reports it as one problem under /cart.
    let r = engine().validate(&order(c));
    assert_eq!(r.problems[0].code, "limit-exceeded");
    assert_eq!(r.problems[0].path, "/cart/lines");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// A cart quotes exactly when validate reports no error under /cart, and the problems are the same.
    #[test]
    fn quote_and_validate_agree(
        picks in prop::collection::vec((prop::sample::select(vec!["TEE", "BOOK", "EBOOK", "PEN", "INK", "CAPSULE", "COFFEE", "GIFTCARD", "MUG", "NOPE"]),
            prop::sample::select(vec!["1", "2", "0.25", "0.5", "11", "0", "-1", "3.7", "250", "01"])), 0..6),
        country in prop::sample::select(vec![Some("DE"), Some("AT"), Some("CH"), Some("FR"), None]),
        currency in prop::sample::select(vec!["EUR", "CHF", "USD"]),
        method in prop::sample::select(vec![None, Some("standard"), Some("express"), Some("post-ch"), Some("drone")]),
        reverse in any::<bool>(),
    ) {
        let mut c = cart(picks.iter().map(|(s, q)| line(s, q)).collect());
        c.country = country.map(str::to_string);
        c.currency = currency.into();
        c.shipping_method = method.map(str::to_string);
        c.reverse_charge = reverse;
        let e = engine();
        let quoted = e.quote(&c);
        let report = e.validate(&order(c));
        let cart_errors: Vec<(String, String)> = report.problems.iter()
            .filter(|p| p.severity == Severity::Error && p.path.starts_with("/cart"))
            .map(|p| (p.code.clone(), p.path["/cart".len()..].to_string())).collect();
        match quoted {
            Ok(_) => prop_assert!(cart_errors.is_empty(), "quoted but {:?}", cart_errors),
            Err(err) => {
                prop_assert_eq!(err.code.as_str(), "cart-invalid");
                let got: Vec<(String, String)> = err.problems.iter().map(|p| (p.code.clone(), p.path.clone())).collect();
                prop_assert_eq!(got, cart_errors);
            }
        }
    }
}
