package hex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
)

// TestCoverMatchesReference compares the Coverer with the same Coverer
// looking every sample up in h3: the Go inside test must never differ from
// h3, including near icosahedron edges and at high latitudes.
func TestCoverMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	// Vertices of resolution 1 cells astride icosahedron edges.
	var starts []orb.Point
	for _, r0 := range h3.Res0Cells() {
		for _, c1 := range r0.Children(1) {
			if b := c1.Boundary(); len(b) > 6 && !c1.IsPentagon() {
				for _, v := range b {
					starts = append(starts, orb.Point{v.Lng, v.Lat})
				}
			}
		}
	}
	starts = starts[:min(len(starts), 300)]
	for _, res := range []int{5, 9, 11, 12, 15} {
		fast, _ := NewCoverer(res)
		ref, _ := NewCoverer(res)
		ref.noSkip = true
		var got, want []Cell
		for i := range 300 + len(starts) {
			start := orb.Point{rng.Float64()*340 - 170, rng.Float64()*170 - 85}
			if i >= 300 {
				start = starts[i-300]
			}
			pr := geo.NewProjection(start)
			ls := orb.LineString{start}
			for range 1 + rng.IntN(8) {
				ls = append(ls, pr.Inverse((rng.Float64()-0.5)*fast.spacing*40, (rng.Float64()-0.5)*fast.spacing*40))
			}
			var err error
			if got, err = fast.AppendLine(got[:0], ls); err != nil {
				t.Fatal(err)
			}
			if want, err = ref.AppendLine(want[:0], ls); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("res %d line %d %v: cells %v, reference %v", res, i, ls, got, want)
			}
		}
		st := fast.Stats()
		t.Logf("res %d: %+v; reference %+v", res, st, ref.Stats())
		if st.Samples != ref.Stats().Samples || st.Lookups >= st.Samples {
			t.Errorf("res %d: stats %+v, reference %+v", res, st, ref.Stats())
		}
	}
}

func TestHexPolyMargin(t *testing.T) {
	for _, lat := range []float64{0, 41, -60, 79} {
		t.Run(fmt.Sprint(lat), func(t *testing.T) {
			c := lookup(orb.Point{10, lat}, 11)
			b := c.Boundary()
			var hp hexPoly
			cv, _ := NewCoverer(11)
			cv.appendSample(nil, 0, c.Center())
			hp = cv.poly
			if hp.n != 6 || hp.margin > 0.01 {
				t.Fatalf("polygon n=%d margin=%g", hp.n, hp.margin)
			}
			if !hp.contains(c.Center()) {
				t.Error("centre not inside")
			}
			for i := 1; i < len(b); i++ {
				mid := geo.Lerp(b[i-1], b[i], 0.5)
				if hp.contains(mid) {
					t.Errorf("side midpoint %v inside", mid)
				}
				// Points 5 cm inside the side midpoint are inside.
				in := geo.Lerp(mid, c.Center(), 0.05/geo.Distance(mid, c.Center()))
				if !hp.contains(in) {
					t.Errorf("point 5 cm inside side %d outside", i)
				}
			}
			if hp.contains(orb.Point{math.NaN(), lat}) {
				t.Error("NaN inside")
			}
		})
	}
}

// BenchmarkCoverLineReference is BenchmarkCoverLine with every sample
// looked up in h3, to compare with.
func BenchmarkCoverLineReference(b *testing.B) {
	porto := orb.Point{-8.6110, 41.1496}
	pr := geo.NewProjection(porto)
	dense := orb.LineString{}
	for x := 0.0; x <= 1000; x += 5 {
		dense = append(dense, pr.Inverse(x, 0))
	}
	for _, l := range []struct {
		name string
		ls   orb.LineString
	}{
		{"straight 1km", orb.LineString{porto, pr.Inverse(600, 800)}},
		{"vertex every 5m 1km", dense},
	} {
		b.Run(l.name, func(b *testing.B) {
			b.ReportAllocs()
			cv, _ := NewCoverer(11)
			cv.noSkip = true
			var dst []Cell
			var err error
			for b.Loop() {
				if dst, err = cv.AppendLine(dst[:0], l.ls); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(dst)), "cells")
		})
	}
}
