package walkshed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// scanQuery answers a Services question the plain way: one search from the
// point, then every placed facility of the wanted categories in turn,
// reached through either end of its edge or along the point's own edge,
// sorted stably by metres.
func scanQuery(s *Services, p orb.Point, budget geo.Budget, categories []string, k int) ([]Found, error) {
	loc, err := s.city.Snapper().Snap(p, s.maxSnap, s.profile.Avoid)
	if err != nil {
		return nil, err
	}
	unplaced := map[int]bool{}
	for _, u := range s.unplaced {
		unplaced[u.Facility] = true
	}
	want := map[string]bool{}
	for _, c := range categories {
		want[c] = true
	}
	limit := budget.Distance(s.profile.Speed)
	g := s.city.Graph()
	search := g.NewSearcher()
	search.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, loc.Door, s.profile.Avoid), Limit: limit, Avoid: s.profile.Avoid})
	var out []Found
	for i, f := range s.facilities {
		if unplaced[i] || (len(want) > 0 && !want[f.Category]) {
			continue
		}
		fl := s.locs[i]
		d, _, reached := search.DistTo(fl)
		if !reached {
			d = math.Inf(1)
		}
		if fl.Edge == loc.Edge {
			d = math.Min(d, loc.Door+math.Abs(fl.Offset-loc.Offset))
		}
		if m := d + fl.Door; m <= limit {
			out = append(out, Found{Facility: f, Meters: m, Minutes: s.profile.Minutes(m)})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Meters < out[b].Meters })
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// TestServicesMatchScan checks the indexed questions against scanQuery on
// Porto for random points, profiles and budgets, down to budgets so small
// that only a facility on the point's own street is reached: the same
// facilities in the same order with the same metres, to the last bit.
// Facilities are the OSM ones plus one at every third building, so that
// many share a street, one beside each of the small-budget points, and two
// that cannot be placed.
func TestServicesMatchScan(t *testing.T) {
	city, err := OpenOSM(context.Background(), "testdata/porto-centre-2020-07-20.osm.pbf", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tax := taxonomy.Default()
	cats := tax.Names()
	facs := city.Facilities(tax)
	for i := 0; i < len(city.Buildings()); i += 3 {
		facs = append(facs, access.Facility{ID: fmt.Sprint("b", i), Category: cats[i/3%len(cats)], Point: city.Buildings()[i].Point})
	}
	facs = append(facs, access.Facility{ID: "far", Category: cats[0], Point: orb.Point{-8.5, 41.5}},
		access.Facility{ID: "nan", Category: cats[1], Point: orb.Point{math.NaN(), 41.15}})
	n := 60
	if testing.Short() {
		n = 15
	}
	rng := rand.New(rand.NewPCG(13, 13))
	g := city.Graph()
	points := make([]orb.Point, n)
	for i := range points {
		q := g.NodePoint(routing.NodeID(rng.IntN(g.NumNodes())))
		points[i] = orb.Point{q[0] + (rng.Float64()-0.5)*0.001, q[1] + (rng.Float64()-0.5)*0.0008}
	}
	budgets := []geo.Budget{{Minutes: 15}, {Minutes: 4}, {Meters: 60}, {Meters: 15}}
	// Points 6 m along a street from a facility, more than 30 m from
	// either end of the street, with a 12 m budget: reached along the
	// street only.
	var along []orb.Point
	for len(along) < n/3 {
		e := routing.EdgeID(rng.IntN(g.NumEdges()))
		if l := g.Length(e); l > 80 && g.Flags(e)&(routing.FlagIsland|routing.Wheelchair.Avoid) == 0 {
			facs = append(facs, access.Facility{ID: fmt.Sprint("e", e), Category: cats[len(along)%len(cats)], Point: g.PointAt(e, l/2)})
			along = append(along, g.PointAt(e, l/2+6))
		}
	}
	for _, p := range along {
		points = append(points, p)
		budgets = append(budgets, geo.Budget{Meters: 12})
	}
	compared, sameEdgeOnly := 0, 0
	for _, profile := range []routing.Profile{routing.Standard, routing.Wheelchair} {
		svc, err := city.Services(facs, profile, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(svc.Unplaced()) < 2 {
			t.Fatalf("%s: %d facilities unplaced, want at least the 2 bad ones", profile.Name, len(svc.Unplaced()))
		}
		for pi, p := range points {
			budget := budgets[pi%4]
			if pi >= n {
				budget = budgets[4+pi-n]
			}
			questions := []struct {
				name string
				cats []string
				k    int
				ask  func() ([]Found, error)
			}{
				{"Within all", nil, 0, func() ([]Found, error) { return svc.Within(p, budget) }},
				{"Within two", cats[2:4], 0, func() ([]Found, error) { return svc.Within(p, budget, cats[2], cats[3]) }},
				{"Within unknown", []string{"no such category"}, 0, func() ([]Found, error) { return svc.Within(p, budget, "no such category") }},
				{"Nearest", cats[:1], 2, func() ([]Found, error) { return svc.Nearest(p, budget, 2, cats[0]) }},
			}
			for _, qu := range questions {
				got, gerr := qu.ask()
				want, werr := scanQuery(svc, p, budget, qu.cats, qu.k)
				if (gerr == nil) != (werr == nil) {
					t.Fatalf("%s %s %v %s: error %v, scan %v", profile.Name, qu.name, p, budget, gerr, werr)
				}
				if len(got) != len(want) {
					t.Fatalf("%s %s %v %s: %d found, scan %d", profile.Name, qu.name, p, budget, len(got), len(want))
				}
				for j := range got {
					if got[j] != want[j] {
						t.Fatalf("%s %s %v %s #%d: %+v, scan %+v", profile.Name, qu.name, p, budget, j, got[j], want[j])
					}
				}
				compared += len(got)
			}
			// every category, then one again (answered at its first
			// place only) and an unknown one
			asked := append(slices.Clip(cats), cats[1], "no such category")
			each, err := svc.NearestEach(p, budget, 3, asked)
			if err != nil {
				continue // unroutable: compared above
			}
			if len(each) != len(asked) {
				t.Fatalf("NearestEach gives %d lists for %d categories", len(each), len(asked))
			}
			for c, cat := range asked {
				want, _ := scanQuery(svc, p, budget, []string{cat}, 3)
				if c == len(cats) {
					want = nil
				}
				if fmt.Sprint(each[c]) != fmt.Sprint(want) || (each[c] == nil) != (want == nil) {
					t.Fatalf("%s NearestEach %v %s %s: %v, scan %v", profile.Name, p, budget, cat, each[c], want)
				}
			}
			if none, err := svc.NearestEach(p, budget, 3, nil); err != nil || len(none) != 0 {
				t.Fatalf("NearestEach with no categories = %v, %v; want none", none, err)
			}
			if pi >= n {
				if all, _ := svc.Within(p, budget); len(all) > 0 {
					sameEdgeOnly++
				}
			}
		}
	}
	if compared < 20*n || sameEdgeOnly < n/3 {
		t.Fatalf("only %d answers compared, %d reached along the point's street", compared, sameEdgeOnly)
	}
}
