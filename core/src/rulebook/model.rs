//! The checked rulebook: what `check/` builds from the JSON shape and what pricing and validation read.
//! Decimals are parsed, references resolved, ids unique; nothing here can fail any more.

use super::promotion_model::{Coupons, Promotion, Select};
use super::promotion_shape::{DiscountBase, PercentRounding, Stacking};
use super::schema::{
    AttributeLevel, ListKind, ShippingTaxPolicy, TaxExtraction, TaxRounding, UnitPriceRounding,
};
use super::time::Timestamp;
use crate::api::RoundingMode;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Item indices in an open-addressed table by a hash of the sku: a cart line's item is found with one string
/// comparison, where a binary search among 500 skus made nine (in wasm, `memcmp` is a byte loop: a search was
/// ~3 % of a quote there). At most half full, so a probe ends after a few slots.
#[derive(Debug, Clone, Default)]
pub struct SkuIndex {
    /// An item index, or `EMPTY`; the length is a power of two.
    slots: Vec<u32>,
}

impl SkuIndex {
    const EMPTY: u32 = u32::MAX;

    /// The index of `skus` (distinct, fewer than `u32::MAX`), item `i` with sku `skus[i]`.
    pub fn new<'a>(skus: impl ExactSizeIterator<Item = &'a str>) -> SkuIndex {
        let size = (skus.len() * 2).next_power_of_two().max(8);
        let mut slots = vec![Self::EMPTY; size];
        for (i, sku) in skus.enumerate() {
            let mut at = Self::hash(sku) & (size - 1);
            while slots[at] != Self::EMPTY {
                at = (at + 1) & (size - 1);
            }
            slots[at] = i as u32;
        }
        SkuIndex { slots }
    }

    /// The item whose sku (`sku_of` reads it) is `sku`.
    pub fn find<'a>(&self, sku: &str, sku_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = Self::hash(sku) & mask;
        loop {
            match self.slots[at] {
                Self::EMPTY => return None,
                i if sku_of(i as usize) == sku => return Some(i as usize),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// FNV-1a, 64-bit: a few instructions per byte, no table, the same on every target.
    fn hash(s: &str) -> usize {
        let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (h ^ (h >> 32)) as usize
    }
}

#[derive(Debug, Clone)]
pub struct Rulebook {
    pub id: String,
    pub version: String,
    /// sha256 (hex) of the rulebook text.
    pub hash: String,
    pub settings: Settings,
    /// Catalog items in rulebook order; the other sections and a quote's lines refer to them by index.
    pub items: Vec<Item>,
    /// Item indices by sku hash, for [`Rulebook::item`].
    pub by_sku: SkuIndex,
    pub price_lists: Vec<PriceList>,
    /// Every price of every list, grouped by item and in list order within an item: item i's prices are
    /// `prices[price_index[i]..price_index[i + 1]]` ([`Rulebook::prices_of`]).
    pub prices: Vec<Price>,
    pub price_index: Vec<u32>,
    pub tax: Tax,
    /// Shipping methods in rulebook order.
    pub shipping: Vec<ShippingMethod>,
    pub validation: Validation,
    /// Promotions in rulebook order.
    pub promotions: Vec<Promotion>,
    pub coupons: Coupons,
    /// The promotions' selectors, each distinct one once: conditions and actions refer to them by index, so
    /// that a quote matches a selector against its lines once however often the rulebook repeats it.
    pub selectors: Vec<Select>,
    /// The attributes carts may carry (docs/rulebook.md, "Attributes"), in rulebook order.
    pub attributes: Vec<Attribute>,
    /// Attribute indices in name order, for [`Rulebook::attribute`].
    pub attributes_by_name: Vec<u32>,
}

impl Rulebook {
    /// The index of the item with this sku.
    pub fn item(&self, sku: &str) -> Option<usize> {
        self.by_sku.find(sku, |i| self.items[i].sku.as_str())
    }

    /// The list whose prices list `list` converts (itself when it is not derived).
    pub fn source_of(&self, list: usize) -> &PriceList {
        let l = &self.price_lists[list];
        l.derived
            .as_ref()
            .map_or(l, |d| &self.price_lists[d.source])
    }

    /// The attribute named `name`, if the rulebook declares it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes_by_name
            .binary_search_by(|&i| self.attributes[i as usize].name.as_str().cmp(name))
            .ok()
            .map(|k| &self.attributes[self.attributes_by_name[k] as usize])
    }

    /// The prices of item `item`, in price-list order.
    pub fn prices_of(&self, item: usize) -> &[Price] {
        let (from, to) = (self.price_index[item], self.price_index[item + 1]);
        &self.prices[from as usize..to as usize]
    }
}

