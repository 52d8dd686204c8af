package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	kassa "github.com/kassa-engine/kassa/consumers/go"
)

// The protocol end to end: hello line, one response per request in order, ids echoed, EOF ends the run.
func TestProtocol(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"r","op":"round","rulebook":null,"input":{"value":"-2.5","scale":0,"mode":"half-up"}}`,
		``,
		`{"id":"e","op":"canonical-decimal","rulebook":null,"input":{"value":"1e3"}}`,
		`{"id":"m","op":"round","rulebook":null,"input":{"value":"1","mode":"half-up"}}`,
		`{"id":"u","op":"shrug","rulebook":null,"input":{}}`,
		`{"id":"l","op":"load","rulebook":"{","input":{}}`,
	}, "\n")
	var out bytes.Buffer
	if err := run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines:\n%s", len(lines), out.String())
	}
	var hello struct{ Hello map[string]string }
	if err := json.Unmarshal([]byte(lines[0]), &hello); err != nil || hello.Hello["host"] != "go" ||
		hello.Hello["component-sha256"] != kassa.WasmSHA256() || !strings.Contains(hello.Hello["runtime"], "wazero v") {
		t.Errorf("hello = %s", lines[0])
	}
	type response struct {
		ID     string
		Result json.RawMessage
		Error  *struct{ Code, Path string }
	}
	want := []struct{ id, result, code string }{
		{"r", `"-2"`, ""}, // half-up: ties toward +infinity
		{"e", "", "invalid-decimal"},
		{"m", "", "host-error"}, // scale is missing
		{"u", "", "host-error"},
		{"l", "", "invalid-json"},
	}
	for i, w := range want {
		var r response
		if err := json.Unmarshal([]byte(lines[i+1]), &r); err != nil {
			t.Fatal(err)
		}
		if r.ID != w.id || (w.code == "" && string(r.Result) != w.result) || (w.code != "" && (r.Error == nil || r.Error.Code != w.code)) {
			t.Errorf("response %d = %s, want id %s result %s error %s", i, lines[i+1], w.id, w.result, w.code)
		}
	}
}

func TestDecodeStrict(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		ok          bool
	}{
		{"minimal", `{"currency":"EUR","at":"2026-11-24T09:30:00Z"}`, true},
		{"options null", `{"currency":"EUR","at":"x","country":null,"lines":[{"sku":"A","quantity":"1","unit-price":null}]}`, true},
		{"missing at", `{"currency":"EUR"}`, false},
		{"unknown member", `{"currency":"EUR","at":"x","colour":"red"}`, false},
		{"wrong case", `{"Currency":"EUR","at":"x"}`, false},
		{"null bool", `{"currency":"EUR","at":"x","tax-exempt":null}`, false},
		{"null list", `{"currency":"EUR","at":"x","lines":null}`, false},
		{"line without sku", `{"currency":"EUR","at":"x","lines":[{"quantity":"1"}]}`, false},
		{"unknown member in a line", `{"currency":"EUR","at":"x","lines":[{"sku":"A","quantity":"1","x":1}]}`, false},
	} {
		var cart kassa.Cart
		err := decodeStrict(json.RawMessage(tc.input), &cart)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	var order kassa.Order
	if err := decodeStrict(json.RawMessage(`{"cart":{"currency":"EUR","at":"x"},"shipping-address":{"lines":[]}}`), &order); err == nil {
		t.Error("an address without country must be refused")
	}
}
