package table_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/table"
)

// layer is one layer to write into a test GeoPackage.
type layer struct {
	spec gpkg.LayerSpec
	rows []row
}

type row struct {
	g    orb.Geometry
	vals []any
}

// writeGPKG writes the layers into name in a temporary folder.
func writeGPKG(t *testing.T, name string, layers ...layer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	w, err := gpkg.Create(path, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		gl, err := w.AddLayer(l.spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.rows {
			if err := gl.Add(r.g, r.vals...); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func text(names ...string) []gpkg.Column {
	cols := make([]gpkg.Column, len(names))
	for i, n := range names {
		cols[i] = gpkg.Column{Name: n, Type: gpkg.Text}
	}
	return cols
}

func residentsLayer(rows ...row) layer {
	return layer{spec: gpkg.LayerSpec{Name: "residents", GeometryType: gpkg.Point,
		Columns: []gpkg.Column{{Name: "ID", Type: gpkg.Text}, {Name: "population", Type: gpkg.Real}, {Name: "group", Type: gpkg.Text}}}, rows: rows}
}

var monacoSquare = orb.MultiPolygon{{{{7.41, 43.72}, {7.43, 43.72}, {7.43, 43.74}, {7.41, 43.74}, {7.41, 43.72}}}}

func TestReadResidentsGPKG(t *testing.T) {
	path := writeGPKG(t, "居民.gpkg",
		layer{spec: gpkg.LayerSpec{Name: "other", GeometryType: gpkg.Point, Columns: text("x")}, rows: []row{{orb.Point{1, 1}, []any{"x"}}}},
		residentsLayer(
			row{orb.Point{7.42, 43.73}, []any{"r1", 2.5, "elderly"}},
			row{orb.Point{7.43, 43.74}, []any{"东区-2", nil, nil}},
		))
	rs, bad, err := table.ReadResidents(path, table.Options{})
	if err != nil || len(bad) != 0 {
		t.Fatalf("ReadResidents = %v, %v", bad, err)
	}
	if len(rs) != 2 || rs[0].ID != "r1" || rs[0].Weight != 2.5 || rs[0].Group != "elderly" || rs[0].Point != (orb.Point{7.42, 43.73}) ||
		rs[1].ID != "东区-2" || rs[1].Weight != 1 || rs[1].Group != "" {
		t.Errorf("residents = %+v", rs)
	}
	// A named layer; its fid is the id when there is no id column.
	rs, _, err = table.ReadResidents(path+":other", table.Options{})
	if err != nil || len(rs) != 1 || rs[0].ID != "1" {
		t.Errorf("ReadResidents(:other) = %+v, %v; want one resident with id 1 (the fid)", rs, err)
	}
}

func TestReadFacilitiesGPKG(t *testing.T) {
	path := writeGPKG(t, "dir.gpkg", layer{spec: gpkg.LayerSpec{Name: "药店", GeometryType: gpkg.Point, Columns: text("id", "name", "category")},
		rows: []row{{orb.Point{7.42, 43.73}, []any{"p1", "大药房", "pharmacy"}}}})
	fs, _, err := table.ReadFacilities(path, table.Options{})
	if err != nil || len(fs) != 1 {
		t.Fatalf("ReadFacilities = %v, %v", fs, err)
	}
	if f := fs[0]; f.ID != "dir.gpkg:p1" || f.Name != "大药房" || f.Category != "pharmacy" || f.Source != "dir.gpkg" || f.Ref != "p1" {
		t.Errorf("facility = %+v", f)
	}
}

func TestReadZonesGPKG(t *testing.T) {
	east := orb.MultiPolygon{{{{7.43, 43.72}, {7.45, 43.72}, {7.45, 43.75}, {7.43, 43.72}}}}
	path := writeGPKG(t, "grids.gpkg", layer{spec: gpkg.LayerSpec{Name: "grids", GeometryType: gpkg.MultiPolygon, Columns: text("名称", "id")},
		rows: []row{{monacoSquare, []any{"西区", "w"}}, {east, []any{"东区", nil}}}})
	zs, err := table.ReadZones(path, "名称")
	if err != nil {
		t.Fatal(err)
	}
	if len(zs) != 2 || zs[0].Name != "西区" || zs[0].ID != "w" || zs[1].Name != "东区" || zs[1].ID != "东区" || !orb.Equal(zs[0].Geometry, monacoSquare) {
		t.Errorf("zones = %+v", zs)
	}
	// Without a name column given, "name" is looked for and the id used.
	zs, err = table.ReadZones(path, "")
	if err != nil || zs[0].Name != "w" || zs[1].Name != "2" {
		t.Errorf("ReadZones(no name) = %+v, %v; want names from the id, else the fid", zs, err)
	}
}

func TestGPKGErrors(t *testing.T) {
	good := residentsLayer(row{orb.Point{7.42, 43.73}, []any{"r1", 1.0, nil}})
	tests := []struct {
		name   string
		path   func(t *testing.T) string
		read   string // residents, facilities or zones
		wantIs error
		want   []string
	}{
		{"bad weight", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", residentsLayer(row{orb.Point{7.42, 43.73}, []any{"r1", 1.0, nil}}, row{orb.Point{7.42, 43.73}, []any{"r2", -2.0, nil}}))
		}, "residents", nil, []string{`r.gpkg: layer "residents": row 2 ("r2"): column population: weight -2 is not positive`}},
		{"duplicate id", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", residentsLayer(row{orb.Point{7.42, 43.73}, []any{"r1", 1.0, nil}}, row{orb.Point{7.42, 43.73}, []any{"r1", 1.0, nil}}))
		}, "residents", table.ErrDuplicate, []string{`row 2 ("r1"): column ID: duplicate id "r1" (first in row 1)`}},
		{"latitude out of range", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", residentsLayer(row{orb.Point{7.42, 143.73}, []any{"r1", 1.0, nil}}))
		}, "residents", nil, []string{`row 1 ("r1"): column geom: `, "latitude"}},
		{"no geometry", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", residentsLayer(row{nil, []any{"r1", 1.0, nil}}))
		}, "residents", nil, []string{`row 1 ("r1"): column geom: no geometry`}},
		{"polygons as residents", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", layer{spec: gpkg.LayerSpec{Name: "zones", GeometryType: gpkg.MultiPolygon, Columns: text("id")}, rows: []row{{monacoSquare, []any{"z"}}}})
		}, "residents", nil, []string{`layer "zones": row 1 ("z"): column geom: geometry is MultiPolygon, want Point`}},
		{"missing category column", func(t *testing.T) string {
			return writeGPKG(t, "f.gpkg", layer{spec: gpkg.LayerSpec{Name: "shops", GeometryType: gpkg.Point, Columns: text("id", "name")}, rows: []row{{orb.Point{7.42, 43.73}, []any{"s", "n"}}}})
		}, "facilities", table.ErrMissingColumn, []string{`f.gpkg: layer "shops": no column category (columns: id, name)`}},
		{"unknown layer", func(t *testing.T) string { return writeGPKG(t, "r.gpkg", good) + ":people" },
			"residents", gpkg.ErrNoLayer, []string{`r.gpkg: no such layer "people"; it has residents (features)`}},
		{"attribute table", func(t *testing.T) string {
			return writeGPKG(t, "r.gpkg", layer{spec: gpkg.LayerSpec{Name: "people", Columns: text("id")}, rows: []row{{nil, []any{"a"}}}}) + ":people"
		}, "residents", nil, []string{`layer "people": a table without geometry`}},
		{"empty layer", func(t *testing.T) string { return writeGPKG(t, "r.gpkg", residentsLayer()) },
			"residents", table.ErrEmpty, []string{`r.gpkg: layer "residents": no residents`}},
		{"projected", func(t *testing.T) string {
			path := writeGPKG(t, "r.gpkg", good)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{
				`INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 / Pseudo-Mercator', 3857, 'EPSG', 3857, 'undefined', '')`,
				`UPDATE gpkg_geometry_columns SET srs_id = 3857`,
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			return path
		}, "residents", nil, []string{`layer "residents": geometries are in the reference system of srs_id 3857`, "ogr2ogr -t_srs EPSG:4326"}},
		{"not a GeoPackage", func(t *testing.T) string {
			return writeFile(t, "r.gpkg", "id,lon,lat\nr1,7.42,43.73\n")
		}, "zones", gpkg.ErrNotGeoPackage, []string{"r.gpkg", "not a GeoPackage"}},
		{"zone not closed", func(t *testing.T) string {
			return writeGPKG(t, "z.gpkg", layer{spec: gpkg.LayerSpec{Name: "grids", GeometryType: gpkg.Polygon, Columns: text("name")},
				rows: []row{{orb.Polygon{{{7.41, 43.72}, {7.43, 43.72}, {7.43, 43.74}, {7.41, 43.74}}}, []any{"东区"}}}})
		}, "zones", nil, []string{`z.gpkg: layer "grids": row 1 ("东区"): column geom: polygon 1 ring 1 is not closed`}},
		{"zone name column missing", func(t *testing.T) string {
			return writeGPKG(t, "z.gpkg", layer{spec: gpkg.LayerSpec{Name: "grids", GeometryType: gpkg.MultiPolygon, Columns: text("label")}, rows: []row{{monacoSquare, []any{"a"}}}})
		}, "zones-named", table.ErrMissingColumn, []string{`no column "name" to name the grids (columns: label)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			var err error
			switch tt.read {
			case "residents":
				_, _, err = table.ReadResidents(path, table.Options{})
			case "facilities":
				_, _, err = table.ReadFacilities(path, table.Options{})
			case "zones":
				_, err = table.ReadZones(path, "")
			case "zones-named":
				_, err = table.ReadZones(path, "name")
			}
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v does not wrap %v", err, tt.wantIs)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestGPKGSkipBadRows(t *testing.T) {
	path := writeGPKG(t, "r.gpkg", residentsLayer(
		row{orb.Point{7.42, 43.73}, []any{"r1", 1.0, nil}},
		row{orb.Point{7.42, 43.73}, []any{"r2", -2.0, nil}},
	))
	rs, bad, err := table.ReadResidents(path, table.Options{SkipBadRows: true})
	if err != nil || len(rs) != 1 {
		t.Fatalf("ReadResidents = %v, %v", rs, err)
	}
	if len(bad) != 1 || bad[0].Layer != "residents" || bad[0].Feature != 2 || bad[0].ID != "r2" || !strings.Contains(bad[0].Reason, "column population") {
		t.Errorf("ledger = %+v", bad)
	}
}

func TestSplitGeoPackage(t *testing.T) {
	tests := []struct {
		in, file, layer string
		ok              bool
	}{
		{"a.gpkg", "a.gpkg", "", true},
		{"dir/A.GPKG:residents", "dir/A.GPKG", "residents", true},
		{"a.gpkg:", "a.gpkg", "", true},
		{"a.csv", "a.csv", "", false},
		{"x.gpkg.csv", "x.gpkg.csv", "", false},
	}
	for _, tt := range tests {
		file, layer, ok := table.SplitGeoPackage(tt.in)
		if file != tt.file || layer != tt.layer || ok != tt.ok {
			t.Errorf("SplitGeoPackage(%q) = %q, %q, %v, want %q, %q, %v", tt.in, file, layer, ok, tt.file, tt.layer, tt.ok)
		}
	}
}
