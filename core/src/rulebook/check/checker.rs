//! The check in progress: the findings collected so far, the facts later sections need (the sold currencies,
//! the tax categories), and the value checks every section shares (decimals in range, amounts in a currency's
//! minor units, timestamps, country and currency references, tier bounds).

use crate::error::{Coded, Severity};
use crate::json::ShapeError;
use crate::money;
use crate::problems::Problems;
use crate::rulebook::promotion_model::Select;
use crate::rulebook::schema::{Dec, Stamp};
use crate::rulebook::time::{self, Timestamp};
use crate::rulebook::RulebookError as E;
use crate::{limits, rulebook};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A JSON Pointer written only when a finding needs it: the checks of every item and price run without
/// allocating one.
pub(super) type Here<'a> = &'a dyn Fn() -> String;

/// Collects findings while the model is built.
pub(super) struct Checker {
    pub(super) problems: Problems,
    /// Currency code -> minor units (a `u32` widened: `BTreeMap<String, usize>` is a map type the wasm has
    /// anyway), for the sold currencies that exist.
    pub(super) currencies: BTreeMap<String, usize>,
    /// The tax categories' ids, sorted (a map's keys), for binary search; a category's index here is its
    /// index in the model.
    pub(super) categories: Vec<String>,
    /// The promotions' distinct selectors so far, and the index of each by its [`select_key`].
    pub(super) selectors: Vec<Select>,
    pub(super) selector_ids: BTreeMap<String, usize>,
}

impl Checker {
    /// A finding at `path`; its message is rendered only if it is kept (the `problems` limit).
    pub(super) fn push(&mut self, path: &str, e: impl Coded) {
        self.push_at(&|| path.to_string(), e);
    }

    /// A finding at a pointer written only if the finding is kept.
    pub(super) fn push_at(&mut self, path: Here, e: impl Coded) {
        self.problems.report(&e, path, Severity::Error);
    }

    /// The index of a selector in the rulebook's list, added if it is new.
    pub(super) fn intern(&mut self, select: Select) -> usize {
        let key = select_key(&select);
        if let Some(&id) = self.selector_ids.get(&key) {
            return id;
        }
        let id = self.selectors.len();
        self.selectors.push(select);
        self.selector_ids.insert(key, id);
        id
    }

    /// A finding whose pointer and error are built only if it is kept (the `problems` limit).
    pub(super) fn push_with<C: Coded>(
        &mut self,
        path: impl FnOnce() -> String,
        e: impl FnOnce() -> C,
    ) {
        self.problems
            .add(Severity::Error, || e().to_problem(&path(), Severity::Error));
    }

