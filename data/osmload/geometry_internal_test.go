package osmload

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
)

func TestJoinRings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ways  [][]int64
		rings int
		ok    bool
	}{
		{"closed way", [][]int64{{1, 2, 3, 1}}, 1, true},
		{"two halves", [][]int64{{1, 2, 3}, {3, 4, 1}}, 1, true},
		{"second reversed", [][]int64{{1, 2, 3}, {1, 4, 3}}, 1, true},
		{"three pieces shuffled", [][]int64{{5, 6, 1}, {1, 2, 3}, {5, 4, 3}}, 1, true},
		{"two rings", [][]int64{{1, 2, 3}, {3, 1}, {7, 8, 9, 7}}, 2, true},
		{"open chain", [][]int64{{1, 2, 3}, {3, 4}}, 0, false},
		{"gap", [][]int64{{1, 2, 3}, {4, 5, 1}}, 0, false},
		{"one node way", [][]int64{{1}}, 0, false},
		{"nothing", nil, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rings, ok := joinRings(tc.ways)
			if ok != tc.ok || len(rings) != tc.rings {
				t.Fatalf("joinRings(%v) = %v, %v, want %d rings, %v", tc.ways, rings, ok, tc.rings, tc.ok)
			}
			for _, r := range rings {
				if r[0] != r[len(r)-1] {
					t.Errorf("ring %v is not closed", r)
				}
				for i := 1; i < len(r); i++ {
					if !adjacent(tc.ways, r[i-1], r[i]) {
						t.Errorf("ring %v: %d-%d is no segment of the input", r, r[i-1], r[i])
					}
				}
			}
		})
	}
}

func adjacent(ways [][]int64, a, b int64) bool {
	for _, w := range ways {
		for i := 1; i < len(w); i++ {
			if (w[i-1] == a && w[i] == b) || (w[i-1] == b && w[i] == a) {
				return true
			}
		}
	}
	return false
}

func square(x0, y0, side float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}
}

func TestBuildMultiPolygon(t *testing.T) {
	big, small := square(0, 0, 10), square(20, 0, 2)
	hole := square(2, 2, 2)
	slices.Reverse(big) // given clockwise: must come back counter-clockwise
	mp := buildMultiPolygon([]orb.Ring{big, small}, []orb.Ring{hole, square(50, 50, 1)})
	if len(mp) != 2 || len(mp[0]) != 2 || len(mp[1]) != 1 {
		t.Fatalf("buildMultiPolygon = %d polygons with %d and %d rings, want 2 with 2 and 1 (stray hole dropped)",
			len(mp), len(mp[0]), len(mp[len(mp)-1]))
	}
	if mp[0][0].Orientation() != orb.CCW || mp[1][0].Orientation() != orb.CCW || mp[0][1].Orientation() != orb.CW {
		t.Errorf("orientations %v %v %v, want CCW shells and a CW hole",
			mp[0][0].Orientation(), mp[1][0].Orientation(), mp[0][1].Orientation())
	}
	// The hole goes to the smallest shell containing it.
	nested := buildMultiPolygon([]orb.Ring{square(0, 0, 10), square(1, 1, 5)}, []orb.Ring{square(2, 2, 1)})
	if len(nested[0]) != 1 || len(nested[1]) != 2 {
		t.Errorf("nested shells got %d and %d rings, want the hole in the inner shell", len(nested[0]), len(nested[1]))
	}
}

func TestAreaM2(t *testing.T) {
	m := geo.EarthRadius * math.Pi / 180 // metres per degree of latitude
	for _, tc := range []struct {
		name string
		mp   orb.MultiPolygon
		want float64
	}{
		{"equator square", orb.MultiPolygon{{square(0, 0, 0.001)}}, 0.001 * m * 0.001 * m},
		{"square at 60°N", orb.MultiPolygon{{square(10, 60, 0.001)}}, 0.001 * m * 0.5 * 0.001 * m},
		{"square with hole", orb.MultiPolygon{{square(0, 0, 0.002), square(0.0005, 0.0005, 0.001)}}, 3 * 0.001 * m * 0.001 * m},
		{"two squares", orb.MultiPolygon{{square(0, 0, 0.001)}, {square(0.01, 0, 0.001)}}, 2 * 0.001 * m * 0.001 * m},
		{"empty", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := areaM2(tc.mp); math.Abs(got-tc.want) > 1e-3*tc.want+1e-9 {
				t.Errorf("areaM2 = %.3f, want %.3f", got, tc.want)
			}
		})
	}
}

