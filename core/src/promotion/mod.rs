//! Promotions and coupons: which promotions a cart gets, in which order, and how much each takes off which
//! line. docs/rulebook.md ("Promotions") is the reference; this layer implements it.
//!
//! Where promotions run (pricing/quote.rs): after every line is priced and rounded, and BEFORE tax, so tax is
//! always computed on discounted amounts. Product and order promotions change `PricedLine::discounts` (and
//! add gift lines) before shipping is priced, so free-shipping thresholds see discounted goods; shipping
//! promotions change `PricedShipping::discounts` afterwards.
//!
//! - `coupons.rs`: the cart's codes against the rulebook's coupons (validity, usage, case rules);
//! - `conditions.rs`: the `when` conditions, evaluated on the cart before any promotion, with the pointer of
//!   the condition that failed;
//! - `actions.rs`: what one promotion takes off: the lines or units its action chooses, capacities and
//!   `max-discount`; `amounts.rs` the arithmetic (percentages at their rounding points, amounts per unit,
//!   spreads), with `spread.rs` sharing an amount over lines exactly and `units.rs` choosing whole units
//!   (cheapest, most expensive, buy X get Y);
//! - `apply.rs`: the application order, stacking (exclusive, stop-after, classes), best deal, outcomes.
//!
//! A code the rulebook does not know is an error of the cart (`coupon-unknown`, like an unknown sku). A known
//! coupon that cannot apply never fails the quote: it is a warning at /coupons/N in `quote.warnings` and a
//! rejected outcome in `quote.promotions` that says why.

mod actions;
mod amounts;
mod apply;
mod conditions;
mod coupons;
mod lines;
mod spread;
mod units;

pub use apply::run;
pub use coupons::check as check_coupons;
pub use coupons::CouponCheck;
pub use spread::spread;

use crate::error::{CodeDoc, Coded, Param};

