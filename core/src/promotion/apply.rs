//! The application order, stacking and best deal (docs/rulebook.md, "Promotions", is the specification).
//!
//! Candidates are the automatic promotions and the coupon promotions a cart code asked for, ordered by
//! priority (higher first) then rulebook order, with every shipping promotion after every product and order
//! promotion (shipping is priced on the discounted goods in between). Eligibility (coupon, currency, `when`,
//! tier reached, usage limit) is decided once on the cart before promotions. A pass walks the order: an
//! eligible promotion is rejected when an earlier one stops the pass (`stop-after`) or does not combine with
//! it; otherwise it is computed on the cart as it stands and applied, unless it has nothing to discount.
//! In `best-deal` mode the engine also runs one pass per eligible promotion after the first, moved to the
//! front, and keeps the pass with the largest total discount in the lines' price basis (a
//! shipping discount in the other basis converted at the shipping's tax rates; ties: the priority pass, then
//! the earlier leader).

use super::actions::{self, compute, Effect, Empty};
use super::conditions::{self, Miss};
use super::coupons::{self, CouponCheck};
use super::lines::{self, Items};
use super::PromotionError as P;
use crate::api::{PromotionOutcome, PromotionStatus, RoundingMode};
use crate::error::{Coded, Error, Param, Problem, Severity};
use crate::money::{self, format_decimal, format_fixed, Exact, MoneyError};
use crate::priced::{Context, PricedCart};
use crate::rulebook::promotion_shape::{Class, Stacking};
use crate::rulebook::{Act, Promotion};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Best deal compares at most this many alternatives besides the priority pass (the first ones in application
/// order), so that a quote stays bounded however many promotions a rulebook makes exclude each other.
pub const MAX_LEADERS: usize = 32;

/// Prices shipping on the cart as it stands (the pipeline's shipping step).
pub type PriceShipping<'f> = &'f dyn Fn(&Context, &mut PricedCart) -> Result<(), Error>;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// What happened to one candidate in a pass.
#[derive(Debug, Clone)]
enum Status {
    Applied(Decimal),
    Rejected(Problem),
}

struct Pass {
    cart: PricedCart,
    records: Vec<(usize, Status)>,
    total: Decimal,
    /// What best deal compares: the total in the lines' basis, as a fraction over `Worth::den`.
    worth: Worth,
}

/// A pass's total discount in the lines' price basis, exactly: `num / den`. Line, order and gift discounts
/// are in that basis already; a shipping discount in the other basis is converted at the shipping's summed
/// tax rate R: net to gross x (100 + R) / 100, gross to net x 100 / (100 + R).
#[derive(Debug, Clone, Copy)]
struct Worth {
    num: Exact,
    den: Decimal,
}

impl Worth {
    fn of(cart: &PricedCart, total: Decimal) -> Result<Worth, MoneyError> {
        let hundred = Decimal::ONE_HUNDRED;
        let plain = Worth {
            num: Exact::from(total),
            den: Decimal::ONE,
        };
        let Some(s) = cart.shipping.as_ref() else {
            return Ok(plain);
        };
        if s.includes_tax == cart.includes_tax || s.rate.is_zero() {
            return Ok(plain);
        }
        let shipping = crate::priced::discount_sum(&s.discounts)?;
        let lines = money::sub(total, shipping)?;
        let grossed = money::add(hundred, s.rate)?;
        // Over a common denominator: net shipping into gross lines is S x (100 + R) / 100, gross shipping
        // into net lines S x 100 / (100 + R).
        let (to_lines, den) = if cart.includes_tax {
            (grossed, hundred)
        } else {
            (hundred, grossed)
        };
        let num = Exact::product(lines, den).plus(Exact::product(shipping, to_lines))?;
        Ok(Worth { num, den })
    }

    /// For the trace: rounded half-even to the currency.
    fn shown(self, minor: u32) -> Result<Decimal, MoneyError> {
        self.num
            .div_round(Exact::from(self.den), minor, RoundingMode::HalfEven)
    }

    /// Compared by cross products (the denominators are equal within a quote, but need not be assumed).
    fn compare(self, other: Worth) -> Result<Ordering, MoneyError> {
        self.num
            .times(other.den)?
            .compare(other.num.times(self.den)?)
    }
}

/// Whether a promotion can apply at all, decided on the cart before promotions.
fn eligibility(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    coupons: &CouponCheck,
    i: usize,
) -> Result<Result<(), Problem>, Error> {
    let p = &ctx.rulebook.promotions[i];
    if !p.coupons.is_empty() && !coupons.unlocked.contains_key(&i) {
        if let Some((_, problem)) = coupons.refused.get(&i) {
            return Ok(Err(problem.clone()));
        }
    }
    if let Some(problem) = conditions::check(ctx, cart, items, coupons, p).map_err(me)? {
        return Ok(Err(problem));
    }
    if let Act::Tiered {
        target,
        select,
        measure,
        tiers,
    } = &p.action
    {
        if let Err(m) = actions::tier(items, cart, select, *target, *measure, tiers).map_err(me)? {
            let miss = Miss {
                path: format!("{}/action/tiered/tiers/0/min", p.path()),
                condition: "tier",
                expected: format!("at least {}", format_decimal(tiers[0].0)),
                actual: format_decimal(m),
            };
            return Ok(Err(miss.into_problem(&p.id)));
        }
    }
    let used = coupons::usage(ctx.cart, |k| k == p.id);
    if let Some((limit, max, used)) = coupons::limit_reached(&p.usage_limit, used) {
        let e = P::CapReached {
            promotion: p.id.clone(),
            limit,
            max,
            used,
        };
        let path = format!("{}/usage-limit/{limit}", p.path());
        return Ok(Err(e.to_problem(&path, Severity::Warning)));
    }
    Ok(Ok(()))
}

fn reject(p: &Promotion, e: P) -> Status {
    Status::Rejected(e.to_problem(&p.path(), Severity::Warning))
}

/// Write an effect into the cart and, when `traced`, its explanation into the trace. Without the trace a
/// line's discounts are one unnamed sum: such a cart is only measured (best-deal alternatives), never quoted.
fn commit(
    ctx: &Context,
    cart: &mut PricedCart,
    remaining: &mut Vec<Decimal>,
    traced: bool,
    p: &Promotion,
    e: Effect,
) -> Result<Decimal, Error> {
    let f = |d: Decimal| format_fixed(d, ctx.minor_units);
    let total = e.total().map_err(me)?;
    if !traced {
        // One unnamed entry per line holds the sum of its discounts: only their sum is read from here on.
        for (i, amount) in &e.lines {
            let discounts = &mut cart.lines[*i].discounts;
            match discounts.last_mut() {
                Some((id, sum)) if id.is_empty() => *sum = money::add(*sum, *amount).map_err(me)?,
                _ => discounts.push((String::new(), *amount)),
            }
            remaining[*i] = money::sub(remaining[*i], *amount).map_err(me)?;
        }
        if let Some(s) = cart.shipping.as_mut().filter(|_| !e.shipping.is_zero()) {
            s.discounts.push((p.id.clone(), e.shipping));
        }
        if let Some(mut gift) = e.gift {
            if !gift.subtotal.is_zero() {
                gift.discounts.push((p.id.clone(), gift.subtotal));
            }
            remaining.push(lines::left(&gift).map_err(me)?);
            cart.lines.push(gift);
        }
        return Ok(total);
    }
    for (path, point, before, after) in &e.roundings {
        let extra = vec![Param::new("promotion", &p.id)];
        cart.trace
            .rounding_with(path, point, *before, *after, extra);
    }
    for (i, amount) in &e.lines {
        let line = &mut cart.lines[*i];
        line.discounts.push((p.id.clone(), *amount));
        remaining[*i] = money::sub(remaining[*i], *amount).map_err(me)?;
        let (path, sku) = (line.path(), line.sku.clone());
        let params = vec![
            Param::new("promotion", &p.id),
            Param::new("amount", f(*amount)),
        ];
        let message = format!("promotion {}: {} off {sku}", p.id, f(*amount));
        cart.trace.push("promotion", &path, message, params);
    }
    if !e.shipping.is_zero() {
        if let Some(s) = &mut cart.shipping {
            s.discounts.push((p.id.clone(), e.shipping));
        }
        let params = vec![
            Param::new("promotion", &p.id),
            Param::new("amount", f(e.shipping)),
        ];
        let message = format!("promotion {}: {} off shipping", p.id, f(e.shipping));
        cart.trace
            .push("promotion", "/shipping-method", message, params);
    }
    cart.trace.steps.extend(e.gift_trace.steps);
    if let Some(mut gift) = e.gift {
        if !gift.subtotal.is_zero() {
            gift.discounts.push((p.id.clone(), gift.subtotal));
        }
        let params = vec![
            Param::new("promotion", &p.id),
            Param::new("sku", &gift.sku),
            Param::new("amount", f(gift.subtotal)),
        ];
        let message = format!(
            "promotion {}: gift {} x {} added, {} off",
            p.id,
            gift.sku,
            format_decimal(gift.quantity),
            f(gift.subtotal)
        );
        cart.trace.push("promotion", "/lines", message, params);
        remaining.push(lines::left(&gift).map_err(me)?);
        cart.lines.push(gift);
    }
    let mut params = vec![
        Param::new("promotion", &p.id),
        Param::new("amount", f(total)),
    ];
    let mut message = format!(
        "promotion {} applied: {}, {} in total",
        p.id,
        e.summary,
        f(total)
    );
    if let Some(computed) = e.capped {
        params.push(Param::new("capped-from", f(computed)));
        message.push_str(&format!(" (capped by max-discount from {})", f(computed)));
    }
    cart.trace.push("promotion", "", message, params);
    Ok(total)
}

/// Price shipping, then compute a deferred best-deal leader (record `deferred`) before any other shipping
/// promotion. `false` when the leader has nothing to discount: the alternative is discarded.
#[allow(clippy::too_many_arguments)]
fn settle(
    ctx: &Context,
    cart: &mut PricedCart,
    items: &Items,
    remaining: &mut Vec<Decimal>,
    traced: bool,
    records: &mut [(usize, Status)],
    deferred: Option<usize>,
    total: &mut Decimal,
    price_shipping: PriceShipping,
) -> Result<bool, Error> {
    price_shipping(ctx, cart)?;
    let Some(r) = deferred else {
        return Ok(true);
    };
    let p = &ctx.rulebook.promotions[records[r].0];
    match compute(ctx, cart, items, remaining, traced, p)? {
        Ok(effect) => {
            let amount = commit(ctx, cart, remaining, traced, p, effect)?;
            *total = money::add(*total, amount).map_err(me)?;
            records[r].1 = Status::Applied(amount);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// One walk through `order` (rulebook indices). `None` when the leader (`order[0]`, best deal only) ends up
/// with nothing to discount: such an alternative is not a real choice. Without `traced` the pass only
/// measures (see `commit`): its trace is empty and its cart is not fit to quote.
fn pass(
    ctx: &Context,
    base: &PricedCart,
    items: &Items,
    order: &[usize],
    eligible: &[Option<Problem>],
    price_shipping: PriceShipping,
    traced: bool,
) -> Result<Option<Pass>, Error> {
    let promos = &ctx.rulebook.promotions;
    let mut cart = if traced {
        base.clone()
    } else {
        PricedCart {
            lines: base.lines.clone(),
            includes_tax: base.includes_tax,
            shipping: base.shipping.clone(),
            trace: Default::default(),
            warnings: Vec::new(),
        }
    };
    let mut remaining = lines::remaining(&cart).map_err(me)?;
    let mut records: Vec<(usize, Status)> = Vec::new();
    let mut committed: Vec<usize> = Vec::new();
    let mut stopped_by: Option<usize> = None;
    let mut shipping_priced = false;
    let mut deferred: Option<usize> = None;
    let mut total = Decimal::ZERO;
    for (pos, &i) in order.iter().enumerate() {
        let p = &promos[i];
        if let Some(problem) = &eligible[i] {
            records.push((i, Status::Rejected(problem.clone())));
            continue;
        }
        if let Some(s) = stopped_by {
            let e = P::StoppedBy {
                promotion: p.id.clone(),
                by: promos[s].id.clone(),
            };
            records.push((i, reject(p, e)));
            continue;
        }
        if let Some(&q) = committed.iter().find(|&&q| !promos[q].combines(p)) {
            let e = P::ExcludedBy {
                promotion: p.id.clone(),
                by: promos[q].id.clone(),
            };
            records.push((i, reject(p, e)));
            continue;
        }
        if p.class == Class::Shipping && !shipping_priced {
            if order[pos + 1..]
                .iter()
                .any(|&j| promos[j].class != Class::Shipping)
            {
                // Only a best-deal leader: decided first, computed once shipping is priced.
                deferred = Some(records.len());
                committed.push(i);
                if p.stop_after {
                    stopped_by = Some(i);
                }
                records.push((i, Status::Applied(Decimal::ZERO)));
                continue;
            }
            shipping_priced = true;
            if !settle(
                ctx,
                &mut cart,
                items,
                &mut remaining,
                traced,
                &mut records,
                deferred.take(),
                &mut total,
                price_shipping,
            )? {
                return Ok(None);
            }
        }
        match compute(ctx, &cart, items, &remaining, traced, p)? {
            Ok(effect) => {
                let amount = commit(ctx, &mut cart, &mut remaining, traced, p, effect)?;
                total = money::add(total, amount).map_err(me)?;
                committed.push(i);
                if p.stop_after {
                    stopped_by = Some(i);
                }
                records.push((i, Status::Applied(amount)));
            }
            Err(Empty::Nothing) => {
                let e = P::NothingToDiscount {
                    promotion: p.id.clone(),
                };
                let problem = e.to_problem(&format!("{}/action", p.path()), Severity::Warning);
                records.push((i, Status::Rejected(problem)));
            }
            Err(Empty::GiftUnavailable) => {
                let sku = match &p.action {
                    Act::Gift { sku, .. } => sku.clone(),
                    _ => String::new(),
                };
                let e = P::GiftUnavailable {
                    promotion: p.id.clone(),
                    sku,
                };
                let problem =
                    e.to_problem(&format!("{}/action/gift/sku", p.path()), Severity::Warning);
                records.push((i, Status::Rejected(problem)));
            }
        }
    }
    if !shipping_priced
        && !settle(
            ctx,
            &mut cart,
            items,
            &mut remaining,
            traced,
            &mut records,
            deferred.take(),
            &mut total,
            price_shipping,
        )?
    {
        return Ok(None);
    }
    let worth = Worth::of(&cart, total).map_err(me)?;
    Ok(Some(Pass {
        cart,
        records,
        total,
        worth,
    }))
}

/// Apply the cart's promotions: product and order promotions, then `price_shipping`, then shipping
/// promotions. Returns every promotion considered, in the order it was considered, and adds the coupon
/// warnings (paths /coupons/N) to the cart.
pub fn run(
    ctx: &Context,
    cart: &mut PricedCart,
    coupons: &CouponCheck,
    price_shipping: PriceShipping,
) -> Result<Vec<PromotionOutcome>, Error> {
    let rb = ctx.rulebook;
    let promos = &rb.promotions;
    let mut order: Vec<usize> = (0..promos.len())
        .filter(|i| {
            promos[*i].coupons.is_empty()
                || coupons.unlocked.contains_key(i)
                || coupons.refused.contains_key(i)
        })
        .collect();
    order.sort_by_key(|&i| {
        (
            promos[i].class == Class::Shipping,
            -i64::from(promos[i].priority),
            i,
        )
    });
    let items = Items::resolve(&rb.items, cart);
    let mut eligible: Vec<Option<Problem>> = vec![None; promos.len()];
    for &i in &order {
        eligible[i] = eligibility(ctx, cart, &items, coupons, i)?.err();
    }
    let mut best =
        pass(ctx, cart, &items, &order, &eligible, price_shipping, true)?.ok_or_else(|| {
            crate::error::EngineError::InvariantViolated {
                invariant: "the priority pass has no leader to discard".into(),
            }
            .to_error("")
        })?;
    if rb.settings.promotion_stacking == Stacking::BestDeal {
        // Alternatives: every eligible promotion but the first (its pass is the priority pass), moved to the
        // front. One the priority pass applied needs its own pass too: after an earlier promotion took a little
        // from its base, a per-unit rounding can give less than the earlier one took (100 % off 4 x 9.655
        // alone is 38.62; after 0.01 off the order it is 4 x 9.65 = 38.60, so 38.61 in all).
        let leaders: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| eligible[i].is_none())
            .skip(1)
            .take(MAX_LEADERS)
            .collect();
        // The alternatives are only measured, without a trace; the one chosen is walked again with it.
        let alternative = |l: usize| -> Vec<usize> {
            std::iter::once(l)
                .chain(order.iter().copied().filter(|&i| i != l))
                .collect()
        };
        let mut tried = vec![(String::from("priority order"), best.worth)];
        let mut chosen = String::from("priority order");
        let (mut leader, mut most) = (None, best.worth);
        for l in leaders {
            let alt = alternative(l);
            let Some(p) = pass(ctx, cart, &items, &alt, &eligible, price_shipping, false)? else {
                continue;
            };
            let name = format!("{} first", promos[l].id);
            tried.push((name.clone(), p.worth));
            if p.worth.compare(most).map_err(me)? == Ordering::Greater {
                (leader, most) = (Some(l), p.worth);
                chosen = name;
            }
        }
        if let Some(l) = leader {
            // The priority pass is not kept: its trace is freed before the chosen pass is walked again.
            drop(std::mem::take(&mut best.cart.trace));
            best = pass(
                ctx,
                cart,
                &items,
                &alternative(l),
                &eligible,
                price_shipping,
                true,
            )?
            .filter(|p| p.worth.compare(most).ok() == Some(Ordering::Equal))
            .ok_or_else(|| {
                crate::error::EngineError::InvariantViolated {
                    invariant: "the chosen best-deal pass gives its measured total again".into(),
                }
                .to_error("")
            })?;
        }
        if tried.len() > 1 {
            let f = |d: Decimal| format_fixed(d, ctx.minor_units);
            let mut list = Vec::with_capacity(tried.len());
            for (n, w) in &tried {
                list.push(format!("{n}: {}", f(w.shown(ctx.minor_units).map_err(me)?)));
            }
            let list = list.join("; ");
            let params = vec![
                Param::new("chosen", &chosen),
                Param::new("alternatives", tried.len()),
                Param::new("amount", f(best.total)),
            ];
            best.cart.trace.push(
                "promotion",
                "",
                format!("best deal: {chosen} ({list})"),
                params,
            );
        }
    }
    let warnings = coupon_warnings(ctx, coupons, &best.records);
    *cart = best.cart;
    cart.warnings.extend(warnings);
    Ok(best
        .records
        .into_iter()
        .map(|(i, status)| {
            let coupon = coupons
                .unlocked
                .get(&i)
                .or_else(|| coupons.refused.get(&i).map(|(k, _)| k))
                .map(|&k| rb.coupons.list[k].code.clone());
            let (status, amount, reason) = match status {
                Status::Applied(a) => (PromotionStatus::Applied, a, None),
                Status::Rejected(p) => (PromotionStatus::Rejected, Decimal::ZERO, Some(p)),
            };
            PromotionOutcome {
                id: promos[i].id.clone(),
                coupon,
                status,
                amount: format_fixed(amount, ctx.minor_units),
                reason,
            }
        })
        .collect())
}

/// One warning per known cart code that did not give a discount, in cart order.
fn coupon_warnings(
    ctx: &Context,
    coupons: &CouponCheck,
    records: &[(usize, Status)],
) -> Vec<Problem> {
    let rb = ctx.rulebook;
    let mut out = Vec::new();
    for (n, entry) in coupons.entries.iter().enumerate() {
        let path = format!("/coupons/{n}");
        if entry.coupon.is_none() {
            continue; // unknown: an error of the cart rules, reported there
        }
        if let Some(e) = &entry.finding {
            out.push(e.to_problem(&path, Severity::Warning));
            continue;
        }
        let (Some(pi), Some(k)) = (entry.unlocks, entry.coupon) else {
            continue;
        };
        let Some((_, Status::Rejected(reason))) = records.iter().find(|(i, _)| *i == pi) else {
            continue;
        };
        let coupon = rb.coupons.list[k].code.clone();
        let promotion = rb.promotions[pi].id.clone();
        let by = reason.params.iter().find(|p| p.name == "by");
        let e = match (reason.code.as_str(), by) {
            ("excluded-by" | "stopped-by", Some(by)) => P::CouponNotCombinable {
                coupon,
                promotion,
                by: by.value.clone(),
            },
            _ => P::CouponConditionsNotMet {
                coupon,
                promotion,
                reason: reason.code.clone(),
            },
        };
        out.push(e.to_problem(&path, Severity::Warning));
    }
    out
}
