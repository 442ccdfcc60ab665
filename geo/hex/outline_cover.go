package hex

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"
)

// earthRadiusH3M is the radius of h3's authalic sphere, for areas.
const earthRadiusH3M = 6371007.180918475

// outlineScratch is the working memory Coverer.Outline keeps across calls.
type outlineScratch struct {
	ents    []int32 // entry of each cell
	pos     []int32 // by entry: 1 + the index of its cell in the set, or 0
	missing []uint8 // lattice cells: bit d set if the neighbour across hexSteps[d] is not in the set
	o       outliner
	sideAt  u64map // outlineLattice: vertex key → id of the vertex
	sides   []latSide
}

// hexCorners are the vertices of the hexagon of lattice point (0, 0), in
// axial coordinates, counter-clockwise in the lattice.
var hexCorners = [6][2]float64{
	{1.0 / 3, 1.0 / 3}, {-1.0 / 3, 2.0 / 3}, {-2.0 / 3, 1.0 / 3},
	{-1.0 / 3, -1.0 / 3}, {1.0 / 3, -2.0 / 3}, {2.0 / 3, -1.0 / 3},
}

// corner3 are hexCorners in thirds of a lattice step: the vertices of
// the lattice have integer coordinates in thirds.
var corner3 = [6][2]int64{{1, 1}, {-1, 2}, {-2, 1}, {-1, -1}, {1, -2}, {2, -1}}

// vertex returns the longitude and latitude of the lattice vertex at (A,
// B) thirds of a step, computed from one of its three cells whichever cell
// asks (corner 0 of one, or corner 3), so that every copy of a vertex has
// the same bits: outlines then do not depend on the order in which
// boundaries were computed. A vertex has A ≡ B ≡ 1 or 2 (mod 3).
func (fl *faceLattice) vertex(A, B int64) orb.Point {
	c := 3
	if (A%3+3)%3 == 1 {
		c = 0
	}
	i, j := (A-corner3[c][0])/3, (B-corner3[c][1])/3
	return fl.at(float64(i), float64(j), hexCorners[c][0], hexCorners[c][1]).point()
}

// hexSteps are the offsets of the six neighbours of a lattice point.
var hexSteps = [6][2]int64{{1, 0}, {0, 1}, {-1, 1}, {-1, 0}, {0, -1}, {1, -1}}

