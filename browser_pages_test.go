package walkshed_test

// Browser tests of the HTML pages other than the audit's (emergency,
// volunteers, incidents, siting, comparison), in the audit's look: each
// opened in chromium on Monaco, its layers counted against the report's
// JSON, its numbers read back, a layer toggled, the print layout checked.
// They skip, saying so, where chromium is absent.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// pageShown is what a page of the other reports shows, read from its DOM.
type pageShown struct {
	Ready     bool
	Lang      string
	Streets   int // subpaths of the street basemap
	Outlines  int // grids outlined
	Layers    map[string]layerShown
	Toggles   []string
	Labels    []labelShown
	Legend    int
	Credit    string
	Tables    [][][]string // per section table, its rows and cells
	Heads     [][]string   // per section table, its column heads
	TextNodes int          `json:"textNodes"`
}

type layerShown struct {
	N       int      // features: grids, symbols, lines
	Dots    int      // data-n of the dot paths
	Drawn   int      // subpaths of the dot paths
	Display string   // computed display of the layer's group
	Names   []string // data-name of the features, in order
	Classes map[string]int
}

type labelShown struct{ Name, V string }

const readLookPage = `(() => {
  const fig = document.querySelector('figure.map-fig');
  const subpaths = el => el ? (el.getAttribute('d').match(/M/g) || []).length : 0;
  const svg = fig.querySelector('svg.map');
  const layers = {};
  svg.querySelectorAll('g.L').forEach(g => {
    const key = [...g.classList].find(c => c.startsWith('L-')).slice(2);
    const feats = [...g.querySelectorAll('path.grid, circle.pt, path.line, path.link')];
    const classes = {};
    feats.forEach(f => { const c = [...f.classList].join('.'); classes[c] = (classes[c] || 0) + 1; });
    let dots = 0, drawn = 0;
    g.querySelectorAll('path.dots').forEach(p => { dots += +p.dataset.n; drawn += subpaths(p); });
    layers[key] = {n: feats.length, dots, drawn, display: getComputedStyle(g).display,
      names: feats.map(f => f.dataset.name || ''), classes};
  });
  const streets = document.getElementById('ws-streets'), outlines = document.getElementById('ws-outlines');
  return {
    ready: fig.dataset.ready === '1', lang: document.documentElement.lang,
    streets: subpaths(streets), outlines: outlines ? +outlines.dataset.n : 0, layers,
    toggles: [...fig.querySelectorAll('input[data-layer]')].map(i => i.dataset.layer),
    labels: [...svg.querySelectorAll('text.lbl')].map(t => ({name: t.firstChild.textContent, v: t.querySelector('tspan').textContent})),
    legend: fig.querySelectorAll('ul.legend li').length,
    credit: fig.querySelector('.credit').textContent,
    tables: [...document.querySelectorAll('section.later table:not(.header)')].map(tb =>
      [...tb.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))),
    heads: [...document.querySelectorAll('section.later table:not(.header)')].map(tb =>
      [...tb.querySelectorAll('thead th')].map(th => th.textContent)),
  };
})()`

// lookCase is one page of the browser test: its HTML, its JSON and what
// to check of it.
type lookCase struct {
	name   string
	html   func(w io.Writer) error
	json   func(w io.Writer) error
	toggle string // a layer to switch off and on
	check  func(t *testing.T, got pageShown, doc []byte)
}

