//! What one promotion takes off, line by line, given the cart as it stands when the promotion applies.
//!
//! Every amount is in minor units and in the basis of what it discounts (the lines' price basis, or the
//! shipping method's). A line's base is its amount after earlier promotions (`discount-base: discounted`) or
//! its subtotal (`original`); whatever the base, a line never gives more than its capacity: its current
//! amount minus its floor (the promotion's `floor` x quantity, rounded up to the minor unit). Rounding points
//! use the rulebook's rounding mode and are returned for the trace.

use super::conditions::measure;
use super::lines::Items;
use super::spread::spread;
use super::units::{self, Units};
use crate::api::RoundingMode;
use crate::money::{self, format_decimal, Exact, MoneyError};
use crate::priced::{discount_sum, Context, PricedCart, PricedLine};
use crate::rulebook::promotion_shape::{
    DiscountBase, Distribution, Measure, PercentRounding, Target, TierTarget,
};
use crate::rulebook::{Act, Kind, Promotion, Select};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A rounding point met while computing, for the trace: (path, point, exact, rounded).
pub type Rounding = (String, &'static str, Decimal, Decimal);

/// Decimal places of a spread weight taken from part of a line (`spread-weight`): 1000 weights below 10^23
/// in total, aligned to 15 places, stay below 10^38 < 2^128.
const WEIGHT_PLACES: u32 = 15;

/// Decimal places of each denominator group's quotient when an on-total percentage sums several groups.
const SUM_PLACES: u32 = 28;

/// The quotient shown in the trace as the exact value: a decimal's 28 significant digits when numerator and
/// denominator are decimals, else the quotient to as many places as fit.
fn for_trace(num: Exact, den: Exact) -> Result<Decimal, MoneyError> {
    if let (Some(n), Some(d)) = (num.to_decimal(), den.to_decimal()) {
        if let Ok(q) = money::div(n, d) {
            return Ok(q);
        }
    }
    num.quotient(den, SUM_PLACES, RoundingMode::HalfEven)?
        .approx()
}

/// What a promotion does to the cart.
#[derive(Debug, Clone, Default)]
pub struct Effect {
    /// (line index, amount > 0), in line order.
    pub lines: Vec<(usize, Decimal)>,
    /// Amount off shipping.
    pub shipping: Decimal,
    /// A gift line to add (its full subtotal is the discount), and the trace of its pricing.
    pub gift: Option<PricedLine>,
    pub gift_trace: crate::priced::Trace,
    /// One-sentence description of what was computed, for the trace.
    pub summary: String,
    /// (what was capped, computed amount) when max-discount cut the discount down.
    pub capped: Option<Decimal>,
    pub roundings: Vec<Rounding>,
}

impl Effect {
    pub fn total(&self) -> Result<Decimal, MoneyError> {
        let mut t = self.shipping;
        for (_, a) in &self.lines {
            t = money::add(t, *a)?;
        }
        if let Some(g) = &self.gift {
            t = money::add(t, g.subtotal)?;
        }
        Ok(t)
    }
}

/// Why a promotion that is eligible still gives nothing.
pub enum Empty {
    Nothing,
    GiftUnavailable,
}

/// Units of a line taking part in a unit-based action.
#[derive(Debug, Clone, Copy)]
struct Piece {
    line: usize,
    /// Units (whole for unit selections; the line's quantity otherwise).
    k: Decimal,
}

struct Calc<'a> {
    ctx: &'a Context<'a>,
    cart: &'a PricedCart,
    items: &'a Items<'a>,
    /// Each line's amount after the promotions applied so far.
    remaining: &'a [Decimal],
    /// Whether rounding points are recorded for the trace (not in a best-deal alternative, see apply.rs).
    traced: bool,
    /// The rounded floor of every line when the promotion's floor is 0 (zero at the minor unit, whatever
    /// the quantity): worked out once, not per line.
    zero_floor: Option<Decimal>,
    p: &'a Promotion,
    minor: u32,
    mode: RoundingMode,
    roundings: Vec<Rounding>,
}

fn pct_text(p: Decimal) -> String {
    format!("{}%", format_decimal(p))
}

impl<'a> Calc<'a> {
    fn line(&self, i: usize) -> &PricedLine {
        &self.cart.lines[i]
    }

