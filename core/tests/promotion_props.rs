//! Properties of promotions on random rulebooks and carts (proptest), each checked from the quote's strings:
//! distributed amounts equal an independent reference (below), add up exactly, no line goes below its floor,
//! best deal is never worse than the priority order or any single promotion alone, and an irrelevant
//! promotion changes nothing.
//!
//! The reference for the distribution rules of docs/rulebook.md ("Distribution", "Caps") is written here in
//! whole minor units and exact integer fractions (i128), without the engine's money module: largest
//! remainder (floors, then the spare minor units to the largest remainders, ties to the earlier line), the
//! `even` and `proportional` weights, capacities (floor x quantity rounded up) with the excess spread again,
//! and `max-discount` shared in proportion to the capped amounts.

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
                quantity: q.to_string().into(),
                unit_price: None,
                taxes: None,
                attributes: Vec::new(),
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
    // The two rulebooks differ, so the hashes the quotes carry do too.
    q.rulebook_hash.clear();
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
    let mut steps = q.trace.to_steps();
    steps.retain(|s| !s.message.starts_with("best deal"));
    for s in &mut steps {
        s.message.clear();
        for p in &mut s.params {
            if p.name == "promotion" {
                p.value = rename(&p.value);
            }
        }
    }
    q.trace = steps.into();
    q
}

// ---- the reference: exact integer arithmetic, minor units -------------------------------------------------

/// Largest remainder with capacities over whole minor units: `amount` split by `weights`, no part above its
/// cap; what a full part cannot take is split again over the parts with room (by their weights, or by their
/// room when those weights are all zero), until nothing is left or no part has room.
fn reference_spread(amount: i128, weights: &[i128], caps: &[i128]) -> Vec<i128> {
    let mut parts = vec![0i128; caps.len()];
    let mut left = amount.min(caps.iter().sum()).max(0);
    while left > 0 {
        let open: Vec<usize> = (0..caps.len()).filter(|&i| parts[i] < caps[i]).collect();
        let mut w: Vec<i128> = open.iter().map(|&i| weights[i]).collect();
        if w.iter().all(|&x| x == 0) {
            w = open.iter().map(|&i| caps[i] - parts[i]).collect();
        }
        let sum: i128 = w.iter().sum();
        // Exact share left x w / sum = floor + remainder / sum.
        let mut share: Vec<i128> = w.iter().map(|&x| left * x / sum).collect();
        let remainder: Vec<i128> = w.iter().map(|&x| left * x % sum).collect();
        let spare = left - share.iter().sum::<i128>();
        let mut by_remainder: Vec<usize> = (0..open.len()).collect();
        by_remainder.sort_by(|&a, &b| remainder[b].cmp(&remainder[a]).then(a.cmp(&b)));
        for &k in by_remainder.iter().take(spare as usize) {
            share[k] += 1;
        }
        left = 0;
        for (k, &i) in open.iter().enumerate() {
            let take = share[k].min(caps[i] - parts[i]);
            parts[i] += take;
            left += share[k] - take;
        }
    }
    parts
}

/// `num / den` rounded half-even to a whole number (num >= 0, den > 0).
fn half_even(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    match (2 * r).cmp(&den) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q % 2),
        std::cmp::Ordering::Less => q,
    }
}

/// `num / den` rounded up (num >= 0, den > 0).
fn ceiling(num: i128, den: i128) -> i128 {
    (num + den - 1) / den
}

/// One line of the reference shop: its unit price in cents and its quantity in tenths.
#[derive(Debug, Clone, Copy)]
struct RefLine {
    price: i128,
    tenths: i128,
}

impl RefLine {
    /// The line subtotal in cents: price x quantity, rounded half-even (the rulebook's mode).
    fn subtotal(self) -> i128 {
        half_even(self.price * self.tenths, 10)
    }
}

/// What the one promotion of a reference quote is.
#[derive(Debug, Clone, Copy)]
enum RefKind {
    /// amount-off on the order, in cents.
    Amount(i128),
    /// fixed-price on the order (the order costs this), in cents.
    Fixed(i128),
    /// percent-off on the order (whole percent), rounded on-total or per line.
    Percent { p: i128, on_total: bool },
}