func TestBrowserPages(t *testing.T) {
	chromiumPath(t)
	start := time.Now()
	art := artefactDir(t)
	ctx := context.Background()
	city := openOSM(t, monacoPBF)
	residents := defaultAudit(t, city).Residents
	grids := walkshed.AdminLevel{Level: 10}
	budget := geo.Budget{Minutes: 10}
	edges := city.Graph().NumEdges()

	// Points along Monaco's length, inland: responders, volunteers,
	// registered residents and incidents.
	along := func(i, n int) orb.Point {
		f := (float64(i) + 0.5) / float64(n)
		return orb.Point{7.4115 + f*0.0255 + 0.0005*math.Sin(float64(i)*2.3), 43.7285 + f*0.0205 + 0.0005*math.Cos(float64(i)*1.7)}
	}
	var responders []emergency.Responder
	for i := range 4 {
		responders = append(responders, emergency.Responder{ID: fmt.Sprint("r", i), Name: fmt.Sprint("Post ", i), Point: along(i, 4)})
	}
	em, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: walkshed.ResponderSet{Responders: responders, Name: "posts"},
		Residents: residents, Grids: grids, Options: emergency.Options{Budget: budget, Profile: routing.Standard, Advice: true}})
	if err != nil {
		t.Fatal(err)
	}
	var vols []emergency.Volunteer
	for i := range 6 {
		vols = append(vols, emergency.Volunteer{ID: fmt.Sprint("v", i), Point: along(i, 6), Capacity: 4})
	}
	var registered []access.Resident
	for i := range 40 {
		registered = append(registered, access.Resident{ID: fmt.Sprint("h", i), Point: along(i*7%40, 40), Weight: 1})
	}
	vo, err := city.RunVolunteers(ctx, walkshed.VolunteersRequest{Volunteers: walkshed.VolunteerSet{Volunteers: vols, Name: "volunteers"},
		Residents: walkshed.ResidentSet{Residents: registered, Name: "registered"}, Grids: grids,
		Options: emergency.VolunteerOptions{Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, K: 2}})
	if err != nil {
		t.Fatal(err)
	}
	var incidents []emergency.Incident
	for i := range 60 {
		incidents = append(incidents, emergency.Incident{ID: fmt.Sprint("i", i), Point: along(i*11%60, 60),
			Time: time.Date(2025, time.Month(1+i%6), 1+i%28, 12, 0, 0, 0, time.UTC), ArrivalMinutes: math.NaN()})
	}
	in, err := city.RunIncidents(ctx, walkshed.IncidentsRequest{Incidents: walkshed.IncidentSet{Incidents: incidents, Name: "log"},
		Responders: walkshed.ResponderSet{Responders: responders[:2], Name: "posts"}, Grids: grids,
		Options: emergency.IncidentOptions{Budget: geo.Budget{Minutes: 6}, Profile: routing.Standard}})
	if err != nil {
		t.Fatal(err)
	}
	osm := city.OSMFacilities(nil)
	si, err := city.Site(ctx, walkshed.SiteRequest{Facilities: []walkshed.FacilitySet{osm}, Residents: residents, Grids: grids,
		Options: access.SiteOptions{Category: "pharmacy", Count: 3, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard}})
	if err != nil {
		t.Fatal(err)
	}
	areq := defaultAudit(t, city)
	areq.Grids = grids
	areq.Options.Categories = []string{"pharmacy", "grocery"}
	areq.Options.Budget = geo.Budget{Minutes: 5}
	before, err := city.RunAudit(ctx, areq)
	if err != nil {
		t.Fatal(err)
	}
	// The what-if: the pharmacies of the west half close, one opens.
	var closed []string
	for _, f := range osm.Facilities {
		if f.Category == "pharmacy" && f.Point.Lon() < 7.425 {
			closed = append(closed, f.ID)
		}
	}
	areq.Scenario = &walkshed.Scenario{Name: "pharmacies close", Remove: closed, Add: []walkshed.FacilitySet{{Name: "new", Facilities: []access.Facility{
		{ID: "p1", Name: "New pharmacy", Category: "pharmacy", Point: along(2, 3)},
	}}}}
	after, err := city.RunAudit(ctx, areq)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := walkshed.Compare(before, after, walkshed.CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reports computed in %.1f s", time.Since(start).Seconds())

	cases := []lookCase{
		{"emergency", func(w io.Writer) error { return report.WriteEmergency("html", w, em) },
			func(w io.Writer) error { return report.WriteEmergency("json", w, em) }, "responders", checkEmergencyPage},
		{"volunteers", func(w io.Writer) error { return report.WriteVolunteers("html", w, vo) },
			func(w io.Writer) error { return report.WriteVolunteers("json", w, vo) }, "assignments", checkVolunteersPage},
		{"incidents", func(w io.Writer) error { return report.WriteIncidents("html", w, in) },
			func(w io.Writer) error { return report.WriteIncidents("json", w, in) }, "late", checkIncidentsPage},
		{"site", func(w io.Writer) error { return report.WriteSiting("html", w, si) },
			func(w io.Writer) error { return report.WriteSiting("json", w, si) }, "sites", checkSitePage},
		{"compare", func(w io.Writer) error { return report.WriteComparison("html", w, cmp) },
			func(w io.Writer) error { return report.WriteComparison("json", w, cmp) }, "change", checkComparePage},
	}
	tab, problems := browserTab(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(art, "pages")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			var page, doc bytes.Buffer
			if err := c.html(&page); err != nil {
				t.Fatal(err)
			}
			if err := c.json(&doc); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := c.html(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(page.Bytes(), again.Bytes()) {
				t.Error("the page differs between two writes of the same report")
			}
			checkSelfContained(t, page.String())
			path := filepath.Join(dir, c.name+".html")
			writeArtefact(t, dir, c.name+".html", page.Bytes())
			n := len(problems())
			step(t, tab, "open the page", chromedp.Navigate("file://"+path))
			step(t, tab, "wait for the map's script", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
			got := step(t, tab, "read the page", chromedp.Evaluate[pageShown](readLookPage))
			if !got.Ready || got.Lang != "en" || got.Credit != walkshed.Attribution {
				t.Errorf("page: ready %v, lang %q, map credit %q", got.Ready, got.Lang, got.Credit)
			}
			if got.Streets < edges*9/10 {
				t.Errorf("street basemap: %d subpaths, want the network's %d edges (at least 90 %%)", got.Streets, edges)
			}
			for _, key := range got.Toggles {
				if _, ok := got.Layers[key]; !ok {
					t.Errorf("toggle %q has no layer", key)
				}
			}
			if len(got.Toggles) != len(got.Layers) {
				t.Errorf("%d toggles for %d layers", len(got.Toggles), len(got.Layers))
			}
			if got.Legend == 0 {
				t.Error("no legend")
			}
			c.check(t, got, doc.Bytes())
			shot := step(t, tab, "screenshot the map", chromedp.Screenshot(chromedp.CSS(`figure.map-fig`)))
			writeArtefact(t, dir, c.name+"-map.png", shot)
			checkToggle(t, tab, c.toggle)
			pdf, printShot := checkPagePrint(t, tab)
			writeArtefact(t, dir, c.name+".pdf", pdf)
			writeArtefact(t, dir, c.name+"-print.png", printShot)
			if p := problems()[n:]; len(p) > 0 {
				t.Errorf("console errors: %q", p)
			}
		})
	}
	t.Logf("browser pages checked in %.1f s", time.Since(start).Seconds())
}

