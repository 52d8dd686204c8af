//! `allocate` is exact for every ratio list the strict decimal syntax allows, checked against two
//! independent references: fixed cases computed with Python's `fractions.Fraction` (the script is below),
//! and property tests against a largest-remainder split on `num_bigint::BigUint`.

use kassa_core::money::{allocate, allocate_wire, format_decimal, parse_decimal};
use num_bigint::BigUint;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn alloc(amount: &str, currency: &str, ratios: &[&str]) -> Vec<String> {
    let ratios: Vec<String> = ratios.iter().map(|r| r.to_string()).collect();
    allocate_wire(amount, currency, &ratios).unwrap()
}

// Expected values from Python 3.11 `fractions` (an exact rational reference, not this code):
//
//   from fractions import Fraction as F; from decimal import Decimal as D, getcontext; getcontext().prec = 200
//   def alloc(amount, mu, ratios):
//       total = int(D(amount).scaleb(mu)); rs = [F(D(r)) for r in ratios]; s = sum(rs)
//       shares = [F(abs(total)) * r / s for r in rs]; parts = [x.numerator // x.denominator for x in shares]
//       left = abs(total) - sum(parts)
//       for i in sorted(range(len(rs)), key=lambda i: (-(shares[i] - parts[i]), i))[:left]: parts[i] += 1
//       return [p if total >= 0 else -p for p in parts]   # then written at scale mu
#[test]
fn ratios_past_38_digits_match_python_fractions() {
    // The issue's case: the weights at scale 28 are 1 and (10^28 - 1) x 10^28, 57 digits.
    assert_eq!(
        alloc(
            "1000.00",
            "EUR",
            &[
                "0.0000000000000000000000000001",
                "9999999999999999999999999999"
            ]
        ),
        ["0.00", "1000.00"]
    );
    assert_eq!(
        alloc(
            "1000.00",
            "EUR",
            &[
                "9999999999999999999999999999",
                "0.0000000000000000000000000001"
            ]
        ),
        ["1000.00", "0.00"]
    );
    // One unit in 10^27 decides the remainder (no tie), while equal ratios in two spellings tie -> first.
    assert_eq!(
        alloc("0.01", "EUR", &["1", "1.000000000000000000000000001"]),
        ["0.00", "0.01"]
    );
    assert_eq!(
        alloc("0.01", "EUR", &["1.000000000000000000000000000", "1"]),
        ["0.01", "0.00"]
    );
    // Shares amount/(10^28 + 1) and amount x 10^28/(10^28 + 1): the small ratio takes the unit at 0.6.
    let r = &[
        "0.9999999999999999999999999999",
        "9999999999999999999999999999",
    ];
    assert_eq!(
        alloc("6000000000000000000000000000", "JPY", r),
        ["1", "5999999999999999999999999999"]
    );
    assert_eq!(
        alloc("5000000000000000000000000000", "JPY", r),
        ["0", "5000000000000000000000000000"]
    );
    assert_eq!(
        alloc("60000000000000000000000000.00", "EUR", r),
        ["0.01", "59999999999999999999999999.99"]
    );
    assert_eq!(
        alloc(
            "-100.00",
            "EUR",
            &[
                "123456789012345.6789012345678",
                "0.0000000000000000000000000003",
                "314159265358979.3238462643383"
            ]
        ),
        ["-28.21", "0.00", "-71.79"]
    );
    assert_eq!(
        alloc(
            "9999999999999999999999999.999",
            "KWD",
            &[
                "0.3333333333333333333333333333",
                "3333333333333333333333333333",
                "0.0000000000000000000000000007",
                "7"
            ]
        ),
        ["0.001", "9999999999999999999999999.977", "0.000", "0.021"]
    );
    assert_eq!(
        alloc(
            "0.10",
            "EUR",
            &[
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
                "9999999999999999999999999999",
                "0.0000000000000000000000000001"
            ]
        ),
        ["0.00", "0.00", "0.10", "0.00"]
    );
}

