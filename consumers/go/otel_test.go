package kassa

// The OpenTelemetry convention (docs/observability.md) against its one machine-readable statement,
// conformance/otel/spans.json: every scenario there runs through the public API with the SDK's in-memory
// exporter, and the span's name, kind, scope, parent, attributes (the exact set), events and status must be
// what the file says. The same file drives the Python and JavaScript tests.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// repoRoot is the repository the package is tested in (go test runs in consumers/go).
const repoRoot = "../.."

type otelFixture struct {
	Scope map[string]string `json:"scope"`
	Spans map[string]struct {
		Name       string   `json:"name"`
		Attributes []string `json:"attributes"`
	} `json:"spans"`
	Failure struct {
		Attributes []string `json:"attributes"`
	} `json:"failure"`
	Attributes map[string]json.RawMessage `json:"attributes"`
	Events     map[string]struct {
		Attributes map[string]json.RawMessage `json:"attributes"`
	} `json:"events"`
	Scenarios []otelScenario `json:"scenarios"`
}

type otelScenario struct {
	Name     string `json:"name"`
	Op       string `json:"op"`
	Rulebook string `json:"rulebook"`
	Case     string `json:"case"`
	Warm     bool   `json:"warm"`
	After    string `json:"after"`
	Traps    bool   `json:"traps"`
	Span     struct {
		Name       string                     `json:"name"`
		Status     string                     `json:"status"`
		Attributes map[string]json.RawMessage `json:"attributes"`
		Events     json.RawMessage            `json:"events"`
	} `json:"span"`
}

func readOtelFixture(t *testing.T) *otelFixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "conformance/otel/spans.json"))
	if err != nil {
		t.Skipf("the convention fixture is not here (testing outside the repository?): %v", err)
	}
	var fx otelFixture
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	return &fx
}

