//! A minimal unsigned 256-bit integer for exact intermediate results.
//!
//! Decimal mantissas are 96 bits and scales go to 28, so an exact product or a scaled dividend can need up to
//! ~190 bits. Rather than accept rust_decimal's silent rounding in such cases, the money layer computes them
//! here exactly and only then checks whether the answer fits. Only the operations money needs: widening
//! multiply, checked multiply, bitwise long division, a multiply-divide whose product passes 256 bits,
//! comparison. All are checked or total; none panics.

use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct U256 {
    hi: u128,
    lo: u128,
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.hi, self.lo).cmp(&(other.hi, other.lo))
    }
}

impl U256 {
    pub(crate) const ZERO: U256 = U256 { hi: 0, lo: 0 };

    pub(crate) fn from_u128(v: u128) -> U256 {
        U256 { hi: 0, lo: v }
    }

    /// The value as a u128, if it fits.
    pub(crate) fn to_u128(self) -> Option<u128> {
        (self.hi == 0).then_some(self.lo)
    }

    pub(crate) fn is_zero(self) -> bool {
        self.hi == 0 && self.lo == 0
    }

    /// `a * b` without loss (a 256-bit result always fits).
    pub(crate) fn widening_mul(a: u128, b: u128) -> U256 {
        const MASK: u128 = u64::MAX as u128;
        let (a1, a0) = ((a >> 64) as u64, a as u64);
        let (b1, b0) = ((b >> 64) as u64, b as u64);
        if a1 == 0 && b1 == 0 {
            // Every amount of a quote and every power of ten up to 10^19: one 64-bit product.
            return U256 {
                hi: 0,
                lo: mul_64(a0, b0),
            };
        }
        // Each partial product is < 2^128.
        let p00 = mul_64(a0, b0);
        let p01 = mul_64(a0, b1);
        let p10 = mul_64(a1, b0);
        let p11 = mul_64(a1, b1);
        // Middle column: sum of the low halves plus the carry out of p00's high half (< 3 * 2^64).
        let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
        let lo = (p00 & MASK) | (mid << 64);
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        U256 { hi, lo }
    }

    /// `self * k`, or `None` past 2^256.
    pub(crate) fn checked_mul_u128(self, k: u128) -> Option<U256> {
        let low = U256::widening_mul(self.lo, k);
        if self.hi == 0 {
            return Some(low);
        }
        let high = U256::widening_mul(self.hi, k);
        if high.hi != 0 {
            return None;
        }
        let hi = low.hi.checked_add(high.lo)?;
        Some(U256 { hi, lo: low.lo })
    }

    /// `self * 10^exp`, or `None` past 2^256.
    pub(crate) fn checked_mul_pow10(self, exp: u32) -> Option<U256> {
        let mut v = self;
        let mut left = exp;
        // 10^38 is the largest power of ten that fits a u128.
        while left > 0 {
            let step = left.min(38);
            v = v.checked_mul_u128(10u128.pow(step))?;
            left -= step;
        }
        Some(v)
    }

    /// `self + other`, or `None` past 2^256.
    pub(crate) fn checked_add(self, other: U256) -> Option<U256> {
        let (lo, carry) = self.lo.overflowing_add(other.lo);
        let hi = self
            .hi
            .checked_add(other.hi)?
            .checked_add(u128::from(carry))?;
        Some(U256 { hi, lo })
    }

    /// `self - other`, wrapping modulo 2^256 (callers ensure `self >= other` or rely on the wrap).
    fn wrapping_sub(self, other: U256) -> U256 {
        let (lo, borrow) = self.lo.overflowing_sub(other.lo);
        let hi = self
            .hi
            .wrapping_sub(other.hi)
            .wrapping_sub(u128::from(borrow));
        U256 { hi, lo }
    }

    /// `self - other`, or `None` if negative.
    pub(crate) fn checked_sub(self, other: U256) -> Option<U256> {
        (self >= other).then(|| self.wrapping_sub(other))
    }

    fn bit(self, i: u32) -> bool {
        if i >= 128 {
            (self.hi >> (i - 128)) & 1 == 1
        } else {
            (self.lo >> i) & 1 == 1
        }
    }

    fn set_bit(&mut self, i: u32) {
        if i >= 128 {
            self.hi |= 1 << (i - 128);
        } else {
            self.lo |= 1 << i;
        }
    }

    /// Shift left by one; the bit shifted out is returned.
    fn shl1(self) -> (U256, bool) {
        let out = self.hi >> 127 == 1;
        let hi = (self.hi << 1) | (self.lo >> 127);
        (
            U256 {
                hi,
                lo: self.lo << 1,
            },
            out,
        )
    }

    /// `floor(a * b / d)` and `a * b mod d` for `b <= d < 2^255`, or `None` outside that domain. The product
    /// can need ~330 bits (a 127-bit amount times a 200-bit weight), so it is never formed: the bits of `a`
    /// are taken from the top (`a * b = 2 * (a' * b) + bit * b`) while quotient and remainder are kept,
    /// the remainder reduced below `d` after each doubling and each addition (one subtraction suffices, as
    /// both leave it below `2d`).
    pub(crate) fn mul_div_rem(a: u128, b: U256, d: U256) -> Option<(u128, U256)> {
        if d.is_zero() || b > d || d.hi >> 127 == 1 {
            return None;
        }
        let (mut q, mut r) = (0u128, U256::ZERO);
        for i in (0..128 - a.leading_zeros()).rev() {
            // q <= a's top bits so far, so doubling it cannot overflow a u128.
            q <<= 1;
            r = r.checked_add(r)?;
            if r >= d {
                r = r.wrapping_sub(d);
                q += 1;
            }
            if (a >> i) & 1 == 1 {
                r = r.checked_add(b)?;
                if r >= d {
                    r = r.wrapping_sub(d);
                    q += 1;
                }
            }
        }
        Some((q, r))
    }

