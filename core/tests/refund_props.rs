//! Properties of refunds on random sales (proptest), checked from the credit notes' strings:
//! - every step's share of a line (gross, each tax, each promotion's discount) is what an independent
//!   reference gives: the unit split of docs/refunds.md, `ceil(amount x returned / quantity)` in whole cents
//!   (i128, quantities in quarters), differenced; as long as no goodwill amount came before;
//! - no step and no sum of steps gives back more than the sale charged, per line, tax and promotion;
//! - returning everything, in any number of steps (whole units, parts of units, goodwill amounts and the
//!   shipping in between), gives back exactly the sale: per line, per tax rule, in total, and every tender;
//!   with lines taxed by an external amount too, and under either policy.

use kassa_core::api::{
    Cart, CartLine, CreditNote, ExternalTax, Quote, RefundPolicy, RefundRequest, ReturnLine,
    Tender, TenderKind,
};
use kassa_core::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

/// Whole cents of a money string.
fn cents(s: &str) -> i128 {
    let d: Decimal = s.parse().unwrap();
    let c = d * Decimal::from(100);
    assert!(c.fract().is_zero(), "{s} is not whole cents");
    c.mantissa() / 10i128.pow(c.scale())
}

/// Quarters of a quantity string.
fn quarters(s: &str) -> i128 {
    let d: Decimal = s.parse().unwrap();
    let q = d * Decimal::from(4);
    assert!(q.fract().is_zero());
    q.mantissa() / 10i128.pow(q.scale())
}

fn quantity(quarters: i128) -> String {
    (Decimal::from(quarters as i64) / Decimal::from(4))
        .normalize()
        .to_string()
}

/// The reference split: the part of `amount` cents the first `r` of `q` quarters carry, rounded up.
fn cumulative(amount: i128, r: i128, q: i128) -> i128 {
    let n = amount * r;
    if n >= 0 {
        (n + q - 1) / q
    } else {
        -((-n + q - 1) / q)
    }
}

fn rulebook(prices: &[(i64, bool)], gross: bool, percent: u32, min: i64) -> String {
    let items: Vec<_> = prices
        .iter()
        .enumerate()
        .map(|(i, (_, red))| {
            json!({"sku": format!("S{i}"), "tax-category": if *red { "red" } else { "std" },
                   "quantity": {"step": "0.25"}})
        })
        .collect();
    let list: Vec<_> = prices
        .iter()
        .enumerate()
        .map(|(i, (c, _))| json!({"sku": format!("S{i}"), "unit-price": Decimal::new(*c, 2).to_string()}))
        .collect();
    let mut rb = json!({
        "kassa": "1", "id": "refund-props", "version": "1",
        "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line",
                     "default-country": "DE"},
        "catalog": {"items": items},
        "price-lists": [{"id": "l", "currency": "EUR", "prices-include-tax": gross, "prices": list}],
        "tax": {"categories": [{"id": "std"}, {"id": "red"}],
                "rules": [{"id": "std", "country": "DE", "category": "std", "rate": "19"},
                          {"id": "red", "country": "DE", "category": "red", "rate": "7"}]},
        "shipping": {"methods": [{"id": "flat", "tax-category": "std", "prices-include-tax": gross,
                                  "rates": [{"currency": "EUR", "flat": "4.90"}]}]},
        "promotions": []
    });
    if percent > 0 {
        rb["promotions"] = json!([
            {"id": "P", "action": {"percent-off": {"on": "order", "percent": percent.to_string()}}},
            {"id": "Q", "currency": "EUR", "when": {"subtotal": {"min": Decimal::new(min, 2).to_string()}},
             "action": {"amount-off": {"on": "order", "amount": "5.00"}}}
        ]);
    }
    rb.to_string()
}

/// One step of a return sequence: units of a line (in quarters), the shipping, or a goodwill amount (a
/// per-mille of what is left of the lines' gross).
#[derive(Debug, Clone)]
enum Step {
    Units(usize, i128),
    Shipping,
    Goodwill(u32),
}

