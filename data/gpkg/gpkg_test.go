package gpkg_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/internal/gdaltest"
)

// sample writes a small GeoPackage with a point layer, a polygon layer
// and an attribute table, with Chinese names, and returns its path.
func sample(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "样例.gpkg")
	w, err := gpkg.Create(path, "2026-03-10T21:14:03Z")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := w.AddLayer(gpkg.LayerSpec{Name: "residents", Description: "居民", GeometryType: gpkg.Point,
		Columns: []gpkg.Column{{Name: "id", Type: gpkg.Text}, {Name: "weight", Type: gpkg.Real}, {Name: "n", Type: gpkg.Integer}, {Name: "ok", Type: gpkg.Boolean}}})
	if err != nil {
		t.Fatal(err)
	}
	zones, err := w.AddLayer(gpkg.LayerSpec{Name: "grids", GeometryType: gpkg.MultiPolygon,
		Columns: []gpkg.Column{{Name: "名称", Type: gpkg.Text}}})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := w.AddLayer(gpkg.LayerSpec{Name: "header", Columns: []gpkg.Column{{Name: "key", Type: gpkg.Text}, {Name: "value", Type: gpkg.Text}}})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(pts.Add(orb.Point{7.42, 43.73}, "r1", 2.5, 3, true))
	must(pts.Add(nil, "r2 \"quoted\"", nil, int64(-1), false))
	must(pts.Add(orb.Point{7.43, 43.74}, "东区-1", 1.0, 0, false))
	sq := orb.MultiPolygon{{{{7.41, 43.72}, {7.43, 43.72}, {7.43, 43.74}, {7.41, 43.74}, {7.41, 43.72}}}}
	must(zones.Add(sq, "东区"))
	must(zones.Add(orb.MultiPolygon{{{{7.43, 43.72}, {7.45, 43.72}, {7.45, 43.75}, {7.43, 43.72}}}}, "西区"))
	must(attrs.Add(nil, "attribution", "© OpenStreetMap contributors (ODbL)"))
	must(w.Close())
	return path
}

