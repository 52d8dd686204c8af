//! Shipping: the price of the rate that applies (`ShippingMethod::rate_for`: currency, then the most specific
//! scope: postal zone, country, everywhere): flat, by total weight band, by goods-total band, free above a threshold. Taxed later like a
//! line.

use crate::error::{Coded, EngineError, Error};
use crate::money::{self, MoneyError};
use crate::priced::{At, Context, PricedCart, PricedShipping};
use crate::rulebook::{Band, RatePricing};
use rust_decimal::Decimal;

fn band(bands: &[Band], value: Decimal) -> &Band {
    bands
        .iter()
        .find(|b| b.up_to.is_none_or(|u| value <= u))
        .unwrap_or(&bands[bands.len() - 1])
}

/// Step 6 of the quote: price the cart's shipping method on the goods as discounted so far.
pub fn price_shipping(ctx: &Context, cart: &mut PricedCart) -> Result<(), Error> {
    let Some(id) = ctx.shipping_method else {
        return Ok(());
    };
    let method = ctx.rulebook.shipping.iter().position(|m| m.id == id);
    let priced = match method {
        Some(m) => price(ctx, m, cart).map_err(|e| e.to_error(""))?,
        None => None,
    };
    if priced.is_none() {
        let invariant = format!("shipping method {id} passed the cart rules but cannot be priced");
        return Err(EngineError::InvariantViolated { invariant }.to_error(""));
    }
    cart.shipping = priced;
    Ok(())
}

/// For hints: the cart's shipping, still costing something, and the free-from threshold its rate has that the
/// goods total after discounts (what the threshold is compared with) has not reached: (method index,
/// free-from, goods total).
pub fn free_from_shortfall(
    ctx: &Context,
    cart: &PricedCart,
) -> Result<Option<(usize, Decimal, Decimal)>, MoneyError> {
    let Some(s) = &cart.shipping else {
        return Ok(None);
    };
    if money::sub(s.price, crate::priced::discount_sum(&s.discounts)?)? <= Decimal::ZERO {
        return Ok(None);
    }
    let rate = ctx.rulebook.shipping[s.method].rate_for(ctx.destination());
    let Some(free) = rate.and_then(|r| r.free_from) else {
        return Ok(None);
    };
    let goods = cart.goods_after_discounts()?;
    Ok((goods < free).then_some((s.method, free, goods)))
}

/// How a rate priced the goods, for the trace.
enum Basis {
    Flat,
    Weight(Decimal),
    Goods(Decimal),
}

/// Price the method (its index) for the cart priced so far (after item discounts). `None` if it is
/// unavailable.
pub fn price(
    ctx: &Context,
    index: usize,
    cart: &mut PricedCart,
) -> Result<Option<PricedShipping>, MoneyError> {
    let method = &ctx.rulebook.shipping[index];
    let dest = ctx.destination();
    let Some(rate) = method.rate_for(dest).filter(|_| method.serves(dest)) else {
        return Ok(None);
    };
    let goods = cart.goods_after_discounts()?;
    let (mut price, basis) = match &rate.pricing {
        RatePricing::Flat(p) => (*p, Basis::Flat),
        RatePricing::Weight(bands) => {
            let mut weight = Decimal::ZERO;
            for l in &cart.lines {
                let w = ctx.rulebook.items[l.item].weight;
                weight = money::add(weight, money::mul(w, l.quantity)?)?;
            }
            (band(bands, weight).price, Basis::Weight(weight))
        }
        RatePricing::Subtotal(bands) => (band(bands, goods).price, Basis::Goods(goods)),
    };
    let free = rate.free_from.filter(|free| goods >= *free);
    if free.is_some() {
        price = Decimal::ZERO;
    }
    cart.trace
        .step("shipping", At::Key("/shipping-method"), |w| {
            let id = &method.id;
            let (label, figure) = match basis {
                Basis::Flat => ("flat", None),
                Basis::Weight(x) => ("weight ", Some(x)),
                Basis::Goods(g) => ("goods total ", Some(g)),
            };
            w.message(&|t| {
                t.push_str("shipping ");
                t.push_str(id);
                match free {
                    Some(free) => {
                        t.push_str(" free: goods total ");
                        money::write_decimal(t, goods);
                        t.push_str(" reaches ");
                        money::write_decimal(t, free);
                    }
                    None => {
                        t.push_str(" priced by ");
                        t.push_str(label);
                        if let Some(x) = figure {
                            money::write_decimal(t, x);
                        }
                        t.push_str(": ");
                        money::write_decimal(t, price);
                    }
                }
            });
            w.param("method", id);
            w.param_with("price", &|t| money::write_decimal(t, price));
        });
    let rate_sum = super::tax::rate_sum(ctx, method.tax_category)?;
    Ok(Some(PricedShipping {
        method: index,
        price,
        discounts: Vec::new(),
        tax_category: method.tax_category,
        includes_tax: method.includes_tax,
        rate: rate_sum,
    }))
}
