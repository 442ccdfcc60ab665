package i18n_test

import (
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/i18n"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want i18n.Language
		ok   bool
	}{
		{"", i18n.English, true}, {"en", i18n.English, true}, {"en-GB", i18n.English, true},
		{"zh", i18n.Chinese, true}, {"zh-Hans", i18n.Chinese, true}, {"zh-CN", i18n.Chinese, true},
		{"fr", "", false}, {"zh-TW", "", false},
	}
	for _, tt := range tests {
		got, err := i18n.Parse(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if _, err := i18n.Parse("fr"); err == nil || !strings.Contains(err.Error(), "known: en, zh") {
		t.Errorf("Parse(fr) = %v, want the known languages", err)
	}
}

func TestSprintf(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"English is the key", i18n.English.Sprintf("Unroutable residents (%s)", "12"), "Unroutable residents (12)"},
		{"zero value is English", i18n.Language("").Sprintf("total"), "total"},
		{"Chinese", i18n.Chinese.Sprintf("Unroutable residents (%s)", "12"), "无法接入路网的居民（12）"},
		{"reordered", i18n.Chinese.Sprintf("Gap cells (top %s of %s)", "10", "137"), "缺口单元（137 个中的前 10 个）"},
		{"unused argument", i18n.Chinese.Sprintf("(every %s%s resident drawn: %s of %s)", "3", "rd", "5", "15"), "（每 3 位居民绘制一位：15 位中的 5 位）"},
		{"no translation prints English", i18n.Chinese.Sprintf("not in the catalogue %s", "x"), "not in the catalogue x"},
		{"percent", i18n.Chinese.Sprintf("share %%"), "占比 %"},
		{"English percent", i18n.English.Sprintf("share %%"), "share %"},
		{"unknown language is English", i18n.Language("fr").Sprintf("Unroutable residents (%s)", "3"), "Unroutable residents (3)"},
		{"numbers given as strings are not grouped", i18n.English.Sprintf("Gap cells (%s)", "12345"), "Gap cells (12345)"},
		{"category", i18n.Chinese.Category("pharmacy"), "药店"},
		{"unknown category", i18n.Chinese.Category("bakery"), "bakery"},
		{"English category", i18n.English.Category("pharmacy"), "pharmacy"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestMissing(t *testing.T) {
	if got := i18n.Missing(i18n.Chinese, []string{"total", "no such key", "total", "another"}); strings.Join(got, "|") != "another|no such key" {
		t.Errorf("Missing = %q", got)
	}
	if got := i18n.Missing(i18n.English, []string{"no such key"}); got != nil {
		t.Errorf("Missing(English) = %q, want none", got)
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"东区", 4}, {"东区 A", 6}, {"–", 1}, {"…", 1}, {"×", 1}, {"e\u0301", 1}, {"", 0},
	}
	for _, tt := range tests {
		if got := i18n.Width(tt.s); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
	if got := i18n.PadRight("东区", 6) + "|"; got != "东区  |" {
		t.Errorf("PadRight = %q", got)
	}
	if got := i18n.PadLeft("东区", 5); got != " 东区" {
		t.Errorf("PadLeft = %q", got)
	}
	if got := i18n.Truncate("中华人民共和国", 7, "…"); got != "中华人…" || i18n.Width(got) > 7 {
		t.Errorf("Truncate = %q", got)
	}
	if got := i18n.Truncate("Monaco-Ville", 6, "."); got != "Monac." {
		t.Errorf("Truncate = %q", got)
	}
}
