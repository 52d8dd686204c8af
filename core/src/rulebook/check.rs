//! Every semantic check of a rulebook, run once at load. Builds the checked model while collecting ALL
//! findings (each with its JSON Pointer), so an author fixes a rulebook in one round trip.

use super::model::*;
use super::schema::{self as raw, Dec, RawRulebook, Stamp};
use super::time::{self, Timestamp};
use super::RulebookError as E;
use crate::error::{Coded, Error, Problem, Severity};
use crate::{limits, money};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Counts checked before any other work, so that a huge rulebook fails fast with `limit-exceeded`.
pub fn counts(raw: &RawRulebook) -> Result<(), Error> {
    use limits::*;
    check(
        "items",
        MAX_ITEMS,
        raw.catalog.items.len() as u64,
        "/catalog/items",
    )?;
    check(
        "price-lists",
        MAX_PRICE_LISTS,
        raw.price_lists.len() as u64,
        "/price-lists",
    )?;
    let prices: usize = raw.price_lists.iter().map(|l| l.prices.len()).sum();
    check("prices", MAX_PRICES, prices as u64, "/price-lists")?;
    for (i, list) in raw.price_lists.iter().enumerate() {
        for (j, p) in list.prices.iter().enumerate() {
            for (name, tiers) in [("volume", &p.volume), ("graduated", &p.graduated)] {
                let n = tiers.as_ref().map_or(0, Vec::len) as u64;
                check(
                    "tiers",
                    MAX_TIERS,
                    n,
                    &format!("/price-lists/{i}/prices/{j}/{name}"),
                )?;
            }
        }
    }
    check(
        "tax-rules",
        MAX_TAX_RULES,
        raw.tax.rules.len() as u64,
        "/tax/rules",
    )?;
    let methods = &raw.shipping.methods;
    check(
        "shipping-methods",
        MAX_SHIPPING_METHODS,
        methods.len() as u64,
        "/shipping/methods",
    )?;
    for (i, m) in methods.iter().enumerate() {
        let path = at(&at_index("/shipping/methods", i), "rates");
        check(
            "shipping-methods",
            MAX_SHIPPING_METHODS,
            m.rates.len() as u64,
            &path,
        )?;
        for (j, r) in m.rates.iter().enumerate() {
            for (name, bands) in [
                ("weight-bands", &r.weight_bands),
                ("subtotal-bands", &r.subtotal_bands),
            ] {
                let n = bands.as_ref().map_or(0, Vec::len) as u64;
                check("tiers", MAX_TIERS, n, &at(&at_index(&path, j), name))?;
            }
        }
    }
    super::promotion_check::counts(&raw.promotions, &raw.coupons)
}

/// Collects findings while the model is built.
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
    /// Currency code -> minor units, for the sold currencies that exist.
    pub(super) currencies: BTreeMap<String, u32>,
    /// The tax categories' ids, sorted (a map's keys), for binary search.
    pub(super) categories: Vec<String>,
}

impl Checker {
    pub(super) fn push(&mut self, path: &str, e: impl Coded) {
        self.problems.push(e.to_problem(path, Severity::Error));
    }

    /// A decimal within the engine's range.
    pub(super) fn dec(&mut self, d: &Dec, path: &str) -> Option<Decimal> {
        match money::parse_decimal(&d.0) {
            Err(e) => {
                self.push(path, e);
                None
            }
            Ok(v) if !limits::amount_in_range(v) => {
                let expected = "at most 12 integer digits";
                self.push(
                    path,
                    E::OutOfRange {
                        value: d.0.clone(),
                        expected,
                    },
                );
                None
            }
            Ok(v) => Some(v),
        }
    }

