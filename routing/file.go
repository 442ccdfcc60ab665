package routing

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"unsafe"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// Prepared network files (".wsn") hold a built Graph so that commands start
// without reading OSM again. Layout, little-endian:
//
//	magic    8 bytes  "WALKSHED"
//	kind     4 bytes  "NET1"
//	version  uint32   FileVersion
//	length   uint64   payload length in bytes
//	crc      uint32   CRC-32C (Castagnoli) of the payload
//	reserved 4 bytes  zero, so that the payload starts 8-byte aligned
//	payload:  Info strings, the graph arrays (each a uint64 count, zero
//	          padding to a multiple of 8 bytes, and the raw little-endian
//	          elements), then an opaque extra section the caller owns (the
//	          data layer stores facilities, buildings and grids there).
//
// Arrays are aligned so that on little-endian machines a reader uses them
// in place, without decoding (OpenFile maps the file into memory).
//
// A file of another version, a truncated or a corrupt one is refused with
// an error wrapping ErrFileFormat.
const FileVersion = 2

var (
	fileMagic = [8]byte{'W', 'A', 'L', 'K', 'S', 'H', 'E', 'D'}
	fileKind  = [4]byte{'N', 'E', 'T', '1'}
	castag    = crc32.MakeTable(crc32.Castagnoli)
)

// ErrFileFormat is wrapped by every error about a prepared network file's
// contents.
var ErrFileFormat = errors.New("routing: not a valid prepared network file")

const headerSize = 8 + 4 + 4 + 8 + 4 + 4

// WriteFile writes g and the caller's extra bytes in the prepared network
// format.
func (g *Graph) WriteFile(w io.Writer, extra []byte) error {
	var p enc
	p.str(g.info.Source)
	p.str(g.info.Timestamp)
	p.f64(g.info.MinComponentMeters)
	p.i32s(g.nodeLon)
	p.i32s(g.nodeLat)
	p.i64s(g.nodeOSM)
	p.u32s(g.firstOut)
	p.i32s(conv[int32](g.adjHead))
	p.i32s(conv[int32](g.adjEdge))
	p.i32s(conv[int32](g.edgeU))
	p.i32s(conv[int32](g.edgeV))
	p.f32s(g.length)
	p.u16s(conv[uint16](g.flags))
	p.i64s(g.wayID)
	p.u32s(g.geomStart)
	p.i32s(g.geomLon)
	p.i32s(g.geomLat)
	p.bytes(extra)
	var h [headerSize]byte
	copy(h[0:8], fileMagic[:])
	copy(h[8:12], fileKind[:])
	binary.LittleEndian.PutUint32(h[12:16], FileVersion)
	binary.LittleEndian.PutUint64(h[16:24], uint64(len(p.b)))
	binary.LittleEndian.PutUint32(h[24:28], crcOf(p.b))
	// h[28:32] reserved, zero
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	_, err := w.Write(p.b)
	return err
}

