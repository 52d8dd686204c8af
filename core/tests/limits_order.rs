//! The `string-bytes` limit (docs/limits.md: 1024 bytes) covers what the customer entered in an order — e-mail,
//! phone, VAT id and every address field — not only the cart's strings.

use kassa_core::api::{Address, Cart, CartLine, Order};
use kassa_core::Engine;

fn engine() -> Engine {
    let text = std::fs::read_to_string(format!(
        "{}/../examples/rulebook.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    Engine::load(&text).unwrap()
}

fn address() -> Address {
    Address {
        name: Some("Anna".into()),
        lines: vec!["Hauptstr. 1".into()],
        city: Some("Berlin".into()),
        postal_code: Some("10115".into()),
        region: None,
        country: "DE".into(),
    }
}

fn order() -> Order {
    Order {
        cart: Cart {
            currency: "EUR".into(),
            at: "2026-05-01T12:00:00Z".into(),
            country: Some("DE".into()),
            lines: vec![CartLine {
                sku: "TEE".into(),
                quantity: "1".into(),
                unit_price: None,
                taxes: None,
                attributes: Vec::new(),
            }],
            ..Cart::default()
        },
        email: Some("anna@example.com".into()),
        shipping_address: Some(address()),
        ..Order::default()
    }
}

/// The limit-exceeded problems of a validation, as (path, actual).
fn over_limit(o: &Order) -> Vec<(String, String)> {
    engine()
        .validate(o)
        .problems
        .into_iter()
        .filter(|p| p.code == "limit-exceeded")
        .map(|p| {
            assert_eq!(p.params[0].value, "string-bytes");
            assert_eq!(p.params[1].value, "1024");
            (p.path, p.params[2].value.clone())
        })
        .collect()
}

#[test]
fn the_base_order_is_valid() {
    assert!(engine().validate(&order()).valid);
}

#[test]
fn every_order_field_is_limited_to_1024_bytes() {
    // 1025 bytes: 1023 ASCII letters and one two-byte "é" (bytes are counted, not characters).
    let long = format!("{}é", "a".repeat(1023));
    assert_eq!(long.len(), 1025);
    type Edit<'a> = Box<dyn Fn(&mut Order) + 'a>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "/email",
            Box::new(|o: &mut Order| o.email = Some(long.clone())),
        ),
        (
            "/phone",
            Box::new(|o: &mut Order| o.phone = Some(long.clone())),
        ),
        (
            "/vat-id",
            Box::new(|o: &mut Order| o.vat_id = Some(long.clone())),
        ),
        (
            "/shipping-address/name",
            Box::new(|o: &mut Order| {
                o.shipping_address.as_mut().unwrap().name = Some(long.clone())
            }),
        ),
        (
            "/shipping-address/lines/1",
            Box::new(|o: &mut Order| {
                o.shipping_address
                    .as_mut()
                    .unwrap()
                    .lines
                    .push(long.clone())
            }),
        ),
        (
            "/shipping-address/city",
            Box::new(|o: &mut Order| {
                o.shipping_address.as_mut().unwrap().city = Some(long.clone())
            }),
        ),
        (
            "/shipping-address/postal-code",
            Box::new(|o: &mut Order| {
                o.shipping_address.as_mut().unwrap().postal_code = Some(long.clone())
            }),
        ),
        (
            "/shipping-address/region",
            Box::new(|o: &mut Order| {
                o.shipping_address.as_mut().unwrap().region = Some(long.clone())
            }),
        ),
        (
            "/shipping-address/country",
            Box::new(|o: &mut Order| o.shipping_address.as_mut().unwrap().country = long.clone()),
        ),
        (
            "/billing-address/city",
            Box::new(|o: &mut Order| {
                let mut a = address();
                a.city = Some(long.clone());
                o.billing_address = Some(a);
            }),
        ),
    ];
    for (path, set) in cases {
        let mut o = order();
        set(&mut o);
        assert_eq!(
            over_limit(&o),
            [(path.to_string(), "1025".to_string())],
            "{path}"
        );
        let report = engine().validate(&o);
        assert!(!report.valid, "{path}");
        // The field is not examined any further: the limit is the only order problem.
        let order_problems: Vec<&str> = report
            .problems
            .iter()
            .filter(|p| !p.path.starts_with("/cart"))
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(order_problems, ["limit-exceeded"], "{path}");
    }
}

#[test]
fn exactly_1024_bytes_are_within_the_limit() {
    let mut o = order();
    o.shipping_address.as_mut().unwrap().name = Some("a".repeat(1024));
    assert_eq!(over_limit(&o), []);
    assert!(engine().validate(&o).valid);
}
