module github.com/kassa-engine/kassa/conformance/runners/go

go 1.25.0

require github.com/kassa-engine/kassa/consumers/go v0.0.0

require (
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

// The runner always tests the Go module of this checkout.
replace github.com/kassa-engine/kassa/consumers/go => ../../../consumers/go
