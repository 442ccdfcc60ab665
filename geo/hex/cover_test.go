package hex_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

// samples returns the points CoverLine documents: the first point, then
// each segment cut into equal steps of at most spacing metres.
func samples(ls orb.LineString, spacing float64) []orb.Point {
	out := []orb.Point{ls[0]}
	for i := 1; i < len(ls); i++ {
		n := math.Ceil(geo.Distance(ls[i-1], ls[i]) / spacing)
		for k := 1.0; k <= n; k++ {
			out = append(out, geo.Lerp(ls[i-1], ls[i], k/n))
		}
	}
	return out
}

// wiggly returns a random polyline of n segments from start, each up to
// maxStep metres, heading roughly one way.
func wiggly(rng *rand.Rand, start orb.Point, n int, maxStep float64) orb.LineString {
	pr := geo.NewProjection(start)
	ls := orb.LineString{start}
	x, y, dir := 0.0, 0.0, rng.Float64()*2*math.Pi
	for range n {
		dir += rng.NormFloat64() * 0.5
		step := rng.Float64() * maxStep
		x, y = x+step*math.Cos(dir), y+step*math.Sin(dir)
		ls = append(ls, pr.Inverse(x, y))
	}
	return ls
}

func TestCoverLineErrors(t *testing.T) {
	ok := orb.LineString{porto, {-8.60, 41.15}}
	tests := []struct {
		name string
		ls   orb.LineString
		res  int
		want error
	}{
		{"res 16", ok, 16, hex.ErrResolution},
		{"res -1", ok, -1, hex.ErrResolution},
		{"NaN", orb.LineString{porto, {math.NaN(), 41}}, 11, hex.ErrPoint},
		{"latitude 91", orb.LineString{porto, {-8.6, 91}}, 11, hex.ErrPoint},
		{"antimeridian", orb.LineString{{179.9, 0}, {-179.9, 0}}, 11, hex.ErrAntimeridian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []hex.Cell{42}
			got, err := hex.CoverLine(dst, tt.ls, tt.res)
			if !errors.Is(err, tt.want) || !slices.Equal(got, dst) {
				t.Errorf("CoverLine = %v, %v; want dst unchanged and %v", got, err, tt.want)
			}
		})
	}
}

func TestCoverLineShort(t *testing.T) {
	c := mustCell(t, porto, 11)
	tests := []struct {
		name string
		ls   orb.LineString
		want []hex.Cell
	}{
		{"empty", nil, nil},
		{"one point", orb.LineString{porto}, []hex.Cell{c}},
		{"zero length", orb.LineString{porto, porto, porto}, []hex.Cell{c}},
		{"to the centre", orb.LineString{porto, c.Center()}, []hex.Cell{c}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hex.CoverLine(nil, tt.ls, 11)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("CoverLine(%v) = %v, %v; want %v", tt.ls, got, err, tt.want)
			}
		})
	}
}

// TestCoverLineSamples checks that every sample point of random lines lies
// in a listed cell, and that consecutive cells are neighbours.
func TestCoverLineSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for _, res := range []int{7, 9, 11, 13} {
		for i := range 40 {
			start := orb.Point{rng.Float64()*340 - 170, rng.Float64()*140 - 70}
			ls := wiggly(rng, start, 1+rng.IntN(20), 3*(2+rng.Float64())*math.Pow(7, float64(15-res)/2))
			t.Run(fmt.Sprintf("res %d/%d", res, i), func(t *testing.T) {
				cv, err := hex.NewCoverer(res)
				if err != nil {
					t.Fatal(err)
				}
				got, err := cv.AppendLine(nil, ls)
				if err != nil {
					t.Fatal(err)
				}
				set := hex.Unique(slices.Clone(got))
				for _, p := range samples(ls, cv.SpacingM()) {
					if c := mustCell(t, p, res); !hex.Contains(set, c) {
						t.Fatalf("sample %v in %s, not listed", p, c)
					}
				}
				for j := 1; j < len(got); j++ {
					if !got[j-1].IsNeighbor(got[j]) {
						t.Errorf("cells %d and %d (%s, %s) are not neighbours", j-1, j, got[j-1], got[j])
					}
				}
				st := cv.Stats()
				if st.Samples != len(samples(ls, cv.SpacingM())) || st.Lookups > st.Samples || st.Boundaries > st.Lookups {
					t.Errorf("stats %+v for %d samples", st, len(samples(ls, cv.SpacingM())))
				}
			})
		}
	}
}

// TestCoverLineSavings covers a straight kilometre and a street with a
// vertex every 3 m and checks that most samples need no cgo call.
func TestCoverLineSavings(t *testing.T) {
	pr := geo.NewProjection(porto)
	dense := orb.LineString{}
	for x := 0.0; x <= 1000; x += 3 {
		dense = append(dense, pr.Inverse(x, 20*math.Sin(x/50)))
	}
	tests := []struct {
		name       string
		ls         orb.LineString
		maxLookups float64 // per sample
	}{
		{"straight km", orb.LineString{porto, pr.Inverse(600, 800)}, 0.6},
		{"dense street", dense, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cv, _ := hex.NewCoverer(11)
			cells, err := cv.AppendLine(nil, tt.ls)
			if err != nil {
				t.Fatal(err)
			}
			st := cv.Stats()
			t.Logf("%d cells, %+v", len(cells), st)
			if r := float64(st.Lookups) / float64(st.Samples); r > tt.maxLookups {
				t.Errorf("%d lookups for %d samples, want at most %.0f%%", st.Lookups, st.Samples, 100*tt.maxLookups)
			}
			if st.Lookups < len(cells) {
				t.Errorf("%d lookups found %d cells", st.Lookups, len(cells))
			}
			// A line continuing from the last one starts in the cell just seen.
			before := cv.Stats()
			last := tt.ls[len(tt.ls)-1]
			more, err := cv.AppendLine(nil, orb.LineString{last, last})
			if err != nil || len(more) != 1 || more[0] != cells[len(cells)-1] {
				t.Errorf("next line = %v, %v; want [%s]", more, err, cells[len(cells)-1])
			}
			if after := cv.Stats(); after.Lookups != before.Lookups {
				t.Errorf("continuing line needed %d lookups", after.Lookups-before.Lookups)
			}
		})
	}
}
