//! engine.load: shape errors with JSON Pointers, every semantic finding at once, limits, and engine.info.

use kassa_core::Engine;

/// A small valid rulebook; tests patch it with serde_json.
fn base() -> serde_json::Value {
    serde_json::json!({
        "kassa": "1",
        "id": "test-shop",
        "version": "7",
        "settings": {
            "currencies": ["EUR"],
            "rounding-mode": "half-away-from-zero",
            "tax-rounding": "per-line"
        },
        "catalog": {"items": [
            {"sku": "PEN", "tax-category": "standard"},
            {"sku": "INK", "tax-category": "standard"}
        ]},
        "price-lists": [{
            "id": "eur", "currency": "EUR", "prices-include-tax": false,
            "prices": [
                {"sku": "PEN", "unit-price": "1.08"},
                {"sku": "INK", "volume": [
                    {"up-to": "5", "unit-price": "7.00"},
                    {"up-to": null, "unit-price": "6.00"}
                ]}
            ]
        }],
        "tax": {
            "categories": [{"id": "standard"}],
            "rules": [{"id": "de-vat", "country": "DE", "category": "standard", "rate": "19"}]
        }
    })
}

fn load(v: &serde_json::Value) -> Result<Engine, kassa_core::Error> {
    Engine::load(&v.to_string())
}

fn codes_and_paths(e: &kassa_core::Error) -> Vec<(String, String)> {
    e.problems
        .iter()
        .map(|p| (p.code.clone(), p.path.clone()))
        .collect()
}

#[test]
fn a_valid_rulebook_loads_and_reports_its_identity() {
    // The hash is the sha256 of the exact bytes: checked against `printf %s '<text>' | sha256sum`.
    let text = r#"{"kassa":"1","id":"tiny","version":"1","settings":{"currencies":["EUR"],"rounding-mode":"half-even","tax-rounding":"per-total"},"tax":{"categories":[]}}"#;
    let engine = Engine::load(text).unwrap();
    let info = engine.info();
    assert_eq!(info.rulebook_id, "tiny");
    assert_eq!(info.rulebook_version, "1");
    assert_eq!(info.rulebook_hash, TINY_SHA256);
    assert_eq!(info.contract_version, "0.1.0");
    assert!(load(&base()).is_ok());
}

const TINY_SHA256: &str = "583904e440765343256345785f09dad6227b5aee56e537d190b59fc9eb22cc66";

#[test]
fn unknown_fields_are_errors_with_their_pointer() {
    let mut v = base();
    v["price-lists"][0]["prices"][1]["volume"][0]["upto"] = "3".into();
    let e = load(&v).unwrap_err();
    assert_eq!(e.code, "rulebook-invalid");
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].code, "unknown-field");
    assert_eq!(e.problems[0].path, "/price-lists/0/prices/1/volume/0/upto");

    let mut v = base();
    v["settings"]["tax-rounding"] = "per-invoice".into();
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![("wrong-type".into(), "/settings/tax-rounding".into())]
    );

    let mut v = base();
    v.as_object_mut().unwrap().remove("tax");
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![("missing-field".into(), "".into())]
    );
}

#[test]
fn every_semantic_problem_is_reported_at_once() {
    let mut v = base();
    // 1. a dangling sku, 2. overlapping tiers, 3. an impossible window, 4. an unknown currency,
    // 5. a dangling tax category, 6. a bad decimal, 7. two models on one price.
    v["price-lists"][0]["prices"][0]["sku"] = "NOPE".into();
    v["price-lists"][0]["prices"][1]["volume"][1]["up-to"] = "5".into();
    v["price-lists"][0]["prices"][1]["volume"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"up-to": null, "unit-price": "5.00"}));
    v["price-lists"][0]["valid-from"] = "2026-12-01T00:00:00Z".into();
    v["price-lists"][0]["valid-until"] = "2026-11-01T00:00:00Z".into();
    v["settings"]["currencies"] = serde_json::json!(["EUR", "XYZ"]);
    v["catalog"]["items"][1]["tax-category"] = "luxury".into();
    v["tax"]["rules"][0]["rate"] = "19.".into();
    v["catalog"]["items"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"sku": "CAP", "tax-category": "standard"}));
    v["price-lists"][0]["prices"].as_array_mut().unwrap().push(serde_json::json!({"sku": "CAP", "unit-price": "1", "package": {"size": "6", "price": "5.00", "rounding": "up"}}));
    let e = load(&v).unwrap_err();
    assert_eq!(e.code, "rulebook-invalid");
    let mut got = codes_and_paths(&e);
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("dangling-reference", "/price-lists/0/prices/0/sku"),
        (
            "tiers-overlapping",
            "/price-lists/0/prices/1/volume/1/up-to",
        ),
        ("window-impossible", "/price-lists/0/valid-until"),
        ("unknown-currency", "/settings/currencies/1"),
        ("dangling-reference", "/catalog/items/1/tax-category"),
        ("invalid-decimal", "/tax/rules/0/rate"),
        ("price-model-invalid", "/price-lists/0/prices/2"),
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(e.params[0].value, "7");
}

