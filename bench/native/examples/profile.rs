//! A fixed amount of work on one workload, for profilers (`perf record`, `valgrind --tool=callgrind` or
//! `--tool=dhat`), which want a plain process rather than criterion's adaptive loops:
//!
//!     cargo build --profile bench -p kassa-bench --example profile
//!     valgrind --tool=callgrind target/release/examples/profile quote typical 100 [explain]
//!
//! The first argument is `load` (the workload rulebook), `quote` (a workload cart: small, typical, large,
//! 10, 100, 1000; `quote-json`: the same cart's JSON through `quote_json`), `fields` (the 180 validations of fields-batch) or `fields-json` (the same batch through
//! `validate_fields_json`, JSON in and out), then the number of repetitions; `explain` asks for the explanation.

use kassa_bench::{cart, fields, read};
use kassa_core::api::FieldRequest;
use kassa_core::Engine;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let what = arg(0, "quote");
    // `fields` takes no workload name: its second argument is the count
    let at = usize::from(!what.starts_with("fields"));
    let name = if at == 1 {
        arg(1, "typical")
    } else {
        String::new()
    };
    let times: u32 = arg(at + 1, "100").parse().expect("a number of repetitions");
    let rulebook = read("rulebook.json");
    let engine = Engine::load(&rulebook).expect("the workload rulebook loads");
    match what.as_str() {
        "load" => {
            for _ in 0..times {
                black_box(Engine::load(black_box(&rulebook)).expect("loads"));
            }
        }
        "fields" | "fields-json" => {
            let requests: Vec<FieldRequest> = fields()
                .into_iter()
                .map(|(kind, value, country)| FieldRequest {
                    kind,
                    value,
                    country,
                })
                .collect();
            let json =
                serde_json::to_vec(&serde_json::json!({ "requests": requests })).expect("JSON");
            for _ in 0..times {
                if what == "fields" {
                    black_box(
                        kassa_core::fields::validate_fields(black_box(&requests))
                            .expect("validates"),
                    );
                } else {
                    black_box(
                        kassa_core::engine::validate_fields_json(black_box(&json))
                            .expect("validates"),
                    );
                }
            }
        }
        "quote-json" => {
            let json = read(&format!("cart-{name}.json"));
            for _ in 0..times {
                black_box(
                    engine
                        .quote_json(black_box(json.as_bytes()))
                        .expect("quotes"),
                );
            }
        }
        _ => {
            let mut cart = cart(&format!("cart-{name}.json"));
            cart.explain = arg(at + 2, "") == "explain";
            for _ in 0..times {
                black_box(engine.quote(black_box(&cart)).expect("quotes"));
            }
        }
    }
}
