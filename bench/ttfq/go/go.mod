// The Go side of bench/ttfq.py: a program that prints the first quote, built against this checkout's module.
module github.com/kassa-engine/kassa/bench/ttfq/go

go 1.25.0

require github.com/kassa-engine/kassa/consumers/go v0.0.0

require (
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

replace github.com/kassa-engine/kassa/consumers/go => ../../../consumers/go
