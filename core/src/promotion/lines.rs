//! What one quote works out once about its lines for every promotion: each line's catalog item, looked up
//! once rather than per condition and per selector, and the lines each action's selector matches, found
//! once rather than in every pass (`Items`); and each line's remaining amount, kept as discounts are
//! written rather than re-added from its whole discount list at every use (`remaining`).
//! Both keep a quote at the limits linear in promotions x lines (docs/limits.md, "Promotion cost").

use crate::money::{self, MoneyError};
use crate::priced::{discount_sum, PricedCart, PricedLine};
use crate::rulebook::{Item, Select};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The catalog item of each line a selector may match: `None` for a line a promotion added (never a target
/// and never counted) or an sku the catalog lacks. Lines added after resolving (gifts) are past its end.
pub struct Items<'a> {
    items: Vec<Option<&'a Item>>,
    /// `targets` by the selector's address (None: every line). Selectors are the rulebook's, which outlives
    /// the quote unchanged, so one address is one selector for the whole quote.
    targets: RefCell<BTreeMap<Option<usize>, Vec<usize>>>,
    /// Quantity and subtotal of every line (conditions::measure), once summed.
    every_line: RefCell<Option<(Decimal, Decimal)>>,
}

impl<'a> Items<'a> {
    pub fn resolve(catalog: &'a BTreeMap<String, Item>, cart: &PricedCart) -> Self {
        let items = cart
            .lines
            .iter()
            .map(|l| {
                if l.added_by.is_none() {
                    catalog.get(&l.sku)
                } else {
                    None
                }
            })
            .collect();
        Items {
            items,
            targets: RefCell::default(),
            every_line: RefCell::default(),
        }
    }

    /// The sums of every line: `sum` on the first call, the same values after.
    pub fn every_line(
        &self,
        sum: impl FnOnce() -> Result<(Decimal, Decimal), MoneyError>,
    ) -> Result<(Decimal, Decimal), MoneyError> {
        if let Some(found) = *self.every_line.borrow() {
            return Ok(found);
        }
        let found = sum()?;
        *self.every_line.borrow_mut() = Some(found);
        Ok(found)
    }

    /// The indices of `matching` lines for a selector of the rulebook (None: every line), worked out on the
    /// first call: they never change within a quote (lines added later, gifts, never match).
    pub fn targets(&self, cart: &PricedCart, select: Option<&Select>) -> Vec<usize> {
        let key = select.map(|s| s as *const Select as usize);
        if let Some(found) = self.targets.borrow().get(&key) {
            return found.clone();
        }
        let all = Select::default();
        let found: Vec<usize> = self
            .matching(cart, select.unwrap_or(&all))
            .map(|(i, _)| i)
            .collect();
        self.targets.borrow_mut().insert(key, found.clone());
        found
    }

    /// The lines of the cart (not added by promotions) whose item the selector matches, in line order.
    pub fn matching<'c>(
        &'c self,
        cart: &'c PricedCart,
        select: &'c Select,
    ) -> impl Iterator<Item = (usize, &'c PricedLine)> + 'c {
        cart.lines
            .iter()
            .zip(&self.items)
            .enumerate()
            .filter(move |(_, (_, it))| it.is_some_and(|it| select.matches(it)))
            .map(|(i, (l, _))| (i, l))
    }
}

/// Each line's amount after its discounts so far (subtotal - discounts), in line order.
pub fn remaining(cart: &PricedCart) -> Result<Vec<Decimal>, MoneyError> {
    cart.lines.iter().map(left).collect()
}

/// One line's amount after its discounts.
pub fn left(l: &PricedLine) -> Result<Decimal, MoneyError> {
    money::sub(l.subtotal, discount_sum(&l.discounts)?)
}
