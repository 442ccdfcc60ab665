package cli_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/walkshed/walkshed/data/gpkg"
)

// pageRun is one report of TestReportPagesChinese: its arguments, the
// English phrases of its page (each must be gone in Chinese) and Chinese
// phrases it must show.
type pageRun struct {
	name    string
	args    []string
	english []string
	chinese []string
}

// TestReportPagesChinese runs the emergency, volunteers, incidents, siting
// and comparison reports on Monaco with --lang zh and checks their pages
// (text and, where there is one, Markdown): the title, every header key,
// section title and column heading is Chinese, the page's fixed English
// phrases (which the English run shows) are gone, and the English run is
// the same page in English. The data outputs keep their English columns.
func TestReportPagesChinese(t *testing.T) {
	dir := t.TempDir()
	vols := writeFile(t, dir, "vol.csv", "id,lon,lat,capacity\nana,7.4206,43.7314,1\nrui,7.4270,43.7390,1\nbad,x,43.7,1\n")
	residents := writeFile(t, dir, "reg.csv", "id,lon,lat,group\nh1,7.4210,43.7318,elderly\nh2,7.4215,43.7310,elderly\nh3,7.4268,43.7392,disabled\nh4,7.4300,43.7450,\nfar,7.60,43.90,elderly\n")
	log := writeFile(t, dir, "log.csv", "id,time,lon,lat,arrival_minutes\ni1,2024-01-02T10:00:00Z,7.4210,43.7318,9\ni2,2024-02-02T10:00:00Z,7.4268,43.7392,21\n")
	run(t, "audit", "--standard", "mofcom-2021", "--out", filepath.Join(dir, "before"))
	add := writeFile(t, dir, "add.csv", "id,name,category,lon,lat\np1,New pharmacy,pharmacy,7.4300,43.7450\n")
	run(t, "audit", "--standard", "mofcom-2021", "--add-services", add, "--out", filepath.Join(dir, "after"))

	runs := []pageRun{
		{"emergency", []string{"emergency", "--responders", "osm:amenity=police"},
			[]string{"walkshed emergency", "input ", "budget ", "profile ", "grids ", "OSM admin_level=10 boundaries (9)", "OSM features tagged amenity=police (13)",
				"Grids\n", "grids pass", "worst min", "people %", " yes\n", "Ledger", "186 residents lie outside every grid", "  way ", "(1.33 m/s)", "homes are residential building values", "levels of homes"},
			[]string{"应急评估", "步行预算", "OSM admin_level=10 行政边界（9 个）", "带有 amenity=police 标签的 OSM 要素（13 名）", "9 个网格中 9 个达标", "最不利(分钟)", "是\n",
				"清单", "186 位居民不在任何网格内", "（1.33 米/秒）"}},
		{"volunteers", []string{"volunteers", "--volunteers", vols, "--residents", residents, "--grids", "osm:admin_level=10", "--k", "2", "--skip-bad-rows"},
			[]string{"walkshed volunteers", "Grids\n", "by 1 %", "by 2 %", "left without", "nobody reaches", "outside any grid", "Volunteers have capacities",
				"under capacities", "volunteers: vol.csv (2)", "skipped row"},
			[]string{"志愿者：vol.csv（2 名）", "2 名可达 %", "不在任何网格内", "受容量所限未分配志愿者", "已跳过"}},
		{"incidents", []string{"incidents", "--incidents", log, "--responders", "osm:amenity=police", "--grids", "osm:admin_level=10"},
			[]string{"walkshed incidents", "Incidents by grid and month", "incidents counted", "all grids", "median arrival", " min\n", "incidents: log.csv (2)"},
			[]string{"各网格、各月份的事件", "计入 2 起事件", "全部网格", "分钟\n", "事件：log.csv（2 起）"}},
		{"site", []string{"site", "--category", "pharmacy", "--count", "3"},
			[]string{"— where 3 new pharmacy", "Proposed sites", "People gained by grid", "Candidates off the network", "None: every", "covered after",
				"facilities cover", "within reach of someone", "picked greedily", "pharmacy"},
			[]string{"3 处新增药店设施", "建议新址", "各网格新增覆盖人口", "无：每个候选点都已接入步行路网。", "药店设施覆盖", "贪心法"}},
		{"compare", []string{"compare", filepath.Join(dir, "before", "report.json"), filepath.Join(dir, "after", "report.json")},
			[]string{"comparison of two audits", "before ", "after ", "Change in the total", "Change by grid and category", "covered before", "OSM data 2026",
				"pharmacy", "outside any grid", "total ", "Residents who gained or lost", "None: every resident", "compliant", "standard "},
			[]string{"两次评估的比较", "总体变化", "\n药店 ", "不在任何网格内", "合计", "OSM 数据 2026", "\n达标 ", "标准      mofcom-2021"}},
	}
	for _, pr := range runs {
		t.Run(pr.name, func(t *testing.T) {
			formats := []string{"table"}
			if pr.name == "site" || pr.name == "compare" {
				formats = append(formats, "markdown")
			}
			for _, f := range formats {
				en := run(t, append(pr.args, "--format", f)...).stdout
				zh := run(t, append(pr.args, "--format", f, "--lang", "zh")...).stdout
				if f == "table" {
					for _, e := range pr.english {
						if !strings.Contains(en, e) {
							t.Errorf("the English %s lacks %q, so its absence in Chinese proves nothing:\n%s", f, e, en)
						}
					}
				}
				for _, e := range pr.english {
					if strings.Contains(zh, e) {
						t.Errorf("the Chinese %s still has %q:\n%s", f, e, zh)
					}
				}
				for _, c := range pr.chinese {
					if c = strings.TrimSuffix(c, "\n"); f == "table" && !strings.Contains(zh, c) {
						t.Errorf("the Chinese %s lacks %q:\n%s", f, c, zh)
					}
				}
				if strings.Contains(zh, "%!") {
					t.Errorf("the Chinese %s has a formatting error:\n%s", f, zh)
				}
				if f == "table" {
					ens, zhs := pageParts(en), pageParts(zh)
					if len(ens.keys) != len(zhs.keys) || len(ens.sections) != len(zhs.sections) || len(ens.heads) != len(zhs.heads) {
						t.Errorf("English and Chinese pages differ in shape: %d/%d header keys, %d/%d sections, %d/%d headings",
							len(ens.keys), len(zhs.keys), len(ens.sections), len(zhs.sections), len(ens.heads), len(zhs.heads))
					}
					for _, s := range append(append(append([]string{zhs.title}, zhs.keys...), zhs.sections...), zhs.heads...) {
						if s != "walkshed" && s != "k" && !hasHan(s) {
							t.Errorf("%q is not Chinese in:\n%s", s, zh)
						}
					}
				}
			}
		})
	}

	// The data outputs keep their columns; the GeoPackage's header is in
	// the language.
	out := filepath.Join(dir, "em-zh")
	r := run(t, "emergency", "--responders", "osm:amenity=police", "--lang", "zh", "--out", out)
	if csv := string(mustRead(t, filepath.Join(out, "emergency.csv"))); !strings.HasPrefix(csv, "grid,responders,worst_minutes,") || !strings.Contains(csv, ",yes\n") {
		t.Errorf("emergency.csv in Chinese changed its columns or values:\n%s", csv)
	}
	if !strings.Contains(r.stdout, "186 位居民不在任何网格内") {
		t.Errorf("--out prints the page in English:\n%s", r.stdout)
	}
	hdr := headerRows(t, filepath.Join(out, "emergency.gpkg"))
	for _, want := range []string{"title=walkshed 应急评估：各网格距响应人员的最不利步行", "网格=OSM admin_level=10 行政边界（9 个）", "输入=响应人员：带有 amenity=police 标签的 OSM 要素（13 名）", "步行配置=standard（1.33 米/秒）"} {
		if !strings.Contains(hdr, want+"\n") {
			t.Errorf("emergency.gpkg report_header lacks %q:\n%s", want, hdr)
		}
	}
	// The audit's GeoPackage states a what-if in the language too.
	run(t, "audit", "--add-services", add, "--scenario", "new pharmacy", "--lang", "zh", "--out", filepath.Join(dir, "after-zh"))
	hdr = headerRows(t, filepath.Join(dir, "after-zh", "audit.gpkg"))
	for _, want := range []string{"情景=new pharmacy", "输入=情景 new pharmacy：新增设施：add.csv 中的 1 个"} {
		if !strings.Contains(hdr, want+"\n") {
			t.Errorf("audit.gpkg report_header lacks %q:\n%s", want, hdr)
		}
	}
}

