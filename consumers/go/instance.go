package kassa

// One wasm instance of the engine module and the calling convention around it: lowering arguments,
// calling, lifting the return area, cabi_post_*, and the resource handle table that `component new` would
// have kept for the instance. The call functions of the exports (contract.go) are generated from the WIT;
// loading and dropping the engine resource are here. An instance is used by one goroutine at a time (pools
// hand them out).

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

type instance struct {
	mod     api.Module
	mem     api.Memory
	fns     [numFns]api.Function
	posts   [numFns]api.Function // nil where the export has no cabi_post_ function
	realloc api.Function
	// interrupt is the flag global of an interruptible module (nil otherwise): set to 1, it makes the guest
	// trap at its next loop iteration. onDone sets it; call arms it for contexts that can end.
	interrupt api.MutableGlobal
	onDone    func()

	ctx   context.Context // the context of the call in progress, for cabi_realloc during lowering
	stack [8]uint64       // reused by every call (CallWithStack), at least max(params, results) long
	w     cabi.Writer

	handles handleTable // own<engine> handles the guest created with [resource-new]
	rep     uint32      // the engine (rulebook) loaded in this instance, 0 when none
	rep2    uint32      // a second engine (a Replay's new rulebook), 0 when none
	broken  bool        // trapped, aborted or half-lowered: close it, never reuse it
	reused  bool        // taken warm from a pool, rather than made (or given a rulebook) for this call

	// allocFailed is the guest's record of an allocation its memory cap refused (bindings/src/alloc.rs): a
	// global holding the address of a u32, nil in a module without it. memMax is the cap, in bytes.
	allocFailed api.Global
	memMax      uint64
}

// allocFailedGlobal is the export of the guest's allocation record (bindings/src/alloc.rs).
const allocFailedGlobal = "kassa_alloc_failed"

// interruptGlobal is the name under which internal/interrupt exports the flag global. The guest looks at the
// flag (and leaves the machine code, so that the Go scheduler can preempt a long call) every interruptEvery
// loop iterations: about every 20 µs in a quote, at about 0.5% of its time.
const (
	interruptGlobal = "kassa-host:interrupt"
	interruptEvery  = 1024
)

func newInstance(mod api.Module, interruptible bool, memMax uint64) (*instance, error) {
	in := &instance{mod: mod, mem: mod.Memory(), realloc: mod.ExportedFunction(realloc),
		allocFailed: mod.ExportedGlobal(allocFailedGlobal), memMax: memMax}
	if in.mem == nil || in.realloc == nil {
		return nil, errors.New("kassa: the wasm module exports no memory or no cabi_realloc")
	}
	if interruptible {
		g, ok := mod.ExportedGlobal(interruptGlobal).(api.MutableGlobal)
		if !ok {
			return nil, errors.New("kassa: the instrumented module has no interrupt flag")
		}
		// Set from the goroutine of context.AfterFunc while the guest runs on the caller's: the guest's
		// loop checks read the global afresh at every iteration, and nothing in Go reads it.
		in.interrupt, in.onDone = g, func() { g.Set(1) }
	}
	for f, e := range exports {
		if in.fns[f] = mod.ExportedFunction(e.name); in.fns[f] == nil {
			return nil, fmt.Errorf("kassa: the wasm module does not export %q", e.name)
		}
		if e.post {
			in.posts[f] = mod.ExportedFunction("cabi_post_" + e.name)
		}
	}
	in.w = cabi.Writer{Mem: in.mem, Realloc: in.alloc}
	return in, nil
}

func (in *instance) close(ctx context.Context) { _ = in.mod.Close(ctx) }

// writer starts a call: the returned Writer lowers arguments into this instance.
func (in *instance) writer(ctx context.Context) *cabi.Writer {
	in.ctx = ctx
	in.w = cabi.Writer{Mem: in.mem, Realloc: in.w.Realloc}
	return &in.w
}

// alloc is cabi_realloc(0, 0, align, size).
func (in *instance) alloc(align, size uint32) (uint32, error) {
	in.stack[0], in.stack[1], in.stack[2], in.stack[3] = 0, 0, uint64(align), uint64(size)
	if err := in.realloc.CallWithStack(in.ctx, in.stack[:]); err != nil {
		return 0, in.fail(in.ctx, realloc, err)
	}
	return uint32(in.stack[0]), nil
}

// lowered checks the Writer after lowering the arguments of f. A failed lowering may have left
// allocations the guest will never free, so the instance is discarded either way.
func (in *instance) lowered(f fn) error {
	err := in.w.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, cabi.ErrInvalidValue):
		in.broken = true
		return &invalidArgument{operation: operation(exports[f].name), cause: err}
	case errors.Is(err, ErrTrap), in.broken:
		return err // cabi_realloc trapped or was aborted: already reported by fail
	default:
		return in.fail(in.ctx, exports[f].name, err)
	}
}

// fail marks the instance broken and describes why: an aborted call (context done), an allocation the memory
// cap refused (limit-exceeded, limit=memory, as in every host), or a trap. The runtime's own report (the
// trap and its wasm stack) stays in the chain, out of the text.
func (in *instance) fail(ctx context.Context, name string, err error) error {
	in.broken = true
	if ctx != nil && ctx.Err() != nil {
		return fmt.Errorf("kassa: %s aborted: %w", operation(name), ctx.Err())
	}
	if in.outOfMemory() {
		return &stopped{err: memoryExhausted(in.memMax), cause: err}
	}
	return trapped(operation(name), err)
}

// outOfMemory tells whether the guest recorded an allocation its memory cap refused (it traps right after).
func (in *instance) outOfMemory() bool {
	if in.allocFailed == nil {
		return false
	}
	size, ok := in.mem.ReadUint32Le(uint32(in.allocFailed.Get()))
	return ok && size != 0
}

