package hex_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

// randomStreets returns short random streets (1 to 6 segments of 10 to
// 50 m), total metres of them, starting inside a square of side metres
// around origin. The seed is fixed.
func randomStreets(origin orb.Point, side, total float64) []orb.LineString {
	rng := rand.New(rand.NewPCG(31, 32))
	pr := geo.NewProjection(origin)
	var out []orb.LineString
	for sum := 0.0; sum < total; {
		x, y := (rng.Float64()-0.5)*side, (rng.Float64()-0.5)*side
		dir := rng.Float64() * 2 * math.Pi
		ls := orb.LineString{pr.Inverse(x, y)}
		for range 1 + rng.IntN(6) {
			dir += rng.NormFloat64() * 0.3
			l := 10 + rng.Float64()*40
			x, y = x+l*math.Cos(dir), y+l*math.Sin(dir)
			ls = append(ls, pr.Inverse(x, y))
			sum += l
		}
		out = append(out, ls)
	}
	return out
}

// portoStreets are 190 km of streets in 2.4 km² of Porto, what a
// 15-minute walk from the centre reaches.
var portoStreets = randomStreets(porto, math.Sqrt(2.4e6), 190e3)

func BenchmarkAppendCover(b *testing.B) {
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
			cv, _ := hex.NewCoverer(11)
			var dst []hex.Cell
			var err error
			for b.Loop() {
				if dst, err = cv.AppendCover(dst[:0], l.ls); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(dst)), "cells")
		})
	}
}

// BenchmarkStreets covers 190 km of streets and lists the distinct cells:
// with a new Coverer each time (cold: a cgo call per cell), with one kept
// across runs (warm).
func BenchmarkStreets(b *testing.B) {
	addAll := func(b *testing.B, cv *hex.Coverer, dst []hex.Cell) []hex.Cell {
		cv.ClearCells()
		for _, ls := range portoStreets {
			if err := cv.AddLine(ls); err != nil {
				b.Fatal(err)
			}
		}
		return cv.AppendCells(dst[:0])
	}
	b.Run(fmt.Sprintf("AddLine cold/streets=%d", len(portoStreets)), func(b *testing.B) {
		b.ReportAllocs()
		var cells []hex.Cell
		for b.Loop() {
			cv, _ := hex.NewCoverer(11)
			cells = addAll(b, cv, cells)
		}
		b.ReportMetric(float64(len(cells)), "cells")
	})
	b.Run(fmt.Sprintf("AddLine warm/streets=%d", len(portoStreets)), func(b *testing.B) {
		b.ReportAllocs()
		cv, _ := hex.NewCoverer(11)
		cells := addAll(b, cv, nil)
		for b.Loop() {
			cells = addAll(b, cv, cells)
		}
		b.ReportMetric(float64(len(cells)), "cells")
	})
	b.Run(fmt.Sprintf("AppendCover warm/streets=%d", len(portoStreets)), func(b *testing.B) {
		b.ReportAllocs()
		cv, _ := hex.NewCoverer(11)
		var cells []hex.Cell
		var err error
		for b.Loop() {
			cells = cells[:0]
			for _, ls := range portoStreets {
				if cells, err = cv.AppendCover(cells, ls); err != nil {
					b.Fatal(err)
				}
			}
			cells = hex.Unique(cells)
		}
		b.ReportMetric(float64(len(cells)), "cells")
	})
}

// BenchmarkCovererOutline outlines street-shaped sets with a Coverer that
// has met their cells, and sums their areas.
func BenchmarkCovererOutline(b *testing.B) {
	cv, _ := hex.NewCoverer(11)
	for _, ls := range portoStreets {
		if err := cv.AddLine(ls); err != nil {
			b.Fatal(err)
		}
	}
	streets := cv.AppendCells(nil)
	lace := streetGrid(b, porto, 7000, 100, 11)[:1000]
	for _, c := range lace {
		if _, err := cv.Cell(c.Center()); err != nil {
			b.Fatal(err)
		}
	}
	for _, s := range []struct {
		name  string
		cells []hex.Cell
	}{{"streets", streets}, {"lace", lace}} {
		b.Run(fmt.Sprintf("Coverer.Outline/%s/n=%d", s.name, len(s.cells)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cv.Outline(s.cells); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Coverer.TotalAreaM2/%s/n=%d", s.name, len(s.cells)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cv.TotalAreaM2(s.cells)
			}
		})
	}
}
