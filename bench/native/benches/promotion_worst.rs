//! The promotion worst case the limits allow (src/promo_worst.rs): one quote of 1000 lines under 100
//! promotions with 64 conditions each, in priority and in best-deal mode. Not part of `make bench` (a
//! best-deal quote took seconds before it was made linear); run it alone:
//!
//!     cargo bench -p kassa-bench --bench promotion_worst -- --noplot

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kassa_bench::promo_worst::{cart, rulebook};
use kassa_core::Engine;

fn worst(c: &mut Criterion) {
    let cart = cart();
    let mut g = c.benchmark_group("promotion-worst");
    for mode in ["priority", "best-deal"] {
        let engine = Engine::load(&rulebook(mode)).expect("the worst-case rulebook loads");
        g.bench_function(format!("quote-{mode}"), |b| {
            b.iter(|| engine.quote(black_box(&cart)).expect("quotes"))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(5));
    targets = worst
}
criterion_main!(benches);
