package table_test

import (
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/access"
)

// square returns the GeoJSON coordinates of a closed square ring.
const square = `[[7.41,43.72],[7.42,43.72],[7.42,43.73],[7.41,43.73],[7.41,43.72]]`
const hole = `[[7.412,43.722],[7.413,43.722],[7.413,43.723],[7.412,43.722]]`

var squareRing = orb.Ring{{7.41, 43.72}, {7.42, 43.72}, {7.42, 43.73}, {7.41, 43.73}, {7.41, 43.72}}

func zoneFeature(id, props, geomType, coords string) string {
	s := `{"type":"Feature",`
	if id != "" {
		s += `"id":` + id + `,`
	}
	if props != "" {
		s += `"properties":` + props + `,`
	}
	return s + `"geometry":{"type":"` + geomType + `","coordinates":` + coords + `}}`
}

func zoneCollection(features ...string) string {
	s := "{\"type\":\"FeatureCollection\",\"features\":[\n"
	for i, f := range features {
		if i > 0 {
			s += ",\n"
		}
		s += f
	}
	return s + "\n]}"
}

func TestReadZones(t *testing.T) {
	content := zoneCollection(
		zoneFeature(`"z1"`, `{"name":"Larvotto"}`, "Polygon", `[`+square+`,`+hole+`]`),
		zoneFeature("", `{"NAME":"Monte-Carlo","id":7}`, "MultiPolygon", `[[`+square+`],[`+square+`]]`),
		zoneFeature(`9`, `{}`, "Polygon", `[`+square+`]`),
		zoneFeature("", `null`, "Polygon", `[`+square+`]`),
	)
	path := writeFile(t, "zones.geojson", content)
	got, err := table.ReadZones(path, "")
	if err != nil {
		t.Fatal(err)
	}
	holeRing := orb.Ring{{7.412, 43.722}, {7.413, 43.722}, {7.413, 43.723}, {7.412, 43.722}}
	deepEqual(t, "zones", got, []access.Zone{
		{ID: "z1", Name: "Larvotto", Geometry: orb.MultiPolygon{{squareRing, holeRing}}},
		{ID: "7", Name: "Monte-Carlo", Geometry: orb.MultiPolygon{{squareRing}, {squareRing}}},
		{ID: "9", Name: "9", Geometry: orb.MultiPolygon{{squareRing}}},
		{ID: "zone-4", Name: "zone-4", Geometry: orb.MultiPolygon{{squareRing}}},
	})

	// An explicit name property, with numbers for names.
	path = writeFile(t, "grid.geojson", zoneCollection(
		zoneFeature("", `{"cell":101}`, "Polygon", `[`+square+`]`),
		zoneFeature("", `{"CELL":"102"}`, "Polygon", `[`+square+`]`),
	))
	got, err = table.ReadZones(path, "cell")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "101" || got[0].ID != "101" || got[1].Name != "102" {
		t.Errorf("zones named by cell = %+v, want 101 and 102", got)
	}
}

func TestReadZonesErrors(t *testing.T) {
	poly := `[` + square + `]`
	tests := []struct {
		name, file, content, prop, want string
		kind                            error
	}{
		{"empty", "z.geojson", ``, "", "z.geojson: no zones", table.ErrEmpty},
		{"no features", "z.geojson", `{"type":"FeatureCollection","features":[]}`, "", "z.geojson: no zones", table.ErrEmpty},
		{"csv", "z.csv", "id,name\n", "", "z.csv: zones must be a GeoJSON FeatureCollection, not CSV", nil},
		{"line string", "z.geojson", zoneCollection(
			zoneFeature("", `{"name":"A"}`, "Polygon", poly),
			zoneFeature("", `{"name":"B"}`, "Polygon", poly),
			zoneFeature("", `{"name":"Larvotto"}`, "LineString", `[[7.41,43.72],[7.42,43.73]]`)),
			"", `z.geojson:4: feature 3 ("Larvotto"): geometry is LineString, want Polygon or MultiPolygon`, nil},
		{"point", "z.geojson", zoneCollection(zoneFeature(`"p"`, "", "Point", `[7.41,43.72]`)),
			"", `z.geojson:2: feature 1 ("p"): geometry is Point, want Polygon or MultiPolygon`, nil},
		{"explicit name missing", "z.geojson", zoneCollection(zoneFeature(`"a"`, `{"name":"A","area":3}`, "Polygon", poly)),
			"DICOFRE", `z.geojson:2: feature 1 ("a"): no name: property "DICOFRE" is missing or empty (properties: area, name)`, nil},
		{"name not scalar", "z.geojson", zoneCollection(zoneFeature("", `{"name":{"pt":"A"}}`, "Polygon", poly)),
			"", `z.geojson:2: feature 1: property name: want a string or a number, got an object`, nil},
		{"duplicate name", "z.geojson", zoneCollection(
			zoneFeature("", `{"name":"A"}`, "Polygon", poly),
			zoneFeature("", `{"name":"A"}`, "Polygon", poly)),
			"", `z.geojson:3: feature 2 ("A"): duplicate name "A" (first in feature 1)`, table.ErrDuplicate},
		{"duplicate id", "z.geojson", zoneCollection(
			zoneFeature(`1`, `{"name":"A"}`, "Polygon", poly),
			zoneFeature(`1`, `{"name":"B"}`, "Polygon", poly)),
			"", `z.geojson:3: feature 2 ("B"): duplicate id "1" (first in feature 1)`, table.ErrDuplicate},
		{"open ring", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "Polygon", `[[[7.41,43.72],[7.42,43.72],[7.42,43.73],[7.41,43.73]]]`)),
			"", `z.geojson:2: feature 1 ("A"): geometry ring 1 is not closed: first position [7.41 43.72], last [7.41 43.73]`, nil},
		{"short ring", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "Polygon", `[[[7.41,43.72],[7.42,43.72],[7.41,43.72]]]`)),
			"", `z.geojson:2: feature 1 ("A"): geometry ring 1 has 3 positions, want at least 4`, nil},
		{"bad position in multipolygon hole", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "MultiPolygon", `[[`+square+`],[`+square+`,[[7.41,43.72],[7.42,95],[7.42,43.73],[7.41,43.72]]]]`)),
			"", `z.geojson:2: feature 1 ("A"): geometry: polygon 2 ring 2 position 2: latitude 95 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)`, nil},
		{"empty polygon", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "Polygon", `[]`)),
			"", `z.geojson:2: feature 1 ("A"): geometry has no rings`, nil},
		{"empty multipolygon", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "MultiPolygon", `[]`)),
			"", `z.geojson:2: feature 1 ("A"): geometry: MultiPolygon has no polygons`, nil},
		{"coordinates not arrays", "z.geojson", zoneCollection(zoneFeature("", `{"name":"A"}`, "Polygon", `"x"`)),
			"", `z.geojson:2: feature 1 ("A"): geometry: coordinates are not an array of rings of positions`, nil},
		{"no geometry", "z.geojson", zoneCollection(`{"type":"Feature","properties":{"name":"A"}}`),
			"", `z.geojson:2: feature 1 ("A"): no geometry`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			got, err := table.ReadZones(path, tt.prop)
			if err == nil {
				t.Fatalf("ReadZones = %+v, nil; want error %q", got, tt.want)
			}
			checkErr(t, err, filepath.Dir(path), tt.want, tt.kind)
		})
	}
}