// Outline returns the union of cells, all of one resolution, as polygons
// in longitude/latitude: shells counter-clockwise, holes clockwise, rings
// closed. Duplicates are ignored and the order of cells does not matter:
// the same set always gives the same MultiPolygon, with each ring starting
// at its vertex of least (longitude, latitude) and polygons and holes
// sorted by that vertex. No cells give a nil MultiPolygon.
//
// The neighbours and boundaries of cells away from icosahedron face edges
// are computed in Go from the lattice (their vertices agree with h3's
// within 1e-11 degrees, not bit for bit); a set of such cells on one face
// is outlined in lattice coordinates, converting only the outline's
// vertices (see the package doc). Each vertex is computed the same way
// whichever cell it is met through, so the result does not depend on what
// cv computed before either. Boundaries of the general path are cached. A
// cell cv has not met before (in AppendCover, AddLine, Cell or an earlier
// Outline) costs one cgo call for its centre, and a cell near a face edge
// a GridDisk and a boundary call, cached too. Cells of another resolution
// than cv's are outlined with a new Coverer of theirs. The returned
// polygons are newly allocated.
//
// The error wraps ErrCell, ErrMixedResolution or ErrAntimeridian for bad
// input (cells that cross the antimeridian or contain a pole are refused),
// and ErrTopology if the cell boundaries do not fit together.
func (cv *Coverer) Outline(cells []Cell) (orb.MultiPolygon, error) {
	cs, res, err := uniqueCells(cells)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	if res != cv.res {
		other, err := NewCoverer(res)
		if err != nil {
			return nil, err
		}
		return other.Outline(cs)
	}
	cv.trim()
	sc := &cv.out
	sc.ents = sc.ents[:0]
	for _, c := range cs {
		sc.ents = append(sc.ents, cv.placed(c))
	}
	// pos[e] is 1 + the index in cs of the cell of entry e, 0 if absent;
	// cleared again on return. Entries are dense, so the set needs no
	// hash table of its own.
	sc.pos = slices.Grow(sc.pos[:0], len(cv.entries))[:len(cv.entries)]
	for i, e := range sc.ents {
		sc.pos[e] = int32(i) + 1
	}
	defer func() {
		for _, e := range sc.ents {
			sc.pos[e] = 0
		}
	}()
	// index returns the index in cs of the cell of entry e, or -1.
	index := func(e int32, ok bool) int32 {
		if !ok {
			return -1
		}
		return sc.pos[e] - 1
	}
	o := &sc.o
	o.cells = cs
	n := len(cs)
	o.nbrs = resize(o.nbrs, n)
	o.border = resize(o.border, n)
	clear(o.border)
	sc.missing = resize(sc.missing, n)
	// All cells on the lattice of one face: outlined in lattice
	// coordinates (outlineLattice).
	face, onLattice := -1, true
	for i := range n {
		nb := &o.nbrs[i]
		*nb = [6]int32{-1, -1, -1, -1, -1, -1}
		m := 0
		e := sc.ents[i]
		if k := cv.entries[e].key; k != 0 {
			f, a, b := unpackKey(k)
			if face < 0 {
				face = f
			}
			onLattice = onLattice && f == face
			var miss uint8
			for d, s := range hexSteps {
				if j := index(cv.byKey.get(packKey(f, a+s[0], b+s[1]))); j >= 0 {
					nb[m] = j
					m++
				} else {
					o.border[i] = true
					miss |= 1 << d
				}
			}
			sc.missing[i] = miss
			continue
		}
		onLattice = false
		lo, hi := cv.neighbours(e)
		for _, c := range cv.nbrs[lo:hi] {
			if j := index(cv.byCell.get(uint64(c))); j < 0 {
				o.border[i] = true
			} else if m < len(nb) {
				nb[m] = j
				m++
			}
		}
	}
	if onLattice && !cv.generalOutline {
		return cv.outlineLattice(cv.lat.face(face), sc.ents, sc.missing)
	}
	o.markNeed()
	cv.pts = slices.Grow(cv.pts, 6*len(o.need))
	err = o.vertices(func(k int, buf []orb.Point) []orb.Point {
		lo, hi := cv.boundary(sc.ents[o.need[k]])
		return append(buf, cv.pts[lo:hi]...)
	})
	if err != nil {
		return nil, err
	}
	if err := o.sides(); err != nil {
		return nil, err
	}
	return o.polygons()
}

// placed returns the entry of cell c (of cv's resolution), with its
// lattice key if c lies on the lattice at least two centre spacings inside
// its face. Placing a cell cv has not met costs a cgo call for its centre.
func (cv *Coverer) placed(c Cell) int32 {
	e, ok := cv.byCell.get(uint64(c))
	if ok && (cv.entries[e].key != 0 || cv.entries[e].placed) {
		return e
	}
	if !ok {
		e = int32(len(cv.entries))
		cv.entries = append(cv.entries, cellEntry{cell: c})
		cv.byCell.put(uint64(c), e)
	}
	cv.entries[e].placed = true
	l := cv.lattice()
	if l == nil {
		return e
	}
	cv.stats.Lookups++
	p := cellVec(h3.Cell(c))
	fi := l.nearestFace(p)
	fl := l.face(fi)
	if fl == nil || fl.edgeSin(p) < math.Sin((faceMarginSteps-1)*fl.step) || math.Abs(p[2]) > math.Sin(89*radPerDeg) {
		return e
	}
	a, b := fl.axial(p)
	i, j := hexRound(a, b)
	if math.Abs(a-float64(i)) > 1e-6 || math.Abs(b-float64(j)) > 1e-6 {
		return e
	}
	k := packKey(fi, i, j)
	if other, ok := cv.byKey.get(k); ok {
		if cv.entries[other].cell == c {
			cv.byCell.put(uint64(c), other)
			return other
		}
		return e // h3 disagrees with the lattice: leave c to h3
	}
	cv.entries[e].key = k
	cv.byKey.put(k, e)
	return e
}

