//! The rulebook's shape (docs/rulebook.md, "Conventions"): every shape problem is reported at once with its
//! JSON Pointer, arrays are never read as objects, integers out of their type are out-of-range, repeated keys
//! are refused, and the format version is a string. Semantic checks run only on a rulebook of sound shape.

use kassa_core::Engine;

/// A small valid rulebook as text, so that tests can write what serde_json would not (repeated keys).
const BASE: &str = r#"{"kassa":"1","id":"shop","version":"1",
 "settings":{"currencies":["EUR"],"rounding-mode":"half-even","tax-rounding":"per-line"},
 "catalog":{"items":[{"sku":"A","tax-category":"std","attributes":{"brand":"k"}}]},
 "price-lists":[{"id":"eur","currency":"EUR","prices-include-tax":false,"prices":[{"sku":"A","unit-price":"1.00"}]}],
 "tax":{"categories":[{"id":"std"}],"rules":[{"id":"de","country":"DE","category":"std","rate":"19"}]}}"#;

/// BASE with `from` replaced by `to` (which must occur once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "{from}");
    BASE.replace(from, to)
}

/// (code, path) of every problem of a failed load.
fn problems(text: &str) -> Vec<(String, String)> {
    let Err(e) = Engine::load(text) else {
        panic!("the rulebook should not load")
    };
    assert_eq!(e.code, "rulebook-invalid", "{e:?}");
    assert_eq!(e.params[0].value, e.problems.len().to_string());
    e.problems.into_iter().map(|p| (p.code, p.path)).collect()
}

fn one(code: &str, path: &str) -> Vec<(String, String)> {
    vec![(code.to_string(), path.to_string())]
}

#[test]
fn the_base_loads() {
    assert!(Engine::load(BASE).is_ok());
}

