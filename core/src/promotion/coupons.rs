//! The cart's coupon codes against the rulebook's coupons.
//!
//! Each code is trimmed and looked up (exactly for case-sensitive coupons, else case-insensitively). A code
//! the rulebook does not know is an input error, like an unknown sku (`coupon-unknown`, the cart does not
//! quote). A known coupon must be inside its window and below its usage limits (cart.usage, matched with the
//! same rule); a valid one unlocks its promotion. A known coupon that gives nothing never fails a quote: it
//! becomes a warning at /coupons/N once the promotions ran (so a coupon whose promotion was rejected says
//! why), and its promotion's outcome is rejected with the reason.

use super::PromotionError as P;
use crate::api::{Cart, UsageCount};
use crate::error::{Coded, Problem, Severity};
use crate::index_map::IndexMap;
use crate::priced::Context;
use crate::rulebook::{Coupon, UsageLimit};

/// What one cart code turned out to be.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the rulebook's coupons, when the code is known.
    pub coupon: Option<usize>,
    /// A finding about the code itself (unknown, expired, duplicate, ...).
    pub finding: Option<P>,
    /// The promotion (index) this code unlocked.
    pub unlocks: Option<usize>,
}

/// The coupons of one cart.
#[derive(Debug, Clone, Default)]
pub struct CouponCheck {
    /// One entry per cart.coupons element, in cart order.
    pub entries: Vec<Entry>,
    /// Promotion index -> rulebook coupon index of the first valid code that unlocked it.
    pub unlocked: IndexMap,
    /// Promotion index -> its entry in `refusals`, for promotions only invalid codes asked for (read with
    /// [`CouponCheck::refusal`]; an index, not the pair, so that the map is of a type the wasm has anyway).
    pub refused: IndexMap,
    /// (rulebook coupon index, the reason) of each promotion in `refused`, in the order they were refused.
    pub refusals: Vec<(usize, Problem)>,
    /// Rulebook index -> promotion index of the valid coupons on the cart (for the `coupon` condition). A
    /// map of the type of `unlocked`, not a set: one map type less in the wasm.
    pub valid: IndexMap,
}

impl CouponCheck {
    /// (rulebook coupon index, the reason) of a promotion only invalid codes asked for.
    pub fn refusal(&self, promotion: usize) -> Option<&(usize, Problem)> {
        self.refused.get(&promotion).map(|&r| &self.refusals[r])
    }
}

/// The first usage entry a key matcher accepts (absent = never used).
pub fn usage(cart: &Cart, matches: impl Fn(&str) -> bool) -> Option<&UsageCount> {
    cart.usage.iter().find(|u| matches(&u.key))
}

/// Which usage limit is reached, if any: ("per-customer" | "total", max, used).
pub fn limit_reached(
    limit: &UsageLimit,
    used: Option<&UsageCount>,
) -> Option<(&'static str, u32, u32)> {
    let (by_customer, total) = used.map_or((0, 0), |u| (u.by_customer, u.total));
    if let Some(max) = limit.per_customer.filter(|m| by_customer >= *m) {
        return Some(("per-customer", max, by_customer));
    }
    if let Some(max) = limit.total.filter(|m| total >= *m) {
        return Some(("total", max, total));
    }
    None
}

/// Why a known coupon cannot be used now, with the pointer into the rulebook it concerns.
fn invalid(ctx: &Context, k: &Coupon) -> Option<(P, String)> {
    let path = format!("/coupons/{}", k.index);
    let text = |t: crate::rulebook::time::Timestamp| crate::rulebook::time::format(t);
    if let Some(from) = k.valid_from.filter(|f| ctx.at < *f) {
        let e = P::CouponNotYetValid {
            coupon: k.code.clone(),
            from: text(from),
        };
        return Some((e, format!("{path}/valid-from")));
    }
    if let Some(until) = k.valid_until.filter(|u| ctx.at >= *u) {
        let e = P::CouponExpired {
            coupon: k.code.clone(),
            until: text(until),
        };
        return Some((e, format!("{path}/valid-until")));
    }
    let used = usage(ctx.cart, |key| k.matches(key));
    if let Some((limit, max, used)) = limit_reached(&k.usage_limit, used) {
        let e = P::CouponUsageExhausted {
            coupon: k.code.clone(),
            limit,
            max,
            used,
        };
        return Some((e, format!("{path}/usage-limit/{limit}")));
    }
    None
}

impl CouponCheck {
    /// The error-severity findings (unknown codes), for the cart rules.
    pub fn errors(&self) -> Vec<Problem> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.coupon.is_none())
            .filter_map(|(n, e)| e.finding.as_ref().map(|f| (n, f)))
            .map(|(n, f)| f.to_problem(&format!("/coupons/{n}"), Severity::Error))
            .collect()
    }
}

/// Check every code of the cart, in cart order.
pub fn check(ctx: &Context) -> CouponCheck {
    let coupons = &ctx.rulebook.coupons;
    let mut out = CouponCheck::default();
    let mut seen = IndexMap::default(); // a set, as `valid`
    for text in &ctx.cart.coupons {
        let Some(k) = coupons.find(text) else {
            out.entries.push(Entry {
                coupon: None,
                finding: Some(P::CouponUnknown {
                    coupon: text.clone(),
                }),
                unlocks: None,
            });
            continue;
        };
        let promotion = &ctx.rulebook.promotions[k.promotion];
        let mut entry = Entry {
            coupon: Some(k.index),
            finding: None,
            unlocks: None,
        };
        if seen.insert(k.index, k.promotion).is_some() || out.unlocked.contains_key(&k.promotion) {
            entry.finding = Some(P::CouponDuplicate {
                coupon: k.code.clone(),
                promotion: promotion.id.clone(),
            });
        } else if let Some((e, path)) = invalid(ctx, k) {
            if !out.refused.contains_key(&k.promotion) {
                out.refused.insert(k.promotion, out.refusals.len());
                out.refusals
                    .push((k.index, e.to_problem(&path, Severity::Warning)));
            }
            entry.finding = Some(e);
        } else {
            out.unlocked.insert(k.promotion, k.index);
            out.valid.insert(k.index, k.promotion);
            entry.unlocks = Some(k.promotion);
        }
        out.entries.push(entry);
    }
    out
}
