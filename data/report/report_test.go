package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/routing/access"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// render runs a writer and fails the test on error.
func render(t *testing.T, fn func(io.Writer, *report.Audit) error, a *report.Audit) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf, a); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// readCSV parses a CSV output, skipping its "#" comment lines.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	return recs
}

// near reports whether two floats agree to 1e-9.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }

func TestResidentsCSV(t *testing.T) {
	a := fixture(t)
	a.Residents = append(a.Residents, access.Resident{ID: "#6", Group: " spaced", Weight: 1})
	a.Residents[0].Building, a.Residents[0].Estimated = "way/9", true
	a.Result.Residents = append(a.Result.Residents, access.ResidentResult{Zone: -1, Status: access.Unroutable, Reason: "bad\nline", SnapMeters: -1})
	out := render(t, report.WriteResidentsCSV, a)
	if !bytes.HasPrefix(out, []byte("id,grid,group,")) {
		t.Errorf("residents.csv does not start with its column header:\n%s", out)
	}
	recs := readCSV(t, out)
	want := "id,grid,group,weight,building,lon,lat,status,reason,grocery_minutes,grocery_meters,grocery_facility,grocery_beyond_budget,pharmacy_minutes,pharmacy_meters,pharmacy_facility,pharmacy_beyond_budget"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("header = %s, want %s", got, want)
	}
	if got, want := len(recs)-1, len(a.Residents); got != want {
		t.Fatalf("rows = %d, want %d", got, want)
	}
	byID := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		byID[rec[0]] = m
	}
	tests := []struct {
		name, id, col, want string
	}{
		{"grid name", "r1", "grid", "A&B <x>"},
		{"weight", "r2", "weight", "2.5"},
		{"building of an estimated resident", "r1", "building", "way/9"},
		{"no building", "r2", "building", ""},
		{"lon 7 decimals", "r1", "lon", "7.4180000"},
		{"lat 7 decimals", "r1", "lat", "43.7280000"},
		{"status", "r1", "status", "complete"},
		{"minutes 1 decimal", "r1", "grocery_minutes", "5.0"},
		{"meters 0 decimals", "r1", "grocery_meters", "400"},
		{"facility id", "r1", "grocery_facility", "osm:node/1"},
		{"nearest of k", "r2", "grocery_facility", "osm:node/1"},
		{"within reach: not beyond", "r1", "grocery_beyond_budget", "false"},
		{"beyond the budget: minutes are the budget", "r2", "pharmacy_minutes", "15.0"},
		{"beyond the budget: flag", "r2", "pharmacy_beyond_budget", "true"},
		{"beyond the budget: no meters", "r2", "pharmacy_meters", ""},
		{"beyond the budget: no facility", "r2", "pharmacy_facility", ""},
		{"group", "r2", "group", "elderly"},
		{"unroutable status", "r4", "status", "unroutable"},
		{"unroutable reason", "r4", "reason", "no walkable street within 300 m (nearest 412 m)"},
		{"unroutable has no reach", "r4", "grocery_minutes", ""},
		{"unroutable has no flag", "r4", "grocery_beyond_budget", ""},
		{"outside grid is empty", "r5", "grid", ""},
		{"quoted group round trip", "r5", "group", "a,\"quoted\" group"},
		{"partial", "r5", "status", "partial"},
		{"id starting with # survives comment skipping", "#6", "reason", "bad\nline"},
		{"field starting with a space", "#6", "group", " spaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byID[tt.id][tt.col]; got != tt.want {
				t.Errorf("%s.%s = %q, want %q", tt.id, tt.col, got, tt.want)
			}
		})
	}
	if got := strings.Join(recs[1:][0][:1], ""); got != "r1" {
		t.Errorf("first row = %s, want r1 (input order)", got)
	}
}

