//! The load-time search for price lists and shipping rates that could tie (`price-ambiguous`,
//! `rate-ambiguous`) against an oracle: the definitions of docs/rulebook.md applied pair by pair, the way the
//! engine did before it learnt to find them list by list. Random small rulebooks; the findings must be the
//! same, in the same order.

use kassa_core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

const SKUS: [&str; 4] = ["A", "B", "C", "D"];
const COUNTRIES: [&str; 3] = ["DE", "AT", "FR"];
const GROUPS: [&str; 2] = ["b2b", "vip"];
const CHANNELS: [&str; 2] = ["web", "pos"];
const CUSTOMERS: [&str; 3] = ["c-1", "c-2", "c-3"];
const STAMPS: [&str; 3] = [
    "2026-01-01T00:00:00Z",
    "2026-06-01T00:00:00Z",
    "2027-01-01T00:00:00Z",
];

#[derive(Debug, Clone)]
struct List {
    currency: &'static str,
    sale: bool,
    priority: i32,
    countries: Vec<&'static str>,
    groups: Vec<&'static str>,
    customers: Vec<&'static str>,
    channels: Vec<&'static str>,
    /// Indices into STAMPS, from < until when both are set.
    window: (Option<usize>, Option<usize>),
    skus: Vec<&'static str>,
}

#[derive(Debug, Clone)]
struct Rate {
    currency: &'static str,
    countries: Vec<&'static str>,
}

fn subset<T: Clone + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Vec<T>> {
    proptest::sample::subsequence(all.to_vec(), 0..=all.len())
}

fn window() -> impl Strategy<Value = (Option<usize>, Option<usize>)> {
    (
        proptest::option::of(0..3usize),
        proptest::option::of(0..3usize),
    )
        .prop_map(|(f, u)| match (f, u) {
            (Some(f), Some(u)) if f >= u => (Some(u.min(f)), None),
            w => w,
        })
}

fn list() -> impl Strategy<Value = List> {
    (
        prop::sample::select(vec!["EUR", "CHF"]),
        any::<bool>(),
        0..2i32,
        subset(&COUNTRIES),
        subset(&GROUPS),
        (subset(&CUSTOMERS), subset(&CHANNELS)),
        window(),
        subset(&SKUS),
    )
        .prop_map(
            |(currency, sale, priority, countries, groups, (customers, channels), window, skus)| {
                List {
                    currency,
                    sale,
                    priority,
                    countries,
                    groups,
                    customers,
                    channels,
                    window,
                    skus,
                }
            },
        )
}

fn rate() -> impl Strategy<Value = Rate> {
    (prop::sample::select(vec!["EUR", "CHF"]), subset(&COUNTRIES)).prop_map(
        |(currency, countries)| Rate {
            currency,
            countries,
        },
    )
}

fn rulebook(lists: &[List], methods: &[Vec<Rate>]) -> String {
    let lists: Vec<Value> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut v = json!({
                "id": format!("l{i}"), "currency": l.currency, "prices-include-tax": true,
                "kind": if l.sale { "sale" } else { "base" }, "priority": l.priority,
                "countries": l.countries, "customer-groups": l.groups, "customers": l.customers, "channels": l.channels,
                "prices": l.skus.iter().map(|s| json!({"sku": s, "unit-price": "1"})).collect::<Vec<_>>(),
            });
            if let Some(f) = l.window.0 {
                v["valid-from"] = json!(STAMPS[f]);
            }
            if let Some(u) = l.window.1 {
                v["valid-until"] = json!(STAMPS[u]);
            }
            v
        })
        .collect();
    let methods: Vec<Value> = methods
        .iter()
        .enumerate()
        .map(|(i, rates)| {
            json!({"id": format!("m{i}"), "tax-category": "s", "prices-include-tax": true,
                "rates": rates.iter().map(|r| json!({"currency": r.currency, "countries": r.countries, "flat": "1"}))
                    .collect::<Vec<_>>()})
        })
        .collect();
    json!({
        "kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["EUR", "CHF"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": SKUS.iter().map(|s| json!({"sku": s, "tax-category": "s"})).collect::<Vec<_>>()},
        "tax": {"categories": [{"id": "s", "exempt": true}]},
        "price-lists": lists,
        "shipping": {"methods": methods},
    })
    .to_string()
}

