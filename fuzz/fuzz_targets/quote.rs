//! Quote, validate and replay structured carts against the example rulebooks: never panics; a cart that
//! quotes validates; a replay records each rulebook's own quote, and a replay against the same rulebook is
//! `same`.
#![no_main]
use arbitrary::Arbitrary;
use kassa_core::api::{Cart, CartLine, ExternalTax, Order, UsageCount};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const RULEBOOK: &str = include_str!("../../examples/rulebook.json");
const RULEBOOK_2027: &str = include_str!("../../examples/rulebook-2027.json");
const SKUS: [&str; 10] = ["TEE", "BOOK", "EBOOK", "PEN", "INK", "CAPSULE", "COFFEE", "GIFTCARD", "MUG", "NOPE"];
const CURRENCIES: [&str; 4] = ["EUR", "CHF", "USD", "XXX"];
const COUNTRIES: [&str; 5] = ["DE", "FR", "CH", "US", "ZZ"];

/// An external tax (docs/rulebook.md, "External taxes"): id, rate, amount as the fuzzer writes them.
type FuzzTax = (String, Option<String>, Option<String>);

fn external(taxes: Option<Vec<FuzzTax>>) -> Option<Vec<ExternalTax>> {
    taxes.map(|list| {
        list.into_iter()
            .take(25)
            .map(|(id, rate, amount)| ExternalTax {
                id,
                rate: rate.map(Into::into),
                amount: amount.map(Into::into),
            })
            .collect()
    })
}

#[derive(Debug, Arbitrary)]
struct FuzzCart {
    currency: u8,
    at: Option<String>,
    country: Option<u8>,
    lines: Vec<(u8, String, Option<String>, Option<Vec<FuzzTax>>)>,
    shipping_taxes: Option<Vec<FuzzTax>>,
    coupons: Vec<String>,
    shipping: Option<String>,
    flags: (bool, bool, bool),
    usage: Vec<(String, u32, u32)>,
    email: Option<String>,
}

fn engine() -> &'static kassa_core::Engine {
    static ENGINE: OnceLock<kassa_core::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| kassa_core::Engine::load(RULEBOOK).expect("the example rulebook loads"))
}

fn engine_2027() -> &'static kassa_core::Engine {
    static ENGINE: OnceLock<kassa_core::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| kassa_core::Engine::load(RULEBOOK_2027).expect("the 2027 rulebook loads"))
}

/// The grand total of a quote, or the code of its error: what a replay record must carry for that side.
fn outcome(q: &Result<kassa_core::api::Quote, kassa_core::Error>) -> Result<kassa_core::api::DecimalText, String> {
    q.as_ref().map(|q| q.grand_total.clone()).map_err(|e| e.code.clone())
}

fuzz_target!(|f: FuzzCart| {
    let cart = Cart {
        currency: CURRENCIES[usize::from(f.currency) % CURRENCIES.len()].to_string(),
        at: f.at.unwrap_or_else(|| "2026-11-24T12:00:00Z".to_string()),
        country: f
            .country
            .map(|c| COUNTRIES[usize::from(c) % COUNTRIES.len()].to_string()),
        tax_exempt: f.flags.0,
        reverse_charge: f.flags.1,
        cash_rounding: f.flags.2,
        lines: f
            .lines
            .into_iter()
            .take(50)
            .map(|(sku, quantity, unit_price, taxes)| CartLine {
                sku: SKUS[usize::from(sku) % SKUS.len()].to_string(),
                quantity: quantity.into(),
                unit_price: unit_price.map(Into::into),
                taxes: external(taxes),
                attributes: Vec::new(),
            })
            .collect(),
        coupons: f.coupons.into_iter().take(5).collect(),
        shipping_method: f.shipping,
        shipping_taxes: external(f.shipping_taxes),
        usage: f
            .usage
            .into_iter()
            .take(5)
            .map(|(key, by_customer, total)| UsageCount {
                key,
                by_customer,
                total,
            })
            .collect(),
        ..Cart::default()
    };
    let quoted = engine().quote(&cart);
    let quoted_2027 = engine_2027().quote(&cart);
    let record = kassa_core::replay::replay(engine(), engine_2027(), 7, &cart).expect("replay answers");
    assert_eq!(record.line, 7);
    for (side, q, total, error) in [
        ("old", &quoted, &record.grand_total_old, &record.error_old),
        ("new", &quoted_2027, &record.grand_total_new, &record.error_new),
    ] {
        let recorded = match (total, error) {
            (Some(t), None) => Ok(t.clone()),
            (None, Some(e)) => Err(e.code.clone()),
            _ => panic!("the {side} side has both or neither of a total and an error: {record:?}"),
        };
        assert_eq!(recorded, outcome(q), "the {side} side of the replay is not its quote");
    }
    let itself = kassa_core::replay::replay(engine(), engine(), 1, &cart).expect("replay answers");
    let same = if quoted.is_ok() {
        kassa_core::api::ReplayStatus::Same
    } else {
        kassa_core::api::ReplayStatus::Failing
    };
    assert_eq!(itself.status, same, "a replay against the same rulebook: {itself:?}");
    let order = Order {
        cart,
        email: f.email,
        ..Order::default()
    };
    let report = engine().validate(&order);
    if quoted.is_ok() {
        let cart_errors = report
            .problems
            .iter()
            .filter(|p| p.severity == kassa_core::Severity::Error && p.path.starts_with("/cart"))
            .count();
        assert_eq!(
            cart_errors, 0,
            "a cart that quotes must validate: {:?}",
            report.problems
        );
    }
});