// boundary returns the range in cv.pts of the boundary of entry e, fetching
// it from h3, or computing it from the lattice for a lattice cell, on first
// use.
func (cv *Coverer) boundary(e int32) (lo, hi int32) {
	en := &cv.entries[e]
	if en.nb == 0 {
		en.bnd = int32(len(cv.pts))
		if en.key != 0 {
			// A vertex computed for a neighbour is copied (two
			// arctangents saved): corner n is corner n+2 of the
			// neighbour across hexSteps[n] and corner n+4 of the one
			// across hexSteps[n+1].
			f, i, j := unpackKey(en.key)
			fl := cv.lat.face(f)
			var nbnd [6]int32 // boundary start of each neighbour, -1 if none
			for n, st := range hexSteps {
				nbnd[n] = -1
				if o, ok := cv.byKey.get(packKey(f, i+st[0], j+st[1])); ok && cv.entries[o].latBnd {
					nbnd[n] = cv.entries[o].bnd
				}
			}
			for n := range hexCorners {
				switch m := (n + 1) % 6; {
				case nbnd[n] >= 0:
					cv.pts = append(cv.pts, cv.pts[nbnd[n]+int32((n+2)%6)])
				case nbnd[m] >= 0:
					cv.pts = append(cv.pts, cv.pts[nbnd[m]+int32((n+4)%6)])
				default:
					cv.pts = append(cv.pts, fl.vertex(3*i+corner3[n][0], 3*j+corner3[n][1]))
				}
			}
		} else {
			for _, v := range h3.CellToBoundary(h3.Cell(en.cell)) {
				cv.pts = append(cv.pts, orb.Point{v.Lng, v.Lat})
			}
			cv.stats.Boundaries++
		}
		en.nb = int8(int32(len(cv.pts)) - en.bnd)
		en.latBnd = en.key != 0
	}
	return en.bnd, en.bnd + int32(en.nb)
}

// TotalAreaM2 returns the sum of the areas of cells in square metres; each
// cell counts as often as it appears, invalid cells count zero. Cells of cv's resolution that cv has met
// on the lattice (see Outline) are measured in Go, as spherical hexagons
// on h3's sphere, and agree with h3 to about 1e-9 relative; others cost a
// cgo call. Areas are cached.
func (cv *Coverer) TotalAreaM2(cells []Cell) float64 {
	var sum float64
	for _, c := range cells {
		e, ok := cv.byCell.get(uint64(c))
		if !ok {
			if !c.Valid() || c.Resolution() != cv.res {
				sum += c.AreaM2()
				continue
			}
			e = cv.cellEntry(c)
		}
		en := &cv.entries[e]
		if en.areaM2 == 0 {
			if en.key != 0 {
				en.areaM2 = cv.latticeAreaM2(en.key)
			} else {
				en.areaM2 = h3.CellAreaM2(h3.Cell(c))
			}
		}
		sum += en.areaM2
	}
	return sum
}

// fastAreaMinRes is the coarsest resolution whose areas latticeAreaM2
// takes from the expansion: against the spherical triangles it is off by
// up to 1.8e-10 of the area at resolution 4, 7.6e-14 at 6 and 6e-15 at 11
// (TestLatticeBoundaryAndArea).
const fastAreaMinRes = 5

// latticeAreaM2 returns the area of the hexagon of lattice key k. Sides of
// the hexagon in a face's gnomonic plane are great-circle arcs on the
// sphere, so its area is the integral over the plane hexagon of the
// Jacobian g = (1 + ρ²)^(-3/2) of the projection, ρ the distance from the
// face centre. For a regular hexagon of area A and circumradius R around
// ρ, that is A·g·(1 + (5/48)·R²·Δg/g) up to fourth-order terms in R, with
// Δg/g = (9ρ² − 6)/(1 + ρ²)²: a few multiplications instead of the six
// spherical triangles (twelve square roots and six arctangents) of
// exactAreaM2, used below fastAreaMinRes and as the tests' reference.
func (cv *Coverer) latticeAreaM2(k uint64) float64 {
	if cv.res < fastAreaMinRes {
		return cv.exactAreaM2(k)
	}
	f, i, j := unpackKey(k)
	fl := cv.lat.face(f)
	fi, fj := float64(i), float64(j)
	x := fi*fl.u[0] + fj*fl.v[0]
	y := fi*fl.u[1] + fj*fl.v[1]
	r2 := x*x + y*y
	s := 1 + r2
	g := 1 / (s * math.Sqrt(s))
	plane := math.Sqrt(3) / 2 * fl.step * fl.step // hexagon of centre spacing step
	circ2 := fl.step * fl.step / 3
	return plane * g * (1 + 5.0/48*circ2*(9*r2-6)/(s*s)) * earthRadiusH3M * earthRadiusH3M
}

