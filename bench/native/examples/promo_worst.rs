//! One timed quote of the promotion worst case (src/promo_worst.rs) per stacking mode, for figures with
//! peak memory (`/usr/bin/time -v`) and for checking that a change leaves the quote byte-identical:
//!
//!     cargo run --release -p kassa-bench --example promo_worst -- [priority|best-deal|both] [OUT_DIR]
//!
//! With OUT_DIR it writes the quote as canonical JSON to OUT_DIR/promo-worst-<mode>.json.

use kassa_bench::promo_worst::{cart, rulebook};
use kassa_core::Engine;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let modes: Vec<&str> = match args.first().map(String::as_str) {
        None | Some("both") => vec!["priority", "best-deal"],
        Some(m) => vec![m],
    };
    let cart = cart();
    for mode in modes {
        let book = rulebook(mode);
        let t = Instant::now();
        let engine = Engine::load(&book)
            .unwrap_or_else(|e| panic!("{e}: {:#?}", &e.problems[..e.problems.len().min(3)]));
        let loaded = t.elapsed();
        let t = Instant::now();
        let quote = engine
            .quote(&cart)
            .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems));
        let quoted = t.elapsed();
        let applied = quote
            .promotions
            .iter()
            .filter(|p| p.status == kassa_core::api::PromotionStatus::Applied)
            .count();
        println!(
            "{mode}: load {:.3} s, quote {:.3} s; {applied} promotions applied, {} trace steps, discount {}",
            loaded.as_secs_f64(),
            quoted.as_secs_f64(),
            quote.trace.len(),
            quote.discount_total
        );
        if let Some(dir) = args.get(1) {
            let path = std::path::Path::new(dir).join(format!("promo-worst-{mode}.json"));
            std::fs::write(&path, serde_json::to_string(&quote).expect("JSON")).expect("write");
        }
    }
}
