package kassa

// The cost of the OpenTelemetry spans on a typical quote (examples/cart.json), measured in one run with the
// variants interleaved round by round so that machine noise hits them alike: "base" is the call without any
// span (Quote's body before instrumentation), "global" the default (the global provider, no SDK installed),
// "noop" a no-op TracerProvider, "sdk" the SDK recording every span and event into an exporter that drops them.
// `make bench-go` runs it; docs/observability.md explains the variants.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

func BenchmarkOtelQuote(b *testing.B) {
	ctx := context.Background()
	rulebook, err := os.ReadFile(filepath.Join(repoRoot, "examples/rulebook.json"))
	if err != nil {
		b.Skip(err)
	}
	cartJSON, err := os.ReadFile(filepath.Join(repoRoot, "examples/cart.json"))
	if err != nil {
		b.Skip(err)
	}
	var cart Cart
	if err := json.Unmarshal(cartJSON, &cart); err != nil {
		b.Fatal(err)
	}
	sdk := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
	defer sdk.Shutdown(ctx)
	engine := func(tp trace.TracerProvider) *Engine {
		var opts []RuntimeOption
		if tp != nil {
			opts = append(opts, WithTracerProvider(tp))
		}
		r, err := NewRuntime(ctx, opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = r.Close(ctx) })
		e, err := r.Load(ctx, rulebook)
		if err != nil {
			b.Fatal(err)
		}
		return e
	}
	noopEngine, globalEngine, sdkEngine := engine(noop.NewTracerProvider()), engine(nil), engine(sdk)
	quote := func(e *Engine) func() error {
		return func() error { _, err := e.Quote(ctx, cart); return err }
	}
	variants := []struct {
		name  string
		quote func() error
	}{
		{"base", func() error { _, err := quoteUntraced(ctx, noopEngine, cart); return err }},
		{"global", quote(globalEngine)},
		{"noop", quote(noopEngine)},
		{"sdk", quote(sdkEngine)},
	}
	for _, v := range variants {
		if err := v.quote(); err != nil {
			b.Fatal(err)
		}
	}
	const perRound = 50
	spent := make([]time.Duration, len(variants))
	ratios := make([][]float64, len(variants)) // per round, each variant over base: their median is robust to noise
	round := make([]time.Duration, len(variants))
	rounds := 0
	for b.Loop() {
		for j := range variants { // a different variant goes first in each round
			i := (j + rounds) % len(variants)
			v := variants[i]
			start := time.Now()
			for range perRound {
				if err := v.quote(); err != nil {
					b.Fatal(err)
				}
			}
			round[i] = time.Since(start)
			spent[i] += round[i]
		}
		for i := range variants {
			ratios[i] = append(ratios[i], float64(round[i])/float64(round[0]))
		}
		rounds++
	}
	per := func(i int) float64 { return float64(spent[i].Nanoseconds()) / float64(rounds*perRound) }
	for i, v := range variants {
		b.ReportMetric(per(i)/1000, v.name+"-µs/quote")
		if i > 0 {
			b.ReportMetric(median(ratios[i]), v.name+"/base")
		}
	}
	if testing.Verbose() {
		fmt.Printf("otel quote (base %.1f µs): median of %d rounds of %d quotes: global %.4f, noop %.4f, sdk %.4f x base\n",
			per(0)/1000, rounds, perRound, median(ratios[1]), median(ratios[2]), median(ratios[3]))
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// quoteUntraced is Quote as it was before the spans: the baseline.
func quoteUntraced(ctx context.Context, e *Engine, cart Cart) (*Quote, error) {
	var q Quote
	err := e.do(ctx, func(in *instance) (err error) {
		q, err = in.callQuoteCart(ctx, in.rep, &cart)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// BenchmarkOtelSpanOnly is what the instrumentation adds to any call when nothing records: a span started
// and ended through the global provider (no SDK) and through a no-op provider.
func BenchmarkOtelSpanOnly(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		opts []RuntimeOption
	}{{"global", nil}, {"noop", []RuntimeOption{WithTracerProvider(noop.NewTracerProvider())}}} {
		b.Run(c.name, func(b *testing.B) {
			r, err := NewRuntime(ctx, c.opts...)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close(ctx)
			e := &Engine{loaded: loaded{r: r}}
			var cart Cart
			b.ReportAllocs()
			for b.Loop() {
				sp := r.startSpan(ctx, spanQuote)
				e.endQuote(sp, &cart, nil, nil)
			}
		})
	}
}
