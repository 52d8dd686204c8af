package kassa

// Runtime: the compiled engine module and the pools of its instances. One wazero.CompiledModule per
// Runtime; every call borrows an instance from a pool, so a Runtime (and every Engine) is safe for
// concurrent use although a wasm instance is not.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"go.opentelemetry.io/otel/trace"

	"github.com/kassa-engine/kassa/consumers/go/internal/interrupt"
	"github.com/kassa-engine/kassa/consumers/go/internal/wasm"
)

// Runtime holds the compiled engine and the instances it runs in. Create one with NewRuntime and share it;
// the package-level functions (Load, Round, ValidateField, ...) use a default Runtime created on first use.
type Runtime struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	cache    wazero.CompilationCache // nil when running without a compilation cache (cache.go)
	cfg      config
	// interruptible: the module carries the interrupt checks (internal/interrupt), so a call can be stopped
	// by setting its instance's flag. False with WithCloseOnContextDone(false), and when the checks could not
	// be added (then wazero's own, slower WithCloseOnContextDone does the job).
	interruptible bool

	// instances maps each live module to its instance, for the resource intrinsics, which only get the
	// calling module.
	instances sync.Map // api.Module -> *instance
	memMax    uint64   // the memory cap of an instance, in bytes
	idle      pool     // instances with no engine loaded
	slots     chan struct{}

	closeOnce sync.Once
}

type config struct {
	closeOnDone      bool
	wazeroAbort      bool // tests: use wazero's WithCloseOnContextDone even when the checks can be added
	memoryLimitPages uint32
	cache            cacheChoice
	maxIdle          int
	maxInstances     int
	tracer           trace.Tracer // WithTracerProvider; nil: the global provider (otel.go)
}

// A RuntimeOption configures NewRuntime.
type RuntimeOption func(*config)

// WithMemoryLimitMiB caps the linear memory of each instance (default DefaultMemoryLimitMiB, 256: the
// `memory` limit of docs/limits.md, which is also the maximum the wasm module declares, so a larger cap has no
// effect). A call that needs more fails with an *Error limit-exceeded, param limit = "memory" (errors.Is
// ErrLimitExceeded), and its instance is replaced. With the default every input within the engine's input
// limits fits; a lower cap may refuse some of them.
func WithMemoryLimitMiB(mib uint32) RuntimeOption {
	return func(c *config) { c.memoryLimitPages = mib * 16 } // a wasm page is 64 KiB
}

// WithCloseOnContextDone decides whether a context that ends during a call aborts it (default true): the
// call stops at the engine's next loop iteration and returns the context's error. The abort costs a check
// compiled into every loop of the engine (a few percent) and, for a context that can end (ctx.Done() is not
// nil), a context.AfterFunc registration per call (see the README). With false, a done context is still
// refused before a call starts, and calls stay bounded by the engine's input limits.
func WithCloseOnContextDone(enabled bool) RuntimeOption {
	return func(c *config) { c.closeOnDone = enabled }
}

// WithCompilationCacheDir keeps the compiled machine code in dir instead of the default cache directory
// (the user's cache directory joined with "kassa", or $KASSA_CACHE_DIR), so that a new process skips
// compilation (see the README for cold-start figures). The directory is created if needed; an empty dir turns
// the cache off (as does KASSA_CACHE_DIR=off). Unlike the default one, a dir that cannot be used is an error.
func WithCompilationCacheDir(dir string) RuntimeOption {
	return func(c *config) { c.cache = cacheChoice{dir: dir, explicit: dir != ""} }
}

// WithMaxIdleInstances is how many idle instances each pool keeps for reuse (default GOMAXPROCS). Each
// Engine has its own pool (instances with its rulebook loaded), and the Runtime one for the stateless
// functions.
func WithMaxIdleInstances(n int) RuntimeOption {
	return func(c *config) { c.maxIdle = n }
}

