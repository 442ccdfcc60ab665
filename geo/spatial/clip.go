package spatial

import (
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
)

// Piece is the part of a polyline inside one zone: from From to To metres
// along the line, measured with haversine segment lengths as geo.Along and
// geo.LineLength measure them.
type Piece struct {
	Zone     int
	From, To float64
}

// Clipper cuts polylines (street edges) into the pieces that lie inside the
// zones of a ZoneIndex, with the index's rule for boundaries: a point on a
// zone's boundary is inside it. A Clipper keeps scratch buffers and is not
// safe for concurrent use; make one per goroutine with ZoneIndex.NewClipper.
//
// The cut points are where the line's segments cross the zone's ring edges
// (planar in longitude and latitude, as the index's ray test is); between
// two consecutive cuts a line is wholly inside or wholly outside, which one
// midpoint test with the exact ray test decides. A line that crosses no
// boundary costs one point test per zone whose box it meets.
type Clipper struct {
	zi    *ZoneIndex
	ray   *rayState
	cand  []int32   // polygons whose box meets the line's box
	cuts  []float64 // cut parameters: segment index + fraction
	segs  []float64 // segment lengths in metres
	cutFn func(min, max [2]float64, e int32) bool

	// the segment being cut
	a, b   orb.Point
	seg    int
	pts    orb.Ring
	collFn func(min, max [2]float64, k int32) bool
}

// NewClipper returns a Clipper for the zones of zi.
func (zi *ZoneIndex) NewClipper() *Clipper {
	c := &Clipper{zi: zi, ray: newRayState()}
	c.cutFn = c.cutEdge
	c.collFn = func(_, _ [2]float64, k int32) bool {
		c.cand = append(c.cand, k)
		return true
	}
	return c
}

// Clip appends to dst the pieces of ls inside each zone, ordered by zone
// and then along the line, and returns the extended slice. Touching
// pieces of one zone are merged; pieces shorter than a millimetre are
// left out. A line inside two overlapping zones gives pieces for both.
func (c *Clipper) Clip(dst []Piece, ls orb.LineString) []Piece {
	if len(ls) < 2 || len(c.zi.polys) == 0 {
		return dst
	}
	lb := ls.Bound()
	c.cand = c.cand[:0]
	c.zi.tree.Search(lb.Min, lb.Max, c.collFn)
	if len(c.cand) == 0 {
		return dst
	}
	slices.Sort(c.cand) // polygons are stored zone by zone, so this groups zones
	c.segs = c.segs[:0]
	for i := 1; i < len(ls); i++ {
		c.segs = append(c.segs, geo.Distance(ls[i-1], ls[i]))
	}
	for i := 0; i < len(c.cand); {
		zone := c.zi.polys[c.cand[i]].zone
		j := i
		for j < len(c.cand) && c.zi.polys[c.cand[j]].zone == zone {
			j++
		}
		dst = c.clipZone(dst, int(zone), c.cand[i:j], ls)
		i = j
	}
	return dst
}

// clipZone appends the pieces of ls inside the polygons polys of one zone.
func (c *Clipper) clipZone(dst []Piece, zone int, polys []int32, ls orb.LineString) []Piece {
	c.cuts = append(c.cuts[:0], 0, float64(len(ls)-1))
	for s := 0; s+1 < len(ls); s++ {
		c.a, c.b, c.seg = ls[s], ls[s+1], s
		lo := [2]float64{min(c.a[0], c.b[0]), min(c.a[1], c.b[1])}
		hi := [2]float64{max(c.a[0], c.b[0]), max(c.a[1], c.b[1])}
		for _, k := range polys {
			for _, r := range c.zi.polys[k].rings {
				if r.bound.Max[0] < lo[0] || r.bound.Min[0] > hi[0] || r.bound.Max[1] < lo[1] || r.bound.Min[1] > hi[1] {
					continue
				}
				c.pts = r.pts
				if r.edges != nil {
					r.edges.Search(lo, hi, c.cutFn)
				} else {
					for e := 0; e+1 < len(r.pts); e++ {
						c.cutEdge(lo, hi, int32(e))
					}
				}
			}
		}
	}
	c.pts = nil
	sort.Float64s(c.cuts)
	start := len(dst)
	for i := 0; i+1 < len(c.cuts); i++ {
		t0, t1 := c.cuts[i], c.cuts[i+1]
		from, to := c.meters(t0), c.meters(t1)
		if to-from < 1e-3 {
			continue
		}
		mid := c.point(ls, (t0+t1)/2)
		if !c.inside(polys, mid) {
			continue
		}
		if n := len(dst); n > start && from-dst[n-1].To < 1e-3 {
			dst[n-1].To = to
			continue
		}
		dst = append(dst, Piece{Zone: zone, From: from, To: to})
	}
	return dst
}

// cutEdge records where ring edge e (of c.pts) crosses the current segment.
func (c *Clipper) cutEdge(_, _ [2]float64, e int32) bool {
	p, q := c.pts[e], c.pts[e+1]
	a, b := c.a, c.b
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := q[0]-p[0], q[1]-p[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return true // parallel: a shared stretch is settled by the midpoint test
	}
	wx, wy := p[0]-a[0], p[1]-a[1]
	t := (wx*sy - wy*sx) / den
	u := (wx*ry - wy*rx) / den
	if t > 0 && t < 1 && u >= 0 && u <= 1 {
		c.cuts = append(c.cuts, float64(c.seg)+t)
	}
	return true
}

// meters converts a cut parameter (segment + fraction) to metres along the
// line.
func (c *Clipper) meters(t float64) float64 {
	s := int(t)
	if s >= len(c.segs) {
		s = len(c.segs) - 1
	}
	pos := 0.0
	for i := 0; i < s; i++ {
		pos += c.segs[i]
	}
	return pos + (t-float64(s))*c.segs[s]
}

// point returns the point of ls at cut parameter t.
func (c *Clipper) point(ls orb.LineString, t float64) orb.Point {
	s := int(t)
	if s >= len(ls)-1 {
		s = len(ls) - 2
	}
	return geo.Lerp(ls[s], ls[s+1], t-float64(s))
}

// inside reports whether p is in one of the polygons.
func (c *Clipper) inside(polys []int32, p orb.Point) bool {
	for _, k := range polys {
		if c.zi.polys[k].contains(c.ray, p) {
			return true
		}
	}
	return false
}

// ZoneBound returns the bounding box of zone z's outer rings, and false
// for a zone id out of range.
func (zi *ZoneIndex) ZoneBound(z int) (orb.Bound, bool) {
	var b orb.Bound
	found := false
	for i := range zi.polys {
		if int(zi.polys[i].zone) != z {
			continue
		}
		if !found {
			b, found = zi.polys[i].rings[0].bound, true
		} else {
			b = b.Union(zi.polys[i].rings[0].bound)
		}
	}
	return b, found
}
