//! The JSON shape of the rulebook's `promotions` and `coupons` sections (docs/rulebook.md, "Promotions").
//!
//! Like `schema.rs`, these types only describe the shape (unknown keys rejected, conditions and actions as
//! one-key objects such as `{"all": [...]}` or `{"percent-off": {...}}`); `check/promotions.rs` builds the
//! checked model and collects every finding with its JSON Pointer.

use super::declare::{names, shape, variants};
use super::schema::{Dec, Stamp};
use std::collections::BTreeMap;

names! {
    /// The combination class of a promotion, fixed by what its action discounts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Class {
        /// Discounts on lines or units (and gift lines).
        Product,
        /// Discounts on the order subtotal, spread over every line.
        Order,
        /// Discounts on shipping.
        Shipping,
    }
}

names! {
    /// How a percentage discount is rounded to the currency's minor units.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum PercentRounding {
        /// The discount of one unit is rounded, then multiplied by the units.
        PerUnit,
        /// The discount of each line is rounded.
        #[default]
        PerLine,
        /// The discount over all discounted lines is rounded once, then spread over them.
        OnTotal,
    }
}

names! {
    /// How one discount amount is shared out over several lines.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Distribution {
        /// In proportion to what each line can still give (its amount after earlier discounts, above its floor).
        Proportional,
        /// The same share for every unit (by quantity).
        Even,
    }
}

names! {
    /// How promotions combine.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Stacking {
        /// One pass in application order (priority, then rulebook order).
        #[default]
        Priority,
        /// Compare the priority pass with one pass per eligible promotion moved to the front; keep the largest
        /// total discount.
        BestDeal,
    }
}

names! {
    /// What a later promotion's percentage or fixed price is computed on.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum DiscountBase {
        /// The amount left after the promotions applied before it (compounding).
        #[default]
        Discounted,
        /// The amount before any promotion (then capped by what is left).
        Original,
    }
}

shape! {
    /// Which lines an action or condition looks at. Every key present must match; an empty selector matches
    /// every line.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Selector {
        /// The line's sku is one of these.
        skus: Vec<String> = default,
        /// The item has at least one of these catalog categories.
        categories: Vec<String> = default,
        /// For each attribute, the item's value is one of the listed values.
        attributes: BTreeMap<String, Vec<String>> = default,
        /// Never these skus.
        exclude_skus: Vec<String> = default,
        /// For each line attribute named, the cart line's option has one of the listed values.
        line_attributes: BTreeMap<String, Vec<String>> = default,
    }
}

