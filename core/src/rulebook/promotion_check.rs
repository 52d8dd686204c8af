//! Load-time checks of the `promotions` and `coupons` sections: every reference resolved (skus, categories,
//! attributes, shipping methods, coupons, promotions), every amount in the promotion's currency, windows
//! possible, tiers increasing, settings that only make sense together. Collects all findings.

use super::check::{at, at_index, Checker};
use super::model::{Item, ShippingMethod};
use super::promotion_model::*;
use super::promotion_shape::{self as raw, Class, Measure, Target};
use super::schema::{Dec, Stamp};
use super::RulebookError as E;
use crate::error::Error;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The promotion limits (docs/limits.md), checked on the shape before any other promotion work, so that a
/// huge or deeply nested promotions section fails fast with `limit-exceeded`.
pub(super) fn counts(promotions: &[raw::Promotion], coupons: &[raw::Coupon]) -> Result<(), Error> {
    use crate::limits::{self, check};
    check(
        "promotions",
        limits::MAX_PROMOTIONS,
        promotions.len() as u64,
        "/promotions",
    )?;
    check(
        "rulebook-coupons",
        limits::MAX_RULEBOOK_COUPONS,
        coupons.len() as u64,
        "/coupons",
    )?;
    for (i, p) in promotions.iter().enumerate() {
        let path = at_index("/promotions", i);
        if let Some(when) = &p.when {
            let when_path = at(&path, "when");
            let (count, depth) = tree_size(when);
            check("conditions", limits::MAX_CONDITIONS, count, &when_path)?;
            if depth > limits::MAX_CONDITION_DEPTH {
                let deep = too_deep(when, when_path, 1).unwrap_or_default();
                check("condition-depth", limits::MAX_CONDITION_DEPTH, depth, &deep)?;
            }
        }
        if let raw::Action::Tiered(t) = &p.action {
            let tiers = at(&at(&at(&path, "action"), "tiered"), "tiers");
            check("tiers", limits::MAX_TIERS, t.tiers.len() as u64, &tiers)?;
        }
    }
    Ok(())
}

/// The children of a condition, with the key their pointers go through.
fn children(c: &raw::Condition) -> (&'static str, &[raw::Condition]) {
    match c {
        raw::Condition::All(list) => ("all", list),
        raw::Condition::Any(list) => ("any", list),
        raw::Condition::Not(x) => ("not", std::slice::from_ref(x.as_ref())),
        _ => ("", &[]),
    }
}

/// (conditions, depth) of a condition tree. The recursion is bounded by the JSON nesting limit.
fn tree_size(c: &raw::Condition) -> (u64, u64) {
    children(c).1.iter().fold((1, 1), |(n, d), x| {
        let (xn, xd) = tree_size(x);
        (n + xn, d.max(xd + 1))
    })
}

/// The pointer of the first condition (depth first) deeper than the limit.
fn too_deep(c: &raw::Condition, path: String, depth: u64) -> Option<String> {
    if depth > crate::limits::MAX_CONDITION_DEPTH {
        return Some(path);
    }
    let (key, list) = children(c);
    list.iter().enumerate().find_map(|(i, x)| {
        let child = if key == "not" {
            at(&path, key)
        } else {
            at_index(&at(&path, key), i)
        };
        too_deep(x, child, depth + 1)
    })
}

/// What the checks look references up in (sets and maps, so that every lookup is logarithmic).
struct Refs<'a> {
    items: &'a BTreeMap<String, Item>,
    /// Categories and attribute names some item uses.
    categories: BTreeSet<&'a str>,
    attributes: BTreeSet<&'a str>,
    methods: BTreeSet<&'a str>,
    /// Coupon code as written -> its first index.
    codes: BTreeMap<&'a str, usize>,
}

/// The promotion being checked: its pointer, its currency ("" when none or unusable) and whether an amount
/// was met that needs one.
struct Scope {
    path: String,
    currency: String,
    has_currency: bool,
    needs_currency: bool,
}

