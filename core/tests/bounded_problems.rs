//! The `problems` limit (docs/limits.md): an error or a validation report lists at most 100 problems, the first
//! ones found, and counts the rest. Expected values are worked out by hand from the order in which the reader
//! and the rules meet the findings (docs/limits.md, "Bounded problem lists"); timings are `make bench`'s and
//! the `hostile_inputs` example's business, not a test's.

use kassa_core::api::{Address, Cart, CartLine, Order};
use kassa_core::{Engine, Error, Severity};

fn load_err(text: &str) -> Error {
    Engine::load(text).expect_err("the rulebook must not load")
}

fn param<'a>(e: &'a Error, name: &str) -> Option<&'a str> {
    e.param(name)
}

/// issue #21's rulebook: `currencies` of 200000 zeros (400 KB). Findings in reading order: 200000 `wrong-type`
/// at /settings/currencies/0 ... /199999, then `missing-field` at /settings for `rounding-mode` and
/// `tax-rounding`, then at "" for `tax`: 200003. Listed: the first 100; omitted: 200003 - 100 = 199903.
#[test]
fn a_rulebook_with_200003_findings_lists_the_first_100() {
    let zeros = vec!["0"; 200_000].join(",");
    let text =
        format!(r#"{{"kassa":"1","id":"x","version":"1","settings":{{"currencies":[{zeros}]}}}}"#);
    let e = load_err(&text);
    assert_eq!(e.code, "rulebook-invalid");
    assert_eq!(param(&e, "count"), Some("200003"));
    assert_eq!(param(&e, "omitted"), Some("199903"));
    assert_eq!(
        e.message,
        "the rulebook has 200003 problem(s); 199903 of them are not listed"
    );
    assert_eq!(e.problems.len(), 100);
    for (i, p) in e.problems.iter().enumerate() {
        assert_eq!(p.code, "wrong-type");
        assert_eq!(p.path, format!("/settings/currencies/{i}"));
    }
    assert_eq!(
        e.problems[0].message,
        "wrong type: invalid type: number `0`, expected a string"
    );
}

/// 340000 unknown top-level keys `k0` ... `k339999`, the required keys present but `settings` and `tax` empty
/// objects: the reader meets the unknown keys first (at the top object, in document order), then the three
/// missing keys of `settings` (currencies, rounding-mode, tax-rounding) and `tax`'s `categories`. 340004
/// findings; the first 100 are `unknown-field` at /k0 ... /k99.
#[test]
fn unknown_keys_beyond_the_first_100_are_counted_not_rendered() {
    let keys: Vec<String> = (0..340_000).map(|i| format!(r#""k{i}":0"#)).collect();
    let text = format!(
        r#"{{"kassa":"1","id":"x","version":"1","settings":{{}},"tax":{{}},{}}}"#,
        keys.join(",")
    );
    let e = load_err(&text);
    assert_eq!(param(&e, "count"), Some("340004"));
    assert_eq!(param(&e, "omitted"), Some("339904"));
    assert_eq!(e.problems.len(), 100);
    assert_eq!(e.problems[99].path, "/k99");
    assert!(e.problems.iter().all(|p| p.code == "unknown-field"));
    // Was 168 MB for the whole list: now the 100 listed messages (each names the 12 keys the top object has).
    let bytes: usize = e
        .problems
        .iter()
        .map(|p| p.message.len() + p.path.len())
        .sum();
    assert!(bytes < 100 * 300, "{bytes} bytes");
}

/// A rulebook with 100 findings exactly lists them all and has no `omitted` param; one more and it has.
#[test]
fn the_cap_is_exact() {
    let text = |n: usize| {
        let zeros = vec!["0"; n].join(",");
        format!(
            r#"{{"kassa":"1","id":"x","version":"1","settings":{{"currencies":[{zeros}],
            "rounding-mode":"half-even","tax-rounding":"per-line"}},"tax":{{"categories":[]}}}}"#
        )
    };
    let e = load_err(&text(100));
    assert_eq!((e.problems.len(), param(&e, "count")), (100, Some("100")));
    assert_eq!(param(&e, "omitted"), None);
    assert_eq!(e.message, "the rulebook has 100 problem(s)");
    let e = load_err(&text(101));
    assert_eq!((e.problems.len(), param(&e, "count")), (100, Some("101")));
    assert_eq!(param(&e, "omitted"), Some("1"));
}