    /// Quotient and remainder, or `None` for a zero divisor.
    pub(crate) fn div_rem(self, d: U256) -> Option<(U256, U256)> {
        if d.is_zero() {
            return None;
        }
        if let (Some(a), Some(b)) = (self.to_u128(), d.to_u128()) {
            return Some((U256::from_u128(a / b), U256::from_u128(a % b)));
        }
        let mut q = U256::ZERO;
        let mut r = U256::ZERO;
        for i in (0..256).rev() {
            let (shifted, carry) = r.shl1();
            r = shifted;
            if self.bit(i) {
                r.lo |= 1;
            }
            // With a carry the true remainder is 2^256 + r > d, and the wrapping subtraction is exact.
            if carry || r >= d {
                r = r.wrapping_sub(d);
                q.set_bit(i);
            }
        }
        Some((q, r))
    }
}

/// `a * b` for 64-bit factors. In wasm32 a 128-bit multiplication is a library call (`__multi3`, ~5 % of a
/// quote's time there), so the product is built from 32-bit halves with 64-bit multiplications, which are
/// instructions; elsewhere it is the one widening instruction the compiler emits. Both are exact.
#[inline]
fn mul_64(a: u64, b: u64) -> u128 {
    #[cfg(target_arch = "wasm32")]
    {
        mul_64_by_halves(a, b)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        u128::from(a) * u128::from(b)
    }
}

/// Schoolbook multiplication on 32-bit halves (tested against `u128` multiplication natively).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn mul_64_by_halves(a: u64, b: u64) -> u128 {
    const MASK: u64 = u32::MAX as u64;
    let (a1, a0) = (a >> 32, a & MASK);
    let (b1, b0) = (b >> 32, b & MASK);
    // Each partial product is < 2^64; the middle column < 3 * 2^32.
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 32) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 32);
    let hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    (u128::from(hi) << 64) | u128::from(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The wasm32 multiplication is the native one.
        #[test]
        fn products_by_halves_are_exact(a in any::<u64>(), b in any::<u64>()) {
            prop_assert_eq!(mul_64_by_halves(a, b), u128::from(a) * u128::from(b));
        }
    }

    #[test]
    fn products_by_halves_at_the_edges() {
        for a in [0, 1, u32::MAX as u64, 1 << 32, u64::MAX - 1, u64::MAX] {
            for b in [0, 1, u32::MAX as u64, 1 << 32, u64::MAX - 1, u64::MAX] {
                assert_eq!(mul_64_by_halves(a, b), u128::from(a) * u128::from(b));
            }
        }
    }

    #[test]
    fn widening_mul_matches_known_products() {
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1.
        let p = U256::widening_mul(u128::MAX, u128::MAX);
        assert_eq!(p.hi, u128::MAX - 1);
        assert_eq!(p.lo, 1);
        let p = U256::widening_mul(1 << 100, 1 << 100);
        assert_eq!(p.hi, 1 << 72);
        assert_eq!(p.lo, 0);
    }

    #[test]
    fn division_inverts_multiplication() {
        let a = 79_228_162_514_264_337_593_543_950_335u128; // 2^96 - 1
        let b = 10u128.pow(28) + 7;
        let n = U256::widening_mul(a, b)
            .checked_add(U256::from_u128(12345))
            .unwrap();
        let (q, r) = n.div_rem(U256::from_u128(b)).unwrap();
        assert_eq!(q.to_u128(), Some(a));
        assert_eq!(r.to_u128(), Some(12345));
        assert!(n.div_rem(U256::ZERO).is_none());
    }

    #[test]
    fn mul_div_rem_past_256_bits() {
        // Small values checked by hand: 7 * 5 / 6 = 35 / 6 = 5 r 5.
        let q = U256::mul_div_rem(7, U256::from_u128(5), U256::from_u128(6));
        assert_eq!(q, Some((5, U256::from_u128(5))));
        // (2^127 - 1) * 10^56 / (10^56 + 1): a 314-bit product. With x = 2^127 - 1 and d = 10^56 + 1,
        // x * 10^56 = x * d - x, so the quotient is x - 1 and the remainder d - x (x < d).
        let x = (1u128 << 127) - 1;
        let e56 = U256::from_u128(1).checked_mul_pow10(56).unwrap();
        let d = e56.checked_add(U256::from_u128(1)).unwrap();
        let (q, r) = U256::mul_div_rem(x, e56, d).unwrap();
        assert_eq!(q, x - 1);
        assert_eq!(r, d.checked_sub(U256::from_u128(x)).unwrap());
        // b = d: the quotient is a itself, no remainder; a = 0 gives zero.
        assert_eq!(U256::mul_div_rem(x, d, d), Some((x, U256::ZERO)));
        assert_eq!(U256::mul_div_rem(0, d, d), Some((0, U256::ZERO)));
        // Outside the domain: zero divisor, b > d.
        assert!(U256::mul_div_rem(1, U256::ZERO, U256::ZERO).is_none());
        assert!(U256::mul_div_rem(1, d, e56).is_none());
    }

    #[test]
    fn pow10_and_overflow() {
        let v = U256::from_u128(1).checked_mul_pow10(76).unwrap();
        let (q, r) = v
            .div_rem(U256::from_u128(1).checked_mul_pow10(38).unwrap())
            .unwrap();
        assert_eq!(q.to_u128(), Some(10u128.pow(38)));
        assert!(r.is_zero());
        assert!(U256::from_u128(1).checked_mul_pow10(78).is_none());
    }
}
