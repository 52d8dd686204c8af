package kassa

// The fields and meta interfaces of the WIT: stateless field validators (one field, or a batch) and the
// engine's versions.

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/trace"
)

// ValidateField validates and normalises one field. country (ISO 3166-1 alpha-2) is needed for postal codes
// and national phone numbers and ignored elsewhere; "" passes no country. The verdict is in the
// FieldResult; the error is only for calls that could not run (an unknown kind, ErrTrap, ...).
func (r *Runtime) ValidateField(ctx context.Context, kind FieldKind, value, country string) (FieldResult, error) {
	var c *string
	if country != "" {
		c = &country
	}
	return stateless(ctx, r, func(in *instance) (FieldResult, error) { return in.callValidateField(ctx, kind, value, c) })
}

// ValidateFields validates a batch of fields in one call: one FieldResult per request, in order, each what
// ValidateField gives (a request's Country is nil where none is needed). More than 10000 requests fail with an
// *Error of code limit-exceeded (errors.Is(err, ErrLimitExceeded)); a request whose Kind is not a FieldKind
// fails with ErrInvalidArgument before anything runs.
func (r *Runtime) ValidateFields(ctx context.Context, requests []FieldRequest) ([]FieldResult, error) {
	sp := r.startSpan(ctx, spanValidateFields)
	res, err := r.validateFields(ctx, sp, requests)
	endFields(sp, len(requests), err)
	return res, err
}

func (r *Runtime) validateFields(ctx context.Context, sp trace.Span, requests []FieldRequest) ([]FieldResult, error) {
	for i := range requests {
		if _, ok := fieldKindIndex(requests[i].Kind); !ok {
			return nil, fmt.Errorf("%w: requests[%d]: unknown field kind %q", ErrInvalidArgument, i, requests[i].Kind)
		}
	}
	return stateless(ctx, r, func(in *instance) ([]FieldResult, error) {
		res, err := in.callValidateFields(ctx, requests)
		ranOn(sp, in)
		return res, err
	})
}

// Versions is the engine and contract version and the versions of the reference data compiled in.
func (r *Runtime) Versions(ctx context.Context) (About, error) {
	return stateless(ctx, r, func(in *instance) (About, error) { return in.callVersions(ctx) })
}

// ValidateField is Runtime.ValidateField on the default Runtime.
func ValidateField(ctx context.Context, kind FieldKind, value, country string) (FieldResult, error) {
	return withDefault(ctx, func(r *Runtime) (FieldResult, error) { return r.ValidateField(ctx, kind, value, country) })
}

// ValidateFields is Runtime.ValidateFields on the default Runtime.
func ValidateFields(ctx context.Context, requests []FieldRequest) ([]FieldResult, error) {
	return withDefault(ctx, func(r *Runtime) ([]FieldResult, error) { return r.ValidateFields(ctx, requests) })
}

// Versions is Runtime.Versions on the default Runtime.
func Versions(ctx context.Context) (About, error) {
	return withDefault(ctx, func(r *Runtime) (About, error) { return r.Versions(ctx) })
}

// ValidateEmail validates an e-mail address.
func ValidateEmail(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldEmail, value, "")
}

// ValidatePhone validates a phone number; country is needed for national numbers ("" for international).
func ValidatePhone(ctx context.Context, value, country string) (FieldResult, error) {
	return ValidateField(ctx, FieldPhone, value, country)
}

// ValidatePostalCode validates a postal code of country.
func ValidatePostalCode(ctx context.Context, value, country string) (FieldResult, error) {
	return ValidateField(ctx, FieldPostalCode, value, country)
}

// ValidateIBAN validates an IBAN.
func ValidateIBAN(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldIBAN, value, "")
}

// ValidateBIC validates a BIC (SWIFT code).
func ValidateBIC(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldBIC, value, "")
}

// ValidateVATID validates a VAT identification number.
func ValidateVATID(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldVATID, value, "")
}

// ValidateCardNumber validates a payment card number (Luhn, brand ranges).
func ValidateCardNumber(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldCardNumber, value, "")
}

// ValidateCountryCode validates an ISO 3166-1 alpha-2 country code.
func ValidateCountryCode(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldCountryCode, value, "")
}

// ValidateCurrencyCode validates an ISO 4217 currency code.
func ValidateCurrencyCode(ctx context.Context, value string) (FieldResult, error) {
	return ValidateField(ctx, FieldCurrencyCode, value, "")
}
