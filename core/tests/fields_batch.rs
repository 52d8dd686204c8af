//! validate_fields: a batch is validate_field per request, in order (a property over random batches), and
//! more than the documented 10000 requests (docs/limits.md, `field-requests`) are refused before any work.

use kassa_core::api::{FieldKind, FieldRequest};
use kassa_core::fields::{validate_field, validate_fields};
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

fn request(kind: FieldKind, value: &str, country: Option<&str>) -> FieldRequest {
    FieldRequest {
        kind,
        value: value.to_string(),
        country: country.map(str::to_string),
    }
}

#[test]
fn published_examples_in_order() {
    // The IBAN registry's German example is valid; the same with its last digit changed fails mod 97; a
    // German postal code needs its country.
    let results = validate_fields(&[
        request(FieldKind::Iban, "DE89370400440532013000", None),
        request(FieldKind::Iban, "DE89370400440532013001", None),
        request(FieldKind::PostalCode, "10115", Some("DE")),
        request(FieldKind::PostalCode, "10115", None),
    ])
    .unwrap();
    let valid: Vec<bool> = results.iter().map(|r| r.valid).collect();
    assert_eq!(valid, [true, false, true, false]);
    assert_eq!(results[3].problems[0].code, "country-required");
    assert!(validate_fields(&[]).unwrap().is_empty());
}

#[test]
fn more_than_ten_thousand_requests_are_refused() {
    let mut batch = vec![request(FieldKind::CountryCode, "DE", None); 10_000];
    assert_eq!(validate_fields(&batch).unwrap().len(), 10_000);
    batch.push(request(FieldKind::CountryCode, "DE", None));
    let e = validate_fields(&batch).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("limit-exceeded", "/requests")
    );
    let params: Vec<(&str, &str)> = e
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("limit", "field-requests"),
            ("max", "10000"),
            ("actual", "10001")
        ]
    );
}

proptest! {
    #[test]
    fn a_batch_is_each_request_validated_alone(
        reqs in prop::collection::vec((0usize..9, "\\PC{0,24}", prop::option::of("[A-Z]{2}")), 0..20)
    ) {
        let batch: Vec<FieldRequest> =
            reqs.iter().map(|(k, v, c)| request(KINDS[*k], v, c.as_deref())).collect();
        let results = validate_fields(&batch).unwrap();
        prop_assert_eq!(results.len(), batch.len());
        for (r, q) in results.iter().zip(&batch) {
            prop_assert_eq!(r, &validate_field(q.kind, &q.value, q.country.as_deref()));
        }
    }
}
