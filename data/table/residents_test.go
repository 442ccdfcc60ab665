package table_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/access"
)

func TestReadResidentsGood(t *testing.T) {
	want := []access.Resident{
		{ID: "r1", Point: orb.Point{-8.61, 41.15}, Weight: 1, Group: ""},
		{ID: "r2", Point: orb.Point{-8.62, 41.16}, Weight: 2.5, Group: "elderly"},
	}
	tests := []struct {
		name, file, content string
	}{
		{"plain csv", "r.csv", "id,lon,lat,weight,group\nr1,-8.61,41.15,,\nr2,-8.62,41.16,2.5,elderly\n"},
		{"aliases, order, case, extra columns", "r.csv", "Group,LATITUDE,note,Lng,ID,Population\n,41.15,x,-8.61,r1,\nelderly,41.16,\"a, b\",-8.62,r2,2.5\n"},
		{"no optional columns gives weight 1", "r.csv", "id,x,y\nr1,-8.61,41.15\n"},
		{"spaces, BOM, CRLF, blank lines", "r.csv", "\uFEFF id , lon , lat , weight , group \r\n r1 , -8.61 , 41.15 , , \r\n\r\n,,,,\r\nr2,-8.62,41.16,2.5,elderly\r\n"},
		{"semicolons and decimal commas", "r.csv", "id;lon;lat;weight;group\nr1;-8,61;41,15;;\nr2;-8.62;41.16;2,5;elderly\n"},
		{"tabs", "r.tsv", "id\tlon\tlat\tweight\tgroup\nr1\t-8.61\t41.15\t\t\nr2\t-8.62\t41.16\t2.5\telderly\n"},
		{"geojson", "r.geojson", `{"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.61,41.15]},"properties":{"id":"r1"}},
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.62,41.16,99]},"properties":{"ID":"r2","weight":2.5,"group":"elderly"}}]}`},
		{"geojson ids from feature, numbers, nulls", "r.json", `{"features":[
			{"type":"Feature","id":"r1","geometry":{"type":"Point","coordinates":[-8.61,41.15]},"properties":{"weight":null,"group":null}},
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.62,41.16]},"properties":{"id":"r2","weight":"2.5","group":"elderly","other":[1]}}],
			"type":"FeatureCollection","name":"extra member"}`},
		{"geojson content in a .csv name", "r.csv", ` {"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.61,41.15]},"properties":{"id":"r1"}},
			{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.62,41.16]},"properties":{"id":"r2","weight":2.5,"group":"elderly"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := table.ReadResidents(writeFile(t, tt.file, tt.content), table.Options{})
			if err != nil {
				t.Fatalf("ReadResidents: %v", err)
			}
			if len(bad) != 0 {
				t.Errorf("ledger = %v, want empty", bad)
			}
			w := want
			if tt.name == "no optional columns gives weight 1" {
				w = want[:1]
			}
			deepEqual(t, "residents", got, w)
		})
	}
}

func TestReadResidentsNumericGeoJSONID(t *testing.T) {
	path := writeFile(t, "r.geojson", `{"type":"FeatureCollection","features":[
		{"type":"Feature","id":17,"geometry":{"type":"Point","coordinates":[7.42,43.73]}},
		{"type":"Feature","geometry":{"type":"Point","coordinates":[7.43,43.74]},"properties":{"id":18}}]}`)
	got, _, err := table.ReadResidents(path, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "17" || got[1].ID != "18" {
		t.Errorf("ids = %+v, want 17 and 18", got)
	}
}

func TestReadResidentsErrors(t *testing.T) {
	const header = "id,lon,lat,weight,group\n"
	feature := func(coords, props string) string {
		return `{"type":"Feature","geometry":{"type":"Point","coordinates":` + coords + `},"properties":` + props + `}`
	}
	collection := func(features ...string) string {
		s := "{\"type\": \"FeatureCollection\", \"features\": [\n"
		for i, f := range features {
			if i > 0 {
				s += ",\n"
			}
			s += f
		}
		return s + "\n]}"
	}
	tests := []struct {
		name, file, content, want string
		kind                      error
	}{
		{"empty file", "r.csv", "", "r.csv: no residents", table.ErrEmpty},
		{"header only", "r.csv", header, "r.csv: no residents", table.ErrEmpty},
		{"bom only", "r.csv", "\uFEFF", "r.csv: no residents", table.ErrEmpty},
		{"missing column", "r.csv", "id,lon,lt\nr1,1,2\n", "r.csv:1: missing column lat (accepted names: lat, latitude, y; header has: id, lon, lt)", table.ErrMissingColumn},
		{"no header", "r.csv", "r1,-8.61,41.15\n", "r.csv:1: missing column id (accepted names: id; header has: r1, -8.61, 41.15)", table.ErrMissingColumn},
		{"two longitude columns", "r.csv", "id,lon,Lng,lat\nr1,1,1,2\n", `r.csv:1: columns "lon" and "Lng" both give the lon`, nil},
		{"empty id", "r.csv", header + "r1,-8.61,41.15,,\n ,-8.61,41.15,,\n", "r.csv:3: column id: empty id", nil},
		{"short record", "r.csv", header + "r1,-8.61,41.15\n", "r.csv:2: record has 3 fields, header has 5", nil},
		{"bad quote", "r.csv", header + "r1,\"-8.61,41.15,,\nr2,x", `r.csv:3:5: invalid CSV: extraneous or missing " in quoted-field`, nil},
		{"missing lon", "r.csv", header + "r1,,41.15,,\n", "r.csv:2: column lon: missing value", nil},
		{"non-numeric lat", "r.csv", header + "r1,-8.61,north,,\n", `r.csv:2: column lat: "north" is not a number`, nil},
		{"NaN lat", "r.csv", header + "r1,-8.61,NaN,,\n", "r.csv:2: column lat: latitude NaN is not a finite number", nil},
		{"latitude out of range", "residents.csv", header + "r1,-8.61,41.15,,\n" + "r2,-8.61,123,,\n", "residents.csv:3: column lat: latitude 123 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)", nil},
		{"longitude out of range", "r.csv", header + "r1,200,41.15,,\n", "r.csv:2: column lon: longitude 200 is outside [-180, 180]", nil},
		{"swapped", "r.csv", "id,longitude,latitude\nr1,41.15,-98.61\n", "r.csv:2: column latitude: latitude -98.61 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)", nil},
		{"zero weight", "r.csv", header + "r1,-8.61,41.15,0,\n", "r.csv:2: column weight: weight 0 is not positive", nil},
		{"negative weight alias", "r.csv", "id,lon,lat,Population\nr1,-8.61,41.15,-2\n", "r.csv:2: column Population: weight -2 is not positive", nil},
		{"NaN weight", "r.csv", header + "r1,-8.61,41.15,nan,\n", "r.csv:2: column weight: weight NaN is not a finite number", nil},
		{"text weight", "r.csv", header + "r1,-8.61,41.15,many,\n", `r.csv:2: column weight: weight "many" is not a number`, nil},
		{"duplicate id", "r.csv", header + "r16,-8.61,41.15,,\nr17,-8.61,41.15,,\nr18,-8.61,41.15,,\nr17,-8.62,41.16,,\n", `r.csv:5: column id: duplicate id "r17" (first on line 3)`, table.ErrDuplicate},

		{"geojson empty collection", "r.geojson", `{"type":"FeatureCollection","features":[]}`, "r.geojson: no residents", table.ErrEmpty},
		{"geojson whitespace only", "r.geojson", " \n", "r.geojson: no residents", table.ErrEmpty},
		{"geojson syntax", "r.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [}", `r.geojson:2:15: invalid JSON: invalid character '}' looking for beginning of value`, nil},
		{"geojson truncated", "r.geojson", `{"type": "FeatureCollection", "features": [`, `r.geojson:1:43: invalid JSON: unexpected end of JSON input`, nil},
		{"geojson trailing data", "r.geojson", `{"type":"FeatureCollection","features":[]} x`, `r.geojson:1:44: invalid JSON: invalid character 'x' after top-level value`, nil},
		{"geojson second object", "r.geojson", `{"type":"FeatureCollection","features":[]} {}`, `r.geojson:1:44: invalid JSON: invalid character '{' after top-level value`, nil},
		{"geojson not an object", "r.geojson", `[1]`, `r.geojson: want a GeoJSON FeatureCollection object, got an array`, nil},
		{"geojson wrong type", "r.geojson", `{"type":"Feature","geometry":null}`, `r.geojson: type is "Feature", want "FeatureCollection"`, nil},
		{"geojson missing type", "r.geojson", `{"features":[]}`, `r.geojson: missing "type"; want "FeatureCollection"`, nil},
		{"geojson features not array", "r.geojson", `{"type":"FeatureCollection","features":{}}`, `r.geojson: "features" is an object, want an array`, nil},
		{"geojson feature not object", "r.geojson", collection(`17`), `r.geojson:2: feature 1: feature is a number, want an object`, nil},
		{"geojson feature bad type", "r.geojson", collection(`{"type":"Point","coordinates":[1,2]}`), `r.geojson:2: feature 1: type is "Point", want "Feature"`, nil},
		{"geojson polygon", "r.geojson", collection(feature("[1,2]", `{"id":"a"}`), `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{"id":"b"}}`), `r.geojson:3: feature 2 ("b"): geometry is Polygon, want Point`, nil},
		{"geojson null geometry", "r.geojson", collection(`{"type":"Feature","geometry":null,"properties":{"id":"a"}}`), `r.geojson:2: feature 1 ("a"): no geometry`, nil},
		{"geojson short position", "r.geojson", collection(feature("[7.4]", `{"id":"a"}`)), `r.geojson:2: feature 1 ("a"): geometry: position has 1 numbers, want [lon, lat]`, nil},
		{"geojson null coordinate", "r.geojson", collection(feature("[7.4, null]", `{"id":"a"}`)), `r.geojson:2: feature 1 ("a"): geometry: "" is not a number`, nil},
		{"geojson bad latitude", "r.geojson", collection(feature("[7.4,123]", `{"id":"a"}`)), `r.geojson:2: feature 1 ("a"): geometry: latitude 123 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)`, nil},
		{"geojson no id", "r.geojson", collection(feature("[7.4,43.7]", `{}`)), `r.geojson:2: feature 1: property id: empty id`, nil},
		{"geojson bad weight", "r.geojson", collection(feature("[7.4,43.7]", `{"id":"r3","weight":-1}`)), `r.geojson:2: feature 1 ("r3"): property weight: weight -1 is not positive`, nil},
		{"geojson bool group", "r.geojson", collection(feature("[7.4,43.7]", `{"id":"r3","group":true}`)), `r.geojson:2: feature 1 ("r3"): property group: want a string or a number, got a boolean`, nil},
		{"geojson duplicate", "r.geojson", collection(feature("[7.4,43.7]", `{"id":"a"}`), feature("[7.4,43.7]", `{"id":"b"}`), feature("[7.4,43.7]", `{"id":"a"}`)), `r.geojson:4: feature 3 ("a"): property id: duplicate id "a" (first in feature 1)`, table.ErrDuplicate},
		{"geojson properties not object", "r.geojson", collection(`{"type":"Feature","geometry":null,"properties":[]}`), `r.geojson:2: feature 1: properties is an array, want an object`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			got, _, err := table.ReadResidents(path, table.Options{})
			if err == nil {
				t.Fatalf("ReadResidents = %+v, nil; want error %q", got, tt.want)
			}
			checkErr(t, err, filepath.Dir(path), tt.want, tt.kind)
			var pe *table.ParseError
			if !errors.As(err, &pe) || pe.File != path {
				t.Errorf("error %T does not unwrap to a *ParseError for %s", err, path)
			}
		})
	}
}