// checkSelfContained fails on anything the page would fetch.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{`src="http`, `href="http`, "@import", "url(http", "<link "} {
		if strings.Contains(page, bad) {
			t.Errorf("the page refers to the network (%q)", bad)
		}
	}
	if !strings.Contains(page, walkshed.Attribution) {
		t.Error("the page lacks the attribution")
	}
}

// checkToggle switches layer key off and on.
func checkToggle(t *testing.T, tab context.Context, key string) {
	t.Helper()
	display := `getComputedStyle(document.querySelector('figure.map-fig .L-` + key + `')).display`
	if d := step(t, tab, key+" shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Errorf("layer %s hidden at first", key)
	}
	box := `figure.map-fig input[data-layer="` + key + `"]`
	step(t, tab, "untick "+key, chromedp.Click(box))
	if d := step(t, tab, key+" hidden", chromedp.Evaluate[string](display)); d != "none" {
		t.Errorf("layer %s still shown (display %s) after unticking its box", key, d)
	}
	step(t, tab, "tick "+key, chromedp.Click(box))
	if d := step(t, tab, key+" shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Errorf("layer %s hidden after ticking its box again", key)
	}
}

// checkPagePrint checks the print layout (no controls, within A4's text
// width) and prints the page to PDF on A4.
func checkPagePrint(t *testing.T, tab context.Context) (pdf, printShot []byte) {
	t.Helper()
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	pr := step(t, tab, "print styles", chromedp.Evaluate[[]string](`[getComputedStyle(document.querySelector('.tools')).display,
	  getComputedStyle(document.querySelector('.info')).display, getComputedStyle(document.querySelector('.mapbox')).breakInside]`))
	if pr[0] != "none" || pr[1] != "none" || pr[2] != "avoid" {
		t.Errorf("print media: controls display %q and %q (want none), map break-inside %q (want avoid)", pr[0], pr[1], pr[2])
	}
	if _, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 703, Height: 995, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}
	step(t, tab, "print layout", chromedp.Evaluate[bool](`new Promise(r => { dispatchEvent(new Event('resize')); requestAnimationFrame(() => requestAnimationFrame(() => r(true))); })`, chromedp.EvalAwaitPromise))
	if w := step(t, tab, "print width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 704 {
		t.Errorf("print layout is %d px wide, more than A4's text width (703 px)", w)
	}
	printShot = step(t, tab, "print layout screenshot", chromedp.FullScreenshot(100))
	if _, err := chromedp.Call(tab, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf = step(t, tab, "print to PDF", chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatal("print did not give a PDF with pages")
	}
	for _, b := range boxes {
		var w, h float64
		fmt.Sscan(string(b[1]), &w)
		fmt.Sscan(string(b[2]), &h)
		if math.Abs(w-595.3) > 2 || math.Abs(h-841.9) > 2 {
			t.Errorf("PDF page %s × %s pt, want A4 portrait (595 × 842)", b[1], b[2])
			break
		}
	}
	return pdf, printShot
}

