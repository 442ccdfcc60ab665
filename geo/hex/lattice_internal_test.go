package hex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
)

// places are where the lattice is tested: cities, high latitudes, and
// points on an icosahedron edge and at a pentagon, where it must not be
// used.
func places(t testing.TB) []struct {
	name string
	p    orb.Point
} {
	t.Helper()
	pents := h3.Pentagons(0)
	var a, b vec3
	a = cellVec(pents[0])
	for _, c := range pents[1:] {
		if v := cellVec(c); v.dot(a) > 0.3 {
			b = v
			break
		}
	}
	pent := cellVec(pents[3]).point()
	return []struct {
		name string
		p    orb.Point
	}{
		{"porto", orb.Point{-8.61, 41.15}},
		{"monaco", orb.Point{7.42, 43.73}},
		{"delaware", orb.Point{-75.55, 39.74}},
		{"60N", orb.Point{24.94, 60.17}},
		{"78N", orb.Point{15.63, 78.22}},
		{"equator", orb.Point{-78.5, -0.2}},
		{"face edge", a.add(b).unit().point()},
		{"near pentagon", orb.Point{pent[0] + 0.02, pent[1] + 0.01}},
	}
}

// TestFitAllResolutions checks that every face at every resolution fits
// the model.
func TestFitAllResolutions(t *testing.T) {
	for res := range MaxResolution + 1 {
		l, err := latticeFor(res)
		if err != nil {
			t.Fatalf("resolution %d: %v", res, err)
		}
		if l.res != res {
			t.Fatalf("lattice %d has resolution %d", res, l.res)
		}
		for f := range numFaces {
			if l.face(f) == nil {
				t.Errorf("resolution %d: %v", res, l.errs[f])
			}
		}
	}
}

// TestLatticeMatchesH3 compares the cell found in Go through the buckets
// with h3's for random points around each place and anywhere on Earth:
// they must agree for every point farther than the tolerance from a cell
// side. It also measures how far h3's cell centres lie from the lattice
// points.
func TestLatticeMatchesH3(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, res := range []int{9, 11, 13, 15} {
		l, err := latticeFor(res)
		if err != nil {
			t.Fatal(err)
		}
		edge, _ := EdgeLengthM(res)
		for _, pl := range append(places(t), struct {
			name string
			p    orb.Point
		}{"anywhere", orb.Point{}}) {
			t.Run(fmt.Sprintf("res %d/%s", res, pl.name), func(t *testing.T) {
				cv, _ := NewCoverer(res)
				checked, near, unsafe := 0, 0, 0
				maxCentre := 0.0
				for range 3000 {
					p := orb.Point{pl.p[0] + (rng.Float64()-0.5)*0.1, pl.p[1] + (rng.Float64()-0.5)*0.05}
					if pl.name == "anywhere" {
						p = orb.Point{rng.Float64()*360 - 180, rng.Float64()*178 - 89}
					}
					b := cv.bucketFor(p[0], p[1])
					if !b.ok {
						unsafe++
						continue
					}
					a, bb := b.axial(p[0], p[1])
					i, j := hexRound(a, bb)
					x, y := a-float64(i), bb-float64(j)
					in := 0.5 - max(math.Abs(x+y/2), math.Abs(x/2+y), math.Abs(y-x)/2)
					if in < b.perM*ToleranceM {
						near++
						continue
					}
					checked++
					k := packKey(int(b.face), b.i0+i, b.j0+j)
					got := cv.entries[cv.entry(k)].cell
					want := lookup(p, res)
					if got != want {
						t.Fatalf("%v: lattice cell %s, h3 %s", p, got, want)
					}
					// h3's centre against the lattice point, in metres.
					fl := l.face(int(b.face))
					ca, cb := fl.axial(cellVec(h3.Cell(want)))
					off := math.Hypot(ca-float64(b.i0+i)+(cb-float64(b.j0+j))/2, (cb-float64(b.j0+j))*math.Sqrt(3)/2)
					maxCentre = max(maxCentre, off*math.Sqrt(3)*edge)
				}
				t.Logf("%d points checked, %d within the tolerance of a side, %d in buckets off the lattice; h3 centres within %.2g m of the lattice", checked, near, unsafe, maxCentre)
				switch {
				case pl.name == "face edge" || pl.name == "near pentagon":
					if checked > 0 && unsafe == 0 {
						t.Errorf("lattice used everywhere near an icosahedron edge")
					}
				case pl.name != "anywhere" && unsafe > 0:
					t.Errorf("%d points off the lattice", unsafe)
				}
				if maxCentre > 1e-6 {
					t.Errorf("h3 centres up to %g m from the lattice", maxCentre)
				}
			})
		}
	}
}

