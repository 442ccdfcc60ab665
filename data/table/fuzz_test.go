package table_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
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

// checkCellCounts checks what ReadCellCounts promises of its counts.
func checkCellCounts(t *testing.T, cs []table.CellCount, bad []table.RowError, err error, skip bool) {
	t.Helper()
	if err != nil {
		var pe *table.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T is not a *ParseError: %v", err, err)
		}
		if len(cs) != 0 {
			t.Fatalf("error %v with %d results", err, len(cs))
		}
	} else if len(cs) == 0 {
		t.Fatal("no results and no error")
	}
	if !skip && len(bad) > 0 {
		t.Fatalf("ledger %v without SkipBadRows", bad)
	}
	for i, b := range bad {
		if b.Reason == "" || max(b.Line, b.Feature) <= 0 || (i > 0 && max(b.Line, b.Feature) < max(bad[i-1].Line, bad[i-1].Feature)) {
			t.Fatalf("ledger entry %d %+v lacks a place or reason, or is out of order: %v", i, b, bad)
		}
	}
	seen := map[hex.Cell]bool{}
	for _, c := range cs {
		if !c.Cell.Valid() || c.Cell.Resolution() < table.MinCountResolution || c.Cell.Resolution() > table.MaxCountResolution {
			t.Fatalf("cell %v of resolution %d", c.Cell, c.Cell.Resolution())
		}
		if seen[c.Cell] || !(c.People >= 0) || math.IsInf(c.People, 0) {
			t.Fatalf("duplicate cell or bad count %+v", c)
		}
		seen[c.Cell] = true
	}
	for _, c := range cs {
		for r := table.MinCountResolution; r < c.Cell.Resolution(); r++ {
			if p, _ := c.Cell.Parent(r); seen[p] {
				t.Fatalf("cell %v inside cell %v", c.Cell, p)
			}
		}
	}
}

func FuzzReadCellCountsCSV(f *testing.F) {
	f.Add([]byte("h3,population\n"+c8+",12.5\n"+d8+",0\n"), false)
	f.Add([]byte("\uFEFFH3;Population\n"+c8+";12,5\n"+c9+";3\n"+c6+";-1\nzz;1\n"), true)
	f.Add([]byte("cell\tpeople\n"+c5+"\tNaN\n"+c11+"\t1e400\n"+c8+"\t1\n"+c8+"\t2\n"), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "pop.csv", data)
		cs, bad, err := table.ReadCellCounts(path, table.Options{SkipBadRows: skip})
		checkCellCounts(t, cs, bad, err, skip)
	})
}

func FuzzReadCellCountsGPKG(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.gpkg")
	writeCountsGPKG(f, seed, "population", "h3", "population", []countsRow{{1, c8, 12.5}, {2, c9, int64(3)}, {3, "x", -1}, {4, d8, nil}})
	data, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, false)
	f.Add(data, true)
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "pop.gpkg", data)
		cs, bad, err := table.ReadCellCountsGPKG(path, table.Options{SkipBadRows: skip})
		checkCellCounts(t, cs, bad, err, skip)
	})
}

func FuzzReadGridCounts(f *testing.F) {
	f.Add([]byte("grid,population,elderly,disabled\nA,100,18,3\nB,0,0,0\n"), false)
	f.Add([]byte("Name;People;Old\nA;10,5;11\nA;1;0\n;2;1\nC;x;1\n"), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		path := fuzzFile(t, dir, "census.csv", data)
		gc, bad, err := table.ReadGridCounts(path, table.Options{SkipBadRows: skip})
		checkReadResult(t, len(gc.Counts), bad, err, skip)
		names := map[string]bool{}
		for _, g := range gc.Counts {
			if g.Name == "" || names[g.Name] || !(g.People >= 0) || math.IsInf(g.People, 0) || len(g.Groups) != len(gc.Groups) {
				t.Fatalf("bad grid count %+v (groups %v)", g, gc.Groups)
			}
			names[g.Name] = true
			sum := 0.0
			for _, v := range g.Groups {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("bad group count in %+v", g)
				}
				sum += v
			}
			if sum > g.People*(1+1e-9) {
				t.Fatalf("groups of %+v exceed its people", g)
			}
		}
	})
}