/// Semantic findings are capped too: 150 unknown currencies (well-formed strings) are 150 `unknown-currency`
/// at /settings/currencies/0 ... /149 (the only findings: tax has a category, nothing else is referenced).
#[test]
fn semantic_findings_are_capped_like_shape_findings() {
    let codes: Vec<String> = (0..150).map(|_| r#""QQQ""#.to_string()).collect();
    let text = format!(
        r#"{{"kassa":"1","id":"x","version":"1","settings":{{"currencies":[{}],
        "rounding-mode":"half-even","tax-rounding":"per-line"}},"tax":{{"categories":[{{"id":"s"}}]}}}}"#,
        codes.join(",")
    );
    let e = load_err(&text);
    assert_eq!(
        (param(&e, "count"), param(&e, "omitted")),
        (Some("150"), Some("50"))
    );
    assert_eq!(e.problems[0].code, "unknown-currency");
    assert_eq!(e.problems[99].path, "/settings/currencies/99");
}

/// A shop selling one item in EUR to DE (the default country), with no order rules of its own: no
/// `max-lines`, no country list; an e-mail is required, a shipping address only for physical goods.
fn engine() -> Engine {
    Engine::load(
        r#"{"kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "A", "tax-category": "standard"}]},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": true,
                         "prices": [{"sku": "A", "unit-price": "1.00"}]}],
        "tax": {"categories": [{"id": "standard"}],
                "rules": [{"id": "de", "country": "DE", "category": "standard", "rate": "19"}]}}"#,
    )
    .expect("the test rulebook loads")
}

/// `n` lines with skus the catalog does not have: `n` `sku-unknown` at /lines/N/sku, in line order, and
/// nothing else (EUR is sold, DE is the default country, the moment is valid).
fn unknown_lines(n: usize) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-10T12:00:00Z".into(),
        lines: (0..n)
            .map(|i| CartLine {
                sku: format!("NOPE-{i}"),
                quantity: "1".into(),
                unit_price: None,
                taxes: None,
                attributes: Vec::new(),
            })
            .collect(),
        ..Cart::default()
    }
}

#[test]
fn cart_invalid_lists_the_first_100_cart_problems() {
    let e = engine().quote(&unknown_lines(1000)).unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(
        (param(&e, "count"), param(&e, "omitted")),
        (Some("1000"), Some("900"))
    );
    assert_eq!(
        e.message,
        "the cart has 1000 problem(s); 900 of them are not listed"
    );
    assert_eq!(e.problems.len(), 100);
    assert_eq!(e.problems[99].path, "/lines/99/sku");
    assert!(e.problems.iter().all(|p| p.code == "sku-unknown"));
}

/// The report of an order whose cart has 120 unknown skus and whose fields are fine (an e-mail, no physical
/// goods so no address needed): the 120 cart problems, of which the first 100 are listed
/// (/cart/lines/0/sku ... /99/sku), then `problems-omitted` with omitted 20 and max 100, an error because the
/// 20 left out are errors.
#[test]
fn a_validation_report_lists_100_and_says_how_many_more() {
    let order = Order {
        cart: unknown_lines(120),
        email: Some("buyer@example.com".into()),
        ..Order::default()
    };
    let report = engine().validate(&order);
    assert!(!report.valid);
    assert_eq!(report.problems.len(), 101);
    assert_eq!(report.problems[99].path, "/cart/lines/99/sku");
    let last = &report.problems[100];
    assert_eq!(
        (last.code.as_str(), last.path.as_str()),
        ("problems-omitted", "")
    );
    assert_eq!(last.severity, Severity::Error);
    assert_eq!(
        last.message,
        "20 more problems are not listed (at most 100 are)"
    );
    let params: Vec<(&str, &str)> = last
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(params, [("omitted", "20"), ("max", "100")]);
}

/// Order problems come after the cart's and count towards the same 100: 99 unknown skus and a missing e-mail
/// are exactly 100 (no summary); a shipping address outside the cart's country makes 101.
#[test]
fn order_problems_share_the_cap_with_the_cart() {
    let order = Order {
        cart: unknown_lines(99),
        ..Order::default()
    };
    let report = engine().validate(&order);
    assert_eq!(report.problems.len(), 100);
    assert_eq!(report.problems[99].code, "email-required");
    let order = Order {
        cart: unknown_lines(99),
        shipping_address: Some(Address {
            country: "FR".into(),
            ..Address::default()
        }),
        ..Order::default()
    };
    let report = engine().validate(&order);
    // 99 + email-required + shipping-country-mismatch (FR, cart priced for DE) = 101: 100 listed, 1 omitted.
    assert_eq!(report.problems.len(), 101);
    assert_eq!(report.problems[99].code, "email-required");
    assert_eq!(report.problems[100].code, "problems-omitted");
    assert_eq!(report.problems[100].params[0].value, "1");
}
