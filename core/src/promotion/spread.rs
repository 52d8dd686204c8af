//! Sharing one discount over several lines in minor units, exactly.
//!
//! Policy `largest-remainder with capacities`: the amount is split by the weights with `money::allocate`
//! (each part the floor of its exact share, the minor units left over one each to the largest remainders,
//! ties to the earlier line). A line never takes more than its capacity (what it can still give above its
//! floor); what it cannot take is split again over the lines that still have room, by the same weights, until
//! nothing is left. So the parts always sum to min(amount, total capacity), and no part exceeds its capacity.

use crate::money::{self, MoneyError};
use rust_decimal::Decimal;

/// Split `amount` (>= 0, in minor units) by `weights` (>= 0) with per-part `caps` (>= 0, in minor units).
/// Lines whose weights are all zero but that have room share by their capacities.
pub fn spread(
    amount: Decimal,
    weights: &[Decimal],
    caps: &[Decimal],
    minor_units: u32,
) -> Result<Vec<Decimal>, MoneyError> {
    let n = caps.len();
    let mut parts = vec![Decimal::ZERO; n];
    let room_total = caps.iter().try_fold(Decimal::ZERO, |acc, c| {
        money::add(acc, (*c).max(Decimal::ZERO))
    })?;
    let mut left = amount.min(room_total).max(Decimal::ZERO);
    // Each round either places everything or fills at least one line, so n + 1 rounds always suffice.
    for _ in 0..=n {
        if left.is_zero() {
            break;
        }
        let open: Vec<usize> = (0..n).filter(|&i| parts[i] < caps[i]).collect();
        let mut ratios: Vec<Decimal> = open
            .iter()
            .map(|&i| {
                weights
                    .get(i)
                    .copied()
                    .unwrap_or_default()
                    .max(Decimal::ZERO)
            })
            .collect();
        if ratios.iter().all(|r| r.is_zero()) {
            ratios = open
                .iter()
                .map(|&i| money::sub(caps[i], parts[i]))
                .collect::<Result<_, _>>()?;
        }
        let shares = money::allocate(left, minor_units, &ratios)?;
        left = Decimal::ZERO;
        for (&i, share) in open.iter().zip(shares) {
            let room = money::sub(caps[i], parts[i])?;
            let take = share.min(room);
            parts[i] = money::add(parts[i], take)?;
            left = money::add(left, money::sub(share, take)?)?;
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn ds(v: &[&str]) -> Vec<Decimal> {
        v.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn two_euros_over_three_equal_lines() {
        // 2.00 / 3 = 0.666..: floors 0.66 x 3 = 1.98, two cents left to the first two (equal remainders).
        let got = spread(
            d("2.00"),
            &ds(&["5", "5", "5"]),
            &ds(&["5.00", "5.00", "5.00"]),
            2,
        )
        .unwrap();
        assert_eq!(got, ds(&["0.67", "0.67", "0.66"]));
    }

    #[test]
    fn a_full_line_passes_its_excess_on() {
        // 10.00 by weights 1:1:2 over caps 1.00, 9.00, 9.00: first split 2.50, 2.50, 5.00; line 0 takes 1.00 and
        // passes 1.50 on, split 1:2 over lines 1 and 2 -> 0.50 and 1.00: 1.00, 3.00, 6.00.
        let got = spread(
            d("10.00"),
            &ds(&["1", "1", "2"]),
            &ds(&["1.00", "9.00", "9.00"]),
            2,
        )
        .unwrap();
        assert_eq!(got, ds(&["1.00", "3.00", "6.00"]));
    }

    #[test]
    fn never_more_than_the_total_capacity() {
        let got = spread(d("50.00"), &ds(&["1", "1"]), &ds(&["3.00", "4.00"]), 2).unwrap();
        assert_eq!(got, ds(&["3.00", "4.00"]));
        // Zero weights with room share by capacity: 0.03 over caps 0.01 and 0.02.
        let got = spread(d("0.03"), &ds(&["0", "0"]), &ds(&["0.01", "0.02"]), 2).unwrap();
        assert_eq!(got, ds(&["0.01", "0.02"]));
    }
}
