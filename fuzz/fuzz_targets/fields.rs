//! Every field validator on arbitrary text: never panics; a valid value's normal form is valid and stable;
//! the batch entry point (`validate-fields`) answers each request as the single call does.
#![no_main]
use arbitrary::Arbitrary;
use kassa_core::api::{FieldKind, FieldRequest};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    kind: u8,
    value: String,
    country: Option<String>,
    /// Other requests sent in one batch with this one.
    others: Vec<(u8, String, Option<String>)>,
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
    let requests: Vec<FieldRequest> = std::iter::once((i.kind, i.value, i.country))
        .chain(i.others.into_iter().take(20))
        .map(|(kind, value, country)| FieldRequest {
            kind: KINDS[usize::from(kind) % KINDS.len()],
            value,
            country,
        })
        .collect();
    let batch = kassa_core::fields::validate_fields(&requests).expect("a batch within the limit answers");
    assert_eq!(batch.len(), requests.len());
    for (r, answer) in requests.iter().zip(&batch) {
        let single = kassa_core::fields::validate_field(r.kind, &r.value, r.country.as_deref());
        assert_eq!(answer, &single, "the batch answers {r:?} differently");
    }
});