#[test]
fn only_unwritable_parts_overflow() {
    // 28 nines of yen split 1:1 is fine; the same in euro is 30 digits of cents: no part can be written
    // with 28 significant digits, so `overflow` (the parts, not the ratios).
    let r = &["1", "1"];
    assert_eq!(
        alloc("9999999999999999999999999999", "JPY", r),
        [
            "5000000000000000000000000000",
            "4999999999999999999999999999"
        ]
    );
    let err = allocate_wire(
        "9999999999999999999999999999",
        "EUR",
        &["1".to_string(), "1".to_string()],
    )
    .unwrap_err();
    assert_eq!(err.code, "overflow");
    assert_eq!(err.path, "/amount");
}

/// The largest-remainder split on big integers: weights at the largest scale, floor and remainder of
/// `total x w / sum`, leftover units to the largest remainders, ties to the earlier part.
fn reference(total: i128, ratios: &[(u128, u32)]) -> Vec<i128> {
    let scale = ratios.iter().map(|r| r.1).max().unwrap_or(0);
    let ten = BigUint::from(10u32);
    let weights: Vec<BigUint> = ratios
        .iter()
        .map(|(m, s)| BigUint::from(*m) * ten.pow(scale - s))
        .collect();
    let sum: BigUint = weights.iter().sum();
    let mag = BigUint::from(total.unsigned_abs());
    let mut parts: Vec<BigUint> = weights.iter().map(|w| &mag * w / &sum).collect();
    let rems: Vec<BigUint> = weights.iter().map(|w| &mag * w % &sum).collect();
    let given: BigUint = parts.iter().sum();
    let left = u128::try_from(&mag - given).unwrap();
    let mut order: Vec<usize> = (0..ratios.len()).collect();
    order.sort_by(|&a, &b| rems[b].cmp(&rems[a]).then(a.cmp(&b)));
    for &i in order.iter().take(left as usize) {
        parts[i] += 1u32;
    }
    parts
        .into_iter()
        .map(|p| {
            let p = i128::try_from(u128::try_from(p).unwrap()).unwrap();
            if total < 0 {
                -p
            } else {
                p
            }
        })
        .collect()
}

/// A ratio of up to 28 significant digits at any scale 0..=28 (mantissa, scale); mostly long ones.
fn ratio() -> impl Strategy<Value = (u128, u32)> {
    let mantissa = prop_oneof![
        0u128..=10,
        0u128..10u128.pow(28),
        (1u32..=28).prop_map(|k| 10u128.pow(k) - 1),
        (0u32..28).prop_map(|k| 10u128.pow(k)),
    ];
    (mantissa, 0u32..=28)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn allocation_matches_a_big_integer_reference(
        total in prop_oneof![-1_000_000i128..1_000_000, -(10i128.pow(28) - 1)..10i128.pow(28)],
        mu in 0u32..=4,
        ratios in prop::collection::vec(ratio(), 1..8)
            .prop_filter("not all zero", |v| v.iter().any(|(m, _)| *m > 0)),
    ) {
        let amount = Decimal::from_i128_with_scale(total, mu);
        let decimals: Vec<Decimal> =
            ratios.iter().map(|(m, s)| Decimal::from_i128_with_scale(*m as i128, *s)).collect();
        let want = reference(total, &ratios);
        match allocate(amount, mu, &decimals) {
            Ok(parts) => {
                let got: Vec<i128> = parts.iter().map(|p| {
                    assert_eq!(p.scale(), mu);
                    p.mantissa()
                }).collect();
                prop_assert_eq!(got, want);
            }
            // The amount itself has at most 28 digits, so every part does too (|part| <= |total|).
            Err(e) => prop_assert!(false, "{e} for {:?}", ratios.iter().map(|(m, s)|
                format_decimal(Decimal::from_i128_with_scale(*m as i128, *s))).collect::<Vec<_>>()),
        }
    }
}

#[test]
fn the_issue_case_through_the_typed_api() {
    let parts = allocate(
        d("1000.00"),
        2,
        &[
            d("0.0000000000000000000000000001"),
            d("9999999999999999999999999999"),
        ],
    )
    .unwrap();
    assert_eq!(
        parts.into_iter().map(format_decimal).collect::<Vec<_>>(),
        ["0.00", "1000.00"]
    );
}
