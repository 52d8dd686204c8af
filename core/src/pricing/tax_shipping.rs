//! Shipping's tax policy: how shipping is split over the goods' tax categories (`fixed`, `proportional`,
//! `highest-rate`, `principal`), the explanation of the split, and joining the shares' results into one for the
//! quote's shipping. docs/rulebook.md, "Shipping tax policy".

use super::tax::{rate_sum, Taxable, Taxed};
use crate::money::{self, Exact, MoneyError};
use crate::priced::{At, Context, Trace};
use crate::rulebook::schema::ShippingTaxPolicy;
use crate::rulebook::ShippingMethod;
use rust_decimal::Decimal;

/// Shipping's shares by tax category under its method's policy: (category, amount in the method's basis).
/// The goods that count are the lines with a net above zero after discounts, a gross line's net being its
/// amount x 100 / (100 + its rates) rounded to the minor unit; per category their nets add up (categories in
/// the order of their first line). `proportional` splits the amount over those categories by net, to the minor
/// unit by largest remainder (ties to the earlier category), leaving out zero shares; `highest-rate` takes the
/// category with the highest rate sum, `principal` the one with the largest net (ties to the earlier). With
/// `fixed`, without a line that counts, or for shipping of zero: the method's `tax-category`.
pub(super) fn shares(
    ctx: &Context,
    lines: &[Taxable],
    method: &ShippingMethod,
    amount: Decimal,
) -> Result<Vec<(usize, Decimal)>, MoneyError> {
    let fixed = vec![(method.tax_category, amount)];
    if method.tax_policy == ShippingTaxPolicy::Fixed || amount.is_zero() {
        return Ok(fixed);
    }
    let mut nets: Vec<(usize, Decimal)> = Vec::new();
    for l in lines {
        let net = if l.includes_tax {
            let den = money::add(Decimal::ONE_HUNDRED, rate_sum(ctx, l.category)?)?;
            Exact::product(l.amount, Decimal::ONE_HUNDRED).div_round(
                den.into(),
                ctx.minor_units,
                ctx.mode,
            )?
        } else {
            l.amount
        };
        if net <= Decimal::ZERO {
            continue;
        }
        match nets.iter_mut().find(|(c, _)| *c == l.category) {
            Some((_, sum)) => *sum = money::add(*sum, net)?,
            None => nets.push((l.category, net)),
        }
    }
    if nets.is_empty() {
        return Ok(fixed);
    }
    // The first category with the largest key (ties to the earlier).
    let first_max = |keys: Vec<Decimal>| {
        let mut best = 0;
        for (i, k) in keys.iter().enumerate() {
            if *k > keys[best] {
                best = i;
            }
        }
        nets[best].0
    };
    Ok(match method.tax_policy {
        ShippingTaxPolicy::Fixed => fixed,
        ShippingTaxPolicy::HighestRate => {
            let rates = nets
                .iter()
                .map(|n| rate_sum(ctx, n.0))
                .collect::<Result<Vec<_>, _>>()?;
            vec![(first_max(rates), amount)]
        }
        ShippingTaxPolicy::Principal => {
            vec![(first_max(nets.iter().map(|n| n.1).collect()), amount)]
        }
        ShippingTaxPolicy::Proportional => {
            let ratios: Vec<Decimal> = nets.iter().map(|n| n.1).collect();
            let parts = money::allocate(amount, ctx.minor_units, &ratios)?;
            nets.iter()
                .zip(parts)
                .filter(|(_, p)| !p.is_zero())
                .map(|(n, p)| (n.0, p))
                .collect()
        }
    })
}

/// The explanation of a shipping split: the policy and each share.
pub(super) fn trace_split(
    ctx: &Context,
    trace: &mut Trace,
    method: &ShippingMethod,
    amount: Decimal,
    shares: &[(usize, Decimal)],
) {
    trace.step("shipping-tax", At::Key("/shipping-method"), |w| {
        let policy = match method.tax_policy {
            ShippingTaxPolicy::Fixed => "fixed",
            ShippingTaxPolicy::Proportional => "proportional",
            ShippingTaxPolicy::HighestRate => "highest-rate",
            ShippingTaxPolicy::Principal => "principal",
        };
        let categories = &ctx.rulebook.tax.categories;
        let list = |t: &mut String| {
            for (i, (c, a)) in shares.iter().enumerate() {
                if i > 0 {
                    t.push_str(", ");
                }
                money::write_decimal(t, *a);
                t.push(' ');
                t.push_str(&categories[*c].id);
            }
        };
        w.message(&|t| {
            t.push_str("shipping ");
            money::write_decimal(t, amount);
            t.push_str(" taxed ");
            t.push_str(policy);
            t.push_str(": ");
            list(t);
        });
        w.param("policy", policy);
        w.param_with("shares", &list);
    });
}

/// The results of the lines, then one for shipping: its shares' results added up (taxes side by side, each
/// with its share's net as base).
pub(super) fn merge_shipping(
    mut taxed: Vec<Taxed>,
    lines: usize,
) -> Result<Vec<Taxed>, MoneyError> {
    if taxed.len() <= lines + 1 {
        return Ok(taxed);
    }
    let shares = taxed.split_off(lines);
    let mut merged = Taxed {
        amount: Decimal::ZERO,
        exempt: shares[0].exempt,
        net: Decimal::ZERO,
        gross: Decimal::ZERO,
        taxes: Vec::new(),
    };
    for s in shares {
        merged.amount = money::add(merged.amount, s.amount)?;
        merged.net = money::add(merged.net, s.net)?;
        merged.gross = money::add(merged.gross, s.gross)?;
        merged.taxes.extend(s.taxes);
    }
    taxed.push(merged);
    Ok(taxed)
}
