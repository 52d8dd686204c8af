//! The documented worst cases inside the limits (docs/limits.md, "Worst cases inside the limits"), as one
//! conformance case group: every host must answer each of them with its default settings (no trap, no fuel or
//! memory exhaustion) and every host the same. `kassa-worst-cases` writes the group to a directory that the
//! conformance driver runs (`make conformance`); the inputs are megabytes, so they are generated, never
//! committed.
//!
//! Each case's expectation is worked out here from how the input is built (sums of the generated prices,
//! counts of the generated findings), never from the engine; the driver also compares the hosts with each
//! other in full.

use crate::promo_worst;
use serde_json::{json, Value};

/// `rulebook-bytes` (docs/limits.md), restated here on purpose: the hostile rulebooks are built just inside it.
const MAX_RULEBOOK_BYTES: usize = 4 * 1024 * 1024;
/// `items`, `rulebook-coupons`, `coupons`, `usage`, `lines`, `string-bytes`, `field-requests`, `promotions`.
const MAX_ITEMS: usize = 50_000;
const MAX_RULEBOOK_COUPONS: usize = 50_000;
const MAX_COUPONS: usize = 100;
const MAX_USAGE: usize = 1_000;
const MAX_LINES: usize = 1_000;
const MAX_STRING_BYTES: usize = 1_024;
const MAX_FIELD_REQUESTS: usize = 10_000;
const MAX_PROMOTIONS: usize = 100;
/// `rulebook-attributes`, `attributes`.
const MAX_RULEBOOK_ATTRIBUTES: usize = 1_000;
const MAX_ATTRIBUTES: usize = 20;
/// Problems an error lists (`problems`).
const LISTED: usize = 100;

/// One case of the group, in the format of conformance/case.schema.json.
pub struct Case {
    pub name: &'static str,
    pub op: &'static str,
    pub rulebook: Option<String>,
    pub input: Value,
    pub expect: Value,
    pub source: String,
}

impl Case {
    fn to_json(&self) -> Value {
        let mut v = json!({"name": self.name, "op": self.op, "input": self.input, "expect": self.expect,
                           "source": self.source});
        if let Some(text) = &self.rulebook {
            // Raw text, so that the driver sends these exact bytes (their size is the point of some cases).
            v["rulebook"] = json!({ "text": text });
        }
        v
    }
}

/// Every worst case, in the order of docs/limits.md.
pub fn cases() -> Vec<Case> {
    vec![
        promotions("priority"),
        promotions("best-deal"),
        catalog(),
        coupons(),
        options(),
        findings(),
        unknown_keys(),
        cart_strings(),
        field_requests(),
    ]
}

/// The group file: `{"group": "limits-worst", "description", "cases": [...]}`.
pub fn group() -> Value {
    json!({
        "group": "limits-worst",
        "description": "The worst cases inside the documented limits (docs/limits.md), answered by every host with \
                        its default settings: no trap, no fuel or memory exhaustion, the same answer everywhere.",
        "cases": cases().iter().map(Case::to_json).collect::<Vec<_>>(),
    })
}

/// Decimal text of a whole number of cents.
fn cents(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// The promotion worst case of `promo_worst.rs` (100 promotions of 64 conditions, 8 deep; 1000 lines).
fn promotions(stacking: &'static str) -> Case {
    // Line i is item i at 500 + (i * 7919) % 36964 cents, 3 units (promo_worst::price and cart).
    let subtotal: u64 = (0..promo_worst::LINES as u64)
        .map(|i| 3 * (500 + (i * 7919) % 36964))
        .sum();
    let cart = serde_json::to_value(promo_worst::cart()).expect("the cart as JSON");
    Case {
        name: if stacking == "priority" {
            "promotions-priority"
        } else {
            "promotions-best-deal"
        },
        op: "quote",
        rulebook: Some(promo_worst::rulebook(stacking)),
        input: cart,
        expect: json!({"result": {"currency": "EUR", "subtotal": cents(subtotal)}}),
        source: format!(
            "bench/native/src/promo_worst.rs ({stacking}): the subtotal is the sum over items i = 0..999 of 3 x \
             (500 + (i * 7919) mod 36964) cents = {subtotal} cents, before any promotion"
        ),
    }
}

/// A shop selling `items` (JSON objects) at `prices`, tax-exempt, in EUR.
fn shop(
    items: Vec<Value>,
    prices: Vec<Value>,
    promotions: Vec<Value>,
    coupons: Vec<Value>,
) -> String {
    json!({
        "kassa": "1", "id": "worst", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": items},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": false, "prices": prices}],
        "tax": {"categories": [{"id": "x", "exempt": true}]},
        "promotions": promotions,
        "coupons": coupons
    })
    .to_string()
}

