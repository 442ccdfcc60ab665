package hex

import (
	"encoding"
	"fmt"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"
)

// Cell is an H3 cell index (a hexagon, or one of the twelve pentagons per
// resolution). Obtain cells from FromPoint, ParseCell or the functions of
// this package; they are always Valid. The zero Cell is not valid. Cells
// order by value, which is how this package sorts them. Methods that need
// geometry (Center, Boundary, AreaM2) return zero values for a Cell that is
// not Valid rather than passing it to h3.
type Cell uint64

// MaxResolution is the finest H3 resolution.
const MaxResolution = 15

// Layout of an H3 cell index (H3 documentation, "Index bit layout").
const (
	modeShift    = 59
	modeCell     = 1
	resShift     = 52
	baseShift    = 45
	digitBits    = 3
	numBaseCells = 122
	// Base cells 4, 14, 24, 38, 49, 58, 63 (low word) and 72, 83, 97, 107,
	// 117 (high word, minus 64) are the pentagons.
	pentagonBasesLo uint64 = 1<<4 | 1<<14 | 1<<24 | 1<<38 | 1<<49 | 1<<58 | 1<<63
	pentagonBasesHi uint64 = 1<<(72-64) | 1<<(83-64) | 1<<(97-64) | 1<<(107-64) | 1<<(117-64)
)

var (
	_ encoding.TextMarshaler   = Cell(0)
	_ encoding.TextUnmarshaler = (*Cell)(nil)
)

func isPentagonBase(base int) bool {
	if base < 64 {
		return pentagonBasesLo>>base&1 == 1
	}
	return pentagonBasesHi>>(base-64)&1 == 1
}

// unusedDigits returns a mask of the digit bits beyond resolution res.
func unusedDigits(res int) uint64 {
	return 1<<(uint(MaxResolution-res)*digitBits) - 1
}

// Valid reports whether c is a valid H3 cell index. It is computed in Go,
// without a cgo call, with the same rules as h3's isValidCell.
func (c Cell) Valid() bool {
	h := uint64(c)
	if h>>63 != 0 || h>>modeShift&0xF != modeCell || h>>56&7 != 0 {
		return false
	}
	base := int(h >> baseShift & 0x7F)
	if base >= numBaseCells {
		return false
	}
	res := c.Resolution()
	if h&unusedDigits(res) != unusedDigits(res) {
		return false
	}
	leading := true // still in the leading zero digits
	for r := 1; r <= res; r++ {
		d := h >> (uint(MaxResolution-r) * digitBits) & 7
		if d == 7 {
			return false
		}
		if leading && d != 0 {
			leading = false
			// The K-axis sub-sequence of a pentagon is deleted.
			if d == 1 && isPentagonBase(base) {
				return false
			}
		}
	}
	return true
}

// Resolution returns the resolution field of c, 0 (coarsest) to 15. It is
// meaningful only for a Valid cell.
func (c Cell) Resolution() int {
	return int(uint64(c) >> resShift & 0xF)
}

// IsPentagon reports whether c is one of the twelve pentagons of its
// resolution.
func (c Cell) IsPentagon() bool {
	if !c.Valid() {
		return false
	}
	h := uint64(c)
	res := c.Resolution()
	digits := h >> (uint(MaxResolution-res) * digitBits) & (1<<(uint(res)*digitBits) - 1)
	return digits == 0 && isPentagonBase(int(h>>baseShift&0x7F))
}

// Parent returns the cell of resolution res (0 up to c's resolution) that
// contains c. It returns c itself for c's own resolution. The error wraps
// ErrCell or ErrResolution.
func (c Cell) Parent(res int) (Cell, error) {
	if !c.Valid() {
		return 0, fmt.Errorf("%w: %s", ErrCell, c)
	}
	if res < 0 || res > c.Resolution() {
		return 0, fmt.Errorf("%w: parent resolution %d of a resolution %d cell", ErrResolution, res, c.Resolution())
	}
	h := uint64(c)&^(0xF<<resShift) | uint64(res)<<resShift
	return Cell(h | unusedDigits(res)), nil
}

