package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed"
)

func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	before, after, other := filepath.Join(dir, "before"), filepath.Join(dir, "after"), filepath.Join(dir, "other")
	run(t, "audit", "--categories", "pharmacy,repair", "--minutes", "5", "--out", before)
	add := writeFile(t, dir, "repair.csv", "id,name,category,lon,lat\nr1,Fix it,repair,7.4180,43.7330\n")
	run(t, "audit", "--categories", "pharmacy,repair", "--minutes", "5", "--add-services", add, "--scenario", "repair shop", "--out", after)
	out := run(t, "compare", filepath.Join(before, "report.json"), filepath.Join(after, "report.json")).stdout
	for _, want := range []string{"(scenario repair shop)", "Change in the total", "Residents who gained or lost a category"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare output lacks %q:\n%s", want, out)
		}
	}
	csv := run(t, "compare", filepath.Join(before, "report.json"), filepath.Join(after, "report.json"), "--format", "csv").stdout
	var total string
	for _, l := range strings.Split(csv, "\n") {
		if strings.HasPrefix(l, "total,total,repair,") {
			total = l
		}
	}
	f := strings.Split(total, ",")
	if len(f) != 17 || f[13] == "0" || f[14] != "0" || strings.HasPrefix(f[9], "-") {
		t.Errorf("total repair line %q: want residents gained, none lost", total)
	}
	// another budget is refused, then forced
	run(t, "audit", "--categories", "pharmacy,repair", "--minutes", "6", "--out", other)
	invoke(t, "compare", filepath.Join(before, "report.json"), filepath.Join(other, "report.json")).fails(t, 1, "budget 5min before, 6min after", "--force")
	forced := run(t, "compare", "--force", filepath.Join(before, "report.json"), filepath.Join(other, "report.json")).stdout
	if !strings.Contains(forced, "forced   budget 5min before, 6min after") {
		t.Errorf("forced comparison does not list the difference:\n%s", forced)
	}
	// a report of another version
	data, err := os.ReadFile(filepath.Join(after, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	old := writeFile(t, dir, "old.json", strings.Replace(string(data), `"version": "`+walkshed.Version+`"`, `"version": "0.0.9"`, 1))
	invoke(t, "compare", "--force", filepath.Join(before, "report.json"), old).fails(t, 1, "old.json was written by walkshed 0.0.9")
	invoke(t, "compare", filepath.Join(before, "grids.csv"), old).fails(t, 1, "grids.csv")
	invoke(t, "compare", "a.json").fails(t, 2, "accepts 2 arg(s)")
	invoke(t, "compare", "a.json", "b.json", "--format", "xlsx").fails(t, 2, `unknown --format "xlsx"`)
}

// TestCompareStreets draws the network the audits ran on under the HTML
// page's map (--streets), and refuses a network of other OSM data.
func TestCompareStreets(t *testing.T) {
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before"), filepath.Join(dir, "after")
	run(t, "audit", "--categories", "pharmacy", "--minutes", "5", "--grids", "osm:admin_level=10", "--out", before)
	add := writeFile(t, dir, "pharmacy.csv", "id,name,category,lon,lat\np1,New,pharmacy,7.4180,43.7330\n")
	run(t, "audit", "--categories", "pharmacy", "--minutes", "5", "--grids", "osm:admin_level=10", "--add-services", add, "--out", after)
	b, a := filepath.Join(before, "report.json"), filepath.Join(after, "report.json")
	without := run(t, "compare", b, a, "--format", "html").stdout
	with := run(t, "compare", b, a, "--format", "html", "--streets", "sample").stdout
	if strings.Contains(without, `id="ws-streets"`) {
		t.Error("the HTML page has a street basemap without --streets")
	}
	if !strings.Contains(with, `id="ws-streets"`) || !strings.Contains(with, `data-layer="streets"`) {
		t.Error("compare --streets sample: the HTML page has no street basemap layer")
	}
	invoke(t, "compare", b, a, "--streets", "sample").fails(t, 2, "--streets draws the basemap of the HTML page")
	porto := filepath.Join("..", "..", "..", "testdata", "porto-centre-2020-07-20.osm.pbf")
	invoke(t, "compare", b, a, "--format", "html", "--streets", porto).fails(t, 1, "holds OSM data of 2020-07-20T10:27:03Z", "--force")
	invoke(t, "compare", b, a, "--format", "html", "--streets", filepath.Join(dir, "none.wsn")).fails(t, 1, "--streets", "none.wsn")
}

// TestQuietWrites: the closing "wrote …" notes of site and compare follow
// --lang and are silenced by -q, as every command's notes are.
func TestQuietWrites(t *testing.T) {
	dir := t.TempDir()
	before := filepath.Join(dir, "before")
	run(t, "audit", "--categories", "pharmacy", "--minutes", "5", "--out", before)
	b := filepath.Join(before, "report.json")
	for _, args := range [][]string{
		{"site", "--category", "pharmacy", "--count", "1", "--minutes", "5", "-o", filepath.Join(dir, "site.txt")},
		{"compare", b, b, "-o", filepath.Join(dir, "change.txt")},
	} {
		if r := run(t, append([]string{"-q"}, args...)...); r.stderr != "" {
			t.Errorf("walkshed -q %s wrote to standard error:\n%s", args[0], r.stderr)
		}
		if r := run(t, append([]string{"--lang", "zh"}, args...)...); !strings.Contains(r.stderr, "已写入") {
			t.Errorf("walkshed --lang zh %s: the closing note is not in Chinese:\n%s", args[0], r.stderr)
		}
	}
}