    /// A decimal that must satisfy `ok` (described by `expected`).
    pub(super) fn dec_where(
        &mut self,
        d: &Dec,
        path: &str,
        ok: fn(Decimal) -> bool,
        expected: &'static str,
    ) -> Option<Decimal> {
        let v = self.dec(d, path)?;
        if !ok(v) {
            self.push(
                path,
                E::OutOfRange {
                    value: d.0.clone(),
                    expected,
                },
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn non_negative(&mut self, d: &Dec, path: &str) -> Option<Decimal> {
        self.dec_where(
            d,
            path,
            |v| !v.is_sign_negative() || v.is_zero(),
            "zero or more",
        )
    }

    pub(super) fn positive(&mut self, d: &Dec, path: &str) -> Option<Decimal> {
        self.dec_where(d, path, |v| v > Decimal::ZERO, "more than zero")
    }

    /// A non-negative money amount with at most the currency's minor units (if the currency is known).
    pub(super) fn amount(&mut self, d: &Dec, path: &str, currency: &str) -> Option<Decimal> {
        let v = self.non_negative(d, path)?;
        if let Some(&minor) = self.currencies.get(currency) {
            if !money::is_multiple_of_minor(v, minor) {
                let amount = d.0.clone();
                self.push(
                    path,
                    money::MoneyError::PrecisionLoss {
                        amount,
                        minor_units: minor,
                    },
                );
                return None;
            }
        }
        Some(v)
    }

    pub(super) fn stamp(&mut self, s: &Stamp, path: &str) -> Option<Timestamp> {
        match time::parse(&s.0) {
            Ok(t) => Some(t),
            Err(reason) => {
                self.push(
                    path,
                    E::TimestampInvalid {
                        input: s.0.clone(),
                        reason,
                    },
                );
                None
            }
        }
    }

    pub(super) fn country(&mut self, code: &str, path: &str) {
        if !super::is_country(code) {
            self.push(path, super::unknown_country(code));
        }
    }

    pub(super) fn countries(&mut self, codes: &[String], path: &str) {
        for (i, c) in codes.iter().enumerate() {
            self.country(c, &at_index(path, i));
        }
    }

    /// A currency reference: it must exist in ISO 4217 and be sold. Returns whether it is usable.
    pub(super) fn currency_ref(&mut self, code: &str, path: &str) -> bool {
        if self.currencies.contains_key(code) {
            return true;
        }
        if money::lookup_currency(code).is_none() {
            self.push(
                path,
                money::MoneyError::UnknownCurrency {
                    code: code.to_string(),
                },
            );
        } else {
            self.push(
                path,
                E::DanglingReference {
                    kind: "currency",
                    id: code.to_string(),
                },
            );
        }
        false
    }

    fn category_ref(&mut self, id: &str, path: &str) {
        if !super::promotion_model::has(&self.categories, id) {
            self.push(
                path,
                E::DanglingReference {
                    kind: "tax-category",
                    id: id.to_string(),
                },
            );
        }
    }

    /// Tier-like bounds: strictly increasing positive up-to values, only the last open-ended.
    fn bounds(&mut self, up_tos: &[Option<&Dec>], path: &str) -> Option<Vec<Option<Decimal>>> {
        if up_tos.is_empty() {
            self.push(
                path,
                E::OutOfRange {
                    value: "[]".into(),
                    expected: "at least one tier",
                },
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        let mut previous: Option<(Decimal, &str)> = None;
        for (i, up_to) in up_tos.iter().enumerate() {
            let p = at(&at_index(path, i), "up-to");
            let last = i + 1 == up_tos.len();
            match up_to {
                None if !last => {
                    self.push(&p, E::TiersOpenEnd);
                    ok = false;
                }
                Some(_) if last => {
                    self.push(&p, E::TiersOpenEnd);
                    ok = false;
                }
                _ => {}
            }
            let v = match up_to {
                Some(d) => match self.positive(d, &p) {
                    Some(v) => {
                        if let Some((prev, prev_text)) = previous {
                            if v <= prev {
                                let (previous, up_to) = (prev_text.to_string(), d.0.clone());
                                self.push(&p, E::TiersOverlapping { previous, up_to });
                                ok = false;
                            }
                        }
                        previous = Some((v, &d.0));
                        Some(v)
                    }
                    None => {
                        ok = false;
                        None
                    }
                },
                None => None,
            };
            out.push(v);
        }
        ok.then_some(out)
    }
}

/// `path/key`: a pointer some fixed keys further (they need no escaping). One small function instead of a
/// `format!` at every finding keeps the wasm smaller.
#[inline(never)]
pub(super) fn at(path: &str, key: &str) -> String {
    let mut s = String::with_capacity(path.len() + 1 + key.len());
    s.push_str(path);
    s.push('/');
    s.push_str(key);
    s
}

/// `path/index`.
pub(super) fn at_index(path: &str, index: usize) -> String {
    at(path, &index.to_string())
}

fn dup<'a>(seen: &mut BTreeSet<&'a str>, id: &'a str) -> bool {
    !seen.insert(id)
}

/// Build the checked model or return every finding.
pub fn compile(raw: RawRulebook, hash: String) -> Result<Rulebook, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
        currencies: BTreeMap::new(),
        categories: Vec::new(),
    };
    let settings = settings(&mut c, &raw.settings);
    let tax = tax(&mut c, &raw.tax);
    let items = items(&mut c, &raw.catalog.items);
    let price_lists = price_lists(&mut c, &raw.price_lists, &items);
    let shipping = shipping(&mut c, &raw.shipping.methods);
    let validation = validation(&mut c, &raw.validation);
    let (promotions, coupons) = super::promotion_check::compile(
        &mut c,
        &raw.promotions,
        &raw.coupons,
        &items,
        &shipping,
        settings.percent_rounding,
    );
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Rulebook {
        id: raw.id,
        version: raw.version,
        hash,
        settings,
        items,
        price_lists,
        tax,
        shipping,
        validation,
        promotions,
        coupons,
    })
}

fn settings(c: &mut Checker, s: &raw::Settings) -> Settings {
    if s.currencies.is_empty() {
        c.push(
            "/settings/currencies",
            E::OutOfRange {
                value: "[]".into(),
                expected: "at least one currency",
            },
        );
    }
    for (i, code) in s.currencies.iter().enumerate() {
        let path = at_index("/settings/currencies", i);
        match money::lookup_currency(code) {
            None => c.push(
                &path,
                money::MoneyError::UnknownCurrency { code: code.clone() },
            ),
            Some(entry) => {
                if c.currencies
                    .insert(code.clone(), entry.minor_units)
                    .is_some()
                {
                    c.push(
                        &path,
                        E::DuplicateId {
                            kind: "currency",
                            id: code.clone(),
                        },
                    );
                }
            }
        }
    }
    if let Some(country) = &s.default_country {
        c.country(country, "/settings/default-country");
    }
    Settings {
        currencies: s.currencies.clone(),
        rounding_mode: s.rounding_mode,
        tax_rounding: s.tax_rounding,
        unit_price_rounding: s.unit_price_rounding,
        default_country: s.default_country.clone(),
        open_prices_include_tax: s.open_prices_include_tax,
        allow_negative_totals: s.allow_negative_totals,
        promotion_stacking: s.promotion_stacking,
        discount_base: s.discount_base,
        percent_rounding: s.percent_rounding,
    }
}

fn tax(c: &mut Checker, t: &raw::Tax) -> Tax {
    let mut categories = BTreeMap::new();
    for (i, cat) in t.categories.iter().enumerate() {
        if categories.insert(cat.id.clone(), cat.exempt).is_some() {
            c.push(
                &at(&at_index("/tax/categories", i), "id"),
                E::DuplicateId {
                    kind: "tax-category",
                    id: cat.id.clone(),
                },
            );
        }
    }
    c.categories = categories.keys().cloned().collect();
    let mut seen = BTreeSet::new();
    let mut rules = Vec::new();
    for (i, r) in t.rules.iter().enumerate() {
        let path = at_index("/tax/rules", i);
        if dup(&mut seen, &r.id) {
            c.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "tax-rule",
                    id: r.id.clone(),
                },
            );
        }
        c.country(&r.country, &at(&path, "country"));
        let prefix = format!("{}-", r.country);
        let regions = r.region.iter().map(|g| (g, at(&path, "region")));
        let excepts = r
            .except_regions
            .iter()
            .enumerate()
            .map(|(j, g)| (g, at_index(&at(&path, "except-regions"), j)));
        for (region, p) in regions.chain(excepts) {
            if !region.starts_with(&prefix) || region.len() <= prefix.len() {
                c.push(
                    &p,
                    E::OutOfRange {
                        value: region.clone(),
                        expected: "a subdivision code of the rule's country",
                    },
                );
            }
        }
        if categories.get(&r.category) == Some(&true) {
            c.push(
                &at(&path, "category"),
                E::OutOfRange {
                    value: r.category.clone(),
                    expected: "a category that is not exempt",
                },
            );
        }
        c.category_ref(&r.category, &at(&path, "category"));
        let rate = c.dec_where(
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
            category: r.category.clone(),
            rate: rate.unwrap_or_default(),
        });
    }
    rate_sums(c, &rules);
    if let Some(origin) = &t.origin_country {
        c.country(origin, "/tax/origin-country");
    }
    Tax {
        categories,
        rules,
        allow_reverse_charge: t.allow_reverse_charge,
        origin_country: t.origin_country.clone(),
    }
}

