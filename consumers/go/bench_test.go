package kassa

// Benchmarks: cold start (compile, with and without the compilation cache), load, and per-call costs of
// the smallest and largest calls. `make bench-go` runs them; the README reports figures.

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"
)

// perCall runs a per-call benchmark side by side on: the default configuration ("abort":
// WithCloseOnContextDone(true)) with context.Background(), which can never end, and with a context that can
// ("abort-deadline": the per-call context.AfterFunc); and on a Runtime without the abort ("no-abort").
func perCall(b *testing.B, fn func(b *testing.B, r *Runtime, ctx context.Context)) {
	b.Run("abort", func(b *testing.B) { fn(b, testRT, context.Background()) })
	b.Run("abort-deadline", func(b *testing.B) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		fn(b, testRT, ctx)
	})
	b.Run("no-abort", func(b *testing.B) { fn(b, noAbortRT(b), context.Background()) })
}

var noAbortRT = func() func(b *testing.B) *Runtime {
	var once sync.Once
	var r *Runtime
	return func(b *testing.B) *Runtime {
		once.Do(func() {
			var err error
			if r, err = NewRuntime(context.Background(), WithCloseOnContextDone(false)); err != nil {
				b.Fatal(err)
			}
		})
		return r
	}
}()

func BenchmarkNewRuntime(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		r, err := NewRuntime(ctx, WithCompilationCacheDir("")) // a compile: the default cache is off here
		if err != nil {
			b.Fatal(err)
		}
		_ = r.Close(ctx)
	}
}

func BenchmarkNewRuntimeCached(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	warm, err := NewRuntime(ctx, WithCompilationCacheDir(dir)) // fills the cache
	if err != nil {
		b.Fatal(err)
	}
	_ = warm.Close(ctx)
	for b.Loop() {
		r, err := NewRuntime(ctx, WithCompilationCacheDir(dir))
		if err != nil {
			b.Fatal(err)
		}
		_ = r.Close(ctx)
	}
}

// BenchmarkFirstCall is a cold start of a stateless call: compile (no cache), instantiate, call.
func BenchmarkFirstCall(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		r, err := NewRuntime(ctx, WithCompilationCacheDir(""))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Round(ctx, "2.5", 0, RoundHalfEven); err != nil {
			b.Fatal(err)
		}
		_ = r.Close(ctx)
	}
}

// BenchmarkInstantiate is a new instance (what a pool pays when it grows or replaces a trapped instance).
func BenchmarkInstantiate(b *testing.B) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithMaxIdleInstances(0)) // nothing is kept: every call instantiates
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close(ctx)
	for b.Loop() {
		if err := r.do(ctx, func(*instance) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad loads and closes the tiny rulebook on a warm instance (engine.load + [dtor]engine).
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		eng, err := testRT.Load(ctx, []byte(tinyRulebook))
		if err != nil {
			b.Fatal(err)
		}
		_ = eng.Close(ctx)
	}
}

