package walkshed_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// One grid worker at the Prince's Palace serves Monaco-Ville alone: is
// every point of the quarter's streets within a 10-minute walk, and if
// not, where would one worker best stand?
func ExampleCity_Emergency() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	quarters, err := city.AdminZones(10)
	if err != nil {
		log.Fatal(err)
	}
	res, err := city.Emergency(ctx, emergency.Input{
		Responders: []emergency.Responder{{ID: "palace", Point: orb.Point{7.4206, 43.7314}, Grid: "Monaco-Ville"}},
		Zones:      quarters,
	}, emergency.Options{Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard, Advice: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range res.Grids {
		if g.Name != "Monaco-Ville" {
			continue
		}
		fmt.Printf("%s: worst %.1f min, %.0f%% of the streets within 10 min, pass: %v\n", g.Name, g.Worst.Minutes, 100*g.StreetShare(), g.Pass)
		fmt.Printf("one worker at the advised point: worst %.1f min, pass: %v\n", g.Advice.At.Minutes, g.Advice.Pass)
	}
	// Output:
	// Monaco-Ville: worst 10.8 min, 97% of the streets within 10 min, pass: false
	// one worker at the advised point: worst 10.0 min, pass: true
}

// Two volunteers, one of whom can take on one resident only, and three
// registered residents: who is reached, by whom, and who is left without.
func ExampleCity_Volunteers() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	volunteers := []emergency.Volunteer{
		{ID: "ana", Point: orb.Point{7.4206, 43.7314}, Capacity: 1},
		{ID: "rui", Point: orb.Point{7.4270, 43.7390}, Capacity: 1},
	}
	residents := []access.Resident{
		{ID: "h1", Point: orb.Point{7.4210, 43.7318}, Weight: 1, Group: "elderly"},
		{ID: "h2", Point: orb.Point{7.4215, 43.7310}, Weight: 1, Group: "elderly"},
		{ID: "h3", Point: orb.Point{7.4268, 43.7392}, Weight: 1, Group: "disabled"},
	}
	res, err := city.Volunteers(ctx, emergency.VolunteerInput{Volunteers: volunteers, Residents: residents},
		emergency.VolunteerOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 2})
	if err != nil {
		log.Fatal(err)
	}
	for i, v := range res.Visits {
		assigned := "left without"
		if v.Assigned >= 0 {
			assigned = fmt.Sprintf("assigned to %s (%.1f min)", volunteers[v.Assigned].ID, v.AssignedMinutes)
		}
		fmt.Printf("%s: nearest %s at %.1f min; %s\n", residents[i].ID, volunteers[v.Nearest[0].Volunteer].ID, v.Nearest[0].Minutes, assigned)
	}
	// Output:
	// h1: nearest ana at 2.6 min; left without
	// h2: nearest ana at 1.4 min; assigned to ana (1.4 min)
	// h3: nearest rui at 0.8 min; assigned to rui (0.8 min)
}

// A month of an incident log against the 15-minute promise, with one post
// at the Prince's Palace serving every quarter: the incidents in La Rousse
// and at the Casino are beyond a 15-minute walk from it.
func ExampleCity_Incidents() {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	quarters, err := city.AdminZones(10)
	if err != nil {
		log.Fatal(err)
	}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	res, err := city.Incidents(ctx, emergency.IncidentInput{
		Responders: []emergency.Responder{{ID: "palace", Point: orb.Point{7.4206, 43.7314}}},
		Incidents: []emergency.Incident{
			{ID: "1", Time: at("2024-03-02T10:00:00+01:00"), Point: orb.Point{7.4210, 43.7318}, ArrivalMinutes: 6},
			{ID: "2", Time: at("2024-03-09T22:40:00+01:00"), Point: orb.Point{7.4380, 43.7500}, ArrivalMinutes: 24},
			{ID: "3", Time: at("2024-03-20T08:15:00+01:00"), Point: orb.Point{7.4246, 43.7384}, ArrivalMinutes: math.NaN()},
		},
		Zones: quarters,
	}, emergency.IncidentOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		log.Fatal(err)
	}
	total := res.Rows[len(res.Rows)-1]
	fmt.Printf("%d incidents, %.0f%% reachable on foot, %.0f%% of logged arrivals on time, median %.0f min\n",
		total.Count, 100*total.ReachableShare(), 100*total.OnTimeShare(), total.MedianArrival)
	// Output:
	// 3 incidents, 33% reachable on foot, 50% of logged arrivals on time, median 15 min
}