func TestRoundTrip(t *testing.T) {
	path := sample(t, t.TempDir())
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var names []string
	for _, l := range r.Layers() {
		names = append(names, l.Name+":"+l.DataType+":"+l.GeometryType)
	}
	if got, want := strings.Join(names, ","), "residents:features:POINT,grids:features:MULTIPOLYGON,header:attributes:"; got != want {
		t.Errorf("layers = %s, want %s", got, want)
	}
	first, err := r.Layer("")
	if err != nil || first.Name != "residents" || first.SRSID != gpkg.SRSWGS84 || first.FIDColumn != "fid" {
		t.Errorf("first feature layer = %+v, %v; want residents in EPSG:4326 with fid", first, err)
	}
	s, err := r.Features(context.Background(), "residents")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for s.Scan() {
		f := s.Feature()
		var b strings.Builder
		b.WriteString(gpkg.ValueText(f.FID))
		if p, ok := f.Geometry.(orb.Point); ok {
			b.WriteString(" " + gpkg.ValueText(p[0]) + "," + gpkg.ValueText(p[1]))
		} else if f.Geometry != nil {
			t.Errorf("row %d geometry %T", f.FID, f.Geometry)
		}
		for _, v := range f.Values {
			b.WriteString("|" + gpkg.ValueText(v))
		}
		got = append(got, b.String())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"1 7.42,43.73|r1|2.5|3|1", "2|r2 \"quoted\"||-1|0", "3 7.43,43.74|东区-1|1|0|0"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("residents =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s, err = r.Features(context.Background(), "GRIDS") // case-insensitive
	if err != nil {
		t.Fatal(err)
	}
	var zones []string
	for s.Scan() {
		f := s.Feature()
		mp, ok := f.Geometry.(orb.MultiPolygon)
		if !ok || len(mp) != 1 || len(mp[0][0]) < 4 {
			t.Errorf("zone %d geometry = %#v", f.FID, f.Geometry)
		}
		zones = append(zones, gpkg.ValueText(f.Values[0]))
	}
	if s.Err() != nil || strings.Join(zones, ",") != "东区,西区" {
		t.Errorf("zones = %v, %v; want 东区,西区", zones, s.Err())
	}
}

func TestDeterministic(t *testing.T) {
	a, err := os.ReadFile(sample(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(sample(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same layers differ")
	}
	if !bytes.HasPrefix(a, []byte("SQLite format 3\x00")) {
		t.Error("not an SQLite file")
	}
	// application_id at offset 68 and user_version at 60, big-endian.
	if got := string(a[68:72]); got != "GPKG" {
		t.Errorf("application_id = %q, want GPKG", got)
	}
	if got := int(a[60])<<24 | int(a[61])<<16 | int(a[62])<<8 | int(a[63]); got != gpkg.UserVersion {
		t.Errorf("user_version = %d, want %d", got, gpkg.UserVersion)
	}
}

func TestGeometryBlob(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		size int // header + envelope
	}{
		{"point has no envelope", orb.Point{1, 2}, 8},
		{"polygon has an XY envelope", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, 40},
		{"empty multipolygon", orb.MultiPolygon{}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob, err := gpkg.EncodeGeometry(tt.g, 4326)
			if err != nil {
				t.Fatal(err)
			}
			if string(blob[:3]) != "GP\x00" || blob[3]&1 != 1 {
				t.Errorf("header % x, want GP, version 0, little-endian", blob[:4])
			}
			if blob[4] != 0xe6 || blob[5] != 0x10 { // 4326 little-endian
				t.Errorf("srs_id bytes % x, want e6 10 00 00", blob[4:8])
			}
			if got := blob[8:]; len(blob)-len(got) != 8 || (tt.size == 40 && len(blob) < 40) {
				t.Errorf("blob too short: %d", len(blob))
			}
			g, srs, empty, err := gpkg.DecodeGeometry(blob)
			if err != nil || srs != 4326 {
				t.Fatalf("DecodeGeometry = %v, %d, %v", g, srs, err)
			}
			if empty != (tt.size == 8 && tt.g.GeoJSONType() != "Point") {
				t.Errorf("empty = %v", empty)
			}
			if !orb.Equal(g, tt.g) && !empty {
				t.Errorf("round trip = %#v, want %#v", g, tt.g)
			}
			if env := (blob[3] >> 1) & 7; (env == 1) != (tt.size == 40) {
				t.Errorf("envelope indicator %d", env)
			}
		})
	}
	for _, bad := range [][]byte{nil, []byte("XX\x00\x01\x00\x00\x00\x00"), []byte("GP\x01\x01\xe6\x10\x00\x00"), []byte("GP\x00\x03\xe6\x10\x00\x00"), []byte("GP\x00\x01\xe6\x10\x00\x00\x01\x07")} {
		if _, _, _, err := gpkg.DecodeGeometry(bad); !errors.Is(err, gpkg.ErrGeometry) {
			t.Errorf("DecodeGeometry(% x) = %v, want ErrGeometry", bad, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "not.gpkg")
	if err := os.WriteFile(text, []byte("id,lon,lat\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := gpkg.Open(text); !errors.Is(err, gpkg.ErrNotGeoPackage) || !strings.Contains(err.Error(), "not.gpkg") {
		t.Errorf("Open(text file) = %v, want ErrNotGeoPackage naming the file", err)
	}
	if _, err := gpkg.Open(filepath.Join(dir, "missing.gpkg")); err == nil {
		t.Error("Open(missing) succeeded")
	}
	r, err := gpkg.Open(sample(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Features(context.Background(), "shops")
	if !errors.Is(err, gpkg.ErrNoLayer) || !strings.Contains(err.Error(), "residents (features), grids (features), header (attributes)") {
		t.Errorf("Features(shops) = %v, want ErrNoLayer listing the layers", err)
	}
}

func TestWriterErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.gpkg")
	w, err := gpkg.Create(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gpkg.Create(path, ""); err == nil {
		t.Error("Create over an existing file succeeded")
	}
	for _, spec := range []gpkg.LayerSpec{
		{Name: "gpkg_x", GeometryType: gpkg.Point},
		{Name: "a", Columns: []gpkg.Column{{Name: "x", Type: "VARCHAR"}}},
		{Name: "b", Columns: []gpkg.Column{{Name: "x", Type: gpkg.Text}, {Name: "X", Type: gpkg.Text}}},
		{Name: "c", GeometryType: gpkg.Point, Columns: []gpkg.Column{{Name: "geom", Type: gpkg.Text}}},
	} {
		if _, err := w.AddLayer(spec); err == nil {
			t.Errorf("AddLayer(%+v) succeeded", spec)
		}
	}
	l, err := w.AddLayer(gpkg.LayerSpec{Name: "ok", GeometryType: gpkg.Point, Columns: []gpkg.Column{{Name: "x", Type: gpkg.Text}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Add(orb.Point{1, 2}); err == nil {
		t.Error("Add with too few values succeeded")
	}
	if err := l.Add(orb.Point{1, 2}, struct{}{}); err == nil {
		t.Error("Add of a struct succeeded")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOgrinfo reads the sample back with GDAL's ogrinfo, which checks the
// GeoPackage's structure as QGIS would read it.
func TestOgrinfo(t *testing.T) {
	s := gdaltest.Ogrinfo(t, "-al", sample(t, t.TempDir()))
	for _, want := range []string{
		"Layer name: residents", "Geometry: Point", "Feature Count: 3", "id: String", "weight: Real", "n: Integer64", "ok: Integer(Boolean)", "Extent: (7.420000, 43.730000) - (7.430000, 43.740000)",
		"POINT (7.42 43.73)", "东区-1",
		"Layer name: grids", "Geometry: Multi Polygon", "名称 (String) = 西区",
		"Layer name: header", "© OpenStreetMap contributors (ODbL)",
		`ID["EPSG",4326]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, s)
		}
	}
}

// TestValidate checks the file with GDAL's conformance checker of the
// GeoPackage requirements (metadata tables, geometry blobs, last_change).
func TestValidate(t *testing.T) {
	gdaltest.Validate(t, sample(t, t.TempDir()))
}
