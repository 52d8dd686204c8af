// Package interrupt makes a core wasm module stoppable from the host at little cost. It adds two mutable i32
// globals, a countdown and a flag (exported), and at the head of every loop this code:
//
//	countdown -= 1
//	if countdown == 0 {
//	  countdown = every
//	  drop(memory.grow(0))      ;; a no-op that leaves the machine code for Go (see below)
//	  if flag { unreachable }   ;; the host asked the guest to stop: trap
//	}
//
// A host that sets the flag to a non-zero value (from any goroutine) makes the running guest trap within
// `every` loop iterations. Only loops are checked, as wazero's own WithCloseOnContextDone does: code without
// loops runs for a time bounded by its size and its call depth.
//
// Why not wazero's WithCloseOnContextDone: its compiler puts at every loop header a call that leaves the
// machine code for Go and comes back (to look at the module's closed flag), which made Kassa's quotes about
// 4x slower. Here an iteration costs a global decrement and a branch.
//
// Why memory.grow(0): machine code cannot be preempted by the Go scheduler, so a long call would hold its P
// (thread) until it returns; with GOMAXPROCS=1, or as many long calls as Ps, the timer that ends a context
// would never run, and neither would a garbage collection's stop-the-world. wazero (wazevo) runs memory.grow
// in Go (a call to MemoryInstance.Grow, a preemption point), so every `every` iterations the goroutine can be
// descheduled; growing by 0 pages changes nothing.
//
// The rewriter decodes every instruction to find the loops. It knows the instruction set rustc emits for
// wasm32 (MVP, sign extension, saturating conversions, bulk memory, reference types, multi-value, tail
// calls); anything else (SIMD, threads, exceptions, GC types, 64-bit memory) is refused with an error, and
// the caller can fall back to wazero's mechanism.
package interrupt

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Section ids (wasm core spec, binary format).
const (
	secImport = 2
	secMemory = 5
	secGlobal = 6
	secExport = 7
	secCode   = 10
)

// Instrument returns a copy of module with the flag global exported as name and the check at every loop
// header (reaching Go and looking at the flag every `every` iterations), and the number of loops it found.
func Instrument(module []byte, name string, every uint32) ([]byte, int, error) {
	if every == 0 || every > 1<<30 {
		return nil, 0, errors.New("interrupt: every must be in 1..2^30")
	}
	if len(module) < 8 || string(module[:4]) != "\x00asm" || binary.LittleEndian.Uint32(module[4:8]) != 1 {
		return nil, 0, errors.New("interrupt: not a wasm core module (version 1)")
	}
	// First pass: the section bounds, and the global index the flag gets (after every imported and defined
	// global; appending keeps every existing index valid).
	type section struct {
		id         byte
		start, end int // the contents, without id and size
	}
	var sections []section
	var importedGlobals, definedGlobals uint32
	var haveGlobal, haveExport, haveMemory bool
	for r := (reader{b: module, p: 8}); r.p < len(module); {
		id := r.byte()
		size := r.u32()
		start := r.p
		r.p += int(size)
		if r.err != nil || r.p > len(module) || r.p < start {
			return nil, 0, errors.New("interrupt: truncated section")
		}
		sections = append(sections, section{id, start, r.p})
		body := reader{b: module[:r.p], p: start}
		switch id {
		case secImport:
			n, mem, err := countGlobalImports(&body)
			if err != nil {
				return nil, 0, err
			}
			importedGlobals, haveMemory = n, haveMemory || mem
		case secMemory:
			for n := body.u32(); n > 0 && body.err == nil; n-- {
				if body.limits()&0x04 != 0 {
					return nil, 0, errors.New("interrupt: 64-bit memories are not supported")
				}
				haveMemory = true
			}
		case secGlobal:
			haveGlobal = true
			definedGlobals = body.u32()
		case secExport:
			haveExport = true
			if err := checkExportName(&body, name); err != nil {
				return nil, 0, err
			}
		}
		if body.err != nil {
			return nil, 0, fmt.Errorf("interrupt: section %d: %w", id, body.err)
		}
	}
	if !haveGlobal || !haveExport || !haveMemory {
		return nil, 0, errors.New("interrupt: the module has no global section, no export section or no memory")
	}
	countdown := importedGlobals + definedGlobals
	flag := countdown + 1

	out := append(make([]byte, 0, len(module)+len(module)/8), module[:8]...)
	checks := 0
	for _, s := range sections {
		content := module[s.start:s.end]
		switch s.id {
		case secGlobal: // two more: countdown (mut i32) = every, flag (mut i32) = 0
			r := reader{b: content}
			n := r.u32()
			c := appendU32(nil, n+2)
			c = append(c, content[r.p:]...)
			c = append(c, 0x7f, 0x01, 0x41)
			c = appendS32(c, int32(every))
			content = append(c, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b)
		case secExport: // export it as name
			r := reader{b: content}
			n := r.u32()
			c := appendU32(nil, n+1)
			c = append(c, content[r.p:]...)
			c = appendU32(c, uint32(len(name)))
			c = append(c, name...)
			c = append(c, 0x03) // export kind: global
			content = appendU32(c, flag)
		case secCode:
			var n int
			var err error
			if content, n, err = instrumentCode(content, loopCheck(countdown, flag, every)); err != nil {
				return nil, 0, err
			}
			checks = n
		}
		out = append(out, s.id)
		out = appendU32(out, uint32(len(content)))
		out = append(out, content...)
	}
	return out, checks, nil
}

