package kassa

// Table tests of the money functions. Every expected value is computed by hand from the definitions in
// wit/kassa.wit (the rounding table) and ISO 4217 (EUR 2 minor units, JPY 0, BHD 3; CHF cash 0.05).

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestCanonicalDecimal(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ in, want string }{
		{"0", "0"},
		{"-0.00", "0.00"}, // zero never carries a sign
		{"1.50", "1.50"},  // the scale is kept
		{"-12.340", "-12.340"},
		{"1234567890.0987654321", "1234567890.0987654321"},
	} {
		got, err := testRT.CanonicalDecimal(ctx, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("CanonicalDecimal(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestCanonicalDecimalRejects(t *testing.T) {
	ctx := context.Background()
	// position: 0-based index of the first offending character (docs/money.md: for a leading zero, the
	// digit after the zero).
	for _, tc := range []struct{ in, position string }{
		{"+1", "0"},
		{"01", "1"},
		{"1e3", "1"},
		{".5", "0"},
		{"5.", "2"},
		{"", "0"},
		{"1,5", "1"},
		{" 1", "0"},
	} {
		_, err := testRT.CanonicalDecimal(ctx, tc.in)
		kerr := wantKassaError(t, err, "invalid-decimal", "/value")
		if pos, ok := kerr.Param("position"); !ok || pos != tc.position {
			t.Errorf("CanonicalDecimal(%q): position %q, want %q (params %v)", tc.in, pos, tc.position, kerr.Params)
		}
		if in, _ := kerr.Param("input"); in != tc.in {
			t.Errorf("CanonicalDecimal(%q): param input %q", tc.in, in)
		}
	}
}

func TestRound(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		value string
		scale uint32
		mode  RoundingMode
		want  string
	}{
		// The table of wit/kassa.wit, row by row, at scale 0: 2.5, -2.5, 2.4, -2.6.
		{"2.5", 0, RoundHalfEven, "2"}, {"-2.5", 0, RoundHalfEven, "-2"}, {"2.4", 0, RoundHalfEven, "2"}, {"-2.6", 0, RoundHalfEven, "-3"},
		{"2.5", 0, RoundHalfAwayFromZero, "3"}, {"-2.5", 0, RoundHalfAwayFromZero, "-3"},
		{"2.5", 0, RoundHalfTowardZero, "2"}, {"-2.5", 0, RoundHalfTowardZero, "-2"},
		{"2.5", 0, RoundHalfUp, "3"}, {"-2.5", 0, RoundHalfUp, "-2"},
		{"2.5", 0, RoundHalfDown, "2"}, {"-2.5", 0, RoundHalfDown, "-3"},
		{"2.4", 0, RoundUp, "3"}, {"-2.5", 0, RoundUp, "-3"},
		{"2.5", 0, RoundDown, "2"}, {"-2.6", 0, RoundDown, "-2"},
		{"2.4", 0, RoundCeiling, "3"}, {"-2.5", 0, RoundCeiling, "-2"},
		{"2.5", 0, RoundFloor, "2"}, {"-2.5", 0, RoundFloor, "-3"},
		// Exact decimal ties at 2 places: 1.005 is a real tie (no binary float in between).
		{"1.005", 2, RoundHalfEven, "1.00"}, {"1.015", 2, RoundHalfEven, "1.02"}, {"-1.005", 2, RoundHalfUp, "-1.00"},
		// The result has exactly `scale` decimals.
		{"1.5", 2, RoundHalfEven, "1.50"}, {"7", 1, RoundFloor, "7.0"},
	} {
		got, err := testRT.Round(ctx, tc.value, tc.scale, tc.mode)
		if err != nil || got != tc.want {
			t.Errorf("Round(%q, %d, %s) = %q, %v; want %q", tc.value, tc.scale, tc.mode, got, err, tc.want)
		}
	}
}

func TestRoundErrors(t *testing.T) {
	ctx := context.Background()
	_, err := testRT.Round(ctx, "1.2.3", 0, RoundHalfEven)
	wantKassaError(t, err, "invalid-decimal", "/value")
	_, err = testRT.Round(ctx, "1", 29, RoundHalfEven) // scale is 0..=28
	wantKassaError(t, err, "invalid-argument", "/scale")
}

func TestRoundToIncrement(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		value, increment string
		mode             RoundingMode
		want             string
	}{
		{"1.03", "0.05", RoundHalfEven, "1.05"},  // 1.03/0.05 = 20.6 → 21 → 1.05
		{"1.02", "0.05", RoundHalfEven, "1.00"},  // 20.4 → 20
		{"1.025", "0.05", RoundHalfEven, "1.00"}, // 20.5, tie → even 20
		{"1.025", "0.05", RoundHalfUp, "1.05"},   // 20.5, tie → +∞ 21
		{"17", "5", RoundHalfEven, "15"},         // 3.4 → 3
		{"-17.5", "5", RoundHalfAwayFromZero, "-20"},
	} {
		got, err := testRT.RoundToIncrement(ctx, tc.value, tc.increment, tc.mode)
		if err != nil || got != tc.want {
			t.Errorf("RoundToIncrement(%q, %q, %s) = %q, %v; want %q", tc.value, tc.increment, tc.mode, got, err, tc.want)
		}
	}
	_, err := testRT.RoundToIncrement(ctx, "1", "0", RoundHalfEven)
	wantKassaError(t, err, "invalid-argument", "/increment")
	_, err = testRT.RoundToIncrement(ctx, "1", "x", RoundHalfEven)
	wantKassaError(t, err, "invalid-decimal", "/increment")
}

