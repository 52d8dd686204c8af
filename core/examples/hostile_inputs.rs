//! Times `Engine::load` on the hostile rulebooks of issue #21 (a finding per few bytes) natively, to show that
//! a load answers in time proportional to the input whatever the number of findings (docs/limits.md,
//! `problems`). Run one case with its name to measure its peak memory alone:
//!
//!     cargo run --release -p kassa-core --example hostile_inputs [NAME]
//!
//! The cases: `settings.currencies` of 200000 and 2000000 zeros, 340000 unknown keys (issue #21), and three
//! rulebooks whose price lists or shipping rates were compared pair by pair, value by value.

use kassa_core::Engine;
use std::time::Instant;

/// `settings.currencies` of `n` zeros: `n` `wrong-type` findings (and three `missing-field`).
fn currencies(n: usize) -> String {
    let zeros = vec!["0"; n].join(",");
    format!(r#"{{"kassa":"1","id":"x","version":"1","settings":{{"currencies":[{zeros}]}}}}"#)
}

/// `n` unknown top-level keys: `n` `unknown-field` findings (and two `missing-field`).
fn unknown_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":0")).collect();
    format!(
        r#"{{"kassa":"1","id":"x","version":"1",{}}}"#,
        keys.join(",")
    )
}

/// A valid rulebook selling sku A in EUR, with these price lists and shipping methods (JSON arrays' items).
fn shop(price_lists: &[String], methods: &[String]) -> String {
    format!(
        r#"{{"kassa":"1","id":"x","version":"1",
        "settings":{{"currencies":["EUR"],"rounding-mode":"half-even","tax-rounding":"per-line"}},
        "catalog":{{"items":[{{"sku":"A","tax-category":"s"}}]}},
        "tax":{{"categories":[{{"id":"s","exempt":true}}]}},
        "price-lists":[{}],"shipping":{{"methods":[{}]}}}}"#,
        price_lists.join(","),
        methods.join(",")
    )
}

/// A price list pricing A for the channels `list-0` ... `list-(n-1)`.
fn channel_list(list: usize, n: usize) -> String {
    let channels: Vec<String> = (0..n).map(|k| format!("\"{list}-{k}\"")).collect();
    format!(
        r#"{{"id":"l{list}","currency":"EUR","prices-include-tax":true,"channels":[{}],
        "prices":[{{"sku":"A","unit-price":"1"}}]}}"#,
        channels.join(",")
    )
}

/// Two lists of equal rank with 190000 channels each, none in common: no tie, but every channel of one was
/// compared with every channel of the other.
fn wide_scopes() -> String {
    shop(&[channel_list(0, 190_000), channel_list(1, 190_000)], &[])
}

/// The `price-lists` limit: 1000 lists of equal rank pricing A, each for 40 channels of its own (no tie among
/// 499500 pairs).
fn many_lists() -> String {
    let lists: Vec<String> = (0..1000).map(|i| channel_list(i, 40)).collect();
    shop(&lists, &[])
}

/// One shipping method with 1000 EUR rates (the limit), each for 300 country codes of its own (unknown codes:
/// 300000 findings, and no two rates for one country).
fn many_rates() -> String {
    let rates: Vec<String> = (0..1000)
        .map(|r| {
            let countries: Vec<String> = (0..300).map(|k| format!("\"{r}.{k}\"")).collect();
            format!(
                r#"{{"currency":"EUR","countries":[{}],"flat":"1"}}"#,
                countries.join(",")
            )
        })
        .collect();
    let method = format!(
        r#"{{"id":"m","tax-category":"s","prices-include-tax":true,"rates":[{}]}}"#,
        rates.join(",")
    );
    shop(&[], &[method])
}

/// Builds a case's rulebook text.
type Make = fn() -> String;

fn main() {
    let only = std::env::args().nth(1);
    let cases: &[(&str, Make)] = &[
        ("currencies-400k", || currencies(200_000)),
        ("currencies-4m", || currencies(2_000_000)),
        ("unknown-keys", || unknown_keys(340_000)),
        ("wide-scopes", wide_scopes),
        ("many-lists", many_lists),
        ("many-rates", many_rates),
    ];
    for &(name, make) in cases {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let text = make();
        let start = Instant::now();
        let result = Engine::load(&text);
        let took = start.elapsed();
        let kb = text.len() / 1024;
        match result {
            Ok(_) => println!("{name} ({kb} KB): loaded in {took:?}"),
            Err(e) => {
                let bytes: usize = e
                    .problems
                    .iter()
                    .map(|p| p.code.len() + p.path.len() + p.message.len())
                    .sum();
                let param = |n: &str| e.param(n).unwrap_or("-").to_string();
                println!(
                    "{name} ({kb} KB): {} in {took:?}; count {}, omitted {}, {} listed ({bytes} bytes of text)",
                    e.code,
                    param("count"),
                    param("omitted"),
                    e.problems.len(),
                );
            }
        }
    }
}
