//! Included-tax extraction that rounds the net (`settings.tax-extraction: round-net`, the model of Zuora and of
//! the `prices` keep-gross mode): for a gross amount the net is rounded at the level's point and the tax is
//! what is left, gross - net, so the gross always stays as priced. 2.99 including 4 %: net 2.99 x 100 / 104 =
//! 2.875 -> 2.88, tax 0.11 (rounding the tax instead: 0.115 -> 0.12, net 2.87).
//!
//! The groups whose net is rounded follow the level: each amount (`per-line`), each unit of it (`per-unit`:
//! the unit's net rounded, times the quantity, rounded again, never beyond the amount), the amounts carrying the same rules
//! (`per-rate-group`) or all gross amounts (`per-total`). A group's tax is shared over its (amount, rule) parts
//! by largest remainder of their exact taxes, like the sums of `round-tax`.

use super::distribute::{distribute, Fraction};
use super::tax::{round_sum, Part, Taxable};
use crate::money::{self, Exact, MoneyError};
use crate::priced::{At, Context, Trace};
use crate::rulebook::schema::TaxRounding;
use rust_decimal::Decimal;

/// The rounded tax of every part (all of gross amounts), in the order given.
pub(super) fn round_nets(
    ctx: &Context,
    items: &[Taxable],
    parts: &[Part],
    trace: &mut Trace,
) -> Result<Vec<Decimal>, MoneyError> {
    let level = ctx.rulebook.settings.tax_rounding;
    // Groups of part indices: consecutive parts of one item stay together (parts are in item order).
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new(); // (the group's items, its parts)
    let mut k = 0;
    while k < parts.len() {
        let item = parts[k].item;
        let mut own = Vec::new();
        while k < parts.len() && parts[k].item == item {
            own.push(k);
            k += 1;
        }
        let key = |g: &(Vec<usize>, Vec<usize>)| -> bool {
            match level {
                TaxRounding::PerLine | TaxRounding::PerUnit => false,
                TaxRounding::PerTotal => true,
                // The same rules, in the same order.
                TaxRounding::PerRateGroup => {
                    let rules =
                        |ps: &[usize]| ps.iter().map(|&k| parts[k].rule).collect::<Vec<_>>();
                    let first = g.0[0];
                    let theirs: Vec<usize> =
                        g.1.iter()
                            .copied()
                            .filter(|&k| parts[k].item == first)
                            .collect();
                    rules(&theirs) == rules(&own)
                }
            }
        };
        match groups.iter_mut().find(|g| key(g)) {
            Some(g) => {
                g.0.push(item);
                g.1.extend(own);
            }
            None => groups.push((vec![item], own)),
        }
    }
    let traced = trace.is_on();
    let mut amounts = vec![Decimal::ZERO; parts.len()];
    for (members, own) in groups {
        // The exact net of an amount: amount x 100 / den (den = 100 + its rates, shared by its parts).
        let den_of = |item: usize| {
            own.iter()
                .find(|&&k| parts[k].item == item)
                .map(|&k| parts[k].den)
        };
        let mut gross = Decimal::ZERO;
        let mut nets = Vec::with_capacity(members.len());
        for &i in &members {
            let den = den_of(i).unwrap_or(Decimal::ONE_HUNDRED);
            gross = money::add(gross, items[i].amount)?;
            nets.push(Part {
                item: i,
                rule: 0,
                num: Exact::product(items[i].amount, Decimal::ONE_HUNDRED),
                den,
                fixed: false,
            });
        }
        let (at, point) = match level {
            TaxRounding::PerLine => (items[members[0]].at, "net-per-line"),
            TaxRounding::PerUnit => (items[members[0]].at, "net-per-unit"),
            TaxRounding::PerRateGroup => (At::Cart, "net-per-rate-group"),
            TaxRounding::PerTotal => (At::Cart, "net-per-total"),
        };
        let net = if level == TaxRounding::PerUnit {
            // One item: the unit's net rounded, then times the quantity, rounded again if fractional.
            let (p, q) = (nets[0], items[members[0]].quantity);
            let per_unit = Exact::product(p.den, q);
            let unit = p.num.div_round(per_unit, ctx.minor_units, ctx.mode)?;
            if traced {
                let approx = money::div(p.num.approx()?, per_unit.approx()?)?.normalize();
                trace.rounding(at, point, approx, unit);
            }
            let net = Exact::product(unit, q).round(ctx.minor_units, ctx.mode)?;
            // A unit's gross after discounts need not be whole minor units, so rounding its net away from
            // zero can pass the line's gross: the net then is the gross (no tax), never a negative tax.
            if net.abs() > gross.abs() {
                gross
            } else {
                net
            }
        } else {
            let (approx, net) = round_sum(&nets, ctx, traced)?;
            trace.rounding(at, point, approx, net);
            net
        };
        let tax = money::sub(gross, net)?;
        let exact: Vec<Fraction> = own.iter().map(|&k| (parts[k].num, parts[k].den)).collect();
        for (k, a) in own.iter().zip(distribute(tax, &exact, ctx.minor_units)?) {
            amounts[*k] = a;
        }
    }
    Ok(amounts)
}
