//! Properties of the field validators: normalisation is idempotent, the check-digit algorithms catch
//! every single-digit change, and no input (any Unicode) makes a validator panic.

mod fields_props {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;
    use kassa_core::Severity;
    use proptest::prelude::*;

    const KINDS: [FieldKind; 9] = [
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::PostalCode,
        FieldKind::Iban,
        FieldKind::Bic,
        FieldKind::VatId,
        FieldKind::CardNumber,
        FieldKind::CountryCode,
        FieldKind::CurrencyCode,
    ];

    fn check_shape(r: &FieldResult) {
        let has_error = r.problems.iter().any(|p| p.severity == Severity::Error);
        assert_eq!(r.valid, !has_error);
        assert_eq!(r.normalized.is_some(), r.valid);
        for p in &r.problems {
            assert_eq!(p.path, "");
            assert!(!p.code.is_empty() && !p.message.is_empty());
        }
    }

    /// A valid value's normal form is valid and normalises to itself.
    fn assert_idempotent(kind: FieldKind, value: &str, country: Option<&str>) {
        let r = validate_field(kind, value, country);
        check_shape(&r);
        if let Some(n) = r.normalized {
            let again = validate_field(kind, &n, country);
            assert!(
                again.valid,
                "{kind:?} {value:?} -> {n:?}: {:?}",
                again.problems
            );
            assert_eq!(
                again.normalized.as_deref(),
                Some(n.as_str()),
                "{kind:?} {value:?}"
            );
        }
    }

    /// Independent Luhn (a plain sum, not the crate's code): the digit that completes `body`.
    fn luhn_digit(body: &[u8]) -> u8 {
        let mut sum = 0u32;
        for (i, &d) in body.iter().rev().enumerate() {
            let mut x = u32::from(d);
            if i % 2 == 0 {
                x *= 2;
                if x > 9 {
                    x -= 9;
                }
            }
            sum += x;
        }
        ((10 - sum % 10) % 10) as u8
    }

    /// Independent ISO 7064 MOD 97-10 check digits for a German IBAN with this 18-digit BBAN.
    fn german_iban(bban: &str) -> String {
        // "DE00" moved behind the BBAN: D = 13, E = 14.
        let rem = format!("{bban}131400")
            .bytes()
            .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
        format!("DE{:02}{bban}", 98 - rem)
    }

    fn change_digit(s: &str, pos: usize, delta: u8) -> Option<String> {
        let b = s.as_bytes();
        let digit_positions: Vec<usize> = (0..b.len()).filter(|&i| b[i].is_ascii_digit()).collect();
        let i = *digit_positions.get(pos % digit_positions.len().max(1))?;
        let mut out = b.to_vec();
        out[i] = b'0' + (out[i] - b'0' + delta) % 10;
        String::from_utf8(out).ok()
    }

    /// Valid numbers (python-stdnum doctests) of the countries whose algorithm provably catches every
    /// single-digit substitution: weights coprime to a prime modulus with no two results sharing a check
    /// digit (mod 11 with 10 rejected, mod 23, 37, 89, 97), Luhn, or ISO 7064 MOD 11,10. (BG, CZ, EL, LT,
    /// PT and RO fold 10 into 0, NL and GB accept two residues, LV switches algorithm on the first digit.)
    const VAT_SEEDS: &[&str] = &[
        "ATU13585627",
        "BE0403019261",
        "BE0428759497",
        "CY10259033P",
        "DE136695976",
        "DK13585628",
        "EE100931558",
        "ES54362315K",
        "ESX5253868R",
        "FI20774740",
        "FR40303265045",
        "HR33392005961",
        "HU12892312",
        "IE6433435F",
        "IT00743110157",
        "LU15027442",
        "MT11679112",
        "PL8567346215",
        "SE123456789701",
        "SI50223054",
        "SK2022749619",
        "CHE107787577MWST",
        "NO995525828MVA",
    ];