// conformanceCase reads "group/name" from conformance/cases.
func conformanceCase(t *testing.T, id string) (op, rulebook string, input json.RawMessage) {
	t.Helper()
	group, name, _ := strings.Cut(id, "/")
	b, err := os.ReadFile(filepath.Join(repoRoot, "conformance/cases", group+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Name     string          `json:"name"`
			Op       string          `json:"op"`
			Rulebook json.RawMessage `json:"rulebook"`
			Input    json.RawMessage `json:"input"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	for _, c := range file.Cases {
		if c.Name == name {
			var rb string
			_ = json.Unmarshal(c.Rulebook, &rb) // a path, or absent for stateless operations
			return c.Op, rb, c.Input
		}
	}
	t.Fatalf("no conformance case %s", id)
	return "", "", nil
}

// TestSpansFollowTheConvention runs the fixture's scenarios in order on one Runtime and one engine.
func TestSpansFollowTheConvention(t *testing.T) {
	fx := readOtelFixture(t)
	ctx := context.Background()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(ctx)
	r, err := NewRuntime(ctx, WithTracerProvider(tp))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	about, err := r.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var eng *Engine
	for _, sc := range fx.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			op, rulebook, input := sc.Op, sc.Rulebook, json.RawMessage(nil)
			if sc.Case != "" {
				op, rulebook, input = conformanceCase(t, sc.Case)
			}
			var cart Cart
			var order Order
			var requests []FieldRequest
			var rep struct {
				New  string `json:"new"`
				Line uint64 `json:"line"`
				Cart Cart   `json:"cart"`
			}
			var replay *Replay
			switch op {
			case "replay":
				mustUnmarshal(t, input, &rep)
				cart = rep.Cart
				old, err := os.ReadFile(filepath.Join(repoRoot, rulebook))
				if err != nil {
					t.Fatal(err)
				}
				newer, err := os.ReadFile(filepath.Join(repoRoot, rep.New))
				if err != nil {
					t.Fatal(err)
				}
				if replay, err = r.LoadReplay(ctx, old, newer); err != nil {
					t.Fatal(err)
				}
				defer replay.Close(ctx)
			case "quote", "shipping-options":
				mustUnmarshal(t, input, &cart)
			case "validate":
				mustUnmarshal(t, input, &order)
			case "validate-fields":
				var in struct {
					Requests []FieldRequest `json:"requests"`
				}
				mustUnmarshal(t, input, &in)
				requests = in.Requests
			}
			if op != "load" && eng == nil {
				t.Fatal("the scenarios must start with a load")
			}
			var q *Quote
			call := func(ctx context.Context) error {
				var err error
				switch {
				case op == "load":
					var text []byte
					if text, err = os.ReadFile(filepath.Join(repoRoot, rulebook)); err == nil {
						eng, err = r.Load(ctx, text)
					}
				case op == "quote" && sc.Traps:
					// The quote's own call into the engine traps (meta.trap-for-testing in its place), through
					// the same span helpers as Quote.
					sp := r.startSpan(ctx, spanQuote)
					err = eng.do(ctx, func(in *instance) error {
						_, err := in.call(ctx, fnTrapForTesting)
						ranOn(sp, in)
						return err
					})
					eng.endQuote(sp, &cart, nil, err)
				case op == "quote":
					q, err = eng.Quote(ctx, cart)
				case op == "shipping-options":
					_, err = eng.ShippingOptions(ctx, cart)
				case op == "validate":
					_, err = eng.Validate(ctx, order)
				case op == "validate-fields":
					_, err = r.ValidateFields(ctx, requests)
				case op == "replay":
					_, err = replay.Replay(ctx, rep.Line, cart)
				default:
					t.Fatalf("unknown op %s", op)
				}
				return err
			}
			if sc.Warm {
				_ = call(ctx)
			}
			if sc.After == "trap" {
				if _, err := trapOn(t, ctx, eng.do); err == nil {
					t.Fatal("trap-for-testing did not trap")
				}
			}
			exp.Reset()
			pctx, parent := tp.Tracer("test").Start(ctx, "request")
			callErr := call(pctx)
			parent.End()

			spans := exp.GetSpans()
			if len(spans) != 2 || spans[1].Name != "request" {
				t.Fatalf("want the kassa span and the request span, got %d spans", len(spans))
			}
			s := spans[0]
			if s.Name != sc.Span.Name || s.Name != fx.Spans[op].Name {
				t.Errorf("name %q, want %q", s.Name, sc.Span.Name)
			}
			if s.SpanKind != trace.SpanKindInternal || s.InstrumentationScope.Name != fx.Scope["go"] {
				t.Errorf("kind %v scope %q", s.SpanKind, s.InstrumentationScope.Name)
			}
			if s.Parent.SpanID() != parent.SpanContext().SpanID() || s.SpanContext.TraceID() != parent.SpanContext().TraceID() {
				t.Error("the kassa span is not a child of the request span")
			}
			switch sc.Span.Status {
			case "unset":
				if s.Status.Code != codes.Unset || callErr != nil {
					t.Errorf("status %v (%s), error %v", s.Status.Code, s.Status.Description, callErr)
				}
			case "error":
				if s.Status.Code != codes.Error || s.Status.Description == "" || callErr == nil {
					t.Errorf("status %v %q, error %v", s.Status.Code, s.Status.Description, callErr)
				}
			}
			got := map[string]any{}
			for _, kv := range s.Attributes {
				got[string(kv.Key)] = kv.Value.AsInterface()
			}
			want := map[string]any{}
			for k, raw := range sc.Span.Attributes {
				want[k] = expectedValue(t, raw, about.EngineVersion, input)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("attributes\n got %v\nwant %v", got, want)
			}
			// The events: none, or one kassa.explain per step of the quote's trace.
			var wantEvents []Traceless
			if string(sc.Span.Events) == `"the quote's trace"` {
				if q == nil {
					t.Fatal("no quote")
				}
				for _, st := range q.Trace {
					wantEvents = append(wantEvents, eventOf(st))
				}
			}
			var gotEvents []Traceless
			for _, ev := range s.Events {
				if ev.Name != eventExplain {
					t.Errorf("event %q", ev.Name)
				}
				m := Traceless{}
				for _, kv := range ev.Attributes {
					m[string(kv.Key)] = kv.Value.AsString()
				}
				gotEvents = append(gotEvents, m)
			}
			if fmt.Sprint(gotEvents) != fmt.Sprint(wantEvents) {
				t.Errorf("events: %d, want %d\n got %v\nwant %v", len(gotEvents), len(wantEvents), gotEvents, wantEvents)
			}
		})
	}
}

// Traceless is one event's attributes as strings.
type Traceless map[string]string

func eventOf(st TraceStep) Traceless {
	m := Traceless{"kassa.explain.kind": st.Kind, "kassa.explain.path": st.Path, "kassa.explain.message": st.Message}
	for _, p := range st.Params {
		m["kassa.explain.param."+p.Name] = p.Value
	}
	return m
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// expectedValue turns a fixture value (a literal or a marker) into what AsInterface gives.
func expectedValue(t *testing.T, raw json.RawMessage, engineVersion string, input json.RawMessage) any {
	t.Helper()
	var marker struct {
		SHA256Of      string `json:"sha256-of"`
		EngineVersion bool   `json:"engine-version"`
		CountOf       string `json:"count-of"`
	}
	if json.Unmarshal(raw, &marker) == nil && (marker.SHA256Of != "" || marker.EngineVersion || marker.CountOf != "") {
		switch {
		case marker.SHA256Of != "":
			b, err := os.ReadFile(filepath.Join(repoRoot, marker.SHA256Of))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b) // crypto/sha256 as the oracle
			return hex.EncodeToString(sum[:])
		case marker.EngineVersion:
			return engineVersion
		default:
			var in map[string][]json.RawMessage
			mustUnmarshal(t, input, &in)
			return int64(len(in[marker.CountOf]))
		}
	}
	var v any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	switch x := v.(type) {
	case json.Number:
		n, _ := x.Int64()
		return n
	case []any:
		s := []string{}
		for _, e := range x {
			s = append(s, e.(string))
		}
		return s
	}
	return v
}

// TestConventionKeysAreTheFixtures: the keys this package writes are the fixture's, and every span's
// attributes are declared for its operation.
func TestConventionKeysAreTheFixtures(t *testing.T) {
	fx := readOtelFixture(t)
	keys := []attribute.Key{attrEngineVersion, attrRulebookID, attrRulebookVersion, attrRulebookHash, attrCartCurrency,
		attrCartLineCount, attrQuoteGrandTotal, attrQuotePromotionsApplied, attrValidationValid,
		attrValidationProblemCount, attrFieldsCount, attrInstanceReused, attrInstanceDiscarded, attrErrorType,
		attrErrorPath, attrLimit, attrReplayLine, attrReplayStatus, attrShippingAvailableCount}
	var ours, theirs []string
	for _, k := range keys {
		ours = append(ours, string(k))
	}
	for k := range fx.Attributes {
		theirs = append(theirs, k)
	}
	slices.Sort(ours)
	slices.Sort(theirs)
	if !slices.Equal(ours, theirs) {
		t.Errorf("attribute keys\n ours %v\nfixture %v", ours, theirs)
	}
	names := map[string]string{"load": spanLoad, "quote": spanQuote, "shipping-options": spanShippingOptions,
		"validate": spanValidate, "validate-fields": spanValidateFields, "replay": spanReplay}
	for op, s := range fx.Spans {
		if names[op] != s.Name {
			t.Errorf("span of %s: %q, fixture %q", op, names[op], s.Name)
		}
	}
	ev := fx.Events[eventExplain].Attributes
	for _, k := range []attribute.Key{attrExplainKind, attrExplainPath, attrExplainMessage} {
		if _, ok := ev[string(k)]; !ok {
			t.Errorf("event attribute %s is not in the fixture", k)
		}
	}
	for _, sc := range fx.Scenarios {
		op := sc.Op
		if sc.Case != "" {
			op, _, _ = conformanceCase(t, sc.Case)
		}
		allowed := append(slices.Clone(fx.Spans[op].Attributes), fx.Failure.Attributes...)
		for k := range sc.Span.Attributes {
			if !slices.Contains(allowed, k) {
				t.Errorf("%s: %s is not an attribute of %s", sc.Name, k, op)
			}
		}
	}
}

// TestGlobalTracerProvider: without WithTracerProvider, spans go to the global provider, also one set after
// the Runtime was made.
func TestGlobalTracerProvider(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	if _, err := r.ValidateFields(ctx, []FieldRequest{{Kind: FieldEmail, Value: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	otel.SetTracerProvider(tp)
	defer tp.Shutdown(ctx) // later spans of the package's tests are dropped
	if _, err := r.ValidateFields(ctx, []FieldRequest{{Kind: FieldEmail, Value: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	spans := exp.GetSpans()
	if len(spans) != 1 || spans[0].Name != spanValidateFields {
		t.Fatalf("spans %v", spans)
	}
}

// TestNoopProviderRecordsNothing: with a no-op provider the calls work and nothing is recorded.
func TestNoopProviderRecordsNothing(t *testing.T) {
	ctx := context.Background()
	r, err := NewRuntime(ctx, WithTracerProvider(noop.NewTracerProvider()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	res, err := r.ValidateFields(ctx, []FieldRequest{{Kind: FieldIBAN, Value: "DE89370400440532013000"}})
	if err != nil || len(res) != 1 || !res[0].Valid {
		t.Fatalf("%v %v", res, err)
	}
}
