package hex

import (
	"math"

	"github.com/walkshed/walkshed/geo"
)

const (
	// bucketsPerDeg is the number of buckets per degree of longitude and
	// of latitude. A bucket serves points up to one bucket width from its
	// centre (its reach), about 870 m north–south.
	bucketsPerDeg = 128
	// taylorSlackM bounds, in metres, the error of a bucket's quadratic map
	// within its reach, plus the error of the face lattice. The third-order
	// term is below 5e-5 m at a reach of 1/128° and the lattice below 1e-7 m
	// (TestBucketError measures both).
	taylorSlackM = 5e-4
	// faceMarginSteps is how many centre spacings a bucket's reach must keep
	// from the sides of its icosahedron face: cells within it may be cut by
	// the side or completed from the next face.
	faceMarginSteps = 3
)

// bucket maps the points of a small longitude/latitude square to the
// lattice of one face, by a quadratic in the offsets from its centre.
type bucket struct {
	ok         bool // the lattice holds within the reach of the bucket
	face       uint8
	lng0, lat0 float64 // centre, degrees
	i0, j0     int64   // lattice point near the centre; coordinates are relative to it
	// a − i0 ≈ ta[0] + ta[1]x + ta[2]y + ta[3]x² + ta[4]xy + ta[5]y², with
	// x, y the offsets in degrees of longitude and latitude from the
	// centre; tb likewise for b − j0.
	ta, tb [6]float64
	// perM bounds the lattice distance (in centre spacings) of one metre in
	// any direction within the reach.
	perM float64
	// h0 is the inradius to which hexagons are grown for a piece without
	// sag (see grown); sagK·(dx² + dy²) bounds the sag of a piece of
	// extent (dx, dy) degrees, from above.
	h0, sagK float64
}

func bucketKey(ix, iy int64) uint64 {
	return uint64(ix+1<<20)<<21 | uint64(iy+1<<20)
}

// bucketIndex returns the indices of the bucket containing (lng, lat).
func bucketIndex(lng, lat float64) (ix, iy int64) {
	return int64(math.Floor(lng * bucketsPerDeg)), int64(math.Floor(lat * bucketsPerDeg))
}

// contains reports whether (lng, lat) lies in the square of b.
func (b *bucket) contains(lng, lat float64) bool {
	const half = 0.5 / bucketsPerDeg
	return math.Abs(lng-b.lng0) <= half && math.Abs(lat-b.lat0) <= half
}

// newBucket prepares the bucket (ix, iy) of lattice l; l may be nil, and
// the bucket then not ok.
func newBucket(l *lattice, ix, iy int64) bucket {
	b := bucket{lng0: (float64(ix) + 0.5) / bucketsPerDeg, lat0: (float64(iy) + 0.5) / bucketsPerDeg}
	if l == nil || math.Abs(b.lat0) > 89 {
		return b
	}
	lam, phi := b.lng0*radPerDeg, b.lat0*radPerDeg
	sp, cp := math.Sincos(phi)
	sl, cl := math.Sincos(lam)
	p := vec3{cp * cl, cp * sl, sp}
	fi := l.nearestFace(p)
	fl := l.face(fi)
	if fl == nil {
		return b
	}
	// The reach is a square of half-width 1/128° around the centre: within
	// √2/128° of arc.
	reach := math.Sqrt2 / bucketsPerDeg * radPerDeg
	if fl.edgeSin(p) < math.Sin(reach+faceMarginSteps*fl.step) {
		return b
	}
	b.face = uint8(fi)
	b.ok = true

	// Derivatives of the unit vector in λ and φ.
	pl := vec3{-cp * sl, cp * cl, 0}
	pp := vec3{-sp * cl, -sp * sl, cp}
	pll := vec3{-cp * cl, -cp * sl, 0}
	plp := vec3{sp * sl, -sp * cl, 0}
	ppp := p.scale(-1)
	c := fl.centre
	d, dl, dp := p.dot(c), pl.dot(c), pp.dot(c)
	dll, dlp, dpp := pll.dot(c), plp.dot(c), ppp.dot(c)
	const k = radPerDeg
	taylor := func(w vec3) (h float64, t [6]float64) {
		h = p.dot(w) / d
		hl := (pl.dot(w) - h*dl) / d
		hp := (pp.dot(w) - h*dp) / d
		hll := (pll.dot(w) - 2*hl*dl - h*dll) / d
		hlp := (plp.dot(w) - hl*dp - hp*dl - h*dlp) / d
		hpp := (ppp.dot(w) - 2*hp*dp - h*dpp) / d
		return h, [6]float64{0, hl * k, hp * k, hll * k * k / 2, hlp * k * k, hpp * k * k / 2}
	}
	a, ta := taylor(fl.ua)
	bb, tb := taylor(fl.ub)
	b.i0, b.j0 = int64(math.Round(a)), int64(math.Round(bb))
	ta[0], tb[0] = a-float64(b.i0), bb-float64(b.j0)
	b.ta, b.tb = ta, tb

	// Metres east and north per degree at the centre, and the Jacobian from
	// metres to Cartesian lattice units (x = a + b/2, y = b·√3/2).
	kx := geo.EarthRadius * cp * radPerDeg
	ky := geo.EarthRadius * radPerDeg
	j00, j01 := (ta[1]+tb[1]/2)/kx, (ta[2]+tb[2]/2)/ky
	j10, j11 := tb[1]*math.Sqrt(3)/2/kx, tb[2]*math.Sqrt(3)/2/ky
	// Largest singular value; the scale varies by well under 1% across the
	// reach.
	tr := j00*j00 + j01*j01 + j10*j10 + j11*j11
	det := j00*j11 - j01*j10
	b.perM = 1.01 * math.Sqrt((tr+math.Sqrt(max(0, tr*tr-4*det*det)))/2)
	b.h0 = 0.5 + b.perM*(ToleranceM+taylorSlackM)
	// The sag is √(qa² + qa·qb + qb²)/4 ≤ (|qa| + |qb|)/4, and |qa| ≤
	// (|ta₃| + |ta₄|/2 + |ta₅|)(dx² + dy²) as |dx·dy| ≤ (dx² + dy²)/2;
	// likewise qb. The factor covers rounding: the bound must not fall
	// below the sag as computed.
	ka := math.Abs(ta[3]) + math.Abs(ta[4])/2 + math.Abs(ta[5])
	kb := math.Abs(tb[3]) + math.Abs(tb[4])/2 + math.Abs(tb[5])
	b.sagK = 1.001 * (ka + kb) / 4
	return b
}

// axial returns the lattice coordinates of (lng, lat), relative to the
// bucket origin.
func (b *bucket) axial(lng, lat float64) (a, bb float64) {
	x, y := lng-b.lng0, lat-b.lat0
	t, u := &b.ta, &b.tb
	a = t[0] + x*(t[1]+t[3]*x+t[4]*y) + y*(t[2]+t[5]*y)
	bb = u[0] + x*(u[1]+u[3]*x+u[4]*y) + y*(u[2]+u[5]*y)
	return a, bb
}

// bend returns the quadratic terms of the map for the offset (dx, dy): the
// path from p to p + (dx, dy), straight in longitude/latitude, departs from
// the chord between its lattice ends by a quarter of their length.
func (b *bucket) bend(dx, dy float64) (qa, qb float64) {
	qa = b.ta[3]*dx*dx + b.ta[4]*dx*dy + b.ta[5]*dy*dy
	qb = b.tb[3]*dx*dx + b.tb[4]*dx*dy + b.tb[5]*dy*dy
	return qa, qb
}