    fn remaining(&self, i: usize) -> Result<Decimal, MoneyError> {
        Ok(self.remaining[i])
    }

    /// What the promotion computes on.
    fn base(&self, i: usize) -> Result<Decimal, MoneyError> {
        match self.ctx.rulebook.settings.discount_base {
            DiscountBase::Discounted => self.remaining(i),
            DiscountBase::Original => Ok(self.line(i).subtotal),
        }
    }

    /// The most this promotion may take off line i.
    fn cap(&self, i: usize) -> Result<Decimal, MoneyError> {
        // floor x quantity < 10^24 at 4 decimals: it fits a decimal once rounded up to the minor unit.
        let floor = match self.zero_floor {
            Some(zero) => zero,
            None => Exact::product(self.p.floor, self.line(i).quantity)
                .round(self.minor, RoundingMode::Ceiling)?,
        };
        Ok(money::sub(self.remaining(i)?, floor)?.max(Decimal::ZERO))
    }

    /// The lines a selector of the promotion matches (None: every line).
    fn targets(&self, select: Option<&Select>) -> Vec<usize> {
        self.items.targets(self.cart, select)
    }

    fn whole(&self, lines: &[usize]) -> Vec<Piece> {
        lines
            .iter()
            .map(|&i| Piece {
                line: i,
                k: self.line(i).quantity,
            })
            .collect()
    }

    /// Record a rounding point of line `line` (None: of the total) for the trace, when a trace is kept.
    /// `exact` is only worked out then: it is the quotient that was rounded, to 28 digits, and cannot fail
    /// where the rounding did not (it is below the rounded discount plus one, below 10^23).
    fn trace_round(
        &mut self,
        line: Option<usize>,
        point: &'static str,
        exact: impl FnOnce() -> Result<Decimal, MoneyError>,
        rounded: Decimal,
    ) -> Result<(), MoneyError> {
        if !self.traced {
            return Ok(());
        }
        let exact = exact()?;
        if exact != rounded {
            let path = line.map_or_else(String::new, |i| self.line(i).path());
            self.roundings
                .push((path, point, exact.normalize(), rounded));
        }
        Ok(())
    }

    /// The share `base x k / q` of a piece as an exact fraction: the numerator, and the line's quantity as
    /// the denominator unless the piece is the whole line (then the share is the base itself). Bounds: the
    /// base is below 10^23 (the goods-total limit) at the currency scale, and k is the line's quantity or a
    /// whole number of at most 12 digits, so every numerator below, even times a percentage, stays below
    /// 10^40 at at most 60 decimal places: far inside money::Exact's 256 bits (about 10^77).
    fn portion(&self, pc: Piece) -> Result<(Exact, Option<Decimal>), MoneyError> {
        let (base, q) = (self.base(pc.line)?, self.line(pc.line).quantity);
        Ok(if pc.k == q {
            (Exact::from(base), None)
        } else {
            (Exact::product(base, pc.k), Some(q))
        })
    }

    /// A share as a spread weight: exact for whole lines; for part of a line rounded half-even to
    /// [`WEIGHT_PLACES`] decimals, or fewer when 28 digits cannot hold them (the `spread-weight` point), so
    /// that the weights aligned to one scale stay in the allocation's 128 bits (shares sum to at most the
    /// goods total, below 10^23).
    fn share(&self, pc: Piece) -> Result<Decimal, MoneyError> {
        match self.portion(pc)? {
            (n, None) => n.round(self.minor, self.mode),
            (n, Some(q)) => n
                .quotient(Exact::from(q), WEIGHT_PLACES, RoundingMode::HalfEven)?
                .approx(),
        }
    }

