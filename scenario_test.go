package walkshed_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// sampleRequest is an audit of the sample at 5 minutes, with tiers of 3
// and 4 minutes, for three categories.
func sampleRequest(t *testing.T, city *walkshed.City) walkshed.AuditRequest {
	t.Helper()
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return walkshed.AuditRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: residents, Grids: walkshed.AdminLevel{Level: 10},
		Options: access.Options{Categories: []string{"pharmacy", "barber", "repair"}, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard,
			GroupProfiles: map[string]routing.Profile{}, Tiers: []access.Tier{{Name: "3min", Budgets: []geo.Budget{{Minutes: 3}}}, {Name: "4min", Budgets: []geo.Budget{{Minutes: 4}}}}}}
}

// TestAddingNeverLowersAShare is a property: whatever facility is added,
// where, no share of any row, category, tier or "complete" goes down, and
// no resident loses a category.
func TestAddingNeverLowersAShare(t *testing.T) {
	city := sampleCity(t)
	req := sampleRequest(t, city)
	ctx := context.Background()
	before, err := city.RunAudit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(8, 8))
	b := city.Graph().Bound()
	grew := 0
	for trial := range 8 {
		f := access.Facility{ID: fmt.Sprint("new:", trial), Ref: fmt.Sprint(trial), Source: "new", Category: req.Options.Categories[rng.IntN(3)],
			Point: orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}}
		after := req
		after.Scenario = &walkshed.Scenario{Name: "one more " + f.Category, Add: []walkshed.FacilitySet{{Facilities: []access.Facility{f}, Name: "trial"}}}
		a, err := city.RunAudit(ctx, after)
		if err != nil {
			t.Fatal(err)
		}
		if a.Header.Scenario != after.Scenario.Name {
			t.Errorf("scenario not stamped: %q", a.Header.Scenario)
		}
		c, err := walkshed.Compare(before, a, walkshed.CompareOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range c.Rows {
			for _, ch := range row.Categories {
				if ch.CoveredAfter < ch.CoveredBefore || ch.Lost > 0 {
					t.Errorf("trial %d (%s at %v): %s %s went down: %+v", trial, f.Category, f.Point, row.Grid, ch.Category, ch)
				}
				if ch.CoveredAfter > ch.CoveredBefore {
					grew++
				}
			}
		}
		for ti := range req.Options.Tiers {
			for r, row := range a.Result.Tiers[ti].Rows {
				old := before.Result.Tiers[ti].Rows[r]
				for k := range row.Categories {
					if row.Categories[k].CoveredWeight < old.Categories[k].CoveredWeight-1e-9 {
						t.Errorf("trial %d tier %s row %s: %s went down", trial, req.Options.Tiers[ti].Name, row.Name, req.Options.Categories[k])
					}
				}
				if row.Complete.CoveredWeight < old.Complete.CoveredWeight-1e-9 {
					t.Errorf("trial %d tier %s row %s: complete went down", trial, req.Options.Tiers[ti].Name, row.Name)
				}
			}
		}
	}
	if grew == 0 {
		t.Error("no trial covered anyone new: the property was not exercised")
	}
}

func TestCompareSameAuditIsZero(t *testing.T) {
	city := sampleCity(t)
	req := sampleRequest(t, city)
	c, err := city.Compare(context.Background(), req, req, walkshed.CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Changed) != 0 {
		t.Errorf("%d residents changed", len(c.Changed))
	}
	for _, row := range c.Rows {
		for _, ch := range row.Categories {
			if ch.CoveredAfter != ch.CoveredBefore || ch.Gained != 0 || ch.Lost != 0 || !(ch.ShareAfter == ch.ShareBefore || math.IsNaN(ch.ShareAfter)) {
				t.Errorf("%s %s: %+v, want no change", row.Grid, ch.Category, ch)
			}
		}
	}
	// another budget is refused, naming it
	other := req
	other.Options.Budget = geo.Budget{Minutes: 6}
	if _, err := city.Compare(context.Background(), req, other, walkshed.CompareOptions{}); err == nil || !strings.Contains(err.Error(), "budget 5min before, 6min after") {
		t.Errorf("compare at another budget: %v", err)
	}
}

func TestScenarioRemove(t *testing.T) {
	city := sampleCity(t)
	req := sampleRequest(t, city)
	var pharmacy access.Facility
	for _, f := range req.Facilities[0].Facilities {
		if f.Category == "pharmacy" {
			pharmacy = f
			break
		}
	}
	req.Scenario = &walkshed.Scenario{Name: "closing", Remove: []string{pharmacy.ID, "node/1", "way/2"}}
	_, err := city.RunAudit(context.Background(), req)
	var ie *walkshed.InputError
	if !errors.As(err, &ie) || ie.Field != "Scenario" || !strings.Contains(err.Error(), "2 id(s) to remove match no facility: node/1, way/2") {
		t.Fatalf("remove unknown ids: %v", err)
	}
	req.Scenario.Remove = []string{pharmacy.ID}
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Result.FacilityCount[0]; n != countOf(req.Facilities[0].Facilities, "pharmacy")-1 {
		t.Errorf("pharmacies after removing %s: %d", pharmacy.ID, n)
	}
	last := rep.Header.Inputs[len(rep.Header.Inputs)-1]
	if !strings.HasPrefix(last, "scenario closing: 1 facilities removed by 1 id(s): "+pharmacy.ID) {
		t.Errorf("header line = %q", last)
	}
}

func countOf(fs []access.Facility, cat string) int {
	n := 0
	for _, f := range fs {
		if f.Category == cat {
			n++
		}
	}
	return n
}

func TestParseRemoveList(t *testing.T) {
	ids, err := walkshed.ParseRemoveList("node/1, way/2,,")
	if err != nil || strings.Join(ids, "|") != "node/1|way/2" {
		t.Errorf("list: %v, %v", ids, err)
	}
	ids, err = walkshed.ParseRemoveList(writeTemp(t, "ids.txt", "# closing\nnode/1\n\nph.csv:p2\n"))
	if err != nil || strings.Join(ids, "|") != "node/1|ph.csv:p2" {
		t.Errorf("text file: %v, %v", ids, err)
	}
	ids, err = walkshed.ParseRemoveList(writeTemp(t, "ids.csv", "name,id\nA,node/1\nB,p2\n"))
	if err != nil || strings.Join(ids, "|") != "node/1|p2" {
		t.Errorf("csv file: %v, %v", ids, err)
	}
	if _, err := walkshed.ParseRemoveList(writeTemp(t, "bad.csv", "name,ref\nA,node/1\n")); err == nil || !strings.Contains(err.Error(), `no "id" column`) {
		t.Errorf("csv without id: %v", err)
	}
}
