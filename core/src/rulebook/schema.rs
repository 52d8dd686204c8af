//! The rulebook's JSON shape, field for field (docs/rulebook.md explains every field).
//!
//! These types only describe the shape. Each is declared once with `shape!`, `names!` or `variants!`
//! (`read.rs`), which also give its reader: the hand-written reader over the parsed JSON tree reports unknown,
//! repeated, missing and wrong-typed keys with their pointers, and `check/` turns the result into the checked
//! model (decimals parsed, references resolved), collecting every problem. Decimals and timestamps stay text
//! here so that a bad value becomes a finding with its path instead of stopping the read.
//! docs/rulebook.schema.json is generated from the same declarations through serde and schemars in test builds
//! only (see the tests at the bottom); serde never reads a rulebook.

use super::declare::{names, shape};
use super::promotion_shape::{Coupon, DiscountBase, PercentRounding, Promotion, Stacking};
use crate::api::RoundingMode;
use crate::json::read::{wrong, FromJson, Path};
use crate::json::Json;
use crate::problems::Problems;
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
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Str(s) => Some(Dec(s.to_string())),
            _ => wrong(v, at, "a decimal string such as \"19.99\"", p),
        }
    }
}

impl FromJson for Stamp {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Str(s) => Some(Stamp(s.to_string())),
            _ => wrong(v, at, "an RFC 3339 timestamp string", p),
        }
    }
}

shape! {
    /// A Kassa rulebook (format 1): catalog, prices, taxes, shipping and order rules. Reference: docs/rulebook.md.
    #[derive(Debug, Clone)]
    #[cfg_attr(test, schemars(rename = "Rulebook"))]
    pub struct RawRulebook {
        /// Format version of this document; this engine reads "1".
        kassa: String,
        /// The rulebook's identifier, reported by engine.info.
        id: String,
        /// The rulebook's own version (free text), reported by engine.info.
        version: String,
        description: Option<String>,
        settings: Settings,
        catalog: Catalog = default,
        price_lists: Vec<PriceList> = default,
        tax: Tax,
        shipping: Shipping = default,
        /// Automatic and coupon promotions (docs/rulebook.md, "Promotions").
        promotions: Vec<Promotion> = default,
        /// Coupon codes, each unlocking one promotion.
        coupons: Vec<Coupon> = default,
        validation: ValidationRules = default,
        /// Line options and cart attributes carts may carry (docs/rulebook.md, "Attributes").
        attributes: Vec<AttributeDecl> = default,
    }
}

names! {
    /// What an attribute belongs to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum AttributeLevel {
        /// An option of a cart line (cart-line.attributes): gift wrap, engraving, a configured variant.
        Line,
        /// An attribute of the whole cart (cart.attributes): a purchase-order number, a segment.
        Cart,
    }
}

shape! {
    /// One attribute carts may carry: its name, where, and the values it takes.
    #[derive(Debug, Clone)]
    pub struct AttributeDecl {
        /// Unique among the rulebook's attributes.
        name: String,
        on: AttributeLevel,
        /// The values allowed; empty: any non-empty text (up to max-length characters).
        values: Vec<String> = default,
        /// The most characters a value may have.
        max_length: Option<u32>,
        /// Every cart (of a line attribute: every line whose item it applies to) must carry it.
        required: bool = default,
        /// A line attribute applies to these skus' lines and to the items of these categories (both empty:
        /// every line).
        skus: Vec<String> = default,
        categories: Vec<String> = default,
        /// What a line option adds per unit, by value and currency.
        surcharges: Vec<Surcharge> = default,
    }
}

shape! {
    /// The amount one value of a line attribute adds to each unit of its line, in one currency and in the
    /// line's price basis (gross where the line's price list includes tax).
    #[derive(Debug, Clone)]
    pub struct Surcharge {
        /// The value it is for; absent: every value (free text such as an engraving).
        value: Option<String>,
        currency: String,
        /// Zero or more, in the currency's minor units ("2.50").
        amount: Dec,
    }
}

names! {
    /// Where the engine rounds: the explicit rounding level for taxes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

names! {
    /// What is rounded when tax is extracted from a gross amount.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum TaxExtraction {
        /// Round the extracted tax; the net is the gross less it.
        #[default]
        RoundTax,
        /// Round the net (gross x 100 / (100 + rates)); the tax is the gross less it.
        RoundNet,
    }
}

