package kassa

// Drift guards: the glue follows one version of wit/kassa.wit, and the embedded wasm is the one the build
// produces. Both paths come from the Makefile (make test-go sets them).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"github.com/kassa-engine/kassa/consumers/go/internal/wasm"
)

func TestWITDigest(t *testing.T) {
	path := os.Getenv("KASSA_WIT")
	if path == "" {
		t.Skip("KASSA_WIT is not set: run `make test-go`, which points it at wit/kassa.wit")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(text)
	if got := hex.EncodeToString(sum[:]); got != witSHA256 {
		t.Fatalf("wit/kassa.wit changed (sha256 %s); the Go glue was written for %s (contract %s).\n"+
			"Review the WIT diff and follow it in consumers/go: types.go (records, enums), abi.go (lift/lower in WIT "+
			"field order), contract.go (export names and core signatures), calls.go; then set witSHA256 (and "+
			"ContractVersion if the package version changed) in contract.go and run `make embed-go test-go`.",
			got, witSHA256, ContractVersion)
	}
}

func TestEmbeddedWasmIsCurrent(t *testing.T) {
	path := os.Getenv("KASSA_DIST_WASM")
	if path == "" {
		t.Skip("KASSA_DIST_WASM is not set: run `make test-go`, which points it at dist/kassa.core.wasm")
	}
	built, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(built, wasm.Core) {
		b, e := sha256.Sum256(built), sha256.Sum256(wasm.Core)
		t.Fatalf("consumers/go/internal/wasm/kassa.core.wasm (sha256 %x) is not the build's %s (sha256 %x): "+
			"run `make embed-go` and commit the copy", e[:8], path, b[:8])
	}
}
