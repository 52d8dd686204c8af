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
use crate::error::{Coded, Error, Problem, Severity};
use crate::money::{self, format_decimal, format_fixed, Exact, MoneyError};
use crate::priced::trace::Part;
use crate::priced::{At, Context, PricedCart, Trace};
use crate::rulebook::promotion_shape::{Class, Stacking};
use crate::rulebook::Act;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// Best deal compares at most this many alternatives besides the priority pass (the first ones in application
/// order), so that a quote stays bounded however many promotions a rulebook makes exclude each other.
pub const MAX_LEADERS: usize = 32;

/// Prices shipping on the cart as it stands (the pipeline's shipping step).
pub type PriceShipping<'f> = &'f dyn Fn(&Context, &mut PricedCart) -> Result<(), Error>;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// What happened to one candidate in a pass. A rejection's reason is written out (a problem with its
/// message and pointer) only for the pass that is quoted ([`Why::problem`]).
#[derive(Debug, Clone, Copy)]
enum Status {
    Applied(Decimal),
    Rejected(Why),
}

#[derive(Debug, Clone, Copy)]
enum Why {
    /// Not eligible on the cart before promotions (the reason is in `eligible`).
    Ineligible,
    /// An earlier promotion (index) stops the pass.
    StoppedBy(usize),
    /// An earlier promotion (index) does not combine with this one.
    ExcludedBy(usize),
    Nothing,
    GiftUnavailable,
}