// pageTexts are the fixed texts of a text page: its title, header keys,
// section titles and column headings.
type pageTexts struct {
	title                 string
	keys, sections, heads []string
}

var (
	underline = regexp.MustCompile(`^=+$`)
	ruleLine  = regexp.MustCompile(`^-+( +-+)+$`)
	cellGap   = regexp.MustCompile(`  +`)
)

// pageParts finds the fixed texts of a text page.
func pageParts(txt string) pageTexts {
	lines := strings.Split(txt, "\n")
	p := pageTexts{title: lines[0]}
	for _, l := range lines[3:] {
		if l == "" {
			break
		}
		if k := cellGap.Split(l, 2)[0]; k != "" && !strings.HasPrefix(l, " ") {
			p.keys = append(p.keys, k)
		}
	}
	for i := 1; i < len(lines); i++ {
		switch {
		case underline.MatchString(lines[i]):
			p.sections = append(p.sections, lines[i-1])
		case ruleLine.MatchString(lines[i]):
			p.heads = append(p.heads, cellGap.Split(strings.TrimSpace(lines[i-1]), -1)...)
		}
	}
	return p
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// headerRows reads the report_header of a GeoPackage as key=value lines.
func headerRows(t *testing.T, path string) string {
	t.Helper()
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := r.Features(context.Background(), "report_header")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	for s.Scan() {
		v := s.Feature().Values
		b.WriteString(gpkg.ValueText(v[0]) + "=" + gpkg.ValueText(v[1]) + "\n")
	}
	return b.String()
}
