// Package wasm embeds the engine: the core module built by `make build` (dist/kassa.core.wasm, the module
// before `component new`). `make embed-go` refreshes the copy; TestEmbeddedWasmIsCurrent checks it.
package wasm

import _ "embed"

// Core is the core wasm module with its component-type custom section.
//
//go:embed kassa.core.wasm
var Core []byte
