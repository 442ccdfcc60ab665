package cli_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readCSV reads a whole CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// TestAuditSeveralBudgets runs the audit at 5, 10 and 15 minutes: the
// 15-minute tier must give the shares of grids.csv, and shares never
// shrink as the budget grows.
func TestAuditSeveralBudgets(t *testing.T) {
	dir := t.TempDir()
	run(t, "audit", "--minutes", "5,10,15", "--out", dir)
	if !slices.Contains(dirNames(t, dir), "tiers.csv") {
		t.Fatalf("no tiers.csv in %v", dirNames(t, dir))
	}
	grids := readCSV(t, filepath.Join(dir, "grids.csv"))
	tiers := readCSV(t, filepath.Join(dir, "tiers.csv"))
	// grids.csv: grid,category,...,share at 6; tiers.csv: tier,...,grid,category,...,share at 9
	byKey := map[string]map[string]string{}
	for _, r := range tiers[1:] {
		if byKey[r[0]] == nil {
			byKey[r[0]] = map[string]string{}
		}
		byKey[r[0]][r[2]+"|"+r[3]] = r[9]
	}
	if len(byKey) != 3 {
		t.Fatalf("tiers = %v, want 5min, 10min, 15min", len(byKey))
	}
	for _, r := range grids[1:] {
		if got := byKey["15min"][r[0]+"|"+r[1]]; got != r[6] {
			t.Errorf("%s %s: 15min tier share %q, grids.csv %q", r[0], r[1], got, r[6])
		}
	}
	num := func(s string) float64 {
		var v float64
		for _, c := range s {
			if c >= '0' && c <= '9' {
				v = v*10 + float64(c-'0')
			}
		}
		return v
	}
	for key, s5 := range byKey["5min"] {
		if s5 == "" {
			continue
		}
		if num(s5) > num(byKey["10min"][key]) || num(byKey["10min"][key]) > num(byKey["15min"][key]) {
			t.Errorf("%s: shares %s, %s, %s do not grow with the budget", key, s5, byKey["10min"][key], byKey["15min"][key])
		}
	}
}

func TestAuditStandard(t *testing.T) {
	out := run(t, "audit", "--standard", "gb50180-2018").stdout
	for _, want := range []string{"standard gb50180-2018: GB 50180-2018", "budget      1000m", "Standard gb50180-2018: coverage within each category's tier", "compliant"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit --standard gb50180-2018 lacks %q", want)
		}
	}
	invoke(t, "audit", "--standard", "gb-2099").fails(t, 1, `unknown standard "gb-2099"`, "gb50180-2018, mofcom-2021")
	dir := t.TempDir()
	gap := writeFile(t, dir, "gap.json", `{"name":"gap","title":"t","taxonomy":{"mode":"extend","categories":[{"name":"bakery","rules":["shop=bakery"]}]},"tiers":[{"category":"pharmacy","minutes":5}]}`)
	invoke(t, "audit", "--standard", gap).fails(t, 1, "gap.json", `"bakery" is defined under "taxonomy" but has no tier`)
	invoke(t, "audit", "--standard", "mofcom-2021", "--categories", "pharmacy,grocery").fails(t, 1, "no budget for grocery")
}
