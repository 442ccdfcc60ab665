package hex_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

// BenchmarkOutline outlines a compact disk of cells and a lace of street
// cells (a 100 m street grid covered at resolution 11, with a hole per
// block), the shape isochrones have.
func BenchmarkOutline(b *testing.B) {
	c := mustCell(b, porto, 11)
	lace := streetGrid(b, porto, 7000, 100, 11)
	sets := []struct {
		name  string
		cells []hex.Cell
	}{
		{"disk", disk(c, 18)},
		{"disk", disk(c, 81)},
		{"lace", lace[:1000]},
		{"lace", lace[:min(len(lace), 20000)]},
	}
	for _, s := range sets {
		b.Run(fmt.Sprintf("%s/n=%d", s.name, len(s.cells)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := hex.Outline(s.cells); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCoverLine(b *testing.B) {
	pr := geo.NewProjection(porto)
	dense := orb.LineString{}
	for x := 0.0; x <= 1000; x += 5 {
		dense = append(dense, pr.Inverse(x, 0))
	}
	lines := []struct {
		name string
		ls   orb.LineString
	}{
		{"straight 1km", orb.LineString{porto, pr.Inverse(600, 800)}},
		{"vertex every 5m 1km", dense},
	}
	for _, l := range lines {
		b.Run(l.name, func(b *testing.B) {
			b.ReportAllocs()
			cv, err := hex.NewCoverer(11)
			if err != nil {
				b.Fatal(err)
			}
			var dst []hex.Cell
			for b.Loop() {
				if dst, err = cv.AppendLine(dst[:0], l.ls); err != nil {
					b.Fatal(err)
				}
			}
			st := cv.Stats()
			b.ReportMetric(float64(len(dst)), "cells")
			b.ReportMetric(float64(st.Lookups+st.Boundaries)/float64(st.Samples), "cgo/sample")
		})
	}
}

func BenchmarkFromPoint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hex.FromPoint(porto, 11); err != nil {
			b.Fatal(err)
		}
	}
}
