//! Money: decimal parsing and canonical formatting, the ISO 4217 table, named rounding modes, exact
//! allocation and checked arithmetic. Every other layer computes with these and nothing else.
//!
//! This file is the facade: the error enum and its codes, checked arithmetic, and re-exports of the
//! submodules `decimal` (parse/format), `currency` (ISO 4217 + cash increments), `rounding`, `allocation`,
//! and `wire` (the string-in/string-out forms the component exports). docs/money.md is the user-facing spec.

mod allocation;
mod currency;
mod currency_data;
mod decimal;
mod exact;
mod rounding;
mod wide;
mod wire;

pub(crate) use allocation::stable_order;
pub use allocation::{allocate, allocate_evenly, MAX_ALLOCATION_PARTS};
pub use currency::{currency_table, lookup_currency, CurrencyEntry};
pub use decimal::{
    decimal_text, display_decimal, fixed_text, format_decimal, format_fixed, is_multiple_of_minor,
    minor_unit, parse_decimal, write_decimal, write_fixed, MAX_DIGITS,
};
pub use exact::{Exact, ExactSums};
pub use rounding::{div_round, round, round_to_increment};
pub use wire::{
    allocate_evenly_wire, allocate_wire, call_wire, canonical_decimal_wire, cash_round_wire,
    currency_wire, from_minor_units_wire, round_money_wire, round_to_increment_wire, round_wire,
    to_minor_units_wire,
};

use crate::api::DataVersion;
use crate::error::errors;
use rust_decimal::Decimal;

errors! {
    /// Errors of the money layer.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum MoneyError in "money" {
        /// A decimal string is not in the strict syntax (params: input, position, reason).
        #[code = "invalid-decimal"]
        #[error("invalid decimal {input:?} at position {position}: {reason}")]
        InvalidDecimal {
            input: String,
            position: usize,
            reason: &'static str,
        },
        /// An arithmetic result is out of the decimal range.
        #[code = "overflow"]
        #[error("arithmetic overflow in {operation}")]
        Overflow { operation: &'static str },
        /// A currency code is not in the ISO 4217 table (codes are case-sensitive upper-case).
        #[code = "unknown-currency"]
        #[error("unknown currency {code:?}")]
        UnknownCurrency { code: String },
        /// The currency code is not upper-case but its upper-case form is known (same code as UnknownCurrency).
        #[code = "unknown-currency"]
        #[error(
            "unknown currency {code:?}: currency codes are upper-case, did you mean {suggestion:?}?"
        )]
        CurrencyNotUpperCase { code: String, suggestion: String },
        /// A division has a zero divisor.
        #[code = "division-by-zero"]
        #[error("division by zero in {operation}")]
        DivisionByZero { operation: &'static str },
        /// An amount has more decimals than the currency's minor units, so the operation would drop digits.
        #[code = "precision-loss"]
        #[error("{amount} has more decimals than the currency's {minor_units} minor units")]
        PrecisionLoss { amount: String, minor_units: u32 },
        /// An argument is outside its domain (params: argument, reason), e.g. a negative ratio or a zero
        /// increment.
        #[code = "invalid-argument"]
        #[error("invalid {argument}: {reason}")]
        InvalidArgument {
            argument: &'static str,
            reason: &'static str,
        },
        /// An allocation asks for more parts than the documented maximum (params: count, max).
        #[code = "too-many-parts"]
        #[error("too many parts: {count} > {max}")]
        TooManyParts { count: u64, max: u32 },
    }
}

/// Where the currency table and its cash increments come from (constants generated with the data).
pub fn data_versions() -> Vec<DataVersion> {
    use currency_data as d;
    let v = |name: &str, source: &str, date: &str| DataVersion {
        name: name.to_string(),
        source: source.to_string(),
        date: date.to_string(),
    };
    vec![
        v(d::DATA_NAME, d::DATA_SOURCE, d::DATA_DATE),
        v(d::CASH_DATA_NAME, d::CASH_DATA_SOURCE, d::CASH_DATA_DATE),
    ]
}

/// Checked addition: overflow is an error, never a panic. Exact (rust_decimal adds exactly when in range).
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_add(b)
        .ok_or(MoneyError::Overflow { operation: "add" })
}