/// The rules that tax one line together (a country's rules for a category that do not except the region,
/// plus that region's own) may add up to at most 100 %, like a single rule: with the goods-total limit this
/// keeps every tax and total of a cart inside the decimal range (docs/limits.md). One finding per country
/// and category, at the last rule of the combination that is too high.
fn rate_sums(c: &mut Checker, rules: &[TaxRule]) {
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
    for (i, r) in rules.iter().enumerate() {
        let group_key = part(&r.country) + &part(&r.category);
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
            c.push(
                &at(&at_index("/tax/rules", rule), "rate"),
                E::OutOfRange {
                    value: money::format_decimal(total.normalize()),
                    expected: "rates that apply together adding up to at most 100",
                },
            );
        }
    }
}

fn items(c: &mut Checker, raw_items: &[raw::Item]) -> BTreeMap<String, Item> {
    let mut items = BTreeMap::new();
    for (i, it) in raw_items.iter().enumerate() {
        let path = at_index("/catalog/items", i);
        if it.sku.is_empty() {
            c.push(
                &at(&path, "sku"),
                E::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty sku",
                },
            );
        }
        c.category_ref(&it.tax_category, &at(&path, "tax-category"));
        let weight = it
            .weight
            .as_ref()
            .and_then(|w| c.non_negative(w, &at(&path, "weight")));
        let q = &it.quantity;
        let min = q
            .min
            .as_ref()
            .and_then(|d| c.non_negative(d, &at(&path, "quantity/min")));
        let max = q
            .max
            .as_ref()
            .and_then(|d| c.positive(d, &at(&path, "quantity/max")));
        let step = q
            .step
            .as_ref()
            .and_then(|d| c.positive(d, &at(&path, "quantity/step")));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                let value = format!("{lo}..{hi}");
                c.push(
                    &at(&path, "quantity"),
                    E::OutOfRange {
                        value,
                        expected: "min not above max",
                    },
                );
            }
        }
        let item = Item {
            sku: it.sku.clone(),
            tax_category: it.tax_category.clone(),
            active: it.active,
            physical: it.physical,
            weight: weight.unwrap_or_default(),
            open_price: it.open_price,
            min,
            max,
            step: step.unwrap_or(Decimal::ONE),
            categories: it.categories.clone(),
            attributes: it.attributes.clone(),
        };
        if items.insert(it.sku.clone(), item).is_some() {
            c.push(
                &at(&path, "sku"),
                E::DuplicateId {
                    kind: "sku",
                    id: it.sku.clone(),
                },
            );
        }
    }
    items
}

