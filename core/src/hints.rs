//! Hints: what would unlock the next benefit of a quote, on the engine's own basis (docs/rulebook.md,
//! "Hints"): free shipping (the rate's free-from, on the goods after discounts, in the price basis), a tiered
//! promotion's next tier, a buy-x-get-y's next set (whole units) and a promotion's subtotal minimum (on the
//! goods before promotions). Each figure is
//! exact: that much more unlocks the benefit, one minor unit less does not. Computed only when the cart asks
//! (`hints`). The shortfalls come from the layers that decide the benefits; this module words them.

use crate::api::{self, Hint};
use crate::error::{errors, Coded, Error};
use crate::money::{format_decimal, MoneyError};
use crate::priced::{Context, PricedCart};
use crate::pricing;
use crate::promotion::{self, CouponCheck, Shortfall};
use crate::rulebook::promotion_shape::Measure;

errors! {
    /// The hints a quote can carry (not errors: the code table lists them under the layer `hints`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum HintCode in "hints" {
        /// Hint: this much more of goods (after discounts, in the price basis) makes the cart's shipping
        /// method free (params: method, missing, free-from).
        #[code = "free-shipping-reachable"]
        #[error("{missing} more for free shipping with {method} (free from {free_from})")]
        FreeShipping {
            method: String,
            missing: String,
            #[param = "free-from"]
            free_from: String,
        },
        /// Hint: this much more of what a tiered promotion measures (amount or quantity, before promotions)
        /// reaches its next tier (params: promotion, measure, missing, min).
        #[code = "next-tier-reachable"]
        #[error("{missing} more ({measure}) reaches the tier from {min} of {promotion}")]
        NextTier {
            promotion: String,
            measure: &'static str,
            missing: String,
            min: String,
        },
        /// Hint: this many more whole units of an item give a buy-x-get-y one more application (params:
        /// promotion, sku, missing).
        #[code = "buy-x-get-y-reachable"]
        #[error("add {missing} x {sku} for one more application of {promotion}")]
        BuyXGetY {
            promotion: String,
            sku: String,
            missing: String,
        },
        /// Hint: this much more of goods (before promotions) meets the subtotal minimum that alone holds a
        /// promotion back (params: promotion, missing, min).
        #[code = "promotion-minimum-reachable"]
        #[error("{missing} more unlocks {promotion} (from {min})")]
        PromotionMinimum {
            promotion: String,
            missing: String,
            min: String,
        },
    }
}

fn hint(code: HintCode, path: String) -> Hint {
    Hint {
        code: code.code().to_string(),
        path,
        message: code.to_string(),
        params: code.params(),
    }
}

/// The cart's pointer for a promotion: the coupon that unlocked it, else the whole cart.
fn promotion_path(ctx: &Context, outcomes: &[api::PromotionOutcome], id: &str) -> String {
    let coupon = outcomes
        .iter()
        .find(|o| o.id == id)
        .and_then(|o| o.coupon.as_ref());
    coupon
        .and_then(|c| {
            ctx.cart
                .coupons
                .iter()
                .position(|k| k.eq_ignore_ascii_case(c))
        })
        .map_or_else(String::new, |k| format!("/coupons/{k}"))
}

/// The hints of a priced cart (after promotions, before tax), in a fixed order: shipping, then the
/// promotions in the order of `outcomes`.
pub fn find(
    ctx: &Context,
    cart: &PricedCart,
    coupons: &CouponCheck,
    outcomes: &[api::PromotionOutcome],
) -> Result<Vec<Hint>, Error> {
    let me = |e: MoneyError| e.to_error("");
    let rb = ctx.rulebook;
    let mut out = Vec::new();
    if let Some((m, free, goods)) = pricing::free_from_shortfall(ctx, cart).map_err(me)? {
        let missing = crate::money::sub(free, goods).map_err(me)?;
        let code = HintCode::FreeShipping {
            method: rb.shipping[m].id.clone(),
            missing: format_decimal(missing),
            free_from: format_decimal(free),
        };
        out.push(hint(code, "/shipping-method".into()));
    }
    for s in promotion::shortfalls(ctx, cart, coupons, outcomes).map_err(me)? {
        let (i, code) = match s {
            Shortfall::Tier {
                promotion,
                measure,
                min,
                missing,
            } => (
                promotion,
                HintCode::NextTier {
                    promotion: rb.promotions[promotion].id.clone(),
                    measure: match measure {
                        Measure::Amount => "amount",
                        Measure::Quantity => "quantity",
                    },
                    missing: format_decimal(missing),
                    min: format_decimal(min),
                },
            ),
            Shortfall::Units {
                promotion,
                item,
                missing,
            } => (
                promotion,
                HintCode::BuyXGetY {
                    promotion: rb.promotions[promotion].id.clone(),
                    sku: rb.items[item].sku.clone(),
                    missing: missing.to_string(),
                },
            ),
            Shortfall::Minimum {
                promotion,
                min,
                missing,
            } => (
                promotion,
                HintCode::PromotionMinimum {
                    promotion: rb.promotions[promotion].id.clone(),
                    missing: format_decimal(missing),
                    min: format_decimal(min),
                },
            ),
        };
        let path = promotion_path(ctx, outcomes, &rb.promotions[i].id);
        out.push(hint(code, path));
    }
    Ok(out)
}
