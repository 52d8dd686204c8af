//! The JSON shape of the rulebook's `promotions` and `coupons` sections (docs/rulebook.md, "Promotions").
//!
//! Like `schema.rs`, these types only describe the shape (unknown keys rejected, conditions and actions as
//! one-key objects such as `{"all": [...]}` or `{"percent-off": {...}}`); `promotion_check.rs` builds the
//! checked model and collects every finding with its JSON Pointer.

use super::json::Json;
use super::read::{read_names, read_object, read_variants, Fields, FromJson, Path};
use super::schema::{Dec, Stamp};
use crate::error::Problem;
#[cfg(test)]
use serde::Serialize;
use std::collections::BTreeMap;

#[cfg(test)]
use schemars::JsonSchema;

/// The combination class of a promotion, fixed by what its action discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum Class {
    /// Discounts on lines or units (and gift lines).
    Product,
    /// Discounts on the order subtotal, spread over every line.
    Order,
    /// Discounts on shipping.
    Shipping,
}

read_names!(Class {
    Product = "product",
    Order = "order",
    Shipping = "shipping",
});

/// How a percentage discount is rounded to the currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum PercentRounding {
    /// The discount of one unit is rounded, then multiplied by the units.
    PerUnit,
    /// The discount of each line is rounded.
    PerLine,
    /// The discount over all discounted lines is rounded once, then spread over them.
    OnTotal,
}

read_names!(PercentRounding {
    PerUnit = "per-unit",
    PerLine = "per-line",
    OnTotal = "on-total",
});

/// How one discount amount is shared out over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum Distribution {
    /// In proportion to what each line can still give (its amount after earlier discounts, above its floor).
    Proportional,
    /// The same share for every unit (by quantity).
    Even,
}

read_names!(Distribution {
    Proportional = "proportional",
    Even = "even",
});

/// How promotions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum Stacking {
    /// One pass in application order (priority, then rulebook order).
    Priority,
    /// Compare the priority pass with one pass per eligible promotion moved to the front; keep the largest
    /// total discount.
    BestDeal,
}

read_names!(Stacking {
    Priority = "priority",
    BestDeal = "best-deal",
});

/// What a later promotion's percentage or fixed price is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum DiscountBase {
    /// The amount left after the promotions applied before it (compounding).
    Discounted,
    /// The amount before any promotion (then capped by what is left).
    Original,
}

read_names!(DiscountBase {
    Discounted = "discounted",
    Original = "original",
});

/// Which lines an action or condition looks at. Every key present must match; an empty selector matches
/// every line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Selector {
    /// The line's sku is one of these.
    #[cfg_attr(test, serde(default))]
    pub skus: Vec<String>,
    /// The item has at least one of these catalog categories.
    #[cfg_attr(test, serde(default))]
    pub categories: Vec<String>,
    /// For each attribute, the item's value is one of the listed values.
    #[cfg_attr(test, serde(default))]
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Never these skus.
    #[cfg_attr(test, serde(default))]
    pub exclude_skus: Vec<String>,
}

read_object!(Selector {
    skus: "skus" = Vec::new(),
    categories: "categories" = Vec::new(),
    attributes: "attributes" = BTreeMap::new(),
    exclude_skus: "exclude-skus" = Vec::new(),
});

/// A predicate over the cart as priced before any promotion. Exactly one key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
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

