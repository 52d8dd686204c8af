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
mod hints;
mod lines;
mod spread;
mod units;

pub use apply::run;
pub use coupons::check as check_coupons;
pub use coupons::CouponCheck;
pub use hints::{shortfalls, Shortfall};
pub use spread::spread;

use crate::error::errors;

errors! {
    /// Findings of the promotions layer: coupon warnings (paths into the cart) and the reasons of rejected
    /// promotions (paths into the rulebook).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PromotionError in "promotion" {
        /// The cart names a coupon code the rulebook does not define (an error, like an unknown sku).
        #[code = "coupon-unknown"]
        #[error("unknown coupon {coupon:?}")]
        CouponUnknown { coupon: String },
        /// Warning and rejection reason: the coupon's validity ended before the cart's moment.
        #[code = "coupon-expired"]
        #[error("coupon {coupon} expired at {until}")]
        CouponExpired {
            coupon: String,
            #[param = "valid-until"]
            until: String,
        },
        /// Warning and rejection reason: the coupon's validity starts after the cart's moment.
        #[code = "coupon-not-yet-valid"]
        #[error("coupon {coupon} is valid from {from}")]
        CouponNotYetValid {
            coupon: String,
            #[param = "valid-from"]
            from: String,
        },
        /// Warning and rejection reason: the coupon reached its usage limit per customer or in total.
        #[code = "coupon-usage-exhausted"]
        #[error("coupon {coupon} reached its {limit} usage limit ({used} of {max})")]
        CouponUsageExhausted {
            coupon: String,
            limit: &'static str,
            max: u32,
            used: u32,
        },
        /// Warning: the coupon is valid but its promotion was rejected (params: promotion, reason).
        #[code = "coupon-conditions-not-met"]
        #[error("coupon {coupon} did not apply: promotion {promotion} was rejected ({reason})")]
        CouponConditionsNotMet {
            coupon: String,
            promotion: String,
            reason: String,
        },
        /// Warning: the coupon is valid but its promotion does not combine with one applied before it.
        #[code = "coupon-not-combinable"]
        #[error("coupon {coupon} did not apply: promotion {promotion} does not combine with {by}")]
        CouponNotCombinable {
            coupon: String,
            promotion: String,
            by: String,
        },
        /// Warning: the coupon, or another one for the same promotion, is already on the cart.
        #[code = "coupon-duplicate"]
        #[error("coupon {coupon} repeats promotion {promotion}, already unlocked on this cart")]
        CouponDuplicate { coupon: String, promotion: String },
        /// Rejection reason: a promotion condition does not hold (path: the condition in the rulebook).
        #[code = "condition-not-met"]
        #[error(
            "promotion {promotion}: condition {condition} not met: expected {expected}, found {actual}"
        )]
        ConditionNotMet {
            promotion: String,
            condition: &'static str,
            expected: String,
            actual: String,
        },
        /// Rejection reason: an earlier promotion does not combine with this one (params: by).
        #[code = "excluded-by"]
        #[error("promotion {promotion} is excluded by promotion {by}")]
        ExcludedBy { promotion: String, by: String },
        /// Rejection reason: an earlier stop-after promotion ends the application (params: by).
        #[code = "stopped-by"]
        #[error("promotion {promotion} is not considered: promotion {by} stops later promotions")]
        StoppedBy { promotion: String, by: String },
        /// Rejection reason: the promotion reached its usage limit per customer or in total.
        #[code = "cap-reached"]
        #[error("promotion {promotion} reached its {limit} usage limit ({used} of {max})")]
        CapReached {
            promotion: String,
            limit: &'static str,
            max: u32,
            used: u32,
        },
        /// Rejection reason: the promotion found nothing to take off (no match, at floor, no shipping).
        #[code = "nothing-to-discount"]
        #[error("promotion {promotion} has nothing to discount")]
        NothingToDiscount { promotion: String },
        /// Rejection reason: the gift item has no price for this cart.
        #[code = "gift-unavailable"]
        #[error("promotion {promotion}: gift {sku} cannot be priced for this cart")]
        GiftUnavailable { promotion: String, sku: String },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

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
