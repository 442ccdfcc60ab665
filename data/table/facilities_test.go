package table_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/access"
)

// knownCategories is a stand-in for taxonomy.Taxonomy.Validate.
func knownCategories(known ...string) func(string) error {
	return func(c string) error {
		if slices.Contains(known, c) {
			return nil
		}
		return fmt.Errorf("unknown category %q; known: %s", c, strings.Join(known, ", "))
	}
}

func TestReadFacilities(t *testing.T) {
	want := func(source string) []access.Facility {
		return []access.Facility{
			{ID: source + ":p1", Name: "Farmácia Central", Category: "pharmacy", Point: orb.Point{-8.61, 41.15}, Source: source, Ref: "p1"},
			{ID: source + ":b7", Name: "", Category: "barber", Point: orb.Point{-8.62, 41.16}, Source: source, Ref: "b7"},
		}
	}
	tests := []struct{ name, file, content string }{
		{"csv", "dir.csv", "id,name,category,lon,lat\np1,Farmácia Central,pharmacy,-8.61,41.15\nb7,,barber,-8.62,41.16\n"},
		{"csv without name column", "dir.csv", "category,id,lat,lon\npharmacy,p1,41.15,-8.61\nbarber,b7,41.16,-8.62\n"},
		{"geojson", "dir.geojson", `{"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.61,41.15]},"properties":{"id":"p1","name":"Farmácia Central","category":"pharmacy"}},
			{"type":"Feature","id":"b7","geometry":{"type":"Point","coordinates":[-8.62,41.16]},"properties":{"Category":"barber"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := table.ReadFacilities(writeFile(t, tt.file, tt.content), table.Options{CheckCategory: knownCategories("pharmacy", "barber")})
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) != 0 {
				t.Errorf("ledger = %v, want empty", bad)
			}
			w := want(tt.file)
			if tt.name == "csv without name column" {
				w[0].Name = ""
			}
			deepEqual(t, "facilities", got, w)
		})
	}
}

func TestReadFacilitiesErrors(t *testing.T) {
	const header = "id,name,category,lon,lat\n"
	check := table.Options{CheckCategory: knownCategories("grocery", "pharmacy")}
	tests := []struct {
		name, file, content string
		opts                table.Options
		want                string
	}{
		{"header only", "d.csv", header, check, "d.csv: no facilities"},
		{"missing category column", "d.csv", "id,name,lon,lat\n", check, "d.csv:1: missing column category (accepted names: category; header has: id, name, lon, lat)"},
		{"unknown category", "d.csv", header + "a,A,grocery,1,2\nb,B,bakery,1,2\n", check, `d.csv:3: column category: unknown category "bakery"; known: grocery, pharmacy`},
		{"empty category", "d.csv", header + "a,A,,1,2\n", check, `d.csv:2: column category: empty category`},
		{"empty category without check", "d.csv", header + "a,A,,1,2\n", table.Options{}, `d.csv:2: column category: empty category`},
		{"bad longitude", "d.csv", header + "a,A,grocery,-181,2\n", check, `d.csv:2: column lon: longitude -181 is outside [-180, 180]`},
		{"duplicate", "d.csv", header + "a,A,grocery,1,2\na,B,grocery,1,2\n", check, `d.csv:3: column id: duplicate id "a" (first on line 2)`},
		{"geojson unknown category", "d.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"x","category":"bakery"}}]}`, check,
			`d.geojson:1: feature 1 ("x"): property category: unknown category "bakery"; known: grocery, pharmacy`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			_, _, err := table.ReadFacilities(path, tt.opts)
			checkErr(t, err, filepath.Dir(path), tt.want, nil)
		})
	}
}

func TestReadFacilitiesSkipBadRows(t *testing.T) {
	path := writeFile(t, "d.csv", "id,name,category,lon,lat\na,A,grocery,1,2\nb,B,bakery,1,2\nc,C,pharmacy,1,2\n")
	got, bad, err := table.ReadFacilities(path, table.Options{SkipBadRows: true, CheckCategory: knownCategories("grocery", "pharmacy")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Ref != "a" || got[1].Ref != "c" {
		t.Errorf("facilities = %+v, want a and c", got)
	}
	deepEqual(t, "ledger", bad, []table.RowError{{Line: 3, ID: "b", Reason: `column category: unknown category "bakery"; known: grocery, pharmacy`}})
}
