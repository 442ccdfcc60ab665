package walkshed_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/walkshed/walkshed/data/report"
	"strings"
	"testing"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/standard"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestRunAuditStandard audits the sample by mofcom-2021: the standard
// gives the categories, the taxonomy, the budget (its largest) and a tier
// whose per-category shares are those of separate audits at each
// category's own budget.
func TestRunAuditStandard(t *testing.T) {
	city := sampleCity(t)
	std, err := standard.Preset("mofcom-2021", nil)
	if err != nil {
		t.Fatal(err)
	}
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	req := walkshed.AuditRequest{Standard: std, Facilities: []walkshed.FacilitySet{city.OSMFacilities(std.Taxonomy)}, Residents: residents,
		Options: access.Options{Profile: routing.Standard}}
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Result.Options.Categories; strings.Join(got, ",") != strings.Join(std.Categories, ",") {
		t.Errorf("categories = %v, want the standard's", got)
	}
	if b := rep.Result.Options.Budget; b != (geo.Budget{Minutes: 15}) {
		t.Errorf("budget = %v, want the standard's largest, 15min", b)
	}
	if !strings.HasPrefix(rep.Header.Inputs[0], "standard mofcom-2021: 城市一刻钟便民生活圈建设指南") {
		t.Errorf("header does not cite the standard first: %q", rep.Header.Inputs[0])
	}
	tr, err := rep.Result.Tier("mofcom-2021")
	if err != nil {
		t.Fatal(err)
	}
	total := tr.Rows[len(tr.Rows)-1]
	for _, c := range []int{0, 1, 6} { // convenience 5, breakfast 8, supermarket 15
		cat := std.Categories[c]
		one := req
		one.Standard = nil
		one.Taxonomy = std.Taxonomy
		one.Options.Categories = []string{cat}
		one.Options.Budget = std.Budgets[c]
		alone, err := city.RunAudit(context.Background(), one)
		if err != nil {
			t.Fatal(err)
		}
		want := alone.Result.Rows[len(alone.Result.Rows)-1].Categories[0]
		if got := total.Categories[c]; got.CoveredCount != want.CoveredCount {
			t.Errorf("%s within %v: %d covered, a separate audit says %d", cat, std.Budgets[c], got.CoveredCount, want.CoveredCount)
		}
	}
	// the HTML report shows the compliant share per grid, the tier's
	var html bytes.Buffer
	if err := report.WriteHTML(&html, rep); err != nil {
		t.Fatal(err)
	}
	wantHead := "compliant % (mofcom-2021)"
	wantTotal := fmt.Sprintf("%.1f", 100*total.Complete.Share())
	if !strings.Contains(html.String(), wantHead) || !strings.Contains(html.String(), wantTotal) {
		t.Errorf("HTML report lacks the column %q or the total's compliant share %s", wantHead, wantTotal)
	}
	// a category the standard has no budget for
	req.Options.Categories = []string{"pharmacy", "grocery"}
	_, err = city.RunAudit(context.Background(), req)
	var ie *walkshed.InputError
	if !errors.As(err, &ie) || ie.Field != "Options" || !strings.Contains(err.Error(), "no budget for grocery") {
		t.Errorf("audit of grocery by mofcom-2021: %v, want an Options error naming grocery", err)
	}
}
