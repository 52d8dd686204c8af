//! Exact allocation of an amount in minor units: by ratios (largest remainder) and evenly.
//!
//! Policy `largest-remainder`: every part first gets the floor of its exact share `amount * ratio / sum` in
//! minor units; the minor units left over (fewer than the number of parts) go one each to the parts with the
//! largest discarded remainders, ties to the earlier part. The parts then sum exactly to the amount and each is
//! within one minor unit of its exact share. A negative amount is allocated by magnitude and every part negated.
//!
//! Exact for every ratio list the strict decimal syntax allows: the ratios become integer weights at their
//! largest scale (up to 10^28 x 10^28 = 10^56 each, and at most 10,000 of them, so the sum stays below
//! 10^60 < 2^200) and each share `total x weight / sum` is computed without forming the product
//! (`U256::mul_div_rem`), so no ratio list is too precise. `overflow` remains only for an amount or a part
//! that no decimal at the currency scale can hold.

use super::decimal::{from_parts, to_minor, MAX_DIGITS};
use super::wide::U256;
use super::MoneyError;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The most parts one allocation may produce (bounds memory for inputs like `parts = 4294967295`).
pub const MAX_ALLOCATION_PARTS: u32 = 10_000;

/// Why a ratio list is unusable, with the index of the offending ratio when there is one.
pub(crate) struct RatioError {
    pub(crate) error: MoneyError,
    pub(crate) index: Option<usize>,
}

fn bad_ratios(reason: &'static str, index: Option<usize>) -> RatioError {
    RatioError {
        error: MoneyError::InvalidArgument {
            argument: "ratios",
            reason,
        },
        index,
    }
}

fn check_count(count: usize) -> Result<(), MoneyError> {
    if count > MAX_ALLOCATION_PARTS as usize {
        return Err(MoneyError::TooManyParts {
            count: count as u64,
            max: MAX_ALLOCATION_PARTS,
        });
    }
    Ok(())
}

/// The amount as a signed count of minor units; precision-loss when it is not a multiple of the minor unit.
fn amount_in_minor(amount: Decimal, minor_units: u32) -> Result<i128, MoneyError> {
    if minor_units > MAX_DIGITS {
        return Err(MoneyError::InvalidArgument {
            argument: "minor-units",
            reason: "must be at most 28",
        });
    }
    if !super::is_multiple_of_minor(amount, minor_units) {
        return Err(MoneyError::PrecisionLoss {
            amount: super::format_decimal(amount),
            minor_units,
        });
    }
    to_minor(amount, minor_units).ok_or(MoneyError::Overflow {
        operation: "allocate",
    })
}

/// Parts (signed minor-unit counts) as decimals at the currency scale.
fn to_decimals(parts: Vec<i128>, minor_units: u32) -> Result<Vec<Decimal>, MoneyError> {
    parts
        .into_iter()
        .map(|p| {
            from_parts(p, minor_units).ok_or(MoneyError::Overflow {
                operation: "allocate",
            })
        })
        .collect()
}

/// The ratios as integer weights on one common scale (the largest ratio scale), checked: not empty, none
/// negative, not all zero. Example: `0.5 : 0 : 1.50` at scale 2 is `50 : 0 : 150`.
pub(crate) fn ratio_weights(ratios: &[Decimal]) -> Result<Vec<U256>, RatioError> {
    if ratios.is_empty() {
        return Err(bad_ratios("must not be empty", None));
    }
    check_count(ratios.len()).map_err(|error| RatioError { error, index: None })?;
    if let Some(i) = ratios.iter().position(|r| r.mantissa() < 0) {
        return Err(bad_ratios("must not be negative", Some(i)));
    }
    let common = ratios.iter().map(|r| r.scale()).max().unwrap_or(0);
    // Unreachable for decimals (a weight is below 2^96 x 10^28 < 2^190), kept as an error, not a panic.
    let overflow = || RatioError {
        error: MoneyError::Overflow {
            operation: "allocate",
        },
        index: None,
    };
    let mut weights = Vec::with_capacity(ratios.len());
    let mut sum = U256::ZERO;
    for r in ratios {
        let w = U256::from_u128(r.mantissa().unsigned_abs())
            .checked_mul_pow10(common - r.scale())
            .ok_or_else(overflow)?;
        sum = sum.checked_add(w).ok_or_else(overflow)?;
        weights.push(w);
    }
    if sum.is_zero() {
        return Err(bad_ratios("must not all be zero", None));
    }
    Ok(weights)
}

