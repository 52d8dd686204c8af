//! Named rounding: to a number of decimal places, to an increment (0.05), and exactly rounded division.
//!
//! The modes are the table in wit/kassa.wit (normative). rust_decimal's `RoundingStrategy` has no half-up /
//! half-down with "ties toward +/- infinity" meanings, so every mode is implemented here once, on exact integer
//! quotients: truncate, then decide from the sign and the remainder whether to step one unit away from zero.

use super::decimal::{from_parts, MAX_DIGITS};
use super::wide::U256;
use super::MoneyError;
use crate::api::RoundingMode;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Whether a truncated quotient `q` (of a value with sign `negative`) moves one unit away from zero, given that
/// the discarded remainder is non-zero and compares to half a unit as `half`.
fn step_away(mode: RoundingMode, negative: bool, q_is_odd: bool, half: Ordering) -> bool {
    use RoundingMode::*;
    match mode {
        Up => true,
        Down => false,
        Ceiling => !negative,
        Floor => negative,
        HalfEven | HalfAwayFromZero | HalfTowardZero | HalfUp | HalfDown => match half {
            Ordering::Less => false,
            Ordering::Greater => true,
            Ordering::Equal => match mode {
                HalfEven => q_is_odd,
                HalfAwayFromZero => true,
                HalfTowardZero => false,
                // Toward +infinity: away from zero only for positives.
                HalfUp => !negative,
                // Toward -infinity: away from zero only for negatives.
                _ => negative,
            },
        },
    }
}

/// `n / d` rounded with `mode`, for a magnitude `n`, a divisor `d > 0` and the sign of the value. Returns the
/// rounded magnitude, or `None` if it does not fit a u128 or `d` is zero.
pub(super) fn round_quotient(n: U256, d: U256, negative: bool, mode: RoundingMode) -> Option<u128> {
    let (q, r) = n.div_rem(d)?;
    let q = q.to_u128()?;
    if r.is_zero() {
        return Some(q);
    }
    // Compare r with d - r instead of 2r with d: no overflow.
    let half = r.cmp(&d.checked_sub(r)?);
    if step_away(mode, negative, q % 2 == 1, half) {
        q.checked_add(1)
    } else {
        Some(q)
    }
}

/// A decimal from a sign, a magnitude and a scale, or an overflow error.
pub(super) fn build(
    negative: bool,
    magnitude: u128,
    scale: u32,
    operation: &'static str,
) -> Result<Decimal, MoneyError> {
    let overflow = MoneyError::Overflow { operation };
    let m = i128::try_from(magnitude).map_err(|_| overflow.clone())?;
    let m = if negative { -m } else { m };
    from_parts(m, scale).ok_or(overflow)
}

pub(super) fn scale_arg(scale: u32) -> Result<(), MoneyError> {
    if scale > MAX_DIGITS {
        return Err(MoneyError::InvalidArgument {
            argument: "scale",
            reason: "must be at most 28",
        });
    }
    Ok(())
}

/// Round to exactly `scale` decimal places (0..=28) with a named mode. The result always has scale `scale`:
/// `round(1.5, 2)` is `1.50`. Errors: `scale` > 28 (invalid-argument); a result out of range (overflow).
pub fn round(d: Decimal, scale: u32, mode: RoundingMode) -> Result<Decimal, MoneyError> {
    scale_arg(scale)?;
    let negative = d.mantissa() < 0;
    let magnitude = U256::from_u128(d.mantissa().unsigned_abs());
    let q = if d.scale() <= scale {
        magnitude
            .checked_mul_pow10(scale - d.scale())
            .and_then(U256::to_u128)
    } else {
        let divisor = U256::from_u128(1).checked_mul_pow10(d.scale() - scale);
        divisor.and_then(|div| round_quotient(magnitude, div, negative, mode))
    };
    let q = q.ok_or(MoneyError::Overflow { operation: "round" })?;
    build(negative, q, scale, "round")
}

