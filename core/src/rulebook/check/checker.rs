//! The check in progress: the findings collected so far, the facts later sections need (the sold currencies,
//! the tax categories), and the value checks every section shares (decimals in range, amounts in a currency's
//! minor units, timestamps, country and currency references, tier bounds).

use crate::error::{Coded, Severity};
use crate::json::ShapeError;
use crate::money;
use crate::problems::Problems;
use crate::rulebook::schema::{Dec, Stamp};
use crate::rulebook::time::{self, Timestamp};
use crate::rulebook::RulebookError as E;
use crate::{limits, rulebook};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Collects findings while the model is built.
pub(super) struct Checker {
    pub(super) problems: Problems,
    /// Currency code -> minor units, for the sold currencies that exist.
    pub(super) currencies: BTreeMap<String, u32>,
    /// The tax categories' ids, sorted (a map's keys), for binary search.
    pub(super) categories: Vec<String>,
}

impl Checker {
    /// A finding at `path`; its message is rendered only if it is kept (the `problems` limit).
    pub(super) fn push(&mut self, path: &str, e: impl Coded) {
        self.problems
            .report(&e, || path.to_string(), Severity::Error);
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
        let v = self.dec(d, path)?;
        if !ok(v) {
            self.push(
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

    pub(super) fn category_ref(&mut self, id: &str, path: &str) {
        if !rulebook::promotion_model::has(&self.categories, id) {
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
    pub(super) fn bounds(
        &mut self,
        up_tos: &[Option<&Dec>],
        path: &str,
    ) -> Option<Vec<Option<Decimal>>> {
        if up_tos.is_empty() {
            self.push(
                path,
                ShapeError::OutOfRange {
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

pub(super) fn dup<'a>(seen: &mut BTreeSet<&'a str>, id: &'a str) -> bool {
    !seen.insert(id)
}
