//! Whole units for the unit-based actions (cheapest, most-expensive, buy X get Y): which units of which
//! lines take part. A line of quantity 2.5 has 2 whole units; a unit's price is its line's base / quantity;
//! equally priced units are taken from the earlier line first.

use std::cmp::Ordering;

use crate::money::Exact;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The whole units of one line at one unit price, `base / quantity` (kept as the fraction, so that equal
/// prices compare equal exactly).
#[derive(Debug, Clone, Copy)]
pub struct Units {
    pub base: Decimal,
    pub quantity: Decimal,
    pub line: usize,
    pub count: u128,
}

/// The whole units of a quantity (2 for 2.5; 0 for anything below one).
pub fn whole(q: Decimal) -> u128 {
    q.trunc().to_u128().unwrap_or(0)
}

/// `a.base / a.quantity` against `b.base / b.quantity`, by exact cross products (quantities are positive).
/// Each product is below 10^23 x 10^12 at at most 32 decimal places, far inside 256 bits.
fn by_price(a: &Units, b: &Units) -> Ordering {
    if a.quantity == b.quantity {
        // The same positive denominator: the numerators order the fractions (the common case, cheaply).
        return a.base.cmp(&b.base);
    }
    Exact::product(a.base, b.quantity)
        .compare(Exact::product(b.base, a.quantity))
        .unwrap_or(Ordering::Equal)
}

/// Sort a pool cheapest first (or most expensive first), ties in line order.
pub fn sort(pool: &mut [Units], cheapest: bool) {
    crate::sort::sort_by(pool, |a, b| {
        let order = if cheapest {
            by_price(a, b)
        } else {
            by_price(b, a)
        };
        order.then(a.line.cmp(&b.line))
    });
}

/// The first `n` units of a sorted pool: (line, units), in line order.
pub fn take(pool: &[Units], n: u128) -> Vec<(usize, u128)> {
    let mut left = n;
    let mut out = Vec::new();
    for u in pool {
        if left == 0 {
            break;
        }
        let k = u.count.min(left);
        left -= k;
        out.push((u.line, k));
    }
    crate::sort::sort_by_key(&mut out, |(line, _)| *line);
    out
}

/// Buy X get Y: the largest n (at most `max`) such that the n x y cheapest units of `gets` (sorted cheapest
/// first) leave n x x further units among `buys` ((line, whole units)); returns those get units and n.
/// Feasibility only shrinks as n grows, so n is found by bisection.
pub fn buy_x_get_y(
    gets: &[Units],
    buys: &[(usize, u128)],
    x: u128,
    y: u128,
    max: Option<u128>,
) -> (Vec<(usize, u128)>, u128) {
    let get_units: u128 = gets.iter().map(|u| u.count).sum();
    let mut hi = get_units / y.max(1);
    if let Some(m) = max {
        hi = hi.min(m);
    }
    let feasible = |n: u128| -> bool {
        // Sorted by line: a lookup is a binary search (the last entry of a line, as a map collected from it
        // would keep), without a map type of its own in the wasm.
        let taken = take(gets, n * y);
        let taken_of = |line: usize| match taken.partition_point(|&(l, _)| l <= line) {
            0 => 0,
            k if taken[k - 1].0 == line => taken[k - 1].1,
            _ => 0,
        };
        let left: u128 = buys
            .iter()
            .map(|&(line, count)| count.saturating_sub(taken_of(line)))
            .sum();
        left >= n * x
    };
    let mut lo = 0u128;
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if feasible(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    (take(gets, lo * y), lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(price: i64, line: usize, count: u128) -> Units {
        Units {
            base: Decimal::new(price, 2),
            quantity: Decimal::ONE,
            line,
            count,
        }
    }

    #[test]
    fn buy_two_get_one_on_overlapping_sets() {
        // TEE x 2 (20.00, line 0) and SOCK x 4 (4.00, line 1), buy 2 get 1 on both: n = 2 takes the 2 cheapest
        // units (socks) and leaves 4 units to buy; n = 3 would leave 3 < 6.
        let mut gets = vec![u(2000, 0, 2), u(400, 1, 4)];
        sort(&mut gets, true);
        let (free, n) = buy_x_get_y(&gets, &[(0, 2), (1, 4)], 2, 1, None);
        assert_eq!((free, n), (vec![(1, 2)], 2));
        let (free, n) = buy_x_get_y(&gets, &[(0, 2), (1, 4)], 2, 1, Some(1));
        assert_eq!((free, n), (vec![(1, 1)], 1));
    }

    #[test]
    fn ties_take_the_earlier_line() {
        let mut pool = vec![u(100, 2, 1), u(100, 0, 1), u(50, 1, 1)];
        sort(&mut pool, false);
        assert_eq!(take(&pool, 2), vec![(0, 1), (2, 1)]);
    }

    #[test]
    fn equal_unit_prices_tie_exactly() {
        // 10.00 / 3 and 20.00 / 6 are the same unit price (3.333..), which 28-digit quotients could round
        // apart; compared as fractions they tie and the earlier line (1) comes first. 3.00 / 1 is cheaper.
        let unit = |base: i64, quantity: i64, line: usize| Units {
            base: Decimal::new(base, 2),
            quantity: Decimal::from(quantity),
            line,
            count: 1,
        };
        let mut pool = vec![unit(2000, 6, 2), unit(1000, 3, 1), unit(300, 1, 0)];
        sort(&mut pool, true);
        let lines: Vec<usize> = pool.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![0, 1, 2]);
        sort(&mut pool, false);
        let lines: Vec<usize> = pool.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![1, 2, 0]);
    }
}
