//! What one quote works out once about its lines for every promotion: the lines each selector matches and
//! their summed quantity and subtotal, found on first use rather than in every condition and every pass
//! (`Items`; the rulebook stores each distinct selector once, so a selector repeated over promotions is
//! matched once too); and each line's remaining amount, kept as discounts are written rather than re-added
//! from its whole discount list at every use (`remaining`).
//! Both keep a quote at the limits linear in promotions x lines (docs/limits.md, "Promotion cost").

use crate::api::{Cart, CartLine};
use crate::money::{self, MoneyError};
use crate::priced::{discount_sum, PricedCart, PricedLine};
use crate::rulebook::{Rulebook, Select, SelectId};
use rust_decimal::Decimal;
use std::cell::OnceCell;

/// The lines of a quote that selectors match (lines a promotion added, gifts, never match), by selector.
pub struct Items<'a> {
    rulebook: &'a Rulebook,
    /// The cart's lines, for their options (selectors' `line-attributes`).
    lines: &'a [CartLine],
    /// The matching lines of each selector of the rulebook, then of "every line" (the last slot).
    targets: Vec<OnceCell<Vec<usize>>>,
    /// Their summed quantity and subtotal before promotions, in the same slots.
    sums: Vec<OnceCell<(Decimal, Decimal)>>,
}

impl<'a> Items<'a> {
    pub fn new(rulebook: &'a Rulebook, cart: &'a Cart) -> Self {
        let slots = rulebook.selectors.len() + 1;
        Items {
            rulebook,
            lines: &cart.lines,
            targets: (0..slots).map(|_| OnceCell::new()).collect(),
            sums: (0..slots).map(|_| OnceCell::new()).collect(),
        }
    }

    /// A selector's slot (None: every line, the last slot).
    fn slot(&self, select: Option<SelectId>) -> usize {
        select.unwrap_or(self.rulebook.selectors.len())
    }

    /// The indices of the lines a selector matches (None: every line), in line order, worked out on the
    /// first call: they never change within a quote (lines added later, gifts, never match).
    pub fn targets(&self, cart: &PricedCart, select: Option<SelectId>) -> &[usize] {
        self.targets[self.slot(select)].get_or_init(|| {
            let every = Select::default();
            let select = select.map_or(&every, |s| &self.rulebook.selectors[s]);
            let items = &self.rulebook.items;
            let options = |l: &PricedLine| l.source.map_or(&[][..], |s| &self.lines[s].attributes);
            cart.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    l.added_by.is_none() && select.matches(l.item, &items[l.item], options(l))
                })
                .map(|(i, _)| i)
                .collect()
        })
    }

    /// Summed quantity and subtotal (before promotions) of the lines a selector matches (None: every line),
    /// worked out on the first call.
    pub fn measure(
        &self,
        cart: &PricedCart,
        select: Option<SelectId>,
    ) -> Result<(Decimal, Decimal), MoneyError> {
        let cell = &self.sums[self.slot(select)];
        if let Some(found) = cell.get() {
            return Ok(*found);
        }
        let (mut q, mut a) = (Decimal::ZERO, Decimal::ZERO);
        for &i in self.targets(cart, select) {
            let l = &cart.lines[i];
            q = money::add(q, l.quantity)?;
            a = money::add(a, l.subtotal)?;
        }
        Ok(*cell.get_or_init(|| (q, a)))
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
