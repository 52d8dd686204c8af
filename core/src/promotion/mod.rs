//! Promotions and coupons: the hook in the quote pipeline, not written yet (the rulebook's `promotions` and
//! `coupons` sections must be empty in this engine version).
//!
//! Where promotions run (pricing/quote.rs): after every line is priced and rounded, and BEFORE tax, so tax is
//! always computed on discounted amounts.
//! - [`Stage::Items`]: line discounts (push onto `PricedLine::discounts`), order discounts (split over lines
//!   in minor units with `money::allocate`, then pushed as line discounts), gift lines (`source: None`,
//!   `added_by: Some(id)`). Runs before shipping is priced, so free-shipping thresholds see discounted goods.
//! - [`Stage::Shipping`]: shipping discounts (push onto `PricedShipping::discounts`).
//!
//! Discounts are positive amounts in minor units, in the basis of what they discount, and never larger than
//! it: the pipeline's invariants reject a negative line. Coupon checks (`check_coupons`) run with the other
//! cart rules, so a cart with a bad coupon neither quotes nor validates.

use crate::api::PromotionOutcome;
use crate::error::{CodeDoc, Coded, Error, Param, Problem, Severity};
use crate::pricing::{Context, PricedCart};

/// Where in the pipeline `apply` is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Items,
    Shipping,
}

/// Findings of the promotions layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromotionError {
    /// The rulebook defines no coupon with this code.
    #[error("unknown coupon {coupon:?}")]
    CouponUnknown { coupon: String },
}

/// Codes of this layer. The coupon codes after coupon-unknown are reserved for the promotions work.
pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "coupon-unknown",
        layer: "promotion",
        meaning: "The cart names a coupon the rulebook does not define.",
    },
    CodeDoc {
        code: "coupon-expired",
        layer: "promotion",
        meaning: "The coupon's validity ended before the cart's moment (reserved).",
    },
    CodeDoc {
        code: "coupon-not-yet-valid",
        layer: "promotion",
        meaning: "The coupon's validity starts after the cart's moment (reserved).",
    },
    CodeDoc {
        code: "coupon-usage-exhausted",
        layer: "promotion",
        meaning: "The coupon reached its usage limit per customer or in total (reserved).",
    },
    CodeDoc {
        code: "coupon-conditions-not-met",
        layer: "promotion",
        meaning: "The cart does not meet the coupon's conditions (reserved).",
    },
];

impl Coded for PromotionError {
    fn code(&self) -> &'static str {
        match self {
            PromotionError::CouponUnknown { .. } => "coupon-unknown",
        }
    }

    fn params(&self) -> Vec<Param> {
        match self {
            PromotionError::CouponUnknown { coupon } => vec![Param::new("coupon", coupon)],
        }
    }
}

/// Coupon rules on the cart (paths /coupons/N). No coupons exist yet, so every code is unknown.
pub fn check_coupons(ctx: &Context) -> Vec<Problem> {
    ctx.cart
        .coupons
        .iter()
        .enumerate()
        .map(|(i, c)| {
            PromotionError::CouponUnknown { coupon: c.clone() }
                .to_problem(&format!("/coupons/{i}"), Severity::Error)
        })
        .collect()
}

/// Apply the promotions of `stage` to the priced cart; returns every promotion considered (applied or
/// rejected with a reason). Applies nothing yet.
pub fn apply(
    _ctx: &Context,
    _cart: &mut PricedCart,
    _stage: Stage,
) -> Result<Vec<PromotionOutcome>, Error> {
    Ok(Vec::new())
}