func TestGridsCSV(t *testing.T) {
	a := fixture(t)
	recs := readCSV(t, render(t, report.WriteGridsCSV, a))
	want := "grid,category,points,people,covered_points,covered_people,share,median_min,median_beyond_budget,p90_min,p90_beyond_budget,uncovered_people,area_km2,people_per_km2"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("header = %s, want %s", got, want)
	}
	// 4 rows (2 grids, outside, total) × (2 categories + complete).
	if got := len(recs) - 1; got != 4*3 {
		t.Fatalf("rows = %d, want 12", got)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("ParseFloat(%q) = %v", s, err)
		}
		return v
	}
	sums := map[string][]float64{}
	totals := map[string][]float64{}
	for _, rec := range recs[1:] {
		vals := []float64{num(rec[2]), num(rec[3]), num(rec[4]), num(rec[5]), num(rec[11])}
		if rec[0] == "total" {
			totals[rec[1]] = vals
			continue
		}
		s := sums[rec[1]]
		if s == nil {
			s = make([]float64, len(vals))
		}
		for i, v := range vals {
			s[i] += v
		}
		sums[rec[1]] = s
	}
	for _, cat := range []string{"grocery", "pharmacy", "complete"} {
		for i, col := range []string{"points", "people", "covered_points", "covered_people", "uncovered_people"} {
			if got, want := totals[cat][i], sums[cat][i]; !near(got, want) {
				t.Errorf("total %s %s = %v, want the sum of the other rows %v", cat, col, got, want)
			}
		}
	}
	// Density: grid A&B <x> is 0.01° × 0.01° from latitude 43.725, 3.5 people.
	rad := math.Pi / 180
	km2 := 6371.0088 * 6371.0088 * 0.01 * rad * (math.Sin(43.735*rad) - math.Sin(43.725*rad))
	if rec := find0(recs, "A&B <x>", "grocery"); math.Abs(num(rec[12])-km2) > 0.005*km2 || math.Abs(num(rec[13])-3.5/km2) > 0.005*3.5/km2 {
		t.Errorf("A&B <x>: area %s km², %s people/km²; want %.4f and %.1f", rec[12], rec[13], km2, 3.5/km2)
	}
	if rec := find0(recs, "total", "grocery"); rec[12] != "" || rec[13] != "" {
		t.Errorf("total row has an area %q or density %q", rec[12], rec[13])
	}
	// Spot checks: shares, +Inf and percentiles.
	find := func(grid, cat string) []string {
		for _, rec := range recs[1:] {
			if rec[0] == grid && rec[1] == cat {
				return rec
			}
		}
		t.Fatalf("no row %s × %s", grid, cat)
		return nil
	}
	tests := []struct {
		grid, cat string
		col       int
		want      string
	}{
		{"A&B <x>", "grocery", 6, "100.0"},
		{"A&B <x>", "pharmacy", 6, "28.6"},
		{"A&B <x>", "pharmacy", 7, ""},
		{"A&B <x>", "pharmacy", 8, "true"},
		{"A&B <x>", "grocery", 7, "3.8"},
		{"A&B <x>", "grocery", 8, "false"},
		{"North", "complete", 9, "13.8"},
		{"North", "complete", 10, "false"},
		{"total", "pharmacy", 10, "true"},
		{"total", "complete", 5, "2"},
		{"total", "pharmacy", 11, "3.5"},
	}
	for _, tt := range tests {
		if got := find(tt.grid, tt.cat)[tt.col]; got != tt.want {
			t.Errorf("%s × %s column %s = %q, want %q", tt.grid, tt.cat, recs[0][tt.col], got, tt.want)
		}
	}
}