/// Findings of the promotions layer: coupon warnings (paths into the cart) and the reasons of rejected
/// promotions (paths into the rulebook).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromotionError {
    /// The rulebook defines no coupon with this code.
    #[error("unknown coupon {coupon:?}")]
    CouponUnknown { coupon: String },
    /// The coupon's validity ended at or before the cart's moment.
    #[error("coupon {coupon} expired at {until}")]
    CouponExpired { coupon: String, until: String },
    /// The coupon's validity starts after the cart's moment.
    #[error("coupon {coupon} is valid from {from}")]
    CouponNotYetValid { coupon: String, from: String },
    /// The coupon's usage (cart.usage) reached a limit.
    #[error("coupon {coupon} reached its {limit} usage limit ({used} of {max})")]
    CouponUsageExhausted {
        coupon: String,
        limit: &'static str,
        max: u32,
        used: u32,
    },
    /// The coupon is valid but its promotion did not apply (conditions, caps, nothing to discount).
    #[error("coupon {coupon} did not apply: promotion {promotion} was rejected ({reason})")]
    CouponConditionsNotMet {
        coupon: String,
        promotion: String,
        reason: String,
    },
    /// The coupon is valid but its promotion cannot be combined with a promotion applied before it.
    #[error("coupon {coupon} did not apply: promotion {promotion} does not combine with {by}")]
    CouponNotCombinable {
        coupon: String,
        promotion: String,
        by: String,
    },
    /// The coupon (or another coupon for the same promotion) is already on the cart; this one is ignored.
    #[error("coupon {coupon} repeats promotion {promotion}, already unlocked on this cart")]
    CouponDuplicate { coupon: String, promotion: String },
    /// A condition of the promotion does not hold for the cart (path: the condition in the rulebook).
    #[error(
        "promotion {promotion}: condition {condition} not met: expected {expected}, found {actual}"
    )]
    ConditionNotMet {
        promotion: String,
        condition: &'static str,
        expected: String,
        actual: String,
    },
    /// A promotion applied earlier does not combine with this one (exclusive, or combination classes).
    #[error("promotion {promotion} is excluded by promotion {by}")]
    ExcludedBy { promotion: String, by: String },
    /// A promotion applied earlier stops every later promotion (stop-after).
    #[error("promotion {promotion} is not considered: promotion {by} stops later promotions")]
    StoppedBy { promotion: String, by: String },
    /// The promotion's own usage (cart.usage with its id) reached a limit.
    #[error("promotion {promotion} reached its {limit} usage limit ({used} of {max})")]
    CapReached {
        promotion: String,
        limit: &'static str,
        max: u32,
        used: u32,
    },
    /// The promotion found nothing to take off: no matching line or unit, everything already at its floor,
    /// no shipping, or a fixed price above the current price.
    #[error("promotion {promotion} has nothing to discount")]
    NothingToDiscount { promotion: String },
    /// The gift item has no price for this cart (no price list, or another price basis than the cart).
    #[error("promotion {promotion}: gift {sku} cannot be priced for this cart")]
    GiftUnavailable { promotion: String, sku: String },
}

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "coupon-unknown",
        layer: "promotion",
        meaning: "The cart names a coupon code the rulebook does not define (an error, like an unknown sku).",
    },
    CodeDoc {
        code: "coupon-expired",
        layer: "promotion",
        meaning: "Warning and rejection reason: the coupon's validity ended before the cart's moment.",
    },
    CodeDoc {
        code: "coupon-not-yet-valid",
        layer: "promotion",
        meaning: "Warning and rejection reason: the coupon's validity starts after the cart's moment.",
    },
    CodeDoc {
        code: "coupon-usage-exhausted",
        layer: "promotion",
        meaning: "Warning and rejection reason: the coupon reached its usage limit per customer or in total.",
    },
    CodeDoc {
        code: "coupon-conditions-not-met",
        layer: "promotion",
        meaning: "Warning: the coupon is valid but its promotion was rejected (params: promotion, reason).",
    },
    CodeDoc {
        code: "coupon-not-combinable",
        layer: "promotion",
        meaning: "Warning: the coupon is valid but its promotion does not combine with one applied before it.",
    },
    CodeDoc {
        code: "coupon-duplicate",
        layer: "promotion",
        meaning: "Warning: the coupon, or another one for the same promotion, is already on the cart.",
    },
    CodeDoc {
        code: "condition-not-met",
        layer: "promotion",
        meaning: "Rejection reason: a promotion condition does not hold (path: the condition in the rulebook).",
    },
    CodeDoc {
        code: "excluded-by",
        layer: "promotion",
        meaning: "Rejection reason: an earlier promotion does not combine with this one (params: by).",
    },
    CodeDoc {
        code: "stopped-by",
        layer: "promotion",
        meaning: "Rejection reason: an earlier stop-after promotion ends the application (params: by).",
    },
    CodeDoc {
        code: "cap-reached",
        layer: "promotion",
        meaning: "Rejection reason: the promotion reached its usage limit per customer or in total.",
    },
    CodeDoc {
        code: "nothing-to-discount",
        layer: "promotion",
        meaning: "Rejection reason: the promotion found nothing to take off (no match, at floor, no shipping).",
    },
    CodeDoc {
        code: "gift-unavailable",
        layer: "promotion",
        meaning: "Rejection reason: the gift item has no price for this cart.",
    },
];

