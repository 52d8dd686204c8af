//! Runs one workload in a loop under wasmtime with a perf map, for `perf record` (where the time goes):
//!
//!   cargo run --release --example profile -- <component.wasm> <quote-typical|validate-typical|load> [seconds]
//!   perf record -g -p <pid>   (or: perf record -g -- target/.../examples/profile ...), then perf report
//!
//! Function names need a component built with its name section (the release profile strips it): see
//! bench/README.md, "Profiling".

use kassa_bench_wasmtime::{cart, instantiate_and_load, order, read};
use std::time::{Duration, Instant};
use wasmtime::component::Component;
use wasmtime::{Config, Engine, ProfilingStrategy};

fn main() -> wasmtime::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (wasm, workload) = (
        &args[1],
        args.get(2).map(String::as_str).unwrap_or("quote-typical"),
    );
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut cfg = Config::new();
    cfg.profiler(ProfilingStrategy::PerfMap);
    let engine = Engine::new(&cfg)?;
    let component = Component::from_file(&engine, wasm)?;
    let rulebook = read("rulebook.json");
    let mut k = instantiate_and_load(&engine, &component, &rulebook)?;
    let typical = cart("cart-typical.json");
    let order = order("order-typical.json");
    let (t0, mut n) = (Instant::now(), 0u64);
    while t0.elapsed() < Duration::from_secs(seconds) {
        match workload {
            "validate-typical" => drop(k.validate(&order)?),
            "load" => k.load_and_drop(&rulebook)?,
            _ => drop(k.quote(&typical)?),
        }
        n += 1;
    }
    eprintln!(
        "{workload}: {n} calls, {:.1} µs each",
        t0.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}
