package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/internal/gdaltest"
)

// TestAuditGeoPackage runs walkshed audit --format gpkg on the sample and
// reads the file back with GDAL's ogrinfo and with the project's reader.
func TestAuditGeoPackage(t *testing.T) {
	out := run(t, "audit", "--format", "gpkg").stdout
	path := filepath.Join(t.TempDir(), "audit.gpkg")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	count := map[string]int{}
	for _, l := range r.Layers() {
		s, err := r.Features(context.Background(), l.Name)
		if err != nil {
			t.Fatal(err)
		}
		for s.Scan() {
			count[l.Name]++
		}
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
	}
	ncat := len(taxonomy.Default().Names())
	if count["grids"] != 9 || count["isochrones"] != ncat || count["residents"] == 0 || count["facilities"] == 0 || count["gap_cells"] == 0 {
		t.Errorf("layer rows = %v, want the 9 quarters, %d isochrones, residents, facilities, gap cells", count, ncat)
	}
	info := gdaltest.Ogrinfo(t, "-so", "-al", path)
	for _, l := range []string{"grids", "totals", "residents", "gap_cells", "facilities", "isochrones", "report_header"} {
		if !strings.Contains(info, "Layer name: "+l+"\n") {
			t.Errorf("ogrinfo does not list layer %s", l)
		}
	}
	if !strings.Contains(info, "Feature Count: 9\n") {
		t.Errorf("ogrinfo does not count the 9 grids:\n%s", info)
	}
	gdaltest.Validate(t, path)
}

// TestAuditFromGeoPackage audits the sample, then audits again with the
// residents, the services and the grids read back from its audit.gpkg:
// every resident gets the same status and the same nearest facilities.
func TestAuditFromGeoPackage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "first")
	run(t, "audit", "--out", dir)
	pkg := filepath.Join(dir, "audit.gpkg")
	second := run(t, "audit", "--residents", pkg, "--services", pkg+":facilities", "--services-only",
		"--grids", pkg, "--grid-name", "grid", "--format", "csv").stdout
	firstCSV, err := os.ReadFile(filepath.Join(dir, "residents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head1, rows1 := residentsCSV(t, string(firstCSV))
	head2, rows2 := residentsCSV(t, second)
	if strings.Join(head1, ",") != strings.Join(head2, ",") || len(rows1) != len(rows2) {
		t.Fatalf("second audit: %d rows of %v, want %d of %v", len(rows2), head2, len(rows1), head1)
	}
	for i := range rows1 {
		a, b := rows1[i], rows2[i]
		for c, h := range head1 {
			want := a[c]
			if strings.HasSuffix(h, "_facility") && want != "" {
				want = "audit.gpkg:" + want // the directory's source prefix
			}
			if b[c] != want {
				t.Errorf("resident %s %s = %q after the round trip, want %q", a[0], h, b[c], want)
				break
			}
		}
	}
}

// TestIsochroneGeoPackage writes isochrones as a GeoPackage and reads them
// back with GDAL: one feature per budget, largest first.
func TestIsochroneGeoPackage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "iso.gpkg")
	run(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--minutes", "5,10", "--format", "gpkg", "-o", path, "-q")
	info := gdaltest.Ogrinfo(t, "-al", "-q", path, "isochrones")
	if !strings.Contains(info, "OGRFeature(isochrones):1\n  minutes (Real) = 10") || !strings.Contains(info, "OGRFeature(isochrones):2\n  minutes (Real) = 5") {
		t.Errorf("ogrinfo:\n%s", info)
	}
	if !strings.Contains(info, "MULTIPOLYGON (((7.4") {
		t.Error("no isochrone geometry")
	}
	gdaltest.Validate(t, path)
	invoke(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--format", "kml").fails(t, 2, `unknown --format "kml"`)
}
