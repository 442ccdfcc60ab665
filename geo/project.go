package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Projection is a local equirectangular projection centred on a reference
// latitude: x and y are metres east and north of the origin. It is accurate
// to well under 0.1% within a few tens of kilometres of the origin, which is
// what snapping and sampling need. The zero value is not usable; use
// NewProjection.
type Projection struct {
	origin orb.Point
	kx, ky float64 // metres per degree
}

// NewProjection returns a projection centred on origin.
func NewProjection(origin orb.Point) Projection {
	ky := EarthRadius * deg
	return Projection{origin: origin, kx: ky * math.Cos(origin[1]*deg), ky: ky}
}

// Forward maps p to local metres.
func (pr Projection) Forward(p orb.Point) (x, y float64) {
	return (p[0] - pr.origin[0]) * pr.kx, (p[1] - pr.origin[1]) * pr.ky
}

// Inverse maps local metres back to longitude and latitude.
func (pr Projection) Inverse(x, y float64) orb.Point {
	return orb.Point{pr.origin[0] + x/pr.kx, pr.origin[1] + y/pr.ky}
}

// SegmentProjection is where a point falls on a segment: T in [0,1] is the
// fraction along the segment, At the projected point and Dist the distance in
// metres from the point to At.
type SegmentProjection struct {
	T    float64
	At   orb.Point
	Dist float64
}

// ProjectOnSegment projects p onto the segment a-b, using a local projection
// centred on p, and clamps to the segment's ends.
func ProjectOnSegment(p, a, b orb.Point) SegmentProjection {
	pr := NewProjection(p)
	ax, ay := pr.Forward(a)
	bx, by := pr.Forward(b)
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = -(ax*dx + ay*dy) / l2
		t = math.Max(0, math.Min(1, t))
	}
	at := Lerp(a, b, t)
	return SegmentProjection{T: t, At: at, Dist: Distance(p, at)}
}

// LineProjection is where a point falls on a polyline: Offset metres along
// the line from its first point, the projected point At, its distance Dist
// from the point, and the index Segment of the segment it lies on.
type LineProjection struct {
	Offset  float64
	At      orb.Point
	Dist    float64
	Segment int
}

// ProjectOnLine projects p onto the nearest segment of ls (at least two
// points). Offsets are haversine metres, consistent with LineLength.
func ProjectOnLine(p orb.Point, ls orb.LineString) LineProjection {
	best := LineProjection{Dist: math.Inf(1)}
	pos := 0.0
	for i := 1; i < len(ls); i++ {
		sp := ProjectOnSegment(p, ls[i-1], ls[i])
		segLen := Distance(ls[i-1], ls[i])
		if sp.Dist < best.Dist {
			best = LineProjection{Offset: pos + sp.T*segLen, At: sp.At, Dist: sp.Dist, Segment: i - 1}
		}
		pos += segLen
	}
	return best
}
