// Package kassa is Kassa's pricing and validation engine for Go: the Rust core compiled to WebAssembly
// (embedded in this module) and run by wazero, a pure-Go runtime, so there is no cgo and nothing to install
// beyond `go get`.
//
// Load a rulebook once and share the *Engine; it is safe for concurrent use:
//
//	eng, err := kassa.Load(ctx, rulebookJSON)
//	q, err := eng.Quote(ctx, kassa.Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z",
//		Lines: []kassa.CartLine{{SKU: "TEE", Quantity: "2"}}})
//	fmt.Println(q.GrandTotal) // a canonical decimal string
//
// The money helpers (Round, RoundMoney, Allocate, ...) and field validators (ValidateField, ValidateIBAN,
// ...) need no rulebook. The package-level functions run on a default Runtime created on first use; create
// your own with NewRuntime for options (memory limit, compilation cache) and call the same methods on it.
//
// The compiled engine is cached on disk by default (the user's cache directory; KASSA_CACHE_DIR moves it or,
// set to "off", turns it off), so only the first process on a machine pays the compile.
//
// Amounts are decimal strings, never floats. Failures are *Error values (a stable Code, a JSON Pointer Path,
// Message, Params); errors.Is works with ErrLimitExceeded, ErrTrap, ErrClosed and ErrInvalidArgument.
//
// Under the hood every call borrows a wasm instance from a pool: instances are not goroutine-safe, the
// compiled code is shared. A trapped instance is discarded and the call returns an error wrapping ErrTrap;
// the next call gets a fresh instance.
package kassa
