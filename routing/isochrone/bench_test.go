package isochrone_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// BenchmarkPorto15 is one 15-minute isochrone from Porto's Avenida dos
// Aliados, on one core, after the network is built.
func BenchmarkPorto15(b *testing.B) {
	ex, err := osmload.Read(context.Background(), "../../testdata/porto-centre-2020-07-20.osm.pbf", osmload.Options{})
	if err != nil {
		b.Fatal(err)
	}
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	loc, err := g.NewSnapper().Snap(orb.Point{-8.6110, 41.1456}, 300, 0)
	if err != nil {
		b.Fatal(err)
	}
	opts := isochrone.Options{Budgets: []geo.Budget{{Minutes: 15}}, Profile: routing.Standard}
	b.Run("cold", func(b *testing.B) { // a new Worker each time: empty cell caches
		b.ReportAllocs()
		for b.Loop() {
			if _, err := isochrone.NewWorker(g).Compute([]routing.Location{loc}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) { // one Worker, as a server keeps it
		w := isochrone.NewWorker(g)
		if _, err := w.Compute([]routing.Location{loc}, opts); err != nil { // fill the caches
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := w.Compute([]routing.Location{loc}, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}