/// `items` at its maximum (50000, each priced) and a 1000-line cart of items spread over the catalog.
fn catalog() -> Case {
    let sku = |i: usize| format!("S{i:05}");
    let price = |i: usize| 100 + (i as u64 * 37) % 10_000; // cents
    let items = (0..MAX_ITEMS)
        .map(|i| json!({"sku": sku(i), "tax-category": "x"}))
        .collect();
    let prices = (0..MAX_ITEMS)
        .map(|i| json!({"sku": sku(i), "unit-price": cents(price(i))}))
        .collect();
    let book = shop(items, prices, vec![], vec![]);
    assert!(
        book.len() <= MAX_RULEBOOK_BYTES,
        "catalog: {} bytes",
        book.len()
    );
    // Lines 0..999 take items 0, 50, 100, ... 49950, two units each.
    let picked: Vec<usize> = (0..MAX_LINES)
        .map(|k| k * (MAX_ITEMS / MAX_LINES))
        .collect();
    let lines: Vec<Value> = picked
        .iter()
        .map(|&i| json!({"sku": sku(i), "quantity": "2"}))
        .collect();
    let total: u64 = picked.iter().map(|&i| 2 * price(i)).sum();
    Case {
        name: "catalog-50000",
        op: "quote",
        input: json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z", "lines": lines}),
        expect: json!({"result": {"subtotal": cents(total), "discount-total": "0.00", "tax-total": "0.00",
                                  "grand-total": cents(total)}}),
        source: format!(
            "generated: {MAX_ITEMS} items S00000.. at 100 + (i * 37) mod 10000 cents, tax-exempt ({} bytes); \
             the 1000 lines take items 0, 50, ..., 49950, 2 units each: sum of 2 x price = {total} cents, \
             no promotions, no tax, no shipping, so grand total = subtotal",
            book.len()
        ),
        rulebook: Some(book),
    }
}

/// `rulebook-coupons` (50000) and `promotions` (100) at their maxima, and a cart at `coupons` (100) and `usage`
/// (1000): every code on the cart unlocks its own promotion, 0.01 off the order each.
fn coupons() -> Case {
    let promotions = (0..MAX_PROMOTIONS)
        .map(|p| {
            json!({"id": format!("p{p:02}"), "currency": "EUR",
                        "action": {"amount-off": {"amount": "0.01", "on": "order"}}})
        })
        .collect();
    // Coupon C00000.. unlocks promotion p(i mod 100), at most 5 uses per customer.
    let coupons = (0..MAX_RULEBOOK_COUPONS)
        .map(|i| {
            json!({"code": format!("C{i:05}"), "promotion": format!("p{:02}", i % MAX_PROMOTIONS),
                        "usage-limit": {"per-customer": 5}})
        })
        .collect();
    let items = vec![json!({"sku": "A", "tax-category": "x"})];
    let prices = vec![json!({"sku": "A", "unit-price": "10.00"})];
    let book = shop(items, prices, promotions, coupons);
    assert!(
        book.len() <= MAX_RULEBOOK_BYTES,
        "coupons: {} bytes",
        book.len()
    );
    // The last 100 codes of the rulebook, C49900..C49999: promotions p00..p99, each once.
    let codes: Vec<String> = (MAX_RULEBOOK_COUPONS - MAX_COUPONS..MAX_RULEBOOK_COUPONS)
        .map(|i| format!("C{i:05}"))
        .collect();
    // 1000 usage counters: each code on the cart used 4 times by this customer (the limit is 5), and 900 other
    // codes.
    let usage: Vec<Value> = (MAX_RULEBOOK_COUPONS - MAX_USAGE..MAX_RULEBOOK_COUPONS)
        .map(|i| json!({"key": format!("C{i:05}"), "by-customer": 4, "total": 4}))
        .collect();
    Case {
        name: "coupons-50000",
        op: "quote",
        input: json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z", "customer-id": "c1",
                      "lines": [{"sku": "A", "quantity": "1"}], "coupons": codes, "usage": usage}),
        expect: json!({"result": {"subtotal": "10.00", "discount-total": "1.00", "grand-total": "9.00"}}),
        source: format!(
            "generated: {MAX_PROMOTIONS} promotions of 0.01 off the order (combinable with every class by \
             default), {MAX_RULEBOOK_COUPONS} coupons ({} bytes), C<i> unlocking p<i mod 100> with 5 uses per \
             customer; the cart carries C49900..C49999 (p00..p99, each once, each used 4 times) and one line of \
             10.00, tax-exempt: 100 x 0.01 = 1.00 off, 10.00 - 1.00 = 9.00",
            book.len()
        ),
        rulebook: Some(book),
    }
}

