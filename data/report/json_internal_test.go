package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestStreamedJSONMatchesWholeDocument checks that WriteJSON, which streams
// the residents, writes the same bytes as encoding the whole document at
// once.
func TestStreamedJSONMatchesWholeDocument(t *testing.T) {
	for _, n := range []int{0, 1, 5} {
		a := internalFixture(t, n)
		var got bytes.Buffer
		if err := WriteJSON(&got, a); err != nil {
			t.Fatal(err)
		}
		p, err := prepare(a)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(p.jsonDoc(true)); err != nil {
			t.Fatal(err)
		}
		if n == 0 { // an empty list encodes as [] whole, null when nil
			want = *bytes.NewBuffer(bytes.Replace(want.Bytes(), []byte(`"residents": null`), []byte(`"residents": []`), 1))
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%d residents: streamed JSON differs from the whole document:\n%s\n---\n%s", n, got.Bytes(), want.Bytes())
		}
	}
}

// internalFixture is a small valid audit with n residents, one category and
// one facility, for white-box tests.
func internalFixture(t *testing.T, n int) *Audit {
	t.Helper()
	res := &access.Result{
		Options:       access.Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 1},
		Meters:        15 * 60 * routing.Standard.Speed,
		FacilityCount: []int{1},
	}
	a := &Audit{Header: Header{Version: "test", OSMTimestamp: "2026-03-10T00:00:00Z"}, Result: res,
		Facilities: []access.Facility{{ID: "osm:node/1", Name: "Farmácia \"A\" <b>", Category: "pharmacy", Point: orb.Point{7.42, 43.73}}}}
	stats := access.Stats{Count: n, Weight: float64(n), Median: math.NaN(), P90: math.NaN()}
	for i := range n {
		a.Residents = append(a.Residents, access.Resident{ID: fmt.Sprint("r", i), Point: orb.Point{7.42 + float64(i)*1e-4, 43.73}, Weight: 1})
		rr := access.ResidentResult{Zone: -1, Status: access.Complete, SnapMeters: 3.5,
			Reach: [][]access.Reach{{{Facility: 0, Meters: 100 + float64(i), Minutes: (100 + float64(i)) / 1.33 / 60}}}}
		if i == 2 {
			rr = access.ResidentResult{Zone: -1, Status: access.Unroutable, Reason: "point is 50 km from the network", SnapMeters: 50000}
		}
		res.Residents = append(res.Residents, rr)
	}
	res.Rows = []access.Row{
		{Zone: access.RowOutside, Name: "outside any grid", Residents: n, Weight: float64(n), Categories: []access.Stats{stats}, Complete: stats},
		{Zone: access.RowTotal, Name: "total", Residents: n, Weight: float64(n), Categories: []access.Stats{stats}, Complete: stats},
	}
	return a
}

func TestHTMLDotsCapped(t *testing.T) {
	a := internalFixture(t, 0)
	n := 2*maxDots + 5
	for i := range n {
		a.Residents = append(a.Residents, access.Resident{ID: fmt.Sprint("r", i), Point: orb.Point{7.42 + float64(i%100)*1e-4, 43.73 + float64(i/100)*1e-5}, Weight: 1})
		a.Result.Residents = append(a.Result.Residents, access.ResidentResult{Zone: -1, Status: access.Partial, Reach: [][]access.Reach{nil}})
	}
	var out bytes.Buffer
	if err := WriteHTML(&out, a); err != nil {
		t.Fatal(err)
	}
	// every 3rd resident
	dots := bytes.Count(out.Bytes(), []byte("h0"))
	if want := (n + 2) / 3; dots != want || dots > maxDots {
		t.Errorf("%d dots for %d residents, want %d (at most %d)", dots, n, want, maxDots)
	}
	if !bytes.Contains(out.Bytes(), []byte("(every 3rd resident drawn")) {
		t.Errorf("the legend does not say that residents were thinned")
	}
}
