//! The JSON shape of the rulebook's `promotions` and `coupons` sections (docs/rulebook.md, "Promotions").
//!
//! Like `schema.rs`, these types only describe the shape (unknown keys rejected, conditions and actions as
//! one-key objects such as `{"all": [...]}` or `{"percent-off": {...}}`); `promotion_check.rs` builds the
//! checked model and collects every finding with its JSON Pointer.

use super::schema::{Dec, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(test)]
use schemars::JsonSchema;

/// The combination class of a promotion, fixed by what its action discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Discounts on lines or units (and gift lines).
    Product,
    /// Discounts on the order subtotal, spread over every line.
    Order,
    /// Discounts on shipping.
    Shipping,
}

/// How a percentage discount is rounded to the currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PercentRounding {
    /// The discount of one unit is rounded, then multiplied by the units.
    PerUnit,
    /// The discount of each line is rounded.
    PerLine,
    /// The discount over all discounted lines is rounded once, then spread over them.
    OnTotal,
}

/// How one discount amount is shared out over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// In proportion to what each line can still give (its amount after earlier discounts, above its floor).
    Proportional,
    /// The same share for every unit (by quantity).
    Even,
}

/// How promotions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Stacking {
    /// One pass in application order (priority, then rulebook order).
    Priority,
    /// Compare the priority pass with one pass per eligible promotion moved to the front; keep the largest
    /// total discount.
    BestDeal,
}

/// What a later promotion's percentage or fixed price is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DiscountBase {
    /// The amount left after the promotions applied before it (compounding).
    Discounted,
    /// The amount before any promotion (then capped by what is left).
    Original,
}

/// Which lines an action or condition looks at. Every key present must match; an empty selector matches
/// every line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Selector {
    /// The line's sku is one of these.
    #[serde(default)]
    pub skus: Vec<String>,
    /// The item has at least one of these catalog categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// For each attribute, the item's value is one of the listed values.
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Never these skus.
    #[serde(default)]
    pub exclude_skus: Vec<String>,
}