// ReadFile decodes a prepared network file held in data. It returns the
// graph and the extra section (a sub-slice of data). Every array is checked
// for consistency, so a decoded graph is safe to search.
func ReadFile(data []byte) (*Graph, []byte, error) {
	if len(data) < headerSize {
		return nil, nil, fmt.Errorf("%w: %d bytes is too short for the header", ErrFileFormat, len(data))
	}
	if !bytes.Equal(data[0:8], fileMagic[:]) || !bytes.Equal(data[8:12], fileKind[:]) {
		return nil, nil, fmt.Errorf("%w: wrong magic bytes (is it a walkshed network saved with 'walkshed network --save'?)", ErrFileFormat)
	}
	if v := binary.LittleEndian.Uint32(data[12:16]); v != FileVersion {
		return nil, nil, fmt.Errorf("%w: format version %d, this walkshed reads version %d; rebuild it with 'walkshed network --save'", ErrFileFormat, v, FileVersion)
	}
	n := binary.LittleEndian.Uint64(data[16:24])
	payload := data[headerSize:]
	if uint64(len(payload)) != n {
		return nil, nil, fmt.Errorf("%w: payload is %d bytes, header says %d (truncated?)", ErrFileFormat, len(payload), n)
	}
	if crc := crcOf(payload); crc != binary.LittleEndian.Uint32(data[24:28]) {
		return nil, nil, fmt.Errorf("%w: checksum mismatch (file corrupt)", ErrFileFormat)
	}
	d := dec{b: payload}
	g := &Graph{}
	g.info.Source = d.str()
	g.info.Timestamp = d.str()
	g.info.MinComponentMeters = d.f64()
	g.nodeLon = d.i32s()
	g.nodeLat = d.i32s()
	g.nodeOSM = d.i64s()
	g.firstOut = d.u32s()
	g.adjHead = conv[NodeID](d.i32s())
	g.adjEdge = conv[EdgeID](d.i32s())
	g.edgeU = conv[NodeID](d.i32s())
	g.edgeV = conv[NodeID](d.i32s())
	g.length = d.f32s()
	g.flags = conv[EdgeFlags](d.u16s())
	g.wayID = d.i64s()
	g.geomStart = d.u32s()
	g.geomLon = d.i32s()
	g.geomLat = d.i32s()
	extra := d.bytes()
	if d.err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrFileFormat, d.err)
	}
	if len(d.b) != 0 {
		return nil, nil, fmt.Errorf("%w: %d unexpected trailing bytes", ErrFileFormat, len(d.b))
	}
	if err := g.check(); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrFileFormat, err)
	}
	return g, extra, nil
}

// check verifies the internal consistency of the arrays.
func (g *Graph) check() error {
	n, m := len(g.nodeLon), len(g.edgeU)
	switch {
	case len(g.nodeLat) != n || len(g.nodeOSM) != n || len(g.firstOut) != n+1:
		return errors.New("node arrays differ in length")
	case len(g.edgeV) != m || len(g.length) != m || len(g.flags) != m || len(g.wayID) != m || len(g.geomStart) != m+1:
		return errors.New("edge arrays differ in length")
	case len(g.adjHead) != 2*m || len(g.adjEdge) != 2*m:
		return errors.New("adjacency arrays have the wrong length")
	case len(g.geomLon) != len(g.geomLat):
		return errors.New("geometry arrays differ in length")
	case g.firstOut[0] != 0 || int(g.firstOut[n]) != 2*m:
		return errors.New("adjacency offsets out of range")
	case g.geomStart[0] != 0 || int(g.geomStart[m]) != len(g.geomLon):
		return errors.New("geometry offsets out of range")
	}
	for i := range n {
		if g.firstOut[i] > g.firstOut[i+1] {
			return fmt.Errorf("adjacency offsets decrease at node %d", i)
		}
	}
	for e := range m {
		if g.geomStart[e] > g.geomStart[e+1] {
			return fmt.Errorf("geometry offsets decrease at edge %d", e)
		}
		if u, v := g.edgeU[e], g.edgeV[e]; u < 0 || int(u) >= n || v < 0 || int(v) >= n {
			return fmt.Errorf("edge %d has a node out of range", e)
		}
		if l := g.length[e]; !(l >= 0) || math.IsInf(float64(l), 0) {
			return fmt.Errorf("edge %d has length %v", e, l)
		}
	}
	for i := range g.adjHead {
		if h, e := g.adjHead[i], g.adjEdge[i]; h < 0 || int(h) >= n || e < 0 || int(e) >= m {
			return fmt.Errorf("adjacency entry %d out of range", i)
		}
	}
	return nil
}

type enc struct{ b []byte }

func (p *enc) u64(v uint64)     { p.b = binary.LittleEndian.AppendUint64(p.b, v) }
func (p *enc) f64(v float64)    { p.u64(math.Float64bits(v)) }
func (p *enc) str(s string)     { p.u64(uint64(len(s))); p.b = append(p.b, s...) }
func (p *enc) bytes(b []byte)   { p.u64(uint64(len(b))); p.b = append(p.b, b...) }
func (p *enc) i32s(a []int32)   { putArray(p, a) }
func (p *enc) u32s(a []uint32)  { putArray(p, a) }
func (p *enc) f32s(a []float32) { putArray(p, a) }
func (p *enc) u16s(a []uint16)  { putArray(p, a) }
func (p *enc) i64s(a []int64)   { putArray(p, a) }

