package spatial

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// ringTreeMin is the number of edges from which a ring gets an R-tree of its
// edges; below it, a linear scan is faster.
const ringTreeMin = 64

// ring is a closed ring prepared for point-in-ring tests.
type ring struct {
	pts   orb.Ring // closed: pts[0] == pts[len-1]
	bound orb.Bound
	edges *rtree.RTreeGN[float64, int32] // edge i is pts[i]-pts[i+1]; nil for small rings
}

func newRing(pts orb.Ring) ring {
	r := ring{pts: append(orb.Ring(nil), pts...), bound: pts.Bound()}
	if len(pts)-1 >= ringTreeMin {
		r.edges = new(rtree.RTreeGN[float64, int32])
		for i := 0; i+1 < len(r.pts); i++ {
			a, b := r.pts[i], r.pts[i+1]
			r.edges.Insert(
				[2]float64{min(a[0], b[0]), min(a[1], b[1])},
				[2]float64{max(a[0], b[0]), max(a[1], b[1])},
				int32(i))
		}
	}
	return r
}

// rayState counts the crossings of the horizontal ray from p towards +x
// with the edges of a ring, and notes when p lies on an edge.
type rayState struct {
	p       orb.Point
	pts     orb.Ring
	inside  bool
	onEdge  bool
	visitFn func(min, max [2]float64, e int32) bool
}

func newRayState() *rayState {
	s := &rayState{}
	s.visitFn = s.visit
	return s
}

func (s *rayState) visit(_, _ [2]float64, e int32) bool {
	s.edge(s.pts[e], s.pts[e+1])
	return !s.onEdge
}

// edge applies the half-open even-odd rule to the edge a-b: it counts when
// exactly one end lies strictly above p and the crossing is right of p.
func (s *rayState) edge(a, b orb.Point) {
	p := s.p
	above := a[1] > p[1]
	if above == (b[1] > p[1]) {
		// No crossing; p may still lie on a horizontal edge or touch an end.
		if (a[1] == p[1] || b[1] == p[1]) && onSegment(p, a, b) && orient(a, b, p) == 0 {
			s.onEdge = true
		}
		return
	}
	o := orient(a, b, p)
	if o == 0 {
		s.onEdge = true // between the ends in y and collinear: on the edge
		return
	}
	// Going up, the crossing is right of p when p is left of the edge.
	if (o > 0) == (b[1] > a[1]) {
		s.inside = !s.inside
	}
}

// locate reports whether p is strictly inside r and whether it is on its
// boundary. s is scratch.
func (r *ring) locate(s *rayState, p orb.Point) (inside, onEdge bool) {
	if !r.bound.Contains(p) {
		return false, false
	}
	s.p, s.pts, s.inside, s.onEdge = p, r.pts, false, false
	if r.edges != nil {
		r.edges.Search(p, [2]float64{r.bound.Max[0], p[1]}, s.visitFn)
	} else {
		for i := 0; i+1 < len(r.pts) && !s.onEdge; i++ {
			s.edge(r.pts[i], r.pts[i+1])
		}
	}
	s.pts = nil
	if s.onEdge {
		return false, true
	}
	return s.inside, false
}
