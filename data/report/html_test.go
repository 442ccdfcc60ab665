package report_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/routing"
)

// cellClasses returns, per category map, the cell count of each minute
// class as the page states it (data-n) and as its path holds (subpaths).
func cellClasses(t *testing.T, out string) []map[string]int {
	t.Helper()
	var maps []map[string]int
	figs := regexp.MustCompile(`(?s)<figure class="map-fig" id="map-cat-\d+".*?</figure>`).FindAllString(out, -1)
	for _, fig := range figs {
		m := map[string]int{}
		for _, p := range regexp.MustCompile(`<path class="cells" data-class="(\w+)" data-n="(\d+)"[^>]* d="([^"]*)"`).FindAllStringSubmatch(fig, -1) {
			n := strings.Count(p[3], "M")
			if p[2] != strconv.Itoa(n) {
				t.Errorf("class %s says %s cells but draws %d", p[1], p[2], n)
			}
			m[p[1]] = n
		}
		maps = append(maps, m)
	}
	return maps
}

// TestHTMLCategoryMaps checks the cells of each category map against the
// fixture worked out by hand: each resident lies in its own resolution-10
// cell, classed by its walk to the nearest facility in thirds of 15 min.
func TestHTMLCategoryMaps(t *testing.T) {
	out := string(render(t, report.WriteHTML, fixture(t)))
	got := cellClasses(t, out)
	want := []map[string]int{
		// grocery: r2 3.8 and r3 2.5 min, r1 5.01 min, r5 none, r4 unroutable
		{"m0": 2, "m1": 1, "beyond": 1, "unroutable": 1},
		// pharmacy: r5 7.5 min, r1 10.03 and r3 13.8 min, r2 none, r4 unroutable
		{"m1": 1, "m2": 2, "beyond": 1, "unroutable": 1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d category maps, want %d", len(got), len(want))
	}
	for c := range want {
		if len(got[c]) != len(want[c]) {
			t.Errorf("map %d: classes %v, want %v", c, got[c], want[c])
			continue
		}
		for k, n := range want[c] {
			if got[c][k] != n {
				t.Errorf("map %d: classes %v, want %v", c, got[c], want[c])
				break
			}
		}
	}
	// Facilities: the grocery map has both groceries, the pharmacy map one
	// pharmacy on the network and the lost one marked off it.
	fac := regexp.MustCompile(`(?s)<figure class="map-fig" id="map-cat-1".*?</figure>`).FindString(out)
	if n, off := strings.Count(fac, `<circle class="fac"`), strings.Count(fac, `<circle class="fac off"`); n != 1 || off != 1 {
		t.Errorf("pharmacy map: %d facilities on and %d off the network, want 1 and 1", n, off)
	}
	if !strings.Contains(fac, "Farmácia &lt;Central&gt; (pharmacy)") {
		t.Error("pharmacy map does not name its facility, escaped, on hover")
	}
}

// TestHTMLNoFacility: a category without any facility must not paint the
// maps red. Its map says "no facility"; the overview colours grids by the
// share over the other categories, which a column of the share table
// gives beside report.json's complete share.
func TestHTMLNoFacility(t *testing.T) {
	a := fixture(t, "craftsman")
	a.Result.FacilityCount[2] = 0
	for i := range a.Result.Residents {
		if r := a.Result.Residents[i].Reach; r != nil {
			r[2] = nil
		}
	}
	for i := range a.Result.Rows {
		row := &a.Result.Rows[i]
		row.Categories[2].CoveredCount, row.Categories[2].CoveredWeight = 0, 0
		row.Complete.CoveredCount, row.Complete.CoveredWeight = 0, 0
	}
	out := string(render(t, report.WriteHTML, a))
	if i := strings.Index(out, "%!"); i >= 0 {
		t.Errorf("a label's format is broken: %q", out[max(i-60, 0):i+20])
	}
	maps := cellClasses(t, out)
	if len(maps) != 3 || len(maps[2]) != 1 || maps[2]["nofacility"] != 5 {
		t.Errorf("craftsman map cells %v, want all 5 marked nofacility", maps)
	}
	if !strings.Contains(out, `<div class="banner">No craftsman facility`) {
		t.Error("craftsman map has no banner saying it has no facility")
	}
	// Grid fills: A&B <x> 1 of 3.5 complete for grocery and pharmacy
	// (28.6 %, the 20–40 % class), North 1 of 2 (50 %, 40–60 %).
	fills := regexp.MustCompile(`<path class="grid" fill="(#[0-9a-f]+)"`).FindAllStringSubmatch(out, -1)
	if len(fills) != 2 || fills[0][1] != "#fdae61" || fills[1][1] != "#ffffbf" {
		t.Errorf("grid fills %v, want #fdae61 and #ffffbf (no solid red)", fills)
	}
	for _, want := range []string{"complete % (2 of 3)", `data-key="complete">0.0<`, `data-key="complete_served">28.6<`,
		`data-key="complete_served">50.0<`, `data-key="complete_served">30.8<`} {
		if !strings.Contains(out, want) {
			t.Errorf("share table lacks %q", want)
		}
	}
}

func TestHTMLCompliance(t *testing.T) {
	a := fixture(t)
	out := string(render(t, report.WriteHTML, a))
	if strings.Contains(out, "compliant") {
		t.Error("a compliant column without a standard")
	}
	a.Compliance = &report.Compliance{Standard: "GB 50180-2018", Share: []float64{0.5, math.NaN(), 0, 1.0 / 3}}
	out = string(render(t, report.WriteHTML, a))
	for _, want := range []string{"compliant % (GB 50180-2018)", `data-key="compliant">50.0<`, `data-key="compliant">–<`,
		`data-key="compliant">0.0<`, `data-key="compliant">33.3<`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

// TestHTMLStreets draws the network as one path of its edges, shared by
// every map.
func TestHTMLStreets(t *testing.T) {
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	lons := []float64{7.416, 7.42, 7.425, 7.43, 7.434}
	for i, lon := range lons {
		in.Nodes[int64(i+1)] = routing.NodeInfo{Point: orb.Point{lon, 43.73 + float64(i%2)*0.001}}
		if i > 0 {
			in.Ways = append(in.Ways, routing.Way{ID: int64(i), Nodes: []int64{int64(i), int64(i + 1)}})
		}
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := fixture(t)
	a.Network = g
	out := string(render(t, report.WriteHTML, a))
	m := regexp.MustCompile(`<path id="ws-streets" class="streets" data-n="(\d+)" d="([^"]*)"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no street basemap")
	}
	if n := strings.Count(m[2], "M"); strconv.Itoa(n) != m[1] || n != g.NumEdges() {
		t.Errorf("streets: %d subpaths, data-n %s, want the %d edges", n, m[1], g.NumEdges())
	}
	if uses := strings.Count(out, `<use href="#ws-streets"/>`); uses != 3 {
		t.Errorf("%d maps use the streets, want the overview and both category maps", uses)
	}
}
