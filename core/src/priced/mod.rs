//! The cart being priced, shared by the layers that price it: the quote's fixed context, the priced lines and
//! shipping that promotions read and change (line discounts, shipping discounts, gift lines) before tax is
//! computed on the discounted amounts, and the explanation trace (`trace.rs`). Plain data: the logic is in the
//! pricing, promotion and validation layers above.

pub mod trace;

pub use trace::{At, Trace};

use crate::api::{self, RoundingMode};
use crate::error::Problem;
use crate::rulebook::time::Timestamp;
use crate::rulebook::{Destination, Rulebook};
use rust_decimal::Decimal;

/// Everything fixed about one quote call: the rulebook, the cart and what was derived from it.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub rulebook: &'a Rulebook,
    pub cart: &'a api::Cart,
    /// The cart's `at`, parsed.
    pub at: Timestamp,
    /// The cart's currency and its minor units.
    pub currency: &'a str,
    pub minor_units: u32,
    /// The destination: the cart's country or the rulebook's default.
    pub country: Option<&'a str>,
    /// The rulebook's rounding mode for every money rounding point.
    pub mode: RoundingMode,
    /// The cart's postal code as the fields layer normalised it, if it has a valid one.
    pub postal_code: Option<&'a str>,
    /// The shipping method priced: the cart's, or the one `shipping-options` is pricing.
    pub shipping_method: Option<&'a str>,
}

impl Context<'_> {
    /// What selects a shipping rate: currency, country, postal code.
    pub fn destination(&self) -> Destination<'_> {
        Destination {
            currency: self.currency,
            country: self.country,
            postal_code: self.postal_code,
        }
    }
}

/// A cart line as the cart rules read it: its item, its parsed quantity and the unit price the host
/// supplied, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFacts {
    /// Index into the rulebook's items.
    pub item: usize,
    pub quantity: Decimal,
    pub host_price: Option<Decimal>,
}

/// A discount on a line or on shipping: (index of the promotion in the rulebook, amount in minor units).
pub type Discount = (usize, Decimal);

/// One priced line. Amounts are in the line's price basis (gross when `PricedCart::includes_tax`). Names
/// (sku, price list, promotions) are indices into the rulebook, so a copy of a priced cart copies no text.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedLine {
    /// The cart line this prices (its index in cart.lines); `None` for a line a promotion added.
    pub source: Option<usize>,
    /// Index into the rulebook's items.
    pub item: usize,
    pub quantity: Decimal,
    /// The resolved unit price (informational for non-linear models, see docs/rulebook.md).
    pub unit_price: Decimal,
    /// The pricing model's result rounded to the currency: the amount discounts apply to.
    pub subtotal: Decimal,
    /// Filled by promotions.
    pub discounts: Vec<Discount>,
    /// Index into the rulebook's price lists; `None` when the unit price came from the cart (open price).
    pub price_list: Option<usize>,
    /// Index into the rulebook's tax categories.
    pub tax_category: usize,
    /// The promotion (index) that added this line (a gift).
    pub added_by: Option<usize>,
    /// The options' surcharges, included in `unit_price` and `subtotal`: (index of the option in the cart
    /// line's attributes, amount per unit, amount for the line).
    pub surcharges: Vec<(usize, Decimal, Decimal)>,
}

impl PricedLine {
    /// Where the line is in the cart (gift lines point at /lines).
    pub fn at(&self) -> At {
        match self.source {
            Some(i) => At::Line(i),
            None => At::Gift,
        }
    }
}

/// Shipping priced for the cart, before tax.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedShipping {
    /// Index into the rulebook's shipping methods.
    pub method: usize,
    /// Price in the method's basis (gross when `includes_tax`), in minor units.
    pub price: Decimal,
    /// Filled by promotions.
    pub discounts: Vec<Discount>,
    /// Index into the rulebook's tax categories.
    pub tax_category: usize,
    pub includes_tax: bool,
    /// The sum of the rates (percent) of the rules that tax this shipping at the destination, whether or not
    /// the cart pays tax: how its net and gross prices relate, for best deal across bases (promotions).
    pub rate: Decimal,
}

/// The cart as priced so far.
#[derive(Debug, Clone)]
pub struct PricedCart {
    pub lines: Vec<PricedLine>,
    /// Whether line amounts include tax (every line shares one basis).
    pub includes_tax: bool,
    pub shipping: Option<PricedShipping>,
    pub trace: Trace,
    pub warnings: Vec<Problem>,
}

/// Sum of discount amounts.
pub fn discount_sum(discounts: &[Discount]) -> Result<Decimal, crate::money::MoneyError> {
    discounts
        .iter()
        .try_fold(Decimal::ZERO, |acc, (_, d)| crate::money::add(acc, *d))
}

impl PricedCart {
    /// Goods total after line and order discounts, in the lines' basis: what free-shipping thresholds and
    /// subtotal bands compare with.
    pub fn goods_after_discounts(&self) -> Result<Decimal, crate::money::MoneyError> {
        let mut total = Decimal::ZERO;
        for l in &self.lines {
            total = crate::money::add(
                total,
                crate::money::sub(l.subtotal, discount_sum(&l.discounts)?)?,
            )?;
        }
        Ok(total)
    }
}