// BenchmarkInfo is engine.info on the instance (Engine.Info itself returns the copy read at load).
func BenchmarkInfo(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		eng, err := r.Load(ctx, []byte(tinyRulebook))
		if err != nil {
			b.Fatal(err)
		}
		defer eng.Close(ctx)
		for b.Loop() {
			if err := eng.do(ctx, func(in *instance) error { _, err := in.callEngineInfo(ctx, in.rep); return err }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkVersions(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		for b.Loop() {
			if _, err := r.Versions(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRound is the smallest money call: one string and two integers in, one string out.
func BenchmarkRound(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		for b.Loop() {
			if _, err := r.Round(ctx, "2.675", 2, RoundHalfEven); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRoundParallel(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := r.Round(ctx, "2.675", 2, RoundHalfEven); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func BenchmarkRoundError(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		for b.Loop() {
			if _, err := r.Round(ctx, "2,675", 2, RoundHalfEven); err == nil {
				b.Fatal("want an error")
			}
		}
	})
}

func BenchmarkAllocate(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		ratios := []string{"1", "2", "3", "4", "5"}
		for b.Loop() {
			if _, err := r.Allocate(ctx, "100.00", "EUR", ratios); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCurrencyInfo(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		for b.Loop() {
			if _, err := r.CurrencyInfo(ctx, "CHF"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkValidateField(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) {
		for b.Loop() {
			if _, err := r.ValidateField(ctx, FieldIBAN, "DE89 3704 0044 0532 0130 00", ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchCart is a cart of n lines over the example store's catalog (examples/rulebook.json), with shipping.
func benchCart(n int) Cart {
	skus := []struct{ sku, qty string }{{"TEE", "2"}, {"BOOK", "1"}, {"PEN", "12"}, {"CAPSULE", "25"},
		{"INK", "7"}, {"EBOOK", "1"}, {"COFFEE", "0.75"}}
	c := Cart{Currency: "EUR", At: "2026-11-28T10:00:00Z", Country: Ptr("DE"), ShippingMethod: Ptr("standard")}
	for i := range n {
		c.Lines = append(c.Lines, CartLine{SKU: skus[i%len(skus)].sku, Quantity: skus[i%len(skus)].qty})
	}
	return c
}

// benchEngine loads the example store; without its "validation" section when the cart is to be quoted
// beyond the store's order limits (50 lines, 500 units).
func benchEngine(b *testing.B, r *Runtime, withLimits bool) *Engine {
	rulebook := loadExample(b, "rulebook.json")
	if !withLimits {
		var doc map[string]any
		if err := json.Unmarshal(rulebook, &doc); err != nil {
			b.Fatal(err)
		}
		delete(doc, "validation")
		rulebook, _ = json.Marshal(doc)
	}
	eng, err := r.Load(context.Background(), rulebook)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = eng.Close(context.Background()) })
	return eng
}

func benchQuote(b *testing.B, r *Runtime, ctx context.Context, lines int) {
	eng := benchEngine(b, r, false)
	cart := benchCart(lines)
	for b.Loop() {
		if _, err := eng.Quote(ctx, cart); err != nil {
			b.Fatal(err)
		}
	}
}

// Small: the 4 lines of examples/cart.json plus shipping; large: 200 lines.
func BenchmarkQuoteSmall(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) { benchQuote(b, r, ctx, 4) })
}
func BenchmarkQuoteLarge(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) { benchQuote(b, r, ctx, 200) })
}

func benchValidate(b *testing.B, r *Runtime, ctx context.Context, lines int) {
	eng := benchEngine(b, r, true) // a large order gets findings (too many lines): still a full report
	addr := &Address{Name: Ptr("A. Kunde"), Lines: []string{"Hauptstr. 1"}, City: Ptr("Berlin"), PostalCode: Ptr("10115"), Country: "DE"}
	order := Order{Cart: benchCart(lines), Email: Ptr("a@example.com"), ShippingAddress: addr, BillingAddress: addr}
	for b.Loop() {
		if _, err := eng.Validate(ctx, order); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateSmall(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) { benchValidate(b, r, ctx, 4) })
}
func BenchmarkValidateLarge(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime, ctx context.Context) { benchValidate(b, r, ctx, 200) })
}

// BenchmarkAbortVariants measures what the abort costs, with the variants interleaved call by call (the
// machine is shared and noisy: consecutive benchmarks see different loads). Each iteration makes 5 calls per
// variant and keeps the fastest; the metrics are each variant's median of those as a multiple of no-abort's
// ("x-<variant>").
// "wazero" is wazero's own WithCloseOnContextDone, the fallback (see WithCloseOnContextDone).
func BenchmarkAbortVariants(b *testing.B) {
	bg := context.Background()
	dl, cancel := context.WithTimeout(bg, time.Hour)
	defer cancel()
	wz, err := NewRuntime(bg, func(c *config) { c.wazeroAbort = true })
	if err != nil {
		b.Fatal(err)
	}
	defer wz.Close(bg)
	variants := []struct {
		name string
		r    *Runtime
		ctx  context.Context
	}{{"no-abort", noAbortRT(b), bg}, {"abort", testRT, bg}, {"abort-deadline", testRT, dl}, {"wazero", wz, bg}}
	engines := make([]*Engine, len(variants))
	for i, v := range variants {
		engines[i] = benchEngine(b, v.r, false)
	}
	cart := benchCart(10)
	calls := []struct {
		name string
		call func(i int) error
	}{
		{"quote-10-lines", func(i int) error { _, err := engines[i].Quote(variants[i].ctx, cart); return err }},
		{"round", func(i int) error {
			_, err := variants[i].r.Round(variants[i].ctx, "2.675", 2, RoundHalfEven)
			return err
		}},
		{"validate-field-iban", func(i int) error {
			_, err := variants[i].r.ValidateField(variants[i].ctx, FieldIBAN, "DE89 3704 0044 0532 0130 00", "")
			return err
		}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			times := make([][]time.Duration, len(variants))
			for b.Loop() {
				for i := range variants {
					best := time.Duration(1<<63 - 1)
					for range 5 { // the first call after another variant's pays for cold caches
						t0 := time.Now()
						if err := c.call(i); err != nil {
							b.Fatal(err)
						}
						best = min(best, time.Since(t0))
					}
					times[i] = append(times[i], best)
				}
			}
			median := func(ts []time.Duration) float64 {
				ts = slices.Clone(ts)
				slices.Sort(ts)
				return float64(ts[len(ts)/2])
			}
			base := median(times[0])
			for i, v := range variants[1:] {
				b.ReportMetric(median(times[i+1])/base, "x-"+v.name)
			}
			b.ReportMetric(base, "ns-no-abort")
		})
	}
}
