package walkshed_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

func openOrSkip(b *testing.B, path string) *walkshed.City {
	b.Helper()
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not available", path)
	}
	city, err := walkshed.OpenOSM(context.Background(), path, walkshed.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return city
}

func benchAudit(b *testing.B, city *walkshed.City, in walkshed.AuditInput, cats []string) {
	b.Helper()
	opts := access.Options{Categories: cats, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}
	city.Snapper().Warm(0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := city.Audit(context.Background(), in, opts); err != nil {
			b.Fatal(err)
		}
	}
	perSec := float64(len(in.Residents)*len(cats)) * float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "resident-categories/s")
}

// BenchmarkAuditPorto: all eight categories, residents estimated from
// buildings, H3 grids; the network is built once outside the loop.
func BenchmarkAuditPorto(b *testing.B) {
	city := openOrSkip(b, "testdata/porto-centre-2020-07-20.osm.pbf")
	estimate, err := city.EstimateResidents(population.Options{})
	if err != nil {
		b.Fatal(err)
	}
	residents := estimate.Residents
	zones, err := grid.H3(residents, walkshed.DefaultGridResolution)
	if err != nil {
		b.Fatal(err)
	}
	tax := taxonomy.Default()
	benchAudit(b, city, walkshed.AuditInput{Facilities: city.Facilities(tax), Residents: residents, Zones: zones}, tax.Names())
}

// BenchmarkAuditMaltaPharmacies: 2,000 residents at building points and the
// island's pharmacies as a directory, one category.
func BenchmarkAuditMaltaPharmacies(b *testing.B) {
	city := openOrSkip(b, "../shared/data/osm/malta-2016-11-09.osm.pbf")
	rng := rand.New(rand.NewPCG(2016, 11))
	var residents []access.Resident
	buildings := city.Buildings()
	for i := range 2000 {
		bl := buildings[rng.IntN(len(buildings))]
		residents = append(residents, access.Resident{ID: fmt.Sprint(i), Point: bl.Point, Weight: 1})
	}
	var pharmacies []access.Facility
	for _, f := range city.Facilities(taxonomy.Default()) {
		if f.Category == "pharmacy" {
			pharmacies = append(pharmacies, f)
		}
	}
	b.ReportMetric(float64(len(pharmacies)), "pharmacies")
	benchAudit(b, city, walkshed.AuditInput{Facilities: pharmacies, Residents: residents}, []string{"pharmacy"})
}

// BenchmarkAuditDelaware200k: 200,000 generated residents within 60 m of
// random network nodes, all eight categories.
func BenchmarkAuditDelaware200k(b *testing.B) {
	city := openOrSkip(b, "../shared/data/osm/delaware-2016-08-10.osm.pbf")
	residents := generateResidents(city, 200000, 1)
	tax := taxonomy.Default()
	benchAudit(b, city, walkshed.AuditInput{Facilities: city.Facilities(tax), Residents: residents}, tax.Names())
}

// generateResidents places n residents near random network nodes.
func generateResidents(city *walkshed.City, n int, seed uint64) []access.Resident {
	rng := rand.New(rand.NewPCG(seed, seed))
	g := city.Graph()
	out := make([]access.Resident, n)
	for i := range out {
		p := g.NodePoint(routing.NodeID(rng.IntN(g.NumNodes())))
		p = orb.Point{p[0] + (rng.Float64()-0.5)*0.0012, p[1] + (rng.Float64()-0.5)*0.0009}
		out[i] = access.Resident{ID: fmt.Sprint("r", i), Point: p, Weight: 1}
	}
	return out
}

// BenchmarkOpenPrepared opens a saved prepared network: "city" with
// services, buildings, land use and boundaries, "network" the graph alone.
// Each iteration leaves a mapping behind, as a city in use does.
func BenchmarkOpenPrepared(b *testing.B) {
	for _, f := range []struct{ name, path string }{
		{"monaco", "sample"},
		{"delaware", "../shared/data/osm/delaware-2016-08-10.osm.pbf"},
	} {
		b.Run(f.name, func(b *testing.B) {
			var city *walkshed.City
			if f.path == "sample" {
				var err error
				if city, err = walkshed.OpenSample(context.Background(), walkshed.OpenOptions{}); err != nil {
					b.Fatal(err)
				}
			} else {
				city = openOrSkip(b, f.path)
			}
			path := b.TempDir() + "/city.wsn"
			if err := city.Save(path); err != nil {
				b.Fatal(err)
			}
			for _, open := range []struct {
				name string
				open func(string) (*walkshed.City, error)
			}{{"city", walkshed.OpenPrepared}, {"network", walkshed.OpenPreparedNetwork}} {
				b.Run(open.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := open.open(path); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkServices asks per-point questions, 15 minutes walking, from
// points near the network: the 3 nearest pharmacies, the 3 nearest of every
// category, and everything within reach. Porto is a city centre with its OSM
// facilities; "porto-directory" adds a facility at every other building
// (categories in turn), a large directory; Malta is a whole island, where a
// walk reaches a small share of the facilities.
func BenchmarkServices(b *testing.B) {
	tax := taxonomy.Default()
	cats := tax.Names()
	porto := func(b *testing.B) *walkshed.City { return openOrSkip(b, "testdata/porto-centre-2020-07-20.osm.pbf") }
	for _, c := range []struct {
		name string
		open func(*testing.B) *walkshed.City
		more bool
	}{
		{"porto", porto, false},
		{"porto-directory", porto, true},
		{"malta", func(b *testing.B) *walkshed.City { return openOrSkip(b, sharedOSM("malta-2016-11-09.osm.pbf")) }, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			city := c.open(b)
			facs := city.Facilities(tax)
			if c.more {
				for i := 0; i < len(city.Buildings()); i += 2 {
					facs = append(facs, access.Facility{ID: fmt.Sprint("b", i), Category: cats[i/2%len(cats)], Point: city.Buildings()[i].Point})
				}
			}
			svc, err := city.Services(facs, routing.Standard, 0)
			if err != nil {
				b.Fatal(err)
			}
			var pts []orb.Point // 1024 points that snap (not near island nodes)
			for _, r := range generateResidents(city, 2048, 3) {
				if _, err := city.Snapper().Snap(r.Point, 0, 0); err == nil && len(pts) < 1024 {
					pts = append(pts, r.Point)
				}
			}
			budget := geo.Budget{Minutes: 15}
			run := func(name string, ask func(p orb.Point) error) {
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						if err := ask(pts[i&1023]); err != nil {
							b.Fatal(err)
						}
						i++
					}
					b.ReportMetric(float64(len(facs)), "facilities")
				})
			}
			run("nearest", func(p orb.Point) error {
				_, err := svc.Nearest(p, budget, 3, "pharmacy")
				return err
			})
			run("nearest-each", func(p orb.Point) error {
				_, err := svc.NearestEach(p, budget, 3, cats)
				return err
			})
			run("within", func(p orb.Point) error {
				_, err := svc.Within(p, budget)
				return err
			})
		})
	}
}

// sharedOSM returns the path of a shared OSM extract from the main checkout
// (../shared) or a worktree beside it (../../shared).
func sharedOSM(name string) string {
	for _, dir := range []string{"../shared/data/osm", "../../shared/data/osm"} {
		if _, err := os.Stat(dir); err == nil {
			return dir + "/" + name
		}
	}
	return "../shared/data/osm/" + name
}
