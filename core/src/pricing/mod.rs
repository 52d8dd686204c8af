//! Pricing: turns a cart into a quote with a checked rulebook.
//!
//! The pipeline (`quote.rs`) is: cart rules (validation/cart.rs) -> price resolution (`resolve.rs`) -> pricing
//! models (`models.rs`) -> promotions on lines (crate::promotion) -> shipping (`shipping.rs`) -> promotions on
//! shipping -> tax (`tax.rs`) -> totals and invariants (`totals.rs`). Everything is Decimal; money is rounded
//! only at the named points of docs/rulebook.md, and every rounding that changes a value is in the trace.

mod distribute;
mod models;
pub mod priced;
mod quote;
mod resolve;
mod shipping;
mod tax;
mod totals;
pub mod trace;

pub use priced::{discount_sum, Context, PricedCart, PricedLine, PricedShipping};
pub use quote::{price_gift, quote};
pub use shipping::available as shipping_available;

use crate::error::{CodeDoc, Coded, Param};

/// Findings of the pricing layer: things a cart asks for that the rulebook cannot price.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// The summary error of a cart that does not quote; every finding is in `problems`.
    #[error("the cart has {count} problem(s)")]
    CartInvalid { count: usize },
    /// No price list prices this sku for this cart (currency, country, group, channel, moment).
    #[error("no price for sku {sku:?} in {currency} for this cart")]
    PriceMissing { sku: String, currency: String },
    /// Lines resolved from price lists with different tax bases (gross and net) cannot share a quote.
    #[error("line prices {basis} tax, unlike the first line")]
    PriceBasisMixed { basis: &'static str },
    /// The destination has no tax rule for a taxable category.
    #[error("no tax rule for category {category:?} in {country}")]
    TaxRuleMissing { category: String, country: String },
}

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "cart-invalid",
        layer: "pricing",
        meaning: "The cart does not quote; every error-severity cart problem is in problems.",
    },
    CodeDoc {
        code: "price-missing",
        layer: "pricing",
        meaning: "No price list prices the sku for this cart (currency, country, group, channel, moment).",
    },
    CodeDoc {
        code: "price-basis-mixed",
        layer: "pricing",
        meaning: "Lines resolved from price lists with and without tax cannot share one quote.",
    },
    CodeDoc {
        code: "tax-rule-missing",
        layer: "pricing",
        meaning: "The destination has no tax rule for a taxable category of a line or of shipping.",
    },
];

impl Coded for PricingError {
    fn code(&self) -> &'static str {
        match self {
            PricingError::CartInvalid { .. } => "cart-invalid",
            PricingError::PriceMissing { .. } => "price-missing",
            PricingError::PriceBasisMixed { .. } => "price-basis-mixed",
            PricingError::TaxRuleMissing { .. } => "tax-rule-missing",
        }
    }

    fn params(&self) -> Vec<Param> {
        match self {
            PricingError::CartInvalid { count } => vec![Param::new("count", count)],
            PricingError::PriceMissing { sku, currency } => {
                vec![Param::new("sku", sku), Param::new("currency", currency)]
            }
            PricingError::PriceBasisMixed { basis } => vec![Param::new("basis", basis)],
            PricingError::TaxRuleMissing { category, country } => vec![
                Param::new("category", category),
                Param::new("country", country),
            ],
        }
    }
}
