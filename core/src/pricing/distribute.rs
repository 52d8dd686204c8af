//! Rounding a set of exact parts so that the rounded parts add up to a rounded total (largest remainder).
//!
//! Used where tax is rounded on a sum (per rate group, per total) but every line still shows its share:
//! each part is first rounded down to the minor unit, then the minor units still missing to reach `total`
//! go, one each, to the parts with the largest remainders (ties to the earlier part). Works for any sign.
//! A part is the exact fraction `num / den` (den > 0) and remainders are compared exactly, by cross
//! multiplication: two remainders that are equal as fractions (8/11 of a cent each) tie, however their
//! 28-digit quotients would have been rounded.

use crate::api::RoundingMode;
use crate::money::{self, Exact, MoneyError};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// An exact part `num / den`; `den` is positive.
pub type Fraction = (Exact, Decimal);

pub fn distribute(
    total: Decimal,
    parts: &[Fraction],
    minor_units: u32,
) -> Result<Vec<Decimal>, MoneyError> {
    let unit = money::minor_unit(minor_units).ok_or(MoneyError::Overflow {
        operation: "distribute",
    })?;
    let mut out = Vec::with_capacity(parts.len());
    // Each remainder as the numerator over its part's denominator: (num - floor x den) / den.
    let mut remainders = Vec::with_capacity(parts.len());
    let mut sum = Decimal::ZERO;
    for (num, den) in parts {
        let floor = num.div_round(Exact::from(*den), minor_units, RoundingMode::Floor)?;
        sum = money::add(sum, floor)?;
        remainders.push(num.minus(Exact::product(floor, *den))?);
        out.push(floor);
    }
    if parts.is_empty() {
        return Ok(out);
    }
    // r_a / d_a against r_b / d_b is r_a x d_b against r_b x d_a (both denominators positive). The
    // remainders are below one minor unit, so the products stay far inside 256 bits.
    let larger = |a: usize, b: usize| -> Ordering {
        let x = remainders[a].times(parts[b].1);
        let y = remainders[b].times(parts[a].1);
        match (x, y) {
            (Ok(x), Ok(y)) => y.compare(x).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        }
    };
    // Indices by remainder, largest first; ties to the earlier part (a stable sort).
    let order = money::stable_order(parts.len(), &larger);
    let mut missing = money::sub(total, sum)?;
    // Round robin in that order, one minor unit at a time: whole rounds first, in one step each, so that a
    // total far from the floors (per-unit net rounding of 10^11 units) costs one pass, not one per unit.
    let n = Decimal::from(order.len());
    let rounds = (missing / unit / n).trunc();
    if !rounds.is_zero() {
        let each = money::mul(rounds, unit)?;
        for o in out.iter_mut() {
            *o = money::add(*o, each)?;
        }
        missing = money::sub(missing, money::mul(each, n)?)?;
    }
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

    fn whole(values: &[&str]) -> Vec<Fraction> {
        values.iter().map(|v| (Exact::from(d(v)), d("1"))).collect()
    }

    #[test]
    fn largest_remainder_gets_the_missing_cent() {
        // 0.6156 + 0.6156 + 0.6156 = 1.8468 -> total 1.85. Floors 0.61 x 3 = 1.83; 2 cents missing go to the
        // first two parts (equal remainders, earlier first): 0.62, 0.62, 0.61.
        let got = distribute(d("1.85"), &whole(&["0.6156", "0.6156", "0.6156"]), 2).unwrap();
        assert_eq!(got, vec![d("0.62"), d("0.62"), d("0.61")]);
        // Remainders 0.004, 0.009, 0.001 -> floors 1.00 + 2.00 + 3.00 = 6.00, one cent missing, to the part
        // with remainder 0.009.
        let got = distribute(d("6.01"), &whole(&["1.004", "2.009", "3.001"]), 2).unwrap();
        assert_eq!(got, vec![d("1.00"), d("2.01"), d("3.00")]);
    }

    #[test]
    fn a_total_far_from_the_floors_goes_round_by_round() {
        // Floors 1.00 + 2.00 = 3.00 against 3.00 + 5 x 10^9 cents: 2.5 x 10^9 cents each (whole rounds), the
        // same as one cent at a time would give; and 3 cents more than 2 rounds of 2 parts: 0.03 + 0.04 = 0.07
        // above 1.00 + 2.00 split 0.04 / 0.03 (the earlier part's remainder is larger: 0.009 against 0.001).
        let got = distribute(d("50000003.00"), &whole(&["1.009", "2.001"]), 2).unwrap();
        assert_eq!(got, vec![d("25000001.00"), d("25000002.00")]);
        let got = distribute(d("3.07"), &whole(&["1.009", "2.001"]), 2).unwrap();
        assert_eq!(got, vec![d("1.04"), d("2.03")]);
        // Below the floors: whole rounds taken back the same way (-2 cents from 2 parts: one each).
        let got = distribute(d("2.98"), &whole(&["1.009", "2.001"]), 2).unwrap();
        assert_eq!(got, vec![d("0.99"), d("1.99")]);
    }

    #[test]
    fn negative_parts_round_consistently() {
        // -1.005 + 2.005 = 1.00: floors -1.01 + 2.00 = 0.99; one cent missing goes to the larger remainder
        // (-1.005 - -1.01 = 0.005 vs 0.005: tie -> earlier part): -1.00, 2.00.
        let got = distribute(d("1.00"), &whole(&["-1.005", "2.005"]), 2).unwrap();
        assert_eq!(got, vec![d("-1.00"), d("2.00")]);
    }

    #[test]
    fn exact_tie_of_fractions_goes_to_the_earlier_part() {
        // Issue 18: gross 649.63 and 49.36 at 10 % extract 6496.3/110 = 59.0572727... and 493.6/110 =
        // 4.4872727...; both floors leave 0.8/110 = 8/11 of a cent. The sum 63.5445... rounds half-even to
        // 63.54, one cent above the floors 59.05 + 4.48 = 63.53: a tie, so the earlier part gets it.
        // (28-digit quotients rounded the second remainder up and the first down: 59.05 + 4.49.)
        let parts = [
            (Exact::product(d("649.63"), d("10")), d("110")),
            (Exact::product(d("49.36"), d("10")), d("110")),
        ];
        let got = distribute(d("63.54"), &parts, 2).unwrap();
        assert_eq!(got, vec![d("59.06"), d("4.48")]);
        // Different denominators, compared exactly: 1.0033 leaves 0.0033, 3.01 / 3 = 1.00333... leaves
        // 0.01 / 3 = 0.00333..., the larger, so the missing cent goes to the second part.
        let parts = [
            (Exact::from(d("1.0033")), d("1")),
            (Exact::from(d("3.01")), d("3")),
        ];
        let got = distribute(d("2.01"), &parts, 2).unwrap();
        assert_eq!(got, vec![d("1.00"), d("1.01")]);
    }
}
