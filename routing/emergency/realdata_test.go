package emergency_test

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// TestPortoParishesMatchBruteForce runs the assessment on Porto centre's
// four parishes with its police and fire stations from OSM, and checks
// each parish's worst street point and street share against plain
// Dijkstra over the whole network cut every metre.
func TestPortoParishesMatchBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("real data: a few seconds")
	}
	ctx := context.Background()
	ex, err := osmload.Read(ctx, "../../testdata/porto-centre-2020-07-20.osm.pbf", osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var zones []access.Zone
	for _, b := range ex.Boundaries {
		if b.AdminLevel == 9 {
			zones = append(zones, access.Zone{ID: strconv.FormatInt(b.ID, 10), Name: b.Name, Geometry: b.Geometry})
		}
	}
	var responders []emergency.Responder
	for _, f := range ex.Features {
		if a := f.Tags.Find("amenity"); a == "police" || a == "fire_station" {
			responders = append(responders, emergency.Responder{ID: f.Type + "/" + strconv.FormatInt(f.ID, 10), Point: f.Point})
		}
	}
	if len(zones) != 4 || len(responders) < 10 {
		t.Fatalf("%d parishes and %d stations; want Porto centre's 4 and its stations", len(zones), len(responders))
	}
	res, err := emergency.Assess(ctx, g, g.NewSnapper(), emergency.Input{Responders: responders, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	var locs []routing.Location
	for _, p := range res.Responders {
		if p.Placed {
			locs = append(locs, p.Loc)
		}
	}
	x := expand(g, 0, 1, locs)
	seeds := map[int]float64{}
	for _, l := range locs {
		n := x.byLoc[[2]float64{float64(l.Edge), l.Offset}]
		if s, ok := seeds[n]; !ok || l.Door < s {
			seeds[n] = l.Door
		}
	}
	d := x.dijkstra(seeds)
	for z, zone := range zones {
		in := x.inside(zone.Geometry)
		worst, within, total := math.Inf(-1), 0, 0
		for i, s := range x.pos {
			if !in[i] || g.Flags(s.edge)&routing.FlagIsland != 0 {
				continue
			}
			total++
			worst = math.Max(worst, d[i])
			if d[i] <= res.Meters {
				within++
			}
		}
		gr := res.Grids[z]
		if gr.WorstStreet.Meters < worst-0.01 || gr.WorstStreet.Meters > worst+1 {
			t.Errorf("%s: worst street point %.2f m, brute force %.2f m", zone.Name, gr.WorstStreet.Meters, worst)
		}
		if share := float64(within) / float64(total); math.Abs(share-gr.StreetShare()) > 0.005 {
			t.Errorf("%s: street share %.4f, brute force %.4f", zone.Name, gr.StreetShare(), share)
		}
		t.Logf("%s: worst %.1f min (brute force %.1f m, Assess %.1f m), street share %.4f", zone.Name, gr.WorstStreet.Minutes, worst, gr.WorstStreet.Meters, gr.StreetShare())
	}
}
