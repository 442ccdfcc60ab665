package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIsochroneHTML: -o FILE.html writes the map page without --format, in
// the language of --lang; --format geojson keeps GeoJSON whatever the
// name; a .gpkg name gives a GeoPackage.
func TestIsochroneHTML(t *testing.T) {
	dir := t.TempDir()
	html := filepath.Join(dir, "iso.html")
	run(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--minutes", "5,10", "-o", html, "-q")
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"<!DOCTYPE html>", `data-layer="iso0" checked> 5 min`, `data-layer="iso1" checked> 10 min`,
		`class="streets"`, `<circle class="start"`, "2026-03-10", "© OpenStreetMap contributors"} {
		if !strings.Contains(s, want) {
			t.Errorf("iso.html lacks %q", want)
		}
	}
	zh := run(t, "isochrone", "--lang", "zh", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--minutes", "5", "--format", "html").stdout
	if !strings.Contains(zh, `<html lang="zh-Hans">`) || !strings.Contains(zh, "步行等时圈") {
		t.Error("--lang zh --format html: no Chinese page")
	}
	forced := filepath.Join(dir, "forced.html")
	run(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--minutes", "5", "--format", "geojson", "-o", forced, "-q")
	if b, _ := os.ReadFile(forced); !strings.HasPrefix(string(b), "{") {
		t.Errorf("--format geojson -o forced.html wrote %.20q, want GeoJSON", b)
	}
	pkg := filepath.Join(dir, "iso.gpkg")
	run(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--minutes", "5", "-o", pkg, "-q")
	if b, _ := os.ReadFile(pkg); !strings.HasPrefix(string(b), "SQLite format 3") {
		t.Errorf("-o iso.gpkg wrote %.20q, want a GeoPackage", b)
	}
}
