//! Postal-code validator: normalisation examples, libaddressinput's example codes, countries without
//! postal codes, and the country argument.

mod fields_postal {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;
    use kassa_core::Severity;

    fn postal(value: &str, country: &str) -> FieldResult {
        validate_field(FieldKind::PostalCode, value, Some(country))
    }

    fn codes(r: &FieldResult) -> Vec<&str> {
        r.problems.iter().map(|p| p.code.as_str()).collect()
    }

    #[test]
    fn normalisation_examples() {
        // Canonical spellings as published by the postal operators (Royal Mail, PostNL, Canada Post,
        // Poczta Polska, PostNord, USPS, Japan Post, Correios).
        for (country, input, expected) in [
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", " SW1A 1AA ", "SW1A 1AA"),
            ("GB", "m25bq", "M2 5BQ"),
            ("GB", "cr02yr", "CR0 2YR"),
            ("GB", "gir0aa", "GIR 0AA"),
            ("GB", "BFPO61", "BFPO 61"),
            ("NL", "1234ab", "1234 AB"),
            ("CA", "k1a0b1", "K1A 0B1"),
            ("PL", "00950", "00-950"),
            ("SE", "11455", "114 55"),
            ("SE", "SE-114 55", "114 55"),
            ("US", "12345-6789", "12345-6789"),
            ("US", "12345 6789", "12345-6789"),
            ("US", "95014", "95014"),
            ("JP", "1000001", "100-0001"),
            ("BR", "01310100", "01310-100"),
            ("DE", " 10115 ", "10115"),
            ("DE", "DE-10115", "10115"),
            ("FI", "FI-00550", "00550"),
            ("LU", "L-1234", "1234"),
            ("LI", "FL-9490", "9490"),
            ("LV", "lv1073", "LV-1073"),
            ("IE", "a65f4e2", "A65 F4E2"),
            ("CZ", "10000", "100 00"),
            ("PT", "1250096", "1250-096"),
            ("AR", "c1070aam", "C1070AAM"),
            ("MT", "nxr01", "NXR 01"),
            ("SH", "tdcu1zz", "TDCU 1ZZ"),
            ("JE", "je11aa", "JE1 1AA"),
        ] {
            let r = postal(input, country);
            assert!(r.valid, "{country} {input:?}: {:?}", r.problems);
            assert_eq!(
                r.normalized.as_deref(),
                Some(expected),
                "{country} {input:?}"
            );
        }
    }

    #[test]
    fn libaddressinput_examples_are_valid() {
        // The `zipex` examples of libaddressinput's data for a sample of countries.
        for (country, examples) in [
            ("AD", "AD100,AD501,AD700"),
            ("AR", "C1070AAM,C1000WAM,B1000TBU,X5187XAB"),
            ("AU", "2060,3171,6430,4000,4006,3001"),
            ("BM", "FL 07,HM GX,HM 12"),
            ("CA", "H3Z 2Y7,V8X 3X4,T0L 1K0,T0H 1A0,K1A 0B1"),
            ("CZ", "100 00,251 66,530 87,110 00,225 99"),
            (
                "GB",
                "EC1Y 8SY,GIR 0AA,M2 5BQ,M34 4AB,CR0 2YR,DN16 9AA,W1A 4ZZ,EC1A 1HQ,OX14 4PG,BS18 8HF",
            ),
            ("IM", "IM2 1AA,IM99 1PS"),
            ("IR", "11936-12345"),
            ("KY", "KY1-1100,KY1-1702,KY2-2101"),
            ("MT", "NXR 01,ZTN 05,GPO 01,BZN 1130,SPB 6031,VCT 1753"),
            ("MU", "42602"),
            ("NL", "1234 AB,2490 AA"),
            ("PE", "LIMA 23,LIMA 42,CALLAO 2,02001"),
            ("SO", "JH 09010,AD 11010"),
            ("SV", "CP 1101"),
            ("TW", "104,106,10603,40867"),
            ("VI", "00802-1222,00850-9802"),
        ] {
            for example in examples.split(',') {
                let r = postal(example, country);
                assert!(r.valid, "{country} {example:?}: {:?}", r.problems);
            }
        }
    }

    #[test]
    fn wrong_codes_name_the_country_and_an_example() {
        let r = postal("1234", "DE");
        assert_eq!(codes(&r), ["invalid-postal-code"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(params, [("country", "DE"), ("example", "26133")]);
        for (country, value) in [
            ("NL", "0123 AB"),  // NL codes start 1-9
            ("NL", "1234 SA"),  // SA, SD, SS are not used
            ("CA", "D1A 0B1"),  // D does not start a Canadian code
            ("GB", "SW1A 1AC"), // C is not used in the unit
            ("GB", "QQ1 1AA"),  // QQ is no postcode area
            ("US", "1234"),
            ("US", "12345-678"),
            ("JP", "100-00001"),
            ("SE", "114 5"),
            ("DE", "1O115"),      // letter O
            ("DE", "１０１１５"), // full-width digits
        ] {
            let r = postal(value, country);
            assert_eq!(codes(&r), ["invalid-postal-code"], "{country} {value:?}");
        }
    }

    #[test]
    fn countries_without_postal_codes() {
        // Hong Kong has no postal codes (libaddressinput has no `zip` for HK).
        let r = postal("", "HK");
        assert!(r.valid);
        assert_eq!(r.normalized.as_deref(), Some(""));
        assert!(r.problems.is_empty());
        let r = postal(" 00000 ", "HK");
        assert!(r.valid);
        assert_eq!(r.normalized.as_deref(), Some("00000"));
        assert_eq!(codes(&r), ["postal-code-not-used"]);
        assert_eq!(r.problems[0].severity, Severity::Warning);
    }

    #[test]
    fn country_argument() {
        assert_eq!(
            codes(&validate_field(FieldKind::PostalCode, "10115", None)),
            ["country-required"]
        );
        assert_eq!(
            codes(&validate_field(FieldKind::PostalCode, "", None)),
            ["empty-value", "country-required"]
        );
        assert_eq!(codes(&postal("10115", "QQ")), ["unknown-country"]);
        assert_eq!(codes(&postal("", "DE")), ["empty-value"]);
        let r = postal("10115", " de ");
        assert!(r.valid);
        assert!(r
            .details
            .iter()
            .any(|p| p.name == "country" && p.value == "DE"));
        // Kosovo (XK) is accepted as a region code for postal codes.
        assert!(postal("10000", "XK").valid);
    }
}
