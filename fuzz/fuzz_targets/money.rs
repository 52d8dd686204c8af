//! Every money function on arbitrary arguments: never panics; allocations always sum to the amount.
#![no_main]
use arbitrary::Arbitrary;
use kassa_core::api::RoundingMode;
use kassa_core::money;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    value: String,
    other: String,
    currency: Currency,
    scale: u8,
    mode: Mode,
    ratios: Vec<String>,
    parts: u8,
}

#[derive(Debug, Arbitrary)]
enum Currency {
    Eur,
    Jpy,
    Bhd,
    Chf,
    Any(String),
}

#[derive(Debug, Arbitrary)]
enum Mode {
    HalfEven,
    HalfAwayFromZero,
    HalfTowardZero,
    HalfUp,
    HalfDown,
    Up,
    Down,
    Ceiling,
    Floor,
}

fuzz_target!(|i: Input| {
    let currency = match &i.currency {
        Currency::Eur => "EUR",
        Currency::Jpy => "JPY",
        Currency::Bhd => "BHD",
        Currency::Chf => "CHF",
        Currency::Any(s) => s.as_str(),
    };
    let mode = match i.mode {
        Mode::HalfEven => RoundingMode::HalfEven,
        Mode::HalfAwayFromZero => RoundingMode::HalfAwayFromZero,
        Mode::HalfTowardZero => RoundingMode::HalfTowardZero,
        Mode::HalfUp => RoundingMode::HalfUp,
        Mode::HalfDown => RoundingMode::HalfDown,
        Mode::Up => RoundingMode::Up,
        Mode::Down => RoundingMode::Down,
        Mode::Ceiling => RoundingMode::Ceiling,
        Mode::Floor => RoundingMode::Floor,
    };
    let _ = money::round_wire(&i.value, u32::from(i.scale), mode);
    let _ = money::round_to_increment_wire(&i.value, &i.other, mode);
    let _ = money::round_money_wire(&i.value, currency, mode);
    let _ = money::cash_round_wire(&i.value, currency, mode);
    let _ = money::to_minor_units_wire(&i.value, currency);
    let _ = money::from_minor_units_wire(&i.other, currency);
    let _ = money::currency_wire(currency);
    let ratios: Vec<String> = i.ratios.into_iter().take(64).collect();
    if let Ok(parts) = money::allocate_wire(&i.value, currency, &ratios) {
        assert_sums(&i.value, &parts);
    }
    if let Ok(parts) = money::allocate_evenly_wire(&i.value, currency, u32::from(i.parts)) {
        assert_sums(&i.value, &parts);
    }
});

/// Sums in exact integer minor units (i128): rust_decimal's own addition rounds beyond 28 digits, so it
/// cannot be the oracle for amounts near the top of the range.
fn assert_sums(amount: &str, parts: &[String]) {
    let minor = |text: &str| -> i128 {
        // Trailing zeros beyond the currency's minor units are allowed ("5565.000" JPY): drop them first.
        let d = money::parse_decimal(text).expect("allocation amounts and parts parse").normalize();
        let scale = 4u32.checked_sub(d.scale()).expect("currencies here have at most 4 minor units");
        d.mantissa() * 10i128.pow(scale)
    };
    let sum: i128 = parts.iter().map(|p| minor(p)).sum();
    assert_eq!(sum, minor(amount), "allocation lost or created money");
}
