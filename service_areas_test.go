package walkshed_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing/access"
)

// TestServiceAreas checks the service areas against the audit itself:
// every resident the audit found within the budget of a category stands,
// where its door leg meets the street, inside that category's area, since
// a network point the search reached lies inside its contour.
func TestServiceAreas(t *testing.T) {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	req := defaultAudit(t, city)
	req.Options.Categories = []string{"pharmacy", "grocery", "craftsman"}
	rep, err := city.RunAudit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := city.ServiceAreas(ctx, rep, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 3 {
		t.Fatalf("areas = %d, want one per category", len(areas))
	}
	for ci, sa := range areas {
		if sa.Category != req.Options.Categories[ci] {
			t.Errorf("area %d is %s, want %s", ci, sa.Category, req.Options.Categories[ci])
		}
		if sa.Facilities != rep.Result.FacilityCount[ci] {
			t.Errorf("%s: drawn from %d facilities, audit counted %d", sa.Category, sa.Facilities, rep.Result.FacilityCount[ci])
		}
		if sa.Facilities == 0 {
			if len(sa.Contour.Geometry) != 0 {
				t.Errorf("%s: no facility but an area", sa.Category)
			}
			continue
		}
		cells := map[hex.Cell]bool{}
		for _, c := range sa.Contour.Cells {
			cells[c] = true
		}
		covered, outside := 0, 0
		for i, rr := range rep.Result.Residents {
			if rr.Status == access.Unroutable || len(rr.Reach[ci]) == 0 {
				continue
			}
			covered++
			locs, err := city.Snap([]orb.Point{rep.Residents[i].Point}, rep.Result.Options.Profile, 0)
			if err != nil {
				t.Fatal(err)
			}
			cell, err := hex.FromPoint(locs[0].At, sa.Resolution)
			if err != nil {
				t.Fatal(err)
			}
			if !cells[cell] {
				outside++
			}
		}
		if covered == 0 || outside > 0 {
			t.Errorf("%s: %d of %d covered residents meet the street outside the service area", sa.Category, outside, covered)
		}
	}
}
