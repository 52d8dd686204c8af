//! Which of the sale's tax rows (the quote's `taxes`) each tax of a line and of the shipping adds up to, so
//! that a credit note totals its taxes as the sale did. A row is a rulebook rule or an external tax's label
//! (its id and its rate, if given): the quote shows an external amount's rate as its percent of the base, so
//! the same tax shows one rate on each line and another in the totals, and rows cannot be matched by text.

use crate::api::{Cart, ExternalTax, Quote, TaxAmount};
use crate::error::{Coded, EngineError, Error};
use crate::money::format_decimal;
use crate::pricing::tax_external::{Entry, Table};
use crate::rulebook::Rulebook;

/// Per quote line, per tax of it, the index of its row in the quote's `taxes`; the same for the shipping.
pub struct Rows {
    pub lines: Vec<Vec<usize>>,
    pub shipping: Vec<usize>,
}

/// The rows of `q`, the quote of `cart` under `rb`: each tax's label numbered as pricing numbers it (the
/// rules first, then the external labels; pricing/tax.rs `label`), the quote's rows being those labels in
/// ascending order.
pub fn rows(rb: &Rulebook, cart: &Cart, q: &Quote) -> Result<Rows, Error> {
    let table = Table::new(cart).map_err(|e| e.to_error("/cart"))?;
    let rules = &rb.tax.rules;
    let key = |ext: Option<(&[ExternalTax], &[Entry])>, t: &TaxAmount| -> Option<usize> {
        match ext {
            Some((given, entries)) => {
                let k = given.iter().position(|x| x.id == t.tax)?;
                Some(rules.len() + entries.get(k)?.label)
            }
            None => rules
                .iter()
                .position(|r| r.id == t.tax && format_decimal(r.rate) == t.rate),
        }
    };
    let broken = || {
        EngineError::InvariantViolated {
            invariant: "refund: a tax of the sale matches none of its rows".into(),
        }
        .to_error("/quote")
    };
    let mut lines = Vec::with_capacity(q.lines.len());
    // The quote's lines are the cart's, in order, and a promotion's gift lines (taxed by the rules).
    let mut from_cart = 0;
    for l in &q.lines {
        let ext = if l.added_by.is_none() {
            from_cart += 1;
            let given = cart
                .lines
                .get(from_cart - 1)
                .and_then(|c| c.taxes.as_deref());
            given.zip(table.line(from_cart - 1))
        } else {
            None
        };
        let keys: Option<Vec<usize>> = l.taxes.iter().map(|t| key(ext, t)).collect();
        lines.push(keys.ok_or_else(broken)?);
    }
    let shipping: Option<Vec<usize>> = match &q.shipping {
        Some(s) => {
            let ext = cart.shipping_taxes.as_deref().zip(table.shipping());
            s.taxes.iter().map(|t| key(ext, t)).collect()
        }
        None => Some(Vec::new()),
    };
    let mut shipping = shipping.ok_or_else(broken)?;
    // The distinct labels, each then replaced by its rank among them: its row.
    let mut distinct: Vec<usize> = Vec::new();
    for &k in lines.iter().flatten().chain(&shipping) {
        if !distinct.contains(&k) {
            distinct.push(k);
        }
    }
    if distinct.len() != q.taxes.len() {
        return Err(broken());
    }
    let rank = |k: &mut usize| *k = distinct.iter().filter(|&&d| d < *k).count();
    lines.iter_mut().flatten().for_each(rank);
    shipping.iter_mut().for_each(rank);
    // Every tax names its row's tax.
    for (l, keys) in q.lines.iter().zip(&lines) {
        if l.taxes
            .iter()
            .zip(keys)
            .any(|(t, &r)| q.taxes[r].tax != t.tax)
        {
            return Err(broken());
        }
    }
    Ok(Rows { lines, shipping })
}
