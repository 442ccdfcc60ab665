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
