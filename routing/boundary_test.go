package routing_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing"
)

// These tests pin two rules every search shares, on hand-made cases whose
// answers are known exactly: a walk of exactly the limit is within it, and
// of two walks of exactly the same length the one from the smaller origin
// wins. Each case was checked to fail under the mutation of the rule it
// names (.ci/mutants reapplies them).

// street builds one straight street along latitude 43.73 through nodes at
// the given longitudes, one way per pair so that every node is a graph
// node, and returns the graph, its nodes in street order and its edges in
// street order.
func street(t *testing.T, lons ...float64) (*routing.Graph, []routing.NodeID, []routing.EdgeID) {
	t.Helper()
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	for i, lon := range lons {
		in.Nodes[int64(i+1)] = routing.NodeInfo{Point: orb.Point{lon, 43.73}}
		if i > 0 {
			in.Ways = append(in.Ways, routing.Way{ID: int64(i), Nodes: []int64{int64(i), int64(i + 1)}})
		}
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	nodes := make([]routing.NodeID, len(lons))
	for n := range g.NumNodes() {
		nodes[g.NodeOSMID(routing.NodeID(n))-1] = routing.NodeID(n)
	}
	edges := make([]routing.EdgeID, len(lons)-1)
	for e := range g.NumEdges() {
		edges[g.WayID(routing.EdgeID(e))-1] = routing.EdgeID(e)
	}
	if len(edges) != g.NumEdges() || len(nodes) != g.NumNodes() {
		t.Fatalf("street of %d nodes built %d nodes, %d edges", len(lons), g.NumNodes(), g.NumEdges())
	}
	return g, nodes, edges
}

func TestSearchLimitIsInclusive(t *testing.T) {
	g, n, e := street(t, 7.400, 7.401, 7.4025)
	l0, l1 := g.Length(e[0]), g.Length(e[1])
	s := g.NewSearcher()

	// A node exactly at the limit along edges is reached; one metre more
	// of limit is not needed.
	s.Run(routing.Query{Sources: []routing.Source{{Node: n[0]}}, Limit: l0 + l1})
	if d, ok := s.Dist(n[2]); !ok || d != l0+l1 {
		t.Errorf("limit %v: far end reached %v at %v, want reached at exactly the limit", l0+l1, ok, d)
	}
	s.Run(routing.Query{Sources: []routing.Source{{Node: n[0]}}, Limit: math.Nextafter(l0+l1, 0)})
	if _, ok := s.Dist(n[2]); ok {
		t.Errorf("limit just under %v: far end reached", l0+l1)
	}

	// A source that starts exactly at the limit is reached, and goes no
	// farther.
	s.Run(routing.Query{Sources: []routing.Source{{Node: n[1], Dist: 25, Origin: 3}}, Limit: 25})
	if d, ok := s.Dist(n[1]); !ok || d != 25 || s.Origin(n[1]) != 3 {
		t.Errorf("source at the limit: reached %v at %v from %d, want reached at 25 from 3", ok, d, s.Origin(n[1]))
	}
	if _, ok := s.Dist(n[0]); ok {
		t.Error("source at the limit walked on")
	}
}

func TestKSearchLimitIsInclusive(t *testing.T) {
	g, n, e := street(t, 7.400, 7.401, 7.4025)
	l0, l1 := g.Length(e[0]), g.Length(e[1])
	ks := g.NewKSearcher(2)

	ks.Run(routing.Query{Sources: []routing.Source{{Node: n[0], Origin: 1}}, Limit: l0 + l1})
	if got := ks.Labels(n[2]); len(got) != 1 || got[0] != (routing.Label{Dist: l0 + l1, Origin: 1}) {
		t.Errorf("limit %v: far end labels %v, want origin 1 at exactly the limit", l0+l1, got)
	}
	ks.Run(routing.Query{Sources: []routing.Source{{Node: n[0], Origin: 1}}, Limit: math.Nextafter(l0+l1, 0)})
	if got := ks.Labels(n[2]); len(got) != 0 {
		t.Errorf("limit just under %v: far end labels %v", l0+l1, got)
	}

	ks.Run(routing.Query{Sources: []routing.Source{{Node: n[1], Dist: 25, Origin: 4}}, Limit: 25})
	if got := ks.Labels(n[1]); len(got) != 1 || got[0] != (routing.Label{Dist: 25, Origin: 4}) {
		t.Errorf("source at the limit: labels %v, want origin 4 at 25", got)
	}
	if got := ks.Labels(n[0]); len(got) != 0 {
		t.Errorf("source at the limit walked on: %v", got)
	}
}

// tieSources are two sources, at both ends of a two-edge street, whose walks
// to the middle node are exactly equally long: l1 + l0 and l0 + l1 are the
// same float64. Origin first starts at the far end n[2] with Dist l0, the
// smaller, so it is popped and reaches the middle first; origin second
// starts at n[0] with Dist l1.
func tieSources(g *routing.Graph, n []routing.NodeID, e []routing.EdgeID, first, second int32) []routing.Source {
	l0, l1 := g.Length(e[0]), g.Length(e[1])
	return []routing.Source{{Node: n[0], Dist: l1, Origin: second}, {Node: n[2], Dist: l0, Origin: first}}
}

func TestSearchTieGoesToSmallerOrigin(t *testing.T) {
	// Both orders of arrival at the middle are tried: smaller origin first
	// and larger first.
	g, n, e := street(t, 7.400, 7.401, 7.4025)
	s := g.NewSearcher()
	for _, o := range [][2]int32{{3, 7}, {7, 3}} {
		s.Run(routing.Query{Sources: tieSources(g, n, e, o[0], o[1]), Limit: 1e4})
		if d, _ := s.Dist(n[1]); d != g.Length(e[0])+g.Length(e[1]) {
			t.Fatalf("middle at %v, want %v (the tie this test needs)", d, g.Length(e[0])+g.Length(e[1]))
		}
		if got := s.Origin(n[1]); got != 3 {
			t.Errorf("origins %v arriving in that order: middle node's origin %d, want the smaller, 3", o, got)
		}
	}

	// Two sources on one node at one distance, larger origin first.
	s.Run(routing.Query{Sources: []routing.Source{{Node: n[1], Origin: 9}, {Node: n[1], Origin: 2}}, Limit: 1e4})
	if got := s.Origin(n[1]); got != 2 {
		t.Errorf("same node, same distance: origin %d, want 2", got)
	}
	if got := s.Origin(n[2]); got != 2 {
		t.Errorf("same node, same distance: the next node's origin %d, want 2", got)
	}
}

func TestDistToTieGoesToSmallerOrigin(t *testing.T) {
	g, n, e := street(t, 7.400, 7.401)
	l := g.Length(e[0])
	// Halfway: both ends are l/2 away (exact in floating point).
	loc := routing.Location{Edge: e[0], Offset: l / 2}
	s := g.NewSearcher()
	for _, o := range [][2]int32{{4, 9}, {9, 4}} {
		s.Run(routing.Query{Sources: []routing.Source{{Node: n[0], Origin: o[0]}, {Node: n[1], Origin: o[1]}}, Limit: 1e4})
		d, origin, ok := s.DistTo(loc)
		if !ok || d != l/2 || origin != 4 {
			t.Errorf("origins %d at u, %d at v: DistTo = %v, %d, %v; want %v, 4, true", o[0], o[1], d, origin, ok, l/2)
		}
	}
}

func TestKSearchTieGoesToSmallerOrigin(t *testing.T) {
	g, n, e := street(t, 7.400, 7.401, 7.4025)
	ks := g.NewKSearcher(1)
	for _, o := range [][2]int32{{3, 7}, {7, 3}} {
		ks.Run(routing.Query{Sources: tieSources(g, n, e, o[0], o[1]), Limit: 1e4})
		if got := ks.Labels(n[1]); len(got) != 1 || got[0].Origin != 3 {
			t.Errorf("k=1, origins %v arriving in that order: middle labels %v, want origin 3 only", o, got)
		}
	}
	// Two sources on one node at one distance, larger origin first.
	ks.Run(routing.Query{Sources: []routing.Source{{Node: n[1], Origin: 9}, {Node: n[1], Origin: 2}}, Limit: 1e4})
	if got := ks.Labels(n[1]); len(got) != 1 || got[0].Origin != 2 {
		t.Errorf("k=1, same node, same distance: labels %v, want origin 2", got)
	}

	// AppendNearest: halfway along an edge whose ends hold different
	// origins at the same distance; nearest first, ties smaller origin
	// first, and k=1 keeps the smaller.
	g2, n2, e2 := street(t, 7.400, 7.401)
	loc := routing.Location{Edge: e2[0], Offset: g2.Length(e2[0]) / 2}
	for _, k := range []int{1, 2} {
		ks := g2.NewKSearcher(k)
		for _, o := range [][2]int32{{4, 9}, {9, 4}} {
			ks.Run(routing.Query{Sources: []routing.Source{{Node: n2[0], Origin: o[0]}, {Node: n2[1], Origin: o[1]}}, Limit: 1e4})
			got := ks.AppendNearest(nil, loc)
			if len(got) != k || got[0].Origin != 4 || (k == 2 && got[1].Origin != 9) || got[0].Dist != got[k-1].Dist {
				t.Errorf("k=%d, origins %d at u, %d at v: AppendNearest = %v, want origin 4 then 9, tied", k, o[0], o[1], got)
			}
		}
	}
}

func TestSortLabelsTies(t *testing.T) {
	ls := []routing.Label{{Dist: 2, Origin: 1}, {Dist: 1, Origin: 8}, {Dist: 1, Origin: 3}, {Dist: 1, Origin: 5}, {Dist: 0.5, Origin: 9}}
	routing.SortLabels(ls)
	want := []routing.Label{{Dist: 0.5, Origin: 9}, {Dist: 1, Origin: 3}, {Dist: 1, Origin: 5}, {Dist: 1, Origin: 8}, {Dist: 2, Origin: 1}}
	for i := range want {
		if ls[i] != want[i] {
			t.Fatalf("SortLabels = %v, want %v", ls, want)
		}
	}
}