    /// A percentage of pieces, rounded per unit, per line or once on the total (then spread by share).
    /// Every amount is an exact fraction rounded once at its named point (money::Exact).
    fn percent(&mut self, p: Decimal, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        let hundred = Decimal::ONE_HUNDRED;
        let mut out = Vec::with_capacity(pieces.len());
        match self.p.percent_rounding {
            PercentRounding::PerUnit => {
                for pc in pieces {
                    let q = self.line(pc.line).quantity;
                    let num = Exact::product(self.base(pc.line)?, p);
                    let den = Exact::product(q, hundred);
                    let unit = num.div_round(den, self.minor, self.mode)?;
                    let exact = || for_trace(num, den);
                    self.trace_round(Some(pc.line), "discount-per-unit", exact, unit)?;
                    out.push(Exact::product(unit, pc.k).round(self.minor, self.mode)?);
                }
            }
            PercentRounding::PerLine => {
                for pc in pieces {
                    let (share, q) = self.portion(*pc)?;
                    let num = share.times(p)?;
                    let den = Exact::product(q.unwrap_or(Decimal::ONE), hundred);
                    let d = num.div_round(den, self.minor, self.mode)?;
                    let exact = || for_trace(num, den);
                    self.trace_round(Some(pc.line), "discount-per-line", exact, d)?;
                    out.push(d);
                }
            }
            PercentRounding::OnTotal => {
                // Pieces with one denominator (every whole line: 100; part of a line: its quantity x 100)
                // sum their numerators exactly. One group is rounded once; several are each divided to
                // SUM_PLACES decimals (half-even) and the sum rounded once: within 10^-25 of the exact sum.
                let mut groups: std::collections::BTreeMap<Decimal, Exact> = Default::default();
                let mut shares = Vec::new();
                for pc in pieces {
                    let (share, q) = self.portion(*pc)?;
                    let num = share.times(p)?;
                    let g = groups
                        .entry(q.unwrap_or(Decimal::ONE))
                        .or_insert(Exact::from(Decimal::ZERO));
                    *g = g.plus(num)?;
                    shares.push(self.share(*pc)?);
                }
                let (total, exact) = match groups.iter().next() {
                    Some((q, num)) if groups.len() == 1 => {
                        let den = Exact::product(*q, hundred);
                        (
                            num.div_round(den, self.minor, self.mode)?,
                            for_trace(*num, den)?,
                        )
                    }
                    _ => {
                        let mut sum = Exact::from(Decimal::ZERO);
                        for (q, num) in &groups {
                            let den = Exact::product(*q, hundred);
                            sum =
                                sum.plus(num.quotient(den, SUM_PLACES, RoundingMode::HalfEven)?)?;
                        }
                        (sum.round(self.minor, self.mode)?, sum.approx()?)
                    }
                };
                self.trace_round(None, "discount-on-total", || Ok(exact), total)?;
                let caps = pieces
                    .iter()
                    .map(|pc| self.cap(pc.line))
                    .collect::<Result<Vec<_>, _>>()?;
                let weights = self.weights(pieces, shares)?;
                return spread(total, &weights, &caps, self.minor);
            }
        }
        Ok(out)
    }

    /// Weights of the distribution policy: the pieces' bases (proportional) or their units (even).
    fn weights(&self, pieces: &[Piece], bases: Vec<Decimal>) -> Result<Vec<Decimal>, MoneyError> {
        Ok(match self.p.distribution {
            Distribution::Proportional => bases,
            // Units as weights; a quantity with more than WEIGHT_PLACES decimals is rounded there (the
            // `spread-weight` point) so that 1000 of them aligned to one scale fit 128 bits.
            Distribution::Even => pieces
                .iter()
                .map(|pc| {
                    if pc.k.scale() > WEIGHT_PLACES {
                        money::round(pc.k, WEIGHT_PLACES, RoundingMode::HalfEven)
                    } else {
                        Ok(pc.k)
                    }
                })
                .collect::<Result<_, _>>()?,
        })
    }

    /// An amount off every unit of each piece: min(amount, unit base) x k.
    fn amount_per_unit(&self, a: Decimal, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        let mut out = Vec::new();
        for pc in pieces {
            let q = self.line(pc.line).quantity;
            let base = self.base(pc.line)?;
            let d = if Exact::product(a, q).compare(Exact::from(base))? != Ordering::Greater {
                Exact::product(a, pc.k).round(self.minor, self.mode)?
            } else {
                Exact::product(base, pc.k).div_round(Exact::from(q), self.minor, self.mode)?
            };
            out.push(d);
        }
        Ok(out)
    }

    /// Every unit of each piece costs `f`: (unit base - f) x k when positive.
    fn fixed_per_unit(&self, f: Decimal, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        let mut out = Vec::new();
        for pc in pieces {
            // (base x k - f x k x q) / q, or base - f x q for a whole line.
            let q = self.line(pc.line).quantity;
            let (share, den) = self.portion(*pc)?;
            let price = Exact::product(f, pc.k).times(den.map_or(Decimal::ONE, |_| q))?;
            let num = share.minus(price)?;
            out.push(if num.is_positive() {
                num.div_round(
                    Exact::from(den.unwrap_or(Decimal::ONE)),
                    self.minor,
                    self.mode,
                )?
            } else {
                Decimal::ZERO
            });
        }
        Ok(out)
    }