fn invalid(c: &mut Checker, path: &str, reason: &'static str) {
    c.push(path, E::PromotionInvalid { reason });
}

/// An amount in the promotion's currency (precision-checked when the currency is known).
fn amount(c: &mut Checker, s: &mut Scope, d: &Dec, path: &str, positive: bool) -> Option<Decimal> {
    s.needs_currency = true;
    let v = c.amount(d, path, &s.currency)?;
    if positive && v.is_zero() {
        c.push(
            path,
            E::OutOfRange {
                value: d.0.clone(),
                expected: "more than zero",
            },
        );
        return None;
    }
    Some(v)
}

fn percent(c: &mut Checker, d: &Dec, path: &str) -> Option<Decimal> {
    c.dec_where(
        d,
        path,
        |v| v > Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
        "a percentage above 0 and at most 100",
    )
}

fn at_least_one(c: &mut Checker, v: u32, path: &str) {
    if v == 0 {
        c.push(
            path,
            E::OutOfRange {
                value: "0".into(),
                expected: "at least 1",
            },
        );
    }
}

fn window(
    c: &mut Checker,
    from: &Option<Stamp>,
    until: &Option<Stamp>,
    path: &str,
) -> (
    Option<super::time::Timestamp>,
    Option<super::time::Timestamp>,
) {
    let f = from
        .as_ref()
        .and_then(|s| c.stamp(s, &at(path, "valid-from")));
    let u = until
        .as_ref()
        .and_then(|s| c.stamp(s, &at(path, "valid-until")));
    if let (Some(a), Some(b)) = (f, u) {
        if a >= b {
            let text = |s: &Option<Stamp>| s.as_ref().map(|s| s.0.clone()).unwrap_or_default();
            c.push(
                &at(path, "valid-until"),
                E::WindowImpossible {
                    from: text(from),
                    until: text(until),
                },
            );
        }
    }
    (f, u)
}

fn usage_limit(c: &mut Checker, l: &Option<raw::UsageLimit>, path: &str) -> UsageLimit {
    let Some(l) = l else {
        return UsageLimit::default();
    };
    for (name, v) in [("per-customer", l.per_customer), ("total", l.total)] {
        if let Some(v) = v {
            at_least_one(c, v, &at(path, name));
        }
    }
    UsageLimit {
        per_customer: l.per_customer,
        total: l.total,
    }
}

