package table_test

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/emergency"
)

// gridCheck accepts the grids "North" and "South" and points with a
// positive longitude.
func gridCheck(p orb.Point, grid string) error {
	switch {
	case grid == "North" || grid == "South":
		return nil
	case grid != "":
		return fmt.Errorf("grid %q names no grid; grids: North, South", grid)
	case p[0] <= 0:
		return errors.New("lies outside every grid; give a grid value to say which grid it serves")
	}
	return nil
}

func TestReadResponders(t *testing.T) {
	path := writeFile(t, "responders.csv", "id,name,lon,lat,grid,from,to\n"+
		"p1,Esquadra,7.42,43.73,,,\n"+
		"p2,,7.43,43.74,North,2024-03-01,2024-03-31\n"+
		"p3,,7.43,43.74,,2024-03-01T08:00:00+01:00,\n")
	got, bad, err := table.ReadResponders(path, table.Options{CheckGrid: gridCheck})
	if err != nil || len(bad) != 0 {
		t.Fatalf("ReadResponders: %v, %v", err, bad)
	}
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC) // the end of the day given
	if len(got) != 3 || got[0].Name != "Esquadra" || got[1].Grid != "North" || !got[1].From.Equal(from) || !got[1].To.Equal(to) ||
		got[2].From.Format(time.RFC3339) != "2024-03-01T08:00:00+01:00" || !got[2].To.IsZero() {
		t.Errorf("responders = %+v", got)
	}
	if !got[1].OnDuty(to.Add(-time.Second)) || got[1].OnDuty(to) || got[1].OnDuty(from.Add(-time.Second)) {
		t.Error("OnDuty does not follow from (inclusive) and to (exclusive)")
	}
}

func TestReadEmergencyErrors(t *testing.T) {
	tests := []struct {
		name, file, content, want string
		read                      func(string, table.Options) error
	}{
		{"responders: empty file", "r.csv", "id,lon,lat\n", "r.csv: no responders", readResponders},
		{"responders: unknown grid", "r.csv", "id,lon,lat,grid\np1,7.42,43.73,Nowhere\n", `r.csv:2: column grid: grid "Nowhere" names no grid; grids: North, South`, readResponders},
		{"responders: outside every grid", "r.csv", "id,Longitude,Latitude\np1,-7.42,43.73\n", `r.csv:2: column Longitude,Latitude: lies outside every grid; give a grid value to say which grid it serves`, readResponders},
		{"responders: bad coordinates", "r.csv", "id,lon,lat\np1,7.42,95\n", `r.csv:2: column lat: latitude 95 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)`, readResponders},
		{"responders: bad date", "r.csv", "id,lon,lat,from\np1,7.42,43.73,1 March\n", `r.csv:2: column from: "1 March" is neither a date (2024-03-01) nor an RFC 3339 time (2024-03-01T08:00:00+01:00)`, readResponders},
		{"responders: to before from", "r.csv", "id,lon,lat,from,to\np1,7.42,43.73,2024-03-02,2024-03-01\n", `r.csv:2: column to: "2024-03-01" is not after from "2024-03-02"`, readResponders},
		{"responders: geojson outside", "r.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-7.4,43.7]},"properties":{"id":"p1"}}]}`, `r.geojson:1: feature 1 ("p1"): property geometry: lies outside every grid; give a grid value to say which grid it serves`, readResponders},
		{"volunteers: zero capacity", "v.csv", "id,lon,lat,capacity\nv1,7.42,43.73,0\n", `v.csv:2: column capacity: capacity "0" is not a positive whole number`, readVolunteers},
		{"volunteers: fractional capacity", "v.csv", "id,lon,lat,capacity\nv1,7.42,43.73,1.5\n", `v.csv:2: column capacity: capacity "1.5" is not a positive whole number`, readVolunteers},
		{"volunteers: unknown profile", "v.csv", "id,lon,lat,profile\nv1,7.42,43.73,skates\n", `v.csv:2: column profile: routing: unknown profile "skates"; known: elderly, standard, wheelchair, or custom:SPEED (m/s) / custom:SPEEDkmh`, readVolunteers},
		{"incidents: bad time", "i.csv", "id,time,lon,lat\ni1,2024-03-10 14:05,7.42,43.73\n", `i.csv:2: column time: "2024-03-10 14:05" is not an RFC 3339 time like 2024-03-10T14:05:00+01:00`, readIncidents},
		{"incidents: no time", "i.csv", "id,time,lon,lat\ni1,,7.42,43.73\n", `i.csv:2: column time: missing value`, readIncidents},
		{"incidents: missing time column", "i.csv", "id,lon,lat\ni1,7.42,43.73\n", `i.csv:1: missing column time (accepted names: time, datetime, timestamp; header has: id, lon, lat)`, readIncidents},
		{"incidents: negative arrival", "i.csv", "id,time,lon,lat,arrival_minutes\ni1,2024-03-10T14:05:00Z,7.42,43.73,-3\n", `i.csv:2: column arrival_minutes: -3 is not a number of minutes ≥ 0`, readIncidents},
		{"incidents: unknown grid", "i.csv", "id,time,lon,lat,grid\ni1,2024-03-10T14:05:00Z,7.42,43.73,East\n", `i.csv:2: column grid: grid "East" names no grid; grids: North, South`, readIncidents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			err := tt.read(path, table.Options{CheckGrid: gridCheck})
			checkErr(t, err, filepath.Dir(path), tt.want, nil)
		})
	}
}

func readResponders(p string, o table.Options) error {
	_, _, err := table.ReadResponders(p, o)
	return err
}
func readVolunteers(p string, o table.Options) error {
	_, _, err := table.ReadVolunteers(p, o)
	return err
}
func readIncidents(p string, o table.Options) error {
	_, _, err := table.ReadIncidents(p, o)
	return err
}

func TestReadVolunteersAndIncidents(t *testing.T) {
	vs, _, err := table.ReadVolunteers(writeFile(t, "v.csv", "id,lon,lat,capacity,grid,profile\nv1,7.42,43.73,2,North,wheelchair\nv2,7.43,43.74,,,\n"), table.Options{CheckGrid: gridCheck})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Capacity != 2 || vs[0].Grid != "North" || vs[0].Profile != routing.Wheelchair || vs[1].Capacity != 0 || vs[1].Profile != (routing.Profile{}) {
		t.Errorf("volunteers = %+v", vs)
	}
	path := writeFile(t, "log.csv", "id;time;lon;lat;arrival_minutes\n"+
		"i1;2024-03-10T14:05:00+01:00;7,42;43,73;6,5\n"+
		"i2;2024-03-11T02:00:00Z;7,43;43,74;\n"+
		"i3;yesterday;7,43;43,74;\n")
	incs, bad, err := table.ReadIncidents(path, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != 2 || incs[0].ArrivalMinutes != 6.5 || !math.IsNaN(incs[1].ArrivalMinutes) || incs[0].Time.Format(time.RFC3339) != "2024-03-10T14:05:00+01:00" {
		t.Errorf("incidents = %+v", incs)
	}
	deepEqual(t, "ledger", bad, []table.RowError{{Line: 4, ID: "i3", Reason: `column time: "yesterday" is not an RFC 3339 time like 2024-03-10T14:05:00+01:00`}})
	var _ emergency.Incident = incs[0]
}
