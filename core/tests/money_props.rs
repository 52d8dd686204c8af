//! Property tests of the money layer against independent references written here on plain i128 integers
//! (floor-division based), and against rust_decimal's own rounding for the modes it shares with us.

use kassa_core::api::RoundingMode;
use kassa_core::money::{
    add, allocate, allocate_evenly, display_decimal, div, div_round, format_decimal, format_fixed,
    mul, parse_decimal, round, round_to_increment, sub, write_decimal, write_fixed,
};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

const MODES: [RoundingMode; 9] = [
    RoundingMode::HalfEven,
    RoundingMode::HalfAwayFromZero,
    RoundingMode::HalfTowardZero,
    RoundingMode::HalfUp,
    RoundingMode::HalfDown,
    RoundingMode::Up,
    RoundingMode::Down,
    RoundingMode::Ceiling,
    RoundingMode::Floor,
];

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop::sample::select(MODES.to_vec())
}

/// Reference: `n / d` (d > 0) rounded with `mode`, from the floor quotient and the non-negative remainder.
fn ref_div(n: i128, d: i128, mode: RoundingMode) -> i128 {
    use RoundingMode::*;
    let lo = n.div_euclid(d);
    let rem = n.rem_euclid(d);
    let hi = lo + 1;
    if rem == 0 {
        return lo;
    }
    let positive = n > 0;
    match mode {
        Floor => lo,
        Ceiling => hi,
        Down => {
            if positive {
                lo
            } else {
                hi
            }
        }
        Up => {
            if positive {
                hi
            } else {
                lo
            }
        }
        _ => match (2 * rem).cmp(&d) {
            std::cmp::Ordering::Less => lo,
            std::cmp::Ordering::Greater => hi,
            std::cmp::Ordering::Equal => match mode {
                HalfEven => {
                    if lo.rem_euclid(2) == 0 {
                        lo
                    } else {
                        hi
                    }
                }
                HalfUp => hi,
                HalfDown => lo,
                HalfAwayFromZero => {
                    if positive {
                        hi
                    } else {
                        lo
                    }
                }
                _ => {
                    if positive {
                        lo
                    } else {
                        hi
                    }
                }
            },
        },
    }
}

