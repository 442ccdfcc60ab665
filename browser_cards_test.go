package walkshed_test

// Browser tests of the residents' cards and the isochrone page, with the
// helpers of browser_test.go (chromium through chromedp; skipped where
// chromium is absent).

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// pdfPages reads the page sizes of a PDF chromium printed, in points.
func pdfPages(t *testing.T, pdf []byte) [][2]float64 {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatal("print did not give a PDF")
	}
	var out [][2]float64
	for _, b := range regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		out = append(out, [2]float64{w, h})
	}
	return out
}

func isA4(p [2]float64) bool { return math.Abs(p[0]-595.3) <= 2 && math.Abs(p[1]-841.9) <= 2 }

// clipShot takes a PNG of the first element matching sel, at twice the
// CSS pixels (chromedp.Screenshot gave a picture several pages high of
// the cards' first page).
func clipShot(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	r := step(t, ctx, "measure "+sel, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect();
	  return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()`))
	beyond := true
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng,
		Clip: &page.Viewport{X: r[0], Y: r[1], Width: r[2], Height: r[3], Scale: 2}, CaptureBeyondViewport: &beyond})
	if err != nil {
		t.Fatal(err)
	}
	return shot.Data
}

// shownCard is what a card of the page shows.
type shownCard struct {
	ID      string
	Map     bool
	Note    string
	Streets int
	Marks   []struct{ Cat, Minutes, Name, Title string }
	Lists   map[string][]string // category → minutes listed
}

const readCards = `[...document.querySelectorAll('article.card')].map(a => ({
  id: a.dataset.id, map: !!a.querySelector('svg.map'),
  note: (a.querySelector('p.none') || {textContent: ''}).textContent,
  streets: +((a.querySelector('path.streets') || {dataset: {n: 0}}).dataset.n),
  marks: [...a.querySelectorAll('circle.fac')].map(c => ({cat: c.dataset.cat, minutes: c.dataset.minutes, name: c.dataset.name,
    title: (c.querySelector('title') || {textContent: ''}).textContent})),
  lists: Object.fromEntries([...a.querySelectorAll('.cat')].map(g => [g.dataset.cat, [...g.querySelectorAll('.e[data-minutes]')].map(e => e.dataset.minutes)])),
}))`

// TestBrowserCards opens the residents' cards of 20 Porto addresses (one
// at sea) in chromium: a card per resident, on each map the nearest
// facility of every category cards.csv lists, with its minutes; the
// lists' minutes are cards.csv's; the page-wide facility box hides and
// shows the symbols; printed, one A4 page per eight cards.
func TestBrowserCards(t *testing.T) {
	chromiumPath(t)
	dir := filepath.Join(artefactDir(t), "cards")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	city := openOSM(t, portoPBF)
	est, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var residents []access.Resident
	for i := 0; len(residents) < 19 && i < len(est.Residents); i += max(len(est.Residents)/19, 1) {
		r := est.Residents[i]
		r.ID = fmt.Sprintf("home-%02d", len(residents))
		residents = append(residents, r)
	}
	residents = append(residents, access.Resident{ID: "at-sea", Point: orb.Point{-8.70, 41.14}, Weight: 1})
	cards, err := city.Cards(context.Background(), walkshed.CardsRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)},
		Residents: walkshed.ResidentSet{Residents: residents, Name: "test"}, K: 2, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	var csvBuf, htmlBuf bytes.Buffer
	if err := report.WriteCardsCSV(&csvBuf, cards); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteCardsHTML(&htmlBuf, cards); err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, dir, "cards.csv", csvBuf.Bytes())
	writeArtefact(t, dir, "cards.html", htmlBuf.Bytes())
	t.Logf("cards.html: %d cards, %d bytes", len(residents), htmlBuf.Len())
	rows, err := csv.NewReader(&csvBuf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// From cards.csv: per resident and category, the minutes listed.
	want := map[string]map[string][]string{}
	var order []string
	unroutable := map[string]bool{}
	for _, r := range rows[1:] {
		id, cat, mins, status := r[0], r[3], r[9], r[11]
		if want[id] == nil {
			want[id] = map[string][]string{}
			order = append(order, id)
		}
		switch {
		case status == "ok":
			want[id][cat] = append(want[id][cat], mins)
		case cat == "":
			unroutable[id] = true
		default:
			want[id][cat] = nil
		}
	}

	ctx, problems := browserTab(t)
	step(t, ctx, "open cards.html", chromedp.Navigate("file://"+filepath.Join(dir, "cards.html")))
	step(t, ctx, "wait for the script", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
	got := step(t, ctx, "read the cards", chromedp.Evaluate[[]shownCard](readCards))
	if len(got) != len(residents) || len(order) != len(residents) {
		t.Fatalf("%d cards shown, %d residents in cards.csv, want %d", len(got), len(order), len(residents))
	}
	withMarks := 0
	for i, c := range got {
		w := want[order[i]]
		if c.ID != order[i] {
			t.Errorf("card %d is %q, cards.csv %q", i, c.ID, order[i])
			continue
		}
		if unroutable[c.ID] {
			if c.Map || c.Note == "" || len(c.Marks) != 0 {
				t.Errorf("card %s off the network: map %v, note %q, %d symbols", c.ID, c.Map, c.Note, len(c.Marks))
			}
			continue
		}
		served := 0
		for _, mins := range w {
			if len(mins) > 0 {
				served++
			}
		}
		if !c.Map || c.Streets == 0 || len(c.Marks) != served {
			t.Errorf("card %s: map %v with %d streets and %d facility symbols, want one per category with a facility (%d)", c.ID, c.Map, c.Streets, len(c.Marks), served)
		}
		for _, m := range c.Marks {
			if l := w[m.Cat]; len(l) == 0 || l[0] != m.Minutes || m.Name == "" || m.Title != m.Name {
				t.Errorf("card %s: symbol of %s at %s min named %q (title %q); cards.csv %v", c.ID, m.Cat, m.Minutes, m.Name, m.Title, l)
			}
		}
		withMarks += len(c.Marks)
		for cat, mins := range w {
			if fmt.Sprint(c.Lists[cat]) != fmt.Sprint(mins) {
				t.Errorf("card %s, %s: minutes listed %v, cards.csv %v", c.ID, cat, c.Lists[cat], mins)
			}
		}
	}
	if withMarks == 0 {
		t.Fatal("no facility on any card's map")
	}
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, dir, "cards.png", shot.Data)
	writeArtefact(t, dir, "cards-page.png", clipShot(t, ctx, `div.page`))
	writeArtefact(t, dir, "card.png", clipShot(t, ctx, `article.card`))

	// The facility box hides every symbol, and shows them again.
	display := `getComputedStyle(document.querySelector('.L-facilities')).display`
	step(t, ctx, "untick facilities", chromedp.Click(`input[data-layer-all="facilities"]`))
	if d := step(t, ctx, "facilities hidden", chromedp.Evaluate[string](display)); d != "none" {
		t.Errorf("facility symbols still shown (display %s) after unticking their box", d)
	}
	step(t, ctx, "tick facilities", chromedp.Click(`input[data-layer-all="facilities"]`))
	if d := step(t, ctx, "facilities shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Error("facility symbols hidden after ticking their box again")
	}

	// Print: no header, eight cards on each A4 page.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if d := step(t, ctx, "print header", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('body > header')).display`)); d != "none" {
		t.Errorf("print media: the page header shows (display %s)", d)
	}
	// Each card keeps a quarter of its page's height and stays inside it,
	// however long its list.
	if bad := step(t, ctx, "card boxes", chromedp.Evaluate[[]string](`[...document.querySelectorAll('div.page')].flatMap(p => {
	  const pr = p.getBoundingClientRect();
	  return [...p.querySelectorAll('article.card')].filter(a => {
	    const r = a.getBoundingClientRect();
	    return r.top < pr.top - 1 || r.bottom > pr.bottom + 1 || r.height > pr.height / 4 + 1;
	  }).map(a => a.dataset.id);
	})`)); len(bad) > 0 {
		t.Errorf("printed, cards %v are taller than a quarter page or leave their page", bad)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf := step(t, ctx, "print to PDF", chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	writeArtefact(t, dir, "cards.pdf", pdf)
	pages := pdfPages(t, pdf)
	if wantPages := (len(residents) + 7) / 8; len(pages) != wantPages {
		t.Errorf("printed %d pages for %d cards, want %d (eight a page)", len(pages), len(residents), wantPages)
	}
	for _, p := range pages {
		if !isA4(p) {
			t.Errorf("PDF page %v pt, want A4 portrait", p)
			break
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %q", p)
	}
}

// isoGeoJSON is the part of the isochrone GeoJSON the page is checked
// against.
type isoGeoJSON struct {
	Features []struct {
		Properties struct {
			Minutes float64 `json:"minutes"`
			AreaM2  float64 `json:"area_m2"`
		} `json:"properties"`
		Geometry struct {
			Coordinates [][][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// shownIso is one isochrone of the page.
type shownIso struct {
	Layer, Minutes, Area string
	Rings                int
	N                    int
	Color                string
}

// TestBrowserIsochrone opens the isochrone page of two Porto start points
// in chromium: one layer per budget whose rings and area are the GeoJSON
// feature's, the start points, the table's areas; a layer box hides its
// isochrone, zoom halves the view, hover names an isochrone, and it prints
// on A4.
func TestBrowserIsochrone(t *testing.T) {
	chromiumPath(t)
	dir := filepath.Join(artefactDir(t), "isochrone")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	city := openOSM(t, portoPBF)
	starts := []orb.Point{{-8.6110, 41.1456}, {-8.6200, 41.1480}}
	opts := isochrone.Options{Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 10}, {Minutes: 15}}, Profile: routing.Standard, Resolution: isochrone.DefaultResolution}
	cs, err := city.Isochrones(starts, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	meta := report.IsochroneMeta{Profile: "standard", Speed: routing.Standard.Speed, Resolution: opts.Resolution,
		Source: "porto", Timestamp: city.TimestampString(), Version: walkshed.Version, Attribution: walkshed.Attribution}
	var gj, html bytes.Buffer
	if err := report.WriteIsochronesGeoJSON(&gj, cs, meta); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteIsochronesHTML(&html, report.IsochronePage{Contours: cs, Meta: meta, Starts: starts, Network: city.Graph()}); err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, dir, "iso.geojson", gj.Bytes())
	writeArtefact(t, dir, "iso.html", html.Bytes())
	t.Logf("iso.html: %d bytes (GeoJSON %d)", html.Len(), gj.Len())
	var doc isoGeoJSON
	if err := json.Unmarshal(gj.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}

	ctx, problems := browserTab(t)
	step(t, ctx, "open iso.html", chromedp.Navigate("file://"+filepath.Join(dir, "iso.html")))
	step(t, ctx, "wait for the map's script", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
	got := step(t, ctx, "read the isochrones", chromedp.Evaluate[[]shownIso](`[...document.querySelectorAll('#map-iso path.iso')].map(p => ({
	  layer: p.closest('g').getAttribute('class'), minutes: p.dataset.minutes, area: p.dataset.areaM2,
	  rings: (p.getAttribute('d').match(/M/g) || []).length, n: +p.dataset.n, color: p.getAttribute('fill')}))`))
	if len(got) != len(doc.Features) || len(got) != 3 {
		t.Fatalf("%d isochrones shown, the GeoJSON %d, want 3", len(got), len(doc.Features))
	}
	for i, f := range doc.Features { // both largest first
		rings := 0
		for _, pg := range f.Geometry.Coordinates {
			rings += len(pg)
		}
		g := got[i]
		if g.Minutes != strconv.FormatFloat(f.Properties.Minutes, 'f', -1, 64) || g.Rings != rings || g.N != rings || g.Area != strconv.FormatFloat(f.Properties.AreaM2, 'f', 0, 64) {
			t.Errorf("isochrone %d: %+v; GeoJSON %g min, %d rings, %.0f m²", i, g, f.Properties.Minutes, rings, f.Properties.AreaM2)
		}
	}
	info := step(t, ctx, "read the rest", chromedp.Evaluate[map[string]any](`({
	  starts: document.querySelectorAll('#map-iso circle.start').length,
	  streets: +document.querySelector('#map-iso path.streets').dataset.n,
	  areas: [...document.querySelectorAll('#contours td[data-key="area_km2"]')].map(td => td.textContent),
	  legend: [...document.querySelectorAll('#map-iso ul.legend li')].map(li => li.textContent),
	  run: document.querySelector('#run').textContent,
	})`))
	if n := info["starts"].(float64); int(n) != len(starts) {
		t.Errorf("%v start points shown, want %d", n, len(starts))
	}
	if info["streets"].(float64) == 0 {
		t.Error("no street basemap")
	}
	areas := info["areas"].([]any)
	for i, f := range doc.Features {
		if i >= len(areas) || areas[len(areas)-1-i] != fmt.Sprintf("%.3f", f.Properties.AreaM2/1e6) {
			t.Errorf("table areas %v, GeoJSON %.0f m² for %g min", areas, f.Properties.AreaM2, f.Properties.Minutes)
		}
	}
	if fmt.Sprint(info["legend"]) != "[streets 5 min 10 min 15 min start points]" {
		t.Errorf("legend %v", info["legend"])
	}
	if s, _ := info["run"].(string); !regexp.MustCompile(`2020-07-20T\d\d:\d\d:\d\dZ`).MatchString(s) {
		t.Errorf("the run does not give the OSM timestamp: %q", s)
	}
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, dir, "iso.png", shot.Data)
	writeArtefact(t, dir, "iso-map.png", step(t, ctx, "screenshot the map", chromedp.ScreenshotScale(`#map-iso`, 0.8)))

	// The 15-minute box hides that isochrone, and shows it again.
	display := `getComputedStyle(document.querySelector('#map-iso .L-iso2')).display`
	step(t, ctx, "untick 15 min", chromedp.Click(`#map-iso input[data-layer="iso2"]`))
	if d := step(t, ctx, "15 min hidden", chromedp.Evaluate[string](display)); d != "none" {
		t.Errorf("15-minute isochrone still shown (display %s) after unticking its box", d)
	}
	if d := step(t, ctx, "5 min shown", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#map-iso .L-iso0')).display`)); d == "none" {
		t.Error("unticking 15 min hid the 5-minute isochrone")
	}
	step(t, ctx, "tick 15 min", chromedp.Click(`#map-iso input[data-layer="iso2"]`))
	if d := step(t, ctx, "15 min shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Error("15-minute isochrone hidden after ticking its box again")
	}
	// Zoom in halves the view; hovering the 5-minute isochrone names it.
	vb := `document.querySelector('#map-iso svg.map').getAttribute('viewBox')`
	w0 := viewBoxWidth(t, step(t, ctx, "viewBox", chromedp.Evaluate[string](vb)))
	step(t, ctx, "zoom in", chromedp.Click(`#map-iso button[data-zoom="in"]`))
	if w1 := viewBoxWidth(t, step(t, ctx, "viewBox", chromedp.Evaluate[string](vb))); math.Abs(w1/w0-0.5) > 0.01 {
		t.Errorf("zoom in: viewBox width %g → %g, want half", w0, w1)
	}
	step(t, ctx, "zoom home", chromedp.Click(`#map-iso button[data-zoom="home"]`))
	hover := step(t, ctx, "hover", chromedp.Evaluate[[]string](`(() => {
	  const p = document.querySelector('#map-iso .L-iso0 path.iso');
	  p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
	  return [p.dataset.name, document.querySelector('#map-iso .info').textContent];
	})()`))
	if hover[0] == "" || hover[0] != hover[1] {
		t.Errorf("hovering the 5-minute isochrone shows %q, want %q", hover[1], hover[0])
	}

	// Print: no controls, A4, the map on the first page.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if d := step(t, ctx, "print controls", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#map-iso .tools')).display`)); d != "none" {
		t.Errorf("print media: map controls display %q, want none", d)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf := step(t, ctx, "print to PDF", chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	writeArtefact(t, dir, "iso.pdf", pdf)
	pages := pdfPages(t, pdf)
	if len(pages) == 0 || len(pages) > 2 {
		t.Errorf("printed %d pages, want the page on one or two", len(pages))
	}
	for _, p := range pages {
		if !isA4(p) {
			t.Errorf("PDF page %v pt, want A4 portrait", p)
			break
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %q", p)
	}
}
