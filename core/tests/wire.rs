//! The wire format (docs/wire.md): `quote_json` / `validate_json` / `refund_json` read the canonical JSON
//! strictly and answer canonical bytes. The canonical bytes are checked against serde_json's compact
//! serialisation of the serde derives in api.rs (an independent writer of the same kebab-case keys in WIT
//! order); the strictness cases against the rules of docs/wire.md, each worked out by hand.

use kassa_core::api::{Cart, Order, Quote};
use kassa_core::engine::{canonical_cart, cart_from_json};
use kassa_core::{Engine, Error};
use serde_json::{json, Value};

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn engine() -> Engine {
    Engine::load(&example("rulebook.json")).unwrap()
}

/// A one-line cart of the example store, with `change` applied to its JSON.
fn cart(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = json!({"currency": "EUR", "at": "2026-11-28T10:00:00Z", "country": "DE",
                       "lines": [{"sku": "TEE", "quantity": "2"}], "shipping-method": "standard"});
    change(&mut v);
    serde_json::to_vec(&v).unwrap()
}

/// (code, path) of each problem of a `cart-invalid` error.
fn findings(e: &Error) -> Vec<(&str, &str)> {
    e.problems
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect()
}

fn param<'a>(p: &'a kassa_core::Problem, name: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.name == name)
        .map(|x| x.value.as_str())
}

#[test]
fn quote_json_answers_what_serde_writes_for_the_typed_quote() {
    let engine = engine();
    for name in ["cart.json", "cart-promo.json"] {
        let text = example(name);
        let typed: Cart = serde_json::from_str(&text).unwrap();
        let expected = serde_json::to_string(&engine.quote(&typed).unwrap()).unwrap();
        let got = engine.quote_json(text.as_bytes()).unwrap();
        assert_eq!(got, expected, "{name}");
        // And back: the canonical text is the typed quote.
        let back: Quote = serde_json::from_str(&got).unwrap();
        assert_eq!(back, engine.quote(&typed).unwrap());
        // With the explanation: its steps written from their spans as serde writes the owned steps.
        let mut explained: Value = serde_json::from_str(&text).unwrap();
        explained["explain"] = json!(true);
        let typed: Cart = serde_json::from_value(explained.clone()).unwrap();
        let q = engine.quote(&typed).unwrap();
        assert!(q.trace.len() > 3, "{name}: {} steps", q.trace.len());
        let got = engine
            .quote_json(&serde_json::to_vec(&explained).unwrap())
            .unwrap();
        assert_eq!(got, serde_json::to_string(&q).unwrap(), "{name}");
        assert_eq!(serde_json::from_str::<Quote>(&got).unwrap(), q);
    }
    // The README's figures through the JSON entry point: 2 T-shirts at 15.00 and standard shipping 4.90.
    let q: Value = serde_json::from_str(&engine.quote_json(&cart(|_| {})).unwrap()).unwrap();
    assert_eq!(q["grand-total"], "34.90");
    // Input whitespace and key order do not matter; output keys are in WIT order.
    let spaced = b" {\"lines\" : [ {\"quantity\":\"2\", \"sku\":\"TEE\"} ] ,\n \"at\":\"2026-11-28T10:00:00Z\", \
                   \"currency\":\"EUR\",\"shipping-method\":\"standard\",\"country\":\"DE\"} ";
    let out = engine.quote_json(spaced).unwrap();
    assert_eq!(out, engine.quote_json(&cart(|_| {})).unwrap());
    let head = format!(
        "{{\"currency\":\"EUR\",\"rulebook-hash\":\"{}\",\"lines\":[{{\"sku\":\"TEE\",\"quantity\":\"2\",",
        engine.info().rulebook_hash
    );
    assert!(out.starts_with(&head), "{out}");
}

