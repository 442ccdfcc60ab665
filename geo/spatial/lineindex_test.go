package spatial_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
)

// metresPerDeg is the length of a degree of latitude (and of longitude on
// the equator) on the sphere of geo.EarthRadius.
const metresPerDeg = geo.EarthRadius * math.Pi / 180

func TestNearestHandMade(t *testing.T) {
	lines := []orb.LineString{
		0: {{0, 0}, {0.001, 0}, {0.001, 0.001}}, // east 111 m, then north 111 m
		1: {{5, 5}},                             // a single point: not indexed
		2: {{0.01, -0.0001}, {0.011, -0.0001}},  // ties with 3 around (0.0105, 0)
		3: {{0.01, 0.0001}, {0.011, 0.0001}},
	}
	idx := indexOf(lines, nil)
	if idx.Len() != 4 || idx.Lines() != 3 {
		t.Fatalf("Len, Lines = %d, %d, want 4, 3", idx.Len(), idx.Lines())
	}
	tests := []struct {
		name    string
		p       orb.Point
		maxDist geo.Meters
		ok      bool
		want    spatial.Hit // At is checked through Dist and Offset
	}{
		{"beside segment", orb.Point{0.0005, 0.0001}, 300, true,
			spatial.Hit{Line: 0, Segment: 0, Offset: 0.0005 * metresPerDeg, Dist: 0.0001 * metresPerDeg}},
		{"on segment", orb.Point{0.0004, 0}, 1, true,
			spatial.Hit{Line: 0, Segment: 0, Offset: 0.0004 * metresPerDeg, Dist: 0}},
		{"on shared vertex: first segment", orb.Point{0.001, 0}, 0, true,
			spatial.Hit{Line: 0, Segment: 0, Offset: 0.001 * metresPerDeg, Dist: 0}},
		{"on first point", orb.Point{0, 0}, 0, true,
			spatial.Hit{Line: 0, Segment: 0, Offset: 0, Dist: 0}},
		{"second segment", orb.Point{0.0015, 0.0005}, 60, true,
			spatial.Hit{Line: 0, Segment: 1, Offset: 0.0015 * metresPerDeg, Dist: 0.0005 * metresPerDeg}},
		{"beyond maxDist", orb.Point{0.0015, 0.0005}, 55, false, spatial.Hit{}},
		{"beyond the end", orb.Point{0.001, 0.002}, 112, true,
			spatial.Hit{Line: 0, Segment: 1, Offset: 0.002 * metresPerDeg, Dist: 0.001 * metresPerDeg}},
		{"tie goes to smaller id", orb.Point{0.0105, 0}, 300, true,
			spatial.Hit{Line: 2, Segment: 0, Offset: 0.0005 * metresPerDeg, Dist: 0.0001 * metresPerDeg}},
		{"maxDist zero, off the line", orb.Point{0.0005, 1e-9}, 0, false, spatial.Hit{}},
		{"far: not within 300 m", orb.Point{2.35, 48.85}, 300, false, spatial.Hit{}},
		{"invalid point", orb.Point{math.NaN(), 0}, 300, false, spatial.Hit{}},
		{"latitude beyond 90", orb.Point{0, 91}, geo.Meters(math.Inf(1)), false, spatial.Hit{}},
		{"negative maxDist", orb.Point{0.0004, 0}, -1, false, spatial.Hit{}},
		{"NaN maxDist", orb.Point{0.0004, 0}, geo.Meters(math.NaN()), false, spatial.Hit{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := idx.Nearest(tc.p, tc.maxDist)
			if ok != tc.ok {
				t.Fatalf("Nearest(%v, %v) ok = %v, want %v (hit %+v)", tc.p, tc.maxDist, ok, tc.ok, got)
			}
			if !ok {
				return
			}
			// Reference values are metres per degree on the equator; the
			// haversine of such short arcs agrees to well under a millimetre.
			if got.Line != tc.want.Line || got.Segment != tc.want.Segment ||
				!near(got.Offset, tc.want.Offset, 1e-3) || !near(got.Dist, tc.want.Dist, 1e-3) {
				t.Errorf("Nearest(%v, %v) = %+v, want %+v", tc.p, tc.maxDist, got, tc.want)
			}
			if d := geo.Distance(tc.p, got.At); !near(d, got.Dist, 1e-9) {
				t.Errorf("Nearest(%v).Dist = %v, but At is %v m away", tc.p, got.Dist, d)
			}
			if ref := geo.Along(lines[got.Line], got.Offset); geo.Distance(ref, got.At) > 1e-6 {
				t.Errorf("Along(line, Offset %v) = %v, want At %v", got.Offset, ref, got.At)
			}
		})
	}
}