/// Selectors refer to skus that exist and categories and attribute names some item has.
fn select(c: &mut Checker, r: &Refs, s: &raw::Selector, path: &str) -> Select {
    for (name, skus) in [("skus", &s.skus), ("exclude-skus", &s.exclude_skus)] {
        for (i, sku) in skus.iter().enumerate() {
            if !r.items.contains_key(sku) {
                c.push(
                    &at_index(&at(path, name), i),
                    E::DanglingReference {
                        kind: "sku",
                        id: sku.clone(),
                    },
                );
            }
        }
    }
    for (i, cat) in s.categories.iter().enumerate() {
        if !r.categories.contains(cat.as_str()) {
            c.push(
                &at_index(&at(path, "categories"), i),
                E::DanglingReference {
                    kind: "category",
                    id: cat.clone(),
                },
            );
        }
    }
    for name in s.attributes.keys() {
        if !r.attributes.contains(name.as_str()) {
            c.push(
                &format!(
                    "{path}/attributes/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ),
                E::DanglingReference {
                    kind: "attribute",
                    id: name.clone(),
                },
            );
        }
    }
    let mut attributes = s.attributes.clone();
    for v in attributes.values_mut() {
        *v = sorted(v);
    }
    Select {
        skus: sorted(&s.skus),
        categories: sorted(&s.categories),
        attributes,
        exclude_skus: sorted(&s.exclude_skus),
    }
}

fn cond(c: &mut Checker, r: &Refs, s: &mut Scope, raw: &raw::Condition, path: String) -> Cond {
    use raw::Condition as C;
    let kind = match raw {
        C::All(list) | C::Any(list) => {
            let key = if matches!(raw, C::All(_)) {
                "all"
            } else {
                "any"
            };
            let children = list
                .iter()
                .enumerate()
                .map(|(i, x)| cond(c, r, s, x, at_index(&at(&path, key), i)))
                .collect();
            if key == "all" {
                CondKind::All(children)
            } else {
                CondKind::Any(children)
            }
        }
        C::Not(x) => CondKind::Not(Box::new(cond(c, r, s, x, at(&path, "not")))),
        C::Items(it) => {
            let p = at(&path, "items");
            let sel = raw::Selector {
                skus: it.skus.clone(),
                categories: it.categories.clone(),
                attributes: it.attributes.clone(),
                exclude_skus: it.exclude_skus.clone(),
            };
            CondKind::Items {
                select: select(c, r, &sel, &p),
                min_quantity: it
                    .min_quantity
                    .as_ref()
                    .and_then(|d| c.non_negative(d, &at(&p, "min-quantity"))),
                min_amount: it
                    .min_amount
                    .as_ref()
                    .and_then(|d| amount(c, s, d, &at(&p, "min-amount"), false)),
            }
        }
        C::Subtotal(range) => {
            let p = at(&path, "subtotal");
            let min = range
                .min
                .as_ref()
                .and_then(|d| amount(c, s, d, &at(&p, "min"), false));
            let max = range
                .max
                .as_ref()
                .and_then(|d| amount(c, s, d, &at(&p, "max"), false));
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    c.push(
                        &p,
                        E::OutOfRange {
                            value: format!("{a}..{b}"),
                            expected: "min not above max",
                        },
                    );
                }
            }
            CondKind::Subtotal { min, max }
        }
        C::CustomerGroups(v) => CondKind::CustomerGroups(v.clone()),
        C::Channels(v) => CondKind::Channels(v.clone()),
        C::Countries(v) => {
            c.countries(v, &at(&path, "countries"));
            CondKind::Countries(v.clone())
        }
        C::ShippingMethods(v) => {
            for (i, m) in v.iter().enumerate() {
                if !r.methods.contains(m.as_str()) {
                    c.push(
                        &at_index(&at(&path, "shipping-methods"), i),
                        E::DanglingReference {
                            kind: "shipping-method",
                            id: m.clone(),
                        },
                    );
                }
            }
            CondKind::ShippingMethods(v.clone())
        }
        C::Coupon(code) => match r.codes.get(code.as_str()) {
            Some(&k) => CondKind::Coupon(k),
            None => {
                c.push(
                    &at(&path, "coupon"),
                    E::DanglingReference {
                        kind: "coupon",
                        id: code.clone(),
                    },
                );
                CondKind::Coupon(usize::MAX)
            }
        },
        C::Window(w) => {
            let (from, until) = window(c, &w.valid_from, &w.valid_until, &at(&path, "window"));
            CondKind::Window { from, until }
        }
        C::FirstOrder(b) => CondKind::FirstOrder(*b),
        C::PreviousOrders(range) => {
            if let (Some(a), Some(b)) = (range.min, range.max) {
                if a > b {
                    c.push(
                        &at(&path, "previous-orders"),
                        E::OutOfRange {
                            value: format!("{a}..{b}"),
                            expected: "min not above max",
                        },
                    );
                }
            }
            CondKind::PreviousOrders {
                min: range.min,
                max: range.max,
            }
        }
        C::Usage(u) => {
            if u.by_customer_below.is_none() && u.total_below.is_none() {
                invalid(
                    c,
                    &at(&path, "usage"),
                    "a usage condition needs by-customer-below or total-below",
                );
            }
            CondKind::Usage {
                key: u.key.clone(),
                by_customer_below: u.by_customer_below,
                total_below: u.total_below,
            }
        }
    };
    Cond { path, kind }
}

