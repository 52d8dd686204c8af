//! The explanation trace: ordered steps saying which price list and tier priced each line, where rounding
//! changed a value (before/after), which tax rule applied, what shipping cost and why.
//!
//! Step kinds (stable, documented in docs/rulebook.md): `price`, `rounding`, `tax`, `tax-exempt`, `shipping`,
//! `cash-rounding`, and `promotion` (written by the promotions layer).

use crate::api::TraceStep;
use crate::error::Param;
use crate::money::format_decimal;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
}

impl Trace {
    pub fn push(&mut self, kind: &str, path: &str, message: String, params: Vec<Param>) {
        self.steps.push(TraceStep {
            kind: kind.to_string(),
            path: path.to_string(),
            message,
            params,
        });
    }

    /// A line was priced by `list` with `model` (and `tier`, a description of the tier used, if any).
    pub fn price(&mut self, path: &str, sku: &str, list: &str, model: &str, tier: Option<String>) {
        let mut params = vec![
            Param::new("sku", sku),
            Param::new("price-list", list),
            Param::new("model", model),
        ];
        let mut message = format!("{sku} priced by price list {list} ({model})");
        if let Some(t) = tier {
            message.push_str(&format!(", tier {t}"));
            params.push(Param::new("tier", t));
        }
        self.push("price", path, message, params);
    }

    /// A value was rounded at a named point; recorded only when rounding changed it.
    pub fn rounding(&mut self, path: &str, point: &str, before: Decimal, after: Decimal) {
        self.rounding_with(path, point, before, after, Vec::new());
    }

    /// [`Trace::rounding`] with extra params (e.g. the tax rule of a rate group).
    pub fn rounding_with(
        &mut self,
        path: &str,
        point: &str,
        before: Decimal,
        after: Decimal,
        extra: Vec<Param>,
    ) {
        if before == after {
            return;
        }
        let (b, a) = (format_decimal(before), format_decimal(after));
        let message = format!("{point} rounded from {b} to {a}");
        let params = vec![
            Param::new("point", point),
            Param::new("before", b),
            Param::new("after", a),
        ];
        self.push(
            "rounding",
            path,
            message,
            params.into_iter().chain(extra).collect(),
        );
    }

    /// A tax rule applied to an amount.
    pub fn tax(&mut self, path: &str, rule: &str, rate: Decimal, base: Decimal, amount: Decimal) {
        let (r, b, a) = (
            format_decimal(rate),
            format_decimal(base),
            format_decimal(amount),
        );
        let message = format!("tax {rule} at {r}% on {b}: {a}");
        let params = vec![
            Param::new("tax", rule),
            Param::new("rate", r),
            Param::new("base", b),
            Param::new("amount", a),
        ];
        self.push("tax", path, message, params);
    }
}
