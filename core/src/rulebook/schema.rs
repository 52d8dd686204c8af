//! The rulebook's JSON shape, field for field (docs/rulebook.md explains every field).
//!
//! These types only describe the shape: serde rejects unknown fields and wrong types, and `check.rs` turns them
//! into the checked model (decimals parsed, references resolved), collecting every problem. Decimals and
//! timestamps stay text here so that a bad value becomes a finding with its path instead of stopping the parse.
//! docs/rulebook.schema.json is generated from these types (see the test at the bottom).

use super::promotion_shape::{Coupon, DiscountBase, PercentRounding, Promotion, Stacking};
use crate::api::RoundingMode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(test)]
use schemars::JsonSchema;

/// A decimal in Kassa's strict syntax: "19.99", "0.0125", "-1" (no exponent, no "+", no leading zeros).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(transparent)]
pub struct Dec(#[cfg_attr(test, schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")))] pub String);

/// An RFC 3339 timestamp, "2026-11-24T09:30:00Z" or with an offset ("2026-11-24T10:30:00+01:00").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(transparent)]
pub struct Stamp(
    #[cfg_attr(
        test,
        schemars(pattern(
            r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
        ))
    )]
    pub String,
);

/// A Kassa rulebook (format 1): catalog, prices, taxes, shipping and order rules. Reference: docs/rulebook.md.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[cfg_attr(test, schemars(rename = "Rulebook"))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawRulebook {
    /// Format version of this document; this engine reads "1".
    pub kassa: String,
    /// The rulebook's identifier, reported by engine.info.
    pub id: String,
    /// The rulebook's own version (free text), reported by engine.info.
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    pub settings: Settings,
    #[serde(default)]
    pub catalog: Catalog,
    #[serde(default)]
    pub price_lists: Vec<PriceList>,
    pub tax: Tax,
    #[serde(default)]
    pub shipping: Shipping,
    /// Automatic and coupon promotions (docs/rulebook.md, "Promotions").
    #[serde(default)]
    pub promotions: Vec<Promotion>,
    /// Coupon codes, each unlocking one promotion.
    #[serde(default)]
    pub coupons: Vec<Coupon>,
    #[serde(default)]
    pub validation: ValidationRules,
}

/// Where the engine rounds: the explicit rounding level for taxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TaxRounding {
    /// Tax of one unit rounded, then multiplied by the quantity.
    PerUnit,
    /// Tax of each line (and of shipping) rounded.
    PerLine,
    /// Tax summed per tax rule over the document, then rounded (EN 16931).
    PerRateGroup,
    /// All tax summed, then rounded once.
    PerTotal,
}

/// When a unit price with more decimals than the currency is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum UnitPriceRounding {
    /// Keep the unit price exact; round the line subtotal.
    PerLine,
    /// Round the unit price to the currency first, then multiply.
    PerUnit,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// ISO 4217 codes of the currencies sold.
    pub currencies: Vec<String>,
    /// Rounding mode of every money rounding point.
    #[cfg_attr(test, schemars(with = "RoundingModeShape"))]
    pub rounding_mode: RoundingMode,
    /// Rounding level of taxes.
    pub tax_rounding: TaxRounding,
    #[serde(default = "default_unit_price_rounding")]
    pub unit_price_rounding: UnitPriceRounding,
    /// Destination country used when a cart has none.
    #[serde(default)]
    pub default_country: Option<String>,
    /// Whether host-supplied unit prices of open-price items include tax.
    #[serde(default)]
    pub open_prices_include_tax: bool,
    /// Allow negative line or order totals (credit lines); off by default.
    #[serde(default)]
    pub allow_negative_totals: bool,
    /// How promotions combine: priority (default) or best-deal.
    #[serde(default = "default_stacking")]
    pub promotion_stacking: Stacking,
    /// What a later promotion is computed on: discounted (default) or original amounts.
    #[serde(default = "default_discount_base")]
    pub discount_base: DiscountBase,
    /// Rounding of percentage discounts: per-line (default), per-unit or on-total.
    #[serde(default = "default_percent_rounding")]
    pub percent_rounding: PercentRounding,
}

fn default_stacking() -> Stacking {
    Stacking::Priority
}

fn default_discount_base() -> DiscountBase {
    DiscountBase::Discounted
}

fn default_percent_rounding() -> PercentRounding {
    PercentRounding::PerLine
}

