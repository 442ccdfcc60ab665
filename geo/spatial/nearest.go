package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
)

// tieSlack is how far in metres beyond the best distance found so far the
// best-first walk keeps going, so that rounding in the box bounds never hides
// a segment at the same distance (ties go to the smaller line id).
const tieSlack = 1e-6

// nearestQuery is the scratch state of one LineIndex.Nearest call. The two
// callbacks handed to rtree.Nearby are bound to it once, when it is made, so
// that a query allocates nothing; queries are pooled per index.
type nearestQuery struct {
	idx     *LineIndex
	p       orb.Point
	cosLat  float64
	maxDist float64
	limit   float64 // hav of the largest distance still worth looking at

	found bool
	hit   Hit // Line, Segment, Dist, At; Offset is filled in at the end
	t     float64

	lastLine int32
	lastLS   orb.LineString

	boundFn func(min, max [2]float32, ref segRef, item bool) float64
	visitFn func(min, max [2]float32, ref segRef, bound float64) bool
}

func newNearestQuery() *nearestQuery {
	q := &nearestQuery{}
	q.boundFn = q.bound
	q.visitFn = q.visit
	return q
}

func (q *nearestQuery) start(idx *LineIndex, p orb.Point, maxDist float64) {
	q.idx = idx
	q.p = p
	q.cosLat = math.Cos(p[1] * radPerDeg)
	q.maxDist = maxDist
	q.limit = hav(maxDist*(1+1e-9) + tieSlack)
	q.found = false
	q.hit = Hit{}
	q.t = 0
	q.lastLine = -1
	q.lastLS = nil
}

// bound is the priority of a node or a segment in the best-first walk: a
// lower bound of hav(distance) from p to anything in its box.
func (q *nearestQuery) bound(min, max [2]float32, _ segRef, _ bool) float64 {
	return boxHav(q.p[0], q.p[1], q.cosLat,
		float64(min[0]), float64(min[1]), float64(max[0]), float64(max[1]))
}

// visit is called for segments in increasing order of bound; it computes
// the exact distance and stops the walk once no box can hold a better or
// equal hit.
func (q *nearestQuery) visit(_, _ [2]float32, ref segRef, bound float64) bool {
	if !(bound <= q.limit) {
		return false
	}
	if ref.line != q.lastLine {
		q.lastLine = ref.line
		q.lastLS = q.idx.line(ref.line)
	}
	s := int(ref.seg)
	if s+1 >= len(q.lastLS) {
		return true // the callback no longer returns what was indexed
	}
	sp := geo.ProjectOnSegment(q.p, q.lastLS[s], q.lastLS[s+1])
	if !(sp.Dist <= q.maxDist) {
		return true
	}
	if q.found {
		switch {
		case sp.Dist > q.hit.Dist:
			return true
		case sp.Dist == q.hit.Dist:
			if ref.line > q.hit.Line || (ref.line == q.hit.Line && s > q.hit.Segment) {
				return true
			}
		}
	}
	q.found = true
	q.hit = Hit{Line: ref.line, Segment: s, Dist: sp.Dist, At: sp.At}
	q.t = sp.T
	q.limit = min(q.limit, hav(sp.Dist*(1+1e-9)+tieSlack))
	return true
}
