//! The ISO 4217 table: well-known entries checked by hand against the standard, table shape, cash increments.

use kassa_core::money::{
    currency_wire, data_versions, is_multiple_of_minor, lookup_currency, minor_unit, parse_decimal,
};

/// (code, numeric, minor units, name) as printed in ISO 4217 List One, typed in by hand.
const KNOWN: &[(&str, &str, u32, &str)] = &[
    ("EUR", "978", 2, "Euro"),
    ("USD", "840", 2, "US Dollar"),
    ("JPY", "392", 0, "Yen"),
    ("GBP", "826", 2, "Pound Sterling"),
    ("CHF", "756", 2, "Swiss Franc"),
    ("BHD", "048", 3, "Bahraini Dinar"),
    ("KWD", "414", 3, "Kuwaiti Dinar"),
    ("JOD", "400", 3, "Jordanian Dinar"),
    ("OMR", "512", 3, "Rial Omani"),
    ("TND", "788", 3, "Tunisian Dinar"),
    ("IQD", "368", 3, "Iraqi Dinar"),
    ("LYD", "434", 3, "Libyan Dinar"),
    ("CLF", "990", 4, "Unidad de Fomento"),
    ("UYW", "927", 4, "Unidad Previsional"),
    ("ISK", "352", 0, "Iceland Krona"),
    ("KRW", "410", 0, "Won"),
    ("CLP", "152", 0, "Chilean Peso"),
    ("VND", "704", 0, "Dong"),
    ("XOF", "952", 0, "CFA Franc BCEAO"),
    ("XAF", "950", 0, "CFA Franc BEAC"),
    ("ALL", "008", 2, "Lek"),
    ("SEK", "752", 2, "Swedish Krona"),
    ("HUF", "348", 2, "Forint"),
    ("INR", "356", 2, "Indian Rupee"),
    ("CNY", "156", 2, "Yuan Renminbi"),
];

#[test]
fn well_known_entries() {
    for &(code, numeric, minor, name) in KNOWN {
        let e = lookup_currency(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(
            (e.code, e.numeric, e.minor_units, e.name),
            (code, numeric, minor, name)
        );
    }
}

#[test]
fn table_is_sorted_unique_and_well_formed() {
    let table = kassa_core::money::currency_table();
    assert!(table.len() >= 150, "only {} entries", table.len());
    for pair in table.windows(2) {
        assert!(
            pair[0].code < pair[1].code,
            "{} !< {}",
            pair[0].code,
            pair[1].code
        );
    }
    let mut numerics = std::collections::BTreeSet::new();
    for e in table {
        assert!(e.code.len() == 3 && e.code.bytes().all(|b| b.is_ascii_uppercase()));
        assert!(e.numeric.len() == 3 && e.numeric.bytes().all(|b| b.is_ascii_digit()));
        assert!(numerics.insert(e.numeric), "numeric {} twice", e.numeric);
        assert!(e.minor_units <= 4, "{} has {}", e.code, e.minor_units);
        assert!(!e.name.is_empty() && e.name.trim() == e.name);
        assert_eq!(lookup_currency(e.code), Some(e));
    }
}

#[test]
fn minor_units_na_entries_are_excluded() {
    for code in [
        "XAU", "XAG", "XPD", "XPT", "XDR", "XXX", "XTS", "XBA", "XSU", "XUA",
    ] {
        assert!(lookup_currency(code).is_none(), "{code} should be excluded");
    }
    // Withdrawn codes are not in List One.
    for code in ["DEM", "HRK", "SLL", "VEF", "ZWL"] {
        assert!(lookup_currency(code).is_none(), "{code} is historic");
    }
}

#[test]
fn cash_increments() {
    let expected = [
        ("CHF", "0.05"),
        ("CAD", "0.05"),
        ("AUD", "0.05"),
        ("NZD", "0.10"),
        ("DKK", "0.50"),
        ("SEK", "1"),
        ("NOK", "1"),
        ("CZK", "1"),
        ("HUF", "5"),
        // CLDR's cashRounding="20" for the Mauritanian ouguiya (smallest coin 1/5 ouguiya) and cashDigits="0"
        // for, e.g., the New Taiwan dollar and the Pakistani rupee.
        ("MRU", "0.20"),
        ("TWD", "1"),
        ("PKR", "1"),
    ];
    for (code, inc) in expected {
        assert_eq!(
            lookup_currency(code).unwrap().cash_increment,
            Some(inc),
            "{code}"
        );
    }
    assert_eq!(lookup_currency("EUR").unwrap().cash_increment, None);
    assert_eq!(lookup_currency("USD").unwrap().cash_increment, None);
    // Every increment parses, is larger than the minor unit and a whole number of minor units.
    for e in kassa_core::money::currency_table() {
        if let Some(text) = e.cash_increment {
            let inc = parse_decimal(text).unwrap();
            assert!(inc > minor_unit(e.minor_units).unwrap(), "{}", e.code);
            assert!(is_multiple_of_minor(inc, e.minor_units), "{}", e.code);
        }
    }
}

#[test]
fn lookup_is_case_sensitive() {
    assert!(lookup_currency("eur").is_none());
    assert!(lookup_currency("EUR ").is_none());
    assert!(lookup_currency("").is_none());
    let e = currency_wire("eur").unwrap_err();
    assert_eq!(e.code, "unknown-currency");
    assert_eq!(e.path, "/code");
    assert!(e.message.contains("\"EUR\""), "{}", e.message);
    let e = currency_wire("ABC").unwrap_err();
    assert_eq!(e.code, "unknown-currency");
    assert_eq!(e.params[0].value, "ABC");
}

#[test]
fn currency_wire_shape() {
    let c = currency_wire("CHF").unwrap();
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"code":"CHF","numeric":"756","minor-units":2,"name":"Swiss Franc","cash-increment":"0.05"}"#
    );
    let c = currency_wire("BHD").unwrap();
    assert_eq!(c.cash_increment, None);
}

#[test]
fn data_version_names_the_source() {
    let v = data_versions();
    let iso = v.iter().find(|d| d.name == "iso-4217").unwrap();
    assert_eq!(iso.date, "2026-01-01");
    assert!(iso.source.contains("ISO 4217") && iso.source.contains("iso4217 1.16.20260101"));
    let cash = v.iter().find(|d| d.name == "cash-increments").unwrap();
    assert!(cash.source.contains("CLDR") && cash.source.contains("babel"));
}

/// The changes to List One since the 2024-06-25 edition, as the list published 2026-01-01 has them:
/// Curaçao and Sint Maarten's Netherlands Antillean Guilder (ANG, 532) replaced by the Caribbean Guilder
/// (XCG, 532, 2 decimals); Bulgaria adopted the euro on 2026-01-01 (BGN withdrawn); Cuba's Peso Convertible
/// (CUC) withdrawn; the Arab Monetary Fund's Arab Accounting Dinar (XAD, 396, 2 decimals) added.
#[test]
fn list_one_amendments_to_2026() {
    for code in ["ANG", "BGN", "CUC"] {
        assert!(lookup_currency(code).is_none(), "{code} is withdrawn");
    }
    for (code, numeric, minor, name) in [
        ("XCG", "532", 2, "Caribbean Guilder"),
        ("XAD", "396", 2, "Arab Accounting Dinar"),
    ] {
        let e = lookup_currency(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(
            (e.code, e.numeric, e.minor_units, e.name),
            (code, numeric, minor, name)
        );
    }
}