    /// An amount spread over whole lines by the distribution policy, within their capacities.
    fn spread_lines(&self, amount: Decimal, lines: &[usize]) -> Result<Vec<Decimal>, MoneyError> {
        let pieces = self.whole(lines);
        let bases = lines
            .iter()
            .map(|&i| self.base(i))
            .collect::<Result<Vec<_>, _>>()?;
        let caps = lines
            .iter()
            .map(|&i| self.cap(i))
            .collect::<Result<Vec<_>, _>>()?;
        spread(amount, &self.weights(&pieces, bases)?, &caps, self.minor)
    }

    /// Whole units of lines, sorted by unit base (cheapest or most expensive first, ties in line order).
    fn unit_pool(&self, lines: &[usize], cheapest: bool) -> Result<Vec<Units>, MoneyError> {
        let mut pool = Vec::new();
        for &i in lines {
            let q = self.line(i).quantity;
            let count = q.trunc().to_u128().unwrap_or(0);
            if count > 0 {
                pool.push(Units {
                    base: self.base(i)?,
                    quantity: q,
                    line: i,
                    count,
                });
            }
        }
        units::sort(&mut pool, cheapest);
        Ok(pool)
    }

    fn pieces(taken: Vec<(usize, u128)>) -> Vec<Piece> {
        taken
            .into_iter()
            .map(|(line, k)| Piece {
                line,
                k: Decimal::from_i128_with_scale(k as i128, 0),
            })
            .collect()
    }

    /// Buy X get Y on the cart: the get units and the number of applications.
    fn buy_x_get_y(
        &self,
        buy: &(Select, u32),
        get: &(Select, u32),
    ) -> Result<(Vec<Piece>, u128), MoneyError> {
        let gets = self.unit_pool(&self.targets(Some(&get.0)), true)?;
        let buys: Vec<(usize, u128)> = self
            .targets(Some(&buy.0))
            .into_iter()
            .map(|i| (i, self.line(i).quantity.trunc().to_u128().unwrap_or(0)))
            .collect();
        let max = self.p.max_applications.map(u128::from);
        let (taken, n) =
            units::buy_x_get_y(&gets, &buys, u128::from(buy.1), u128::from(get.1), max);
        Ok((Self::pieces(taken), n))
    }

    fn kind_text(kind: Kind) -> String {
        match kind {
            Kind::Percent(p) => format!("{} off", pct_text(p)),
            Kind::Amount(a) => format!("{} off", format_decimal(a)),
            Kind::Fixed(f) => format!("fixed price {}", format_decimal(f)),
        }
    }

    /// Per-piece amounts of a discount kind on unit pieces (each-unit, cheapest, most-expensive).
    fn on_units(&mut self, kind: Kind, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        match kind {
            Kind::Percent(p) => self.percent(p, pieces),
            Kind::Amount(a) => self.amount_per_unit(a, pieces),
            Kind::Fixed(f) => self.fixed_per_unit(f, pieces),
        }
    }

    /// A discount kind on whole lines together (lines, order): spread amounts, per-line percentages.
    fn on_lines(&mut self, kind: Kind, lines: &[usize]) -> Result<Vec<Decimal>, MoneyError> {
        match kind {
            Kind::Percent(p) => {
                let whole = self.whole(lines);
                self.percent(p, &whole)
            }
            Kind::Amount(a) => self.spread_lines(a, lines),
            Kind::Fixed(f) => {
                let mut sum = Decimal::ZERO;
                for &i in lines {
                    sum = money::add(sum, self.base(i)?)?;
                }
                let d = money::sub(sum, f)?.max(Decimal::ZERO);
                self.spread_lines(d, lines)
            }
        }
    }

