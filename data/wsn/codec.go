package wsn

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/data/osmload"
)

// writer builds one section: a string table of the strings referred to
// (in order of first use) and the body that refers to them by index.
type writer struct {
	body  []byte
	index map[string]uint64
	strs  []string
}

func (w *writer) uvarint(v uint64) { w.body = binary.AppendUvarint(w.body, v) }
func (w *writer) int(v int)        { w.body = binary.AppendVarint(w.body, int64(v)) }
func (w *writer) int64(v int64)    { w.body = binary.AppendVarint(w.body, v) }
func (w *writer) f64(v float64) {
	w.body = binary.LittleEndian.AppendUint64(w.body, math.Float64bits(v))
}
func (w *writer) count(n int) { w.uvarint(uint64(n)) }

func (w *writer) bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	w.body = append(w.body, b)
}

// rawStr writes a string in place.
func (w *writer) rawStr(s string) {
	w.uvarint(uint64(len(s)))
	w.body = append(w.body, s...)
}

// str writes a reference into the string table.
func (w *writer) str(s string) {
	i, ok := w.index[s]
	if !ok {
		if w.index == nil {
			w.index = map[string]uint64{}
		}
		i = uint64(len(w.strs))
		w.index[s] = i
		w.strs = append(w.strs, s)
	}
	w.uvarint(i)
}

func (w *writer) point(p orb.Point) { w.f64(p[0]); w.f64(p[1]) }

func (w *writer) tags(ts osm.Tags) {
	w.count(len(ts))
	for _, t := range ts {
		w.str(t.Key)
		w.str(t.Value)
	}
}

func (w *writer) multiPolygon(mp orb.MultiPolygon) {
	w.count(len(mp))
	for _, poly := range mp {
		w.count(len(poly))
		for _, ring := range poly {
			w.count(len(ring))
			for _, p := range ring {
				w.point(p)
			}
		}
	}
}

// bytes returns the section: the string table, then the body.
func (w *writer) bytes() []byte {
	var out []byte
	out = binary.AppendUvarint(out, uint64(len(w.strs)))
	for _, s := range w.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, w.body...)
}

// reader decodes a section. The first error sticks: later reads return
// zero values, and the caller checks err once per element. Decoders read
// the fields of an element inside one composite literal, whose calls Go
// evaluates in lexical left-to-right order: the order of the encoder.
type reader struct {
	b    []byte
	strs []string
	err  error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int64() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int {
	v := r.int64()
	if int64(int(v)) != v {
		r.fail("number %d out of range", v)
		return 0
	}
	return int(v)
}

func (r *reader) f64() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("truncated number")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// finite reads a float64 that must be a finite number of at least min.
func (r *reader) finite(what string, min float64) float64 {
	v := r.f64()
	if math.IsNaN(v) || math.IsInf(v, 0) || v < min {
		r.fail("%s %v out of range", what, v)
		return 0
	}
	return v
}

// nonNegative reads an int that must not be negative.
func (r *reader) nonNegative(what string) int {
	v := r.int()
	if r.err == nil && v < 0 {
		r.fail("%s %d negative", what, v)
		return 0
	}
	return v
}

// uses reads osmload.Use bits, refusing bits no Use has.
func (r *reader) uses() osmload.Use {
	v := r.uvarint()
	if r.err == nil && v >= uint64(osmload.UseOther)<<1 {
		r.fail("uses %#x has unknown bits", v)
		return 0
	}
	return osmload.Use(v)
}

func (r *reader) bool() bool {
	if r.err != nil {
		return false
	}
	if len(r.b) < 1 || r.b[0] > 1 {
		r.fail("truncated or invalid boolean")
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// count reads a number of elements that take at least minSize bytes each
// and checks that they fit in what is left, so that a corrupt count cannot
// ask for a huge allocation.
func (r *reader) count(what string, minSize int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/minSize) {
		r.fail("%d %s in %d remaining bytes", n, what, len(r.b))
		return 0
	}
	return int(n)
}

func (r *reader) rawStr() string {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.fail("string of %d bytes in %d remaining", n, len(r.b))
	}
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// strTable reads the string table at the start of a section.
func (r *reader) strTable() {
	n := r.count("strings", 1)
	if n > 0 {
		r.strs = make([]string, n)
	}
	for i := range n {
		r.strs[i] = r.rawStr()
	}
	if r.err != nil {
		r.err = fmt.Errorf("string table: %w", r.err)
	}
}

func (r *reader) str() string {
	i := r.uvarint()
	if r.err == nil && i >= uint64(len(r.strs)) {
		r.fail("string %d of a table of %d", i, len(r.strs))
	}
	if r.err != nil {
		return ""
	}
	return r.strs[i]
}

// point reads a longitude and latitude in degrees.
func (r *reader) point() orb.Point {
	lon, lat := r.f64(), r.f64()
	if r.err == nil && !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
		r.fail("point (%v, %v) is not a longitude and latitude", lon, lat)
	}
	return orb.Point{lon, lat}
}

func (r *reader) tags() osm.Tags {
	n := r.count("tags", 2)
	if n == 0 {
		return nil
	}
	ts := make(osm.Tags, n)
	for i := range ts {
		ts[i] = osm.Tag{Key: r.str(), Value: r.str()}
	}
	return ts
}

func (r *reader) multiPolygon() orb.MultiPolygon {
	n := r.count("polygons", 1)
	if n == 0 {
		return nil
	}
	mp := make(orb.MultiPolygon, n)
	for i := range mp {
		nr := r.count("rings", 1)
		if nr == 0 {
			continue
		}
		mp[i] = make(orb.Polygon, nr)
		for j := range mp[i] {
			np := r.count("points", 16)
			if np == 0 {
				continue
			}
			ring := make(orb.Ring, np)
			for k := range ring {
				ring[k] = r.point()
			}
			mp[i][j] = ring
		}
	}
	return mp
}

// end fails unless the whole section was read.
func (r *reader) end() error {
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d unexpected bytes at the end", len(r.b))
	}
	return r.err
}