// TestBucketError measures the error of the buckets' quadratic maps
// against the exact projection, within their reach, in metres.
func TestBucketError(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, res := range []int{11, 15} {
		l, _ := latticeFor(res)
		edge, _ := EdgeLengthM(res)
		worst := 0.0
		for range 300 {
			lng, lat := rng.Float64()*360-180, rng.Float64()*176-88
			ix, iy := bucketIndex(lng, lat)
			b := newBucket(l, ix, iy)
			if !b.ok {
				continue
			}
			fl := l.face(int(b.face))
			for range 20 {
				// Anywhere within the reach: one bucket width from the centre.
				x := b.lng0 + (rng.Float64()*2-1)/bucketsPerDeg
				y := b.lat0 + (rng.Float64()*2-1)/bucketsPerDeg
				a, bb := b.axial(x, y)
				ea, eb := fl.axial(unitVec(x, y))
				da, db := a+float64(b.i0)-ea, bb+float64(b.j0)-eb
				err := math.Hypot(da+db/2, db*math.Sqrt(3)/2) * math.Sqrt(3) * edge
				worst = max(worst, err)
			}
		}
		t.Logf("res %d: quadratic map within %.2g m of the exact projection", res, worst)
		if worst > taylorSlackM/4 {
			t.Errorf("res %d: quadratic map error %g m, want below %g", res, worst, taylorSlackM/4)
		}
	}
}

// TestLatticeBoundaryAndArea compares the boundaries and areas computed
// from the lattice with h3's.
func TestLatticeBoundaryAndArea(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, res := range []int{4, 5, 6, 9, 11, 15} {
		cv, _ := NewCoverer(res)
		worstV, worstA, worstF, n := 0.0, 0.0, 0.0, 0
		for range 2000 {
			p := orb.Point{rng.Float64()*360 - 180, rng.Float64()*170 - 85}
			c := lookup(p, res)
			e := cv.placed(c)
			if cv.entries[e].key == 0 {
				continue
			}
			n++
			lo, hi := cv.boundary(e)
			got := cv.pts[lo:hi]
			want := h3.CellToBoundary(h3.Cell(c))
			if len(want) != len(got) {
				t.Fatalf("%s: %d vertices, h3 %d", c, len(got), len(want))
			}
			// Same vertices, possibly starting elsewhere or reversed.
			for _, g := range got {
				best := math.Inf(1)
				for _, w := range want {
					best = min(best, math.Max(math.Abs(g[0]-w.Lng), math.Abs(g[1]-w.Lat)))
				}
				worstV = max(worstV, best)
			}
			a := cv.latticeAreaM2(cv.entries[e].key)
			worstA = max(worstA, math.Abs(a/h3.CellAreaM2(h3.Cell(c))-1))
			// The expansion against the sum of spherical triangles.
			worstF = max(worstF, math.Abs(a/cv.exactAreaM2(cv.entries[e].key)-1))
		}
		t.Logf("res %d: %d cells, vertices within %.2g°, areas within %.2g relative (%.2g of the triangles)", res, n, worstV, worstA, worstF)
		if worstF > 1e-10 {
			t.Errorf("res %d: expanded area off the triangles' by %g", res, worstF)
		}
		// Vertices differ in their last bits (1e-12° is 0.1 µm); on the
		// half-metre cells of resolution 15 that is 1e-8 of the area.
		maxA := 1e-9
		if res > 11 {
			maxA = 1e-7
		}
		if n < 1000 || worstV > 1e-11 || worstA > maxA {
			t.Errorf("res %d: %d lattice cells, vertices off by %g°, areas by %g", res, n, worstV, worstA)
		}
	}
}

