// Package cabi is the small part of the Component Model's Canonical ABI that Kassa's WIT needs: memory
// layouts (layout.go), lifting values out of a guest's linear memory (lift.go) and lowering values into it
// through the guest's cabi_realloc (lower.go). The spec is design/mvp/CanonicalABI.md in the
// WebAssembly/component-model repository; names here follow it (alignment, elem_size, load_record, ...).
//
// It deliberately covers only what the contract uses: bool, u8-sized enums, u32, string, list, record,
// option and result. There are no flags, tuples, chars, floats, 64-bit integers or variants in the WIT.
package cabi

// Layout is the size and alignment of a value stored in linear memory (the spec's elem_size/alignment).
type Layout struct {
	Size, Align uint32
}

// The layouts of the primitive types the contract uses.
var (
	U8     = Layout{1, 1}
	Bool   = U8
	U16    = Layout{2, 2}
	U32    = Layout{4, 4}
	U64    = Layout{8, 8}
	String = Layout{8, 4} // (ptr i32, len i32)
	List   = Layout{8, 4} // (ptr i32, len i32) for every element type
)

// Enum is the layout of an enum with n cases: the smallest unsigned integer that holds the case index.
func Enum(n int) Layout {
	switch {
	case n <= 1<<8:
		return U8
	case n <= 1<<16:
		return Layout{2, 2}
	default:
		return U32
	}
}

// AlignTo rounds x up to a multiple of a (a power of two).
func AlignTo(x, a uint32) uint32 {
	return (x + a - 1) &^ (a - 1)
}

// Record is the layout of a record whose fields have the given layouts, in declaration order: each field
// sits at the next offset aligned to its own alignment; the record is aligned to its widest field.
func Record(fields ...Layout) Layout {
	var off, align uint32 = 0, 1
	for _, f := range fields {
		off = AlignTo(off, f.Align) + f.Size
		align = max(align, f.Align)
	}
	return Layout{AlignTo(off, align), align}
}

// variant is the layout of a variant with the given case payloads (a u8 discriminant for up to 256 cases)
// and the offset of the payload.
func variant(cases ...Layout) (Layout, uint32) {
	var size, align uint32 = 0, 1
	for _, c := range cases {
		size = max(size, c.Size)
		align = max(align, c.Align)
	}
	disc := Enum(len(cases))
	align = max(align, disc.Align)
	payload := AlignTo(disc.Size, align)
	return Layout{AlignTo(payload+size, align), align}, payload
}

// Option is the layout of option<T> (variant {none, some(T)}) and the offset of its payload.
func Option(t Layout) (Layout, uint32) {
	return variant(Layout{0, 1}, t)
}

// Result is the layout of result<T, E> (variant {ok(T), error(E)}) and the offset of its payload.
func Result(ok, err Layout) (Layout, uint32) {
	return variant(ok, err)
}
