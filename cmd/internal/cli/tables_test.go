package cli_test

import (
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
)

// readTable parses CSV output.
func readTable(t *testing.T, out string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	if len(recs) < 2 {
		t.Fatalf("csv has %d lines:\n%s", len(recs), out)
	}
	return recs
}

func TestAuditCSVTableGrids(t *testing.T) {
	out := run(t, "audit", "--format", "csv", "--table", "grids").stdout
	recs := readTable(t, out)
	if got, want := strings.Join(recs[0], ","), "grid,category,points,people,covered_points,covered_people,share,median_min,median_beyond_budget,p90_min,p90_beyond_budget,uncovered_people,area_km2,people_per_km2"; got != want {
		t.Errorf("grids header = %s, want %s", got, want)
	}
	if strings.Contains(strings.ToLower(out), "inf") {
		t.Errorf("grids table holds an infinity")
	}
	beyond := 0
	for _, rec := range recs[1:] {
		if rec[10] == "true" {
			beyond++
			if rec[9] != "" {
				t.Errorf("row %v: p90 beyond the budget but p90_min = %q, want empty", rec[:2], rec[9])
			}
		}
	}
	if beyond == 0 {
		t.Error("no p90 beyond the budget in the Monaco sample; the flag is untested")
	}
}

func TestAuditCSVTableFacilities(t *testing.T) {
	recs := readTable(t, run(t, "audit", "--format", "csv", "--table", "facilities").stdout)
	osmID := regexp.MustCompile(`^(node|way|relation)/\d+$`)
	counted := 0
	for _, rec := range recs[1:] {
		if !osmID.MatchString(rec[1]) || rec[0] != rec[1] {
			t.Errorf("OSM facility %v: osm_id %q, want node|way|relation/N equal to the id", rec[:5], rec[1])
		}
		if rec[8] == "counted" {
			counted++
		}
	}
	if counted == 0 {
		t.Error("no facility counted")
	}
}

func TestAuditTableFlag(t *testing.T) {
	invoke(t, "audit", "--format", "json", "--table", "grids").fails(t, 2, "--table chooses the table of --format csv")
	invoke(t, "audit", "--format", "csv", "--table", "gaps").fails(t, 2, `unknown --table "gaps"`, "residents, grids, facilities")
}