    fn shipping(&self, kind: Kind) -> Result<Decimal, MoneyError> {
        let Some(s) = &self.cart.shipping else {
            return Ok(Decimal::ZERO);
        };
        let remaining = money::sub(s.price, discount_sum(&s.discounts)?)?;
        let base = match self.ctx.rulebook.settings.discount_base {
            DiscountBase::Discounted => remaining,
            DiscountBase::Original => s.price,
        };
        let d = match kind {
            Kind::Percent(p) => Exact::product(base, p).div_round(
                Exact::from(Decimal::ONE_HUNDRED),
                self.minor,
                self.mode,
            )?,
            Kind::Amount(a) => a.min(base),
            Kind::Fixed(f) => money::sub(base, f)?.max(Decimal::ZERO),
        };
        Ok(d.min(remaining).max(Decimal::ZERO))
    }
}

/// The tier a tiered promotion reaches on the cart before promotions: (index, min, kind) or the measure.
pub fn tier(
    items: &Items,
    cart: &PricedCart,
    select: &Select,
    target: TierTarget,
    measure_by: Measure,
    tiers: &[(Decimal, Kind)],
) -> Result<Result<(usize, Kind), Decimal>, MoneyError> {
    let (q, a) = measure(items, cart, (target == TierTarget::Lines).then_some(select))?;
    let m = match measure_by {
        Measure::Amount => a,
        Measure::Quantity => q,
    };
    Ok(tiers
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (min, _))| m >= *min)
        .map(|(i, (_, k))| (i, *k))
        .ok_or(m))
}

