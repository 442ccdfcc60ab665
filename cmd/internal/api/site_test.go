package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

const siteResidents = `{"residents":[
	{"id":"r1","lon":7.4246,"lat":43.7384},
	{"id":"r2","lon":7.4200,"lat":43.7310,"weight":2.5},
	{"id":"r3","lon":7.4160,"lat":43.7280,"group":"elderly"},
	{"id":"r4","lon":7.4300,"lat":43.7420,"weight":1,"group":"elderly"},
	{"id":"far","lon":8.05,"lat":43.7384}
], "category":"repair", "minutes":5`

// TestSiteSameAsLibrary: POST /v1/site answers, byte for byte, what
// walkshed.City.Site and report.WriteSiting give for the same inputs.
func TestSiteSameAsLibrary(t *testing.T) {
	city := sample(t)
	residents := []access.Resident{
		{ID: "r1", Point: orb.Point{7.4246, 43.7384}, Weight: 1},
		{ID: "r2", Point: orb.Point{7.4200, 43.7310}, Weight: 2.5},
		{ID: "r3", Point: orb.Point{7.4160, 43.7280}, Weight: 1, Group: "elderly"},
		{ID: "r4", Point: orb.Point{7.4300, 43.7420}, Weight: 1, Group: "elderly"},
		{ID: "far", Point: orb.Point{8.05, 43.7384}, Weight: 1},
	}
	for _, tt := range []struct {
		name, body string
		cands      *walkshed.CandidateSet
		count      int
	}{
		{"cells", `,"count":2}`, nil, 2},
		{"given", `,"count":1,"candidates":[{"id":"shop","lon":7.4246,"lat":43.7384},{"id":"sea","lon":7.5,"lat":43.7}]}`,
			&walkshed.CandidateSet{Name: "request body", Candidates: []access.Candidate{{ID: "shop", Point: orb.Point{7.4246, 43.7384}}, {ID: "sea", Point: orb.Point{7.5, 43.7}}}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, http.MethodPost, newServer(t, api.Options{}).URL+"/v1/site", siteResidents+tt.body).ok(t, "application/json", nil).body
			rep, err := city.Site(context.Background(), walkshed.SiteRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)},
				Residents: walkshed.ResidentSet{Residents: residents, Name: "request body"}, Candidates: tt.cands,
				Options: access.SiteOptions{Category: "repair", Count: tt.count, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, MaxSnap: routing.DefaultMaxSnap}})
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := report.WriteSiting("json", &want, rep); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("POST /v1/site:\n%s\nlibrary:\n%s", got, want.String())
			}
			if len(rep.Result.Sites) == 0 {
				t.Error("no site proposed: nothing compared")
			}
		})
	}
}

func TestSiteErrors(t *testing.T) {
	srv := newServer(t, api.Options{})
	for _, tt := range []struct{ body, want string }{
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"count":1}`, "parameter category: missing"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"bakery","count":1}`, "unknown category"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair"}`, "parameter count: missing"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":0}`, "parameter count: 0"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","target":1.5}`, "parameter target"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":1,"candidates":"h3:20"}`, "parameter candidates"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":1,"candidates":[{"id":"x","lon":700,"lat":43}]}`, "candidate 1 "},
		{`{"residents":[],"category":"repair","count":1}`, "parameter residents"},
		{`{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":1,"radius":3}`, "unknown field"},
	} {
		a := do(t, http.MethodPost, srv.URL+"/v1/site", tt.body)
		if a.status != http.StatusBadRequest || !strings.Contains(string(a.body), tt.want) {
			t.Errorf("%s: status %d %s; want 400 with %q", tt.body, a.status, a.body, tt.want)
		}
	}
	if a := do(t, http.MethodGet, srv.URL+"/v1/site", ""); a.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /v1/site: %d, want 405", a.status)
	}
}

// TestSiteAnswerLimit: a siting over MaxResponseBytes is refused with 422
// naming residents, not sent whole past the limit.
func TestSiteAnswerLimit(t *testing.T) {
	body := siteResidents + `,"count":2}`
	full := do(t, http.MethodPost, newServer(t, api.Options{}).URL+"/v1/site", body).ok(t, "application/json", nil)
	srv := newServer(t, api.Options{Limits: api.Limits{MaxResponseBytes: 1000}})
	if len(full.body) <= 1000 {
		t.Fatalf("the siting is %d bytes; the test wants it over the limit of 1000", len(full.body))
	}
	apiErr(t, do(t, http.MethodPost, srv.URL+"/v1/site", body), http.StatusUnprocessableEntity,
		"residents", "more than the limit of 1000 bytes", "fewer residents")
}