// elem are the element types of graph arrays.
type elem interface {
	~int32 | ~uint32 | ~float32 | ~uint16 | ~int64
}

// putArray writes a count, pads to 8 bytes and appends the elements
// little-endian.
func putArray[T elem](p *enc, a []T) {
	p.u64(uint64(len(a)))
	for len(p.b)%8 != 0 {
		p.b = append(p.b, 0)
	}
	if len(a) == 0 {
		return
	}
	start := len(p.b)
	p.b = append(p.b, bytesOf(a)...)
	if !littleEndian {
		swapEach(p.b[start:], int(unsafe.Sizeof(a[0])))
	}
}

type dec struct {
	b   []byte
	pos int // bytes consumed, from the start of the payload
	err error
}

func (d *dec) take(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = fmt.Errorf("section of %d bytes runs past the end", n)
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	d.pos += int(n)
	return out
}

func (d *dec) u64() uint64 {
	b := d.take(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// count reads an element count and checks that size*count bytes remain.
func (d *dec) count(size uint64) (int, []byte) {
	n := d.u64()
	if d.err != nil {
		return 0, nil
	}
	if n > uint64(len(d.b))/size {
		d.err = fmt.Errorf("array of %d elements runs past the end", n)
		return 0, nil
	}
	return int(n), d.take(n * size)
}

func (d *dec) f64() float64 { return math.Float64frombits(d.u64()) }
func (d *dec) str() string  { return string(d.bytes()) }
func (d *dec) bytes() []byte {
	_, b := d.count(1)
	return b
}
func (d *dec) i32s() []int32   { return getArray[int32](d) }
func (d *dec) u32s() []uint32  { return getArray[uint32](d) }
func (d *dec) f32s() []float32 { return getArray[float32](d) }
func (d *dec) u16s() []uint16  { return getArray[uint16](d) }
func (d *dec) i64s() []int64   { return getArray[int64](d) }

// getArray reads an array written by putArray. On little-endian machines
// with aligned data the result aliases the input (no copy); otherwise it is
// decoded into a new slice.
func getArray[T elem](d *dec) []T {
	n := d.u64()
	if d.err != nil {
		return nil
	}
	if pad := (8 - d.pos%8) % 8; pad > 0 {
		d.take(uint64(pad))
	}
	var z T
	size := uint64(unsafe.Sizeof(z))
	if d.err == nil && n > uint64(len(d.b))/size {
		d.err = fmt.Errorf("array of %d elements runs past the end", n)
	}
	b := d.take(n * size)
	if d.err != nil || n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	a := make([]T, n)
	raw := bytesOf(a)
	copy(raw, b)
	if !littleEndian {
		swapEach(raw, int(size))
	}
	return a
}

// bytesOf views a slice of fixed-size elements as its bytes.
func bytesOf[T elem](a []T) []byte {
	if len(a) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&a[0])), len(a)*int(unsafe.Sizeof(a[0])))
}

// swapEach reverses the bytes of every size-byte element of b.
func swapEach(b []byte, size int) {
	for i := 0; i+size <= len(b); i += size {
		slices.Reverse(b[i : i+size])
	}
}

// littleEndian reports the byte order of this machine.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// conv converts between slices of integer types of the same width.
func conv[To, From ~int32 | ~uint16](a []From) []To {
	out := make([]To, len(a))
	for i, v := range a {
		out[i] = To(v)
	}
	return out
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castag) }

// OpenFile opens a prepared network file: on Unix it is mapped into memory
// and its arrays are used in place, so opening costs little more than
// checking the checksum. It returns the graph and the extra section.
//
// path must be a regular file: a named pipe or device is refused before it
// is opened.
//
// The file must not be rewritten in place while the graph is in use (a
// running server keeps it mapped): replace it by writing a new file and
// renaming it over the old one, as walkshed's own saves do.
func OpenFile(path string) (*Graph, []byte, error) {
	if err := inputfile.Check(path); err != nil { // a named pipe would block, /dev/zero never end
		return nil, nil, err
	}
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, nil, err
	}
	g, extra, err := ReadFile(data)
	if err != nil {
		unmap() // nothing refers to a refused file
		return nil, nil, err
	}
	return g, extra, nil
}
