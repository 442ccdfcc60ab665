package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
)

type emergencyDoc struct {
	Attribution string `json:"attribution"`
	Header      struct {
		Inputs []string `json:"inputs"`
		Grids  string   `json:"grids"`
	} `json:"header"`
	Grids []struct {
		Grid       string `json:"grid"`
		Responders int    `json:"responders"`
		Pass       bool   `json:"pass"`
		Reason     string `json:"reason"`
		Worst      *struct {
			Minutes *float64 `json:"minutes"`
		} `json:"worst"`
		Advice *struct {
			Certified bool `json:"certified"`
		} `json:"advice"`
	} `json:"grids"`
	Residents []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"residents"`
	Ledger []string `json:"ledger"`
}

func TestEmergency(t *testing.T) {
	srv := newServer(t, api.Options{})
	body := `{"responders":[{"id":"palace","lon":7.4206,"lat":43.7314,"grid":"Monaco-Ville"},{"id":"sea","lon":7.40,"lat":43.70,"grid":"Larvotto"}],
		"grids":"osm:admin_level=10","minutes":12,"residents":[{"id":"h1","lon":7.4210,"lat":43.7318}]}`
	var doc emergencyDoc
	do(t, http.MethodPost, srv.URL+"/v1/emergency", body).ok(t, "application/json", &doc)
	if doc.Attribution != walkshed.Attribution || len(doc.Grids) != 9 {
		t.Fatalf("attribution %q, %d grids", doc.Attribution, len(doc.Grids))
	}
	// the header is RunEmergency's, as the CLI's: network and its rules,
	// then the inputs
	if in := doc.Header.Inputs; len(in) != 4 || !strings.HasPrefix(in[1], "network rules: ") || in[2] != "residents: request body (1)" ||
		in[3] != "responders: request body (2)" || doc.Header.Grids != "OSM admin_level=10 boundaries (9)" {
		t.Errorf("header inputs %q, grids %q", in, doc.Header.Grids)
	}
	for _, g := range doc.Grids {
		switch g.Grid {
		case "Monaco-Ville":
			if !g.Pass || g.Responders != 1 || g.Worst == nil || g.Worst.Minutes == nil || *g.Worst.Minutes > 12 {
				t.Errorf("Monaco-Ville: %+v, want a pass within 12 minutes", g)
			}
		default:
			if g.Pass || !strings.Contains(g.Reason, "no responder serves this grid") || g.Advice == nil || !g.Advice.Certified {
				t.Errorf("%s: pass %v, reason %q, advice %+v; want a fail for want of a responder, with advice", g.Grid, g.Pass, g.Reason, g.Advice)
			}
		}
	}
	if len(doc.Residents) != 1 || doc.Residents[0].Status != "reached" {
		t.Errorf("residents = %+v", doc.Residents)
	}
	if len(doc.Ledger) != 1 || !strings.Contains(doc.Ledger[0], "responder sea") {
		t.Errorf("ledger = %q, want the responder at sea", doc.Ledger)
	}

	for _, tc := range []struct{ name, body, parameter, want string }{
		{"no responders", `{"grids":"osm:admin_level=10"}`, "responders", "parameter responders: none given"},
		{"unknown grid", `{"grids":"osm:admin_level=10","responders":[{"id":"a","lon":7.42,"lat":43.73,"grid":"Atlantis"}]}`, "responders", `responders[0] (id \"a\"): grid \"Atlantis\" names no grid`},
		{"outside every grid", `{"grids":"osm:admin_level=10","responders":[{"id":"a","lon":7.5,"lat":43.8}]}`, "responders", `responders[0] (id \"a\"): outside every grid`},
		{"bad latitude", `{"grids":"osm:admin_level=10","responders":[{"id":"a","lon":7.42,"lat":97}]}`, "responders", `responders[0] (id \"a\"): latitude 97 is outside`},
		{"no grids", `{"responders":[{"id":"a","lon":7.42,"lat":43.73}]}`, "grids", "parameter grids"},
		{"bad grids", `{"responders":[{"id":"a","lon":7.42,"lat":43.73}],"grids":"osm:admin_level=x"}`, "grids", `\"osm:admin_level=x\"`},
		{"unknown field", `{"responder":[]}`, "responder", `unknown field \"responder\"; known: responders, residents, grids`},
		{"wrong type", `{"responders":{}}`, "responders", "field responders: want an array"},
		{"empty body", ``, "body", `JSON is required: a JSON object like {\"responders\"`},
		{"trailing data", `{"grids":"osm:admin_level=10"} {}`, "body", "more data after the JSON object"},
	} {
		a := do(t, http.MethodPost, srv.URL+"/v1/emergency", tc.body)
		var e struct{ Error, Parameter string }
		json.Unmarshal(a.body, &e)
		if a.status != http.StatusBadRequest || e.Parameter != tc.parameter || !strings.Contains(string(a.body), tc.want) {
			t.Errorf("%s: status %d, body %s; want 400 naming parameter %s, mentioning %s", tc.name, a.status, a.body, tc.parameter, tc.want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/emergency", strings.NewReader("id,lon,lat\n"))
	req.Header.Set("Content-Type", "text/csv")
	if a := doRequest(t, req); a.status != http.StatusUnsupportedMediaType || !strings.Contains(string(a.body), `"parameter":"body"`) {
		t.Errorf("CSV body: status %d, %s; want 415 naming the body", a.status, a.body)
	}
}

// TestEmergencyAnswerLimit: an answer over MaxResponseBytes is refused
// with 422 naming residents, not sent in part.
func TestEmergencyAnswerLimit(t *testing.T) {
	srv := newServer(t, api.Options{Limits: api.Limits{MaxResponseBytes: 2000}})
	a := do(t, http.MethodPost, srv.URL+"/v1/emergency", `{"responders":[{"id":"p","lon":7.4206,"lat":43.7314}],"grids":"osm:admin_level=10","advice":false}`)
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), `"parameter":"residents"`) || !strings.Contains(string(a.body), "limit of 2000 bytes") {
		t.Errorf("status %d, %s; want 422 over the limit of 2000 bytes", a.status, a.body)
	}
}
