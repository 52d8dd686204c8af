//! How much a discount kind takes off the lines (or units of lines) an action chose, at the named rounding
//! points of docs/rulebook.md ("Bases, tax and rounding", "Distribution"): percentages rounded per unit, per
//! line or once on the total, amounts and fixed prices per unit, amounts spread over lines.
//!
//! Every amount is in minor units and in the basis of what it discounts. A line's base is its amount after
//! earlier promotions (`discount-base: discounted`) or its subtotal (`original`); whatever the base, a line
//! never gives more than its capacity: its current amount minus its floor (the promotion's `floor` x
//! quantity, rounded up to the minor unit). Rounding points use the rulebook's rounding mode and are kept for
//! the trace.

use super::lines::Items;
use super::spread::spread;
use super::units::{self, Units};
use crate::api::RoundingMode;
use crate::money::{self, Exact, ExactSums, MoneyError};
use crate::priced::{discount_sum, At, Context, PricedCart, PricedLine};
use crate::rulebook::promotion_shape::{DiscountBase, Distribution, PercentRounding};
use crate::rulebook::{Kind, Promotion, SelectId};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A rounding point met while computing, for the trace: (where, point, exact, rounded).
pub type Rounding = (At, &'static str, Decimal, Decimal);

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

/// Units of a line taking part in an action: whole units for unit selections (cheapest, buy X get Y), the
/// first units up to `max-applications` for each-unit, the line's quantity otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    pub line: usize,
    pub k: Decimal,
}

/// The arithmetic of one promotion on the cart as it stands.
pub struct Calc<'a> {
    pub ctx: &'a Context<'a>,
    pub cart: &'a PricedCart,
    pub items: &'a Items<'a>,
    /// Each line's amount after the promotions applied so far.
    pub remaining: &'a [Decimal],
    /// Whether rounding points are recorded for the trace: only when the cart asks for the explanation, and
    /// never in a best-deal alternative (see apply.rs).
    pub traced: bool,
    /// The rounded floor of every line when the promotion's floor is 0 (zero at the minor unit, whatever
    /// the quantity): worked out once, not per line.
    pub zero_floor: Option<Decimal>,
    pub p: &'a Promotion,
    pub minor: u32,
    pub mode: RoundingMode,
    pub roundings: Vec<Rounding>,
}

impl<'a> Calc<'a> {
    pub fn new(
        ctx: &'a Context<'a>,
        cart: &'a PricedCart,
        items: &'a Items<'a>,
        remaining: &'a [Decimal],
        traced: bool,
        p: &'a Promotion,
    ) -> Result<Self, MoneyError> {
        let zero_floor = if p.floor.is_zero() {
            Some(
                Exact::product(Decimal::ZERO, Decimal::ONE)
                    .round(ctx.minor_units, RoundingMode::Ceiling)?,
            )
        } else {
            None
        };
        Ok(Calc {
            ctx,
            cart,
            items,
            remaining,
            traced,
            zero_floor,
            p,
            minor: ctx.minor_units,
            mode: ctx.mode,
            roundings: Vec::new(),
        })
    }

    pub fn line(&self, i: usize) -> &PricedLine {
        &self.cart.lines[i]
    }

    /// What the promotion computes on.
    pub fn base(&self, i: usize) -> Decimal {
        match self.ctx.rulebook.settings.discount_base {
            DiscountBase::Discounted => self.remaining[i],
            DiscountBase::Original => self.line(i).subtotal,
        }
    }

    /// The most this promotion may take off line i.
    pub fn cap(&self, i: usize) -> Result<Decimal, MoneyError> {
        // floor x quantity < 10^24 at 4 decimals: it fits a decimal once rounded up to the minor unit.
        let floor = match self.zero_floor {
            Some(zero) => zero,
            None => Exact::product(self.p.floor, self.line(i).quantity)
                .round(self.minor, RoundingMode::Ceiling)?,
        };
        Ok(money::sub(self.remaining[i], floor)?.max(Decimal::ZERO))
    }

