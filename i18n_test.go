package walkshed_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/i18ntest"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestMessagesTranslated requires every message of the report header
// (tr("...")) to have a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	keys := i18ntest.Keys(t, ".", i18ntest.TrCall, 20)
	if missing := i18n.Missing(i18n.Chinese, keys); len(missing) > 0 {
		t.Errorf("messages without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
}

// TestUnroutableReasonsTranslated runs an audit with a resident and a
// facility out at sea: the Chinese report gives their reasons in Chinese
// (from routing's codes), the English one routing's own text.
func TestUnroutableReasonsTranslated(t *testing.T) {
	city := openOSM(t, monacoPBF)
	req := walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{{Name: "dir.csv", Facilities: []access.Facility{
			{ID: "dir.csv:1", Name: "Port", Category: "pharmacy", Point: orb.Point{7.4246, 43.7384}, Source: "dir.csv", Ref: "1"},
			{ID: "dir.csv:2", Name: "Boat", Category: "pharmacy", Point: orb.Point{7.44, 43.725}, Source: "dir.csv", Ref: "2"},
		}}},
		Residents: walkshed.ResidentSet{Name: "r.csv", Residents: []access.Resident{
			{ID: "home", Point: orb.Point{7.4246, 43.7390}, Weight: 1},
			{ID: "sea", Point: orb.Point{7.50, 43.73}, Weight: 1},
		}},
		Options: access.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, Categories: []string{"pharmacy"}},
	}
	render := func(l i18n.Language, write func(io.Writer, *report.Audit) error) string {
		t.Helper()
		req.Lang = l
		rep, err := city.RunAudit(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if rr := rep.Result.Residents[1]; rr.Why == nil || rr.Why.Code != routing.TooFar {
			t.Fatalf("resident at sea: %+v, want a TooFar failure", rr)
		}
		var b bytes.Buffer
		if err := write(&b, rep); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, write := range []func(io.Writer, *report.Audit) error{report.WriteTable, report.WriteJSON} {
		en, zh := render(i18n.English, write), render(i18n.Chinese, write)
		for _, want := range []string{"point is 5.2 km from the network (maximum snap", "point is 1.2 km from the network (maximum snap"} {
			if !strings.Contains(en, want) {
				t.Errorf("English report lacks %q:\n%s", want, en)
			}
		}
		for _, want := range []string{"距路网 5.2 公里（最大接入距离 300 米）", "距路网 1.2 公里（最大接入距离 300 米）"} {
			if !strings.Contains(zh, want) {
				t.Errorf("Chinese report lacks %q:\n%s", want, zh)
			}
		}
		if strings.Contains(zh, "from the network") {
			t.Errorf("Chinese report has an English reason:\n%s", zh)
		}
	}
}