func TestRoundMoney(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		amount, currency string
		mode             RoundingMode
		want             string
	}{
		{"12.345", "EUR", RoundHalfEven, "12.34"}, // tie → even 4
		{"12.345", "EUR", RoundHalfAwayFromZero, "12.35"},
		{"5.2", "EUR", RoundHalfEven, "5.20"},    // padded to the minor units
		{"1234.5", "JPY", RoundHalfEven, "1234"}, // JPY has no minor units; tie → even
		{"1.2345", "BHD", RoundHalfUp, "1.235"},  // BHD has 3
		{"-0.001", "EUR", RoundHalfEven, "0.00"}, // no negative zero
	} {
		got, err := RoundMoney(ctx, tc.amount, tc.currency, tc.mode) // the package-level form, on the default Runtime
		if err != nil || got != tc.want {
			t.Errorf("RoundMoney(%q, %s, %s) = %q, %v; want %q", tc.amount, tc.currency, tc.mode, got, err, tc.want)
		}
	}
	_, err := RoundMoney(ctx, "1", "ABC", RoundHalfEven)
	wantKassaError(t, err, "unknown-currency", "/currency")
	_, err = RoundMoney(ctx, "1", "eur", RoundHalfEven)
	kerr := wantKassaError(t, err, "unknown-currency", "/currency")
	if s, _ := kerr.Param("suggestion"); s != "EUR" {
		t.Errorf("lower-case currency: suggestion %q, want EUR", s)
	}
}

func TestCashRound(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		amount, currency string
		mode             RoundingMode
		want             string
	}{
		{"1.03", "CHF", RoundHalfEven, "1.05"},  // 0.05 steps: 20.6 → 21
		{"1.02", "CHF", RoundHalfEven, "1.00"},  // 20.4 → 20
		{"1.025", "CHF", RoundHalfEven, "1.00"}, // 20.5 tie → 20
		{"104.50", "SEK", RoundHalfEven, "104.00"},
		{"1.005", "EUR", RoundHalfEven, "1.00"}, // no cash increment: minor units
	} {
		got, err := testRT.CashRound(ctx, tc.amount, tc.currency, tc.mode)
		if err != nil || got != tc.want {
			t.Errorf("CashRound(%q, %s, %s) = %q, %v; want %q", tc.amount, tc.currency, tc.mode, got, err, tc.want)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ amount, currency, minor string }{
		{"12.34", "EUR", "1234"},
		{"1.5", "EUR", "150"},
		{"-0.01", "EUR", "-1"},
		{"12", "JPY", "12"},
		{"1.234", "BHD", "1234"},
	} {
		got, err := testRT.ToMinorUnits(ctx, tc.amount, tc.currency)
		if err != nil || got != tc.minor {
			t.Errorf("ToMinorUnits(%q, %s) = %q, %v; want %q", tc.amount, tc.currency, got, err, tc.minor)
		}
	}
	for _, tc := range []struct{ minor, currency, amount string }{
		{"1234", "EUR", "12.34"},
		{"5", "EUR", "0.05"},
		{"-150", "EUR", "-1.50"},
		{"1234", "JPY", "1234"},
		{"1", "BHD", "0.001"},
	} {
		got, err := testRT.FromMinorUnits(ctx, tc.minor, tc.currency)
		if err != nil || got != tc.amount {
			t.Errorf("FromMinorUnits(%q, %s) = %q, %v; want %q", tc.minor, tc.currency, got, err, tc.amount)
		}
	}
	_, err := testRT.ToMinorUnits(ctx, "12.345", "EUR")
	wantKassaError(t, err, "precision-loss", "/amount")
	_, err = testRT.FromMinorUnits(ctx, "12.0", "EUR") // minor units must be an integer (docs/money.md)
	wantKassaError(t, err, "invalid-argument", "/minor")
	_, err = testRT.FromMinorUnits(ctx, "1x", "EUR")
	wantKassaError(t, err, "invalid-decimal", "/minor")
}