// call calls f with flat args and returns its flat result (0 when it has none). On an interruptible
// instance, a context that ends during the call sets the interrupt flag, so the guest traps at its next loop
// iteration and the call reports the context's error. A context that can never end (Done() == nil, e.g.
// context.Background()) costs nothing here.
func (in *instance) call(ctx context.Context, f fn, args ...uint64) (uint64, error) {
	in.ctx = ctx
	copy(in.stack[:], args)
	var stop func() bool
	if in.interrupt != nil && ctx.Done() != nil {
		if err := ctx.Err(); err != nil { // the arguments are lowered: the instance is discarded
			return 0, in.fail(ctx, exports[f].name, err)
		}
		stop = context.AfterFunc(ctx, in.onDone)
	}
	err := in.fns[f].CallWithStack(ctx, in.stack[:])
	if stop != nil && !stop() {
		// The context ended: the flag is set, or about to be, so this instance must never run again (the
		// result, if the guest finished first, is still good).
		in.broken = true
	}
	if err != nil {
		return 0, in.fail(ctx, exports[f].name, err)
	}
	return in.stack[0], nil
}

// post lets the guest free what it allocated for f's results (cabi_post_*), after they were lifted.
func (in *instance) post(ctx context.Context, f fn, ret uint64) error {
	if in.posts[f] == nil {
		return nil
	}
	in.stack[0] = ret
	if err := in.posts[f].CallWithStack(ctx, in.stack[:]); err != nil {
		return in.fail(ctx, "cabi_post_"+exports[f].name, err)
	}
	return nil
}

// reader is a view of the whole linear memory, valid until the next call into the guest.
func (in *instance) reader() *cabi.Reader {
	buf, _ := in.mem.Read(0, in.mem.Size())
	return cabi.NewReader(buf)
}

// lifted checks a Reader after lifting f's results: a bad pointer from the guest means its memory cannot
// be trusted, like a trap.
func (in *instance) lifted(ctx context.Context, f fn, r *cabi.Reader) error {
	if err := r.Err(); err != nil {
		return in.fail(ctx, exports[f].name, err)
	}
	return nil
}

// invoke calls f, whose result comes back through a return area, and lifts it with lift.
func invoke[T any](ctx context.Context, in *instance, f fn, lift func(*cabi.Reader, uint32) T, args ...uint64) (T, error) {
	var zero T
	ret, err := in.call(ctx, f, args...)
	if err != nil {
		return zero, err
	}
	r := in.reader()
	v := lift(r, uint32(ret))
	if err := in.lifted(ctx, f, r); err != nil {
		return zero, err
	}
	if err := in.post(ctx, f, ret); err != nil {
		return zero, err
	}
	return v, nil
}

// invokeResult calls f, whose result is result<T, error> in a return area with its payload at offset
// payload: the ok value is lifted with lift, the error becomes an *Error.
func invokeResult[T any](ctx context.Context, in *instance, f fn, payload uint32, lift func(*cabi.Reader, uint32) T, args ...uint64) (T, error) {
	var zero T
	ret, err := in.call(ctx, f, args...)
	if err != nil {
		return zero, err
	}
	r := in.reader()
	var v T
	var kerr *Error
	if p := uint32(ret); r.Case(p, 2) == 0 {
		v = lift(r, p+payload)
	} else {
		e := liftError(r, p+payload)
		kerr = &e
	}
	if err := in.lifted(ctx, f, r); err != nil {
		return zero, err
	}
	if err := in.post(ctx, f, ret); err != nil {
		return zero, err
	}
	if kerr != nil {
		return zero, kerr
	}
	return v, nil
}

// load is engine.load: it leaves the loaded engine's rep in in.rep.
func (in *instance) load(ctx context.Context, rulebook string) error {
	h, err := in.callEngineLoad(ctx, rulebook)
	if err != nil {
		return err
	}
	// Lifting own<engine> moves the resource out of the instance's handle table: the host owns it now and
	// passes its rep to the methods (lowering borrow<engine> into the implementing instance is the rep).
	rep, ok := in.handles.remove(h)
	if !ok {
		return in.fail(ctx, exports[fnEngineLoad].name, fmt.Errorf("returned handle %d, which is not in the table", h))
	}
	in.rep = rep
	return nil
}

// drop runs the destructor ([dtor]engine) of every engine loaded, freeing the rulebooks inside the instance.
func (in *instance) drop(ctx context.Context) error {
	for _, rep := range []*uint32{&in.rep2, &in.rep} {
		if *rep == 0 {
			continue
		}
		r := *rep
		*rep = 0
		if _, err := in.call(ctx, fnDtor, uint64(r)); err != nil {
			return err
		}
	}
	return nil
}

// handleTable is the instance's table of own<engine> handles: [resource-new] adds the guest's rep and
// returns a handle (indices start at 1, as in the spec, so 0 is never a handle).
type handleTable struct {
	slots []handleSlot
}

type handleSlot struct {
	rep  uint32
	used bool
}

func (t *handleTable) add(rep uint32) uint32 {
	for i := range t.slots {
		if !t.slots[i].used {
			t.slots[i] = handleSlot{rep, true}
			return uint32(i + 1)
		}
	}
	t.slots = append(t.slots, handleSlot{rep, true})
	return uint32(len(t.slots))
}

func (t *handleTable) get(h uint32) (uint32, bool) {
	if h == 0 || int(h) > len(t.slots) || !t.slots[h-1].used {
		return 0, false
	}
	return t.slots[h-1].rep, true
}

func (t *handleTable) remove(h uint32) (uint32, bool) {
	rep, ok := t.get(h)
	if ok {
		t.slots[h-1] = handleSlot{}
	}
	return rep, ok
}