// WithMaxInstances bounds how many calls run at once across the Runtime (0, the default, is unbounded).
// Further calls wait for a free slot or for their context to end. Each running call holds one instance,
// so this bounds memory to about n times the memory limit plus the idle instances.
func WithMaxInstances(n int) RuntimeOption {
	return func(c *config) { c.maxInstances = n }
}

// NewRuntime compiles the embedded engine, or reads the machine code from the compilation cache (on by
// default, see WithCompilationCacheDir): a few milliseconds with the cache, about a second without it on a
// small machine (see the README). Create one Runtime per process and share it.
func NewRuntime(ctx context.Context, opts ...RuntimeOption) (*Runtime, error) {
	cfg := config{closeOnDone: true, memoryLimitPages: DefaultMemoryLimitMiB * 16, maxIdle: runtime.GOMAXPROCS(0),
		cache: defaultCache()}
	for _, o := range opts {
		o(&cfg)
	}
	r, err := newRuntime(ctx, cfg)
	if err != nil && r != nil && r.cache != nil {
		// The cached entry could not be read (wazero checks each entry's checksum and then fails the compile):
		// forget it, compile afresh and write it again.
		if derr := dropCache(ctx, r.cache, cfg.cache); derr != nil {
			return nil, errors.Join(err, derr)
		}
		r, err = newRuntime(ctx, cfg)
		if err != nil && !cfg.cache.explicit {
			// The default cache is best effort (a full or read-only disk, say): run without it.
			cfg.cache = cacheChoice{}
			r, err = newRuntime(ctx, cfg)
		}
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// newRuntime makes a Runtime; when its compile fails with a cache, the returned Runtime (closed but for its
// cache) lets NewRuntime drop the cache and try again.
func newRuntime(ctx context.Context, cfg config) (*Runtime, error) {
	r := &Runtime{cfg: cfg, idle: pool{max: cfg.maxIdle}}
	code := wasm.Core
	if cfg.closeOnDone && !cfg.wazeroAbort {
		// Loop checks of a flag the host sets when the context ends (instance.call). A module the rewriter
		// cannot read (an instruction set it does not know) falls back to wazero's own mechanism below.
		if checked, _, err := interrupt.Instrument(code, interruptGlobal, interruptEvery); err == nil {
			code, r.interruptible = checked, true
		}
	}
	rc := wazero.NewRuntimeConfig().
		// wazero's abort leaves the machine code for Go at every loop iteration (about 4x slower quotes): only
		// when the module could not be given its own checks.
		WithCloseOnContextDone(cfg.closeOnDone && !r.interruptible).
		WithMemoryLimitPages(cfg.memoryLimitPages)
	cache, err := openCache(cfg.cache)
	if err != nil {
		return nil, err
	}
	if cache != nil {
		r.cache = cache
		rc = rc.WithCompilationCache(cache)
	}
	if cfg.maxInstances > 0 {
		r.slots = make(chan struct{}, cfg.maxInstances)
	}
	r.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	if err := r.init(ctx, code); err != nil {
		_ = r.rt.Close(ctx)
		if r.cache == nil {
			return nil, err
		}
		return r, err
	}
	return r, nil
}

func (r *Runtime) init(ctx context.Context, code []byte) error {
	i32 := []api.ValueType{api.ValueTypeI32}
	_, err := r.rt.NewHostModuleBuilder(resourceModule).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(r.resourceNew), i32, i32).Export("[resource-new]engine").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(r.resourceRep), i32, i32).Export("[resource-rep]engine").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(r.resourceDrop), i32, nil).Export("[resource-drop]engine").
		Instantiate(ctx)
	if err != nil {
		return fmt.Errorf("kassa: resource intrinsics: %w", err)
	}
	if r.compiled, err = r.rt.CompileModule(ctx, code); err != nil {
		return fmt.Errorf("kassa: compiling the engine: %w", err)
	}
	// The cap an instance runs with: the configured one, or the module's declared maximum if that is lower.
	r.memMax = uint64(r.cfg.memoryLimitPages) * wasmPage
	if m, ok := r.compiled.ExportedMemories()["memory"]; ok {
		if max, ok := m.Max(); ok && uint64(max)*wasmPage < r.memMax {
			r.memMax = uint64(max) * wasmPage
		}
	}
	return checkSignatures(r.compiled)
}