/// The reference's line discounts (cents) for one order promotion on `lines`.
fn reference_discounts(
    lines: &[RefLine],
    kind: RefKind,
    even: bool,
    floor: i128,
    max: Option<i128>,
) -> Vec<i128> {
    let subtotals: Vec<i128> = lines.iter().map(|l| l.subtotal()).collect();
    // Capacity: the amount minus floor x quantity rounded up to the cent, never below zero.
    let caps: Vec<i128> = lines
        .iter()
        .zip(&subtotals)
        .map(|(l, s)| (s - ceiling(floor * l.tenths, 10)).max(0))
        .collect();
    let weights: Vec<i128> = if even {
        lines.iter().map(|l| l.tenths).collect()
    } else {
        subtotals.clone()
    };
    let total: i128 = subtotals.iter().sum();
    let amounts = match kind {
        RefKind::Amount(a) => reference_spread(a, &weights, &caps),
        RefKind::Fixed(f) => reference_spread((total - f).max(0), &weights, &caps),
        // A percentage is proportional whatever the distribution: the rounded total spread by the bases.
        RefKind::Percent { p, on_total: true } => {
            reference_spread(half_even(p * total, 100), &subtotals, &caps)
        }
        RefKind::Percent { p, on_total: false } => subtotals
            .iter()
            .zip(&caps)
            .map(|(s, c)| half_even(p * s, 100).min(*c))
            .collect(),
    };
    match max {
        // The cap shared by the capped amounts: parts never exceed them, so they are their own caps.
        Some(m) if amounts.iter().sum::<i128>() > m => reference_spread(m, &amounts, &amounts),
        _ => amounts,
    }
}

fn cents_text(c: i128) -> String {
    Decimal::from_i128_with_scale(c, 2).to_string()
}

fn tenths_text(t: i128) -> String {
    Decimal::from_i128_with_scale(t, 1).normalize().to_string()
}

/// A net, tax-free shop with five items sold by the half unit, and one order promotion.
fn reference_rulebook(prices: &[i128], promotion: Value) -> String {
    json!({"kassa": "1", "id": "reference", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": SKUS.iter().map(|s| json!({"sku": s, "tax-category": "free",
            "quantity": {"step": "0.5"}})).collect::<Vec<_>>()},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false,
            "prices": SKUS.iter().zip(prices).map(|(s, p)| json!({"sku": s, "unit-price": cents_text(*p)})).collect::<Vec<_>>()}],
        "tax": {"categories": [{"id": "free", "exempt": true}], "rules": []},
        "promotions": [promotion]})
    .to_string()
}