/// One price of one item: the list that sets it and its pricing model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// Index into `Rulebook::price_lists`.
    pub list: usize,
    pub model: Model,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub currencies: Vec<String>,
    pub rounding_mode: RoundingMode,
    pub tax_rounding: TaxRounding,
    pub tax_extraction: TaxExtraction,
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
    /// Index into `Tax::categories`.
    pub tax_category: usize,
    pub active: bool,
    pub physical: bool,
    pub weight: Decimal,
    pub open_price: bool,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub step: Decimal,
    /// Merchandising categories, for promotion selectors: interned (ids of the names, each name one id),
    /// sorted.
    pub categories: Vec<u32>,
    /// Attributes as interned (name, value) ids, in the rulebook's name order.
    pub attributes: Vec<(u32, u32)>,
    /// The tier group (interned: items of one group share the id), whose lines' units tiers count together.
    pub tier_group: Option<u32>,
    /// Item rules (docs/rulebook.md, "Item rules"): destinations refused, caps per order and per customer.
    pub not_countries: Vec<String>,
    pub max_per_order: Option<Decimal>,
    pub max_per_customer: Option<Decimal>,
}

/// A declared attribute: a line option or a cart attribute, the values it takes and, for a line option, the
/// items it applies to and what each value adds per unit.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub on: AttributeLevel,
    /// The values allowed, in rulebook order; empty: any non-empty text.
    pub values: Vec<String>,
    /// The most characters (Unicode scalar values) a value may have.
    pub max_length: Option<u32>,
    pub required: bool,
    /// Item indices and interned category ids, sorted; both empty: every item.
    pub skus: Vec<u32>,
    pub categories: Vec<u32>,
    pub surcharges: Vec<Surcharge>,
}

/// What one value (`None`: every value) of a line option adds to each unit, in one currency.
#[derive(Debug, Clone)]
pub struct Surcharge {
    pub value: Option<String>,
    pub currency: String,
    pub amount: Decimal,
}

impl Attribute {
    /// Whether a line of item `item` may carry this option.
    pub fn applies_to(&self, item: usize, it: &Item) -> bool {
        (self.skus.is_empty() && self.categories.is_empty())
            || self.skus.binary_search(&(item as u32)).is_ok()
            || it
                .categories
                .iter()
                .any(|c| self.categories.binary_search(c).is_ok())
    }

    /// The surcharge per unit of `value` in `currency`: the value's own, else the one for every value.
    pub fn surcharge(&self, value: &str, currency: &str) -> Option<Decimal> {
        let of = |v: Option<&str>| {
            self.surcharges
                .iter()
                .find(|s| s.value.as_deref() == v && s.currency == currency)
                .map(|s| s.amount)
        };
        of(Some(value)).or_else(|| of(None))
    }
}

/// A scope over attributes (price lists, conditions, selectors): for each name, the values admitted (empty:
/// any value), in the rulebook's name order.
pub type AttributeScope = Vec<ScopeEntry>;

/// One attribute of a scope: its name and the values admitted (empty: any value).
pub type ScopeEntry = (String, Vec<String>);

/// Whether `attributes` (a cart's or a cart line's) satisfy a scope: each attribute named is present with an
/// admitted value.
pub fn attributes_admit(scope: &AttributeScope, attributes: &[crate::api::Attribute]) -> bool {
    first_unmet(scope, attributes).is_none()
}