/// Checked subtraction, computed as `a + (-b)`: rust_decimal adds and subtracts with one routine that only
/// flips the sign of `b`, so the result is `a.checked_sub(b)` to the bit, except that a zero `b` keeps its own
/// sign there (0 - 0 is 0, where 0 + -0 is -0), hence the zero case. Written so because each caller of
/// rust_decimal's `checked_add`/`checked_sub` gets its own copy of that routine, ~1.9 KB of wasm each (the
/// browser build's budget); `tests/money_props.rs` checks it against `checked_sub`.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    let minus_b = if b.is_zero() { b } else { -b };
    add(a, minus_b).map_err(|_| MoneyError::Overflow { operation: "sub" })
}

/// Exact multiplication: the result is the exact product (scale = sum of scales, trailing zeros dropped only
/// when needed to fit) or an overflow error. Unlike rust_decimal's `checked_mul` it never rounds silently.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    Exact::product(a, b)
        .to_decimal()
        .ok_or(MoneyError::Overflow { operation: "mul" })
}

/// Checked division with rust_decimal's precision: the quotient to 28 significant digits (an inexact quotient
/// like 1/3 is rounded in its last digit). Money results should come from `div_round`, which rounds exactly
/// with a named mode. Errors: division-by-zero, overflow.
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    if b.is_zero() {
        return Err(MoneyError::DivisionByZero { operation: "div" });
    }
    a.checked_div(b)
        .ok_or(MoneyError::Overflow { operation: "div" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn mul_is_exact_or_an_error() {
        assert_eq!(format_decimal(mul(d("1.50"), d("3")).unwrap()), "4.50");
        assert_eq!(
            format_decimal(mul(d("-0.19"), d("10.00")).unwrap()),
            "-1.9000"
        );
        // 50e-16 * 20e-15 = 1000e-31 = 1e-28: trailing zeros are dropped to fit 28 places.
        let p = mul(d("0.0000000000000050"), d("0.000000000000020")).unwrap();
        assert_eq!(format_decimal(p), "0.0000000000000000000000000001");
        // 1e-15 * 1e-15 = 1e-30 has no representation: an error, not a silent 0.
        let tiny = d("0.000000000000001");
        assert_eq!(
            mul(tiny, tiny),
            Err(MoneyError::Overflow { operation: "mul" })
        );
        let big = d("9999999999999999999999999999");
        assert_eq!(
            mul(big, d("10")),
            Err(MoneyError::Overflow { operation: "mul" })
        );
        assert_eq!(format_decimal(mul(d("-0"), d("5")).unwrap()), "0");
    }

    #[test]
    fn add_sub_div_are_checked() {
        assert_eq!(format_decimal(add(d("0.1"), d("0.20")).unwrap()), "0.30");
        assert_eq!(format_decimal(sub(d("0.1"), d("0.20")).unwrap()), "-0.10");
        let max = Decimal::MAX;
        assert_eq!(
            add(max, Decimal::ONE),
            Err(MoneyError::Overflow { operation: "add" })
        );
        assert_eq!(
            sub(-max, Decimal::ONE),
            Err(MoneyError::Overflow { operation: "sub" })
        );
        assert_eq!(
            div(d("1"), d("0.00")),
            Err(MoneyError::DivisionByZero { operation: "div" })
        );
        assert_eq!(div(d("1"), d("4")).unwrap(), d("0.25"));
        assert_eq!(
            div(max, d("0.1")),
            Err(MoneyError::Overflow { operation: "div" })
        );
    }

    #[test]
    fn codes_table_covers_every_variant() {
        let samples = [
            MoneyError::InvalidDecimal {
                input: String::new(),
                position: 0,
                reason: "empty",
            },
            MoneyError::Overflow { operation: "add" },
            MoneyError::UnknownCurrency { code: "X".into() },
            MoneyError::CurrencyNotUpperCase {
                code: "eur".into(),
                suggestion: "EUR".into(),
            },
            MoneyError::DivisionByZero { operation: "div" },
            MoneyError::PrecisionLoss {
                amount: "0.001".into(),
                minor_units: 2,
            },
            MoneyError::InvalidArgument {
                argument: "scale",
                reason: "must be at most 28",
            },
            MoneyError::TooManyParts { count: 1, max: 0 },
        ];
        for e in samples {
            assert!(CODES.iter().any(|c| c.code == e.code()), "{}", e.code());
            assert!(!e.params().is_empty());
        }
    }
}
