//! shipping-options: every method of the rulebook for a cart, against hand computations on the example store,
//! postal zones (prefixes, ranges, per country, most specific first), the postal-code rules of cart and order,
//! and the defining property on random carts: each option is exactly what a quote with that method shows.

use kassa_core::api::{Cart, Order, ShippingOption};
use kassa_core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn cart(v: Value) -> Cart {
    serde_json::from_value(v).unwrap()
}

/// (method, price, discount, net, tax, gross) of an available option, or (method, code, path) of an
/// unavailable one, as one string each so that a whole list compares in one assertion.
fn summary(options: &[ShippingOption]) -> Vec<String> {
    options
        .iter()
        .map(|o| match (&o.shipping, &o.unavailable) {
            (Some(s), None) => format!(
                "{} {} -{} net {} tax {} gross {}",
                o.method, s.price, s.discount_total, s.net, s.tax_total, s.gross
            ),
            (None, Some(p)) => format!("{} unavailable {} at {}", o.method, p.code, p.path),
            _ => panic!("an option is either priced or unavailable: {o:?}"),
        })
        .collect()
}

#[test]
fn a_german_cart_with_one_book_on_the_example_store() {
    // examples/rulebook.json, DE, one BOOK (24.00 gross, 0.5 kg), outside Black Week (no free-shipping promotion):
    //   standard: DE rate, weight 0.5 kg -> band up to 1 kg = 4.90 (goods 24.00 < free-from 100.00), gross prices;
    //             shipping follows the goods (tax-policy proportional), all reduced:
    //             tax 4.90 x 7/107 = 0.3206 -> 0.32, net 4.58
    //   express:  subtotal band up to 100.00 = 14.90; tax 14.90 x 7/107 = 0.9748 -> 0.97, net 13.93
    //   post-ch:  serves CH only -> shipping-method-unavailable at /shipping-method
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let c = cart(json!({
        "currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": "DE",
        "lines": [{"sku": "BOOK", "quantity": "1"}], "shipping-method": "post-ch"
    }));
    assert_eq!(
        summary(&engine.shipping_options(&c).unwrap()),
        [
            "standard 4.90 -0.00 net 4.58 tax 0.32 gross 4.90",
            "express 14.90 -0.00 net 13.93 tax 0.97 gross 14.90",
            "post-ch unavailable shipping-method-unavailable at /shipping-method",
        ]
    );
}

#[test]
fn a_free_shipping_promotion_shows_as_the_options_discount() {
    // Black Week (2026-11-28), DE, coupon FREESHIP, 3 x BOOK = 72.00 >= 50.00: black-week-shipping takes the
    // whole shipping off.
    //   standard: 1.5 kg -> band up to 5 kg = 6.90, discount 6.90 -> net 0.00, tax 0.00, gross 0.00
    //   express:  goods 72.00 <= 100.00 -> 14.90, discount 14.90 -> 0.00
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let c = cart(json!({
        "currency": "EUR", "at": "2026-11-28T10:00:00Z", "country": "DE",
        "lines": [{"sku": "BOOK", "quantity": "3"}], "coupons": ["FREESHIP"]
    }));
    assert_eq!(
        summary(&engine.shipping_options(&c).unwrap()),
        [
            "standard 6.90 -6.90 net 0.00 tax 0.00 gross 0.00",
            "express 14.90 -14.90 net 0.00 tax 0.00 gross 0.00",
            "post-ch unavailable shipping-method-unavailable at /shipping-method",
        ]
    );
}

#[test]
fn a_cart_that_does_not_quote_fails_the_call_as_its_quote_would() {
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let c = cart(json!({
        "currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": "DE",
        "lines": [{"sku": "NOPE", "quantity": "1"}]
    }));
    let e = engine.shipping_options(&c).unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(e.problems[0].code, "sku-unknown");
    assert_eq!(e.problems[0].path, "/lines/0/sku");
}

