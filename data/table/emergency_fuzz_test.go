package table_test

import (
	"math"
	"testing"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
)

func FuzzReadResponders(f *testing.F) {
	f.Add([]byte("id,name,lon,lat,grid,from,to\np1,Esquadra,7.42,43.73,,,\np2,,7.43,43.74,North,2024-03-01,2024-03-31\n"), false)
	f.Add([]byte("id;lon;lat;from\np1;-7,4;43,7;2024-02-30\np1;7;43;2024-03-01T08:00:00+01:00\n"), true)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[7.4,43.7]},"properties":{"grid":"Nowhere","to":"2024-01-01"}}]}`), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "responders.csv", data)
		rs, bad, err := table.ReadResponders(path, table.Options{SkipBadRows: skip, CheckGrid: gridCheck})
		checkReadResult(t, len(rs), bad, err, skip)
		ids := map[string]bool{}
		for _, r := range rs {
			if r.ID == "" || ids[r.ID] {
				t.Fatalf("empty or duplicate id %q", r.ID)
			}
			ids[r.ID] = true
			if err := geo.ValidatePoint(r.Point); err != nil || gridCheck(r.Point, r.Grid) != nil {
				t.Fatalf("responder %q passed unchecked: %+v", r.ID, r)
			}
			if !r.From.IsZero() && !r.To.IsZero() && !r.To.After(r.From) {
				t.Fatalf("responder %q: to %v not after from %v", r.ID, r.To, r.From)
			}
		}
	})
}

func FuzzReadVolunteers(f *testing.F) {
	f.Add([]byte("id,lon,lat,capacity,grid,profile\nv1,7.42,43.73,2,North,wheelchair\nv2,7.43,43.74,,,\n"), false)
	f.Add([]byte("id,lon,lat,capacity\nv1,7.42,43.73,0\nv2,7.42,43.73,-1\nv3,7.42,43.73,1e3\nv4,7.42,43.73,99999999999999999999\n"), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "volunteers.csv", data)
		vs, bad, err := table.ReadVolunteers(path, table.Options{SkipBadRows: skip, CheckGrid: gridCheck})
		checkReadResult(t, len(vs), bad, err, skip)
		for _, v := range vs {
			if v.Capacity < 0 || geo.ValidatePoint(v.Point) != nil || gridCheck(v.Point, v.Grid) != nil {
				t.Fatalf("volunteer %q passed unchecked: %+v", v.ID, v)
			}
			if v.Profile.Name != "" && v.Profile.Validate() != nil {
				t.Fatalf("volunteer %q: bad profile %+v", v.ID, v.Profile)
			}
		}
	})
}

func FuzzReadIncidents(f *testing.F) {
	f.Add([]byte("id,time,lon,lat,grid,arrival_minutes\ni1,2024-03-10T14:05:00+01:00,7.42,43.73,,6.5\ni2,2024-03-11T02:00:00Z,7.43,43.74,North,\n"), false)
	f.Add([]byte("id;time;lon;lat;arrival\ni1;2024-13-10T14:05:00Z;7;43;1\ni2;2024-03-10T14:05:00Z;7;43;NaN\ni3;2024-03-10T14:05:00Z;7;43;-0\n"), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "incidents.csv", data)
		incs, bad, err := table.ReadIncidents(path, table.Options{SkipBadRows: skip})
		checkReadResult(t, len(incs), bad, err, skip)
		for _, in := range incs {
			if geo.ValidatePoint(in.Point) != nil {
				t.Fatalf("incident %q passed unchecked: %+v", in.ID, in)
			}
			if a := in.ArrivalMinutes; !math.IsNaN(a) && (a < 0 || math.IsInf(a, 0)) {
				t.Fatalf("incident %q: arrival %v", in.ID, a)
			}
		}
	})
}