func decode(t *testing.T, doc []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(doc, v); err != nil {
		t.Fatal(err)
	}
}

// minutes1 renders JSON minutes (two decimals) for sameNumbers.
func minutes1(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f", *v)
}

var numberRe = regexp.MustCompile(`-?[0-9]+\.[0-9]+`)

// sameNumbers reports whether got and want read the same but for their
// numbers, each of got within 0.056 of want's: the page rounds the exact
// value to one decimal, the JSON to two (12.954 is 12.95 in the JSON,
// 13.0 on the page).
func sameNumbers(got, want string) bool {
	if numberRe.ReplaceAllString(got, "#") != numberRe.ReplaceAllString(want, "#") {
		return false
	}
	g, w := numberRe.FindAllString(got, -1), numberRe.FindAllString(want, -1)
	for i := range g {
		var a, b float64
		fmt.Sscan(g[i], &a)
		fmt.Sscan(w[i], &b)
		if math.Abs(a-b) > 0.056 {
			return false
		}
	}
	return true
}

func checkEmergencyPage(t *testing.T, got pageShown, doc []byte) {
	var j struct {
		Grids []struct {
			Grid  string
			Pass  bool
			Worst *struct {
				Minutes *float64
				Lon     *float64
			}
			Beyond int `json:"stretches_beyond_budget"`
			Advice *struct {
				At *struct{ Minutes *float64 }
			}
		}
		Responders []struct{ Placed bool }
		Residents  []struct{ Status string }
	}
	decode(t, doc, &j)
	beyond, worst, advice, placed := 0, 0, 0, 0
	for _, g := range j.Grids {
		beyond += g.Beyond
		if !g.Pass && g.Worst != nil && g.Worst.Lon != nil {
			worst++
		}
		if g.Advice != nil && g.Advice.At != nil {
			advice++
		}
	}
	for _, r := range j.Responders {
		if r.Placed {
			placed++
		}
	}
	status := map[string]int{}
	for _, r := range j.Residents {
		status[r.Status]++
	}
	L := got.Layers
	if L["grids"].N != len(j.Grids) || len(got.Labels) != len(j.Grids) || got.Outlines != len(j.Grids) {
		t.Errorf("%d grids drawn, %d labels, %d outlines; JSON has %d grids", L["grids"].N, len(got.Labels), got.Outlines, len(j.Grids))
	}
	if L["responders"].N != placed || L["worst"].N != worst || L["advice"].N != advice || L["beyond"].N != beyond {
		t.Errorf("responders %d, worst points %d, advised points %d, stretches beyond %d; JSON: %d, %d, %d, %d",
			L["responders"].N, L["worst"].N, L["advice"].N, L["beyond"].N, placed, worst, advice, beyond)
	}
	if beyond == 0 || advice == 0 {
		t.Errorf("the case shows no stretch beyond the budget (%d) or no advice (%d): choose a shorter budget", beyond, advice)
	}
	if L["residents"].Dots != len(j.Residents) || L["residents"].Drawn != len(j.Residents) {
		t.Errorf("residents layer: %d dots (%d drawn), JSON has %d residents", L["residents"].Dots, L["residents"].Drawn, len(j.Residents))
	}
	if L["residents"].Display != "none" {
		t.Errorf("the doors start shown (display %q), want hidden under the grids' colours", L["residents"].Display)
	}
	// Each grid's label and hover give the JSON's worst minutes; the
	// table its pass.
	for i, g := range j.Grids {
		want, label, cell := "–", "–", "–" // no street, no door
		if g.Worst != nil {
			want, cell = "∞", "unreachable"
			if g.Worst.Minutes != nil {
				want, cell = minutes1(g.Worst.Minutes), minutes1(g.Worst.Minutes)
			}
			label = want + " min"
		}
		if i < len(got.Labels) && (got.Labels[i].Name != g.Grid || !sameNumbers(got.Labels[i].V, label)) {
			t.Errorf("label %d: %+v, JSON %s worst %s", i, got.Labels[i], g.Grid, label)
		}
		if i < L["grids"].N && !sameNumbers(strings.SplitAfter(L["grids"].Names[i], " min")[0], g.Grid+": worst "+want+" min") {
			t.Errorf("grid %d hover %q, JSON %s worst %s", i, L["grids"].Names[i], g.Grid, want)
		}
		if len(got.Tables) == 0 || i >= len(got.Tables[0]) {
			t.Fatalf("grid table: %v", got.Tables)
		}
		row := got.Tables[0][i]
		if row[0] != g.Grid || !sameNumbers(row[2], cell) || row[7] != map[bool]string{true: "yes", false: "no"}[g.Pass] {
			t.Errorf("grid table row %d: %q, JSON %s worst %s pass %v", i, row, g.Grid, want, g.Pass)
		}
	}
}

