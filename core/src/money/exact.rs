//! An exact sum of decimal products, kept wide until it is rounded once at a named rounding point.
//!
//! `quantity x unit price` can need more than a decimal's 28 digits (999999999999.999999 x 12345678901.23 is
//! 12345678901229999987654.32109877, 31 digits) although its rounded amount fits easily. Pricing models build
//! their amount as an [`Exact`] (a sign, a 256-bit magnitude and a scale) and round it to the currency only at
//! the line-subtotal point, so such a line is priced instead of failing with `overflow`. A product of two
//! decimals always fits (< 2^192, scale <= 56); only a sum of terms with very different scales can overflow.

use super::decimal::{from_parts, MAX_DIGITS};
use super::rounding::{build, round_quotient, scale_arg};
use super::wide::U256;
use super::MoneyError;
use crate::api::RoundingMode;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The largest decimal mantissa (2^96 - 1).
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    negative: bool,
    magnitude: U256,
    scale: u32,
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact {
            negative: d.mantissa() < 0,
            magnitude: U256::from_u128(d.mantissa().unsigned_abs()),
            scale: d.scale(),
        }
    }
}

impl Exact {
    /// `a * b`, exactly.
    pub fn product(a: Decimal, b: Decimal) -> Exact {
        let magnitude =
            U256::widening_mul(a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
        Exact {
            negative: !magnitude.is_zero() && ((a.mantissa() < 0) != (b.mantissa() < 0)),
            magnitude,
            scale: a.scale() + b.scale(),
        }
    }

    /// The magnitude at a larger scale, or `None` past 2^256.
    fn magnitude_at(self, scale: u32) -> Option<U256> {
        self.magnitude.checked_mul_pow10(scale - self.scale)
    }

    /// `self + other`, exactly; `overflow` only when aligning the scales passes 2^256.
    pub fn plus(self, other: Exact) -> Result<Exact, MoneyError> {
        let scale = self.scale.max(other.scale);
        let overflow = MoneyError::Overflow { operation: "add" };
        let a = self.magnitude_at(scale).ok_or(overflow.clone())?;
        let b = other.magnitude_at(scale).ok_or(overflow.clone())?;
        let (negative, magnitude) = if self.negative == other.negative {
            (self.negative, a.checked_add(b).ok_or(overflow)?)
        } else if a >= b {
            (self.negative, a.checked_sub(b).ok_or(overflow)?)
        } else {
            (other.negative, b.checked_sub(a).ok_or(overflow)?)
        };
        Ok(Exact {
            negative: negative && !magnitude.is_zero(),
            magnitude,
            scale,
        })
    }

    /// `self * d`, exactly; `overflow` only past 2^256.
    pub fn times(self, d: Decimal) -> Result<Exact, MoneyError> {
        let magnitude = self
            .magnitude
            .checked_mul_u128(d.mantissa().unsigned_abs())
            .ok_or(MoneyError::Overflow { operation: "mul" })?;
        Ok(Exact {
            negative: !magnitude.is_zero() && (self.negative != (d.mantissa() < 0)),
            magnitude,
            scale: self.scale + d.scale(),
        })
    }

    /// The value rounded to `scale` decimal places with a named mode (the rounding point).
    pub fn round(self, scale: u32, mode: RoundingMode) -> Result<Decimal, MoneyError> {
        scale_arg(scale)?;
        let q = if self.scale <= scale {
            self.magnitude_at(scale).and_then(U256::to_u128)
        } else {
            U256::from_u128(1)
                .checked_mul_pow10(self.scale - scale)
                .and_then(|div| round_quotient(self.magnitude, div, self.negative, mode))
        };
        let q = q.ok_or(MoneyError::Overflow { operation: "round" })?;
        build(self.negative && q != 0, q, scale, "round")
    }

    /// The value as a decimal, exactly (trailing zeros dropped as needed), or `None` when no decimal can
    /// hold it.
    pub fn to_decimal(self) -> Option<Decimal> {
        let (mut magnitude, mut scale) = (self.magnitude, self.scale);
        let ten = U256::from_u128(10);
        let max = U256::from_u128(MAX_MANTISSA);
        while scale > MAX_DIGITS || magnitude > max {
            match magnitude.div_rem(ten) {
                Some((q, r)) if scale > 0 && r.is_zero() => {
                    magnitude = q;
                    scale -= 1;
                }
                _ => return None,
            }
        }
        let m = i128::try_from(magnitude.to_u128()?).ok()?;
        from_parts(if self.negative { -m } else { m }, scale)
    }

    /// For a trace: the value itself when a decimal can hold it, else rounded half-even to the most decimal
    /// places that fit.
    pub fn approx(self) -> Result<Decimal, MoneyError> {
        if let Some(d) = self.to_decimal() {
            return Ok(d);
        }
        let mut scale = self.scale.min(MAX_DIGITS);
        loop {
            match self.round(scale, RoundingMode::HalfEven) {
                Ok(d) => return Ok(d),
                Err(e) if scale == 0 => return Err(e),
                Err(_) => scale -= 1,
            }
        }
    }

    /// The integers whose quotient is `self / d * 10^scale`, and the sign of the result:
    /// `m * 10^(sd + scale) / (md * 10^s)`, the common power of ten cancelled first.
    fn division_operands(self, d: Exact, scale: u32) -> Result<(U256, U256, bool), MoneyError> {
        if d.magnitude.is_zero() {
            return Err(MoneyError::DivisionByZero {
                operation: "div-round",
            });
        }
        let overflow = MoneyError::Overflow {
            operation: "div-round",
        };
        let up = d.scale.checked_add(scale).ok_or(overflow.clone())?;
        let (num_exp, den_exp) = if up >= self.scale {
            (up - self.scale, 0)
        } else {
            (0, self.scale - up)
        };
        let num = self.magnitude.checked_mul_pow10(num_exp);
        let den = d.magnitude.checked_mul_pow10(den_exp);
        let (num, den) = num.zip(den).ok_or(overflow)?;
        Ok((num, den, self.negative != d.negative))
    }

    /// `self / d` rounded exactly to `scale` decimal places with a named mode.
    pub fn div_round(
        self,
        d: Exact,
        scale: u32,
        mode: RoundingMode,
    ) -> Result<Decimal, MoneyError> {
        let (num, den, negative) = self.division_operands(d, scale)?;
        scale_arg(scale)?;
        let overflow = MoneyError::Overflow {
            operation: "div-round",
        };
        let q = round_quotient(num, den, negative, mode).ok_or(overflow)?;
        build(negative && q != 0, q, scale, "div-round")
    }
}

/// Comparison, subtraction and wide quotients, for the promotions layer (`line amount x units x percent /
/// (quantity x 100)` and the like can need more than 28 digits before their rounding point).
impl Exact {
    /// `-self`.
    pub fn negated(self) -> Exact {
        Exact {
            negative: !self.negative && !self.magnitude.is_zero(),
            ..self
        }
    }

