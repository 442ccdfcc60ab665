package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// home is an address in Monaco (Monte-Carlo), on the network.
const home = "7.4246,43.7384"

var homePoint = orb.Point{7.4246, 43.7384}

// far is 49 km east of Monaco, in the sea off Italy: off the network.
const far = "8.05,43.7384"

var (
	sampleOnce sync.Once
	sampleCity *walkshed.City
	sampleErr  error
)

// sample returns the embedded sample city, opened once for all tests.
func sample(t *testing.T) *walkshed.City {
	t.Helper()
	sampleOnce.Do(func() { sampleCity, sampleErr = walkshed.OpenSample(context.Background(), walkshed.OpenOptions{}) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleCity
}

// newServer serves the API of the sample city with opts.
func newServer(t *testing.T, opts api.Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(api.New(sample(t), opts))
	t.Cleanup(srv.Close)
	return srv
}

// answer is one HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request and reads the whole answer.
func do(t *testing.T, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// ok fails t unless the answer has status 200 and content type ct, and
// decodes its body into v (when not nil).
func (a answer) ok(t *testing.T, ct string, v any) answer {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", a.status, a.body)
	}
	if got := a.header.Get("Content-Type"); got != ct {
		t.Errorf("Content-Type = %q, want %q", got, ct)
	}
	if v != nil {
		if err := json.Unmarshal(a.body, v); err != nil {
			t.Fatalf("decoding %s: %v", a.body, err)
		}
	}
	return a
}

// get is do(GET).ok(application/json).
func get(t *testing.T, url string, v any) answer {
	t.Helper()
	return do(t, http.MethodGet, url, "").ok(t, "application/json", v)
}

// near reports whether a and b differ by at most tol.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestHealthz(t *testing.T) {
	srv := newServer(t, api.Options{})
	a := get(t, srv.URL+"/healthz", nil)
	if got := strings.TrimSpace(string(a.body)); got != `{"status":"ok"}` {
		t.Errorf("healthz = %s, want {\"status\":\"ok\"}", got)
	}
}

func TestInfo(t *testing.T) {
	city := sample(t)
	srv := newServer(t, api.Options{})
	var info struct {
		Attribution  string
		Walkshed     string
		Source       string
		OSMTimestamp string `json:"osm_timestamp"`
		Network      struct {
			Nodes, Edges int
			WalkableKM   float64 `json:"walkable_km"`
		}
		Categories []struct {
			Name       string
			Facilities int
		}
		Profiles []struct {
			Name   string
			Speed  float64 `json:"speed_mps"`
			Avoids []string
		}
	}
	get(t, srv.URL+"/v1/info", &info)
	if info.Attribution != walkshed.Attribution || info.Walkshed != walkshed.Version || info.Source != walkshed.SampleName ||
		info.OSMTimestamp != "2026-03-10T21:21:21Z" {
		t.Errorf("info header = %+v", info)
	}
	if info.Network.Nodes != city.Graph().NumNodes() || info.Network.Edges != city.Graph().NumEdges() ||
		!near(info.Network.WalkableKM*1000, city.BuildReport().WalkableMeters, 1) {
		t.Errorf("network = %+v, want %d nodes, %d edges, %.0f m", info.Network, city.Graph().NumNodes(), city.Graph().NumEdges(), city.BuildReport().WalkableMeters)
	}
	tax := taxonomy.Default()
	want := map[string]int{}
	for _, f := range city.Facilities(tax) {
		want[f.Category]++
	}
	if len(info.Categories) != tax.Len() {
		t.Fatalf("%d categories, want %d", len(info.Categories), tax.Len())
	}
	for i, c := range info.Categories {
		if c.Name != tax.Names()[i] || c.Facilities != want[c.Name] {
			t.Errorf("category %d = %+v, want %s with %d facilities", i, c, tax.Names()[i], want[tax.Names()[i]])
		}
	}
	if want["pharmacy"] == 0 {
		t.Error("the sample has no pharmacy")
	}
	var names []string
	for _, p := range info.Profiles {
		names = append(names, p.Name)
		if p.Name == "wheelchair" && !slices.Contains(p.Avoids, "steps") {
			t.Errorf("wheelchair avoids %v, want steps among them", p.Avoids)
		}
	}
	if !slices.Equal(names, []string{"standard", "wheelchair", "elderly"}) {
		t.Errorf("profiles %v, want standard, wheelchair, elderly", names)
	}
}

func TestCategories(t *testing.T) {
	srv := newServer(t, api.Options{})
	var doc struct {
		Attribution string
		Categories  []struct {
			Name, Description string
			Rules             []string
		}
	}
	get(t, srv.URL+"/v1/categories", &doc)
	tax := taxonomy.Default()
	if doc.Attribution != walkshed.Attribution || len(doc.Categories) != tax.Len() {
		t.Fatalf("categories: attribution %q, %d categories; want %d", doc.Attribution, len(doc.Categories), tax.Len())
	}
	for _, c := range doc.Categories {
		tc, ok := tax.Category(c.Name)
		if !ok || c.Description != tc.Description() || !slices.Equal(c.Rules, tc.RuleStrings()) {
			t.Errorf("category %+v does not match the taxonomy", c)
		}
		if c.Name == "pharmacy" && !slices.Contains(c.Rules, "amenity=pharmacy") {
			t.Errorf("pharmacy rules %v lack amenity=pharmacy", c.Rules)
		}
	}
}

func TestIsochrone(t *testing.T) {
	city := sample(t)
	srv := newServer(t, api.Options{})
	a := do(t, http.MethodGet, srv.URL+"/v1/isochrone?at="+home+"&minutes=5,10,15&profile=elderly", "").ok(t, "application/geo+json", nil)
	var fc struct {
		Type        string
		Attribution string
		Features    []struct {
			Type       string
			Properties struct {
				Minutes float64
				AreaM2  float64 `json:"area_m2"`
				Profile string
			}
			Geometry struct{ Type string }
		}
	}
	if err := json.Unmarshal(a.body, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || fc.Attribution != walkshed.Attribution || len(fc.Features) != 3 {
		t.Fatalf("got %s with attribution %q and %d features, want a FeatureCollection with the attribution and 3", fc.Type, fc.Attribution, len(fc.Features))
	}
	for i, f := range fc.Features { // largest first
		if f.Geometry.Type != "MultiPolygon" || f.Properties.Minutes != []float64{15, 10, 5}[i] || f.Properties.Profile != "elderly" {
			t.Errorf("feature %d = %+v, want the %v-minute elderly MultiPolygon", i, f, []float64{15, 10, 5}[i])
		}
		if i > 0 && !(f.Properties.AreaM2 < fc.Features[i-1].Properties.AreaM2) {
			t.Errorf("area of %v min %.0f m², not smaller than %.0f m²", f.Properties.Minutes, f.Properties.AreaM2, fc.Features[i-1].Properties.AreaM2)
		}
	}
	// the same bytes as the library and the report writer give; contours nest
	budgets := []geo.Budget{{Minutes: 5}, {Minutes: 10}, {Minutes: 15}}
	cs, err := city.Isochrones([]orb.Point{homePoint}, 0, isochrone.Options{Budgets: budgets, Profile: routing.Elderly, Resolution: isochrone.DefaultResolution})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(cs); i++ {
		for _, c := range cs[i-1].Cells {
			if _, found := slices.BinarySearch(cs[i].Cells, c); !found {
				t.Fatalf("cell %v of the %s contour is not in the %s one", c, cs[i-1].Budget, cs[i].Budget)
			}
		}
	}
	var want bytes.Buffer
	if err := report.WriteIsochronesGeoJSON(&want, cs, report.IsochroneMeta{Profile: "elderly", Speed: 0.9, Resolution: 11,
		Source: city.Graph().Info().Source, Timestamp: city.TimestampString(), Version: walkshed.Version, Attribution: walkshed.Attribution}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.body, want.Bytes()) {
		t.Error("isochrone answer differs from report.WriteIsochronesGeoJSON of city.Isochrones")
	}
	// the default budget is one contour; meters work too
	var one struct{ Features []json.RawMessage }
	do(t, http.MethodGet, srv.URL+"/v1/isochrone?at="+home, "").ok(t, "application/geo+json", &one)
	var two struct{ Features []json.RawMessage }
	do(t, http.MethodGet, srv.URL+"/v1/isochrone?at="+home+"&at=7.4200,43.7310&meters=400,800&res=10", "").ok(t, "application/geo+json", &two)
	if len(one.Features) != 1 || len(two.Features) != 2 {
		t.Errorf("got %d and %d features, want 1 (default budget) and 2", len(one.Features), len(two.Features))
	}
}

// card is the answer of /v1/nearest.
type card struct {
	Attribution string
	At          [2]float64
	Budget      string
	Profile     string
	Speed       float64 `json:"speed_mps"`
	K           int
	Categories  []struct {
		Category   string
		Facilities []facility
	}
}

type facility struct {
	ID, Name, Category string
	Lon, Lat           float64
	Minutes, Meters    float64
}

func TestNearest(t *testing.T) {
	city := sample(t)
	srv := newServer(t, api.Options{})
	facs := city.Facilities(taxonomy.Default())
	for _, tc := range []struct {
		profile routing.Profile
		query   string
	}{
		{routing.Standard, ""},
		{routing.Elderly, "&profile=elderly"},
		{routing.Wheelchair, "&profile=wheelchair&minutes=10"},
	} {
		t.Run(tc.profile.Name, func(t *testing.T) {
			var c card
			get(t, srv.URL+"/v1/nearest?at="+home+"&category=pharmacy,grocery&k=3"+tc.query, &c)
			if c.Attribution != walkshed.Attribution || c.Profile != tc.profile.Name || c.K != 3 || len(c.Categories) != 2 ||
				c.Categories[0].Category != "pharmacy" || c.Categories[1].Category != "grocery" {
				t.Fatalf("card %+v: want pharmacy and grocery, k 3, profile %s, attribution", c, tc.profile.Name)
			}
			budget := geo.Budget{Minutes: 15}
			if strings.Contains(tc.query, "minutes=10") {
				budget = geo.Budget{Minutes: 10}
			}
			svc, err := city.Services(facs, tc.profile, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range c.Categories {
				want, err := svc.Nearest(homePoint, budget, 3, g.Category)
				if err != nil {
					t.Fatal(err)
				}
				if len(g.Facilities) != len(want) || len(want) == 0 {
					t.Fatalf("%s: %d facilities, want %d (and some)", g.Category, len(g.Facilities), len(want))
				}
				for i, f := range g.Facilities {
					w := want[i]
					if f.ID != w.Facility.ID || f.Category != g.Category || f.Lon != w.Facility.Point[0] || f.Lat != w.Facility.Point[1] ||
						!near(f.Meters, w.Meters, 0.05) || !near(f.Minutes, w.Minutes, 0.005) {
						t.Errorf("%s %d = %+v, want %s at %.1f m, %.2f min", g.Category, i, f, w.Facility.ID, w.Meters, w.Minutes)
					}
					if !near(f.Minutes, f.Meters/tc.profile.Speed/60, 0.006) {
						t.Errorf("%s %d: %.2f min for %.1f m at %v m/s", g.Category, i, f.Minutes, f.Meters, tc.profile.Speed)
					}
					if i > 0 && f.Meters < g.Facilities[i-1].Meters {
						t.Errorf("%s not nearest first: %v after %v", g.Category, f.Meters, g.Facilities[i-1].Meters)
					}
				}
			}
		})
	}
	// without category: every category of the taxonomy, an empty list where none is near
	var all card
	get(t, srv.URL+"/v1/nearest?at="+home, &all)
	if len(all.Categories) != taxonomy.Default().Len() {
		t.Fatalf("%d categories, want all %d", len(all.Categories), taxonomy.Default().Len())
	}
	for _, g := range all.Categories {
		if g.Facilities == nil || len(g.Facilities) > 1 {
			t.Errorf("%s: %v, want a list of at most k=1", g.Category, g.Facilities)
		}
	}
	// a custom profile is placed per request and agrees with its definition
	var custom card
	get(t, srv.URL+"/v1/nearest?at="+home+"&category=pharmacy&profile=custom:3.6kmh", &custom)
	if f := custom.Categories[0].Facilities; len(f) != 1 || !near(f[0].Minutes, f[0].Meters/60, 0.006) {
		t.Errorf("custom 1 m/s: %+v, want minutes = metres / 60", f)
	}
}

func TestWithin(t *testing.T) {
	city := sample(t)
	srv := newServer(t, api.Options{})
	svc, err := city.Services(city.Facilities(taxonomy.Default()), routing.Standard, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		cats  []string
	}{
		{"&minutes=5", nil},
		{"&meters=600&category=pharmacy&category=clinic", []string{"pharmacy", "clinic"}},
	} {
		var doc struct {
			Attribution string
			Budget      string
			Count       int
			Facilities  []facility
		}
		get(t, srv.URL+"/v1/within?at="+home+tc.query, &doc)
		b, _ := geo.ParseBudget(doc.Budget)
		want, err := svc.Within(homePoint, b, tc.cats...)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Attribution != walkshed.Attribution || doc.Count != len(want) || len(doc.Facilities) != len(want) || len(want) < 2 {
			t.Fatalf("%s: %d facilities (count %d), want %d (at least 2)", tc.query, len(doc.Facilities), doc.Count, len(want))
		}
		for i, f := range doc.Facilities {
			if f.ID != want[i].Facility.ID || f.Category != want[i].Facility.Category || !near(f.Meters, want[i].Meters, 0.05) {
				t.Errorf("%s: facility %d = %+v, want %s %s at %.1f m", tc.query, i, f, want[i].Facility.Category, want[i].Facility.ID, want[i].Meters)
			}
			if tc.cats != nil && !slices.Contains(tc.cats, f.Category) {
				t.Errorf("%s: facility %+v of another category", tc.query, f)
			}
		}
	}
}

// auditDoc is what the tests read of an audit answer.
type auditDoc struct {
	Attribution string
	Header      struct {
		Inputs  []string
		Profile string
		Grids   string
	}
	Options struct {
		Categories []string
		K          int
	}
	Rows []struct {
		Grid, Kind string
		Residents  int
		Unroutable int
	}
	Unroutable []struct {
		Resident  string
		Reason    string
		ToNetwork float64 `json:"to_network_m"`
	}
	Residents []struct {
		ID, Status, Group string
		Weight            float64
		Reach             []struct {
			Category   string
			Facilities []struct{ ID string }
		}
	}
}

const fiveResidents = `{"residents":[
	{"id":"r1","lon":7.4246,"lat":43.7384},
	{"id":"r2","lon":7.4200,"lat":43.7310,"weight":2.5},
	{"id":"r3","lon":7.4160,"lat":43.7280,"group":"elderly"},
	{"id":"r4","lon":7.4300,"lat":43.7420,"weight":1,"group":"elderly"},
	{"id":"far","lon":8.05,"lat":43.7384}
], "categories":["pharmacy","grocery"], "minutes":15, "profile":"standard", "group_profiles":{"elderly":"elderly"}, "k":2%s}`

func TestAudit(t *testing.T) {
	srv := newServer(t, api.Options{})
	for _, grids := range []string{"", `,"grids":"osm:admin_level=10"`} {
		var doc auditDoc
		a := do(t, http.MethodPost, srv.URL+"/v1/audit", fmt.Sprintf(fiveResidents, grids)).ok(t, "application/json", &doc)
		if doc.Attribution != walkshed.Attribution || !slices.Equal(doc.Options.Categories, []string{"pharmacy", "grocery"}) || doc.Options.K != 2 {
			t.Errorf("audit %q: attribution %q, options %+v", grids, doc.Attribution, doc.Options)
		}
		if !strings.Contains(doc.Header.Profile, "group elderly: elderly") || !slices.Contains(doc.Header.Inputs, "residents: request body (5)") {
			t.Errorf("audit %q: header %+v lacks the group profile or the residents' source", grids, doc.Header)
		}
		if (grids == "") != strings.HasPrefix(doc.Header.Grids, "H3 resolution 8") {
			t.Errorf("audit %q: grids %q", grids, doc.Header.Grids)
		}
		// every resident appears; the far one as unroutable, 49 km off
		if len(doc.Residents) != 5 || len(doc.Unroutable) != 1 || doc.Unroutable[0].Resident != "far" ||
			!near(doc.Unroutable[0].ToNetwork, 48650, 500) || !strings.Contains(doc.Unroutable[0].Reason, "km") {
			t.Fatalf("audit %q: %d residents, unroutable %+v; want 5 and far at about 49 km", grids, len(doc.Residents), doc.Unroutable)
		}
		for _, r := range doc.Residents {
			want := "complete"
			if r.ID == "far" {
				want = "unroutable"
			}
			if r.Status != want {
				t.Errorf("audit %q: resident %s is %s, want %s", grids, r.ID, r.Status, want)
			}
		}
		// the rows (grids and outside) sum to the residents given
		sum, total := 0, -1
		for _, row := range doc.Rows {
			switch row.Kind {
			case "total":
				total = row.Residents
			case "grid", "outside":
				sum += row.Residents
			}
		}
		if sum != 5 || total != 5 {
			t.Errorf("audit %q: rows sum to %d, total %d; want 5 and 5\n%s", grids, sum, total, a.body)
		}
	}
	// the defaults: every category, 15 minutes, one resident
	var doc auditDoc
	do(t, http.MethodPost, srv.URL+"/v1/audit", `{"residents":[{"id":"x","lon":7.4246,"lat":43.7384}]}`).ok(t, "application/json", &doc)
	if len(doc.Options.Categories) != taxonomy.Default().Len() || doc.Options.K != 1 || len(doc.Residents) != 1 {
		t.Errorf("default audit: options %+v, %d residents", doc.Options, len(doc.Residents))
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{MaxBodyBytes: 4096, MaxResidents: 3}})
	big := `{"residents":[` + strings.Repeat(`{"id":"r","lon":7.4246,"lat":43.7384},`, 200) + `{}]}`
	resident := func(fields string) string {
		return `{"residents":[{"id":"a","lon":7.4246,"lat":43.7384},` + fields + `]}`
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     []string // in the error message
		parameter                string
	}{
		{"not found", "GET", "/v2/nearest", "", 404, []string{"no endpoint /v2/nearest", "/v1/nearest"}, ""},
		{"wrong method", "POST", "/v1/nearest?at=" + home, "", 405, []string{"POST", "GET"}, ""},
		{"audit by GET", "GET", "/v1/audit", "", 405, []string{"use POST"}, ""},
		{"no at", "GET", "/v1/nearest", "", 400, []string{"at=LON,LAT"}, "at"},
		{"bad at", "GET", "/v1/nearest?at=abc", "", 400, []string{`"abc"`, "LON,LAT"}, "at"},
		{"three numbers", "GET", "/v1/nearest?at=1,2,3", "", 400, []string{"LON,LAT"}, "at"},
		{"NaN", "GET", "/v1/nearest?at=NaN,43.7", "", 400, []string{"longitude NaN is not a finite number"}, "at"},
		{"lat 91", "GET", "/v1/within?at=7.42,91", "", 400, []string{"latitude 91", "swapped"}, "at"},
		{"two at", "GET", "/v1/nearest?at=" + home + "&at=" + home, "", 400, []string{"2 points given, at most 1"}, "at"},
		{"unknown category", "GET", "/v1/nearest?at=" + home + "&category=bakery", "", 400, []string{`unknown category "bakery"`, "grocery", "pharmacy"}, "category"},
		{"unknown profile", "GET", "/v1/nearest?at=" + home + "&profile=runner", "", 400, []string{`"runner"`, "standard", "elderly", "wheelchair"}, "profile"},
		{"minutes and meters", "GET", "/v1/within?at=" + home + "&minutes=10&meters=800", "", 400, []string{"minutes or meters, not both"}, "meters"},
		{"two budgets", "GET", "/v1/within?at=" + home + "&minutes=10,15", "", 400, []string{"one budget"}, "minutes"},
		{"zero minutes", "GET", "/v1/within?at=" + home + "&minutes=0", "", 400, []string{"positive"}, "minutes"},
		{"NaN minutes", "GET", "/v1/isochrone?at=" + home + "&minutes=NaN", "", 400, []string{"positive"}, "minutes"},
		{"budget over limit", "GET", "/v1/isochrone?at=" + home + "&minutes=600", "", 400, []string{"over the limit of 60"}, "minutes"},
		{"k=0", "GET", "/v1/nearest?at=" + home + "&k=0", "", 400, []string{"from 1 to 50"}, "k"},
		{"k not a number", "GET", "/v1/nearest?at=" + home + "&k=two", "", 400, []string{`"two"`}, "k"},
		{"res 16", "GET", "/v1/isochrone?at=" + home + "&res=16", "", 400, []string{"from 1 to 13"}, "res"},
		{"unknown parameter", "GET", "/v1/nearest?at=" + home + "&minute=5", "", 400, []string{"unknown parameter", "minutes"}, "minute"},
		{"k on within", "GET", "/v1/within?at=" + home + "&k=2", "", 400, []string{"unknown parameter"}, "k"},
		{"bad query", "GET", "/v1/nearest?at=%zz", "", 400, []string{`"%zz"`, "percent-encoding"}, "at"},
		{"bad parameter name", "GET", "/v1/nearest?a%zt=1", "", 400, []string{"query", "percent-encoding"}, "query"},
		{"semicolon", "GET", "/v1/nearest?at=" + home + ";k=2", "", 400, []string{"separated by &"}, "query"},
		{"custom speed over max meters", "GET", "/v1/isochrone?at=" + home + "&minutes=15&profile=custom:1e6", "", 400, []string{"1e+06 m/s", "over the limit of 5000 metres"}, "minutes"},
		{"custom speed nearest", "GET", "/v1/nearest?at=" + home + "&minutes=15&profile=custom:1e6", "", 400, []string{"over the limit of 5000 metres"}, "minutes"},
		{"custom speed within", "GET", "/v1/within?at=" + home + "&minutes=15&profile=custom:1e6", "", 400, []string{"over the limit of 5000 metres"}, "minutes"},
		{"custom speed default budget", "GET", "/v1/within?at=" + home + "&profile=custom:1e6", "", 400, []string{"default budget", "over the limit"}, "profile"},
		{"infinite distance", "GET", "/v1/isochrone?at=" + home + "&minutes=60&profile=custom:1e307", "", 400, []string{"+Inf metres"}, "minutes"},
		{"unroutable", "GET", "/v1/nearest?at=" + far, "", 422, []string{"49 km from the network"}, "at"},
		{"unroutable isochrone", "GET", "/v1/isochrone?at=" + home + "&at=" + far, "", 422, []string{far, "km"}, "at"},
		{"swapped", "GET", "/v1/within?at=43.7384,7.4246", "", 422, []string{"7.4246,43.7384 would be on it", "longitude first"}, "at"},
		{"empty body", "POST", "/v1/audit", "", 400, []string{"empty", "JSON is required"}, "body"},
		{"bad JSON", "POST", "/v1/audit", `{"residents":[`, 400, []string{"body", "invalid JSON"}, "body"},
		{"bad JSON inside", "POST", "/v1/audit", `{"residents":[}`, 400, []string{"invalid JSON at byte 15"}, "body"},
		{"CSV body", "POST", "/v1/audit", "id,lon,lat\nr1,7.42,43.73\n", 400, []string{"not JSON", "JSON is required", `{"residents":`}, "body"},
		{"array body", "POST", "/v1/audit", `[{"id":"r1","lon":7.42,"lat":43.73}]`, 400, []string{"got a JSON array", `{"residents":`}, "body"},
		{"trailing data", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4246,"lat":43.7384}`) + "x", 400, []string{"more data"}, "body"},
		{"unknown field", "POST", "/v1/audit", `{"resident":[]}`, 400, []string{`unknown field "resident"`, "known: residents"}, "resident"},
		{"too large", "POST", "/v1/audit", big, 413, []string{"larger than the limit of 4096 bytes"}, "body"},
		{"audit custom speed", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"minutes":15,"profile":"custom:1e6"}`, 400, []string{"over the limit of 5000 metres"}, "minutes"},
		{"audit custom speed default budget", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"profile":"custom:1e6"}`, 400, []string{"default budget", "over the limit of 5000 metres"}, "profile"},
		{"audit fast group profile", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"group_profiles":{"x":"custom:1e6"}}`, 400, []string{`group "x"`, "over the limit of 5000 metres"}, "group_profiles"},
		{"too many residents", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4,"lat":43.7},{"id":"c","lon":7.4,"lat":43.7},{"id":"d","lon":7.4,"lat":43.7}`), 400, []string{"4 given, at most 3"}, "residents"},
		{"no residents", "POST", "/v1/audit", `{"residents":[]}`, 400, []string{"none given"}, "residents"},
		{"resident lat 91", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4,"lat":91}`), 400, []string{`residents[1] (id "b")`, "latitude 91"}, "residents"},
		{"resident without id", "POST", "/v1/audit", resident(`{"lon":7.4,"lat":43.7}`), 400, []string{"residents[1]", "id"}, "residents"},
		{"duplicate id", "POST", "/v1/audit", resident(`{"id":"a","lon":7.4,"lat":43.7}`), 400, []string{`residents[1] (id "a")`, "residents[0]"}, "residents"},
		{"missing lat", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4}`), 400, []string{"residents[1]", "lat"}, "residents"},
		{"lon a string", "POST", "/v1/audit", resident(`{"id":"b","lon":"7.4","lat":43.7}`), 400, []string{"residents[1]", "lon", "number"}, "residents"},
		{"resident unknown field", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4,"lat":43.7,"wieght":2}`), 400, []string{"residents[1]", "wieght"}, "residents"},
		{"weight 0", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4,"lat":43.7,"weight":0}`), 400, []string{"residents[1]", "weight 0"}, "residents"},
		{"negative weight", "POST", "/v1/audit", resident(`{"id":"b","lon":7.4,"lat":43.7,"weight":-1}`), 400, []string{"weight -1"}, "residents"},
		{"audit both budgets", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"minutes":15,"meters":1000}`, 400, []string{"not both"}, "meters"},
		{"audit zero meters", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"meters":0}`, 400, []string{"budget"}, "meters"},
		{"audit k 0", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"k":0}`, 400, []string{"from 1 to 50"}, "k"},
		{"audit unknown category", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"categories":["bakery"]}`, 400, []string{"bakery", "known: grocery"}, "categories"},
		{"audit unknown profile", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"profile":"fast"}`, 400, []string{`"fast"`}, "profile"},
		{"audit group profile", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"group_profiles":{"old":"slow"}}`, 400, []string{`group "old"`, `"slow"`}, "group_profiles"},
		{"audit grids", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"grids":"grids.geojson"}`, 400, []string{"osm:admin_level=N"}, "grids"},
		{"audit admin level", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"grids":"osm:admin_level=4"}`, 400, []string{"admin_level=4", "10 (9)"}, "grids"},
		{"audit categories a string", "POST", "/v1/audit", `{"residents":[{"id":"a","lon":7.4,"lat":43.7}],"categories":"pharmacy"}`, 400, []string{"categories", "an array"}, "categories"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, tc.method, srv.URL+tc.path, tc.body)
			var e struct {
				Error, Parameter string
				ToNetwork        *float64 `json:"to_network_m"`
			}
			if err := json.Unmarshal(a.body, &e); err != nil || e.Error == "" {
				t.Fatalf("%s %s: body %s (%v), want a JSON error", tc.method, tc.path, a.body, err)
			}
			if a.status != tc.status {
				t.Errorf("%s %s: status %d, want %d: %s", tc.method, tc.path, a.status, tc.status, e.Error)
			}
			if ct := a.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Error, w) {
					t.Errorf("error %q does not mention %q", e.Error, w)
				}
			}
			if e.Parameter != tc.parameter {
				t.Errorf("parameter = %q, want %q (error %q)", e.Parameter, tc.parameter, e.Error)
			}
			if tc.status == 422 && (e.ToNetwork == nil || *e.ToNetwork < 40_000) {
				t.Errorf("to_network_m = %v, want the distance to the network", e.ToNetwork)
			}
			if tc.status == 405 && a.header.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
}

// TestConcurrent sends requests of every kind from 20 goroutines at once
// (run with -race): each answer must equal the one given alone.
func TestConcurrent(t *testing.T) {
	srv := newServer(t, api.Options{})
	type request struct{ method, path, body string }
	reqs := []request{
		{"GET", "/v1/nearest?at=" + home + "&k=2", ""},
		{"GET", "/v1/nearest?at=7.4200,43.7310&category=pharmacy&profile=elderly", ""},
		{"GET", "/v1/nearest?at=7.4160,43.7280&profile=wheelchair", ""},
		{"GET", "/v1/within?at=" + home + "&minutes=10", ""},
		{"GET", "/v1/isochrone?at=" + home + "&minutes=5,10", ""},
		{"GET", "/v1/info", ""},
		{"GET", "/v1/nearest?at=" + far, ""},
		{"POST", "/v1/audit", fmt.Sprintf(fiveResidents, "")},
	}
	// The first round runs concurrently on a fresh server, so the lazy
	// per-profile services are built under contention.
	fresh := newServer(t, api.Options{})
	got := make([][]answer, 20)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range reqs {
				r := reqs[(g+i)%len(reqs)]
				got[g] = append(got[g], doQuiet(fresh.URL, r.method, r.path, r.body))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, a := range got[g] {
			r := reqs[(g+i)%len(reqs)]
			want := do(t, r.method, srv.URL+r.path, r.body)
			if a.status != want.status || !bytes.Equal(a.body, want.body) {
				t.Errorf("goroutine %d, %s %s: status %d, %d bytes; alone: %d, %d bytes", g, r.method, r.path, a.status, len(a.body), want.status, len(want.body))
			}
		}
	}
}

// doQuiet is do for other goroutines: failures become status 0.
func doQuiet(base, method, path, body string) answer {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return answer{}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{body: []byte(err.Error())}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// TestCancelled checks that a cancelled request is answered 503 without
// running the audit.
func TestCancelled(t *testing.T) {
	h := api.New(sample(t), api.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range []*http.Request{
		httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/audit", strings.NewReader(fmt.Sprintf(fiveResidents, ""))),
		httptest.NewRequestWithContext(ctx, http.MethodGet, "/v1/isochrone?at="+url.QueryEscape(home), nil),
		httptest.NewRequestWithContext(ctx, http.MethodGet, "/v1/nearest?at="+url.QueryEscape(home), nil),
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "cancel") {
			t.Errorf("%s %s with a cancelled context: %d %s, want 503", r.Method, r.URL, rec.Code, rec.Body)
		}
	}
}

// TestBroken checks that New never panics: without a city, or with bad
// options, every request fails with 500 and the reason.
func TestBroken(t *testing.T) {
	for _, tc := range []struct {
		name string
		city *walkshed.City
		opts api.Options
		want string
	}{
		{"no city", nil, api.Options{}, "no city"},
		{"bad profile", sample(t), api.Options{Profile: routing.Profile{Name: "stuck"}}, "speed"},
		{"bad budget", sample(t), api.Options{Budget: geo.Budget{Minutes: -1}}, "budget"},
		{"budget over limit", sample(t), api.Options{Budget: geo.Budget{Minutes: 90}}, "over the limit"},
		{"bad max snap", sample(t), api.Options{MaxSnap: math.NaN()}, "max snap"},
		{"bad resolution", sample(t), api.Options{Limits: api.Limits{MaxResolution: 16}}, "resolution"},
	} {
		rec := httptest.NewRecorder()
		api.New(tc.city, tc.opts).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d %s, want 500 mentioning %q", tc.name, rec.Code, rec.Body, tc.want)
		}
	}
}

func TestLog(t *testing.T) {
	var buf bytes.Buffer
	h := api.Log(api.New(sample(t), api.Options{}), &buf)
	for _, path := range []string{"/healthz", "/nope"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "GET /healthz 200 ") || !strings.Contains(lines[1], "GET /nope 404 ") {
		t.Errorf("log:\n%s\nwant one line per request with method, path, status and duration", buf.String())
	}
}

// TestDirectory checks that a community directory adds to the OSM
// facilities everywhere: counts, nearest and audits.
func TestDirectory(t *testing.T) {
	dir := []access.Facility{{ID: "dir:p1", Name: "Community pharmacy", Category: "pharmacy", Point: orb.Point{7.42465, 43.73845}, Source: "dir", Ref: "p1"}}
	srv := newServer(t, api.Options{Directory: dir, DirectoryName: "pharmacies.csv"})
	var info struct {
		Categories []struct {
			Name       string
			Facilities int
		}
	}
	get(t, srv.URL+"/v1/info", &info)
	osm := 0
	for _, f := range sample(t).Facilities(taxonomy.Default()) {
		if f.Category == "pharmacy" {
			osm++
		}
	}
	for _, c := range info.Categories {
		if c.Name == "pharmacy" && c.Facilities != osm+1 {
			t.Errorf("%d pharmacies, want %d from OSM + 1", c.Facilities, osm)
		}
	}
	var c card
	get(t, srv.URL+"/v1/nearest?at="+home+"&category=pharmacy", &c)
	if f := c.Categories[0].Facilities; len(f) != 1 || f[0].ID != "dir:p1" || f[0].Name != "Community pharmacy" {
		t.Errorf("nearest pharmacy %+v, want the directory's", f)
	}
	var doc auditDoc
	do(t, http.MethodPost, srv.URL+"/v1/audit", `{"residents":[{"id":"x","lon":7.4246,"lat":43.7384}],"categories":["pharmacy"]}`).ok(t, "application/json", &doc)
	if !slices.Contains(doc.Header.Inputs, "services: pharmacies.csv (1, adds to OSM services)") ||
		doc.Residents[0].Reach[0].Facilities[0].ID != "dir:p1" {
		t.Errorf("audit with the directory: inputs %v, reach %+v", doc.Header.Inputs, doc.Residents[0].Reach)
	}
	// a directory category outside the taxonomy is refused
	rec := httptest.NewRecorder()
	bad := []access.Facility{{ID: "x", Category: "bakery", Point: orb.Point{7.42, 43.73}}}
	api.New(sample(t), api.Options{Directory: bad}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "bakery") {
		t.Errorf("directory with a bakery: %d %s, want 500 naming it", rec.Code, rec.Body)
	}
}