#[test]
fn validate_json_answers_the_report_serde_writes() {
    let engine = engine();
    let text = example("order.json");
    let typed: Order = serde_json::from_str(&text).unwrap();
    let expected = serde_json::to_string(&engine.validate(&typed)).unwrap();
    assert_eq!(engine.validate_json(text.as_bytes()).unwrap(), expected);
}

#[test]
fn unknown_keys_are_unknown_field_with_the_key_they_stand_for() {
    let e = engine()
        .quote_json(&cart(|v| {
            let m = v.get("shipping-method").cloned().unwrap();
            v.as_object_mut().unwrap().remove("shipping-method");
            v["shippingMethod"] = m;
            v["lines"][0]["qty"] = json!("1");
        }))
        .unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(
        findings(&e),
        [
            ("unknown-field", "/shippingMethod"),
            ("unknown-field", "/lines/0/qty")
        ]
    );
    assert_eq!(param(&e.problems[0], "suggestion"), Some("shipping-method"));
    assert_eq!(param(&e.problems[0], "key"), Some("shippingMethod"));
    // "qty" is too short and too far from "quantity" to guess.
    assert_eq!(param(&e.problems[1], "suggestion"), None);
}

#[test]
fn numbers_where_decimal_strings_belong_are_wrong_type() {
    let e = engine()
        .quote_json(&cart(|v| {
            v["lines"][0]["quantity"] = json!(2);
            v["lines"][0]["unit-price"] = json!(1.5);
        }))
        .unwrap_err();
    assert_eq!(
        findings(&e),
        [
            ("wrong-type", "/lines/0/quantity"),
            ("wrong-type", "/lines/0/unit-price")
        ]
    );
    let p = &e.problems[0];
    assert_eq!(param(p, "expected"), Some("a decimal string"));
    assert_eq!(param(p, "found"), Some("number"));
    assert_eq!(
        p.message,
        "wrong type: invalid type: number `2`, expected a decimal string"
    );
}

