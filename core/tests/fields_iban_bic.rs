//! IBAN and BIC validators against the SWIFT IBAN Registry's own examples and ISO 9362 examples.
//! (Tests sit in a `fields_*` module so `cargo test fields` selects them.)

mod fields_iban_bic {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;

    fn iban(value: &str) -> FieldResult {
        validate_field(FieldKind::Iban, value, None)
    }

    fn codes(r: &FieldResult) -> Vec<&str> {
        r.problems.iter().map(|p| p.code.as_str()).collect()
    }

    fn detail<'a>(r: &'a FieldResult, name: &str) -> Option<&'a str> {
        r.details
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// Examples printed in the SWIFT IBAN Registry (one per country entry); each was also confirmed
    /// with an independent implementation (schwifty) before being written here.
    const REGISTRY_EXAMPLES: &[&str] = &[
        "DE89370400440532013000",
        "GB29NWBK60161331926819",
        "FR1420041010050500013M02606",
        "NL91ABNA0417164300",
        "BE68539007547034",
        "CH9300762011623852957",
        "NO9386011117947",
        "MT84MALT011000012345MTLCAST001S",
        "SA0380000000608010167519",
        "AT611904300234573201",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "PL61109010140000071219812874",
        "SE4550000000058398257466",
        "LC55HEMM000100010012001200023015",
        "SC18SSCB11010000000000001497USD",
        "BR1800360305000010009795493C1",
        "RU0204452560040702810412345678901",
        "IE29AIBK93115212345678",
        "PT50000201231234567890154",
        "LU280019400644750000",
        "DK5000400440116243",
        "FI2112345600000785",
        "BI4210000100010000332045181",
        "NI45BAPR00000013000003558124",
    ];

    #[test]
    fn registry_examples_are_valid_and_normalised() {
        for &example in REGISTRY_EXAMPLES {
            let r = iban(example);
            assert!(r.valid, "{example}: {:?}", r.problems);
            assert_eq!(r.normalized.as_deref(), Some(example));
            assert!(r.problems.is_empty());
        }
    }

    #[test]
    fn paper_format_and_lower_case_are_normalised() {
        let r = iban("IBAN de89 3704 0044 0532 0130 00");
        assert_eq!(r.normalized.as_deref(), Some("DE89370400440532013000"));
        assert_eq!(detail(&r, "country"), Some("DE"));
        assert_eq!(detail(&r, "check-digits"), Some("89"));
        assert_eq!(detail(&r, "bban"), Some("370400440532013000"));
        let r = iban(" GB29 NWBK 6016 1331 9268 19 ");
        assert_eq!(r.normalized.as_deref(), Some("GB29NWBK60161331926819"));
    }

    #[test]
    fn every_single_digit_change_of_an_example_fails() {
        for &example in REGISTRY_EXAMPLES {
            for (i, b) in example.bytes().enumerate().skip(2) {
                if !b.is_ascii_digit() {
                    continue;
                }
                for d in b'0'..=b'9' {
                    if d == b {
                        continue;
                    }
                    let mut changed = example.as_bytes().to_vec();
                    changed[i] = d;
                    let changed = String::from_utf8(changed).unwrap();
                    let r = iban(&changed);
                    assert!(!r.valid, "{changed} passed");
                    assert!(
                        codes(&r).contains(&"iban-checksum"),
                        "{changed}: {:?}",
                        codes(&r)
                    );
                }
            }
        }
    }

    #[test]
    fn wrong_length_names_the_expected_length() {
        let r = iban("DE8937040044053201300");
        assert_eq!(codes(&r), ["invalid-iban-length"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [("country", "DE"), ("expected", "22"), ("actual", "21")]
        );
    }

    #[test]
    fn bban_structure_is_checked() {
        // GB BBAN is 4a6n8n: a letter in the account number breaks the structure (and the checksum).
        let r = iban("GB29NWBK6016133192681A");
        assert!(
            codes(&r).contains(&"invalid-iban-format"),
            "{:?}",
            codes(&r)
        );
    }

    #[test]
    fn shapes_and_countries() {
        assert_eq!(codes(&iban("")), ["empty-value"]);
        assert_eq!(codes(&iban("DE89 3704 ÄÖ")), ["invalid-iban"]);
        assert_eq!(codes(&iban("D")), ["invalid-iban"]);
        assert_eq!(codes(&iban("1289370400440532013000")), ["invalid-iban"]);
        assert_eq!(codes(&iban("DEXX370400440532013000")), ["invalid-iban"]);
        // US has no IBAN; QQ is no country at all.
        assert_eq!(codes(&iban("US12345678901234")), ["unsupported-country"]);
        assert_eq!(codes(&iban("QQ12345678901234")), ["unknown-country"]);
    }

    #[test]
    fn check_digits_99_are_rejected_even_if_the_modulus_fits() {
        // NL02ABNA0417164350 is valid (check digits 02, confirmed with schwifty). 99 = 02 + 97 leaves the
        // MOD 97-10 remainder unchanged, but ISO 13616 never issues 99 (nor 00 or 01).
        let r = iban("NL02ABNA0417164350");
        assert!(r.valid, "{:?}", r.problems);
        let twin = iban("NL99ABNA0417164350");
        assert_eq!(codes(&twin), ["iban-checksum"]);
    }

    fn bic(value: &str) -> FieldResult {
        validate_field(FieldKind::Bic, value, None)
    }

    #[test]
    fn bic_examples() {
        for (input, normalized) in [
            ("DEUTDEFF", "DEUTDEFF"),
            ("DEUTDEFF500", "DEUTDEFF500"),
            ("NEDSZAJJXXX", "NEDSZAJJXXX"),
            ("deut de ff", "DEUTDEFF"),
        ] {
            let r = bic(input);
            assert!(r.valid, "{input}: {:?}", r.problems);
            assert_eq!(r.normalized.as_deref(), Some(normalized));
        }
        let r = bic("NEDSZAJJXXX");
        assert_eq!(detail(&r, "institution"), Some("NEDS"));
        assert_eq!(detail(&r, "country"), Some("ZA"));
        assert_eq!(detail(&r, "location"), Some("JJ"));
        assert_eq!(detail(&r, "branch"), Some("XXX"));
    }

    #[test]
    fn bic_failures() {
        assert_eq!(codes(&bic("")), ["empty-value"]);
        assert_eq!(codes(&bic("DEUTDEF")), ["invalid-bic"]);
        assert_eq!(codes(&bic("DEUTDEFF5")), ["invalid-bic"]);
        assert_eq!(codes(&bic("DEU1DEFF")), ["invalid-bic"]);
        assert_eq!(codes(&bic("DEUT1EFF")), ["invalid-bic"]);
        assert_eq!(codes(&bic("DEUTQQFF")), ["unknown-country"]);
        assert_eq!(codes(&bic("DEUTDEF€")), ["invalid-bic"]);
    }
}
