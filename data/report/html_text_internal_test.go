package report

import (
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/i18n"
)

// TestHTMLLabelsTranslated requires every label of the HTML report to have
// a Chinese translation that keeps its formatting verbs.
func TestHTMLLabelsTranslated(t *testing.T) {
	if missing := i18n.Missing(i18n.Chinese, htmlLabels()); len(missing) > 0 {
		t.Errorf("HTML labels without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
	for _, en := range htmlLabels() {
		zh := i18n.Chinese.Text(en)
		if verbs(en) != verbs(zh) {
			t.Errorf("%q → %q: the verbs differ (%q, %q)", en, zh, verbs(en), verbs(zh))
		}
	}
}

// verbs lists the fmt verbs of s in order, positions dropped.
func verbs(s string) string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+1 >= len(s) {
			continue
		}
		j := i + 1
		if s[j] == '%' {
			i = j
			continue
		}
		if s[j] == '[' {
			j = strings.IndexByte(s[j:], ']') + j + 1
		}
		out = append(out, s[j:j+1])
		i = j
	}
	sortStrings(out)
	return strings.Join(out, ",")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