/// The first entry of a scope that `attributes` do not meet, with the value they give for it (if any).
pub fn first_unmet<'a>(
    scope: &'a AttributeScope,
    attributes: &'a [crate::api::Attribute],
) -> Option<(&'a ScopeEntry, Option<&'a str>)> {
    scope.iter().find_map(|entry| {
        let (name, values) = entry;
        let given = attributes.iter().find(|a| &a.name == name);
        let met = given.is_some_and(|a| values.is_empty() || values.contains(&a.value));
        (!met).then(|| (entry, given.map(|a| a.value.as_str())))
    })
}

/// The `price-list` a quote line names when its unit price came from the cart (an open-price item); no
/// price list may take this id.
pub const OPEN_PRICE: &str = "open-price";

/// A price list's precedence (sale, names customers, specificity, priority): [`PriceList::rank`].
pub type Rank = (bool, bool, u32, i32);

#[derive(Debug, Clone)]
pub struct PriceList {
    pub id: String,
    pub kind: ListKind,
    pub currency: String,
    pub includes_tax: bool,
    pub priority: i32,
    pub countries: Vec<String>,
    pub customer_groups: Vec<String>,
    /// Customer ids: contract prices (docs/rulebook.md, "Price resolution").
    pub customers: Vec<String>,
    pub channels: Vec<String>,
    /// Cart attributes (docs/rulebook.md, "Attributes").
    pub attributes: AttributeScope,
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
    /// A derived list (docs/rulebook.md, "Derived price lists"): its prices are its source's converted.
    pub derived: Option<Derived>,
}

/// How a derived list converts its source's prices: times the rate valid at the cart's moment, rounded to a
/// multiple of `increment` with `mode`, then (a price above zero) ending in `ending`.
#[derive(Debug, Clone)]
pub struct Derived {
    /// Index into `Rulebook::price_lists`: a list that is not derived.
    pub source: usize,
    /// (rate, valid-from, valid-until) in time order, windows not overlapping.
    pub rates: Vec<(Decimal, Option<Timestamp>, Option<Timestamp>)>,
    pub increment: Decimal,
    pub mode: RoundingMode,
    /// Below `increment`; `None`: the rounded price as it is.
    pub ending: Option<Decimal>,
}

impl Derived {
    /// The rulebook's rate valid at `at`, if any.
    pub fn rate_at(&self, at: Timestamp) -> Option<Decimal> {
        self.rates
            .iter()
            .find(|(_, f, u)| f.is_none_or(|f| f <= at) && u.is_none_or(|u| at < u))
            .map(|r| r.0)
    }
}

impl PriceList {
    /// How many scope dimensions the list constrains: more is more specific.
    pub fn specificity(&self) -> u32 {
        u32::from(!self.countries.is_empty())
            + u32::from(!self.customer_groups.is_empty())
            + u32::from(!self.channels.is_empty())
            + u32::from(!self.attributes.is_empty())
            + u32::from(self.valid_from.is_some() || self.valid_until.is_some())
    }

