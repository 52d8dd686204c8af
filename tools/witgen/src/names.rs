//! Names per language, from WIT's kebab-case. The only table is Go's: initialisms and the prefixes of enum
//! constants that the public API has always had (RoundHalfEven, FieldIBAN, SKU, VATID, ...).

/// Words Go spells in capitals (Go's own convention: `ID`, `URL`).
const GO_INITIALISMS: &[&str] = &[
    "api", "bic", "id", "iban", "iso", "json", "sku", "url", "uri", "vat", "http", "utc", "eu",
    "uuid",
];

/// Enum constant prefixes Go uses instead of the type name (`RoundHalfEven`, not `RoundingModeHalfEven`).
const GO_ENUM_PREFIXES: &[(&str, &str)] = &[
    ("rounding-mode", "Round"),
    ("field-kind", "Field"),
    ("promotion-status", "Promotion"),
];

fn words(kebab: &str) -> impl Iterator<Item = &str> {
    kebab.split('-').filter(|w| !w.is_empty())
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(|x| x.to_lowercase()))
            .collect(),
        None => String::new(),
    }
}

/// "cart-line" → "CartLine" (Rust, Python and TypeScript type names).
pub fn upper_camel(kebab: &str) -> String {
    words(kebab).map(capitalize).collect()
}

/// "cart-line" → "cartLine" (TypeScript fields and functions).
pub fn lower_camel(kebab: &str) -> String {
    let mut out = String::new();
    for (i, w) in words(kebab).enumerate() {
        if i == 0 {
            out.push_str(&w.to_lowercase());
        } else {
            out.push_str(&capitalize(w));
        }
    }
    out
}

/// "cart-line" → "cart_line" (Rust and Python fields), with a trailing `_` for keywords.
pub fn snake(kebab: &str, keywords: &[&str]) -> String {
    let s = words(kebab)
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if keywords.contains(&s.as_str()) {
        s + "_"
    } else {
        s
    }
}

/// "half-even" → "HALF_EVEN" (Python enum members, TypeScript constants).
pub fn shouty(kebab: &str) -> String {
    words(kebab)
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// "vat-id" → "VATID", "customer-id" → "CustomerID", "cart-line" → "CartLine" (Go exported names).
pub fn go(kebab: &str) -> String {
    words(kebab)
        .map(|w| {
            let l = w.to_lowercase();
            if GO_INITIALISMS.contains(&l.as_str()) {
                l.to_uppercase()
            } else {
                capitalize(w)
            }
        })
        .collect()
}

/// "field-kind" → "fieldKind", "vat-id" → "vatID" (Go unexported names).
pub fn go_private(kebab: &str) -> String {
    let exported = go(kebab);
    let first = words(kebab).next().unwrap_or("");
    let lower_first = if GO_INITIALISMS.contains(&first.to_lowercase().as_str()) {
        first.to_lowercase()
    } else {
        let mut c = first.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    };
    format!("{lower_first}{}", &exported[first.len()..])
}

/// The prefix of Go's constants for the cases of enum (or variant tag) `kebab`.
pub fn go_enum_prefix(kebab: &str) -> String {
    GO_ENUM_PREFIXES
        .iter()
        .find(|(n, _)| *n == kebab)
        .map(|(_, p)| p.to_string())
        .unwrap_or_else(|| go(kebab))
}

/// A WIT name as words ("rounding-mode" → "rounding mode"), for messages.
pub fn spaced(kebab: &str) -> String {
    kebab.replace('-', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_names_keep_the_public_spelling() {
        assert_eq!(go("vat-id"), "VATID");
        assert_eq!(go("customer-id"), "CustomerID");
        assert_eq!(go("rulebook-id"), "RulebookID");
        assert_eq!(go("sku"), "SKU");
        assert_eq!(go("iban"), "IBAN");
        assert_eq!(go("cash-rounding-adjustment"), "CashRoundingAdjustment");
        assert_eq!(
            format!(
                "{}{}",
                go_enum_prefix("rounding-mode"),
                go("half-away-from-zero")
            ),
            "RoundHalfAwayFromZero"
        );
        assert_eq!(
            format!("{}{}", go_enum_prefix("field-kind"), go("vat-id")),
            "FieldVATID"
        );
        assert_eq!(
            format!("{}{}", go_enum_prefix("severity"), go("error")),
            "SeverityError"
        );
        assert_eq!(go_private("field-kind"), "fieldKind");
        assert_eq!(go_private("vat-id"), "vatID");
        assert_eq!(go_private("id"), "id");
    }

    #[test]
    fn other_languages() {
        assert_eq!(upper_camel("engine-info"), "EngineInfo");
        assert_eq!(
            lower_camel("cash-rounding-adjustment"),
            "cashRoundingAdjustment"
        );
        assert_eq!(snake("postal-code", &[]), "postal_code");
        assert_eq!(snake("type", &["type"]), "type_");
        assert_eq!(shouty("half-even"), "HALF_EVEN");
    }
}
