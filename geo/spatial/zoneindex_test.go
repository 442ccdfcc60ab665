package spatial_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/walkshed/walkshed/geo/spatial"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// star returns a closed ring of n vertices round c at random radii between
// r/2 and r degrees: star-shaped, so simple, and with lots of concavities.
func star(rng *rand.Rand, c orb.Point, r float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
	}
	return append(ring, ring[0])
}

func testZones() []orb.MultiPolygon {
	return []orb.MultiPolygon{
		0: {{square(0, 0, 10, 10), square(4, 4, 6, 6)}},                         // square with a hole
		1: {{square(20, 0, 22, 2)}, {square(30, 0, 32, 2)}},                     // two parts
		2: {{square(8, 8, 12, 12)}},                                             // overlaps zone 0
		3: {{orb.Ring{{50, 0}, {60, 0}, {60, 10}, {55, 2}, {50, 10}, {50, 0}}}}, // concave
	}
}

func TestZoneIndexLocate(t *testing.T) {
	zi, err := spatial.NewZoneIndex(testZones())
	if err != nil {
		t.Fatal(err)
	}
	if zi.Len() != 4 {
		t.Errorf("Len() = %d, want 4", zi.Len())
	}
	tests := []struct {
		name string
		p    orb.Point
		want []int // Containing; Locate is the first or none
	}{
		{"inside square", orb.Point{2, 2}, []int{0}},
		{"in the hole", orb.Point{5, 5}, nil},
		{"on the hole's edge", orb.Point{4, 5}, []int{0}},
		{"on the outer edge", orb.Point{0, 5}, []int{0}},
		{"on a corner", orb.Point{0, 0}, []int{0}},
		{"first part", orb.Point{21, 1}, []int{1}},
		{"second part", orb.Point{31, 1}, []int{1}},
		{"between the parts", orb.Point{26, 1}, nil},
		{"overlap: first by input order", orb.Point{9, 9}, []int{0, 2}},
		{"shared corner", orb.Point{10, 10}, []int{0, 2}},
		{"only the overlapping zone", orb.Point{11, 11}, []int{2}},
		{"concave inside", orb.Point{52, 5}, []int{3}},
		{"concave notch, inside the box", orb.Point{55, 8}, nil},
		{"ray through a vertex", orb.Point{51, 2}, []int{3}},
		{"far outside", orb.Point{-120, -45}, nil},
		{"NaN", orb.Point{math.NaN(), 1}, nil},
		{"latitude 95", orb.Point{1, 95}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := zi.Locate(tc.p)
			if len(tc.want) == 0 {
				if ok {
					t.Errorf("Locate(%v) = %d, true, want none", tc.p, got)
				}
			} else if !ok || got != tc.want[0] {
				t.Errorf("Locate(%v) = %d, %v, want %d", tc.p, got, ok, tc.want[0])
			}
			prefix := []int{99}
			all := zi.Containing(prefix, tc.p)
			if all[0] != 99 || !slices.Equal(all[1:], tc.want) {
				t.Errorf("Containing([99], %v) = %v, want [99 %v]", tc.p, all, tc.want)
			}
		})
	}
}

func TestZoneIndexEmpty(t *testing.T) {
	var zero spatial.ZoneIndex
	if _, ok := zero.Locate(orb.Point{0, 0}); ok {
		t.Error("zero ZoneIndex located a point")
	}
	zi, err := spatial.NewZoneIndex(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := zi.Containing(nil, orb.Point{0, 0}); len(got) != 0 {
		t.Errorf("Containing on no zones = %v", got)
	}
}

func TestNewZoneIndexRejects(t *testing.T) {
	tests := []struct {
		name  string
		zones []orb.MultiPolygon
		want  error
	}{
		{"empty zone", []orb.MultiPolygon{{{square(0, 0, 1, 1)}}, {}}, spatial.ErrNoPolygon},
		{"polygon without rings", []orb.MultiPolygon{{{}}}, spatial.ErrNoPolygon},
		{"open ring", []orb.MultiPolygon{{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}, spatial.ErrRingOpen},
		{"short ring", []orb.MultiPolygon{{{{{0, 0}, {1, 0}, {0, 0}}}}}, spatial.ErrRingShort},
		{"bad coordinate", []orb.MultiPolygon{{{{{0, 0}, {1, 0}, {1, math.Inf(1)}, {0, 0}}}}}, spatial.ErrBadCoordinate},
		{"across the antimeridian", []orb.MultiPolygon{{{square(0, 0, 1, 1)}}, {{{{179.9, 0}, {-179.9, 0}, {-179.9, 1}, {179.9, 0}}}}}, spatial.ErrAntimeridian},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zi, err := spatial.NewZoneIndex(tc.zones)
			if !errors.Is(err, tc.want) || zi != nil {
				t.Fatalf("NewZoneIndex = %v, %v, want nil, %v", zi, err, tc.want)
			}
			var pe *spatial.PolygonError
			if !errors.As(err, &pe) || pe.Zone != len(tc.zones)-1 {
				t.Errorf("error %v does not name zone %d", err, len(tc.zones)-1)
			}
		})
	}
}