// wasmPage is the size of a page of wasm linear memory.
const wasmPage = 64 * 1024

// checkSignatures fails early, with the name of the function, when the embedded module does not have the
// core signatures this glue lowers to (a WIT change the glue has not followed).
func checkSignatures(m wazero.CompiledModule) error {
	defs := m.ExportedFunctions()
	check := func(name, params, results string) error {
		d, ok := defs[name]
		if !ok {
			return fmt.Errorf("kassa: the engine does not export %s (glue written for contract %s)", name, ContractVersion)
		}
		if letters(d.ParamTypes()) != params || letters(d.ResultTypes()) != results {
			return fmt.Errorf("kassa: %s has core signature %q -> %q, the glue expects %q -> %q (i: i32, I: i64)",
				name, letters(d.ParamTypes()), letters(d.ResultTypes()), params, results)
		}
		return nil
	}
	for _, e := range exports {
		if err := check(e.name, e.params, e.results); err != nil {
			return err
		}
		if _, ok := defs["cabi_post_"+e.name]; ok != e.post {
			return fmt.Errorf("kassa: cabi_post_%s: present=%v, the glue expects %v", e.name, ok, e.post)
		}
	}
	return check(realloc, "iiii", "i")
}

// letters writes a core signature as the export table does: i an i32, I an i64, ? anything else.
func letters(ts []api.ValueType) string {
	b := make([]byte, len(ts))
	for i, t := range ts {
		switch t {
		case api.ValueTypeI32:
			b[i] = 'i'
		case api.ValueTypeI64:
			b[i] = 'I'
		default:
			b[i] = '?'
		}
	}
	return string(b)
}

// Close releases every instance and the compiled code. Engines loaded from r stop working (ErrClosed).
// Close after the calls in flight have returned: a call still running when its instance closes fails.
func (r *Runtime) Close(ctx context.Context) error {
	var err error
	r.closeOnce.Do(func() {
		for _, in := range r.idle.drain() {
			r.discard(ctx, in)
		}
		err = r.rt.Close(ctx)
		if r.cache != nil {
			err = errors.Join(err, r.cache.Close(ctx))
		}
	})
	return err
}

// ---- instances ----------------------------------------------------------------------------------------

// acquire waits for a call slot (WithMaxInstances); release gives it back.
func (r *Runtime) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.slots == nil {
		return nil
	}
	select {
	case r.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Runtime) releaseSlot() {
	if r.slots != nil {
		<-r.slots
	}
}

// get returns an idle instance with no engine loaded, or a new one.
func (r *Runtime) get(ctx context.Context) (*instance, error) {
	if in := r.idle.take(); in != nil {
		return in, nil
	}
	if r.idle.isClosed() {
		return nil, ErrClosed
	}
	// Anonymous (no name), so that any number of instances can live in one wazero runtime.
	mod, err := r.rt.InstantiateModule(ctx, r.compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		if r.idle.isClosed() {
			return nil, ErrClosed
		}
		return nil, fmt.Errorf("kassa: instantiating the engine: %w", err)
	}
	in, err := newInstance(mod, r.interruptible, r.memMax)
	if err != nil {
		_ = mod.Close(ctx)
		return nil, err
	}
	r.instances.Store(mod, in)
	return in, nil
}

// put returns an instance with no engine loaded to the idle pool, or discards it.
func (r *Runtime) put(ctx context.Context, in *instance) {
	if in.broken || in.rep != 0 || !r.idle.give(in) {
		r.discard(ctx, in)
	}
}