func TestReadResidentsSkipBadRows(t *testing.T) {
	content := "id,lon,lat,weight,group\n" +
		"r1,-8.61,41.15,,\n" +
		"r2,-8.61,123,,\n" +
		",-8.61,41.15,,\n" +
		"r3,-8.62,41.16,3,elderly\n" +
		"r4,-8.62,41.16,-1,\n" +
		"r1,-8.63,41.17,,\n" +
		"r5,-8.64\n"
	path := writeFile(t, "residents.csv", content)

	_, _, err := table.ReadResidents(path, table.Options{})
	checkErr(t, err, filepath.Dir(path), "residents.csv:3: column lat: latitude 123 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)", nil)

	got, bad, err := table.ReadResidents(path, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "residents", got, []access.Resident{
		{ID: "r1", Point: orb.Point{-8.61, 41.15}, Weight: 1},
		{ID: "r3", Point: orb.Point{-8.62, 41.16}, Weight: 3, Group: "elderly"},
	})
	deepEqual(t, "ledger", bad, []table.RowError{
		{Line: 3, ID: "r2", Reason: "column lat: latitude 123 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)"},
		{Line: 4, Reason: "column id: empty id"},
		{Line: 6, ID: "r4", Reason: "column weight: weight -1 is not positive"},
		{Line: 7, ID: "r1", Reason: `column id: duplicate id "r1" (first on line 2)`},
		{Line: 8, ID: "r5", Reason: "record has 2 fields, header has 5"},
	})

	// A bad row does not take its id: a later good row may use it.
	path = writeFile(t, "again.csv", "id,lon,lat\nr1,-8.61,123\nr1,-8.61,41.15\n")
	got, bad, err = table.ReadResidents(path, table.Options{SkipBadRows: true})
	if err != nil || len(got) != 1 || len(bad) != 1 || bad[0].Line != 2 {
		t.Errorf("ReadResidents(again.csv) = %v, %v, %v; want one resident and one skipped row", got, bad, err)
	}

	// All bad: an error and the ledger.
	path = writeFile(t, "bad.geojson", `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"LineString","coordinates":[]},"properties":{"id":"x"}}]}`)
	got, bad, err = table.ReadResidents(path, table.Options{SkipBadRows: true})
	checkErr(t, err, filepath.Dir(path), "bad.geojson: no valid residents: all 1 records are bad", table.ErrEmpty)
	deepEqual(t, "ledger", bad, []table.RowError{{Line: 2, Feature: 1, ID: "x", Reason: "geometry is LineString, want Point"}})
	if got != nil {
		t.Errorf("residents = %v, want nil", got)
	}
}

