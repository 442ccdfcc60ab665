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
