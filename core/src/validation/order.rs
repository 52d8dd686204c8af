//! The order rules on what the customer entered: email, phone, addresses, VAT id. Field formats are the
//! fields layer's (validate_field); this file decides which fields the rulebook requires and where.

use super::ValidationError as V;
use crate::api::{Address, Cart, FieldKind, Order};
use crate::error::{Coded, Error, Problem, Severity};
use crate::fields::validate_field;
use crate::rulebook::{is_country, unknown_country, Rulebook};

fn err(problems: &mut Vec<Problem>, path: &str, e: impl Coded) {
    problems.push(e.to_problem(path, Severity::Error));
}

/// The fields layer's findings on one value, moved under `path`.
fn field(
    problems: &mut Vec<Problem>,
    path: &str,
    kind: FieldKind,
    value: &str,
    country: Option<&str>,
) {
    for mut p in validate_field(kind, value, country).problems {
        p.path = format!("{path}{}", p.path);
        problems.push(p);
    }
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

fn address(problems: &mut Vec<Problem>, path: &str, a: &Address) {
    if !is_country(&a.country) {
        err(
            problems,
            &format!("{path}/country"),
            unknown_country(&a.country),
        );
        return;
    }
    if let Some(pc) = present(&a.postal_code) {
        field(
            problems,
            &format!("{path}/postal-code"),
            FieldKind::PostalCode,
            pc,
            Some(&a.country),
        );
    }
}

/// The address's and the cart's postal codes, normalised for the address's country, when both are valid
/// and differ (an invalid one is reported where it is).
fn postal_mismatch(cart: &Cart, a: &Address) -> Option<(String, String)> {
    let normal = |code: &str| {
        let r = validate_field(FieldKind::PostalCode, code, Some(&a.country));
        r.normalized.filter(|_| r.valid)
    };
    let address = normal(present(&a.postal_code)?)?;
    let cart = normal(present(&cart.postal_code)?)?;
    (address != cart).then_some((address, cart))
}

/// The `string-bytes` limit on every text the customer entered (the cart's own strings are checked with the
/// cart): `limit-exceeded` at the first one that is too long.
pub fn limits(order: &Order) -> Result<(), Error> {
    use crate::limits::{check, MAX_STRING_BYTES};
    let mut strings: Vec<(String, &str)> = Vec::new();
    for (key, v) in [
        ("email", &order.email),
        ("phone", &order.phone),
        ("vat-id", &order.vat_id),
    ] {
        if let Some(v) = v {
            strings.push((format!("/{key}"), v));
        }
    }
    for (key, a) in [
        ("shipping-address", &order.shipping_address),
        ("billing-address", &order.billing_address),
    ] {
        let Some(a) = a else { continue };
        for (field, v) in [
            ("name", &a.name),
            ("city", &a.city),
            ("postal-code", &a.postal_code),
            ("region", &a.region),
        ] {
            if let Some(v) = v {
                strings.push((format!("/{key}/{field}"), v));
            }
        }
        for (i, line) in a.lines.iter().enumerate() {
            strings.push((format!("/{key}/lines/{i}"), line));
        }
        strings.push((format!("/{key}/country"), &a.country));
    }
    for (path, s) in strings {
        check("string-bytes", MAX_STRING_BYTES, s.len() as u64, &path)?;
    }
    Ok(())
}

/// Every order-rule problem outside the cart.
pub fn check(rb: &Rulebook, order: &Order) -> Vec<Problem> {
    let rules = &rb.validation;
    let cart = &order.cart;
    let country = cart
        .country
        .as_deref()
        .or(rb.settings.default_country.as_deref());
    let mut problems = Vec::new();
    let p = &mut problems;
    match present(&order.email) {
        Some(email) => field(p, "/email", FieldKind::Email, email, None),
        None if rules.require_email => err(p, "/email", V::EmailRequired),
        None => {}
    }
    match present(&order.phone) {
        Some(phone) => field(p, "/phone", FieldKind::Phone, phone, country),
        None if rules.require_phone => err(p, "/phone", V::PhoneRequired),
        None => {}
    }
    let physical = cart
        .lines
        .iter()
        .any(|l| rb.item(&l.sku).is_some_and(|i| rb.items[i].physical));
    match &order.shipping_address {
        Some(a) => {
            address(p, "/shipping-address", a);
            if let Some(c) = country.filter(|c| *c != a.country && is_country(&a.country)) {
                let (address, cart) = (a.country.clone(), c.to_string());
                err(
                    p,
                    "/shipping-address/country",
                    V::ShippingCountryMismatch { address, cart },
                );
            }
            if let Some((address, cart)) = postal_mismatch(cart, a) {
                err(
                    p,
                    "/shipping-address/postal-code",
                    V::ShippingPostalCodeMismatch { address, cart },
                );
            }
        }
        None if physical && rules.require_shipping_address => {
            err(p, "/shipping-address", V::ShippingAddressRequired)
        }
        None => {}
    }
    if let Some(a) = &order.billing_address {
        address(p, "/billing-address", a);
    }
    match present(&order.vat_id) {
        Some(vat) => field(p, "/vat-id", FieldKind::VatId, vat, None),
        None if cart.reverse_charge && rules.require_vat_id_for_reverse_charge => {
            err(p, "/vat-id", V::VatIdRequired)
        }
        None => {}
    }
    problems
}