fn default_unit_price_rounding() -> UnitPriceRounding {
    UnitPriceRounding::PerLine
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Catalog {
    #[serde(default)]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Item {
    pub sku: String,
    #[serde(default)]
    pub name: Option<String>,
    /// A tax category id from tax.categories.
    pub tax_category: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// Physical goods need a shipping address.
    #[serde(default = "yes")]
    pub physical: bool,
    /// Weight of one unit in kg, for weight-banded shipping (absent = 0).
    #[serde(default)]
    pub weight: Option<Dec>,
    /// The host may supply the unit price (cart-line.unit-price).
    #[serde(default)]
    pub open_price: bool,
    #[serde(default)]
    pub quantity: QuantityRule,
    /// Merchandising categories (not tax categories), for promotion selectors.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Free-form attributes ("brand": "kassa"), for promotion selectors.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct QuantityRule {
    #[serde(default)]
    pub min: Option<Dec>,
    #[serde(default)]
    pub max: Option<Dec>,
    /// Quantities must be multiples of the step; default "1" (whole units).
    #[serde(default)]
    pub step: Option<Dec>,
}

/// Base lists give regular prices; sale lists override them while they match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ListKind {
    Base,
    Sale,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PriceList {
    pub id: String,
    #[serde(default = "default_kind")]
    pub kind: ListKind,
    pub currency: String,
    /// Prices in this list include tax (gross).
    pub prices_include_tax: bool,
    /// Breaks ties between equally specific lists: higher wins.
    #[serde(default)]
    pub priority: i32,
    /// Scopes: an empty list matches everything.
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub customer_groups: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    /// Inclusive start of validity.
    #[serde(default)]
    pub valid_from: Option<Stamp>,
    /// Exclusive end of validity.
    #[serde(default)]
    pub valid_until: Option<Stamp>,
    pub prices: Vec<Price>,
}

fn default_kind() -> ListKind {
    ListKind::Base
}

/// One price: the sku and exactly one pricing model.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Price {
    pub sku: String,
    /// Per-unit model: this price times the quantity.
    #[serde(default)]
    pub unit_price: Option<Dec>,
    #[serde(default)]
    pub package: Option<Package>,
    /// Volume model: the tier the quantity falls in prices every unit.
    #[serde(default)]
    pub volume: Option<Vec<Tier>>,
    /// Graduated model: each tier prices the units inside it.
    #[serde(default)]
    pub graduated: Option<Vec<Tier>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PackageRounding {
    /// A started package is charged in full.
    Up,
    /// Only complete packages are charged.
    Down,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Package {
    /// Units per package.
    pub size: Dec,
    /// Price of one package.
    pub price: Dec,
    pub rounding: PackageRounding,
}

/// A tier covers quantities above the previous tier's up-to, up to and including its own (null = no end).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Tier {
    pub up_to: Option<Dec>,
    pub unit_price: Dec,
    /// Charged once when the tier is used.
    #[serde(default)]
    pub flat_fee: Option<Dec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Tax {
    pub categories: Vec<TaxCategory>,
    #[serde(default)]
    pub rules: Vec<TaxRule>,
    /// Carts may ask for reverse charge (B2B supply into another EU member state).
    #[serde(default)]
    pub allow_reverse_charge: bool,
    /// The seller's country: reverse charge never applies to domestic sales.
    #[serde(default)]
    pub origin_country: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TaxCategory {
    pub id: String,
    /// Never taxed, so no rule is needed.
    #[serde(default)]
    pub exempt: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TaxRule {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub country: String,
    /// ISO 3166-2 subdivision: the rule applies only there (in addition to the country's rules).
    #[serde(default)]
    pub region: Option<String>,
    /// Subdivisions where this country-wide rule does not apply (e.g. "ES-CN").
    #[serde(default)]
    pub except_regions: Vec<String>,
    pub category: String,
    /// Percent: "19" is 19 %.
    pub rate: Dec,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Shipping {
    #[serde(default)]
    pub methods: Vec<ShippingMethod>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ShippingMethod {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// Countries served; empty = everywhere.
    #[serde(default)]
    pub countries: Vec<String>,
    pub tax_category: String,
    pub prices_include_tax: bool,
    pub rates: Vec<ShippingRate>,
}

/// The price of a method in one currency (optionally for some countries): exactly one of flat,
/// weight-bands, subtotal-bands.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ShippingRate {
    pub currency: String,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub flat: Option<Dec>,
    /// Bands by total weight in kg.
    #[serde(default)]
    pub weight_bands: Option<Vec<Band>>,
    /// Bands by goods total after discounts.
    #[serde(default)]
    pub subtotal_bands: Option<Vec<Band>>,
    /// Shipping is free when the goods total after discounts reaches this amount.
    #[serde(default)]
    pub free_from: Option<Dec>,
}

/// A band covers values above the previous band's up-to, up to and including its own (null = no end).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Band {
    pub up_to: Option<Dec>,
    pub price: Dec,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ValidationRules {
    /// Destination countries sold to; empty = everywhere.
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub max_lines: Option<u32>,
    /// Maximum of the summed quantities of all lines.
    #[serde(default)]
    pub max_quantity: Option<Dec>,
    /// Order total limits per currency (on the grand total).
    #[serde(default)]
    pub total_limits: Vec<TotalLimit>,
    #[serde(default = "yes")]
    pub require_email: bool,
    #[serde(default)]
    pub require_phone: bool,
    /// Orders with physical items need a shipping address.
    #[serde(default = "yes")]
    pub require_shipping_address: bool,
    /// Reverse-charge orders need a VAT id.
    #[serde(default = "yes")]
    pub require_vat_id_for_reverse_charge: bool,
}

impl Default for ValidationRules {
    fn default() -> Self {
        ValidationRules {
            countries: Vec::new(),
            max_lines: None,
            max_quantity: None,
            total_limits: Vec::new(),
            require_email: true,
            require_phone: false,
            require_shipping_address: true,
            require_vat_id_for_reverse_charge: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TotalLimit {
    pub currency: String,
    #[serde(default)]
    pub min: Option<Dec>,
    #[serde(default)]
    pub max: Option<Dec>,
}

/// The serde form of [`RoundingMode`] (which lives in the wire types), for the schema only.
#[cfg(test)]
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum RoundingModeShape {
    HalfEven,
    HalfAwayFromZero,
    HalfTowardZero,
    HalfUp,
    HalfDown,
    Up,
    Down,
    Ceiling,
    Floor,
}

#[cfg(test)]
mod tests {
    /// docs/rulebook.schema.json must be what the types generate. Regenerate with
    /// `KASSA_BLESS=1 cargo test -p kassa-core schema_file_is_current`.
    #[test]
    fn schema_file_is_current() {
        let schema = schemars::schema_for!(super::RawRulebook);
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rulebook.schema.json");
        if std::env::var_os("KASSA_BLESS").is_some() {
            std::fs::write(path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == text,
            "docs/rulebook.schema.json is stale: run KASSA_BLESS=1 cargo test -p kassa-core schema_file_is_current"
        );
    }
}
