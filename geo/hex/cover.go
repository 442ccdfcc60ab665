package hex

import "github.com/paulmach/orb"

// CoverStats counts the work of a Coverer since it was created.
type CoverStats struct {
	Lookups    int // points sent to h3 for their cell, or cells for their centre (a cgo call each)
	Boundaries int // cell boundaries fetched from h3 (a cgo call each)
	Segments   int // pieces of line covered exactly (AppendCover, AddLine)
	Fallback   int // of which near icosahedron face edges, covered with h3's cells
	Disks      int // neighbour lists fetched from h3 (a cgo call each)
}

// Coverer lists the cells that polylines pass through at one resolution,
// and outlines sets of cells.
//
// AppendCover and AddLine find every cell a line touches, in Go, from a
// model of H3's grid: H3 projects each face of an icosahedron onto a plane
// and tiles it with regular hexagons, so away from face edges a point's
// cell is the nearest point of a planar lattice. The Coverer maps
// longitude/latitude to that lattice with a quadratic per square of 1/128
// degree (within 0.05 mm) and walks each segment through the lattice. It
// numbers lattice cells in Go as h3 does, after asking h3 for the first two
// cells of each class it meets; within about 1.3 km of a face edge, and
// beyond 89° of latitude, it walks h3's own cells instead, with a few cgo
// calls per new cell.
//
// A Coverer caches the cells it meets (up to about 130,000, then it starts
// afresh) and their boundaries and areas, so keeping one per goroutine for
// the lifetime of a program saves work. A Coverer must not be used by more than one goroutine at
// a time; the zero value is not usable, use NewCoverer.
type Coverer struct {
	res   int
	stats CoverStats

	lat       *lattice // nil if h3 does not fit the model
	latLoaded bool
	bkeys     u64map   // bucket key → index in bks
	bks       []bucket // buckets met so far
	cur       int32    // the last bucket used, or −1

	entries []cellEntry // cells met so far
	byKey   u64map      // lattice key → entry
	byCell  u64map      // cell → entry (the latest for a cell)
	pts     []orb.Point // boundaries of entries
	nbrs    []Cell      // neighbours of entries

	set     u64map   // the cell set of AddLine: lattice keys, and cells found with h3
	setKeys []uint64 // the same, in insertion order

	classes []indexClass // what numbering lattice cells in Go needs (index.go)

	cands   []cand
	fbSeen  u64map
	fbQueue []int32
	fbPoly  [][2]float64
	out     outlineScratch

	generalOutline bool // tests: outline lattice cells by the general path too
}

// NewCoverer returns a Coverer for resolution res (0..15); the error wraps
// ErrResolution.
func NewCoverer(res int) (*Coverer, error) {
	if err := checkResolution(res); err != nil {
		return nil, err
	}
	return &Coverer{res: res, cur: -1}, nil
}

// Resolution returns the resolution of the cells cv finds.
func (cv *Coverer) Resolution() int { return cv.res }

// Stats returns the counts of work done so far.
func (cv *Coverer) Stats() CoverStats { return cv.stats }
