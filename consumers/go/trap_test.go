package kassa

// A trapped or aborted instance is discarded and the next call gets a fresh one; bad Go arguments never
// reach the engine; the memory limit holds.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero/api"
)

// trapOn calls meta.trap-for-testing on an instance the engine uses and returns that instance's module.
func trapOn(t *testing.T, ctx context.Context, do func(context.Context, func(*instance) error) error) (api.Module, error) {
	t.Helper()
	var mod api.Module
	err := do(ctx, func(in *instance) error {
		mod = in.mod
		_, err := in.call(ctx, fnTrapForTesting)
		return err
	})
	return mod, err
}

func TestTrapDiscardsTheEngineInstance(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithMaxIdleInstances(1))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	eng, err := r.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	// The engine's only instance (the one Load created and kept) is the one that traps.
	var before api.Module
	_ = eng.do(ctx, func(in *instance) error { before = in.mod; return nil })
	trapped, err := trapOn(t, ctx, eng.do)
	if !errors.Is(err, ErrTrap) || !strings.Contains(err.Error(), "trap-for-testing") {
		t.Fatalf("want ErrTrap naming the function, got %v", err)
	}
	if trapped != before {
		t.Fatal("the trap did not run on the instance the engine had been using")
	}
	if !trapped.IsClosed() {
		t.Error("the trapped instance was not closed")
	}
	if _, ok := r.instances.Load(trapped); ok {
		t.Error("the trapped instance is still registered")
	}
	// The same engine keeps working: the next calls get a fresh instance with the rulebook loaded.
	var after api.Module
	var info EngineInfo
	if err := eng.do(ctx, func(in *instance) (err error) {
		after = in.mod
		info, err = in.callEngineInfo(ctx, in.rep)
		return err
	}); err != nil {
		t.Fatalf("info after a trap: %v", err)
	}
	if after == trapped || info.RulebookID != "tiny" {
		t.Errorf("after the trap: same instance %v, info %+v", after == trapped, info)
	}
	_, err = eng.Quote(ctx, Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z"})
	if errors.Is(err, ErrTrap) {
		t.Errorf("Quote after a trap: %v", err)
	}
	if _, err := eng.Validate(ctx, Order{Cart: Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z"}}); err != nil {
		t.Errorf("Validate after a trap: %v", err)
	}
}

func TestTrapDiscardsAStatelessInstance(t *testing.T) {
	ctx := context.Background()
	trapped, err := trapOn(t, ctx, testRT.do)
	if !errors.Is(err, ErrTrap) {
		t.Fatalf("want ErrTrap, got %v", err)
	}
	if !trapped.IsClosed() {
		t.Error("the trapped instance was not closed")
	}
	if got, err := testRT.Round(ctx, "2.5", 0, RoundHalfEven); err != nil || got != "2" {
		t.Errorf("Round after a trap = %q, %v", got, err)
	}
}

func TestMemoryLimitTrapsAndRecovers(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithMemoryLimitMiB(2))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	// 3 MiB cannot be allocated in a 2 MiB memory: cabi_realloc traps while the argument is lowered. That is
	// the memory limit, reported as in every host: limit-exceeded with limit=memory and the cap in bytes.
	_, err = r.CanonicalDecimal(ctx, strings.Repeat("1", 3<<20))
	var kerr *Error
	if !errors.As(err, &kerr) || !errors.Is(err, ErrLimitExceeded) || errors.Is(err, ErrTrap) {
		t.Fatalf("want a limit-exceeded *Error, got %v", err)
	}
	limit, _ := kerr.Param("limit")
	max, _ := kerr.Param("max")
	if limit != "memory" || max != "2097152" { // 2 MiB = 2 × 1048576
		t.Errorf("params: limit %q, max %q", limit, max)
	}
	// The text is core's, with no trace of the wasm trap; %+v adds the runtime's report.
	want := "limit-exceeded: limit memory exceeded: the call needs more than 2097152 bytes of memory"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if detail := fmt.Sprintf("%+v", err); !strings.HasPrefix(detail, want+"\ncaused by: ") || !strings.Contains(detail, "unreachable") {
		t.Errorf("%%+v = %q, want the text and the trap", detail)
	}
	if got, err := r.CanonicalDecimal(ctx, "1.50"); err != nil || got != "1.50" {
		t.Errorf("after the limit: %q, %v", got, err)
	}
}

func TestMemoryLimitInsideACall(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithMemoryLimitMiB(16))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	// A 2 MB rulebook fits into 16 MiB, its million array values do not once parsed (a tree node each): the
	// guest runs out of memory during the load, after its argument was passed.
	book := `{"kassa":"1","id":"x","version":"1","settings":{"currencies":[0` + strings.Repeat(",0", 1_000_000) + `]}}`
	_, err = r.Load(ctx, []byte(book))
	var kerr *Error
	if !errors.As(err, &kerr) || kerr.Code != "limit-exceeded" {
		t.Fatalf("want limit-exceeded, got %v", err)
	}
	if limit, _ := kerr.Param("limit"); limit != "memory" {
		t.Errorf("limit = %q, want memory", limit)
	}
	if max, _ := kerr.Param("max"); max != "16777216" { // 16 × 1048576
		t.Errorf("max = %q", max)
	}
	// The default cap holds it (docs/limits.md, "Worst cases inside the limits"): the same rulebook is
	// refused for what it is, as in every host.
	_, err = Load(ctx, []byte(book))
	if !errors.As(err, &kerr) || kerr.Code != "rulebook-invalid" {
		t.Fatalf("with the default cap: %v", err)
	}
}