/// Compute promotion `p` on the cart as it stands (eligibility already checked).
/// `remaining` is each line's amount after the promotions applied so far (see lines.rs); `traced`: whether
/// the effect lists its rounding points for the trace.
pub fn compute(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    remaining: &[Decimal],
    traced: bool,
    p: &Promotion,
) -> Result<Result<Effect, Empty>, crate::Error> {
    let me = |e: MoneyError| crate::error::Coded::to_error(&e, "");
    let mut calc = Calc {
        ctx,
        cart,
        items,
        remaining,
        traced,
        zero_floor: if p.floor.is_zero() {
            Some(
                Exact::product(Decimal::ZERO, Decimal::ONE)
                    .round(ctx.minor_units, RoundingMode::Ceiling)
                    .map_err(me)?,
            )
        } else {
            None
        },
        p,
        minor: ctx.minor_units,
        mode: ctx.mode,
        roundings: Vec::new(),
    };
    let mut effect = Effect::default();
    let (lines, amounts): (Vec<usize>, Vec<Decimal>) = match &p.action {
        Act::Discount {
            kind,
            target,
            select,
            units,
        } => {
            let text = Calc::kind_text(*kind);
            match target {
                Target::Shipping => {
                    effect.shipping = calc.shipping(*kind).map_err(me)?;
                    effect.summary = format!("{text} shipping");
                    (Vec::new(), Vec::new())
                }
                Target::EachUnit => {
                    let mut left = p.max_applications.map(Decimal::from);
                    let mut pieces = Vec::new();
                    for i in calc.targets(Some(select)) {
                        let q = calc.line(i).quantity;
                        let k = left.map_or(q, |l| l.min(q));
                        if k > Decimal::ZERO {
                            pieces.push(Piece { line: i, k });
                        }
                        left = left.map(|l| l - k);
                    }
                    let amounts = calc.on_units(*kind, &pieces).map_err(me)?;
                    effect.summary = format!("{text} each unit");
                    (pieces.iter().map(|pc| pc.line).collect(), amounts)
                }
                Target::EachLine => {
                    let mut lines = calc.targets(Some(select));
                    if let Some(m) = p.max_applications {
                        lines.truncate(m as usize);
                    }
                    let whole = calc.whole(&lines);
                    let amounts = match kind {
                        Kind::Percent(pct) => calc.percent(*pct, &whole),
                        Kind::Amount(a) => Ok(vec![*a; lines.len()]),
                        Kind::Fixed(f) => lines
                            .iter()
                            .map(|&i| Ok(money::sub(calc.base(i)?, *f)?.max(Decimal::ZERO)))
                            .collect(),
                    }
                    .map_err(me)?;
                    effect.summary = format!("{text} each line");
                    (lines, amounts)
                }
                Target::Lines | Target::Order => {
                    let lines = calc.targets((*target != Target::Order).then_some(select));
                    let amounts = calc.on_lines(*kind, &lines).map_err(me)?;
                    let what = if *target == Target::Order {
                        "the order"
                    } else {
                        "the lines"
                    };
                    effect.summary = format!("{text} {what}");
                    (lines, amounts)
                }
                Target::Cheapest | Target::MostExpensive => {
                    let cheapest = *target == Target::Cheapest;
                    let pool = calc
                        .unit_pool(&calc.targets(Some(select)), cheapest)
                        .map_err(me)?;
                    let pieces = Calc::pieces(units::take(&pool, u128::from(*units)));
                    let amounts = calc.on_units(*kind, &pieces).map_err(me)?;
                    let which = if cheapest {
                        "cheapest"
                    } else {
                        "most expensive"
                    };
                    effect.summary = format!("{text} the {units} {which} unit(s)");
                    (pieces.iter().map(|pc| pc.line).collect(), amounts)
                }
            }
        }
        Act::BuyXGetY { buy, get, percent } => {
            let (pieces, n) = calc.buy_x_get_y(buy, get).map_err(me)?;
            let amounts = calc.percent(*percent, &pieces).map_err(me)?;
            effect.summary = format!(
                "buy {} get {} at {} off, applied {n} time(s)",
                buy.1,
                get.1,
                pct_text(*percent)
            );
            (pieces.iter().map(|pc| pc.line).collect(), amounts)
        }
        Act::Tiered {
            target,
            select,
            measure,
            tiers,
        } => {
            let Ok((i, kind)) = tier(items, cart, select, *target, *measure, tiers).map_err(me)?
            else {
                return Ok(Err(Empty::Nothing));
            };
            let lines = calc.targets((*target != TierTarget::Order).then_some(select));
            let amounts = calc.on_lines(kind, &lines).map_err(me)?;
            effect.summary = format!(
                "tier {} (from {}): {}",
                i + 1,
                format_decimal(tiers[i].0),
                Calc::kind_text(kind)
            );
            (lines, amounts)
        }
        Act::FreeShipping => {
            effect.shipping = calc
                .shipping(Kind::Percent(Decimal::ONE_HUNDRED))
                .map_err(me)?;
            effect.summary = "free shipping".into();
            (Vec::new(), Vec::new())
        }
        Act::Gift { sku, quantity } => {
            let q = Decimal::from(*quantity);
            let mut trace = crate::priced::Trace::default();
            return Ok(
                match crate::pricing::price_gift(ctx, cart, sku, q, &p.id, &mut trace)? {
                    Some(line) => {
                        effect.summary = format!("gift {sku} x {quantity}");
                        effect.gift = Some(line);
                        effect.gift_trace = trace;
                        Ok(effect)
                    }
                    None => Err(Empty::GiftUnavailable),
                },
            );
        }
    };
    // Never more than a line can give, then at most max-discount in total (shared by the amounts).
    // Amounts of one line are added in the order they came (a stable sort keeps it), one entry per line.
    let mut pairs: Vec<(usize, Decimal)> = lines.into_iter().zip(amounts).collect();
    pairs.sort_by_key(|(i, _)| *i);
    let mut merged: Vec<(usize, Decimal)> = Vec::with_capacity(pairs.len());
    for (i, a) in pairs {
        match merged.last_mut() {
            Some(e) if e.0 == i => e.1 = money::add(e.1, a).map_err(me)?,
            _ => merged.push((i, a)),
        }
    }
    for e in &mut merged {
        e.1 = e.1.min(calc.cap(e.0).map_err(me)?).max(Decimal::ZERO);
    }
    merged.retain(|(_, a)| !a.is_zero());
    let total = merged
        .iter()
        .try_fold(effect.shipping, |t, (_, a)| money::add(t, *a))
        .map_err(me)?;
    if let Some(max) = p.max_discount.filter(|m| total > *m) {
        effect.capped = Some(total);
        if merged.is_empty() {
            effect.shipping = max;
        } else {
            let ratios: Vec<Decimal> = merged.iter().map(|(_, a)| *a).collect();
            let parts = money::allocate(max, calc.minor, &ratios).map_err(me)?;
            for (e, part) in merged.iter_mut().zip(parts) {
                e.1 = part;
            }
            merged.retain(|(_, a)| !a.is_zero());
        }
    }
    effect.lines = merged;
    effect.roundings = calc.roundings;
    if effect.lines.is_empty() && effect.shipping.is_zero() {
        return Ok(Err(Empty::Nothing));
    }
    Ok(Ok(effect))
}
