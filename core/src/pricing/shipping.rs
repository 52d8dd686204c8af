//! Shipping: which rate of a method applies (currency, then the most specific country scope), and its price
//! (flat, by total weight band, by goods-total band), free above a threshold. Taxed later like a line.

use crate::error::Param;
use crate::money::{self, MoneyError};
use crate::priced::{Context, PricedCart, PricedShipping};
use crate::rulebook::{scope_admits, Band, RatePricing, ShippingMethod, ShippingRate};
use rust_decimal::Decimal;

/// The rate of `method` for the cart's currency and country: a rate naming the country beats a rate for
/// all countries (load rejects two rates that could tie).
pub fn rate<'a>(method: &'a ShippingMethod, ctx: &Context) -> Option<&'a ShippingRate> {
    let fits =
        |r: &&ShippingRate| r.currency == ctx.currency && scope_admits(&r.countries, ctx.country);
    let mut candidates = method.rates.iter().filter(fits);
    let first = candidates.next()?;
    Some(candidates.fold(first, |best, r| {
        if best.countries.is_empty() && !r.countries.is_empty() {
            r
        } else {
            best
        }
    }))
}

/// Whether the method serves the cart: its countries admit the destination and it has a rate.
pub fn available(method: &ShippingMethod, ctx: &Context) -> bool {
    scope_admits(&method.countries, ctx.country) && rate(method, ctx).is_some()
}

fn band(bands: &[Band], value: Decimal) -> &Band {
    bands
        .iter()
        .find(|b| b.up_to.is_none_or(|u| value <= u))
        .unwrap_or(&bands[bands.len() - 1])
}

/// Price the method for the cart priced so far (after item discounts). `None` if it is unavailable.
pub fn price(
    ctx: &Context,
    method: &ShippingMethod,
    cart: &mut PricedCart,
) -> Result<Option<PricedShipping>, MoneyError> {
    let Some(rate) = rate(method, ctx).filter(|_| available(method, ctx)) else {
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
    }))
}
