package walkshed_test

import (
	"bytes"
	"context"
	"github.com/walkshed/walkshed/data/population"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// emergencyWork asks a city the three emergency questions and returns the
// answers as JSON reports.
func emergencyWork(ctx context.Context, city *walkshed.City, zones []access.Zone) (string, error) {
	var b bytes.Buffer
	est, err := city.EstimateResidents(population.Options{})
	if err != nil {
		return "", err
	}
	residents := est.Residents
	responders := []emergency.Responder{{ID: "palace", Point: orb.Point{7.4206, 43.7314}}, {ID: "casino", Point: orb.Point{7.4246, 43.7384}, Grid: "Monte-Carlo"}}
	res, err := city.Emergency(ctx, emergency.Input{Responders: responders, Residents: residents, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 8}, Profile: routing.Standard, Advice: true})
	if err != nil {
		return "", err
	}
	if err := report.WriteEmergency("json", &b, &report.Emergency{Result: res, Responders: responders, Residents: residents, Zones: zones}); err != nil {
		return "", err
	}
	vols := []emergency.Volunteer{{ID: "a", Point: orb.Point{7.4206, 43.7314}, Capacity: 2}, {ID: "b", Point: orb.Point{7.4246, 43.7384}, Profile: routing.Wheelchair}}
	vr, err := city.Volunteers(ctx, emergency.VolunteerInput{Volunteers: vols, Residents: residents[:40], Zones: zones},
		emergency.VolunteerOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 2})
	if err != nil {
		return "", err
	}
	if err := report.WriteVolunteers("json", &b, &report.Volunteers{Result: vr, Volunteers: vols, Residents: residents[:40], Zones: zones}); err != nil {
		return "", err
	}
	incidents := []emergency.Incident{
		{ID: "1", Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Point: orb.Point{7.4210, 43.7318}, ArrivalMinutes: 5},
		{ID: "2", Time: time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC), Point: orb.Point{7.4300, 43.7420}, ArrivalMinutes: 9},
	}
	ir, err := city.Incidents(ctx, emergency.IncidentInput{Responders: responders, Zones: zones, Incidents: incidents},
		emergency.IncidentOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		return "", err
	}
	err = report.WriteIncidents("json", &b, &report.Incidents{Result: ir, Incidents: incidents, Responders: responders, Zones: zones})
	return b.String(), err
}

// TestEmergencyConcurrentUse runs the emergency questions on one city from
// several goroutines at once (run it with -race) and checks every answer
// equals the one computed alone.
func TestEmergencyConcurrentUse(t *testing.T) {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	zones, err := city.AdminZones(10)
	if err != nil {
		t.Fatal(err)
	}
	want, err := emergencyWork(ctx, city, zones)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = emergencyWork(ctx, city, zones)
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if got[i] != want {
			t.Errorf("goroutine %d: answer differs from the one computed alone", i)
		}
	}
}
