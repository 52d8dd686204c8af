//! `make demo` (native part): loads examples/rulebook.json, prices examples/cart.json and
//! examples/cart-promo.json (the same cart with coupons) as tables with their explanation, and prints the
//! validation report of examples/order.json; then the B2B wholesaler of examples/wholesale/ (tier groups, a
//! customer's contract list above its group's, item rules, a price list chosen by a cart attribute, a line
//! option's surcharge, and cart-chf.json in Swiss francs from a derived price list) the same way.

use kassa_core::api::{Cart, Order, Quote};
use kassa_core::Engine;
use std::process::ExitCode;

fn read(name: &str) -> Result<String, String> {
    let path = format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read examples/{name}: {e}"))
}

fn print_quote(cart: &Cart, q: &Quote) {
    for a in &cart.attributes {
        println!("cart attribute {} = {}", a.name, a.value);
    }
    let basis = if q.prices_include_tax { "gross" } else { "net" };
    println!(
        "{:<10} {:>7} {:>10} {:>10} {:>9} {:>10} {:>9} {:>10}  price list",
        "sku", "qty", "unit", "subtotal", "discount", "net", "tax", "gross"
    );
    for l in &q.lines {
        let list = match &l.added_by {
            Some(p) => format!("{} (gift of {p})", l.price_list),
            None => l.price_list.clone(),
        };
        println!(
            "{:<10} {:>7} {:>10} {:>10} {:>9} {:>10} {:>9} {:>10}  {list}",
            l.sku,
            l.quantity,
            l.unit_price,
            l.subtotal,
            l.discount_total,
            l.net,
            l.tax_total,
            l.gross
        );
        // The line's options, with what each adds (included in unit and subtotal above).
        for a in &l.attributes {
            let added = l
                .surcharges
                .iter()
                .find(|s| s.attribute == a.name)
                .map_or(String::new(), |s| {
                    format!(": +{} a unit, {} for the line", s.unit_amount, s.amount)
                });
            println!("  option {} = {}{added}", a.name, a.value);
        }
    }
    if let Some(s) = &q.shipping {
        println!(
            "{:<10} {:>7} {:>10} {:>10} {:>9} {:>10} {:>9} {:>10}",
            format!("ship:{}", s.method),
            "",
            "",
            s.price,
            s.discount_total,
            s.net,
            s.tax_total,
            s.gross
        );
    }
    println!(
        "subtotal ({basis}) {}   discounts {}",
        q.subtotal, q.discount_total
    );
    for t in &q.taxes {
        println!(
            "  tax {:<16} {:>5}% on {:>9}: {:>8}",
            t.tax, t.rate, t.base, t.amount
        );
    }
    println!(
        "net total {}  tax total {}  GRAND TOTAL {} {}",
        q.net_total, q.tax_total, q.grand_total, q.currency
    );
    if let (Some(p), Some(a)) = (&q.payable, &q.cash_rounding_adjustment) {
        println!("payable (cash-rounded) {p} (adjustment {a})");
    }
    if !q.promotions.is_empty() {
        println!("\npromotions:");
        for o in &q.promotions {
            let coupon = o
                .coupon
                .as_deref()
                .map_or(String::new(), |c| format!(" [{c}]"));
            let why = o.reason.as_ref().map_or(String::new(), |r| {
                format!(": {} at {} ({})", r.code, r.path, r.message)
            });
            println!("  {:?} {}{coupon} {}{why}", o.status, o.id, o.amount);
        }
    }
    for w in &q.warnings {
        println!("  warning {} at {}: {}", w.code, w.path, w.message);
    }
    println!("\ntrace:");
    for step in &q.trace {
        println!("  [{}] {} {}", step.kind, step.path, step.message);
    }
}

fn run() -> Result<(), String> {
    let about = kassa_core::about();
    println!(
        "Kassa engine {} (contract {})",
        about.engine_version, about.contract_version
    );
    let engine =
        Engine::load(&read("rulebook.json")?).map_err(|e| format!("{e}: {:?}", e.problems))?;
    let info = engine.info();
    println!(
        "rulebook {} {} sha256 {}\n",
        info.rulebook_id,
        info.rulebook_version,
        &info.rulebook_hash[..16]
    );

    for name in ["cart.json", "cart-promo.json"] {
        let cart: Cart =
            serde_json::from_str(&read(name)?).map_err(|e| format!("examples/{name}: {e}"))?;
        println!("== quote of examples/{name} ==");
        match engine.quote(&cart) {
            Ok(q) => print_quote(&cart, &q),
            Err(e) => println!("quote failed: {e}\n{:#?}", e.problems),
        }
        println!();
    }

    validate(&engine, "order.json")?;

    // The B2B wholesaler: the tees priced by their group's tier, acme's contract price above the resellers'
    // list, and an order over the wine's per-customer cap.
    let wholesale = Engine::load(&read("wholesale/rulebook.json")?)
        .map_err(|e| format!("{e}: {:?}", e.problems))?;
    println!(
        "\n\nrulebook {} {} (examples/wholesale/)\n",
        wholesale.info().rulebook_id,
        wholesale.info().rulebook_version
    );
    // cart-chf.json: the same tees and coffee in Swiss francs, priced by the list derived from the list price.
    for name in ["wholesale/cart.json", "wholesale/cart-chf.json"] {
        let cart: Cart =
            serde_json::from_str(&read(name)?).map_err(|e| format!("examples/{name}: {e}"))?;
        println!("== quote of examples/{name} ==");
        match wholesale.quote(&cart) {
            Ok(q) => print_quote(&cart, &q),
            Err(e) => println!("quote failed: {e}\n{:#?}", e.problems),
        }
        println!();
    }
    validate(&wholesale, "wholesale/order.json")
}

fn validate(engine: &Engine, name: &str) -> Result<(), String> {
    let order: Order =
        serde_json::from_str(&read(name)?).map_err(|e| format!("examples/{name}: {e}"))?;
    let report = engine.validate(&order);
    println!(
        "\n== validation of examples/{name}: valid = {} ==",
        report.valid
    );
    for p in &report.problems {
        let params: Vec<String> = p
            .params
            .iter()
            .map(|x| format!("{}={}", x.name, x.value))
            .collect();
        println!(
            "  {:?} {:<28} {:<32} {} [{}]",
            p.severity,
            p.code,
            p.path,
            p.message,
            params.join(", ")
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo: {e}");
            ExitCode::FAILURE
        }
    }
}
