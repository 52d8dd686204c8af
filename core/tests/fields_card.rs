//! Card number validator against the card networks' published test numbers.

mod fields_card {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;

    fn card(value: &str) -> FieldResult {
        validate_field(FieldKind::CardNumber, value, None)
    }

    fn codes(r: &FieldResult) -> Vec<&str> {
        r.problems.iter().map(|p| p.code.as_str()).collect()
    }

    fn brand(r: &FieldResult) -> Option<&str> {
        r.details
            .iter()
            .find(|p| p.name == "brand")
            .map(|p| p.value.as_str())
    }

    /// Test numbers published by the networks / their processors (Visa, Mastercard, Amex, Discover,
    /// JCB, Diners, UnionPay, Maestro). Each was checked with a separate Luhn implementation; by hand for
    /// 4111111111111111: from the right, eight undoubled 1s (8), seven doubled 1s (14), the doubled 4 (8):
    /// 30, a multiple of 10.
    const TEST_NUMBERS: &[(&str, &str)] = &[
        ("4111111111111111", "visa"),
        ("4012888888881881", "visa"),
        ("4222222222222", "visa"),
        ("5555555555554444", "mastercard"),
        ("5105105105105100", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("371449635398431", "amex"),
        ("6011111111111117", "discover"),
        ("6011000990139424", "discover"),
        ("3530111333300000", "jcb"),
        ("3566002020360505", "jcb"),
        ("30569309025904", "diners"),
        ("36227206271667", "diners"),
        ("6200000000000005", "unionpay"),
        ("6759649826438453", "maestro"),
    ];

    #[test]
    fn published_test_numbers_are_valid_with_their_brand() {
        for &(number, expected) in TEST_NUMBERS {
            let r = card(number);
            assert!(r.valid, "{number}: {:?}", r.problems);
            assert!(r.problems.is_empty(), "{number}: {:?}", r.problems);
            assert_eq!(brand(&r), Some(expected), "{number}");
            assert_eq!(r.normalized.as_deref(), Some(number));
        }
    }

    #[test]
    fn spaces_and_dashes_are_removed() {
        let r = card(" 4111 1111-1111 1111 ");
        assert_eq!(r.normalized.as_deref(), Some("4111111111111111"));
    }

    #[test]
    fn any_single_digit_change_fails_luhn() {
        for &(number, _) in TEST_NUMBERS {
            for i in 0..number.len() {
                for d in b'0'..=b'9' {
                    let mut b = number.as_bytes().to_vec();
                    if b[i] == d {
                        continue;
                    }
                    b[i] = d;
                    let changed = String::from_utf8(b).unwrap();
                    let r = card(&changed);
                    assert!(!r.valid, "{changed} passed");
                }
            }
        }
    }

    #[test]
    fn failures() {
        assert_eq!(codes(&card("")), ["empty-value"]);
        assert_eq!(codes(&card("4111 1111 1111 111O")), ["invalid-card-number"]);
        assert_eq!(codes(&card("4111111111111112")), ["card-checksum"]);
        // A Luhn-valid 15-digit Visa number (by hand: 6 + seven doubled 1s (14) + six 1s + 4 = 30) has the
        // wrong length for Visa.
        let r = card("411111111111116");
        assert_eq!(codes(&r), ["invalid-card-length"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("brand", "visa"),
                ("allowed", "13, 16, 19"),
                ("actual", "15")
            ]
        );
    }

    #[test]
    fn unknown_brand_is_a_warning() {
        // 9 is no brand's prefix. Luhn by hand: the last 1 undoubled, the leading 9 doubled (18 -> 9): 10.
        let r = card("9000000000000001");
        assert!(r.valid, "{:?}", r.problems);
        assert_eq!(codes(&r), ["unknown-card-brand"]);
        assert_eq!(r.problems[0].severity, kassa_core::Severity::Warning);
        assert_eq!(brand(&r), None);
    }

    #[test]
    fn overlapping_ranges_pick_the_most_specific() {
        // 622126... is inside UnionPay's 62 but belongs to Discover's 622126-622925 range.
        // 6221260000000000: Luhn sum by hand = 6*2-9=3, 2, 2*2=4, 1, 2*2=4, 6 -> 3+2+4+1+4+6 = 20.
        let r = card("6221260000000000");
        assert!(r.valid, "{:?}", r.problems);
        assert_eq!(brand(&r), Some("discover"));
    }
}
