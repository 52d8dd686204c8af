package cabi

import (
	"encoding/binary"
	"errors"
	"testing"
)

func TestLayouts(t *testing.T) {
	// By hand from the spec: variant payload sits at the discriminant size aligned to the widest case.
	for _, tc := range []struct {
		name    string
		got     Layout
		payload uint32
		want    Layout
		wantOff uint32
	}{
		{"option<string>", first(Option(String)), second(Option(String)), Layout{12, 4}, 4},
		{"option<u32>", first(Option(U32)), second(Option(U32)), Layout{8, 4}, 4},
		{"option<u8>", first(Option(U8)), second(Option(U8)), Layout{2, 1}, 1},
		{"result<string, {string,string}>", first(Result(String, Record(String, String))), second(Result(String, Record(String, String))), Layout{20, 4}, 4},
		{"result<u32, u8>", first(Result(U32, U8)), second(Result(U32, U8)), Layout{8, 4}, 4},
	} {
		if tc.got != tc.want || tc.payload != tc.wantOff {
			t.Errorf("%s: %+v payload %d, want %+v payload %d", tc.name, tc.got, tc.payload, tc.want, tc.wantOff)
		}
	}
	if got := Record(U8, U32, U8); got != (Layout{12, 4}) { // 0, 4..8, 8 → 9 → 12
		t.Errorf("record{u8,u32,u8} = %+v", got)
	}
	if got := Record(U8, U8); got != (Layout{2, 1}) {
		t.Errorf("record{u8,u8} = %+v", got)
	}
	if Enum(2) != U8 || Enum(256) != U8 || Enum(257).Size != 2 {
		t.Error("enum sizes")
	}
}

func first(l Layout, _ uint32) Layout  { return l }
func second(_ Layout, p uint32) uint32 { return p }

func TestFieldsWalk(t *testing.T) {
	f := Fields{At: 100}
	got := []uint32{f.Next(U8), f.Next(String), f.Next(Bool), f.Next(Bool), f.Next(U32)}
	want := []uint32{100, 104, 112, 113, 116}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("offsets %v, want %v", got, want)
		}
	}
}

func TestReaderBounds(t *testing.T) {
	mem := make([]byte, 64)
	binary.LittleEndian.PutUint32(mem[0:], 60) // a string at 60 of length 8 runs past the end
	binary.LittleEndian.PutUint32(mem[4:], 8)
	r := NewReader(mem)
	if s := r.String(0); s != "" || r.Err() == nil {
		t.Fatalf("out-of-bounds string: %q, %v", s, r.Err())
	}
	first := r.Err()
	_ = r.U32(1000)
	if r.Err() != first {
		t.Error("the first failure must be kept")
	}

	r = NewReader(mem)
	mem[8] = 2
	if r.Some(8); r.Err() == nil {
		t.Error("an option discriminant of 2 must fail")
	}

	r = NewReader(mem)
	binary.LittleEndian.PutUint32(mem[16:], 2) // misaligned list of u32
	binary.LittleEndian.PutUint32(mem[20:], 1)
	LiftList(r, 16, U32, func(r *Reader, p uint32) uint32 { return r.U32(p) })
	if r.Err() == nil {
		t.Error("a misaligned list must fail")
	}

	r = NewReader(mem)
	binary.LittleEndian.PutUint32(mem[24:], 0)
	binary.LittleEndian.PutUint32(mem[28:], 1<<30) // a huge length must not overflow into a valid range
	LiftList(r, 24, String, func(r *Reader, p uint32) string { return r.String(p) })
	if r.Err() == nil {
		t.Error("a list longer than memory must fail")
	}

	r = NewReader(mem)
	binary.LittleEndian.PutUint32(mem[32:], 40) // list of 2 u32 at 40: 7 and 9
	binary.LittleEndian.PutUint32(mem[36:], 2)
	binary.LittleEndian.PutUint32(mem[40:], 7)
	binary.LittleEndian.PutUint32(mem[44:], 9)
	got := LiftList(r, 32, U32, func(r *Reader, p uint32) uint32 { return r.U32(p) })
	if r.Err() != nil || len(got) != 2 || got[0] != 7 || got[1] != 9 {
		t.Errorf("list = %v, %v", got, r.Err())
	}
	empty := LiftList(r, 48, U32, func(r *Reader, p uint32) uint32 { return r.U32(p) }) // (0, 0)
	if empty == nil || len(empty) != 0 {
		t.Errorf("an empty list must be a non-nil empty slice, got %#v", empty)
	}
}

