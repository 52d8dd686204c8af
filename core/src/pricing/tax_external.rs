//! External taxes: taxes a tax service worked out for a line or the shipping (cart-line `taxes`, cart
//! `shipping-taxes`), used instead of the rulebook's rules for what carries them. docs/rulebook.md,
//! "External taxes". The cart's validation has checked them (validation/cart.rs); this module numbers them for
//! the quote and turns each into the exact fraction the tax layer rounds like its own.

use crate::api::{Cart, ExternalTax};
use crate::money::{self, Exact, MoneyError};
use rust_decimal::Decimal;

/// One external tax of one line or of the shipping, parsed.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Its label: `Table::labels[label]`.
    pub label: usize,
    pub rate: Option<Decimal>,
    pub amount: Option<Decimal>,
}

/// The cart's external taxes. A label is what names a tax in the quote: its id and its rate, if given. Equal
/// labels on several lines add up to one row of the quote's `taxes`, after the rulebook's rules, in the order
/// of their first appearance (lines in cart order, then shipping).
#[derive(Debug, Default)]
pub struct Table {
    pub labels: Vec<(String, Option<Decimal>)>,
    lines: Vec<Option<Vec<Entry>>>,
    shipping: Option<Vec<Entry>>,
}

impl Table {
    /// The cart's external taxes, numbered; empty (and allocation-free) when the cart carries none.
    pub fn new(cart: &Cart) -> Result<Table, MoneyError> {
        let mut t = Table::default();
        if cart.lines.iter().all(|l| l.taxes.is_none()) && cart.shipping_taxes.is_none() {
            return Ok(t);
        }
        for l in &cart.lines {
            let entries = match &l.taxes {
                Some(list) => Some(t.entries(list)?),
                None => None,
            };
            t.lines.push(entries);
        }
        if let Some(list) = &cart.shipping_taxes {
            t.shipping = Some(t.entries(list)?);
        }
        Ok(t)
    }

    fn entries(&mut self, list: &[ExternalTax]) -> Result<Vec<Entry>, MoneyError> {
        let mut out = Vec::with_capacity(list.len());
        for x in list {
            let rate = x.rate.as_deref().map(money::parse_decimal).transpose()?;
            let amount = x.amount.as_deref().map(money::parse_decimal).transpose()?;
            let label = match self
                .labels
                .iter()
                .position(|(id, r)| *id == x.id && *r == rate)
            {
                Some(k) => k,
                None => {
                    self.labels.push((x.id.clone(), rate));
                    self.labels.len() - 1
                }
            };
            out.push(Entry {
                label,
                rate,
                amount,
            });
        }
        Ok(out)
    }

    /// The external taxes of cart line `line`, if it carries them.
    pub fn line(&self, line: usize) -> Option<&[Entry]> {
        self.lines.get(line)?.as_deref()
    }

    /// The shipping's external taxes, if the cart carries them.
    pub fn shipping(&self) -> Option<&[Entry]> {
        self.shipping.as_deref()
    }
}

/// The exact taxes of `entries` on `amount` (net, or gross when `includes_tax`) as fractions (num, den, fixed):
/// an amount is itself (amount x 100 / 100, `fixed`: never split over units); a rate r is amount x r / 100 on
/// a net amount, and on a gross amount (amount - the given amounts) x r / (100 + the sum of the rates), the
/// tax the gross contains. Example, net 100.00 at 4.225 %: 422.5 / 100 = 4.225, rounded by the rulebook.
pub fn fractions(
    entries: &[Entry],
    amount: Decimal,
    includes_tax: bool,
) -> Result<Vec<(Exact, Decimal, bool)>, MoneyError> {
    let (mut given, mut rates) = (Decimal::ZERO, Decimal::ZERO);
    for e in entries {
        match (e.amount, e.rate) {
            (Some(a), _) => given = money::add(given, a)?,
            (None, Some(r)) => rates = money::add(rates, r)?,
            (None, None) => {}
        }
    }
    let (base, den) = if includes_tax {
        (
            money::sub(amount, given)?,
            money::add(Decimal::ONE_HUNDRED, rates)?,
        )
    } else {
        (amount, Decimal::ONE_HUNDRED)
    };
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        out.push(match (e.amount, e.rate) {
            (Some(a), _) => (
                Exact::product(a, Decimal::ONE_HUNDRED),
                Decimal::ONE_HUNDRED,
                true,
            ),
            (None, r) => (Exact::product(base, r.unwrap_or(Decimal::ZERO)), den, false),
        });
    }
    Ok(out)
}

/// The rate a quote shows for an external tax: its own, or for an amount without one, the amount's percent of
/// its base to 4 decimals (half even; shown only, never computed with). 8.99 on 100.00 shows 8.99.
pub fn shown_rate(rate: Option<Decimal>, base: Decimal, amount: Decimal) -> Decimal {
    match rate {
        Some(r) => r,
        None if base.is_zero() => Decimal::ZERO,
        None => money::div(
            money::mul(amount, Decimal::ONE_HUNDRED).unwrap_or_default(),
            base,
        )
        .map(|r| r.round_dp(4).normalize())
        .unwrap_or_default(),
    }
}