// TestZoneIndexMatchesPlanar compares the index, with its per-ring edge
// trees, against orb/planar's linear ray test on random points.
func TestZoneIndexMatchesPlanar(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	var zones []orb.MultiPolygon
	for i := range 30 {
		c := orb.Point{-75.6 + 0.05*float64(i%6), 39.6 + 0.05*float64(i/6)}
		n := []int{8, 40, 200, 3000}[i%4]
		poly := orb.Polygon{star(rng, c, 0.04, n)}
		if i%3 == 0 {
			poly = append(poly, star(rng, c, 0.01, n))
		}
		zones = append(zones, orb.MultiPolygon{poly})
	}
	zi, err := spatial.NewZoneIndex(zones)
	if err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{-75.65, 39.55}, Max: orb.Point{-75.3, 39.9}}
	bounds := make([]orb.Bound, len(zones))
	for z, mp := range zones {
		bounds[z] = mp.Bound()
	}
	for range 5000 {
		p := randomPoint(rng, box)
		var want []int
		for z, mp := range zones {
			if bounds[z].Contains(p) && planar.MultiPolygonContains(mp, p) {
				want = append(want, z)
			}
		}
		got := zi.Containing(nil, p)
		if !slices.Equal(got, want) {
			t.Fatalf("Containing(%v) = %v, planar %v", p, got, want)
		}
		first, ok := zi.Locate(p)
		if ok != (len(want) > 0) || (ok && first != want[0]) {
			t.Fatalf("Locate(%v) = %d, %v, want first of %v", p, first, ok, want)
		}
	}
	// Every vertex of a big ring is on its boundary, so inside its zone.
	var buf []int
	for _, p := range zones[3][0][0] {
		if buf = zi.Containing(buf[:0], p); !slices.Contains(buf, 3) {
			t.Fatalf("Containing(vertex %v of zone 3) = %v, want 3 among them", p, buf)
		}
	}
}

func TestZoneIndexConcurrent(t *testing.T) {
	zi, err := spatial.NewZoneIndex(testZones())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var bad sync.Map
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 2000 {
				p := orb.Point{float64((k*7+g)%400) / 10, float64(k%120) / 10}
				z, ok := zi.Locate(p)
				all := zi.Containing(nil, p)
				if ok != (len(all) > 0) || (ok && all[0] != z) {
					bad.Store(p, all)
				}
			}
		}()
	}
	wg.Wait()
	bad.Range(func(k, v any) bool {
		t.Errorf("Locate and Containing disagree at %v: %v", k, v)
		return true
	})
}

func TestZoneIndexLocateDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	rng := rand.New(rand.NewPCG(1, 3))
	zi, err := spatial.NewZoneIndex([]orb.MultiPolygon{{{star(rng, orb.Point{0, 0}, 1, 5000)}}})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]int, 0, 4)
	if a := testing.AllocsPerRun(200, func() {
		zi.Locate(orb.Point{0.1, 0.2})
		buf = zi.Containing(buf[:0], orb.Point{0.1, 0.2})
	}); a != 0 {
		t.Errorf("Locate and Containing allocate %v times per call, want 0", a)
	}
}
