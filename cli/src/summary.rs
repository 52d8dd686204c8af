//! The summary of a replay: counts by status and sums over the records, per currency (amounts of different
//! currencies are never added). Sums are exact (decimal addition, no rounding), so the order carts are added
//! in does not matter and partial summaries of the worker threads merge into the same result. The Spark job
//! computes the same summary on its own (replay/spark); a test compares the two.
//!
//! A sum starts at 0 and takes the scale of its terms: 0 + 4.00 + 1.50 = 5.50.

use kassa_core::api::{ReplayFailure, ReplayRecord, ReplayStatus};
use kassa_core::money::{format_decimal, parse_decimal};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::progress::thousands;

const STATUSES: [(ReplayStatus, &str); 5] = [
    (ReplayStatus::Same, "same"),
    (ReplayStatus::Changed, "changed"),
    (ReplayStatus::NewlyFailing, "newly-failing"),
    (ReplayStatus::NewlyQuoting, "newly-quoting"),
    (ReplayStatus::Failing, "failing"),
];

/// Old, new and new - old, each summed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Amounts {
    old: Decimal,
    new: Decimal,
    delta: Decimal,
}

/// Amounts summed over the carts that quote under both rulebooks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Sums {
    carts: u64,
    amounts: Amounts,
}

/// A promotion's changes: how many carts it newly applies to, is newly rejected for, or gives another
/// amount; and its amounts old and new summed over those carts (not applied counts as 0).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct PromotionSums {
    newly_applied: u64,
    newly_rejected: u64,
    amount_changed: u64,
    amounts: Amounts,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    carts: u64,
    by_status: [u64; 5],
    /// By currency.
    totals: BTreeMap<String, Sums>,
    /// By (tax rule, currency).
    taxes: BTreeMap<(String, String), Sums>,
    /// By (promotion, currency).
    promotions: BTreeMap<(String, String), PromotionSums>,
    /// By (side, code, the code of the first problem for errors that list problems).
    errors: BTreeMap<(&'static str, String, Option<String>), u64>,
}

fn num(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| format!("summary: {text:?} is not a decimal: {e}"))
}

fn add(sum: &mut Decimal, d: Decimal) -> Result<(), String> {
    *sum = sum
        .checked_add(d)
        .ok_or("summary: a sum is out of the decimal range")?;
    Ok(())
}

impl Amounts {
    fn add(&mut self, old: Decimal, new: Decimal, delta: Decimal) -> Result<(), String> {
        add(&mut self.old, old)?;
        add(&mut self.new, new)?;
        add(&mut self.delta, delta)
    }

    fn merge(&mut self, o: &Amounts) -> Result<(), String> {
        self.add(o.old, o.new, o.delta)
    }

    /// The three sums formatted, for the JSON and the table.
    fn formatted(&self) -> AmountsJson {
        AmountsJson {
            old: format_decimal(self.old),
            new: format_decimal(self.new),
            delta: format_decimal(self.delta),
        }
    }
}

impl Sums {
    fn add(&mut self, old: Decimal, new: Decimal, delta: Decimal) -> Result<(), String> {
        self.carts += 1;
        self.amounts.add(old, new, delta)
    }

    fn merge(&mut self, o: &Sums) -> Result<(), String> {
        self.carts += o.carts;
        self.amounts.merge(&o.amounts)
    }
}

impl Summary {
    pub fn carts(&self) -> u64 {
        self.carts
    }

