package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/gdaltest"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// withServiceAreas adds a made-up service area per category to a: the
// first grid's square for grocery, none for pharmacy.
func withServiceAreas(a *report.Audit) *report.Audit {
	a.ServiceAreas = []report.ServiceArea{
		{Category: "grocery", Facilities: 2, Resolution: 11, Contour: isochrone.Contour{Budget: geo.Budget{Minutes: 15}, Meters: 1197,
			Geometry: a.Zones[0].Geometry, AreaM2: 123456, StreetM: 7890}},
		{Category: "pharmacy", Facilities: 0, Resolution: 11},
	}
	return a
}

// writeGPKG writes a's GeoPackage into a file and returns its path.
func writeGPKG(t *testing.T, a *report.Audit) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.gpkg")
	if err := os.WriteFile(path, render(t, report.WriteGeoPackage, a), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// layerRows reads a layer back as text: per row, column=value pairs,
// and the geometry's type.
func layerRows(t *testing.T, r *gpkg.Reader, layer string) []map[string]string {
	t.Helper()
	s, err := r.Features(context.Background(), layer)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []map[string]string
	for s.Scan() {
		f := s.Feature()
		m := map[string]string{}
		for i, c := range s.Layer().Columns {
			m[c.Name] = gpkg.ValueText(f.Values[i])
		}
		if f.Geometry != nil {
			m["geom"] = f.Geometry.GeoJSONType()
		}
		out = append(out, m)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGeoPackage(t *testing.T) {
	a := withServiceAreas(fixture(t))
	path := writeGPKG(t, a)
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var names []string
	for _, l := range r.Layers() {
		names = append(names, l.Name)
	}
	if got, want := strings.Join(names, ","), "grids,totals,residents,gap_cells,facilities,isochrones,report_header"; got != want {
		t.Errorf("layers = %s, want %s", got, want)
	}
	grids := layerRows(t, r, "grids")
	if len(grids) != 2 || grids[0]["grid"] != "A&B <x>" || grids[0]["geom"] != "MultiPolygon" {
		t.Fatalf("grids = %v, want the two grids with polygons", grids)
	}
	totals := layerRows(t, r, "totals")
	if len(totals) != 2 || totals[0]["kind"] != "outside" || totals[1]["grid"] != "total" {
		t.Errorf("totals = %v, want outside and total", totals)
	}
	residents := layerRows(t, r, "residents")
	if len(residents) != len(a.Residents) {
		t.Fatalf("residents = %d, want every resident, %d", len(residents), len(a.Residents))
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"grid share", grids[0]["pharmacy_pct"], "28.6"},
		{"grid covered weight", grids[0]["pharmacy_covered_weight"], "1"},
		{"median beyond the budget is null", grids[0]["pharmacy_median_min"], ""},
		{"median beyond the budget flag", grids[0]["pharmacy_median_beyond_budget"], "1"},
		{"grid median", grids[0]["grocery_median_min"], "3.8"},
		{"grid median not beyond", grids[0]["grocery_median_beyond_budget"], "0"},
		{"complete share", grids[1]["complete_pct"], "50"},
		{"grid id", grids[1]["id"], "z2"},
		{"total weight", totals[1]["weight"], "6.5"},
		{"resident minutes", residents[0]["grocery_minutes"], "5"},
		{"resident facility", residents[0]["grocery_facility"], "osm:node/1"},
		{"resident beyond: budget", residents[1]["pharmacy_minutes"], "15"},
		{"resident beyond: flag", residents[1]["pharmacy_beyond_budget"], "1"},
		{"resident point", residents[0]["geom"], "Point"},
		{"unroutable status", residents[3]["status"], "unroutable"},
		{"unroutable flag is null", residents[3]["grocery_beyond_budget"], ""},
		{"resident outside any grid", residents[4]["grid"], ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	gaps := layerRows(t, r, "gap_cells")
	if len(gaps) != 2 || gaps[0]["cell"] != a.Result.Gaps[0].Cell.String() || gaps[0]["missing_pharmacy"] != "2.5" || gaps[0]["geom"] != "Polygon" {
		t.Errorf("gap_cells = %v", gaps)
	}
	facilities := layerRows(t, r, "facilities")
	if len(facilities) != 4 || facilities[3]["status"] != "off_network" || facilities[0]["nearest_residents"] != "2" {
		t.Errorf("facilities = %v", facilities)
	}
	isos := layerRows(t, r, "isochrones")
	if len(isos) != 2 || isos[0]["category"] != "grocery" || isos[0]["geom"] != "MultiPolygon" || isos[1]["geom"] != "" || isos[1]["facilities"] != "0" {
		t.Errorf("isochrones = %v, want grocery's area and pharmacy's without geometry", isos)
	}
	header := layerRows(t, r, "report_header")
	var lines []string
	for _, h := range header {
		lines = append(lines, h["key"]+": "+h["value"])
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"attribution: " + report.Attribution, "OSM data: 2026-03-10T00:00:00Z", "title: walkshed 0.1.0-test"} {
		if !strings.Contains(all, want) {
			t.Errorf("report_header lacks %q:\n%s", want, all)
		}
	}
}

// TestGeoPackageOgrinfo reads audit.gpkg back with GDAL, as QGIS would:
// every layer with its feature count, and GDAL's conformance checker.
func TestGeoPackageOgrinfo(t *testing.T) {
	path := writeGPKG(t, withServiceAreas(fixture(t)))
	out := gdaltest.Ogrinfo(t, "-so", "-al", path)
	for _, want := range []string{
		"Layer name: grids\n", "Geometry: Multi Polygon\nFeature Count: 2\n",
		"Layer name: totals\n",
		"Layer name: residents\n", "Geometry: Point\nFeature Count: 5\n",
		"Layer name: gap_cells\n", "Geometry: Polygon\nFeature Count: 2\n",
		"Layer name: facilities\n", "Geometry: Point\nFeature Count: 4\n",
		"Layer name: isochrones\n",
		"Layer name: report_header\n",
		"pharmacy_median_beyond_budget: Integer(Boolean)", "pharmacy_pct: Real",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo -so -al lacks %q:\n%s", want, out)
		}
	}
	gdaltest.Validate(t, path)
	// An SQL query through GDAL sees the same numbers as the own reader.
	q := gdaltest.Ogrinfo(t, "-sql", "SELECT grid, pharmacy_pct FROM grids WHERE pharmacy_median_beyond_budget = 1", path)
	if !strings.Contains(q, "grid (String) = A&B <x>") || !strings.Contains(q, "pharmacy_pct (Real) = 28.6") {
		t.Errorf("ogrinfo -sql:\n%s", q)
	}
}

func TestGeoPackageDeterministic(t *testing.T) {
	first := render(t, report.WriteGeoPackage, withServiceAreas(fixture(t)))
	second := render(t, report.WriteGeoPackage, withServiceAreas(fixture(t)))
	if !bytes.Equal(first, second) {
		t.Error("two GeoPackages of the same audit differ")
	}
	a := fixture(t)
	a.Header.OSMTimestamp = "unknown" // not a timestamp: the fixed default
	if out := render(t, report.WriteGeoPackage, a); !bytes.HasPrefix(out, []byte("SQLite format 3")) {
		t.Error("no GeoPackage without an OSM timestamp")
	}
}
