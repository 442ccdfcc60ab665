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
	"strings"
	"sync"
	"unsafe"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// Prepared network files (".wsn") hold a built Graph, and beside it the
// sections a caller adds (the walkshed package stores services, buildings
// and boundaries there), so that commands start without reading OSM again.
// Layout, little-endian:
//
//	magic    8 bytes  "WALKSHED"
//	kind     4 bytes  "NET1"
//	version  uint32   FileVersion
//	count    uint32   number of sections
//	crc      uint32   CRC-32C (Castagnoli) of the 20 bytes above and the table
//	table    count entries of 40 bytes, one per section:
//	           name     16 bytes  [a-z0-9_], zero-padded: "graph", "buildings", ...
//	           version  uint32    the section's own format version
//	           crc      uint32    CRC-32C of the section's bytes
//	           offset   uint64    from the start of the file, a multiple of 8
//	           length   uint64    bytes
//	sections in table order, each at the first multiple of 8 after the end of
//	the previous one (zero padding between); the file ends with the last.
//
// The "graph" section (version GraphSectionVersion) holds the Info strings
// and the graph arrays, each a uint64 count, zero padding to a multiple of 8
// bytes, and the raw little-endian elements. Arrays are aligned so that on
// little-endian machines a reader uses them in place, without decoding
// (OpenFile maps the file into memory).
//
// A reader names the other sections it understands and their versions
// (SectionSpec). A file of another FileVersion, one with a section the
// reader does not know, of another version, or missing, and a truncated or
// corrupt file are refused with an error wrapping ErrFileFormat that names
// the version or the section. A section's checksum is checked when it is
// read (File.Section): opening only the graph skips the others' bytes.
const FileVersion = 3

// GraphSectionVersion is the version of the graph section's encoding.
const GraphSectionVersion = 1

// graphSection is the name of the section holding the graph.
const graphSection = "graph"

var (
	fileMagic = [8]byte{'W', 'A', 'L', 'K', 'S', 'H', 'E', 'D'}
	fileKind  = [4]byte{'N', 'E', 'T', '1'}
	castag    = crc32.MakeTable(crc32.Castagnoli)
)

// ErrFileFormat is wrapped by every error about a prepared network file's
// contents.
var ErrFileFormat = errors.New("routing: not a valid prepared network file")

const (
	headerSize  = 8 + 4 + 4 + 4 + 4
	entrySize   = 16 + 4 + 4 + 8 + 8
	maxNameLen  = 16
	maxSections = 64
)

// Section is one named, versioned part of a prepared network file beside
// the graph. Its encoding is the caller's; the file keeps its bytes, its
// version and a checksum.
type Section struct {
	// Name is 1 to 16 characters of [a-z0-9_], other than "graph".
	Name string
	// Version is the version of the section's encoding: change it with the
	// encoding, so that older readers refuse the section by name.
	Version uint32
	// Data is the encoded section.
	Data []byte
}

// SectionSpec names a section a reader understands and the version of it
// that it reads.
type SectionSpec struct {
	Name    string
	Version uint32
}

func checkName(name string) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("section name %q: want 1 to %d characters", name, maxNameLen)
	}
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return fmt.Errorf("section name %q: want only a-z, 0-9 and _", name)
		}
	}
	return nil
}

// WriteFile writes g and the caller's sections, in the order given, in the
// prepared network format.
func (g *Graph) WriteFile(w io.Writer, sections ...Section) error {
	seen := map[string]bool{graphSection: true}
	for _, s := range sections {
		if err := checkName(s.Name); err != nil {
			return fmt.Errorf("routing: %w", err)
		}
		if seen[s.Name] {
			return fmt.Errorf("routing: section %q given twice (or named like the graph's)", s.Name)
		}
		seen[s.Name] = true
	}
	if len(sections)+1 > maxSections {
		return fmt.Errorf("routing: %d sections, at most %d", len(sections)+1, maxSections)
	}
	all := append([]Section{{Name: graphSection, Version: GraphSectionVersion, Data: g.encode()}}, sections...)
	head := make([]byte, headerSize+entrySize*len(all))
	copy(head[0:8], fileMagic[:])
	copy(head[8:12], fileKind[:])
	binary.LittleEndian.PutUint32(head[12:16], FileVersion)
	binary.LittleEndian.PutUint32(head[16:20], uint32(len(all)))
	off := uint64(len(head))
	for i, s := range all {
		e := head[headerSize+entrySize*i:]
		copy(e[0:16], s.Name)
		binary.LittleEndian.PutUint32(e[16:20], s.Version)
		binary.LittleEndian.PutUint32(e[20:24], crcOf(s.Data))
		binary.LittleEndian.PutUint64(e[24:32], off)
		binary.LittleEndian.PutUint64(e[32:40], uint64(len(s.Data)))
		off = align8(off + uint64(len(s.Data)))
	}
	binary.LittleEndian.PutUint32(head[20:24], tableCRC(head))
	if _, err := w.Write(head); err != nil {
		return err
	}
	var zero [8]byte
	for i, s := range all {
		if _, err := w.Write(s.Data); err != nil {
			return err
		}
		if pad := align8(uint64(len(s.Data))) - uint64(len(s.Data)); pad > 0 && i < len(all)-1 {
			if _, err := w.Write(zero[:pad]); err != nil {
				return err
			}
		}
	}
	return nil
}

