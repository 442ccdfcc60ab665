package spatial_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo/spatial"
)

func TestValidatePolygon(t *testing.T) {
	tests := []struct {
		name    string
		mp      orb.MultiPolygon
		want    error
		message string    // substring of the error message
		at      orb.Point // where, for self-intersections
	}{
		{name: "square", mp: orb.MultiPolygon{{square(0, 0, 1, 1)}}},
		{name: "square with a hole", mp: orb.MultiPolygon{{square(0, 0, 10, 10), square(4, 4, 6, 6)}}},
		{name: "two parts sharing an edge", mp: orb.MultiPolygon{{square(0, 0, 1, 1)}, {square(1, 0, 2, 1)}}},
		{name: "hole touching the shell at a point", mp: orb.MultiPolygon{{square(0, 0, 10, 10), {{0, 5}, {5, 4}, {5, 6}, {0, 5}}}}},
		{name: "repeated points", mp: orb.MultiPolygon{{{{0, 0}, {0, 0}, {1, 0}, {1, 1}, {1, 1}, {0, 1}, {0, 0}}}}},
		{name: "clockwise", mp: orb.MultiPolygon{{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}}},
		{name: "triangle", mp: orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}}},
		{name: "split at the antimeridian", mp: orb.MultiPolygon{{square(179.9, -16.8, 180, -16.7)}, {square(-180, -16.8, -179.9, -16.7)}}},
		{name: "180 degrees wide", mp: orb.MultiPolygon{{square(-90, 0, 90, 1)}}},
		{
			name: "crossing the antimeridian", mp: orb.MultiPolygon{{{{179.9, -16.8}, {-179.9, -16.8}, {-179.9, -16.7}, {179.9, -16.7}, {179.9, -16.8}}}},
			want: spatial.ErrAntimeridian, message: "ring 0 of polygon 0 spans 359.8° of longitude (-179.9 to 179.9): it crosses the antimeridian",
		},
		{
			name: "bowtie", mp: orb.MultiPolygon{{{{7.42, 43.73}, {7.43, 43.74}, {7.43, 43.73}, {7.42, 43.74}, {7.42, 43.73}}}},
			want: spatial.ErrSelfIntersection, message: "ring 0 of polygon 0 crosses itself near 7.425,43.735 (segments 0 and 2)",
			at: orb.Point{7.425, 43.735},
		},
		{
			name: "bowtie in the second polygon", mp: orb.MultiPolygon{{square(0, 0, 1, 1)}, {{{2, 0}, {3, 1}, {3, 0}, {2, 1}, {2, 0}}}},
			want: spatial.ErrSelfIntersection, message: "ring 0 of polygon 1 crosses itself near 2.5,0.5", at: orb.Point{2.5, 0.5},
		},
		{
			name: "ring touching itself at a vertex",
			mp:   orb.MultiPolygon{{{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}}},
			want: spatial.ErrSelfIntersection, message: "touches itself near 1,1", at: orb.Point{1, 1},
		},
		{
			name: "ring folding back",
			mp:   orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {4, 6}, {4, 5}, {0, 4}, {0, 0}}}},
			want: spatial.ErrSelfIntersection, message: "folds back on itself near 4,6", at: orb.Point{4, 6},
		},
		{
			name: "hole crossing its shell",
			mp:   orb.MultiPolygon{{square(0, 0, 10, 10), square(8, 4, 12, 6)}},
			want: spatial.ErrSelfIntersection, message: "ring 0 of polygon 0 crosses ring 1 of polygon 0 near 10,4", at: orb.Point{10, 4},
		},
		{
			name: "overlapping parts",
			mp:   orb.MultiPolygon{{square(0, 0, 2, 2)}, {square(1, 1, 3, 3)}},
			want: spatial.ErrSelfIntersection, message: "crosses ring 0 of polygon 1",
		},
		{
			name: "unclosed", mp: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}},
			want: spatial.ErrRingOpen, message: "ring 0 of polygon 0 is not closed: first point 0,0, last point 0,1",
		},
		{name: "three points", mp: orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}}}}, want: spatial.ErrRingShort, message: "has 3 points"},
		{name: "empty ring", mp: orb.MultiPolygon{{square(0, 0, 1, 1), {}}}, want: spatial.ErrRingShort, message: "ring 1 of polygon 0 has 0 points"},
		{name: "collinear", mp: orb.MultiPolygon{{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}}, want: spatial.ErrZeroArea, message: "zero area"},
		{name: "all one point", mp: orb.MultiPolygon{{{{3, 3}, {3, 3}, {3, 3}, {3, 3}}}}, want: spatial.ErrZeroArea},
		{name: "NaN", mp: orb.MultiPolygon{{{{0, 0}, {1, math.NaN()}, {1, 1}, {0, 0}}}}, want: spatial.ErrBadCoordinate, message: "point 1"},
		{name: "swapped lat/lon", mp: orb.MultiPolygon{{{{40, 120}, {41, 120}, {41, 121}, {40, 120}}}}, want: spatial.ErrBadCoordinate, message: "swapped"},
		{
			name: "hole outside its shell", mp: orb.MultiPolygon{{square(0, 0, 1, 1), square(2, 2, 3, 3)}},
			want: spatial.ErrHoleOutside, message: "ring 1 of polygon 0 is a hole outside its shell, near 2,2",
		},
		{
			name: "hole round its shell", mp: orb.MultiPolygon{{square(1, 1, 2, 2), square(0, 0, 3, 3)}},
			want: spatial.ErrHoleOutside,
		},
		{name: "hole touching the shell from outside", mp: orb.MultiPolygon{{square(0, 0, 1, 1), square(1, 0, 2, 1)}}, want: spatial.ErrHoleOutside},
		// a hole inside its shell but running along two of its sides: the
		// rings share stretches, not just points
		{name: "hole along the shell", mp: orb.MultiPolygon{{square(0, 0, 2, 2), square(0, 0, 1, 1)}}, want: spatial.ErrSelfIntersection,
			message: "ring 0 of polygon 0 runs along ring 1 of polygon 0 near 0.5,0"},
		// a triangle hole whose vertices all lie on the shell's boundary,
		// its edge (0,0)-(11,11) outside it (found by FuzzValidatePolygon:
		// the first vertex off the boundary used to decide, and there was
		// none)
		{name: "hole with every vertex on the shell", mp: orb.MultiPolygon{{
			{{2, 1}, {11, 11}, {7, 0}, {0, 0}, {2, 1}},
			{{2, 0}, {0, 0}, {11, 11}, {2, 0}}}}, want: spatial.ErrHoleOutside, message: "near 5.5,5.5"},
		{name: "no polygons", mp: orb.MultiPolygon{}, want: spatial.ErrNoPolygon},
		{name: "polygon without rings", mp: orb.MultiPolygon{{}, {square(0, 0, 1, 1)}}, want: spatial.ErrNoPolygon, message: "polygon 0 has no rings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := spatial.ValidatePolygon(tc.mp)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ValidatePolygon = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("ValidatePolygon = %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "spatial: ") || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("ValidatePolygon = %q, want it to contain %q", err, tc.message)
			}
			var pe *spatial.PolygonError
			if !errors.As(err, &pe) {
				t.Fatalf("ValidatePolygon error %T is not a *PolygonError", err)
			}
			if tc.want == spatial.ErrSelfIntersection && tc.at != (orb.Point{}) &&
				(!near(pe.At[0], tc.at[0], 1e-9) || !near(pe.At[1], tc.at[1], 1e-9)) {
				t.Errorf("ValidatePolygon(...).At = %v, want %v", pe.At, tc.at)
			}
		})
	}
}