fn price_lists(
    c: &mut Checker,
    lists: &[raw::PriceList],
    items: &BTreeMap<String, Item>,
) -> Vec<PriceList> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, l) in lists.iter().enumerate() {
        let path = at_index("/price-lists", i);
        if dup(&mut seen, &l.id) {
            c.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "price-list",
                    id: l.id.clone(),
                },
            );
        }
        // A quote line's price-list names its source; "open-price" is that of host prices (rulebook.md).
        if l.id == super::model::OPEN_PRICE {
            c.push(
                &at(&path, "id"),
                E::OutOfRange {
                    value: l.id.clone(),
                    expected: "an id other than open-price (the price-list of host prices)",
                },
            );
        }
        let currency_ok = c.currency_ref(&l.currency, &at(&path, "currency"));
        c.countries(&l.countries, &at(&path, "countries"));
        let from = l
            .valid_from
            .as_ref()
            .and_then(|s| c.stamp(s, &at(&path, "valid-from")));
        let until = l
            .valid_until
            .as_ref()
            .and_then(|s| c.stamp(s, &at(&path, "valid-until")));
        if let (Some(f), Some(u)) = (from, until) {
            if f >= u {
                let (from, until) = (
                    l.valid_from.clone().unwrap_or(Stamp(String::new())).0,
                    l.valid_until.clone().unwrap_or(Stamp(String::new())).0,
                );
                c.push(
                    &at(&path, "valid-until"),
                    E::WindowImpossible { from, until },
                );
            }
        }
        let mut prices = BTreeMap::new();
        for (j, p) in l.prices.iter().enumerate() {
            let ppath = at_index(&at(&path, "prices"), j);
            if !items.contains_key(&p.sku) {
                c.push(
                    &at(&ppath, "sku"),
                    E::DanglingReference {
                        kind: "sku",
                        id: p.sku.clone(),
                    },
                );
            }
            let currency = if currency_ok { l.currency.as_str() } else { "" };
            if let Some(model) = model(c, p, &ppath, currency) {
                if prices.insert(p.sku.clone(), model).is_some() {
                    c.push(
                        &at(&ppath, "sku"),
                        E::DuplicateId {
                            kind: "price",
                            id: p.sku.clone(),
                        },
                    );
                }
            }
        }
        out.push(PriceList {
            id: l.id.clone(),
            kind: l.kind,
            currency: l.currency.clone(),
            includes_tax: l.prices_include_tax,
            priority: l.priority,
            countries: l.countries.clone(),
            customer_groups: l.customer_groups.clone(),
            channels: l.channels.clone(),
            valid_from: from,
            valid_until: until,
            prices,
        });
    }
    ambiguities(c, &out);
    out
}

