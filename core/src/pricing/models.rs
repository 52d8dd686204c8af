//! Pricing models: per-unit, package, volume tiers and graduated tiers (each tier with an optional flat fee).
//! The result is exact (not yet rounded to the currency) and may have more digits than a decimal holds
//! (`money::Exact`); the line-subtotal rounding point follows.

use crate::api::RoundingMode;
use crate::money::{self, Exact, MoneyError};
use crate::rulebook::{Model, Tier};
use rust_decimal::Decimal;

/// What a model made of a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPrice {
    /// The exact amount, before the line-subtotal rounding point.
    pub exact: Exact,
    /// The unit price to show; `None` when the model has no single unit price (then the average is shown).
    pub unit_price: Option<Decimal>,
    pub model: &'static str,
    /// Which tier(s) priced the quantity, for the trace.
    pub tier: Option<TierUsed>,
    /// Unit prices rounded at the `unit-price` point: (before, after).
    pub roundings: Vec<(Decimal, Decimal)>,
}

/// Which tier(s) priced a quantity; described in words ([`TierUsed::describe`]) only for a trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TierUsed {
    /// The volume tier at this index.
    Volume(usize),
    /// Graduated tiers from the one at the first index to the one at the second.
    Graduated(usize, usize),
    /// This many packages.
    Packages(Decimal),
}

impl TierUsed {
    /// The words of the trace: "2 (above 5 up to 10)", "1-2 of 3", "2 package(s) of 6".
    pub fn describe(self, model: &Model) -> String {
        match (self, model) {
            (TierUsed::Volume(i), Model::Volume(tiers)) => bounds_text(tiers, i),
            (TierUsed::Graduated(first, last), Model::Graduated(tiers)) => {
                format!("{}-{} of {}", first + 1, last + 1, tiers.len())
            }
            (TierUsed::Packages(packages), Model::Package { size, .. }) => format!(
                "{} package(s) of {}",
                money::display_decimal(packages),
                money::format_decimal(*size)
            ),
            _ => String::new(),
        }
    }
}

/// The unit-price rounding point: `Some((minor units, mode))` when the rulebook rounds unit prices first.
pub type UnitRounding = Option<(u32, RoundingMode)>;

fn unit(
    u: Decimal,
    rounding: UnitRounding,
    log: &mut Vec<(Decimal, Decimal)>,
) -> Result<Decimal, MoneyError> {
    match rounding {
        None => Ok(u),
        Some((minor, mode)) => {
            let r = money::round(u, minor, mode)?;
            if r != u {
                log.push((u, r));
            }
            Ok(r)
        }
    }
}

fn bounds_text(tiers: &[Tier], i: usize) -> String {
    let from = if i == 0 { None } else { tiers[i - 1].up_to };
    match (from, tiers[i].up_to) {
        (None, Some(u)) => format!("{} (up to {})", i + 1, money::format_decimal(u)),
        (Some(f), Some(u)) => format!(
            "{} (above {} up to {})",
            i + 1,
            money::format_decimal(f),
            money::format_decimal(u)
        ),
        (Some(f), None) => format!("{} (above {})", i + 1, money::format_decimal(f)),
        (None, None) => format!("{} (any quantity)", i + 1),
    }
}

/// Where a line's units sit among the units its tiers count: `before` units of earlier lines of its tier group
/// and `total` units in the group (a line outside a group: 0 and its own quantity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub before: Decimal,
    pub total: Decimal,
}

impl Span {
    /// The span of a line counted alone.
    pub fn alone(quantity: Decimal) -> Span {
        Span {
            before: Decimal::ZERO,
            total: quantity,
        }
    }
}

