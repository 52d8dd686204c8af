//! The checked promotions and coupons: what `check/promotions.rs` builds and the promotions layer reads.
//! Amounts are parsed, references resolved, every condition keeps the JSON Pointer it came from (so a
//! rejection can say which condition failed).

use super::model::Item;
use super::promotion_shape::{Class, Distribution, Measure, PercentRounding, Target, TierTarget};
use super::time::Timestamp;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Promotion {
    pub id: String,
    /// Position in the rulebook's `promotions` (its pointer is `/promotions/{index}`).
    pub index: usize,
    pub priority: i32,
    pub currency: Option<String>,
    pub when: Option<Cond>,
    pub action: Act,
    pub class: Class,
    pub exclusive: bool,
    /// Classes it combines with (empty when exclusive).
    pub combines_with: Vec<Class>,
    pub stop_after: bool,
    pub max_applications: Option<u32>,
    pub max_discount: Option<Decimal>,
    /// Lowest unit price a line may reach through this promotion.
    pub floor: Decimal,
    pub percent_rounding: PercentRounding,
    pub distribution: Distribution,
    pub usage_limit: UsageLimit,
    /// Indices into `Coupons::list` of the codes that unlock it; empty for an automatic promotion.
    pub coupons: Vec<usize>,
}

impl Promotion {
    pub fn path(&self) -> String {
        format!("/promotions/{}", self.index)
    }

    /// Whether two promotions may both apply: neither is exclusive and each combines with the other's class.
    pub fn combines(&self, other: &Promotion) -> bool {
        !self.exclusive
            && !other.exclusive
            && self.combines_with.contains(&other.class)
            && other.combines_with.contains(&self.class)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageLimit {
    pub per_customer: Option<u32>,
    pub total: Option<u32>,
}

/// A condition and its JSON Pointer into the rulebook.
#[derive(Debug, Clone)]
pub struct Cond {
    pub path: String,
    pub kind: CondKind,
}

#[derive(Debug, Clone)]
pub enum CondKind {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Items {
        select: Select,
        min_quantity: Option<Decimal>,
        min_amount: Option<Decimal>,
    },
    Subtotal {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    CustomerGroups(Vec<String>),
    Channels(Vec<String>),
    Countries(Vec<String>),
    ShippingMethods(Vec<String>),
    /// Index into `Coupons::list`.
    Coupon(usize),
    Window {
        from: Option<Timestamp>,
        until: Option<Timestamp>,
    },
    FirstOrder(bool),
    PreviousOrders {
        min: Option<u32>,
        max: Option<u32>,
    },
    Usage {
        key: String,
        by_customer_below: Option<u32>,
        total_below: Option<u32>,
    },
}

/// A checked selector: every non-empty part must match. Sorted lists without repeats, searched by binary
/// search, so that matching a line costs a few comparisons however long the rulebook's lists are (a quote
/// matches every line against every selector). Sorted `Vec`s, not sets: the wasm already has their code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    pub skus: Vec<String>,
    pub categories: Vec<String>,
    pub attributes: BTreeMap<String, Vec<String>>,
    pub exclude_skus: Vec<String>,
}

/// Whether the sorted list `set` holds `x`.
pub fn has(set: &[String], x: &str) -> bool {
    set.binary_search_by(|s| s.as_str().cmp(x)).is_ok()
}

/// `list` sorted, without repeats: a set for [`has`].
pub fn sorted(list: &[String]) -> Vec<String> {
    let mut v = list.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

impl Select {
    pub fn matches(&self, item: &Item) -> bool {
        (self.skus.is_empty() || has(&self.skus, &item.sku))
            && (self.categories.is_empty()
                || item.categories.iter().any(|c| has(&self.categories, c)))
            && self
                .attributes
                .iter()
                .all(|(k, vs)| item.attributes.get(k).is_some_and(|v| has(vs, v)))
            && !has(&self.exclude_skus, &item.sku)
    }
}

/// The three discount kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Percent, in (0, 100].
    Percent(Decimal),
    /// An amount off.
    Amount(Decimal),
    /// A price the target costs.
    Fixed(Decimal),
}

#[derive(Debug, Clone)]
pub enum Act {
    Discount {
        kind: Kind,
        target: Target,
        select: Select,
        /// For cheapest / most-expensive.
        units: u32,
    },
    BuyXGetY {
        buy: (Select, u32),
        get: (Select, u32),
        percent: Decimal,
    },
    Tiered {
        target: TierTarget,
        select: Select,
        measure: Measure,
        /// (min, Percent or Amount), min strictly increasing.
        tiers: Vec<(Decimal, Kind)>,
    },
    FreeShipping,
    Gift {
        sku: String,
        quantity: u32,
    },
}

impl Act {
    /// The combination class an action belongs to.
    pub fn class(&self) -> Class {
        match self {
            Act::Discount {
                target: Target::Shipping,
                ..
            }
            | Act::FreeShipping => Class::Shipping,
            Act::Discount {
                target: Target::Order,
                ..
            }
            | Act::Tiered {
                target: TierTarget::Order,
                ..
            } => Class::Order,
            _ => Class::Product,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Coupon {
    /// As written in the rulebook.
    pub code: String,
    /// Position in the rulebook's `coupons`.
    pub index: usize,
    /// Index into `Rulebook::promotions`.
    pub promotion: usize,
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
    pub usage_limit: UsageLimit,
    pub case_sensitive: bool,
}

impl Coupon {
    /// Whether text a customer entered (or a usage key) is this code: trimmed, then compared exactly or
    /// case-insensitively (Unicode lower case).
    pub fn matches(&self, input: &str) -> bool {
        let t = input.trim();
        if self.case_sensitive {
            t == self.code
        } else {
            fold(t) == fold(&self.code)
        }
    }
}

/// The case-insensitive form of a code.
pub fn fold(code: &str) -> String {
    code.to_lowercase()
}

#[derive(Debug, Clone, Default)]
pub struct Coupons {
    pub list: Vec<Coupon>,
    /// Case-sensitive codes, as written.
    pub exact: BTreeMap<String, usize>,
    /// Case-insensitive codes, folded.
    pub folded: BTreeMap<String, usize>,
}

impl Coupons {
    /// The coupon a customer's text names (load guarantees at most one can match).
    pub fn find(&self, input: &str) -> Option<&Coupon> {
        let t = input.trim();
        self.exact
            .get(t)
            .or_else(|| self.folded.get(&fold(t)))
            .and_then(|&i| self.list.get(i))
    }
}