func align8(n uint64) uint64 { return (n + 7) &^ 7 }

// tableCRC is the checksum of the header (without its own crc field) and
// the section table.
func tableCRC(head []byte) uint32 {
	c := crc32.Update(0, castag, head[:20])
	return crc32.Update(c, castag, head[headerSize:])
}

// encode returns the graph section.
func (g *Graph) encode() []byte {
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
	return p.b
}

// File is an opened prepared network file: its graph, and its other
// sections read on demand. Its Graph is safe for concurrent use; the File
// itself is for the one goroutine that opens it.
type File struct {
	// Graph is the decoded graph. Opened with OpenFile, it uses the
	// mapped file in place.
	Graph *Graph

	sections []fileSection
	release  func()
	once     sync.Once
}

type fileSection struct {
	SectionSpec
	crc     uint32
	data    []byte
	checked bool
}

// Section returns the bytes of the named section after checking its
// checksum. They are part of the file (mapped, for OpenFile): copy what
// must outlive Release.
func (f *File) Section(name string) ([]byte, error) {
	for i := range f.sections {
		s := &f.sections[i]
		if s.Name != name {
			continue
		}
		if !s.checked {
			if crcOf(s.data) != s.crc {
				return nil, fmt.Errorf("%w: section %s v%d: checksum mismatch (file corrupt)", ErrFileFormat, s.Name, s.Version)
			}
			s.checked = true
		}
		return s.data, nil
	}
	return nil, fmt.Errorf("routing: no section %q was asked for when opening the file", name)
}

// Release unmaps a file opened with OpenFile (with ReadFile it does
// nothing). Call it only to discard the file, when nothing refers to its
// graph or section bytes any more: after a section failed to decode, say.
// A file whose graph is in use stays mapped for the life of the process.
func (f *File) Release() {
	f.once.Do(func() {
		if f.release != nil {
			f.release()
		}
		f.Graph, f.sections = nil, nil
	})
}

// ReadFile decodes a prepared network file held in data. extra are the
// sections beside the graph that the caller understands: the file must hold
// exactly these, each in the version given. The graph's arrays are checked
// for consistency, so a decoded graph is safe to search; the other
// sections' checksums are checked by File.Section.
func ReadFile(data []byte, extra ...SectionSpec) (*File, error) {
	return readFile(data, nil, extra...)
}

