//! The exported string functions of interface `money`: hand-computed examples, error codes and paths, and a
//! fuzz-style property that no input makes any of them panic.

use kassa_core::api::RoundingMode::{self, *};
use kassa_core::money::*;
use proptest::prelude::*;

fn code_path<T: std::fmt::Debug>(r: Result<T, kassa_core::Error>) -> (String, String) {
    let e = r.expect_err("expected an error");
    (e.code, e.path)
}

fn cp(code: &str, path: &str) -> (String, String) {
    (code.to_string(), path.to_string())
}

#[test]
fn canonical_decimal() {
    assert_eq!(canonical_decimal_wire("-0.00").unwrap(), "0.00");
    assert_eq!(canonical_decimal_wire("1.50").unwrap(), "1.50");
    assert_eq!(canonical_decimal_wire("-12.3").unwrap(), "-12.3");
    for bad in [
        "+1", "01", "1e3", ".5", "5.", "", " 1", "1,0", "0x10", "NaN", "∞",
    ] {
        assert_eq!(
            code_path(canonical_decimal_wire(bad)),
            cp("invalid-decimal", "/value"),
            "{bad:?}"
        );
    }
    let e = canonical_decimal_wire("1e3").unwrap_err();
    let params: Vec<(&str, &str)> = e
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("input", "1e3"),
            ("position", "1"),
            ("reason", "exponent not allowed")
        ]
    );
    // Long inputs are echoed shortened.
    let long = "1".repeat(100) + "x";
    let e = canonical_decimal_wire(&long).unwrap_err();
    assert_eq!(e.params[0].value.chars().count(), 67);
}

#[test]
fn round_and_increment() {
    assert_eq!(round_wire("2.5", 0, HalfUp).unwrap(), "3");
    assert_eq!(round_wire("-2.5", 0, HalfUp).unwrap(), "-2");
    assert_eq!(round_wire("-2.5", 0, HalfDown).unwrap(), "-3");
    assert_eq!(round_wire("1.5", 3, Floor).unwrap(), "1.500");
    assert_eq!(round_wire("-0.004", 2, HalfEven).unwrap(), "0.00");
    assert_eq!(
        code_path(round_wire("1", 29, HalfEven)),
        cp("invalid-argument", "/scale")
    );
    assert_eq!(
        code_path(round_wire("1x", 2, HalfEven)),
        cp("invalid-decimal", "/value")
    );
    assert_eq!(
        code_path(round_wire("9999999999999999999999999999", 1, HalfEven)),
        cp("overflow", "/value")
    );
    assert_eq!(
        round_to_increment_wire("1.03", "0.05", HalfEven).unwrap(),
        "1.05"
    );
    assert_eq!(
        round_to_increment_wire("1.074", "0.05", Down).unwrap(),
        "1.05"
    );
    assert_eq!(
        round_to_increment_wire("-1.074", "0.05", Floor).unwrap(),
        "-1.10"
    );
    assert_eq!(round_to_increment_wire("12", "5", HalfEven).unwrap(), "10");
    assert_eq!(
        code_path(round_to_increment_wire("1", "0", HalfEven)),
        cp("invalid-argument", "/increment")
    );
    assert_eq!(
        code_path(round_to_increment_wire("1", "abc", HalfEven)),
        cp("invalid-decimal", "/increment")
    );
}

#[test]
fn round_money_and_cash_round() {
    assert_eq!(round_money_wire("5.2", "EUR", HalfEven).unwrap(), "5.20");
    assert_eq!(round_money_wire("1.005", "EUR", HalfEven).unwrap(), "1.00");
    assert_eq!(
        round_money_wire("1.005", "EUR", HalfAwayFromZero).unwrap(),
        "1.01"
    );
    assert_eq!(round_money_wire("1000.5", "JPY", HalfEven).unwrap(), "1000");
    assert_eq!(
        round_money_wire("0.1255", "BHD", HalfEven).unwrap(),
        "0.126"
    );
    assert_eq!(round_money_wire("-0.004", "USD", HalfEven).unwrap(), "0.00");
    assert_eq!(
        code_path(round_money_wire("1", "XYZ", HalfEven)),
        cp("unknown-currency", "/currency")
    );
    assert_eq!(
        code_path(round_money_wire("x", "EUR", HalfEven)),
        cp("invalid-decimal", "/amount")
    );

    assert_eq!(cash_round_wire("1.03", "CHF", HalfEven).unwrap(), "1.05");
    assert_eq!(cash_round_wire("1.02", "CHF", HalfEven).unwrap(), "1.00");
    assert_eq!(cash_round_wire("1.025", "CHF", HalfEven).unwrap(), "1.00");
    assert_eq!(cash_round_wire("-1.03", "CHF", HalfEven).unwrap(), "-1.05");
    assert_eq!(
        cash_round_wire("104.50", "SEK", HalfEven).unwrap(),
        "104.00"
    );
    assert_eq!(
        cash_round_wire("105.50", "SEK", HalfEven).unwrap(),
        "106.00"
    );
    assert_eq!(cash_round_wire("12.49", "HUF", HalfEven).unwrap(), "10.00");
    assert_eq!(cash_round_wire("12.50", "HUF", HalfEven).unwrap(), "10.00"); // 2.5 fives -> 2 (even)
    assert_eq!(cash_round_wire("12.51", "HUF", HalfEven).unwrap(), "15.00");
    assert_eq!(cash_round_wire("9.25", "DKK", HalfUp).unwrap(), "9.50");
    assert_eq!(cash_round_wire("0.15", "NZD", HalfEven).unwrap(), "0.20");
    // No cash increment: minor units.
    assert_eq!(cash_round_wire("1.234", "EUR", HalfEven).unwrap(), "1.23");
    assert_eq!(cash_round_wire("7", "EUR", HalfEven).unwrap(), "7.00");
}

