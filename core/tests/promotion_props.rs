//! Properties of promotions on random rulebooks and carts (proptest), each checked from the quote's strings:
//! distributed amounts add up exactly, no line goes below its floor, best deal is never worse than the
//! priority order or any single promotion alone, and an irrelevant promotion changes nothing.

use kassa_core::api::{Cart, CartLine, PromotionStatus, Quote};
use kassa_core::promotion::spread;
use kassa_core::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn cents(c: i64) -> String {
    Decimal::new(c, 2).to_string()
}

const SKUS: [&str; 5] = ["S0", "S1", "S2", "S3", "S4"];

/// One random promotion (always with a currency, so any action is valid).
fn promotion() -> impl Strategy<Value = Value> {
    let target = prop::sample::select(vec![
        "each-unit",
        "each-line",
        "lines",
        "order",
        "cheapest",
        "most-expensive",
        "shipping",
    ]);
    let select = prop::option::of(prop::sample::subsequence(SKUS.to_vec(), 1..3));
    let action = prop_oneof![
        (
            0usize..3,
            target,
            1i64..=100,
            1i64..3000,
            select.clone(),
            1u32..4
        )
            .prop_map(|(kind, on, pct, amount, skus, units)| {
                let mut body = match kind {
                    0 => json!({"percent": pct.to_string()}),
                    1 => json!({"amount": cents(amount)}),
                    _ => json!({"price": cents(amount / 2)}),
                };
                body["on"] = on.into();
                if matches!(on, "cheapest" | "most-expensive") {
                    body["units"] = units.into();
                }
                if let (Some(skus), false) = (skus, matches!(on, "order" | "shipping")) {
                    body["items"] = json!({"skus": skus});
                }
                let key = ["percent-off", "amount-off", "fixed-price"][kind];
                json!({ key: body })
            }),
        (1u32..3, 1u32..3, 1i64..=100, select.clone()).prop_map(|(x, y, pct, skus)| {
            let items = skus.map_or(json!({}), |s| json!({"skus": s}));
            json!({"buy-x-get-y": {"buy": {"items": items.clone(), "quantity": x},
                "get": {"items": items, "quantity": y}, "percent": pct.to_string()}})
        }),
        (1i64..5000, 1i64..3000, 1i64..=50).prop_map(
            |(min, off, pct)| json!({"tiered": {"on": "order",
            "tiers": [{"min": cents(min), "amount-off": cents(off)},
                      {"min": cents(min + 5000), "percent-off": pct.to_string()}]}})
        ),
        Just(json!({"free-shipping": {}})),
        (prop::sample::select(SKUS.to_vec()), 1u32..3)
            .prop_map(|(sku, q)| json!({"gift": {"sku": sku, "quantity": q}})),
    ];
    (
        action,
        -2i32..3,
        0u8..10,
        prop::option::of(1i64..5000),
        prop::sample::select(vec!["per-unit", "per-line", "on-total"]),
        prop::sample::select(vec!["proportional", "even"]),
        prop::option::of(prop::sample::subsequence(
            vec!["product", "order", "shipping"],
            0..3,
        )),
    )
        .prop_map(
            |(action, priority, flags, max, rounding, distribution, combines)| {
                let mut p = json!({"currency": "EUR", "priority": priority, "action": action,
                "percent-rounding": rounding, "distribution": distribution});
                match flags {
                    0 => p["exclusive"] = true.into(),
                    1 => p["stop-after"] = true.into(),
                    2 | 3 => {
                        if let Some(c) = combines {
                            p["combines-with"] = json!(c);
                        }
                    }
                    _ => {}
                }
                if let Some(m) = max.filter(|_| flags % 3 == 0) {
                    p["max-discount"] = cents(m).into();
                }
                p
            },
        )
}

