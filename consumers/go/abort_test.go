package kassa

// A context that ends during a call stops it (WithCloseOnContextDone, on by default): the guest traps at its
// next loop iteration, the call returns the context's error and the instance is discarded. Tested on the
// default mechanism (the interrupt checks of internal/interrupt) and on wazero's own, the fallback.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// withWazeroAbort makes a Runtime use wazero's WithCloseOnContextDone even though the module could be given
// the interrupt checks: the fallback for a module the rewriter cannot read.
func withWazeroAbort() RuntimeOption {
	return func(c *config) { c.wazeroAbort = true }
}

// bigRulebook is a valid rulebook of n catalog items, about 60 bytes each: loading it is a long call.
func bigRulebook(n int) string {
	var b strings.Builder
	b.WriteString(`{"kassa":"1","id":"big","version":"1","settings":{"currencies":["EUR"],` +
		`"rounding-mode":"half-even","tax-rounding":"per-total"},"tax":{"categories":[{"id":"standard"}]},` +
		`"catalog":{"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sku":"SKU-%06d","name":"Product %d","tax-category":"standard"}`, i, i)
	}
	b.WriteString(`]}}`)
	return b.String()
}

func TestDefaultRuntimeIsInterruptible(t *testing.T) {
	// The embedded module must take the interrupt checks; otherwise every Runtime silently falls back to
	// wazero's mechanism, which makes calls about 4x slower.
	if !testRT.interruptible {
		t.Fatal("the embedded module could not be given the interrupt checks (internal/interrupt)")
	}
	r, err := NewRuntime(context.Background(), WithCloseOnContextDone(false))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	if r.interruptible {
		t.Error("WithCloseOnContextDone(false) must compile the module as it is")
	}
}

// TestContextEndingMidCallStopsIt: a rulebook load that takes tens of milliseconds is started, and its
// context is cancelled a tenth of the way in. Run to its end, the same load succeeds (checked first), so an
// error can only come from the abort.
func TestContextEndingMidCallStopsIt(t *testing.T) {
	t.Run("interrupt-checks", func(t *testing.T) { stopMidCall(t, true) })
	t.Run("wazero", func(t *testing.T) { stopMidCall(t, false, withWazeroAbort()) })
	// With one P the goroutine running the guest holds the only thread that runs Go code: the timer that
	// cancels the context only runs when the guest leaves the machine code for Go (its loop checks do, see
	// internal/interrupt's TestFlagStopsTheLoop, and so does its allocator when it grows the memory).
	t.Run("interrupt-checks/GOMAXPROCS=1", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		stopMidCall(t, true)
	})
}

func stopMidCall(t *testing.T, interruptible bool, opts ...RuntimeOption) {
	rulebook := bigRulebook(10000)
	ctx := context.Background()
	r, err := NewRuntime(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	if r.interruptible != interruptible {
		t.Fatalf("interruptible = %v, want %v", r.interruptible, interruptible)
	}
	// The uninterrupted load, with a context that could end but does not.
	full := time.Duration(0)
	err = r.do(ctx, func(in *instance) error {
		p, n := in.writer(ctx).Str(rulebook)
		if err := in.lowered(fnEngineLoad); err != nil {
			return err
		}
		long, cancel := context.WithTimeout(ctx, time.Hour)
		defer cancel()
		t0 := time.Now()
		_, err := in.call(long, fnEngineLoad, uint64(p), uint64(n))
		full = time.Since(t0)
		return err
	})
	if err != nil {
		t.Fatalf("the uninterrupted load: %v", err)
	}
	t.Logf("uninterrupted load of %d bytes: %v", len(rulebook), full)

	// The same load, cancelled after a tenth of that time. The arguments are lowered before the timer
	// starts, so the cancel lands while the guest runs.
	var stopped *instance
	var took time.Duration
	err = r.do(ctx, func(in *instance) error {
		stopped = in
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		p, n := in.writer(cctx).Str(rulebook)
		if err := in.lowered(fnEngineLoad); err != nil {
			return err
		}
		t0 := time.Now()
		time.AfterFunc(full/10, cancel)
		_, err := in.call(cctx, fnEngineLoad, uint64(p), uint64(n))
		took = time.Since(t0)
		return err
	})
	t.Logf("cancelled after %v: returned after %v: %v", full/10, took, err)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTrap) {
		t.Fatalf("want context.Canceled (and not ErrTrap), got %v", err)
	}
	if !stopped.mod.IsClosed() {
		t.Error("the stopped instance was not discarded")
	}
	// The Runtime goes on with a fresh instance.
	if got, err := r.CanonicalDecimal(ctx, "-0.0"); err != nil || got != "0.0" {
		t.Errorf("after the abort: %q, %v", got, err)
	}
}

func TestDeadlineStopsALongLoad(t *testing.T) {
	// The public API: Load with a deadline far shorter than the load (TestContextEndingMidCallStopsIt shows
	// it takes tens of milliseconds). Whether the deadline passes before the guest starts or while it runs,
	// the caller gets context.DeadlineExceeded, never an engine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	eng, err := testRT.Load(ctx, []byte(bigRulebook(40000)))
	if !errors.Is(err, context.DeadlineExceeded) || eng != nil {
		t.Fatalf("want context.DeadlineExceeded, got %v (engine %v)", err, eng)
	}
	if got, err := testRT.CanonicalDecimal(context.Background(), "1.50"); err != nil || got != "1.50" {
		t.Errorf("after the deadline: %q, %v", got, err)
	}
}

func TestContextThatDoesNotEndKeepsTheInstance(t *testing.T) {
	// A call under a live deadline arms the watch and disarms it: the instance stays healthy and is reused.
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	var first, second *instance
	for _, in := range []**instance{&first, &second} {
		err := testRT.do(ctx, func(i *instance) error {
			*in = i
			got, err := i.callCanonicalDecimal(ctx, "2.50")
			if err == nil && got != "2.50" {
				err = fmt.Errorf("got %q", got)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if first != second || first.broken {
		t.Errorf("the instance was not reused (first %p, second %p, broken %v)", first, second, first.broken)
	}
}
