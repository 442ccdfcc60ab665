package report

import (
	"strings"
	"testing"
	"unicode"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing/emergency"
)

// TestEmergencyReasonChinese: every kind of failure of a grid is said in
// Chinese, with its figures; in English the report keeps the grid's
// Reason as routing/emergency wrote it.
func TestEmergencyReasonChinese(t *testing.T) {
	fs := []emergency.Failure{
		{Kind: emergency.FailNoResponder}, {Kind: emergency.FailEmpty},
		{Kind: emergency.FailStreets, Meters: 1234.4}, {Kind: emergency.FailDoors, Doors: 7},
		{Kind: emergency.FailOverBudget, Meters: 985.2, Minutes: 12.34, Budget: "5min"},
		{Kind: emergency.FailOverBudget, Meters: 2075, Minutes: 26, Door: true, Budget: "5min"},
	}
	var en []string
	for _, f := range fs {
		en = append(en, f.String())
	}
	g := emergency.Grid{Failures: fs, Reason: strings.Join(en, "; ")}
	if got := (&Emergency{}).reason(g); got != g.Reason {
		t.Errorf("English reason = %q, want the grid's %q", got, g.Reason)
	}
	zh := (&Emergency{Lang: i18n.Chinese}).reason(g)
	parts := strings.Split(zh, "；")
	if len(parts) != len(fs) {
		t.Fatalf("Chinese reason %q has %d parts, want %d", zh, len(parts), len(fs))
	}
	for i, p := range parts {
		if strings.ContainsFunc(p, func(r rune) bool {
			return r < unicode.MaxASCII && unicode.IsLetter(r) && !strings.Contains("min", string(r))
		}) {
			t.Errorf("failure %d in Chinese still has English: %q", i, p)
		}
	}
	for _, want := range []string{"1234 米", "7 户", "12.3 分钟（985 米），超出 5min", "最远的住户门口需步行 26.0 分钟（2075 米）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese reason %q lacks %q", zh, want)
		}
	}
	if got := knownReason(i18n.Chinese, "outside every grid"); got != "不在任何网格内" {
		t.Errorf("knownReason = %q", got)
	}
	if got := knownReason(i18n.Chinese, "dial tcp: refused"); got != "dial tcp: refused" {
		t.Errorf("an unknown reason changed: %q", got)
	}
}