/// The shop: five items at random prices (possibly below a cent), net or gross, a flat shipping method.
fn rulebook(
    prices: &[i64],
    gross: bool,
    promotions: &[Value],
    settings: Value,
    floor: i64,
) -> String {
    let promotions: Vec<Value> = promotions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p.clone();
            p["id"] = format!("P{i}").into();
            if floor > 0 {
                p["floor"] = cents(floor).into();
            }
            p
        })
        .collect();
    let mut v = json!({"kassa": "1", "id": "props", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": SKUS.iter().enumerate().map(|(i, s)| json!({"sku": s,
            "tax-category": if i % 2 == 0 { "standard" } else { "free" }})).collect::<Vec<_>>()},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": gross,
            "prices": SKUS.iter().zip(prices).map(|(s, p)| json!({"sku": s, "unit-price": Decimal::new(*p, 3).to_string()})).collect::<Vec<_>>()}],
        "tax": {"categories": [{"id": "standard"}, {"id": "free", "exempt": true}],
            "rules": [{"id": "r", "country": "DE", "category": "standard", "rate": "19"}]},
        "shipping": {"methods": [{"id": "std", "tax-category": "standard", "prices-include-tax": gross,
            "rates": [{"currency": "EUR", "flat": "4.90"}]}]},
        "promotions": promotions});
    for (k, val) in settings.as_object().unwrap() {
        v["settings"][k] = val.clone();
    }
    v.to_string()
}

fn cart(lines: &[(usize, u32)], shipping: bool) -> Cart {
    Cart {
        currency: "EUR".into(),
        at: "2026-11-24T09:30:00Z".into(),
        country: Some("DE".into()),
        shipping_method: shipping.then(|| "std".to_string()),
        lines: lines
            .iter()
            .map(|(s, q)| CartLine {
                sku: SKUS[*s].into(),
                quantity: q.to_string(),
                unit_price: None,
            })
            .collect(),
        ..Cart::default()
    }
}

fn load(text: &str) -> Engine {
    Engine::load(text).unwrap_or_else(|e| panic!("{e}: {:#?}\n{text}", e.problems))
}

fn total_discount(q: &Quote) -> Decimal {
    d(&q.discount_total)
}

/// Every promotion's outcome amount is the sum of what it took off lines and shipping.
fn check_amounts(q: &Quote) {
    for o in &q.promotions {
        let on_lines: Decimal = q
            .lines
            .iter()
            .flat_map(|l| &l.discounts)
            .filter(|x| x.promotion == o.id)
            .map(|x| d(&x.amount))
            .sum();
        let applied = o.status == PromotionStatus::Applied;
        let amount = d(&o.amount);
        if !applied {
            assert_eq!(amount, Decimal::ZERO);
            assert_eq!(
                on_lines,
                Decimal::ZERO,
                "rejected {} took something off",
                o.id
            );
        } else {
            // Shipping discounts are the rest; never more than the shipping price.
            let rest = amount - on_lines;
            assert!(
                rest >= Decimal::ZERO,
                "{}: lines {on_lines} > {amount}",
                o.id
            );
            if let Some(s) = &q.shipping {
                assert!(rest <= d(&s.price));
            } else {
                assert_eq!(rest, Decimal::ZERO);
            }
        }
    }
    let all: Decimal = q.promotions.iter().map(|o| d(&o.amount)).sum();
    assert_eq!(all, total_discount(q), "outcomes vs discount-total");
}

fn picks() -> impl Strategy<Value = Vec<(usize, u32)>> {
    prop::collection::vec((0usize..5, 1u32..6), 1..5)
}

fn prices() -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(1i64..40_000, 5)
}