#[test]
fn tiers_must_end_open_and_only_at_the_end() {
    let mut v = base();
    v["price-lists"][0]["prices"][1]["volume"][1]["up-to"] = "10".into();
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![(
            "tiers-open-end".into(),
            "/price-lists/0/prices/1/volume/1/up-to".into()
        )]
    );
}

#[test]
fn equally_ranked_overlapping_lists_are_ambiguous() {
    let mut v = base();
    // Two base lists for EUR, one scoped to DE and one to the channel "web": a DE web cart matches both with
    // the same specificity (1) and priority (0), and both price PEN.
    let second = serde_json::json!({"id": "web", "currency": "EUR", "prices-include-tax": false, "channels": ["web"],
        "prices": [{"sku": "PEN", "unit-price": "1.00"}]});
    v["price-lists"][0]["countries"] = serde_json::json!(["DE"]);
    v["price-lists"]
        .as_array_mut()
        .unwrap()
        .push(second.clone());
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![("price-ambiguous".into(), "/price-lists/1".into())]
    );
    // A priority breaks the tie; so do disjoint windows.
    let mut ok = v.clone();
    ok["price-lists"][1]["priority"] = 1.into();
    assert!(load(&ok).is_ok());
    let mut ok = v.clone();
    ok["price-lists"][0]["valid-until"] = "2026-01-01T00:00:00Z".into();
    ok["price-lists"][1]["valid-from"] = "2026-01-01T00:00:00Z".into();
    ok["price-lists"][1]["channels"] = serde_json::json!([]);
    assert!(load(&ok).is_ok());
}

#[test]
fn money_amounts_cannot_have_more_decimals_than_the_currency() {
    let mut v = base();
    v["price-lists"][0]["prices"][1] = serde_json::json!({"sku": "INK", "package": {"size": "6", "price": "5.005", "rounding": "up"}});
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![(
            "precision-loss".into(),
            "/price-lists/0/prices/1/package/price".into()
        )]
    );
    // Unit prices may carry more decimals than the currency.
    let mut v = base();
    v["price-lists"][0]["prices"][0]["unit-price"] = "0.0125".into();
    assert!(load(&v).is_ok());
}

#[test]
fn format_version_and_typed_promotion_sections() {
    let mut v = base();
    v["kassa"] = "2".into();
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![("format-unsupported".into(), "/kassa".into())]
    );
    // The promotions section is typed (docs/rulebook.md, "Promotions"): a promotion needs an action.
    let mut v = base();
    v["promotions"] = serde_json::json!([{"id": "x"}]);
    let e = load(&v).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        vec![("missing-field".into(), "/promotions/0".into())]
    );
}

#[test]
fn limits_fail_early_and_name_the_limit() {
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    let e = Engine::load(&deep).unwrap_err();
    assert_eq!(e.code, "limit-exceeded");
    assert_eq!(e.params[0].value, "rulebook-nesting");
    let mut v = base();
    let tiers: Vec<_> = (1..=101).map(|i| serde_json::json!({"up-to": if i == 101 { serde_json::Value::Null } else { i.to_string().into() }, "unit-price": "1"})).collect();
    v["price-lists"][0]["prices"][1]["volume"] = tiers.into();
    let e = load(&v).unwrap_err();
    assert_eq!(e.code, "limit-exceeded");
    assert_eq!(e.params[0].value, "tiers");
    assert_eq!(e.path, "/price-lists/0/prices/1/volume");
}

#[test]
fn syntax_errors_are_invalid_json() {
    assert_eq!(Engine::load("{").unwrap_err().code, "invalid-json");
}