/// Round to a multiple of `increment` (> 0) with a named mode: `round(d / increment) * increment`, computed
/// exactly. The result has the increment's scale (1.03 to 0.05 is 1.05; 17 to 5 is 15; 1.2 to 0.50 is 1.00).
pub fn round_to_increment(
    d: Decimal,
    increment: Decimal,
    mode: RoundingMode,
) -> Result<Decimal, MoneyError> {
    if increment.mantissa() <= 0 {
        return Err(MoneyError::InvalidArgument {
            argument: "increment",
            reason: "must be greater than zero",
        });
    }
    let overflow = MoneyError::Overflow {
        operation: "round-to-increment",
    };
    let common = d.scale().max(increment.scale());
    let negative = d.mantissa() < 0;
    let n = U256::from_u128(d.mantissa().unsigned_abs()).checked_mul_pow10(common - d.scale());
    let k = U256::from_u128(increment.mantissa().unsigned_abs())
        .checked_mul_pow10(common - increment.scale());
    let (n, k) = n.zip(k).ok_or(overflow.clone())?;
    let q = round_quotient(n, k, negative, mode).ok_or(overflow.clone())?;
    let m = q
        .checked_mul(increment.mantissa().unsigned_abs())
        .ok_or(overflow)?;
    build(negative, m, increment.scale(), "round-to-increment")
}

