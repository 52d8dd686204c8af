//! Country-code and currency-code validators, and the public helpers is_country_code / is_eu_member.

mod fields_country_currency {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::{is_country_code, is_eu_member, validate_field};

    fn codes(r: &FieldResult) -> Vec<&str> {
        r.problems.iter().map(|p| p.code.as_str()).collect()
    }

    #[test]
    fn there_are_249_assigned_codes() {
        // ISO 3166-1 lists 249 officially assigned alpha-2 codes (ISO Online Browsing Platform).
        let mut n = 0;
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                if is_country_code(std::str::from_utf8(&[a, b]).unwrap()) {
                    n += 1;
                }
            }
        }
        assert_eq!(n, 249);
    }

    #[test]
    fn country_codes() {
        for code in ["DE", "US", "SS", "SX", "BQ", "AX", "AQ", "BV", "UM"] {
            assert!(is_country_code(code), "{code}");
        }
        // User-assigned, exceptionally or transitionally reserved, or withdrawn codes.
        for code in [
            "XK", "EU", "UK", "EL", "AN", "YU", "CS", "de", "DEU", "", "D",
        ] {
            assert!(!is_country_code(code), "{code}");
        }
        let r = validate_field(FieldKind::CountryCode, " de ", None);
        assert!(r.valid);
        assert_eq!(r.normalized.as_deref(), Some("DE"));
        assert_eq!(
            codes(&validate_field(FieldKind::CountryCode, "UK", None)),
            ["unknown-country"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::CountryCode, "Ö", None)),
            ["unknown-country"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::CountryCode, "  ", None)),
            ["empty-value"]
        );
    }

    #[test]
    fn eu_members() {
        // The 27 member states since 2020-02-01 (europa.eu "EU countries").
        let members = [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        ];
        for code in members {
            assert!(is_eu_member(code), "{code}");
        }
        for code in ["GB", "CH", "NO", "IS", "LI", "EL", "XI", "AX", "at"] {
            assert!(!is_eu_member(code), "{code}");
        }
        let r = validate_field(FieldKind::CountryCode, "fr", None);
        assert!(r
            .details
            .iter()
            .any(|p| p.name == "eu-member" && p.value == "true"));
    }

    #[test]
    fn currency_codes() {
        let r = validate_field(FieldKind::CurrencyCode, " eur ", None);
        assert!(r.valid, "{:?}", r.problems);
        assert_eq!(r.normalized.as_deref(), Some("EUR"));
        // ISO 4217: EUR is 978 with 2 minor units.
        assert!(r
            .details
            .iter()
            .any(|p| p.name == "numeric" && p.value == "978"));
        assert_eq!(
            codes(&validate_field(FieldKind::CurrencyCode, "EURO", None)),
            ["invalid-currency-code"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::CurrencyCode, "E1R", None)),
            ["invalid-currency-code"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::CurrencyCode, "QQQ", None)),
            ["unknown-currency"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::CurrencyCode, "", None)),
            ["empty-value"]
        );
    }
}
