package kassa

// The money interface of the WIT: decimal parsing, rounding, minor units, allocation, ISO 4217. Decimals
// are canonical decimal strings ("12.30", "-0.5"); a bad one fails with an *Error of code invalid-decimal
// whose Path names the argument ("/value", "/amount", "/ratios/2").
//
// Each function exists twice: as a method of *Runtime and as a package-level function on the default
// Runtime.

import (
	"context"
)

// stateless runs f on an instance without a rulebook: the money, field and meta functions.
func stateless[T any](ctx context.Context, r *Runtime, f func(in *instance) (T, error)) (T, error) {
	var out T
	err := r.do(ctx, func(in *instance) (err error) {
		out, err = f(in)
		return err
	})
	return out, err
}

// CanonicalDecimal parses value strictly and returns its canonical form: "-0.00" → "0.00"; "1.50" keeps
// its scale; "+1", "01", "1e3", ".5" and "5." are invalid-decimal errors.
func (r *Runtime) CanonicalDecimal(ctx context.Context, value string) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callCanonicalDecimal(ctx, value) })
}

// Round rounds value to scale decimal places.
func (r *Runtime) Round(ctx context.Context, value string, scale uint32, mode RoundingMode) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callRound(ctx, value, scale, mode) })
}

// RoundToIncrement rounds value to a multiple of increment ("0.05").
func (r *Runtime) RoundToIncrement(ctx context.Context, value, increment string, mode RoundingMode) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) {
		return in.callRoundToIncrement(ctx, value, increment, mode)
	})
}

// RoundMoney rounds amount to the currency's minor units and formats it with exactly that many decimals.
func (r *Runtime) RoundMoney(ctx context.Context, amount, currency string, mode RoundingMode) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callRoundMoney(ctx, amount, currency, mode) })
}

// CashRound rounds amount to the currency's cash increment (CHF 0.05), or its minor units where it has none.
func (r *Runtime) CashRound(ctx context.Context, amount, currency string, mode RoundingMode) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callCashRound(ctx, amount, currency, mode) })
}

// ToMinorUnits converts "12.34" EUR to "1234"; more decimals than the currency has is a precision-loss error.
func (r *Runtime) ToMinorUnits(ctx context.Context, amount, currency string) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callToMinorUnits(ctx, amount, currency) })
}

// FromMinorUnits converts "1234" EUR to "12.34".
func (r *Runtime) FromMinorUnits(ctx context.Context, minor, currency string) (string, error) {
	return stateless(ctx, r, func(in *instance) (string, error) { return in.callFromMinorUnits(ctx, minor, currency) })
}

// Allocate splits amount by ratios in minor units so that the parts sum exactly to amount (largest
// remainder): "2.00" EUR by ["1", "1", "1"] is ["0.67", "0.67", "0.66"].
func (r *Runtime) Allocate(ctx context.Context, amount, currency string, ratios []string) ([]string, error) {
	return stateless(ctx, r, func(in *instance) ([]string, error) { return in.callAllocate(ctx, amount, currency, ratios) })
}

// AllocateEvenly splits amount into parts equal parts in minor units; earlier parts take the extra units.
func (r *Runtime) AllocateEvenly(ctx context.Context, amount, currency string, parts uint32) ([]string, error) {
	return stateless(ctx, r, func(in *instance) ([]string, error) {
		return in.callAllocateEvenly(ctx, amount, currency, parts)
	})
}

// CurrencyInfo is the ISO 4217 entry for code.
func (r *Runtime) CurrencyInfo(ctx context.Context, code string) (Currency, error) {
	return stateless(ctx, r, func(in *instance) (Currency, error) { return in.callCurrencyInfo(ctx, code) })
}

// ---- on the default Runtime ---------------------------------------------------------------------------

func withDefault[T any](ctx context.Context, fn func(r *Runtime) (T, error)) (T, error) {
	r, err := DefaultRuntime(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(r)
}

// CanonicalDecimal is Runtime.CanonicalDecimal on the default Runtime.
func CanonicalDecimal(ctx context.Context, value string) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.CanonicalDecimal(ctx, value) })
}

// Round is Runtime.Round on the default Runtime.
func Round(ctx context.Context, value string, scale uint32, mode RoundingMode) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.Round(ctx, value, scale, mode) })
}

// RoundToIncrement is Runtime.RoundToIncrement on the default Runtime.
func RoundToIncrement(ctx context.Context, value, increment string, mode RoundingMode) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.RoundToIncrement(ctx, value, increment, mode) })
}

// RoundMoney is Runtime.RoundMoney on the default Runtime.
func RoundMoney(ctx context.Context, amount, currency string, mode RoundingMode) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.RoundMoney(ctx, amount, currency, mode) })
}

// CashRound is Runtime.CashRound on the default Runtime.
func CashRound(ctx context.Context, amount, currency string, mode RoundingMode) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.CashRound(ctx, amount, currency, mode) })
}

// ToMinorUnits is Runtime.ToMinorUnits on the default Runtime.
func ToMinorUnits(ctx context.Context, amount, currency string) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.ToMinorUnits(ctx, amount, currency) })
}

// FromMinorUnits is Runtime.FromMinorUnits on the default Runtime.
func FromMinorUnits(ctx context.Context, minor, currency string) (string, error) {
	return withDefault(ctx, func(r *Runtime) (string, error) { return r.FromMinorUnits(ctx, minor, currency) })
}

// Allocate is Runtime.Allocate on the default Runtime.
func Allocate(ctx context.Context, amount, currency string, ratios []string) ([]string, error) {
	return withDefault(ctx, func(r *Runtime) ([]string, error) { return r.Allocate(ctx, amount, currency, ratios) })
}

// AllocateEvenly is Runtime.AllocateEvenly on the default Runtime.
func AllocateEvenly(ctx context.Context, amount, currency string, parts uint32) ([]string, error) {
	return withDefault(ctx, func(r *Runtime) ([]string, error) { return r.AllocateEvenly(ctx, amount, currency, parts) })
}

// CurrencyInfo is Runtime.CurrencyInfo on the default Runtime.
func CurrencyInfo(ctx context.Context, code string) (Currency, error) {
	return withDefault(ctx, func(r *Runtime) (Currency, error) { return r.CurrencyInfo(ctx, code) })
}