/// A predicate over the cart as priced before any promotion. Exactly one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds (true when empty).
    All(Vec<Condition>),
    /// At least one condition holds (false when empty).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The lines matching the selector reach a quantity and/or an amount.
    Items(ItemsCondition),
    /// The sum of line subtotals (price basis, before promotions) is within bounds.
    Subtotal(AmountRange),
    /// The cart's customer group is one of these.
    CustomerGroups(Vec<String>),
    /// The cart's channel is one of these.
    Channels(Vec<String>),
    /// The destination country is one of these.
    Countries(Vec<String>),
    /// The cart's shipping method is one of these.
    ShippingMethods(Vec<String>),
    /// The cart carries this coupon, and it is valid.
    Coupon(String),
    /// The cart's `at` is in the window [valid-from, valid-until).
    Window(Window),
    /// true: the cart says previous-orders is 0; false: it says more than 0. Unknown never matches.
    FirstOrder(bool),
    /// cart.previous-orders is within bounds. Unknown never matches.
    PreviousOrders(CountRange),
    /// A host-supplied usage counter (cart.usage, absent = 0) is below limits.
    Usage(UsageCondition),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ItemsCondition {
    #[serde(default)]
    pub skus: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub exclude_skus: Vec<String>,
    /// Summed quantity of the matching lines is at least this (default: any matching line).
    #[serde(default)]
    pub min_quantity: Option<Dec>,
    /// Summed subtotal of the matching lines is at least this (needs the promotion's currency).
    #[serde(default)]
    pub min_amount: Option<Dec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AmountRange {
    /// Inclusive.
    #[serde(default)]
    pub min: Option<Dec>,
    /// Inclusive.
    #[serde(default)]
    pub max: Option<Dec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CountRange {
    #[serde(default)]
    pub min: Option<u32>,
    #[serde(default)]
    pub max: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Window {
    #[serde(default)]
    pub valid_from: Option<Stamp>,
    #[serde(default)]
    pub valid_until: Option<Stamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UsageCondition {
    /// The cart.usage key (a promotion id, a coupon code, anything the host counts).
    pub key: String,
    /// Holds while usage.by-customer is below this.
    #[serde(default)]
    pub by_customer_below: Option<u32>,
    /// Holds while usage.total is below this.
    #[serde(default)]
    pub total_below: Option<u32>,
}

/// What a percent-off, amount-off or fixed-price action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Every matching unit on its own (max-applications: units, in cart order).
    EachUnit,
    /// Every matching line on its own (max-applications: lines, in cart order).
    EachLine,
    /// The matching lines together; the discount is spread over them.
    Lines,
    /// The `units` cheapest matching units.
    Cheapest,
    /// The `units` most expensive matching units.
    MostExpensive,
    /// The order subtotal (every line); the discount is spread over the lines.
    Order,
    /// The shipping price.
    Shipping,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PercentOff {
    /// Percent, more than 0 and at most 100.
    pub percent: Dec,
    pub on: Target,
    #[serde(default)]
    pub items: Option<Selector>,
    #[serde(default)]
    pub units: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AmountOff {
    /// Amount in the promotion's currency and the price basis of what it discounts.
    pub amount: Dec,
    pub on: Target,
    #[serde(default)]
    pub items: Option<Selector>,
    #[serde(default)]
    pub units: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FixedPrice {
    /// The price the target costs (per unit, per line, for the lines together, ...).
    pub price: Dec,
    pub on: Target,
    #[serde(default)]
    pub items: Option<Selector>,
    #[serde(default)]
    pub units: Option<u32>,
}

/// Whole units of the lines matching a selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UnitsOf {
    #[serde(default)]
    pub items: Option<Selector>,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BuyXGetY {
    /// Units that must be bought (the most expensive are used) per application.
    pub buy: UnitsOf,
    /// Units discounted (the cheapest first) per application.
    pub get: UnitsOf,
    /// Percent off the `get` units; default 100 (free).
    #[serde(default)]
    pub percent: Option<Dec>,
}

/// What a tier is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// The target's subtotal before promotions.
    Amount,
    /// The target's summed quantity.
    Quantity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TierTarget {
    Lines,
    Order,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Tiered {
    pub on: TierTarget,
    #[serde(default)]
    pub items: Option<Selector>,
    #[serde(default = "default_measure")]
    pub measure: Measure,
    /// Strictly increasing `min`; the highest tier reached applies.
    pub tiers: Vec<TierStep>,
}

fn default_measure() -> Measure {
    Measure::Amount
}

/// From `min` on: exactly one of percent-off and amount-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TierStep {
    pub min: Dec,
    #[serde(default)]
    pub percent_off: Option<Dec>,
    #[serde(default)]
    pub amount_off: Option<Dec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FreeShipping {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Gift {
    /// A catalog item that is not open-price; priced by the price lists and discounted in full.
    pub sku: String,
    #[serde(default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

/// What a promotion does. Exactly one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Action {
    PercentOff(PercentOff),
    AmountOff(AmountOff),
    FixedPrice(FixedPrice),
    BuyXGetY(BuyXGetY),
    Tiered(Tiered),
    FreeShipping(FreeShipping),
    Gift(Gift),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UsageLimit {
    /// Uses per customer (usage.by-customer must be below it).
    #[serde(default)]
    pub per_customer: Option<u32>,
    /// Uses in total (usage.total must be below it).
    #[serde(default)]
    pub total: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Promotion {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Higher applies first; equal priorities apply in rulebook order.
    #[serde(default)]
    pub priority: i32,
    /// Required when the promotion has amounts; carts in another currency do not meet it.
    #[serde(default)]
    pub currency: Option<String>,
    /// Conditions on the cart before any promotion; absent = always.
    #[serde(default)]
    pub when: Option<Condition>,
    pub action: Action,
    /// Applies only alone: combines with nothing.
    #[serde(default)]
    pub exclusive: bool,
    /// Classes this promotion may be combined with; default all three.
    #[serde(default)]
    pub combines_with: Option<Vec<Class>>,
    /// Once applied, no later promotion is considered.
    #[serde(default)]
    pub stop_after: bool,
    /// Most units (each-unit), lines (each-line) or sets (buy-x-get-y) discounted.
    #[serde(default)]
    pub max_applications: Option<u32>,
    /// Most this promotion takes off in total.
    #[serde(default)]
    pub max_discount: Option<Dec>,
    /// Lowest unit price a line may reach through this promotion (default 0).
    #[serde(default)]
    pub floor: Option<Dec>,
    /// Overrides settings.percent-rounding.
    #[serde(default)]
    pub percent_rounding: Option<PercentRounding>,
    #[serde(default)]
    pub distribution: Option<Distribution>,
    /// Limits on cart.usage for this promotion's id.
    #[serde(default)]
    pub usage_limit: Option<UsageLimit>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Coupon {
    /// The code customers enter; matched after trimming, case-insensitively unless case-sensitive.
    pub code: String,
    /// The promotion this code unlocks.
    pub promotion: String,
    #[serde(default)]
    pub valid_from: Option<Stamp>,
    #[serde(default)]
    pub valid_until: Option<Stamp>,
    /// Limits on cart.usage for this code.
    #[serde(default)]
    pub usage_limit: Option<UsageLimit>,
    #[serde(default)]
    pub case_sensitive: bool,
}
