//! Quotes at the documented limits (docs/limits.md): products with more digits than a decimal holds are
//! rounded at the line-subtotal point instead of overflowing, the goods total is limited, and carts at the
//! limits quote at every tax rounding level, net and gross. Expected values are worked out by hand in the
//! comments (and were cross-checked with Python's `decimal` module at 100 digits of precision).

use kassa_core::api::{Cart, Quote};
use kassa_core::Engine;
use serde_json::{json, Value};

const LEVELS: [&str; 4] = ["per-unit", "per-line", "per-rate-group", "per-total"];

/// One item A (quantity step `step`) priced `price`; taxed at `rate` % in DE unless `rate` is None (exempt).
fn rulebook(
    currency: &str,
    level: &str,
    gross: bool,
    price: &str,
    step: &str,
    rate: Option<&str>,
) -> Engine {
    let (categories, rules) = match rate {
        Some(r) => (
            json!([{"id": "std"}]),
            json!([{"id": "r", "country": "DE", "category": "std", "rate": r}]),
        ),
        None => (json!([{"id": "std", "exempt": true}]), json!([])),
    };
    let book = json!({
        "kassa": "1", "id": "limits", "version": "1",
        "settings": {"currencies": [currency], "rounding-mode": "half-even", "tax-rounding": level,
                     "default-country": "DE"},
        "catalog": {"items": [{"sku": "A", "tax-category": "std", "quantity": {"step": step}}]},
        "price-lists": [{"id": "l", "currency": currency, "prices-include-tax": gross,
                         "prices": [{"sku": "A", "unit-price": price}]}],
        "tax": {"categories": categories, "rules": rules}
    });
    Engine::load(&book.to_string()).unwrap()
}

fn cart(currency: &str, lines: usize, quantity: &str) -> Cart {
    let lines: Vec<Value> = (0..lines)
        .map(|_| json!({"sku": "A", "quantity": quantity}))
        .collect();
    serde_json::from_value(
        json!({"currency": currency, "at": "2026-01-01T00:00:00Z", "lines": lines}),
    )
    .unwrap()
}

fn totals(q: &Quote) -> (&str, &str, &str, &str) {
    (
        q.subtotal.as_str(),
        q.net_total.as_str(),
        q.tax_total.as_str(),
        q.grand_total.as_str(),
    )
}

#[test]
fn a_product_of_31_digits_is_rounded_at_the_line_subtotal() {
    // 12345678901.23 x 999999999999.999999 = 12345678901.23 x 10^12 - 12345678901.23 x 10^-6
    //   = 12345678901230000000000 - 12345.67890123 = 12345678901229999987654.32109877 (31 digits: no decimal
    //   holds it). Half-even to cents: .32|109877 -> .32; rounding mode up: .33. The item is exempt.
    for (mode, want) in [
        ("half-even", "12345678901229999987654.32"),
        ("up", "12345678901229999987654.33"),
    ] {
        let book = json!({
            "kassa": "1", "id": "wide", "version": "1",
            "settings": {"currencies": ["EUR"], "rounding-mode": mode, "tax-rounding": "per-line",
                         "default-country": "DE"},
            "catalog": {"items": [{"sku": "W", "tax-category": "none", "quantity": {"step": "0.000001"}}]},
            "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false,
                             "prices": [{"sku": "W", "unit-price": "12345678901.23"}]}],
            "tax": {"categories": [{"id": "none", "exempt": true}]}
        });
        let engine = Engine::load(&book.to_string()).unwrap();
        let c: Cart =
            serde_json::from_value(json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z",
            "lines": [{"sku": "W", "quantity": "999999999999.999999"}], "explain": true}))
            .unwrap();
        let q = engine.quote(&c).unwrap();
        assert_eq!(q.lines[0].unit_price, "12345678901.23");
        assert_eq!(q.lines[0].subtotal, want, "{mode}");
        assert_eq!(totals(&q), (want, want, "0.00", want), "{mode}");
        // The trace shows the rounding point; the exact amount has no decimal form, so it is shown to the
        // 6 places that fit (.32109877 -> .321099).
        let step = q
            .trace
            .iter()
            .find(|s| s.kind == "rounding" && s.path == "/lines/0")
            .unwrap();
        assert!(
            step.message.contains("12345678901229999987654.321099"),
            "{}",
            step.message
        );
    }
}