/// A store shipping DE and AT: "zoned" has a rate for the DE islands (postal codes 25938-25999 and 18565, the
/// prefix "2699" is not an island), one for the rest of DE and one for AT's postal zone "67" (Vorarlberg);
/// "islands" serves only the zone.
fn zoned_rulebook(extra_zone: Value) -> String {
    json!({
        "kassa": "1", "id": "zones", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "A", "tax-category": "none", "weight": "1"}]},
        "price-lists": [{"id": "eur", "currency": "EUR", "prices-include-tax": false,
                         "prices": [{"sku": "A", "unit-price": "10.00"}]}],
        "tax": {"categories": [{"id": "none", "exempt": true}], "rules": []},
        "shipping": {"methods": [
            {"id": "zoned", "tax-category": "none", "prices-include-tax": false, "rates": [
                {"currency": "EUR", "countries": ["DE"], "flat": "5.00"},
                {"currency": "EUR", "flat": "20.00", "postal-codes": [
                    {"country": "DE", "from": "25938", "to": "25999"},
                    {"country": "DE", "prefix": "18565"},
                    extra_zone
                ]},
                {"currency": "EUR", "flat": "9.00"}
            ]},
            {"id": "islands", "tax-category": "none", "prices-include-tax": false, "rates": [
                {"currency": "EUR", "flat": "30.00",
                 "postal-codes": [{"country": "DE", "from": "25938", "to": "25999"}]}
            ]}
        ]}
    })
    .to_string()
}

fn options_for(engine: &Engine, country: &str, postal: Option<&str>) -> Vec<String> {
    let c = cart(json!({
        "currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": country, "postal-code": postal,
        "lines": [{"sku": "A", "quantity": "1"}]
    }));
    summary(&engine.shipping_options(&c).unwrap())
}

#[test]
fn postal_zones_beat_country_rates_which_beat_rates_for_everywhere() {
    let engine = Engine::load(&zoned_rulebook(json!({"country": "AT", "prefix": "67"}))).unwrap();
    let cases: [(&str, Option<&str>, &str, &str); 8] = [
        // Sylt 25980: in the range -> the zoned rate 20.00; islands 30.00.
        ("DE", Some("25980"), "zoned 20.00", "islands 30.00"),
        // the range's ends are inside it.
        ("DE", Some("25938"), "zoned 20.00", "islands 30.00"),
        ("DE", Some("25999"), "zoned 20.00", "islands 30.00"),
        // one below the range: the DE rate 5.00; islands has no rate there.
        ("DE", Some("25937"), "zoned 5.00", "islands unavailable"),
        // the prefix 18565 (Hiddensee).
        ("DE", Some("18565"), "zoned 20.00", "islands unavailable"),
        // no postal code: a zoned rate never applies.
        ("DE", None, "zoned 5.00", "islands unavailable"),
        // AT 6700 (Bludenz) is in the AT zone "67"; AT 1010 gets the rate for everywhere, 9.00.
        ("AT", Some("6700"), "zoned 20.00", "islands unavailable"),
        ("AT", Some("1010"), "zoned 9.00", "islands unavailable"),
    ];
    for (country, postal, zoned, islands) in cases {
        let got = options_for(&engine, country, postal);
        assert!(got[0].starts_with(zoned), "{country} {postal:?}: {got:?}");
        assert!(got[1].starts_with(islands), "{country} {postal:?}: {got:?}");
    }
}

#[test]
fn a_cart_postal_code_is_checked_against_its_country_format() {
    let engine = Engine::load(&zoned_rulebook(json!({"country": "AT", "prefix": "67"}))).unwrap();
    let c = cart(json!({
        "currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": "DE", "postal-code": "2598",
        "lines": [{"sku": "A", "quantity": "1"}]
    }));
    let e = engine.quote(&c).unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(
        (e.problems[0].code.as_str(), e.problems[0].path.as_str()),
        ("invalid-postal-code", "/postal-code")
    );
}

