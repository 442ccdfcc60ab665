package emergency_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestIncidents: one street of 2 km in two grids; the east post is on duty
// from March only. A February incident in the east is beyond 15 minutes
// from the west post; in March the east post reaches it. Logged arrivals
// give the on-time share and median; an incident off every grid and one
// off the network go to the ledger.
func TestIncidents(t *testing.T) {
	var nt net
	nt.way(0, nt.node(0, 0), nt.node(2000, 0))
	g := nt.build(t)
	zones := []access.Zone{
		{ID: "w", Name: "West", Geometry: rect(-10, -500, 1000, 500)},
		{ID: "e", Name: "East", Geometry: rect(1000, -500, 2010, 500)},
	}
	responders := []emergency.Responder{
		{ID: "west", Point: at(100, 0)},
		{ID: "east", Point: at(1900, 0), From: day("2024-03-01T00:00:00Z")},
	}
	nan := math.NaN()
	incidents := []emergency.Incident{
		{ID: "1", Time: day("2024-02-10T10:00:00Z"), Point: at(1800, 0), ArrivalMinutes: 21},
		{ID: "2", Time: day("2024-03-10T10:00:00Z"), Point: at(1800, 0), ArrivalMinutes: 3},
		{ID: "3", Time: day("2024-03-11T10:00:00+01:00"), Point: at(200, 0), ArrivalMinutes: 5},
		{ID: "4", Time: day("2024-03-12T10:00:00Z"), Point: at(300, 0), ArrivalMinutes: nan},
		{ID: "5", Time: day("2024-03-13T10:00:00Z"), Point: at(5000, 0)},                                        // outside every grid
		{ID: "6", Time: day("2024-03-14T10:00:00Z"), Point: at(500, 400)},                                       // 400 m from the street
		{ID: "7", Time: day("2024-03-31T23:30:00-01:00"), Point: at(1500, 0), Grid: "East", ArrivalMinutes: 12}, // April in UTC, March as written
	}
	res, err := emergency.Incidents(context.Background(), g, g.NewSnapper(),
		emergency.IncidentInput{Incidents: incidents, Responders: responders, Zones: zones},
		emergency.IncidentOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; o.Reachable || o.OnDuty != 1 || !near(o.Meters, 1700, 1) {
		t.Errorf("February east incident: %v, %.1f m; want unreachable from the west post at 1700 m", o, o.Meters)
	}
	if o := res.Outcomes[1]; !o.Reachable || o.OnDuty != 2 || !near(o.Meters, 100, 1) {
		t.Errorf("March east incident: %v, %.1f m; want 100 m from the east post", o, o.Meters)
	}
	if o := res.Outcomes[4]; o.Counted || o.Reason != "outside every grid" {
		t.Errorf("incident off the grids: %v", o)
	}
	if o := res.Outcomes[5]; o.Counted || !strings.Contains(o.Reason, "from the network") {
		t.Errorf("incident off the network: %v", o)
	}
	if res.Ledger != 2 {
		t.Errorf("ledger %d, want 2", res.Ledger)
	}
	find := func(zone int, month string) emergency.IncidentRow {
		for _, r := range res.Rows {
			if r.Zone == zone && r.Month == month {
				return r
			}
		}
		t.Fatalf("no row for zone %d month %q in %+v", zone, month, res.Rows)
		return emergency.IncidentRow{}
	}
	if r := find(1, "2024-02"); r.Count != 1 || r.Reachable != 0 || r.OnTime != 0 || r.MedianArrival != 21 {
		t.Errorf("East February: %+v", r)
	}
	if r := find(1, "2024-03"); r.Count != 2 || r.Reachable != 2 || r.WithArrival != 2 || r.OnTime != 2 || r.MedianArrival != 7.5 {
		t.Errorf("East March: %+v, want 2 incidents, both reachable and on time, median 7.5", r)
	}
	if r := find(0, "2024-03"); r.Count != 2 || r.Reachable != 2 || r.WithArrival != 1 || r.MedianArrival != 5 {
		t.Errorf("West March: %+v", r)
	}
	total := find(-1, "")
	if total.Count+res.Ledger != len(incidents) || total.Count != 5 || total.Reachable != 4 || total.OnTime != 3 || total.WithArrival != 4 {
		t.Errorf("total %+v with ledger %d; want 5 counted (4 reachable, 3 of 4 arrivals on time) and 2 in the ledger", total, res.Ledger)
	}
	if got := res.Rows[len(res.Rows)-1]; got != total {
		t.Errorf("last row %+v is not the total", got)
	}
}