fn model(c: &mut Checker, p: &raw::Price, path: &str, currency: &str) -> Option<Model> {
    let found = usize::from(p.unit_price.is_some())
        + usize::from(p.package.is_some())
        + usize::from(p.volume.is_some())
        + usize::from(p.graduated.is_some());
    if found != 1 {
        c.push(path, E::PriceModelInvalid { found });
        return None;
    }
    if let Some(u) = &p.unit_price {
        return c
            .non_negative(u, &at(path, "unit-price"))
            .map(Model::PerUnit);
    }
    if let Some(pk) = &p.package {
        let size = c.positive(&pk.size, &at(path, "package/size"));
        let price = c.amount(&pk.price, &at(path, "package/price"), currency);
        let round_up = pk.rounding == raw::PackageRounding::Up;
        return Some(Model::Package {
            size: size?,
            price: price?,
            round_up,
        });
    }
    let (name, raw_tiers, volume) = match (&p.volume, &p.graduated) {
        (Some(t), _) => ("volume", t, true),
        (_, Some(t)) => ("graduated", t, false),
        _ => return None,
    };
    let tpath = at(path, name);
    let bounds = c.bounds(
        &raw_tiers
            .iter()
            .map(|t| t.up_to.as_ref())
            .collect::<Vec<_>>(),
        &tpath,
    );
    let mut tiers = Vec::new();
    for (k, t) in raw_tiers.iter().enumerate() {
        let unit_price = c.non_negative(&t.unit_price, &at(&at_index(&tpath, k), "unit-price"));
        let flat_fee = match &t.flat_fee {
            Some(f) => c.amount(f, &at(&at_index(&tpath, k), "flat-fee"), currency),
            None => Some(Decimal::ZERO),
        };
        tiers.push((unit_price, flat_fee));
    }
    let bounds = bounds?;
    let tiers = bounds
        .into_iter()
        .zip(tiers)
        .map(|(up_to, (u, f))| {
            Some(Tier {
                up_to,
                unit_price: u?,
                flat_fee: f?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(if volume {
        Model::Volume(tiers)
    } else {
        Model::Graduated(tiers)
    })
}

/// Whether two scopes (empty = everything) share a value.
fn overlap(a: &[String], b: &[String]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x))
}

/// Whether two half-open windows [from, until) share a moment.
fn windows_overlap(a: &PriceList, b: &PriceList) -> bool {
    let starts_before_end = |from: Option<Timestamp>, until: Option<Timestamp>| match (from, until)
    {
        (Some(f), Some(u)) => f < u,
        _ => true,
    };
    starts_before_end(a.valid_from, b.valid_until) && starts_before_end(b.valid_from, a.valid_until)
}

/// Two lists of equal rank whose scopes intersect and that price a common sku would tie for some cart.
/// Scopes are finite sets and intervals, so this finds every possible tie: quoting never meets one.
fn ambiguities(c: &mut Checker, lists: &[PriceList]) {
    type Rank = (bool, u32, i32);
    let mut groups: BTreeMap<(&str, Rank), Vec<usize>> = BTreeMap::new();
    for (i, l) in lists.iter().enumerate() {
        groups
            .entry((l.currency.as_str(), l.rank()))
            .or_default()
            .push(i);
    }
    for members in groups.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (a, b) = (&lists[i], &lists[j]);
                let scopes = overlap(&a.countries, &b.countries)
                    && overlap(&a.customer_groups, &b.customer_groups)
                    && overlap(&a.channels, &b.channels)
                    && windows_overlap(a, b);
                if !scopes {
                    continue;
                }
                if let Some(sku) = a.prices.keys().find(|s| b.prices.contains_key(*s)) {
                    let e = E::PriceAmbiguous {
                        sku: sku.clone(),
                        first: a.id.clone(),
                        second: b.id.clone(),
                    };
                    c.push(&at_index("/price-lists", j), e);
                }
            }
        }
    }
}