// exactAreaM2 returns the area of the hexagon of lattice key k: the sum
// of the six spherical triangles between its centre and its sides. With
// unit vectors c, a, b, a triangle's excess E has tan(E/2) = |c·(a×b)| /
// (1 + c·a + a·b + b·c); the numerator is computed as C·(ΔA×ΔB) / (|A||B||C|)
// from the unnormalised centre C and the small offsets ΔA, ΔB of the
// corners in the face plane, which keeps its precision for small cells.
func (cv *Coverer) exactAreaM2(k uint64) float64 {
	f, i, j := unpackKey(k)
	fl := cv.lat.face(f)
	fi, fj := float64(i), float64(j)
	cc := fl.at(fi, fj, 0, 0)
	c := cc.unit()
	var ds, vs [6]vec3
	for n, d := range hexCorners {
		g0 := d[0]*fl.u[0] + d[1]*fl.v[0]
		g1 := d[0]*fl.u[1] + d[1]*fl.v[1]
		ds[n] = fl.e1.scale(g0).add(fl.e2.scale(g1))
		vs[n] = cc.add(ds[n])
	}
	var excess float64
	lc := math.Sqrt(cc.dot(cc))
	for n := range vs {
		m := (n + 1) % 6
		a, b := vs[n], vs[m]
		la, lb := math.Sqrt(a.dot(a)), math.Sqrt(b.dot(b))
		num := math.Abs(cc.dot(ds[n].cross(ds[m]))) / (la * lb * lc)
		ua, ub := a.scale(1/la), b.scale(1/lb)
		excess += 2 * math.Atan2(num, 1+c.dot(ua)+ua.dot(ub)+ub.dot(c))
	}
	return excess * earthRadiusH3M * earthRadiusH3M
}

// latSide is a side of the outline in outlineLattice: from the vertex of
// key from to that of key to, of the cell owner.
type latSide struct {
	from, to uint64
	owner    int32
}

// vertexKey packs lattice vertex (A, B), in thirds of a step, into a
// non-zero key.
func vertexKey(A, B int64) uint64 {
	return uint64(A+1<<31)<<32 | uint64(B+1<<31)
}

// outlineLattice outlines the set o.cells, whose entries are ents, all
// lattice cells of face fl, missing[i] marking the sides of cell i that
// face cells outside the set. It works in lattice coordinates: the sides
// are those facing a missing neighbour, their ends integer vertices (in
// thirds of a step), chained by exact keys. Only the vertices of the
// outline are converted to longitude and latitude (fl.vertex, the same
// bits as the boundaries of Outline's general path); the rings are then
// assembled as there (outliner.polygons).
func (cv *Coverer) outlineLattice(fl *faceLattice, ents []int32, missing []uint8) (orb.MultiPolygon, error) {
	sc := &cv.out
	o := &sc.o
	sides := sc.sides[:0]
	for i, miss := range missing {
		if miss == 0 {
			continue
		}
		_, a, b := unpackKey(cv.entries[ents[i]].key)
		for d := range hexSteps {
			if miss&(1<<d) == 0 {
				continue
			}
			// The side facing hexSteps[d] runs from corner d−1 to corner
			// d, counter-clockwise.
			p, q := corner3[(d+5)%6], corner3[d]
			sides = append(sides, latSide{vertexKey(3*a+p[0], 3*b+p[1]), vertexKey(3*a+q[0], 3*b+q[1]), int32(i)})
		}
	}
	sc.sides = sides
	// Vertex ids: the start of each side, in order.
	nv := len(sides)
	sc.sideAt.reset()
	sc.sideAt.reserve(nv)
	o.coords = resize(o.coords, nv)
	o.qkeys = resize(o.qkeys, nv)
	o.next = resize(o.next, nv)
	o.owner = resize(o.owner, nv)
	for id, s := range sides {
		if _, dup := sc.sideAt.put(s.from, int32(id)); dup {
			return nil, fmt.Errorf("%w: two outline sides leave a vertex of %s", ErrTopology, o.cells[s.owner])
		}
		A, B := int64(s.from>>32)-1<<31, int64(s.from&(1<<32-1))-1<<31
		p := fl.vertex(A, B)
		o.coords[id] = p
		o.qkeys[id] = vkey{int64(math.Round(p[0] * quantum)), int64(math.Round(p[1] * quantum))}
		o.owner[id] = s.owner
	}
	for id, s := range sides {
		next, ok := sc.sideAt.get(s.to)
		if !ok {
			next = -1 // polygons reports the open ring
		}
		o.next[id] = next
		// A side across the antimeridian: refused, as Outline's
		// general path refuses the cell.
		if next >= 0 && math.Abs(o.coords[next][0]-o.coords[id][0]) > 180 {
			return nil, fmt.Errorf("%w: cell %s", ErrAntimeridian, o.cells[s.owner])
		}
	}
	return o.polygons()
}
