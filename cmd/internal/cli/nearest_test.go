package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNearestCard(t *testing.T) {
	out := run(t, "nearest", "--at", "7.4246,43.7384", "--k", "2").stdout
	for _, want := range []string{"grocery", "pharmacy", "craftsman", "none within 15min", "© OpenStreetMap contributors", "2026-03-10T21:21:21Z"} {
		if !strings.Contains(out, want) {
			t.Errorf("card does not mention %q:\n%s", want, out)
		}
	}
	var doc struct {
		Nearest []struct {
			Category string
			Facility string
			Minutes  float64
			Meters   float64
		}
	}
	js := run(t, "nearest", "--at", "7.4246,43.7384", "--k", "3", "--categories", "pharmacy,grocery", "--format", "json").stdout
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, js)
	}
	per := map[string]int{}
	prev := map[string]float64{}
	for _, e := range doc.Nearest {
		per[e.Category]++
		if e.Facility == "" || e.Minutes <= 0 || e.Minutes > 15 || e.Meters <= 0 {
			t.Errorf("entry %+v: want a facility within 15 minutes", e)
		}
		if e.Minutes < prev[e.Category] {
			t.Errorf("%s not nearest first: %v after %v", e.Category, e.Minutes, prev[e.Category])
		}
		prev[e.Category] = e.Minutes
		// minutes are metres at 1.33 m/s
		if d := e.Meters/1.33/60 - e.Minutes; d > 0.06 || d < -0.06 {
			t.Errorf("entry %+v: minutes do not match metres", e)
		}
	}
	if per["pharmacy"] != 3 || per["grocery"] != 3 || len(per) != 2 {
		t.Errorf("entries per category = %v, want 3 pharmacies and 3 groceries", per)
	}
	// the elderly walk slower: never faster than the standard walk
	slow := run(t, "nearest", "--at", "7.4246,43.7384", "--categories", "pharmacy", "--profile", "elderly", "--format", "json").stdout
	var sdoc struct{ Nearest []struct{ Minutes float64 } }
	if err := json.Unmarshal([]byte(slow), &sdoc); err != nil || len(sdoc.Nearest) != 1 || sdoc.Nearest[0].Minutes < doc.Nearest[0].Minutes {
		t.Errorf("elderly card %s (err %v), want one pharmacy no nearer than %.1f min", slow, err, doc.Nearest[0].Minutes)
	}
}

func TestNearestErrors(t *testing.T) {
	invoke(t, "nearest").fails(t, 2, "--at")
	invoke(t, "nearest", "--at", "43.7384,7.4246").fails(t, 1, "from the network")
	invoke(t, "nearest", "--at", "7.42,91").fails(t, 2, "latitude")
	invoke(t, "nearest", "--at", "7.4246,43.7384", "--categories", "bakery").fails(t, 2, "unknown category", "grocery")
	invoke(t, "nearest", "--at", "7.4246,43.7384", "--format", "xml").fails(t, 2, "--format")
	invoke(t, "nearest", "--at", "7.4246,43.7384", "--k", "0").fails(t, 2, "--k")
}
