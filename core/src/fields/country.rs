//! ISO 3166-1 alpha-2 country codes and EU membership: the `country-code` validator and the helpers
//! [`is_country_code`] and [`is_eu_member`] that the pricing and validation layers use.

use super::{FieldError, Report};

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted (binary search). User-assigned codes
/// such as "XK" (Kosovo) or "EU" and exceptionally reserved ones ("UK", "EL") are not in it.
const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The 27 EU member states (since the United Kingdom left on 2020-02-01), by ISO code (Greece is "GR").
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// True if `code` is an officially assigned ISO 3166-1 alpha-2 code. Exact match: upper case, no spaces
/// (normalise first; `validate_field(CountryCode, ..)` does).
pub fn is_country_code(code: &str) -> bool {
    COUNTRY_CODES.binary_search(&code).is_ok()
}

/// True if `code` (ISO 3166-1 alpha-2, upper case) is an EU member state. Greece is "GR" (not the VAT
/// prefix "EL"); territories with their own ISO code outside the EU VAT area (e.g. "AX", "GF") are not
/// members here.
pub fn is_eu_member(code: &str) -> bool {
    EU_MEMBERS.binary_search(&code).is_ok()
}

/// The `country-code` validator: trims, upper-cases ASCII letters, looks the code up.
pub(super) fn validate(value: &str, report: &mut Report) {
    let code = value.trim().to_ascii_uppercase();
    if code.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if !is_country_code(&code) {
        report.error(&FieldError::UnknownCountry {
            code: value.trim().to_string(),
        });
        return;
    }
    report.detail("eu-member", is_eu_member(&code));
    report.normalized(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(EU_MEMBERS.windows(2).all(|w| w[0] < w[1]));
        assert!(EU_MEMBERS.iter().all(|c| is_country_code(c)));
    }
}
