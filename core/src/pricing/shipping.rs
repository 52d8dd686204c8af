//! Shipping: the price of the rate that applies (`ShippingMethod::rate_for`: currency, then the most specific
//! country scope): flat, by total weight band, by goods-total band, free above a threshold. Taxed later like a
//! line.

use crate::error::{Coded, EngineError, Error, Param};
use crate::money::{self, MoneyError};
use crate::priced::{Context, PricedCart, PricedShipping};
use crate::rulebook::{Band, RatePricing, ShippingMethod};
use rust_decimal::Decimal;

fn band(bands: &[Band], value: Decimal) -> &Band {
    bands
        .iter()
        .find(|b| b.up_to.is_none_or(|u| value <= u))
        .unwrap_or(&bands[bands.len() - 1])
}

/// Step 6 of the quote: price the cart's shipping method on the goods as discounted so far.
pub fn price_shipping(ctx: &Context, cart: &mut PricedCart) -> Result<(), Error> {
    let Some(id) = &ctx.cart.shipping_method else {
        return Ok(());
    };
    let method = ctx.rulebook.shipping.iter().find(|m| &m.id == id);
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

/// Price the method for the cart priced so far (after item discounts). `None` if it is unavailable.
pub fn price(
    ctx: &Context,
    method: &ShippingMethod,
    cart: &mut PricedCart,
) -> Result<Option<PricedShipping>, MoneyError> {
    let (currency, country) = (ctx.currency, ctx.country);
    let Some(rate) = method
        .rate_for(currency, country)
        .filter(|_| method.serves(currency, country))
    else {
        return Ok(None);
    };
    let goods = cart.goods_after_discounts()?;
    let (mut price, basis) = match &rate.pricing {
        RatePricing::Flat(p) => (*p, "flat".to_string()),
        RatePricing::Weight(bands) => {
            let mut weight = Decimal::ZERO;
            for l in &cart.lines {
                let w = ctx
                    .rulebook
                    .items
                    .get(&l.sku)
                    .map_or(Decimal::ZERO, |i| i.weight);
                weight = money::add(weight, money::mul(w, l.quantity)?)?;
            }
            (
                band(bands, weight).price,
                format!("weight {}", money::format_decimal(weight)),
            )
        }
        RatePricing::Subtotal(bands) => (
            band(bands, goods).price,
            format!("goods total {}", money::format_decimal(goods)),
        ),
    };
    let mut message = format!(
        "shipping {} priced by {basis}: {}",
        method.id,
        money::format_decimal(price)
    );
    if let Some(free) = rate.free_from {
        if goods >= free {
            price = Decimal::ZERO;
            message = format!(
                "shipping {} free: goods total {} reaches {}",
                method.id,
                money::format_decimal(goods),
                money::format_decimal(free)
            );
        }
    }
    let params = vec![
        Param::new("method", &method.id),
        Param::new("price", money::format_decimal(price)),
    ];
    cart.trace
        .push("shipping", "/shipping-method", message, params);
    Ok(Some(PricedShipping {
        method: method.id.clone(),
        price,
        discounts: Vec::new(),
        tax_category: method.tax_category.clone(),
        includes_tax: method.includes_tax,
        rate: super::tax::rules_for(ctx, &method.tax_category)
            .into_iter()
            .try_fold(Decimal::ZERO, |sum, r| {
                money::add(sum, ctx.rulebook.tax.rules[r].rate)
            })?,
    }))
}
