//! The checked rulebook: what `check/` builds from the JSON shape and what pricing and validation read.
//! Decimals are parsed, references resolved, ids unique; nothing here can fail any more.

use super::promotion_model::{Coupons, Promotion};
use super::promotion_shape::{DiscountBase, PercentRounding, Stacking};
use super::schema::{ListKind, TaxRounding, UnitPriceRounding};
use super::time::Timestamp;
use crate::api::RoundingMode;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Rulebook {
    pub id: String,
    pub version: String,
    /// sha256 (hex) of the rulebook text.
    pub hash: String,
    pub settings: Settings,
    /// Items by sku.
    pub items: BTreeMap<String, Item>,
    pub price_lists: Vec<PriceList>,
    pub tax: Tax,
    /// Shipping methods in rulebook order.
    pub shipping: Vec<ShippingMethod>,
    pub validation: Validation,
    /// Promotions in rulebook order.
    pub promotions: Vec<Promotion>,
    pub coupons: Coupons,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub currencies: Vec<String>,
    pub rounding_mode: RoundingMode,
    pub tax_rounding: TaxRounding,
    pub unit_price_rounding: UnitPriceRounding,
    pub default_country: Option<String>,
    pub open_prices_include_tax: bool,
    pub allow_negative_totals: bool,
    pub promotion_stacking: Stacking,
    pub discount_base: DiscountBase,
    pub percent_rounding: PercentRounding,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub sku: String,
    pub tax_category: String,
    pub active: bool,
    pub physical: bool,
    pub weight: Decimal,
    pub open_price: bool,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub step: Decimal,
    /// Merchandising categories, for promotion selectors.
    pub categories: Vec<String>,
    pub attributes: BTreeMap<String, String>,
}

/// The `price-list` a quote line names when its unit price came from the cart (an open-price item); no
/// price list may take this id.
pub const OPEN_PRICE: &str = "open-price";

#[derive(Debug, Clone)]
pub struct PriceList {
    pub id: String,
    pub kind: ListKind,
    pub currency: String,
    pub includes_tax: bool,
    pub priority: i32,
    pub countries: Vec<String>,
    pub customer_groups: Vec<String>,
    pub channels: Vec<String>,
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
    /// Pricing model by sku.
    pub prices: BTreeMap<String, Model>,
}

impl PriceList {
    /// How many scope dimensions the list constrains: more is more specific.
    pub fn specificity(&self) -> u32 {
        u32::from(!self.countries.is_empty())
            + u32::from(!self.customer_groups.is_empty())
            + u32::from(!self.channels.is_empty())
            + u32::from(self.valid_from.is_some() || self.valid_until.is_some())
    }

    /// The precedence rank: sale over base, then specificity, then priority. Higher wins.
    pub fn rank(&self) -> (bool, u32, i32) {
        (
            self.kind == ListKind::Sale,
            self.specificity(),
            self.priority,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Model {
    PerUnit(Decimal),
    Package {
        size: Decimal,
        price: Decimal,
        round_up: bool,
    },
    Volume(Vec<Tier>),
    Graduated(Vec<Tier>),
}

/// Tiers are checked: up-to strictly increasing, only the last open-ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub up_to: Option<Decimal>,
    pub unit_price: Decimal,
    pub flat_fee: Decimal,
}

#[derive(Debug, Clone)]
pub struct Tax {
    /// Category id -> exempt.
    pub categories: BTreeMap<String, bool>,
    pub rules: Vec<TaxRule>,
    pub allow_reverse_charge: bool,
    pub origin_country: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TaxRule {
    pub id: String,
    pub country: String,
    pub region: Option<String>,
    pub except_regions: Vec<String>,
    pub category: String,
    /// Percent.
    pub rate: Decimal,
}

impl TaxRule {
    /// Whether this rule taxes `category` for a destination country and optional subdivision.
    pub fn applies(&self, category: &str, country: &str, region: Option<&str>) -> bool {
        self.category == category
            && self.country == country
            && match &self.region {
                Some(r) => region == Some(r.as_str()),
                None => !region.is_some_and(|r| self.except_regions.iter().any(|e| e == r)),
            }
    }
}

#[derive(Debug, Clone)]
pub struct ShippingMethod {
    pub id: String,
    pub countries: Vec<String>,
    pub tax_category: String,
    pub includes_tax: bool,
    pub rates: Vec<ShippingRate>,
}

impl ShippingMethod {
    /// The rate for a currency and destination: a rate naming the country beats a rate for all countries
    /// (load rejects two rates that could tie).
    pub fn rate_for(&self, currency: &str, country: Option<&str>) -> Option<&ShippingRate> {
        let fits =
            |r: &&ShippingRate| r.currency == currency && scope_admits(&r.countries, country);
        let mut candidates = self.rates.iter().filter(fits);
        let first = candidates.next()?;
        Some(candidates.fold(first, |best, r| {
            if best.countries.is_empty() && !r.countries.is_empty() {
                r
            } else {
                best
            }
        }))
    }

    /// Whether the method serves a cart in `currency` to `country`: its countries admit the destination and
    /// it has a rate.
    pub fn serves(&self, currency: &str, country: Option<&str>) -> bool {
        scope_admits(&self.countries, country) && self.rate_for(currency, country).is_some()
    }
}

#[derive(Debug, Clone)]
pub struct ShippingRate {
    pub currency: String,
    pub countries: Vec<String>,
    pub pricing: RatePricing,
    pub free_from: Option<Decimal>,
}

#[derive(Debug, Clone)]
pub enum RatePricing {
    Flat(Decimal),
    Weight(Vec<Band>),
    Subtotal(Vec<Band>),
}

/// Bands are checked like tiers.
#[derive(Debug, Clone)]
pub struct Band {
    pub up_to: Option<Decimal>,
    pub price: Decimal,
}

#[derive(Debug, Clone)]
pub struct Validation {
    pub countries: Vec<String>,
    pub max_lines: Option<u32>,
    pub max_quantity: Option<Decimal>,
    /// Currency -> (min, max) of the grand total.
    pub total_limits: BTreeMap<String, (Option<Decimal>, Option<Decimal>)>,
    pub require_email: bool,
    pub require_phone: bool,
    pub require_shipping_address: bool,
    pub require_vat_id_for_reverse_charge: bool,
}

/// Whether a scope list (empty = everything) admits a value (absent matches only an empty scope).
pub fn scope_admits(scope: &[String], value: Option<&str>) -> bool {
    scope.is_empty() || value.is_some_and(|v| scope.iter().any(|s| s == v))
}
