//! Allocations per quote line and per loaded item, counted (not timed) with the counting allocator
//! (`src/counting.rs`): the same workloads as `benches/native.rs`. Counts are exact and repeatable, so one
//! run of each suffices. Prints a table and writes bench/out/allocations.json.
//!
//!     cargo bench -p kassa-bench --bench allocations

use kassa_bench::counting::{count, Count, Counting};
use kassa_bench::{cart, read, workload_dir};
use kassa_core::Engine;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let rulebook = read("rulebook.json");
    let engine = Engine::load(&rulebook).expect("the workload rulebook loads");
    let items = engine.rulebook().items.len() as u64;
    let mut rows: Vec<(String, u64, Count)> = Vec::new();
    rows.push((
        "load".into(),
        items,
        count(|| Engine::load(&rulebook).expect("loads")),
    ));
    for name in [
        "small",
        "typical",
        "large",
        "lines-10",
        "lines-100",
        "lines-1000",
    ] {
        let file = match name.strip_prefix("lines-") {
            Some(n) => format!("cart-{n}.json"),
            None => format!("cart-{name}.json"),
        };
        let mut cart = cart(&file);
        let lines = cart.lines.len() as u64;
        for explain in [false, true] {
            cart.explain = explain;
            // One quote first, so that nothing initialised once per process is counted.
            engine.quote(&cart).expect("quotes");
            let suffix = if explain { "-explain" } else { "" };
            rows.push((
                format!("quote-{name}{suffix}"),
                lines,
                count(|| engine.quote(&cart).expect("quotes")),
            ));
        }
    }
    println!(
        "{:<28} {:>6} {:>12} {:>10} {:>14}",
        "workload", "per", "allocations", "per unit", "bytes per unit"
    );
    let mut json = Vec::new();
    for (name, per, c) in &rows {
        let unit = if name == "load" { "item" } else { "line" };
        println!(
            "{name:<28} {per:>4} {unit:<1} {:>12} {:>10.1} {:>14.0}",
            c.allocations,
            c.allocations as f64 / *per as f64,
            c.bytes as f64 / *per as f64
        );
        json.push(format!(
            "\"{name}\": {{\"allocations\": {}, \"bytes\": {}, \"{unit}s\": {per}}}",
            c.allocations, c.bytes
        ));
    }
    let out = workload_dir().join("../allocations.json");
    std::fs::write(&out, format!("{{{}}}\n", json.join(", "))).expect("write allocations.json");
}
