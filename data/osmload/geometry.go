package osmload

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
)

// joinRings joins ways, given as node id lists, end to end (either
// direction) into closed rings. It returns ok=false when some way cannot be
// closed into a ring.
func joinRings(ways [][]int64) (rings [][]int64, ok bool) {
	ends := make(map[int64][]int)
	var open []int
	for i, w := range ways {
		switch {
		case len(w) < 2:
			return nil, false
		case w[0] == w[len(w)-1]:
			rings = append(rings, w)
		default:
			open = append(open, i)
			ends[w[0]] = append(ends[w[0]], i)
			ends[w[len(w)-1]] = append(ends[w[len(w)-1]], i)
		}
	}
	used := make(map[int]bool, len(open))
	for _, start := range open {
		if used[start] {
			continue
		}
		used[start] = true
		ring := slices.Clone(ways[start])
		for ring[0] != ring[len(ring)-1] {
			end := ring[len(ring)-1]
			next := -1
			for _, j := range ends[end] {
				if !used[j] {
					next = j
					break
				}
			}
			if next < 0 {
				return nil, false
			}
			used[next] = true
			w := ways[next]
			if w[0] == end {
				ring = append(ring, w[1:]...)
			} else {
				for k := len(w) - 2; k >= 0; k-- {
					ring = append(ring, w[k])
				}
			}
		}
		rings = append(rings, ring)
	}
	return rings, true
}

// signedArea is the shoelace area of a ring in squared degrees: positive
// when counter-clockwise (longitude east, latitude north).
func signedArea(r orb.Ring) float64 {
	var a float64
	for i := 1; i < len(r); i++ {
		a += (r[i-1][0] - r[0][0]) * (r[i][1] - r[0][1])
		a -= (r[i][0] - r[0][0]) * (r[i-1][1] - r[0][1])
	}
	return a / 2
}

// orient returns r counter-clockwise when ccw, clockwise otherwise.
func orient(r orb.Ring, ccw bool) orb.Ring {
	if (signedArea(r) > 0) != ccw {
		slices.Reverse(r)
	}
	return r
}

// ringContains reports whether p is inside r (even-odd rule; points on the
// boundary may go either way).
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if (a[1] > p[1]) != (b[1] > p[1]) &&
			p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}

// polygonContains reports whether p is inside the shell of pg and outside
// its holes.
func polygonContains(pg orb.Polygon, p orb.Point) bool {
	in := false
	for _, r := range pg {
		if ringContains(r, p) {
			in = !in
		}
	}
	return in
}

// buildMultiPolygon makes a multipolygon from outer and inner rings: shells
// counter-clockwise, holes clockwise, each hole given to the smallest shell
// holding most of its vertices. Holes inside no shell are dropped.
func buildMultiPolygon(outer, inner []orb.Ring) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, 0, len(outer))
	areas := make([]float64, 0, len(outer))
	for _, r := range outer {
		mp = append(mp, orb.Polygon{orient(r, true)})
		areas = append(areas, math.Abs(signedArea(r)))
	}
	for _, h := range inner {
		best, bestIn := -1, 0
		for i, pg := range mp {
			n := 0
			for _, p := range h[:len(h)-1] {
				if ringContains(pg[0], p) {
					n++
				}
			}
			if n > bestIn || (n == bestIn && n > 0 && areas[i] < areas[best]) {
				best, bestIn = i, n
			}
		}
		if best >= 0 {
			mp[best] = append(mp[best], orient(h, false))
		}
	}
	return mp
}

// areaM2 is the area of a multipolygon in square metres, holes subtracted,
// in a local projection centred on its bounding box.
func areaM2(mp orb.MultiPolygon) float64 {
	if len(mp) == 0 {
		return 0
	}
	pr := geo.NewProjection(mp.Bound().Center())
	var total float64
	for _, pg := range mp {
		for i, r := range pg {
			var a float64
			for j := 1; j < len(r); j++ {
				x0, y0 := pr.Forward(r[j-1])
				x1, y1 := pr.Forward(r[j])
				a += x0*y1 - x1*y0
			}
			a = math.Abs(a) / 2
			if i == 0 {
				total += a
			} else {
				total -= a
			}
		}
	}
	return math.Max(total, 0)
}

// interiorPoint returns a point inside the largest polygon of mp: its
// centroid when that is inside, else the middle of the widest inside
// interval on the horizontal line through the centroid. Degenerate input
// yields a vertex.
func interiorPoint(mp orb.MultiPolygon) orb.Point {
	best, bestA := -1, -1.0
	for i, pg := range mp {
		a := math.Abs(signedArea(pg[0]))
		for _, h := range pg[1:] {
			a -= math.Abs(signedArea(h))
		}
		if a > bestA {
			best, bestA = i, a
		}
	}
	if best < 0 || len(mp[best]) == 0 || len(mp[best][0]) == 0 {
		return orb.Point{}
	}
	pg := mp[best]
	c, ok := centroid(pg)
	if !ok {
		return pg[0][0]
	}
	if polygonContains(pg, c) {
		return c
	}
	var xs []float64
	for _, r := range pg {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] > c[1]) != (b[1] > c[1]) {
				xs = append(xs, a[0]+(c[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	w, at := -1.0, pg[0][0]
	for i := 0; i+1 < len(xs); i += 2 {
		if xs[i+1]-xs[i] > w {
			w, at = xs[i+1]-xs[i], orb.Point{(xs[i] + xs[i+1]) / 2, c[1]}
		}
	}
	return at
}

// centroid is the area centroid of a polygon with holes, computed relative
// to its first vertex for precision. ok is false for zero area.
func centroid(pg orb.Polygon) (orb.Point, bool) {
	o := pg[0][0]
	var a, cx, cy float64
	for i, r := range pg {
		var ra, rx, ry float64
		for j := 1; j < len(r); j++ {
			x0, y0 := r[j-1][0]-o[0], r[j-1][1]-o[1]
			x1, y1 := r[j][0]-o[0], r[j][1]-o[1]
			cr := x0*y1 - x1*y0
			ra += cr
			rx += (x0 + x1) * cr
			ry += (y0 + y1) * cr
		}
		// shells count positive and holes negative whatever their winding
		s := 1.0
		if (ra < 0) != (i > 0) {
			s = -1
		}
		a += s * ra
		cx += s * rx
		cy += s * ry
	}
	if a == 0 || math.IsNaN(a) {
		return orb.Point{}, false
	}
	return orb.Point{o[0] + cx/(3*a), o[1] + cy/(3*a)}, true
}

// lineMiddle returns the point halfway along a line.
func lineMiddle(ls orb.LineString) orb.Point {
	return geo.Along(ls, geo.LineLength(ls)/2)
}
