//! E-mail validator. ASCII verdicts follow the WHATWG pattern (HTML Living Standard, "valid e-mail
//! address"), checked with Python's `re` on the same inputs; the stricter rules (qualified domain,
//! non-numeric top-level label, lengths) and IDN handling are this engine's own, documented in
//! docs/fields.md. Punycode forms were computed with Python's built-in codec.

mod fields_email {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;

    fn email(value: &str) -> FieldResult {
        validate_field(FieldKind::Email, value, None)
    }

    fn reasons(r: &FieldResult) -> Vec<String> {
        r.problems
            .iter()
            .map(|p| match p.params.iter().find(|x| x.name == "reason") {
                Some(reason) => format!("{}:{}", p.code, reason.value),
                None => p.code.clone(),
            })
            .collect()
    }

    #[test]
    fn valid_addresses_and_their_normal_form() {
        for (input, normalized) in [
            ("user@example.com", "user@example.com"),
            ("  User.Name+tag@Example.COM ", "User.Name+tag@example.com"),
            ("a@b.co", "a@b.co"),
            // WHATWG allows every atext character and dots anywhere in the local part.
            (
                "!#$%&'*+/=?^_`{|}~-@example.org",
                "!#$%&'*+/=?^_`{|}~-@example.org",
            ),
            (".a..b.@example.org", ".a..b.@example.org"),
            ("x@sub-domain.example-1.de", "x@sub-domain.example-1.de"),
            ("x@xn--mnchen-3ya.de", "x@xn--mnchen-3ya.de"),
            ("info@MÜNCHEN.de", "info@münchen.de"),
            ("info@例え。テスト", "info@例え.テスト"),
        ] {
            let r = email(input);
            assert!(r.valid, "{input:?}: {:?}", r.problems);
            assert_eq!(r.normalized.as_deref(), Some(normalized), "{input:?}");
        }
    }

    #[test]
    fn idn_domains_report_their_ascii_form() {
        let r = email("info@münchen.de");
        assert!(r
            .details
            .iter()
            .any(|p| p.name == "domain-ascii" && p.value == "xn--mnchen-3ya.de"));
        let r = email("info@例え.テスト");
        assert!(r
            .details
            .iter()
            .any(|p| p.name == "domain-ascii" && p.value == "xn--r8jz45g.xn--zckzah"));
        assert!(email("user@example.com").details.is_empty());
    }

    #[test]
    fn invalid_addresses() {
        for (input, expected) in [
            ("", "empty-value"),
            ("user.example.com", "invalid-email:missing-at-sign"),
            ("@example.com", "invalid-email:empty-local-part"),
            ("us er@example.com", "invalid-email:local-part-character"),
            (
                "\"quoted\"@example.com",
                "invalid-email:local-part-character",
            ),
            ("jürgen@example.com", "invalid-email:local-part-character"),
            ("user@", "invalid-email:empty-domain"),
            ("a@b@example.com", "invalid-email:several-at-signs"),
            ("user@example..com", "invalid-email:empty-domain-label"),
            ("user@.example.com", "invalid-email:empty-domain-label"),
            ("user@example.com.", "invalid-email:empty-domain-label"),
            ("user@-example.com", "invalid-email:domain-label-hyphen"),
            ("user@example-.com", "invalid-email:domain-label-hyphen"),
            ("user@exa_mple.com", "invalid-email:domain-character"),
            ("user@[127.0.0.1]", "invalid-email:domain-character"),
            ("user@localhost", "invalid-email:domain-not-qualified"),
            ("user@127.0.0.1", "invalid-email:numeric-top-level-domain"),
        ] {
            assert_eq!(reasons(&email(input)), [expected], "{input:?}");
        }
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        assert!(email(&format!("{local64}@example.com")).valid);
        let r = email(&format!("{}@example.com", "a".repeat(65)));
        assert_eq!(reasons(&r), ["email-too-long"]);
        let params: Vec<_> = r.problems[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            params,
            [("part", "local-part"), ("max", "64"), ("actual", "65")]
        );
        let label63 = "b".repeat(63);
        assert!(email(&format!("a@{label63}.com")).valid);
        assert_eq!(
            reasons(&email(&format!("a@{}.com", "b".repeat(64)))),
            ["invalid-email:domain-label-too-long"]
        );
        // 4 labels of 63 + 3 dots = 255 > 253.
        let domain = [label63.as_str(); 4].join(".");
        assert_eq!(reasons(&email(&format!("a@{domain}"))), ["email-too-long"]);
        // Domain of 63+1+63+1+63+1+57 = 249; with a 4-octet local part the address is 254: fine; with a
        // 5-octet one it is 255.
        let domain = format!("{label63}.{label63}.{label63}.{}", "c".repeat(57));
        assert!(email(&format!("abcd@{domain}")).valid);
        let r = email(&format!("abcde@{domain}"));
        assert_eq!(reasons(&r), ["email-too-long"]);
        assert_eq!(r.problems[0].params[0].value, "address");
        // A Unicode label is measured in its ASCII form: 60 x "ü" is far over 63 octets of Punycode.
        assert_eq!(
            reasons(&email(&format!("a@{}.de", "ü".repeat(60)))),
            ["invalid-email:domain-label-too-long"]
        );
    }
}