    /// The lines a selector of the promotion matches (None: every line).
    pub fn targets(&self, select: Option<SelectId>) -> &'a [usize] {
        self.items.targets(self.cart, select)
    }

    pub fn whole(&self, lines: &[usize]) -> Vec<Piece> {
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
            let at = line.map_or(At::Cart, |i| self.line(i).at());
            self.roundings.push((at, point, exact.normalize(), rounded));
        }
        Ok(())
    }

    /// The share `base x k / q` of a piece as an exact fraction: the numerator, and the line's quantity as
    /// the denominator unless the piece is the whole line (then the share is the base itself). Bounds: the
    /// base is below 10^23 (the goods-total limit) at the currency scale, and k is the line's quantity or a
    /// whole number of at most 12 digits, so every numerator below, even times a percentage, stays below
    /// 10^40 at at most 60 decimal places: far inside money::Exact's 256 bits (about 10^77).
    fn portion(&self, pc: Piece) -> (Exact, Option<Decimal>) {
        let (base, q) = (self.base(pc.line), self.line(pc.line).quantity);
        if pc.k == q {
            (Exact::from(base), None)
        } else {
            (Exact::product(base, pc.k), Some(q))
        }
    }

    /// A share as a spread weight: exact for whole lines; for part of a line rounded half-even to
    /// [`WEIGHT_PLACES`] decimals, or fewer when 28 digits cannot hold them (the `spread-weight` point), so
    /// that the weights aligned to one scale stay in the allocation's 128 bits (shares sum to at most the
    /// goods total, below 10^23).
    fn share(&self, pc: Piece) -> Result<Decimal, MoneyError> {
        match self.portion(pc) {
            (n, None) => n.round(self.minor, self.mode),
            (n, Some(q)) => n
                .quotient(Exact::from(q), WEIGHT_PLACES, RoundingMode::HalfEven)?
                .approx(),
        }
    }

    /// A percentage of pieces, rounded per unit, per line or once on the total (then spread by the pieces'
    /// shares of their bases: a percentage is proportional whatever `distribution` says). Every amount is an
    /// exact fraction rounded once at its named point (money::Exact); per unit, a fractional quantity times
    /// the rounded unit discount is rounded again at the same point.
    pub fn percent(&mut self, p: Decimal, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        match self.p.percent_rounding {
            PercentRounding::PerUnit => pieces
                .iter()
                .map(|pc| self.percent_per_unit(p, *pc))
                .collect(),
            PercentRounding::PerLine => pieces
                .iter()
                .map(|pc| self.percent_per_line(p, *pc))
                .collect(),
            PercentRounding::OnTotal => self.percent_on_total(p, pieces),
        }
    }

    /// `discount-per-unit`: one unit's discount (base / quantity x p %) rounded, times the piece's units.
    fn percent_per_unit(&mut self, p: Decimal, pc: Piece) -> Result<Decimal, MoneyError> {
        let q = self.line(pc.line).quantity;
        let num = Exact::product(self.base(pc.line), p);
        let den = Exact::product(q, Decimal::ONE_HUNDRED);
        let unit = num.div_round(den, self.minor, self.mode)?;
        self.trace_round(
            Some(pc.line),
            "discount-per-unit",
            || for_trace(num, den),
            unit,
        )?;
        // Whole units give whole minor units; a fractional quantity (2.5 kg) is rounded once more.
        let units = Exact::product(unit, pc.k);
        let d = units.round(self.minor, self.mode)?;
        self.trace_round(Some(pc.line), "discount-per-unit", || units.approx(), d)?;
        Ok(d)
    }

    /// `discount-per-line`: the piece's share of its line's base x p %, rounded once.
    fn percent_per_line(&mut self, p: Decimal, pc: Piece) -> Result<Decimal, MoneyError> {
        let (share, q) = self.portion(pc);
        let num = share.times(p)?;
        let den = Exact::product(q.unwrap_or(Decimal::ONE), Decimal::ONE_HUNDRED);
        let d = num.div_round(den, self.minor, self.mode)?;
        self.trace_round(
            Some(pc.line),
            "discount-per-line",
            || for_trace(num, den),
            d,
        )?;
        Ok(d)
    }

    /// `discount-on-total`: the percentage of every piece summed exactly and rounded once, then spread over
    /// the pieces by their shares (largest remainder with capacities).
    fn percent_on_total(
        &mut self,
        p: Decimal,
        pieces: &[Piece],
    ) -> Result<Vec<Decimal>, MoneyError> {
        // Pieces with one denominator (every whole line: 100; part of a line: its quantity x 100) sum their
        // numerators exactly. One group is rounded once; several are each divided to SUM_PLACES decimals
        // (half-even) and the sum rounded once: within 10^-25 of the exact sum.
        let hundred = Decimal::ONE_HUNDRED;
        let mut groups = ExactSums::default();
        let mut shares = Vec::with_capacity(pieces.len());
        for pc in pieces {
            let (share, q) = self.portion(*pc);
            groups.add(q.unwrap_or(Decimal::ONE), share.times(p)?)?;
            shares.push(self.share(*pc)?);
        }
        let (total, exact) = match groups.0.as_slice() {
            [(q, num)] => {
                let den = Exact::product(*q, hundred);
                (
                    num.div_round(den, self.minor, self.mode)?,
                    for_trace(*num, den)?,
                )
            }
            _ => {
                let mut sum = Exact::from(Decimal::ZERO);
                for (q, num) in &groups.0 {
                    let den = Exact::product(*q, hundred);
                    sum = sum.plus(num.quotient(den, SUM_PLACES, RoundingMode::HalfEven)?)?;
                }
                (sum.round(self.minor, self.mode)?, sum.approx()?)
            }
        };
        self.trace_round(None, "discount-on-total", || Ok(exact), total)?;
        let caps = pieces
            .iter()
            .map(|pc| self.cap(pc.line))
            .collect::<Result<Vec<_>, _>>()?;
        spread(total, &shares, &caps, self.minor)
    }

    /// Weights of the distribution policy for an amount spread over whole lines: their bases (proportional)
    /// or their quantities (even).
    fn weights(&self, lines: &[usize]) -> Result<Vec<Decimal>, MoneyError> {
        lines
            .iter()
            .map(|&i| match self.p.distribution {
                Distribution::Proportional => Ok(self.base(i)),
                // A quantity with more than WEIGHT_PLACES decimals is rounded there (the `spread-weight`
                // point) so that 1000 of them aligned to one scale fit 128 bits.
                Distribution::Even => {
                    let q = self.line(i).quantity;
                    if q.scale() > WEIGHT_PLACES {
                        money::round(q, WEIGHT_PLACES, RoundingMode::HalfEven)
                    } else {
                        Ok(q)
                    }
                }
            })
            .collect()
    }

    /// An amount off every unit of each piece: min(amount, unit base) x k, so a unit never goes below zero
    /// (the part of the amount above a unit's price is not passed on). A product that is not in minor units
    /// (fractional quantities) is rounded at `discount-per-line`.
    pub fn amount_per_unit(
        &mut self,
        a: Decimal,
        pieces: &[Piece],
    ) -> Result<Vec<Decimal>, MoneyError> {
        let mut out = Vec::with_capacity(pieces.len());
        for pc in pieces {
            let q = self.line(pc.line).quantity;
            let base = self.base(pc.line);
            let (num, den) =
                if Exact::product(a, q).compare(Exact::from(base))? != Ordering::Greater {
                    (Exact::product(a, pc.k), Decimal::ONE)
                } else {
                    (Exact::product(base, pc.k), q)
                };
            let d = num.div_round(Exact::from(den), self.minor, self.mode)?;
            let exact = || for_trace(num, Exact::from(den));
            self.trace_round(Some(pc.line), "discount-per-line", exact, d)?;
            out.push(d);
        }
        Ok(out)
    }

    /// Every unit of each piece costs `f`: (unit base - f) x k when positive, rounded at
    /// `discount-per-line` when not in minor units.
    pub fn fixed_per_unit(
        &mut self,
        f: Decimal,
        pieces: &[Piece],
    ) -> Result<Vec<Decimal>, MoneyError> {
        let mut out = Vec::with_capacity(pieces.len());
        for pc in pieces {
            // (base x k - f x k x q) / q, or base - f x q for a whole line.
            let q = self.line(pc.line).quantity;
            let (share, den) = self.portion(*pc);
            let price = Exact::product(f, pc.k).times(den.map_or(Decimal::ONE, |_| q))?;
            let num = share.minus(price)?;
            if !num.is_positive() {
                out.push(Decimal::ZERO);
                continue;
            }
            let den = Exact::from(den.unwrap_or(Decimal::ONE));
            let d = num.div_round(den, self.minor, self.mode)?;
            self.trace_round(
                Some(pc.line),
                "discount-per-line",
                || for_trace(num, den),
                d,
            )?;
            out.push(d);
        }
        Ok(out)
    }

    /// An amount spread over whole lines by the distribution policy, within their capacities.
    pub fn spread_lines(
        &self,
        amount: Decimal,
        lines: &[usize],
    ) -> Result<Vec<Decimal>, MoneyError> {
        let caps = lines
            .iter()
            .map(|&i| self.cap(i))
            .collect::<Result<Vec<_>, _>>()?;
        spread(amount, &self.weights(lines)?, &caps, self.minor)
    }

    /// Whole units of lines, sorted by unit base (cheapest or most expensive first, ties in line order).
    pub fn unit_pool(&self, lines: &[usize], cheapest: bool) -> Vec<Units> {
        let mut pool = Vec::new();
        for &i in lines {
            let q = self.line(i).quantity;
            let count = units::whole(q);
            if count > 0 {
                pool.push(Units {
                    base: self.base(i),
                    quantity: q,
                    line: i,
                    count,
                });
            }
        }
        units::sort(&mut pool, cheapest);
        pool
    }

    /// Whole units taken from a pool as pieces.
    pub fn pieces(taken: Vec<(usize, u128)>) -> Vec<Piece> {
        taken
            .into_iter()
            .map(|(line, k)| Piece {
                line,
                // k counts whole units of a line's quantity (a decimal), so it fits: `try_` only because the
                // panicking form brings rust_decimal's error formatting into the wasm (~0.2 KB gzip).
                k: Decimal::try_from_i128_with_scale(k as i128, 0).unwrap_or(Decimal::MAX),
            })
            .collect()
    }

    /// Per-piece amounts of a discount kind on unit pieces (each-unit, cheapest, most-expensive).
    pub fn on_units(&mut self, kind: Kind, pieces: &[Piece]) -> Result<Vec<Decimal>, MoneyError> {
        match kind {
            Kind::Percent(p) => self.percent(p, pieces),
            Kind::Amount(a) => self.amount_per_unit(a, pieces),
            Kind::Fixed(f) => self.fixed_per_unit(f, pieces),
        }
    }

    /// A discount kind on whole lines together (lines, order, tiers): per-line or on-total percentages, an
    /// amount spread, a bundle price (the difference spread).
    pub fn on_lines(&mut self, kind: Kind, lines: &[usize]) -> Result<Vec<Decimal>, MoneyError> {
        match kind {
            Kind::Percent(p) => {
                let whole = self.whole(lines);
                self.percent(p, &whole)
            }
            Kind::Amount(a) => self.spread_lines(a, lines),
            Kind::Fixed(f) => {
                let mut sum = Decimal::ZERO;
                for &i in lines {
                    sum = money::add(sum, self.base(i))?;
                }
                let d = money::sub(sum, f)?.max(Decimal::ZERO);
                self.spread_lines(d, lines)
            }
        }
    }

    /// What a discount kind takes off shipping: never more than what is left of the shipping price.
    pub fn shipping(&self, kind: Kind) -> Result<Decimal, MoneyError> {
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
