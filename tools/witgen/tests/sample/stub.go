package kassa

// A stand-in for consumers/go's instance.go (which needs wazero): enough for the generated call functions of
// tests/sample/sample.wit to compile. The round trip in roundtrip_test.go needs no guest.

import (
	"context"
	"errors"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

var ErrInvalidArgument = errors.New("invalid argument")

var errNoGuest = errors.New("no guest in this test")

type instance struct{ w cabi.Writer }

func (in *instance) writer(context.Context) *cabi.Writer { return &in.w }

func (in *instance) lowered(fn) error { return in.w.Err() }

func (in *instance) call(context.Context, fn, ...uint64) (uint64, error) { return 0, errNoGuest }

func (in *instance) fail(_ context.Context, _ string, err error) error { return err }

func invoke[T any](context.Context, *instance, fn, func(*cabi.Reader, uint32) T, ...uint64) (T, error) {
	var zero T
	return zero, errNoGuest
}

func invokeResult[T any](context.Context, *instance, fn, uint32, func(*cabi.Reader, uint32) T, ...uint64) (T, error) {
	var zero T
	return zero, errNoGuest
}

func (e *Error) Error() string { return e.Code }

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

var _ = realloc