fn reference_kind() -> impl Strategy<Value = RefKind> {
    prop_oneof![
        // An amount-off must be more than zero (the rulebook refuses 0.00).
        (1i128..20_000).prop_map(RefKind::Amount),
        (0i128..20_000).prop_map(RefKind::Fixed),
        (1i128..=100, any::<bool>()).prop_map(|(p, on_total)| RefKind::Percent { p, on_total }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// The engine's spread is the reference's, part for part (so also exact and within capacities).
    #[test]
    fn spread_is_the_reference(
        amount in 0i64..100_000,
        parts in prop::collection::vec((0i64..1000, 0i64..20_000), 1..8),
    ) {
        let weights: Vec<Decimal> = parts.iter().map(|p| Decimal::from(p.0)).collect();
        let caps: Vec<Decimal> = parts.iter().map(|p| Decimal::new(p.1, 2)).collect();
        let got = spread(Decimal::new(amount, 2), &weights, &caps, 2).unwrap();
        let want = reference_spread(
            i128::from(amount),
            &parts.iter().map(|p| i128::from(p.0)).collect::<Vec<_>>(),
            &parts.iter().map(|p| i128::from(p.1)).collect::<Vec<_>>(),
        );
        let want: Vec<Decimal> = want.into_iter().map(|c| Decimal::from_i128_with_scale(c, 2)).collect();
        prop_assert_eq!(got, want);
    }

    /// Through engine.quote: one order promotion (amount, bundle price or percentage; proportional or even;
    /// with a floor and a max-discount or not) takes exactly the reference's amount off every line.
    #[test]
    fn order_discounts_are_the_reference(
        prices in prop::collection::vec(1i128..5_000, 5),
        picks in prop::collection::vec((0usize..5, 1i128..=30), 1..6),
        kind in reference_kind(),
        even in any::<bool>(),
        floor in prop::sample::select(vec![0i128, 25, 150]),
        max in prop::option::of(1i128..5_000),
    ) {
        let lines: Vec<RefLine> = picks.iter().map(|(s, t)| RefLine { price: prices[*s], tenths: 5 * t }).collect();
        let action = match kind {
            RefKind::Amount(a) => json!({"amount-off": {"amount": cents_text(a), "on": "order"}}),
            RefKind::Fixed(f) => json!({"fixed-price": {"price": cents_text(f), "on": "order"}}),
            RefKind::Percent { p, .. } => json!({"percent-off": {"percent": p.to_string(), "on": "order"}}),
        };
        let rounding = match kind {
            RefKind::Percent { on_total: false, .. } => "per-line",
            _ => "on-total",
        };
        let mut promotion = json!({"id": "p", "currency": "EUR", "action": action, "percent-rounding": rounding,
            "distribution": if even { "even" } else { "proportional" }, "floor": cents_text(floor)});
        if let Some(m) = max {
            promotion["max-discount"] = cents_text(m).into();
        }
        let e = load(&reference_rulebook(&prices, promotion));
        let c = Cart {
            currency: "EUR".into(),
            at: "2026-11-24T09:30:00Z".into(),
            country: Some("DE".into()),
            lines: picks.iter().map(|(s, t)| CartLine { sku: SKUS[*s].into(), quantity: tenths_text(5 * t).into(),
                unit_price: None, taxes: None, attributes: Vec::new() }).collect(),
            ..Cart::default()
        };
        let q = e.quote(&c).unwrap();
        let got: Vec<Decimal> = q.lines.iter().map(|l| d(&l.discount_total)).collect();
        let want: Vec<Decimal> = reference_discounts(&lines, kind, even, floor, max)
            .into_iter().map(|c| Decimal::from_i128_with_scale(c, 2)).collect();
        let subtotals: Vec<String> = q.lines.iter().map(|l| l.subtotal.to_string()).collect();
        prop_assert_eq!(got, want, "subtotals {:?}", subtotals);
    }
}

#[test]
fn the_reference_reproduces_the_documented_examples() {
    // docs/rulebook.md, "Distribution": 2.00 over three 5.00 lines -> 0.67 + 0.67 + 0.66; even 0.05 over
    // ONE x 1 and ONE x 3 -> 0.01 + 0.04; "Caps": 10.00 even, floor 4.00, max 6.00 on A 5.00 and HUNDRED 100.00
    // -> 0.60 + 5.40; 50 % of 100.00 + 5.00 capped at 20.00 -> 19.05 + 0.95.
    assert_eq!(
        reference_spread(200, &[500, 500, 500], &[500, 500, 500]),
        [67, 67, 66]
    );
    let one = |tenths| RefLine { price: 100, tenths };
    assert_eq!(
        reference_discounts(&[one(10), one(30)], RefKind::Amount(5), true, 0, None),
        [1, 4]
    );
    let lines = [
        RefLine {
            price: 500,
            tenths: 10,
        },
        RefLine {
            price: 10_000,
            tenths: 10,
        },
    ];
    assert_eq!(
        reference_discounts(&lines, RefKind::Amount(1000), true, 400, Some(600)),
        [60, 540]
    );
    let half = RefKind::Percent {
        p: 50,
        on_total: false,
    };
    let lines = [
        RefLine {
            price: 10_000,
            tenths: 10,
        },
        RefLine {
            price: 500,
            tenths: 10,
        },
    ];
    assert_eq!(
        reference_discounts(&lines, half, false, 0, Some(2000)),
        [1905, 95]
    );
    // 10 % on total with even on 1.00 + 9.00: 0.10 + 0.90 (a percentage is proportional).
    let ten = RefKind::Percent {
        p: 10,
        on_total: true,
    };
    let lines = [
        RefLine {
            price: 100,
            tenths: 10,
        },
        RefLine {
            price: 900,
            tenths: 10,
        },
    ];
    assert_eq!(reference_discounts(&lines, ten, true, 0, None), [10, 90]);
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

    /// The explanation is on demand: asking for it fills the trace and changes nothing else, and without it
    /// the trace is empty (promotion outcomes and warnings are in both).
    #[test]
    fn the_explanation_changes_nothing_but_the_trace(
        prices in prices(),
        gross in any::<bool>(),
        promos in prop::collection::vec(promotion(), 0..5),
        lines in picks(),
        shipping in any::<bool>(),
        mode in prop::sample::select(vec!["priority", "best-deal"]),
        tax in prop::sample::select(vec!["per-unit", "per-line", "per-rate-group", "per-total"]),
    ) {
        let e = load(&rulebook(&prices, gross, &promos, json!({"promotion-stacking": mode, "tax-rounding": tax}), 0));
        let plain = cart(&lines, shipping);
        let explained = Cart { explain: true, ..plain.clone() };
        let (without, with) = (e.quote(&plain).unwrap(), e.quote(&explained).unwrap());
        prop_assert!(without.trace.is_empty());
        prop_assert!(!with.trace.is_empty());
        prop_assert_eq!(&without.promotions, &with.promotions);
        prop_assert_eq!(without, Quote { trace: Default::default(), ..with });
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
            lines: picks.iter().map(|(s, q)| CartLine { sku: s.to_string(), quantity: q.to_string().into(), unit_price: None, taxes: None, attributes: Vec::new() }).collect(),
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