func TestReadResidentsFormatOption(t *testing.T) {
	path := writeFile(t, "stdin", "id,lon,lat\nr1,7.42,43.73\n")
	if _, _, err := table.ReadResidents(path, table.Options{Format: table.FormatGeoJSON}); err == nil {
		t.Error("CSV content read as GeoJSON: error = nil, want a JSON error")
	}
	got, _, err := table.ReadResidents(path, table.Options{Format: table.FormatCSV})
	if err != nil || len(got) != 1 {
		t.Errorf("ReadResidents(FormatCSV) = %v, %v; want one resident", got, err)
	}
}

func TestReadResidentsMissingFile(t *testing.T) {
	_, _, err := table.ReadResidents(filepath.Join(t.TempDir(), "nope.csv"), table.Options{})
	if err == nil {
		t.Fatal("error = nil, want a not-exist error")
	}
	var pe *table.ParseError
	if errors.As(err, &pe) {
		t.Errorf("a missing file gave a *ParseError: %v", err)
	}
}

func TestParseErrorFormat(t *testing.T) {
	inner := errors.New("boom")
	tests := []struct {
		e    table.ParseError
		want string
	}{
		{table.ParseError{File: "f.csv", Err: inner}, "f.csv: boom"},
		{table.ParseError{File: "f.csv", Line: 3, Column: "lat", Err: inner}, "f.csv:3: column lat: boom"},
		{table.ParseError{File: "f.csv", Line: 3, Char: 7, Err: inner}, "f.csv:3:7: boom"},
		{table.ParseError{File: "f.json", Line: 9, Feature: 2, Err: inner}, "f.json:9: feature 2: boom"},
		{table.ParseError{File: "f.json", Line: 9, Feature: 2, ID: "a", Column: "w", Err: inner}, `f.json:9: feature 2 ("a"): property w: boom`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.e.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(&tt.e, inner) {
				t.Error("ParseError does not unwrap to its Err")
			}
		})
	}
}