    /// The precedence rank: sale over base, then a list naming customers over one naming none, then
    /// specificity, then priority. Higher wins.
    pub fn rank(&self) -> Rank {
        (
            self.kind == ListKind::Sale,
            !self.customers.is_empty(),
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
    /// The tax categories, sorted by id (items, shipping methods and rules refer to them by index).
    pub categories: Vec<TaxCategory>,
    /// Rules in rulebook order.
    pub rules: Vec<TaxRule>,
    /// Rule indices sorted by category and country (rulebook order within), for [`Tax::rules_for`].
    pub by_place: Vec<u32>,
    pub allow_reverse_charge: bool,
    pub origin_country: Option<String>,
    /// Countries (sorted) with a rule naming a region or excepting one: their carts need a region.
    pub regional: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct TaxCategory {
    pub id: String,
    /// Never taxed.
    pub exempt: bool,
}

impl Tax {
    /// Whether the rules of `country` depend on the region.
    pub fn is_regional(&self, country: &str) -> bool {
        self.regional
            .binary_search_by(|c| c.as_str().cmp(country))
            .is_ok()
    }

    /// The index of the category with this id.
    pub fn category(&self, id: &str) -> Option<usize> {
        self.categories
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
    }

    /// The rules (indices, in rulebook order) taxing `category` in `country` (and `region`): found by
    /// binary search among the rules of the category and country, so the cost does not grow with the
    /// rules of other places.
    pub fn rules_for<'a>(
        &'a self,
        category: usize,
        country: &'a str,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = usize> + 'a {
        let key = |&r: &u32| {
            let rule = &self.rules[r as usize];
            (rule.category, rule.country.as_str())
        };
        let from = self
            .by_place
            .partition_point(|r| key(r) < (category, country));
        let to = self
            .by_place
            .partition_point(|r| key(r) <= (category, country));
        self.by_place[from..to]
            .iter()
            .map(|&r| r as usize)
            .filter(move |&r| self.rules[r].applies_in(region))
    }
}

#[derive(Debug, Clone)]
pub struct TaxRule {
    pub id: String,
    pub country: String,
    pub region: Option<String>,
    pub except_regions: Vec<String>,
    /// Index into `Tax::categories`.
    pub category: usize,
    /// Percent.
    pub rate: Decimal,
    /// Taxes the net plus the taxes of the rules before it on the line.
    pub compound: bool,
    /// The validity window, `valid_from <= at < valid_until` (none: always valid).
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
}

impl TaxRule {
    /// Whether the rule is valid at the cart's moment.
    pub fn valid_at(&self, at: Timestamp) -> bool {
        self.valid_from.is_none_or(|f| f <= at) && self.valid_until.is_none_or(|u| at < u)
    }

    /// Whether the rule has a validity window (is one dated version of its place's tax).
    pub fn dated(&self) -> bool {
        self.valid_from.is_some() || self.valid_until.is_some()
    }

    /// Whether this rule (of the destination's country) applies in the destination's subdivision, if any.
    pub fn applies_in(&self, region: Option<&str>) -> bool {
        match &self.region {
            Some(r) => region == Some(r.as_str()),
            None => !region.is_some_and(|r| self.except_regions.iter().any(|e| e == r)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ShippingMethod {
    pub id: String,
    pub countries: Vec<String>,
    /// Index into `Tax::categories`: the category with `fixed`, the fallback with the other policies.
    pub tax_category: usize,
    pub tax_policy: ShippingTaxPolicy,
    pub includes_tax: bool,
    pub rates: Vec<ShippingRate>,
}

impl ShippingMethod {
    /// The rate for a currency and destination: a rate whose postal zones match the destination beats a rate
    /// naming the country, which beats a rate for all countries. Among matching zoned rates the first in
    /// rulebook order wins; load rejects two unzoned rates that could tie. A zoned rate never applies to a
    /// destination without a postal code.
    pub fn rate_for(&self, dest: Destination) -> Option<&ShippingRate> {
        let rank = |r: &ShippingRate| -> Option<u8> {
            if r.currency != dest.currency || !scope_admits(&r.countries, dest.country) {
                return None;
            }
            if !r.zones.is_empty() {
                let (country, code) = (dest.country?, dest.postal_code?);
                return r
                    .zones
                    .iter()
                    .any(|z| z.matches(country, code))
                    .then_some(2);
            }
            Some(u8::from(!r.countries.is_empty()))
        };
        let mut best: Option<(u8, &ShippingRate)> = None;
        for r in &self.rates {
            if let Some(k) = rank(r) {
                if best.is_none_or(|(b, _)| k > b) {
                    best = Some((k, r));
                }
            }
        }
        best.map(|(_, r)| r)
    }

    /// Whether the method serves a cart to the destination: its countries admit the destination and it has
    /// a rate there.
    pub fn serves(&self, dest: Destination) -> bool {
        scope_admits(&self.countries, dest.country) && self.rate_for(dest).is_some()
    }
}

/// Where and in what a cart is shipped: what selects a shipping rate.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub currency: &'a str,
    pub country: Option<&'a str>,
    /// The cart's postal code as the fields layer normalised it, if it has one.
    pub postal_code: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct ShippingRate {
    pub currency: String,
    pub countries: Vec<String>,
    pub pricing: RatePricing,
    pub free_from: Option<Decimal>,
    /// Postal zones; empty = the rate is not zoned.
    pub zones: Vec<PostalZone>,
}

/// Postal codes of one country, spaces removed: a prefix, or an inclusive range of codes of one length.
#[derive(Debug, Clone)]
pub struct PostalZone {
    pub country: String,
    pub codes: ZoneCodes,
}

#[derive(Debug, Clone)]
pub enum ZoneCodes {
    Prefix(String),
    Range(String, String),
}

impl PostalZone {
    /// Whether a postal code of `country` is in the zone, ignoring spaces in `code` ("SW1A 1AA" is in the
    /// prefix "SW1"; "10115" is in 10000..14999 and "1011" is not: ranges hold codes of their length only).
    pub fn matches(&self, country: &str, code: &str) -> bool {
        let code = || code.bytes().filter(|b| *b != b' ');
        country == self.country
            && match &self.codes {
                ZoneCodes::Prefix(p) => {
                    let mut c = code();
                    p.bytes().all(|b| c.next() == Some(b))
                }
                ZoneCodes::Range(from, to) => {
                    code().count() == from.len()
                        && code().cmp(from.bytes()).is_ge()
                        && code().cmp(to.bytes()).is_le()
                }
            }
    }
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
    pub total_limits: TotalLimits,
    pub require_email: bool,
    pub require_phone: bool,
    pub require_shipping_address: bool,
    pub require_vat_id_for_reverse_charge: bool,
}

/// Currency -> (min, max) of the grand total: a map from the currency to an index into the pairs, so that the
/// map is of a type the wasm has anyway (CONTRIBUTING.md, "Keep the browser build small").
#[derive(Debug, Clone, Default)]
pub struct TotalLimits {
    index: BTreeMap<String, usize>,
    limits: Vec<(Option<Decimal>, Option<Decimal>)>,
}

impl TotalLimits {
    /// The limits of `currency`, if the rulebook has them.
    pub fn get(&self, currency: &str) -> Option<&(Option<Decimal>, Option<Decimal>)> {
        self.limits.get(*self.index.get(currency)?)
    }

    /// Sets the limits of `currency`; whether it had some already.
    pub fn insert(&mut self, currency: String, limits: (Option<Decimal>, Option<Decimal>)) -> bool {
        self.limits.push(limits);
        self.index.insert(currency, self.limits.len() - 1).is_some()
    }
}

/// Whether a scope list (empty = everything) admits a value (absent matches only an empty scope).
pub fn scope_admits(scope: &[String], value: Option<&str>) -> bool {
    scope.is_empty() || value.is_some_and(|v| scope.iter().any(|s| s == v))
}

#[cfg(test)]
mod sku_index_tests {
    use super::SkuIndex;

    #[test]
    fn every_sku_is_found_and_no_other() {
        for n in [0, 1, 7, 8, 500, 1000] {
            let skus: Vec<String> = (0..n).map(|i| format!("SKU-{i:04}")).collect();
            let index = SkuIndex::new(skus.iter().map(String::as_str));
            let sku_of = |i: usize| skus[i].as_str();
            for (i, s) in skus.iter().enumerate() {
                assert_eq!(index.find(s, sku_of), Some(i), "{s} of {n}");
            }
            for absent in ["", "SKU-", "SKU-99999", "sku-0001", "SKU-0001 "] {
                assert_eq!(index.find(absent, sku_of), None, "{absent:?} of {n}");
            }
        }
        assert_eq!(SkuIndex::default().find("A", |_| "A"), None);
    }
}
