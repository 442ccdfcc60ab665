package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// TestMapLabelsTranslated requires every label of the cards and the
// isochrone page to have a Chinese translation keeping its verbs.
func TestMapLabelsTranslated(t *testing.T) {
	labels := append(labelsOf(englishCardsText()), labelsOf(englishIsoText())...)
	if missing := i18n.Missing(i18n.Chinese, labels); len(missing) > 0 {
		t.Errorf("labels without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
	for _, en := range labels {
		if zh := i18n.Chinese.Text(en); verbs(en) != verbs(zh) {
			t.Errorf("%q → %q: the verbs differ", en, zh)
		}
	}
}

// testCards are nine cards (two pages) around Porto's Aliados: the
// eighth off the network, the others with a pharmacy 300 m east and no
// grocery, and a street running 5 km across their maps.
func testCards() *Cards {
	c := &Cards{Header: Header{Budget: "15min", Profile: "standard", Speed: 1.33, OSMTimestamp: "2020-07-20T10:27:03Z"},
		Categories: []string{"pharmacy", "grocery"}, K: 2}
	home := orb.Point{-8.6110, 41.1456}
	street := orb.LineString{{-8.64, 41.1456}, {-8.6105, 41.1458}, {-8.58, 41.1460}}
	for i := range 9 {
		card := Card{Resident: access.Resident{ID: "r" + strconv.Itoa(i), Point: home}}
		if i == 7 {
			card.Unroutable = "no street within 200 m"
			c.Cards = append(c.Cards, card)
			continue
		}
		f := access.Facility{ID: "p1", Name: "Farmácia <Central>", Category: "pharmacy", Point: orb.Point{-8.6074, 41.1456}}
		far := access.Facility{ID: "p2", Name: "", Category: "pharmacy", Point: orb.Point{-8.6300, 41.1500}}
		card.Nearest = [][]CardEntry{{{Facility: f, Meters: 320, Minutes: 4.01, Address: "Rua A 1"}, {Facility: far, Meters: 2000, Minutes: 25}}, nil}
		card.Streets = []orb.LineString{street}
		c.Cards = append(c.Cards, card)
	}
	return c
}

func TestCardsHTML(t *testing.T) {
	c := testCards()
	var a, b bytes.Buffer
	if err := WriteCardsHTML(&a, c); err != nil {
		t.Fatal(err)
	}
	if err := WriteCardsHTML(&b, c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same cards gave different pages")
	}
	s := a.String()
	if n := strings.Count(s, `<div class="page">`); n != 2 {
		t.Errorf("%d pages for 9 cards, want 2", n)
	}
	if n := strings.Count(s, `<article class="card"`); n != 9 {
		t.Errorf("%d cards, want 9", n)
	}
	// One symbol per category with a facility (pharmacy), on the 8 cards
	// with a map; the second pharmacy is listed, not drawn.
	if n := strings.Count(s, `<circle class="fac"`); n != 8 {
		t.Errorf("%d facility symbols, want 8 (one per routable card)", n)
	}
	if n := strings.Count(s, `class="home"`); n != 8 {
		t.Errorf("%d homes, want 8", n)
	}
	for _, want := range []string{`data-minutes="4.0"`, "4.0 min · 320 m", "none within 15min", "(no name)", "Farmácia &lt;Central&gt;",
		"This address could not be placed on the walking network: no street within 200 m", "© OpenStreetMap contributors",
		`class="north"`, `class="scalebar"`, `data-layer-all="streets"`} {
		if !strings.Contains(s, want) {
			t.Errorf("cards lack %q", want)
		}
	}
	if strings.Contains(s, "%!") {
		t.Error("a formatting error in the cards")
	}
	// The street is clipped to each map's frame: every point within the
	// viewBox.
	vb := regexp.MustCompile(`class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(s)
	d := regexp.MustCompile(`class="streets" data-n="(\d+)" d="([^"]*)"`).FindStringSubmatch(s)
	if vb == nil || d == nil || d[1] != "1" {
		t.Fatalf("no map or street: %v %v", vb, d)
	}
	w, _ := strconv.Atoi(vb[1])
	h, _ := strconv.Atoi(vb[2])
	for _, p := range absolute(t, d[2]) {
		if p[0] < 0 || p[0] > float64(w) || p[1] < 0 || p[1] > float64(h) {
			t.Errorf("street point %v outside the map 0 0 %d %d", p, w, h)
		}
	}

	c.Lang = i18n.Chinese
	a.Reset()
	if err := WriteCardsHTML(&a, c); err != nil {
		t.Fatal(err)
	}
	s = a.String()
	for _, want := range []string{`<html lang="zh-Hans">`, "居民服务卡", "药店", "4.0 分钟 · 320 米", "此地址无法接入步行路网"} {
		if !strings.Contains(s, want) {
			t.Errorf("Chinese cards lack %q", want)
		}
	}
	if c.Lang = "fr"; WriteCardsHTML(&a, c) == nil {
		t.Error("cards in French: no error")
	}
}

// absolute reads SVG path data of M, l and z commands back to points.
func absolute(t *testing.T, d string) []orb.Point {
	t.Helper()
	var out []orb.Point
	var x, y float64
	for _, sub := range regexp.MustCompile(`M[^M]*`).FindAllString(d, -1) {
		nums := regexp.MustCompile(`-?[0-9.]+`).FindAllString(sub, -1)
		for i := 0; i+1 < len(nums); i += 2 {
			a, _ := strconv.ParseFloat(nums[i], 64)
			b, _ := strconv.ParseFloat(nums[i+1], 64)
			if i == 0 {
				x, y = a, b
			} else {
				x, y = x+a, y+b
			}
			out = append(out, orb.Point{x, y})
		}
	}
	return out
}

// TestChainLines: chained lines draw every segment of the input once,
// against a plain list of the segments.
func TestChainLines(t *testing.T) {
	lines := []orb.LineString{
		{{0, 0}, {1, 0}}, {{1, 0}, {2, 0}}, {{3, 0}, {2, 0}}, // a street of three edges, one reversed
		{{1, 0}, {1, 1}},         // a side street
		{{5, 5}, {6, 6}, {7, 5}}, // apart
		{{2, 0}, {2, -1}},
	}
	seg := func(a, b orb.Point) [2]orb.Point {
		if b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]) {
			a, b = b, a
		}
		return [2]orb.Point{a, b}
	}
	want := map[[2]orb.Point]int{}
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			want[seg(l[i-1], l[i])]++
		}
	}
	got := map[[2]orb.Point]int{}
	out := chainLines(lines)
	for _, l := range out {
		for i := 1; i < len(l); i++ {
			got[seg(l[i-1], l[i])]++
		}
	}
	if len(got) != len(want) {
		t.Fatalf("segments %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("segment %v drawn %d times, want %d", k, got[k], n)
		}
	}
	if len(out) >= len(lines) {
		t.Errorf("%d lines chained into %d", len(lines), len(out))
	}
}