/// A discount action's target: `units` only for cheapest and most-expensive, `items` only on lines.
fn discount(
    c: &mut Checker,
    r: &Refs,
    kind: Option<Kind>,
    on: Target,
    items: &Option<raw::Selector>,
    units: Option<u32>,
    path: &str,
) -> Option<Act> {
    let unit_target = matches!(on, Target::Cheapest | Target::MostExpensive);
    match (unit_target, units) {
        (true, None) => invalid(
            c,
            path,
            "cheapest and most-expensive need units (how many units)",
        ),
        (true, Some(u)) => at_least_one(c, u, &at(path, "units")),
        (false, Some(_)) => invalid(
            c,
            &at(path, "units"),
            "units applies to cheapest and most-expensive only",
        ),
        (false, None) => {}
    }
    if matches!(on, Target::Order | Target::Shipping) && items.is_some() {
        invalid(
            c,
            &at(path, "items"),
            "order and shipping targets take no items selector",
        );
    }
    let select = items
        .as_ref()
        .map(|s| select(c, r, s, &at(path, "items")))
        .unwrap_or_default();
    Some(Act::Discount {
        kind: kind?,
        target: on,
        select,
        units: units.unwrap_or(0),
    })
}

fn action(c: &mut Checker, r: &Refs, s: &mut Scope, a: &raw::Action) -> Option<Act> {
    use raw::Action as A;
    let path = at(&s.path, "action");
    match a {
        A::PercentOff(x) => {
            let p = at(&path, "percent-off");
            let k = percent(c, &x.percent, &at(&p, "percent")).map(Kind::Percent);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::AmountOff(x) => {
            let p = at(&path, "amount-off");
            let k = amount(c, s, &x.amount, &at(&p, "amount"), true).map(Kind::Amount);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::FixedPrice(x) => {
            let p = at(&path, "fixed-price");
            let k = amount(c, s, &x.price, &at(&p, "price"), false).map(Kind::Fixed);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::BuyXGetY(x) => {
            let p = at(&path, "buy-x-get-y");
            let mut part = |u: &raw::UnitsOf, name: &str| {
                at_least_one(c, u.quantity, &at(&at(&p, name), "quantity"));
                let sel = u
                    .items
                    .as_ref()
                    .map(|sel| select(c, r, sel, &at(&at(&p, name), "items")))
                    .unwrap_or_default();
                (sel, u.quantity)
            };
            let buy = part(&x.buy, "buy");
            let get = part(&x.get, "get");
            let pct = match &x.percent {
                Some(d) => percent(c, d, &at(&p, "percent"))?,
                None => Decimal::ONE_HUNDRED,
            };
            Some(Act::BuyXGetY {
                buy,
                get,
                percent: pct,
            })
        }
        A::Tiered(x) => {
            let p = at(&path, "tiered");
            if x.on == raw::TierTarget::Order && x.items.is_some() {
                invalid(
                    c,
                    &at(&p, "items"),
                    "order and shipping targets take no items selector",
                );
            }
            let sel = x
                .items
                .as_ref()
                .map(|sel| select(c, r, sel, &at(&p, "items")))
                .unwrap_or_default();
            if x.tiers.is_empty() {
                c.push(
                    &at(&p, "tiers"),
                    E::OutOfRange {
                        value: "[]".into(),
                        expected: "at least one tier",
                    },
                );
            }
            let mut tiers = Vec::new();
            let mut ok = true;
            let mut previous: Option<(Decimal, String)> = None;
            for (i, t) in x.tiers.iter().enumerate() {
                let tp = at_index(&at(&p, "tiers"), i);
                let min = match x.measure {
                    Measure::Amount => amount(c, s, &t.min, &at(&tp, "min"), false),
                    Measure::Quantity => c.non_negative(&t.min, &at(&tp, "min")),
                };
                if let (Some(m), Some((prev, prev_text))) = (min, &previous) {
                    if m <= *prev {
                        c.push(
                            &at(&tp, "min"),
                            E::TiersOverlapping {
                                previous: prev_text.clone(),
                                up_to: t.min.0.clone(),
                            },
                        );
                        ok = false;
                    }
                }
                if let Some(m) = min {
                    previous = Some((m, t.min.0.clone()));
                }
                let kind = match (&t.percent_off, &t.amount_off) {
                    (Some(d), None) => percent(c, d, &at(&tp, "percent-off")).map(Kind::Percent),
                    (None, Some(d)) => {
                        amount(c, s, d, &at(&tp, "amount-off"), true).map(Kind::Amount)
                    }
                    _ => {
                        invalid(
                            c,
                            &tp,
                            "a tier sets exactly one of percent-off and amount-off",
                        );
                        None
                    }
                };
                match (min, kind) {
                    (Some(m), Some(k)) => tiers.push((m, k)),
                    _ => ok = false,
                }
            }
            ok.then_some(Act::Tiered {
                target: x.on,
                select: sel,
                measure: x.measure,
                tiers,
            })
        }
        A::FreeShipping(_) => Some(Act::FreeShipping),
        A::Gift(g) => {
            let p = at(&path, "gift");
            match r.items.get(&g.sku) {
                None => c.push(
                    &at(&p, "sku"),
                    E::DanglingReference {
                        kind: "sku",
                        id: g.sku.clone(),
                    },
                ),
                Some(it) if it.open_price => invalid(
                    c,
                    &at(&p, "sku"),
                    "a gift must be an item with a list price (not open-price)",
                ),
                Some(_) => {}
            }
            at_least_one(c, g.quantity, &at(&p, "quantity"));
            Some(Act::Gift {
                sku: g.sku.clone(),
                quantity: g.quantity,
            })
        }
    }
}

/// Coupons first (conditions refer to them), with their promotion resolved by id.
fn coupons(c: &mut Checker, raw: &[raw::Coupon], ids: &BTreeMap<&str, usize>) -> Coupons {
    let mut out = Coupons::default();
    // The case-sensitive codes so far, folded (`out.exact` has them as written, `out.folded` the
    // case-insensitive ones folded). Same map type as those two, so the wasm has its code once.
    let mut sensitive_folded: BTreeMap<String, usize> = BTreeMap::new();
    for (i, k) in raw.iter().enumerate() {
        let path = at_index("/coupons", i);
        if k.code.is_empty() || k.code.trim() != k.code {
            c.push(
                &at(&path, "code"),
                E::OutOfRange {
                    value: k.code.clone(),
                    expected: "a non-empty code without leading or trailing spaces",
                },
            );
        }
        let promotion = match ids.get(k.promotion.as_str()) {
            Some(&p) => p,
            None => {
                c.push(
                    &at(&path, "promotion"),
                    E::DanglingReference {
                        kind: "promotion",
                        id: k.promotion.clone(),
                    },
                );
                usize::MAX
            }
        };
        let (valid_from, valid_until) = window(c, &k.valid_from, &k.valid_until, &path);
        let usage_limit = usage_limit(c, &k.usage_limit, &at(&path, "usage-limit"));
        // Two codes clash when one input could match both: equal as written, or equal once folded when
        // either of them is case-insensitive. (Equal as written to an earlier case-insensitive code is
        // equal folded to it, so `out.exact` need only hold the case-sensitive ones.)
        let folded = fold(&k.code);
        let clash = out.exact.contains_key(&k.code)
            || out.folded.contains_key(&folded)
            || (!k.case_sensitive && sensitive_folded.contains_key(&folded));
        if clash {
            c.push(
                &at(&path, "code"),
                E::DuplicateId {
                    kind: "coupon",
                    id: k.code.clone(),
                },
            );
        }
        if k.case_sensitive {
            out.exact.entry(k.code.clone()).or_insert(i);
            sensitive_folded.entry(folded).or_insert(i);
        } else {
            out.folded.entry(folded).or_insert(i);
        }
        out.list.push(Coupon {
            code: k.code.clone(),
            index: i,
            promotion,
            valid_from,
            valid_until,
            usage_limit,
            case_sensitive: k.case_sensitive,
        });
    }
    out
}

/// Every class, in their order (`Class`'s `Ord`).
const ALL_CLASSES: [Class; 3] = [Class::Product, Class::Order, Class::Shipping];

/// Check both sections; returns the promotions (in rulebook order) and the coupons.
pub(super) fn compile(
    c: &mut Checker,
    promotions: &[raw::Promotion],
    raw_coupons: &[raw::Coupon],
    items: &BTreeMap<String, Item>,
    methods: &[ShippingMethod],
    default_rounding: raw::PercentRounding,
) -> (Vec<Promotion>, Coupons) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in promotions.iter().enumerate() {
        if p.id.is_empty() {
            c.push(
                &at(&at_index("/promotions", i), "id"),
                E::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty id",
                },
            );
        }
        if ids.insert(&p.id, i).is_some() {
            c.push(
                &at(&at_index("/promotions", i), "id"),
                E::DuplicateId {
                    kind: "promotion",
                    id: p.id.clone(),
                },
            );
        }
    }
    let coupons = coupons(c, raw_coupons, &ids);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    // The coupons unlocking each promotion, by promotion index (a dangling coupon unlocks none).
    let mut unlocking: Vec<Vec<usize>> = vec![Vec::new(); promotions.len()];
    for k in &coupons.list {
        codes.entry(k.code.as_str()).or_insert(k.index);
        if let Some(list) = unlocking.get_mut(k.promotion) {
            list.push(k.index);
        }
    }
    // Built by inserting (not `collect`): the wasm has `BTreeSet<&str>::insert` already, not a sort of `&str`.
    let (mut categories, mut attributes, mut method_ids) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for it in items.values() {
        for cat in &it.categories {
            categories.insert(cat.as_str());
        }
        for name in it.attributes.keys() {
            attributes.insert(name.as_str());
        }
    }
    for m in methods {
        method_ids.insert(m.id.as_str());
    }
    let refs = Refs {
        items,
        categories,
        attributes,
        methods: method_ids,
        codes,
    };
    let mut out = Vec::new();
    for (i, p) in promotions.iter().enumerate() {
        let path = at_index("/promotions", i);
        let has_currency = match &p.currency {
            Some(cur) => c.currency_ref(cur, &at(&path, "currency")),
            None => false,
        };
        let mut s = Scope {
            path: path.clone(),
            currency: if has_currency {
                p.currency.clone().unwrap_or_default()
            } else {
                String::new()
            },
            has_currency: p.currency.is_some(),
            needs_currency: false,
        };
        let when = p
            .when
            .as_ref()
            .map(|w| cond(c, &refs, &mut s, w, at(&path, "when")));
        let action = action(c, &refs, &mut s, &p.action);
        let max_discount = p
            .max_discount
            .as_ref()
            .and_then(|d| amount(c, &mut s, d, &at(&path, "max-discount"), true));
        let floor = match &p.floor {
            Some(d) => {
                s.needs_currency = true;
                c.non_negative(d, &at(&path, "floor")).unwrap_or_default()
            }
            None => Decimal::ZERO,
        };
        if s.needs_currency && !s.has_currency {
            invalid(
                c,
                &path,
                "a promotion with amounts needs a currency (add \"currency\")",
            );
        }
        if p.exclusive && p.combines_with.is_some() {
            invalid(
                c,
                &at(&path, "combines-with"),
                "an exclusive promotion combines with nothing: remove combines-with",
            );
        }
        if let Some(n) = p.max_applications {
            at_least_one(c, n, &at(&path, "max-applications"));
            let counted = matches!(
                p.action,
                raw::Action::BuyXGetY(_)
                    | raw::Action::PercentOff(raw::PercentOff {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
                    | raw::Action::AmountOff(raw::AmountOff {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
                    | raw::Action::FixedPrice(raw::FixedPrice {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
            );
            if !counted {
                invalid(
                    c,
                    &at(&path, "max-applications"),
                    "max-applications counts units (each-unit), lines (each-line) or sets (buy-x-get-y)",
                );
            }
        }
        let usage_limit = usage_limit(c, &p.usage_limit, &at(&path, "usage-limit"));
        let Some(action) = action else { continue };
        let class = action.class();
        let combines_with = match (&p.combines_with, p.exclusive) {
            (_, true) => Vec::new(),
            // The listed classes in their order, once each (no set or sort of `Class` in the wasm).
            (Some(list), false) => ALL_CLASSES
                .into_iter()
                .filter(|c| list.contains(c))
                .collect(),
            (None, false) => ALL_CLASSES.to_vec(),
        };
        out.push(Promotion {
            id: p.id.clone(),
            index: i,
            priority: p.priority,
            currency: p.currency.clone(),
            when,
            action,
            class,
            exclusive: p.exclusive,
            combines_with,
            stop_after: p.stop_after,
            max_applications: p.max_applications,
            max_discount,
            floor,
            percent_rounding: p.percent_rounding.unwrap_or(default_rounding),
            distribution: p.distribution.unwrap_or(raw::Distribution::Proportional),
            usage_limit,
            coupons: unlocking.get_mut(i).map(std::mem::take).unwrap_or_default(),
        });
    }
    (out, coupons)
}

#[cfg(test)]
mod tests {
    /// The `duplicate-id` pointers of a rulebook with these coupons (all for one promotion).
    fn clashes(coupons: &[(&str, bool)]) -> Vec<String> {
        let coupons: Vec<String> = coupons
            .iter()
            .map(|(code, sensitive)| {
                format!(r#"{{"code": "{code}", "promotion": "p", "case-sensitive": {sensitive}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"kassa": "1", "id": "t", "version": "1",
            "settings": {{"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"}},
            "catalog": {{"items": [{{"sku": "A", "tax-category": "none"}}]}},
            "price-lists": [{{"id": "l", "currency": "EUR", "prices-include-tax": false,
                "prices": [{{"sku": "A", "unit-price": "1.00"}}]}}],
            "tax": {{"categories": [{{"id": "none", "exempt": true}}], "rules": []}},
            "shipping": {{"methods": []}},
            "promotions": [{{"id": "p", "action": {{"free-shipping": {{}}}}}}],
            "coupons": [{}]}}"#,
            coupons.join(",")
        );
        match super::super::load(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .iter()
                .map(|p| {
                    assert_eq!(p.code, "duplicate-id", "{p:?}");
                    p.path.clone()
                })
                .collect(),
        }
    }

    /// docs/rulebook.md: "two codes that one input could match are `duplicate-id`". An input matches a
    /// case-sensitive code when equal to it, a case-insensitive one when equal in lower case; so two codes
    /// clash when equal as written, or equal in lower case with either of them case-insensitive. Each case
    /// below is worked out by that rule; the later code of a clashing pair is reported.
    #[test]
    fn coupon_codes_clash_when_one_input_could_match_both() {
        let at = |i: usize| format!("/coupons/{i}/code");
        // Both case-sensitive: only equal as written clashes.
        assert_eq!(
            clashes(&[("AbC", true), ("abc", true)]),
            Vec::<String>::new()
        );
        assert_eq!(clashes(&[("AbC", true), ("AbC", true)]), [at(1)]);
        // One of them case-insensitive (either order): equal in lower case clashes.
        assert_eq!(clashes(&[("AbC", true), ("ABC", false)]), [at(1)]);
        assert_eq!(clashes(&[("ABC", false), ("AbC", true)]), [at(1)]);
        assert_eq!(clashes(&[("abc", false), ("ABC", false)]), [at(1)]);
        assert_eq!(
            clashes(&[("abc", false), ("abd", true)]),
            Vec::<String>::new()
        );
        // Equal as written, the earlier one case-insensitive.
        assert_eq!(clashes(&[("Q", false), ("Q", true)]), [at(1)]);
        // A code clashing with several earlier ones is reported once; unrelated codes in between.
        assert_eq!(
            clashes(&[
                ("X", true),
                ("Y", false),
                ("x", true),
                ("X", false),
                ("y", true)
            ]),
            [at(3), at(4)]
        );
    }
}