fn request(cart: &Cart, quote: &Quote, previous: &[CreditNote]) -> RefundRequest {
    RefundRequest {
        cart: cart.clone(),
        quote: serde_json::to_string(quote).unwrap(),
        previous: previous.to_vec(),
        lines: Vec::new(),
        shipping: false,
        amount: None,
        policy: RefundPolicy::Keep,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn returning_everything_in_any_steps_gives_back_exactly_the_sale(
        prices in prop::collection::vec((1i64..20000, any::<bool>()), 1..4),
        gross in any::<bool>(),
        percent in prop_oneof![Just(0u32), 1u32..40],
        quantities in prop::collection::vec(1i128..25, 4),
        shipping in any::<bool>(),
        tender_permille in prop::collection::vec(0u32..400, 0..3),
        cuts in prop::collection::vec((0usize..4, 1i128..9, 0u32..10), 0..12),
        min in 0i64..100000,
        claw_back in any::<bool>(),
        external in prop::collection::vec(prop::option::of(0i128..300), 4),
    ) {
        let engine = Engine::load(&rulebook(&prices, gross, percent, min)).unwrap();
        let mut cart = Cart {
            currency: "EUR".into(),
            at: "2026-05-01T12:00:00Z".into(),
            lines: (0..prices.len())
                .map(|i| CartLine { sku: format!("S{i}"), quantity: quantity(quantities[i]).into(), unit_price: None, taxes: None, attributes: Vec::new() })
                .collect(),
            shipping_method: shipping.then(|| "flat".to_string()),
            ..Cart::default()
        };
        // Some lines taxed by one external tax given as an amount (up to 30 % of the line's gross), so that
        // one row of the sale adds up taxes shown at other rates on each line.
        let ruled = engine.quote(&cart).unwrap();
        for (i, l) in cart.lines.iter_mut().enumerate() {
            if let Some(permille) = external[i] {
                let amount = cents(&ruled.lines[i].gross) * permille / 1000;
                let amount = Some(Decimal::new(amount as i64, 2).to_string());
                l.taxes = Some(vec![ExternalTax { id: "x".into(), rate: None, amount: amount.map(Into::into) }]);
            }
        }
        let untendered = engine.quote(&cart).unwrap();
        // Tenders: parts of the grand total, together at most 3 x 40 % of it (below it: 0..400 per mille each
        // of what is left).
        let mut left = cents(&untendered.grand_total);
        for (i, p) in tender_permille.iter().enumerate() {
            let amount = left * *p as i128 / 1000;
            if amount > 0 {
                left -= amount;
                cart.tenders.push(Tender {
                    kind: if i % 2 == 0 { TenderKind::GiftCard } else { TenderKind::StoreCredit },
                    reference: format!("T{i}"),
                    amount: Decimal::new(amount as i64, 2).to_string().into(),
                });
            }
        }
        let quote = engine.quote(&cart).unwrap();
        prop_assert_eq!(&quote.grand_total, &untendered.grand_total);
        prop_assert_eq!(&quote.tax_total, &untendered.tax_total);
        let n = quote.lines.len();
        let bought: Vec<i128> = quote.lines.iter().map(|l| quarters(&l.quantity)).collect();

        // The steps: the random cuts, then whatever is left of every line (and the shipping) in one last step.
        let mut steps = Vec::new();
        let mut planned = vec![0i128; n];
        for (line, k, kind) in cuts {
            let line = line % n;
            match kind {
                0 => steps.push(Step::Goodwill(1 + k as u32 * 50)),
                1 if shipping => steps.push(Step::Shipping),
                _ => {
                    let k = k.min(bought[line] - planned[line]);
                    if k > 0 {
                        planned[line] += k;
                        steps.push(Step::Units(line, k));
                    }
                }
            }
        }
        let mut shipped_back = false;
        let mut previous: Vec<CreditNote> = Vec::new();
        let mut returned = vec![0i128; n];
        let mut goodwill_before = false;
        let mut last = Vec::new();
        for (line, q) in bought.iter().enumerate() {
            last.push(Step::Units(line, q - planned[line]));
        }
        if shipping {
            last.push(Step::Shipping);
        }
        for step in steps.into_iter().chain(last) {
            let mut req = request(&cart, &quote, &previous);
            if claw_back {
                req.policy = RefundPolicy::ClawBack;
            }
            match step {
                Step::Units(_, 0) => continue,
                Step::Units(line, k) => req.lines.push(ReturnLine { line: line as u32, quantity: quantity(k).into() }),
                Step::Shipping => {
                    if shipped_back { continue; }
                    req.shipping = true;
                }
                Step::Goodwill(permille) => {
                    let given: i128 = previous.iter().flat_map(|c| &c.lines).map(|l| cents(&l.gross)).sum();
                    let lines: i128 = quote.lines.iter().map(|l| cents(&l.gross)).sum();
                    let amount = (lines - given) * permille as i128 / 1000;
                    if amount <= 0 { continue; }
                    req.amount = Some(Decimal::new(amount as i64, 2).to_string().into());
                }
            }
            let note = engine.refund(&req).unwrap();
            if req.shipping { shipped_back = true; }
            if req.amount.is_some() { goodwill_before = true; }
            // Each line of the note against the reference split.
            for rl in &note.lines {
                let i = rl.line as usize;
                let ql = &quote.lines[i];
                let k = quarters(&rl.quantity);
                if k > 0 && !goodwill_before {
                    let (r, q) = (returned[i], bought[i]);
                    let split = |a: &str| cumulative(cents(a), r + k, q) - cumulative(cents(a), r, q);
                    prop_assert_eq!(cents(&rl.gross), split(&ql.gross), "line {} gross", i);
                    for (t, qt) in rl.taxes.iter().zip(&ql.taxes) {
                        prop_assert_eq!(cents(&t.amount), split(&qt.amount), "line {} tax {}", i, &qt.tax);
                    }
                    for (d, qd) in rl.discounts.iter().zip(&ql.discounts) {
                        prop_assert_eq!(cents(&d.amount), split(&qd.amount), "line {} discount", i);
                    }
                }
                returned[i] += k;
                prop_assert_eq!(cents(&rl.net) + cents(&rl.tax_total), cents(&rl.gross));
            }
            prop_assert_eq!(
                cents(&note.grand_total),
                note.tenders.iter().map(|t| cents(&t.amount)).sum::<i128>() + cents(&note.payment)
            );
            previous.push(note);
            // Never more than the sale, per line, tax and promotion, after any step.
            for (i, ql) in quote.lines.iter().enumerate() {
                let notes = previous.iter().flat_map(|c| &c.lines).filter(|l| l.line as usize == i);
                let (mut g, mut t, mut d) = (0i128, vec![0i128; ql.taxes.len()], vec![0i128; ql.discounts.len()]);
                for l in notes {
                    g += cents(&l.gross);
                    for (j, x) in l.taxes.iter().enumerate() { t[j] += cents(&x.amount); }
                    for x in &l.discounts {
                        let j = ql.discounts.iter().position(|y| y.promotion == x.promotion).unwrap();
                        d[j] += cents(&x.amount);
                    }
                }
                prop_assert!(g <= cents(&ql.gross), "line {} gross {} > {}", i, g, &ql.gross);
                for (j, x) in ql.taxes.iter().enumerate() { prop_assert!(t[j] <= cents(&x.amount)); }
                for (j, x) in ql.discounts.iter().enumerate() { prop_assert!(d[j] <= cents(&x.amount)); }
            }
        }
        // Everything returned: exactly the sale.
        for (i, ql) in quote.lines.iter().enumerate() {
            let notes: Vec<_> = previous.iter().flat_map(|c| &c.lines).filter(|l| l.line as usize == i).collect();
            prop_assert_eq!(notes.iter().map(|l| cents(&l.gross)).sum::<i128>(), cents(&ql.gross));
            prop_assert_eq!(notes.iter().map(|l| cents(&l.net)).sum::<i128>(), cents(&ql.net));
            for (j, x) in ql.taxes.iter().enumerate() {
                prop_assert_eq!(notes.iter().map(|l| cents(&l.taxes[j].amount)).sum::<i128>(), cents(&x.amount));
            }
            for x in &ql.discounts {
                let back: i128 = notes.iter().flat_map(|l| &l.discounts)
                    .filter(|y| y.promotion == x.promotion).map(|y| cents(&y.amount)).sum();
                prop_assert_eq!(back, cents(&x.amount));
            }
        }
        let sum = |f: &dyn Fn(&CreditNote) -> i128| previous.iter().map(f).sum::<i128>();
        prop_assert_eq!(sum(&|c| cents(&c.grand_total)), cents(&quote.grand_total));
        prop_assert_eq!(sum(&|c| cents(&c.tax_total)), cents(&quote.tax_total));
        prop_assert_eq!(sum(&|c| cents(&c.net_total)), cents(&quote.net_total));
        for t in &quote.taxes {
            let back: i128 = previous.iter().flat_map(|c| &c.taxes)
                .filter(|x| x.tax == t.tax).map(|x| cents(&x.amount)).sum();
            prop_assert_eq!(back, cents(&t.amount), "tax rule {}", &t.tax);
        }
        for (j, t) in quote.tenders.iter().enumerate() {
            prop_assert_eq!(sum(&|c| cents(&c.tenders[j].amount)), cents(&t.amount));
        }
        prop_assert_eq!(sum(&|c| cents(&c.payment)), cents(&quote.grand_total) - cents(&quote.tender_total));
        // And nothing more can be given back.
        let mut more = request(&cart, &quote, &previous);
        more.lines.push(ReturnLine { line: 0, quantity: "0.25".into() });
        prop_assert_eq!(engine.refund(&more).unwrap_err().code, "refund-quantity-exceeded");
    }
}