variants! {
    /// A predicate over the cart as priced before any promotion. Exactly one key.
    #[derive(Debug, Clone, PartialEq, Eq)]
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
        /// For each cart attribute named, the cart's value is one of the listed values (absent never is).
        Attributes(BTreeMap<String, Vec<String>>),
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ItemsCondition {
        skus: Vec<String> = default,
        categories: Vec<String> = default,
        attributes: BTreeMap<String, Vec<String>> = default,
        exclude_skus: Vec<String> = default,
        line_attributes: BTreeMap<String, Vec<String>> = default,
        /// Summed quantity of the matching lines is at least this (default: any matching line).
        min_quantity: Option<Dec>,
        /// Summed subtotal of the matching lines is at least this (needs the promotion's currency).
        min_amount: Option<Dec>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AmountRange {
        /// Inclusive.
        min: Option<Dec>,
        /// Inclusive.
        max: Option<Dec>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CountRange {
        min: Option<u32>,
        max: Option<u32>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Window {
        valid_from: Option<Stamp>,
        valid_until: Option<Stamp>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UsageCondition {
        /// The cart.usage key (a promotion id, a coupon code, anything the host counts).
        key: String,
        /// Holds while usage.by-customer is below this.
        by_customer_below: Option<u32>,
        /// Holds while usage.total is below this.
        total_below: Option<u32>,
    }
}

names! {
    /// What a percent-off, amount-off or fixed-price action applies to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PercentOff {
        /// Percent, more than 0 and at most 100.
        percent: Dec,
        on: Target,
        items: Option<Selector>,
        units: Option<u32>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AmountOff {
        /// Amount in the promotion's currency and the price basis of what it discounts.
        amount: Dec,
        on: Target,
        items: Option<Selector>,
        units: Option<u32>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FixedPrice {
        /// The price the target costs (per unit, per line, for the lines together, ...).
        price: Dec,
        on: Target,
        items: Option<Selector>,
        units: Option<u32>,
    }
}

shape! {
    /// Whole units of the lines matching a selector.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UnitsOf {
        items: Option<Selector>,
        quantity: u32,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BuyXGetY {
        /// Units that must be bought (the most expensive are used) per application.
        buy: UnitsOf,
        /// Units discounted (the cheapest first) per application.
        get: UnitsOf,
        /// Percent off the `get` units; default 100 (free).
        percent: Option<Dec>,
    }
}

names! {
    /// What a tier is measured on.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Measure {
        /// The target's subtotal before promotions.
        #[default]
        Amount,
        /// The target's summed quantity.
        Quantity,
    }
}

names! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TierTarget {
        Lines,
        Order,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Tiered {
        on: TierTarget,
        items: Option<Selector>,
        measure: Measure = default,
        /// Strictly increasing `min`; the highest tier reached applies.
        tiers: Vec<TierStep>,
    }
}

shape! {
    /// From `min` on: exactly one of percent-off and amount-off.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TierStep {
        min: Dec,
        percent_off: Option<Dec>,
        amount_off: Option<Dec>,
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FreeShipping {}
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Gift {
        /// A catalog item that is not open-price; priced by the price lists and discounted in full.
        sku: String,
        quantity: u32 = 1,
    }
}

variants! {
    /// What a promotion does. Exactly one key.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Action {
        PercentOff(PercentOff),
        AmountOff(AmountOff),
        FixedPrice(FixedPrice),
        BuyXGetY(BuyXGetY),
        Tiered(Tiered),
        FreeShipping(FreeShipping),
        Gift(Gift),
    }
}

shape! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UsageLimit {
        /// Uses per customer (usage.by-customer must be below it).
        per_customer: Option<u32>,
        /// Uses in total (usage.total must be below it).
        total: Option<u32>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Promotion {
        id: String,
        name: Option<String>,
        description: Option<String>,
        /// Higher applies first; equal priorities apply in rulebook order.
        priority: i32 = default,
        /// Required when the promotion has amounts; carts in another currency do not meet it.
        currency: Option<String>,
        /// Conditions on the cart before any promotion; absent = always.
        when: Option<Condition>,
        action: Action,
        /// Applies only alone: combines with nothing.
        exclusive: bool = default,
        /// Classes this promotion may be combined with; default all three.
        combines_with: Option<Vec<Class>>,
        /// Once applied, no later promotion is considered.
        stop_after: bool = default,
        /// Most units (each-unit), lines (each-line) or sets (buy-x-get-y) discounted.
        max_applications: Option<u32>,
        /// Most this promotion takes off in total.
        max_discount: Option<Dec>,
        /// Lowest unit price a line may reach through this promotion (default 0).
        floor: Option<Dec>,
        /// Overrides settings.percent-rounding.
        percent_rounding: Option<PercentRounding>,
        distribution: Option<Distribution>,
        /// Limits on cart.usage for this promotion's id.
        usage_limit: Option<UsageLimit>,
    }
}

shape! {
    #[derive(Debug, Clone)]
    pub struct Coupon {
        /// The code customers enter; matched after trimming, case-insensitively unless case-sensitive.
        code: String,
        /// The promotion this code unlocks.
        promotion: String,
        valid_from: Option<Stamp>,
        valid_until: Option<Stamp>,
        /// Limits on cart.usage for this code.
        usage_limit: Option<UsageLimit>,
        case_sensitive: bool = default,
    }
}
