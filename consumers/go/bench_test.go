package kassa

// Benchmarks: cold start (compile, with and without the compilation cache), load, and per-call costs of
// the smallest and largest calls. `make bench-go` runs them; the README reports figures.

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
)

// perCall runs a per-call benchmark on the default configuration ("abort": WithCloseOnContextDone(true))
// and on one without context watching ("no-abort"), side by side, so the price of the abort shows.
func perCall(b *testing.B, fn func(b *testing.B, r *Runtime)) {
	b.Run("abort", func(b *testing.B) { fn(b, testRT) })
	b.Run("no-abort", func(b *testing.B) { fn(b, noAbortRT(b)) })
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
		r, err := NewRuntime(ctx)
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
		r, err := NewRuntime(ctx)
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
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		eng, err := r.Load(ctx, []byte(tinyRulebook))
		if err != nil {
			b.Fatal(err)
		}
		defer eng.Close(ctx)
		for b.Loop() {
			if err := eng.do(ctx, func(in *instance) error { _, err := in.info(ctx); return err }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkVersions(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := r.Versions(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRound is the smallest money call: one string and two integers in, one string out.
func BenchmarkRound(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := r.Round(ctx, "2.675", 2, RoundHalfEven); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRoundParallel(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
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
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := r.Round(ctx, "2,675", 2, RoundHalfEven); err == nil {
				b.Fatal("want an error")
			}
		}
	})
}

func BenchmarkAllocate(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		ratios := []string{"1", "2", "3", "4", "5"}
		for b.Loop() {
			if _, err := r.Allocate(ctx, "100.00", "EUR", ratios); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCurrencyInfo(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := r.CurrencyInfo(ctx, "CHF"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkValidateField(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) {
		ctx := context.Background()
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

func benchQuote(b *testing.B, r *Runtime, lines int) {
	ctx := context.Background()
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
	perCall(b, func(b *testing.B, r *Runtime) { benchQuote(b, r, 4) })
}
func BenchmarkQuoteLarge(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) { benchQuote(b, r, 200) })
}

func benchValidate(b *testing.B, r *Runtime, lines int) {
	ctx := context.Background()
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
	perCall(b, func(b *testing.B, r *Runtime) { benchValidate(b, r, 4) })
}
func BenchmarkValidateLarge(b *testing.B) {
	perCall(b, func(b *testing.B, r *Runtime) { benchValidate(b, r, 200) })
}
