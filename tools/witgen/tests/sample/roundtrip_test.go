package kassa

// The generated Go glue of tests/sample/sample.wit: an item with every kind of field is lowered into a fake
// linear memory and lifted back, and a few bytes are checked against offsets worked out by hand.

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	"github.com/kassa-engine/kassa/consumers/go/internal/cabi"
)

type fakeMemory struct{ buf []byte }

func (m *fakeMemory) Write(off uint32, v []byte) bool       { return copy(m.buf[off:], v) == len(v) }
func (m *fakeMemory) WriteString(off uint32, v string) bool { return copy(m.buf[off:], v) == len(v) }
func (m *fakeMemory) alloc(align, size uint32) (uint32, error) {
	p := cabi.AlignTo(uint32(len(m.buf)), align)
	m.buf = append(m.buf, make([]byte, p+size-uint32(len(m.buf)))...)
	return p, nil
}

func sampleItem() Item {
	return Item{
		ID:     "x",
		Price:  "1.50",
		Shape:  Shape{Tag: ShapePair, Pair: &Tuple2[uint8, string]{F0: 7, F1: "2.5"}},
		Perms:  Perms{Read: true, F: true},
		Point:  Tuple3[uint8, uint32, string]{F0: 9, F1: 1 << 31, F2: "p"},
		Tags:   []*string{nil, Ptr("t")},
		At:     Ptr("2026-11-24T09:30:00Z"),
		Big:    1 << 60,
		Small:  -3,
		Color:  ColorGreen,
		Shapes: []Shape{{Tag: ShapeNone}, {Tag: ShapeCircle, Circle: Ptr(uint32(5))}, {Tag: ShapeLabel, Label: Ptr("l")}},
	}
}

func TestItemRoundTrip(t *testing.T) {
	if lItem != (cabi.Layout{Size: 96, Align: 8}) || lShape != (cabi.Layout{Size: 16, Align: 4}) || lPerms != (cabi.Layout{Size: 2, Align: 2}) {
		t.Fatalf("layouts item %+v shape %+v perms %+v", lItem, lShape, lPerms)
	}
	m := &fakeMemory{buf: make([]byte, 8)}
	w := &cabi.Writer{Mem: m, Realloc: m.alloc}
	item := sampleItem()
	img := make([]byte, lItem.Size)
	lowerItem(w, img, &item)
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	// By hand: shape at 16 is case 3 (pair) with the u8 7 at 20; perms at 32 has bits 0 and 8; big at 72;
	// small at 80 is -3 as a u16; color at 82 is case 1.
	if img[16] != 3 || img[20] != 7 || binary.LittleEndian.Uint16(img[32:]) != 0x101 ||
		binary.LittleEndian.Uint64(img[72:]) != 1<<60 || binary.LittleEndian.Uint16(img[80:]) != 0xfffd || img[82] != 1 {
		t.Errorf("image % x", img)
	}
	base, _ := m.alloc(lItem.Align, lItem.Size)
	copy(m.buf[base:], img)
	r := cabi.NewReader(m.buf)
	got := liftItem(r, base)
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	if !reflect.DeepEqual(got, item) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, item)
	}
}

func TestInvalidCasesFailTheLowering(t *testing.T) {
	m := &fakeMemory{buf: make([]byte, 8)}
	for _, bad := range []Item{
		func() Item { i := sampleItem(); i.Color = "blue"; return i }(),
		func() Item { i := sampleItem(); i.Shape = Shape{Tag: "square"}; return i }(),
		func() Item { i := sampleItem(); i.Shape = Shape{Tag: ShapeCircle}; return i }(), // no payload
	} {
		w := &cabi.Writer{Mem: m, Realloc: m.alloc}
		img := make([]byte, lItem.Size)
		lowerItem(w, img, &bad)
		if !errors.Is(w.Err(), cabi.ErrInvalidValue) {
			t.Errorf("%+v: %v", bad, w.Err())
		}
	}
}

func TestFlatVariantArguments(t *testing.T) {
	// shapes(s, p, c) lowers flat: an unknown color fails before anything is lowered.
	in := &instance{}
	_, err := in.callShapes(t.Context(), &Shape{Tag: ShapeNone}, &Perms{}, "blue")
	if !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unknown color: %v", err)
	}
}