func TestJSON(t *testing.T) {
	a := fixture(t)
	type stats struct {
		Category       string   `json:"category"`
		Weight         float64  `json:"weight"`
		Covered        int      `json:"covered"`
		CoveredWeight  float64  `json:"covered_weight"`
		SharePct       *float64 `json:"share_pct"`
		MedianMin      *float64 `json:"median_min"`
		MedianBeyond   bool     `json:"median_beyond_budget"`
		P90Min         *float64 `json:"p90_min"`
		P90Beyond      bool     `json:"p90_beyond_budget"`
		UncoveredWeigh float64  `json:"uncovered_weight"`
	}
	var doc struct {
		Attribution string `json:"attribution"`
		Header      struct {
			Inputs []string `json:"inputs"`
			Budget string   `json:"budget"`
			K      int      `json:"k"`
		} `json:"header"`
		Options struct {
			Categories    []string `json:"categories"`
			BudgetMeters  float64  `json:"budget_meters"`
			GapResolution int      `json:"gap_resolution"`
		} `json:"options"`
		Rows []struct {
			Grid       string  `json:"grid"`
			Kind       string  `json:"kind"`
			Weight     float64 `json:"weight"`
			Categories []stats `json:"categories"`
			Complete   stats   `json:"complete"`
		} `json:"rows"`
		Gaps []struct {
			Cell    string `json:"cell"`
			Missing []struct {
				Category string  `json:"category"`
				Weight   float64 `json:"weight"`
			} `json:"missing"`
		} `json:"gaps"`
		Unroutable []struct {
			Resident  string   `json:"resident"`
			Reason    string   `json:"reason"`
			ToNetwork *float64 `json:"to_network_m"`
		} `json:"unroutable"`
		Residents []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
			Status string  `json:"status"`
			Reach  []struct {
				Category   string `json:"category"`
				Facilities []struct {
					ID      string  `json:"id"`
					Name    string  `json:"name"`
					Minutes float64 `json:"minutes"`
					Meters  float64 `json:"meters"`
				} `json:"facilities"`
			} `json:"reach"`
		} `json:"residents"`
	}
	out := render(t, report.WriteJSON, a)
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("json.Unmarshal: %v\n%s", err, out)
	}
	if doc.Attribution != report.Attribution || doc.Header.Budget != "15min" || doc.Header.K != 2 || len(doc.Header.Inputs) != 2 {
		t.Errorf("header = %+v, attribution %q", doc.Header, doc.Attribution)
	}
	if doc.Options.BudgetMeters != 1197 || doc.Options.GapResolution != access.DefaultGapResolution || !slices.Equal(doc.Options.Categories, []string{"grocery", "pharmacy"}) {
		t.Errorf("options = %+v", doc.Options)
	}
	if len(doc.Rows) != 4 || doc.Rows[0].Grid != "A&B <x>" || doc.Rows[2].Kind != "outside" || doc.Rows[3].Kind != "total" {
		t.Fatalf("rows = %+v", doc.Rows)
	}
	g := doc.Rows[0].Categories[0]
	if g.Category != "grocery" || g.CoveredWeight != 3.5 || g.Covered != 2 || g.SharePct == nil || *g.SharePct != 100 || g.MedianMin == nil || *g.MedianMin != 3.8 || g.MedianBeyond {
		t.Errorf("A&B grocery = %+v", g)
	}
	ph := doc.Rows[0].Categories[1]
	if ph.MedianMin != nil || !ph.MedianBeyond || ph.P90Min != nil || !ph.P90Beyond || ph.UncoveredWeigh != 2.5 {
		t.Errorf("A&B pharmacy = %+v, want null percentiles beyond the budget", ph)
	}
	if tot := doc.Rows[3]; tot.Weight != 6.5 || tot.Complete.CoveredWeight != 2 || *tot.Complete.SharePct != 30.8 {
		t.Errorf("total = %+v", tot)
	}
	if len(doc.Gaps) != 2 || doc.Gaps[0].Cell != a.Result.Gaps[0].Cell.String() || doc.Gaps[0].Missing[1].Weight != 2.5 {
		t.Errorf("gaps = %+v", doc.Gaps)
	}
	if len(doc.Unroutable) != 1 || doc.Unroutable[0].Resident != "r4" || doc.Unroutable[0].ToNetwork == nil || *doc.Unroutable[0].ToNetwork != 412 {
		t.Errorf("unroutable = %+v", doc.Unroutable)
	}
	if len(doc.Residents) != 5 {
		t.Fatalf("residents = %d, want 5", len(doc.Residents))
	}
	r2 := doc.Residents[1]
	if r2.Weight != 2.5 || len(r2.Reach) != 2 || len(r2.Reach[0].Facilities) != 2 || len(r2.Reach[1].Facilities) != 0 {
		t.Fatalf("r2 = %+v, want 2 groceries and no pharmacy", r2)
	}
	if f := r2.Reach[0].Facilities[1]; f.ID != "osm:node/2" || f.Name != "Mercado" || f.Meters != 900 || f.Minutes != 11.3 {
		t.Errorf("r2 second grocery = %+v", f)
	}
	if r4 := doc.Residents[3]; r4.Status != "unroutable" || r4.Reach != nil {
		t.Errorf("r4 = %+v, want unroutable with null reach", r4)
	}
}

