package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
)

func init() {
	openapi3filter.RegisterBodyDecoder("application/geo+json", openapi3filter.JSONBodyDecoder)
}

// loadOpenAPI loads and validates openapi.json, the file the server embeds.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

// TestOpenAPIDocument checks the document itself: valid, served as it is,
// of this version, and describing exactly the endpoints the server has.
func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.Info.Version != walkshed.Version {
		t.Errorf("openapi.json info.version %q, walkshed is %q", doc.Info.Version, walkshed.Version)
	}
	srv := newServer(t, api.Options{})
	served := get(t, srv.URL+"/v1/openapi.json", nil)
	file, _ := os.ReadFile("openapi.json")
	if !bytes.Equal(served.body, file) {
		t.Error("/v1/openapi.json differs from openapi.json")
	}
	// the 404 answer lists the server's endpoints
	var e struct{ Error string }
	json.Unmarshal(do(t, "GET", srv.URL+"/nowhere", "").body, &e)
	_, list, _ := strings.Cut(e.Error, "endpoints: ")
	endpoints := strings.Split(list, ", ")
	documented := doc.Paths.InMatchingOrder()
	slices.Sort(documented)
	if !slices.Equal(endpoints, documented) {
		t.Errorf("the server has %v, openapi.json describes %v", endpoints, documented)
	}
}

