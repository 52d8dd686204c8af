//! Pricing: turns a cart into a quote with a checked rulebook.
//!
//! The pipeline (`quote.rs`) is: cart rules (validation/cart.rs) -> price resolution (`resolve.rs`) -> pricing
//! models (`models.rs`) -> promotions on lines (crate::promotion) -> shipping (`shipping.rs`) -> promotions on
//! shipping -> tax (`tax.rs`) -> totals and invariants (`totals.rs`). Everything is Decimal; money is rounded
//! only at the named points of docs/rulebook.md, and every rounding that changes a value is in the trace.

mod distribute;
mod models;
mod quote;
mod resolve;
mod shipping;
mod tax;
mod totals;

pub use quote::{price_gift, quote};

use crate::error::errors;

errors! {
    /// Findings of the pricing layer: things a cart asks for that the rulebook cannot price.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PricingError in "pricing" {
        /// The cart does not quote; every error-severity cart problem is in problems.
        #[code = "cart-invalid"]
        #[error("the cart has {count} problem(s)")]
        CartInvalid { count: usize },
        /// No price list prices the sku for this cart (currency, country, group, channel, moment).
        #[code = "price-missing"]
        #[error("no price for sku {sku:?} in {currency} for this cart")]
        PriceMissing { sku: String, currency: String },
        /// Lines resolved from price lists with and without tax cannot share one quote.
        #[code = "price-basis-mixed"]
        #[error("line prices {basis} tax, unlike the first line")]
        PriceBasisMixed { basis: &'static str },
        /// The destination has no tax rule for a taxable category of a line or of shipping.
        #[code = "tax-rule-missing"]
        #[error("no tax rule for category {category:?} in {country}")]
        TaxRuleMissing { category: String, country: String },
    }
}