/// `rulebook-attributes` (1000 declared) and `attributes` at their maxima: 20 cart attributes of
/// `string-bytes` each, choosing a price list, and 1000 lines of 20 options, each with a surcharge.
fn options() -> Case {
    let cart_attributes = MAX_ATTRIBUTES;
    let mut attributes: Vec<Value> = (0..cart_attributes)
        .map(|i| json!({"name": format!("c{i:02}"), "on": "cart", "max-length": MAX_STRING_BYTES}))
        .collect();
    attributes.extend((0..MAX_RULEBOOK_ATTRIBUTES - cart_attributes).map(|i| {
        json!({"name": format!("o{i:03}"), "on": "line", "values": ["a", "b"],
               "surcharges": [{"value": "a", "currency": "EUR", "amount": "0.01"}]})
    }));
    let mut book: Value = serde_json::from_str(&shop(
        vec![json!({"sku": "A", "tax-category": "x"})],
        vec![json!({"sku": "A", "unit-price": "11.00"})],
        vec![],
        vec![],
    ))
    .expect("the shop as JSON");
    book["attributes"] = json!(attributes);
    book["price-lists"]
        .as_array_mut()
        .expect("the price lists")
        .push(
            json!({"id": "scoped", "currency": "EUR", "prices-include-tax": false,
                     "attributes": {"c00": []}, "prices": [{"sku": "A", "unit-price": "10.00"}]}),
        );
    let book = book.to_string();
    // Line k carries options o(20k mod 980) .. +19 (mod 980), all "a": 20 x 0.01 = 0.20 a unit.
    let lines: Vec<Value> = (0..MAX_LINES)
        .map(|k| {
            let options: Vec<Value> = (0..MAX_ATTRIBUTES)
                .map(|j| {
                    let o = (k * MAX_ATTRIBUTES + j) % (MAX_RULEBOOK_ATTRIBUTES - cart_attributes);
                    json!({"name": format!("o{o:03}"), "value": "a"})
                })
                .collect();
            json!({"sku": "A", "quantity": "1", "attributes": options})
        })
        .collect();
    let cart: Vec<Value> = (0..cart_attributes)
        .map(|i| json!({"name": format!("c{i:02}"), "value": "x".repeat(MAX_STRING_BYTES)}))
        .collect();
    let total = MAX_LINES as u64 * (1000 + 20);
    Case {
        name: "options-1000",
        op: "quote",
        input: json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z", "attributes": cart, "lines": lines}),
        expect: json!({"result": {"subtotal": cents(total), "tax-total": "0.00", "grand-total": cents(total)}}),
        source: format!(
            "generated: {MAX_RULEBOOK_ATTRIBUTES} attributes declared (20 cart attributes c00..c19, 980 line \
             options o000..o979 with a surcharge of 0.01 for value a), list `scoped` (cart attribute c00, any \
             value) A 10.00 over the base list's 11.00; the cart carries the 20 cart attributes at 1024 bytes \
             each and 1000 lines of A x 1, each with 20 options at a: (10.00 + 20 x 0.01) x 1000 = {total} \
             cents, tax-exempt ({} bytes of rulebook)",
            book.len()
        ),
        rulebook: Some(book),
    }
}

/// The rulebook text with `n` values in `settings.currencies`, as large as `rulebook-bytes` allows.
fn findings() -> Case {
    let head = r#"{"kassa":"1","id":"x","version":"1","settings":{"currencies":["#;
    let tail = "]}}";
    // "0" and then ",0" per value.
    let n = (MAX_RULEBOOK_BYTES - head.len() - tail.len()).div_ceil(2);
    let book = format!("{head}{}{tail}", vec!["0"; n].join(","));
    assert!(book.len() <= MAX_RULEBOOK_BYTES);
    let count = n + 3;
    let problems: Vec<Value> = (0..LISTED)
        .map(|i| json!({"code": "wrong-type", "path": format!("/settings/currencies/{i}")}))
        .collect();
    Case {
        name: "rulebook-4mib-findings",
        op: "load",
        input: json!({}),
        expect: json!({"error": {"code": "rulebook-invalid", "path": "",
            "params": {"count": count.to_string(), "omitted": (count - LISTED).to_string()},
            "problems": problems}}),
        source: format!(
            "generated: settings.currencies holds {n} zeros ({} bytes, inside rulebook-bytes); docs/limits.md, \
             'Bounded problem lists': one wrong-type per zero, then missing-field at /settings twice \
             (rounding-mode, tax-rounding) and at \"\" once (tax): {n} + 3 = {count} findings, the first 100 \
             listed",
            book.len()
        ),
        rulebook: Some(book),
    }
}

