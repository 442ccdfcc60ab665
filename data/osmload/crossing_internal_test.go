package osmload

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// lSquare is the L-shaped square of testdata/square.osm in metres: 60 m by
// 60 m less its north-east quarter.
var lSquare = orb.Ring{{0, 0}, {20, 0}, {60, 0}, {60, 15}, {60, 30}, {30, 30}, {30, 60}, {15, 60}, {0, 60}, {0, 30}, {0, 0}}

func TestVisible(t *testing.T) {
	var (
		s, e, n, w = orb.Point{20, 0}, orb.Point{60, 15}, orb.Point{15, 60}, orb.Point{0, 30}
		sw, se     = orb.Point{0, 0}, orb.Point{60, 0}
		notchE     = orb.Point{60, 30}
		notchN     = orb.Point{30, 60}
	)
	for _, tc := range []struct {
		name string
		a, b orb.Point
		want bool
	}{
		{"south to north", s, n, true},
		{"north to south", n, s, true},
		{"west to east", w, e, true},
		{"south to west", s, w, true},
		{"north to east across the notch", n, e, false},
		{"through the notch without crossing", notchE, notchN, false},
		{"outline edge", s, se, false},
		{"along a side through a vertex", sw, se, false},
		{"same point", s, s, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := visible(lSquare, tc.a, tc.b); got != tc.want {
				t.Errorf("visible(L, %v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// regularRing returns a regular polygon of n vertices on a circle of
// radius 100 m, and its vertices.
func regularRing(n int) (orb.Ring, []orb.Point) {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, orb.Point{100 * math.Cos(a), 100 * math.Sin(a)})
	}
	return append(r, r[0]), r[:n]
}

func TestCrossingPairs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		pairs  int
		degree int
	}{
		// every pair but the n outline edges
		{"40 entrances, all pairs", 40, 40*39/2 - 40, 37},
		// each entrance to the 2nd..5th next on both sides
		{"60 entrances, 8 nearest", 60, 60 * 4, nearestCrossings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, at := regularRing(tc.n)
			pairs := crossingPairs(r, at)
			deg := make([]int, tc.n)
			if !slices.IsSortedFunc(pairs, func(x, y [2]int) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) }) {
				t.Errorf("crossingPairs(%d-gon) = %v, want sorted", tc.n, pairs)
			}
			for _, p := range pairs {
				if p[0] >= p[1] {
					t.Fatalf("pair %v, want i < j", p)
				}
				deg[p[0]]++
				deg[p[1]]++
			}
			if len(pairs) != tc.pairs {
				t.Errorf("crossingPairs(%d-gon) = %d pairs, want %d", tc.n, len(pairs), tc.pairs)
			}
			for i, d := range deg {
				if d != tc.degree {
					t.Errorf("entrance %d has %d crossings, want %d", i, d, tc.degree)
				}
			}
		})
	}
}