/// Price `quantity` (> 0) with `model`. Volume tiers are chosen by `span.total` and their fee is charged on the
/// group's first line (`span.before` 0); graduated tiers price the line's units `span.before + 1 ..
/// span.before + quantity` of the group, each tier's fee on the line holding its first unit.
pub fn price(
    model: &Model,
    quantity: Decimal,
    span: Span,
    rounding: UnitRounding,
) -> Result<ModelPrice, MoneyError> {
    let mut roundings = Vec::new();
    match model {
        Model::PerUnit(u) => {
            let u = unit(*u, rounding, &mut roundings)?;
            Ok(ModelPrice {
                exact: Exact::product(u, quantity),
                unit_price: Some(u),
                model: "per-unit",
                tier: None,
                roundings,
            })
        }
        Model::Package {
            size,
            price,
            round_up,
        } => {
            let mode = if *round_up {
                RoundingMode::Ceiling
            } else {
                RoundingMode::Floor
            };
            let packages = money::div_round(quantity, *size, 0, mode)?;
            Ok(ModelPrice {
                exact: Exact::product(packages, *price),
                unit_price: None,
                model: "package",
                tier: Some(TierUsed::Packages(packages)),
                roundings,
            })
        }
        Model::Volume(tiers) => {
            // The tier the whole quantity falls in prices every unit: first tier with quantity <= up-to.
            let i = tiers
                .iter()
                .position(|t| t.up_to.is_none_or(|u| span.total <= u))
                .unwrap_or(tiers.len() - 1);
            let t = &tiers[i];
            let u = unit(t.unit_price, rounding, &mut roundings)?;
            let fee = if span.before.is_zero() {
                t.flat_fee
            } else {
                Decimal::ZERO
            };
            let exact = Exact::from(fee).plus(Exact::product(u, quantity))?;
            let unit_price = fee.is_zero().then_some(u);
            Ok(ModelPrice {
                exact,
                unit_price,
                model: "volume",
                tier: Some(TierUsed::Volume(i)),
                roundings,
            })
        }
        Model::Graduated(tiers) => {
            // Each tier prices the units inside it, (previous up-to, own up-to], of the line's units
            // (from, end] in its group.
            let (from, end) = (span.before, money::add(span.before, quantity)?);
            let mut exact = Exact::from(Decimal::ZERO);
            let mut below = Decimal::ZERO;
            let (mut first, mut last) = (None, 0);
            for (i, t) in tiers.iter().enumerate() {
                let top = t.up_to.map_or(end, |u| u.min(end));
                let units = money::sub(top, below.max(from))?;
                if units > Decimal::ZERO {
                    let u = unit(t.unit_price, rounding, &mut roundings)?;
                    let fee = if below >= from {
                        t.flat_fee
                    } else {
                        Decimal::ZERO
                    };
                    exact = exact
                        .plus(Exact::from(fee))?
                        .plus(Exact::product(u, units))?;
                    first.get_or_insert(i);
                    last = i;
                }
                below = top;
                if top >= end {
                    break;
                }
            }

            Ok(ModelPrice {
                exact,
                unit_price: None,
                model: "graduated",
                tier: Some(TierUsed::Graduated(first.unwrap_or(0), last)),
                roundings,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The model's exact amount, which these small examples can hold in a decimal.
    fn exact(m: &Model, q: &str, rounding: UnitRounding) -> Decimal {
        price(m, d(q), Span::alone(d(q)), rounding)
            .unwrap()
            .exact
            .to_decimal()
            .unwrap()
    }

    fn tiers(fee: &str) -> Vec<Tier> {
        // The vendors' worked example: 1-5 @ 7.00, 6-10 @ 6.50, 11+ @ 6.00.
        [(Some("5"), "7.00"), (Some("10"), "6.50"), (None, "6.00")]
            .iter()
            .map(|(u, p)| Tier {
                up_to: u.map(d),
                unit_price: d(p),
                flat_fee: d(fee),
            })
            .collect()
    }

    #[test]
    fn volume_prices_every_unit_at_the_tier_of_the_total() {
        // 1 x 7 = 7; 5 x 7 = 35; 6 x 6.50 = 39; 20 x 6 = 120; 25 x 6 = 150.
        for (q, want) in [
            ("1", "7"),
            ("5", "35"),
            ("6", "39"),
            ("20", "120"),
            ("25", "150"),
        ] {
            assert_eq!(
                exact(&Model::Volume(tiers("0")), q, None),
                d(want),
                "volume q={q}"
            );
        }
    }

    #[test]
    fn graduated_prices_each_tier_own_units() {
        // 6 = 5 x 7 + 1 x 6.50 = 41.50; 20 = 35 + 5 x 6.50 + 10 x 6 = 127.50; 25 = 35 + 32.50 + 15 x 6 = 157.50.
        for (q, want) in [
            ("1", "7"),
            ("5", "35"),
            ("6", "41.5"),
            ("20", "127.5"),
            ("25", "157.5"),
        ] {
            let got = exact(&Model::Graduated(tiers("0")), q, None);
            assert_eq!(got, d(want), "graduated q={q}");
        }
    }

    #[test]
    fn flat_fee_per_tier_plus_unit_amount() {
        // Volume, fee 2.00: q=6 -> 2.00 + 6 x 6.50 = 41.00. Graduated, fee 2.00 per tier used:
        // q=6 -> (2 + 35) + (2 + 6.50) = 45.50; q=3 -> 2 + 21 = 23.
        assert_eq!(exact(&Model::Volume(tiers("2.00")), "6", None), d("41"));
        assert_eq!(
            exact(&Model::Graduated(tiers("2.00")), "6", None),
            d("45.5")
        );
        assert_eq!(exact(&Model::Graduated(tiers("2.00")), "3", None), d("23"));
    }

    #[test]
    fn fractional_quantities_split_at_tier_bounds() {
        // Graduated 5.5 = 5 x 7 + 0.5 x 6.50 = 38.25; volume 5.5 falls in tier 2: 5.5 x 6.50 = 35.75.
        assert_eq!(
            exact(&Model::Graduated(tiers("0")), "5.5", None),
            d("38.25")
        );
        assert_eq!(exact(&Model::Volume(tiers("0")), "5.5", None), d("35.75"));
    }

    #[test]
    fn a_tier_group_counts_the_units_of_its_lines() {
        // The example: S x3, M x6, L x1 in one group, 1-9 at 10.00, 10+ at 8.00: every line at 8.00,
        // 24 + 48 + 8 = 80 (alone: 30 + 60 + 10 = 100).
        let m = Model::Volume(vec![
            Tier {
                up_to: Some(d("9")),
                unit_price: d("10.00"),
                flat_fee: d("0"),
            },
            Tier {
                up_to: None,
                unit_price: d("8.00"),
                flat_fee: d("0"),
            },
        ]);
        let mut before = d("0");
        for (q, want) in [("3", "24"), ("6", "48"), ("1", "8")] {
            let span = Span {
                before,
                total: d("10"),
            };
            let got = price(&m, d(q), span, None).unwrap();
            assert_eq!(got.exact.to_decimal().unwrap(), d(want), "q={q}");
            assert_eq!(got.unit_price, Some(d("8.00")));
            before += d(q);
        }
        // Graduated, fee 2.00 per tier: lines of 3 and 4 are units 1-3 and 4-7 of the group:
        // (2 + 3 x 7) = 23 and (2 x 7) + (2 + 2 x 6.50) = 29; 23 + 29 = 52 = 7 units alone (2 + 35) + (2 + 13).
        let g = Model::Graduated(tiers("2.00"));
        let span = |before: &str| Span {
            before: d(before),
            total: d("7"),
        };
        let line = |q: &str, b: &str| price(&g, d(q), span(b), None).unwrap().exact;
        assert_eq!(line("3", "0").to_decimal().unwrap(), d("23"));
        assert_eq!(line("4", "3").to_decimal().unwrap(), d("29"));
        assert_eq!(exact(&g, "7", None), d("52"));
    }

    #[test]
    fn packages_round_up_or_down() {
        // 7 units in packages of 6 at 5.00: up -> 2 packages = 10.00; down -> 1 package = 5.00; 12 -> 2 = 10.
        let m = |up| Model::Package {
            size: d("6"),
            price: d("5.00"),
            round_up: up,
        };
        assert_eq!(exact(&m(true), "7", None), d("10"));
        assert_eq!(exact(&m(false), "7", None), d("5"));
        assert_eq!(exact(&m(false), "12", None), d("10"));
    }

    #[test]
    fn sub_cent_unit_prices_round_where_configured() {
        // 0.0125 x 100 = 1.25 exact; rounding the unit price first (half away from zero) gives 0.01 x 100 = 1.00.
        let m = Model::PerUnit(d("0.0125"));
        assert_eq!(exact(&m, "100", None), d("1.25"));
        let rounding = Some((2, RoundingMode::HalfAwayFromZero));
        assert_eq!(exact(&m, "100", rounding), d("1.00"));
        let got = price(&m, d("100"), Span::alone(d("100")), rounding).unwrap();
        assert_eq!(got.roundings, vec![(d("0.0125"), d("0.01"))]);
    }
}