// loopCheck is the code put after every loop's block type (see the package comment).
func loopCheck(countdown, flag, every uint32) []byte {
	c := []byte{0x23} // global.get countdown; i32.const 1; i32.sub; global.set countdown
	c = appendU32(c, countdown)
	c = append(c, 0x41, 0x01, 0x6b, 0x24)
	c = appendU32(c, countdown)
	c = append(c, 0x23) // global.get countdown; i32.eqz; if
	c = appendU32(c, countdown)
	c = append(c, 0x45, 0x04, 0x40)
	c = append(c, 0x41) //   i32.const every; global.set countdown
	c = appendS32(c, int32(every))
	c = append(c, 0x24)
	c = appendU32(c, countdown)
	c = append(c, 0x41, 0x00, 0x40, 0x00, 0x1a) //   i32.const 0; memory.grow 0; drop
	c = append(c, 0x23)                         //   global.get flag; if; unreachable; end
	c = appendU32(c, flag)
	c = append(c, 0x04, 0x40, 0x00, 0x0b)
	return append(c, 0x0b) // end
}

// countGlobalImports reads the import section: the number of imported globals, and whether a memory is
// imported.
func countGlobalImports(r *reader) (uint32, bool, error) {
	var globals uint32
	memory := false
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		r.skipName() // module
		r.skipName() // field
		switch kind := r.byte(); kind {
		case 0x00: // function: type index
			r.u32()
		case 0x01: // table: reftype, limits
			if err := r.valType(); err != nil {
				return 0, false, err
			}
			r.limits()
		case 0x02: // memory: limits
			if r.limits()&0x04 != 0 {
				return 0, false, errors.New("interrupt: 64-bit memories are not supported")
			}
			memory = true
		case 0x03: // global: valtype, mutability
			if err := r.valType(); err != nil {
				return 0, false, err
			}
			r.byte()
			globals++
		case 0x04: // tag: attribute, type index
			r.byte()
			r.u32()
		default:
			return 0, false, fmt.Errorf("interrupt: unknown import kind 0x%02x", kind)
		}
	}
	return globals, memory, r.err
}

// checkExportName fails when the module already exports name.
func checkExportName(r *reader, name string) error {
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		l := int(r.u32())
		if r.p+l <= len(r.b) && string(r.b[r.p:r.p+l]) == name {
			return fmt.Errorf("interrupt: the module already exports %q", name)
		}
		r.p += l
		r.byte() // kind
		r.u32()  // index
	}
	return r.err
}