func TestGeoJSON(t *testing.T) {
	a := fixture(t)
	out := render(t, report.WriteGeoJSON, a)
	fc, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatalf("geojson: %v\n%s", err, out)
	}
	if got := fc.ExtraMembers["attribution"]; got != report.Attribution {
		t.Errorf("attribution = %v", got)
	}
	if got, want := len(fc.Features), len(a.Zones)+len(a.Result.Gaps); got != want {
		t.Fatalf("features = %d, want %d", got, want)
	}
	var grids, gaps int
	for _, f := range fc.Features {
		switch f.Properties["kind"] {
		case "grid":
			grids++
			if _, ok := f.Geometry.(orb.MultiPolygon); !ok {
				t.Errorf("grid geometry = %T", f.Geometry)
			}
			if f.Properties["grid"] == "A&B <x>" && f.Properties["complete_pct"] != 28.6 {
				t.Errorf("A&B complete_pct = %v, want 28.6", f.Properties["complete_pct"])
			}
		case "gap":
			gaps++
			pg, ok := f.Geometry.(orb.Polygon)
			if !ok || len(pg) != 1 || len(pg[0]) != 7 || pg[0][0] != pg[0][6] {
				t.Errorf("gap geometry = %v, want a closed hexagon", f.Geometry)
			}
			if f.Properties["cell"] == a.Result.Gaps[0].Cell.String() && f.Properties["missing_pharmacy"] != 2.5 {
				t.Errorf("gap missing_pharmacy = %v, want 2.5", f.Properties["missing_pharmacy"])
			}
			for _, k := range []string{"cell", "residents", "weight", "missing_grocery", "missing_pharmacy"} {
				if _, ok := f.Properties[k]; !ok {
					t.Errorf("gap feature lacks %q: %v", k, f.Properties)
				}
			}
		default:
			t.Errorf("feature kind = %v", f.Properties["kind"])
		}
	}
	if grids != 2 || gaps != 2 {
		t.Errorf("grids, gaps = %d, %d, want 2, 2", grids, gaps)
	}
	// Coordinates carry exactly seven decimals.
	if !bytes.Contains(out, []byte("[7.4150000,43.7250000]")) {
		t.Errorf("grid corner not printed with 7 decimals")
	}
}

func TestHTML(t *testing.T) {
	a := fixture(t)
	out := string(render(t, report.WriteHTML, a))
	for _, want := range []string{"<!DOCTYPE html>", "<svg", "</svg>", report.Attribution, "A&amp;B &lt;x&gt;", "Lost pharmacy", "15-minute"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"A&B <x>", "<x>", "<Central>", "<script src", "<link", " src=", "@import", "@font-face"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	// Self-contained: one inline script of the package's own, and every
	// reference (href, url()) points inside the page.
	if n := strings.Count(out, "<script"); n != 1 || !strings.Contains(out, "<script>") {
		t.Errorf("HTML has %d scripts, want the one inline script", n)
	}
	for _, m := range regexp.MustCompile(`(?:href="|url\()([^")]*)`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("HTML refers to %q outside the page", m[1])
		}
	}
}

func TestTableWidth(t *testing.T) {
	a := fixture(t, "clinic", "barber", "housekeeping", "agency", "repair", "craftsman")
	out := string(render(t, report.WriteTable, a))
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 120 {
			t.Errorf("line %d has %d runes, want ≤ 120: %q", i+1, n, line)
		}
	}
	if !strings.Contains(out, "house. housekeeping") {
		t.Errorf("abbreviated categories are not explained:\n%s", out)
	}
}