func square(lon, lat, d float64) orb.Ring {
	return orb.Ring{{lon - d, lat - d}, {lon + d, lat - d}, {lon + d, lat + d}, {lon - d, lat + d}, {lon - d, lat - d}}
}

func TestIsochronesHTML(t *testing.T) {
	start := orb.Point{-8.6110, 41.1456}
	page := IsochronePage{
		Contours: []isochrone.Contour{
			{Budget: geo.Budget{Minutes: 5}, Meters: 399, AreaM2: 360000, StreetM: 23200,
				Geometry: orb.MultiPolygon{{square(start[0], start[1], 0.003), square(start[0], start[1], 0.001)}}},
			{Budget: geo.Budget{Minutes: 10}, Meters: 798, AreaM2: 1300000, StreetM: 169100,
				Geometry: orb.MultiPolygon{{square(start[0], start[1], 0.006)}, {square(start[0]+0.02, start[1], 0.001)}}},
		},
		Meta:   IsochroneMeta{Profile: "standard", Speed: 1.33, Resolution: 11, Source: "porto.osm.pbf", Timestamp: "2020-07-20T10:27:03Z", Version: "0.1.0", Attribution: Attribution},
		Starts: []orb.Point{start},
	}
	var a, b bytes.Buffer
	if err := WriteIsochronesHTML(&a, page); err != nil {
		t.Fatal(err)
	}
	if err := WriteIsochronesHTML(&b, page); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same isochrones gave different pages")
	}
	s := a.String()
	for _, want := range []string{
		`<g class="L L-iso1"><path class="iso" data-minutes="10" data-n="2" data-area-m2="1300000"`, // drawn first, below
		`<g class="L L-iso0"><path class="iso" data-minutes="5" data-n="2" data-area-m2="360000"`,
		`data-layer="iso0" checked> 5 min`, `data-layer="iso1" checked> 10 min`, `.hide-iso1 .L-iso1{display:none}`,
		`<circle class="start"`, "2020-07-20T10:27:03Z", "standard, 1.33 m/s", "-8.6110000,41.1456000",
		"within 10 min: 1.30 km², 169.1 km of street", `class="north"`, `class="scalebar"`, "© OpenStreetMap contributors",
		`<td class="num" data-key="area_km2">0.360</td>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("isochrone page lacks %q", want)
		}
	}
	if strings.Index(s, "L-iso1") > strings.Index(s, "L-iso0\"") {
		t.Error("the larger isochrone is drawn above the smaller")
	}
	metres := page
	metres.Contours = []isochrone.Contour{{Budget: geo.Budget{Meters: 500}, Meters: 500, AreaM2: 1000,
		Geometry: orb.MultiPolygon{{square(start[0], start[1], 0.002)}}}}
	a.Reset()
	if err := WriteIsochronesHTML(&a, metres); err != nil {
		t.Fatal(err)
	}
	if s := a.String(); !strings.Contains(s, `data-meters="500"`) || !strings.Contains(s, `data-layer="iso0" checked> 500 m`) {
		t.Error("a budget in metres is not labelled in metres")
	}
	page.Lang = i18n.Chinese
	a.Reset()
	if err := WriteIsochronesHTML(&a, page); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="zh-Hans">`, "步行等时圈", "5 分钟", "起点", "放大"} {
		if !strings.Contains(a.String(), want) {
			t.Errorf("Chinese isochrone page lacks %q", want)
		}
	}
	if strings.Contains(a.String(), "%!") {
		t.Error("a formatting error in the Chinese page")
	}
}