func checkVolunteersPage(t *testing.T, got pageShown, doc []byte) {
	var j struct {
		Grids []struct {
			Grid     string
			ShareOne *float64 `json:"share_by_one"`
		}
		Residents []struct {
			ID, Status string
			Assigned   *struct{ Volunteer string }
		}
		Volunteers []struct{ ID string }
	}
	decode(t, doc, &j)
	L := got.Layers
	assigned := 0
	for i, r := range j.Residents {
		if r.Assigned != nil {
			assigned++
		}
		if i < L["residents"].N && L["residents"].Names[i] != r.ID+": "+r.Status {
			t.Errorf("resident %d hover %q, JSON %s: %s", i, L["residents"].Names[i], r.ID, r.Status)
		}
	}
	if L["residents"].N != len(j.Residents) || L["volunteers"].N != len(j.Volunteers) || L["assignments"].N != assigned {
		t.Errorf("residents %d, volunteers %d, assignments %d; JSON: %d, %d, %d", L["residents"].N, L["volunteers"].N, L["assignments"].N,
			len(j.Residents), len(j.Volunteers), assigned)
	}
	if assigned == 0 {
		t.Error("no assignment to draw: the case proves nothing")
	}
	share := map[string]string{}
	for _, g := range j.Grids {
		if g.ShareOne != nil {
			share[g.Grid] = fmt.Sprintf("%.1f %%", *g.ShareOne*100)
		}
	}
	checkLabels(t, got, share)
}