#[test]
fn minor_units_conversion() {
    assert_eq!(to_minor_units_wire("12.34", "EUR").unwrap(), "1234");
    assert_eq!(to_minor_units_wire("-0.5", "EUR").unwrap(), "-50");
    assert_eq!(to_minor_units_wire("12.340", "EUR").unwrap(), "1234");
    assert_eq!(to_minor_units_wire("7", "JPY").unwrap(), "7");
    assert_eq!(to_minor_units_wire("1.5", "KWD").unwrap(), "1500");
    assert_eq!(to_minor_units_wire("-0.00", "EUR").unwrap(), "0");
    assert_eq!(
        code_path(to_minor_units_wire("12.345", "EUR")),
        cp("precision-loss", "/amount")
    );
    assert_eq!(
        code_path(to_minor_units_wire("0.5", "JPY")),
        cp("precision-loss", "/amount")
    );
    assert_eq!(
        code_path(to_minor_units_wire("9999999999999999999999999999", "EUR")),
        cp("overflow", "/amount")
    );
    assert_eq!(from_minor_units_wire("1234", "EUR").unwrap(), "12.34");
    assert_eq!(from_minor_units_wire("-5", "EUR").unwrap(), "-0.05");
    assert_eq!(from_minor_units_wire("5", "BHD").unwrap(), "0.005");
    assert_eq!(from_minor_units_wire("5", "JPY").unwrap(), "5");
    assert_eq!(from_minor_units_wire("-0", "EUR").unwrap(), "0.00");
    assert_eq!(
        code_path(from_minor_units_wire("12.0", "EUR")),
        cp("invalid-argument", "/minor")
    );
    assert_eq!(
        code_path(from_minor_units_wire("1e2", "EUR")),
        cp("invalid-decimal", "/minor")
    );
    assert_eq!(
        code_path(from_minor_units_wire("1", "eur")),
        cp("unknown-currency", "/currency")
    );
}

#[test]
fn allocation() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        allocate_wire("2.00", "EUR", &s(&["1", "1", "1"])).unwrap(),
        ["0.67", "0.67", "0.66"]
    );
    assert_eq!(
        allocate_wire("2", "EUR", &s(&["1", "1", "1"])).unwrap(),
        ["0.67", "0.67", "0.66"]
    );
    assert_eq!(
        allocate_wire("0.05", "USD", &s(&["1", "1"])).unwrap(),
        ["0.03", "0.02"]
    );
    assert_eq!(
        allocate_wire("100.00", "EUR", &s(&["1", "2", "3"])).unwrap(),
        ["16.67", "33.33", "50.00"]
    );
    assert_eq!(
        allocate_wire("100", "JPY", &s(&["1", "1", "1"])).unwrap(),
        ["34", "33", "33"]
    );
    assert_eq!(
        allocate_wire("-1", "BHD", &s(&["1", "0", "2"])).unwrap(),
        ["-0.333", "0.000", "-0.667"]
    );
    assert_eq!(
        allocate_evenly_wire("0.04", "EUR", 3).unwrap(),
        ["0.02", "0.01", "0.01"]
    );
    assert_eq!(
        allocate_evenly_wire("1", "KWD", 3).unwrap(),
        ["0.334", "0.333", "0.333"]
    );

    assert_eq!(
        code_path(allocate_wire("1", "EUR", &[])),
        cp("invalid-argument", "/ratios")
    );
    assert_eq!(
        code_path(allocate_wire("1", "EUR", &s(&["1", "2", "-1"]))),
        cp("invalid-argument", "/ratios/2")
    );
    assert_eq!(
        code_path(allocate_wire("1", "EUR", &s(&["1", "1e2"]))),
        cp("invalid-decimal", "/ratios/1")
    );
    assert_eq!(
        code_path(allocate_wire("1", "EUR", &s(&["0", "0"]))),
        cp("invalid-argument", "/ratios")
    );
    assert_eq!(
        code_path(allocate_wire("1.001", "EUR", &s(&["1"]))),
        cp("precision-loss", "/amount")
    );
    let many = vec!["1".to_string(); 10_001];
    assert_eq!(
        code_path(allocate_wire("1", "EUR", &many)),
        cp("too-many-parts", "/ratios")
    );
    assert_eq!(
        code_path(allocate_evenly_wire("1", "EUR", 0)),
        cp("invalid-argument", "/parts")
    );
    assert_eq!(
        code_path(allocate_evenly_wire("1", "EUR", u32::MAX)),
        cp("too-many-parts", "/parts")
    );
    assert_eq!(
        code_path(allocate_evenly_wire("0.5", "JPY", 2)),
        cp("precision-loss", "/amount")
    );
}

