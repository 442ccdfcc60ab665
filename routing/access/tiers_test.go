package access

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// street is a hand-made town: one straight street of n blocks of 100 m
// running east from (7.40, 43.72), one way per block.
func street(t testing.TB, n int) (*routing.Graph, func(m float64) orb.Point) {
	return streetOf(t, n, false)
}

// streetOf is street, drawn as a single OSM way when oneWay is set: the
// network is then one edge, so everyone on it is on the same edge.
func streetOf(t testing.TB, n int, oneWay bool) (*routing.Graph, func(m float64) orb.Point) {
	t.Helper()
	const lat = 43.72
	degPerM := 1 / (geo.EarthRadius * math.Pi / 180 * math.Cos(lat*math.Pi/180))
	at := func(m float64) orb.Point { return orb.Point{7.40 + m*degPerM, lat} }
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	var nodes []int64
	for i := 0; i <= n; i++ {
		in.Nodes[int64(i+1)] = routing.NodeInfo{Point: at(float64(i) * 100)}
		nodes = append(nodes, int64(i+1))
	}
	if oneWay {
		in.Ways = append(in.Ways, routing.Way{ID: 1, Nodes: nodes})
	}
	for i := 0; i < n && !oneWay; i++ {
		in.Ways = append(in.Ways, routing.Way{ID: int64(i + 1), Nodes: nodes[i : i+2]})
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g, at
}

// TestTierPassesAt10FailsAt5 is the hand-made town of issue 8: the
// pharmacy is 600 m (7.5 minutes) from everyone, the grocery 100 m.
func TestTierPassesAt10FailsAt5(t *testing.T) {
	g, at := street(t, 12)
	facs := []Facility{
		{ID: "pharmacy", Category: "pharmacy", Point: at(0)},
		{ID: "grocery", Category: "grocery", Point: at(500)},
	}
	var res []Resident
	for i := range 4 {
		res = append(res, Resident{ID: fmt.Sprint("r", i), Point: at(600), Weight: 1 + float64(i)})
	}
	tiers := []Tier{{Name: "5min", Budgets: []geo.Budget{{Minutes: 5}}}, {Name: "10min", Budgets: []geo.Budget{{Minutes: 10}}}}
	out, err := Audit(context.Background(), g, g.NewSnapper(), facs, res, nil,
		Options{Categories: []string{"grocery", "pharmacy"}, Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard, Tiers: tiers})
	if err != nil {
		t.Fatal(err)
	}
	total := func(tr TierResult) Row { return tr.Rows[len(tr.Rows)-1] }
	five, ten := total(out.Tiers[0]), total(out.Tiers[1])
	if s := five.Categories[0].Share(); s != 1 {
		t.Errorf("grocery at 5 min: share %v, want 1", s)
	}
	if s := five.Categories[1].Share(); s != 0 {
		t.Errorf("pharmacy at 5 min: share %v, want 0 (600 m is 7.5 min)", s)
	}
	if s := five.Complete.Share(); s != 0 {
		t.Errorf("complete at 5 min: share %v, want 0", s)
	}
	if s := ten.Categories[1].Share(); s != 1 {
		t.Errorf("pharmacy at 10 min: share %v, want 1", s)
	}
	if s := ten.Complete.Share(); s != 1 {
		t.Errorf("complete at 10 min: share %v, want 1", s)
	}
	if m := ten.Categories[1].Median; math.Abs(m-600/routing.Standard.Speed/60) > 0.01 {
		t.Errorf("pharmacy median at 10 min = %v, want 600 m at the standard speed", m)
	}
	if m := five.Categories[1].Median; !math.IsInf(m, 1) {
		t.Errorf("pharmacy median at 5 min = %v, want +Inf (beyond the tier)", m)
	}
	// A standard giving the pharmacy 8 minutes and the grocery 2: compliant.
	std := Tier{Name: "std", Standard: "std", Budgets: []geo.Budget{{Minutes: 2}, {Minutes: 8}}}
	out, err = Audit(context.Background(), g, g.NewSnapper(), facs, res, nil,
		Options{Categories: []string{"grocery", "pharmacy"}, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, Tiers: []Tier{std}})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(out.Tiers[0]).Complete.Share(); got != 1 {
		t.Errorf("compliant share = %v, want 1 (both categories within their own tier)", got)
	}
	if got := out.Rows[len(out.Rows)-1].Categories[1].Share(); got != 0 {
		t.Errorf("pharmacy within the 5-minute budget = %v, want 0: the search reached 8 minutes for the tier, the budget's coverage must not", got)
	}
}

// TestTiersMatchSeparateAudits checks the one-search tiers against the
// plain way: one audit per budget.
func TestTiersMatchSeparateAudits(t *testing.T) {
	for seed := range uint64(6) {
		rng := rand.New(rand.NewPCG(seed, 77))
		g := town(t, rng, 7)
		sn := g.NewSnapper()
		randPt := func() orb.Point { return orb.Point{7.40 + rng.Float64()*0.0085, 43.72 + rng.Float64()*0.0065} }
		cats := []string{"grocery", "pharmacy", "barber"}
		var facs []Facility
		for i := range 6 {
			facs = append(facs, Facility{ID: fmt.Sprint("f", i), Category: cats[i%3], Point: randPt()})
		}
		var res []Resident
		groups := []string{"", "elderly", "wheelchair"}
		for i := range 80 {
			res = append(res, Resident{ID: fmt.Sprint("r", i), Point: randPt(), Weight: 1 + float64(i%3), Group: groups[i%3]})
		}
		square := orb.MultiPolygon{{{{7.399, 43.719}, {7.404, 43.719}, {7.404, 43.727}, {7.399, 43.727}, {7.399, 43.719}}}}
		zones := []Zone{{ID: "w", Name: "West", Geometry: square}}
		base := Options{Categories: cats, Budget: geo.Budget{Minutes: 6}, Profile: routing.Standard,
			GroupProfiles: map[string]routing.Profile{"elderly": routing.Elderly, "wheelchair": routing.Wheelchair}}
		budgets := []geo.Budget{{Minutes: 2}, {Minutes: 4}, {Minutes: 6}, {Meters: 350}}
		std := Tier{Name: "std", Standard: "std", Budgets: []geo.Budget{{Minutes: 3}, {Meters: 500}, {Minutes: 7}}}
		opts := base
		for _, b := range budgets {
			opts.Tiers = append(opts.Tiers, Tier{Name: b.String(), Budgets: []geo.Budget{b}})
		}
		opts.Tiers = append(opts.Tiers, std)
		out, err := Audit(context.Background(), g, sn, facs, res, zones, opts)
		if err != nil {
			t.Fatal(err)
		}
		for ti, b := range budgets {
			o := base
			o.Budget = b
			want, err := Audit(context.Background(), g, sn, facs, res, zones, o)
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, fmt.Sprintf("seed %d tier %s", seed, b), out.Tiers[ti].Rows, want.Rows)
			sameRows(t, fmt.Sprintf("seed %d tier %s groups", seed, b), out.Tiers[ti].Groups, want.Groups)
		}
		// the standard: category c of the tier equals an audit of c alone at its budget.
		got := out.Tiers[len(budgets)]
		for c, cat := range cats {
			o := base
			o.Categories = []string{cat}
			o.Budget = std.Budgets[c]
			want, err := Audit(context.Background(), g, sn, facs, res, zones, o)
			if err != nil {
				t.Fatal(err)
			}
			for r := range want.Rows {
				a, b := got.Rows[r].Categories[c], want.Rows[r].Categories[0]
				if a.CoveredCount != b.CoveredCount || math.Abs(a.CoveredWeight-b.CoveredWeight) > 1e-9 {
					t.Fatalf("seed %d standard %s row %d: covered %d/%.2f, separate audit %d/%.2f", seed, cat, r, a.CoveredCount, a.CoveredWeight, b.CoveredCount, b.CoveredWeight)
				}
			}
		}
		// the base budget is untouched by tiers reaching farther
		plain, err := Audit(context.Background(), g, sn, facs, res, zones, base)
		if err != nil {
			t.Fatal(err)
		}
		sameRows(t, fmt.Sprintf("seed %d base", seed), out.Rows, plain.Rows)
	}
}

