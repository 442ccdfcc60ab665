package table_test

import (
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/hex"
)

// konturLike writes a GeoPackage laid out as Kontur Population: a
// features layer "population" of H3 resolution-8 hexagons (polygons) with
// h3 and population columns, one row per child of a resolution-3 cell
// near Porto (16,807 rows).
func konturLike(b testing.TB, path string) int {
	b.Helper()
	c4, err := hex.ParseCell("84392b5ffffffff")
	if err != nil {
		b.Fatal(err)
	}
	parent, err := c4.Parent(3)
	if err != nil {
		b.Fatal(err)
	}
	cells, err := parent.AppendChildren(nil, 8)
	if err != nil {
		b.Fatal(err)
	}
	w, err := gpkg.Create(path, "")
	if err != nil {
		b.Fatal(err)
	}
	l, err := w.AddLayer(gpkg.LayerSpec{Name: "population", GeometryType: gpkg.Polygon,
		Columns: []gpkg.Column{{Name: "h3", Type: gpkg.Text}, {Name: "population", Type: gpkg.Real}}})
	if err != nil {
		b.Fatal(err)
	}
	for i, c := range cells {
		if err := l.Add(orb.Polygon{c.Boundary()}, c.String(), float64(i%500)+0.5); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return len(cells)
}

// BenchmarkReadCellCountsGPKG reads the population counts of a Kontur-like
// GeoPackage.
func BenchmarkReadCellCountsGPKG(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kontur.gpkg")
	n := konturLike(b, path)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, _, err := table.ReadCellCountsGPKG(path, table.Options{})
		if err != nil || len(got) != n {
			b.Fatalf("%d counts, %v; want %d", len(got), err, n)
		}
	}
}