// instrumentCode rewrites the code section: every function body gets check after each loop's block type,
// and its size is re-encoded.
func instrumentCode(content []byte, check []byte) ([]byte, int, error) {
	r := reader{b: content}
	count := r.u32()
	out := appendU32(make([]byte, 0, len(content)+len(content)/8), count)
	checks := 0
	var body []byte
	for i := uint32(0); i < count; i++ {
		size := int(r.u32())
		start := r.p
		end := start + size
		if r.err != nil || end > len(content) || end < start {
			return nil, 0, fmt.Errorf("interrupt: function body %d is truncated", i)
		}
		f := reader{b: content[:end], p: start}
		// Locals: a vector of (count, type).
		for n := f.u32(); n > 0 && f.err == nil; n-- {
			f.u32()
			if err := f.valType(); err != nil {
				return nil, 0, fmt.Errorf("interrupt: function body %d: %w", i, err)
			}
		}
		body = append(body[:0], content[start:f.p]...)
		n, err := instrumentExpr(&f, &body, check)
		if err == nil && f.err != nil {
			err = f.err
		}
		if err == nil && f.p != end {
			err = errors.New("the body does not end at its final end")
		}
		if err != nil {
			return nil, 0, fmt.Errorf("interrupt: function body %d at byte %d: %w", i, f.p-start, err)
		}
		checks += n
		out = appendU32(out, uint32(len(body)))
		out = append(out, body...)
		r.p = end
	}
	if r.err != nil || r.p != len(content) {
		return nil, 0, errors.New("interrupt: the code section has bytes after its last body")
	}
	return out, checks, nil
}

// instrumentExpr copies the instructions of one function body from r to out, up to and including the
// body's final end, inserting check after each loop header. It returns the number of checks.
func instrumentExpr(r *reader, out *[]byte, check []byte) (int, error) {
	depth := 1 // the function's own block
	checks := 0
	for depth > 0 {
		if r.err != nil {
			return 0, r.err
		}
		start := r.p
		op := r.byte()
		loop := false
		switch {
		case op == 0x00, op == 0x01, op == 0x05, op == 0x0f, op == 0x1a, op == 0x1b, op == 0xd1,
			op >= 0x45 && op <= 0xc4: // no immediate: unreachable, nop, else, return, drop, select, ref.is_null, numeric
		case op == 0x02, op == 0x03, op == 0x04: // block, loop, if: a block type
			if err := r.blockType(); err != nil {
				return 0, err
			}
			depth++
			loop = op == 0x03
		case op == 0x0b: // end
			depth--
		case op == 0x0c, op == 0x0d, // br, br_if: label
			op == 0x10, op == 0x12, // call, return_call: function
			op == 0x14, op == 0x15, // call_ref, return_call_ref: type
			op >= 0x20 && op <= 0x26, // local.get/set/tee, global.get/set, table.get/set: index
			op == 0x3f, op == 0x40,   // memory.size, memory.grow: memory
			op == 0x41, op == 0x42, // i32.const, i64.const: signed LEB128
			op == 0xd0, op == 0xd2: // ref.null: heap type (one byte for func/extern), ref.func: function
			r.skipLEB()
		case op == 0x0e: // br_table: labels, default
			for n := r.u32(); n > 0 && r.err == nil; n-- {
				r.skipLEB()
			}
			r.skipLEB()
		case op == 0x11, op == 0x13: // call_indirect, return_call_indirect: type, table
			r.skipLEB()
			r.skipLEB()
		case op == 0x1c: // select with types
			for n := r.u32(); n > 0 && r.err == nil; n-- {
				if err := r.valType(); err != nil {
					return 0, err
				}
			}
		case op >= 0x28 && op <= 0x3e: // loads and stores: memarg
			r.memarg()
		case op == 0x43: // f32.const
			r.skip(4)
		case op == 0x44: // f64.const
			r.skip(8)
		case op == 0xfc:
			if err := r.prefixFC(); err != nil {
				return 0, err
			}
		default:
			return 0, fmt.Errorf("unsupported opcode 0x%02x", op)
		}
		if r.err != nil {
			return 0, r.err
		}
		*out = append(*out, r.b[start:r.p]...)
		if loop {
			*out = append(*out, check...)
			checks++
		}
	}
	return checks, nil
}

