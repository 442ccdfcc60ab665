package table_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// fuzzFile writes data to name in dir, overwriting it.
func fuzzFile(t *testing.T, dir, name string, data []byte) string {
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkReadResult checks what every point reader promises: errors of
// content are *ParseError values, the ledger is in file order, and a
// successful read is not empty.
func checkReadResult(t *testing.T, n int, bad []table.RowError, err error, skip bool) {
	t.Helper()
	if err != nil {
		var pe *table.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T is not a *ParseError: %v", err, err)
		}
		if n != 0 {
			t.Fatalf("error %v with %d results", err, n)
		}
	} else if n == 0 {
		t.Fatal("no results and no error")
	}
	if !skip && len(bad) > 0 {
		t.Fatalf("ledger %v without SkipBadRows", bad)
	}
	for i, b := range bad {
		if b.Reason == "" || b.Line <= 0 {
			t.Fatalf("ledger entry %+v lacks a line or reason", b)
		}
		if i > 0 && b.Line < bad[i-1].Line {
			t.Fatalf("ledger out of order: %v", bad)
		}
	}
}

func checkResidents(t *testing.T, rs []access.Resident) {
	t.Helper()
	ids := make(map[string]bool)
	for _, r := range rs {
		if r.ID == "" || ids[r.ID] {
			t.Fatalf("empty or duplicate id %q", r.ID)
		}
		ids[r.ID] = true
		if err := geo.ValidatePoint(r.Point); err != nil {
			t.Fatalf("resident %q: %v", r.ID, err)
		}
		if !(r.Weight > 0) || math.IsInf(r.Weight, 0) {
			t.Fatalf("resident %q: weight %v", r.ID, r.Weight)
		}
	}
}

func FuzzReadResidentsCSV(f *testing.F) {
	f.Add([]byte("id,lon,lat,weight,group\nr1,-8.61,41.15,,\nr2,-8.62,41.16,2.5,elderly\n"), false)
	f.Add([]byte("\uFEFFID;Lng;Latitude;Population\nr1;-8,61;41,15;3\nr1;1;2;0\n"), true)
	f.Add([]byte("id\tx\ty\nr1\t200\t1\n\"r2\t1\t2\n"), true)
	f.Add([]byte("id,lon,lat\nr1,NaN,Inf\nr2,1e400,2\n,1,2\n"), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "residents.csv", data)
		rs, bad, err := table.ReadResidents(path, table.Options{SkipBadRows: skip})
		checkReadResult(t, len(rs), bad, err, skip)
		checkResidents(t, rs)
	})
}

func FuzzReadResidentsGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[7.4,43.7]},"properties":{"weight":2,"group":"elderly"}}]}`), false)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[7.4]},"properties":{"id":"a"}},{"type":"Feature","geometry":null,"properties":{"id":"a","weight":"-1"}},7]}`), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "residents.geojson", data)
		rs, bad, err := table.ReadResidents(path, table.Options{SkipBadRows: skip})
		checkReadResult(t, len(rs), bad, err, skip)
		checkResidents(t, rs)
	})
}

func FuzzReadFacilitiesCSV(f *testing.F) {
	f.Add([]byte("id,name,category,lon,lat\np1,Farmácia,pharmacy,-8.61,41.15\nb7,,barber,-8.62,41.16\n"), false)
	f.Add([]byte("category;id;lat;lon\npharmacy;p1;41,15;-8,61\nbakery;p2;1;2\npharmacy;p1;1;2\n"), true)
	check := knownCategories("pharmacy", "barber")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "directory.csv", data)
		fs, bad, err := table.ReadFacilities(path, table.Options{SkipBadRows: skip, CheckCategory: check})
		checkReadResult(t, len(fs), bad, err, skip)
		ids := make(map[string]bool)
		for _, fc := range fs {
			if fc.Ref == "" || fc.Source != "directory.csv" || fc.ID != fc.Source+":"+fc.Ref || ids[fc.ID] {
				t.Fatalf("bad identity %+v", fc)
			}
			ids[fc.ID] = true
			if check(fc.Category) != nil {
				t.Fatalf("facility %q: category %q passed unchecked", fc.ID, fc.Category)
			}
			if err := geo.ValidatePoint(fc.Point); err != nil {
				t.Fatalf("facility %q: %v", fc.ID, err)
			}
		}
	})
}

func FuzzReadZonesGeoJSON(f *testing.F) {
	f.Add([]byte(zoneCollection(
		zoneFeature(`"z1"`, `{"name":"Larvotto"}`, "Polygon", `[`+square+`,`+hole+`]`),
		zoneFeature("", `{"NAME":"Monte-Carlo","id":7}`, "MultiPolygon", `[[`+square+`],[`+square+`]]`),
		zoneFeature(`9`, `{}`, "Polygon", `[`+square+`]`))), "")
	f.Add([]byte(zoneCollection(zoneFeature("", `{"cell":1}`, "Polygon", `[[[1,2],[3,4],[5,6]]]`))), "cell")
	f.Add([]byte(zoneCollection(zoneFeature("", `{"name":"A"}`, "LineString", `[[1,2],[3,4]]`))), "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, nameProp string) {
		path := fuzzFile(t, dir, "zones.geojson", data)
		zs, err := table.ReadZones(path, nameProp)
		if err != nil {
			var pe *table.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			return
		}
		if len(zs) == 0 {
			t.Fatal("no zones and no error")
		}
		names, ids := make(map[string]bool), make(map[string]bool)
		for _, z := range zs {
			if z.Name == "" || z.ID == "" || names[z.Name] || ids[z.ID] {
				t.Fatalf("empty or duplicate name or id: %q, %q", z.Name, z.ID)
			}
			names[z.Name], ids[z.ID] = true, true
			if len(z.Geometry) == 0 {
				t.Fatalf("zone %q has no polygons", z.Name)
			}
			for _, p := range z.Geometry {
				if len(p) == 0 {
					t.Fatalf("zone %q has a polygon without rings", z.Name)
				}
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("zone %q has a bad ring %v", z.Name, r)
					}
					for _, pt := range r {
						if err := geo.ValidatePoint(pt); err != nil {
							t.Fatalf("zone %q: %v", z.Name, err)
						}
					}
				}
			}
		}
	})
}