// TestVisitCells checks the lattice walk against sampling: every lattice
// cell containing a point of the segment is visited, and every visited
// cell's grown hexagon reaches the segment.
func TestVisitCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := range 3000 {
		a0, b0 := rng.Float64()*10-5, rng.Float64()*10-5
		l := rng.ExpFloat64() * 3
		if n%10 == 0 {
			l = 0
		}
		dir := rng.Float64() * 2 * math.Pi
		// Directions along the lattice axes and sides are the hard cases.
		if n%3 == 0 {
			dir = float64(rng.IntN(12)) * math.Pi / 6
		}
		x1, y1 := a0+b0/2+l*math.Cos(dir), b0*math.Sqrt(3)/2+l*math.Sin(dir)
		b1 := y1 * 2 / math.Sqrt(3)
		a1 := x1 - b1/2
		h := 0.5 + rng.Float64()*0.01
		got := map[[2]int64]bool{}
		visitCells(a0, b0, a1, b1, h, func(i, j int64) {
			if got[[2]int64{i, j}] {
				t.Fatalf("cell (%d, %d) visited twice", i, j)
			}
			got[[2]int64{i, j}] = true
			tt := entryT(a0, b0, a1-a0, b1-b0, i, j, h)
			if tt < 0 || tt > 1 {
				t.Fatalf("t = %g", tt)
			}
			// The point at tt lies in the grown hexagon.
			x, y := a0+tt*(a1-a0)-float64(i), b0+tt*(b1-b0)-float64(j)
			if s := max(math.Abs(x+y/2), math.Abs(x/2+y), math.Abs(y-x)/2); s > h+1e-9 {
				t.Fatalf("cell (%d, %d) entered at t=%g, %g from its centre along a normal, want at most %g", i, j, tt, s, h)
			}
		})
		for k := 0; k <= 2000; k++ {
			f := float64(k) / 2000
			i, j := hexRound(a0+f*(a1-a0), b0+f*(b1-b0))
			if !got[[2]int64{i, j}] {
				t.Fatalf("segment (%g,%g)-(%g,%g): cell (%d, %d) of the point at %g not visited", a0, b0, a1, b1, i, j, f)
			}
		}
	}
}

// TestFallbackMatchesLattice covers lines with h3's cells (as near face
// edges) and with the lattice, and compares.
func TestFallbackMatchesLattice(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cv, _ := NewCoverer(11)
	ref, _ := NewCoverer(11)
	ref.latLoaded = true // no lattice: every bucket falls back
	pr := geo.NewProjection(orb.Point{-8.61, 41.15})
	for range 200 {
		ls := orb.LineString{pr.Inverse(rng.Float64()*2000, rng.Float64()*2000)}
		for range 1 + rng.IntN(5) {
			x, y := pr.Forward(ls[len(ls)-1])
			ls = append(ls, pr.Inverse(x+rng.NormFloat64()*80, y+rng.NormFloat64()*80))
		}
		cv.ClearCells()
		ref.ClearCells()
		if err := cv.AddLine(ls); err != nil {
			t.Fatal(err)
		}
		if err := ref.AddLine(ls); err != nil {
			t.Fatal(err)
		}
		got, want := cv.AppendCells(nil), ref.AppendCells(nil)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%v: lattice %v, h3 walk %v", ls, got, want)
		}
	}
	if s := ref.Stats(); s.Fallback != s.Segments || cv.Stats().Fallback != 0 {
		t.Errorf("stats %+v, %+v", cv.Stats(), s)
	}
}