/// docs/rulebook.md: two lists tie when they have the same currency and rank (sale over base, then naming
/// customers over not, then how many of countries, customer groups, channels and the window they constrain,
/// then priority), every scope
/// intersects (an empty scope is everything), their windows share a moment, and they price a common sku.
/// Reported at the second list with the smallest common sku, pairs ordered by (currency, rank), then by list.
fn expected_ties(lists: &[List]) -> Vec<(String, Vec<String>)> {
    let meets =
        |a: &[&str], b: &[&str]| a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x));
    let rank = |l: &List| {
        let specific = [
            !l.countries.is_empty(),
            !l.groups.is_empty(),
            !l.channels.is_empty(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
            + usize::from(l.window.0.is_some() || l.window.1.is_some());
        (
            l.currency,
            l.sale,
            !l.customers.is_empty(),
            specific,
            l.priority,
        )
    };
    let before = |f: Option<usize>, u: Option<usize>| match (f, u) {
        (Some(f), Some(u)) => f < u,
        _ => true,
    };
    let mut ties = Vec::new();
    for (i, a) in lists.iter().enumerate() {
        for (j, b) in lists.iter().enumerate().skip(i + 1) {
            let mut common: Vec<&str> = a
                .skus
                .iter()
                .copied()
                .filter(|s| b.skus.contains(s))
                .collect();
            common.sort();
            if rank(a) == rank(b)
                && meets(&a.countries, &b.countries)
                && meets(&a.groups, &b.groups)
                && meets(&a.customers, &b.customers)
                && meets(&a.channels, &b.channels)
                && before(a.window.0, b.window.1)
                && before(b.window.0, a.window.1)
                && !common.is_empty()
            {
                let params = vec![common[0].to_string(), format!("l{i}"), format!("l{j}")];
                ties.push((rank(a), i, j, (format!("/price-lists/{j}"), params)));
            }
        }
    }
    ties.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
    ties.into_iter().map(|t| t.3).collect()
}

/// docs/rulebook.md: two rates of a method clash when they have the same currency and either both serve every
/// country or both name a common country; reported at the later rate.
fn expected_clashes(methods: &[Vec<Rate>]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (i, rates) in methods.iter().enumerate() {
        for (j, r) in rates.iter().enumerate() {
            let clash = rates[..j].iter().any(|o| {
                o.currency == r.currency
                    && o.countries.is_empty() == r.countries.is_empty()
                    && (o.countries.is_empty()
                        || o.countries.iter().any(|c| r.countries.contains(c)))
            });
            if clash {
                out.push((
                    format!("/shipping/methods/{i}/rates/{j}"),
                    vec![format!("m{i}")],
                ));
            }
        }
    }
    out
}

fn found(text: &str, code: &str) -> Vec<(String, Vec<String>)> {
    match Engine::load(text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems
            .iter()
            .filter(|p| p.code == code)
            .map(|p| {
                (
                    p.path.clone(),
                    p.params.iter().map(|x| x.value.clone()).collect(),
                )
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ties_are_the_pairs_the_definition_names(lists in prop::collection::vec(list(), 0..9)) {
        let text = rulebook(&lists, &[]);
        prop_assert_eq!(found(&text, "price-ambiguous"), expected_ties(&lists));
    }

    #[test]
    fn rate_clashes_are_the_pairs_the_definition_names(
        methods in prop::collection::vec(prop::collection::vec(rate(), 0..7), 0..3)
    ) {
        let text = rulebook(&[], &methods);
        prop_assert_eq!(found(&text, "rate-ambiguous"), expected_clashes(&methods));
    }
}

/// The same search at the `price-lists` limit: 1000 lists of equal rank pricing A, list k for the channels
/// `k-0` and `k-1` only, except that lists 0 and 999 share the channel `x`. One tie: (l0, l999) at
/// /price-lists/999 with sku A.
#[test]
fn one_tie_among_a_thousand_lists() {
    let lists: Vec<Value> = (0..1000)
        .map(|k| {
            let mut channels = vec![format!("{k}-0"), format!("{k}-1")];
            if k == 0 || k == 999 {
                channels.push("x".into());
            }
            json!({"id": format!("l{k}"), "currency": "EUR", "prices-include-tax": true, "channels": channels,
                   "prices": [{"sku": "A", "unit-price": "1"}]})
        })
        .collect();
    let text = json!({
        "kassa": "1", "id": "t", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
        "catalog": {"items": [{"sku": "A", "tax-category": "s"}]},
        "tax": {"categories": [{"id": "s", "exempt": true}]},
        "price-lists": lists,
    })
    .to_string();
    let ties = found(&text, "price-ambiguous");
    assert_eq!(
        ties,
        [(
            "/price-lists/999".to_string(),
            vec!["A".to_string(), "l0".into(), "l999".into()]
        )]
    );
}
