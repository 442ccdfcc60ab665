package gpkg_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
)

// readAll reads every row of a scanner: per row the fid and values as text.
func readAll(t testing.TB, s *gpkg.Scanner, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []string
	for s.Scan() {
		f := s.Feature()
		row := fmt.Sprint(f.FID)
		for _, v := range f.Values {
			row += "|" + gpkg.ValueText(v)
		}
		out = append(out, row)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAttributes reads chosen columns without the geometry and checks
// them against Features, the plain reference that decodes every row.
func TestAttributes(t *testing.T) {
	path := sample(t, t.TempDir())
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	s, err := r.Attributes(ctx, "residents", "N", "id", "fid")
	got := readAll(t, s, err)
	if l := s.Layer(); l.GeometryColumn != "" || len(l.Columns) != 3 || l.Columns[0].Name != "n" || l.Columns[2].Type != gpkg.Integer {
		t.Errorf("layer = %+v, want no geometry and the columns n, id, fid as the table spells them", l)
	}
	var want []string
	fs, err := r.Features(ctx, "residents")
	if err != nil {
		t.Fatal(err)
	}
	for fs.Scan() {
		f := fs.Feature()
		want = append(want, fmt.Sprintf("%d|%s|%s|%d", f.FID, gpkg.ValueText(f.Values[2]), gpkg.ValueText(f.Values[0]), f.FID))
	}
	fs.Close()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Attributes = %q, want %q as Features reads them", got, want)
	}
	_, err = r.Attributes(ctx, "residents", "id", "population")
	var ge *gpkg.Error
	if !errors.As(err, &ge) || !strings.HasSuffix(err.Error(), `: layer "residents": column population: no such column; the layer has fid, id, weight, n, ok`) {
		t.Errorf("missing column: error %v", err)
	}
	if _, err := r.Attributes(ctx, "nowhere", "id"); !errors.Is(err, gpkg.ErrNoLayer) {
		t.Errorf("missing layer: error %v, want ErrNoLayer", err)
	}
}

// TestAttributesSkipGeometry: a row whose geometry blob is broken stops
// Features with an error naming it, but not Attributes, which never reads
// the blob. A file without gpkg_geometry_columns opens, its layers without
// geometry.
func TestAttributesSkipGeometry(t *testing.T) {
	path := sample(t, t.TempDir())
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE residents SET geom = X'4750000100' WHERE fid = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Features(context.Background(), "residents")
	if err != nil {
		t.Fatal(err)
	}
	for s.Scan() {
	}
	if err := s.Err(); !errors.Is(err, gpkg.ErrGeometry) || !strings.Contains(err.Error(), "row 1: column geom") {
		t.Errorf("Features over a broken blob: error %v, want ErrGeometry naming row 1", err)
	}
	s.Close()
	s, err = r.Attributes(context.Background(), "residents", "id")
	if got := readAll(t, s, err); len(got) != 3 || got[0] != "1|r1" {
		t.Errorf("Attributes = %q, want the three ids", got)
	}
	r.Close()

	db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TABLE gpkg_geometry_columns`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err = gpkg.Open(path)
	if err != nil {
		t.Fatalf("without gpkg_geometry_columns: %v", err)
	}
	defer r.Close()
	for _, l := range r.Layers() {
		if l.GeometryColumn != "" {
			t.Errorf("layer %s has geometry column %q without gpkg_geometry_columns", l.Name, l.GeometryColumn)
		}
	}
}

// BenchmarkScan reads a layer of 16,807 hexagons with h3 and population
// columns: Features (geometry decoded) against Attributes (h3 and
// population only).
func BenchmarkScan(b *testing.B) {
	path := filepath.Join(b.TempDir(), "hex.gpkg")
	w, err := gpkg.Create(path, "")
	if err != nil {
		b.Fatal(err)
	}
	l, err := w.AddLayer(gpkg.LayerSpec{Name: "population", GeometryType: gpkg.Polygon,
		Columns: []gpkg.Column{{Name: "h3", Type: gpkg.Text}, {Name: "population", Type: gpkg.Real}}})
	if err != nil {
		b.Fatal(err)
	}
	const n = 16807
	for i := range n {
		x, y := -8.6+float64(i%130)*0.004, 41.1+float64(i/130)*0.0035
		ring := orb.Ring{{x, y}, {x + 0.002, y - 0.001}, {x + 0.004, y}, {x + 0.004, y + 0.002}, {x + 0.002, y + 0.003}, {x, y + 0.002}, {x, y}}
		if err := l.Add(orb.Polygon{ring}, fmt.Sprintf("88%013x", i), float64(i%500)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	r, err := gpkg.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	for _, bc := range []struct {
		name string
		scan func() (*gpkg.Scanner, error)
	}{
		{"Features", func() (*gpkg.Scanner, error) { return r.Features(context.Background(), "population") }},
		{"Attributes", func() (*gpkg.Scanner, error) {
			return r.Attributes(context.Background(), "population", "h3", "population")
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := bc.scan()
				if err != nil {
					b.Fatal(err)
				}
				rows := 0
				for s.Scan() {
					rows++
				}
				if s.Err() != nil || rows != n {
					b.Fatalf("%d rows, %v", rows, s.Err())
				}
				s.Close()
			}
		})
	}
}

// FuzzAttributes writes a row with any geometry blob, h3 text and
// population, then reads it back: Attributes never looks at the blob and
// returns the values written, or for a column the layer lacks an *Error;
// Features either decodes the blob or fails with ErrGeometry naming the
// row. Nothing panics.
func FuzzAttributes(f *testing.F) {
	good, err := gpkg.EncodeGeometry(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, gpkg.SRSWGS84)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "883969a403fffff", 12.5, "h3")
	f.Add([]byte{}, "", 0.0, "population")
	f.Add([]byte("GP\x00\x03\xe6\x10\x00\x00"), "东区", -1.0, "POPULATION")
	f.Add([]byte("not a blob"), "x\"y", 3.0, "geom")
	f.Fuzz(func(t *testing.T, blob []byte, h3 string, pop float64, col string) {
		path := filepath.Join(t.TempDir(), "f.gpkg")
		w, err := gpkg.Create(path, "")
		if err != nil {
			t.Fatal(err)
		}
		l, err := w.AddLayer(gpkg.LayerSpec{Name: "l", GeometryType: gpkg.Polygon,
			Columns: []gpkg.Column{{Name: "h3", Type: gpkg.Text}, {Name: "population", Type: gpkg.Real}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Add(nil, h3, pop); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE l SET geom = ?`, blob); err != nil {
			t.Fatal(err)
		}
		db.Close()
		r, err := gpkg.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		known := false
		for _, c := range []string{"fid", "h3", "population"} {
			known = known || strings.EqualFold(c, col)
		}
		s, err := r.Attributes(context.Background(), "l", col)
		if !known {
			var ge *gpkg.Error
			if !errors.As(err, &ge) || ge.Column != col {
				t.Fatalf("column %q: error %v, want an *Error naming it", col, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !s.Scan() {
			t.Fatalf("no row: %v", s.Err())
		}
		v := s.Feature().Values[0]
		switch strings.ToLower(col) {
		case "h3":
			if v != h3 {
				t.Errorf("h3 = %#v, want %q", v, h3)
			}
		case "population":
			if !math.IsNaN(pop) && !math.IsInf(pop, 0) && v != pop { // NaN and ±Inf are written as NULL
				t.Errorf("population = %#v, want %v", v, pop)
			}
		}
		s.Close()
		fs, err := r.Features(context.Background(), "l")
		if err != nil {
			t.Fatal(err)
		}
		for fs.Scan() {
		}
		if err := fs.Err(); err != nil && (!errors.Is(err, gpkg.ErrGeometry) || !strings.Contains(err.Error(), "row 1")) {
			t.Errorf("Features: %v, want ErrGeometry naming row 1", err)
		}
		fs.Close()
	})
}
