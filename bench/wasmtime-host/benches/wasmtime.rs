//! The shared workloads on dist/kassa.wasm in wasmtime (bindgen!), with criterion; then writes
//! bench/out/rust-wasmtime.json (bench/README.md) from criterion's medians.
//!
//! Every workload here is "compute" (pre-built Rust values in, Rust values out: wasm work plus wasmtime's
//! canonical ABI), plus cold start and throughput with 1 and 2 threads (one instance per thread).

use criterion::{black_box, Criterion, SamplingMode};
use kassa_bench_wasmtime::{
    cart, compile, component_bytes, engine, fields, instantiate_and_load, order, read, repo,
    FieldRequest,
};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const GROUP: &str = "rust-wasmtime";
const SAMPLES: usize = 30;

fn out_dir() -> PathBuf {
    repo().join("target/criterion-wasmtime")
}

fn workloads(c: &mut Criterion) {
    let rulebook = read("rulebook.json");
    let wt = engine();
    let component = compile(&wt, &component_bytes());
    let mut k = instantiate_and_load(&wt, &component, &rulebook).expect("instantiate and load");

    let mut g = c.benchmark_group(GROUP);
    g.bench_function("compute:load", |b| {
        b.iter(|| k.load_and_drop(black_box(&rulebook)).unwrap())
    });
    for (id, file) in [
        ("quote-small", "cart-small.json"),
        ("quote-typical", "cart-typical.json"),
        ("quote-large", "cart-large.json"),
        ("quote-lines-10", "cart-10.json"),
        ("quote-lines-100", "cart-100.json"),
        ("quote-lines-1000", "cart-1000.json"),
    ] {
        let cart = cart(file);
        k.quote(&cart).expect("the workload cart quotes");
        g.bench_function(format!("compute:{id}"), |b| {
            b.iter(|| k.quote(black_box(&cart)).unwrap())
        });
    }
    let order = order("order-typical.json");
    g.bench_function("compute:validate-typical", |b| {
        b.iter(|| k.validate(black_box(&order)).unwrap())
    });
    // The 180 validations in one validate-fields call (the batch entry point).
    let batch: Vec<FieldRequest> = fields()
        .into_iter()
        .map(|(kind, value, country)| FieldRequest {
            kind,
            value,
            country,
        })
        .collect();
    g.bench_function("compute:fields-batch", |b| {
        b.iter(|| k.fields(black_box(&batch)).unwrap())
    });

    // Throughput: N threads, each with its own instance, quoting the typical cart; time per quote is the
    // wall time divided by all quotes done.
    let typical = cart("cart-typical.json");
    for n in [1usize, 2] {
        let mut workers: Vec<_> = (0..n)
            .map(|_| instantiate_and_load(&wt, &component, &rulebook).expect("a worker"))
            .collect();
        g.bench_function(format!("throughput-{n}"), |b| {
            b.iter_custom(|iters| {
                let t0 = Instant::now();
                std::thread::scope(|s| {
                    for w in workers.iter_mut() {
                        let cart = &typical;
                        s.spawn(move || {
                            for _ in 0..iters {
                                black_box(w.quote(cart).unwrap());
                            }
                        });
                    }
                });
                t0.elapsed() / n as u32
            })
        });
    }
    g.finish();

    // Cold start: each sample compiles the component from bytes (no cache), or makes a new store and instance
    // and loads the workload rulebook.
    let mut g = c.benchmark_group(GROUP);
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let bytes = component_bytes();
    g.bench_function("cold:compile", |b| {
        b.iter(|| compile(&wt, black_box(&bytes)))
    });
    g.bench_function("cold:instantiate-load", |b| {
        b.iter(|| instantiate_and_load(&wt, &component, black_box(&rulebook)).unwrap())
    });
    g.finish();
}

/// Reads criterion's median of each benchmark of the group and writes bench/out/rust-wasmtime.json.
fn write_report() {
    let group = out_dir().join(GROUP);
    let mut results = serde_json::Map::new();
    let mut entries: Vec<_> = std::fs::read_dir(&group)
        .expect("criterion output")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let est = e.path().join("new/estimates.json");
        let bench = e.path().join("new/benchmark.json");
        let (Ok(est), Ok(bench)) = (std::fs::read_to_string(est), std::fs::read_to_string(bench))
        else {
            continue;
        };
        let est: serde_json::Value = serde_json::from_str(&est).expect("estimates.json");
        let bench: serde_json::Value = serde_json::from_str(&bench).expect("benchmark.json");
        let name = bench["function_id"]
            .as_str()
            .expect("function_id")
            .to_string();
        let runs = if name.starts_with("cold:") {
            10
        } else {
            SAMPLES
        };
        results.insert(
            name,
            serde_json::json!({"median_ns": est["median"]["point_estimate"], "runs": runs}),
        );
    }
    let doc = serde_json::json!({
        "host": "rust-wasmtime",
        "runtime": format!("wasmtime {} (crate, bindgen!, Cranelift), {}", wasmtime_version(), rustc_version()),
        "wasm": {"component-sha256": sha256_hex(&component_bytes())},
        "results": results,
    });
    let path = repo().join("bench/out/rust-wasmtime.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n")
        .expect("write rust-wasmtime.json");
    eprintln!("wrote bench/out/rust-wasmtime.json");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The wasmtime version this bench was built with, from the workspace's Cargo.lock.
fn wasmtime_version() -> String {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasmtime\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = ")) {
                return v.trim_matches('"').to_string();
            }
        }
    }
    "?".into()
}

fn rustc_version() -> String {
    let out = std::process::Command::new("rustc")
        .arg("--version")
        .output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn main() {
    let mut c = Criterion::default()
        .output_directory(&out_dir())
        .sample_size(SAMPLES)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
        .configure_from_args();
    workloads(&mut c);
    c.final_summary();
    write_report();
}