/// As many unknown top-level keys as `rulebook-bytes` allows.
fn unknown_keys() -> Case {
    let key = |i: usize| format!(r#""k{i}":0"#);
    let head = r#"{"kassa":"1","id":"x","version":"1""#;
    let (mut n, mut len) = (0, head.len() + 1);
    while len + 1 + key(n).len() <= MAX_RULEBOOK_BYTES {
        len += 1 + key(n).len();
        n += 1;
    }
    let keys: Vec<String> = (0..n).map(key).collect();
    let book = format!("{head},{}}}", keys.join(","));
    assert_eq!(book.len(), len);
    Case {
        name: "rulebook-4mib-unknown-keys",
        op: "load",
        input: json!({}),
        expect: json!({"error": {"code": "rulebook-invalid", "path": "",
            "params": {"count": (n + 2).to_string(), "omitted": (n + 2 - LISTED).to_string()}}}),
        source: format!(
            "generated: {n} unknown top-level keys k0.. ({} bytes, inside rulebook-bytes); one unknown-field per \
             key and missing-field for settings and tax (hostile_inputs.rs, issue #21): {n} + 2 findings, 100 \
             listed",
            book.len()
        ),
        rulebook: Some(book),
    }
}

/// A cart at every cart limit at once: 1000 lines, 100 coupons and 1000 usage counters, every string at
/// `string-bytes` (1024), none known to the rulebook.
fn cart_strings() -> Case {
    let long = |prefix: &str, i: usize| {
        let head = format!("{prefix}{i:04}");
        format!("{head}{}", "x".repeat(MAX_STRING_BYTES - head.len()))
    };
    let lines: Vec<Value> = (0..MAX_LINES)
        .map(|i| json!({"sku": long("S", i), "quantity": "1"}))
        .collect();
    let codes: Vec<String> = (0..MAX_COUPONS).map(|i| long("C", i)).collect();
    let usage: Vec<Value> = (0..MAX_USAGE)
        .map(|i| json!({"key": long("U", i), "by-customer": 1, "total": 1}))
        .collect();
    let items = vec![json!({"sku": "A", "tax-category": "x"})];
    let prices = vec![json!({"sku": "A", "unit-price": "10.00"})];
    let problems: Vec<Value> = (0..LISTED)
        .map(|i| json!({"code": "sku-unknown", "path": format!("/lines/{i}/sku")}))
        .collect();
    let count = MAX_LINES + MAX_COUPONS;
    Case {
        name: "cart-every-limit",
        op: "quote",
        rulebook: Some(shop(items, prices, vec![], vec![])),
        input: json!({"currency": "EUR", "at": "2026-01-01T00:00:00Z", "customer-id": long("c", 0),
                      "channel": long("h", 0), "customer-group": long("g", 0), "lines": lines,
                      "coupons": codes, "usage": usage}),
        expect: json!({"error": {"code": "cart-invalid", "path": "",
            "params": {"count": count.to_string(), "omitted": (count - LISTED).to_string()},
            "problems": problems}}),
        source: "generated: 1000 lines, 100 coupons, 1000 usage counters, every string 1024 bytes (the limits); \
                 no sku and no code is in the rulebook: 1000 sku-unknown (lines first, docs/rulebook.md) and 100 \
                 coupon-unknown = 1100 findings, the first 100 listed (the skus of lines 0..99)"
            .into(),
    }
}

/// `field-requests` at its maximum, every value at `string-bytes`.
fn field_requests() -> Case {
    let kinds = ["email", "phone", "postal-code", "iban", "vat-id"];
    let requests: Vec<Value> = (0..MAX_FIELD_REQUESTS)
        .map(|i| {
            json!({"kind": kinds[i % kinds.len()], "value": "9".repeat(MAX_STRING_BYTES),
                        "country": "DE"})
        })
        .collect();
    let results: Vec<Value> = (0..MAX_FIELD_REQUESTS)
        .map(|_| json!({"valid": false, "normalized": null}))
        .collect();
    Case {
        name: "field-requests-10000",
        op: "validate-fields",
        rulebook: None,
        input: json!({ "requests": requests }),
        expect: json!({ "result": results }),
        source: "generated: 10000 requests (the limit) cycling e-mail, phone, postal code, IBAN, VAT id, each \
                 value 1024 nines: no e-mail has no @, no German phone number, postal code (5 digits), IBAN (22 \
                 characters starting with a country) or VAT id (DE + 9 digits) is 1024 digits long, so none is \
                 valid"
            .into(),
    }
}
