package walkshed_test

import (
	"context"
	"fmt"
	"log"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/standard"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Where two new repair shops would bring the most residents of the sample
// (Monaco, residents estimated from buildings) within a 5-minute walk of
// one, the existing shops kept.
func ExampleCity_Site() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := city.Site(ctx, walkshed.SiteRequest{
		Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)},
		Residents:  residents,
		Grids:      walkshed.AdminLevel{Level: 10},
		Options:    access.SiteOptions{Category: "repair", Count: 2, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard},
	})
	if err != nil {
		log.Fatal(err)
	}
	r := rep.Result
	fmt.Printf("existing shops cover %.1f %%\n", 100*r.CoveredWeight/r.TotalWeight)
	for k, s := range r.Sites {
		fmt.Printf("site %d: cell %s, %.0f people gained, %.1f %% covered after\n", k+1, r.Candidates[s.Candidate].ID, s.Gained, 100*s.CoveredAfter/r.TotalWeight)
	}
	// Output:
	// existing shops cover 16.2 %
	// site 1: cell 8a3969a45657fff, 6077 people gained, 30.0 % covered after
	// site 2: cell 8a3969a452affff, 5947 people gained, 43.5 % covered after
}

// A what-if and its effect: a new pharmacy in Fontvieille, compared with
// the services as they are. Compare matches residents by id and refuses
// audits of other budgets, profiles or residents.
func ExampleCity_Compare() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		log.Fatal(err)
	}
	before := walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)},
		Residents:  residents,
		Grids:      walkshed.AdminLevel{Level: 10},
		Options:    access.Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard},
	}
	after := before
	after.Scenario = &walkshed.Scenario{Name: "pharmacy in Fontvieille", Add: []walkshed.FacilitySet{{Name: "plan",
		Facilities: []access.Facility{{ID: "plan:1", Ref: "1", Source: "plan", Name: "New pharmacy", Category: "pharmacy", Point: orb.Point{7.4191, 43.7266}}}}}}
	c, err := city.Compare(ctx, before, after, walkshed.CompareOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range c.Rows {
		if ch := row.Categories[0]; ch.Gained > 0 {
			fmt.Printf("%s: %.1f %% → %.1f %%, %d residents gained a pharmacy\n", row.Grid, 100*ch.ShareBefore, 100*ch.ShareAfter, ch.Gained)
		}
	}
	// Output:
	// Fontvieille: 23.4 % → 97.5 %, 16 residents gained a pharmacy
	// total: 67.8 % → 75.9 %, 16 residents gained a pharmacy
}

// An audit by a planning standard: each category within its own tier
// (mofcom-2021: convenience stores within 5 minutes, pharmacies within 8,
// supermarkets within 15, …) and the compliant share, every category
// within its tier.
func ExampleCity_RunAudit_standard() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	std, err := standard.Preset("mofcom-2021", nil)
	if err != nil {
		log.Fatal(err)
	}
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := city.RunAudit(ctx, walkshed.AuditRequest{
		Standard:   std,
		Facilities: []walkshed.FacilitySet{city.OSMFacilities(std.Taxonomy)},
		Residents:  residents,
		Options:    access.Options{Categories: []string{"convenience", "pharmacy", "supermarket"}, Profile: routing.Standard},
	})
	if err != nil {
		log.Fatal(err)
	}
	tier, err := rep.Result.Tier("mofcom-2021")
	if err != nil {
		log.Fatal(err)
	}
	total := tier.Rows[len(tier.Rows)-1]
	for c, cat := range rep.Result.Options.Categories {
		fmt.Printf("%s within %s: %.1f %%\n", cat, tier.Tier.Budget(c), 100*total.Categories[c].Share())
	}
	fmt.Printf("compliant: %.1f %%\n", 100*total.Complete.Share())
	// Output:
	// convenience within 5min: 49.1 %
	// pharmacy within 8min: 92.6 %
	// supermarket within 15min: 99.5 %
	// compliant: 46.8 %
}
