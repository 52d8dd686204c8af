//! The rulebook's JSON shape, field for field (docs/rulebook.md explains every field).
//!
//! These types only describe the shape: serde rejects unknown fields and wrong types, and `check.rs` turns them
//! into the checked model (decimals parsed, references resolved), collecting every problem. Decimals and
//! timestamps stay text here so that a bad value becomes a finding with its path instead of stopping the parse.
//! docs/rulebook.schema.json is generated from these types (see the test at the bottom).

use super::json::Json;
use super::promotion_shape::{Coupon, DiscountBase, PercentRounding, Promotion, Stacking};
use super::read::{read_names, read_object, wrong, FromJson, Path};
use crate::api::RoundingMode;
use crate::error::Problem;
#[cfg(test)]
use serde::Serialize;
use std::collections::BTreeMap;

#[cfg(test)]
use schemars::JsonSchema;

/// A decimal in Kassa's strict syntax: "19.99", "0.0125", "-1" (no exponent, no "+", no leading zeros).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(transparent))]
pub struct Dec(#[cfg_attr(test, schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")))] pub String);

/// An RFC 3339 timestamp, "2026-11-24T09:30:00Z" or with an offset ("2026-11-24T10:30:00+01:00").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(transparent))]
pub struct Stamp(
    #[cfg_attr(
        test,
        schemars(pattern(
            r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
        ))
    )]
    pub String,
);

impl FromJson for Dec {
    fn read(v: &Json, at: &Path, p: &mut Vec<Problem>) -> Option<Self> {
        match v {
            Json::Str(s) => Some(Dec(s.clone())),
            _ => wrong(v, at, "a decimal string such as \"19.99\"", p),
        }
    }
}

impl FromJson for Stamp {
    fn read(v: &Json, at: &Path, p: &mut Vec<Problem>) -> Option<Self> {
        match v {
            Json::Str(s) => Some(Stamp(s.clone())),
            _ => wrong(v, at, "an RFC 3339 timestamp string", p),
        }
    }
}

/// A Kassa rulebook (format 1): catalog, prices, taxes, shipping and order rules. Reference: docs/rulebook.md.
#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
#[cfg_attr(test, schemars(rename = "Rulebook"))]
pub struct RawRulebook {
    /// Format version of this document; this engine reads "1".
    pub kassa: String,
    /// The rulebook's identifier, reported by engine.info.
    pub id: String,
    /// The rulebook's own version (free text), reported by engine.info.
    pub version: String,
    #[cfg_attr(test, serde(default))]
    pub description: Option<String>,
    pub settings: Settings,
    #[cfg_attr(test, serde(default))]
    pub catalog: Catalog,
    #[cfg_attr(test, serde(default))]
    pub price_lists: Vec<PriceList>,
    pub tax: Tax,
    #[cfg_attr(test, serde(default))]
    pub shipping: Shipping,
    /// Automatic and coupon promotions (docs/rulebook.md, "Promotions").
    #[cfg_attr(test, serde(default))]
    pub promotions: Vec<Promotion>,
    /// Coupon codes, each unlocking one promotion.
    #[cfg_attr(test, serde(default))]
    pub coupons: Vec<Coupon>,
    #[cfg_attr(test, serde(default))]
    pub validation: ValidationRules,
}

read_object!(RawRulebook {
    kassa: "kassa",
    id: "id",
    version: "version",
    description: "description",
    settings: "settings",
    catalog: "catalog" = Catalog::default(),
    price_lists: "price-lists" = Vec::new(),
    tax: "tax",
    shipping: "shipping" = Shipping::default(),
    promotions: "promotions" = Vec::new(),
    coupons: "coupons" = Vec::new(),
    validation: "validation" = ValidationRules::default(),
});

/// Where the engine rounds: the explicit rounding level for taxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
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

read_names!(TaxRounding {
    PerUnit = "per-unit",
    PerLine = "per-line",
    PerRateGroup = "per-rate-group",
    PerTotal = "per-total",
});

/// When a unit price with more decimals than the currency is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum UnitPriceRounding {
    /// Keep the unit price exact; round the line subtotal.
    PerLine,
    /// Round the unit price to the currency first, then multiply.
    PerUnit,
}