func sameRows(t *testing.T, what string, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	eq := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-9 }
	for r := range got {
		g, w := got[r], want[r]
		all := append(append([]Stats{}, g.Categories...), g.Complete)
		wall := append(append([]Stats{}, w.Categories...), w.Complete)
		for c := range all {
			a, b := all[c], wall[c]
			if a.CoveredCount != b.CoveredCount || !eq(a.CoveredWeight, b.CoveredWeight) || a.Count != b.Count || !eq(a.Median, b.Median) || !eq(a.P90, b.P90) {
				t.Fatalf("%s row %q stat %d: %+v, want %+v", what, g.Name, c, a, b)
			}
		}
	}
}

func TestTierErrors(t *testing.T) {
	g, at := street(t, 2)
	facs := []Facility{{ID: "p", Category: "pharmacy", Point: at(0)}}
	res := []Resident{{ID: "r", Point: at(100), Weight: 1}}
	for _, tt := range []struct {
		name  string
		tiers []Tier
	}{
		{"no name", []Tier{{Budgets: []geo.Budget{{Minutes: 5}}}}},
		{"twice", []Tier{{Name: "a", Budgets: []geo.Budget{{Minutes: 5}}}, {Name: "a", Budgets: []geo.Budget{{Minutes: 6}}}}},
		{"budgets do not fit the categories", []Tier{{Name: "a", Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 6}}}}},
		{"bad budget", []Tier{{Name: "a", Budgets: []geo.Budget{{Minutes: -5}}}}},
	} {
		_, err := Audit(context.Background(), g, g.NewSnapper(), facs, res, nil,
			Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, Tiers: tt.tiers})
		if err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}
