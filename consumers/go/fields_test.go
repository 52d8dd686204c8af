package kassa

// Field validators. Expected verdicts come from the public algorithms, checked by hand: IBAN mod 97
// (DE89 3704 0044 0532 0130 00 is the registry's example), Luhn (4111 1111 1111 1111 is Visa's test
// number), the German VAT check digit (ISO 7064 MOD 11,10: DE136695976 → 6), ISO 3166 / ISO 4217 codes.

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestValidateField(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		kind           FieldKind
		value, country string
		valid          bool
		normalized     string // checked when valid and not ""
	}{
		{FieldEmail, "user@example.com", "", true, "user@example.com"},
		{FieldEmail, "not an e-mail", "", false, ""},
		{FieldIBAN, "DE89 3704 0044 0532 0130 00", "", true, "DE89370400440532013000"},
		{FieldIBAN, "GB82WEST12345698765432", "", true, "GB82WEST12345698765432"},
		{FieldIBAN, "DE89370400440532013001", "", false, ""}, // mod 97 ≠ 1
		{FieldCardNumber, "4111 1111 1111 1111", "", true, "4111111111111111"},
		{FieldCardNumber, "4111111111111112", "", false, ""}, // Luhn fails
		{FieldBIC, "DEUTDEFF", "", true, "DEUTDEFF"},
		{FieldBIC, "DEUT", "", false, ""},
		{FieldVATID, "DE136695976", "", true, "DE136695976"},
		{FieldVATID, "DE136695975", "", false, ""}, // wrong check digit
		{FieldCountryCode, "DE", "", true, "DE"},
		{FieldCountryCode, "ZZ", "", false, ""},
		{FieldCurrencyCode, "EUR", "", true, "EUR"},
		{FieldCurrencyCode, "ABC", "", false, ""},
		{FieldPostalCode, "10115", "DE", true, "10115"},
		{FieldPostalCode, "1011", "DE", false, ""}, // German postal codes have 5 digits
		{FieldPhone, "+49 30 1234567", "", true, "+49301234567"},
	} {
		t.Run(string(tc.kind)+"/"+tc.value, func(t *testing.T) {
			got, err := testRT.ValidateField(ctx, tc.kind, tc.value, tc.country)
			if err != nil {
				t.Fatal(err)
			}
			skipIfUnimplemented(t, nil, got.Problems...)
			if got.Valid != tc.valid {
				t.Fatalf("valid = %v, want %v (%+v)", got.Valid, tc.valid, got)
			}
			if tc.valid && tc.normalized != "" && (got.Normalized == nil || *got.Normalized != tc.normalized) {
				t.Errorf("normalized = %v, want %q", got.Normalized, tc.normalized)
			}
			if !tc.valid && len(got.Problems) == 0 {
				t.Errorf("invalid without a problem: %+v", got)
			}
			if got.Problems == nil || got.Details == nil {
				t.Errorf("lists must be non-nil (they encode as []): %+v", got)
			}
		})
	}
}

func TestTypedFieldHelpers(t *testing.T) {
	ctx := context.Background()
	// Each helper must select its own kind: a value valid for exactly that kind tells them apart.
	for name, call := range map[string]func() (FieldResult, error){
		"email":    func() (FieldResult, error) { return ValidateEmail(ctx, "user@example.com") },
		"iban":     func() (FieldResult, error) { return ValidateIBAN(ctx, "DE89370400440532013000") },
		"card":     func() (FieldResult, error) { return ValidateCardNumber(ctx, "4111111111111111") },
		"bic":      func() (FieldResult, error) { return ValidateBIC(ctx, "DEUTDEFF") },
		"vat":      func() (FieldResult, error) { return ValidateVATID(ctx, "DE136695976") },
		"country":  func() (FieldResult, error) { return ValidateCountryCode(ctx, "DE") },
		"currency": func() (FieldResult, error) { return ValidateCurrencyCode(ctx, "EUR") },
		"postal":   func() (FieldResult, error) { return ValidatePostalCode(ctx, "10115", "DE") },
		"phone":    func() (FieldResult, error) { return ValidatePhone(ctx, "+49 30 1234567", "") },
	} {
		t.Run(name, func(t *testing.T) {
			got, err := call()
			if err != nil {
				t.Fatal(err)
			}
			skipIfUnimplemented(t, nil, got.Problems...)
			if !got.Valid {
				t.Errorf("%+v", got)
			}
		})
	}
	// And the same value is not valid for another kind.
	got, err := ValidateEmail(ctx, "DE89370400440532013000")
	if err != nil {
		t.Fatal(err)
	}
	skipIfUnimplemented(t, nil, got.Problems...)
	if got.Valid {
		t.Errorf("an IBAN is a valid e-mail: %+v", got)
	}
}

func TestValidateFields(t *testing.T) {
	ctx := context.Background()
	// The same verdicts as TestValidateField, in one call and in order: the registry's IBAN example, an
	// invalid e-mail, a German postal code (needs its country) and Visa's Luhn test number.
	got, err := testRT.ValidateFields(ctx, []FieldRequest{
		{Kind: FieldIBAN, Value: "DE89 3704 0044 0532 0130 00"},
		{Kind: FieldEmail, Value: "not an e-mail"},
		{Kind: FieldPostalCode, Value: "10115", Country: Ptr("DE")},
		{Kind: FieldCardNumber, Value: "4111 1111 1111 1111"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		valid      bool
		normalized string
	}{{true, "DE89370400440532013000"}, {false, ""}, {true, "10115"}, {true, "4111111111111111"}}
	if len(got) != len(want) {
		t.Fatalf("%d results for 4 requests", len(got))
	}
	for i, w := range want {
		if got[i].Valid != w.valid || (w.valid && (got[i].Normalized == nil || *got[i].Normalized != w.normalized)) {
			t.Errorf("request %d: %+v, want valid=%v %q", i, got[i], w.valid, w.normalized)
		}
	}
	if got[1].Problems[0].Code != "invalid-email" {
		t.Errorf("e-mail problems %+v", got[1].Problems)
	}
	if empty, err := testRT.ValidateFields(ctx, nil); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("no requests: %#v, %v", empty, err)
	}
}

func TestValidateFieldsLimit(t *testing.T) {
	ctx := context.Background()
	// docs/limits.md: field-requests is 10000; one more is refused before any is validated.
	requests := make([]FieldRequest, 10001)
	for i := range requests {
		requests[i] = FieldRequest{Kind: FieldCountryCode, Value: "DE"}
	}
	_, err := testRT.ValidateFields(ctx, requests)
	kerr := wantKassaError(t, err, "limit-exceeded", "/requests")
	if v, _ := kerr.Param("limit"); v != "field-requests" || !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("limit %q, %v", v, err)
	}
	got, err := testRT.ValidateFields(ctx, requests[:10000])
	if err != nil || len(got) != 10000 || !got[9999].Valid {
		t.Fatalf("10000 requests: %d results, %v", len(got), err)
	}
	_, err = testRT.ValidateFields(ctx, []FieldRequest{{Kind: FieldEmail, Value: "a@b.de"}, {Kind: "shoe-size"}})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "requests[1]") {
		t.Errorf("unknown kind: %v", err)
	}
}