// TestOpenAPIResponses sends real requests, good and bad, to every
// endpoint and validates each request and each answer against the
// document with kin-openapi's openapi3filter: statuses, content types,
// headers and bodies must all be documented.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	srv := newServer(t, api.Options{Limits: api.Limits{MaxBodyBytes: 4096, MaxCells: 3000, MaxResponseBytes: 200_000}})
	doc.Servers = openapi3.Servers{{URL: srv.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	busy := newServer(t, api.Options{Limits: api.Limits{MaxIsochrones: 1, MaxQueue: 1}})
	fiveAudit := fmt.Sprintf(fiveResidents, "")
	tests := []struct {
		method, path, body string
		ct                 string // request Content-Type
		status             int
		validRequest       bool // the request is valid by the document
	}{
		{"GET", "/healthz", "", "", 200, true},
		{"GET", "/healthz?x=1", "", "", 400, true}, // unknown parameters: refused by the server, ignored by the filter
		{"GET", "/v1/info", "", "", 200, true},
		{"GET", "/v1/categories", "", "", 200, true},
		{"GET", "/v1/openapi.json", "", "", 200, true},
		{"GET", "/v1/nearest?at=" + home + "&k=3", "", "", 200, true},
		{"GET", "/v1/nearest?at=" + home + "&category=pharmacy&category=grocery&minutes=10&profile=elderly", "", "", 200, true},
		{"GET", "/v1/nearest?at=" + home + "&category=pharmacy&meters=100", "", "", 200, true}, // none within 100 m
		{"GET", "/v1/nearest", "", "", 400, false},
		{"GET", "/v1/nearest?at=abc", "", "", 400, false},
		{"GET", "/v1/nearest?at=" + home + "&k=0", "", "", 400, false},
		{"GET", "/v1/nearest?at=" + home + "&category=bakery", "", "", 400, true},
		{"GET", "/v1/nearest?at=" + home + "&minutes=15&profile=custom:1e6", "", "", 400, true},
		{"GET", "/v1/nearest?at=" + far, "", "", 422, true},
		{"GET", "/v1/nearest?at=" + far + "&lang=zh", "", "", 422, true},
		{"GET", "/v1/nearest?at=" + home + "&lang=fr", "", "", 400, true},
		{"GET", "/v1/categories?lang=zh-CN", "", "", 200, true},
		{"GET", "/v1/within?at=" + home, "", "", 200, true},
		{"GET", "/v1/within?at=" + home + "&category=pharmacy&meters=800&profile=wheelchair", "", "", 200, true},
		{"GET", "/v1/within?at=" + home + "&k=2", "", "", 400, true}, // k is not a parameter of within: the filter ignores unknown ones
		{"GET", "/v1/within?at=43.7384,7.4246", "", "", 422, true},
		{"GET", "/v1/isochrone?at=" + home + "&minutes=5,10,15", "", "", 200, true},
		{"GET", "/v1/isochrone?at=" + home + "&at=7.4200,43.7310&meters=400,800&profile=elderly&res=10", "", "", 200, true},
		{"GET", "/v1/isochrone?at=" + home + "&minutes=600", "", "", 400, true},
		{"GET", "/v1/isochrone?at=" + home + "&res=16", "", "", 400, false},
		{"GET", "/v1/isochrone?at=" + home + "&at=" + far, "", "", 422, true},
		{"GET", "/v1/isochrone?at=" + home + "&minutes=15&res=13", "", "", 422, true}, // over MaxCells
		{"POST", "/v1/audit", fiveAudit, "application/json", 200, true},
		{"POST", "/v1/audit?lang=zh", fiveAudit, "application/json", 200, true},
		{"POST", "/v1/audit", `{"residents":[{"id":"x","lon":7.4246,"lat":43.7384}],"meters":800,"grids":"osm:admin_level=10"}`, "application/json", 200, true},
		{"POST", "/v1/audit", `{"residents":[]}`, "application/json", 400, false},
		{"POST", "/v1/audit", `{"residents":[{"id":"x","lon":7.4,"lat":43.7}],"minutes":15,"profile":"custom:1e6"}`, "application/json", 400, true},
		{"POST", "/v1/audit", `{"resident":[]}`, "application/json", 400, false},
		{"POST", "/v1/audit", "id,lon,lat\n", "application/json", 400, false},
		{"POST", "/v1/audit", "id,lon,lat\n", "text/csv", 415, false},
		{"POST", "/v1/audit", `{"residents":[` + strings.Repeat(`{"id":"r","lon":7.4246,"lat":43.7384},`, 200) + `{}]}`, "application/json", 413, false},
		{"POST", "/v1/emergency", `{"responders":[{"id":"palace","name":"Palais","lon":7.4206,"lat":43.7314,"grid":"Monaco-Ville"},{"id":"sea","lon":7.40,"lat":43.70,"grid":"Larvotto"}],"grids":"osm:admin_level=10","minutes":12,"residents":[{"id":"h1","lon":7.4210,"lat":43.7318},{"id":"far","lon":7.5,"lat":43.8}]}`, "application/json", 200, true},
		{"POST", "/v1/emergency", `{"responders":[{"id":"p","lon":7.4206,"lat":43.7314}],"residents":[{"id":"h1","lon":7.4210,"lat":43.7318}],"meters":600,"advice":false}`, "application/json", 200, true},
		{"POST", "/v1/emergency", `{"responders":[],"grids":"osm:admin_level=10"}`, "application/json", 400, false},
		{"POST", "/v1/emergency", `{"responders":[{"id":"a","lon":7.5,"lat":43.8}],"grids":"osm:admin_level=10"}`, "application/json", 400, true},
		{"POST", "/v1/emergency", `{"responders":[{"id":"a","lon":7.42,"lat":43.73,"grid":"Atlantis"}],"grids":"osm:admin_level=10"}`, "application/json", 400, true},
		{"POST", "/v1/emergency", `{"responders":[{"id":"a","lon":7.42,"lat":43.73}],"grids":"osm:admin_level=x"}`, "application/json", 400, true},
		{"POST", "/v1/emergency", `{"responder":[]}`, "application/json", 400, false},
		{"POST", "/v1/emergency", "id,lon,lat\n", "text/csv", 415, false},
		{"POST", "/v1/emergency", `{"responders":[` + strings.Repeat(`{"id":"r","lon":7.4246,"lat":43.7384},`, 200) + `{}]}`, "application/json", 413, false},
		{"POST", "/v1/site", siteResidents + `,"count":2}`, "application/json", 200, true},
		{"POST", "/v1/site", siteResidents + `,"target":0.9,"groups":["elderly"],"grids":"osm:admin_level=10","candidates":[{"id":"shop","name":"Shop","lon":7.4246,"lat":43.7384},{"id":"sea","lon":7.5,"lat":43.7}]}`, "application/json", 200, true},
		{"POST", "/v1/site", siteResidents + `,"count":1}`, "text/csv", 415, false},
		{"POST", "/v1/site", siteResidents + `,"count":0}`, "application/json", 400, false},
		{"POST", "/v1/site", siteResidents + `,"count":101}`, "application/json", 400, false},
		{"POST", "/v1/site", siteResidents + `}`, "application/json", 400, true}, // neither count nor target
		{"POST", "/v1/site", `{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"bakery","count":1}`, "application/json", 400, true},
		{"POST", "/v1/site", `{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":1,"radius":3}`, "application/json", 400, false},
		{"POST", "/v1/site", `{"residents":[{"id":"a","lon":7.42,"lat":43.73}],"category":"repair","count":1,"candidates":"h3:20"}`, "application/json", 400, true},
		{"POST", "/v1/site", `{"residents":[` + strings.Repeat(`{"id":"r","lon":7.4246,"lat":43.7384},`, 200) + `{}],"category":"repair","count":1}`, "application/json", 413, false},
	}
	check := func(t *testing.T, base, method, path, body, ct string, status int, validRequest bool) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		a := doRequest(t, req)
		if a.status != status {
			t.Fatalf("status %d, want %d: %.300s", a.status, status, a.body)
		}
		// validate against the document, on a copy of the request aimed at
		// the documented server
		vreq, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if ct != "" {
			vreq.Header.Set("Content-Type", ct)
		}
		route, params, err := router.FindRoute(vreq)
		if err != nil {
			t.Fatalf("no route in openapi.json: %v", err)
		}
		in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{MultiError: true}}
		rerr := openapi3filter.ValidateRequest(context.Background(), in)
		if validRequest && rerr != nil {
			t.Errorf("the request is not valid by openapi.json: %v", rerr)
		}
		if !validRequest && rerr == nil {
			t.Errorf("openapi.json accepts the request the server refuses with %d", a.status)
		}
		if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: a.status, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}); err != nil {
			t.Errorf("the %d answer is not valid by openapi.json: %v\n%.500s", a.status, err, a.body)
		}
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+shorten(tc.path), func(t *testing.T) {
			check(t, srv.URL, tc.method, tc.path, tc.body, tc.ct, tc.status, tc.validRequest)
		})
	}
	t.Run("busy", func(t *testing.T) {
		path := strings.Replace(heavyIsochrone(), "minutes=6,12,18,24,30,36,42,48,54,60", "minutes=60", 1)
		done := make(chan answer, 4)
		for range 4 {
			go func() { done <- doQuiet(busy.URL, "GET", path, "") }()
		}
		var refused answer
		for range 4 {
			if a := <-done; a.status == http.StatusServiceUnavailable {
				refused = a
			}
		}
		if refused.status == 0 {
			t.Skip("no request was refused as busy")
		}
		vreq, _ := http.NewRequest("GET", srv.URL+path, nil)
		route, params, err := router.FindRoute(vreq)
		if err != nil {
			t.Fatal(err)
		}
		in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route}
		if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: refused.status, Header: refused.header, Body: io.NopCloser(bytes.NewReader(refused.body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}); err != nil {
			t.Errorf("the busy answer is not valid by openapi.json: %v", err)
		}
	})
	// answers without a route (404, 405) are errors as the document's
	// Error schema describes
	errSchema := doc.Components.Schemas["Error"].Value
	for _, r := range []struct{ method, path string }{{"GET", "/v2/nearest"}, {"POST", "/v1/nearest"}, {"DELETE", "/v1/audit"}} {
		a := do(t, r.method, srv.URL+r.path, "")
		var v any
		if err := json.Unmarshal(a.body, &v); err != nil {
			t.Fatalf("%s %s: %v", r.method, r.path, err)
		}
		if err := errSchema.VisitJSON(v); err != nil || a.status < 400 {
			t.Errorf("%s %s: %d %s is not an Error of openapi.json: %v", r.method, r.path, a.status, a.body, err)
		}
		if _, _, err := router.FindRoute(httptestRequest(r.method, srv.URL+r.path)); err == nil {
			t.Errorf("%s %s has a route in openapi.json", r.method, r.path)
		}
	}
}

var longQuery = regexp.MustCompile(`(at=[^&]*&){3,}`)

// shorten keeps subtest names readable.
func shorten(path string) string {
	path = longQuery.ReplaceAllString(path, "at=…&")
	if len(path) > 80 {
		return path[:80] + "…"
	}
	return path
}

func httptestRequest(method, url string) *http.Request {
	r, _ := http.NewRequest(method, url, nil)
	return r
}
