package kassa

// The WIT functions on one instance: lower the arguments, call, lift. Everything about pools, errors seen
// by users and concurrency is in runtime.go and engine.go.

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

func liftU32(r *cabi.Reader, p uint32) uint32 { return r.U32(p) }

func liftStrings(r *cabi.Reader, p uint32) []string {
	return cabi.LiftList(r, p, cabi.String, liftString)
}

// load is engine.load: it leaves the loaded engine's rep in in.rep.
func (in *instance) load(ctx context.Context, rulebook string) error {
	p, n := in.writer(ctx).Str(rulebook)
	if err := in.lowered(fnLoad); err != nil {
		return err
	}
	h, err := invokeResult(ctx, in, fnLoad, cabi.U32, liftU32, uint64(p), uint64(n))
	if err != nil {
		return err
	}
	// Lifting own<engine> moves the resource out of the instance's handle table: the host owns it now and
	// passes its rep to the methods (lowering borrow<engine> into the implementing instance is the rep).
	rep, ok := in.handles.remove(h)
	if !ok {
		return in.fail(ctx, exports[fnLoad].name, fmt.Errorf("returned handle %d, which is not in the table", h))
	}
	in.rep = rep
	return nil
}

// drop runs the engine's destructor ([dtor]engine), freeing the rulebook inside the instance.
func (in *instance) drop(ctx context.Context) error {
	if in.rep == 0 {
		return nil
	}
	rep := in.rep
	in.rep = 0
	_, err := in.call(ctx, fnDtor, uint64(rep))
	return err
}

func (in *instance) info(ctx context.Context) (EngineInfo, error) {
	return invoke(ctx, in, fnInfo, liftEngineInfo, uint64(in.rep))
}

func (in *instance) quote(ctx context.Context, cart *Cart) (*Quote, error) {
	// 1 + 15 cart fields flatten to more than 16 values: the arguments are spilled to memory as a tuple.
	w := in.writer(ctx)
	img := make([]byte, lQuoteArgs.Size)
	f := cabi.Fields{}
	cabi.PutU32(img, f.Next(cabi.U32), in.rep)
	lowerCart(w, img[f.Next(lCart):], cart)
	args := w.Store(lQuoteArgs.Align, img)
	if err := in.lowered(fnQuote); err != nil {
		return nil, err
	}
	return invokeResult(ctx, in, fnQuote, lQuote, liftQuote, uint64(args))
}

func (in *instance) validate(ctx context.Context, order *Order) (*ValidationReport, error) {
	w := in.writer(ctx)
	img := make([]byte, lValidateArgs.Size)
	f := cabi.Fields{}
	cabi.PutU32(img, f.Next(cabi.U32), in.rep)
	lowerOrder(w, img[f.Next(lOrder):], order)
	args := w.Store(lValidateArgs.Align, img)
	if err := in.lowered(fnValidate); err != nil {
		return nil, err
	}
	return invoke(ctx, in, fnValidate, liftReport, uint64(args))
}

// callStrings calls f with strs lowered as (ptr, len) pairs followed by the flat values tail; its result
// is result<T, error>. This is the shape of every money function.
func callStrings[T any](ctx context.Context, in *instance, f fn, ok cabi.Layout, lift func(*cabi.Reader, uint32) T, strs []string, tail ...uint64) (T, error) {
	var buf [6]uint64
	args := buf[:0]
	w := in.writer(ctx)
	for _, s := range strs {
		p, n := w.Str(s)
		args = append(args, uint64(p), uint64(n))
	}
	args = append(args, tail...)
	if err := in.lowered(f); err != nil {
		var zero T
		return zero, err
	}
	return invokeResult(ctx, in, f, ok, lift, args...)
}

func (in *instance) allocate(ctx context.Context, amount, currency string, ratios []string) ([]string, error) {
	w := in.writer(ctx)
	ap, an := w.Str(amount)
	cp, cn := w.Str(currency)
	var list [8]byte
	cabi.LowerList(w, list[:], 0, ratios, cabi.String, lowerString)
	if err := in.lowered(fnAllocate); err != nil {
		return nil, err
	}
	lp, ln := binary.LittleEndian.Uint32(list[:]), binary.LittleEndian.Uint32(list[4:])
	return invokeResult(ctx, in, fnAllocate, cabi.List, liftStrings,
		uint64(ap), uint64(an), uint64(cp), uint64(cn), uint64(lp), uint64(ln))
}

// validateField lowers option<string> country as (discriminant, ptr, len); "" is none.
func (in *instance) validateField(ctx context.Context, kind uint32, value, country string) (FieldResult, error) {
	w := in.writer(ctx)
	vp, vn := w.Str(value)
	var some, cp, cn uint32
	if country != "" {
		some = 1
		cp, cn = w.Str(country)
	}
	if err := in.lowered(fnValidateField); err != nil {
		return FieldResult{}, err
	}
	return invoke(ctx, in, fnValidateField, liftFieldResult,
		uint64(kind), uint64(vp), uint64(vn), uint64(some), uint64(cp), uint64(cn))
}

func (in *instance) versions(ctx context.Context) (About, error) {
	return invoke(ctx, in, fnVersions, liftAbout)
}
