//! Native baseline: the same workloads every host runs, on kassa-core directly.
//! Criterion writes medians to target/criterion/<group>/<name>/new/estimates.json; bench/report.py reads them.
//! Native Rust has no compile or instantiate step: its cold start is `load`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kassa_bench::{cart, fields, order, read};
use kassa_core::Engine;

fn workloads(c: &mut Criterion) {
    let rulebook = read("rulebook.json");
    let engine = Engine::load(&rulebook).expect("the workload rulebook loads");
    let mut g = c.benchmark_group("kassa");
    g.bench_function("load", |b| {
        b.iter(|| Engine::load(black_box(&rulebook)).map(|_| ()))
    });
    // Each cart as the workload has it (no explanation: the default); small and large also asking for the
    // explanation (the typical one has its own workload file below, which every host runs).
    for name in ["small", "typical", "large"] {
        let mut cart = cart(&format!("cart-{name}.json"));
        g.bench_function(format!("quote-{name}"), |b| {
            b.iter(|| engine.quote(black_box(&cart)))
        });
        if name != "typical" {
            cart.explain = true;
            g.bench_function(format!("quote-{name}-explain"), |b| {
                b.iter(|| engine.quote(black_box(&cart)))
            });
        }
    }
    // The typical cart with `explain: true`, once the contract has the flag (bench/workloads.py writes the file
    // only then): the quote with its full explanation trace.
    if kassa_bench::workload_dir()
        .join("cart-typical-explain.json")
        .exists()
    {
        let cart = cart("cart-typical-explain.json");
        g.bench_function("quote-typical-explain", |b| {
            b.iter(|| engine.quote(black_box(&cart)))
        });
    }
    // The typical cart asking for hints (free shipping, next tier, minimum: docs/rulebook.md, "Hints"), and
    // every shipping option of it (one quote pipeline per method of the rulebook, plus one without a method).
    let mut hinted = cart("cart-typical.json");
    hinted.hints = true;
    g.bench_function("quote-typical-hints", |b| {
        b.iter(|| engine.quote(black_box(&hinted)))
    });
    let typical = cart("cart-typical.json");
    g.bench_function("shipping-options-typical", |b| {
        b.iter(|| engine.shipping_options(black_box(&typical)))
    });
    for n in [10, 100, 1000] {
        let cart = cart(&format!("cart-{n}.json"));
        g.bench_function(format!("quote-lines-{n}"), |b| {
            b.iter(|| engine.quote(black_box(&cart)))
        });
    }
    let order = order("order-typical.json");
    g.bench_function("validate-typical", |b| {
        b.iter(|| engine.validate(black_box(&order)))
    });
    // Throughput: N threads quoting the typical cart on one shared engine; time per quote is the wall time
    // divided by all quotes done (the same measure every host reports as throughput-N).
    let typical = cart("cart-typical.json");
    for n in [1u32, 2] {
        g.bench_function(format!("throughput-{n}"), |b| {
            b.iter_custom(|iters| {
                let t0 = std::time::Instant::now();
                std::thread::scope(|s| {
                    for _ in 0..n {
                        s.spawn(|| {
                            for _ in 0..iters {
                                black_box(engine.quote(black_box(&typical)).map(|_| ()))
                                    .expect("quotes");
                            }
                        });
                    }
                });
                t0.elapsed() / n
            })
        });
    }
    let batch = fields();
    g.bench_function("fields-batch", |b| {
        b.iter(|| {
            batch
                .iter()
                .map(|(k, v, c)| kassa_core::fields::validate_field(*k, v, c.as_deref()).valid)
                .filter(|ok| *ok)
                .count()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = workloads
}
criterion_main!(benches);