func (r *Runtime) discard(ctx context.Context, in *instance) {
	r.instances.Delete(in.mod)
	in.close(context.WithoutCancel(ctx))
}

// do runs fn on a stateless instance: the money, field and meta functions.
func (r *Runtime) do(ctx context.Context, fn func(in *instance) error) error {
	if err := r.acquire(ctx); err != nil {
		return err
	}
	defer r.releaseSlot()
	in, err := r.get(ctx)
	if err != nil {
		return err
	}
	err = fn(in)
	r.put(ctx, in)
	return err
}

// ---- resource intrinsics (what `component new` provides for an exported resource) ----------------------

func (r *Runtime) instanceOf(mod api.Module) *instance {
	in, ok := r.instances.Load(mod)
	if !ok {
		panic("kassa: resource intrinsic called by an unknown instance") // becomes a trap of the caller
	}
	return in.(*instance)
}

// resourceNew is [resource-new]engine(rep) -> handle.
func (r *Runtime) resourceNew(_ context.Context, mod api.Module, stack []uint64) {
	stack[0] = uint64(r.instanceOf(mod).handles.add(uint32(stack[0])))
}

// resourceRep is [resource-rep]engine(handle) -> rep (not imported by today's build; kept for completeness).
func (r *Runtime) resourceRep(_ context.Context, mod api.Module, stack []uint64) {
	rep, ok := r.instanceOf(mod).handles.get(uint32(stack[0]))
	if !ok {
		panic(fmt.Sprintf("kassa: [resource-rep]engine: unknown handle %d", stack[0]))
	}
	stack[0] = uint64(rep)
}

// resourceDrop is [resource-drop]engine(handle): it drops an own handle, which runs the destructor.
func (r *Runtime) resourceDrop(ctx context.Context, mod api.Module, stack []uint64) {
	in := r.instanceOf(mod)
	rep, ok := in.handles.remove(uint32(stack[0]))
	if !ok {
		panic(fmt.Sprintf("kassa: [resource-drop]engine: unknown handle %d", stack[0]))
	}
	if _, err := in.fns[fnDtor].Call(ctx, uint64(rep)); err != nil {
		panic(err)
	}
}

// WasmSHA256 is the sha256 (hex) of the embedded engine module (dist/kassa.core.wasm of the build it was
// copied from), for logs and for checking which engine build a service runs.
func WasmSHA256() string { return wasmSHA256() }

var wasmSHA256 = sync.OnceValue(func() string {
	sum := sha256.Sum256(wasm.Core)
	return hex.EncodeToString(sum[:])
})

// ---- the default runtime -----------------------------------------------------------------------------

var defaultRuntime struct {
	sync.Mutex
	r *Runtime
}

// DefaultRuntime is the Runtime behind the package-level functions, created with default options on first
// use. A failed creation is not remembered: the next call tries again.
func DefaultRuntime(ctx context.Context) (*Runtime, error) {
	defaultRuntime.Lock()
	defer defaultRuntime.Unlock()
	if defaultRuntime.r == nil {
		// The Runtime outlives this call: do not let the caller's deadline cut its compilation short.
		r, err := NewRuntime(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		defaultRuntime.r = r
	}
	return defaultRuntime.r, nil
}

// ---- pool ---------------------------------------------------------------------------------------------

// pool is a bounded stack of idle instances (the most recently used first: its memory is warm).
type pool struct {
	mu     sync.Mutex
	idle   []*instance
	max    int
	closed bool
}

func (p *pool) take() *instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.idle); n > 0 {
		in := p.idle[n-1]
		p.idle = p.idle[:n-1]
		in.reused = true
		return in
	}
	return nil
}

// give keeps in for reuse; false when the pool is full or closed (the caller disposes of in).
func (p *pool) give(in *instance) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.idle) >= p.max {
		return false
	}
	p.idle = append(p.idle, in)
	return true
}

func (p *pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// drain closes the pool and returns its idle instances.
func (p *pool) drain() []*instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	return idle
}