    /// A decimal within the engine's range, at a pointer written only for a finding.
    pub(super) fn dec_at(&mut self, d: &Dec, path: Here) -> Option<Decimal> {
        match money::parse_decimal(&d.0) {
            Err(e) => {
                self.push_at(path, e);
                None
            }
            Ok(v) if !limits::amount_in_range(v) => {
                let expected = "at most 12 integer digits";
                self.push_at(
                    path,
                    ShapeError::OutOfRange {
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
        self.dec_where_at(d, &|| path.to_string(), ok, expected)
    }

    pub(super) fn dec_where_at(
        &mut self,
        d: &Dec,
        path: Here,
        ok: fn(Decimal) -> bool,
        expected: &'static str,
    ) -> Option<Decimal> {
        let v = self.dec_at(d, path)?;
        if !ok(v) {
            self.push_at(
                path,
                ShapeError::OutOfRange {
                    value: d.0.clone(),
                    expected,
                },
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn non_negative(&mut self, d: &Dec, path: &str) -> Option<Decimal> {
        self.non_negative_at(d, &|| path.to_string())
    }

    pub(super) fn non_negative_at(&mut self, d: &Dec, path: Here) -> Option<Decimal> {
        self.dec_where_at(
            d,
            path,
            |v| !v.is_sign_negative() || v.is_zero(),
            "zero or more",
        )
    }

    pub(super) fn positive(&mut self, d: &Dec, path: &str) -> Option<Decimal> {
        self.positive_at(d, &|| path.to_string())
    }

    pub(super) fn positive_at(&mut self, d: &Dec, path: Here) -> Option<Decimal> {
        self.dec_where_at(d, path, |v| v > Decimal::ZERO, "more than zero")
    }

    /// A non-negative money amount with at most the currency's minor units (if the currency is known).
    pub(super) fn amount(&mut self, d: &Dec, path: &str, currency: &str) -> Option<Decimal> {
        self.amount_at(d, &|| path.to_string(), currency)
    }

    pub(super) fn amount_at(&mut self, d: &Dec, path: Here, currency: &str) -> Option<Decimal> {
        let v = self.non_negative_at(d, path)?;
        if let Some(&minor) = self.currencies.get(currency) {
            let minor = minor as u32; // was a u32
            if !money::is_multiple_of_minor(v, minor) {
                let amount = d.0.clone();
                self.push_at(
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
        if !rulebook::is_country(code) {
            self.push(path, rulebook::unknown_country(code));
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

    /// A tax category reference: its index in the model, or `usize::MAX` (and a finding) when unknown.
    pub(super) fn category_ref(&mut self, id: &str, path: Here) -> usize {
        match self.categories.binary_search_by(|c| c.as_str().cmp(id)) {
            Ok(index) => index,
            Err(_) => {
                self.push_at(
                    path,
                    E::DanglingReference {
                        kind: "tax-category",
                        id: id.to_string(),
                    },
                );
                usize::MAX
            }
        }
    }

    /// Tier-like bounds: strictly increasing positive up-to values, only the last open-ended.
    pub(super) fn bounds(
        &mut self,
        up_tos: &[Option<&Dec>],
        path: Here,
    ) -> Option<Vec<Option<Decimal>>> {
        if up_tos.is_empty() {
            self.push_at(
                path,
                ShapeError::OutOfRange {
                    value: "[]".into(),
                    expected: "at least one tier",
                },
            );
            return None;
        }
        let mut out = Vec::with_capacity(up_tos.len());
        let mut ok = true;
        let mut previous: Option<(Decimal, &str)> = None;
        for (i, up_to) in up_tos.iter().enumerate() {
            // Written only for a finding: checking a tier allocates no pointer.
            let p = || at(&at_index(&path(), i), "up-to");
            let last = i + 1 == up_tos.len();
            match up_to {
                None if !last => {
                    self.push_at(&p, E::TiersOpenEnd);
                    ok = false;
                }
                Some(_) if last => {
                    self.push_at(&p, E::TiersOpenEnd);
                    ok = false;
                }
                _ => {}
            }
            let v = match up_to {
                Some(d) => match self.positive_at(d, &p) {
                    Some(v) => {
                        if let Some((prev, prev_text)) = previous {
                            if v <= prev {
                                let (previous, up_to) = (prev_text.to_string(), d.0.clone());
                                self.push_at(&p, E::TiersOverlapping { previous, up_to });
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

/// A selector as text, one text per selector ("1,2,;3,;4:5,6,;|7,;": skus; categories; each attribute
/// name:values; | excluded skus; then each line option as `len:name=` and `len:value,` per value, then `;`),
/// the key it is interned by: a `String` key is a map type the wasm has anyway, a `Select` key would bring its
/// own copy of the map's code.
fn select_key(s: &Select) -> String {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    fn list(k: &mut String, ids: &[u32]) {
        for id in ids {
            let _ = write!(k, "{id},");
        }
        k.push(';');
    }
    let mut k = String::new();
    list(&mut k, &s.skus);
    list(&mut k, &s.categories);
    for (name, values) in &s.attributes {
        let _ = write!(k, "{name}:");
        list(&mut k, values);
    }
    k.push('|');
    list(&mut k, &s.exclude_skus);
    // Line options by text, each string after its length so that no text can pass for another's.
    for (name, values) in &s.line_attributes {
        let _ = write!(k, "{}:{name}=", name.len());
        for v in values {
            let _ = write!(k, "{}:{v},", v.len());
        }
        k.push(';');
    }
    k
}

/// `path/index`.
pub(super) fn at_index(path: &str, index: usize) -> String {
    at(path, &index.to_string())
}

/// Whether `id` is in `seen` already (then a duplicate); adds it. `seen` is a map (values unused) because the
/// wasm has that map type anyway and no set of `&str` (CONTRIBUTING.md, "Keep the browser build small").
pub(super) fn dup<'a>(seen: &mut BTreeMap<&'a str, usize>, id: &'a str) -> bool {
    seen.insert(id, 0).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(
        skus: &[u32],
        categories: &[u32],
        attributes: &[(u32, &[u32])],
        exclude: &[u32],
    ) -> Select {
        Select {
            skus: skus.to_vec(),
            categories: categories.to_vec(),
            attributes: attributes.iter().map(|(n, v)| (*n, v.to_vec())).collect(),
            exclude_skus: exclude.to_vec(),
            line_attributes: Vec::new(),
        }
    }

    #[test]
    fn select_keys_are_one_to_one() {
        // Selectors that differ only in where the numbers sit: each must get its own key (the interning would
        // merge them otherwise); the keys are written out by hand from the format in select_key's doc.
        let cases = [
            (select(&[1, 2], &[], &[], &[]), "1,2,;;|;"),
            (select(&[1], &[2], &[], &[]), "1,;2,;|;"),
            (select(&[12], &[], &[], &[]), "12,;;|;"),
            (select(&[], &[], &[(1, &[2])], &[]), ";;1:2,;|;"),
            (select(&[], &[], &[(1, &[]), (2, &[])], &[]), ";;1:;2:;|;"),
            (select(&[], &[], &[], &[1, 2]), ";;|1,2,;"),
            (select(&[], &[], &[], &[]), ";;|;"),
        ];
        for (s, key) in &cases {
            assert_eq!(select_key(s), *key);
        }
        let mut keys: Vec<&str> = cases.iter().map(|(_, k)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), cases.len());
    }

    #[test]
    fn line_option_texts_cannot_pass_for_one_another() {
        // Line options are keyed by text, each string after its length: a value holding the separators must
        // not give the key of two values (written out by hand from select_key's format).
        let with = |options: &[(&str, &[&str])]| Select {
            line_attributes: options
                .iter()
                .map(|(n, vs)| (n.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
            ..select(&[], &[], &[], &[])
        };
        let one = with(&[("wrap", &["a,1:b"])]);
        let two = with(&[("wrap", &["a", "b"])]);
        assert_eq!(select_key(&one), ";;|;4:wrap=5:a,1:b,;");
        assert_eq!(select_key(&two), ";;|;4:wrap=1:a,1:b,;");
        assert_ne!(select_key(&one), select_key(&two));
        assert_ne!(
            select_key(&with(&[("wrap", &[])])),
            select_key(&select(&[], &[], &[], &[]))
        );
    }
}
