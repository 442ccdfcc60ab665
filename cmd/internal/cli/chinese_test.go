package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/internal/gdaltest"
)

// chineseGrids writes a grid file of Monaco cut in two, 东区 and 西区
// (east and west), and returns its path.
func chineseGrids(t *testing.T) string {
	return writeFile(t, t.TempDir(), "网格.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"西区"},"geometry":{"type":"Polygon","coordinates":[[[7.40,43.72],[7.425,43.72],[7.425,43.76],[7.40,43.76],[7.40,43.72]]]}},
{"type":"Feature","properties":{"name":"东区"},"geometry":{"type":"Polygon","coordinates":[[[7.425,43.72],[7.45,43.72],[7.45,43.76],[7.425,43.76],[7.425,43.72]]]}}]}`)
}

var gridNames = []string{"西区", "东区"}

// TestChineseGridsEveryFormat runs the audit on Chinese-named grids in
// every format, in Chinese, and finds the names intact in each; the text
// table's columns align by display width; and the grids come back from
// the GeoPackage to audit again.
func TestChineseGridsEveryFormat(t *testing.T) {
	grids := chineseGrids(t)
	audit := func(args ...string) string {
		return run(t, append([]string{"audit", "--lang", "zh", "--grids", grids}, args...)...).stdout
	}

	// table: names, Chinese headings, aligned columns
	txt := audit()
	for _, want := range append([]string{"各网格覆盖率", "合计", "药店"}, gridNames...) {
		if !strings.Contains(txt, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	checkAligned(t, txt)

	// csv: the grids table
	recs, err := csv.NewReader(strings.NewReader(audit("--format", "csv", "--table", "grids"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		seen[r[0]] = true
	}
	for _, n := range gridNames {
		if !seen[n] {
			t.Errorf("grids.csv has no row of %s", n)
		}
	}
	// residents.csv names the grid of every resident
	if out := audit("--format", "csv"); !strings.Contains(out, ",西区,") || !strings.Contains(out, ",东区,") {
		t.Error("residents.csv lacks the grid names")
	}

	// json
	var doc struct {
		Title string `json:"title"`
		Rows  []struct {
			Grid string `json:"grid"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(audit("--format", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rows) < 2 || doc.Rows[0].Grid != "西区" || doc.Rows[1].Grid != "东区" || !strings.Contains(doc.Title, "分钟生活圈") {
		t.Errorf("report.json: title %q, rows %+v", doc.Title, doc.Rows)
	}

	// geojson
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(audit("--format", "geojson")), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) < 2 || fc.Features[0].Properties["grid"] != "西区" || fc.Features[1].Properties["grid"] != "东区" {
		t.Errorf("gaps.geojson grid features: %v", fc.Features[:min(2, len(fc.Features))])
	}

	// markdown and html
	md := audit("--format", "markdown")
	html := audit("--format", "html")
	for _, n := range gridNames {
		if !strings.Contains(md, "| "+n+" |") {
			t.Errorf("report.md has no table row of %s", n)
		}
		if !strings.Contains(html, "<td>"+n+"</td>") {
			t.Errorf("report.html has no table cell of %s", n)
		}
	}
	if !strings.Contains(html, `lang="zh-Hans"`) || !strings.Contains(md, "## 各网格覆盖率") {
		t.Error("markdown or html not in Chinese")
	}

	// gpkg: the names read back by GDAL and by walkshed, which audits again
	pkg := filepath.Join(t.TempDir(), "审计.gpkg")
	if err := os.WriteFile(pkg, []byte(audit("--format", "gpkg")), 0o644); err != nil {
		t.Fatal(err)
	}
	info := gdaltest.Ogrinfo(t, "-al", "-q", pkg, "grids")
	for _, n := range gridNames {
		if !strings.Contains(info, "grid (String) = "+n) {
			t.Errorf("ogrinfo does not read grid %s from the GeoPackage", n)
		}
	}
	again := run(t, "audit", "--lang", "zh", "--grids", pkg+":grids", "--grid-name", "grid").stdout
	body := func(s string) string { _, b, _ := strings.Cut(s, "各网格覆盖率"); return b } // after the header, which names the grid file
	if body(again) == "" || body(again) != body(txt) {
		t.Errorf("the audit over the grids read back from the GeoPackage differs from the first:\n%s", again)
	}
}

// checkAligned checks the text tables of a report: the display column
// between two columns (where the rule line of dashes has a space) is blank
// in every line of the table.
func checkAligned(t *testing.T, txt string) {
	t.Helper()
	lines := strings.Split(txt, "\n")
	rule := regexp.MustCompile(`^-+( +-+)+$`)
	tables := 0
	for i, l := range lines {
		if i == 0 || !rule.MatchString(l) {
			continue
		}
		tables++
		var gaps []int
		for c, r := range l {
			if r == ' ' {
				gaps = append(gaps, i18n.Width(l[:c]))
			}
		}
		rows := []string{lines[i-1]}
		for _, r := range lines[i+1:] {
			if r == "" || strings.HasPrefix(r, "…") {
				break // the table ends at a blank line or a note
			}
			rows = append(rows, r)
		}
		for _, row := range rows {
			var cells []rune
			for _, r := range row {
				cells = append(cells, r)
				if i18n.Width(string(r)) == 2 {
					cells = append(cells, 0)
				}
			}
			for _, g := range gaps {
				if g < len(cells) && cells[g] != ' ' {
					t.Errorf("column boundary at display column %d is not blank in %q", g, row)
					break
				}
			}
		}
	}
	if tables < 3 {
		t.Errorf("found %d text tables, want at least 3", tables)
	}
}
