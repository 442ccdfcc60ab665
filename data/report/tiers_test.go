package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// withTiers adds to the fixture a 5-minute tier where only r2 has a
// grocery (300 m = 3.8 min) and a standard where r1 and r3 comply.
func withTiers(t *testing.T) *report.Audit {
	a := fixture(t)
	five := make([]access.Row, len(a.Result.Rows))
	for i, row := range a.Result.Rows {
		row.Categories = append([]access.Stats(nil), row.Categories...)
		row.Categories[1] = access.Stats{Count: row.Residents, Weight: row.Weight, Median: inf, P90: inf}
		row.Complete = access.Stats{Count: row.Residents, Weight: row.Weight, Median: inf, P90: inf}
		five[i] = row
	}
	a.Result.Tiers = []access.TierResult{
		{Tier: access.Tier{Name: "5min", Budgets: []geo.Budget{{Minutes: 5}}}, Rows: five},
		{Tier: access.Tier{Name: "std-1", Standard: "std-1", Budgets: []geo.Budget{{Minutes: 5}, {Meters: 1200}}}, Rows: a.Result.Rows},
	}
	return a
}

func TestTiersInEveryOutput(t *testing.T) {
	a := withTiers(t)
	var txt bytes.Buffer
	if err := report.WriteTable(&txt, a); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Coverage within 5min", "Standard std-1: coverage within each category's tier", "grocery 5min, pharmacy 1200m", "compliant"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("table output lacks %q", want)
		}
	}
	var js bytes.Buffer
	if err := report.WriteJSON(&js, a); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tiers []struct {
			Name, Standard, All string
			Rows                []struct {
				Grid       string
				Categories []struct {
					Category string
					SharePct *float64 `json:"share_pct"`
				}
				Complete struct {
					SharePct *float64 `json:"share_pct"`
				}
			}
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tiers) != 2 || doc.Tiers[1].All != "compliant" || doc.Tiers[0].All != "complete" {
		t.Fatalf("json tiers = %+v", doc.Tiers)
	}
	total := doc.Tiers[0].Rows[3]
	if total.Grid != "total" || *total.Categories[1].SharePct != 0 || *total.Categories[0].SharePct != 69.2 {
		t.Errorf("5min total row = %+v, want pharmacy 0 %%, grocery 69.2 %%", total)
	}
	var csv bytes.Buffer
	if err := report.WriteTiersCSV(&csv, a); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if len(lines) != 1+2*4*3 {
		t.Fatalf("tiers.csv has %d lines, want 25", len(lines))
	}
	if lines[0] != "tier,standard,grid,category,budget,residents,weight,covered,covered_weight,share" || lines[len(lines)-1] != "std-1,std-1,total,compliant,,5,6.5,2,2,30.8" {
		t.Errorf("tiers.csv = %q … %q", lines[0], lines[len(lines)-1])
	}
	dir := t.TempDir()
	if err := report.WriteAll(dir, a); err != nil {
		t.Fatal(err)
	}
}

func TestTiersInconsistent(t *testing.T) {
	a := withTiers(t)
	a.Result.Tiers[0].Rows = a.Result.Tiers[0].Rows[:2]
	if err := report.WriteJSON(&bytes.Buffer{}, a); !errors.Is(err, report.ErrAudit) {
		t.Errorf("tier with missing rows: %v, want ErrAudit", err)
	}
	a = withTiers(t)
	a.Result.Tiers[1].Tier.Budgets = a.Result.Tiers[1].Tier.Budgets[:0]
	if err := report.WriteJSON(&bytes.Buffer{}, a); !errors.Is(err, report.ErrAudit) {
		t.Errorf("tier without budgets: %v, want ErrAudit", err)
	}
}
