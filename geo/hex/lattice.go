package hex

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	h3 "github.com/uber/h3-go/v4"
)

// H3 projects each face of an icosahedron gnomonically from the Earth's
// centre onto a plane and tiles the plane with regular hexagons, whose
// centres form a lattice through the face centre; a point belongs to the
// face whose centre is nearest and to the hexagon whose centre is nearest
// in that plane. Cells near the edges of a face are cut and completed from
// the next face, and the twelve pentagons sit on the icosahedron's
// vertices. Away from face edges, therefore, the cells of one resolution
// are exactly the hexagons of one planar lattice per face, and a point's
// cell can be found in Go by projecting it and rounding to the nearest
// lattice point.
//
// This file recovers that geometry from h3 itself, once per process, with
// a dozen cgo calls for the icosahedron and a dozen per face and resolution
// used: the vertices are the centres of the resolution 0 pentagons, the
// face centres the normalised sums of their vertices, and each face's
// lattice basis is fitted from the centres of cells near its centre and
// refined with cells far along each axis.

// numFaces is the number of faces of the icosahedron.
const numFaces = 20

// face is a face of the icosahedron on the unit sphere.
type face struct {
	centre vec3
	sides  [3]vec3 // unit normals of the planes of its sides, pointing inwards
}

// faceLattice is the lattice of the cells of one resolution on one face.
// Lattice coordinates (a, b) are axial: the centre of cell (a, b) is at
// a·u + b·v in the gnomonic plane of the face, and the six neighbours of a
// cell are at (±1, 0), (0, ±1), ±(1, −1).
type faceLattice struct {
	face
	e1, e2 vec3       // orthonormal basis of the tangent plane at centre
	u, v   [2]float64 // lattice basis in (e1, e2) coordinates, v 60° counter-clockwise of u
	ua, ub vec3       // a = p·ua / p·centre, b = p·ub / p·centre
	step   float64    // |u|: the distance between neighbouring centres in the plane
}

// axial returns the fractional lattice coordinates of the point p, which
// must be on the hemisphere around the face centre.
func (fl *faceLattice) axial(p vec3) (a, b float64) {
	d := p.dot(fl.centre)
	return p.dot(fl.ua) / d, p.dot(fl.ub) / d
}

// at returns the direction of the point with lattice coordinates (a, b);
// da and db, small offsets, are added after the lattice point is formed to
// keep precision for vertices.
func (fl *faceLattice) at(a, b, da, db float64) vec3 {
	g0 := a*fl.u[0] + b*fl.v[0] + (da*fl.u[0] + db*fl.v[0])
	g1 := a*fl.u[1] + b*fl.v[1] + (da*fl.u[1] + db*fl.v[1])
	return fl.centre.add(fl.e1.scale(g0)).add(fl.e2.scale(g1))
}

// gnomonic returns the coordinates of p in the tangent plane of the face.
func (fl *faceLattice) gnomonic(p vec3) [2]float64 {
	d := p.dot(fl.centre)
	return [2]float64{p.dot(fl.e1) / d, p.dot(fl.e2) / d}
}

// edgeSin returns the sine of the angular distance from p to the nearest
// side of the face, negative outside the face.
func (f *face) edgeSin(p vec3) float64 {
	return min(p.dot(f.sides[0]), p.dot(f.sides[1]), p.dot(f.sides[2]))
}

// lattice holds the face lattices of one resolution, each fitted on first
// use: a city needs one or two faces, and fitting all twenty would cost
// some 250 cgo calls per process.
type lattice struct {
	res   int
	once  [numFaces]sync.Once
	faces [numFaces]faceLattice
	errs  [numFaces]error
}

// face returns the lattice of face i, fitting it on first use, or nil if
// h3's cells there do not fit the model (callers then use h3).
func (l *lattice) face(i int) *faceLattice {
	l.once[i].Do(func() {
		l.faces[i], l.errs[i] = fitFace(icosaFaces[i], l.res)
		if l.errs[i] != nil {
			l.errs[i] = fmt.Errorf("face %d resolution %d: %w", i, l.res, l.errs[i])
		}
	})
	if l.errs[i] != nil {
		return nil
	}
	return &l.faces[i]
}

// nearestFace returns the index of the face whose centre is nearest to p.
func (l *lattice) nearestFace(p vec3) int {
	best, bd := 0, math.Inf(-1)
	for i := range icosaFaces {
		if d := p.dot(icosaFaces[i].centre); d > bd {
			best, bd = i, d
		}
	}
	return best
}

var (
	icosaOnce  sync.Once
	icosaFaces [numFaces]face
	icosaErr   error

	latticeOnce [MaxResolution + 1]sync.Once
	lattices    [MaxResolution + 1]*lattice
	latticeErrs [MaxResolution + 1]error
)

func cellVec(c h3.Cell) vec3 {
	ll := h3.CellToLatLng(c)
	return unitVec(ll.Lng, ll.Lat)
}

func vecCell(p vec3, res int) h3.Cell {
	q := p.point()
	return h3.LatLngToCell(h3.LatLng{Lat: q[1], Lng: q[0]}, res)
}

