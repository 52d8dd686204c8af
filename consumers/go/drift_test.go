package kassa

// Drift guard: the embedded wasm is the one the build produces (the path comes from the Makefile: make test-go
// sets it). The glue itself is generated from the WIT; `make test` regenerates it and fails on any
// difference (tools/witgen).

import (
	"bytes"
	"crypto/sha256"
	"os"
	"testing"

	"github.com/kassa-engine/kassa/consumers/go/internal/wasm"
)

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
