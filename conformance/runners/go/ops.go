package main

// One function per protocol op, each calling the public Go API and returning a value whose JSON is the
// canonical JSON (the Go types carry the WIT names as json tags).

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// loaded is a cached Load outcome: runners load each distinct rulebook text once.
type loaded struct {
	engine *kassa.Engine
	err    error
}

type handler struct {
	ctx     context.Context
	engines map[string]loaded
	replays map[[2]string]replayLoaded
}

// replayLoaded is a cached LoadReplay outcome, per pair of rulebook texts (old, new).
type replayLoaded struct {
	replay *kassa.Replay
	err    error
}

func (h *handler) engine(req *request) (*kassa.Engine, error) {
	if req.Rulebook == nil {
		return nil, fmt.Errorf("op %s needs a rulebook", req.Op)
	}
	l, ok := h.engines[*req.Rulebook]
	if !ok {
		l.engine, l.err = kassa.Load(h.ctx, []byte(*req.Rulebook))
		h.engines[*req.Rulebook] = l
	}
	return l.engine, l.err
}

func (h *handler) handle(req *request) (any, error) {
	ctx := h.ctx
	a, err := parseArgs(req.Input)
	if err != nil {
		return nil, err
	}
	switch req.Op {
	case "quote-json", "validate-json":
		eng, err := h.engine(req)
		if err != nil {
			return nil, err
		}
		var in struct {
			Text *string `json:"text"`
			Hex  *string `json:"hex"`
		}
		if err := json.Unmarshal(req.Input, &in); err != nil {
			return nil, err
		}
		var body []byte
		switch {
		case in.Hex != nil:
			if body, err = hex.DecodeString(*in.Hex); err != nil {
				return nil, err
			}
		case in.Text != nil:
			body = []byte(*in.Text)
		default:
			return nil, fmt.Errorf("op %s needs input text or hex", req.Op)
		}
		var out []byte
		if req.Op == "quote-json" {
			out, err = eng.QuoteJSON(ctx, body)
		} else {
			out, err = eng.ValidateJSON(ctx, body)
		}
		if err != nil {
			return nil, err
		}
		return wireText(out), nil
	case "load", "info", "quote", "shipping-options", "validate":
		eng, err := h.engine(req)
		if err != nil {
			return nil, err
		}
		switch req.Op {
		case "quote":
			var cart kassa.Cart
			if err := decodeStrict(req.Input, &cart); err != nil {
				return nil, err
			}
			return eng.Quote(ctx, cart)
		case "shipping-options":
			var cart kassa.Cart
			if err := decodeStrict(req.Input, &cart); err != nil {
				return nil, err
			}
			return eng.ShippingOptions(ctx, cart)
		case "validate":
			var order kassa.Order
			if err := decodeStrict(req.Input, &order); err != nil {
				return nil, err
			}
			return eng.Validate(ctx, order)
		default:
			return eng.Info(), nil
		}
	case "canonical-decimal":
		var v string
		if err := a.get("value", &v); err != nil {
			return nil, err
		}
		return kassa.CanonicalDecimal(ctx, v)
	case "round":
		var v string
		var scale uint32
		var mode kassa.RoundingMode
		if err := a.all(a.get("value", &v), a.get("scale", &scale), a.get("mode", &mode)); err != nil {
			return nil, err
		}
		return kassa.Round(ctx, v, scale, mode)
	case "round-to-increment":
		var v, inc string
		var mode kassa.RoundingMode
		if err := a.all(a.get("value", &v), a.get("increment", &inc), a.get("mode", &mode)); err != nil {
			return nil, err
		}
		return kassa.RoundToIncrement(ctx, v, inc, mode)
	case "round-money", "cash-round":
		var amount, currency string
		var mode kassa.RoundingMode
		if err := a.all(a.get("amount", &amount), a.get("currency", &currency), a.get("mode", &mode)); err != nil {
			return nil, err
		}
		if req.Op == "cash-round" {
			return kassa.CashRound(ctx, amount, currency, mode)
		}
		return kassa.RoundMoney(ctx, amount, currency, mode)
	case "to-minor-units":
		var amount, currency string
		if err := a.all(a.get("amount", &amount), a.get("currency", &currency)); err != nil {
			return nil, err
		}
		return kassa.ToMinorUnits(ctx, amount, currency)
	case "from-minor-units":
		var minor, currency string
		if err := a.all(a.get("minor", &minor), a.get("currency", &currency)); err != nil {
			return nil, err
		}
		return kassa.FromMinorUnits(ctx, minor, currency)
	case "allocate":
		var amount, currency string
		var ratios []string
		if err := a.all(a.get("amount", &amount), a.get("currency", &currency), a.get("ratios", &ratios)); err != nil {
			return nil, err
		}
		return kassa.Allocate(ctx, amount, currency, ratios)
	case "allocate-evenly":
		var amount, currency string
		var parts uint32
		if err := a.all(a.get("amount", &amount), a.get("currency", &currency), a.get("parts", &parts)); err != nil {
			return nil, err
		}
		return kassa.AllocateEvenly(ctx, amount, currency, parts)
	case "currency-info":
		var code string
		if err := a.get("code", &code); err != nil {
			return nil, err
		}
		return kassa.CurrencyInfo(ctx, code)
	case "validate-field":
		var kind kassa.FieldKind
		var value string
		var country *string
		if err := a.all(a.get("kind", &kind), a.get("value", &value), a.opt("country", &country)); err != nil {
			return nil, err
		}
		c := ""
		if country != nil {
			c = *country // the Go API passes "" as no country
		}
		return kassa.ValidateField(ctx, kind, value, c)
	case "validate-fields":
		var requests []kassa.FieldRequest
		if err := a.all(a.get("requests", &requests)); err != nil {
			return nil, err
		}
		return kassa.ValidateFields(ctx, requests)
	case "versions":
		return kassa.Versions(ctx)
	case "replay":
		var newRulebook string
		var line uint64
		var cart kassa.Cart
		if err := a.all(a.get("new", &newRulebook), a.get("line", &line)); err != nil {
			return nil, err
		}
		if err := decodeStrict(a["cart"], &cart); err != nil {
			return nil, err
		}
		if req.Rulebook == nil {
			return nil, fmt.Errorf("op replay needs a rulebook")
		}
		key := [2]string{*req.Rulebook, newRulebook}
		l, ok := h.replays[key]
		if !ok {
			l.replay, l.err = kassa.LoadReplay(ctx, []byte(key[0]), []byte(key[1]))
			h.replays[key] = l
		}
		if l.err != nil {
			return nil, l.err
		}
		return l.replay.Replay(ctx, line, cart)
	default:
		return nil, fmt.Errorf("unknown op %q", req.Op)
	}
}

// args are the members of a money/field input object; missing or null required members are errors (as
// in the native runner, where serde refuses them).
type args map[string]json.RawMessage

func parseArgs(input json.RawMessage) (args, error) {
	a := args{}
	if len(input) == 0 || string(input) == "null" {
		return a, nil
	}
	if err := json.Unmarshal(input, &a); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	return a, nil
}

func (a args) get(key string, v any) error {
	raw, ok := a[key]
	if !ok || string(raw) == "null" {
		return fmt.Errorf("input.%s is missing", key)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("input.%s: %w", key, err)
	}
	return nil
}

func (a args) opt(key string, v any) error {
	if raw, ok := a[key]; ok {
		if err := json.Unmarshal(raw, v); err != nil {
			return fmt.Errorf("input.%s: %w", key, err)
		}
	}
	return nil
}

// all is the first error of several argument reads.
func (a args) all(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
