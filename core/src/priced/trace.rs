//! The explanation trace: ordered steps saying which price list and tier priced each line, where rounding
//! changed a value (before/after), which tax rule applied, what shipping cost and why.
//!
//! Step kinds (stable, documented in docs/rulebook.md): `price`, `rounding`, `tax`, `tax-exempt`, `shipping`,
//! `cash-rounding`, `exchange` (a derived list's conversion, pricing/derive.rs) and `promotion` (written by the
//! promotions layer).
//!
//! The trace is on demand (the cart's `explain`): a trace that is off records nothing, and every step's
//! pointer, message and params are built inside the trace only when it is on, so that a quote without the
//! explanation builds none of its strings.

use crate::api::TraceStep;
use crate::error::Param;
use crate::money::format_decimal;
use rust_decimal::Decimal;

/// Where a step (or a finding) points in the cart, written out as a JSON Pointer only when needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The whole cart: "".
    Cart,
    /// A cart line: "/lines/N".
    Line(usize),
    /// A line a promotion added: "/lines".
    Gift,
    /// A fixed key of the cart: "/shipping-method", "/tax-exempt", ...
    Key(&'static str),
}

impl At {
    pub fn pointer(self) -> String {
        match self {
            At::Cart => String::new(),
            At::Line(i) => {
                // Without the formatting machinery: every trace step of a line writes its pointer.
                let mut p = String::with_capacity(12);
                p.push_str("/lines/");
                let start = p.len();
                let mut n = i;
                loop {
                    p.insert(start, char::from(b'0' + (n % 10) as u8));
                    n /= 10;
                    if n == 0 {
                        break p;
                    }
                }
            }
            At::Gift => "/lines".to_string(),
            At::Key(key) => key.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    on: bool,
    pub steps: Vec<TraceStep>,
}

impl Trace {
    /// A trace that records (`on`) or ignores every step.
    pub fn new(on: bool) -> Trace {
        Trace {
            on,
            steps: Vec::new(),
        }
    }

    /// Whether steps are recorded: a caller that would do extra work only for the trace asks first.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// A step whose message and params `make` builds, only when the trace is on.
    pub fn step(
        &mut self,
        kind: &'static str,
        at: At,
        make: impl FnOnce() -> (String, Vec<Param>),
    ) {
        if self.on {
            let (message, params) = make();
            self.steps.push(TraceStep {
                kind: kind.to_string(),
                path: at.pointer(),
                message,
                params,
            });
        }
    }

    /// A line was priced by `list` with `model` (and `tier`, a description of the tier used, if any).
    pub fn price(
        &mut self,
        at: At,
        sku: &str,
        list: &str,
        model: &str,
        tier: impl FnOnce() -> Option<String>,
    ) {
        self.step("price", at, || {
            let mut params = vec![
                Param::new("sku", sku),
                Param::new("price-list", list),
                Param::new("model", model),
            ];
            let mut message = format!("{sku} priced by price list {list} ({model})");
            if let Some(t) = tier() {
                message.push_str(&format!(", tier {t}"));
                params.push(Param::owned("tier", t));
            }
            (message, params)
        });
    }

    /// A value was rounded at a named point; recorded only when rounding changed it.
    pub fn rounding(&mut self, at: At, point: &str, before: Decimal, after: Decimal) {
        self.rounding_with(at, point, before, after, Vec::new);
    }

    /// [`Trace::rounding`] with extra params (e.g. the tax rule of a rate group).
    pub fn rounding_with(
        &mut self,
        at: At,
        point: &str,
        before: Decimal,
        after: Decimal,
        extra: impl FnOnce() -> Vec<Param>,
    ) {
        if before == after {
            return;
        }
        self.step("rounding", at, || {
            let (b, a) = (format_decimal(before), format_decimal(after));
            let message = format!("{point} rounded from {b} to {a}");
            let mut params = vec![
                Param::new("point", point),
                Param::owned("before", b),
                Param::owned("after", a),
            ];
            params.extend(extra());
            (message, params)
        });
    }

    /// A tax rule applied to an amount.
    pub fn tax(&mut self, at: At, rule: &str, rate: Decimal, base: Decimal, amount: Decimal) {
        self.step("tax", at, || {
            let (r, b, a) = (
                format_decimal(rate),
                format_decimal(base),
                format_decimal(amount),
            );
            let message = format!("tax {rule} at {r}% on {b}: {a}");
            let params = vec![
                Param::new("tax", rule),
                Param::owned("rate", r),
                Param::owned("base", b),
                Param::owned("amount", a),
            ];
            (message, params)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn line_pointers_read_as_std_formats_them() {
        for i in [0, 7, 10, 99, 100, 999, 1000, 65_535, usize::MAX] {
            assert_eq!(At::Line(i).pointer(), format!("/lines/{i}"));
        }
        assert_eq!(At::Cart.pointer(), "");
        assert_eq!(At::Gift.pointer(), "/lines");
    }
}