func checkIncidentsPage(t *testing.T, got pageShown, doc []byte) {
	var j struct {
		Header struct {
			Inputs []string
		}
		Incidents []struct {
			ID, Grid           string
			Counted, Reachable bool
			Minutes            *float64 `json:"walk_minutes"`
		}
		Ledger []string
	}
	decode(t, doc, &j)
	// The responders given (the header's "responders: posts (N)") less
	// those the ledger says could not be placed.
	placed := 0
	for _, in := range j.Header.Inputs {
		fmt.Sscanf(in, "responders: posts (%d)", &placed)
	}
	for _, l := range j.Ledger {
		if strings.HasPrefix(l, "responder ") {
			placed--
		}
	}
	if got.Layers["responders"].N != placed || placed == 0 {
		t.Errorf("%d responders drawn, the JSON has %d placed", got.Layers["responders"].N, placed)
	}
	var reach, late []string
	counted, ok := map[string]int{}, map[string]int{}
	for _, in := range j.Incidents {
		if !in.Counted {
			continue
		}
		counted[in.Grid]++
		name := "incident " + in.ID + ": " + minutes1(in.Minutes) + " min"
		if in.Minutes == nil {
			name = "incident " + in.ID + ": ∞ min"
		}
		if in.Reachable {
			ok[in.Grid]++
			reach = append(reach, name)
		} else {
			late = append(late, name)
		}
	}
	L := got.Layers
	if !sameNumbers(strings.Join(L["reachable"].Names, "|"), strings.Join(reach, "|")) || !sameNumbers(strings.Join(L["late"].Names, "|"), strings.Join(late, "|")) {
		t.Errorf("reachable %d %q, late %d %q; JSON: %d %q, %d %q", L["reachable"].N, L["reachable"].Names, L["late"].N, L["late"].Names,
			len(reach), reach, len(late), late)
	}
	if len(reach) == 0 || len(late) == 0 {
		t.Errorf("%d reachable and %d late incidents: the case proves little", len(reach), len(late))
	}
	share := map[string]string{}
	for g, n := range counted {
		share[g] = fmt.Sprintf("%.1f %%", 100*float64(ok[g])/float64(n))
	}
	checkLabels(t, got, share)
}

func checkSitePage(t *testing.T, got pageShown, doc []byte) {
	var j struct {
		Residents int
		Existing  int `json:"existing_facilities"`
		Sites     []struct {
			Rank   int
			ID     string
			Gained float64
		}
	}
	decode(t, doc, &j)
	L := got.Layers
	if L["sites"].N != len(j.Sites) || L["existing"].Classes["pt.existing"] != j.Existing || L["residents"].Dots != j.Residents {
		t.Errorf("sites %d, existing on the network %d, residents %d; JSON: %d, %d, %d", L["sites"].N, L["existing"].Classes["pt.existing"],
			L["residents"].Dots, len(j.Sites), j.Existing, j.Residents)
	}
	for i, s := range j.Sites {
		if want := fmt.Sprintf("site %d: %s, ", s.Rank, s.ID); i >= len(L["sites"].Names) || !strings.HasPrefix(L["sites"].Names[i], want) {
			t.Errorf("site %d hover %v, want %q…", i, L["sites"].Names, want)
		}
	}
}

func checkComparePage(t *testing.T, got pageShown, doc []byte) {
	var j struct {
		Rows []struct {
			Grid, Kind string
			Categories []struct {
				Category string
				Change   *float64 `json:"share_change_pp"`
			}
		}
	}
	decode(t, doc, &j)
	change := map[string]string{}
	grids, moved := 0, 0
	for _, r := range j.Rows {
		if r.Kind != "grid" {
			continue
		}
		grids++
		for _, c := range r.Categories {
			if c.Category == "complete" && c.Change != nil {
				change[r.Grid] = fmt.Sprintf("%.1f pp", *c.Change)
				if *c.Change > 0 {
					change[r.Grid] = "+" + change[r.Grid]
					moved++
				} else if *c.Change < 0 {
					moved++
				}
			}
		}
	}
	if got.Layers["change"].N != grids {
		t.Errorf("%d grids coloured, JSON has %d", got.Layers["change"].N, grids)
	}
	if moved == 0 {
		t.Error("no grid's complete share changed: the case proves little")
	}
	checkLabels(t, got, change)
}

