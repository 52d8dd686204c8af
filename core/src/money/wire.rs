//! The string-in/string-out money functions the component exports (interface `money` of wit/kassa.wit).
//!
//! Each parses its arguments strictly, calls the typed layer and formats the result canonically. Errors carry
//! a JSON Pointer into the function's arguments ("/amount", "/ratios/2"). Every decimal returned has at most 28
//! significant digits, so it parses back with `parse_decimal`; a larger result is an overflow error.

use super::allocation::{allocate_weights, ratio_weights, MAX_ALLOCATION_PARTS};
use super::decimal::{echo, from_parts, pow10, to_minor, MAX_DIGITS};
use super::{
    allocate_evenly, format_decimal, format_fixed, is_multiple_of_minor, lookup_currency,
    minor_unit, parse_decimal, round, round_to_increment, CurrencyEntry, MoneyError,
};
use crate::api::{self, RoundingMode};
use crate::error::{Coded, Error};
use rust_decimal::Decimal;

fn parse_at(value: &str, path: &str) -> Result<Decimal, Error> {
    parse_decimal(value).map_err(|e| e.to_error(path))
}

/// Fail with overflow when `d` has more significant digits than the parser accepts.
fn emit(d: Decimal, operation: &'static str, path: &str) -> Result<Decimal, Error> {
    match pow10(MAX_DIGITS) {
        Some(limit) if d.mantissa().unsigned_abs() < limit.unsigned_abs() => Ok(d),
        _ => Err(MoneyError::Overflow { operation }.to_error(path)),
    }
}

/// Look a currency up; a lower-case (or mixed-case) spelling of a known code gets a hint.
fn currency_at(code: &str, path: &str) -> Result<&'static CurrencyEntry, Error> {
    if let Some(entry) = lookup_currency(code) {
        return Ok(entry);
    }
    let upper = code.to_ascii_uppercase();
    let error = if upper != code && lookup_currency(&upper).is_some() {
        MoneyError::CurrencyNotUpperCase {
            code: code.to_string(),
            suggestion: upper,
        }
    } else {
        MoneyError::UnknownCurrency { code: echo(code) }
    };
    Err(error.to_error(path))
}

/// "-0.00" -> "0.00"; "1.50" keeps its scale; anything outside the strict syntax is invalid-decimal.
pub fn canonical_decimal_wire(value: &str) -> Result<String, Error> {
    Ok(format_decimal(parse_at(value, "/value")?))
}

/// Round to exactly `scale` decimals.
pub fn round_wire(value: &str, scale: u32, mode: RoundingMode) -> Result<String, Error> {
    let d = parse_at(value, "/value")?;
    let rounded = round(d, scale, mode).map_err(|e| match e {
        MoneyError::InvalidArgument { .. } => e.to_error("/scale"),
        _ => e.to_error("/value"),
    })?;
    Ok(format_decimal(emit(rounded, "round", "/value")?))
}

/// Round to a multiple of `increment`; the result has the increment's scale.
pub fn round_to_increment_wire(
    value: &str,
    increment: &str,
    mode: RoundingMode,
) -> Result<String, Error> {
    let d = parse_at(value, "/value")?;
    let inc = parse_at(increment, "/increment")?;
    let rounded = round_to_increment(d, inc, mode).map_err(|e| match e {
        MoneyError::InvalidArgument { .. } => e.to_error("/increment"),
        _ => e.to_error("/value"),
    })?;
    Ok(format_decimal(emit(
        rounded,
        "round-to-increment",
        "/value",
    )?))
}

/// Round to the currency's minor units; formatted with exactly that many decimals.
pub fn round_money_wire(amount: &str, currency: &str, mode: RoundingMode) -> Result<String, Error> {
    let d = parse_at(amount, "/amount")?;
    let entry = currency_at(currency, "/currency")?;
    let rounded = round(d, entry.minor_units, mode).map_err(|e| e.to_error("/amount"))?;
    let rounded = emit(rounded, "round-money", "/amount")?;
    Ok(format_fixed(rounded, entry.minor_units))
}

/// Round to the currency's cash increment (CHF 0.05), or to its minor unit when it has none; formatted with
/// the currency's minor units (SEK 104.50 half-even -> "104.00").
pub fn cash_round_wire(amount: &str, currency: &str, mode: RoundingMode) -> Result<String, Error> {
    let d = parse_at(amount, "/amount")?;
    let entry = currency_at(currency, "/currency")?;
    let increment = match entry.cash_increment {
        Some(text) => parse_at(text, "/currency")?,
        None => minor_unit(entry.minor_units).ok_or_else(|| {
            MoneyError::Overflow {
                operation: "cash-round",
            }
            .to_error("/currency")
        })?,
    };
    let rounded = round_to_increment(d, increment, mode).map_err(|e| e.to_error("/amount"))?;
    let rounded = emit(rounded, "cash-round", "/amount")?;
    Ok(format_fixed(rounded, entry.minor_units))
}

/// "12.34" EUR -> "1234"; "-0.5" EUR -> "-50". An amount that is not a whole number of minor units
/// ("12.345" EUR) is precision-loss; trailing zeros ("12.340") lose nothing and are accepted.
pub fn to_minor_units_wire(amount: &str, currency: &str) -> Result<String, Error> {
    let d = parse_at(amount, "/amount")?;
    let entry = currency_at(currency, "/currency")?;
    if !is_multiple_of_minor(d, entry.minor_units) {
        return Err(MoneyError::PrecisionLoss {
            amount: format_decimal(d),
            minor_units: entry.minor_units,
        }
        .to_error("/amount"));
    }
    let overflow = || {
        MoneyError::Overflow {
            operation: "to-minor-units",
        }
        .to_error("/amount")
    };
    let count = to_minor(d, entry.minor_units).ok_or_else(overflow)?;
    let count = from_parts(count, 0).ok_or_else(overflow)?;
    Ok(format_decimal(emit(count, "to-minor-units", "/amount")?))
}