// String returns the canonical H3 form of c: lower-case hexadecimal without
// a prefix, as in "8b392ab1c4a6fff".
func (c Cell) String() string {
	return strconv.FormatUint(uint64(c), 16)
}

// ParseCell parses the hexadecimal form of an H3 cell, as written by String
// (upper case is accepted too). The error wraps ErrCell.
func ParseCell(s string) (Cell, error) {
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q is not a hexadecimal H3 index", ErrCell, shorten(s))
	}
	c := Cell(v)
	if !c.Valid() {
		return 0, fmt.Errorf("%w: %q", ErrCell, shorten(s))
	}
	return c, nil
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// MarshalText implements encoding.TextMarshaler with the form of String. It
// fails, wrapping ErrCell, for a cell that is not Valid.
func (c Cell) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("%w: %s", ErrCell, c)
	}
	return strconv.AppendUint(nil, uint64(c), 16), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseCell.
func (c *Cell) UnmarshalText(text []byte) error {
	v, err := ParseCell(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Center returns the centre of c as (longitude, latitude), or the zero Point
// if c is not Valid.
func (c Cell) Center() orb.Point {
	if !c.Valid() {
		return orb.Point{}
	}
	ll := h3.CellToLatLng(h3.Cell(c))
	return orb.Point{ll.Lng, ll.Lat}
}

// Boundary returns the outline of c as a closed ring (first point repeated
// last), counter-clockwise in longitude/latitude: six vertices for a
// hexagon, five for a pentagon, and more where the cell crosses an edge of
// H3's icosahedron. For a cell that crosses the antimeridian, longitudes are
// continued past ±180 so that the ring stays a simple polygon. The ring is
// newly allocated and owned by the caller. It is nil if c is not Valid.
func (c Cell) Boundary() orb.Ring {
	if !c.Valid() {
		return nil
	}
	b := h3.CellToBoundary(h3.Cell(c))
	r := make(orb.Ring, len(b), len(b)+1)
	for i, v := range b {
		lon := v.Lng
		if i > 0 { // continue across the antimeridian
			if d := lon - r[i-1][0]; d > 180 {
				lon -= 360
			} else if d < -180 {
				lon += 360
			}
		}
		r[i] = orb.Point{lon, v.Lat}
	}
	if signedArea(r) < 0 {
		slices.Reverse(r)
	}
	return append(r, r[0])
}

// AreaM2 returns the area of c in square metres (exact for the cell, on the
// authalic sphere h3 uses), or 0 if c is not Valid.
func (c Cell) AreaM2() float64 {
	if !c.Valid() {
		return 0
	}
	return h3.CellAreaM2(h3.Cell(c))
}

// Neighbors appends to dst the cells that share a side with c, sorted by
// value: six for a hexagon, five for a pentagon. The error wraps ErrCell.
func (c Cell) Neighbors(dst []Cell) ([]Cell, error) {
	if !c.Valid() {
		return dst, fmt.Errorf("%w: %s", ErrCell, c)
	}
	n0 := len(dst)
	for _, n := range h3.GridDisk(h3.Cell(c), 1) {
		if n != 0 && Cell(n) != c {
			dst = append(dst, Cell(n))
		}
	}
	slices.Sort(dst[n0:])
	return dst, nil
}

// IsNeighbor reports whether c and o are valid cells of the same resolution
// that share a side.
func (c Cell) IsNeighbor(o Cell) bool {
	if !c.Valid() || !o.Valid() || c.Resolution() != o.Resolution() {
		return false
	}
	return h3.Cell(c).IsNeighbor(h3.Cell(o))
}

// signedArea returns twice the signed shoelace area of the open ring r in
// its own coordinates, positive when r is counter-clockwise. Coordinates
// are taken relative to r[0] to keep precision.
func signedArea(r []orb.Point) float64 {
	if len(r) < 3 {
		return 0
	}
	var a float64
	x0, y0 := r[0][0], r[0][1]
	px, py := 0.0, 0.0
	for _, p := range r[1:] {
		x, y := p[0]-x0, p[1]-y0
		a += px*y - x*py
		px, py = x, y
	}
	return a
}
