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
    // Category -> exempt (1) or not (0): a map type the wasm has already (`BTreeMap<&str, bool>` would bring
    // its own copy of the map's code; CONTRIBUTING.md, "Keep the browser build small").
    let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, cat) in t.categories.iter().enumerate() {
        if categories
            .insert(&cat.id, usize::from(cat.exempt))
            .is_some()
        {
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
        let regions = r.region.iter().map(|g| (g, at(&path, "region")));
        let excepts = r
            .except_regions
            .iter()
            .enumerate()
            .map(|(j, g)| (g, at_index(&at(&path, "except-regions"), j)));
        for (region, p) in regions.chain(excepts) {
            if !crate::rulebook::is_subdivision(region, &r.country) {
                checker.push(
                    &p,
                    ShapeError::OutOfRange {
                        value: region.clone(),
                        expected: "an ISO 3166-2 subdivision code of the rule's country",
                    },
                );
            }
        }
        if categories.get(r.category.as_str()) == Some(&1) {
            checker.push(
                &at(&path, "category"),
                ShapeError::OutOfRange {
                    value: r.category.clone(),
                    expected: "a category that is not exempt",
                },
            );
        }
        let category = checker.category_ref(&r.category, &|| at(&path, "category"));
        let from = r
            .valid_from
            .as_ref()
            .and_then(|s| checker.stamp(s, &at(&path, "valid-from")));
        let until = r
            .valid_until
            .as_ref()
            .and_then(|s| checker.stamp(s, &at(&path, "valid-until")));
        if let (Some(f), Some(u), Some(fs), Some(us)) = (from, until, &r.valid_from, &r.valid_until)
        {
            if f >= u {
                let (from, until) = (fs.0.clone(), us.0.clone());
                checker.push(
                    &at(&path, "valid-until"),
                    E::WindowImpossible { from, until },
                );
            }
        }
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
            compound: r.compound,
            valid_from: from,
            valid_until: until,
        });
    }
    rate_sums(checker, &t.rules, &rules);
    overlapping_windows(checker, &rules);
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
    // Countries whose rules depend on the region: a cart to one of them must say its region.
    let mut regional: Vec<String> = rules
        .iter()
        .filter(|r| r.region.is_some() || !r.except_regions.is_empty())
        .map(|r| r.country.clone())
        .collect();
    crate::sort::sort(&mut regional);
    regional.dedup();
    Tax {
        regional,
        categories: categories
            .into_iter()
            .map(|(id, exempt)| TaxCategory {
                id: id.to_string(),
                exempt: exempt == 1,
            })
            .collect(),
        rules,
        by_place,
        allow_reverse_charge: t.allow_reverse_charge,
        origin_country: t.origin_country.clone(),
    }
}

/// Dated rules are versions of one tax: two rules of one category, country and region (or both country-wide)
/// whose windows intersect are refused when either is dated (two undated rules of one place are two taxes, as
/// before). One finding per pair, at the later rule.
fn overlapping_windows(checker: &mut Checker, rules: &[TaxRule]) {
    let keys: Vec<(usize, &str, Option<&str>)> = rules
        .iter()
        .map(|r| (r.category, r.country.as_str(), r.region.as_deref()))
        .collect();
    let mut order: Vec<usize> = (0..rules.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| keys[a].cmp(&keys[b]));
    for members in order.chunk_by(|&a, &b| keys[a] == keys[b]) {
        for (k, &b) in members.iter().enumerate() {
            for &a in &members[..k] {
                let (ra, rb) = (&rules[a], &rules[b]);
                let meet = ra.valid_from.max(rb.valid_from);
                // The later start is before both ends (a missing start is the beginning of time).
                let before = |u: Option<crate::rulebook::time::Timestamp>| {
                    u.is_none_or(|u| meet.is_none_or(|m| m < u))
                };
                if (ra.dated() || rb.dated()) && before(ra.valid_until) && before(rb.valid_until) {
                    checker.push(
                        &at_index("/tax/rules", b),
                        E::TaxWindowsOverlapping {
                            first: ra.id.clone(),
                            second: rb.id.clone(),
                        },
                    );
                }
            }
        }
    }
}

/// The rules that tax one line together (a country's rules for a category that do not except the region,
/// plus that region's own) may add up to at most 100 %, like a single rule: with the goods-total limit this
/// keeps every tax and total of a cart inside the decimal range (docs/limits.md). One finding per country
/// and category, at the last rule of the combination that is too high.
fn rate_sums(checker: &mut Checker, raw_rules: &[raw::TaxRule], rules: &[TaxRule]) {
    // One entry per country and category (its country-wide sum) and per region named with them (what the
    // region adds to that sum, or takes from it by excepting rules): (sum, highest dated rate, last rule, the
    // group's entry). Dated rules of one place never apply together (overlapping_windows), so a place counts
    // its highest dated rate once; excepting a dated rule takes nothing off (an overestimate, never an
    // underestimate). Keys are length-prefixed text so that no two differ only in where a part ends. Rates
    // are at most 100 and rules at most 10000: no sum overflows.
    type Sums = Vec<(Decimal, Decimal, usize, usize)>;
    fn entry(
        keys: &mut BTreeMap<String, usize>,
        sums: &mut Sums,
        key: String,
        group: Option<usize>,
    ) -> usize {
        let next = sums.len();
        let k = *keys.entry(key).or_insert(next);
        if k == next {
            sums.push((Decimal::ZERO, Decimal::ZERO, 0, group.unwrap_or(next)));
        }
        k
    }
    fn add(sums: &mut Sums, k: usize, rate: Decimal, rule: usize, dated: bool) {
        if let Some((sum, dated_max, last, _)) = sums.get_mut(k) {
            if dated {
                *dated_max = (*dated_max).max(rate);
            } else {
                *sum = money::add(*sum, rate).unwrap_or(*sum);
            }
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
                add(&mut sums, k, r.rate, i, r.dated());
            }
            None => {
                add(&mut sums, group, r.rate, i, r.dated());
                for g in &r.except_regions {
                    let k = entry(
                        &mut keys,
                        &mut sums,
                        group_key.clone() + &part(g),
                        Some(group),
                    );
                    if !r.dated() {
                        add(&mut sums, k, -r.rate, i, false);
                    }
                }
            }
        }
    }
    // The highest total of each group (alone, or with one region) and where it was reached.
    let mut worst: Vec<Option<(Decimal, usize)>> = vec![None; sums.len()];
    for k in 0..sums.len() {
        let (own, own_dated, last, group) = sums[k];
        let own = money::add(own, own_dated).unwrap_or(own);
        let (total, rule) = if group == k {
            (own, last)
        } else {
            let (wide, wide_dated, wide_last, _) = sums[group];
            let wide = money::add(wide, wide_dated).unwrap_or(wide);
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