    /// Formatting noise a person may type: lower case, spaces and dashes between characters.
    fn noisy(value: &str, noise: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in value.chars().enumerate() {
            match noise.get(i).copied().unwrap_or(0) % 6 {
                0 => out.push(' '),
                1 => out.push('-'),
                _ => {}
            }
            out.push(if noise.get(i).copied().unwrap_or(0) % 2 == 0 {
                c.to_ascii_lowercase()
            } else {
                c
            });
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn fields_never_panic_on_any_input(
            value in any::<String>(),
            country in proptest::option::of(any::<String>()),
            kind in 0usize..9,
        ) {
            let r = validate_field(KINDS[kind], &value, country.as_deref());
            check_shape(&r);
        }

        #[test]
        fn fields_never_panic_on_near_valid_input(
            value in "[+0-9A-Za-z .()/@\\-ÄÖÜäöüß€éあ]{0,40}",
            country in proptest::option::of("[A-Za-z]{2}|XK|GB|DE|US|NL|é"),
            kind in 0usize..9,
        ) {
            assert_idempotent(KINDS[kind], &value, country.as_deref());
        }

        #[test]
        fn phone_normalisation_is_idempotent(
            digits in "[0-9]{4,16}",
            plus in any::<bool>(),
            country in "DE|US|GB|FR|IT|RU|HU|NL|JP|BR",
        ) {
            let value = if plus { format!("+{digits}") } else { digits };
            assert_idempotent(FieldKind::Phone, &value, Some(&country));
        }

        #[test]
        fn postal_normalisation_is_idempotent(
            code in "[0-9A-Za-z]{3,8}",
            country in "GB|NL|CA|PL|SE|US|JP|BR|DE|IE|MT|AR|LV|CZ|PT|HK",
        ) {
            assert_idempotent(FieldKind::PostalCode, &code, Some(&country));
        }

        #[test]
        fn email_normalisation_is_idempotent(
            local in "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,20}",
            labels in proptest::collection::vec("[A-Za-z0-9ÄÖÜäöüßあ-]{1,12}", 2..4),
        ) {
            assert_idempotent(FieldKind::Email, &format!("{local}@{}", labels.join(".")), None);
        }

        #[test]
        fn vat_normalisation_is_idempotent(seed in 0usize..VAT_SEEDS.len(), noise in any::<Vec<u8>>()) {
            let value = noisy(VAT_SEEDS[seed], &noise);
            let r = validate_field(FieldKind::VatId, &value, None);
            prop_assert!(r.valid, "{value:?}: {:?}", r.problems);
            assert_idempotent(FieldKind::VatId, &value, None);
        }

        #[test]
        fn iban_any_single_digit_change_fails(
            bban in "[0-9]{18}",
            pos in 0usize..20,
            delta in 1u8..10,
        ) {
            let iban = german_iban(&bban);
            let r = validate_field(FieldKind::Iban, &iban, None);
            prop_assert!(r.valid, "{iban}: {:?}", r.problems);
            assert_idempotent(FieldKind::Iban, &noisy(&iban, bban.as_bytes()), None);
            let changed = change_digit(&iban, pos, delta).unwrap();
            prop_assert!(!validate_field(FieldKind::Iban, &changed, None).valid, "{changed}");
        }

        #[test]
        fn luhn_any_single_digit_change_fails(
            body in proptest::collection::vec(0u8..10, 15),
            pos in 0usize..16,
            delta in 1u8..10,
        ) {
            let mut digits = vec![4u8];
            digits.extend(&body[..14]);
            digits.push(luhn_digit(&digits));
            let number: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let r = validate_field(FieldKind::CardNumber, &number, None);
            prop_assert!(r.valid, "{number}: {:?}", r.problems);
            assert_idempotent(FieldKind::CardNumber, &number, None);
            let changed = change_digit(&number, pos, delta).unwrap();
            prop_assert!(!validate_field(FieldKind::CardNumber, &changed, None).valid, "{changed}");
        }

        #[test]
        fn vat_any_single_digit_change_fails(
            seed in 0usize..VAT_SEEDS.len(),
            pos in 0usize..16,
            delta in 1u8..10,
        ) {
            let changed = change_digit(VAT_SEEDS[seed], pos, delta).unwrap();
            prop_assert!(!validate_field(FieldKind::VatId, &changed, None).valid, "{changed}");
        }
    }
}
