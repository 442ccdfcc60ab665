package hex

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
)

// metresPerDegree is the length of one degree of latitude on geo's sphere.
const metresPerDegree = geo.EarthRadius * math.Pi / 180

// CoverStats counts the work of a Coverer since it was created.
type CoverStats struct {
	Samples    int // points tested by AppendLine
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
// degree (within 0.05 mm) and walks each segment through
// the lattice. It asks h3 only for the index of each lattice cell it meets
// for the first time, and caches it; within about 1.3 km of a face edge, and
// beyond 89° of latitude, it walks h3's own cells instead, with a few cgo
// calls per new cell.
//
// AppendLine, the older sampler, remembers the last cell it found across
// calls, so covering connected lines one after the other saves cgo calls.
//
// A Coverer caches the cells it meets (up to about 130,000, then it starts
// afresh), so keeping one per goroutine for the lifetime of a program saves
// most cgo calls. A Coverer must not be used by more than one goroutine at
// a time; the zero value is not usable, use NewCoverer.
type Coverer struct {
	res     int
	spacing float64 // metres between samples
	noSkip  bool    // look every sample up (reference behaviour for tests)
	last    Cell
	poly    hexPoly
	stats   CoverStats

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

	cands   []cand
	fbSeen  u64map
	fbQueue []int32
	fbPoly  [][2]float64
	out     outlineScratch
}

// NewCoverer returns a Coverer for resolution res (0..15); the error wraps
// ErrResolution.
func NewCoverer(res int) (*Coverer, error) {
	edge, err := EdgeLengthM(res)
	if err != nil {
		return nil, err
	}
	return &Coverer{res: res, spacing: edge / 2, cur: -1}, nil
}

// Resolution returns the resolution of the cells cv finds.
func (cv *Coverer) Resolution() int { return cv.res }

// SpacingM returns the largest distance in metres between consecutive
// samples: half the average edge length of the resolution.
func (cv *Coverer) SpacingM() float64 { return cv.spacing }

// Stats returns the counts of work done so far.
func (cv *Coverer) Stats() CoverStats { return cv.stats }

// AppendLine appends to dst the cells of the sample points of ls: its first
// point, then every segment cut into equal steps of at most SpacingM metres
// (haversine length, points interpolated linearly in longitude/latitude).
// Cells are appended in the order the line meets them, without consecutive
// repeats within the call; a cell may appear again later in the call, and in
// other calls. A cell that the line only clips, over less than the spacing,
// may be missed; AppendCover and AddLine miss none. An empty ls appends
// nothing.
//
// Every point is validated first; on error dst is returned unchanged. The
// error wraps ErrPoint, or ErrAntimeridian for a segment whose longitudes
// differ by more than 180 degrees.
func (cv *Coverer) AppendLine(dst []Cell, ls orb.LineString) ([]Cell, error) {
	for i, p := range ls {
		if err := checkPoint(p); err != nil {
			return dst, fmt.Errorf("point %d: %w", i, err)
		}
		if i > 0 && math.Abs(p[0]-ls[i-1][0]) > 180 {
			return dst, fmt.Errorf("%w: segment %d from %v to %v", ErrAntimeridian, i-1, ls[i-1], p)
		}
	}
	if len(ls) == 0 {
		return dst, nil
	}
	start := len(dst)
	dst = cv.appendSample(dst, start, ls[0])
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		n := int(math.Ceil(geo.Distance(a, b) / cv.spacing))
		for k := 1; k < n; k++ {
			dst = cv.appendSample(dst, start, geo.Lerp(a, b, float64(k)/float64(n)))
		}
		if n > 0 {
			dst = cv.appendSample(dst, start, b)
		}
	}
	return dst, nil
}