read_variants!(Condition {
    All = "all",
    Any = "any",
    Not = "not",
    Items = "items",
    Subtotal = "subtotal",
    CustomerGroups = "customer-groups",
    Channels = "channels",
    Countries = "countries",
    ShippingMethods = "shipping-methods",
    Coupon = "coupon",
    Window = "window",
    FirstOrder = "first-order",
    PreviousOrders = "previous-orders",
    Usage = "usage",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct ItemsCondition {
    #[cfg_attr(test, serde(default))]
    pub skus: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub categories: Vec<String>,
    #[cfg_attr(test, serde(default))]
    pub attributes: BTreeMap<String, Vec<String>>,
    #[cfg_attr(test, serde(default))]
    pub exclude_skus: Vec<String>,
    /// Summed quantity of the matching lines is at least this (default: any matching line).
    #[cfg_attr(test, serde(default))]
    pub min_quantity: Option<Dec>,
    /// Summed subtotal of the matching lines is at least this (needs the promotion's currency).
    #[cfg_attr(test, serde(default))]
    pub min_amount: Option<Dec>,
}

read_object!(ItemsCondition {
    skus: "skus" = Vec::new(),
    categories: "categories" = Vec::new(),
    attributes: "attributes" = BTreeMap::new(),
    exclude_skus: "exclude-skus" = Vec::new(),
    min_quantity: "min-quantity",
    min_amount: "min-amount",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct AmountRange {
    /// Inclusive.
    #[cfg_attr(test, serde(default))]
    pub min: Option<Dec>,
    /// Inclusive.
    #[cfg_attr(test, serde(default))]
    pub max: Option<Dec>,
}

read_object!(AmountRange {
    min: "min",
    max: "max",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct CountRange {
    #[cfg_attr(test, serde(default))]
    pub min: Option<u32>,
    #[cfg_attr(test, serde(default))]
    pub max: Option<u32>,
}

read_object!(CountRange {
    min: "min",
    max: "max",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Window {
    #[cfg_attr(test, serde(default))]
    pub valid_from: Option<Stamp>,
    #[cfg_attr(test, serde(default))]
    pub valid_until: Option<Stamp>,
}

read_object!(Window {
    valid_from: "valid-from",
    valid_until: "valid-until",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct UsageCondition {
    /// The cart.usage key (a promotion id, a coupon code, anything the host counts).
    pub key: String,
    /// Holds while usage.by-customer is below this.
    #[cfg_attr(test, serde(default))]
    pub by_customer_below: Option<u32>,
    /// Holds while usage.total is below this.
    #[cfg_attr(test, serde(default))]
    pub total_below: Option<u32>,
}

read_object!(UsageCondition {
    key: "key",
    by_customer_below: "by-customer-below",
    total_below: "total-below",
});

/// What a percent-off, amount-off or fixed-price action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
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

read_names!(Target {
    EachUnit = "each-unit",
    EachLine = "each-line",
    Lines = "lines",
    Cheapest = "cheapest",
    MostExpensive = "most-expensive",
    Order = "order",
    Shipping = "shipping",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct PercentOff {
    /// Percent, more than 0 and at most 100.
    pub percent: Dec,
    pub on: Target,
    #[cfg_attr(test, serde(default))]
    pub items: Option<Selector>,
    #[cfg_attr(test, serde(default))]
    pub units: Option<u32>,
}

read_object!(PercentOff {
    percent: "percent",
    on: "on",
    items: "items",
    units: "units",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct AmountOff {
    /// Amount in the promotion's currency and the price basis of what it discounts.
    pub amount: Dec,
    pub on: Target,
    #[cfg_attr(test, serde(default))]
    pub items: Option<Selector>,
    #[cfg_attr(test, serde(default))]
    pub units: Option<u32>,
}

read_object!(AmountOff {
    amount: "amount",
    on: "on",
    items: "items",
    units: "units",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct FixedPrice {
    /// The price the target costs (per unit, per line, for the lines together, ...).
    pub price: Dec,
    pub on: Target,
    #[cfg_attr(test, serde(default))]
    pub items: Option<Selector>,
    #[cfg_attr(test, serde(default))]
    pub units: Option<u32>,
}

read_object!(FixedPrice {
    price: "price",
    on: "on",
    items: "items",
    units: "units",
});

/// Whole units of the lines matching a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct UnitsOf {
    #[cfg_attr(test, serde(default))]
    pub items: Option<Selector>,
    pub quantity: u32,
}

read_object!(UnitsOf {
    items: "items",
    quantity: "quantity",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct BuyXGetY {
    /// Units that must be bought (the most expensive are used) per application.
    pub buy: UnitsOf,
    /// Units discounted (the cheapest first) per application.
    pub get: UnitsOf,
    /// Percent off the `get` units; default 100 (free).
    #[cfg_attr(test, serde(default))]
    pub percent: Option<Dec>,
}

read_object!(BuyXGetY {
    buy: "buy",
    get: "get",
    percent: "percent",
});

/// What a tier is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum Measure {
    /// The target's subtotal before promotions.
    Amount,
    /// The target's summed quantity.
    Quantity,
}

read_names!(Measure {
    Amount = "amount",
    Quantity = "quantity",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(rename_all = "kebab-case"))]
pub enum TierTarget {
    Lines,
    Order,
}

read_names!(TierTarget {
    Lines = "lines",
    Order = "order",
});

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Tiered {
    pub on: TierTarget,
    #[cfg_attr(test, serde(default))]
    pub items: Option<Selector>,
    #[cfg_attr(test, serde(default = "default_measure"))]
    pub measure: Measure,
    /// Strictly increasing `min`; the highest tier reached applies.
    pub tiers: Vec<TierStep>,
}

read_object!(Tiered {
    on: "on",
    items: "items",
    measure: "measure" = default_measure(),
    tiers: "tiers",
});

fn default_measure() -> Measure {
    Measure::Amount
}

/// From `min` on: exactly one of percent-off and amount-off.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct TierStep {
    pub min: Dec,
    #[cfg_attr(test, serde(default))]
    pub percent_off: Option<Dec>,
    #[cfg_attr(test, serde(default))]
    pub amount_off: Option<Dec>,
}

read_object!(TierStep {
    min: "min",
    percent_off: "percent-off",
    amount_off: "amount-off",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, JsonSchema), serde(deny_unknown_fields))]
pub struct FreeShipping {}

/// `{}`: no keys at all.
impl FromJson for FreeShipping {
    fn read(v: &Json, at: &Path, p: &mut Vec<Problem>) -> Option<Self> {
        Fields::new(v, at, &[], p).map(|_| FreeShipping {})
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Gift {
    /// A catalog item that is not open-price; priced by the price lists and discounted in full.
    pub sku: String,
    #[cfg_attr(test, serde(default = "one"))]
    pub quantity: u32,
}

read_object!(Gift {
    sku: "sku",
    quantity: "quantity" = one(),
});

fn one() -> u32 {
    1
}

/// What a promotion does. Exactly one key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub enum Action {
    PercentOff(PercentOff),
    AmountOff(AmountOff),
    FixedPrice(FixedPrice),
    BuyXGetY(BuyXGetY),
    Tiered(Tiered),
    FreeShipping(FreeShipping),
    Gift(Gift),
}

read_variants!(Action {
    PercentOff = "percent-off",
    AmountOff = "amount-off",
    FixedPrice = "fixed-price",
    BuyXGetY = "buy-x-get-y",
    Tiered = "tiered",
    FreeShipping = "free-shipping",
    Gift = "gift",
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct UsageLimit {
    /// Uses per customer (usage.by-customer must be below it).
    #[cfg_attr(test, serde(default))]
    pub per_customer: Option<u32>,
    /// Uses in total (usage.total must be below it).
    #[cfg_attr(test, serde(default))]
    pub total: Option<u32>,
}

read_object!(UsageLimit {
    per_customer: "per-customer",
    total: "total",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Promotion {
    pub id: String,
    #[cfg_attr(test, serde(default))]
    pub name: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub description: Option<String>,
    /// Higher applies first; equal priorities apply in rulebook order.
    #[cfg_attr(test, serde(default))]
    pub priority: i32,
    /// Required when the promotion has amounts; carts in another currency do not meet it.
    #[cfg_attr(test, serde(default))]
    pub currency: Option<String>,
    /// Conditions on the cart before any promotion; absent = always.
    #[cfg_attr(test, serde(default))]
    pub when: Option<Condition>,
    pub action: Action,
    /// Applies only alone: combines with nothing.
    #[cfg_attr(test, serde(default))]
    pub exclusive: bool,
    /// Classes this promotion may be combined with; default all three.
    #[cfg_attr(test, serde(default))]
    pub combines_with: Option<Vec<Class>>,
    /// Once applied, no later promotion is considered.
    #[cfg_attr(test, serde(default))]
    pub stop_after: bool,
    /// Most units (each-unit), lines (each-line) or sets (buy-x-get-y) discounted.
    #[cfg_attr(test, serde(default))]
    pub max_applications: Option<u32>,
    /// Most this promotion takes off in total.
    #[cfg_attr(test, serde(default))]
    pub max_discount: Option<Dec>,
    /// Lowest unit price a line may reach through this promotion (default 0).
    #[cfg_attr(test, serde(default))]
    pub floor: Option<Dec>,
    /// Overrides settings.percent-rounding.
    #[cfg_attr(test, serde(default))]
    pub percent_rounding: Option<PercentRounding>,
    #[cfg_attr(test, serde(default))]
    pub distribution: Option<Distribution>,
    /// Limits on cart.usage for this promotion's id.
    #[cfg_attr(test, serde(default))]
    pub usage_limit: Option<UsageLimit>,
}

read_object!(Promotion {
    id: "id",
    name: "name",
    description: "description",
    priority: "priority" = 0,
    currency: "currency",
    when: "when",
    action: "action",
    exclusive: "exclusive" = false,
    combines_with: "combines-with",
    stop_after: "stop-after" = false,
    max_applications: "max-applications",
    max_discount: "max-discount",
    floor: "floor",
    percent_rounding: "percent-rounding",
    distribution: "distribution",
    usage_limit: "usage-limit",
});

#[derive(Debug, Clone)]
#[cfg_attr(
    test,
    derive(Serialize, JsonSchema),
    serde(rename_all = "kebab-case", deny_unknown_fields)
)]
pub struct Coupon {
    /// The code customers enter; matched after trimming, case-insensitively unless case-sensitive.
    pub code: String,
    /// The promotion this code unlocks.
    pub promotion: String,
    #[cfg_attr(test, serde(default))]
    pub valid_from: Option<Stamp>,
    #[cfg_attr(test, serde(default))]
    pub valid_until: Option<Stamp>,
    /// Limits on cart.usage for this code.
    #[cfg_attr(test, serde(default))]
    pub usage_limit: Option<UsageLimit>,
    #[cfg_attr(test, serde(default))]
    pub case_sensitive: bool,
}

read_object!(Coupon {
    code: "code",
    promotion: "promotion",
    valid_from: "valid-from",
    valid_until: "valid-until",
    usage_limit: "usage-limit",
    case_sensitive: "case-sensitive" = false,
});
