package pbf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them.
var (
	// ErrFormat reports data that does not follow the PBF format.
	ErrFormat = errors.New("pbf: malformed data")
	// ErrTruncated reports a file that ends inside a block.
	ErrTruncated = errors.New("pbf: truncated file")
	// ErrUnsupported reports valid PBF using a feature this package does not
	// read (a compression other than zlib, history files, ...).
	ErrUnsupported = errors.New("pbf: unsupported feature")
)

// Protobuf wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// wire iterates over the fields of one protobuf message. After next returns
// true, num and typ name the field and u (varint and fixed types) or data
// (length-delimited) hold its value. Errors stop the iteration and stay in err.
type wire struct {
	b    []byte
	num  int
	typ  int
	u    uint64
	data []byte
	err  error
}

func newWire(b []byte) wire { return wire{b: b} }

func (w *wire) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
}

func (w *wire) next() bool {
	if w.err != nil || len(w.b) == 0 {
		return false
	}
	key, n := binary.Uvarint(w.b)
	if n <= 0 {
		w.fail("bad field key")
		return false
	}
	w.b = w.b[n:]
	w.num, w.typ = int(key>>3), int(key&7)
	if key>>3 == 0 || key>>3 > 1<<29 {
		w.fail("bad field number %d", key>>3)
		return false
	}
	switch w.typ {
	case wireVarint:
		v, n := binary.Uvarint(w.b)
		if n <= 0 {
			w.fail("bad varint in field %d", w.num)
			return false
		}
		w.u, w.b = v, w.b[n:]
	case wireFixed64:
		if len(w.b) < 8 {
			w.fail("short fixed64 in field %d", w.num)
			return false
		}
		w.u, w.b = binary.LittleEndian.Uint64(w.b), w.b[8:]
	case wireBytes:
		l, n := binary.Uvarint(w.b)
		if n <= 0 || l > uint64(len(w.b)-n) {
			w.fail("bad length in field %d", w.num)
			return false
		}
		w.data, w.b = w.b[n:n+int(l)], w.b[n+int(l):]
	case wireFixed32:
		if len(w.b) < 4 {
			w.fail("short fixed32 in field %d", w.num)
			return false
		}
		w.u, w.b = uint64(binary.LittleEndian.Uint32(w.b)), w.b[4:]
	default:
		w.fail("unsupported wire type %d in field %d", w.typ, w.num)
		return false
	}
	return true
}

// varint returns the current field's varint value, failing when the field
// is not a varint.
func (w *wire) varint() uint64 {
	if w.typ != wireVarint {
		w.fail("field %d: wire type %d, want varint", w.num, w.typ)
		return 0
	}
	return w.u
}

// bytes returns the current field's bytes, failing when the field is not
// length-delimited.
func (w *wire) bytes() []byte {
	if w.typ != wireBytes {
		w.fail("field %d: wire type %d, want bytes", w.num, w.typ)
		return nil
	}
	return w.data
}

// appendVarints appends the values of a repeated varint field, packed or not.
func (w *wire) appendVarints(dst []uint64) []uint64 {
	switch w.typ {
	case wireVarint:
		return append(dst, w.u)
	case wireBytes:
		d := w.data
		for len(d) > 0 {
			v, n := binary.Uvarint(d)
			if n <= 0 {
				w.fail("bad packed varint in field %d", w.num)
				return dst
			}
			dst = append(dst, v)
			d = d[n:]
		}
		return dst
	default:
		w.fail("field %d: wire type %d, want varints", w.num, w.typ)
		return dst
	}
}

// zigzag decodes a protobuf sint64.
func zigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
