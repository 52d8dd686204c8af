//! What one quote works out once about its lines for every promotion: each line's catalog item, looked up
//! once rather than per condition and per selector (`Items`), and each line's remaining amount, kept as
//! discounts are written rather than re-added from its whole discount list at every use (`remaining`).
//! Both keep a quote at the limits linear in promotions x lines (docs/limits.md, "Promotion cost").

use crate::money::{self, MoneyError};
use crate::pricing::{discount_sum, PricedCart, PricedLine};
use crate::rulebook::{Item, Select};
use rust_decimal::Decimal;

/// The catalog item of each line a selector may match: `None` for a line a promotion added (never a target
/// and never counted) or an sku the catalog lacks. Lines added after resolving (gifts) are past its end.
pub struct Items<'a>(Vec<Option<&'a Item>>);

impl<'a> Items<'a> {
    pub fn resolve(
        catalog: &'a std::collections::BTreeMap<String, Item>,
        cart: &PricedCart,
    ) -> Self {
        Items(
            cart.lines
                .iter()
                .map(|l| {
                    if l.added_by.is_none() {
                        catalog.get(&l.sku)
                    } else {
                        None
                    }
                })
                .collect(),
        )
    }

    /// The lines of the cart (not added by promotions) whose item the selector matches, in line order.
    pub fn matching<'c>(
        &'c self,
        cart: &'c PricedCart,
        select: &'c Select,
    ) -> impl Iterator<Item = (usize, &'c PricedLine)> + 'c {
        cart.lines
            .iter()
            .zip(&self.0)
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