    /// Counts one record.
    pub fn add(&mut self, r: &ReplayRecord) -> Result<(), String> {
        self.carts += 1;
        let i = STATUSES
            .iter()
            .position(|(s, _)| *s == r.status)
            .unwrap_or(4);
        self.by_status[i] += 1;
        if let (Some(o), Some(n), Some(d)) =
            (&r.grand_total_old, &r.grand_total_new, &r.grand_total_delta)
        {
            self.totals
                .entry(r.currency.clone())
                .or_default()
                .add(num(o)?, num(n)?, num(d)?)?;
        }
        for t in &r.taxes {
            self.taxes
                .entry((t.tax.clone(), r.currency.clone()))
                .or_default()
                .add(num(&t.old)?, num(&t.new)?, num(&t.delta)?)?;
        }
        for p in &r.promotions {
            let s = self
                .promotions
                .entry((p.id.clone(), r.currency.clone()))
                .or_default();
            let old = p.old.as_deref().map(num).transpose()?;
            let new = p.new.as_deref().map(num).transpose()?;
            match (old, new) {
                (None, Some(_)) => s.newly_applied += 1,
                (Some(_), None) => s.newly_rejected += 1,
                _ => s.amount_changed += 1,
            }
            let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
            let delta = new.checked_sub(old).ok_or("summary: out of range")?;
            s.amounts.add(old, new, delta)?;
        }
        for (side, e) in [("old", &r.error_old), ("new", &r.error_new)] {
            if let Some(e) = e {
                *self
                    .errors
                    .entry((side, e.code.clone(), cause(e)))
                    .or_default() += 1;
            }
        }
        Ok(())
    }

    /// Adds another summary (of other carts) to this one.
    pub fn merge(&mut self, o: &Summary) -> Result<(), String> {
        self.carts += o.carts;
        for (a, b) in self.by_status.iter_mut().zip(o.by_status) {
            *a += b;
        }
        for (k, v) in &o.totals {
            self.totals.entry(k.clone()).or_default().merge(v)?;
        }
        for (k, v) in &o.taxes {
            self.taxes.entry(k.clone()).or_default().merge(v)?;
        }
        for (k, v) in &o.promotions {
            let s = self.promotions.entry(k.clone()).or_default();
            s.newly_applied += v.newly_applied;
            s.newly_rejected += v.newly_rejected;
            s.amount_changed += v.amount_changed;
            s.amounts.merge(&v.amounts)?;
        }
        for (k, v) in &o.errors {
            *self.errors.entry(k.clone()).or_default() += v;
        }
        Ok(())
    }

