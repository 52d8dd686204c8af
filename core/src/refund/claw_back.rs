//! The `claw-back` policy (docs/refunds.md, "Policies"): after a return, the items the customer keeps are
//! quoted again on their own (the same cart, moment and coupons, without the returned quantities and without
//! tenders; a unit given back only in part still counts as kept, the kept quantity rounded up to the item's
//! step, and every external tax amount 0: promotions run before tax). What a promotion still gave the kept
//! items in the sale, less what it gives them on their own, is its claw-back: deducted from the refund, and given back again as soon as it shrinks (returning everything
//! leaves no claw-back at all).
//!
//! Per promotion `p`, with the sums over the quote's lines (shipping discounts are not clawed back):
//! - `target = max(0, (discount of p in the sale - p's share given back by every return so far) - discount of
//!   p on the kept items quoted alone)`;
//! - this refund's claw-back = `target - the claw-backs of p in earlier credit notes` (negative: given back),
//!   the positive ones together at most the refund's gross (the rest is taken by a later refund, if any);
//! - rounding point `refund-claw-back-tax`: the tax in a cumulative claw-back `C` of `p` is `C` spread over the
//!   lines by p's discount on each (largest remainder), each part's tax `part x line tax / line gross` at the
//!   rulebook's rounding mode (both cumulative amounts are never negative), summed per rule; a refund's claw-back tax is `tax(after) - tax(before)`, so the
//!   claw-backs of a sale that is returned in full cancel out exactly.

use super::{rows::Rows, split, RefundError};
use crate::api::{Cart, CreditNote, LineDiscount, Quote, RoundingMode};
use crate::error::{Coded, EngineError, Error};
use crate::money::{self, parse_decimal, MoneyError};
use crate::quote;
use crate::rulebook::Rulebook;
use rust_decimal::Decimal;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

fn parse(s: &str) -> Result<Decimal, Error> {
    parse_decimal(s).map_err(me)
}

/// One tax of a claw-back: its row in the quote's `taxes`, the net it is on, the amount.
pub type ClawTax = (usize, Decimal, Decimal);

/// One promotion's claw-back in this refund: its gross and its tax per (rule, rate).
pub struct ClawBack {
    pub promotion: String,
    pub amount: Decimal,
    pub taxes: Vec<ClawTax>,
}

/// Each promotion's discount over the quote's lines.
fn discounts(q: &Quote) -> Result<Vec<(String, Decimal)>, Error> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    for l in &q.lines {
        for d in &l.discounts {
            let a = parse(&d.amount)?;
            match out.iter_mut().find(|(p, _)| *p == d.promotion) {
                Some(x) => x.1 = money::add(x.1, a).map_err(me)?,
                None => out.push((d.promotion.clone(), a)),
            }
        }
    }
    Ok(out)
}