#[test]
fn every_money_error_code_is_documented() {
    let documented: Vec<&str> = CODES.iter().map(|c| c.code).collect();
    let samples = [
        canonical_decimal_wire("x").unwrap_err(),
        round_wire("9999999999999999999999999999", 1, HalfEven).unwrap_err(),
        currency_wire("XYZ").unwrap_err(),
        to_minor_units_wire("0.001", "EUR").unwrap_err(),
        round_wire("1", 40, HalfEven).unwrap_err(),
        allocate_evenly_wire("1", "EUR", 20_000).unwrap_err(),
    ];
    for e in samples {
        assert!(documented.contains(&e.code.as_str()), "{}", e.code);
    }
    let e = div(rust_decimal::Decimal::ONE, rust_decimal::Decimal::ZERO).unwrap_err();
    use kassa_core::error::Coded;
    assert!(documented.contains(&e.code()));
}

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop::sample::select(vec![
        HalfEven,
        HalfAwayFromZero,
        HalfTowardZero,
        HalfUp,
        HalfDown,
        Up,
        Down,
        Ceiling,
        Floor,
    ])
}

/// Strings near the decimal syntax, and arbitrary text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+0-9.eE ]{0,40}",
        "-?[0-9]{0,32}(\\.[0-9]{0,32})?",
        any::<String>(),
    ]
}

fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{0,4}",
        Just("CHF".to_string()),
        Just("JPY".to_string()),
        any::<String>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn wire_functions_never_panic(
        a in text(), b in text(), c in code(), scale in any::<u32>(), parts in 0u32..=20,
        mode in mode(), ratios in prop::collection::vec(text(), 0..5)
    ) {
        let outputs = [
            canonical_decimal_wire(&a).map(|v| vec![v]),
            round_wire(&a, scale, mode).map(|v| vec![v]),
            round_wire(&a, scale % 30, mode).map(|v| vec![v]),
            round_to_increment_wire(&a, &b, mode).map(|v| vec![v]),
            round_money_wire(&a, &c, mode).map(|v| vec![v]),
            cash_round_wire(&a, &c, mode).map(|v| vec![v]),
            to_minor_units_wire(&a, &c).map(|v| vec![v]),
            from_minor_units_wire(&a, &c).map(|v| vec![v]),
            allocate_wire(&a, &c, &ratios),
            allocate_evenly_wire(&a, &c, parts),
            currency_wire(&c).map(|v| vec![v.code]),
        ];
        for out in outputs {
            match out {
                // Every decimal returned parses back strictly (currency codes too: they are not decimals).
                Ok(values) => for v in values {
                    prop_assert!(parse_decimal(&v).is_ok() || lookup_currency(&v).is_some(), "{v}");
                },
                Err(e) => {
                    prop_assert!(CODES.iter().any(|d| d.code == e.code), "{}", e.code);
                    prop_assert!(e.path.is_empty() || e.path.starts_with('/'));
                }
            }
        }
    }

    #[test]
    fn minor_units_round_trip(m in -1_000_000_000_000i64..1_000_000_000_000, c in prop::sample::select(vec!["EUR", "JPY", "BHD", "CLF"])) {
        let amount = from_minor_units_wire(&m.to_string(), c).unwrap();
        prop_assert_eq!(to_minor_units_wire(&amount, c).unwrap(), m.to_string());
    }
}

/// `call_wire` (interface money-calls, the JavaScript package's one money export) answers as the function it
/// names. Expected values by hand: 2.345 to 2 places half-even is 2.34 (the dropped 5 is an exact half, 4 is
/// even); 1.00 EUR in three equal ratios is 0.34 + 0.33 + 0.33 (the one left-over cent to the first part).
#[test]
fn money_call_answers_as_the_named_function() {
    use kassa_core::api::{MoneyOp, RoundingMode};
    use kassa_core::money::call_wire;
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        call_wire(
            MoneyOp::Round,
            &s(&["2.345"]),
            Some(RoundingMode::HalfEven),
            Some(2)
        )
        .unwrap(),
        s(&["2.34"])
    );
    assert_eq!(
        call_wire(
            MoneyOp::Allocate,
            &s(&["1.00", "EUR", "1", "1", "1"]),
            None,
            None
        )
        .unwrap(),
        s(&["0.34", "0.33", "0.33"])
    );
    // The function's own error, at its own pointer.
    let e = call_wire(MoneyOp::CanonicalDecimal, &s(&["1e3"]), None, None).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalid-decimal", "/value")
    );
    // A missing argument is invalid-argument at the missing part.
    let e = call_wire(
        MoneyOp::RoundMoney,
        &s(&["1.00"]),
        Some(RoundingMode::HalfEven),
        None,
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalid-argument", "/args")
    );
    let e = call_wire(MoneyOp::Round, &s(&["1.00"]), None, Some(2)).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("invalid-argument", "/mode")
    );
}
