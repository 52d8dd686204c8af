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

use crate::api::Explanation;
pub use crate::explanation::{Part, StepWriter};
use crate::money::write_decimal;
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
        let mut p = String::new();
        self.write_pointer(&mut p);
        p
    }

    /// The pointer appended to `out`. Without the formatting machinery: every trace step of a line writes one.
    pub fn write_pointer(self, out: &mut String) {
        match self {
            At::Cart => {}
            At::Line(i) => {
                out.push_str("/lines/");
                crate::digits::push_u64(out, i as u64);
            }
            At::Gift => out.push_str("/lines"),
            At::Key(key) => out.push_str(key),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    on: bool,
    pub steps: Explanation,
}

impl Trace {
    /// A trace that records (`on`) or ignores every step.
    pub fn new(on: bool) -> Trace {
        Trace {
            on,
            steps: Explanation::new(),
        }
    }

    /// A quote's own trace: when on, with room for a typical explained quote's ~10 KB of steps at once rather
    /// than grown by doubling (a gift line's trace, appended to it, starts empty).
    pub fn for_quote(on: bool) -> Trace {
        Trace {
            on,
            steps: if on {
                Explanation::with_capacity(16 * 1024, 128)
            } else {
                Explanation::new()
            },
        }
    }

    /// Whether steps are recorded: a caller that would do extra work only for the trace asks first.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// A step whose message and params `make` writes, only when the trace is on.
    pub fn step(&mut self, kind: &'static str, at: At, mut make: impl FnMut(&mut StepWriter<'_>)) {
        if self.on {
            self.steps.push(kind, &|t| at.write_pointer(t), &mut make);
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
        let tier = if self.on { tier() } else { None };
        self.step("price", at, |w| {
            w.param("sku", sku);
            w.param("price-list", list);
            w.param("model", model);
            w.message(&|t| {
                for part in [sku, " priced by price list ", list, " (", model, ")"] {
                    t.push_str(part);
                }
                if let Some(tier) = &tier {
                    t.push_str(", tier ");
                    t.push_str(tier);
                }
            });
            if let Some(tier) = &tier {
                w.param("tier", tier);
            }
        });
    }

    /// A value was rounded at a named point; recorded only when rounding changed it.
    pub fn rounding(&mut self, at: At, point: &str, before: Decimal, after: Decimal) {
        self.rounding_with(at, point, before, after, None);
    }

    /// [`Trace::rounding`] with one more param (e.g. the tax rule of a rate group): (name, value).
    pub fn rounding_with(
        &mut self,
        at: At,
        point: &str,
        before: Decimal,
        after: Decimal,
        extra: Option<(&str, &str)>,
    ) {
        if before == after {
            return;
        }
        self.step("rounding", at, |w| {
            w.param("point", point);
            let b = w.param_with("before", &|t| write_decimal(t, before));
            let a = w.param_with("after", &|t| write_decimal(t, after));
            w.message_of(&[
                Part::Text(point),
                Part::Text(" rounded from "),
                b,
                Part::Text(" to "),
                a,
            ]);
            if let Some((name, value)) = extra {
                w.param(name, value);
            }
        });
    }

    /// A tax rule applied to an amount.
    pub fn tax(&mut self, at: At, rule: &str, rate: Decimal, base: Decimal, amount: Decimal) {
        // Pieces pushed in place of `format!`: a typical quote writes a tax step per line and rate.
        self.step("tax", at, |w| {
            w.param("tax", rule);
            let r = w.param_with("rate", &|t| write_decimal(t, rate));
            let b = w.param_with("base", &|t| write_decimal(t, base));
            let a = w.param_with("amount", &|t| write_decimal(t, amount));
            w.message_of(&[
                Part::Text("tax "),
                Part::Text(rule),
                Part::Text(" at "),
                r,
                Part::Text("% on "),
                b,
                Part::Text(": "),
                a,
            ]);
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
        assert_eq!(At::Key("/tax-exempt").pointer(), "/tax-exempt");
    }
}
