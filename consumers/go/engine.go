package kassa

// Engine: a loaded rulebook, safe for concurrent use. Each instance that serves an Engine has the rulebook
// loaded into it (lazily, when the pool needs one more); when the Engine is closed its instances run the
// engine's destructor and go back to the Runtime's idle pool.

import (
	"context"
	"errors"
	"slices"

	"go.opentelemetry.io/otel/trace"
)

// Engine is a loaded, checked rulebook. It is safe for concurrent use by many goroutines.
type Engine struct {
	loaded   // instances with this rulebook loaded
	rulebook string
	info     EngineInfo
}

// A LoadOption configures Load.
type LoadOption func(*loadConfig)

type loadConfig struct{ runtime *Runtime }

// WithRuntime makes Load use r instead of the default Runtime.
func WithRuntime(r *Runtime) LoadOption {
	return func(c *loadConfig) { c.runtime = r }
}

// Load checks and loads a rulebook (JSON). A rulebook with problems fails with an *Error whose Problems
// lists every one of them. Load uses the default Runtime unless WithRuntime is given.
func Load(ctx context.Context, rulebook []byte, opts ...LoadOption) (*Engine, error) {
	var cfg loadConfig
	for _, o := range opts {
		o(&cfg)
	}
	r := cfg.runtime
	if r == nil {
		var err error
		if r, err = DefaultRuntime(ctx); err != nil {
			return nil, err
		}
	}
	return r.Load(ctx, rulebook)
}

// Load checks and loads a rulebook (JSON) into an Engine that runs on r.
func (r *Runtime) Load(ctx context.Context, rulebook []byte) (*Engine, error) {
	sp := r.startSpan(ctx, spanLoad)
	e, err := r.load(ctx, rulebook)
	endLoad(sp, e, err)
	return e, err
}

