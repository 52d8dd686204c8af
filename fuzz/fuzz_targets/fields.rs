//! Every field validator on arbitrary text: never panics; a valid value's normal form is valid and stable.
#![no_main]
use arbitrary::Arbitrary;
use kassa_core::api::FieldKind;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    kind: u8,
    value: String,
    country: Option<String>,
}

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

fuzz_target!(|i: Input| {
    let kind = KINDS[usize::from(i.kind) % KINDS.len()];
    let country = i.country.as_deref();
    let first = kassa_core::fields::validate_field(kind, &i.value, country);
    if let Some(normal) = first.normalized.as_deref() {
        let second = kassa_core::fields::validate_field(kind, normal, country);
        assert!(second.valid, "the normal form of a valid value is invalid");
        assert_eq!(
            second.normalized.as_deref(),
            Some(normal),
            "normalisation is not idempotent"
        );
    }
});
