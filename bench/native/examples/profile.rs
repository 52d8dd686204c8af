//! A fixed amount of work on one workload, for profilers (`perf record`, `valgrind --tool=callgrind` or
//! `--tool=dhat`), which want a plain process rather than criterion's adaptive loops:
//!
//!     cargo build --profile bench -p kassa-bench --example profile
//!     valgrind --tool=callgrind target/release/examples/profile quote typical 100 [explain]
//!
//! The first argument is `load` (the workload rulebook) or `quote` (a workload cart: small, typical, large,
//! 10, 100, 1000), then the number of repetitions; `explain` asks for the explanation.

use kassa_bench::{cart, read};
use kassa_core::Engine;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let (what, name) = (arg(0, "quote"), arg(1, "typical"));
    let times: u32 = arg(2, "100").parse().expect("a number of repetitions");
    let rulebook = read("rulebook.json");
    let engine = Engine::load(&rulebook).expect("the workload rulebook loads");
    match what.as_str() {
        "load" => {
            for _ in 0..times {
                black_box(Engine::load(black_box(&rulebook)).expect("loads"));
            }
        }
        _ => {
            let mut cart = cart(&format!("cart-{name}.json"));
            cart.explain = arg(3, "") == "explain";
            for _ in 0..times {
                black_box(engine.quote(black_box(&cart)).expect("quotes"));
            }
        }
    }
}
