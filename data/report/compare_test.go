package report_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/report"
)

// snapshots returns the fixture's snapshot from memory and read back from
// its report.json.
func snapshots(t *testing.T, a *report.Audit) (mem, file *report.Snapshot) {
	t.Helper()
	mem, err := report.SnapshotOf("r.json", a)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, a); err != nil {
		t.Fatal(err)
	}
	file, err = report.DecodeSnapshot("r.json", &b)
	if err != nil {
		t.Fatal(err)
	}
	return mem, file
}

func TestSnapshotRoundTrip(t *testing.T) {
	mem, file := snapshots(t, withTiers(t))
	if !reflect.DeepEqual(mem, file) {
		t.Fatalf("snapshot from memory\n%+v\ndiffers from the one read from report.json\n%+v", mem, file)
	}
	if file.Standard != "std-1" || len(file.Compliant) != len(file.Rows) || file.Compliant[3].Weight != 2 {
		t.Errorf("standard %q, compliant %+v", file.Standard, file.Compliant)
	}
	if got := file.Residents[1]; got.ID != "r2" || got.Weight != 2.5 || !got.Covered[0] || got.Covered[1] || got.Group != "elderly" {
		t.Errorf("resident r2 = %+v", got)
	}
}

func TestCompareSameIsZero(t *testing.T) {
	_, s := snapshots(t, withTiers(t))
	c, err := report.Compare(s, s, report.CompareOptions{Version: "0.1.0-test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Changed) != 0 || len(c.Differences) != 0 {
		t.Errorf("changed %v, differences %v; want none", c.Changed, c.Differences)
	}
	if len(c.Rows) != len(s.Rows) {
		t.Fatalf("%d rows, want %d", len(c.Rows), len(s.Rows))
	}
	for _, row := range c.Rows {
		if len(row.Categories) != 2+2 { // grocery, pharmacy, complete, compliant
			t.Fatalf("row %s: %d categories", row.Grid, len(row.Categories))
		}
		for _, ch := range row.Categories {
			same := ch.CoveredAfter == ch.CoveredBefore && (ch.ShareAfter == ch.ShareBefore || math.IsNaN(ch.ShareBefore) && math.IsNaN(ch.ShareAfter))
			if !same || ch.Gained > 0 || ch.Lost > 0 {
				t.Errorf("row %s %s: %+v, want no change", row.Grid, ch.Category, ch)
			}
		}
	}
	var b bytes.Buffer
	if err := report.WriteComparison("csv", &b, c); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := "grid,kind,category,residents_before,residents_after,weight_before,weight_after,covered_before,covered_after,covered_change,share_before,share_after,share_change,gained,lost,gained_weight,lost_weight"; strings.Join(recs[0], ",") != want {
		t.Errorf("csv header = %v", recs[0])
	}
	for _, r := range recs[1:] {
		if r[9] != "0" || (r[12] != "0.0" && r[12] != "") || (r[13] != "0" && r[13] != "") || (r[14] != "0" && r[14] != "") {
			t.Errorf("csv row %v: want zero changes", r)
		}
	}
	for _, f := range report.CompareFormats() {
		var out bytes.Buffer
		if err := report.WriteComparison(f, &out, c); err != nil || (f != "csv" && !strings.Contains(out.String(), "OpenStreetMap contributors")) {
			t.Errorf("format %s: %v, or no attribution", f, err)
		}
	}
	if err := report.WriteComparison("xlsx", &bytes.Buffer{}, c); !errors.Is(err, report.ErrFormat) {
		t.Errorf("unknown format: %v", err)
	}
}

// TestCompareChange: r2 gains the pharmacy, r1 loses the grocery.
func TestCompareChange(t *testing.T) {
	_, before := snapshots(t, fixture(t))
	_, after := snapshots(t, fixture(t))
	after.Residents[1].Covered[1] = true
	after.Residents[0].Covered[0] = false
	after.Rows[3].Covered[1].Weight += 2.5
	c, err := report.Compare(before, after, report.CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Changed) != 2 || c.Changed[0].ID != "r1" || c.Changed[0].Lost[0] != "grocery" || c.Changed[1].Gained[0] != "pharmacy" {
		t.Errorf("changed = %+v", c.Changed)
	}
	total := c.Rows[3]
	ph := total.Categories[1]
	if ph.Gained != 1 || ph.GainedWeight != 2.5 || ph.Lost != 0 || ph.CoveredAfter-ph.CoveredBefore != 2.5 {
		t.Errorf("total pharmacy = %+v", ph)
	}
	if g := total.Categories[0]; g.Lost != 1 || g.Gained != 0 {
		t.Errorf("total grocery = %+v", g)
	}
	if a := c.Rows[0].Categories[1]; a.Gained != 1 { // r2 is in grid A&B <x>
		t.Errorf("grid A&B pharmacy = %+v, want r2 gained", a)
	}
}

func TestCompareRefuses(t *testing.T) {
	_, before := snapshots(t, fixture(t))
	mod := func(f func(s *report.Snapshot)) *report.Snapshot {
		_, s := snapshots(t, fixture(t))
		f(s)
		return s
	}
	tests := []struct {
		name  string
		after *report.Snapshot
		want  string
	}{
		{"budget", mod(func(s *report.Snapshot) { s.Budget = "10min" }), "budget 15min before, 10min after"},
		{"profile", mod(func(s *report.Snapshot) { s.Profile = "elderly" }), `profile "standard" before, "elderly" after`},
		{"residents", mod(func(s *report.Snapshot) { s.Residents = s.Residents[1:] }), "1 only before (r1)"},
		{"weights", mod(func(s *report.Snapshot) { s.Residents[0].Weight = 3 }), "1 with another weight (r1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.Compare(before, tt.after, report.CompareOptions{})
			var me *report.MismatchError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Compare = %v, want a mismatch naming %q", err, tt.want)
			}
			c, err := report.Compare(before, tt.after, report.CompareOptions{Force: true})
			if err != nil || len(c.Differences) == 0 {
				t.Fatalf("forced: %v, differences %v", err, c.Differences)
			}
		})
	}
	other := mod(func(s *report.Snapshot) { s.Version = "0.0.9" })
	if _, err := report.Compare(before, other, report.CompareOptions{Force: true}); !errors.Is(err, report.ErrVersion) {
		t.Errorf("another version, forced: %v, want ErrVersion", err)
	}
	if _, err := report.Compare(before, before, report.CompareOptions{Version: "0.2.0"}); !errors.Is(err, report.ErrVersion) || !strings.Contains(err.Error(), "0.1.0-test") {
		t.Errorf("reports of another version than this walkshed: %v", err)
	}
	if _, err := report.DecodeSnapshot("x.json", strings.NewReader(`{"type":"FeatureCollection"}`)); !errors.Is(err, report.ErrNotReport) {
		t.Errorf("a GeoJSON file: %v, want ErrNotReport", err)
	}
}
