//! The checked promotions and coupons: what `check/promotions.rs` builds and the promotions layer reads.
//! Amounts are parsed, references resolved, every condition keeps the JSON Pointer it came from (so a
//! rejection can say which condition failed).

use super::model::{attributes_admit, AttributeScope, Item};
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
        select: SelectId,
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
    /// Cart attributes.
    Attributes(AttributeScope),
}

/// A checked selector: every non-empty part must match. Skus are item indices, categories and attributes
/// the ids the catalog's names were interned to at load; each list sorted without repeats, so that matching a
/// line is a few integer comparisons however long the rulebook's lists are. Sorted `Vec`s, not sets: the wasm
/// already has their code. A selector is stored once per rulebook (`Rulebook::selectors`) and referred to by
/// its index ([`SelectId`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Select {
    pub skus: Vec<u32>,
    pub categories: Vec<u32>,
    /// (name id, value ids), in the rulebook's name order. A value no item has is left out: it matches nothing.
    pub attributes: Vec<(u32, Vec<u32>)>,
    pub exclude_skus: Vec<u32>,
    /// The cart line's options (docs/rulebook.md, "Attributes"): names and values as written.
    pub line_attributes: AttributeScope,
}

/// A selector's index in `Rulebook::selectors`; `None` where a selector may be absent means every line.
pub type SelectId = usize;

/// Whether the sorted list `set` holds `x`.
pub fn has<T: Ord>(set: &[T], x: &T) -> bool {
    set.binary_search(x).is_ok()
}

impl Select {
    /// Whether a line of item `item` with these options matches.
    pub fn matches(&self, item: usize, it: &Item, options: &[crate::api::Attribute]) -> bool {
        let id = item as u32;
        (self.skus.is_empty() || has(&self.skus, &id))
            && (self.categories.is_empty()
                || it.categories.iter().any(|c| has(&self.categories, c)))
            && self.attributes.iter().all(|(k, vs)| {
                // An item has a handful of attributes: a scan, no sorted copy.
                it.attributes
                    .iter()
                    .find(|(name, _)| name == k)
                    .is_some_and(|(_, value)| has(vs, value))
            })
            && !has(&self.exclude_skus, &id)
            && attributes_admit(&self.line_attributes, options)
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
        /// `None`: every line.
        select: Option<SelectId>,
        /// For cheapest / most-expensive.
        units: u32,
    },
    BuyXGetY {
        buy: (Option<SelectId>, u32),
        get: (Option<SelectId>, u32),
        percent: Decimal,
    },
    Tiered {
        target: TierTarget,
        select: Option<SelectId>,
        measure: Measure,
        /// (min, Percent or Amount), min strictly increasing.
        tiers: Vec<(Decimal, Kind)>,
    },
    FreeShipping,
    Gift {
        /// The gift's item index.
        item: usize,
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
