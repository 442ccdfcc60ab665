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
	s := g.NewSearcher()
	opts := isochrone.Options{Budgets: []geo.Budget{{Minutes: 15}}, Profile: routing.Standard}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := isochrone.Compute(s, []routing.Location{loc}, opts); err != nil {
			b.Fatal(err)
		}
	}
}
