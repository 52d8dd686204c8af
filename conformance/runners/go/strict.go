package main

// decodeStrict decodes a cart or order as strictly as the native runner's serde does (deny_unknown_fields,
// required members, null only for options), so that a malformed input is a host-error on every host.
// encoding/json alone would accept unknown members, match keys case-insensitively and read null as zero.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// required lists the members that have no default in core/src/api.rs.
var required = map[string]bool{
	"Cart.currency": true, "Cart.at": true,
	"CartLine.sku": true, "CartLine.quantity": true,
	"UsageCount.key":  true,
	"Address.country": true,
	"Order.cart":      true,
}

func decodeStrict(raw json.RawMessage, v any) error {
	if err := check(raw, reflect.TypeOf(v).Elem(), "input"); err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

func check(raw json.RawMessage, t reflect.Type, path string) error {
	switch t.Kind() {
	case reflect.Pointer:
		return check(raw, t.Elem(), path)
	case reflect.Slice:
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, e := range elems {
			if err := check(e, t.Elem(), fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		var members map[string]json.RawMessage
		if err := json.Unmarshal(raw, &members); err != nil || members == nil {
			return fmt.Errorf("%s: want an object", path)
		}
		known := map[string]bool{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			known[name] = true
			m, ok := members[name]
			switch {
			case !ok && required[t.Name()+"."+name]:
				return fmt.Errorf("%s: missing field %q", path, name)
			case !ok:
			case bytes.Equal(m, []byte("null")):
				if f.Type.Kind() != reflect.Pointer {
					return fmt.Errorf("%s/%s: null is not allowed", path, name)
				}
			default:
				if err := check(m, f.Type, path+"/"+name); err != nil {
					return err
				}
			}
		}
		for name := range members {
			if !known[name] {
				return fmt.Errorf("%s: unknown field %q", path, name)
			}
		}
	}
	return nil
}
