package routing

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
)

// Location is a point snapped onto the network: the edge it was projected
// onto, the distance Offset in metres along the edge's polyline from its u
// end, the projected point At, and Door, the straight distance in metres from
// the original point to At (the door-to-street leg).
type Location struct {
	Edge   EdgeID
	Offset float64
	Door   float64
	At     orb.Point
}

// AppendSources appends the search sources that start a walk at loc: its
// edge's two ends, each at its distance along the edge, plus extra metres
// (e.g. the door leg), on behalf of origin. Nothing is appended when the edge
// carries a flag in avoid.
func (g *Graph) AppendSources(dst []Source, loc Location, origin int32, extra float64, avoid EdgeFlags) []Source {
	e := loc.Edge
	if g.flags[e]&avoid != 0 {
		return dst
	}
	l := float64(g.length[e])
	off := math.Max(0, math.Min(l, loc.Offset))
	return append(dst,
		Source{Node: g.edgeU[e], Dist: extra + off, Origin: origin},
		Source{Node: g.edgeV[e], Dist: extra + l - off, Origin: origin})
}

// DistTo returns the network distance in metres from the last search's
// sources to loc (door leg not included) and the origin it comes from: the
// better of loc's two edge ends plus the distance along the edge. It does
// not see sources on loc's own edge between loc and an end; callers that seed
// locations add that direct case (see Graph.AlongEdge). ok is false when
// neither end was reached within the limit or the edge is avoided.
func (s *Searcher) DistTo(loc Location) (dist float64, origin int32, ok bool) {
	g := s.g
	e := loc.Edge
	if g.flags[e]&s.avoid != 0 {
		return math.Inf(1), -1, false
	}
	l := float64(g.length[e])
	off := math.Max(0, math.Min(l, loc.Offset))
	dist, origin = math.Inf(1), -1
	if du, okU := s.Dist(g.edgeU[e]); okU {
		dist, origin = du+off, s.Origin(g.edgeU[e])
	}
	if dv, okV := s.Dist(g.edgeV[e]); okV {
		d := dv + l - off
		o := s.Origin(g.edgeV[e])
		if d < dist || (d == dist && o < origin) {
			dist, origin = d, o
		}
	}
	return dist, origin, origin >= 0
}

// AlongEdge returns the distance in metres between two locations on the
// same edge walking along it, and false when they are on different edges.
func AlongEdge(a, b Location) (float64, bool) {
	if a.Edge != b.Edge {
		return 0, false
	}
	return math.Abs(a.Offset - b.Offset), true
}

// PointAt returns the point Offset metres along edge e from its u end.
func (g *Graph) PointAt(e EdgeID, offset float64) orb.Point {
	var buf [16]orb.Point
	ls := g.AppendGeometry(buf[:0], e)
	return geo.Along(ls, offset)
}