/// Largest-remainder split of `total` minor units by `weights` (sum > 0). Each exact share
/// `total x w / sum` is a floor `q` and a remainder `r` (the discarded fraction is `r / sum`, one
/// denominator for all parts, so comparing `r` compares the fractions exactly).
fn split(total: u128, weights: &[U256]) -> Result<Vec<u128>, MoneyError> {
    let overflow = MoneyError::Overflow {
        operation: "allocate",
    };
    let sum = weights
        .iter()
        .try_fold(U256::ZERO, |acc, w| acc.checked_add(*w))
        .ok_or(overflow.clone())?;
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: u128 = 0;
    for w in weights {
        // q <= total because w <= sum.
        let (q, r) = U256::mul_div_rem(total, *w, sum).ok_or(overflow.clone())?;
        given = given.checked_add(q).ok_or(overflow.clone())?;
        parts.push(q);
        remainders.push(r);
    }
    let left = total.checked_sub(given).ok_or(overflow.clone())?;
    // Indices by remainder, largest first; the stable sort keeps the earlier part first among equals.
    let order = stable_order(weights.len(), &|a, b| {
        remainders.get(b).cmp(&remainders.get(a))
    });
    // `left` < number of parts with a non-zero remainder, so zero-weight parts never receive one.
    for &i in order
        .iter()
        .take(usize::try_from(left).map_err(|_| overflow.clone())?)
    {
        if let Some(p) = parts.get_mut(i) {
            *p = p.checked_add(1).ok_or(overflow.clone())?;
        }
    }
    Ok(parts)
}

/// The indices `0..n` sorted by `cmp`, stably (equal ones keep index order). Not generic: every
/// largest-remainder split (here and in pricing) shares this one sort in the wasm.
pub(crate) fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::sort_by(&mut order, |&a, &b| cmp(a, b));
    order
}

fn signed(parts: Vec<u128>, negative: bool) -> Result<Vec<i128>, MoneyError> {
    parts
        .into_iter()
        .map(|p| {
            let p = i128::try_from(p).map_err(|_| MoneyError::Overflow {
                operation: "allocate",
            })?;
            Ok(if negative { -p } else { p })
        })
        .collect()
}

/// Split `amount` (a multiple of 10^-minor_units) by non-negative `ratios` (sum > 0) so the parts sum exactly to
/// `amount`; largest remainder, ties to the earlier part. Parts have scale `minor_units`.
/// Errors: invalid-argument (empty, negative or all-zero ratios), precision-loss (amount not a multiple of the
/// minor unit), too-many-parts, overflow.
pub fn allocate(
    amount: Decimal,
    minor_units: u32,
    ratios: &[Decimal],
) -> Result<Vec<Decimal>, MoneyError> {
    let weights = ratio_weights(ratios).map_err(|e| e.error)?;
    allocate_weights(amount, minor_units, &weights)
}

/// `allocate` with weights already checked by `ratio_weights`.
pub(crate) fn allocate_weights(
    amount: Decimal,
    minor_units: u32,
    weights: &[U256],
) -> Result<Vec<Decimal>, MoneyError> {
    let total = amount_in_minor(amount, minor_units)?;
    let parts = split(total.unsigned_abs(), weights)?;
    to_decimals(signed(parts, total < 0)?, minor_units)
}