#[test]
fn the_largest_goods_total_quotes_with_100_percent_tax_at_every_level() {
    // 1000 lines of 999999999999 x 100000000 = 99999999999900000000 each; goods total
    // 99999999999900000000000 (23 digits, the limit). Net at 100 %: tax = goods, grand total twice that,
    // 199999999999800000000000. Gross at 100 %: the tax is amount x 100 / 200, half of it:
    // 49999999999950000000000 (per unit: 100000000 / 2 = 50000000 x 999999999999, the same). At 4 decimals
    // (CLF) the grand total has 28 digits, the most a decimal holds.
    for (currency, zeros) in [("EUR", ".00"), ("CLF", ".0000"), ("JPY", "")] {
        for level in LEVELS {
            for gross in [false, true] {
                let engine = rulebook(currency, level, gross, "100000000", "1", Some("100"));
                let q = engine.quote(&cart(currency, 1000, "999999999999")).unwrap();
                let f = |s: &str| format!("{s}{zeros}");
                let want = if gross {
                    (
                        f("99999999999900000000000"),
                        f("49999999999950000000000"),
                        f("49999999999950000000000"),
                        f("99999999999900000000000"),
                    )
                } else {
                    (
                        f("99999999999900000000000"),
                        f("99999999999900000000000"),
                        f("99999999999900000000000"),
                        f("199999999999800000000000"),
                    )
                };
                let got = totals(&q);
                assert_eq!(
                    (got.0, got.1, got.2, got.3),
                    (&*want.0, &*want.1, &*want.2, &*want.3),
                    "{currency} {level} gross={gross}"
                );
            }
        }
    }
}

#[test]
fn a_fractional_twelve_digit_quantity_is_taxed_at_every_level() {
    // q = 999999999999.999999, price 99999999999.99: q x p = (10^12 - 10^-6)(10^11 - 10^-2)
    //   = 10^23 - 10^10 - 10^5 + 10^-8 = 99999999999989999900000.00000001 -> L = 99999999999989999900000.00.
    // Net, 100 %: the tax is L at every level (per unit: L / q = p - 10^-8/q rounds to 99999999999.99, and
    //   99999999999.99 x q = q x p rounds to L again); grand total 2L = 199999999999979999800000.00.
    // Gross, 100 %: per line / group / total the tax is L / 2 = 49999999999994999950000.00. Per unit the unit
    //   tax is (p - 10^-8/q) / 2 = 49999999999.99499... -> 49999999999.99, times q:
    //   49999999999990000000000 - 0.04999999999999 = 49999999999989999950000.00000001 -> ...950000.00, so
    //   the net is L - tax = 49999999999999999950000.00.
    let l = "99999999999989999900000.00";
    for level in LEVELS {
        let engine = rulebook(
            "EUR",
            level,
            false,
            "99999999999.99",
            "0.000001",
            Some("100"),
        );
        let q = engine
            .quote(&cart("EUR", 1, "999999999999.999999"))
            .unwrap();
        assert_eq!(
            totals(&q),
            (l, l, l, "199999999999979999800000.00"),
            "net {level}"
        );
        let engine = rulebook(
            "EUR",
            level,
            true,
            "99999999999.99",
            "0.000001",
            Some("100"),
        );
        let q = engine
            .quote(&cart("EUR", 1, "999999999999.999999"))
            .unwrap();
        let (net, tax) = if level == "per-unit" {
            ("49999999999999999950000.00", "49999999999989999950000.00")
        } else {
            ("49999999999994999950000.00", "49999999999994999950000.00")
        };
        assert_eq!(totals(&q), (l, net, tax, l), "gross {level}");
    }
}

#[test]
fn a_goods_total_past_23_digits_is_a_limit_not_an_overflow() {
    // 999999999999 x 999999999999.99 = (10^12 - 1)(10^12 - 10^-2) = 10^24 - 1.01 x 10^12 + 0.01
    //   = 999999999998990000000000.01 per line; 1000 lines = 999999999998990000000000010.00 (27 digits).
    let engine = rulebook(
        "EUR",
        "per-total",
        false,
        "999999999999.99",
        "1",
        Some("100"),
    );
    let c = cart("EUR", 1000, "999999999999");
    let e = engine.quote(&c).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("limit-exceeded", "/lines")
    );
    let params: Vec<(&str, &str)> = e
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("limit", "goods-total-digits"),
            ("max", "23"),
            ("actual", "27")
        ]
    );
    // validate reports the same failure as one problem under /cart.
    let order: kassa_core::api::Order = serde_json::from_value(
        json!({"cart": serde_json::to_value(&c).unwrap(), "email": "a@example.com"}),
    )
    .unwrap();
    let report = engine.validate(&order);
    assert!(!report.valid);
    assert!(report
        .problems
        .iter()
        .any(|p| p.code == "limit-exceeded" && p.path == "/cart/lines"));
    // At the edge: one line of 999999999999 x 100000000000 is 99999999999900000000000 (23 digits) and
    // quotes; two are 199999999999800000000000 (24 digits) and do not.
    let engine = rulebook("EUR", "per-total", false, "100000000000", "1", Some("100"));
    assert!(engine.quote(&cart("EUR", 1, "999999999999")).is_ok());
    let e = engine.quote(&cart("EUR", 2, "999999999999")).unwrap_err();
    assert_eq!(e.params[2].value, "24");
}
