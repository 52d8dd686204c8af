package cabi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// ErrInvalidValue is wrapped by a Writer's error when a host value cannot cross the boundary (a string that
// is not UTF-8, a string or list over 4 GiB). It is the caller's bad input, not a guest failure.
var ErrInvalidValue = errors.New("value cannot cross the boundary")

// Memory is the part of a guest memory a Writer needs (wazero's api.Memory has it).
type Memory interface {
	Write(offset uint32, v []byte) bool
	WriteString(offset uint32, v string) bool
}

// Writer lowers host values into a guest's linear memory. Every string and list gets its own allocation from
// the guest's cabi_realloc, because the guest takes ownership and frees each one with the exact size and
// alignment it was allocated with. Records are first assembled as host-side images ([]byte) with
// PutU32/PutBool/String/... and then copied in one Write by Store.
//
// Like Reader, a Writer records its first failure and skips the rest; check Err before calling the guest.
type Writer struct {
	Mem Memory
	// Realloc is cabi_realloc(0, 0, align, size): a new allocation in the guest.
	Realloc func(align, size uint32) (uint32, error)
	err     error
}

// Err is the first lowering failure, or nil.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// Alloc reserves size bytes aligned to align in the guest.
func (w *Writer) Alloc(align, size uint32) uint32 {
	if w.err != nil {
		return 0
	}
	p, err := w.Realloc(align, size)
	if err != nil {
		w.fail(err)
		return 0
	}
	if p%align != 0 {
		w.fail(fmt.Errorf("cabi: lower: cabi_realloc returned %#x, not %d-aligned", p, align))
		return 0
	}
	return p
}

// Store allocates len(img) bytes aligned to align, copies img there and returns the address.
func (w *Writer) Store(align uint32, img []byte) uint32 {
	p := w.Alloc(align, uint32(len(img)))
	if w.err == nil && !w.Mem.Write(p, img) {
		w.fail(fmt.Errorf("cabi: lower: %d bytes at %#x are outside memory", len(img), p))
	}
	return p
}

// Str copies s into the guest and returns its (ptr, len), for a string passed as flat parameters.
func (w *Writer) Str(s string) (ptr, n uint32) {
	if len(s) > math.MaxUint32 || !utf8.ValidString(s) {
		w.fail(fmt.Errorf("cabi: lower: %w: not valid UTF-8 or too long (%d bytes)", ErrInvalidValue, len(s)))
		return 0, 0
	}
	p := w.Alloc(1, uint32(len(s)))
	if w.err == nil && !w.Mem.WriteString(p, s) {
		w.fail(fmt.Errorf("cabi: lower: %d bytes at %#x are outside memory", len(s), p))
	}
	return p, uint32(len(s))
}

// Bytes copies b into the guest as a list<u8> and returns its (ptr, len), for a list passed as flat
// parameters. Unlike a string, the bytes need not be UTF-8: the guest reads them.
func (w *Writer) Bytes(b []byte) (ptr, n uint32) {
	if uint64(len(b)) > math.MaxUint32 {
		w.fail(fmt.Errorf("cabi: lower: %w: %d bytes are too long", ErrInvalidValue, len(b)))
		return 0, 0
	}
	p := w.Alloc(1, uint32(len(b)))
	if w.err == nil && !w.Mem.Write(p, b) {
		w.fail(fmt.Errorf("cabi: lower: %d bytes at %#x are outside memory", len(b), p))
	}
	return p, uint32(len(b))
}

// String copies s into the guest and stores its (ptr, len) in img at at.
func (w *Writer) String(img []byte, at uint32, s string) {
	p, n := w.Str(s)
	PutU32(img, at, p)
	PutU32(img, at+4, n)
}

// OptString stores an option<string> in img at at (nothing but the zero discriminant when s is nil).
func (w *Writer) OptString(img []byte, at uint32, s *string) {
	if s != nil {
		img[at] = 1
		w.String(img, at+optStringPayload, *s)
	}
}

// Invalid records that a host value cannot be lowered (an enum or variant case the contract does not have):
// the caller's bad input, reported as ErrInvalidValue.
func (w *Writer) Invalid(msg string) {
	w.fail(fmt.Errorf("cabi: lower: %w: %s", ErrInvalidValue, msg))
}

// PutU16 stores a little-endian u16 in img at at.
func PutU16(img []byte, at uint32, v uint16) { binary.LittleEndian.PutUint16(img[at:], v) }

// PutU64 stores a little-endian u64 in img at at.
func PutU64(img []byte, at uint32, v uint64) { binary.LittleEndian.PutUint64(img[at:], v) }

// FlatBool is a bool as a flat parameter.
func FlatBool(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}

// PutU32 stores a little-endian u32 in img at at.
func PutU32(img []byte, at, v uint32) { binary.LittleEndian.PutUint32(img[at:], v) }

// PutBool stores a bool as one byte.
func PutBool(img []byte, at uint32, v bool) {
	if v {
		img[at] = 1
	}
}

// PutOptU32 stores an option<u32> in img at at.
func PutOptU32(img []byte, at uint32, v *uint32) {
	if v != nil {
		img[at] = 1
		PutU32(img, at+optU32Payload, *v)
	}
}

// StoreList copies xs into a new guest allocation, lowering each element (layout elem) into its slot of the
// list's image with lower, and returns the list's (ptr, len), for a list passed as flat parameters.
func StoreList[T any](w *Writer, xs []T, elem Layout, lower func(w *Writer, img []byte, x *T)) (ptr, n uint32) {
	if uint64(len(xs))*uint64(elem.Size) > math.MaxUint32 {
		w.fail(fmt.Errorf("cabi: lower: %w: list of %d elements is too long", ErrInvalidValue, len(xs)))
		return 0, 0
	}
	body := make([]byte, uint32(len(xs))*elem.Size)
	for i := range xs {
		lower(w, body[uint32(i)*elem.Size:uint32(i+1)*elem.Size], &xs[i])
	}
	return w.Store(elem.Align, body), uint32(len(xs))
}

// LowerList is StoreList storing the list's (ptr, len) in img at at.
func LowerList[T any](w *Writer, img []byte, at uint32, xs []T, elem Layout, lower func(w *Writer, img []byte, x *T)) {
	if uint64(len(xs))*uint64(elem.Size) > math.MaxUint32 {
		w.fail(fmt.Errorf("cabi: lower: %w: list of %d elements is too long", ErrInvalidValue, len(xs)))
		return
	}
	body := make([]byte, uint32(len(xs))*elem.Size)
	for i := range xs {
		lower(w, body[uint32(i)*elem.Size:uint32(i+1)*elem.Size], &xs[i])
	}
	PutU32(img, at, w.Store(elem.Align, body))
	PutU32(img, at+4, uint32(len(xs)))
}

// LowerOption stores an option<T> in img at at, its payload at at+payload.
func LowerOption[T any](w *Writer, img []byte, at, payload uint32, x *T, lower func(w *Writer, img []byte, x *T)) {
	if x != nil {
		img[at] = 1
		lower(w, img[at+payload:], x)
	}
}
