//! Reading the request's quote (its canonical JSON) and checking it against the quote the engine computes for
//! the cart: the rulebook it was priced under, then the currency, the totals and every line's sku, quantity and
//! amounts. The refund uses the computed quote, so the text only has to be the engine's answer for the cart.

use super::RefundError;
use crate::api::Quote;
use crate::error::{Coded, Error};
use crate::json::{self, Json};

fn get<'j>(v: &'j Json, key: &str) -> Option<&'j Json<'j>> {
    match v {
        Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text<'j>(v: Option<&'j Json>) -> Option<&'j str> {
    match v {
        Some(Json::Str(s)) => Some(s),
        _ => None,
    }
}

/// `Ok` when `text` is the JSON of `computed`, in the fields a refund relies on.
pub fn check_quote(text_in: &str, computed: &Quote) -> Result<(), Error> {
    let doc = json::parse(text_in)
        .map_err(|reason| RefundError::QuoteInvalid { reason }.to_error("/quote"))?;
    if !matches!(doc, Json::Obj(_)) {
        let reason = "not an object".to_string();
        return Err(RefundError::QuoteInvalid { reason }.to_error("/quote"));
    }
    let hash = text(get(&doc, "rulebook-hash")).unwrap_or("");
    if hash != computed.rulebook_hash {
        return Err(RefundError::RulebookMismatch {
            quote: hash.to_string(),
            loaded: computed.rulebook_hash.clone(),
        }
        .to_error("/quote"));
    }
    let mismatch = |pointer: String| RefundError::QuoteMismatch { pointer }.to_error("/quote");
    let c = computed;
    for (key, want) in [
        ("currency", c.currency.as_str()),
        ("subtotal", c.subtotal.as_str()),
        ("discount-total", c.discount_total.as_str()),
        ("net-total", c.net_total.as_str()),
        ("tax-total", c.tax_total.as_str()),
        ("grand-total", c.grand_total.as_str()),
        ("tender-total", c.tender_total.as_str()),
    ] {
        if text(get(&doc, key)) != Some(want) {
            return Err(mismatch(format!("/{key}")));
        }
    }
    let lines = match get(&doc, "lines") {
        Some(Json::Arr(lines)) if lines.len() == c.lines.len() => lines,
        _ => return Err(mismatch("/lines".into())),
    };
    for (i, (l, want)) in lines.iter().zip(&c.lines).enumerate() {
        for (key, w) in [
            ("sku", want.sku.as_str()),
            ("quantity", want.quantity.as_str()),
            ("subtotal", want.subtotal.as_str()),
            ("discount-total", want.discount_total.as_str()),
            ("net", want.net.as_str()),
            ("tax-total", want.tax_total.as_str()),
            ("gross", want.gross.as_str()),
        ] {
            if text(get(l, key)) != Some(w) {
                return Err(mismatch(format!("/lines/{i}/{key}")));
            }
        }
    }
    let shipping = get(&doc, "shipping").and_then(|s| text(get(s, "gross")));
    if shipping != c.shipping.as_ref().map(|s| s.gross.as_str()) {
        return Err(mismatch("/shipping".into()));
    }
    Ok(())
}
