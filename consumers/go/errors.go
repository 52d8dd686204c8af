package kassa

// Errors: the engine's *Error (declared in the generated types.go) and its text, the errors the host makes when
// it stops a call (a trap, the memory cap), and the sentinels errors.Is matches.

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

// Error returns the error in one line, the same text in every host (docs/errors.md, "The text of an error"):
// "code: path: message (and N more problems)", with the first problem's path and message when the error
// lists problems, e.g. "cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more
// problem)". The engine writes it (Text); an *Error made by hand shows "code: message". An *Error (the WIT's
// `error` record) is what every call returns for a failure; use errors.As to get at it:
//
//	var kerr *kassa.Error
//	if errors.As(err, &kerr) && kerr.Code == "invalid-decimal" { ... }
func (e *Error) Error() string {
	if e.Text != "" {
		return e.Text
	}
	return errorText(e.Code, e.Message)
}

// Is makes errors.Is(err, ErrLimitExceeded) true for an Error with code limit-exceeded (an input limit, or the
// memory cap), and errors.Is(err, ErrTrap) true for the host-error of a trapped instance.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrLimitExceeded:
		return e.Code == "limit-exceeded"
	case ErrTrap:
		reason, _ := e.Param("reason")
		return e.Code == hostErrorCode && reason == reasonTrap
	}
	return false
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
	// than a documented engine limit, or the call needed more memory than its instance may have (param
	// limit = "memory"; the instance has been discarded and the next call gets a fresh one).
	ErrLimitExceeded = errors.New("kassa: limit exceeded")
	// ErrTrap matches (errors.Is) the error of a call whose wasm instance trapped: an *Error with code
	// host-error and param reason = "trap". That is a bug in the engine; the instance has been discarded and
	// the next call gets a fresh one. The trap itself (with its wasm stack) is in the error's chain
	// (errors.Unwrap) and printed by %+v, never in Error().
	ErrTrap = errors.New("kassa: the engine trapped")
	// ErrClosed is returned by calls on a closed Engine or Runtime.
	ErrClosed = errors.New("kassa: closed")
	// ErrInvalidArgument is wrapped by the error of a call whose Go arguments cannot be passed to the engine
	// at all: an unknown enum value (RoundingMode, FieldKind) or a string that is not valid UTF-8.
	ErrInvalidArgument = errors.New("kassa: invalid argument")
)

const (
	// hostErrorCode is the one code hosts add to the engine's (docs/errors.md).
	hostErrorCode = "host-error"
	reasonTrap    = "trap"
)

// stopped is the error of a call the host stopped: what callers see and match (err, an *Error: a trap, the
// memory cap) and what the runtime reported (cause: the wasm trap and its stack), which only errors.Unwrap
// and %+v show.
type stopped struct {
	err   *Error
	cause error
}

func (s *stopped) Error() string   { return s.err.Error() }
func (s *stopped) Unwrap() []error { return []error{s.err, s.cause} }

// Format prints the text for %v and %s, and the text followed by the runtime's report for %+v.
func (s *stopped) Format(f fmt.State, verb rune) {
	_, _ = io.WriteString(f, s.err.Error())
	if verb == 'v' && f.Flag('+') && s.cause != nil {
		_, _ = fmt.Fprintf(f, "\ncaused by: %+v", s.cause)
	}
}

// trapped is the error of a call in operation whose instance trapped for a reason other than its memory cap.
func trapped(operation string, cause error) error {
	message := "the engine trapped in " + operation + "; its instance was replaced, so the next call works"
	return &stopped{
		err: &Error{
			Code:    hostErrorCode,
			Message: message,
			Params:  []Param{{Name: "reason", Value: reasonTrap}},
			Text:    errorText(hostErrorCode, message),
		},
		cause: cause,
	}
}

// operation is the contract's name of an export ("engine.quote", "round-money"), for messages: the export
// name itself ("kassa:engine/engine-api@0.1.0#[method]engine.quote") is an internal of the ABI.
func operation(export string) string {
	if export == realloc {
		return "allocating the arguments"
	}
	if i := strings.LastIndexByte(export, '#'); i >= 0 {
		export = export[i+1:]
	}
	if strings.HasPrefix(export, "[") {
		if i := strings.IndexByte(export, ']'); i >= 0 {
			export = export[i+1:]
		}
	}
	return export
}

// invalidArgument is the error of a call whose Go arguments cannot cross into the engine (a string that is not
// valid UTF-8, an enum value the contract does not have): it matches ErrInvalidArgument, and what the lowering
// found is in the chain.
type invalidArgument struct {
	operation string
	cause     error
}

func (e *invalidArgument) Error() string {
	detail := e.cause.Error()
	if _, after, ok := strings.Cut(detail, cabi.ErrInvalidValue.Error()+": "); ok {
		detail = after
	}
	return "kassa: invalid argument to " + e.operation + ": " + detail
}

func (e *invalidArgument) Unwrap() []error { return []error{ErrInvalidArgument, e.cause} }
