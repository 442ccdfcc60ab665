package report_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/internal/i18ntest"
)

// TestMessagesTranslated requires every message the package formats
// through its catalogue (p.tr("...")) to have a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	keys := i18ntest.Keys(t, ".", i18ntest.TrCall, 50)
	if missing := i18n.Missing(i18n.Chinese, keys); len(missing) > 0 {
		t.Errorf("messages without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
}

// chineseFixture is the fixture in Chinese with grids named in Chinese.
func chineseFixture(t *testing.T) *report.Audit {
	a := fixture(t)
	a.Lang = i18n.Chinese
	for i, name := range []string{"东区", "西区（老城）"} {
		a.Zones[i].Name = name
		a.Result.Rows[i].Name = name
	}
	return a
}

func TestChineseReports(t *testing.T) {
	a := chineseFixture(t)
	for name, fn := range writers() {
		out := string(render(t, fn, a))
		if strings.Contains(out, "%!") {
			t.Errorf("%s has a formatting error:\n%s", name, out)
		}
		if strings.HasPrefix(name, "facilities.") {
			continue // facilities carry no grid
		}
		if !strings.Contains(out, "东区") || !strings.Contains(out, "西区（老城）") {
			t.Errorf("%s lacks the Chinese grid names", name)
		}
	}
	txt := string(render(t, report.WriteTable, a))
	for _, want := range []string{"15 分钟生活圈服务覆盖评估", "各网格覆盖率", "买菜购物", "药店", "不在任何网格内", "合计", "步行预算", "缺口单元（2）"} {
		if !strings.Contains(txt, want) {
			t.Errorf("Chinese table lacks %q:\n%s", want, txt)
		}
	}
	for _, english := range []string{"Coverage by grid", "Walking time", "outside any grid", "None:", "budget"} {
		if strings.Contains(txt, english) {
			t.Errorf("Chinese table still has %q", english)
		}
	}
	checkAligned(t, txt)
	html := string(render(t, report.WriteHTML, a))
	if !strings.Contains(html, `<html lang="zh-Hans">`) || !strings.Contains(html, "居民：全部可达") {
		t.Errorf("Chinese HTML lacks its language or labels")
	}
	md := string(render(t, report.WriteMarkdown, a))
	if !strings.Contains(md, "## 各网格、各类别的步行时间") {
		t.Errorf("Chinese Markdown lacks its section titles:\n%s", md)
	}
	// The data outputs keep their column names.
	if csv := string(render(t, report.WriteGridsCSV, a)); !strings.HasPrefix(csv, "grid,category,") || !strings.Contains(csv, "\n东区,grocery,") {
		t.Errorf("grids.csv in Chinese changed its columns or lost the names:\n%s", csv)
	}
}

// checkAligned checks every text table of a report: under a header, the
// rule line of dashes gives the columns, and in every row the display
// column between two columns is blank, whatever the width of the
// characters before it.
func checkAligned(t *testing.T, txt string) {
	t.Helper()
	lines := strings.Split(txt, "\n")
	rule := regexp.MustCompile(`^-+( +-+)+$`)
	tables := 0
	for i, l := range lines {
		if !rule.MatchString(l) || i == 0 {
			continue
		}
		tables++
		var gaps []int // display columns that must be blank
		for c, r := range l {
			if r == ' ' {
				gaps = append(gaps, i18n.Width(l[:c]))
			}
		}
		for _, row := range append([]string{lines[i-1]}, tableRows(lines[i+1:])...) {
			cells := displayCells(row)
			for _, g := range gaps {
				if g < len(cells) && cells[g] != ' ' {
					t.Errorf("column boundary at display column %d is not blank in %q (rule %q)", g, row, l)
					break
				}
			}
		}
	}
	if tables < 3 {
		t.Errorf("found %d tables, want at least 3", tables)
	}
}

// tableRows returns the lines up to the first empty one.
func tableRows(lines []string) []string {
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "…") {
			return lines[:i] // the table ends at a blank line or a note
		}
	}
	return lines
}

// displayCells lays a line out in display columns: a wide character
// fills two cells (the second one 0).
func displayCells(s string) []rune {
	var out []rune
	for _, r := range s {
		out = append(out, r)
		if i18n.Width(string(r)) == 2 {
			out = append(out, 0)
		}
	}
	return out
}

// TestMessagesFormat formats every message of the package in English and
// Chinese with as many arguments as the English has verbs: neither may
// show a formatting error (a bare % in a heading, a verb too many), and the
// Chinese must show every argument (a count or name lost in translation).
func TestMessagesFormat(t *testing.T) {
	verb := regexp.MustCompile(`%%|%(?:\[\d+\])?[sdv]`)
	// Chinese needs no English ordinal suffix.
	dropped := map[string]bool{"(every %s%s resident drawn: %s of %s)": true}
	for _, k := range i18ntest.Keys(t, ".", i18ntest.TrCall, 50) {
		var args []any
		for _, v := range verb.FindAllString(k, -1) {
			if v != "%%" {
				args = append(args, fmt.Sprintf("«%d»", len(args)+1))
			}
		}
		for _, l := range []i18n.Language{i18n.English, i18n.Chinese} {
			got := l.Sprintf(k, args...)
			if strings.Contains(got, "%!") {
				t.Errorf("%s %q → %q", l, k, got)
			}
			if l == i18n.Chinese && !dropped[k] {
				for _, a := range args {
					if !strings.Contains(got, a.(string)) {
						t.Errorf("Chinese of %q drops %s: %q", k, a, got)
					}
				}
			}
		}
	}
}
