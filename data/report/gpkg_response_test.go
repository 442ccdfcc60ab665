package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/gdaltest"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// TestEmergencyGeoPackageChinese writes the emergency GeoPackage of grids
// named in Chinese and reads the names back, with the project's reader and
// with GDAL; an unroutable resident keeps its reason, and an unplaced
// responder its.
func TestEmergencyGeoPackageChinese(t *testing.T) {
	g, zones := street(t)
	zones[0].Name, zones[1].Name = "西区（老城）", "东区"
	responders := []emergency.Responder{{ID: "岗亭", Point: orb.Point{-8.6195, 41.1501}}, {ID: "lost", Point: orb.Point{-8.5, 41.2}, Grid: "东区"}}
	residents := []access.Resident{{ID: "h1", Point: orb.Point{-8.61, 41.1501}, Weight: 2}, {ID: "far", Point: orb.Point{-8.61, 41.1506}}}
	res, err := emergency.Assess(context.Background(), g, g.NewSnapper(), emergency.Input{Responders: responders, Residents: residents, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, Advice: true, MaxSnap: 20})
	if err != nil {
		t.Fatal(err)
	}
	e := &report.Emergency{Header: report.Header{Version: "test", Budget: "15min", OSMTimestamp: "2026-03-10T21:21:21Z"}, Result: res,
		Responders: responders, Residents: residents, Zones: zones}
	var a, b bytes.Buffer
	if err := report.WriteEmergency("gpkg", &a, e); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteEmergency("gpkg", &b, e); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two writes differ (%v)", err)
	}
	path := filepath.Join(t.TempDir(), "emergency.gpkg")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	grids := layerRows(t, r, "grids")
	if len(grids) != 2 || grids[0]["grid"] != "西区（老城）" || grids[1]["grid"] != "东区" || grids[0]["worst_responder"] != "岗亭" {
		t.Errorf("grids = %v, want the Chinese names back", grids)
	}
	people := layerRows(t, r, "residents")
	if len(people) != 2 || people[1]["status"] != "unroutable" || !strings.Contains(people[1]["reason"], "maximum snap distance") || people[1]["minutes"] != "" {
		t.Errorf("residents = %v, want every resident, the far one unroutable with its reason", people)
	}
	resp := layerRows(t, r, "responders")
	if len(resp) != 2 || resp[1]["placed"] != "0" || resp[1]["reason"] == "" || resp[1]["serves"] != "东区" {
		t.Errorf("responders = %v", resp)
	}
	q := gdaltest.Ogrinfo(t, "-sql", "SELECT grid, pass FROM grids WHERE grid = '西区（老城）'", path)
	if !strings.Contains(q, "grid (String) = 西区（老城）") || !strings.Contains(q, "Feature Count: 1") {
		t.Errorf("ogrinfo -sql does not find the Chinese grid:\n%s", q)
	}
	gdaltest.Validate(t, path)
}

// TestResponseGeoPackagesInDir: --out folders gain NAME.gpkg.
func TestResponseGeoPackagesInDir(t *testing.T) {
	g, zones := street(t)
	responders := []emergency.Responder{{ID: "post", Point: orb.Point{-8.6195, 41.1501}}}
	res, err := emergency.Assess(context.Background(), g, g.NewSnapper(), emergency.Input{Responders: responders, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := report.WriteEmergencyAll(dir, &report.Emergency{Header: report.Header{Budget: "15min"}, Result: res, Responders: responders, Zones: zones}); err != nil {
		t.Fatal(err)
	}
	r, err := gpkg.Open(filepath.Join(dir, "emergency.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if grids := layerRows(t, r, "grids"); len(grids) != 2 || grids[0]["geom"] != "MultiPolygon" {
		t.Errorf("grids = %v", grids)
	}
}