func TestTrapTextHasNoInternals(t *testing.T) {
	_, err := trapOn(t, context.Background(), testRT.do)
	want := "host-error: the engine trapped in trap-for-testing; its instance was replaced, so the next call works"
	if err == nil || err.Error() != want {
		t.Fatalf("Error() = %v, want %q", err, want)
	}
	var kerr *Error
	if !errors.As(err, &kerr) || !errors.Is(err, ErrTrap) || errors.Is(err, ErrLimitExceeded) {
		t.Fatalf("want an *Error matching ErrTrap: %#v", err)
	}
	if reason, _ := kerr.Param("reason"); kerr.Code != "host-error" || reason != "trap" {
		t.Errorf("code %q, reason %q", kerr.Code, reason)
	}
	// The runtime's report is kept for %+v and errors.Unwrap, never in the text.
	detail := fmt.Sprintf("%+v", err)
	if !strings.HasPrefix(detail, want+"\ncaused by: ") || !strings.Contains(detail, "wasm stack trace") {
		t.Errorf("%%+v = %q", detail)
	}
	if fmt.Sprintf("%v", err) != want || fmt.Sprintf("%s", err) != want {
		t.Errorf("%%v and %%s must be the text")
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Refused before any instance is touched.
	if _, err := testRT.Round(ctx, "1", 0, RoundHalfEven); !errors.Is(err, context.Canceled) {
		t.Errorf("Round with a cancelled context: %v", err)
	}
	if _, err := Load(ctx, []byte(tinyRulebook)); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: %v", err)
	}
}

func TestContextDoneAbortsTheCall(t *testing.T) {
	// The context ends after the arguments are lowered and before the guest runs: the call reports the
	// context's error without running the guest (WithCloseOnContextDone), and the instance is discarded.
	ctx, cancel := context.WithCancel(context.Background())
	var mod api.Module
	err := testRT.do(context.Background(), func(in *instance) error {
		mod = in.mod
		p, n := in.writer(ctx).Str("1.50")
		cancel()
		_, err := in.call(ctx, fnCanonicalDecimal, uint64(p), uint64(n))
		return err
	})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTrap) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if !mod.IsClosed() {
		t.Error("the aborted instance was not closed")
	}
	if got, err := testRT.CanonicalDecimal(context.Background(), "-0.0"); err != nil || got != "0.0" {
		t.Errorf("after an aborted call: %q, %v", got, err)
	}
}

func TestInvalidArguments(t *testing.T) {
	ctx := context.Background()
	if _, err := testRT.ValidateField(ctx, "shoe-size", "42", ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unknown field kind: %v", err)
	}
	if _, err := testRT.RoundMoney(ctx, "1", "EUR", ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("empty rounding mode: %v", err)
	}
	// A Go string may hold bytes that are not UTF-8; the engine's strings cannot.
	_, err := testRT.CanonicalDecimal(ctx, "1\xff")
	if !errors.Is(err, ErrInvalidArgument) || errors.Is(err, ErrTrap) {
		t.Errorf("invalid UTF-8: %v", err)
	}
	eng, err := testRT.Load(ctx, []byte(tinyRulebook))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	// A cart's strings are the engine's to judge (docs/wire.md): invalid-unicode at its pointer, as in every host.
	_, err = eng.Quote(ctx, Cart{Currency: "EUR", At: "2026-11-24T09:30:00Z", Coupons: []string{"ok", "\xc3("}})
	if kerr := wantKassaError(t, err, CodeCartInvalid, ""); len(kerr.Problems) != 1 ||
		kerr.Problems[0].Code != CodeInvalidUnicode || kerr.Problems[0].Path != "/coupons/1" {
		t.Errorf("invalid UTF-8 in a nested list: %+v", kerr)
	}
	if got, err := testRT.CanonicalDecimal(ctx, "1"); err != nil || got != "1" {
		t.Errorf("after invalid arguments: %q, %v", got, err)
	}
}

func TestHandleTable(t *testing.T) {
	var tab handleTable
	h1, h2 := tab.add(100), tab.add(200)
	if h1 != 1 || h2 != 2 { // handles start at 1: 0 is never a handle
		t.Fatalf("handles %d, %d", h1, h2)
	}
	if rep, ok := tab.remove(h1); !ok || rep != 100 {
		t.Errorf("remove(1) = %d, %v", rep, ok)
	}
	if _, ok := tab.get(h1); ok {
		t.Error("a removed handle is still there")
	}
	if h := tab.add(300); h != 1 { // the free slot is reused
		t.Errorf("reuse: handle %d", h)
	}
	for _, h := range []uint32{0, 3, 99} {
		if _, ok := tab.get(h); ok {
			t.Errorf("handle %d should not exist", h)
		}
	}
}

func TestResourceDropOfAnUnknownHandleTraps(t *testing.T) {
	ctx := context.Background()
	err := testRT.do(ctx, func(in *instance) error {
		defer func() {
			if recover() == nil { // a panic in a host function is a trap of the guest that called it
				t.Error("[resource-drop] of an unknown handle must panic")
			}
		}()
		testRT.resourceDrop(ctx, in.mod, []uint64{42})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestResourceDropRunsTheDestructor(t *testing.T) {
	// What the guest would do if it dropped an engine it owns: [resource-drop] with its handle. The host
	// removes the handle and runs [dtor]engine, after which the instance still works.
	ctx := context.Background()
	err := testRT.do(ctx, func(in *instance) error {
		if err := in.load(ctx, tinyRulebook); err != nil {
			return err
		}
		h := in.handles.add(in.rep)
		in.rep = 0 // owned by the handle now
		testRT.resourceDrop(ctx, in.mod, []uint64{uint64(h)})
		if _, ok := in.handles.get(h); ok {
			t.Error("the dropped handle is still in the table")
		}
		if err := in.load(ctx, tinyRulebook); err != nil { // the instance is still healthy
			return err
		}
		return in.drop(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
}