/// A quote with promotion ids renamed and the texts that embed rulebook positions or ids blanked
/// (messages, reason paths), and without the best-deal summary step.
fn normalise(q: &Quote, rename: &dyn Fn(&str) -> String) -> Quote {
    let mut q = q.clone();
    for o in &mut q.promotions {
        o.id = rename(&o.id);
        if let Some(r) = &mut o.reason {
            r.path.clear();
            r.message.clear();
            for p in &mut r.params {
                if p.name == "promotion" || p.name == "by" {
                    p.value = rename(&p.value);
                }
            }
        }
    }
    for l in &mut q.lines {
        for x in &mut l.discounts {
            x.promotion = rename(&x.promotion);
        }
        l.added_by = l.added_by.as_deref().map(rename);
    }
    q.trace.retain(|s| !s.message.starts_with("best deal"));
    for s in &mut q.trace {
        s.message.clear();
        for p in &mut s.params {
            if p.name == "promotion" {
                p.value = rename(&p.value);
            }
        }
    }
    q
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// Σ parts = min(amount, Σ caps); no part above its cap or below zero.
    #[test]
    fn spread_is_exact_and_within_capacities(
        amount in 0i64..100_000,
        parts in prop::collection::vec((0i64..1000, 0i64..20_000), 1..8),
    ) {
        let weights: Vec<Decimal> = parts.iter().map(|p| Decimal::from(p.0)).collect();
        let caps: Vec<Decimal> = parts.iter().map(|p| Decimal::new(p.1, 2)).collect();
        let amount = Decimal::new(amount, 2);
        let got = spread(amount, &weights, &caps, 2).unwrap();
        let cap_sum: Decimal = caps.iter().sum();
        prop_assert_eq!(got.iter().sum::<Decimal>(), amount.min(cap_sum));
        for (g, c) in got.iter().zip(&caps) {
            prop_assert!(*g >= Decimal::ZERO && g <= c, "{} vs cap {}", g, c);
            prop_assert!(g.scale() <= 2);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, .. ProptestConfig::default() })]

    /// On any rulebook and cart: outcome amounts are what the lines and shipping show, and no line goes below
    /// its floor (or below zero; the engine's own invariants also check every line).
    #[test]
    fn amounts_add_up_and_floors_hold(
        prices in prices(),
        gross in any::<bool>(),
        promos in prop::collection::vec(promotion(), 0..5),
        lines in picks(),
        shipping in any::<bool>(),
        floor in prop::sample::select(vec![0i64, 50, 300]),
        base in prop::sample::select(vec!["discounted", "original"]),
    ) {
        let e = load(&rulebook(&prices, gross, &promos, json!({"discount-base": base}), floor));
        let q = e.quote(&cart(&lines, shipping)).unwrap();
        check_amounts(&q);
        for l in q.lines.iter().filter(|l| l.added_by.is_none()) {
            let (subtotal, left) = (d(&l.subtotal), d(&l.subtotal) - d(&l.discount_total));
            // The floor per line is floor x quantity rounded up to the cent.
            let line_floor = (Decimal::new(floor, 2) * d(&l.quantity)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero);
            prop_assert!(left >= subtotal.min(line_floor), "{}: {} left, floor {}", l.sku, left, line_floor);
        }
    }

    /// Best deal is never worse than the priority order, nor than any promotion applied on its own.
    #[test]
    fn best_deal_is_never_worse_than_an_alternative(
        prices in prices(),
        gross in any::<bool>(),
        promos in prop::collection::vec(promotion(), 1..5),
        lines in picks(),
        shipping in any::<bool>(),
        base in prop::sample::select(vec!["discounted", "original"]),
    ) {
        let c = cart(&lines, shipping);
        let settings = |mode: &str| json!({"discount-base": base, "promotion-stacking": mode});
        let best = load(&rulebook(&prices, gross, &promos, settings("best-deal"), 0)).quote(&c).unwrap();
        check_amounts(&best);
        let priority = load(&rulebook(&prices, gross, &promos, settings("priority"), 0)).quote(&c).unwrap();
        prop_assert!(total_discount(&best) >= total_discount(&priority));
        for p in &promos {
            let alone = load(&rulebook(&prices, gross, std::slice::from_ref(p), settings("priority"), 0)).quote(&c).unwrap();
            prop_assert!(total_discount(&best) >= total_discount(&alone),
                "best {} < alone {} for {}", best.discount_total, alone.discount_total, p);
        }
    }

    /// A promotion whose condition the cart never meets changes nothing but its own rejected outcome.
    #[test]
    fn an_irrelevant_promotion_changes_nothing(
        prices in prices(),
        gross in any::<bool>(),
        promos in prop::collection::vec(promotion(), 0..4),
        extra in promotion(),
        at in 0usize..5,
        lines in picks(),
        shipping in any::<bool>(),
        mode in prop::sample::select(vec!["priority", "best-deal"]),
    ) {
        let c = cart(&lines, shipping);
        let settings = json!({"promotion-stacking": mode});
        let before = load(&rulebook(&prices, gross, &promos, settings.clone(), 0)).quote(&c).unwrap();
        let mut irrelevant = extra;
        irrelevant["when"] = json!({"customer-groups": ["nobody"]});
        let mut more = promos.clone();
        more.insert(at.min(more.len()), irrelevant);
        // Ids are positional: rename the others back so outcomes compare by id.
        let at = at.min(promos.len());
        let after = load(&rulebook(&prices, gross, &more, settings, 0)).quote(&c).unwrap();
        let rename = |id: &str| -> String {
            let n: usize = id[1..].parse().unwrap();
            if n > at { format!("P{}", n - 1) } else { id.to_string() }
        };
        let rejected = after.promotions.iter().find(|o| o.id == format!("P{at}")).unwrap();
        prop_assert_eq!(rejected.reason.as_ref().unwrap().code.as_str(), "condition-not-met");
        let mut after = after.clone();
        after.promotions.retain(|o| o.id != format!("P{at}"));
        prop_assert_eq!(normalise(&after, &rename), normalise(&before, &|id: &str| id.to_string()));
    }
}