func TestInteriorPoint(t *testing.T) {
	u := orb.Ring{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}
	for _, tc := range []struct {
		name string
		mp   orb.MultiPolygon
		want orb.Point // exact when the centroid is inside; else only containment is checked
	}{
		{"square", orb.MultiPolygon{{square(0, 0, 2)}}, orb.Point{1, 1}},
		{"clockwise square", orb.MultiPolygon{{orient(square(0, 0, 2), false)}}, orb.Point{1, 1}},
		{"U shape", orb.MultiPolygon{{u}}, orb.Point{}},
		{"centroid in hole", orb.MultiPolygon{{square(0, 0, 4), square(1, 1, 2)}}, orb.Point{}},
		{"largest polygon", orb.MultiPolygon{{square(0, 0, 1)}, {square(10, 10, 4)}}, orb.Point{12, 12}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := interiorPoint(tc.mp)
			if tc.want != (orb.Point{}) && (math.Abs(p[0]-tc.want[0]) > 1e-12 || math.Abs(p[1]-tc.want[1]) > 1e-12) {
				t.Errorf("interiorPoint = %v, want %v", p, tc.want)
			}
			inside := false
			for _, pg := range tc.mp {
				inside = inside || polygonContains(pg, p)
			}
			if !inside {
				t.Errorf("interiorPoint = %v, not inside %v", p, tc.mp)
			}
		})
	}
	if p := interiorPoint(orb.MultiPolygon{{orb.Ring{{1, 1}, {2, 2}, {1, 1}}}}); p != (orb.Point{1, 1}) {
		t.Errorf("interiorPoint of a degenerate ring = %v, want its first vertex", p)
	}
}

func TestSortUnique(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 5, 300, 5000} {
		ids := make([]int64, n)
		for i := range ids {
			switch i % 3 {
			case 0:
				ids[i] = rng.Int64N(1 << 40)
			case 1:
				ids[i] = -rng.Int64N(1000)
			default:
				ids[i] = ids[rng.IntN(i)] // duplicates
			}
		}
		want := slices.Clone(ids)
		slices.Sort(want)
		want = slices.Compact(want)
		if got := sortUnique(ids); !slices.Equal(got, want) {
			t.Errorf("sortUnique of %d ids differs from sort+compact", n)
		}
	}
}

func TestParseLevels(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3", 3, true}, {" 2 ", 2, true}, {"2.5", 2.5, true}, {"4,5", 4.5, true}, {"", 0, true}, {"500", 500, true},
		{"many", 0, false}, {"-1", 0, false}, {"3;4", 0, false}, {"NaN", 0, false}, {"1e9", 0, false}, {"501", 0, false},
	} {
		if got, ok := parseLevels(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("parseLevels(%q) = %g, %v, want %g, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseHeight(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"12", 12}, {"12 m", 12}, {"12m", 12}, {"7,5", 7.5}, {"", 0}, {"40'", 0}, {"30 ft", 0}, {"-3", 0}, {"0", 0}, {"1e9", 0},
	} {
		if got := parseHeight(tc.in); got != tc.want {
			t.Errorf("parseHeight(%q) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	b := &builder{ids: []int64{-5, 1, 2, 3, 10, 20, 21, 1000}}
	// in order, with gaps, then backwards
	for _, tc := range []struct {
		id int64
		j  int
		ok bool
	}{
		{-7, 0, false}, {-5, 0, true}, {2, 2, true}, {4, 4, false}, {20, 5, true}, {999, 7, false},
		{1000, 7, true}, {1001, 8, false}, {1, 1, true}, {21, 6, true},
	} {
		if j, ok := b.lookup(tc.id); j != tc.j || ok != tc.ok {
			t.Errorf("lookup(%d) = %d, %v, want %d, %v", tc.id, j, ok, tc.j, tc.ok)
		}
	}
}
