package kassa

import (
	"errors"
	"fmt"
)

// Error returns "kassa: <code> at <path>: <message>". An *Error (the WIT's `error` record, declared in the
// generated types.go) is what every call returns for a failure the engine reports; use errors.As to get at it:
//
//	var kerr *kassa.Error
//	if errors.As(err, &kerr) && kerr.Code == "invalid-decimal" { ... }
func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("kassa: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("kassa: %s at %s: %s", e.Code, e.Path, e.Message)
}

// Is makes errors.Is(err, ErrLimitExceeded) true for an Error with code limit-exceeded.
func (e *Error) Is(target error) bool {
	return target == ErrLimitExceeded && e.Code == "limit-exceeded"
}

// Param returns the value of the named message parameter.
func (e *Error) Param(name string) (string, bool) {
	for _, p := range e.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

var (
	// ErrLimitExceeded matches (errors.Is) an *Error whose code is limit-exceeded: the input was larger
	// than a documented engine limit.
	ErrLimitExceeded = errors.New("kassa: limit exceeded")
	// ErrTrap is wrapped by the error of a call whose wasm instance trapped (a bug in the engine, or the
	// instance ran out of its memory limit). The instance has been discarded; the next call gets a fresh one.
	ErrTrap = errors.New("kassa: the engine trapped")
	// ErrClosed is returned by calls on a closed Engine or Runtime.
	ErrClosed = errors.New("kassa: closed")
	// ErrInvalidArgument is wrapped by the error of a call whose Go arguments cannot be passed to the engine
	// at all: an unknown enum value (RoundingMode, FieldKind) or a string that is not valid UTF-8.
	ErrInvalidArgument = errors.New("kassa: invalid argument")
)
