package kassa

// Shared test plumbing: one Runtime for the package's tests and small assertion helpers. Expected values
// in the tests are computed by hand (or by an independent oracle such as crypto/sha256), never taken from
// the engine's own output.

import (
	"context"
	"errors"
	"os"
	"testing"
)

var testRT *Runtime

func TestMain(m *testing.M) {
	var err error
	testRT, err = NewRuntime(context.Background())
	if err != nil {
		panic(err)
	}
	code := m.Run()
	_ = testRT.Close(context.Background())
	os.Exit(code)
}

// tinyRulebook is the smallest rulebook that loads: one currency, no items, no taxes.
const tinyRulebook = `{"kassa":"1","id":"tiny","version":"1","settings":{"currencies":["EUR"],` +
	`"rounding-mode":"half-even","tax-rounding":"per-total"},"tax":{"categories":[]}}`

// wantKassaError asserts that err is an *Error with the given code and path and returns it.
func wantKassaError(t *testing.T, err error, code, path string) *Error {
	t.Helper()
	var kerr *Error
	if !errors.As(err, &kerr) {
		t.Fatalf("want a *kassa.Error %s at %q, got %v", code, path, err)
	}
	if kerr.Code != code || kerr.Path != path {
		t.Fatalf("want %s at %q, got %s at %q (%s)", code, path, kerr.Code, kerr.Path, kerr.Message)
	}
	if errors.Is(err, ErrTrap) {
		t.Fatalf("a Kassa error must not look like a trap: %v", err)
	}
	return kerr
}

// skipIfUnimplemented skips a test of a function the core has not implemented yet (error code
// unimplemented), so the test starts asserting as soon as the logic lands.
func skipIfUnimplemented(t *testing.T, err error, problems ...Problem) {
	t.Helper()
	var kerr *Error
	if errors.As(err, &kerr) && kerr.Code == "unimplemented" {
		t.Skipf("not implemented in the core yet: %s", kerr.Message)
	}
	for _, p := range problems {
		if p.Code == "unimplemented" {
			t.Skipf("not implemented in the core yet: %s", p.Message)
		}
	}
}