/// The claw-backs of a return under `claw-back`: `returned` is every quantity given back so far per quote line
/// (this return included), `reversed` every promotion's share given back so far (this return included),
/// `gross` this refund's gross before the claw-back.
#[allow(clippy::too_many_arguments)]
pub fn claw_backs(
    rb: &Rulebook,
    cart: &Cart,
    q: &Quote,
    rows: &Rows,
    returned: &[Decimal],
    reversed: &[(String, Decimal)],
    previous: &[CreditNote],
    gross: Decimal,
    minor: u32,
) -> Result<Vec<ClawBack>, Error> {
    let mut kept = cart.clone();
    kept.tenders.clear();
    kept.explain = false;
    let mut lines = Vec::with_capacity(kept.lines.len());
    for (i, mut l) in kept.lines.into_iter().enumerate() {
        let bought = parse(&l.quantity)?;
        let mut left =
            money::sub(bought, returned.get(i).copied().unwrap_or_default()).map_err(me)?;
        // A unit given back only in part is still kept: up to the item's step (never above what was bought).
        if let Some(it) = rb.item(&l.sku).map(|k| &rb.items[k]) {
            if let Some(r) = left.checked_rem(it.step).filter(|r| !r.is_zero()) {
                left = money::add(left, money::sub(it.step, r).map_err(me)?).map_err(me)?;
            }
        }
        if left > Decimal::ZERO {
            l.quantity = money::decimal_text(left);
            lines.push(l);
        }
    }
    kept.lines = lines;
    // Promotions run before tax, so what the kept items earn does not depend on their taxes; but an external
    // tax's amount was the whole sale's, which the kept items' own (smaller, or less discounted) gross need not
    // contain. The kept cart carries 0 for every external amount (rates stay: they always fit).
    let zero = money::fixed_text(Decimal::ZERO, minor);
    for list in kept
        .lines
        .iter_mut()
        .filter_map(|l| l.taxes.as_mut())
        .chain(kept.shipping_taxes.as_mut())
    {
        for t in list.iter_mut().filter(|t| t.amount.is_some()) {
            t.amount = Some(zero.clone());
        }
    }
    let now = if kept.lines.is_empty() {
        Vec::new()
    } else {
        let k = quote::quote(rb, &kept).map_err(|e| {
            // An engine fault is not the kept items' failure: it passes through as itself.
            let fault = EngineError::InvariantViolated {
                invariant: String::new(),
            };
            if e.code == fault.code() {
                return e;
            }
            let mut err = RefundError::KeptCartInvalid {
                code: e.code.clone(),
            }
            .to_error("/policy");
            err.problems = e.problems;
            err
        })?;
        discounts(&k)?
    };
    let mut out = Vec::new();
    let mut room = gross;
    for (p, sold) in discounts(q)? {
        let given = reversed
            .iter()
            .find(|(x, _)| *x == p)
            .map_or(Decimal::ZERO, |x| x.1);
        let earns = now
            .iter()
            .find(|(x, _)| *x == p)
            .map_or(Decimal::ZERO, |x| x.1);
        let holds = money::sub(sold, given).map_err(me)?;
        let target = money::sub(holds, earns).map_err(me)?.max(Decimal::ZERO);
        let mut before = Decimal::ZERO;
        for n in previous {
            for c in n.claw_back.iter().filter(|c| c.promotion == p) {
                before = money::add(before, parse(&c.amount)?).map_err(me)?;
            }
        }
        let mut amount = money::sub(target, before).map_err(me)?;
        if amount > Decimal::ZERO {
            amount = amount.min(room.max(Decimal::ZERO));
            room = money::sub(room, amount).map_err(me)?;
        }
        if amount.is_zero() {
            continue;
        }
        let after = money::add(before, amount).map_err(me)?;
        let mode = rb.settings.rounding_mode;
        let (t_after, t_before) = (
            tax(q, rows, &p, after, minor, mode)?,
            tax(q, rows, &p, before, minor, mode)?,
        );
        let mut taxes = Vec::with_capacity(t_after.len());
        for ((row, na, a), (_, nb, b)) in t_after.into_iter().zip(t_before) {
            let net = money::sub(na, nb).map_err(me)?;
            taxes.push((row, net, money::sub(a, b).map_err(me)?));
        }
        out.push(ClawBack {
            promotion: p,
            amount,
            taxes,
        });
    }
    Ok(out)
}

/// The tax in a cumulative claw-back `c` of promotion `p`, per row of the lines it discounted, in the
/// quote's line and tax order (rounding point `refund-claw-back-tax`).
fn tax(
    q: &Quote,
    rows: &Rows,
    p: &str,
    c: Decimal,
    minor: u32,
    mode: RoundingMode,
) -> Result<Vec<ClawTax>, Error> {
    let mut weights = Vec::with_capacity(q.lines.len());
    for l in &q.lines {
        let mut w = Decimal::ZERO;
        for d in l.discounts.iter().filter(|d| d.promotion == p) {
            w = money::add(w, parse(&d.amount)?).map_err(me)?;
        }
        weights.push(w.abs());
    }
    let mut out: Vec<ClawTax> = Vec::new();
    let parts = if c.is_zero() || weights.iter().all(|w| w.is_zero()) {
        vec![Decimal::ZERO; q.lines.len()]
    } else {
        money::allocate(c, minor, &weights).map_err(me)?
    };
    for ((l, part), keys) in q.lines.iter().zip(parts).zip(&rows.lines) {
        let gross = parse(&l.gross)?;
        let mut amounts = Vec::with_capacity(l.taxes.len());
        for t in &l.taxes {
            let tax = parse(&t.amount)?;
            // The goodwill point's formula (no limit to keep within: the claw-back never exceeds the sale).
            amounts.push(split::goodwill_tax(part, tax, gross, tax, minor, mode).map_err(me)?);
        }
        let line_tax = amounts
            .iter()
            .try_fold(Decimal::ZERO, |s, a| money::add(s, *a))
            .map_err(me)?;
        let net = money::sub(part, line_tax).map_err(me)?;
        for (&row, a) in keys.iter().zip(amounts) {
            match out.iter_mut().find(|x| x.0 == row) {
                Some(x) => {
                    x.1 = money::add(x.1, net).map_err(me)?;
                    x.2 = money::add(x.2, a).map_err(me)?;
                }
                None => out.push((row, net, a)),
            }
        }
    }
    Ok(out)
}

/// The claw-backs as the credit note lists them.
pub fn listed(c: &[ClawBack], minor: u32) -> Vec<LineDiscount> {
    c.iter()
        .map(|c| LineDiscount {
            promotion: c.promotion.clone(),
            amount: money::fixed_text(c.amount, minor),
        })
        .collect()
}
