package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
)

// tieSlack is how far in metres beyond the best distance found so far a
// query keeps looking, so that rounding in the box bounds never hides a
// segment at the same distance (ties go to the smaller line id).
const tieSlack = 1e-6

// boxRounds is how many times a query grows its search box, by growFactor
// each time from the index's start radius, before it switches to a
// best-first walk of the whole tree.
const (
	boxRounds  = 3
	growFactor = 4
)

// nearestQuery is the scratch state of one LineIndex.Nearest call. The
// callbacks handed to the R-tree are bound to it once, when it is made, so
// that a query allocates nothing; queries are pooled per index.
type nearestQuery struct {
	idx     *LineIndex
	p       orb.Point
	cosLat  float64
	maxDist float64
	limit   float64 // hav of the largest distance still worth looking at
	nearest float64 // smallest distance seen, within maxDist or not

	found bool
	hit   Hit // Line, Segment, Dist, At; Offset is filled in at the end
	t     float64

	// lastLine is the line whose points lastLS holds, or -1; lastLS is
	// the query's geometry buffer, kept while the query is pooled.
	lastLine int32
	lastLS   orb.LineString

	boundFn  func(min, max [2]float32, ref segRef, item bool) float64
	visitFn  func(min, max [2]float32, ref segRef, bound float64) bool
	searchFn func(min, max [2]float32, ref segRef) bool
}

func newNearestQuery() *nearestQuery {
	q := &nearestQuery{}
	q.boundFn = q.bound
	q.visitFn = q.visit
	q.searchFn = q.search
	return q
}

func (q *nearestQuery) start(idx *LineIndex, p orb.Point, maxDist float64) {
	q.idx = idx
	q.p = p
	q.cosLat = math.Cos(p[1] * radPerDeg)
	q.maxDist = maxDist
	q.limit = hav(maxDist*(1+1e-9) + tieSlack)
	q.nearest = math.Inf(1)
	q.found = false
	q.hit = Hit{}
	q.t = 0
	q.lastLine = -1
	q.lastLS = q.lastLS[:0]
}

// geometry returns the points of line, read into the query's buffer unless
// it holds them already.
func (q *nearestQuery) geometry(line int32) orb.LineString {
	if line != q.lastLine {
		q.lastLine = line
		q.lastLS = q.idx.line(q.lastLS[:0], line)
	}
	return q.lastLS
}

// run finds the nearest segment: first by searching boxes round p that grow
// until one holds a segment within its radius, then, for points far from
// every segment, by a best-first walk of the tree.
func (q *nearestQuery) run() {
	r := min(q.idx.startRadius, q.maxDist)
	for range boxRounds {
		q.searchCap(r)
		if (q.found && q.hit.Dist <= r) || r >= q.maxDist {
			return // any nearer segment would have been in the box
		}
		// Nothing within r: grow the box, but no further than the nearest
		// segment seen, which settles it.
		r = min(r*growFactor, q.nearest, q.maxDist)
	}
	q.idx.tree.Nearby(q.boundFn, q.visitFn)
}

// searchCap offers every segment whose box meets the cap of radius r
// metres round p.
func (q *nearestQuery) searchCap(r float64) {
	minLon, minLat, maxLon, maxLat, all := capBox(q.p[0], q.p[1], r/geo.EarthRadius)
	tree := &q.idx.tree
	switch {
	case all:
		tree.Search(lowCorner(-180, minLat), highCorner(180, maxLat), q.searchFn)
	case minLon < -180:
		tree.Search(lowCorner(minLon+360, minLat), highCorner(180, maxLat), q.searchFn)
		tree.Search(lowCorner(-180, minLat), highCorner(maxLon, maxLat), q.searchFn)
	case maxLon > 180:
		tree.Search(lowCorner(minLon, minLat), highCorner(180, maxLat), q.searchFn)
		tree.Search(lowCorner(-180, minLat), highCorner(maxLon-360, maxLat), q.searchFn)
	default:
		tree.Search(lowCorner(minLon, minLat), highCorner(maxLon, maxLat), q.searchFn)
	}
}

// lowCorner and highCorner round a box corner to float32, outwards.
func lowCorner(lon, lat float64) [2]float32 {
	x, _ := outward(lon, lon)
	y, _ := outward(lat, lat)
	return [2]float32{x, y}
}

func highCorner(lon, lat float64) [2]float32 {
	_, x := outward(lon, lon)
	_, y := outward(lat, lat)
	return [2]float32{x, y}
}

// bound is the priority of a node or a segment in the best-first walk: a
// lower bound of hav(distance) from p to anything in its box.
func (q *nearestQuery) bound(min, max [2]float32, _ segRef, _ bool) float64 {
	return boxHav(q.p[0], q.p[1], q.cosLat,
		float64(min[0]), float64(min[1]), float64(max[0]), float64(max[1]))
}

// search is called for the segments in a box, in no particular order.
func (q *nearestQuery) search(min, max [2]float32, ref segRef) bool {
	if q.bound(min, max, ref, true) <= q.limit {
		q.exact(ref)
	}
	return true
}

// visit is called for segments in increasing order of bound; it stops the
// walk once no box can hold a better or equal hit.
func (q *nearestQuery) visit(_, _ [2]float32, ref segRef, bound float64) bool {
	if !(bound <= q.limit) {
		return false
	}
	q.exact(ref)
	return true
}

// exact computes the distance from p to a segment and keeps the best
// (smallest distance, then smallest line id, then smallest segment).
func (q *nearestQuery) exact(ref segRef) {
	ls := q.geometry(ref.line)
	s := int(ref.seg)
	if s+1 >= len(ls) {
		return // the callback no longer returns what was indexed
	}
	sp := geo.ProjectOnSegment(q.p, ls[s], ls[s+1])
	if sp.Dist < q.nearest {
		q.nearest = sp.Dist
	}
	if !(sp.Dist <= q.maxDist) {
		return
	}
	if q.found {
		switch {
		case sp.Dist > q.hit.Dist:
			return
		case sp.Dist == q.hit.Dist:
			if ref.line > q.hit.Line || (ref.line == q.hit.Line && s > q.hit.Segment) {
				return
			}
		}
	}
	q.found = true
	q.hit = Hit{Line: ref.line, Segment: s, Dist: sp.Dist, At: sp.At}
	q.t = sp.T
	q.limit = min(q.limit, hav(sp.Dist*(1+1e-9)+tieSlack))
}