func TestEmptyGrid(t *testing.T) {
	a := fixture(t)
	a.Zones = append(a.Zones, access.Zone{ID: "z3", Name: "Empty", Geometry: square(7.44, 43.72, 7.45, 43.73)})
	nan := math.NaN()
	empty := access.Stats{Median: nan, P90: nan}
	a.Result.Rows = slices.Insert(a.Result.Rows, 2, access.Row{Zone: 2, Name: "Empty", Categories: []access.Stats{empty, empty}, Complete: empty})
	table := string(render(t, report.WriteTable, a))
	var line string
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, "Empty ") {
			line = l
			break
		}
	}
	if got := strings.Count(line, "–"); got != 3 {
		t.Errorf("empty grid line %q has %d \"–\", want 3", line, got)
	}
	var doc struct {
		Rows []struct {
			Complete struct {
				SharePct *float64 `json:"share_pct"`
				Median   *float64 `json:"median_min"`
				Beyond   bool     `json:"median_beyond_budget"`
			} `json:"complete"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(render(t, report.WriteJSON, a), &doc); err != nil {
		t.Fatal(err)
	}
	if c := doc.Rows[2].Complete; c.SharePct != nil || c.Median != nil || c.Beyond {
		t.Errorf("empty grid complete = %+v, want nulls and no beyond flag", c)
	}
	recs := readCSV(t, render(t, report.WriteGridsCSV, a))
	for _, rec := range recs[1:] {
		if rec[0] == "Empty" && (rec[6] != "" || rec[7] != "" || rec[8] != "false" || rec[9] != "" || rec[10] != "false") {
			t.Errorf("empty grid csv row = %q, want empty share and percentiles", rec)
		}
	}
}

func TestLongLedger(t *testing.T) {
	a := fixture(t)
	for i := range 24 {
		a.Residents = append(a.Residents, access.Resident{ID: "u" + strconv.Itoa(i), Point: orb.Point{7.44, 43.75}, Weight: 1})
		a.Result.Residents = append(a.Result.Residents, access.ResidentResult{Zone: -1, Status: access.Unroutable, Reason: "far", SnapMeters: -1})
	}
	out := string(render(t, report.WriteTable, a))
	if !strings.Contains(out, "… 5 more (see residents.csv)") {
		t.Errorf("table lacks the truncation note:\n%s", out)
	}
	if !strings.Contains(out, "Unroutable residents (25)") {
		t.Errorf("table lacks the unroutable count")
	}
	if got := len(readCSV(t, render(t, report.WriteResidentsCSV, a))) - 1; got != 29 {
		t.Errorf("residents.csv rows = %d, want 29", got)
	}
}

// writers lists every writer, by output file name.
func writers() map[string]func(io.Writer, *report.Audit) error {
	return map[string]func(io.Writer, *report.Audit) error{
		"report.txt":         report.WriteTable,
		"residents.csv":      report.WriteResidentsCSV,
		"grids.csv":          report.WriteGridsCSV,
		"facilities.csv":     report.WriteFacilitiesCSV,
		"facilities.geojson": report.WriteFacilitiesGeoJSON,
		"report.json":        report.WriteJSON,
		"gaps.geojson":       report.WriteGeoJSON,
		"report.md":          report.WriteMarkdown,
		"report.html":        report.WriteHTML,
	}
}

func TestDeterministic(t *testing.T) {
	for name, fn := range writers() {
		t.Run(name, func(t *testing.T) {
			first := render(t, fn, fixture(t))
			second := render(t, fn, fixture(t))
			if !bytes.Equal(first, second) {
				t.Errorf("%s differs between two runs", name)
			}
			if strings.HasSuffix(name, ".csv") {
				return // plain tables: provenance is in the report files beside them
			}
			if !bytes.Contains(first, []byte(report.Attribution)) {
				t.Errorf("%s lacks the attribution", name)
			}
			if !bytes.Contains(first, []byte("2026-03-10T00:00:00Z")) || !bytes.Contains(first, []byte("0.1.0-test")) {
				t.Errorf("%s lacks the header", name)
			}
		})
	}
}

func TestWriteAll(t *testing.T) {
	a := fixture(t)
	dir := filepath.Join(t.TempDir(), "out")
	if err := report.WriteAll(dir, a); err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := report.Files()
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("files = %v, want %v", names, want)
	}
	for name, fn := range writers() {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, render(t, fn, a)) {
			t.Errorf("%s differs from its writer's output", name)
		}
	}

	// An inconsistent audit writes nothing, not even the directory.
	bad := fixture(t)
	bad.Residents = bad.Residents[:2]
	dir2 := filepath.Join(t.TempDir(), "bad")
	if err := report.WriteAll(dir2, bad); !errors.Is(err, report.ErrAudit) {
		t.Errorf("WriteAll(bad) = %v, want ErrAudit", err)
	}
	if _, err := os.Stat(dir2); !os.IsNotExist(err) {
		t.Errorf("WriteAll(bad) created %s", dir2)
	}
}

func TestWrite(t *testing.T) {
	a := fixture(t)
	byFormat := map[string]func(io.Writer, *report.Audit) error{
		"table": report.WriteTable, "csv": report.WriteResidentsCSV, "json": report.WriteJSON,
		"geojson": report.WriteGeoJSON, "markdown": report.WriteMarkdown, "html": report.WriteHTML, "gpkg": report.WriteGeoPackage,
	}
	if got, want := report.Formats(), []string{"table", "csv", "json", "geojson", "markdown", "html", "gpkg"}; !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
	for _, f := range report.Formats() {
		var buf bytes.Buffer
		if err := report.Write(f, &buf, a); err != nil {
			t.Fatalf("Write(%q) = %v", f, err)
		}
		if !bytes.Equal(buf.Bytes(), render(t, byFormat[f], a)) {
			t.Errorf("Write(%q) differs from its writer", f)
		}
	}
	err := report.Write("xml", io.Discard, a)
	if !errors.Is(err, report.ErrFormat) || !strings.Contains(err.Error(), "table, csv, json, geojson, markdown, html, gpkg") {
		t.Errorf("Write(xml) = %v, want ErrFormat listing the formats", err)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(b)
	return len(b), nil
}

func TestWriteError(t *testing.T) {
	a := fixture(t)
	for name, fn := range writers() {
		if err := fn(&failWriter{n: 100}, a); !errors.Is(err, errFull) {
			t.Errorf("%s on a failing writer = %v, want it wrapped", name, err)
		}
	}
}

func TestInvalidAudit(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(a *report.Audit) *report.Audit
	}{
		{"nil audit", func(*report.Audit) *report.Audit { return nil }},
		{"no result", func(a *report.Audit) *report.Audit { a.Result = nil; return a }},
		{"residents mismatch", func(a *report.Audit) *report.Audit { a.Residents = a.Residents[:4]; return a }},
		{"facility out of range", func(a *report.Audit) *report.Audit { a.Result.Residents[0].Reach[0][0].Facility = 9; return a }},
		{"negative facility", func(a *report.Audit) *report.Audit { a.Result.Residents[0].Reach[0][0].Facility = -1; return a }},
		{"zone out of range", func(a *report.Audit) *report.Audit { a.Result.Residents[0].Zone = 7; return a }},
		{"reach categories", func(a *report.Audit) *report.Audit {
			a.Result.Residents[0].Reach = a.Result.Residents[0].Reach[:1]
			return a
		}},
		{"row categories", func(a *report.Audit) *report.Audit { a.Result.Rows[1].Categories = nil; return a }},
		{"bad row zone", func(a *report.Audit) *report.Audit { a.Result.Rows[1].Zone = -5; return a }},
		{"gap categories", func(a *report.Audit) *report.Audit { a.Result.Gaps[0].Missing = nil; return a }},
		{"invalid gap cell", func(a *report.Audit) *report.Audit { a.Result.Gaps[0].Cell = 0; return a }},
		{"facility issue out of range", func(a *report.Audit) *report.Audit { a.Result.Facilities[0].Facility = 4; return a }},
		{"facility counts", func(a *report.Audit) *report.Audit { a.Result.FacilityCount = []int{1}; return a }},
		{"zero speed", func(a *report.Audit) *report.Audit { a.Result.Options.Profile.Speed = 0; return a }},
		{"zero budget", func(a *report.Audit) *report.Audit { a.Result.Meters = 0; return a }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, fn := range writers() {
				if err := fn(io.Discard, tt.break_(fixture(t))); !errors.Is(err, report.ErrAudit) {
					t.Errorf("%s = %v, want ErrAudit", name, err)
				}
			}
		})
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		fn   func(io.Writer, *report.Audit) error
	}{
		{"report.txt", report.WriteTable},
		{"report.md", report.WriteMarkdown},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := render(t, tt.fn, fixture(t))
			path := filepath.Join("testdata", tt.file+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update after checking):\n%s", tt.file, path, got)
			}
		})
	}
}

func TestDegenerate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *report.Audit)
	}{
		{"no zone geometry", func(a *report.Audit) { a.Zones = nil }},
		{"no residents", func(a *report.Audit) {
			a.Residents, a.Result.Residents, a.Result.Gaps = nil, nil, nil
			a.Result.Rows = a.Result.Rows[2:3]
		}},
		{"invalid point", func(a *report.Audit) { a.Residents[3].Point = orb.Point{math.NaN(), 200} }},
		{"metre budget", func(a *report.Audit) { a.Result.Options.Budget.Minutes, a.Result.Options.Budget.Meters = 0, 1000 }},
		{"empty header", func(a *report.Audit) { a.Header = report.Header{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, fn := range writers() {
				a := fixture(t)
				tt.change(a)
				if err := fn(io.Discard, a); err != nil {
					t.Errorf("%s = %v", name, err)
				}
			}
		})
	}
}

func TestHTMLMapFits(t *testing.T) {
	out := string(render(t, report.WriteHTML, fixture(t)))
	size := regexp.MustCompile(`<svg class="map[^"]*"[^>]* viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(out)
	if size == nil {
		t.Fatal("no map")
	}
	w, _ := strconv.ParseFloat(size[1], 64)
	h, _ := strconv.ParseFloat(size[2], 64)
	var dots [][]string
	for _, d := range regexp.MustCompile(`<path class="dots"[^>]* d="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		dots = append(dots, regexp.MustCompile(`M(-?\d+) (-?\d+)h0`).FindAllStringSubmatch(d[1], -1)...)
	}
	if len(dots) != 5 {
		t.Errorf("dots = %d, want 5", len(dots))
	}
	for _, d := range dots {
		x, _ := strconv.ParseFloat(d[1], 64)
		y, _ := strconv.ParseFloat(d[2], 64)
		if x < 0 || x > w || y < 0 || y > h {
			t.Errorf("dot (%v, %v) outside the %vx%v map", x, y, w, h)
		}
	}
}

// find0 returns the grids.csv record of a grid and category, or nil.
func find0(recs [][]string, grid, cat string) []string {
	for _, rec := range recs[1:] {
		if rec[0] == grid && rec[1] == cat {
			return rec
		}
	}
	return nil
}

func TestWriteAllProgress(t *testing.T) {
	var calls []string
	dir := filepath.Join(t.TempDir(), "out")
	if err := report.WriteAllProgress(dir, fixture(t), func(done, total int) {
		calls = append(calls, strconv.Itoa(done)+"/"+strconv.Itoa(total))
		if done > 0 {
			// the done-th file is complete when it is counted
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%d/%d: files swapped in before all are written", done, total)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	n := len(report.Files())
	if len(calls) != n+1 || calls[0] != "0/"+strconv.Itoa(n) || calls[n] != strconv.Itoa(n)+"/"+strconv.Itoa(n) {
		t.Errorf("progress = %v, want 0/%d … %d/%d", calls, n, n, n)
	}
}
