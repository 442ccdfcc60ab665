package hex_test

import (
	"fmt"
	"testing"

	"github.com/walkshed/walkshed/geo/hex"
)

// BenchmarkOutline outlines a compact disk of cells and a lace of street
// cells (a 100 m street grid covered at resolution 11, with a hole per
// block), the shape isochrones have, with a new Coverer each time: what a
// one-shot command pays.
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
				cv, _ := hex.NewCoverer(11)
				if _, err := cv.Outline(s.cells); err != nil {
					b.Fatal(err)
				}
			}
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
