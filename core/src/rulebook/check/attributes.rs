//! The `attributes` section (line options and cart attributes: names unique, values, the items a line option
//! applies to, surcharges in sold currencies), and the attribute scopes of price lists, conditions and
//! selectors, which must name declared attributes of the right level and their values.

use super::catalog::Catalog;
use super::checker::{at, at_index, dup, Checker};
use crate::rulebook::model::{Attribute, AttributeScope, Surcharge};
use crate::rulebook::schema::{self as raw, AttributeLevel};
use crate::rulebook::RulebookError as E;
use std::collections::BTreeMap;

/// The checked declarations, in rulebook order, and their indices in name order.
pub(super) fn attributes(
    checker: &mut Checker,
    decls: &[raw::AttributeDecl],
    catalog: &Catalog,
) -> (Vec<Attribute>, Vec<u32>) {
    // Name -> index of its (last) declaration; a repeated name is a finding.
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(decls.len());
    for (i, d) in decls.iter().enumerate() {
        let path = at_index("/attributes", i);
        let invalid = |checker: &mut Checker, key: &str, reason: &'static str| {
            let e = E::AttributeInvalid {
                name: d.name.clone(),
                reason,
            };
            checker.push(&at(&path, key), e);
        };
        if d.name.is_empty() {
            invalid(checker, "name", "a name must not be empty");
        }
        if names.insert(&d.name, i).is_some() {
            let e = E::DuplicateId {
                kind: "attribute",
                id: d.name.clone(),
            };
            checker.push(&at(&path, "name"), e);
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (k, v) in d.values.iter().enumerate() {
            if v.is_empty() || dup(&mut seen, v) {
                let reason = "values must be distinct and not empty";
                invalid(checker, &at_index(&at(&path, "values"), k), reason);
            }
        }
        if d.max_length == Some(0) {
            invalid(checker, "max-length", "max-length must be at least 1");
        }
        if !d.values.is_empty() && d.max_length.is_some() {
            invalid(
                checker,
                "max-length",
                "max-length is for free text: the values are listed",
            );
        }
        let line = d.on == AttributeLevel::Line;
        for (key, present) in [
            ("skus", !d.skus.is_empty()),
            ("categories", !d.categories.is_empty()),
            ("surcharges", !d.surcharges.is_empty()),
        ] {
            if present && !line {
                invalid(
                    checker,
                    key,
                    "skus, categories and surcharges belong to line options",
                );
            }
        }
        let skus = catalog.sku_ids(checker, &d.skus, &at(&path, "skus"));
        let categories = catalog.category_ids(checker, &d.categories, &at(&path, "categories"));
        let surcharges = surcharges(checker, d, &path);
        out.push(Attribute {
            name: d.name.clone(),
            on: d.on,
            values: d.values.clone(),
            max_length: d.max_length,
            required: d.required,
            skus,
            categories,
            surcharges,
        });
    }
    let by_name = names.values().map(|&i| i as u32).collect();
    (out, by_name)
}

/// A line option's surcharges: a listed value (or none: every value), a sold currency, an amount in its minor
/// units, one per value and currency.
fn surcharges(checker: &mut Checker, d: &raw::AttributeDecl, path: &str) -> Vec<Surcharge> {
    let mut out: Vec<Surcharge> = Vec::with_capacity(d.surcharges.len());
    for (k, s) in d.surcharges.iter().enumerate() {
        let here = at_index(&at(path, "surcharges"), k);
        if let Some(v) = &s.value {
            if !d.values.contains(v) {
                let e = E::DanglingReference {
                    kind: "attribute-value",
                    id: v.clone(),
                };
                checker.push(&at(&here, "value"), e);
            }
        }
        if !checker.currency_ref(&s.currency, &at(&here, "currency")) {
            continue;
        }
        let Some(amount) = checker.amount(&s.amount, &at(&here, "amount"), &s.currency) else {
            continue;
        };
        if out
            .iter()
            .any(|o| o.value == s.value && o.currency == s.currency)
        {
            let e = E::AttributeInvalid {
                name: d.name.clone(),
                reason: "two surcharges for one value and currency",
            };
            checker.push(&here, e);
        }
        out.push(Surcharge {
            value: s.value.clone(),
            currency: s.currency.clone(),
            amount,
        });
    }
    // A value with a surcharge has one in every currency sold: a cart in a forgotten currency must not get
    // the option for free.
    for (k, s) in d.surcharges.iter().enumerate() {
        let first = d.surcharges[..k].iter().all(|o| o.value != s.value);
        let priced = |c: &String| {
            d.surcharges
                .iter()
                .any(|o| o.value == s.value && &o.currency == c)
        };
        if first && !checker.currencies.keys().all(priced) {
            let e = E::AttributeInvalid {
                name: d.name.clone(),
                reason: "a surcharge must be given in every currency sold",
            };
            checker.push(&at_index(&at(path, "surcharges"), k), e);
        }
    }
    out
}

/// An attribute scope (`attributes` of a price list or condition, `line-attributes` of a selector): each name
/// a declared attribute of `level`, each value one it takes.
pub(super) fn scope(
    checker: &mut Checker,
    declared: &[Attribute],
    scope: &BTreeMap<String, Vec<String>>,
    level: AttributeLevel,
    path: &str,
) -> AttributeScope {
    let mut out = Vec::with_capacity(scope.len());
    for (name, values) in scope {
        let here = || at(path, &name.replace('~', "~0").replace('/', "~1"));
        let Some(d) = declared.iter().find(|d| &d.name == name && d.on == level) else {
            let kind = match level {
                AttributeLevel::Line => "line-attribute",
                AttributeLevel::Cart => "cart-attribute",
            };
            let e = E::DanglingReference {
                kind,
                id: name.clone(),
            };
            checker.push_at(&here, e);
            // Kept (it never matches), so that the list's rank does not change and cause more findings.
            out.push((name.clone(), values.clone()));
            continue;
        };
        for (k, v) in values.iter().enumerate() {
            if !d.values.is_empty() && !d.values.contains(v) {
                let e = E::DanglingReference {
                    kind: "attribute-value",
                    id: v.clone(),
                };
                checker.push_at(&|| at_index(&here(), k), e);
            }
        }
        out.push((name.clone(), values.clone()));
    }
    out
}