names! {
    /// When a unit price with more decimals than the currency is rounded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum UnitPriceRounding {
        /// Keep the unit price exact; round the line subtotal.
        #[default]
        PerLine,
        /// Round the unit price to the currency first, then multiply.
        PerUnit,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Settings {
        /// ISO 4217 codes of the currencies sold.
        currencies: Vec<String>,
        /// Rounding mode of every money rounding point.
        #[cfg_attr(test, schemars(with = "RoundingModeShape"))]
        rounding_mode: RoundingMode,
        /// Rounding level of taxes.
        tax_rounding: TaxRounding,
        /// With gross prices: round the extracted tax (default) or the net.
        tax_extraction: TaxExtraction = default,
        unit_price_rounding: UnitPriceRounding = default,
        /// Destination country used when a cart has none.
        default_country: Option<String>,
        /// Whether host-supplied unit prices of open-price items include tax.
        open_prices_include_tax: bool = default,
        /// Allow negative line or order totals (credit lines); off by default.
        allow_negative_totals: bool = default,
        /// How promotions combine: priority (default) or best-deal.
        promotion_stacking: Stacking = default,
        /// What a later promotion is computed on: discounted (default) or original amounts.
        discount_base: DiscountBase = default,
        /// Rounding of percentage discounts: per-line (default), per-unit or on-total.
        percent_rounding: PercentRounding = default,
    }
}

// The rounding modes are the wire type's (crate::api); their reader is the wire format's (crate::wire).

