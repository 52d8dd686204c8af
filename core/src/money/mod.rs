//! Money: decimal parsing and canonical formatting, the ISO 4217 table, named rounding modes, exact
//! allocation and checked arithmetic. Every other layer computes with these and nothing else.
//!
//! Submodules: `decimal` (parse/format), `currency` (ISO 4217 + cash increments), `rounding`, `allocation`.
//! The `*_wire` functions at the bottom are the string-in/string-out forms the component exports.

use crate::api::{self, DataVersion, RoundingMode};
use crate::error::{CodeDoc, Coded, EngineError, Error, Param};
use rust_decimal::Decimal;

/// Errors of the money layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal in the strict canonical syntax.
    #[error("invalid decimal {input:?} at position {position}: {reason}")]
    InvalidDecimal {
        input: String,
        position: usize,
        reason: &'static str,
    },
    /// A result does not fit the 96-bit decimal range.
    #[error("arithmetic overflow in {operation}")]
    Overflow { operation: &'static str },
    /// The currency code is not in the ISO 4217 table.
    #[error("unknown currency {code:?}")]
    UnknownCurrency { code: String },
}

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "invalid-decimal",
        layer: "money",
        meaning: "A decimal string is not in the strict syntax (params: input, position, reason).",
    },
    CodeDoc {
        code: "overflow",
        layer: "money",
        meaning: "An arithmetic result is out of the decimal range.",
    },
    CodeDoc {
        code: "unknown-currency",
        layer: "money",
        meaning: "A currency code is not in the ISO 4217 table.",
    },
];

impl Coded for MoneyError {
    fn code(&self) -> &'static str {
        match self {
            MoneyError::InvalidDecimal { .. } => "invalid-decimal",
            MoneyError::Overflow { .. } => "overflow",
            MoneyError::UnknownCurrency { .. } => "unknown-currency",
        }
    }
    fn params(&self) -> Vec<Param> {
        match self {
            MoneyError::InvalidDecimal {
                input,
                position,
                reason,
            } => vec![
                Param::new("input", input),
                Param::new("position", position),
                Param::new("reason", reason),
            ],
            MoneyError::Overflow { operation } => vec![Param::new("operation", operation)],
            MoneyError::UnknownCurrency { code } => vec![Param::new("code", code)],
        }
    }
}

/// Where the currency table comes from.
pub fn data_versions() -> Vec<DataVersion> {
    Vec::new()
}

fn todo(op: &'static str) -> Error {
    EngineError::Unimplemented { operation: op }.to_error("")
}

/// Parse a decimal in the strict syntax: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`.
pub fn parse_decimal(_s: &str) -> Result<Decimal, MoneyError> {
    Err(MoneyError::Overflow {
        operation: "unimplemented",
    })
}

/// Format canonically: plain digits, scale kept, `-0` written as `0`.
pub fn format_decimal(d: Decimal) -> String {
    d.to_string()
}

/// Format with exactly `scale` decimals (pads with zeros; `scale` must be >= the value's scale).
pub fn format_fixed(d: Decimal, _scale: u32) -> String {
    d.to_string()
}

/// Round to `scale` decimal places with a named mode.
pub fn round(d: Decimal, _scale: u32, _mode: RoundingMode) -> Result<Decimal, MoneyError> {
    Ok(d)
}

/// Round to a multiple of `increment` (> 0) with a named mode.
pub fn round_to_increment(
    d: Decimal,
    _increment: Decimal,
    _mode: RoundingMode,
) -> Result<Decimal, MoneyError> {
    Ok(d)
}

/// Split `amount` (a multiple of 10^-minor_units) by non-negative `ratios` (sum > 0) so the parts sum exactly to
/// `amount`; largest remainder, ties to the earlier part.
pub fn allocate(
    _amount: Decimal,
    _minor_units: u32,
    _ratios: &[Decimal],
) -> Result<Vec<Decimal>, MoneyError> {
    Err(MoneyError::Overflow {
        operation: "unimplemented",
    })
}

/// Split `amount` into `parts` equal parts; earlier parts take the extra minor units.
pub fn allocate_evenly(
    _amount: Decimal,
    _minor_units: u32,
    _parts: u32,
) -> Result<Vec<Decimal>, MoneyError> {
    Err(MoneyError::Overflow {
        operation: "unimplemented",
    })
}

/// Checked arithmetic: overflow is an error, never a panic.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_add(b)
        .ok_or(MoneyError::Overflow { operation: "add" })
}
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_sub(b)
        .ok_or(MoneyError::Overflow { operation: "sub" })
}
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_mul(b)
        .ok_or(MoneyError::Overflow { operation: "mul" })
}

/// An ISO 4217 entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyEntry {
    pub code: &'static str,
    pub numeric: &'static str,
    pub minor_units: u32,
    pub name: &'static str,
    /// Cash rounding increment as text ("0.05"), if the currency has one.
    pub cash_increment: Option<&'static str>,
}

/// Look a currency up by its alphabetic code (exact, upper-case).
pub fn lookup_currency(_code: &str) -> Option<&'static CurrencyEntry> {
    None
}

// ---- wire forms (exported by the component) ----------------------------------------------------------

pub fn canonical_decimal_wire(_value: &str) -> Result<String, Error> {
    Err(todo("canonical-decimal"))
}
pub fn round_wire(_value: &str, _scale: u32, _mode: RoundingMode) -> Result<String, Error> {
    Err(todo("round"))
}
pub fn round_to_increment_wire(
    _value: &str,
    _increment: &str,
    _mode: RoundingMode,
) -> Result<String, Error> {
    Err(todo("round-to-increment"))
}
pub fn round_money_wire(
    _amount: &str,
    _currency: &str,
    _mode: RoundingMode,
) -> Result<String, Error> {
    Err(todo("round-money"))
}
pub fn cash_round_wire(
    _amount: &str,
    _currency: &str,
    _mode: RoundingMode,
) -> Result<String, Error> {
    Err(todo("cash-round"))
}
pub fn to_minor_units_wire(_amount: &str, _currency: &str) -> Result<String, Error> {
    Err(todo("to-minor-units"))
}
pub fn from_minor_units_wire(_minor: &str, _currency: &str) -> Result<String, Error> {
    Err(todo("from-minor-units"))
}
pub fn allocate_wire(
    _amount: &str,
    _currency: &str,
    _ratios: &[String],
) -> Result<Vec<String>, Error> {
    Err(todo("allocate"))
}
pub fn allocate_evenly_wire(
    _amount: &str,
    _currency: &str,
    _parts: u32,
) -> Result<Vec<String>, Error> {
    Err(todo("allocate-evenly"))
}
pub fn currency_wire(_code: &str) -> Result<api::Currency, Error> {
    Err(todo("currency"))
}