#[test]
fn postal_zones_that_cannot_match_do_not_load() {
    let zone = "/shipping/methods/0/rates/1/postal-codes/2";
    for (z, path) in [
        (json!({"country": "DE"}), zone.to_string()),
        (json!({"country": "DE", "prefix": " "}), zone.to_string()),
        (
            json!({"country": "DE", "prefix": "1", "from": "1", "to": "2"}),
            zone.to_string(),
        ),
        (
            json!({"country": "DE", "from": "2000", "to": "10000"}),
            zone.to_string(),
        ),
        (
            json!({"country": "DE", "from": "20000", "to": "10000"}),
            zone.to_string(),
        ),
        (json!({"country": "DE", "from": "10000"}), zone.to_string()),
    ] {
        let e = Engine::load(&zoned_rulebook(z.clone())).unwrap_err();
        let found: Vec<_> = e
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(found, [("postal-zone-invalid", path.as_str())], "{z}");
    }
    // A zone in a country its rate does not serve.
    let mut rb: Value =
        serde_json::from_str(&zoned_rulebook(json!({"country": "AT", "prefix": "67"}))).unwrap();
    rb["shipping"]["methods"][0]["rates"][1]["countries"] = json!(["DE"]);
    let e = Engine::load(&rb.to_string()).unwrap_err();
    assert_eq!(e.problems[0].code, "postal-zone-invalid");
    assert_eq!(e.problems[0].path, format!("{zone}/country"));
}

#[test]
fn an_order_shipping_address_must_have_the_carts_postal_code() {
    let engine = Engine::load(&zoned_rulebook(json!({"country": "AT", "prefix": "67"}))).unwrap();
    let order = |cart_code: &str, address_code: &str| -> Vec<(String, String)> {
        let o: Order = serde_json::from_value(json!({
            "cart": {"currency": "EUR", "at": "2026-12-10T10:00:00Z", "country": "DE",
                     "postal-code": cart_code, "lines": [{"sku": "A", "quantity": "1"}]},
            "email": "kim@example.com",
            "shipping-address": {"lines": ["Strandweg 1"], "city": "Sylt", "postal-code": address_code,
                                 "country": "DE"}
        }))
        .unwrap();
        engine
            .validate(&o)
            .problems
            .into_iter()
            .map(|p| (p.code, p.path))
            .collect()
    };
    // The same code, spelt with a space: no problem.
    assert_eq!(order("25980", " 25980"), []);
    assert_eq!(
        order("25980", "10115"),
        [(
            "shipping-postal-code-mismatch".to_string(),
            "/shipping-address/postal-code".to_string()
        )]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Each option is what a quote of the cart with that method shows: its shipping when the quote succeeds,
    /// else the first problem of the quote's cart-invalid error.
    #[test]
    fn each_option_is_what_a_quote_with_its_method_shows(
        lines in prop::collection::vec((0usize..6, 1u32..12), 1..5),
        country in prop::sample::select(vec!["DE", "AT", "CH"]),
        chf in any::<bool>(),
        day in 1u32..30,
        first_order in any::<bool>(),
    ) {
        let engine = Engine::load(&example("rulebook.json")).unwrap();
        let skus = ["TEE", "BOOK", "PEN", "CAPSULE", "COFFEE", "INK"];
        let lines: Vec<Value> = lines
            .iter()
            .map(|(s, q)| json!({"sku": skus[*s], "quantity": q.to_string()}))
            .collect();
        let mut c = cart(json!({
            "currency": if chf { "CHF" } else { "EUR" }, "at": format!("2026-11-{day:02}T10:00:00Z"),
            "country": country, "lines": lines, "previous-orders": if first_order { 0 } else { 3 }
        }));
        let options = match engine.shipping_options(&c) {
            Ok(o) => o,
            Err(e) => {
                // The call fails exactly as a quote without a method does.
                prop_assert_eq!(engine.quote(&c).unwrap_err().code, e.code);
                return Ok(());
            }
        };
        let methods: Vec<_> = options.iter().map(|o| o.method.as_str()).collect();
        prop_assert_eq!(methods, ["standard", "express", "post-ch"]);
        for o in options {
            c.shipping_method = Some(o.method.clone());
            match engine.quote(&c) {
                Ok(q) => {
                    prop_assert_eq!(o.shipping, q.shipping);
                    prop_assert!(o.unavailable.is_none());
                }
                Err(e) => {
                    prop_assert!(o.shipping.is_none());
                    prop_assert_eq!(Some(&e.problems[0]), o.unavailable.as_ref());
                }
            }
        }
    }
}
