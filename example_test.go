package walkshed_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// Open reads an OpenStreetMap file once; Save keeps the built network, and
// Open recognises the prepared file and loads it in milliseconds.
func ExampleOpen() {
	ctx := context.Background()
	city, err := walkshed.Open(ctx, "testdata/monaco-2026-03-10.osm.pbf", walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "walkshed")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	wsn := filepath.Join(dir, "monaco.wsn")
	if err := city.Save(wsn); err != nil {
		log.Fatal(err)
	}

	prepared, err := walkshed.Open(ctx, wsn, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("OSM data of", prepared.TimestampString())
	fmt.Println("same network:", prepared.Graph().NumEdges() == city.Graph().NumEdges())
	// Output:
	// OSM data of 2026-03-10T21:21:21Z
	// same network: true
}

// The area within a 5, 10 and 15 minute walk of the Casino de Monte-Carlo,
// in the embedded sample (Monaco).
func ExampleCity_Isochrones() {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	casino := orb.Point{7.4246, 43.7384} // longitude, latitude
	contours, err := city.Isochrones([]orb.Point{casino}, 0, isochrone.Options{
		Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 10}, {Minutes: 15}},
		Profile: routing.Standard,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range contours {
		fmt.Printf("%s: %.0f m of walking, %.1f km²\n", c.Budget, c.Meters, c.AreaM2/1e6)
	}
	fmt.Println("Map data", walkshed.Attribution)
	// Output:
	// 5min: 399 m of walking, 0.2 km²
	// 10min: 798 m of walking, 0.8 km²
	// 15min: 1197 m of walking, 1.3 km²
	// Map data © OpenStreetMap contributors (ODbL)
}

// A 15-minute audit of the sample by quarter: the share of residents
// (estimated from buildings) who reach each category on foot.
func ExampleCity_RunAudit() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := city.RunAudit(ctx, walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{city.OSMFacilities(taxonomy.Default())},
		Residents:  residents,
		Grids:      walkshed.AdminLevel{Level: 10}, // Monaco's nine quarters
		Options: access.Options{
			Categories: []string{"grocery", "pharmacy", "clinic"},
			Budget:     geo.Budget{Minutes: 15},
			Profile:    routing.Elderly,
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range rep.Result.Rows {
		if row.Name != "Monte-Carlo" && row.Zone != access.RowTotal {
			continue
		}
		fmt.Printf("%s (%d residents):", row.Name, row.Residents)
		for i, cat := range rep.Result.Options.Categories {
			fmt.Printf(" %s %.0f%%", cat, 100*row.Categories[i].Share())
		}
		fmt.Println()
	}
	// Output:
	// Monte-Carlo (263 residents): grocery 100% pharmacy 100% clinic 77%
	// total (925 residents): grocery 99% pharmacy 98% clinic 64%
}

// An audit of residents and a directory given as values (what a service
// holding them in memory does): the report header states each input.
func ExampleCity_RunAudit_values() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	directory := walkshed.FacilitySet{Name: "community.csv", Facilities: []access.Facility{
		{ID: "community.csv:k1", Name: "Cordonnerie", Category: "craftsman", Point: orb.Point{7.4240, 43.7380}, Source: "community.csv", Ref: "k1"}}}
	rep, err := city.RunAudit(ctx, walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil), directory},
		Residents: walkshed.ResidentSet{Name: "survey", Residents: []access.Resident{
			{ID: "flat-12", Point: orb.Point{7.4246, 43.7384}, Weight: 3},
			{ID: "flat-40", Point: orb.Point{7.4160, 43.7280}, Weight: 2, Group: "elderly"},
		}},
		Grids: walkshed.H3Cells{Resolution: 9},
		Options: access.Options{
			Categories:    []string{"pharmacy", "craftsman"},
			Budget:        geo.Budget{Minutes: 10},
			Profile:       routing.Standard,
			GroupProfiles: map[string]routing.Profile{"elderly": routing.Elderly},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range rep.Header.Inputs[2:] { // after the network and its rules
		fmt.Println(in)
	}
	fmt.Println("grids:", rep.Header.Grids)
	for i, r := range rep.Result.Residents {
		fmt.Printf("%s (%s):", rep.Residents[i].ID, r.Status)
		for c, cat := range rep.Result.Options.Categories {
			if reach := r.Reach[c]; len(reach) > 0 {
				fmt.Printf(" %s %.1f min (%s)", cat, reach[0].Minutes, rep.Facilities[reach[0].Facility].ID)
			} else {
				fmt.Printf(" %s beyond 10 min", cat)
			}
		}
		fmt.Println()
	}
	// Output:
	// services: community.csv (1, adds to OSM services)
	// services: OpenStreetMap tags of monaco-2026-03-10.osm.pbf
	// residents: survey (2)
	// grids: H3 resolution 9 cells holding residents (2)
	// flat-12 (complete): pharmacy 3.6 min (node/3087473845) craftsman 1.1 min (community.csv:k1)
	// flat-40 (partial): pharmacy 6.9 min (node/1790048263) craftsman beyond 10 min
}

// The service categories of the default taxonomy and the OpenStreetMap tag
// rules that make a feature a facility of each (what "walkshed categories"
// prints).
func Example_categories() {
	tax := taxonomy.Default()
	for _, name := range tax.Names() {
		c, _ := tax.Category(name)
		fmt.Printf("%-12s %s\n", name, strings.Join(c.RuleStrings(), "  "))
	}
	// Output:
	// grocery      shop=supermarket|convenience|greengrocer|grocery|general  amenity=marketplace
	// clinic       amenity=clinic|doctors|dentist|hospital  healthcare=*  !healthcare=pharmacy  !amenity=pharmacy
	// pharmacy     amenity=pharmacy  healthcare=pharmacy
	// barber       shop=hairdresser|barber
	// housekeeping shop=laundry|dry_cleaning  amenity=laundry  craft=cleaning
	// agency       office=estate_agent|employment_agency  shop=estate_agent
	// repair       shop=repair|electronics_repair|mobile_phone_repair|computer_repair|appliance_repair|shoe_repair|watch_repair|bicycle_repair  craft=electronics_repair|shoe_repair|watchmaker|clockmaker|bicycle_repair  shop=bicycle&service:bicycle:repair=yes
	// craftsman    craft=key_cutter|locksmith|tailor|dressmaker|shoemaker|sharpener|knife_sharpening|umbrella_repair  shop=locksmith|key_cutter|tailor
}
