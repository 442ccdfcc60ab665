package spatial

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
)

// TestBoxHavIsLowerBound checks that boxHav never exceeds hav of the
// distance to any point of the box, anywhere on the globe (poles and
// antimeridian included), and that it is tight for nearby boxes. The
// distances come from geo.Distance, whose own rounding (it subtracts
// latitudes in radians) is up to ~1e-9 m; queries look 1e-6 m further than
// the best hit, so a 1e-8 m allowance here is safe.
func TestBoxHavIsLowerBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	coord := func(lo, hi float64) float64 {
		switch rng.IntN(8) {
		case 0:
			return lo
		case 1:
			return hi
		}
		return lo + rng.Float64()*(hi-lo)
	}
	for range 20000 {
		p := orb.Point{coord(-180, 180), coord(-90, 90)}
		// Boxes of every size, some near p, some on the other side.
		size := math.Pow(10, -6+rng.Float64()*8)
		cx, cy := coord(-180, 180), coord(-90, 90)
		if rng.IntN(2) == 0 {
			cx, cy = p[0]+(rng.Float64()*2-1)*size*3, p[1]+(rng.Float64()*2-1)*size*3
		}
		minLon, maxLon := max(cx-size*rng.Float64(), -180), min(cx+size*rng.Float64(), 180)
		minLat, maxLat := max(cy-size*rng.Float64(), -90), min(cy+size*rng.Float64(), 90)
		if minLon > maxLon || minLat > maxLat {
			continue
		}
		b := boxHav(p[0], p[1], math.Cos(p[1]*radPerDeg), minLon, minLat, maxLon, maxLat)
		for range 20 {
			q := orb.Point{coord(minLon, maxLon), coord(minLat, maxLat)}
			if h := hav(geo.Distance(p, q) + 1e-8); b > h {
				t.Fatalf("boxHav(%v, box %v..%v) = %v > hav of distance %v m to %v = %v",
					p, orb.Point{minLon, minLat}, orb.Point{maxLon, maxLat}, b, geo.Distance(p, q), q, h)
			}
		}
	}
	// Tight: for a box 300 m east of p, the bound is within a millimetre.
	p := orb.Point{-75.5, 39.7}
	q := orb.Point{-75.5 + 300/(geo.EarthRadius*radPerDeg*math.Cos(39.7*radPerDeg)), 39.7}
	b := boxHav(p[0], p[1], math.Cos(p[1]*radPerDeg), q[0], q[1], q[0]+0.01, q[1])
	if d := 2 * geo.EarthRadius * math.Asin(math.Sqrt(b)); math.Abs(d-geo.Distance(p, q)) > 1e-3 {
		t.Errorf("bound to a box 300 m away = %v m, want within 1 mm of %v", d, geo.Distance(p, q))
	}
}

// TestCapBoxHoldsCap checks that every point within the radius lies in the
// box capBox returns, wrapped longitudes included.
func TestCapBoxHoldsCap(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for range 5000 {
		p := orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		if rng.IntN(4) == 0 {
			p[1] = math.Copysign(89+rng.Float64(), p[1])
		}
		r := math.Pow(10, rng.Float64()*7) // 1 m to 10,000 km
		minLon, minLat, maxLon, maxLat, all := capBox(p[0], p[1], r/geo.EarthRadius)
		for range 20 {
			// A point at distance r (the worst case) in a random direction.
			q := pointAt(p, rng.Float64()*360, r*rng.Float64())
			inLon := all || (q[0] >= minLon && q[0] <= maxLon) ||
				(q[0]-360 >= minLon && q[0]-360 <= maxLon) || (q[0]+360 >= minLon && q[0]+360 <= maxLon)
			if !inLon || q[1] < minLat || q[1] > maxLat {
				t.Fatalf("capBox(%v, %v m) = [%v,%v]×[%v,%v] all=%v misses %v at %v m",
					p, r, minLon, maxLon, minLat, maxLat, all, q, geo.Distance(p, q))
			}
		}
	}
}