// reader decodes the binary format; it records the first error (running off the end) and then reads zeros.
type reader struct {
	b   []byte
	p   int
	err error
}

var errTruncated = errors.New("truncated")

func (r *reader) byte() byte {
	if r.p >= len(r.b) {
		r.err = errTruncated
		return 0
	}
	v := r.b[r.p]
	r.p++
	return v
}

func (r *reader) skip(n int) {
	if r.p+n > len(r.b) {
		r.err = errTruncated
		r.p = len(r.b)
		return
	}
	r.p += n
}

// u32 reads an unsigned LEB128 of at most 5 bytes.
func (r *reader) u32() uint32 {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		b := r.byte()
		v |= uint32(b&0x7f) << shift
		if b&0x80 == 0 {
			return v
		}
	}
	if r.err == nil {
		r.err = errors.New("LEB128 too long")
	}
	return 0
}

// skipLEB skips a signed or unsigned LEB128 of at most 10 bytes (up to 64 bits).
func (r *reader) skipLEB() {
	for i := 0; i < 10; i++ {
		if r.byte()&0x80 == 0 {
			return
		}
	}
	if r.err == nil {
		r.err = errors.New("LEB128 too long")
	}
}

func (r *reader) skipName() { r.skip(int(r.u32())) }

// limits: flags, min, and max when flags has bit 0 (bit 1: shared, bit 2: 64-bit); returns the flags.
func (r *reader) limits() byte {
	flags := r.byte()
	r.skipLEB()
	if flags&1 != 0 {
		r.skipLEB()
	}
	return flags
}

// memarg: alignment (bit 6 set: a memory index follows, multi-memory), offset.
func (r *reader) memarg() {
	align := r.u32()
	if align&0x40 != 0 {
		r.skipLEB()
	}
	r.skipLEB()
}

// valType accepts the one-byte value types; the GC proposal's (ref null? ht) forms are refused.
func (r *reader) valType() error {
	switch t := r.byte(); t {
	case 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f:
		return nil
	default:
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("unsupported value type 0x%02x", t)
	}
}

// blockType: 0x40 (empty), a value type, or a type index (a positive signed LEB128).
func (r *reader) blockType() error {
	if r.p < len(r.b) {
		switch r.b[r.p] {
		case 0x40:
			r.p++
			return nil
		case 0x63, 0x64: // GC reference types, followed by a heap type
			return fmt.Errorf("unsupported block type 0x%02x", r.b[r.p])
		}
		if r.b[r.p] >= 0x40 && r.b[r.p] < 0x80 { // a one-byte negative LEB: a value type
			return r.valType()
		}
	}
	r.skipLEB() // a type index
	return nil
}

// prefixFC: saturating truncations, bulk memory and table instructions.
func (r *reader) prefixFC() error {
	switch sub := r.u32(); {
	case sub <= 7: // iNN.trunc_sat_fMM_s/u
	case sub == 8, sub == 10, sub == 12, sub == 14: // memory.init, memory.copy, table.init, table.copy
		r.skipLEB()
		r.skipLEB()
	case sub == 9, sub == 11, sub == 13, sub == 15, sub == 16, sub == 17: // data.drop, memory.fill, elem.drop, table.grow/size/fill
		r.skipLEB()
	default:
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("unsupported instruction 0xfc %d", sub)
	}
	return nil
}

func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