#[test]
fn other_shape_findings_each_at_their_pointer() {
    let engine = engine();
    // null is only an option's absence: a list, a bool and a string refuse it.
    let e = engine
        .quote_json(&cart(|v| {
            v["coupons"] = Value::Null;
            v["tax-exempt"] = Value::Null;
            v["region"] = Value::Null;
            v["previous-orders"] = json!(-1);
            v["usage"] = json!([{"key": "X", "total": 1.5}]);
        }))
        .unwrap_err();
    assert_eq!(
        findings(&e),
        [
            ("out-of-range", "/previous-orders"),
            ("wrong-type", "/tax-exempt"),
            ("wrong-type", "/coupons"),
            ("wrong-type", "/usage/0/total")
        ]
    );
    // A missing required key is reported at its object; a repeated key at the second one.
    let e = engine
        .quote_json(br#"{"at": "2026-11-28T10:00:00Z", "lines": [{"sku": "A"}], "at": "x"}"#)
        .unwrap_err();
    assert_eq!(
        findings(&e),
        [
            ("duplicate-key", "/at"),
            ("missing-field", ""),
            ("missing-field", "/lines/0")
        ]
    );
    // Not an object at all.
    let e = engine.quote_json(b"[]").unwrap_err();
    assert_eq!(findings(&e), [("wrong-type", "")]);
}

#[test]
fn text_that_is_not_unicode_is_invalid_unicode_at_its_pointer() {
    let engine = engine();
    // A lone surrogate escape (what JSON.stringify writes for a lone surrogate of a JS string), the same
    // surrogate encoded as bytes (Python's surrogatepass), and a byte that is never UTF-8 (Go's []byte).
    for (input, path, reason) in [
        (
            br#"{"currency":"EUR","at":"2026-11-28T10:00:00Z","lines":[{"sku":"T\ud800","quantity":"1"}]}"#
                .to_vec(),
            "/lines/0/sku",
            "lone-surrogate",
        ),
        (
            b"{\"currency\":\"EUR\",\"at\":\"2026-11-28T10:00:00Z\",\"coupons\":[\"\xed\xa0\x80\"]}".to_vec(),
            "/coupons/0",
            "lone-surrogate",
        ),
        (
            b"{\"currency\":\"EU\xff\",\"at\":\"2026-11-28T10:00:00Z\"}".to_vec(),
            "/currency",
            "invalid-utf-8",
        ),
    ] {
        let e = engine.quote_json(&input).unwrap_err();
        assert_eq!(e.code, "cart-invalid");
        assert_eq!(findings(&e), [("invalid-unicode", path)]);
        assert_eq!(param(&e.problems[0], "reason"), Some(reason));
    }
}

#[test]
fn malformed_json_and_limits_fail_the_call() {
    let engine = engine();
    let e = engine.quote_json(b"{\"currency\": }").unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid-json", ""));
    assert_eq!(
        e.message,
        "invalid JSON: expected value at line 1 column 14"
    );
    let deep = format!("{}{}", "[".repeat(17), "]".repeat(17));
    let e = engine.quote_json(deep.as_bytes()).unwrap_err();
    assert_eq!(e.code, "limit-exceeded");
    assert_eq!(e.param("limit"), Some("input-nesting"));
    let big = vec![b' '; 8 * 1024 * 1024 + 1];
    let e = engine.quote_json(&big).unwrap_err();
    assert_eq!(e.param("limit"), Some("input-bytes"));
    // validate_json fails the same way on them.
    let e = engine.validate_json(b"{").unwrap_err();
    assert_eq!(e.code, "invalid-json");
}

#[test]
fn validate_json_reports_shape_findings_under_their_pointer() {
    let engine = engine();
    let order = br#"{"cart": {"currency": "EUR", "at": "2026-11-28T10:00:00Z",
                              "lines": [{"sku": "TEE", "quantity": 2}]}, "e-mail": "a@b.de"}"#;
    let report: Value = serde_json::from_str(&engine.validate_json(order).unwrap()).unwrap();
    assert_eq!(report["valid"], false);
    let found: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["path"].as_str().unwrap()))
        .collect();
    // An object's unknown keys are reported before its members are read, so /e-mail comes first (with the
    // suggestion `email`, params detail, key, suggestion).
    assert_eq!(
        found,
        [
            ("unknown-field", "/e-mail"),
            ("wrong-type", "/cart/lines/0/quantity")
        ]
    );
    assert_eq!(report["problems"][0]["params"][2]["value"], "email");
}

