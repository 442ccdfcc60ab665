package cli_test

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// gridsCSVPeople reads grids.csv of an audit written with --out: the people
// of each row of the first category.
func gridsCSVPeople(t *testing.T, dir string) map[string]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "grids.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := map[string]float64{}
	first := recs[1][col["category"]]
	for _, r := range recs[1:] {
		if r[col["category"]] != first {
			continue
		}
		v, err := strconv.ParseFloat(r[col["people"]], 64)
		if err != nil {
			t.Fatalf("grids.csv people %q: %v", r[col["people"]], err)
		}
		out[r[col["grid"]]] = v
	}
	return out
}

// TestAuditGridPopulation: with --grid-population each counted quarter
// holds its count (to the report's three decimals), groups get their rows,
// and an elderly profile applies to the elderly.
func TestAuditGridPopulation(t *testing.T) {
	dir := t.TempDir()
	census := writeFile(t, dir, "census.csv", "grid,population,elderly\nLarvotto,5000,1200\nMonte-Carlo,9000,2000\n")
	out := filepath.Join(dir, "out")
	r := run(t, "audit", "--grid-population", census, "--group-profile", "elderly=elderly", "--categories", "pharmacy", "--out", out)
	for _, want := range []string{"grid population: census.csv (2 grids, 14000 people; groups elderly)", "group: elderly", "7 grids with residents"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	people := gridsCSVPeople(t, out)
	if people["Larvotto"] != 5000 || people["Monte-Carlo"] != 9000 || people["group: elderly"] != 3200 {
		t.Errorf("people by row %v, want Larvotto 5000, Monte-Carlo 9000, elderly 3200", people)
	}
}

func TestAuditPopulationErrors(t *testing.T) {
	dir := t.TempDir()
	badCell := writeFile(t, dir, "pop.csv", "h3,population\n883969a403fffff,10\n853969a7fffffff,5\n")
	negative := writeFile(t, dir, "neg.csv", "h3,population\n883969a403fffff,-10\n")
	unknown := writeFile(t, dir, "census.csv", "grid,population\nLarvotto,10\nlarvotto,3\n")
	over := writeFile(t, dir, "over.csv", "grid,population,elderly,disabled\nLarvotto,10,8,3\n")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"wrong resolution", []string{"--population", badCell}, 1, []string{badCell + ":3", "column h3", "resolution 5, want 6 to 10"}},
		{"negative count", []string{"--population", negative}, 1, []string{negative + ":2", "column population", "-10 is negative"}},
		{"unknown grid", []string{"--grid-population", unknown}, 1, []string{"census.csv:3", `grid "larvotto" matches no grid`, `"Larvotto"`}},
		{"shares over 1 in the grid file", []string{"--grid-population", over}, 1, []string{over + ":2", "a share over 1"}},
		{"shares over 1", []string{"--group-share", "elderly=0.8,disabled=0.3"}, 2, []string{"--group-share", "over 1"}},
		{"group profile of no group", []string{"--group-share", "elderly=0.2", "--group-profile", "Elderly=elderly"}, 1,
			[]string{`"Elderly"`, "groups present: (no group) (", "elderly (", "case-sensitive"}},
		{"estimate flag with residents", []string{"--residents", negative, "--floor-area-per-person", "40"}, 2, []string{"--floor-area-per-person", "--residents"}},
		{"bad default levels", []string{"--default-levels", "house=two"}, 2, []string{"--default-levels house=two"}},
		{"unknown level kind", []string{"--default-levels", "tower=30"}, 2, []string{`unknown kind "tower"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			invoke(t, append([]string{"audit", "--categories", "pharmacy"}, tt.args...)...).fails(t, tt.code, tt.want...)
		})
	}
	// --skip-bad-rows: the bad cell is in the ledger, the good one placed.
	r := run(t, "audit", "--categories", "pharmacy", "--population", badCell, "--skip-bad-rows")
	if !strings.Contains(r.stdout, "skipped row pop.csv:3") {
		t.Errorf("the ledger lacks the bad cell:\n%s", r.stdout)
	}
}

// TestAuditEstimateFlags: the estimate's settings reach the header and the
// weights; --expect-population warns when the total is far off.
func TestAuditEstimateFlags(t *testing.T) {
	dir := t.TempDir()
	out60, out30 := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	run(t, "audit", "--categories", "pharmacy", "--out", out60)
	r := run(t, "audit", "--categories", "pharmacy", "--floor-area-per-person", "30", "--default-levels", "house=2,other=4", "--expect-population", "38367", "--out", out30)
	if !strings.Contains(r.stdout, "÷ 30 m² per person") || !strings.Contains(r.stdout, "more than the 38367 expected") {
		t.Errorf("header lacks the floor area or the expectation warning:\n%s", r.stdout[:min(len(r.stdout), 3000)])
	}
	a, b := gridsCSVPeople(t, out60)["total"], gridsCSVPeople(t, out30)["total"]
	if math.Abs(b-2*a) > 0.01 {
		t.Errorf("total people at 30 m² = %v, want twice the %v at 60 m²", b, a)
	}
}
