package walkshed_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestSiteAgreesWithAudit: the share the existing pharmacies cover is the
// audit's, and an audit with the proposed sites added as pharmacies covers
// exactly what the siting says they do.
func TestSiteAgreesWithAudit(t *testing.T) {
	city := sampleCity(t)
	ctx := context.Background()
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	budget := geo.Budget{Minutes: 5}
	osm := city.OSMFacilities(nil)
	rep, err := city.Site(ctx, walkshed.SiteRequest{Facilities: []walkshed.FacilitySet{osm}, Residents: residents,
		Options: access.SiteOptions{Category: "pharmacy", Count: 3, Budget: budget, Profile: routing.Standard}})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Result
	if len(r.Sites) != 3 {
		t.Fatalf("%d sites, want 3", len(r.Sites))
	}
	audit := func(extra []access.Facility) access.Stats {
		req := walkshed.AuditRequest{Facilities: []walkshed.FacilitySet{osm}, Residents: residents,
			Options: access.Options{Categories: []string{"pharmacy"}, Budget: budget, Profile: routing.Standard}}
		if extra != nil {
			req.Scenario = &walkshed.Scenario{Name: "sites", Add: []walkshed.FacilitySet{{Facilities: extra, Name: "sites"}}}
		}
		a, err := city.RunAudit(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return a.Result.Rows[len(a.Result.Rows)-1].Categories[0]
	}
	before := audit(nil)
	if before.CoveredCount != r.CoveredCount || math.Abs(before.CoveredWeight-r.CoveredWeight) > 1e-6 {
		t.Errorf("siting: existing cover %d / %.3f; audit %d / %.3f", r.CoveredCount, r.CoveredWeight, before.CoveredCount, before.CoveredWeight)
	}
	var added []access.Facility
	for k, s := range r.Sites {
		if k > 0 && s.Gained > r.Sites[k-1].Gained {
			t.Errorf("site %d gains %v, more than site %d (%v): not greedy", k+1, s.Gained, k, r.Sites[k-1].Gained)
		}
		added = append(added, access.Facility{ID: fmt.Sprint("site", k), Category: "pharmacy", Point: s.At})
		after := audit(added)
		if after.CoveredCount != s.CoveredAfterCount || math.Abs(after.CoveredWeight-s.CoveredAfter) > 1e-6 {
			t.Errorf("after site %d: siting says %d / %.3f covered, the audit %d / %.3f", k+1, s.CoveredAfterCount, s.CoveredAfter, after.CoveredCount, after.CoveredWeight)
		}
	}
}

func TestSiteInputs(t *testing.T) {
	city := sampleCity(t)
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cands, err := walkshed.ReadCandidates(writeTemp(t, "c.csv", "id,lon,lat,name\nshop1,7.4246,43.7384,Vacant shop\nsea,7.50,43.70,At sea\n"), table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := city.Site(context.Background(), walkshed.SiteRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: residents,
		Candidates: cands, Options: access.SiteOptions{Category: "repair", Count: 2, Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard}})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Result
	if len(r.CandidateIssues) != 1 || r.Candidates[r.CandidateIssues[0].Candidate].ID != "sea" {
		t.Errorf("candidate issues %+v, want the one at sea", r.CandidateIssues)
	}
	if len(r.Sites) != 1 || r.Candidates[r.Sites[0].Candidate].ID != "shop1" || r.Sites[0].At != cands.Candidates[0].Point {
		t.Errorf("sites %+v, want shop1 at its own point", r.Sites)
	}
	_, err = city.Site(context.Background(), walkshed.SiteRequest{Residents: residents, Options: access.SiteOptions{Category: "bakery", Count: 1, Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard}})
	var ie *walkshed.InputError
	if !errors.As(err, &ie) || ie.Field != "Options" {
		t.Errorf("unknown category: %v", err)
	}
	_, err = city.Site(context.Background(), walkshed.SiteRequest{Residents: residents, Options: access.SiteOptions{Category: "repair", Count: 0, Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard}})
	if !errors.Is(err, access.ErrSiteCount) {
		t.Errorf("count 0: %v, want ErrSiteCount", err)
	}
}
