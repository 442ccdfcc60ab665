package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/walkshed/walkshed/cmd/internal/api"
)

// heavyIsochrone is an isochrone within the default limits that is costly:
// 100 points and 10 budgets up to an hour at resolution 13 (about 0.5 s and
// 10 MB of GeoJSON on the sample).
func heavyIsochrone() string {
	var q strings.Builder
	q.WriteString("/v1/isochrone?")
	for i := range 100 {
		fmt.Fprintf(&q, "at=%.5f,%.5f&", 7.415+float64(i%10)*0.0012, 43.730+float64(i/10)*0.0010)
	}
	q.WriteString("minutes=6,12,18,24,30,36,42,48,54,60&res=13")
	return q.String()
}

// apiErr decodes an error answer and checks its status and parameter.
func apiErr(t *testing.T, a answer, status int, parameter string, want ...string) {
	t.Helper()
	var e struct{ Error, Parameter string }
	if err := json.Unmarshal(a.body, &e); err != nil || a.status != status || e.Parameter != parameter ||
		a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d %s, body %.300s; want %d naming %q", a.status, a.header.Get("Content-Type"), a.body, status, parameter)
	}
	for _, w := range want {
		if !strings.Contains(e.Error, w) {
			t.Errorf("error %q does not mention %q", e.Error, w)
		}
	}
}

// TestIsochroneMaxCells checks the cap on the cells of one isochrone answer.
func TestIsochroneMaxCells(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{MaxCells: 2000}})
	do(t, "GET", srv.URL+"/v1/isochrone?at="+home+"&minutes=5", "").ok(t, "application/geo+json", nil)
	a := do(t, "GET", srv.URL+"/v1/isochrone?at="+home+"&minutes=5,15&res=13", "")
	apiErr(t, a, http.StatusUnprocessableEntity, "res", "more than the limit of 2000", "coarser res")
}

// TestMaxResponseBytes checks the cap on the size of isochrone and audit
// answers.
func TestMaxResponseBytes(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{MaxResponseBytes: 20_000}})
	small := do(t, "GET", srv.URL+"/v1/isochrone?at="+home+"&minutes=2", "").ok(t, "application/geo+json", nil)
	if len(small.body) > 20_000 {
		t.Fatalf("a 2-minute isochrone is %d bytes; the test wants it under the limit", len(small.body))
	}
	apiErr(t, do(t, "GET", srv.URL+"/v1/isochrone?at="+home+"&minutes=15&res=12", ""), http.StatusUnprocessableEntity, "res",
		"more than the limit of 20000 bytes")
	var residents []string
	for i := range 100 {
		residents = append(residents, fmt.Sprintf(`{"id":"r%d","lon":%.5f,"lat":43.7384}`, i, 7.42+float64(i)*0.00005))
	}
	apiErr(t, do(t, "POST", srv.URL+"/v1/audit", `{"residents":[`+strings.Join(residents, ",")+`]}`), http.StatusUnprocessableEntity,
		"residents", "more than the limit of 20000 bytes", "fewer residents")
}

// TestBusy sends many heavy isochrones at once to a server that computes
// one at a time and lets one wait: the others are refused at once with 503
// and Retry-After, and every answer is either the isochrone or that.
func TestBusy(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{MaxIsochrones: 1, MaxQueue: 1}})
	path := strings.Replace(heavyIsochrone(), "minutes=6,12,18,24,30,36,42,48,54,60", "minutes=60", 1) // 0.1 s or more
	answers := make([]answer, 6)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = doQuiet(srv.URL, "GET", path, "")
		}()
	}
	wg.Wait()
	var ok, busy int
	for _, a := range answers {
		switch a.status {
		case http.StatusOK:
			ok++
		case http.StatusServiceUnavailable:
			busy++
			apiErr(t, a, http.StatusServiceUnavailable, "", "server busy", "1 isochrones running and 1 waiting")
			if a.header.Get("Retry-After") != "1" {
				t.Errorf("busy answer without Retry-After: %v", a.header)
			}
		default:
			t.Errorf("status %d: %.300s", a.status, a.body)
		}
	}
	t.Logf("%d answered, %d busy", ok, busy)
	if ok < 1 || busy < 1 || ok+busy != len(answers) {
		t.Errorf("%d answered, %d refused as busy, of %d; want both", ok, busy, len(answers))
	}
	// once they are done, the server answers again
	do(t, "GET", srv.URL+"/v1/isochrone?at="+home+"&minutes=5", "").ok(t, "application/geo+json", nil)
}

// TestTimeout checks that Limits.Timeout is enforced on a request that
// would take longer: the answer is 503 at the limit, naming it.
func TestTimeout(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{Timeout: 20_000_000}}) // 20 ms
	apiErr(t, do(t, "GET", srv.URL+heavyIsochrone(), ""), http.StatusServiceUnavailable, "", "time limit of 20ms")
	get(t, srv.URL+"/healthz", nil)
}

// TestJSONRequired checks that an audit body declared as anything but JSON
// is refused, saying JSON is required; JSON, JSON with a charset, +json
// and no Content-Type at all are accepted.
func TestJSONRequired(t *testing.T) {
	srv := newServer(t, api.Options{})
	body := `{"residents":[{"id":"x","lon":7.4246,"lat":43.7384}],"categories":["pharmacy"]}`
	post := func(ct string) answer {
		req, err := http.NewRequest("POST", srv.URL+"/v1/audit", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		return doRequest(t, req)
	}
	for _, ct := range []string{"text/csv", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/xml", "json"} {
		apiErr(t, post(ct), http.StatusUnsupportedMediaType, "body", "is not JSON", "JSON is required", "Content-Type: application/json")
	}
	for _, ct := range []string{"", "application/json", "application/json; charset=utf-8", "application/vnd.walkshed+json"} {
		post(ct).ok(t, "application/json", nil)
	}
}

// doRequest sends req and reads the whole answer.
func doRequest(t *testing.T, req *http.Request) answer {
	t.Helper()
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
