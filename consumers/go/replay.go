package kassa

// Replay: an old and a new rulebook loaded side by side, to replay historical carts under both (the
// contract's replay function; docs/replay.md). Each instance that serves a Replay holds both rulebooks, since
// the function takes the two engines in one instance; otherwise it pools instances like Engine.

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// Replay holds an old and a new rulebook. It is safe for concurrent use by many goroutines.
type Replay struct {
	loaded   // instances with both rulebooks loaded (rep: old, rep2: new)
	old, new string
}

// LoadReplay checks and loads both rulebooks (JSON). A rulebook with problems fails with an *Error whose
// Problems lists every one of them. It uses the default Runtime unless WithRuntime is given.
func LoadReplay(ctx context.Context, old, new []byte, opts ...LoadOption) (*Replay, error) {
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
	return r.LoadReplay(ctx, old, new)
}

// LoadReplay checks and loads both rulebooks (JSON) into a Replay that runs on r.
func (r *Runtime) LoadReplay(ctx context.Context, old, new []byte) (*Replay, error) {
	if err := r.acquire(ctx); err != nil {
		return nil, err
	}
	defer r.releaseSlot()
	p := &Replay{loaded: loaded{r: r, pool: pool{max: r.cfg.maxIdle}}, old: string(old), new: string(new)}
	in, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	p.put(ctx, in)
	return p, nil
}

// get returns an instance with both rulebooks loaded: an idle one, or a stateless one it loads them into.
func (p *Replay) get(ctx context.Context) (*instance, error) {
	return p.loaded.get(ctx, func(in *instance) error {
		// The old rulebook first, so that when both fail the error is the old one's, as in every host.
		if err := in.load(ctx, p.old); err != nil {
			p.r.put(ctx, in)
			return err
		}
		old := in.rep
		in.rep = 0
		err := in.load(ctx, p.new)
		in.rep, in.rep2 = old, in.rep // rep2 stays 0 when the new rulebook did not load
		if err != nil {
			p.unload(ctx, in)
		}
		return err
	})
}

// Replay quotes cart under the old and the new rulebook and says what changed: grand totals, tax per rule,
// promotions newly applied or rejected, and the error of a side that does not quote. line (from 1) is
// copied into the record. A cart that does not quote is part of the record, not an error; the error is for
// calls that could not run (ErrClosed, ErrTrap, a cancelled context).
func (p *Replay) Replay(ctx context.Context, line uint64, cart Cart) (*ReplayRecord, error) {
	sp := p.r.startSpan(ctx, spanReplay)
	rec, err := p.replay(ctx, sp, line, &cart)
	endReplay(sp, line, &cart, rec, err)
	return rec, err
}

func (p *Replay) replay(ctx context.Context, sp trace.Span, line uint64, cart *Cart) (*ReplayRecord, error) {
	if err := p.r.acquire(ctx); err != nil {
		return nil, err
	}
	defer p.r.releaseSlot()
	in, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := in.callReplay(ctx, in.rep, in.rep2, line, cart)
	ranOn(sp, in)
	p.put(ctx, in)
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// Close releases the instances. Calls after Close fail with ErrClosed; calls in progress finish.
func (p *Replay) Close(ctx context.Context) error {
	for _, in := range p.pool.drain() {
		p.unload(ctx, in)
	}
	return nil
}