/// Any decimal with a 96-bit mantissa below 10^28 (the parseable range) and scale 0..=28.
fn decimal() -> impl Strategy<Value = Decimal> {
    let max = 10i128.pow(28) - 1;
    (-max..=max, 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

/// Decimals with many ties: small mantissas ending in 5 at various scales.
fn tie_heavy() -> impl Strategy<Value = Decimal> {
    (-100_000i128..100_000, 1u32..=6)
        .prop_map(|(m, s)| Decimal::from_i128_with_scale(m * 10 + 5, s))
}

fn strategy_of(mode: RoundingMode) -> Option<RoundingStrategy> {
    use RoundingMode::*;
    Some(match mode {
        HalfEven => RoundingStrategy::MidpointNearestEven,
        HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
        HalfTowardZero => RoundingStrategy::MidpointTowardZero,
        Up => RoundingStrategy::AwayFromZero,
        Down => RoundingStrategy::ToZero,
        Ceiling => RoundingStrategy::ToPositiveInfinity,
        Floor => RoundingStrategy::ToNegativeInfinity,
        HalfUp | HalfDown => return None,
    })
}

fn check_round(d: Decimal, scale: u32, mode: RoundingMode) -> Result<(), TestCaseError> {
    let got = round(d, scale, mode);
    let (m, s) = (d.mantissa(), d.scale());
    let want = if scale >= s {
        m.checked_mul(10i128.pow(scale - s))
    } else {
        Some(ref_div(m, 10i128.pow(s - scale), mode))
    };
    match want.and_then(|w| Decimal::try_from_i128_with_scale(w, scale).ok()) {
        Some(w) => {
            let got = got.map_err(|e| TestCaseError::fail(format!("{d} {scale} {mode:?}: {e}")))?;
            prop_assert_eq!(
                got.mantissa(),
                w.mantissa(),
                "{} at {} {:?}",
                d,
                scale,
                mode
            );
            prop_assert_eq!(got.scale(), scale);
        }
        None => prop_assert!(
            got.is_err(),
            "{} at {} {:?} should overflow",
            d,
            scale,
            mode
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_matches_integer_reference(d in decimal(), scale in 0u32..=28, mode in mode()) {
        check_round(d, scale, mode)?;
    }

    #[test]
    fn round_matches_reference_on_ties(d in tie_heavy(), scale in 0u32..=6, mode in mode()) {
        check_round(d, scale, mode)?;
    }

    #[test]
    fn round_agrees_with_rust_decimal_where_it_has_the_mode(
        d in decimal(), scale in 0u32..=28, mode in mode()
    ) {
        if let (Some(strategy), Ok(got)) = (strategy_of(mode), round(d, scale, mode)) {
            prop_assert_eq!(got, d.round_dp_with_strategy(scale, strategy));
        }
    }

    #[test]
    fn half_up_and_half_down_mirror_each_other(d in tie_heavy(), scale in 0u32..=6) {
        // half-down(x) = -half-up(-x): ties go to -infinity exactly as half-up sends them to +infinity.
        let up = round(-d, scale, RoundingMode::HalfUp).unwrap();
        let down = round(d, scale, RoundingMode::HalfDown).unwrap();
        prop_assert_eq!(down, -up);
    }

    #[test]
    fn increment_matches_integer_reference(
        m in -10_000_000_000i128..10_000_000_000, s in 0u32..=8,
        im in 1i128..=1000, is in 0u32..=4, mode in mode()
    ) {
        let d = Decimal::from_i128_with_scale(m, s);
        let inc = Decimal::from_i128_with_scale(im, is);
        let common = s.max(is);
        let n = m * 10i128.pow(common - s);
        let k = im * 10i128.pow(common - is);
        let want = ref_div(n, k, mode) * im;
        let got = round_to_increment(d, inc, mode).unwrap();
        prop_assert_eq!(got.mantissa(), want);
        prop_assert_eq!(got.scale(), is);
    }

    #[test]
    fn format_parse_round_trip(d in decimal()) {
        let text = format_decimal(d);
        let back = parse_decimal(&text).unwrap();
        prop_assert_eq!(back.mantissa(), d.mantissa());
        prop_assert_eq!(back.scale(), d.scale());
        prop_assert!(!text.contains('e') && !text.starts_with('+'));
    }

    #[test]
    fn canonical_text_round_trips(
        neg in any::<bool>(), int in "0|[1-9][0-9]{0,12}", frac in proptest::option::of("[0-9]{1,12}")
    ) {
        let mut s = String::new();
        let zero = int == "0" && frac.as_deref().is_none_or(|f| f.bytes().all(|b| b == b'0'));
        if neg && !zero {
            s.push('-');
        }
        s.push_str(&int);
        if let Some(f) = &frac {
            s.push('.');
            s.push_str(f);
        }
        prop_assert_eq!(format_decimal(parse_decimal(&s).unwrap()), s);
    }

    #[test]
    fn mul_is_exact(a in -1_000_000_000_000i128..1_000_000_000_000, sa in 0u32..=14,
                    b in -1_000_000_000_000i128..1_000_000_000_000, sb in 0u32..=14) {
        let x = Decimal::from_i128_with_scale(a, sa);
        let y = Decimal::from_i128_with_scale(b, sb);
        let got = mul(x, y).unwrap();
        // The exact product a*b / 10^(sa+sb), compared by cross-multiplication on integers.
        let p = a * b;
        let (gm, gs) = (got.mantissa(), got.scale());
        let lhs = gm.checked_mul(10i128.pow(sa + sb - gs.min(sa + sb)));
        prop_assert!(gs <= sa + sb);
        prop_assert_eq!(lhs, Some(p));
    }
}

/// Any representable decimal, including 29-digit mantissas up to 2^96 - 1.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    let max = (1i128 << 96) - 1;
    (-max..=max, 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn div_round_matches_integer_reference(
        a in -1_000_000_000i128..1_000_000_000, sa in 0u32..=6,
        b in -1_000_000_000i128..1_000_000_000, sb in 0u32..=6,
        scale in 0u32..=6, mode in mode()
    ) {
        prop_assume!(b != 0);
        let x = Decimal::from_i128_with_scale(a, sa);
        let y = Decimal::from_i128_with_scale(b, sb);
        // a/10^sa / (b/10^sb) * 10^scale = a * 10^(sb+scale) / (b * 10^sa), with a positive divisor.
        let (mut n, mut d) = (a * 10i128.pow(sb + scale), b * 10i128.pow(sa));
        if d < 0 {
            n = -n;
            d = -d;
        }
        let got = div_round(x, y, scale, mode).unwrap();
        prop_assert_eq!(got.mantissa(), ref_div(n, d, mode));
        prop_assert_eq!(got.scale(), scale);
    }

    #[test]
    fn core_arithmetic_never_panics(
        a in any_decimal(), b in any_decimal(), scale in 0u32..=40, mode in mode(),
        mu in 0u32..=30, n in 0u32..=5
    ) {
        let _ = (add(a, b), sub(a, b), mul(a, b), div(a, b));
        let _ = div_round(a, b, scale, mode);
        let _ = round(a, scale, mode);
        let _ = round_to_increment(a, b, mode);
        let _ = allocate(a, mu, &[b, a.abs()]);
        let _ = allocate_evenly(a, mu, n);
        // Formatting any value and reading it back is exact whenever it has at most 28 digits.
        if a.mantissa().unsigned_abs() < 10u128.pow(28) {
            prop_assert_eq!(parse_decimal(&format_decimal(a)).unwrap().mantissa(), a.mantissa());
        }
    }
}

/// Any decimal, with zeros of either sign and any scale often (the cases where `sub` is not simply `a + -b`).
fn decimal_or_zero() -> impl Strategy<Value = Decimal> {
    let zero = (any::<bool>(), 0u32..=28).prop_map(|(negative, s)| {
        let mut z = Decimal::new(0, s);
        z.set_sign_negative(negative);
        z
    });
    prop_oneof![
        any_decimal(),
        zero,
        (-1000i64..1000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// `sub` computes `a + (-b)` (one copy of rust_decimal's addition in the wasm): rust_decimal's own
    /// `checked_sub` is the oracle, to the bit (sign of zero and scale included, so `serialize`, not `==`).
    #[test]
    fn sub_is_checked_sub_to_the_bit(a in decimal_or_zero(), b in decimal_or_zero()) {
        let got = sub(a, b).ok().map(|d| d.serialize());
        prop_assert_eq!(got, a.checked_sub(b).map(|d| d.serialize()));
    }

    /// `display_decimal` writes what rust_decimal's `Display` writes (the oracle), negative zero included.
    #[test]
    fn display_decimal_is_rust_decimals_display(d in decimal_or_zero()) {
        prop_assert_eq!(display_decimal(d), d.to_string());
    }

    /// `write_decimal` and `write_fixed`, the writers the explanation formats through, append rust_decimal's
    /// `Display` text (the oracle): zero without a sign, padded to the places (`{:.N}`) where the value has no
    /// more; and what `format_decimal`/`format_fixed` return in every case.
    #[test]
    fn decimals_are_written_as_rust_decimal_writes_them(d in decimal_or_zero(), places in 0u32..8) {
        let shown = if d.is_zero() { d.abs().to_string() } else { d.to_string() };
        let mut text = String::from("x");
        write_decimal(&mut text, d);
        prop_assert_eq!(text, format!("x{shown}"));
        prop_assert_eq!(format_decimal(d), shown);
        let mut fixed = String::from("x");
        write_fixed(&mut fixed, d, places);
        // rust_decimal's `{:.N}` panics past its own buffer (~32 characters): the oracle is asked below that.
        if places >= d.scale() && !d.is_zero() && d.mantissa().unsigned_abs() < 10u128.pow(18) {
            prop_assert_eq!(&fixed, &format!("x{:.*}", places as usize, d));
        }
        prop_assert_eq!(fixed, format!("x{}", format_fixed(d, places)));
    }
}

/// Reference largest-remainder allocation on i128 minor units.
fn ref_allocate(total: i128, weights: &[i128]) -> Vec<i128> {
    let sum: i128 = weights.iter().sum();
    let mag = total.abs();
    let mut parts: Vec<i128> = weights.iter().map(|w| mag * w / sum).collect();
    let rems: Vec<i128> = weights.iter().map(|w| mag * w % sum).collect();
    let left = mag - parts.iter().sum::<i128>();
    let mut idx: Vec<usize> = (0..weights.len()).collect();
    idx.sort_by(|&a, &b| rems[b].cmp(&rems[a]).then(a.cmp(&b)));
    for &i in idx.iter().take(left as usize) {
        parts[i] += 1;
    }
    if total < 0 {
        parts.iter_mut().for_each(|p| *p = -*p);
    }
    parts
}

fn ratios() -> impl Strategy<Value = Vec<(i128, u32)>> {
    prop::collection::vec((0i128..=50, 0u32..=2), 1..10)
        .prop_filter("not all zero", |v| v.iter().any(|(m, _)| *m > 0))
}

fn weights_of(rs: &[(i128, u32)]) -> Vec<i128> {
    rs.iter().map(|(m, s)| m * 10i128.pow(2 - s)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn allocation_matches_reference_and_bounds(
        total in -1_000_000_000_000i128..1_000_000_000_000, mu in 0u32..=4, rs in ratios()
    ) {
        let amount = Decimal::from_i128_with_scale(total, mu);
        let ratios: Vec<Decimal> =
            rs.iter().map(|(m, s)| Decimal::from_i128_with_scale(*m, *s)).collect();
        let parts = allocate(amount, mu, &ratios).unwrap();
        let minor: Vec<i128> = parts.iter().map(|p| {
            assert_eq!(p.scale(), mu);
            p.mantissa()
        }).collect();
        prop_assert_eq!(minor.iter().sum::<i128>(), total);
        let w = weights_of(&rs);
        let sum: i128 = w.iter().sum();
        for (p, wi) in minor.iter().zip(&w) {
            // |p - total*w/sum| < 1, i.e. |p*sum - total*w| < sum.
            prop_assert!((p * sum - total * wi).abs() < sum);
            if *wi == 0 {
                prop_assert_eq!(*p, 0);
            }
        }
        prop_assert_eq!(minor, ref_allocate(total, &w));
    }

    #[test]
    fn allocation_is_stable_under_permutation(
        total in 0i128..1_000_000, rs in ratios(), seed in any::<u64>()
    ) {
        let w = weights_of(&rs);
        let sum: i128 = w.iter().sum();
        // Only distinct ratios that tie on the remainder may trade the extra unit by position.
        let rem = |x: i128| total * x % sum;
        let clash = w.iter().any(|a| w.iter().any(|b| a != b && rem(*a) == rem(*b) && rem(*a) != 0));
        prop_assume!(!clash);
        let mut perm: Vec<usize> = (0..rs.len()).collect();
        let mut s = seed;
        for i in (1..perm.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let to_dec = |v: &[(i128, u32)]| -> Vec<Decimal> {
            v.iter().map(|(m, s)| Decimal::from_i128_with_scale(*m, *s)).collect()
        };
        let permuted: Vec<(i128, u32)> = perm.iter().map(|&i| rs[i]).collect();
        let amount = Decimal::from_i128_with_scale(total, 2);
        let a = allocate(amount, 2, &to_dec(&rs)).unwrap();
        let b = allocate(amount, 2, &to_dec(&permuted)).unwrap();
        let mut pa: Vec<(i128, i128)> = w.iter().zip(&a).map(|(w, p)| (*w, p.mantissa())).collect();
        let wp = weights_of(&permuted);
        let mut pb: Vec<(i128, i128)> = wp.iter().zip(&b).map(|(w, p)| (*w, p.mantissa())).collect();
        pa.sort();
        pb.sort();
        prop_assert_eq!(pa, pb);
        // Among equal ratios the earlier part never gets less.
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                if wp[i] == wp[j] {
                    prop_assert!(b[i] >= b[j] && b[i] - b[j] <= Decimal::new(1, 2));
                }
            }
        }
    }

    #[test]
    fn even_split_by_reference(total in -1_000_000_000i128..1_000_000_000, mu in 0u32..=3, n in 1u32..=50) {
        let amount = Decimal::from_i128_with_scale(total, mu);
        let parts = allocate_evenly(amount, mu, n).unwrap();
        prop_assert_eq!(parts.len(), n as usize);
        let mag = total.abs();
        let base = mag / i128::from(n);
        let extra = mag % i128::from(n);
        for (i, p) in parts.iter().enumerate() {
            let want = base + i128::from((i as i128) < extra);
            prop_assert_eq!(p.mantissa(), if total < 0 { -want } else { want });
            prop_assert_eq!(p.scale(), mu);
        }
    }
}