func TestAllocate(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		amount, currency string
		ratios, want     []string
	}{
		{"2.00", "EUR", []string{"1", "1", "1"}, []string{"0.67", "0.67", "0.66"}}, // 200 = 66+66+66 +2 to the first two
		{"10", "EUR", []string{"1", "3"}, []string{"2.50", "7.50"}},
		{"100", "JPY", []string{"1", "2"}, []string{"33", "67"}}, // 33.33 / 66.67: the leftover yen goes to .67
		{"-1.00", "EUR", []string{"1", "2"}, []string{"-0.33", "-0.67"}},
		{"5.00", "EUR", []string{"0", "1"}, []string{"0.00", "5.00"}},
	} {
		got, err := testRT.Allocate(ctx, tc.amount, tc.currency, tc.ratios)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Allocate(%q, %s, %v) = %v, %v; want %v", tc.amount, tc.currency, tc.ratios, got, err, tc.want)
		}
	}
	_, err := testRT.Allocate(ctx, "1.00", "EUR", []string{"1", "1", "x"})
	wantKassaError(t, err, "invalid-decimal", "/ratios/2")
	_, err = testRT.Allocate(ctx, "1.00", "EUR", nil)
	wantKassaError(t, err, "invalid-argument", "/ratios")
	_, err = testRT.Allocate(ctx, "1.005", "EUR", []string{"1"})
	wantKassaError(t, err, "precision-loss", "/amount")
}

func TestAllocateEvenly(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		amount, currency string
		parts            uint32
		want             []string
	}{
		{"10.00", "EUR", 3, []string{"3.34", "3.33", "3.33"}},
		{"0.04", "EUR", 3, []string{"0.02", "0.01", "0.01"}},
		{"1", "JPY", 3, []string{"1", "0", "0"}},
		{"7", "JPY", 1, []string{"7"}},
	} {
		got, err := testRT.AllocateEvenly(ctx, tc.amount, tc.currency, tc.parts)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("AllocateEvenly(%q, %s, %d) = %v, %v; want %v", tc.amount, tc.currency, tc.parts, got, err, tc.want)
		}
	}
	_, err := testRT.AllocateEvenly(ctx, "1.00", "EUR", 0)
	wantKassaError(t, err, "invalid-argument", "/parts")
	_, err = testRT.AllocateEvenly(ctx, "1.00", "EUR", 10_001)
	wantKassaError(t, err, "too-many-parts", "/parts")
}

func TestCurrencyInfo(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		code, numeric string
		minor         uint32
		name          string
		cash          *string
	}{
		// ISO 4217 List One: code, numeric code, minor units, name as published.
		{"EUR", "978", 2, "Euro", nil},
		{"JPY", "392", 0, "Yen", nil},
		{"BHD", "048", 3, "Bahraini Dinar", nil},
		{"CHF", "756", 2, "Swiss Franc", Ptr("0.05")},
		{"GBP", "826", 2, "Pound Sterling", nil},
	} {
		got, err := CurrencyInfo(ctx, tc.code)
		if err != nil {
			t.Errorf("CurrencyInfo(%s): %v", tc.code, err)
			continue
		}
		if got.Code != tc.code || got.Numeric != tc.numeric || got.MinorUnits != tc.minor || got.Name != tc.name ||
			(got.CashIncrement == nil) != (tc.cash == nil) || (tc.cash != nil && *got.CashIncrement != *tc.cash) {
			t.Errorf("CurrencyInfo(%s) = %+v", tc.code, got)
		}
	}
	_, err := CurrencyInfo(ctx, "XXX") // "no currency": excluded, it has no minor units
	wantKassaError(t, err, "unknown-currency", "/code")
}

func TestUnknownRoundingModeIsAnArgumentError(t *testing.T) {
	_, err := testRT.Round(context.Background(), "1", 0, "half-sideways")
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("want ErrInvalidArgument, got %v", err)
	}
}
