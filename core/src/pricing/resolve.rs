//! Price resolution: which price list prices a sku for this cart.
//!
//! A list matches when its currency is the cart's, each scope (countries, customer groups, customers,
//! channels, cart attributes) is empty or contains the cart's value, the sku has a price in it, and `valid-from <= at <
//! valid-until`. Among the matches the highest rank wins: sale over base, then a list naming customers, then
//! more constrained scopes, then higher priority (so a customer's list, then its group's, then the base). Load
//! rejects any two lists that could tie (price-ambiguous), so a tie here is an engine bug.

use crate::error::{Coded, EngineError, Error};
use crate::priced::Context;
use crate::rulebook::{attributes_admit, scope_admits, Model, PriceList};

pub fn matches(list: &PriceList, ctx: &Context) -> bool {
    let cart = ctx.cart;
    list.currency == ctx.currency
        && scope_admits(&list.countries, ctx.country)
        && scope_admits(&list.customer_groups, cart.customer_group.as_deref())
        && scope_admits(&list.customers, cart.customer_id.as_deref())
        && scope_admits(&list.channels, cart.channel.as_deref())
        && attributes_admit(&list.attributes, &cart.attributes)
        && list.valid_from.is_none_or(|f| f <= ctx.at)
        && list.valid_until.is_none_or(|u| ctx.at < u)
}

/// The winning list (its index) and its model for item `item`, or `None` when no list prices it for this
/// cart. Only the lists that price the item are looked at (the rulebook groups prices by item).
pub fn resolve<'a>(ctx: &Context<'a>, item: usize) -> Result<Option<(usize, &'a Model)>, Error> {
    let rb = ctx.rulebook;
    let mut winner: Option<(usize, &'a Model)> = None;
    let mut tie: Option<usize> = None;
    for price in rb.prices_of(item) {
        let list = &rb.price_lists[price.list];
        if !matches(list, ctx) {
            continue;
        }
        match winner.map(|(w, _)| rb.price_lists[w].rank().cmp(&list.rank())) {
            None | Some(std::cmp::Ordering::Less) => {
                winner = Some((price.list, &price.model));
                tie = None;
            }
            Some(std::cmp::Ordering::Equal) => tie = tie.or(Some(price.list)),
            Some(std::cmp::Ordering::Greater) => {}
        }
    }
    if let (Some((a, _)), Some(b)) = (winner, tie) {
        let (a, b) = (&rb.price_lists[a].id, &rb.price_lists[b].id);
        let sku = &rb.items[item].sku;
        let invariant = format!("price lists {a} and {b} tie for {sku}");
        return Err(EngineError::InvariantViolated { invariant }.to_error(""));
    }
    Ok(winner)
}