func (r *Runtime) load(ctx context.Context, rulebook []byte) (*Engine, error) {
	if err := r.acquire(ctx); err != nil {
		return nil, err
	}
	defer r.releaseSlot()
	e := &Engine{loaded: loaded{r: r, pool: pool{max: r.cfg.maxIdle}}, rulebook: string(rulebook)}
	in, err := e.get(ctx)
	if err != nil {
		return nil, err
	}
	e.info, err = in.callEngineInfo(ctx, in.rep)
	e.put(ctx, in)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// get returns an instance with the rulebook loaded: an idle one, or a stateless one it loads the rulebook
// into.
func (e *Engine) get(ctx context.Context) (*instance, error) {
	return e.loaded.get(ctx, func(in *instance) error {
		if err := in.load(ctx, e.rulebook); err != nil {
			e.r.put(ctx, in)
			return err
		}
		return nil
	})
}

// loaded is the pool of instances with rulebooks loaded that an Engine or a Replay keeps, over the Runtime's
// pool of empty instances.
type loaded struct {
	r    *Runtime
	pool pool
}

// get returns an idle instance, or a stateless one from the Runtime given to load, which loads the owner's
// rulebooks into it and, when it fails, hands the instance back itself.
func (l *loaded) get(ctx context.Context, load func(in *instance) error) (*instance, error) {
	if l.r.idle.isClosed() { // the Runtime closed every instance, including the ones in l.pool
		return nil, ErrClosed
	}
	if in := l.pool.take(); in != nil {
		return in, nil
	}
	if l.pool.isClosed() {
		return nil, ErrClosed
	}
	in, err := l.r.get(ctx)
	if err != nil {
		return nil, err
	}
	if err := load(in); err != nil {
		return nil, err
	}
	in.reused = false // this call paid for loading the rulebooks
	return in, nil
}

// put keeps in for its owner, or unloads its rulebooks and hands it back to the Runtime.
func (l *loaded) put(ctx context.Context, in *instance) {
	if in.broken {
		l.r.discard(ctx, in)
		return
	}
	if !l.pool.give(in) {
		l.unload(ctx, in)
	}
}

func (l *loaded) unload(ctx context.Context, in *instance) {
	_ = in.drop(context.WithoutCancel(ctx)) // a failure marks the instance broken: put discards it
	l.r.put(ctx, in)
}

// do runs fn on an instance that has the rulebook loaded.
func (e *Engine) do(ctx context.Context, fn func(in *instance) error) error {
	if err := e.r.acquire(ctx); err != nil {
		return err
	}
	defer e.r.releaseSlot()
	in, err := e.get(ctx)
	if err != nil {
		return err
	}
	err = fn(in)
	e.put(ctx, in)
	return err
}

// Quote prices a cart. A cart the engine cannot price fails with an *Error (code, path, message).
func (e *Engine) Quote(ctx context.Context, cart Cart) (*Quote, error) {
	sp := e.r.startSpan(ctx, spanQuote)
	var q Quote
	err := e.do(ctx, func(in *instance) (err error) {
		q, err = in.callQuoteCart(ctx, in.rep, &cart)
		ranOn(sp, in)
		return err
	})
	if errors.Is(err, ErrInvalidArgument) {
		// A string that is not UTF-8 cannot cross as a WIT string: the engine reads the cart's canonical JSON
		// instead and reports it (cart-invalid, invalid-unicode at its pointer), as in every host.
		var out []byte
		if out, err = e.quoteJSON(ctx, sp, cart.AppendJSON(nil)); err == nil {
			err = decodeCanonical(out, &q)
		}
	}
	e.endQuote(sp, &cart, &q, err)
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// ShippingOptions lists every shipping method of the rulebook for a cart, in rulebook order: each priced as
// Quote would price the cart with that method (Shipping), or unavailable with the problem that quote would
// report (Unavailable). The cart's own ShippingMethod is ignored. It fails as Quote of the cart without a
// method fails (docs/rulebook.md, "shipping.methods").
func (e *Engine) ShippingOptions(ctx context.Context, cart Cart) ([]ShippingOption, error) {
	sp := e.r.startSpan(ctx, spanShippingOptions)
	var out []ShippingOption
	err := e.do(ctx, func(in *instance) (err error) {
		out, err = in.callShippingOptions(ctx, in.rep, &cart)
		ranOn(sp, in)
		return err
	})
	e.endShippingOptions(sp, &cart, out, err)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ShippingOptionsJSON is ShippingOptions on a cart given as canonical JSON (read as QuoteJSON reads it),
// returning the options' canonical JSON (a list): the same bytes in every host.
func (e *Engine) ShippingOptionsJSON(ctx context.Context, cart []byte) ([]byte, error) {
	sp := e.r.startSpan(ctx, spanShippingOptions)
	var out string
	err := e.do(ctx, func(in *instance) (err error) {
		out, err = in.callEngineShippingOptionsJSON(ctx, in.rep, cart)
		ranOn(sp, in)
		return err
	})
	e.endJSON(sp, err)
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// Validate checks an order at checkout. Findings are in the report, not in the error: the error is only
// for calls that could not run (ErrClosed, ErrTrap, a cancelled context).
func (e *Engine) Validate(ctx context.Context, order Order) (*ValidationReport, error) {
	sp := e.r.startSpan(ctx, spanValidate)
	var rep ValidationReport
	err := e.do(ctx, func(in *instance) (err error) {
		rep, err = in.callValidateOrder(ctx, in.rep, &order)
		ranOn(sp, in)
		return err
	})
	if errors.Is(err, ErrInvalidArgument) {
		// As in Quote: a string that is not UTF-8 is reported by the engine, here as a finding of the report.
		var out []byte
		if out, err = e.validateJSON(ctx, sp, order.AppendJSON(nil)); err == nil {
			err = decodeCanonical(out, &rep)
		}
	}
	e.endValidate(sp, &order, &rep, err)
	if err != nil {
		return nil, err
	}
	return &rep, nil
}

// QuoteJSON prices the cart in cart, Kassa's canonical JSON (docs/wire.md: the WIT names as keys, decimals
// and timestamps as strings), and returns the quote's canonical JSON: the same bytes in every host. The cart
// is read strictly: an unknown key (with a suggestion for a camelCase or snake_case spelling of a known one),
// a JSON number where a decimal string belongs or text that is not UTF-8 fails with an *Error cart-invalid
// listing every finding at its JSON Pointer, as a cart that breaks an order rule does; malformed JSON is
// invalid-json.
func (e *Engine) QuoteJSON(ctx context.Context, cart []byte) ([]byte, error) {
	sp := e.r.startSpan(ctx, spanQuote)
	out, err := e.quoteJSON(ctx, sp, cart)
	e.endJSON(sp, err)
	return out, err
}

func (e *Engine) quoteJSON(ctx context.Context, sp trace.Span, cart []byte) ([]byte, error) {
	var out string
	err := e.do(ctx, func(in *instance) (err error) {
		out, err = in.callEngineQuoteJSON(ctx, in.rep, cart)
		ranOn(sp, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// ValidateJSON checks the order in order, Kassa's canonical JSON, and returns the validation report's
// canonical JSON. An order that is not one (read as QuoteJSON reads a cart) is reported like any invalid
// order; the error is for malformed JSON (invalid-json), the input limits and calls that could not run.
func (e *Engine) ValidateJSON(ctx context.Context, order []byte) ([]byte, error) {
	sp := e.r.startSpan(ctx, spanValidate)
	out, err := e.validateJSON(ctx, sp, order)
	e.endJSON(sp, err)
	return out, err
}

func (e *Engine) validateJSON(ctx context.Context, sp trace.Span, order []byte) ([]byte, error) {
	var out string
	err := e.do(ctx, func(in *instance) (err error) {
		out, err = in.callEngineValidateJSON(ctx, in.rep, order)
		ranOn(sp, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return []byte(out), nil
}

// Info identifies the loaded rulebook and the engine (read once, at load).
func (e *Engine) Info() EngineInfo {
	info := e.info
	info.Data = slices.Clone(info.Data)
	return info
}

// Close releases the engine's instances. Calls after Close fail with ErrClosed; calls in progress finish.
func (e *Engine) Close(ctx context.Context) error {
	for _, in := range e.pool.drain() {
		e.unload(ctx, in)
	}
	return nil
}
