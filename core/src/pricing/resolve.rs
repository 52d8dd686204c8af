//! Price resolution: which price list prices a sku for this cart.
//!
//! A list matches when its currency is the cart's, each scope (countries, customer groups, channels) is empty
//! or contains the cart's value, the sku has a price in it, and `valid-from <= at < valid-until`. Among the
//! matches the highest rank wins: sale over base, then more constrained scopes, then higher priority. Load
//! rejects any two lists that could tie (price-ambiguous), so a tie here is an engine bug.

use crate::error::{Coded, EngineError, Error};
use crate::priced::Context;
use crate::rulebook::{scope_admits, Model, PriceList};

pub fn matches(list: &PriceList, ctx: &Context) -> bool {
    let cart = ctx.cart;
    list.currency == ctx.currency
        && scope_admits(&list.countries, ctx.country)
        && scope_admits(&list.customer_groups, cart.customer_group.as_deref())
        && scope_admits(&list.channels, cart.channel.as_deref())
        && list.valid_from.is_none_or(|f| f <= ctx.at)
        && list.valid_until.is_none_or(|u| ctx.at < u)
}

/// The winning list and its model for `sku`, or `None` when no list prices it for this cart.
pub fn resolve<'a>(
    ctx: &Context<'a>,
    sku: &str,
) -> Result<Option<(&'a PriceList, &'a Model)>, Error> {
    let found: Vec<(&'a PriceList, &'a Model)> = ctx
        .rulebook
        .price_lists
        .iter()
        .filter_map(|list| list.prices.get(sku).map(|m| (list, m)))
        .filter(|(list, _)| matches(list, ctx))
        .collect();
    let Some(top) = found.iter().map(|(l, _)| l.rank()).max() else {
        return Ok(None);
    };
    let mut winners = found.into_iter().filter(|(l, _)| l.rank() == top);
    let winner = winners.next();
    if let (Some((a, _)), Some((b, _))) = (winner, winners.next()) {
        let invariant = format!("price lists {} and {} tie for {sku}", a.id, b.id);
        return Err(EngineError::InvariantViolated { invariant }.to_error(""));
    }
    Ok(winner)
}