#[test]
fn arrays_are_never_read_as_objects() {
    // A positional array where the rulebook object belongs (a serde-derived struct would accept it).
    assert_eq!(
        problems(r#"["1","shop","1",{"currencies":["EUR"]}]"#),
        one("wrong-type", "")
    );
    let settings = r#""settings":{"currencies":["EUR"],"rounding-mode":"half-even","tax-rounding":"per-line"}"#;
    assert_eq!(
        problems(&with(
            settings,
            r#""settings":[["EUR"],"half-even","per-line"]"#
        )),
        one("wrong-type", "/settings")
    );
    assert_eq!(
        problems(&with(
            r#"{"sku":"A","unit-price":"1.00"}"#,
            r#"["A","1.00"]"#
        )),
        one("wrong-type", "/price-lists/0/prices/0")
    );
}

#[test]
fn integers_outside_their_type_are_out_of_range() {
    // max-lines is a u32 (0..4294967295), priority an i32 (-2147483648..2147483647).
    let v = with(r#""tax":{"#, r#""validation":{"max-lines":-1},"tax":{"#);
    assert_eq!(problems(&v), one("out-of-range", "/validation/max-lines"));
    let e = Engine::load(&v).unwrap_err();
    let params: Vec<(&str, &str)> = e.problems[0]
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("value", "-1"),
            ("expected", "an integer from 0 to 4294967295")
        ]
    );
    for (priority, code) in [
        ("2147483648", "out-of-range"),
        ("-2147483649", "out-of-range"),
        ("2147483647", ""),
        ("-2147483648", ""),
        ("1.5", "wrong-type"),
        ("1e3", "wrong-type"),
        ("\"1\"", "wrong-type"),
    ] {
        let v = with(
            r#""prices-include-tax":false"#,
            &format!(r#""prices-include-tax":false,"priority":{priority}"#),
        );
        if code.is_empty() {
            assert!(Engine::load(&v).is_ok(), "{priority}");
        } else {
            assert_eq!(
                problems(&v),
                one(code, "/price-lists/0/priority"),
                "{priority}"
            );
        }
    }
}

#[test]
fn repeated_keys_are_refused_at_the_second() {
    let e = Engine::load(&with(r#""id":"shop","#, r#""id":"a","id":"b","#)).unwrap_err();
    assert_eq!(
        e.problems
            .iter()
            .map(|p| (p.code.as_str(), p.path.as_str()))
            .collect::<Vec<_>>(),
        [("duplicate-key", "/id")]
    );
    assert_eq!(e.problems[0].params[0].name, "key");
    assert_eq!(e.problems[0].params[0].value, "id");
    assert_eq!(e.problems[0].message, "duplicate key \"id\"");
    // In a nested object, in a free-form map, and an unknown key (reported unknown, then repeated).
    assert_eq!(
        problems(&with(
            r#""rounding-mode":"half-even","#,
            r#""rounding-mode":"half-even","rounding-mode":"up","#
        )),
        one("duplicate-key", "/settings/rounding-mode")
    );
    assert_eq!(
        problems(&with(r#"{"brand":"k"}"#, r#"{"brand":"k","brand":"x"}"#)),
        one("duplicate-key", "/catalog/items/0/attributes/brand")
    );
    assert_eq!(
        problems(&with(
            r#""tax-rounding":"per-line""#,
            r#""tax-rounding":"per-line","a/b":1,"a/b":2"#
        )),
        vec![
            ("unknown-field".to_string(), "/settings/a~1b".to_string()),
            ("duplicate-key".to_string(), "/settings/a~1b".to_string()),
        ]
    );
}

#[test]
fn the_format_version_is_a_string() {
    // A number or null is the wrong type (not an unsupported version "1"); other problems are still found.
    assert_eq!(
        problems(&with(r#""kassa":"1""#, r#""kassa":1"#)),
        one("wrong-type", "/kassa")
    );
    assert_eq!(
        problems(&with(r#""kassa":"1""#, r#""kassa":null"#)),
        one("wrong-type", "/kassa")
    );
    assert_eq!(
        problems(&with(r#""kassa":"1","id":"shop""#, r#""kassa":1,"id":7"#)),
        vec![
            ("wrong-type".to_string(), "/kassa".to_string()),
            ("wrong-type".to_string(), "/id".to_string()),
        ]
    );
    // Another version string is the only finding, whatever else is wrong.
    let v = with(
        r#""kassa":"1","id":"shop""#,
        r#""kassa":"2","id":7,"colour":"blue""#,
    );
    assert_eq!(problems(&v), one("format-unsupported", "/kassa"));
}

#[test]
fn every_shape_problem_is_reported_before_any_semantic_check() {
    // Four shape problems in different places, in document order (an object's unknown and repeated keys
    // first, then its fields in the format's order); the negative price, a semantic finding, is not
    // reported because the shape is not sound.
    let v = with(r#""version":"1","#, r#""version":"1","colour":"blue","#);
    let v = v.replace(r#""rounding-mode":"half-even","#, "");
    let v = v.replace(
        r#""unit-price":"1.00""#,
        r#""unit-price":"-1.00","extra":true"#,
    );
    let v = v.replace(r#""rate":"19""#, r#""rate":19"#);
    assert_eq!(
        problems(&v),
        vec![
            ("unknown-field".to_string(), "/colour".to_string()),
            ("missing-field".to_string(), "/settings".to_string()),
            (
                "unknown-field".to_string(),
                "/price-lists/0/prices/0/extra".to_string()
            ),
            ("wrong-type".to_string(), "/tax/rules/0/rate".to_string()),
        ]
    );
    let e = Engine::load(&v).unwrap_err();
    assert_eq!(
        e.problems[1].message,
        "missing field: missing field `rounding-mode`"
    );
    // Two missing keys of one object are two findings at the object.
    let e = Engine::load(&with(r#""id":"shop","version":"1","#, "")).unwrap_err();
    let details: Vec<&str> = e
        .problems
        .iter()
        .map(|p| p.params[0].value.as_str())
        .collect();
    assert_eq!(details, ["missing field `id`", "missing field `version`"]);
    assert!(e.problems.iter().all(|p| p.path.is_empty()));
    // With the shape sound, the negative price is found.
    let v = with(r#""unit-price":"1.00""#, r#""unit-price":"-1.00""#);
    assert_eq!(
        problems(&v),
        one("out-of-range", "/price-lists/0/prices/0/unit-price")
    );
}

#[test]
fn tax_rates_that_apply_together_add_up_to_at_most_100() {
    let rules = |r: &str| {
        with(
            r#"[{"id":"de","country":"DE","category":"std","rate":"19"}]"#,
            r,
        )
    };
    // Country-wide 60 and 40 (the 40 not in DE-BY) are 100 outside Bavaria; in Bavaria 60 + its own 45 = 105.
    let over = rules(
        r#"[{"id":"a","country":"DE","category":"std","rate":"60"},
            {"id":"b","country":"DE","category":"std","rate":"40","except-regions":["DE-BY"]},
            {"id":"c","country":"DE","region":"DE-BY","category":"std","rate":"45"}]"#,
    );
    assert_eq!(problems(&over), one("out-of-range", "/tax/rules/2/rate"));
    let e = Engine::load(&over).unwrap_err();
    assert_eq!(e.problems[0].params[0].value, "105");
    // Bavaria's own rate 40 makes it exactly 100 everywhere: loads.
    assert!(Engine::load(&over.replace(r#""rate":"45""#, r#""rate":"40""#)).is_ok());
    // Two country-wide rules of another category or country do not add up with these.
    let apart = rules(
        r#"[{"id":"a","country":"DE","category":"std","rate":"100"},
            {"id":"b","country":"AT","category":"std","rate":"100"}]"#,
    );
    assert!(Engine::load(&apart).is_ok());
    let both = rules(
        r#"[{"id":"a","country":"DE","category":"std","rate":"60"},
            {"id":"b","country":"DE","category":"std","rate":"40.01"}]"#,
    );
    assert_eq!(problems(&both), one("out-of-range", "/tax/rules/1/rate"));
}
