package hex

import (
	"math"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
)

// fallback covers the piece from p to q with h3's cells where the lattice
// does not hold: from the cell of p it walks to every neighbour whose
// boundary comes within the tolerance of the piece. The cells within a
// distance of a segment are connected through shared sides (where three
// cells meet at a vertex each two share a side), so the walk finds them
// all.
//
// Distances are measured in the gnomonic projection centred between p and
// q, in metres: cell sides, arcs of great circles, are straight there, and
// the projection only stretches distances. The piece, straight in
// longitude/latitude, bends slightly; its bend is added to the tolerance.
func (cv *Coverer) fallback(p, q orb.Point, ordered bool) {
	pv, qv := unitVec(p[0], p[1]), unitVec(q[0], q[1])
	m := pv.add(qv).unit()
	ref := vec3{0, 0, 1}
	if math.Abs(m[2]) > 0.9 {
		ref = vec3{1, 0, 0}
	}
	e1 := ref.cross(m).unit()
	e2 := m.cross(e1)
	proj := func(v vec3) [2]float64 {
		d := v.dot(m) / geo.EarthRadius
		return [2]float64{v.dot(e1) / d, v.dot(e2) / d}
	}
	g0, g1 := proj(pv), proj(qv)
	mid := proj(unitVec((p[0]+q[0])/2, (p[1]+q[1])/2))
	w := ToleranceM + taylorSlackM + 1.5*pointSegDist(mid, g0, g1)

	start := cv.cellEntry(lookup(p, cv.res))
	cv.stats.Lookups++
	cv.fbSeen.reset()
	cv.fbSeen.add(uint64(cv.entries[start].cell), 0)
	queue := append(cv.fbQueue[:0], start)
	for qi := 0; qi < len(queue); qi++ {
		e := queue[qi]
		c := cv.entries[e].cell
		if ordered {
			t, d := -1.0, 0.0 // the start cell first
			if qi > 0 {
				t, d = cv.fbOrder(e, proj, g0, g1)
			}
			cv.cands = append(cv.cands, cand{uint64(c), t, d})
		} else {
			cv.setAdd(uint64(c))
		}
		lo, hi := cv.neighbours(e)
		for k := lo; k < hi; k++ {
			nc := cv.nbrs[k]
			if !cv.fbSeen.add(uint64(nc), 0) {
				continue
			}
			ne := cv.cellEntry(nc)
			cv.fbPoly = cv.fbPoly[:0]
			lo, hi := cv.boundary(ne)
			for _, v := range cv.pts[lo:hi] {
				cv.fbPoly = append(cv.fbPoly, proj(unitVec(v[0], v[1])))
			}
			if segPolyDist(g0, g1, cv.fbPoly) <= w {
				queue = append(queue, ne)
			}
		}
	}
	cv.fbQueue = queue
}

// fbOrder returns where along the piece the cell of entry e lies: the
// parameter of its vertices' mean projected on the piece, and the squared
// distance of the mean from the start.
func (cv *Coverer) fbOrder(e int32, proj func(vec3) [2]float64, g0, g1 [2]float64) (t, d float64) {
	lo, hi := cv.boundary(e)
	var cx, cy float64
	for _, v := range cv.pts[lo:hi] {
		g := proj(unitVec(v[0], v[1]))
		cx, cy = cx+g[0], cy+g[1]
	}
	n := float64(hi - lo)
	cx, cy = cx/n-g0[0], cy/n-g0[1]
	dx, dy := g1[0]-g0[0], g1[1]-g0[1]
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(1, max(0, (cx*dx+cy*dy)/l2))
	}
	return t, cx*cx + cy*cy
}

// cellEntry returns the index of the entry of cell c, creating an entry
// without a lattice key if needed.
func (cv *Coverer) cellEntry(c Cell) int32 {
	if e, ok := cv.byCell.get(uint64(c)); ok {
		return e
	}
	e := int32(len(cv.entries))
	cv.entries = append(cv.entries, cellEntry{cell: c})
	cv.byCell.put(uint64(c), e)
	return e
}

// neighbours returns the range in cv.nbrs of the neighbours of entry e,
// fetching them from h3 on first use.
func (cv *Coverer) neighbours(e int32) (lo, hi int32) {
	en := &cv.entries[e]
	if en.nn == 0 {
		en.nbr = int32(len(cv.nbrs))
		for _, n := range h3.GridDisk(h3.Cell(en.cell), 1) {
			if n != 0 && Cell(n) != en.cell {
				cv.nbrs = append(cv.nbrs, Cell(n))
			}
		}
		en.nn = int8(int32(len(cv.nbrs)) - en.nbr)
		cv.stats.Disks++
	}
	return en.nbr, en.nbr + int32(en.nn)
}

// pointSegDist returns the distance from p to the segment a–b.
func pointSegDist(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	px, py := p[0]-a[0], p[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(1, max(0, (px*dx+py*dy)/l2))
	}
	return math.Hypot(px-t*dx, py-t*dy)
}

// orient returns twice the signed area of the triangle a, b, c.
func orient(a, b, c [2]float64) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// segsCross reports whether the closed segments a–b and c–d meet.
func segsCross(a, b, c, d [2]float64) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if (o1 > 0) != (o2 > 0) && o1 != 0 && o2 != 0 && (o3 > 0) != (o4 > 0) && o3 != 0 && o4 != 0 {
		return true
	}
	// Touching or collinear: one end lies on the other segment.
	return o1 == 0 && pointSegDist(c, a, b) == 0 || o2 == 0 && pointSegDist(d, a, b) == 0 ||
		o3 == 0 && pointSegDist(a, c, d) == 0 || o4 == 0 && pointSegDist(b, c, d) == 0
}

// segPolyDist returns the distance between the segment a–b and the polygon
// poly (a ring, not closed; any orientation): 0 if they meet.
func segPolyDist(a, b [2]float64, poly [][2]float64) float64 {
	inside := false
	for i := range poly {
		u, v := poly[i], poly[(i+1)%len(poly)]
		if (u[1] > a[1]) != (v[1] > a[1]) && a[0] < u[0]+(a[1]-u[1])*(v[0]-u[0])/(v[1]-u[1]) {
			inside = !inside
		}
	}
	if inside {
		return 0
	}
	d := math.Inf(1)
	for i := range poly {
		u, v := poly[i], poly[(i+1)%len(poly)]
		if segsCross(a, b, u, v) {
			return 0
		}
		d = min(d, pointSegDist(a, u, v), pointSegDist(b, u, v), pointSegDist(u, a, b))
	}
	return d
}
