//! Phone validator. Expected E.164 forms and regions were produced by libphonenumber (phonenumbers
//! 9.0.43: parse + format E164 + region_code_for_number), an independent implementation.

mod fields_phone {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;

    fn phone(value: &str, country: Option<&str>) -> FieldResult {
        validate_field(FieldKind::Phone, value, country)
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

    #[test]
    fn normalises_like_libphonenumber() {
        for (input, country, e164, region) in [
            ("030 1234567", Some("DE"), "+49301234567", Some("DE")),
            ("+49 (0)30 1234567", None, "+49301234567", Some("DE")),
            ("0049 30 1234567", Some("DE"), "+49301234567", Some("DE")),
            ("(212) 555-1234", Some("US"), "+12125551234", Some("US")),
            ("1 212 555 1234", Some("US"), "+12125551234", Some("US")),
            ("06 12345678", Some("NL"), "+31612345678", Some("NL")),
            ("020 7946 0958", Some("GB"), "+442079460958", Some("GB")),
            ("06 1234 5678", Some("IT"), "+390612345678", Some("IT")),
            ("8 (495) 123-45-67", Some("RU"), "+74951234567", Some("RU")),
            ("06 1 234 5678", Some("HU"), "+3612345678", Some("HU")),
            ("+1 268 460 1234", None, "+12684601234", Some("AG")),
            ("+33 1 23 45 67 89", None, "+33123456789", Some("FR")),
            ("91 123 45 67", Some("ES"), "+34911234567", Some("ES")),
            ("+41 44 668 18 00", None, "+41446681800", Some("CH")),
            ("0676 1234567", Some("AT"), "+436761234567", Some("AT")),
            ("+7 701 234 5678", None, "+77012345678", Some("KZ")),
            ("+358 18 123456", None, "+35818123456", Some("AX")),
            ("+39 06 698 12345", None, "+390669812345", Some("VA")),
            // +1 without a Caribbean area code: US or Canada cannot be told from the number alone.
            ("+1 212 555 1234", None, "+12125551234", None),
        ] {
            let r = phone(input, country);
            assert!(r.valid, "{input:?}: {:?}", r.problems);
            assert_eq!(r.normalized.as_deref(), Some(e164), "{input:?}");
            assert_eq!(detail(&r, "country"), region, "{input:?}");
        }
    }

    #[test]
    fn details_split_the_number() {
        let r = phone("+49 30 1234567", None);
        assert_eq!(detail(&r, "calling-code"), Some("49"));
        assert_eq!(detail(&r, "national-number"), Some("301234567"));
    }

    #[test]
    fn international_form_ignores_the_country_argument() {
        let r = phone("+33 1 23 45 67 89", Some("DE"));
        assert_eq!(r.normalized.as_deref(), Some("+33123456789"));
        assert_eq!(detail(&r, "country"), Some("FR"));
        // ... except to name the region of a shared calling code.
        let r = phone("+1 416 555 0123", Some("CA"));
        assert_eq!(detail(&r, "country"), Some("CA"));
    }

    /// NANP national numbers have 10 digits (and Canada's 310 numbers 7): libphonenumber's possible
    /// lengths are US {10} and CA {7, 10}, so a 9-digit +1 number is no phone number at all, although 9
    /// lies between 7 and 10. Without a country, +1 202 could be US or CA: the union {7, 10} applies.
    #[test]
    fn nanp_lengths_are_a_set_not_a_range() {
        let r = phone("+1 202 555 0123", None);
        assert!(r.valid, "{:?}", r.problems);
        assert_eq!(r.normalized.as_deref(), Some("+12025550123"));

        let r = phone("+1 202 555 012", None);
        assert_eq!(codes(&r), ["invalid-phone-length"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("calling-code", "1"),
                ("min", "7"),
                ("max", "10"),
                ("actual", "9"),
                ("allowed", "7,10")
            ]
        );
        // With the region known: the US has only 10 (7 is local-only there), Canada 7 and 10.
        assert_eq!(
            codes(&phone("+1 202 555 012", Some("US"))),
            ["invalid-phone-length"]
        );
        assert_eq!(
            codes(&phone("202 555 01", Some("CA"))),
            ["invalid-phone-length"]
        );
        assert_eq!(
            phone("310 1234", Some("CA")).normalized.as_deref(),
            Some("+13101234")
        );
        assert_eq!(
            codes(&phone("310 1234", Some("US"))),
            ["invalid-phone-length"]
        );
        // Russia: 10 or 14 digits, nothing in between.
        assert_eq!(
            codes(&phone("+7 495 123 45 67 8", None)),
            ["invalid-phone-length"]
        );
    }

    #[test]
    fn failures() {
        assert_eq!(codes(&phone("", None)), ["empty-value"]);
        assert_eq!(codes(&phone("+49 30 12345 ext 6", None)), ["invalid-phone"]);
        assert_eq!(codes(&phone("49+30", None)), ["invalid-phone"]);
        assert_eq!(codes(&phone("+ ( )", None)), ["invalid-phone"]);
        // 0 and 28x are unassigned calling codes (ITU-T E.164 list).
        assert_eq!(codes(&phone("+0 123 456", None)), ["unknown-calling-code"]);
        assert_eq!(
            codes(&phone("+289 123 456", None)),
            ["unknown-calling-code"]
        );
        // National form needs a country.
        assert_eq!(codes(&phone("030 1234567", None)), ["country-required"]);
        assert_eq!(
            codes(&phone("030 1234567", Some("QQ"))),
            ["unknown-country"]
        );
        // Antarctica has no calling code of its own.
        assert_eq!(
            codes(&phone("030 1234567", Some("AQ"))),
            ["unsupported-country"]
        );
        // France: national significant numbers have 9 digits.
        let r = phone("+33 1 23 45 67 8", None);
        assert_eq!(codes(&r), ["invalid-phone-length"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("calling-code", "33"),
                ("min", "9"),
                ("max", "9"),
                ("actual", "8"),
                ("allowed", "9")
            ]
        );
        // E.164 allows 15 digits at most: DE allows 15-digit national numbers, but +49 makes 17.
        assert_eq!(
            codes(&phone("+49 123456789012345", None)),
            ["invalid-phone"]
        );
    }
}