    /// The summary as JSON (`--summary FILE`; the format is in docs/replay.md).
    pub fn to_json(&self) -> String {
        let json = SummaryJson {
            carts: self.carts,
            same: self.by_status[0],
            changed: self.by_status[1],
            newly_failing: self.by_status[2],
            newly_quoting: self.by_status[3],
            failing: self.by_status[4],
            totals: self
                .totals
                .iter()
                .map(|(c, s)| TotalJson {
                    currency: c.clone(),
                    carts: s.carts,
                    amounts: s.amounts.formatted(),
                })
                .collect(),
            taxes: self
                .taxes
                .iter()
                .map(|((t, c), s)| TaxJson {
                    tax: t.clone(),
                    currency: c.clone(),
                    carts: s.carts,
                    amounts: s.amounts.formatted(),
                })
                .collect(),
            promotions: self
                .promotions
                .iter()
                .map(|((id, c), s)| PromotionJson {
                    id: id.clone(),
                    currency: c.clone(),
                    newly_applied: s.newly_applied,
                    newly_rejected: s.newly_rejected,
                    amount_changed: s.amount_changed,
                    amounts: s.amounts.formatted(),
                })
                .collect(),
            errors: self
                .errors
                .iter()
                .map(|((side, code, problem), n)| ErrorJson {
                    side,
                    code: code.clone(),
                    problem: problem.clone(),
                    carts: *n,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
    }

    /// The summary as a table for a person.
    pub fn to_table(&self, old: &str, new: &str) -> String {
        let n = |x: u64| thousands(x);
        let mut out = String::new();
        let _ = writeln!(out, "kassa replay: {} carts, {old} -> {new}", n(self.carts));
        let mut t = Table::new(&["status", "carts"]);
        for (i, (_, name)) in STATUSES.iter().enumerate() {
            t.row(vec![name.to_string(), n(self.by_status[i])]);
        }
        t.write(&mut out);
        if !self.totals.is_empty() {
            let _ = writeln!(out, "\ngrand totals (carts that quote under both)");
            let mut t = Table::new(&["currency", "carts", "old", "new", "delta"]);
            for (c, s) in &self.totals {
                t.row_with(vec![c.clone(), n(s.carts)], &s.amounts);
            }
            t.write(&mut out);
        }
        if !self.taxes.is_empty() {
            let _ = writeln!(out, "\ntax per rule (carts that quote under both)");
            let mut t = Table::new(&["tax", "currency", "carts", "old", "new", "delta"]);
            for ((tax, c), s) in &self.taxes {
                t.row_with(vec![tax.clone(), c.clone(), n(s.carts)], &s.amounts);
            }
            t.write(&mut out);
        }
        if !self.promotions.is_empty() {
            let _ = writeln!(out, "\npromotions whose outcome changed");
            let mut t = Table::new(&[
                "promotion",
                "currency",
                "newly applied",
                "newly rejected",
                "amount changed",
                "old",
                "new",
                "delta",
            ]);
            for ((id, c), s) in &self.promotions {
                let counts = [s.newly_applied, s.newly_rejected, s.amount_changed];
                let mut cells = vec![id.clone(), c.clone()];
                cells.extend(counts.map(n));
                t.row_with(cells, &s.amounts);
            }
            t.write(&mut out);
        }
        if !self.errors.is_empty() {
            let _ = writeln!(out, "\ncarts that do not quote");
            let mut t = Table::new(&["rulebook", "code", "first problem", "carts"]);
            for ((side, code, problem), count) in &self.errors {
                t.row(vec![
                    side.to_string(),
                    code.clone(),
                    problem.clone().unwrap_or_default(),
                    n(*count),
                ]);
            }
            t.write(&mut out);
        }
        out
    }
}

/// The code of the first problem, for errors that list their problems (cart-invalid).
fn cause(e: &ReplayFailure) -> Option<String> {
    e.problems.first().map(|p| p.code.clone())
}

/// Columns padded to their widest cell; text left, numbers right.
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(head: &[&str]) -> Table {
        Table {
            rows: vec![head.iter().map(|h| h.to_string()).collect()],
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// A row that ends with the old, new and delta columns.
    fn row_with(&mut self, mut cells: Vec<String>, amounts: &Amounts) {
        let a = amounts.formatted();
        cells.extend([a.old, a.new, a.delta]);
        self.rows.push(cells);
    }

    fn write(&self, out: &mut String) {
        let cols = self.rows[0].len();
        let width: Vec<usize> = (0..cols)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (i, r) in self.rows.iter().enumerate() {
            let mut line = String::from(" ");
            for (c, cell) in r.iter().enumerate() {
                let numeric =
                    i > 0 && cell.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-');
                if numeric {
                    let _ = write!(line, " {cell:>w$}", w = width[c]);
                } else {
                    let _ = write!(line, " {cell:<w$}", w = width[c]);
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SummaryJson {
    carts: u64,
    same: u64,
    changed: u64,
    newly_failing: u64,
    newly_quoting: u64,
    failing: u64,
    totals: Vec<TotalJson>,
    taxes: Vec<TaxJson>,
    promotions: Vec<PromotionJson>,
    errors: Vec<ErrorJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TotalJson {
    currency: String,
    carts: u64,
    #[serde(flatten)]
    amounts: AmountsJson,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TaxJson {
    tax: String,
    currency: String,
    carts: u64,
    #[serde(flatten)]
    amounts: AmountsJson,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PromotionJson {
    id: String,
    currency: String,
    newly_applied: u64,
    newly_rejected: u64,
    amount_changed: u64,
    #[serde(flatten)]
    amounts: AmountsJson,
}

#[derive(Serialize)]
struct AmountsJson {
    old: String,
    new: String,
    delta: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ErrorJson {
    side: &'static str,
    code: String,
    problem: Option<String>,
    carts: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use kassa_core::api::{PromotionChange, TaxChange};

    fn record(status: ReplayStatus, totals: Option<(&str, &str, &str)>) -> ReplayRecord {
        ReplayRecord {
            line: 1,
            status,
            currency: "EUR".into(),
            grand_total_old: totals.map(|t| t.0.into()),
            grand_total_new: totals.map(|t| t.1.into()),
            grand_total_delta: totals.map(|t| t.2.into()),
            taxes: Vec::new(),
            promotions: Vec::new(),
            error_old: None,
            error_new: None,
        }
    }

    fn sample() -> Vec<ReplayRecord> {
        let mut a = record(ReplayStatus::Changed, Some(("44.70", "48.70", "4.00")));
        a.taxes = vec![TaxChange {
            tax: "de-vat-standard".into(),
            old: "7.13".into(),
            new: "7.77".into(),
            delta: "0.64".into(),
        }];
        a.promotions = vec![PromotionChange {
            id: "spend-more".into(),
            coupon: Some("SPEND".into()),
            old: Some("5.00".into()),
            new: None,
            reason: Some("condition-not-met".into()),
        }];
        let mut b = record(ReplayStatus::Same, Some(("3.60", "3.60", "0.00")));
        b.taxes = vec![TaxChange {
            tax: "de-vat-standard".into(),
            old: "0.57".into(),
            new: "0.57".into(),
            delta: "0.00".into(),
        }];
        let mut c = record(ReplayStatus::NewlyFailing, None);
        c.grand_total_old = Some("8.40".into());
        c.error_new = Some(ReplayFailure {
            code: "cart-invalid".into(),
            path: String::new(),
            message: "m".into(),
            problems: vec![kassa_core::Problem {
                code: "item-inactive".into(),
                path: "/lines/0/sku".into(),
                message: "m".into(),
                params: Vec::new(),
                severity: kassa_core::Severity::Error,
            }],
        });
        vec![a, b, c]
    }

    #[test]
    fn sums_by_hand() {
        let mut s = Summary::default();
        for r in sample() {
            s.add(&r).unwrap();
        }
        // Totals: 44.70 + 3.60 = 48.30 old, 48.70 + 3.60 = 52.30 new, 4.00 + 0.00 = 4.00 delta over 2 carts;
        // de-vat-standard 7.13 + 0.57 = 7.70 -> 7.77 + 0.57 = 8.34 (+0.64); spend-more newly rejected once,
        // 5.00 -> 0 (-5.00); one cart fails under the new rulebook with item-inactive.
        let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "carts": 3, "same": 1, "changed": 1, "newly-failing": 1, "newly-quoting": 0, "failing": 0,
                "totals": [{"currency": "EUR", "carts": 2, "old": "48.30", "new": "52.30", "delta": "4.00"}],
                "taxes": [{"tax": "de-vat-standard", "currency": "EUR", "carts": 2, "old": "7.70", "new": "8.34",
                           "delta": "0.64"}],
                "promotions": [{"id": "spend-more", "currency": "EUR", "newly-applied": 0, "newly-rejected": 1,
                                "amount-changed": 0, "old": "5.00", "new": "0", "delta": "-5.00"}],
                "errors": [{"side": "new", "code": "cart-invalid", "problem": "item-inactive", "carts": 1}]
            })
        );
        let table = s.to_table("a 1", "a 2");
        assert!(
            table.starts_with("kassa replay: 3 carts, a 1 -> a 2\n"),
            "{table}"
        );
        // Columns: currency (8 wide, left), carts (5, right), old, new (5), delta (5, right).
        assert!(
            table.contains("\n  EUR          2 48.30 52.30  4.00\n"),
            "{table}"
        );
    }

    #[test]
    fn merging_partial_summaries_gives_the_same_summary() {
        let records = sample();
        let mut whole = Summary::default();
        for r in &records {
            whole.add(r).unwrap();
        }
        let (mut first, mut rest) = (Summary::default(), Summary::default());
        first.add(&records[2]).unwrap();
        for r in &records[..2] {
            rest.add(r).unwrap();
        }
        first.merge(&rest).unwrap();
        assert_eq!(first, whole);
    }
}