type mem struct{ buf []byte }

func (m *mem) Write(off uint32, v []byte) bool {
	if int(off)+len(v) > len(m.buf) {
		return false
	}
	copy(m.buf[off:], v)
	return true
}
func (m *mem) WriteString(off uint32, v string) bool { return m.Write(off, []byte(v)) }

func TestWriter(t *testing.T) {
	m := &mem{buf: make([]byte, 256)}
	next := uint32(8)
	var calls []uint32
	w := &Writer{Mem: m, Realloc: func(align, size uint32) (uint32, error) {
		calls = append(calls, align, size)
		p := AlignTo(next, align)
		next = p + size
		return p, nil
	}}
	img := make([]byte, 20)
	w.String(img, 0, "héllo") // 6 bytes of UTF-8
	w.OptString(img, 8, nil)
	LowerList(w, img, 12, []uint32{5, 6}, U32, func(w *Writer, img []byte, x *uint32) { PutU32(img, 0, *x) })
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	p, n := binary.LittleEndian.Uint32(img), binary.LittleEndian.Uint32(img[4:])
	if string(m.buf[p:p+n]) != "héllo" || n != 6 || img[8] != 0 {
		t.Errorf("string lowered as (%d, %d)", p, n)
	}
	lp := binary.LittleEndian.Uint32(img[12:])
	if lp%4 != 0 || binary.LittleEndian.Uint32(img[16:]) != 2 || binary.LittleEndian.Uint32(m.buf[lp+4:]) != 6 {
		t.Errorf("list lowered at %d", lp)
	}
	// One allocation per string and per list, with the element alignment.
	if len(calls) != 4 || calls[0] != 1 || calls[1] != 6 || calls[2] != 4 || calls[3] != 8 {
		t.Errorf("realloc calls (align, size): %v", calls)
	}

	w.Str("\xff")
	if !errors.Is(w.Err(), ErrInvalidValue) {
		t.Errorf("invalid UTF-8: %v", w.Err())
	}

	bad := &Writer{Mem: m, Realloc: func(align, size uint32) (uint32, error) { return 3, nil }}
	bad.Alloc(4, 4)
	if bad.Err() == nil {
		t.Error("a misaligned allocation must fail")
	}
}

func TestWideCasesAndIntegers(t *testing.T) {
	mem := make([]byte, 32)
	PutU16(mem, 0, 300)     // a discriminant of a type with more than 256 cases is a u16
	PutU64(mem, 8, 1<<40+7) // little-endian: 07 00 00 00 00 01 00 00
	r := NewReader(mem)
	if c := r.Case(0, 301); c != 300 || r.Err() != nil {
		t.Errorf("u16 case: %d, %v", c, r.Err())
	}
	if r.Case(0, 300); r.Err() == nil {
		t.Error("case 300 of 300 must fail")
	}
	r = NewReader(mem)
	if v := r.U64(8); v != 1<<40+7 || mem[8] != 7 || mem[13] != 1 {
		t.Errorf("u64 %d, bytes % x", v, mem[8:16])
	}
	if r.U16(0) != 300 || r.U16(31) != 0 || r.Err() == nil {
		t.Error("a u16 that runs past the end must fail")
	}
	if FlatBool(true) != 1 || FlatBool(false) != 0 {
		t.Error("FlatBool")
	}
}

func TestStoreListAndInvalid(t *testing.T) {
	m := &mem{buf: make([]byte, 64)}
	next := uint32(8)
	w := &Writer{Mem: m, Realloc: func(align, size uint32) (uint32, error) {
		p := AlignTo(next, align)
		next = p + size
		return p, nil
	}}
	p, n := StoreList(w, []uint32{5, 6}, U32, func(w *Writer, img []byte, x *uint32) { PutU32(img, 0, *x) })
	if w.Err() != nil || n != 2 || p != 8 || binary.LittleEndian.Uint32(m.buf[12:]) != 6 {
		t.Errorf("list at %d (%d), %v", p, n, w.Err())
	}
	w.Invalid(`unknown rounding mode "x"`)
	if !errors.Is(w.Err(), ErrInvalidValue) {
		t.Errorf("Invalid: %v", w.Err())
	}
}
