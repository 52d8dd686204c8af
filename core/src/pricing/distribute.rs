//! Rounding a set of exact parts so that the rounded parts add up to a rounded total (largest remainder).
//!
//! Used where tax is rounded on a sum (per rate group, per total) but every line still shows its share:
//! each part is first rounded down to the minor unit, then the minor units still missing to reach `total`
//! go, one each, to the parts with the largest remainders (ties to the earlier part). Works for any sign.

use crate::api::RoundingMode;
use crate::money::{self, MoneyError};
use rust_decimal::Decimal;

pub fn distribute(
    total: Decimal,
    parts: &[Decimal],
    minor_units: u32,
) -> Result<Vec<Decimal>, MoneyError> {
    let unit = money::minor_unit(minor_units).ok_or(MoneyError::Overflow {
        operation: "distribute",
    })?;
    let mut out = Vec::with_capacity(parts.len());
    let mut remainders = Vec::with_capacity(parts.len());
    let mut sum = Decimal::ZERO;
    for p in parts {
        let floor = money::round(*p, minor_units, RoundingMode::Floor)?;
        sum = money::add(sum, floor)?;
        remainders.push(money::sub(*p, floor)?);
        out.push(floor);
    }
    if parts.is_empty() {
        return Ok(out);
    }
    // Indices by remainder, largest first; ties to the earlier part (a stable sort).
    let order = money::stable_order(parts.len(), &|a, b| remainders[b].cmp(&remainders[a]));
    let mut missing = money::sub(total, sum)?;
    let mut k = 0usize;
    while missing >= unit {
        let i = order[k % order.len()];
        out[i] = money::add(out[i], unit)?;
        missing = money::sub(missing, unit)?;
        k += 1;
    }
    // A total below the floors (cannot happen for a rounded sum; kept exact anyway): smallest remainders give back.
    let mut k = 0usize;
    while missing <= -unit {
        let i = order[order.len() - 1 - (k % order.len())];
        out[i] = money::sub(out[i], unit)?;
        missing = money::add(missing, unit)?;
        k += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn largest_remainder_gets_the_missing_cent() {
        // 0.6156 + 0.6156 + 0.6156 = 1.8468 -> total 1.85. Floors 0.61 x 3 = 1.83; 2 cents missing go to the
        // first two parts (equal remainders, earlier first): 0.62, 0.62, 0.61.
        let parts = [d("0.6156"), d("0.6156"), d("0.6156")];
        let got = distribute(d("1.85"), &parts, 2).unwrap();
        assert_eq!(got, vec![d("0.62"), d("0.62"), d("0.61")]);
        // Remainders 0.004, 0.009, 0.001 -> floors 1.00 + 2.00 + 3.00 = 6.00, one cent missing, to the part
        // with remainder 0.009.
        let got = distribute(d("6.01"), &[d("1.004"), d("2.009"), d("3.001")], 2).unwrap();
        assert_eq!(got, vec![d("1.00"), d("2.01"), d("3.00")]);
    }

    #[test]
    fn negative_parts_round_consistently() {
        // -1.005 + 2.005 = 1.00: floors -1.01 + 2.00 = 0.99; one cent missing goes to the larger remainder
        // (-1.005 - -1.01 = 0.005 vs 0.005: tie -> earlier part): -1.00, 2.00.
        let got = distribute(d("1.00"), &[d("-1.005"), d("2.005")], 2).unwrap();
        assert_eq!(got, vec![d("-1.00"), d("2.00")]);
    }
}