// checkLabels compares the grids' labels with want (by grid name; "–"
// for a grid not in want).
func checkLabels(t *testing.T, got pageShown, want map[string]string) {
	t.Helper()
	if len(got.Labels) != got.Outlines {
		t.Errorf("%d labels for %d grids", len(got.Labels), got.Outlines)
	}
	for _, l := range got.Labels {
		w, ok := want[l.Name]
		if !ok {
			w = "–"
		}
		if l.V != w {
			t.Errorf("label %s shows %q, the JSON gives %q", l.Name, l.V, w)
		}
	}
}

// TestBrowserPagesChinese opens the emergency page in Chinese: lang
// attribute, the map's labels, the headings, and the page's texts (title,
// header, section intros, column heads, yes/no, ledger) with no English
// phrase of the page left.
func TestBrowserPagesChinese(t *testing.T) {
	chromiumPath(t)
	ctx := context.Background()
	city := openOSM(t, monacoPBF)
	em, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{
		Responders: walkshed.ResponderSet{Responders: []emergency.Responder{{ID: "palace", Point: orb.Point{7.4206, 43.7314}}}, Name: "posts"},
		Residents:  walkshed.NoResidents("streets only"), Grids: walkshed.AdminLevel{Level: 10},
		Options: emergency.Options{Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard}, Lang: i18n.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteEmergency("html", &b, em); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "emergency-zh.html")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, problems := browserTab(t)
	step(t, tab, "open the page", chromedp.Navigate("file://"+path))
	step(t, tab, "wait for the map's script", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
	got := step(t, tab, "read the page", chromedp.Evaluate[map[string]string](`({
	  lang: document.documentElement.lang,
	  caption: document.querySelector('figcaption').textContent,
	  layers: [...document.querySelectorAll('.tools label')].map(l => l.textContent.trim()).join('|'),
	  h2: [...document.querySelectorAll('h2')].map(h => h.textContent).join('|'),
	  legend: document.querySelector('ul.legend').textContent,
	  title: document.title + '|' + document.querySelector('h1').textContent,
	  th: [...document.querySelectorAll('th')].map(h => h.textContent.trim()).join('|'),
	  main: document.body.innerText,
	})`))
	if got["lang"] != "zh-Hans" {
		t.Errorf("lang %q, want zh-Hans", got["lang"])
	}
	for k, want := range map[string]string{"caption": "最不利步行", "layers": "响应人员", "h2": "地图", "legend": "无街道"} {
		if !strings.Contains(got[k], want) {
			t.Errorf("%s %q lacks %q", k, got[k], want)
		}
	}
	for _, want := range []string{"应急评估", "9 个网格中", "OSM admin_level=10 行政边界（9 个）", "响应人员：posts（1 名）", "居民：无（仅评估街道）", "（1.33 米/秒）", "未达标网格"} {
		if !strings.Contains(got["main"]+got["title"], want) {
			t.Errorf("the page lacks %q:\n%s", want, got["main"])
		}
	}
	for _, th := range strings.Split(got["th"], "|") {
		if th != "walkshed" && !strings.ContainsFunc(th, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("heading %q is not Chinese (all: %s)", th, got["th"])
		}
	}
	for _, english := range []string{"walkshed emergency", "grids pass", "worst min", "Ledger", "Grids", "Placement advice", "budget", "profile", "input",
		"boundaries", "streets only", "responders:", "m/s", "yes", "unreachable", "residents lie outside"} {
		if strings.Contains(got["main"]+got["title"], english) {
			t.Errorf("the page still has %q:\n%s", english, got["main"])
		}
	}
	for k, english := range map[string]string{"caption": "worst-case", "layers": "responders", "h2": "Maps", "legend": "no streets"} {
		if strings.Contains(got[k], english) {
			t.Errorf("%s %q still has %q", k, got[k], english)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %q", p)
	}
}