impl Coded for PromotionError {
    fn code(&self) -> &'static str {
        use PromotionError::*;
        match self {
            CouponUnknown { .. } => "coupon-unknown",
            CouponExpired { .. } => "coupon-expired",
            CouponNotYetValid { .. } => "coupon-not-yet-valid",
            CouponUsageExhausted { .. } => "coupon-usage-exhausted",
            CouponConditionsNotMet { .. } => "coupon-conditions-not-met",
            CouponNotCombinable { .. } => "coupon-not-combinable",
            CouponDuplicate { .. } => "coupon-duplicate",
            ConditionNotMet { .. } => "condition-not-met",
            ExcludedBy { .. } => "excluded-by",
            StoppedBy { .. } => "stopped-by",
            CapReached { .. } => "cap-reached",
            NothingToDiscount { .. } => "nothing-to-discount",
            GiftUnavailable { .. } => "gift-unavailable",
        }
    }

    fn params(&self) -> Vec<Param> {
        use PromotionError::*;
        fn p(name: &str, value: impl std::fmt::Display) -> Param {
            Param::new(name, value)
        }
        match self {
            CouponUnknown { coupon } => vec![p("coupon", coupon)],
            CouponExpired { coupon, until } => vec![p("coupon", coupon), p("valid-until", until)],
            CouponNotYetValid { coupon, from } => vec![p("coupon", coupon), p("valid-from", from)],
            CouponUsageExhausted {
                coupon,
                limit,
                max,
                used,
            } => vec![
                p("coupon", coupon),
                p("limit", limit),
                p("max", max),
                p("used", used),
            ],
            CouponConditionsNotMet {
                coupon,
                promotion,
                reason,
            } => vec![
                p("coupon", coupon),
                p("promotion", promotion),
                p("reason", reason),
            ],
            CouponNotCombinable {
                coupon,
                promotion,
                by,
            } => vec![p("coupon", coupon), p("promotion", promotion), p("by", by)],
            CouponDuplicate { coupon, promotion } => {
                vec![p("coupon", coupon), p("promotion", promotion)]
            }
            ConditionNotMet {
                promotion,
                condition,
                expected,
                actual,
            } => vec![
                p("promotion", promotion),
                p("condition", condition),
                p("expected", expected),
                p("actual", actual),
            ],
            ExcludedBy { promotion, by } | StoppedBy { promotion, by } => {
                vec![p("promotion", promotion), p("by", by)]
            }
            CapReached {
                promotion,
                limit,
                max,
                used,
            } => vec![
                p("promotion", promotion),
                p("limit", limit),
                p("max", max),
                p("used", used),
            ],
            NothingToDiscount { promotion } => vec![p("promotion", promotion)],
            GiftUnavailable { promotion, sku } => vec![p("promotion", promotion), p("sku", sku)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_documented_code() {
        let s = || "x".to_string();
        let all = [
            PromotionError::CouponUnknown { coupon: s() },
            PromotionError::CouponExpired {
                coupon: s(),
                until: s(),
            },
            PromotionError::CouponNotYetValid {
                coupon: s(),
                from: s(),
            },
            PromotionError::CouponUsageExhausted {
                coupon: s(),
                limit: "total",
                max: 1,
                used: 1,
            },
            PromotionError::CouponConditionsNotMet {
                coupon: s(),
                promotion: s(),
                reason: s(),
            },
            PromotionError::CouponNotCombinable {
                coupon: s(),
                promotion: s(),
                by: s(),
            },
            PromotionError::CouponDuplicate {
                coupon: s(),
                promotion: s(),
            },
            PromotionError::ConditionNotMet {
                promotion: s(),
                condition: "subtotal",
                expected: s(),
                actual: s(),
            },
            PromotionError::ExcludedBy {
                promotion: s(),
                by: s(),
            },
            PromotionError::StoppedBy {
                promotion: s(),
                by: s(),
            },
            PromotionError::CapReached {
                promotion: s(),
                limit: "total",
                max: 1,
                used: 1,
            },
            PromotionError::NothingToDiscount { promotion: s() },
            PromotionError::GiftUnavailable {
                promotion: s(),
                sku: s(),
            },
        ];
        assert_eq!(all.len(), CODES.len());
        for e in all {
            assert!(CODES.iter().any(|c| c.code == e.code()), "{}", e.code());
            assert!(!e.params().is_empty());
        }
    }
}
