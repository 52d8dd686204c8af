//! The arithmetic of a refund (docs/refunds.md): the one split of a line's amounts over its units, the goodwill
//! spread and the order in which tenders get money back. Every amount is whole minor units in and out.

use crate::api::RoundingMode;
use crate::money::{self, Exact, MoneyError};
use rust_decimal::Decimal;

/// Rounding point `refund-unit-split`: the part of `amount` (a line's gross, one of its taxes, one promotion's
/// discount on it) that the first `returned` of its `quantity` units carry, `amount x returned / quantity`
/// rounded away from zero to minor units. A return of `k` more units gives back `cumulative(r + k) -
/// cumulative(r)`, so what is given back depends only on how much has been returned in all, never on the
/// steps: returning everything gives back exactly `amount`. Worked example: 10.00 over 3 units is 3.34, 6.67,
/// 10.00 cumulated: 3.34, 3.33, 3.33 unit by unit.
pub fn cumulative(
    amount: Decimal,
    returned: Decimal,
    quantity: Decimal,
    minor_units: u32,
) -> Result<Decimal, MoneyError> {
    if returned >= quantity {
        return Ok(amount);
    }
    Exact::product(amount, returned).div_round(Exact::from(quantity), minor_units, RoundingMode::Up)
}

/// What a return gives back of one amount: the unit split's share of it, kept within what is left of it
/// (`left`, after earlier refunds, goodwill ones included), and all of what is left when the return completes
/// the line.
pub fn share(
    amount: Decimal,
    before: Decimal,
    after: Decimal,
    quantity: Decimal,
    left: Decimal,
    minor_units: u32,
) -> Result<Decimal, MoneyError> {
    if after >= quantity {
        return Ok(left);
    }
    let split = money::sub(
        cumulative(amount, after, quantity, minor_units)?,
        cumulative(amount, before, quantity, minor_units)?,
    )?;
    Ok(within(split, left))
}

/// `value` moved toward zero so that it does not pass `left` nor change sign against it.
pub fn within(value: Decimal, left: Decimal) -> Decimal {
    if left >= Decimal::ZERO {
        value.min(left).max(Decimal::ZERO)
    } else {
        value.max(left).min(Decimal::ZERO)
    }
}

/// Rounding point `refund-goodwill-tax`: the tax in a goodwill part `part` of a line whose gross is `gross`
/// and whose tax is `tax`: `part x tax / gross` at the rulebook's rounding mode, kept within what is left of
/// the tax.
pub fn goodwill_tax(
    part: Decimal,
    tax: Decimal,
    gross: Decimal,
    left: Decimal,
    minor_units: u32,
    mode: RoundingMode,
) -> Result<Decimal, MoneyError> {
    if gross.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let t = Exact::product(part, tax).div_round(Exact::from(gross), minor_units, mode)?;
    Ok(within(t, left))
}

/// The order tenders get money back: the last tender applied first, down to the first; what no tender takes
/// goes back to the original payment. `left` is what is left of each tender (in the quote's order); the result
/// is what each gets now (same order) and the payment's part.
pub fn to_tenders(total: Decimal, left: &[Decimal]) -> Result<(Vec<Decimal>, Decimal), MoneyError> {
    let mut rest = total;
    let mut parts = vec![Decimal::ZERO; left.len()];
    for (i, l) in left.iter().enumerate().rev() {
        let give = rest.min(*l).max(Decimal::ZERO);
        parts[i] = give;
        rest = money::sub(rest, give)?;
    }
    Ok((parts, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_worked_example_splits_3_34_3_33_3_33() {
        // 10.00 gross and 1.60 tax over 3 units: ceil(333.33) = 334, ceil(666.67) = 667, 1000 (docs/refunds.md).
        let g: Vec<_> = (1..=3)
            .map(|r| cumulative(dec("10.00"), Decimal::from(r), dec("3"), 2).unwrap())
            .collect();
        assert_eq!(g, vec![dec("3.34"), dec("6.67"), dec("10.00")]);
        let t: Vec<_> = (1..=3)
            .map(|r| cumulative(dec("1.60"), Decimal::from(r), dec("3"), 2).unwrap())
            .collect();
        assert_eq!(t, vec![dec("0.54"), dec("1.07"), dec("1.60")]);
    }

    #[test]
    fn tenders_get_money_back_last_first() {
        // Gift card 20.00 then store credit 10.00 left; 25.00 back: credit 10.00, card 15.00, payment 0.
        let (parts, pay) = to_tenders(dec("25.00"), &[dec("20.00"), dec("10.00")]).unwrap();
        assert_eq!(parts, vec![dec("15.00"), dec("10.00")]);
        assert_eq!(pay, dec("0.00"));
        let (parts, pay) = to_tenders(dec("40.00"), &[dec("20.00"), dec("10.00")]).unwrap();
        assert_eq!(
            (parts, pay),
            (vec![dec("20.00"), dec("10.00")], dec("10.00"))
        );
    }
}
