package access_test

import (
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// These tests check Audit on one hand-made street whose answers are known:
// the budget boundary, the complete-access percentiles and the gap cells.
// Each was checked to fail under a mutation of the rule it names
// (.ci/mutants reapplies them).

// mainStreet is a straight street of about 1.6 km along latitude 43.73,
// from longitude 7.400 to 7.420, cut into ways of about 160 m.
func mainStreet(t *testing.T) (*routing.Graph, *routing.Snapper) {
	t.Helper()
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	for i := range 11 {
		in.Nodes[int64(i+1)] = routing.NodeInfo{Point: orb.Point{7.400 + 0.002*float64(i), 43.73}}
		if i > 0 {
			in.Ways = append(in.Ways, routing.Way{ID: int64(i), Nodes: []int64{int64(i), int64(i + 1)}})
		}
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g, g.NewSnapper()
}

// A grocery near the west end, a pharmacy near the east end.
var streetFacilities = []access.Facility{
	{ID: "g", Category: "grocery", Point: orb.Point{7.4005, 43.7302}},
	{ID: "p", Category: "pharmacy", Point: orb.Point{7.4190, 43.7302}},
}

func audit(t *testing.T, g *routing.Graph, sn *routing.Snapper, residents []access.Resident, opts access.Options) *access.Result {
	t.Helper()
	opts.Profile = routing.Standard
	res, err := access.Audit(context.Background(), g, sn, streetFacilities, residents, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func totalRow(t *testing.T, res *access.Result) access.Row {
	t.Helper()
	for _, r := range res.Rows {
		if r.Zone == access.RowTotal {
			return r
		}
	}
	t.Fatal("no total row")
	return access.Row{}
}

// A resident whose walk is exactly the budget is covered; a budget a hair
// shorter leaves it uncovered. One resident shares the grocery's edge (the
// same-edge walk), the other walks through street nodes.
func TestAuditBudgetIsInclusive(t *testing.T) {
	g, sn := mainStreet(t)
	for _, r := range []access.Resident{
		{ID: "same edge", Point: orb.Point{7.4012, 43.7301}, Weight: 1},
		{ID: "through nodes", Point: orb.Point{7.4071, 43.7301}, Weight: 1},
	} {
		opts := access.Options{Categories: []string{"grocery"}}
		opts.Budget = geo.Budget{Meters: 10000}
		m := audit(t, g, sn, []access.Resident{r}, opts).Residents[0].Reach[0][0].Meters

		opts.Budget = geo.Budget{Meters: m}
		got := audit(t, g, sn, []access.Resident{r}, opts).Residents[0]
		if got.Status != access.Complete || len(got.Reach[0]) != 1 || got.Reach[0][0].Meters != m {
			t.Errorf("%s, budget %v m, exactly its walk: %s, reach %+v; want complete at %v m", r.ID, m, got.Status, got.Reach[0], m)
		}
		if row := totalRow(t, audit(t, g, sn, []access.Resident{r}, opts)); row.Categories[0].CoveredCount != 1 {
			t.Errorf("%s, budget exactly its walk: total row covers %d, want 1", r.ID, row.Categories[0].CoveredCount)
		}

		opts.Budget = geo.Budget{Meters: math.Nextafter(m, 0)}
		got = audit(t, g, sn, []access.Resident{r}, opts).Residents[0]
		if got.Status != access.Partial || len(got.Reach[0]) != 0 {
			t.Errorf("%s, budget just under its walk of %v m: %s, reach %+v; want partial, none", r.ID, m, got.Status, got.Reach[0])
		}
	}
}

// The complete median and P90 are percentiles of each resident's worst
// category, whichever category that is and whatever its place in the list.
func TestAuditCompletePercentilesUseEveryCategory(t *testing.T) {
	g, sn := mainStreet(t)
	// West: the pharmacy is its worst (~1.4 km); east: the grocery
	// (~1.4 km); middle: both ~0.7 km. The worsts sorted: middle, east,
	// west, so with equal weights the median is the east resident's walk
	// to the grocery and the P90 the west resident's walk to the pharmacy.
	residents := []access.Resident{
		{ID: "west", Point: orb.Point{7.4010, 43.7301}, Weight: 1},
		{ID: "east", Point: orb.Point{7.4180, 43.7301}, Weight: 1},
		{ID: "middle", Point: orb.Point{7.4100, 43.7301}, Weight: 1},
	}
	for _, cats := range [][]string{{"grocery", "pharmacy"}, {"pharmacy", "grocery"}} {
		res := audit(t, g, sn, residents, access.Options{Categories: cats, Budget: geo.Budget{Meters: 10000}})
		minutes := func(r int, cat string) float64 {
			for c, name := range cats {
				if name == cat {
					return res.Residents[r].Reach[c][0].Minutes
				}
			}
			t.Fatalf("no category %q", cat)
			return 0
		}
		wantMedian, wantP90 := minutes(1, "grocery"), minutes(0, "pharmacy")
		// The case must hold what the comment says, or it tests nothing.
		if !(minutes(2, "grocery") < wantMedian && minutes(2, "pharmacy") < wantMedian && wantMedian < wantP90 &&
			minutes(0, "grocery") < minutes(2, "grocery") && minutes(1, "pharmacy") < minutes(2, "pharmacy")) {
			t.Fatalf("the hand-made case does not hold: %+v", res.Residents)
		}
		row := totalRow(t, res)
		if row.Complete.Median != wantMedian || row.Complete.P90 != wantP90 {
			t.Errorf("categories %v: complete median, P90 = %v, %v min; want %v, %v (the worst category of each resident)",
				cats, row.Complete.Median, row.Complete.P90, wantMedian, wantP90)
		}
		if row.Complete.CoveredCount != 3 {
			t.Errorf("categories %v: complete covers %d, want 3", cats, row.Complete.CoveredCount)
		}
	}
}

// Gap cells count, per category, the weight of their residents beyond the
// budget for it.
func TestAuditGapMissing(t *testing.T) {
	g, sn := mainStreet(t)
	residents := []access.Resident{
		{ID: "w1", Point: orb.Point{7.4010, 43.7301}, Weight: 2},
		{ID: "w2", Point: orb.Point{7.4011, 43.7301}, Weight: 3},
		{ID: "e", Point: orb.Point{7.4185, 43.7301}, Weight: 4},
		{ID: "off the map", Point: orb.Point{7.5, 43.8}, Weight: 7},
	}
	res := audit(t, g, sn, residents, access.Options{Categories: []string{"grocery", "pharmacy"}, Budget: geo.Budget{Meters: 500}})
	wantStatus := []access.Status{access.Partial, access.Partial, access.Partial, access.Unroutable}
	for i, r := range res.Residents {
		if r.Status != wantStatus[i] {
			t.Fatalf("resident %s is %s, want %s", residents[i].ID, r.Status, wantStatus[i])
		}
	}
	// The west residents miss the pharmacy, the east one the grocery; the
	// unroutable one is in no gap cell.
	missing := map[string][2]float64{"w1": {0, 2}, "w2": {0, 3}, "e": {4, 0}}
	type cellWant struct {
		count   int
		weight  float64
		missing [2]float64
	}
	want := map[hex.Cell]*cellWant{}
	for _, r := range residents[:3] {
		c, err := hex.FromPoint(r.Point, access.DefaultGapResolution)
		if err != nil {
			t.Fatal(err)
		}
		if want[c] == nil {
			want[c] = &cellWant{}
		}
		w := want[c]
		w.count++
		w.weight += r.Weight
		w.missing[0] += missing[r.ID][0]
		w.missing[1] += missing[r.ID][1]
	}
	if len(res.Gaps) != len(want) {
		t.Fatalf("%d gap cells, want %d: %+v", len(res.Gaps), len(want), res.Gaps)
	}
	var total [2]float64
	for _, gc := range res.Gaps {
		w := want[gc.Cell]
		if w == nil {
			t.Fatalf("unexpected gap cell %v", gc.Cell)
		}
		if gc.Count != w.count || gc.Weight != w.weight || len(gc.Missing) != 2 || gc.Missing[0] != w.missing[0] || gc.Missing[1] != w.missing[1] {
			t.Errorf("gap cell %v: count %d, weight %v, missing %v; want %d, %v, %v", gc.Cell, gc.Count, gc.Weight, gc.Missing, w.count, w.weight, w.missing)
		}
		total[0] += gc.Missing[0]
		total[1] += gc.Missing[1]
	}
	if total != [2]float64{4, 5} {
		t.Errorf("missing weight over all gap cells = %v, want [4 5]", total)
	}
}