read_names!(UnitPriceRounding {
    PerLine = "per-line",
    PerUnit = "per-unit",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Settings {
    /// ISO 4217 codes of the currencies sold.
    pub currencies: Vec<String>,
    /// Rounding mode of every money rounding point.
    #[cfg_attr(test, schemars(with = "RoundingModeShape"))]
    pub rounding_mode: RoundingMode,
    /// Rounding level of taxes.
    pub tax_rounding: TaxRounding,
    #[cfg_attr(test, serde(default = "default_unit_price_rounding"))]
    pub unit_price_rounding: UnitPriceRounding,
    /// Destination country used when a cart has none.
    #[cfg_attr(test, serde(default))]
    pub default_country: Option<String>,
    /// Whether host-supplied unit prices of open-price items include tax.
    #[cfg_attr(test, serde(default))]
    pub open_prices_include_tax: bool,
    /// Allow negative line or order totals (credit lines); off by default.
    #[cfg_attr(test, serde(default))]
    pub allow_negative_totals: bool,
    /// How promotions combine: priority (default) or best-deal.
    #[cfg_attr(test, serde(default = "default_stacking"))]
    pub promotion_stacking: Stacking,
    /// What a later promotion is computed on: discounted (default) or original amounts.
    #[cfg_attr(test, serde(default = "default_discount_base"))]
    pub discount_base: DiscountBase,
    /// Rounding of percentage discounts: per-line (default), per-unit or on-total.
    #[cfg_attr(test, serde(default = "default_percent_rounding"))]
    pub percent_rounding: PercentRounding,
}

read_object!(Settings {
    currencies: "currencies",
    rounding_mode: "rounding-mode",
    tax_rounding: "tax-rounding",
    unit_price_rounding: "unit-price-rounding" = default_unit_price_rounding(),
    default_country: "default-country",
    open_prices_include_tax: "open-prices-include-tax" = false,
    allow_negative_totals: "allow-negative-totals" = false,
    promotion_stacking: "promotion-stacking" = default_stacking(),
    discount_base: "discount-base" = default_discount_base(),
    percent_rounding: "percent-rounding" = default_percent_rounding(),
});

read_names!(RoundingMode {
    HalfEven = "half-even",
    HalfAwayFromZero = "half-away-from-zero",
    HalfTowardZero = "half-toward-zero",
    HalfUp = "half-up",
    HalfDown = "half-down",
    Up = "up",
    Down = "down",
    Ceiling = "ceiling",
    Floor = "floor",
});

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

#[derive(Debug, Clone, Default)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Catalog {
    #[cfg_attr(test, serde(default))]
    pub items: Vec<Item>,
}

read_object!(Catalog {
    items: "items" = Vec::new(),
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Item {
    pub sku: String,
    #[cfg_attr(test, serde(default))]
    pub name: Option<String>,
    /// A tax category id from tax.categories.
    pub tax_category: String,
    #[cfg_attr(test, serde(default = "yes"))]
    pub active: bool,
    /// Physical goods need a shipping address.
    #[cfg_attr(test, serde(default = "yes"))]
    pub physical: bool,
    /// Weight of one unit in kg, for weight-banded shipping (absent = 0).
    #[cfg_attr(test, serde(default))]
    pub weight: Option<Dec>,
    /// The host may supply the unit price (cart-line.unit-price).
    #[cfg_attr(test, serde(default))]
    pub open_price: bool,
    #[cfg_attr(test, serde(default))]
    pub quantity: QuantityRule,
    /// Merchandising categories (not tax categories), for promotion selectors.
    #[cfg_attr(test, serde(default))]
    pub categories: Vec<String>,
    /// Free-form attributes ("brand": "kassa"), for promotion selectors.
    #[cfg_attr(test, serde(default))]
    pub attributes: BTreeMap<String, String>,
}

read_object!(Item {
    sku: "sku",
    name: "name",
    tax_category: "tax-category",
    active: "active" = yes(),
    physical: "physical" = yes(),
    weight: "weight",
    open_price: "open-price" = false,
    quantity: "quantity" = QuantityRule::default(),
    categories: "categories" = Vec::new(),
    attributes: "attributes" = BTreeMap::new(),
});

#[derive(Debug, Clone, Default)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct QuantityRule {
    #[cfg_attr(test, serde(default))]
    pub min: Option<Dec>,
    #[cfg_attr(test, serde(default))]
    pub max: Option<Dec>,
    /// Quantities must be multiples of the step; default "1" (whole units).
    #[cfg_attr(test, serde(default))]
    pub step: Option<Dec>,
}

read_object!(QuantityRule {
    min: "min",
    max: "max",
    step: "step",
});

/// Base lists give regular prices; sale lists override them while they match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum ListKind {
    Base,
    Sale,
}

read_names!(ListKind {
    Base = "base",
    Sale = "sale",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct PriceList {
    pub id: String,
    #[cfg_attr(test, serde(default = "default_kind"))]
    pub kind: ListKind,
    pub currency: String,
    /// Prices in this list include tax (gross).
    pub prices_include_tax: bool,
    /// Breaks ties between equally specific lists: higher wins.
    #[cfg_attr(test, serde(default))]
    pub priority: i32,
    /// Scopes: an empty list matches everything.
    #[cfg_attr(test, serde(default))]
    pub countries: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub customer_groups: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub channels: Vec<String>,
    /// Inclusive start of validity.
    #[cfg_attr(test, serde(default))]
    pub valid_from: Option<Stamp>,
    /// Exclusive end of validity.
    #[cfg_attr(test, serde(default))]
    pub valid_until: Option<Stamp>,
    pub prices: Vec<Price>,
}

read_object!(PriceList {
    id: "id",
    kind: "kind" = default_kind(),
    currency: "currency",
    prices_include_tax: "prices-include-tax",
    priority: "priority" = 0,
    countries: "countries" = Vec::new(),
    customer_groups: "customer-groups" = Vec::new(),
    channels: "channels" = Vec::new(),
    valid_from: "valid-from",
    valid_until: "valid-until",
    prices: "prices",
});

fn default_kind() -> ListKind {
    ListKind::Base
}

/// One price: the sku and exactly one pricing model.
#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Price {
    pub sku: String,
    /// Per-unit model: this price times the quantity.
    #[cfg_attr(test, serde(default))]
    pub unit_price: Option<Dec>,
    #[cfg_attr(test, serde(default))]
    pub package: Option<Package>,
    /// Volume model: the tier the quantity falls in prices every unit.
    #[cfg_attr(test, serde(default))]
    pub volume: Option<Vec<Tier>>,
    /// Graduated model: each tier prices the units inside it.
    #[cfg_attr(test, serde(default))]
    pub graduated: Option<Vec<Tier>>,
}

read_object!(Price {
    sku: "sku",
    unit_price: "unit-price",
    package: "package",
    volume: "volume",
    graduated: "graduated",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum PackageRounding {
    /// A started package is charged in full.
    Up,
    /// Only complete packages are charged.
    Down,
}

read_names!(PackageRounding {
    Up = "up",
    Down = "down",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Package {
    /// Units per package.
    pub size: Dec,
    /// Price of one package.
    pub price: Dec,
    pub rounding: PackageRounding,
}

read_object!(Package {
    size: "size",
    price: "price",
    rounding: "rounding",
});

/// A tier covers quantities above the previous tier's up-to, up to and including its own (null = no end).
#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Tier {
    pub up_to: Option<Dec>,
    pub unit_price: Dec,
    /// Charged once when the tier is used.
    #[cfg_attr(test, serde(default))]
    pub flat_fee: Option<Dec>,
}

read_object!(Tier {
    up_to: "up-to",
    unit_price: "unit-price",
    flat_fee: "flat-fee",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Tax {
    pub categories: Vec<TaxCategory>,
    #[cfg_attr(test, serde(default))]
    pub rules: Vec<TaxRule>,
    /// Carts may ask for reverse charge (B2B supply into another EU member state).
    #[cfg_attr(test, serde(default))]
    pub allow_reverse_charge: bool,
    /// The seller's country: reverse charge never applies to domestic sales.
    #[cfg_attr(test, serde(default))]
    pub origin_country: Option<String>,
}

read_object!(Tax {
    categories: "categories",
    rules: "rules" = Vec::new(),
    allow_reverse_charge: "allow-reverse-charge" = false,
    origin_country: "origin-country",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct TaxCategory {
    pub id: String,
    /// Never taxed, so no rule is needed.
    #[cfg_attr(test, serde(default))]
    pub exempt: bool,
}

read_object!(TaxCategory {
    id: "id",
    exempt: "exempt" = false,
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct TaxRule {
    pub id: String,
    #[cfg_attr(test, serde(default))]
    pub name: Option<String>,
    pub country: String,
    /// ISO 3166-2 subdivision: the rule applies only there (in addition to the country's rules).
    #[cfg_attr(test, serde(default))]
    pub region: Option<String>,
    /// Subdivisions where this country-wide rule does not apply (e.g. "ES-CN").
    #[cfg_attr(test, serde(default))]
    pub except_regions: Vec<String>,
    pub category: String,
    /// Percent: "19" is 19 %.
    pub rate: Dec,
}

read_object!(TaxRule {
    id: "id",
    name: "name",
    country: "country",
    region: "region",
    except_regions: "except-regions" = Vec::new(),
    category: "category",
    rate: "rate",
});

#[derive(Debug, Clone, Default)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Shipping {
    #[cfg_attr(test, serde(default))]
    pub methods: Vec<ShippingMethod>,
}

read_object!(Shipping {
    methods: "methods" = Vec::new(),
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct ShippingMethod {
    pub id: String,
    #[cfg_attr(test, serde(default))]
    pub name: Option<String>,
    /// Countries served; empty = everywhere.
    #[cfg_attr(test, serde(default))]
    pub countries: Vec<String>,
    pub tax_category: String,
    pub prices_include_tax: bool,
    pub rates: Vec<ShippingRate>,
}

read_object!(ShippingMethod {
    id: "id",
    name: "name",
    countries: "countries" = Vec::new(),
    tax_category: "tax-category",
    prices_include_tax: "prices-include-tax",
    rates: "rates",
});

/// The price of a method in one currency (optionally for some countries): exactly one of flat,
/// weight-bands, subtotal-bands.
#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct ShippingRate {
    pub currency: String,
    #[cfg_attr(test, serde(default))]
    pub countries: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub flat: Option<Dec>,
    /// Bands by total weight in kg.
    #[cfg_attr(test, serde(default))]
    pub weight_bands: Option<Vec<Band>>,
    /// Bands by goods total after discounts.
    #[cfg_attr(test, serde(default))]
    pub subtotal_bands: Option<Vec<Band>>,
    /// Shipping is free when the goods total after discounts reaches this amount.
    #[cfg_attr(test, serde(default))]
    pub free_from: Option<Dec>,
}

read_object!(ShippingRate {
    currency: "currency",
    countries: "countries" = Vec::new(),
    flat: "flat",
    weight_bands: "weight-bands",
    subtotal_bands: "subtotal-bands",
    free_from: "free-from",
});

/// A band covers values above the previous band's up-to, up to and including its own (null = no end).
#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Band {
    pub up_to: Option<Dec>,
    pub price: Dec,
}

read_object!(Band {
    up_to: "up-to",
    price: "price",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct ValidationRules {
    /// Destination countries sold to; empty = everywhere.
    #[cfg_attr(test, serde(default))]
    pub countries: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub max_lines: Option<u32>,
    /// Maximum of the summed quantities of all lines.
    #[cfg_attr(test, serde(default))]
    pub max_quantity: Option<Dec>,
    /// Order total limits per currency (on the grand total).
    #[cfg_attr(test, serde(default))]
    pub total_limits: Vec<TotalLimit>,
    #[cfg_attr(test, serde(default = "yes"))]
    pub require_email: bool,
    #[cfg_attr(test, serde(default))]
    pub require_phone: bool,
    /// Orders with physical items need a shipping address.
    #[cfg_attr(test, serde(default = "yes"))]
    pub require_shipping_address: bool,
    /// Reverse-charge orders need a VAT id.
    #[cfg_attr(test, serde(default = "yes"))]
    pub require_vat_id_for_reverse_charge: bool,
}

read_object!(ValidationRules {
    countries: "countries" = Vec::new(),
    max_lines: "max-lines",
    max_quantity: "max-quantity",
    total_limits: "total-limits" = Vec::new(),
    require_email: "require-email" = yes(),
    require_phone: "require-phone" = false,
    require_shipping_address: "require-shipping-address" = yes(),
    require_vat_id_for_reverse_charge: "require-vat-id-for-reverse-charge" = yes(),
});

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

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct TotalLimit {
    pub currency: String,
    #[cfg_attr(test, serde(default))]
    pub min: Option<Dec>,
    #[cfg_attr(test, serde(default))]
    pub max: Option<Dec>,
}

read_object!(TotalLimit {
    currency: "currency",
    min: "min",
    max: "max",
});

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
    use super::*;
    use crate::rulebook::promotion_shape as promo;

    /// The keys a reader reports as missing in `{}`: its required keys.
    fn required<T: FromJson>() -> Vec<String> {
        let mut p = Vec::new();
        let _ = T::read(&Json::Obj(Vec::new()), &Path::Root, &mut p);
        let mut names: Vec<String> = p
            .iter()
            .filter_map(|x| x.params[0].value.strip_prefix("missing field `"))
            .map(|s| s.trim_end_matches('`').to_string())
            .collect();
        names.sort();
        names
    }

    /// The keys each reader accepts, and those it requires, are the ones the schema (generated from the same
    /// types and their serde attributes) lists: the `read_object!` lists cannot drift unnoticed.
    #[test]
    fn readers_accept_exactly_the_schema_keys() {
        let schema = serde_json::to_value(schemars::schema_for!(RawRulebook)).unwrap();
        type Reader = (&'static str, &'static [&'static str], fn() -> Vec<String>);
        let readers: &[Reader] = &[
            (
                "AmountOff",
                promo::AmountOff::KEYS,
                required::<promo::AmountOff>,
            ),
            (
                "AmountRange",
                promo::AmountRange::KEYS,
                required::<promo::AmountRange>,
            ),
            ("Band", Band::KEYS, required::<Band>),
            (
                "BuyXGetY",
                promo::BuyXGetY::KEYS,
                required::<promo::BuyXGetY>,
            ),
            ("Catalog", Catalog::KEYS, required::<Catalog>),
            (
                "CountRange",
                promo::CountRange::KEYS,
                required::<promo::CountRange>,
            ),
            ("Coupon", promo::Coupon::KEYS, required::<promo::Coupon>),
            (
                "FixedPrice",
                promo::FixedPrice::KEYS,
                required::<promo::FixedPrice>,
            ),
            ("Gift", promo::Gift::KEYS, required::<promo::Gift>),
            ("Item", Item::KEYS, required::<Item>),
            (
                "ItemsCondition",
                promo::ItemsCondition::KEYS,
                required::<promo::ItemsCondition>,
            ),
            ("Package", Package::KEYS, required::<Package>),
            (
                "PercentOff",
                promo::PercentOff::KEYS,
                required::<promo::PercentOff>,
            ),
            ("Price", Price::KEYS, required::<Price>),
            ("PriceList", PriceList::KEYS, required::<PriceList>),
            (
                "Promotion",
                promo::Promotion::KEYS,
                required::<promo::Promotion>,
            ),
            ("QuantityRule", QuantityRule::KEYS, required::<QuantityRule>),
            (
                "Selector",
                promo::Selector::KEYS,
                required::<promo::Selector>,
            ),
            ("Settings", Settings::KEYS, required::<Settings>),
            ("Shipping", Shipping::KEYS, required::<Shipping>),
            (
                "ShippingMethod",
                ShippingMethod::KEYS,
                required::<ShippingMethod>,
            ),
            ("ShippingRate", ShippingRate::KEYS, required::<ShippingRate>),
            ("Tax", Tax::KEYS, required::<Tax>),
            ("TaxCategory", TaxCategory::KEYS, required::<TaxCategory>),
            ("TaxRule", TaxRule::KEYS, required::<TaxRule>),
            ("Tier", Tier::KEYS, required::<Tier>),
            (
                "TierStep",
                promo::TierStep::KEYS,
                required::<promo::TierStep>,
            ),
            ("Tiered", promo::Tiered::KEYS, required::<promo::Tiered>),
            ("TotalLimit", TotalLimit::KEYS, required::<TotalLimit>),
            ("UnitsOf", promo::UnitsOf::KEYS, required::<promo::UnitsOf>),
            (
                "UsageCondition",
                promo::UsageCondition::KEYS,
                required::<promo::UsageCondition>,
            ),
            (
                "UsageLimit",
                promo::UsageLimit::KEYS,
                required::<promo::UsageLimit>,
            ),
            (
                "ValidationRules",
                ValidationRules::KEYS,
                required::<ValidationRules>,
            ),
            ("Window", promo::Window::KEYS, required::<promo::Window>),
        ];
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |k: &[&str]| -> Vec<String> {
            let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
            k.sort();
            k
        };
        let required_in = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .get("required")
                .and_then(|r| r.as_array())
                .map(|r| r.iter().map(|s| s.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        assert_eq!(keys(&schema), sorted(RawRulebook::KEYS), "Rulebook");
        assert_eq!(required_in(&schema), required::<RawRulebook>(), "Rulebook");
        let defs = schema["$defs"].as_object().unwrap();
        let with_properties: Vec<&String> = defs
            .iter()
            .filter(|(_, v)| v.get("properties").is_some())
            .map(|(k, _)| k)
            .collect();
        assert_eq!(with_properties.len(), readers.len(), "{with_properties:?}");
        for (name, reader_keys, reader_required) in readers {
            assert_eq!(keys(&defs[*name]), sorted(reader_keys), "{name}");
            assert_eq!(
                required_in(&defs[*name]),
                reader_required(),
                "{name} required"
            );
        }
    }

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