// loadIcosahedron finds the faces of H3's icosahedron.
func loadIcosahedron() ([numFaces]face, error) {
	var faces [numFaces]face
	pents := h3.Pentagons(0)
	if len(pents) != 12 {
		return faces, fmt.Errorf("%w: %d pentagons at resolution 0", ErrTopology, len(pents))
	}
	var vs [12]vec3
	for i, c := range pents {
		vs[i] = cellVec(c)
	}
	// Adjacent vertices are 63.4° apart (cosine 1/√5); others 116.6° or 180°.
	adj := func(i, j int) bool { return vs[i].dot(vs[j]) > 0.3 }
	n := 0
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			for k := j + 1; k < len(vs); k++ {
				if !adj(i, j) || !adj(j, k) || !adj(i, k) {
					continue
				}
				if n == numFaces {
					return faces, fmt.Errorf("%w: more than %d icosahedron faces", ErrTopology, numFaces)
				}
				// The face centre: h3's resolution 0 cell there is
				// centred within 5e-16 radians of it (fitFace checks the
				// cell at the centre of each face it fits). Faces are
				// numbered in the order found, not as h3 numbers them.
				c := vs[i].add(vs[j]).add(vs[k]).unit()
				f := face{centre: c}
				for s, e := range [3][2]int{{i, j}, {j, k}, {k, i}} {
					nrm := vs[e[0]].cross(vs[e[1]]).unit()
					if nrm.dot(c) < 0 {
						nrm = nrm.scale(-1)
					}
					f.sides[s] = nrm
				}
				faces[n] = f
				n++
			}
		}
	}
	if n != numFaces {
		return faces, fmt.Errorf("%w: %d icosahedron faces", ErrTopology, n)
	}
	return faces, nil
}

// latticeFor returns the lattice of resolution res (0..15), its faces not
// yet fitted. The error wraps ErrTopology if h3's icosahedron does not fit
// the model; callers then use h3 for everything.
func latticeFor(res int) (*lattice, error) {
	latticeOnce[res].Do(func() {
		icosaOnce.Do(func() { icosaFaces, icosaErr = loadIcosahedron() })
		if icosaErr != nil {
			latticeErrs[res] = icosaErr
			return
		}
		lattices[res] = &lattice{res: res}
	})
	return lattices[res], latticeErrs[res]
}

// fitFace fits the lattice of resolution res on face f.
func fitFace(f face, res int) (faceLattice, error) {
	fl := faceLattice{face: f}
	// Any tangent basis will do; the lattice basis is measured in it.
	ref := vec3{0, 0, 1}
	if math.Abs(f.centre[2]) > 0.9 {
		ref = vec3{1, 0, 0}
	}
	fl.e1 = ref.cross(f.centre).unit()
	fl.e2 = f.centre.cross(fl.e1)
	origin := vecCell(f.centre, res)
	if g := fl.gnomonic(cellVec(origin)); math.Hypot(g[0], g[1]) > 1e-12 {
		return fl, fmt.Errorf("%w: cell %x at the face centre is centred %g away", ErrTopology, uint64(origin), math.Hypot(g[0], g[1]))
	}
	type nb struct {
		g     [2]float64
		angle float64
	}
	var nbs []nb
	for _, c := range h3.GridDisk(origin, 1) {
		if c == 0 || c == origin {
			continue
		}
		g := fl.gnomonic(cellVec(c))
		a := math.Atan2(g[1], g[0])
		if a < 0 {
			a += 2 * math.Pi
		}
		nbs = append(nbs, nb{g, a})
	}
	if len(nbs) != 6 {
		return fl, fmt.Errorf("%w: %d neighbours at the face centre", ErrTopology, len(nbs))
	}
	slices.SortFunc(nbs, func(x, y nb) int { return cmp.Compare(x.angle, y.angle) })
	basis := [2][2]float64{nbs[0].g, nbs[1].g}
	// Refine each basis vector with the cell k steps along it, a fifth of
	// the way to the face's sides: the error of the first estimate, k times
	// larger there, is far below a cell, and the new estimate k times
	// smaller.
	for i := range basis {
		step := math.Hypot(basis[i][0], basis[i][1])
		k := math.Floor(0.2 / step)
		if k < 2 {
			continue
		}
		want := [2]float64{k * basis[i][0], k * basis[i][1]}
		got := fl.gnomonic(cellVec(vecCell(f.centre.add(fl.e1.scale(want[0])).add(fl.e2.scale(want[1])), res)))
		if d := math.Hypot(got[0]-want[0], got[1]-want[1]); d > 0.01*step {
			return fl, fmt.Errorf("%w: lattice point %g steps out is off by %g steps", ErrTopology, k, d/step)
		}
		basis[i] = [2]float64{got[0] / k, got[1] / k}
	}
	fl.u, fl.v = basis[0], basis[1]
	lu, lv := math.Hypot(fl.u[0], fl.u[1]), math.Hypot(fl.v[0], fl.v[1])
	cross := fl.u[0]*fl.v[1] - fl.u[1]*fl.v[0]
	if math.Abs(lv/lu-1) > 1e-9 || math.Abs(cross/(lu*lv)-math.Sqrt(3)/2) > 1e-9 {
		return fl, fmt.Errorf("%w: lattice basis %v, %v is not regular", ErrTopology, fl.u, fl.v)
	}
	fl.step = lu
	// (a, b) = M⁻¹ g with M = [u v].
	fl.ua = fl.e1.scale(fl.v[1] / cross).add(fl.e2.scale(-fl.v[0] / cross))
	fl.ub = fl.e1.scale(-fl.u[1] / cross).add(fl.e2.scale(fl.u[0] / cross))
	return fl, nil
}
