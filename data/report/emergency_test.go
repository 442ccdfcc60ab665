package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// street is one straight street of about 2 km along a parallel near Porto.
func street(t *testing.T) (*routing.Graph, []access.Zone) {
	t.Helper()
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{
		1: {Point: orb.Point{-8.62, 41.15}}, 2: {Point: orb.Point{-8.596, 41.15}},
	}, Ways: []routing.Way{{ID: 7, Nodes: []int64{1, 2}}}}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	sq := func(x0, x1 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{orb.Ring{{x0, 41.149}, {x1, 41.149}, {x1, 41.151}, {x0, 41.151}, {x0, 41.149}}}}
	}
	return g, []access.Zone{{ID: "w", Name: "West, old town", Geometry: sq(-8.621, -8.608)}, {ID: "e", Name: "East", Geometry: sq(-8.608, -8.595)}}
}

func TestWriteEmergency(t *testing.T) {
	g, zones := street(t)
	responders := []emergency.Responder{{ID: "post", Point: orb.Point{-8.6195, 41.1501}}, {ID: "lost", Point: orb.Point{-8.5, 41.2}, Grid: "East"}}
	residents := []access.Resident{{ID: "h1", Point: orb.Point{-8.61, 41.1501}, Weight: 2}}
	res, err := emergency.Assess(context.Background(), g, g.NewSnapper(), emergency.Input{Responders: responders, Residents: residents, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, Advice: true, StreetName: func(int64) string { return "Rua das Flores" }})
	if err != nil {
		t.Fatal(err)
	}
	e := &report.Emergency{Header: report.Header{Version: "test", Budget: "15min", Profile: "standard", Speed: 1.33}, Result: res,
		Responders: responders, Residents: residents, Zones: zones, Ledger: []string{"skipped row responders.csv:3: column lat: bad"}}
	out := map[string]string{}
	for _, f := range report.EmergencyFormats() {
		var a, b bytes.Buffer
		if err := report.WriteEmergency(f, &a, e); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := report.WriteEmergency(f, &b, e); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two writes differ", f)
		}
		out[f] = a.String()
	}
	lines := strings.Split(strings.TrimSpace(out["csv"]), "\n")
	if lines[0] != "grid,responders,worst_minutes,worst_meters,worst_lon,worst_lat,street_share,people_share,pass" || len(lines) != 3 {
		t.Fatalf("csv = %q", out["csv"])
	}
	if !strings.HasPrefix(lines[1], `"West, old town",1,`) || !strings.HasSuffix(lines[1], ",1.0000,1.0000,yes") {
		t.Errorf("west row = %q, want a pass with every street and person reached", lines[1])
	}
	if !strings.HasPrefix(lines[2], "East,1,") || !strings.HasSuffix(lines[2], ",no") {
		t.Errorf("east row = %q, want a fail: its only responder of its own is off the network, the west post is far", lines[2])
	}
	for _, f := range []string{"json", "geojson"} {
		var v map[string]any
		if err := json.Unmarshal([]byte(out[f]), &v); err != nil {
			t.Errorf("%s is not JSON: %v", f, err)
		}
	}
	if !strings.Contains(out["geojson"], `"kind":"beyond"`) || !strings.Contains(out["geojson"], `"street":"Rua das Flores"`) || !strings.Contains(out["geojson"], `"kind":"advice"`) {
		t.Errorf("geojson lacks stretches beyond the budget or the advice: %s", out["geojson"])
	}
	for _, f := range []string{"table", "html", "json", "geojson"} {
		if !strings.Contains(out[f], "OpenStreetMap contributors") {
			t.Errorf("%s lacks the attribution", f)
		}
	}
	if !strings.Contains(out["html"], "<svg") || !strings.Contains(out["table"], "Placement advice") || !strings.Contains(out["table"], "responder lost: point is") {
		t.Errorf("table or html incomplete:\n%s", out["table"])
	}
	if err := report.WriteEmergency("pdf", &bytes.Buffer{}, e); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestWriteVolunteersAndIncidents(t *testing.T) {
	g, zones := street(t)
	vols := []emergency.Volunteer{{ID: "ana", Point: orb.Point{-8.6195, 41.1501}, Capacity: 1}}
	residents := []access.Resident{{ID: "h1", Point: orb.Point{-8.618, 41.1501}, Weight: 1, Group: "elderly"},
		{ID: "h2", Point: orb.Point{-8.617, 41.1501}, Weight: 1, Group: "elderly"}, {ID: "h3", Point: orb.Point{-8.6, 41.1501}, Weight: 1}}
	vr, err := emergency.Volunteers(context.Background(), g, g.NewSnapper(), emergency.VolunteerInput{Volunteers: vols, Residents: residents, Zones: zones},
		emergency.VolunteerOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 2, Groups: []string{"elderly"}})
	if err != nil {
		t.Fatal(err)
	}
	v := &report.Volunteers{Header: report.Header{Budget: "15min"}, Result: vr, Volunteers: vols, Residents: residents, Zones: zones}
	var csv bytes.Buffer
	if err := report.WriteVolunteers("csv", &csv, v); err != nil {
		t.Fatal(err)
	}
	want := "id,grid,group,status,volunteer_1,minutes_1,volunteer_2,minutes_2,assigned,assigned_minutes\n"
	if !strings.HasPrefix(csv.String(), want) || strings.Count(csv.String(), "\n") != 3 || !strings.Contains(csv.String(), "h2,\"West, old town\",elderly,reached by 1,ana,") {
		t.Errorf("volunteers csv = %q", csv.String())
	}
	for _, f := range report.EmergencyFormats() {
		if err := report.WriteVolunteers(f, &bytes.Buffer{}, v); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}

	incidents := []emergency.Incident{
		{ID: "i1", Time: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), Point: orb.Point{-8.618, 41.1501}, ArrivalMinutes: 4},
		{ID: "i2", Time: time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC), Point: orb.Point{-8.4, 41.1501}, ArrivalMinutes: math.NaN()},
	}
	responders := []emergency.Responder{{ID: "post", Point: orb.Point{-8.6195, 41.1501}}}
	ir, err := emergency.Incidents(context.Background(), g, g.NewSnapper(), emergency.IncidentInput{Incidents: incidents, Responders: responders, Zones: zones},
		emergency.IncidentOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	n := &report.Incidents{Header: report.Header{Budget: "15min"}, Result: ir, Incidents: incidents, Responders: responders, Zones: zones}
	csv.Reset()
	if err := report.WriteIncidents("csv", &csv, n); err != nil {
		t.Fatal(err)
	}
	wantCSV := "grid,month,incidents,reachable,reachable_share,with_arrival,on_time,on_time_share,median_arrival_minutes\n" +
		"\"West, old town\",2024-03,1,1,1.0000,1,1,1.0000,4\n" +
		"all,2024-03,1,1,1.0000,1,1,1.0000,4\n" +
		"all,all,1,1,1.0000,1,1,1.0000,4\n"
	if csv.String() != wantCSV {
		t.Errorf("incidents csv =\n%s\nwant\n%s", csv.String(), wantCSV)
	}
	var table bytes.Buffer
	if err := report.WriteIncidents("table", &table, n); err != nil || !strings.Contains(table.String(), "incident i2: outside every grid") {
		t.Errorf("incidents table lacks the ledger: %v\n%s", err, table.String())
	}
}