impl Why {
    /// The reason as a problem (severity warning, path into the rulebook) for promotion `i`; an ineligible
    /// one's is taken from `eligible` (each promotion has one outcome).
    fn problem(self, ctx: &Context, i: usize, eligible: &mut [Option<Problem>]) -> Problem {
        let promos = &ctx.rulebook.promotions;
        let p = &promos[i];
        let at = |e: P, path: String| e.to_problem(&path, Severity::Warning);
        match self {
            Why::Ineligible => eligible[i].take().unwrap_or_else(|| {
                at(
                    P::NothingToDiscount {
                        promotion: p.id.clone(),
                    },
                    p.path(),
                )
            }),
            Why::StoppedBy(s) => at(
                P::StoppedBy {
                    promotion: p.id.clone(),
                    by: promos[s].id.clone(),
                },
                p.path(),
            ),
            Why::ExcludedBy(q) => at(
                P::ExcludedBy {
                    promotion: p.id.clone(),
                    by: promos[q].id.clone(),
                },
                p.path(),
            ),
            Why::Nothing => at(
                P::NothingToDiscount {
                    promotion: p.id.clone(),
                },
                format!("{}/action", p.path()),
            ),
            Why::GiftUnavailable => {
                let sku = match &p.action {
                    Act::Gift { item, .. } => ctx.rulebook.items[*item].sku.clone(),
                    _ => String::new(),
                };
                at(
                    P::GiftUnavailable {
                        promotion: p.id.clone(),
                        sku,
                    },
                    format!("{}/action/gift/sku", p.path()),
                )
            }
        }
    }
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
        if let Some((_, problem)) = coupons.refusal(i) {
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
        if let Err(m) = actions::tier(items, cart, *select, *target, *measure, tiers).map_err(me)? {
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

/// The discounts of a pass that is only measured (a best-deal alternative) are not named: each line keeps
/// one entry with this index holding their sum, since only the sum is read from then on.
const UNNAMED: usize = usize::MAX;

/// Write an effect of promotion `i` into the cart: named discounts (and its explanation, when the cart's
/// trace is on) when `named`, else one unnamed sum per line (the cart is only measured, never quoted).
fn commit(
    ctx: &Context,
    cart: &mut PricedCart,
    remaining: &mut Vec<Decimal>,
    named: bool,
    i: usize,
    e: Effect,
) -> Result<Decimal, Error> {
    let rb = ctx.rulebook;
    let p = &rb.promotions[i];
    let fixed = |d: Decimal| move |t: &mut String| money::write_fixed(t, d, ctx.minor_units);
    let total = e.total().map_err(me)?;
    if !named {
        for (l, amount) in &e.lines {
            let discounts = &mut cart.lines[*l].discounts;
            match discounts.last_mut() {
                Some((UNNAMED, sum)) => *sum = money::add(*sum, *amount).map_err(me)?,
                _ => discounts.push((UNNAMED, *amount)),
            }
            remaining[*l] = money::sub(remaining[*l], *amount).map_err(me)?;
        }
        if let Some(s) = cart.shipping.as_mut().filter(|_| !e.shipping.is_zero()) {
            s.discounts.push((i, e.shipping));
        }
        if let Some(mut gift) = e.gift {
            if !gift.subtotal.is_zero() {
                gift.discounts.push((i, gift.subtotal));
            }
            remaining.push(lines::left(&gift).map_err(me)?);
            cart.lines.push(gift);
        }
        return Ok(total);
    }
    let trace = &mut cart.trace;
    for (at, point, before, after) in &e.roundings {
        let extra = Some(("promotion", p.id.as_str()));
        trace.rounding_with(*at, point, *before, *after, extra);
    }
    for (l, amount) in &e.lines {
        let line = &mut cart.lines[*l];
        line.discounts.push((i, *amount));
        remaining[*l] = money::sub(remaining[*l], *amount).map_err(me)?;
        let (at, sku) = (line.at(), &rb.items[line.item].sku);
        trace.step("promotion", at, |w| {
            // Pieces in place of `format!`, the amount written once: a step per discounted line.
            w.param("promotion", &p.id);
            let a = w.param_with("amount", &fixed(*amount));
            w.message_of(&[
                Part::Text("promotion "),
                Part::Text(&p.id),
                Part::Text(": "),
                a,
                Part::Text(" off "),
                Part::Text(sku),
            ]);
        });
    }
    if !e.shipping.is_zero() {
        if let Some(s) = &mut cart.shipping {
            s.discounts.push((i, e.shipping));
        }
        trace.step("promotion", At::Key("/shipping-method"), |w| {
            w.param("promotion", &p.id);
            let a = w.param_with("amount", &fixed(e.shipping));
            w.message_of(&[
                Part::Text("promotion "),
                Part::Text(&p.id),
                Part::Text(": "),
                a,
                Part::Text(" off shipping"),
            ]);
        });
    }
    trace.steps.append(&e.gift_trace.steps);
    if let Some(mut gift) = e.gift {
        if !gift.subtotal.is_zero() {
            gift.discounts.push((i, gift.subtotal));
        }
        trace.step("promotion", At::Gift, |w| {
            let sku = &rb.items[gift.item].sku;
            w.message(&|t| {
                let _ = write!(t, "promotion {}: gift {sku} x ", p.id);
                money::write_decimal(t, gift.quantity);
                t.push_str(" added, ");
                fixed(gift.subtotal)(t);
                t.push_str(" off");
            });
            w.param("promotion", &p.id);
            w.param("sku", sku);
            w.param_with("amount", &fixed(gift.subtotal));
        });
        remaining.push(lines::left(&gift).map_err(me)?);
        cart.lines.push(gift);
    }
    trace.step("promotion", At::Cart, |w| {
        w.message(&|t| {
            let _ = write!(t, "promotion {} applied: {}, ", p.id, e.summary.text(rb));
            fixed(total)(t);
            t.push_str(" in total");
            if let Some(computed) = e.capped {
                t.push_str(" (capped by max-discount from ");
                fixed(computed)(t);
                t.push(')');
            }
        });
        w.param("promotion", &p.id);
        w.param_with("amount", &fixed(total));
        if let Some(computed) = e.capped {
            w.param_with("capped-from", &fixed(computed));
        }
    });
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
    quoted: bool,
    records: &mut [(usize, Status)],
    deferred: Option<usize>,
    total: &mut Decimal,
    price_shipping: PriceShipping,
) -> Result<bool, Error> {
    price_shipping(ctx, cart)?;
    let Some(r) = deferred else {
        return Ok(true);
    };
    let i = records[r].0;
    let traced = quoted && cart.trace.is_on();
    match compute(ctx, cart, items, remaining, traced, i)? {
        Ok(effect) => {
            let amount = commit(ctx, cart, remaining, quoted, i, effect)?;
            *total = money::add(*total, amount).map_err(me)?;
            records[r].1 = Status::Applied(amount);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// One walk through `order` (rulebook indices). `None` when the leader (`order[0]`, best deal only) ends up
/// with nothing to discount: such an alternative is not a real choice. Without `quoted` the pass only
/// measures (see `commit`): its trace is empty and its cart is not fit to quote.
fn pass(
    ctx: &Context,
    base: &PricedCart,
    items: &Items,
    order: &[usize],
    eligible: &[Option<Problem>],
    price_shipping: PriceShipping,
    quoted: bool,
) -> Result<Option<Pass>, Error> {
    let promos = &ctx.rulebook.promotions;
    // Lines hold no text (their names are indices), so this copy is one block per line list.
    let mut cart = if quoted {
        base.clone()
    } else {
        PricedCart {
            lines: base.lines.clone(),
            includes_tax: base.includes_tax,
            shipping: base.shipping.clone(),
            trace: Trace::new(false),
            warnings: Vec::new(),
        }
    };
    let traced = quoted && cart.trace.is_on();
    let mut remaining = lines::remaining(&cart).map_err(me)?;
    let mut records: Vec<(usize, Status)> = Vec::with_capacity(order.len());
    let mut committed: Vec<usize> = Vec::new();
    let mut stopped_by: Option<usize> = None;
    let mut shipping_priced = false;
    let mut deferred: Option<usize> = None;
    let mut total = Decimal::ZERO;
    for (pos, &i) in order.iter().enumerate() {
        let p = &promos[i];
        if eligible[i].is_some() {
            records.push((i, Status::Rejected(Why::Ineligible)));
            continue;
        }
        if let Some(s) = stopped_by {
            records.push((i, Status::Rejected(Why::StoppedBy(s))));
            continue;
        }
        if let Some(&q) = committed.iter().find(|&&q| !promos[q].combines(p)) {
            records.push((i, Status::Rejected(Why::ExcludedBy(q))));
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
                quoted,
                &mut records,
                deferred.take(),
                &mut total,
                price_shipping,
            )? {
                return Ok(None);
            }
        }
        match compute(ctx, &cart, items, &remaining, traced, i)? {
            Ok(effect) => {
                let amount = commit(ctx, &mut cart, &mut remaining, quoted, i, effect)?;
                total = money::add(total, amount).map_err(me)?;
                committed.push(i);
                if p.stop_after {
                    stopped_by = Some(i);
                }
                records.push((i, Status::Applied(amount)));
            }
            Err(Empty::Nothing) => records.push((i, Status::Rejected(Why::Nothing))),
            Err(Empty::GiftUnavailable) => {
                records.push((i, Status::Rejected(Why::GiftUnavailable)))
            }
        }
    }
    if !shipping_priced
        && !settle(
            ctx,
            &mut cart,
            items,
            &mut remaining,
            quoted,
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
    crate::sort::sort_by_key(&mut order, |&i| {
        (
            promos[i].class == Class::Shipping,
            -i64::from(promos[i].priority),
            i,
        )
    });
    let items = Items::new(rb, ctx.cart);
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
        // (leader, worth) of each pass tried; `None` is the priority order.
        let mut tried: Vec<(Option<usize>, Worth)> = vec![(None, best.worth)];
        let (mut leader, mut most) = (None, best.worth);
        for l in leaders {
            let alt = alternative(l);
            let Some(p) = pass(ctx, cart, &items, &alt, &eligible, price_shipping, false)? else {
                continue;
            };
            tried.push((Some(l), p.worth));
            if p.worth.compare(most).map_err(me)? == Ordering::Greater {
                (leader, most) = (Some(l), p.worth);
            }
        }
        if let Some(l) = leader {
            // The priority pass is not kept: its trace is freed before the chosen pass is walked again.
            best.cart.trace.steps.clear();
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
        if tried.len() > 1 && best.cart.trace.is_on() {
            let name = |l: Option<usize>| match l {
                None => String::from("priority order"),
                Some(l) => format!("{} first", promos[l].id),
            };
            let f = |d: Decimal| format_fixed(d, ctx.minor_units);
            let mut list = Vec::with_capacity(tried.len());
            for (l, w) in &tried {
                list.push(format!(
                    "{}: {}",
                    name(*l),
                    f(w.shown(ctx.minor_units).map_err(me)?)
                ));
            }
            let (list, chosen) = (list.join("; "), name(leader));
            let amount = f(best.total);
            best.cart.trace.step("promotion", At::Cart, |w| {
                w.message_fmt(format_args!("best deal: {chosen} ({list})"));
                w.param("chosen", &chosen);
                w.param_with("alternatives", &|t| {
                    let _ = write!(t, "{}", tried.len());
                });
                w.param("amount", &amount);
            });
        }
    }
    let records: Vec<(usize, Status, Option<Problem>)> = best
        .records
        .into_iter()
        .map(|(i, status)| {
            let reason = match status {
                Status::Applied(_) => None,
                Status::Rejected(why) => Some(why.problem(ctx, i, &mut eligible)),
            };
            (i, status, reason)
        })
        .collect();
    let warnings = coupon_warnings(ctx, coupons, &records);
    *cart = best.cart;
    cart.warnings.extend(warnings);
    Ok(records
        .into_iter()
        .map(|(i, status, reason)| {
            let coupon = coupons
                .unlocked
                .get(&i)
                .or_else(|| coupons.refusal(i).map(|(k, _)| k))
                .map(|&k| rb.coupons.list[k].code.clone());
            let (status, amount) = match status {
                Status::Applied(a) => (PromotionStatus::Applied, a),
                Status::Rejected(_) => (PromotionStatus::Rejected, Decimal::ZERO),
            };
            PromotionOutcome {
                id: promos[i].id.clone(),
                coupon,
                status,
                amount: money::fixed_text(amount, ctx.minor_units),
                reason,
            }
        })
        .collect())
}

/// One warning per known cart code that did not give a discount, in cart order.
fn coupon_warnings(
    ctx: &Context,
    coupons: &CouponCheck,
    records: &[(usize, Status, Option<Problem>)],
) -> Vec<Problem> {
    let rb = ctx.rulebook;
    let mut out = Vec::new();
    for (n, entry) in coupons.entries.iter().enumerate() {
        let path = || format!("/coupons/{n}");
        if entry.coupon.is_none() {
            continue; // unknown: an error of the cart rules, reported there
        }
        if let Some(e) = &entry.finding {
            out.push(e.to_problem(&path(), Severity::Warning));
            continue;
        }
        let (Some(pi), Some(k)) = (entry.unlocks, entry.coupon) else {
            continue;
        };
        let Some((_, _, Some(reason))) = records.iter().find(|(i, _, _)| *i == pi) else {
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
        out.push(e.to_problem(&path(), Severity::Warning));
    }
    out
}