/// `a / b` rounded exactly to `scale` decimal places with a named mode (no intermediate rounding: 2 / 3 at
/// scale 2 half-even is 0.67). Errors: `b` zero (division-by-zero), `scale` > 28, result out of range.
pub fn div_round(
    a: Decimal,
    b: Decimal,
    scale: u32,
    mode: RoundingMode,
) -> Result<Decimal, MoneyError> {
    if b.mantissa() == 0 {
        return Err(MoneyError::DivisionByZero {
            operation: "div-round",
        });
    }
    scale_arg(scale)?;
    let overflow = MoneyError::Overflow {
        operation: "div-round",
    };
    // a/b * 10^scale = ma * 10^(sb + scale) / (mb * 10^sa); cancel the common power of ten first.
    let up = b.scale() + scale;
    let (num_exp, den_exp) = if up >= a.scale() {
        (up - a.scale(), 0)
    } else {
        (0, a.scale() - up)
    };
    let num = U256::from_u128(a.mantissa().unsigned_abs()).checked_mul_pow10(num_exp);
    let den = U256::from_u128(b.mantissa().unsigned_abs()).checked_mul_pow10(den_exp);
    // A numerator past 2^256 over a denominator below 2^96 (den_exp is 0 then) cannot fit 96 bits.
    let (num, den) = num.zip(den).ok_or(overflow.clone())?;
    let negative = (a.mantissa() < 0) != (b.mantissa() < 0);
    let q = round_quotient(num, den, negative, mode).ok_or(overflow)?;
    build(negative && q != 0, q, scale, "div-round")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{format_decimal, parse_decimal};
    use RoundingMode::*;

    const MODES: [RoundingMode; 9] = [
        HalfEven,
        HalfAwayFromZero,
        HalfTowardZero,
        HalfUp,
        HalfDown,
        Up,
        Down,
        Ceiling,
        Floor,
    ];

    fn r(v: &str, scale: u32, mode: RoundingMode) -> String {
        format_decimal(round(parse_decimal(v).unwrap(), scale, mode).unwrap())
    }

    /// The table of wit/kassa.wit, copied by hand: columns 2.5, -2.5, 2.4, -2.6 at scale 0.
    #[test]
    fn wit_table() {
        let table: [(RoundingMode, [&str; 4]); 9] = [
            (HalfEven, ["2", "-2", "2", "-3"]),
            (HalfAwayFromZero, ["3", "-3", "2", "-3"]),
            (HalfTowardZero, ["2", "-2", "2", "-3"]),
            (HalfUp, ["3", "-2", "2", "-3"]),
            (HalfDown, ["2", "-3", "2", "-3"]),
            (Up, ["3", "-3", "3", "-3"]),
            (Down, ["2", "-2", "2", "-2"]),
            (Ceiling, ["3", "-2", "3", "-2"]),
            (Floor, ["2", "-3", "2", "-3"]),
        ];
        for (mode, expected) in table {
            for (input, want) in ["2.5", "-2.5", "2.4", "-2.6"].iter().zip(expected) {
                assert_eq!(r(input, 0, mode), want, "{mode:?} {input}");
            }
        }
    }

    /// More hand-computed cases per mode, including negatives, ties at scale 2 and exact values.
    #[test]
    fn hand_table_scale_2() {
        // columns: 1.005, -1.005, 0.125, -0.125, 2.675, -2.675, 1.0049, -1.0051, 3.10
        let inputs = [
            "1.005", "-1.005", "0.125", "-0.125", "2.675", "-2.675", "1.0049", "-1.0051", "3.1",
        ];
        let table: [(RoundingMode, [&str; 9]); 9] = [
            (
                HalfEven,
                [
                    "1.00", "-1.00", "0.12", "-0.12", "2.68", "-2.68", "1.00", "-1.01", "3.10",
                ],
            ),
            (
                HalfAwayFromZero,
                [
                    "1.01", "-1.01", "0.13", "-0.13", "2.68", "-2.68", "1.00", "-1.01", "3.10",
                ],
            ),
            (
                HalfTowardZero,
                [
                    "1.00", "-1.00", "0.12", "-0.12", "2.67", "-2.67", "1.00", "-1.01", "3.10",
                ],
            ),
            (
                HalfUp,
                [
                    "1.01", "-1.00", "0.13", "-0.12", "2.68", "-2.67", "1.00", "-1.01", "3.10",
                ],
            ),
            (
                HalfDown,
                [
                    "1.00", "-1.01", "0.12", "-0.13", "2.67", "-2.68", "1.00", "-1.01", "3.10",
                ],
            ),
            (
                Up,
                [
                    "1.01", "-1.01", "0.13", "-0.13", "2.68", "-2.68", "1.01", "-1.01", "3.10",
                ],
            ),
            (
                Down,
                [
                    "1.00", "-1.00", "0.12", "-0.12", "2.67", "-2.67", "1.00", "-1.00", "3.10",
                ],
            ),
            (
                Ceiling,
                [
                    "1.01", "-1.00", "0.13", "-0.12", "2.68", "-2.67", "1.01", "-1.00", "3.10",
                ],
            ),
            (
                Floor,
                [
                    "1.00", "-1.01", "0.12", "-0.13", "2.67", "-2.68", "1.00", "-1.01", "3.10",
                ],
            ),
        ];
        for (mode, expected) in table {
            for (input, want) in inputs.iter().zip(expected) {
                assert_eq!(r(input, 2, mode), want, "{mode:?} {input}");
            }
        }
    }

    #[test]
    fn round_pads_and_rejects() {
        assert_eq!(r("1.5", 2, HalfEven), "1.50");
        assert_eq!(r("-0.4", 0, HalfEven), "0");
        assert_eq!(r("-0.001", 2, Down), "0.00");
        assert_eq!(r("-0.001", 2, Floor), "-0.01");
        assert_eq!(
            r("0.0000000000000000000000000005", 27, HalfEven),
            "0.000000000000000000000000000"
        );
        assert_eq!(
            r("0.0000000000000000000000000015", 27, HalfEven),
            "0.000000000000000000000000002"
        );
        let big = parse_decimal("9999999999999999999999999999").unwrap();
        assert!(matches!(
            round(big, 2, HalfEven),
            Err(MoneyError::Overflow { .. })
        ));
        assert!(matches!(
            round(big, 29, HalfEven),
            Err(MoneyError::InvalidArgument {
                argument: "scale",
                ..
            })
        ));
        // 27 nines and .5 round up to 10^27 (28 digits) at scale 0.
        let near = parse_decimal("999999999999999999999999999.5").unwrap();
        assert_eq!(
            format_decimal(round(near, 0, Up).unwrap()),
            "1000000000000000000000000000"
        );
    }

    #[test]
    fn increments() {
        let inc = |v: &str, i: &str, mode| {
            format_decimal(
                round_to_increment(parse_decimal(v).unwrap(), parse_decimal(i).unwrap(), mode)
                    .unwrap(),
            )
        };
        assert_eq!(inc("1.03", "0.05", HalfEven), "1.05");
        assert_eq!(inc("1.02", "0.05", HalfEven), "1.00");
        assert_eq!(inc("1.025", "0.05", HalfEven), "1.00"); // tie, 20 even
        assert_eq!(inc("1.075", "0.05", HalfEven), "1.10"); // tie, 21 odd -> 22
        assert_eq!(inc("-1.025", "0.05", HalfUp), "-1.00");
        assert_eq!(inc("-1.025", "0.05", HalfDown), "-1.05");
        assert_eq!(inc("1.2", "0.50", HalfEven), "1.00");
        assert_eq!(inc("1.25", "0.50", HalfEven), "1.00");
        assert_eq!(inc("1.75", "0.50", HalfEven), "2.00");
        assert_eq!(inc("17", "5", HalfEven), "15");
        assert_eq!(inc("17.5", "5", HalfEven), "20");
        assert_eq!(inc("-17.5", "5", HalfTowardZero), "-15");
        assert_eq!(inc("0.01", "0.10", Ceiling), "0.10");
        assert_eq!(inc("-0.01", "0.10", Ceiling), "0.00");
        assert_eq!(inc("-0.01", "0.10", Up), "-0.10");
        assert_eq!(inc("7", "1", Floor), "7");
        // A tiny value against a huge increment: the scaled increment needs more than 128 bits.
        assert_eq!(
            inc(
                "0.0000000000000000000000000001",
                "9999999999999999999999999999",
                Up
            ),
            "9999999999999999999999999999"
        );
        assert_eq!(
            inc(
                "0.0000000000000000000000000001",
                "9999999999999999999999999999",
                HalfEven
            ),
            "0"
        );
        for bad in ["0", "-0.05"] {
            assert!(matches!(
                round_to_increment(Decimal::ONE, parse_decimal(bad).unwrap(), HalfEven),
                Err(MoneyError::InvalidArgument {
                    argument: "increment",
                    ..
                })
            ));
        }
    }

    #[test]
    fn exact_division() {
        let dv = |a: &str, b: &str, s, mode| {
            format_decimal(
                div_round(
                    parse_decimal(a).unwrap(),
                    parse_decimal(b).unwrap(),
                    s,
                    mode,
                )
                .unwrap(),
            )
        };
        assert_eq!(dv("2", "3", 2, HalfEven), "0.67");
        assert_eq!(dv("-2", "3", 2, Down), "-0.66");
        assert_eq!(dv("1", "8", 2, HalfEven), "0.12");
        assert_eq!(dv("1", "8", 2, HalfUp), "0.13");
        assert_eq!(dv("-1", "8", 2, HalfUp), "-0.12");
        assert_eq!(dv("119.00", "1.19", 2, HalfEven), "100.00");
        assert_eq!(dv("10", "-4", 0, HalfEven), "-2");
        assert_eq!(dv("-0.001", "3", 2, HalfEven), "0.00");
        assert!(matches!(
            div_round(Decimal::ONE, Decimal::ZERO, 2, HalfEven),
            Err(MoneyError::DivisionByZero { .. })
        ));
        let tiny = parse_decimal("0.0000000000000000000000000001").unwrap();
        assert!(matches!(
            div_round(Decimal::ONE, tiny, 2, HalfEven),
            Err(MoneyError::Overflow { .. })
        ));
    }

    #[test]
    fn every_mode_leaves_exact_values_alone() {
        for mode in MODES {
            assert_eq!(r("-3.10", 1, mode), "-3.1");
            assert_eq!(r("0", 3, mode), "0.000");
        }
    }
}
