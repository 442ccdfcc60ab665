package report_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

var inf = math.Inf(1)

// square is a closed CCW square polygon.
func square(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}

// reach is a Reach of m metres at the standard speed.
func reach(f int, m float64) access.Reach {
	return access.Reach{Facility: f, Meters: m, Minutes: routing.Standard.Minutes(m)}
}

// minAt is the minutes of m metres at the standard speed.
func minAt(m float64) float64 { return routing.Standard.Minutes(m) }

// gapCell is the H3 cell of the gap resolution holding p.
func gapCell(t testing.TB, p orb.Point) hex.Cell {
	t.Helper()
	c, err := hex.FromPoint(p, access.DefaultGapResolution)
	if err != nil {
		t.Fatalf("hex.FromPoint(%v) = %v", p, err)
	}
	return c
}

// fixture is a small hand-made audit: two grids ("A&B <x>" and "North"),
// residents outside them, the categories grocery and pharmacy (extra
// categories copy pharmacy), five residents: r1 complete, r2 (weight 2.5)
// without pharmacy, r3 complete, r4 unroutable, r5 outside without
// grocery. The rows are worked out by hand (see the comments).
func fixture(t testing.TB, extra ...string) *report.Audit {
	t.Helper()
	cats := append([]string{"grocery", "pharmacy"}, extra...)
	nc := len(cats)
	// per category: extra categories repeat pharmacy (index 1).
	expand := func(g, ph []access.Reach) [][]access.Reach {
		out := [][]access.Reach{g, ph}
		for range extra {
			out = append(out, ph)
		}
		return out
	}
	stats := func(g, ph access.Stats) []access.Stats {
		out := []access.Stats{g, ph}
		for range extra {
			out = append(out, ph)
		}
		return out
	}
	missing := func(g, ph float64) []float64 {
		out := []float64{g, ph}
		for range extra {
			out = append(out, ph)
		}
		return out
	}
	residents := []access.Resident{
		{ID: "r1", Point: orb.Point{7.418, 43.728}, Weight: 1},
		{ID: "r2", Point: orb.Point{7.42, 43.73}, Weight: 2.5, Group: "elderly"},
		{ID: "r3", Point: orb.Point{7.43, 43.73}, Weight: 1},
		{ID: "r4", Point: orb.Point{7.432, 43.732}, Weight: 1},
		{ID: "r5", Point: orb.Point{7.43, 43.74}, Weight: 1, Group: "a,\"quoted\" group"},
	}
	facilities := []access.Facility{
		{ID: "osm:node/1", Name: "Super & Co", Category: "grocery", Point: orb.Point{7.419, 43.729}},
		{ID: "osm:node/2", Name: "Mercado", Category: "grocery", Point: orb.Point{7.429, 43.731}},
		{ID: "osm:node/3", Name: "Farmácia <Central>", Category: "pharmacy", Point: orb.Point{7.425, 43.735}},
		{ID: "osm:node/4", Name: "Lost pharmacy", Category: "pharmacy", Point: orb.Point{7.5, 43.8}},
	}
	zones := []access.Zone{
		{ID: "z1", Name: "A&B <x>", Geometry: square(7.415, 43.725, 7.425, 43.735)},
		{ID: "z2", Name: "North", Geometry: square(7.425, 43.725, 7.435, 43.735)},
	}
	res := []access.ResidentResult{
		{Zone: 0, Status: access.Complete, SnapMeters: 10, Reach: expand([]access.Reach{reach(0, 400)}, []access.Reach{reach(2, 800)})},
		{Zone: 0, Status: access.Partial, SnapMeters: 12, Reach: expand([]access.Reach{reach(0, 300), reach(1, 900)}, []access.Reach{})},
		{Zone: 1, Status: access.Complete, SnapMeters: 5, Reach: expand([]access.Reach{reach(1, 200)}, []access.Reach{reach(2, 1100)})},
		{Zone: 1, Status: access.Unroutable, Reason: "no walkable street within 300 m (nearest 412 m)", SnapMeters: 412},
		{Zone: -1, Status: access.Partial, SnapMeters: 20, Reach: expand([]access.Reach{}, []access.Reach{reach(2, 600)})},
	}
	rows := []access.Row{
		{Zone: 0, Name: "A&B <x>", Residents: 2, Weight: 3.5,
			// grocery: r2 3.76 (2.5), r1 5.01 (1); pharmacy: r1 10.03 (1), r2 inf (2.5).
			Categories: stats(
				access.Stats{Count: 2, Weight: 3.5, CoveredCount: 2, CoveredWeight: 3.5, Median: minAt(300), P90: minAt(400)},
				access.Stats{Count: 2, Weight: 3.5, CoveredCount: 1, CoveredWeight: 1, Median: inf, P90: inf}),
			Complete: access.Stats{Count: 2, Weight: 3.5, CoveredCount: 1, CoveredWeight: 1, Median: inf, P90: inf}},
		{Zone: 1, Name: "North", Residents: 2, Weight: 2, UnroutableCount: 1, UnroutableWeight: 1,
			Categories: stats(
				access.Stats{Count: 2, Weight: 2, CoveredCount: 1, CoveredWeight: 1, Median: minAt(200), P90: minAt(200)},
				access.Stats{Count: 2, Weight: 2, CoveredCount: 1, CoveredWeight: 1, Median: minAt(1100), P90: minAt(1100)}),
			Complete: access.Stats{Count: 2, Weight: 2, CoveredCount: 1, CoveredWeight: 1, Median: minAt(1100), P90: minAt(1100)}},
		{Zone: access.RowOutside, Name: "outside any grid", Residents: 1, Weight: 1,
			Categories: stats(
				access.Stats{Count: 1, Weight: 1, Median: inf, P90: inf},
				access.Stats{Count: 1, Weight: 1, CoveredCount: 1, CoveredWeight: 1, Median: minAt(600), P90: minAt(600)}),
			Complete: access.Stats{Count: 1, Weight: 1, Median: inf, P90: inf}},
		{Zone: access.RowTotal, Name: "total", Residents: 5, Weight: 6.5, UnroutableCount: 1, UnroutableWeight: 1,
			Categories: stats(
				access.Stats{Count: 5, Weight: 6.5, CoveredCount: 3, CoveredWeight: 4.5, Median: minAt(300), P90: inf},
				access.Stats{Count: 5, Weight: 6.5, CoveredCount: 3, CoveredWeight: 3, Median: minAt(1100), P90: inf}),
			Complete: access.Stats{Count: 5, Weight: 6.5, CoveredCount: 2, CoveredWeight: 2, Median: inf, P90: inf}},
	}
	gaps := []access.GapCell{
		{Cell: gapCell(t, residents[1].Point), Count: 1, Weight: 2.5, Missing: missing(0, 2.5)},
		{Cell: gapCell(t, residents[4].Point), Count: 1, Weight: 1, Missing: missing(1, 0)},
	}
	counts := make([]int, nc)
	for c := range counts {
		counts[c] = 1
	}
	counts[0] = 2
	opts := access.Options{Categories: cats, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard, K: 2}
	return &report.Audit{
		Header: report.Header{
			Version:      "0.1.0-test",
			Inputs:       []string{"osm: testdata/monaco-2026-03-10.osm.pbf", "residents: hand-made test fixture"},
			OSMTimestamp: "2026-03-10T00:00:00Z",
			Taxonomy:     "default",
			Grids:        "hand-made squares",
			Generated:    "fixed for tests",
		},
		Result: &access.Result{
			Options:       opts,
			Meters:        opts.Budget.Distance(opts.Profile.Speed),
			Residents:     res,
			Rows:          rows,
			Gaps:          gaps,
			Facilities:    []access.FacilityIssue{{Facility: 3, Reason: "no walkable street within 300 m (nearest 2104 m)"}},
			FacilityCount: counts,
		},
		Residents:  residents,
		Facilities: facilities,
		Zones:      zones,
	}
}