fn example_engine() -> Engine {
    let text = std::fs::read_to_string(format!(
        "{}/../examples/rulebook.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    Engine::load(&text).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// With coupons too, a cart quotes exactly when validate finds no error under /cart, and the quote's
    /// warnings are validate's warnings under /cart.
    #[test]
    fn quote_and_validate_agree_with_coupons(
        picks in prop::collection::vec((prop::sample::select(vec!["TEE", "BOOK", "PEN", "CAPSULE", "COFFEE", "NOPE"]),
            prop::sample::select(vec!["1", "2", "12", "25", "0.5"])), 1..5),
        codes in prop::collection::vec(prop::sample::select(vec![
            "PENS3FOR2", "pens3for2 ", "WELCOME10", "SPEND", "COFFEELOVER", "FREESHIP", "NO-SUCH"]), 0..4),
        previous in prop::option::of(0u32..3),
        at in prop::sample::select(vec!["2026-11-28T10:00:00Z", "2026-05-01T12:00:00Z", "2027-02-01T00:00:00Z"]),
        used in 0u32..2,
    ) {
        let e = example_engine();
        let c = Cart {
            currency: "EUR".into(),
            at: at.into(),
            country: Some("DE".into()),
            previous_orders: previous,
            shipping_method: Some("standard".into()),
            lines: picks.iter().map(|(s, q)| CartLine { sku: s.to_string(), quantity: q.to_string(), unit_price: None }).collect(),
            coupons: codes.iter().map(|s| s.to_string()).collect(),
            usage: vec![kassa_core::api::UsageCount { key: "welcome10".into(), by_customer: used, total: used }],
            ..Cart::default()
        };
        let order = kassa_core::api::Order {
            cart: c.clone(),
            email: Some("anna@example.com".into()),
            shipping_address: Some(kassa_core::api::Address { country: "DE".into(), ..Default::default() }),
            ..Default::default()
        };
        let report = e.validate(&order);
        let under_cart = |sev: kassa_core::Severity| -> Vec<(String, String)> {
            report.problems.iter()
                .filter(|p| p.severity == sev && p.path.starts_with("/cart"))
                .map(|p| (p.code.clone(), p.path["/cart".len()..].to_string())).collect()
        };
        match e.quote(&c) {
            Ok(q) => {
                prop_assert!(under_cart(kassa_core::Severity::Error).is_empty());
                let warnings: Vec<(String, String)> = q.warnings.iter().map(|w| (w.code.clone(), w.path.clone())).collect();
                prop_assert_eq!(warnings, under_cart(kassa_core::Severity::Warning));
                check_amounts(&q);
            }
            Err(err) => {
                prop_assert_eq!(err.code.as_str(), "cart-invalid");
                let got: Vec<(String, String)> = err.problems.iter().map(|p| (p.code.clone(), p.path.clone())).collect();
                prop_assert_eq!(got, under_cart(kassa_core::Severity::Error));
            }
        }
    }
}
