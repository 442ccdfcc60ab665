package walkshed_test

// Browser tests: the HTML report opened in Debian's chromium through
// chromedp. They skip, saying so, where chromium is absent; .ci/run
// installs it.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/hex"
)

// chromiumPath finds Debian's chromium, or skips t saying why.
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser test skipped: no chromium or chromium-browser on PATH (.ci/run installs Debian's chromium)")
	return ""
}

// artefactDir is where screenshots and PDFs go: $WALKSHED_ARTEFACTS when
// set, else a temporary folder; the path is logged.
func artefactDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("WALKSHED_ARTEFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("browser artefacts (screenshots, PDFs) in %s", dir)
	return dir
}

// browserTab starts a headless chromium with a 1280×900 window and returns
// a tab and the console errors, exceptions and log errors it reports.
func browserTab(t testing.TB) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.Flag("hide-scrollbars", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	var mu sync.Mutex
	var problems []string
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				msg = "log: " + e.Entry.Text + " " + e.Entry.URL
			}
		}
		if msg != "" {
			mu.Lock()
			problems = append(problems, msg)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// step runs fn with a bounded time.
func step[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shown is what the page shows, read back from its DOM.
type shown struct {
	Ready       bool
	Streets     int // subpaths of the street basemap
	StreetsN    int `json:"streetsN"`
	Grids       int
	Labels      int
	Gaps        int
	GapsRes     int `json:"gapsRes"` // resolution gap cells are drawn at, when coarser
	Facilities  int
	Categories  []shownCategory
	Shares      []map[string]string
	ScaleLabel  string `json:"scaleLabel"`
	ViewBox     string `json:"viewBox"`
	InfoDefault string `json:"infoDefault"`
}

type shownCategory struct {
	ID      string
	Res     int
	On      int            // facilities on the network
	Off     int            // facilities off it
	Classes map[string]int // subpaths per minute class
	Counts  map[string]int // data-n per minute class
	Banner  string
}

// mapsReady resolves once the maps' script has set every map up, which
// it does after the first paint.
const mapsReady = `new Promise(r => (function wait() {
  if (document.documentElement.dataset.mapsReady) r(true); else requestAnimationFrame(wait);
})())`

const readPage = `(() => {
  const subpaths = el => el ? (el.getAttribute('d').match(/M/g) || []).length : 0;
  const ov = document.getElementById('map-overview');
  const streets = document.getElementById('ws-streets');
  return {
    ready: [...document.querySelectorAll('figure.map-fig')].every(f => f.dataset.ready === '1'),
    streets: subpaths(streets), streetsN: streets ? +streets.dataset.n : 0,
    grids: ov.querySelectorAll('path.grid').length,
    labels: ov.querySelectorAll('text.lbl').length,
    gaps: [...ov.querySelectorAll('path.gap')].reduce((n, p) => n + subpaths(p), 0),
    gapsRes: +(ov.querySelector('.L-gaps').dataset.res || 0),
    facilities: ov.querySelectorAll('circle.fac').length,
    categories: [...document.querySelectorAll('figure[id^="map-cat-"]')].map(f => ({
      id: f.id, res: +f.dataset.res,
      on: f.querySelectorAll('circle.fac:not(.off)').length,
      off: f.querySelectorAll('circle.fac.off').length,
      classes: Object.fromEntries([...f.querySelectorAll('path.cells')].map(p => [p.dataset.class, subpaths(p)])),
      counts: Object.fromEntries([...f.querySelectorAll('path.cells')].map(p => [p.dataset.class, +p.dataset.n])),
      banner: (f.querySelector('.banner') || {textContent: ''}).textContent,
    })),
    shares: [...document.querySelectorAll('#shares tbody tr')].map(tr =>
      Object.fromEntries([...tr.cells].map(td => [td.dataset.key, td.textContent]))),
    scaleLabel: ov.querySelector('.scalebar span').textContent,
    viewBox: ov.querySelector('svg.map').getAttribute('viewBox'),
    infoDefault: ov.querySelector('.info').textContent,
  };
})()`

// reportJSON is the part of report.json the checks compare with.
type reportJSON struct {
	Options struct {
		Categories    []string `json:"categories"`
		BudgetMinutes float64  `json:"budget_minutes"`
	} `json:"options"`
	Facilities []struct {
		Category string `json:"category"`
		Count    int    `json:"count"`
	} `json:"facilities"`
	Rows []struct {
		Grid      string `json:"grid"`
		Kind      string `json:"kind"`
		Residents int    `json:"residents"`
		Complete  struct {
			Share *float64 `json:"share_pct"`
		} `json:"complete"`
	} `json:"rows"`
	Gaps []struct {
		Cell    string `json:"cell"`
		Missing []struct {
			Weight float64 `json:"weight"`
		} `json:"missing"`
	} `json:"gaps"`
	OffNetwork []struct {
		Category string `json:"category"`
	} `json:"facilities_off_network"`
	Residents []struct {
		Lon, Lat *float64
		Weight   float64
		Status   string
		Reach    []struct {
			Facilities []struct {
				Minutes float64 `json:"minutes"`
			} `json:"facilities"`
		} `json:"reach"`
	} `json:"residents"`
}

// browserCase is one report the browser tests open.
type browserCase struct {
	name string
	osm  string
	grid walkshed.GridSpec
}

func TestBrowserReports(t *testing.T) {
	chromiumPath(t)
	art := artefactDir(t)
	cases := []browserCase{
		{"monaco", monacoPBF, walkshed.AdminLevel{Level: 10}},
		{"porto", portoPBF, nil}, // default H3 grids, named by place
	}
	ctx, problems := browserTab(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(art, c.name)
			city := openOSM(t, c.osm)
			req := defaultAudit(t, city)
			req.Grids = c.grid
			rep, err := city.RunAudit(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if err := report.WriteAll(dir, rep); err != nil {
				t.Fatal(err)
			}
			var rj reportJSON
			raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &rj); err != nil {
				t.Fatal(err)
			}
			if c.grid == nil { // default H3 grids carry a place's name and their index
				for _, r := range rj.Rows {
					if _, err := hex.ParseCell(r.Grid); r.Kind == "grid" && (err == nil || !strings.HasSuffix(r.Grid, "fffff)")) {
						t.Errorf("default H3 grid named %q, want \"Place (index)\"", r.Grid)
					}
				}
			}
			before := len(problems())
			step(t, ctx, "open report.html", chromedp.Navigate("file://"+filepath.Join(dir, "report.html")))
			step(t, ctx, "wait for the maps' script", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
			got := step(t, ctx, "read the page", chromedp.Evaluate[shown](readPage))
			checkShown(t, got, rj, city.Graph().NumEdges())
			shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
			if err != nil {
				t.Fatal(err)
			}
			writeArtefact(t, dir, c.name+"-report.png", shot.Data)
			writeArtefact(t, dir, c.name+"-overview.png", step(t, ctx, "screenshot the overview", chromedp.ScreenshotScale(`section.overview-sec`, 0.8)))
			// Category maps render only near the view (content-visibility):
			// render them all for the picture.
			step(t, ctx, "render the category maps", chromedp.Evaluate[bool](`new Promise(r => {
			  document.querySelectorAll('.catmaps figure').forEach(f => f.style.contentVisibility = 'visible');
			  document.getElementById('map-cat-0').scrollIntoView();
			  requestAnimationFrame(() => requestAnimationFrame(() => r(true)));
			})`, chromedp.EvalAwaitPromise))
			writeArtefact(t, dir, c.name+"-category.png", step(t, ctx, "screenshot a category map", chromedp.Screenshot(`#map-cat-0`)))
			for _, m := range got.Categories {
				if m.Banner != "" { // a category without facility, as its map says
					writeArtefact(t, dir, c.name+"-nofacility.png", step(t, ctx, "screenshot a map without facility", chromedp.Screenshot("#"+m.ID)))
					break
				}
			}
			step(t, ctx, "scroll back", chromedp.Evaluate[bool](`(window.scrollTo(0, 0), true)`))
			pdf, printShot := checkInteraction(t, ctx)
			writeArtefact(t, dir, c.name+"-report.pdf", pdf)
			writeArtefact(t, dir, c.name+"-print.png", printShot)
			if p := problems()[before:]; len(p) > 0 {
				t.Errorf("console errors: %q", p)
			}
		})
	}
}

// checkShown compares the page with report.json.
func checkShown(t *testing.T, got shown, rj reportJSON, edges int) {
	t.Helper()
	if !got.Ready {
		t.Error("a map's script did not finish (data-ready missing)")
	}
	if got.Streets != got.StreetsN || got.Streets < edges*9/10 {
		t.Errorf("street basemap: %d subpaths, data-n %d, want every one of the network's %d edges in the frame (at least 90 %%)", got.Streets, got.StreetsN, edges)
	}
	grids := 0
	for _, r := range rj.Rows {
		if r.Kind == "grid" {
			grids++
		}
	}
	if got.Grids != grids || got.Labels != grids {
		t.Errorf("overview: %d grid polygons and %d labels, report.json has %d grids", got.Grids, got.Labels, grids)
	}
	// Gap cells: those of report.json, less the ones that miss only
	// categories without any facility (every resident misses those).
	unserved, gaps := 0, 0
	for _, f := range rj.Facilities {
		if f.Count == 0 {
			unserved++
		}
	}
	parents := map[hex.Cell]bool{}
	for _, g := range rj.Gaps {
		for c, m := range g.Missing {
			if m.Weight > 0 && (unserved == 0 || rj.Facilities[c].Count > 0) {
				gaps++
				if got.GapsRes > 0 { // many: drawn as their parents
					cell, err := hex.ParseCell(g.Cell)
					if err != nil {
						t.Fatal(err)
					}
					parent, err := cell.Parent(got.GapsRes)
					if err != nil {
						t.Fatal(err)
					}
					parents[parent] = true
				}
				break
			}
		}
	}
	if got.GapsRes > 0 {
		if gaps <= 2000 {
			t.Errorf("%d gap cells drawn as parents of resolution %d, want each", gaps, got.GapsRes)
		}
		gaps = len(parents)
	}
	if got.Gaps != gaps {
		t.Errorf("overview: %d gap cells, report.json has %d missing a category that has a facility (of %d)", got.Gaps, gaps, len(rj.Gaps))
	}
	// The share table shows report.json's numbers, for the first 500
	// grids, outside and total.
	i := 0
	for _, r := range rj.Rows {
		if r.Kind == "grid" && i >= 500 {
			continue
		}
		if i >= len(got.Shares) {
			t.Fatalf("share table: %d rows, want the report's %d", len(got.Shares), len(rj.Rows))
		}
		want := "–"
		if r.Complete.Share != nil {
			want = fmt.Sprintf("%.1f", *r.Complete.Share)
		}
		row := got.Shares[i]
		if row["grid"] != r.Grid || row["residents"] != fmt.Sprint(r.Residents) || row["complete"] != want {
			t.Errorf("share table row %d: %v, report.json: %s %d %s", i, row, r.Grid, r.Residents, want)
		}
		i++
	}
	if i != len(got.Shares) {
		t.Errorf("share table: %d rows, report.json %d", len(got.Shares), i)
	}
	// A map per category, its facilities and its cells.
	if len(got.Categories) != len(rj.Options.Categories) {
		t.Fatalf("%d category maps, report.json has %d categories", len(got.Categories), len(rj.Options.Categories))
	}
	total := 0
	for c, cat := range rj.Options.Categories {
		m := got.Categories[c]
		off := 0
		for _, o := range rj.OffNetwork {
			if o.Category == cat {
				off++
			}
		}
		if m.On != rj.Facilities[c].Count || m.Off != off {
			t.Errorf("%s map: %d facilities on and %d off the network, report.json: %d and %d", cat, m.On, m.Off, rj.Facilities[c].Count, off)
		}
		total += m.On + m.Off
		for k, n := range m.Classes {
			if m.Counts[k] != n {
				t.Errorf("%s map: class %s has %d cells but says %d", cat, k, n, m.Counts[k])
			}
		}
		want, slack := expectedClasses(t, rj, c, m.Res)
		if rj.Facilities[c].Count == 0 {
			if m.Banner == "" || len(m.Classes) != 1 || m.Classes["nofacility"] != sum(want) {
				t.Errorf("%s has no facility: map shows banner %q and classes %v, want a banner and %d cells marked nofacility", cat, m.Banner, m.Classes, sum(want))
			}
			continue
		}
		if m.Banner != "" {
			t.Errorf("%s map has a banner %q though it has facilities", cat, m.Banner)
		}
		diff := 0
		for _, k := range []string{"m0", "m1", "m2", "beyond", "unroutable"} {
			diff += abs(m.Classes[k] - want[k])
		}
		if diff > 2*slack {
			t.Errorf("%s map cells by class %v, recomputed from report.json %v (%d cells within rounding of a class limit)", cat, m.Classes, want, slack)
		}
	}
	if got.Facilities != total {
		t.Errorf("overview: %d facilities, the category maps %d", got.Facilities, total)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// expectedClasses recomputes category c's map from report.json's residents:
// per H3 cell of resolution res, the walk of the median resident by
// weight, classed by thirds of the budget. slack counts cells whose median
// lies within report.json's rounding (0.05 min) of a class limit.
func expectedClasses(t *testing.T, rj reportJSON, c, res int) (map[string]int, int) {
	t.Helper()
	type entry struct{ m, w float64 }
	cells := map[hex.Cell][]entry{}
	for _, r := range rj.Residents {
		if r.Lon == nil || r.Lat == nil {
			continue
		}
		cell, err := hex.FromPoint(orb.Point{*r.Lon, *r.Lat}, res)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == "unroutable" {
			cells[cell] = append(cells[cell], entry{math.NaN(), 0})
			continue
		}
		m := math.Inf(1)
		if f := r.Reach[c].Facilities; len(f) > 0 {
			m = f[0].Minutes
		}
		cells[cell] = append(cells[cell], entry{m, r.Weight})
	}
	budget := rj.Options.BudgetMinutes
	out, slack := map[string]int{}, 0
	for _, es := range cells {
		es = slices.DeleteFunc(es, func(e entry) bool { return math.IsNaN(e.m) })
		if len(es) == 0 {
			out["unroutable"]++
			continue
		}
		slices.SortStableFunc(es, func(a, b entry) int {
			return map[bool]int{true: -1, false: 1}[a.m < b.m] * map[bool]int{true: 0, false: 1}[a.m == b.m]
		})
		tot, acc, med := 0.0, 0.0, 0.0
		for _, e := range es {
			tot += e.w
		}
		for _, e := range es {
			if acc += e.w; acc >= tot/2 {
				med = e.m
				break
			}
		}
		for _, lim := range []float64{budget / 3, 2 * budget / 3, budget} {
			if math.Abs(med-lim) <= 0.051 {
				slack++
			}
		}
		switch {
		case med > budget:
			out["beyond"]++
		case med <= budget/3:
			out["m0"]++
		case med <= 2*budget/3:
			out["m1"]++
		default:
			out["m2"]++
		}
	}
	return out, slack
}

var viewBoxRe = regexp.MustCompile(`^[-0-9.]+ [-0-9.]+ ([0-9.]+) [0-9.]+$`)

// writeArtefact keeps a file of the test.
func writeArtefact(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkInteraction zooms, toggles a layer, hovers a facility and checks the
// print layout; it returns the page printed to PDF and a picture of the
// print layout (PNG).
func checkInteraction(t *testing.T, ctx context.Context) (pdf, printShot []byte) {
	t.Helper()
	// Zoom in: the viewBox halves and the scale bar follows.
	before := step(t, ctx, "viewBox", chromedp.Evaluate[[]string](`[document.querySelector('#map-overview svg.map').getAttribute('viewBox'), document.querySelector('#map-overview .scalebar span').textContent, document.querySelector('#map-overview .scalebar .bar').style.width]`))
	step(t, ctx, "zoom in", chromedp.Click(`#map-overview button[data-zoom="in"]`))
	after := step(t, ctx, "viewBox", chromedp.Evaluate[[]string](`[document.querySelector('#map-overview svg.map').getAttribute('viewBox'), document.querySelector('#map-overview .scalebar span').textContent, document.querySelector('#map-overview .scalebar .bar').style.width]`))
	w0, w1 := viewBoxWidth(t, before[0]), viewBoxWidth(t, after[0])
	if math.Abs(w1/w0-0.5) > 0.01 {
		t.Errorf("zoom in: viewBox width %g → %g, want half", w0, w1)
	}
	if before[1] == after[1] && before[2] == after[2] {
		t.Errorf("zoom in: the scale bar stayed %s %s", after[1], after[2])
	}
	step(t, ctx, "zoom home", chromedp.Click(`#map-overview button[data-zoom="home"]`))
	home := step(t, ctx, "viewBox", chromedp.Evaluate[string](`document.querySelector('#map-overview svg.map').getAttribute('viewBox')`))
	if viewBoxWidth(t, home) != w0 {
		t.Errorf("home: viewBox %s, want %s", home, before[0])
	}

	// Zoomed out to the farthest, gap cells keep a stroke of at least
	// 1.4 screen pixels, so they stay visible at any extent.
	step(t, ctx, "zoom out", chromedp.Click(`#map-overview button[data-zoom="out"]`))
	step(t, ctx, "zoom out", chromedp.Click(`#map-overview button[data-zoom="out"]`))
	px := step(t, ctx, "gap stroke", chromedp.Evaluate[float64](`(() => {
	  const svg = document.querySelector('#map-overview svg.map'), g = svg.querySelector('path.gap');
	  if (!g) return -1;
	  const vb = svg.getAttribute('viewBox').split(' ').map(Number), r = svg.getBoundingClientRect();
	  return parseFloat(getComputedStyle(g).strokeWidth) / Math.max(vb[2] / r.width, vb[3] / r.height);
	})()`))
	if px >= 0 && px < 1.4 {
		t.Errorf("zoomed out 4×, gap cells have a %.2f-pixel stroke, want at least 1.4", px)
	}
	step(t, ctx, "zoom home", chromedp.Click(`#map-overview button[data-zoom="home"]`))

	// Toggle the gap cells off and on, and the facilities on.
	display := `getComputedStyle(document.querySelector('#map-overview .L-gaps')).display`
	if d := step(t, ctx, "gaps shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Error("gap cells hidden at first")
	}
	step(t, ctx, "toggle gaps", chromedp.Click(`#map-overview input[data-layer="gaps"]`))
	if d := step(t, ctx, "gaps hidden", chromedp.Evaluate[string](display)); d != "none" {
		t.Errorf("gap cells still shown (display %s) after unticking their box", d)
	}
	step(t, ctx, "toggle gaps", chromedp.Click(`#map-overview input[data-layer="gaps"]`))
	if d := step(t, ctx, "gaps shown", chromedp.Evaluate[string](display)); d == "none" {
		t.Error("gap cells hidden after ticking their box again")
	}

	// Hovering a facility names it.
	hover := step(t, ctx, "hover", chromedp.Evaluate[[]string](`(() => {
	  const f = document.querySelector('figure[id^="map-cat-"] circle.fac');
	  if (!f) return ['', ''];
	  f.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
	  return [f.dataset.name, f.closest('figure').querySelector('.info').textContent];
	})()`))
	if hover[0] == "" || hover[0] != hover[1] || hover[1] == "" {
		t.Errorf("hovering a facility shows %q, want its name %q", hover[1], hover[0])
	}

	// Print: A4, no controls, the category maps from a new page.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	pr := step(t, ctx, "print styles", chromedp.Evaluate[[]string](`[getComputedStyle(document.querySelector('.tools')).display,
	  getComputedStyle(document.querySelector('section.catsec')).breakBefore]`))
	if pr[0] != "none" || pr[1] != "page" {
		t.Errorf("print media: controls display %q (want none), category maps break-before %q (want page)", pr[0], pr[1])
	}
	// A picture of the print layout at the A4 text width (186 mm, 703 px).
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 703, Height: 995, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "print layout", chromedp.Evaluate[bool](`new Promise(r => { dispatchEvent(new Event('resize')); requestAnimationFrame(() => requestAnimationFrame(() => r(true))); })`, chromedp.EvalAwaitPromise))
	if w := step(t, ctx, "print width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 704 {
		t.Errorf("print layout is %d px wide, more than A4's text width (703 px): the right of the page would be cut", w)
	}
	printShot = step(t, ctx, "print layout screenshot", chromedp.FullScreenshot(100))
	if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf = step(t, ctx, "print to PDF", chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) < 2 {
		t.Fatalf("PDF: %d pages, want the overview and the category maps on at least 2", len(boxes))
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
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Error("print did not give a PDF")
	}
	return pdf, printShot
}

func viewBoxWidth(t *testing.T, vb string) float64 {
	t.Helper()
	m := viewBoxRe.FindStringSubmatch(vb)
	if m == nil {
		t.Fatalf("viewBox %q", vb)
	}
	var w float64
	fmt.Sscan(m[1], &w)
	return w
}

// TestBrowserLargeReport opens the report of a region with many residents
// and logs how long Chromium takes to open it; the file must stay under
// 30 MB. It runs only when WALKSHED_BROWSER_OSM and
// WALKSHED_BROWSER_RESIDENTS name the files, for example Delaware with
// 200,000 residents:
//
//	go run ./cmd/internal/geninputs delaware-2016-08-10.osm.pbf 200000 nodes /tmp/de
//	WALKSHED_BROWSER_OSM=delaware-2016-08-10.osm.pbf WALKSHED_BROWSER_RESIDENTS=/tmp/de/residents.csv \
//	  go test -run TestBrowserLargeReport -v .
func TestBrowserLargeReport(t *testing.T) {
	osmPath, resPath := os.Getenv("WALKSHED_BROWSER_OSM"), os.Getenv("WALKSHED_BROWSER_RESIDENTS")
	if osmPath == "" || resPath == "" {
		t.Skip("set WALKSHED_BROWSER_OSM and WALKSHED_BROWSER_RESIDENTS to time a large report in Chromium")
	}
	chromiumPath(t)
	art := artefactDir(t)
	city := openOSM(t, osmPath)
	rs, err := walkshed.ReadResidents(resPath, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	req := defaultAudit(t, city)
	req.Residents = rs
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(art, "large-report.html")
	var b bytes.Buffer
	if err := report.WriteHTML(&b, rep); err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, art, "large-report.html", b.Bytes())
	const maxSize = 30 << 20
	t.Logf("%s: %d residents, %d grids, %d gap cells, %.1f MB", path, len(rs.Residents), len(rep.Zones), len(rep.Result.Gaps), float64(b.Len())/(1<<20))
	if b.Len() >= maxSize {
		t.Errorf("the report is %d bytes, want under 30 MB", b.Len())
	}

	ctx, problems := browserTab(t)
	step(t, ctx, "start chromium", chromedp.Navigate("about:blank"))
	start := time.Now()
	step(t, ctx, "open the report", chromedp.Navigate("file://"+path))
	// Two animation frames after load: the first paint of the maps is done.
	step(t, ctx, "first paint", chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	elapsed := time.Since(start)
	step(t, ctx, "maps ready", chromedp.Evaluate[bool](mapsReady, chromedp.EvalAwaitPromise))
	ready := time.Since(start)
	nav := step(t, ctx, "timings", chromedp.Evaluate[map[string]float64](`(() => {
	  const n = performance.getEntriesByType('navigation')[0];
	  const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
	  return {domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, fcp: p ? p.startTime : -1};
	})()`))
	t.Logf("opened in Chromium in %.2f s (navigation to load and two frames), maps interactive after %.2f s; DOMContentLoaded %.0f ms, load %.0f ms, first contentful paint %.0f ms",
		elapsed.Seconds(), ready.Seconds(), nav["domContentLoaded"], nav["load"], nav["fcp"])
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if err != nil {
		t.Fatal(err)
	}
	writeArtefact(t, art, "large-report.png", shot.Data)
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %q", p)
	}
}
