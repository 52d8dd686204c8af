//! Pricing: the steps of a quote that price with the rulebook. The pipeline that runs them in order, with the
//! cart rules and the promotions between them, is `crate::quote`.
//!
//! Price resolution (`resolve.rs`) and pricing models (`models.rs`) price the lines (`lines.rs`, also gift
//! lines for promotions); shipping (`shipping.rs`); tax (`tax.rs`, with the net-rounding extraction in
//! `tax_net.rs` and shipping's tax policy in `tax_shipping.rs`); totals and invariants (`totals.rs`).
//! Everything is Decimal; money is rounded only at the named points of docs/rulebook.md, and every rounding
//! that changes a value is in the trace.

mod distribute;
mod lines;
mod models;
mod resolve;
mod shipping;
mod tax;
mod tax_external;
mod tax_net;
mod tax_shipping;
mod totals;

pub use lines::{price_gift, price_lines, resolve_lines};
pub use shipping::{free_from_shortfall, price_shipping};

use crate::api::{PromotionOutcome, Quote};
use crate::error::{errors, Coded, Error};
use crate::priced::{Context, PricedCart};

errors! {
    /// Findings of the pricing layer: things a cart asks for that the rulebook cannot price.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PricingError in "pricing" {
        /// The cart does not quote; its error-severity problems are in problems (the first 100; params count,
        /// omitted).
        #[code = "cart-invalid"]
        #[error("the cart has {count} problem(s){}", crate::error::not_listed(.omitted))]
        CartInvalid {
            count: usize,
            omitted: Option<usize>,
        },
        /// No price list prices the sku for this cart (currency, country, group, channel, moment).
        #[code = "price-missing"]
        #[error("no price for sku {sku:?} in {currency} for this cart")]
        PriceMissing { sku: String, currency: String },
        /// Lines resolved from price lists with and without tax cannot share one quote.
        #[code = "price-basis-mixed"]
        #[error("line prices {basis} tax, unlike the first line")]
        PriceBasisMixed { basis: &'static str },
        /// The destination has no tax rule for a taxable category of a line or of shipping at the cart's
        /// moment (params: category, country, and region when the cart names one).
        #[code = "tax-rule-missing"]
        #[error("no tax rule for category {category:?} in {}", .region.as_deref().unwrap_or(.country))]
        TaxRuleMissing {
            category: String,
            country: String,
            region: Option<String>,
        },
    }
}

/// Steps 8 and 9 of the quote: tax on the discounted amounts, then the totals, cash rounding and invariants.
pub fn tax_and_totals(
    ctx: &Context,
    mut cart: PricedCart,
    outcomes: Vec<PromotionOutcome>,
) -> Result<Quote, Error> {
    let me = |e: crate::money::MoneyError| e.to_error("");
    let external = tax_external::Table::new(ctx.cart).map_err(me)?;
    let taxables = tax::taxables(ctx, &mut cart, &external).map_err(me)?;
    let taxed = tax::compute(ctx, &external, &taxables, &mut cart.trace).map_err(me)?;
    let taxed = tax_shipping::merge_shipping(taxed, cart.lines.len()).map_err(me)?;
    totals::build(ctx, &external, cart, taxed, outcomes)
}
