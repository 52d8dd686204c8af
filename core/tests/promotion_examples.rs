//! The example store's promotions: examples/cart.json still quotes to 82.80 (its promotions are all behind
//! coupons it does not carry), and examples/cart-promo.json (the same cart with five codes) matches a hand
//! computation line by line.

use kassa_core::api::{Cart, PromotionStatus, Quote};
use kassa_core::Engine;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn quote(cart: &str) -> Quote {
    let engine = Engine::load(&example("rulebook.json")).unwrap();
    let cart: Cart = serde_json::from_str(&example(cart)).unwrap();
    engine.quote(&cart).unwrap()
}

#[test]
fn the_example_cart_is_untouched_by_the_promotions() {
    // Hand computation in core/tests/quote.rs: 75.90 goods + 6.90 shipping = 82.80.
    let q = quote("cart.json");
    assert_eq!(
        (q.grand_total.as_str(), q.discount_total.as_str()),
        ("82.80", "0.00")
    );
    assert!(q.promotions.is_empty() && q.warnings.is_empty());
    assert!(q.trace.iter().all(|s| s.kind != "promotion"));
}

#[test]
fn the_promo_cart_matches_the_hand_computation() {
    // examples/cart-promo.json: the example cart (gross prices, 19 % / 7 %, tax per line, half away from zero)
    // with codes pens3for2 (matched case-insensitively), SPEND, COFFEELOVER, FREESHIP and WELCOME10.
    // Application order: pens-3-for-2 (priority 10), welcome-10 (5), spend-more (0), coffee-pen (0, later in
    // the rulebook), then shipping: black-week-shipping.
    //  1. pens-3-for-2, buy 2 get 1 on 12 pens at 0.95: n = 4 (4 free + 8 bought = 12; 5 would need 15):
    //     11.40 x 4/12 = 3.80 off the PEN line.
    //  2. welcome-10 needs a first order, the cart says previous-orders 2: rejected, condition-not-met.
    //  3. spend-more: 75.90 before promotions reaches the 50.00 tier: 5.00 off, spread by the amounts left
    //     (30.00, 24.00, 7.60, 10.50 = 72.10): exact 2.0804, 1.6644, 0.5270, 0.7282 -> floors 2.08 + 1.66 +
    //     0.52 + 0.72 = 4.98; the 2 cents go to the largest remainders (CAPSULE .8155, PEN .7046):
    //     2.08, 1.66, 0.53, 0.73.
    //  4. coffee-pen: 25 capsules >= 20: a gift PEN x 1, priced 1.20 (volume tier 1), 1.20 off.
    //  shipping: weight 0.4 + 0.5 + 0.12 + 0.15 + 0.01 = 1.18 kg -> 6.90 (goods 67.10 < free-from 100.00).
    //  5. black-week-shipping: 75.90 >= 50.00 and DE: free shipping, 6.90 off.
    // Taxes on the discounted gross amounts (x 19/119 or 7/107):
    //   TEE 30.00 - 2.08 = 27.92 -> 4.4578 -> 4.46, net 23.46
    //   BOOK 24.00 - 1.66 = 22.34 -> 1.4615 -> 1.46, net 20.88
    //   PEN 11.40 - 3.80 - 0.53 = 7.07 -> 1.1288 -> 1.13, net 5.94
    //   CAPSULE 10.50 - 0.73 = 9.77 -> 1.5599 -> 1.56, net 8.21
    //   gift PEN 1.20 - 1.20 = 0.00; shipping 6.90 - 6.90 = 0.00
    // net 23.46 + 20.88 + 5.94 + 8.21 = 58.49; tax 4.46 + 1.46 + 1.13 + 1.56 = 8.61; grand total 67.10
    // (= 82.80 - 3.80 - 5.00 - 6.90). Discounts 3.80 + 5.00 + 1.20 + 6.90 = 16.90; subtotal 75.90 + 1.20.
    let q = quote("cart-promo.json");
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, Option<&'a str>);
    let lines: Vec<Row> = q
        .lines
        .iter()
        .map(|l| {
            (
                l.sku.as_str(),
                l.subtotal.as_str(),
                l.discount_total.as_str(),
                l.net.as_str(),
                l.tax_total.as_str(),
                l.added_by.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("TEE", "30.00", "2.08", "23.46", "4.46", None),
            ("BOOK", "24.00", "1.66", "20.88", "1.46", None),
            ("PEN", "11.40", "4.33", "5.94", "1.13", None),
            ("CAPSULE", "10.50", "0.73", "8.21", "1.56", None),
            ("PEN", "1.20", "1.20", "0.00", "0.00", Some("coffee-pen")),
        ]
    );
    let pen: Vec<(&str, &str)> = q.lines[2]
        .discounts
        .iter()
        .map(|d| (d.promotion.as_str(), d.amount.as_str()))
        .collect();
    assert_eq!(pen, [("pens-3-for-2", "3.80"), ("spend-more", "0.53")]);
    let s = q.shipping.as_ref().unwrap();
    assert_eq!(
        (
            s.price.as_str(),
            s.discount_total.as_str(),
            s.gross.as_str()
        ),
        ("6.90", "6.90", "0.00")
    );
    assert_eq!(
        (
            q.subtotal.as_str(),
            q.discount_total.as_str(),
            q.net_total.as_str(),
            q.tax_total.as_str(),
            q.grand_total.as_str()
        ),
        ("77.10", "16.90", "58.49", "8.61", "67.10")
    );
    let outcomes: Vec<(&str, Option<&str>, PromotionStatus, &str)> = q
        .promotions
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                o.coupon.as_deref(),
                o.status,
                o.amount.as_str(),
            )
        })
        .collect();
    use PromotionStatus::*;
    assert_eq!(
        outcomes,
        [
            ("pens-3-for-2", Some("PENS3FOR2"), Applied, "3.80"),
            ("welcome-10", Some("WELCOME10"), Rejected, "0.00"),
            ("spend-more", Some("SPEND"), Applied, "5.00"),
            ("coffee-pen", Some("COFFEELOVER"), Applied, "1.20"),
            ("black-week-shipping", Some("FREESHIP"), Applied, "6.90"),
        ]
    );
    let why = q.promotions[1].reason.as_ref().unwrap();
    assert_eq!(
        (why.code.as_str(), why.path.as_str()),
        ("condition-not-met", "/promotions/1/when")
    );
    let w: Vec<(&str, &str)> = q
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert_eq!(w, [("coupon-conditions-not-met", "/coupons/4")]);
}