// pointAt returns the point at distance d metres and bearing deg from p on
// the sphere.
func pointAt(p orb.Point, bearing, d float64) orb.Point {
	φ1, λ1, θ, δ := p[1]*radPerDeg, p[0]*radPerDeg, bearing*radPerDeg, d/geo.EarthRadius
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	lon := math.Mod(λ2/radPerDeg+540, 360) - 180
	return orb.Point{lon, φ2 / radPerDeg}
}

func TestOutward(t *testing.T) {
	for _, v := range []float64{0, 1, -75.123456789, 39.7000001, 180, -180, 90, 1e-30, -1e-30} {
		lo, hi := outward(v, v)
		if float64(lo) > v || float64(hi) < v {
			t.Errorf("outward(%v) = %v, %v, does not hold it", v, lo, hi)
		}
	}
}

// TestOrient checks the exact orientation test on points a few ulps off a
// line, where the plain floating-point determinant gets the sign wrong.
func TestOrient(t *testing.T) {
	exact := func(a, b, c orb.Point) int {
		r := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
		sub := func(x, y float64) *big.Rat { return new(big.Rat).Sub(r(x), r(y)) }
		l := new(big.Rat).Mul(sub(a[0], c[0]), sub(b[1], c[1]))
		rr := new(big.Rat).Mul(sub(a[1], c[1]), sub(b[0], c[0]))
		return l.Cmp(rr)
	}
	a, b := orb.Point{12, 12}, orb.Point{24, 24}
	wrongNaive := 0
	for i := range 64 {
		for j := range 64 {
			c := orb.Point{0.5 + float64(i)*0x1p-53, 0.5 + float64(j)*0x1p-53}
			got, want := orient(a, b, c), exact(a, b, c)
			if got != want {
				t.Fatalf("orient(%v, %v, %v) = %d, want %d", a, b, c, got, want)
			}
			naive := (a[0]-c[0])*(b[1]-c[1]) - (a[1]-c[1])*(b[0]-c[0])
			if (naive > 0) != (want > 0) || (naive < 0) != (want < 0) {
				wrongNaive++
			}
		}
	}
	if wrongNaive == 0 {
		t.Error("the plain determinant was never wrong: the test does not exercise the exact path")
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 10000 {
		p := func() orb.Point { return orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90} }
		a, b, c := p(), p(), p()
		if got, want := orient(a, b, c), exact(a, b, c); got != want {
			t.Fatalf("orient(%v, %v, %v) = %d, want %d", a, b, c, got, want)
		}
	}
	if orient(orb.Point{math.NaN(), 0}, orb.Point{1, 1}, orb.Point{2, 2}) != 0 {
		t.Error("orient with NaN is not 0")
	}
}

// TestRingTreeMatchesScan checks that rings with an edge tree answer as the
// plain scan does.
func TestRingTreeMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	pts := make(orb.Ring, 0, 501)
	for i := range 500 {
		a := 2 * math.Pi * float64(i) / 500
		r := 0.5 + 0.5*rng.Float64()
		// Snap to a coarse grid so that points fall on edges and vertices.
		pts = append(pts, orb.Point{math.Round(r*math.Cos(a)*64) / 64, math.Round(r*math.Sin(a)*64) / 64})
	}
	pts = append(pts, pts[0])
	withTree := newRing(pts)
	scan := withTree
	scan.edges = nil
	if withTree.edges == nil {
		t.Fatal("a 500-edge ring has no edge tree")
	}
	s := newRayState()
	for i := range 20000 {
		var p orb.Point
		if i%2 == 0 {
			p = orb.Point{math.Round((rng.Float64()*2-1)*64) / 64, math.Round((rng.Float64()*2-1)*64) / 64}
		} else {
			p = pts[rng.IntN(len(pts))]
		}
		in1, on1 := withTree.locate(s, p)
		in2, on2 := scan.locate(s, p)
		if in1 != in2 || on1 != on2 {
			t.Fatalf("locate(%v): tree %v,%v, scan %v,%v", p, in1, on1, in2, on2)
		}
		if i%2 == 1 && !on1 {
			t.Fatalf("vertex %v not on the boundary", p)
		}
	}
}
