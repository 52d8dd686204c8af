package cabi

import (
	"encoding/binary"
	"fmt"
)

// Fields walks the fields of one record in declaration order, placing each at the next offset aligned to
// its layout, as the spec's load_record and store_record do. The same walk serves lifting (At = the
// record's address in guest memory) and lowering (At = 0 in a host-side image of the record).
type Fields struct {
	At, off uint32
}

// Next returns the address of the next field, whose layout is l.
func (f *Fields) Next(l Layout) uint32 {
	f.off = AlignTo(f.off, l.Align)
	p := f.At + f.off
	f.off += l.Size
	return p
}

// Reader lifts values out of a view of a guest's linear memory. The first invalid access (out of bounds,
// misaligned list, unknown discriminant) is recorded and every later read returns a zero value, so a caller
// checks Err once at the end, where the spec would have trapped.
//
// The view must not outlive the guest call that produced the values: a later call may grow the memory.
type Reader struct {
	mem []byte
	err error
}

// NewReader returns a Reader over mem, the whole linear memory (wazero's Memory.Read(0, Size())).
func NewReader(mem []byte) *Reader { return &Reader{mem: mem} }

// Err is the first lifting failure, or nil.
func (r *Reader) Err() error { return r.err }

func (r *Reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("cabi: lift: "+format, args...)
	}
}

// bytes returns mem[p:p+n] or fails when it is out of bounds.
func (r *Reader) bytes(p, n uint32) []byte {
	if uint64(p)+uint64(n) > uint64(len(r.mem)) {
		r.fail("%d bytes at %#x are outside the %d-byte memory", n, p, len(r.mem))
		return nil
	}
	return r.mem[p : p+n]
}

// U8 loads a u8 at p.
func (r *Reader) U8(p uint32) uint8 {
	if b := r.bytes(p, 1); b != nil {
		return b[0]
	}
	return 0
}

// U16 loads a little-endian u16 at p.
func (r *Reader) U16(p uint32) uint16 {
	if b := r.bytes(p, 2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

// U64 loads a little-endian u64 at p.
func (r *Reader) U64(p uint32) uint64 {
	if b := r.bytes(p, 8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// U32 loads a little-endian u32 at p.
func (r *Reader) U32(p uint32) uint32 {
	if b := r.bytes(p, 4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// Bool loads a bool (any non-zero byte is true, as in the spec's convert_int_to_bool).
func (r *Reader) Bool(p uint32) bool { return r.U8(p) != 0 }

// Case loads the discriminant of a type with n cases (an enum index, a variant's, an option's or a result's)
// at p and checks that it is below n. Its size is the spec's discriminant_type: u8 up to 256 cases, then u16,
// then u32.
func (r *Reader) Case(p uint32, n int) int {
	c := int(r.U8(p))
	if n > 1<<8 {
		c = r.wideCase(p, n)
	}
	if c >= n {
		r.fail("case %d at %#x is out of range (%d cases)", c, p, n)
		return 0
	}
	return c
}

func (r *Reader) wideCase(p uint32, n int) int {
	if n <= 1<<16 {
		return int(r.U16(p))
	}
	return int(r.U32(p))
}

// Some loads an option's discriminant: false for none, true for some.
func (r *Reader) Some(p uint32) bool { return r.Case(p, 2) == 1 }

// String loads a string stored as (ptr, len) at p. The guest is Rust, whose strings are valid UTF-8, so
// the bytes are copied without re-validation.
func (r *Reader) String(p uint32) string {
	ptr, n := r.U32(p), r.U32(p+4)
	return string(r.bytes(ptr, n))
}

// OptString loads an option<string> at p; nil when none.
func (r *Reader) OptString(p uint32) *string {
	if !r.Some(p) {
		return nil
	}
	s := r.String(p + optStringPayload)
	return &s
}

// OptU32 loads an option<u32> at p; nil when none.
func (r *Reader) OptU32(p uint32) *uint32 {
	if !r.Some(p) {
		return nil
	}
	v := r.U32(p + optU32Payload)
	return &v
}

var (
	_, optStringPayload = Option(String)
	_, optU32Payload    = Option(U32)
)

// LiftList loads a list<T> stored as (ptr, len) at p, lifting each element (layout elem) with lift. An empty
// list is a non-nil empty slice, so it encodes as [] in JSON.
func LiftList[T any](r *Reader, p uint32, elem Layout, lift func(r *Reader, at uint32) T) []T {
	ptr, n := r.U32(p), r.U32(p+4)
	if ptr%elem.Align != 0 {
		r.fail("list at %#x is not %d-aligned", ptr, elem.Align)
		return []T{}
	}
	if uint64(n)*uint64(elem.Size) > uint64(len(r.mem)) || r.bytes(ptr, n*elem.Size) == nil {
		r.fail("list of %d elements at %#x is outside memory", n, ptr)
		return []T{}
	}
	out := make([]T, n)
	for i := range out {
		out[i] = lift(r, ptr+uint32(i)*elem.Size)
	}
	return out
}

// LiftOption loads an option<T> at p whose payload sits at p+payload; nil when none.
func LiftOption[T any](r *Reader, p, payload uint32, lift func(r *Reader, at uint32) T) *T {
	if !r.Some(p) {
		return nil
	}
	v := lift(r, p+payload)
	return &v
}