// TestCrossesOnce checks the two-cell shortcut of coverSet against
// visitCells, its plain reference: whenever crossesOnce accepts a chord,
// visitCells lists exactly its two cells. Chords start anywhere, near
// sides and at vertices too, and run in every direction, along the
// lattice's axes and sides as well, for up to two cell spacings.
func TestCrossesOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	accepted, refused := 0, 0
	for n := range 200000 {
		i, j := int64(rng.IntN(7)-3), int64(rng.IntN(7)-3)
		// A start in cell (i, j): random, or on a side or at a corner.
		x0, y0 := rng.Float64()-0.5, rng.Float64()-0.5
		switch n % 4 {
		case 1: // on or beside a side
			c, d := hexCorners[rng.IntN(6)], hexCorners[rng.IntN(6)]
			f := rng.Float64()
			x0, y0 = c[0]+f*(d[0]-c[0]), c[1]+f*(d[1]-c[1])
			x0, y0 = x0*(1-rng.Float64()*1e-3), y0*(1-rng.Float64()*1e-3)
		case 2: // near a corner
			c := hexCorners[rng.IntN(6)]
			x0, y0 = c[0]+(rng.Float64()-0.5)*0.02, c[1]+(rng.Float64()-0.5)*0.02
		}
		a0, b0 := float64(i)+x0, float64(j)+y0
		if ci, cj := hexRound(a0, b0); ci != i || cj != j {
			continue // crossesOnce's contract: the start lies in (i, j)
		}
		l := rng.Float64() * 2
		dir := rng.Float64() * 2 * math.Pi
		if n%3 == 0 {
			dir = float64(rng.IntN(12)) * math.Pi / 6
		}
		x1, y1 := a0+b0/2+l*math.Cos(dir), b0*math.Sqrt(3)/2+l*math.Sin(dir)
		b1 := y1 * 2 / math.Sqrt(3)
		a1 := x1 - b1/2
		h := 0.5 + rng.Float64()*0.02
		i1, j1, ok := crossesOnce(i, j, x0, y0, a1, b1, 1-h)
		if !ok {
			refused++
			continue
		}
		accepted++
		var got [][2]int64
		visitCells(a0, b0, a1, b1, h, func(i, j int64) { got = append(got, [2]int64{i, j}) })
		want := [][2]int64{{i, j}, {i1, j1}}
		if len(got) != 2 || !(got[0] == want[0] && got[1] == want[1] || got[0] == want[1] && got[1] == want[0]) {
			t.Fatalf("chord (%g, %g)-(%g, %g), h %g: crossesOnce says %v, visitCells lists %v", a0, b0, a1, b1, h, want, got)
		}
	}
	t.Logf("%d chords accepted, %d left to visitCells", accepted, refused)
	if accepted < 20000 || refused < 20000 {
		t.Errorf("%d chords accepted and %d refused: the test misses a case", accepted, refused)
	}
}

// TestSagBound checks that the bound coverSet's shortcuts use for the grown
// inradius is never below the exact one (grown), so that they accept only
// pieces the exact inradius accepts too, and that it stays close for
// street-length pieces, so that the shortcuts still apply.
func TestSagBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, res := range []int{9, 11, 15} {
		l, _ := latticeFor(res)
		n, worst := 0, 0.0
		for n < 20000 {
			lng, lat := rng.Float64()*360-180, rng.Float64()*176-88
			ix, iy := bucketIndex(lng, lat)
			b := newBucket(l, ix, iy)
			if !b.ok {
				continue
			}
			for range 20 {
				n++
				// Pieces up to half a bucket, some along an axis, some
				// of street length (up to 50 m).
				scale := 1.0 / bucketsPerDeg
				if n%2 == 0 {
					scale = 1e-3
				}
				dx, dy := (rng.Float64()-0.5)*scale, (rng.Float64()-0.5)*scale
				switch n % 3 {
				case 1:
					dx = 0
				case 2:
					dy = 0
				}
				up, h := b.h0+b.sagK*(dx*dx+dy*dy), b.grown(dx, dy)
				if up < h {
					t.Fatalf("res %d bucket %v: bound %v below the grown inradius %v for (%g, %g)", res, [2]float64{b.lng0, b.lat0}, up, h, dx, dy)
				}
				if n%2 == 0 {
					worst = max(worst, up-h)
				}
			}
		}
		t.Logf("res %d: bound at most %.2g lattice units above for pieces up to 50 m", res, worst)
		if worst > 1e-3 {
			t.Errorf("res %d: bound %g above the inradius: the shortcuts would rarely apply", res, worst)
		}
	}
}
