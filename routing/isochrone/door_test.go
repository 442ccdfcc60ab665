package isochrone_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// The walk from a start spends its door leg before it reaches the street:
// on one long straight street, a start 40 m from the street with a 100 m
// budget reaches 60 m of street either way, 120 m in all, and a start
// farther from the street than the budget reaches nothing. (Checked to fail
// when the start edge's interval ignores the door leg; .ci/mutants.)
func TestStartEdgeSpendsDoorLeg(t *testing.T) {
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{
		1: {Point: orb.Point{7.400, 43.73}},
		2: {Point: orb.Point{7.420, 43.73}},
	}, Ways: []routing.Way{{ID: 1, Nodes: []int64{1, 2}}}}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumEdges() != 1 || g.Length(0) < 1500 {
		t.Fatalf("want one street of about 1.6 km, got %d edges, edge 0 of %v m", g.NumEdges(), g.Length(0))
	}
	mid := g.Length(0) / 2
	opts := isochrone.Options{Budgets: []geo.Budget{{Meters: 100}}, Profile: routing.Standard}
	for _, tc := range []struct {
		door, want float64
	}{{0, 200}, {40, 120}, {99, 2}, {150, 0}} {
		start := routing.Location{Edge: 0, Offset: mid, Door: tc.door, At: g.PointAt(0, mid)}
		cs, err := isochrone.Compute(g.NewSearcher(), []routing.Location{start}, opts)
		if err != nil {
			t.Fatal(err)
		}
		c := cs[0]
		if math.Abs(c.StreetM-tc.want) > 1e-6 {
			t.Errorf("door %v m, budget 100 m: %v m of street reached, want %v", tc.door, c.StreetM, tc.want)
		}
		if empty := len(c.Cells) == 0; empty != (tc.want == 0) {
			t.Errorf("door %v m, budget 100 m: %d cells, want them only when street is reached", tc.door, len(c.Cells))
		}
	}
}
