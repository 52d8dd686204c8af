//! ISO 3166-1 alpha-2 country codes and EU membership: the `country-code` validator and the helpers
//! [`is_country_code`] and [`is_eu_member`] that the pricing and validation layers use.

use super::{FieldError, Report};

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, two letters each, sorted (binary search).
/// User-assigned codes such as "XK" (Kosovo) or "EU" and exceptionally reserved ones ("UK", "EL") are not in
/// it. One string rather than an array of strings: 249 string references cost the wasm 2 KB.
const COUNTRY_CODES: &str = concat!(
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCN",
    "COCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHM",
    "HNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMK",
    "MLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURW",
    "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI",
    "VNVUWFWSYEYTZAZMZW",
);

/// The 27 EU member states (since the United Kingdom left on 2020-02-01), by ISO code (Greece is "GR"), two
/// letters each, sorted.
const EU_MEMBERS: &str = "ATBEBGCYCZDEDKEEESFIFRGRHRHUIEITLTLULVMTNLPLPTROSESISK";

/// Whether `code` is one of the two-letter codes in `codes` (sorted, concatenated).
fn in_codes(codes: &str, code: &str) -> bool {
    let (codes, code) = (codes.as_bytes(), code.as_bytes());
    code.len() == 2 && {
        let (mut lo, mut hi) = (0, codes.len() / 2);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match codes[2 * mid..2 * mid + 2].cmp(code) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// True if `code` is an officially assigned ISO 3166-1 alpha-2 code. Exact match: upper case, no spaces
/// (normalise first; `validate_field(CountryCode, ..)` does).
pub fn is_country_code(code: &str) -> bool {
    in_codes(COUNTRY_CODES, code)
}

/// True if `code` (ISO 3166-1 alpha-2, upper case) is an EU member state. Greece is "GR" (not the VAT
/// prefix "EL"); territories with their own ISO code outside the EU VAT area (e.g. "AX", "GF") are not
/// members here.
pub fn is_eu_member(code: &str) -> bool {
    in_codes(EU_MEMBERS, code)
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
        for codes in [COUNTRY_CODES, EU_MEMBERS] {
            let pairs: Vec<&[u8]> = codes.as_bytes().chunks(2).collect();
            assert!(pairs
                .iter()
                .all(|c| c.len() == 2 && c.iter().all(u8::is_ascii_uppercase)));
            assert!(pairs.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!((COUNTRY_CODES.len(), EU_MEMBERS.len()), (2 * 249, 2 * 27));
        assert!(EU_MEMBERS
            .as_bytes()
            .chunks(2)
            .all(|c| is_country_code(std::str::from_utf8(c).unwrap())));
    }
}