#[test]
fn hosts_read_carts_as_quote_json_does() {
    let cart_text = example("cart.json");
    let typed: Cart = serde_json::from_str(&cart_text).unwrap();
    assert_eq!(cart_from_json(cart_text.as_bytes()).unwrap(), typed);
    // The canonical form is serde's compact form of the same cart (every key written, options null).
    assert_eq!(
        canonical_cart(cart_text.as_bytes()).unwrap(),
        serde_json::to_string(&typed).unwrap()
    );
    let e = cart_from_json(br#"{"currency": "EUR"}"#).unwrap_err();
    assert_eq!(e.code, "cart-invalid");
    assert_eq!(findings(&e), [("missing-field", "")]);
    assert_eq!(e.message, "the cart has 1 problem(s)");
    let e = canonical_cart(br#"{"currency": "EUR", "at": "x", "coupon": "A"}"#).unwrap_err();
    assert_eq!(findings(&e), [("unknown-field", "/coupon")]);
    assert_eq!(param(&e.problems[0], "suggestion"), Some("coupons"));
}

#[test]
fn refund_json_answers_what_serde_writes_for_the_typed_refund() {
    use kassa_core::api::{CreditNote, RefundRequest};
    let engine = engine();
    // 2 T-shirts at 15.00 gross (the README's example) and standard shipping; one returned.
    let quote = engine.quote_json(&cart(|_| {})).unwrap();
    let request = json!({"cart": serde_json::from_slice::<Value>(&cart(|_| {})).unwrap(), "quote": quote,
                         "lines": [{"line": 0, "quantity": "1"}], "policy": "keep"});
    let text = serde_json::to_vec(&request).unwrap();
    let typed: RefundRequest = serde_json::from_slice(&text).unwrap();
    let expected = engine.refund(&typed).unwrap();
    let got = engine.refund_json(&text).unwrap();
    assert_eq!(got, serde_json::to_string(&expected).unwrap());
    let back: CreditNote = serde_json::from_str(&got).unwrap();
    assert_eq!(back, expected);
    // One of two units of 30.00 gross: 15.00; the line's tax 30.00 x 19/119 = 4.789 -> 4.79, its first unit
    // 4.79 / 2 = 2.395 -> up 2.40 (docs/refunds.md, the unit split).
    assert_eq!(
        (back.grand_total.as_str(), back.tax_total.as_str()),
        ("15.00", "2.40")
    );
    // Read strictly, as a cart is: a JSON number for a quantity is wrong-type at its pointer.
    let mut bad = request.clone();
    bad["lines"][0]["quantity"] = json!(1);
    let e = engine
        .refund_json(&serde_json::to_vec(&bad).unwrap())
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("refund-request-invalid", "")
    );
    assert_eq!(findings(&e), [("wrong-type", "/lines/0/quantity")]);
    // Malformed JSON fails as a whole.
    assert_eq!(engine.refund_json(b"{").unwrap_err().code, "invalid-json");
}

#[test]
fn validate_fields_json_answers_the_typed_batch_as_serde_writes_it() {
    use kassa_core::engine::validate_fields_json;
    // The IBAN is the ECBS example (Wikipedia "International Bank Account Number"), valid, normalised without
    // spaces; an e-mail without "@" is invalid; `country` may be left out or null.
    let text = validate_fields_json(
        br#"{"requests":[{"kind":"iban","value":"DE89 3704 0044 0532 0130 00"},
                         {"kind":"email","value":"nobody","country":null}]}"#,
    )
    .unwrap();
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer[0]["valid"], json!(true));
    assert_eq!(answer[0]["normalized"], json!("DE89370400440532013000"));
    assert_eq!(answer[1]["valid"], json!(false));
    assert_eq!(answer[1]["problems"][0]["code"], json!("invalid-email"));
    // Byte for byte what serde_json writes for the typed call's results (kebab-case keys in WIT order).
    let requests = vec![
        kassa_core::api::FieldRequest {
            kind: kassa_core::api::FieldKind::Iban,
            value: "DE89 3704 0044 0532 0130 00".into(),
            country: None,
        },
        kassa_core::api::FieldRequest {
            kind: kassa_core::api::FieldKind::Email,
            value: "nobody".into(),
            country: None,
        },
    ];
    let typed = kassa_core::fields::validate_fields(&requests).unwrap();
    assert_eq!(text, serde_json::to_string(&typed).unwrap());
}

#[test]
fn validate_fields_json_reports_its_findings_and_limits_at_the_typed_calls_pointers() {
    use kassa_core::engine::validate_fields_json;
    let e =
        validate_fields_json(br#"{"requests":[{"kind":"zip","value":"1"},{"value":2}],"more":1}"#)
            .unwrap_err();
    assert_eq!(e.code, "field-requests-invalid");
    let mut at: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    at.sort();
    assert_eq!(
        at,
        [
            "/more",
            "/requests/0/kind",
            "/requests/1",
            "/requests/1/value"
        ]
    );
    assert_eq!(validate_fields_json(b"[").unwrap_err().code, "invalid-json");
    let many = format!(
        r#"{{"requests":[{}]}}"#,
        vec![r#"{"kind":"bic","value":"DEUTDEFF"}"#; 10_001].join(",")
    );
    let e = validate_fields_json(many.as_bytes()).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("limit-exceeded", "/requests")
    );
}
