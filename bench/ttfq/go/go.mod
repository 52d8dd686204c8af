// The Go side of bench/ttfq.py: a program that prints the first quote, built against this checkout's module.
module github.com/kassa-engine/kassa/bench/ttfq/go

go 1.25.0

require github.com/kassa-engine/kassa/consumers/go v0.0.0

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel v1.46.0 // indirect
	go.opentelemetry.io/otel/metric v1.46.0 // indirect
	go.opentelemetry.io/otel/trace v1.46.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
)

replace github.com/kassa-engine/kassa/consumers/go => ../../../consumers/go