/// Split `amount` into `parts` equal parts in minor units; the first `amount mod parts` parts take one extra
/// minor unit (0.04 in 3 is 0.02, 0.01, 0.01). Errors: invalid-argument (`parts` zero), too-many-parts,
/// precision-loss, overflow.
pub fn allocate_evenly(
    amount: Decimal,
    minor_units: u32,
    parts: u32,
) -> Result<Vec<Decimal>, MoneyError> {
    if parts == 0 {
        return Err(MoneyError::InvalidArgument {
            argument: "parts",
            reason: "must be at least 1",
        });
    }
    check_count(parts as usize)?;
    let total = amount_in_minor(amount, minor_units)?;
    let magnitude = total.unsigned_abs();
    let n = u128::from(parts);
    let (base, extra) = (magnitude / n, magnitude % n);
    let split: Vec<u128> = (0..n).map(|i| base + u128::from(i < extra)).collect();
    to_decimals(signed(split, total < 0)?, minor_units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{format_decimal, parse_decimal};

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn alloc(amount: &str, mu: u32, ratios: &[&str]) -> Vec<String> {
        let ratios: Vec<Decimal> = ratios.iter().map(|r| d(r)).collect();
        allocate(d(amount), mu, &ratios)
            .unwrap()
            .into_iter()
            .map(format_decimal)
            .collect()
    }

    fn even(amount: &str, mu: u32, parts: u32) -> Vec<String> {
        allocate_evenly(d(amount), mu, parts)
            .unwrap()
            .into_iter()
            .map(format_decimal)
            .collect()
    }

    #[test]
    fn hand_computed_splits() {
        // 200 cents / 3 = 66.67 each: floors 66, 66, 66, 2 left, equal remainders -> first two.
        assert_eq!(alloc("2.00", 2, &["1", "1", "1"]), ["0.67", "0.67", "0.66"]);
        // 10000 cents by 1:2:3 = 1666.67, 3333.33, 5000: floors 1666, 3333, 5000, 1 left -> largest rem (part 0).
        assert_eq!(
            alloc("100.00", 2, &["1", "2", "3"]),
            ["16.67", "33.33", "50.00"]
        );
        assert_eq!(alloc("0.05", 2, &["1", "1"]), ["0.03", "0.02"]);
        assert_eq!(alloc("-0.05", 2, &["1", "1"]), ["-0.03", "-0.02"]);
        // Zero ratio gets zero; the ratio scale does not matter (0.5 : 0 : 1.50 is 1 : 0 : 3).
        assert_eq!(
            alloc("1.00", 2, &["0.5", "0", "1.50"]),
            ["0.25", "0.00", "0.75"]
        );
        // 0 minor units (JPY): 100 by 1:1:1 -> 34, 33, 33.
        assert_eq!(alloc("100", 0, &["1", "1", "1"]), ["34", "33", "33"]);
        // 3 minor units (KWD): 1.000 by 1:1:1 -> 0.334, 0.333, 0.333.
        assert_eq!(
            alloc("1.000", 3, &["1", "1", "1"]),
            ["0.334", "0.333", "0.333"]
        );
        // 7 by 2:1:2 = 2.8, 1.4, 2.8: floors 2, 1, 2, two left -> the two largest remainders (parts 0 and 2).
        assert_eq!(alloc("7", 0, &["2", "1", "2"]), ["3", "1", "3"]);
        assert_eq!(alloc("0.00", 2, &["1", "2"]), ["0.00", "0.00"]);
        // Amount given with fewer decimals than the currency is fine.
        assert_eq!(alloc("1", 2, &["1", "2"]), ["0.33", "0.67"]);
    }

    #[test]
    fn even_splits() {
        assert_eq!(even("0.04", 2, 3), ["0.02", "0.01", "0.01"]);
        assert_eq!(even("-0.04", 2, 3), ["-0.02", "-0.01", "-0.01"]);
        assert_eq!(even("10", 0, 4), ["3", "3", "2", "2"]);
        assert_eq!(even("0.001", 3, 2), ["0.001", "0.000"]);
        assert_eq!(even("5.00", 2, 1), ["5.00"]);
    }

    #[test]
    fn errors() {
        let err = |a: &str, r: &[&str]| {
            let ratios: Vec<Decimal> = r.iter().map(|x| d(x)).collect();
            allocate(d(a), 2, &ratios).unwrap_err()
        };
        assert!(matches!(
            err("1", &[]),
            MoneyError::InvalidArgument {
                reason: "must not be empty",
                ..
            }
        ));
        assert!(matches!(
            err("1", &["1", "-1"]),
            MoneyError::InvalidArgument {
                reason: "must not be negative",
                ..
            }
        ));
        assert!(matches!(
            err("1", &["0", "0.00"]),
            MoneyError::InvalidArgument {
                reason: "must not all be zero",
                ..
            }
        ));
        assert!(matches!(
            err("1.005", &["1"]),
            MoneyError::PrecisionLoss { .. }
        ));
        assert!(matches!(
            allocate_evenly(d("1"), 2, 0),
            Err(MoneyError::InvalidArgument {
                argument: "parts",
                ..
            })
        ));
        assert!(matches!(
            allocate_evenly(d("1"), 2, u32::MAX),
            Err(MoneyError::TooManyParts { .. })
        ));
        // 28 nines at 2 minor units is 30 digits of cents: the parts cannot be written at scale 2.
        assert!(matches!(
            allocate_evenly(d("9999999999999999999999999999"), 2, 2),
            Err(MoneyError::Overflow { .. })
        ));
    }
}
