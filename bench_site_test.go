package walkshed_test

import (
	"context"
	"testing"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// BenchmarkSiteDelaware200k: 200,000 generated residents within 60 m of
// random network nodes, 10 pharmacy sites from the resolution-10 cells on
// the streets within reach of those not yet covered.
func BenchmarkSiteDelaware200k(b *testing.B) {
	city := openOrSkip(b, sharedOSM("delaware-2016-08-10.osm.pbf"))
	residents := generateResidents(city, 200000, 1)
	req := walkshed.SiteRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: walkshed.ResidentSet{Residents: residents, Name: "generated"},
		Options: access.SiteOptions{Category: "pharmacy", Count: 10, CellResolution: 10, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}}
	city.Snapper().Warm(0)
	b.ReportAllocs()
	var rep *walkshed.SiteReport
	for b.Loop() {
		var err error
		if rep, err = city.Site(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
	r := rep.Result
	b.ReportMetric(float64(len(r.Candidates)), "candidates")
	b.ReportMetric(float64(r.Evaluated), "searched")
	b.ReportMetric(r.Sites[len(r.Sites)-1].CoveredAfter/r.TotalWeight*100, "covered%")
}
