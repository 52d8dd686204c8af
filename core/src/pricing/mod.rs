//! Pricing: the steps of a quote that price with the rulebook. The pipeline that runs them in order, with the
//! cart rules and the promotions between them, is `crate::quote`.
//!
//! Price resolution (`resolve.rs`) and pricing models (`models.rs`) price the lines (`lines.rs`, also gift
//! lines for promotions); shipping (`shipping.rs`); tax (`tax.rs`, with the net-rounding extraction in
//! `tax_net.rs` and shipping's tax policy in `tax_shipping.rs`); totals and invariants (`totals.rs`).
//! Everything is Decimal; money is rounded only at the named points of docs/rulebook.md, and every rounding
//! that changes a value is in the trace.

mod derive;
mod distribute;
mod lines;
mod models;
mod resolve;
mod shipping;
mod tax;
pub(crate) mod tax_external;
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
        /// The derived price list that prices the sku has no exchange rate valid at the cart's moment
        /// (params: sku, price-list, from and to: the currencies).
        #[code = "exchange-rate-missing"]
        #[error("no exchange rate from {from} to {to} for price list {price_list:?} at the cart's moment")]
        ExchangeRateMissing {
            sku: String,
            price_list: String,
            from: String,
            to: String,
        },
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
        /// The external tax amounts of a gross-priced line (or shipping) add up to more than the amount they are
        /// included in, after discounts: its net would be negative (params: taxes, amount).
        #[code = "external-tax-exceeds-amount"]
        #[error("external tax amounts of {taxes} exceed the amount {amount} that includes them")]
        ExternalTaxExceedsAmount { taxes: String, amount: String },
    }
}

/// The gross-priced lines and shipping whose external tax amounts exceed their amount after discounts (each
/// an `external-tax-exceeds-amount` problem at its list): a tax service computed them on another amount.
pub fn external_amounts_unfit(
    ctx: &Context,
    cart: &PricedCart,
) -> Result<Vec<crate::error::Problem>, Error> {
    use crate::money;
    use crate::priced::discount_sum;
    let me = |e: crate::money::MoneyError| e.to_error("");
    let mut out = Vec::new();
    let mut check = |list: &Option<Vec<crate::api::ExternalTax>>,
                     amount: rust_decimal::Decimal,
                     path: &dyn Fn() -> String|
     -> Result<(), Error> {
        let Some(list) = list else { return Ok(()) };
        let mut given = rust_decimal::Decimal::ZERO;
        for a in list.iter().filter_map(|x| x.amount.as_deref()) {
            given = money::add(given, money::parse_decimal(a).map_err(me)?).map_err(me)?;
        }
        if given > amount.max(rust_decimal::Decimal::ZERO) {
            let e = PricingError::ExternalTaxExceedsAmount {
                taxes: money::format_decimal(given),
                amount: money::format_decimal(amount),
            };
            out.push(e.to_problem(&path(), crate::error::Severity::Error));
        }
        Ok(())
    };
    if cart.includes_tax {
        for l in &cart.lines {
            let Some(i) = l.source else { continue };
            let after =
                money::sub(l.subtotal, discount_sum(&l.discounts).map_err(me)?).map_err(me)?;
            check(&ctx.cart.lines[i].taxes, after, &|| {
                format!("/lines/{i}/taxes")
            })?;
        }
    }
    if let Some(s) = cart.shipping.as_ref().filter(|s| s.includes_tax) {
        let after = money::sub(s.price, discount_sum(&s.discounts).map_err(me)?).map_err(me)?;
        check(&ctx.cart.shipping_taxes, after, &|| {
            "/shipping-taxes".into()
        })?;
    }
    Ok(out)
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