// bigBoundary returns a simple ring of n vertices about 30 km across,
// wiggling by a few per cent as an administrative boundary does. (A star
// whose radii vary by half is the worst case of any bounding-box method:
// thousands of long spikes whose boxes all overlap.)
func bigBoundary(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(2, 7))
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := 0.15 * (1 + 0.03*math.Sin(17*a) + 0.002*rng.Float64())
		ring = append(ring, orb.Point{7.42 + r*math.Cos(a), 43.73 + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

func TestValidatePolygonLarge(t *testing.T) {
	ring := bigBoundary(20000)
	start := time.Now()
	if err := spatial.ValidatePolygon(orb.MultiPolygon{{ring}}); err != nil {
		t.Fatalf("ValidatePolygon(20,000-vertex star) = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("ValidatePolygon on 20,000 vertices took %v; an O(n²) check would", d)
	}
	// Swap two vertices far apart: the ring now crosses itself.
	bad := append(orb.Ring(nil), ring...)
	bad[5000], bad[15000] = bad[15000], bad[5000]
	err := spatial.ValidatePolygon(orb.MultiPolygon{{bad}})
	var pe *spatial.PolygonError
	if !errors.As(err, &pe) || !errors.Is(err, spatial.ErrSelfIntersection) {
		t.Fatalf("ValidatePolygon(ring with swapped vertices) = %v", err)
	}
	touches := func(seg int) bool { return seg >= 4999 && seg <= 5000 || seg >= 14999 && seg <= 15000 }
	if !touches(pe.Segment) && !touches(pe.OtherSegment) {
		t.Errorf("fault at segments %d and %d, want one next to vertex 5000 or 15000", pe.Segment, pe.OtherSegment)
	}
}

func BenchmarkValidatePolygon(b *testing.B) {
	mp := orb.MultiPolygon{{bigBoundary(20000)}}
	b.ReportAllocs()
	for b.Loop() {
		if err := spatial.ValidatePolygon(mp); err != nil {
			b.Fatal(err)
		}
	}
}