func TestNearestAnyFar(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	lines := randomLines(rng, 500, 6, cityBox, 80)
	idx := indexOf(lines, nil)
	for _, p := range []orb.Point{{2.35, 48.85}, {-75.55, -39.75}, {104.45, -39.75}, {0, 90}, {180, -90}} {
		got, ok := idx.NearestAny(p)
		want, _ := bruteNearest(lines, nil, p, math.Inf(1))
		if !ok || got.Line != want.Line || !near(got.Dist, want.Dist, 1e-6) || !near(got.Offset, want.Offset, 1e-6) {
			t.Errorf("NearestAny(%v) = %+v, %v, want %+v", p, got, ok, want)
		}
		if _, ok := idx.Nearest(p, 300); ok {
			t.Errorf("Nearest(%v, 300) found a line %v km away", p, got.Dist/1000)
		}
	}
	// Paris is about 6,000 km from Wilmington.
	if got, _ := idx.NearestAny(orb.Point{2.35, 48.85}); got.Dist < 5.8e6 || got.Dist > 6.3e6 {
		t.Errorf("NearestAny(Paris).Dist = %v m, want about 6,000 km", got.Dist)
	}
}

func TestNearestEmpty(t *testing.T) {
	var zero spatial.LineIndex
	every := func(ls orb.LineString) func(orb.LineString, int32) orb.LineString {
		return func(dst orb.LineString, _ int32) orb.LineString { return append(dst, ls...) }
	}
	cases := map[string]*spatial.LineIndex{
		"zero value":    &zero,
		"n = 0":         spatial.NewLineIndex(0, every(nil), nil),
		"negative n":    spatial.NewLineIndex(-3, every(nil), nil),
		"nil callback":  spatial.NewLineIndex(10, nil, nil),
		"all filtered":  spatial.NewLineIndex(10, every(orb.LineString{{0, 0}, {1, 1}}), func(int32) bool { return false }),
		"only points":   spatial.NewLineIndex(2, every(orb.LineString{{0, 0}}), nil),
		"only bad data": spatial.NewLineIndex(1, every(orb.LineString{{0, 0}, {math.NaN(), 1}, {200, 0}}), nil),
	}
	for name, idx := range cases {
		t.Run(name, func(t *testing.T) {
			if idx.Len() != 0 {
				t.Errorf("Len() = %d, want 0", idx.Len())
			}
			if h, ok := idx.NearestAny(orb.Point{0, 0}); ok {
				t.Errorf("NearestAny on an empty index = %+v, true", h)
			}
		})
	}
}

func TestNearestSkipsBadSegments(t *testing.T) {
	lines := []orb.LineString{{{0, 0}, {0.001, 0}, {math.NaN(), 0}, {0.003, 0}, {0.004, 0}}}
	idx := indexOf(lines, nil)
	if idx.Len() != 2 {
		t.Fatalf("Len() = %d, want 2 (segments 0 and 3)", idx.Len())
	}
	got, ok := idx.Nearest(orb.Point{0.0035, 0.0001}, 100)
	if !ok || got.Segment != 3 || !near(got.Dist, 0.0001*metresPerDeg, 1e-3) {
		t.Errorf("Nearest = %+v, %v, want segment 3 at 11.1 m", got, ok)
	}
	// The offset runs through the NaN point, as geo.ProjectOnLine's does:
	// callers validate their geometry.
	if want, _ := bruteNearest(lines, nil, orb.Point{0.0035, 0.0001}, 100); !math.IsNaN(got.Offset) || !math.IsNaN(want.Offset) {
		t.Errorf("Offset = %v, brute force %v, want NaN for both", got.Offset, want.Offset)
	}
}