func (cv *Coverer) appendSample(dst []Cell, start int, p orb.Point) []Cell {
	cv.stats.Samples++
	c := cv.last
	if cv.noSkip || !cv.poly.contains(p) {
		c = lookup(p, cv.res)
		cv.stats.Lookups++
		if c != cv.last {
			cv.last = c
			cv.poly.n = 0
			if !cv.noSkip {
				cv.poly.set(h3.CellToBoundary(h3.Cell(c)))
				cv.stats.Boundaries++
			}
		}
	}
	if len(dst) == start || dst[len(dst)-1] != c {
		dst = append(dst, c)
	}
	return dst
}

// CoverLine appends to dst the cells of resolution res that ls passes
// through or comes within ToleranceM of, as Coverer.AppendCover does. It
// costs a cgo call per cell; callers covering many lines should keep a
// Coverer instead, which caches cells. The error wraps ErrResolution,
// ErrPoint or ErrAntimeridian; on error dst is returned unchanged.
func CoverLine(dst []Cell, ls orb.LineString, res int) ([]Cell, error) {
	cv, err := NewCoverer(res)
	if err != nil {
		return dst, err
	}
	return cv.AppendCover(dst, ls)
}

// hexPoly is a cell as a convex polygon in a local frame in metres
// (x east, y north), for testing points against it without cgo. A point is
// inside when it is at least margin metres inside every side; the margin
// covers the difference between the cell's great-circle sides and the
// straight sides of the frame, and rounding in h3.
type hexPoly struct {
	n          int // number of sides; 0 when the polygon is not usable
	lon0, lat0 float64
	kx         float64 // metres per degree of longitude
	nx, ny, d  [6]float64
	margin     float64
}

// set prepares the polygon of the cell with boundary b. Only plain
// hexagons away from the poles and the antimeridian are used; for other
// cells (pentagons, cells crossing an icosahedron edge) n stays 0 and every
// sample goes to h3.
func (hp *hexPoly) set(b h3.CellBoundary) {
	hp.n = 0
	if len(b) != 6 || lonSpan(b) > 180 || math.Abs(b[0].Lat) > 80 {
		return
	}
	hp.lon0, hp.lat0 = b[0].Lng, b[0].Lat
	hp.kx = metresPerDegree * math.Cos(hp.lat0*math.Pi/180)
	var x, y [6]float64
	for i, v := range b {
		x[i], y[i] = (v.Lng-hp.lon0)*hp.kx, (v.Lat-hp.lat0)*metresPerDegree
	}
	var area, side float64
	for i := range 6 {
		j := (i + 1) % 6
		area += x[i]*y[j] - x[j]*y[i]
		side = max(side, math.Hypot(x[j]-x[i], y[j]-y[i]))
	}
	// The sagitta of a great-circle arc of length s against the straight
	// line in longitude/latitude is below s²·tan|lat|/(8R); allow 4 times
	// that, plus 2 mm for rounding.
	hp.margin = 0.002 + side*side*(1+math.Abs(math.Tan(hp.lat0*math.Pi/180)))/(2*geo.EarthRadius)
	if hp.margin > side/20 {
		return
	}
	sign := 1.0
	if area < 0 {
		sign = -1 // clockwise: the inner normal is on the right
	}
	for i := range 6 {
		j := (i + 1) % 6
		dx, dy := x[j]-x[i], y[j]-y[i]
		l := math.Hypot(dx, dy)
		if l == 0 {
			return
		}
		hp.nx[i], hp.ny[i] = -dy/l*sign, dx/l*sign
		hp.d[i] = hp.nx[i]*x[i] + hp.ny[i]*y[i]
	}
	hp.n = 6
}

func (hp *hexPoly) contains(p orb.Point) bool {
	if hp.n == 0 {
		return false
	}
	x, y := (p[0]-hp.lon0)*hp.kx, (p[1]-hp.lat0)*metresPerDegree
	for i := range hp.n {
		if !(hp.nx[i]*x+hp.ny[i]*y-hp.d[i] >= hp.margin) { // NaN is outside
			return false
		}
	}
	return true
}
