package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// pageHTML writes a report's HTML twice and returns it, failing when the
// two writes differ.
func pageHTML(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var a, b bytes.Buffer
	if err := write(&a); err != nil {
		t.Fatal(err)
	}
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same report differ")
	}
	return a.String()
}

// wantLook checks the page has the audit's look: the stylesheet and
// script, the map component with its furniture, and the layers named.
func wantLook(t *testing.T, page, lang string, layers ...string) {
	t.Helper()
	for _, want := range []string{`<html lang="` + lang + `">`, `@media print`, `data-maps-ready`, `class="map-fig"`, `class="north"`,
		`class="scalebar"`, `<div class="credit">© OpenStreetMap contributors (ODbL)</div>`, `id="ws-outlines"`, `class="header"`, "<footer>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, l := range layers {
		if !strings.Contains(page, `data-layer="`+l+`"`) || !strings.Contains(page, `class="L L-`+l+`"`) {
			t.Errorf("page lacks the layer %q and its toggle", l)
		}
	}
	for _, bad := range []string{`src="http`, `href="http`, "url(http", "@import", "<link "} {
		if strings.Contains(page, bad) {
			t.Errorf("page refers to the network: %q", bad)
		}
	}
}

func TestEmergencyPageLook(t *testing.T) {
	g, zones := street(t)
	responders := []emergency.Responder{{ID: "post", Point: orb.Point{-8.6195, 41.1501}}}
	residents := []access.Resident{{ID: "h1", Point: orb.Point{-8.61, 41.1501}, Weight: 2}, {ID: "far", Point: orb.Point{-8.5, 41.1501}, Weight: 1}}
	res, err := emergency.Assess(context.Background(), g, g.NewSnapper(), emergency.Input{Responders: responders, Residents: residents, Zones: zones},
		emergency.Options{Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, Advice: true})
	if err != nil {
		t.Fatal(err)
	}
	e := &report.Emergency{Header: report.Header{Budget: "5min"}, Result: res, Responders: responders, Residents: residents, Zones: zones}
	page := pageHTML(t, func(b *bytes.Buffer) error { return report.WriteEmergency("html", b, e) })
	wantLook(t, page, "en", "grids", "labels", "beyond", "residents", "responders", "worst", "advice")
	if strings.Contains(page, "ws-streets") || strings.Contains(page, `data-layer="streets"`) {
		t.Error("a report without a graph draws a street basemap")
	}
	for _, want := range []string{">West, old town<", `data-status="outside" data-n="1"`, `data-status="not reached" data-n="1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	e.Graph = g
	page = pageHTML(t, func(b *bytes.Buffer) error { return report.WriteEmergency("html", b, e) })
	wantLook(t, page, "en", "streets")
	if !strings.Contains(page, `id="ws-streets" class="streets" data-n="1"`) {
		t.Error("the street basemap does not draw the graph's one edge")
	}
	e.Lang = i18n.Chinese
	page = pageHTML(t, func(b *bytes.Buffer) error { return report.WriteEmergency("html", b, e) })
	wantLook(t, page, "zh-Hans")
	for _, want := range []string{"响应人员", "超出预算的街道", "<h2>网格</h2>", "<h2>地图</h2>", "<th>步行预算</th>"} {
		if !strings.Contains(page, want) {
			t.Errorf("Chinese page lacks %q", want)
		}
	}
	var table bytes.Buffer
	if err := report.WriteEmergency("table", &table, e); err != nil || !strings.Contains(table.String(), "网格") || strings.Contains(table.String(), "Grids") {
		t.Errorf("the table does not follow Lang (%v):\n%s", err, table.String())
	}
	e.Lang = "fr"
	if err := report.WriteEmergency("html", &bytes.Buffer{}, e); err == nil {
		t.Error("an unknown language was accepted")
	}
}

func TestVolunteersIncidentsPageLook(t *testing.T) {
	g, zones := street(t)
	vols := []emergency.Volunteer{{ID: "ana", Point: orb.Point{-8.6195, 41.1501}, Capacity: 1}}
	residents := []access.Resident{{ID: "h1", Point: orb.Point{-8.618, 41.1501}, Weight: 1}, {ID: "h2", Point: orb.Point{-8.617, 41.1501}, Weight: 1}}
	vr, err := emergency.Volunteers(context.Background(), g, g.NewSnapper(), emergency.VolunteerInput{Volunteers: vols, Residents: residents, Zones: zones},
		emergency.VolunteerOptions{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 1})
	if err != nil {
		t.Fatal(err)
	}
	v := &report.Volunteers{Header: report.Header{Budget: "15min"}, Result: vr, Volunteers: vols, Residents: residents, Zones: zones, Graph: g}
	page := pageHTML(t, func(b *bytes.Buffer) error { return report.WriteVolunteers("html", b, v) })
	wantLook(t, page, "en", "streets", "grids", "labels", "assignments", "residents", "volunteers")
	// Capacity 1: one of the two is assigned, one line.
	if n := strings.Count(page, `class="link"`); n != 1 {
		t.Errorf("%d assignment lines, want 1 (capacity 1)", n)
	}

	incidents := []emergency.Incident{
		{ID: "i1", Time: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), Point: orb.Point{-8.618, 41.1501}, ArrivalMinutes: 4},
		{ID: "i2", Time: time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC), Point: orb.Point{-8.5965, 41.1501}, ArrivalMinutes: 4},
	}
	responders := []emergency.Responder{{ID: "post", Point: orb.Point{-8.6195, 41.1501}}}
	ir, err := emergency.Incidents(context.Background(), g, g.NewSnapper(), emergency.IncidentInput{Incidents: incidents, Responders: responders, Zones: zones},
		emergency.IncidentOptions{Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	n := &report.Incidents{Header: report.Header{Budget: "5min"}, Result: ir, Incidents: incidents, Responders: responders, Zones: zones}
	page = pageHTML(t, func(b *bytes.Buffer) error { return report.WriteIncidents("html", b, n) })
	wantLook(t, page, "en", "grids", "labels", "reachable", "late", "responders")
	for i, o := range ir.Outcomes {
		layer := map[bool]string{true: "reachable", false: "late"}[o.Reachable]
		want := fmt.Sprintf(`<g class="L L-%s"><circle class="pt incident" cx="`, layer)
		hover := fmt.Sprintf(`data-name="incident %s: %.1f min"`, incidents[i].ID, o.Minutes)
		if j := strings.Index(page, want); j < 0 || !strings.Contains(page[j:j+200], hover) {
			t.Errorf("incident %s is not drawn in layer %s with %s", incidents[i].ID, layer, hover)
		}
	}
	if !strings.Contains(page, `West, old town<tspan class="v" x="`) || !strings.Contains(page, `">100.0 %</tspan>`) || !strings.Contains(page, `">0.0 %</tspan>`) {
		t.Error("the grids' labels lack their reachable shares (100 % west, 0 % east)")
	}
}

func TestComparePageLook(t *testing.T) {
	a := fixture(t)
	_, before := snapshots(t, a)
	_, after := snapshots(t, fixture(t))
	after.Residents[0].Covered[0] = false
	c, err := report.Compare(before, after, report.CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	page := pageHTML(t, func(b *bytes.Buffer) error { return report.WriteComparison("html", b, c) })
	if strings.Contains(page, `class="map-fig"`) || !strings.Contains(page, "data-maps-ready") || !strings.Contains(page, "Change in the total") {
		t.Error("a comparison without zones: want the page's look and tables, and no map")
	}
	c.Zones = a.Zones
	page = pageHTML(t, func(b *bytes.Buffer) error { return report.WriteComparison("html", b, c) })
	wantLook(t, page, "en", "change", "labels")
	if n := strings.Count(page, `<path class="grid"`); n != len(a.Zones) {
		t.Errorf("%d grids coloured, want the %d zones", n, len(a.Zones))
	}
}