// TestNearestMatchesBruteForce compares the index with a scan of every line
// with geo.ProjectOnLine, on random streets, with and without a keep filter.
func TestNearestMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	lines := randomLines(rng, 800, 8, cityBox, 60)
	// Some lines share points and run back along each other, as real
	// streets do.
	for i := 0; i+1 < len(lines); i += 50 {
		lines[i+1] = orb.LineString{lines[i][len(lines[i])-1], lines[i][0]}
	}
	outer := orb.Bound{Min: orb.Point{-75.63, 39.69}, Max: orb.Point{-75.48, 39.81}}
	keeps := map[string]func(int32) bool{
		"all":  nil,
		"even": func(i int32) bool { return i%2 == 0 },
	}
	for name, keep := range keeps {
		t.Run(name, func(t *testing.T) {
			idx := indexOf(lines, keep)
			for k := range 1000 {
				var p orb.Point
				if k%4 == 0 {
					// Exactly on a vertex, where segments tie.
					ls := lines[rng.IntN(len(lines))]
					p = ls[rng.IntN(len(ls))]
				} else {
					p = randomPoint(rng, outer)
				}
				maxDist := []float64{0, 15, 100, 300, math.Inf(1)}[k%5]
				got, ok := idx.Nearest(p, geo.Meters(maxDist))
				want, wok := bruteNearest(lines, keep, p, maxDist)
				if ok != wok {
					t.Fatalf("Nearest(%v, %v) ok = %v, brute force %v (%+v)", p, maxDist, ok, wok, want)
				}
				if !ok {
					continue
				}
				if got.Line != want.Line || got.Segment != want.Segment ||
					!near(got.Dist, want.Dist, 1e-6) || !near(got.Offset, want.Offset, 1e-6) {
					t.Fatalf("Nearest(%v, %v) = %+v, brute force %+v", p, maxDist, got, want)
				}
				if keep != nil && !keep(got.Line) {
					t.Fatalf("Nearest(%v) = line %d, which keep rejects", p, got.Line)
				}
			}
		})
	}
}

// TestNearestPolesAndAntimeridian checks places where a box sized with the
// cosine of the latitude would fail.
func TestNearestPolesAndAntimeridian(t *testing.T) {
	lines := []orb.LineString{
		0: {{0, 89.999}, {90, 89.999}},      // round the North Pole
		1: {{-60, 89.9995}, {120, 89.9998}}, // over it
		2: {{179.9995, 10}, {179.9999, 10}}, // just west of the antimeridian
		3: {{-179.99, -60}, {-179.98, -60}}, // just east of it
		4: {{10, -89.9999}, {-170, -89.9999}},
	}
	idx := indexOf(lines, nil)
	rng := rand.New(rand.NewPCG(3, 5))
	points := []orb.Point{
		{180, 89.9995}, {-180, 90}, {45, 89.99}, {-135, 89.9999},
		{-179.9999, 10}, {180, 10}, {-180, 10.0001}, {179.995, -60}, {180, -60},
		{0, -90}, {77, -89.99999},
	}
	for range 2000 {
		lat := 89.9 + rng.Float64()*0.1
		if rng.IntN(2) == 0 {
			lat = -lat
		}
		points = append(points, orb.Point{rng.Float64()*360 - 180, lat})
		points = append(points, orb.Point{[]float64{-180, 180}[rng.IntN(2)] + (rng.Float64()*2-1)*0.01, 10 + (rng.Float64()*2-1)*0.01})
	}
	for _, p := range points {
		p[0] = max(-180, min(180, p[0]))
		for _, maxDist := range []float64{30, 500, math.Inf(1)} {
			got, ok := idx.Nearest(p, geo.Meters(maxDist))
			want, wok := bruteNearest(lines, nil, p, maxDist)
			if ok != wok || got.Line != want.Line || !near(got.Dist, want.Dist, 1e-6) {
				t.Fatalf("Nearest(%v, %v) = %+v, %v, brute force %+v, %v", p, maxDist, got, ok, want, wok)
			}
		}
	}
	// geo.ProjectOnSegment works in a projection centred on p without
	// wrapping longitudes, so across the antimeridian it clamps to the far
	// end of a segment; the index agrees with it, checked above.
}

func TestNearestConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	lines := randomLines(rng, 1000, 6, cityBox, 60)
	idx := indexOf(lines, nil)
	points := make([]orb.Point, 200)
	want := make([]spatial.Hit, len(points))
	for i := range points {
		points[i] = randomPoint(rng, cityBox)
		want[i], _ = bruteNearest(lines, nil, points[i], math.Inf(1))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range points {
				i := (k + g*31) % len(points)
				got, ok := idx.Nearest(points[i], 1e6)
				if !ok || got != want[i] {
					errs <- "mismatch"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestNearestDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	rng := rand.New(rand.NewPCG(4, 4))
	lines := randomLines(rng, 1000, 6, cityBox, 60)
	idx := indexOf(lines, nil)
	p := randomPoint(rng, cityBox)
	idx.Nearest(p, 300)
	if a := testing.AllocsPerRun(200, func() { idx.Nearest(p, 300) }); a != 0 {
		t.Errorf("Nearest allocates %v times per call, want 0", a)
	}
}
