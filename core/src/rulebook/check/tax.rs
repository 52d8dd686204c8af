//! The `tax` section: categories, rules, and the rates that apply together.

use super::checker::{at, at_index, dup, Checker};
use crate::json::ShapeError;
use crate::money;
use crate::rulebook::model::{Tax, TaxCategory, TaxRule};
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) fn tax(checker: &mut Checker, t: &raw::Tax) -> Tax {
    let mut categories: BTreeMap<&str, bool> = BTreeMap::new();
    for (i, cat) in t.categories.iter().enumerate() {
        if categories.insert(&cat.id, cat.exempt).is_some() {
            checker.push(
                &at(&at_index("/tax/categories", i), "id"),
                E::DuplicateId {
                    kind: "tax-category",
                    id: cat.id.clone(),
                },
            );
        }
    }
    checker.categories = categories.keys().map(|id| id.to_string()).collect();
    let mut seen = BTreeMap::new();
    let mut rules = Vec::new();
    for (i, r) in t.rules.iter().enumerate() {
        let path = at_index("/tax/rules", i);
        if dup(&mut seen, &r.id) {
            checker.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "tax-rule",
                    id: r.id.clone(),
                },
            );
        }
        checker.country(&r.country, &at(&path, "country"));
        let prefix = format!("{}-", r.country);
        let regions = r.region.iter().map(|g| (g, at(&path, "region")));
        let excepts = r
            .except_regions
            .iter()
            .enumerate()
            .map(|(j, g)| (g, at_index(&at(&path, "except-regions"), j)));
        for (region, p) in regions.chain(excepts) {
            if !region.starts_with(&prefix) || region.len() <= prefix.len() {
                checker.push(
                    &p,
                    ShapeError::OutOfRange {
                        value: region.clone(),
                        expected: "a subdivision code of the rule's country",
                    },
                );
            }
        }
        if categories.get(r.category.as_str()) == Some(&true) {
            checker.push(
                &at(&path, "category"),
                ShapeError::OutOfRange {
                    value: r.category.clone(),
                    expected: "a category that is not exempt",
                },
            );
        }
        let category = checker.category_ref(&r.category, &|| at(&path, "category"));
        let rate = checker.dec_where(
            &r.rate,
            &at(&path, "rate"),
            |v| v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
            "a percentage from 0 to 100",
        );
        rules.push(TaxRule {
            id: r.id.clone(),
            country: r.country.clone(),
            region: r.region.clone(),
            except_regions: r.except_regions.clone(),
            category,
            rate: rate.unwrap_or_default(),
        });
    }
    rate_sums(checker, &t.rules, &rules);
    if let Some(origin) = &t.origin_country {
        checker.country(origin, "/tax/origin-country");
    }
    // Rules by place (category, then country; rulebook order within): each inserted after the rules of its
    // place so far. Rulebooks have few rules, and this adds no copy of the sort code to the wasm.
    fn place(r: &TaxRule) -> (usize, &str) {
        (r.category, r.country.as_str())
    }
    let mut by_place: Vec<u32> = Vec::with_capacity(rules.len());
    for (i, rule) in rules.iter().enumerate() {
        let at = by_place.partition_point(|&r| place(&rules[r as usize]) <= place(rule));
        by_place.insert(at, i as u32);
    }
    Tax {
        categories: categories
            .into_iter()
            .map(|(id, exempt)| TaxCategory {
                id: id.to_string(),
                exempt,
            })
            .collect(),
        rules,
        by_place,
        allow_reverse_charge: t.allow_reverse_charge,
        origin_country: t.origin_country.clone(),
    }
}

/// The rules that tax one line together (a country's rules for a category that do not except the region,
/// plus that region's own) may add up to at most 100 %, like a single rule: with the goods-total limit this
/// keeps every tax and total of a cart inside the decimal range (docs/limits.md). One finding per country
/// and category, at the last rule of the combination that is too high.
fn rate_sums(checker: &mut Checker, raw_rules: &[raw::TaxRule], rules: &[TaxRule]) {
    // One entry per country and category (its country-wide sum) and per region named with them (what the
    // region adds to that sum, or takes from it by excepting rules): (sum, last rule, the group's entry).
    // Keys are length-prefixed text so that no two differ only in where a part ends. Rates are at most 100
    // and rules at most 10000: no sum overflows.
    type Sums = Vec<(Decimal, usize, usize)>;
    fn entry(
        keys: &mut BTreeMap<String, usize>,
        sums: &mut Sums,
        key: String,
        group: Option<usize>,
    ) -> usize {
        let next = sums.len();
        let k = *keys.entry(key).or_insert(next);
        if k == next {
            sums.push((Decimal::ZERO, 0, group.unwrap_or(next)));
        }
        k
    }
    fn add(sums: &mut Sums, k: usize, rate: Decimal, rule: usize) {
        if let Some((sum, last, _)) = sums.get_mut(k) {
            *sum = money::add(*sum, rate).unwrap_or(*sum);
            *last = rule;
        }
    }
    let part = |s: &str| format!("{}:{s}", s.len());
    let (mut keys, mut sums) = (BTreeMap::new(), Sums::new());
    for (i, (r, raw)) in rules.iter().zip(raw_rules).enumerate() {
        let group_key = part(&r.country) + &part(&raw.category);
        let group = entry(&mut keys, &mut sums, group_key.clone(), None);
        match &r.region {
            Some(g) => {
                let k = entry(&mut keys, &mut sums, group_key + &part(g), Some(group));
                add(&mut sums, k, r.rate, i);
            }
            None => {
                add(&mut sums, group, r.rate, i);
                for g in &r.except_regions {
                    let k = entry(
                        &mut keys,
                        &mut sums,
                        group_key.clone() + &part(g),
                        Some(group),
                    );
                    add(&mut sums, k, -r.rate, i);
                }
            }
        }
    }
    // The highest total of each group (alone, or with one region) and where it was reached.
    let mut worst: Vec<Option<(Decimal, usize)>> = vec![None; sums.len()];
    for k in 0..sums.len() {
        let (own, last, group) = sums[k];
        let (total, rule) = if group == k {
            (own, last)
        } else {
            let (wide, wide_last, _) = sums[group];
            (money::add(wide, own).unwrap_or(own), last.max(wide_last))
        };
        if worst[group].is_none_or(|(w, _)| total > w) {
            worst[group] = Some((total, rule));
        }
    }
    for (total, rule) in worst.into_iter().flatten() {
        if total > Decimal::ONE_HUNDRED {
            checker.push(
                &at(&at_index("/tax/rules", rule), "rate"),
                ShapeError::OutOfRange {
                    value: money::format_decimal(total.normalize()),
                    expected: "rates that apply together adding up to at most 100",
                },
            );
        }
    }
}