fn shipping(c: &mut Checker, methods: &[raw::ShippingMethod]) -> Vec<ShippingMethod> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, m) in methods.iter().enumerate() {
        let path = at_index("/shipping/methods", i);
        if dup(&mut seen, &m.id) {
            c.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "shipping-method",
                    id: m.id.clone(),
                },
            );
        }
        c.countries(&m.countries, &at(&path, "countries"));
        c.category_ref(&m.tax_category, &at(&path, "tax-category"));
        let mut rates: Vec<ShippingRate> = Vec::new();
        for (j, r) in m.rates.iter().enumerate() {
            let rpath = at_index(&at(&path, "rates"), j);
            let currency = if c.currency_ref(&r.currency, &at(&rpath, "currency")) {
                r.currency.as_str()
            } else {
                ""
            };
            c.countries(&r.countries, &at(&rpath, "countries"));
            let free_from = r
                .free_from
                .as_ref()
                .and_then(|f| c.amount(f, &at(&rpath, "free-from"), currency));
            let Some(pricing) = rate_pricing(c, r, &rpath, currency) else {
                continue;
            };
            let clash = rates.iter().any(|o| {
                o.currency == r.currency
                    && o.countries.is_empty() == r.countries.is_empty()
                    && overlap(&o.countries, &r.countries)
            });
            if clash {
                c.push(
                    &rpath,
                    E::RateAmbiguous {
                        method: m.id.clone(),
                    },
                );
            }
            rates.push(ShippingRate {
                currency: r.currency.clone(),
                countries: r.countries.clone(),
                pricing,
                free_from,
            });
        }
        out.push(ShippingMethod {
            id: m.id.clone(),
            countries: m.countries.clone(),
            tax_category: m.tax_category.clone(),
            includes_tax: m.prices_include_tax,
            rates,
        });
    }
    out
}