shape! {
    #[derive(Debug, Clone)]
    pub struct Catalog {
        items: Vec<Item> = default,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Item {
        sku: String,
        name: Option<String>,
        /// A tax category id from tax.categories.
        tax_category: String,
        active: bool = true,
        /// Physical goods need a shipping address.
        physical: bool = true,
        /// Weight of one unit in kg, for weight-banded shipping (absent = 0).
        weight: Option<Dec>,
        /// The host may supply the unit price (cart-line.unit-price).
        open_price: bool = default,
        quantity: QuantityRule = default,
        /// Merchandising categories (not tax categories), for promotion selectors.
        categories: Vec<String> = default,
        /// Free-form attributes ("brand": "kassa"), for promotion selectors.
        attributes: BTreeMap<String, String> = default,
        /// Volume and graduated tiers count the units of every cart line of items in this group.
        tier_group: Option<String>,
        /// Destination countries the item is not sold to (`item-not-shipped`).
        not_countries: Vec<String> = default,
        /// The most of this item one order may hold, summed over its lines.
        max_per_order: Option<Dec>,
        /// The most of this item one customer may buy, counting cart.usage "sku:<sku>" by-customer.
        max_per_customer: Option<Dec>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct QuantityRule {
        min: Option<Dec>,
        max: Option<Dec>,
        /// Quantities must be multiples of the step; default "1" (whole units).
        step: Option<Dec>,
    }
}

names! {
    /// Base lists give regular prices; sale lists override them while they match.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum ListKind {
        #[default]
        Base,
        Sale,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct PriceList {
        id: String,
        kind: ListKind = default,
        currency: String,
        /// Prices in this list include tax (gross).
        prices_include_tax: bool,
        /// Breaks ties between equally specific lists: higher wins.
        priority: i32 = default,
        /// Scopes: an empty list matches everything.
        countries: Vec<String> = default,
        customer_groups: Vec<String> = default,
        /// Customer ids (cart customer-id): a list naming customers ranks above every list that names none.
        customers: Vec<String> = default,
        channels: Vec<String> = default,
        /// For each cart attribute named, the cart's value is one of these (docs/rulebook.md, "Attributes").
        attributes: BTreeMap<String, Vec<String>> = default,
        /// Inclusive start of validity.
        valid_from: Option<Stamp>,
        /// Exclusive end of validity.
        valid_until: Option<Stamp>,
        /// Prices: required in a list that is not derived; a derived list takes its source's.
        prices: Option<Vec<Price>>,
        /// The id of the (not derived) list whose prices this list converts (docs/rulebook.md, "Derived
        /// price lists").
        derived_from: Option<String>,
        /// A derived list's exchange rates in time order, windows not overlapping.
        rates: Vec<ExchangeRate> = default,
        /// How a derived list rounds a converted price.
        rounding: Option<PriceRounding>,
    }
}

shape! {
    /// An exchange rate of a derived list: source amount times rate, valid `valid-from <= at < valid-until`.
    #[derive(Debug, Clone)]
    pub struct ExchangeRate {
        rate: Dec,
        valid_from: Option<Stamp>,
        valid_until: Option<Stamp>,
    }
}

shape! {
    /// A derived list's rounding: to a multiple of `increment` with `mode`, then the `ending`.
    #[derive(Debug, Clone)]
    pub struct PriceRounding {
        /// Default: the currency's minor unit.
        increment: Option<Dec>,
        /// Default: the rulebook's rounding-mode.
        #[cfg_attr(test, schemars(with = "Option<RoundingModeShape>"))]
        mode: Option<RoundingMode>,
        /// What a rounded price ends with within its increment (below the increment).
        ending: Option<Dec>,
    }
}

shape! {
    /// One price: the sku and exactly one pricing model.
    #[derive(Debug, Clone)]
    pub struct Price {
        sku: String,
        /// Per-unit model: this price times the quantity.
        unit_price: Option<Dec>,
        package: Option<Package>,
        /// Volume model: the tier the quantity falls in prices every unit.
        volume: Option<Vec<Tier>>,
        /// Graduated model: each tier prices the units inside it.
        graduated: Option<Vec<Tier>>,
    }
}

names! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PackageRounding {
        /// A started package is charged in full.
        Up,
        /// Only complete packages are charged.
        Down,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Package {
        /// Units per package.
        size: Dec,
        /// Price of one package.
        price: Dec,
        rounding: PackageRounding,
    }
}

shape! {
    /// A tier covers quantities above the previous tier's up-to, up to and including its own (null = no end).
    #[derive(Debug, Clone)]
    pub struct Tier {
        up_to: Option<Dec>,
        unit_price: Dec,
        /// Charged once when the tier is used.
        flat_fee: Option<Dec>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Tax {
        categories: Vec<TaxCategory>,
        rules: Vec<TaxRule> = default,
        /// Carts may ask for reverse charge (B2B supply into another EU member state).
        allow_reverse_charge: bool = default,
        /// The seller's country: reverse charge never applies to domestic sales.
        origin_country: Option<String>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct TaxCategory {
        id: String,
        /// Never taxed, so no rule is needed.
        exempt: bool = default,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct TaxRule {
        id: String,
        name: Option<String>,
        country: String,
        /// ISO 3166-2 subdivision: the rule applies only there (in addition to the country's rules).
        region: Option<String>,
        /// Subdivisions where this country-wide rule does not apply (e.g. "ES-CN").
        except_regions: Vec<String> = default,
        category: String,
        /// Percent: "19" is 19 %.
        rate: Dec,
        /// The rule taxes the net plus the taxes of the rules before it on the line (a tax on tax).
        compound: bool = default,
        /// Inclusive start of validity (a dated rule: one version of its place's tax).
        valid_from: Option<Stamp>,
        /// Exclusive end of validity.
        valid_until: Option<Stamp>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Shipping {
        methods: Vec<ShippingMethod> = default,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct ShippingMethod {
        id: String,
        name: Option<String>,
        /// Countries served; empty = everywhere.
        countries: Vec<String> = default,
        /// The category with `fixed`; with the other policies the category used when no line counts.
        tax_category: String,
        /// How shipping is taxed: one fixed category, or following the goods it carries.
        tax_policy: ShippingTaxPolicy = default,
        prices_include_tax: bool,
        rates: Vec<ShippingRate>,
    }
}

names! {
    /// How a shipping method's price is taxed (docs/rulebook.md, "Shipping tax policy").
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum ShippingTaxPolicy {
        /// Taxed in the method's tax-category.
        #[default]
        Fixed,
        /// Split over the goods' categories by their net value after discounts.
        Proportional,
        /// Taxed in the goods' category with the highest rate.
        HighestRate,
        /// Taxed in the category of the largest net share of the goods.
        Principal,
    }
}

shape! {
    /// The price of a method in one currency (optionally for some countries): exactly one of flat,
    /// weight-bands, subtotal-bands.
    #[derive(Debug, Clone)]
    pub struct ShippingRate {
        currency: String,
        countries: Vec<String> = default,
        flat: Option<Dec>,
        /// Bands by total weight in kg.
        weight_bands: Option<Vec<Band>>,
        /// Bands by goods total after discounts.
        subtotal_bands: Option<Vec<Band>>,
        /// Shipping is free when the goods total after discounts reaches this amount.
        free_from: Option<Dec>,
        /// Postal zones: the rate applies only to destinations matching one of them, and then beats the
        /// method's other rates.
        postal_codes: Vec<PostalZone> = default,
    }
}

shape! {
    /// Postal codes of one country: those starting with `prefix`, or those from `from` to `to` (inclusive,
    /// same length as both, compared character by character). Spaces are ignored.
    #[derive(Debug, Clone)]
    pub struct PostalZone {
        country: String,
        prefix: Option<String>,
        from: Option<String>,
        to: Option<String>,
    }
}

shape! {
    /// A band covers values above the previous band's up-to, up to and including its own (null = no end).
    #[derive(Debug, Clone)]
    pub struct Band {
        up_to: Option<Dec>,
        price: Dec,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct ValidationRules {
        /// Destination countries sold to; empty = everywhere.
        countries: Vec<String> = default,
        max_lines: Option<u32>,
        /// Maximum of the summed quantities of all lines.
        max_quantity: Option<Dec>,
        /// Order total limits per currency (on the grand total).
        total_limits: Vec<TotalLimit> = default,
        require_email: bool = true,
        require_phone: bool = default,
        /// Orders with physical items need a shipping address.
        require_shipping_address: bool = true,
        /// Reverse-charge orders need a VAT id.
        require_vat_id_for_reverse_charge: bool = true,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct TotalLimit {
        currency: String,
        min: Option<Dec>,
        max: Option<Dec>,
    }
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
    use super::*;
    use crate::rulebook::promotion_shape as promo;

    /// The keys a reader reports as missing in `{}`: its required keys.
    fn required<T: FromJson>() -> Vec<String> {
        let mut p = Problems::new();
        let _ = T::read(&Json::Obj(Vec::new()), &Path::Root, &mut p);
        let mut names: Vec<String> = p
            .kept()
            .iter()
            .filter(|x| x.code == "missing-field")
            .filter_map(|x| x.params.iter().find(|p| p.name == "key"))
            .map(|p| p.value.clone())
            .collect();
        names.sort();
        names
    }

    /// The keys each reader accepts, and those it requires, are the ones the schema (generated from the same
    /// declarations through serde's kebab-case renaming and defaults) lists.
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
            (
                "AttributeDecl",
                AttributeDecl::KEYS,
                required::<AttributeDecl>,
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
            ("ExchangeRate", ExchangeRate::KEYS, required::<ExchangeRate>),
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
            ("PostalZone", PostalZone::KEYS, required::<PostalZone>),
            ("Price", Price::KEYS, required::<Price>),
            ("PriceList", PriceList::KEYS, required::<PriceList>),
            (
                "PriceRounding",
                PriceRounding::KEYS,
                required::<PriceRounding>,
            ),
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
            ("Surcharge", Surcharge::KEYS, required::<Surcharge>),
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

    /// A struct whose keys may all be absent defaults to what `{}` reads as (the macro builds both from the
    /// same field defaults); docs/rulebook.md documents the validation defaults checked by hand here.
    #[test]
    fn defaults_are_what_an_empty_object_reads_as() {
        fn empty<T: FromJson + Default + std::fmt::Debug>() {
            let mut p = Problems::new();
            let read = T::read(&Json::Obj(Vec::new()), &Path::Root, &mut p);
            assert!(p.is_empty(), "{p:?}");
            assert_eq!(
                format!("{:?}", read.unwrap()),
                format!("{:?}", T::default())
            );
        }
        empty::<ValidationRules>();
        empty::<Catalog>();
        empty::<Shipping>();
        empty::<QuantityRule>();
        empty::<promo::Selector>();
        empty::<promo::UsageLimit>();
        empty::<promo::FreeShipping>();
        let v = ValidationRules::default();
        assert!(v.require_email && !v.require_phone);
        assert!(v.require_shipping_address && v.require_vat_id_for_reverse_charge);
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