// readFile is ReadFile; prefetch, when not nil, is given data and the
// graph section's byte range in it before the section is checked, to read
// those pages in at once (the other sections are read only when asked for).
func readFile(data []byte, prefetch func(data []byte, lo, hi uint64), extra ...SectionSpec) (*File, error) {
	if len(data) < headerSize {
		return nil, fmt.Errorf("%w: %d bytes is too short for the header", ErrFileFormat, len(data))
	}
	if !bytes.Equal(data[0:8], fileMagic[:]) || !bytes.Equal(data[8:12], fileKind[:]) {
		return nil, fmt.Errorf("%w: wrong magic bytes: not a prepared walkshed network", ErrFileFormat)
	}
	if v := binary.LittleEndian.Uint32(data[12:16]); v != FileVersion {
		return nil, fmt.Errorf("%w: format version %d, this walkshed reads version %d; prepare it again from the OSM file", ErrFileFormat, v, FileVersion)
	}
	count := binary.LittleEndian.Uint32(data[16:20])
	if count == 0 || count > maxSections {
		return nil, fmt.Errorf("%w: %d sections in the table (want 1 to %d)", ErrFileFormat, count, maxSections)
	}
	tableEnd := headerSize + entrySize*int(count)
	if len(data) < tableEnd {
		return nil, fmt.Errorf("%w: %d bytes is too short for a table of %d sections (truncated?)", ErrFileFormat, len(data), count)
	}
	if tableCRC(data[:tableEnd]) != binary.LittleEndian.Uint32(data[20:24]) {
		return nil, fmt.Errorf("%w: section table checksum mismatch (file corrupt)", ErrFileFormat)
	}
	want := append(make([]SectionSpec, 0, len(extra)+1), SectionSpec{graphSection, GraphSectionVersion})
	want = append(want, extra...)
	seen := make([]bool, len(want))
	f := &File{release: func() {}, sections: make([]fileSection, 0, len(extra))}
	var graph fileSection
	var graphAt uint64
	off := uint64(tableEnd)
	for i := range int(count) {
		e := data[headerSize+entrySize*i:]
		raw, err := entryName(e[0:16])
		if err != nil {
			return nil, fmt.Errorf("%w: section %d: %v", ErrFileFormat, i, err)
		}
		version := binary.LittleEndian.Uint32(e[16:20])
		j := slices.IndexFunc(want, func(s SectionSpec) bool { return s.Name == string(raw) })
		switch {
		case j < 0:
			return nil, fmt.Errorf("%w: section %s v%d: unknown to this walkshed (written by a newer one?); prepare it again from the OSM file", ErrFileFormat, raw, version)
		case seen[j]:
			return nil, fmt.Errorf("%w: section %s appears twice", ErrFileFormat, raw)
		case want[j].Version != version:
			return nil, fmt.Errorf("%w: section %s v%d: unsupported version, this walkshed reads version %d; prepare it again from the OSM file", ErrFileFormat, raw, version, want[j].Version)
		}
		seen[j] = true
		name := want[j].Name
		s := fileSection{SectionSpec: want[j], crc: binary.LittleEndian.Uint32(e[20:24])}
		start, n := binary.LittleEndian.Uint64(e[24:32]), binary.LittleEndian.Uint64(e[32:40])
		if start != off {
			return nil, fmt.Errorf("%w: section %s starts at byte %d, want %d", ErrFileFormat, name, start, off)
		}
		if start > uint64(len(data)) || n > uint64(len(data))-start {
			return nil, fmt.Errorf("%w: section %s of %d bytes runs past the end of the file at %d (truncated?)", ErrFileFormat, name, n, len(data))
		}
		s.data = data[start : start+n : start+n]
		off = start + n
		if i < int(count)-1 {
			pad := min(align8(off), uint64(len(data)))
			if !allZero(data[off:pad]) {
				return nil, fmt.Errorf("%w: non-zero padding after section %s", ErrFileFormat, name)
			}
			off = align8(off)
		}
		if j == 0 {
			graph, graphAt = s, start
		} else {
			f.sections = append(f.sections, s)
		}
	}
	var missing []string
	for j, s := range want {
		if !seen[j] {
			missing = append(missing, s.Name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: section %s missing (written by an older walkshed?); prepare it again from the OSM file", ErrFileFormat, strings.Join(missing, ", "))
	}
	if off != uint64(len(data)) {
		return nil, fmt.Errorf("%w: %d unexpected bytes after the last section", ErrFileFormat, uint64(len(data))-off)
	}
	if prefetch != nil {
		prefetch(data, graphAt, graphAt+uint64(len(graph.data)))
	}
	if crcOf(graph.data) != graph.crc {
		return nil, fmt.Errorf("%w: section graph v%d: checksum mismatch (file corrupt)", ErrFileFormat, graph.Version)
	}
	g, err := decodeGraph(graph.data)
	if err != nil {
		return nil, fmt.Errorf("%w: section graph v%d: %v", ErrFileFormat, graph.Version, err)
	}
	f.Graph = g
	return f, nil
}

// entryName reads a zero-padded section name, without copying it.
func entryName(b []byte) ([]byte, error) {
	n := bytes.IndexByte(b, 0)
	if n < 0 {
		n = len(b)
	}
	if !allZero(b[n:]) {
		return nil, errors.New("name has bytes after its end")
	}
	if n == 0 {
		return nil, errors.New("empty name")
	}
	for _, c := range b[:n] {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return nil, fmt.Errorf("name %q: want only a-z, 0-9 and _", b[:n])
		}
	}
	return b[:n], nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// decodeGraph decodes the graph section and checks its arrays.
func decodeGraph(b []byte) (*Graph, error) {
	d := dec{b: b}
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
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%d unexpected trailing bytes", len(d.b))
	}
	if err := g.check(); err != nil {
		return nil, err
	}
	return g, nil
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

// conv views a slice as one of another integer type of the same width,
// without copying, so that a mapped graph's arrays stay in the file: a copy
// cost Porto centre's open 460 KB of heap and its page faults.
func conv[To, From ~int32 | ~uint16](a []From) []To {
	var to To
	var from From
	if unsafe.Sizeof(to) != unsafe.Sizeof(from) {
		panic("routing: conv between types of different widths") // a bug of decodeGraph
	}
	if len(a) == 0 {
		return make([]To, 0)
	}
	return unsafe.Slice((*To)(unsafe.Pointer(&a[0])), len(a))
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castag) }

// OpenFile opens a prepared network file: on Unix it is mapped into memory
// and the graph's arrays are used in place, so opening costs little more
// than checking the graph's checksum. extra are the other sections the
// caller understands, as for ReadFile. When one of them then fails to
// decode, Release the file.
//
// path must be a regular file: a named pipe or device is refused before it
// is opened.
//
// The file must not be rewritten in place while the graph is in use (a
// running server keeps it mapped): replace it by writing a new file and
// renaming it over the old one, as walkshed's own saves do.
func OpenFile(path string, extra ...SectionSpec) (*File, error) {
	if err := inputfile.Check(path); err != nil { // a named pipe would block, /dev/zero never end
		return nil, err
	}
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	f, err := readFile(data, populate, extra...)
	if err != nil {
		unmap() // nothing refers to a refused file
		return nil, err
	}
	f.release = unmap
	return f, nil
}