/// "1234" EUR -> "12.34". `minor` must be an integer in the strict syntax ("12.0" is invalid-argument).
pub fn from_minor_units_wire(minor: &str, currency: &str) -> Result<String, Error> {
    let m = parse_at(minor, "/minor")?;
    if m.scale() > 0 {
        return Err(MoneyError::InvalidArgument {
            argument: "minor",
            reason: "must be an integer",
        }
        .to_error("/minor"));
    }
    let entry = currency_at(currency, "/currency")?;
    let d = from_parts(m.mantissa(), entry.minor_units).ok_or_else(|| {
        MoneyError::Overflow {
            operation: "from-minor-units",
        }
        .to_error("/minor")
    })?;
    Ok(format_fixed(d, entry.minor_units))
}

/// Split by ratios in minor units (largest remainder, ties to the earlier part); parts at the currency scale.
pub fn allocate_wire(
    amount: &str,
    currency: &str,
    ratios: &[String],
) -> Result<Vec<String>, Error> {
    let d = parse_at(amount, "/amount")?;
    let entry = currency_at(currency, "/currency")?;
    if ratios.len() > MAX_ALLOCATION_PARTS as usize {
        return Err(MoneyError::TooManyParts {
            count: ratios.len() as u64,
            max: MAX_ALLOCATION_PARTS,
        }
        .to_error("/ratios"));
    }
    let parsed = ratios
        .iter()
        .enumerate()
        .map(|(i, r)| parse_at(r, &format!("/ratios/{i}")))
        .collect::<Result<Vec<_>, _>>()?;
    let weights = ratio_weights(&parsed).map_err(|e| match e.index {
        Some(i) => e.error.to_error(&format!("/ratios/{i}")),
        None => e.error.to_error("/ratios"),
    })?;
    let parts =
        allocate_weights(d, entry.minor_units, &weights).map_err(|e| e.to_error("/amount"))?;
    format_parts(parts, entry.minor_units, "allocate")
}

/// Split evenly in minor units; the first parts take the extra minor units.
pub fn allocate_evenly_wire(
    amount: &str,
    currency: &str,
    parts: u32,
) -> Result<Vec<String>, Error> {
    let d = parse_at(amount, "/amount")?;
    let entry = currency_at(currency, "/currency")?;
    let split = allocate_evenly(d, entry.minor_units, parts).map_err(|e| match e {
        MoneyError::InvalidArgument { .. } | MoneyError::TooManyParts { .. } => {
            e.to_error("/parts")
        }
        _ => e.to_error("/amount"),
    })?;
    format_parts(split, entry.minor_units, "allocate-evenly")
}

fn format_parts(
    parts: Vec<Decimal>,
    minor_units: u32,
    operation: &'static str,
) -> Result<Vec<String>, Error> {
    parts
        .into_iter()
        .map(|p| Ok(format_fixed(emit(p, operation, "/amount")?, minor_units)))
        .collect()
}

/// The ISO 4217 entry for a code (case-sensitive: "eur" is unknown-currency with a hint to "EUR").
pub fn currency_wire(code: &str) -> Result<api::Currency, Error> {
    let entry = currency_at(code, "/code")?;
    Ok(api::Currency {
        code: entry.code.to_string(),
        numeric: entry.numeric.to_string(),
        minor_units: entry.minor_units,
        name: entry.name.to_string(),
        cash_increment: entry
            .cash_increment
            .map(crate::decimal_text::DecimalText::from),
    })
}

/// One of the functions above by name (interface `money-calls` of wit/kassa.wit, for the JavaScript package):
/// `args` are its string arguments in order (an allocation's ratios last), `mode` its rounding mode and `count`
/// its scale or number of parts. The answers and errors are the function's own; a missing argument is
/// `invalid-argument` at `/args`.
pub fn call_wire(
    op: api::MoneyOp,
    args: &[String],
    mode: Option<RoundingMode>,
    count: Option<u32>,
) -> Result<Vec<String>, Error> {
    use api::MoneyOp as Op;
    let missing = |argument| MoneyError::InvalidArgument {
        argument,
        reason: "missing",
    };
    let arg = |i: usize| {
        args.get(i)
            .map(String::as_str)
            .ok_or_else(|| missing("args").to_error("/args"))
    };
    let mode = || mode.ok_or_else(|| missing("mode").to_error("/mode"));
    let count = || count.ok_or_else(|| missing("count").to_error("/count"));
    let one = |r: Result<String, Error>| r.map(|s| vec![s]);
    match op {
        Op::CanonicalDecimal => one(canonical_decimal_wire(arg(0)?)),
        Op::Round => one(round_wire(arg(0)?, count()?, mode()?)),
        Op::RoundToIncrement => one(round_to_increment_wire(arg(0)?, arg(1)?, mode()?)),
        Op::RoundMoney => one(round_money_wire(arg(0)?, arg(1)?, mode()?)),
        Op::CashRound => one(cash_round_wire(arg(0)?, arg(1)?, mode()?)),
        Op::ToMinorUnits => one(to_minor_units_wire(arg(0)?, arg(1)?)),
        Op::FromMinorUnits => one(from_minor_units_wire(arg(0)?, arg(1)?)),
        Op::Allocate => allocate_wire(arg(0)?, arg(1)?, args.get(2..).unwrap_or_default()),
        Op::AllocateEvenly => allocate_evenly_wire(arg(0)?, arg(1)?, count()?),
    }
}