fn rate_pricing(
    c: &mut Checker,
    r: &raw::ShippingRate,
    path: &str,
    currency: &str,
) -> Option<RatePricing> {
    let found = usize::from(r.flat.is_some())
        + usize::from(r.weight_bands.is_some())
        + usize::from(r.subtotal_bands.is_some());
    if found != 1 {
        c.push(path, E::PriceModelInvalid { found });
        return None;
    }
    if let Some(f) = &r.flat {
        return c
            .amount(f, &at(path, "flat"), currency)
            .map(RatePricing::Flat);
    }
    let (name, raw_bands, weight) = match (&r.weight_bands, &r.subtotal_bands) {
        (Some(b), _) => ("weight-bands", b, true),
        (_, Some(b)) => ("subtotal-bands", b, false),
        _ => return None,
    };
    let bpath = at(path, name);
    let bounds = c.bounds(
        &raw_bands
            .iter()
            .map(|b| b.up_to.as_ref())
            .collect::<Vec<_>>(),
        &bpath,
    );
    let prices: Vec<_> = raw_bands
        .iter()
        .enumerate()
        .map(|(k, b)| c.amount(&b.price, &at(&at_index(&bpath, k), "price"), currency))
        .collect();
    let bands = bounds?
        .into_iter()
        .zip(prices)
        .map(|(up_to, p)| Some(Band { up_to, price: p? }))
        .collect::<Option<Vec<_>>>()?;
    Some(if weight {
        RatePricing::Weight(bands)
    } else {
        RatePricing::Subtotal(bands)
    })
}

fn validation(c: &mut Checker, v: &raw::ValidationRules) -> Validation {
    c.countries(&v.countries, "/validation/countries");
    let max_quantity = v
        .max_quantity
        .as_ref()
        .and_then(|d| c.positive(d, "/validation/max-quantity"));
    let mut total_limits = BTreeMap::new();
    for (i, l) in v.total_limits.iter().enumerate() {
        let path = at_index("/validation/total-limits", i);
        let currency = if c.currency_ref(&l.currency, &at(&path, "currency")) {
            l.currency.as_str()
        } else {
            ""
        };
        let min = l
            .min
            .as_ref()
            .and_then(|d| c.amount(d, &at(&path, "min"), currency));
        let max = l
            .max
            .as_ref()
            .and_then(|d| c.amount(d, &at(&path, "max"), currency));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                c.push(
                    &path,
                    E::OutOfRange {
                        value: format!("{lo}..{hi}"),
                        expected: "min not above max",
                    },
                );
            }
        }
        if total_limits
            .insert(l.currency.clone(), (min, max))
            .is_some()
        {
            c.push(
                &at(&path, "currency"),
                E::DuplicateId {
                    kind: "total-limit",
                    id: l.currency.clone(),
                },
            );
        }
    }
    Validation {
        countries: v.countries.clone(),
        max_lines: v.max_lines,
        max_quantity,
        total_limits,
        require_email: v.require_email,
        require_phone: v.require_phone,
        require_shipping_address: v.require_shipping_address,
        require_vat_id_for_reverse_charge: v.require_vat_id_for_reverse_charge,
    }
}
