package interrupt

// The rewriter on a hand-assembled module (expected bytes written out by hand from the binary format), and
// the instrumented code run by wazero: it still computes the same results, it stops when the flag is set,
// and it lets the Go scheduler run other goroutines even with GOMAXPROCS=1.

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// spinModule exports spin(n) = n + (n-1) + ... + 1 (mod 2^32), a loop of n iterations, a memory and one
// global (so the new globals get indices 1 and 2).
var spinModule = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type: (i32) -> i32
	0x03, 0x02, 0x01, 0x00, // function 0: type 0
	0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
	0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x07, 0x0b, // global 0: (mut i32) 7
	0x07, 0x11, 0x02, // export: 2 entries
	0x04, 's', 'p', 'i', 'n', 0x00, 0x00, // "spin" func 0
	0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, // "memory" memory 0
	0x0a, 0x1b, 0x01, 0x19, // code: 1 body of 25 bytes
	0x01, 0x01, 0x7f, // one local i32 (acc)
	0x03, 0x40, // loop
	0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, // acc = acc + n
	0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, // n = n - 1
	0x0d, 0x00, // br_if 0 (while n != 0)
	0x0b,       // end
	0x20, 0x01, // acc
	0x0b,
}

// spinChecked is spinModule after Instrument(spinModule, "stop", 1024), assembled by hand.
var spinChecked = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
	0x03, 0x02, 0x01, 0x00,
	0x05, 0x03, 0x01, 0x00, 0x01,
	0x06, 0x11, 0x03, 0x7f, 0x01, 0x41, 0x07, 0x0b, // 3 globals: the old one,
	0x7f, 0x01, 0x41, 0x80, 0x08, 0x0b, // the countdown (mut i32) 1024,
	0x7f, 0x01, 0x41, 0x00, 0x0b, // the flag (mut i32) 0
	0x07, 0x18, 0x03,
	0x04, 's', 'p', 'i', 'n', 0x00, 0x00,
	0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
	0x04, 's', 't', 'o', 'p', 0x03, 0x02, // "stop" global 2
	0x0a, 0x38, 0x01, 0x36, // 1 body of 25 + 29 bytes
	0x01, 0x01, 0x7f,
	0x03, 0x40,
	0x23, 0x01, 0x41, 0x01, 0x6b, 0x24, 0x01, // countdown = countdown - 1
	0x23, 0x01, 0x45, 0x04, 0x40, // if countdown == 0
	0x41, 0x80, 0x08, 0x24, 0x01, //   countdown = 1024
	0x41, 0x00, 0x40, 0x00, 0x1a, //   drop(memory.grow(0))
	0x23, 0x02, 0x04, 0x40, 0x00, 0x0b, //   if flag { unreachable }
	0x0b, // end
	0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01,
	0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00,
	0x0d, 0x00,
	0x0b,
	0x20, 0x01,
	0x0b,
}

func TestInstrumentBytes(t *testing.T) {
	got, loops, err := Instrument(spinModule, "stop", 1024)
	if err != nil {
		t.Fatal(err)
	}
	if loops != 1 {
		t.Errorf("%d loops, want 1", loops)
	}
	if !bytes.Equal(got, spinChecked) {
		t.Errorf("instrumented module\n got % x\nwant % x", got, spinChecked)
	}
}

func TestInstrumentRefuses(t *testing.T) {
	simd := bytes.Clone(spinModule)
	i := bytes.Index(simd, []byte{0x20, 0x01, 0x20, 0x00, 0x6a}) // acc + n  ->  an 0xfd (SIMD) prefix
	simd[i+4] = 0xfd
	for name, tc := range map[string]struct {
		module []byte
		export string
		want   string
	}{
		"not wasm":           {[]byte("\x00asn\x01\x00\x00\x00"), "stop", "not a wasm core module"},
		"truncated":          {spinModule[:len(spinModule)-3], "stop", "truncated"},
		"name taken":         {spinModule, "spin", `already exports "spin"`},
		"unknown opcode":     {simd, "stop", "unsupported opcode 0xfd"},
		"no global":          {without(spinModule, 0x06), "stop", "no global section"},
		"no memory":          {without(spinModule, 0x05), "stop", "no memory"},
		"every out of range": {spinModule, "", "every"},
	} {
		every := uint32(1024)
		if tc.export == "" {
			every = 0
		}
		if _, _, err := Instrument(tc.module, tc.export, every); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error with %q, got %v", name, tc.want, err)
		}
	}
}

// without removes the section with the given id from a module (it must not be referenced, as with the
// global and memory sections of spinModule, whose exports then fail validation but not the rewriter).
func without(module []byte, id byte) []byte {
	out := bytes.Clone(module[:8])
	for p := 8; p < len(module); {
		size := int(module[p+1]) // all sections of spinModule are under 128 bytes
		if module[p] != id {
			out = append(out, module[p:p+2+size]...)
		}
		p += 2 + size
	}
	return out
}

// instantiate compiles the instrumented spinModule with wazero.
func instantiate(t *testing.T) (api.Function, api.MutableGlobal) {
	t.Helper()
	ctx := context.Background()
	code, _, err := Instrument(spinModule, "stop", 1024)
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { _ = r.Close(ctx) })
	mod, err := r.Instantiate(ctx, code) // validates the rewritten module
	if err != nil {
		t.Fatal(err)
	}
	flag, ok := mod.ExportedGlobal("stop").(api.MutableGlobal)
	if !ok {
		t.Fatal("no mutable global exported as stop")
	}
	return mod.ExportedFunction("spin"), flag
}

func TestInstrumentedCodeComputesTheSame(t *testing.T) {
	spin, _ := instantiate(t)
	// 1 + ... + 100000 = 5000050000, which is 705082704 modulo 2^32; 3000 iterations cross the countdown.
	for n, want := range map[uint64]uint64{1: 1, 3000: 4501500, 100000: 705082704} {
		got, err := spin.Call(context.Background(), n)
		if err != nil || got[0] != want {
			t.Errorf("spin(%d) = %v, %v; want %d", n, got, err, want)
		}
	}
}

// TestFlagStopsTheLoop: spin(2^32 - 1) runs for seconds; the flag, set from another goroutine after 20 ms,
// stops it with a trap. With GOMAXPROCS=1 the goroutine that sets the flag only runs because the loop's
// memory.grow lets the scheduler preempt the call.
func TestFlagStopsTheLoop(t *testing.T) {
	for _, procs := range []int{0, 1} {
		name := "GOMAXPROCS=default"
		if procs > 0 {
			name = "GOMAXPROCS=1"
		}
		t.Run(name, func(t *testing.T) {
			if procs > 0 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			}
			spin, flag := instantiate(t)
			time.AfterFunc(20*time.Millisecond, func() { flag.Set(1) })
			t0 := time.Now()
			got, err := spin.Call(context.Background(), 0xffffffff)
			if err == nil || !strings.Contains(err.Error(), "unreachable") {
				t.Fatalf("want the unreachable trap, got %v, %v after %v", got, err, time.Since(t0))
			}
			t.Logf("stopped after %v", time.Since(t0))
		})
	}
}
