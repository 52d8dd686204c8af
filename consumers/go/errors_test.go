package kassa

// The text of an error (docs/errors.md, "The text of an error"): Error() is the engine's one line, the same in
// every host (conformance/cases/error-text.json has the same inputs), with no wasm internals.

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestErrorTextIsTheEnginesLine(t *testing.T) {
	eng := exampleEngine(t)
	cart := Cart{Currency: "EUR", At: "2026-05-01T12:00:00Z", Lines: []CartLine{
		{SKU: "TEE", Quantity: "12"}, // TEE allows at most 10 (examples/rulebook.json)
		{SKU: "MUG", Quantity: "1"},  // MUG is inactive: the one more problem
	}}
	_, err := eng.Quote(context.Background(), cart)
	kerr := wantKassaError(t, err, "cart-invalid", "")
	// Written by hand from the format: code, the first problem's path and message, the others counted.
	want := "cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)"
	if err.Error() != want || kerr.Text != want {
		t.Errorf("Error() = %q, Text = %q, want %q", err.Error(), kerr.Text, want)
	}
	if v := fmt.Sprintf("%+v", err); v != want {
		t.Errorf("%%+v of an engine error = %q, want the text alone", v)
	}
}

func TestErrorTextWithoutProblems(t *testing.T) {
	_, err := testRT.Round(context.Background(), "1e3", 0, RoundHalfEven)
	wantKassaError(t, err, "invalid-decimal", "/value")
	want := `invalid-decimal: /value: invalid decimal "1e3" at position 1: exponent not allowed`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if strings.Contains(err.Error(), "kassa:") {
		t.Errorf("no package prefix in the engine's text: %q", err.Error())
	}
}

func TestHandMadeErrorText(t *testing.T) {
	e := &Error{Code: "x-y", Message: "m"}
	if e.Error() != "x-y: m" {
		t.Errorf("Error() = %q, want %q", e.Error(), "x-y: m")
	}
}
