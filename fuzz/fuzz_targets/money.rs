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

fn assert_sums(amount: &str, parts: &[String]) {
    let total = money::parse_decimal(amount).expect("an allocated amount parses");
    let mut sum = rust_decimal::Decimal::ZERO;
    for p in parts {
        sum = money::add(sum, money::parse_decimal(p).expect("parts parse")).expect("parts sum");
    }
    assert_eq!(sum, total, "allocation lost or created money");
}