    /// `self - other`, exactly; `overflow` only when aligning the scales passes 2^256.
    pub fn minus(self, other: Exact) -> Result<Exact, MoneyError> {
        self.plus(other.negated())
    }

    /// Whether the value is above zero.
    pub fn is_positive(self) -> bool {
        !self.negative && !self.magnitude.is_zero()
    }

    /// The order of two values, exactly; `overflow` only when aligning the scales passes 2^256.
    pub fn compare(self, other: Exact) -> Result<Ordering, MoneyError> {
        let d = self.minus(other)?;
        Ok(if d.magnitude.is_zero() {
            Ordering::Equal
        } else if d.negative {
            Ordering::Less
        } else {
            Ordering::Greater
        })
    }

    /// `self / d` rounded to `scale` decimal places with a named mode, kept wide (the quotient may have more
    /// digits than a decimal holds; it is rounded again, or summed, later).
    pub fn quotient(self, d: Exact, scale: u32, mode: RoundingMode) -> Result<Exact, MoneyError> {
        let (num, den, negative) = self.division_operands(d, scale)?;
        let overflow = MoneyError::Overflow {
            operation: "div-round",
        };
        let (q, r) = num.div_rem(den).ok_or(overflow.clone())?;
        // The step away from zero is the rounded value of (r / den), or of (1 + r / den) minus 1 when q is odd,
        // so that half-even sees the parity of q: round_quotient decides every mode in one place.
        let odd = !q.is_zero()
            && q.div_rem(U256::from_u128(2))
                .is_some_and(|(_, b)| !b.is_zero());
        let rest = if odd { r.checked_add(den) } else { Some(r) };
        let step = rest
            .and_then(|n| round_quotient(n, den, negative, mode))
            .and_then(|s| s.checked_sub(u128::from(odd)))
            .ok_or(overflow.clone())?;
        let magnitude = q.checked_add(U256::from_u128(step)).ok_or(overflow)?;
        Ok(Exact {
            negative: negative && !magnitude.is_zero(),
            magnitude,
            scale,
        })
    }
}

/// Exact sums grouped by a decimal key (a denominator), in key order; numerically equal keys are one group,
/// keyed as first seen. What a `BTreeMap<Decimal, Exact>` would hold, as a sorted `Vec`: a map type of its own
/// costs the browser build ~1 KB gzip (CONTRIBUTING.md, "Keep the browser build small"). The groups are few
/// (one per distinct denominator), so inserting into the `Vec` is cheap.
#[derive(Debug, Default)]
pub struct ExactSums(pub Vec<(Decimal, Exact)>);

impl ExactSums {
    /// Add `x` to the group of `key` (a new group starts from zero).
    pub fn add(&mut self, key: Decimal, x: Exact) -> Result<(), MoneyError> {
        let i = match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, Exact::from(Decimal::ZERO)));
                i
            }
        };
        let sum = &mut self.0[i].1;
        *sum = sum.plus(x)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{format_decimal, parse_decimal};
    use RoundingMode::*;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn text(r: Result<Decimal, MoneyError>) -> String {
        format_decimal(r.unwrap())
    }

    #[test]
    fn a_product_past_28_digits_rounds_at_the_rounding_point() {
        // 12345678901.23 x 999999999999.999999 = 12345678901.23 x 10^12 - 12345678901.23 x 10^-6
        // = 12345678901230000000000 - 12345.67890123 = 12345678901229999987654.32109877 (31 digits).
        let p = Exact::product(d("12345678901.23"), d("999999999999.999999"));
        assert_eq!(p.to_decimal(), None);
        assert_eq!(text(p.round(2, HalfEven)), "12345678901229999987654.32");
        assert_eq!(text(p.round(2, Up)), "12345678901229999987654.33");
        assert_eq!(text(p.round(0, HalfEven)), "12345678901229999987654");
        // A decimal's mantissa is below 2^96 (7.9 x 10^28): with 23 integer digits 6 places fit, and
        // .32109877 is .321099 at 6 places.
        assert_eq!(text(p.approx()), "12345678901229999987654.321099");
        // The average over the quantity is the unit price again: 12345678901.230000 at 6 places.
        assert_eq!(
            text(p.div_round(Exact::from(d("999999999999.999999")), 6, HalfEven)),
            "12345678901.230000"
        );
    }

    #[test]
    fn grouped_sums_are_in_key_order_with_equal_keys_as_one() {
        // Keys 3, 1.0, 2, 1.00 (= 1.0, so its group, keyed "1.0" as first seen), 2: groups 1.0 -> 0.5 + 0.25
        // = 0.75, 2 -> 1 + 2 = 3, 3 -> 7, in numeric key order.
        let mut g = ExactSums::default();
        for (key, x) in [
            ("3", "7"),
            ("1.0", "0.5"),
            ("2", "1"),
            ("1.00", "0.25"),
            ("2", "2"),
        ] {
            g.add(d(key), Exact::from(d(x))).unwrap();
        }
        let got: Vec<(String, String)> =
            g.0.iter()
                .map(|(k, s)| (format_decimal(*k), format_decimal(s.to_decimal().unwrap())))
                .collect();
        let want = [("1.0", "0.75"), ("2", "3"), ("3", "7")];
        assert_eq!(got, want.map(|(k, s)| (k.to_string(), s.to_string())));
    }

    #[test]
    fn sums_keep_signs_and_scales() {
        // 1.5 x 3 = 4.5; + (-0.25) x 2 = -0.5 -> 4.0; 0.1 x 0.1 + 0.99 = 1.00.
        let s = Exact::product(d("1.5"), d("3"))
            .plus(Exact::product(d("-0.25"), d("2")))
            .unwrap();
        assert_eq!(s.to_decimal(), Some(d("4.00")));
        let s = Exact::product(d("0.1"), d("0.1"))
            .plus(Exact::from(d("0.99")))
            .unwrap();
        assert_eq!(text(s.round(2, HalfEven)), "1.00");
        // -1 + 1 is zero, never negative zero.
        let z = Exact::from(d("-1")).plus(Exact::from(d("1"))).unwrap();
        assert_eq!(text(z.round(2, HalfEven)), "0.00");
        // A negative tie: -0.125 to 2 places is -0.12 half-even, -0.13 half away from zero, -0.12 half up.
        let n = Exact::product(d("-0.125"), d("1"));
        assert_eq!(text(n.round(2, HalfEven)), "-0.12");
        assert_eq!(text(n.round(2, HalfAwayFromZero)), "-0.13");
        assert_eq!(text(n.round(2, HalfUp)), "-0.12");
    }

    #[test]
    fn a_triple_product_stays_exact() {
        // 1.5 x 3 x -0.1 = -0.45; a line amount x units x percent far past 28 digits divides back exactly.
        let small = Exact::from(d("1.5"))
            .times(d("3"))
            .unwrap()
            .times(d("-0.1"))
            .unwrap();
        assert_eq!(small.to_decimal(), Some(d("-0.450")));
        let line = d("99999999999989999900000.00");
        let p = Exact::from(line)
            .times(d("999999999999"))
            .unwrap()
            .times(d("12.345"))
            .unwrap();
        assert_eq!(p.to_decimal(), None);
        let by = Exact::product(d("999999999999"), d("12.345"));
        assert_eq!(
            text(p.div_round(by, 2, HalfEven)),
            "99999999999989999900000.00"
        );
        assert_eq!(
            Exact::from(d("2")).times(d("0")).unwrap().to_decimal(),
            Some(d("0"))
        );
    }

    #[test]
    fn tiny_products_round_to_zero_instead_of_failing() {
        // 1e-15 x 1e-15 = 1e-30: no decimal holds it, but it rounds to 0.00.
        let p = Exact::product(d("0.000000000000001"), d("0.000000000000001"));
        assert_eq!(p.to_decimal(), None);
        assert_eq!(text(p.round(2, HalfEven)), "0.00");
        assert_eq!(text(p.round(2, Up)), "0.01");
    }

    #[test]
    fn quotients_stay_wide_and_round_by_mode() {
        // 2 / 3 at 2 places: 0.66|66.. -> 0.67 half-even, 0.66 down. 0.125 / 1 at 2 places is a tie: half-even
        // keeps the even 0.12, half away from zero gives 0.13; 0.135 -> 0.14 half-even (3 is odd).
        let q = |a: &str, b: &str, s: u32, m| {
            Exact::from(d(a))
                .quotient(Exact::from(d(b)), s, m)
                .unwrap()
                .to_decimal()
                .map(format_decimal)
        };
        assert_eq!(q("2", "3", 2, HalfEven).as_deref(), Some("0.67"));
        assert_eq!(q("2", "3", 2, Down).as_deref(), Some("0.66"));
        assert_eq!(q("0.125", "1", 2, HalfEven).as_deref(), Some("0.12"));
        assert_eq!(q("0.135", "1", 2, HalfEven).as_deref(), Some("0.14"));
        assert_eq!(
            q("-0.125", "1", 2, HalfAwayFromZero).as_deref(),
            Some("-0.13")
        );
        assert_eq!(q("-0.125", "1", 2, HalfUp).as_deref(), Some("-0.12"));
        assert_eq!(q("-2", "3", 2, Floor).as_deref(), Some("-0.67"));
        // 10^23 / 3 at 28 places has 51 digits: no decimal holds it, but it sums and rounds exactly.
        // 33333333333333333333333.3333333333333333333333333333 x 3 = 99999999999999999999999.9999999999999999999999999999,
        // which rounds to 100000000000000000000000.00 at 2 places.
        let third = Exact::from(d("100000000000000000000000"))
            .quotient(Exact::from(d("3")), 28, HalfEven)
            .unwrap();
        assert_eq!(third.to_decimal(), None);
        let sum = third.plus(third).unwrap().plus(third).unwrap();
        assert_eq!(text(sum.round(2, HalfEven)), "100000000000000000000000.00");
        assert_eq!(text(sum.round(2, Down)), "99999999999999999999999.99");
        assert!(Exact::from(d("1"))
            .quotient(Exact::from(d("0")), 2, HalfEven)
            .is_err());
    }

    #[test]
    fn comparison_and_subtraction_are_exact() {
        // 12345678901.23 x 999999999999.999999 (31 digits) against 12345678901229999987654.32 (its value rounded
        // down): greater by 0.00109877.
        let p = Exact::product(d("12345678901.23"), d("999999999999.999999"));
        let r = Exact::from(d("12345678901229999987654.32"));
        assert_eq!(p.compare(r).unwrap(), Ordering::Greater);
        assert_eq!(r.compare(p).unwrap(), Ordering::Less);
        assert_eq!(p.minus(r).unwrap().to_decimal(), Some(d("0.00109877")));
        assert!(p.minus(r).unwrap().is_positive());
        assert!(!r.minus(p).unwrap().is_positive());
        assert_eq!(
            Exact::from(d("1.50"))
                .compare(Exact::from(d("1.5")))
                .unwrap(),
            Ordering::Equal
        );
        assert!(!Exact::from(d("0")).negated().is_positive());
        assert_eq!(
            text(Exact::from(d("0")).negated().round(2, HalfEven)),
            "0.00"
        );
    }
}
