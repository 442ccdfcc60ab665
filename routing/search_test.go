package routing

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
)

// randomInput makes a random walkable network on a small lattice around
// Monaco: n lattice points, ways between random nearby points, some flagged.
func randomInput(rng *rand.Rand, n, ways int) Input {
	in := Input{Nodes: map[int64]NodeInfo{}}
	side := int(math.Sqrt(float64(n))) + 1
	for i := range n {
		x, y := i%side, i/side
		p := orb.Point{7.42 + float64(x)*0.0005 + rng.Float64()*0.0002, 43.73 + float64(y)*0.0004 + rng.Float64()*0.0002}
		in.Nodes[int64(100+i)] = NodeInfo{Point: p}
	}
	for w := range ways {
		length := 2 + rng.IntN(5)
		cur := rng.IntN(n)
		ids := []int64{int64(100 + cur)}
		for range length - 1 {
			x, y := cur%side, cur/side
			switch rng.IntN(4) {
			case 0:
				x++
			case 1:
				x--
			case 2:
				y++
			default:
				y--
			}
			nx := y*side + x
			if x < 0 || y < 0 || x >= side || nx >= n || nx < 0 {
				continue
			}
			cur = nx
			ids = append(ids, int64(100+cur))
		}
		var f EdgeFlags
		if rng.IntN(6) == 0 {
			f = FlagSteps
		}
		in.Ways = append(in.Ways, Way{ID: int64(w + 1), Nodes: ids, Flags: f})
	}
	return in
}

// refDist is a plain Bellman-Ford over the raw OSM node graph (every way
// node a vertex, every consecutive pair an edge): an independent reference
// for the compressed graph and Dijkstra.
func refDist(in Input, src map[int64]float64, avoid EdgeFlags) map[int64]float64 {
	type arc struct {
		a, b int64
		l    float64
	}
	var arcs []arc
	for _, w := range in.Ways {
		if w.Flags&avoid != 0 {
			continue
		}
		for i := 1; i < len(w.Nodes); i++ {
			a, b := w.Nodes[i-1], w.Nodes[i]
			if a == b {
				continue
			}
			arcs = append(arcs, arc{a, b, geo.Distance(in.Nodes[a].Point, in.Nodes[b].Point)})
		}
	}
	dist := map[int64]float64{}
	for k, v := range src {
		dist[k] = v
	}
	for changed := true; changed; {
		changed = false
		for _, a := range arcs {
			for _, pair := range [2][2]int64{{a.a, a.b}, {a.b, a.a}} {
				du, ok := dist[pair[0]]
				if !ok {
					continue
				}
				if dv, ok := dist[pair[1]]; !ok || du+a.l < dv-1e-9 {
					dist[pair[1]] = du + a.l
					changed = true
				}
			}
		}
	}
	return dist
}

func TestSearchMatchesReference(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		in := randomInput(rng, 60+rng.IntN(60), 40+rng.IntN(60))
		g, _, err := Build(in, BuildOptions{MinComponentMeters: -1})
		if err != nil {
			t.Fatal(err)
		}
		s := g.NewSearcher()
		for _, avoid := range []EdgeFlags{0, FlagSteps} {
			// multi-source from two random graph nodes
			a, b := NodeID(rng.IntN(g.NumNodes())), NodeID(rng.IntN(g.NumNodes()))
			limit := 150 + rng.Float64()*600
			s.Run(Query{Sources: []Source{{Node: a, Origin: 1}, {Node: b, Dist: 10, Origin: 2}}, Limit: limit, Avoid: avoid})
			srcs := map[int64]float64{g.NodeOSMID(b): 10}
			srcs[g.NodeOSMID(a)] = 0 // a may equal b: the nearer source wins
			ref := refDist(in, srcs, avoid)
			for n := range g.NumNodes() {
				id := NodeID(n)
				want, ok := ref[g.NodeOSMID(id)]
				if !ok || want > limit {
					want = math.Inf(1)
				}
				got, _ := s.Dist(id)
				if math.IsInf(want, 1) != math.IsInf(got, 1) || (!math.IsInf(want, 1) && math.Abs(got-want) > 1e-3) {
					t.Fatalf("seed %d avoid %d: Dist(node %d) = %v, want %v", seed, avoid, g.NodeOSMID(id), got, want)
				}
			}
			// settled order is by distance
			prev := -1.0
			for _, n := range s.Settled() {
				d, _ := s.Dist(n)
				if d < prev {
					t.Fatalf("seed %d: settled out of order", seed)
				}
				prev = d
			}
		}
	}
}

func TestKSearchMatchesReference(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 11))
		in := randomInput(rng, 50, 50)
		g, _, err := Build(in, BuildOptions{MinComponentMeters: -1})
		if err != nil {
			t.Fatal(err)
		}
		const k = 3
		var sources []Source
		var refs []map[int64]float64
		for o := range 5 {
			n := NodeID(rng.IntN(g.NumNodes()))
			d := rng.Float64() * 20
			sources = append(sources, Source{Node: n, Dist: d, Origin: int32(o)})
			refs = append(refs, refDist(in, map[int64]float64{g.NodeOSMID(n): d}, 0))
		}
		limit := 800.0
		ks := g.NewKSearcher(k)
		ks.Run(Query{Sources: sources, Limit: limit})
		for n := range g.NumNodes() {
			var want []Label
			for o, r := range refs {
				if d, ok := r[g.NodeOSMID(NodeID(n))]; ok && d <= limit {
					want = append(want, Label{Dist: d, Origin: int32(o)})
				}
			}
			SortLabels(want)
			if len(want) > k {
				want = want[:k]
			}
			got := ks.Labels(NodeID(n))
			if len(got) != len(want) {
				t.Fatalf("seed %d node %d: %d labels, want %d (%v vs %v)", seed, n, len(got), len(want), got, want)
			}
			for i := range got {
				if math.Abs(got[i].Dist-want[i].Dist) > 1e-3 {
					t.Fatalf("seed %d node %d label %d: %v, want %v", seed, n, i, got[i], want[i])
				}
			}
		}
	}
}

func TestBuildCompressesChains(t *testing.T) {
	// A plus-shaped network: two ways crossing at node 5, each with interior
	// nodes, and a dangling spur with steps.
	p := func(x, y float64) NodeInfo { return NodeInfo{Point: orb.Point{7.42 + x*0.001, 43.73 + y*0.001}} }
	in := Input{
		Nodes: map[int64]NodeInfo{1: p(0, 1), 2: p(1, 1), 5: p(2, 1), 3: p(3, 1), 4: p(4, 1),
			6: p(2, 0), 7: p(2, 2), 8: p(2, 3), 9: {Point: orb.Point{7.42 + 0.0025, 43.73 + 0.001}, Flags: FlagKerbRaised}},
		Ways: []Way{
			{ID: 10, Nodes: []int64{1, 2, 5, 9, 3, 4}},
			{ID: 11, Nodes: []int64{6, 5, 7}},
			{ID: 12, Nodes: []int64{7, 8}, Flags: FlagSteps},
		},
	}
	g, rep, err := Build(in, BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	// junctions/ends: 1, 5, 4, 6, 7, 8 → 6 nodes; edges 1-5, 5-4, 6-5, 5-7, 7-8
	if rep.Nodes != 6 || rep.Edges != 5 {
		t.Fatalf("Build = %d nodes %d edges, want 6, 5", rep.Nodes, rep.Edges)
	}
	var total float64
	for e := range g.NumEdges() {
		ls := g.Geometry(EdgeID(e))
		if d := math.Abs(geo.LineLength(ls) - g.Length(EdgeID(e))); d > 1e-3 {
			t.Errorf("edge %d: polyline length differs from Length by %v m", e, d)
		}
		total += g.Length(EdgeID(e))
		way := g.WayID(EdgeID(e))
		f := g.Flags(EdgeID(e))
		if way == 12 && f&FlagSteps == 0 {
			t.Errorf("edge of way 12 lacks FlagSteps")
		}
		u, v := g.Ends(EdgeID(e))
		hasKerb := way == 10 && (g.NodeOSMID(u) == 4 || g.NodeOSMID(v) == 4)
		if hasKerb != (f&FlagKerbRaised != 0) {
			t.Errorf("edge %d (way %d): kerb flag %v, want %v", e, way, f&FlagKerbRaised != 0, hasKerb)
		}
	}
	if math.Abs(total-rep.WalkableMeters) > 1e-3 {
		t.Errorf("WalkableMeters = %v, sum of edges %v", rep.WalkableMeters, total)
	}
	// Wheelchair from 1 cannot reach 4 (kerb) nor 8 (steps).
	s := g.NewSearcher()
	var start NodeID
	for n := range g.NumNodes() {
		if g.NodeOSMID(NodeID(n)) == 1 {
			start = NodeID(n)
		}
	}
	s.Run(Query{Sources: []Source{{Node: start}}, Limit: 1e6, Avoid: Wheelchair.Avoid})
	for n := range g.NumNodes() {
		id := g.NodeOSMID(NodeID(n))
		_, ok := s.Dist(NodeID(n))
		if want := id != 4 && id != 8; ok != want {
			t.Errorf("wheelchair reaches OSM node %d = %v, want %v", id, ok, want)
		}
	}
}

func TestIslands(t *testing.T) {
	p := func(x float64) NodeInfo { return NodeInfo{Point: orb.Point{7.42 + x*0.01, 43.73}} }
	in := Input{
		Nodes: map[int64]NodeInfo{1: p(0), 2: p(1), 3: p(2), 4: p(10), 5: p(10.01)},
		Ways:  []Way{{ID: 1, Nodes: []int64{1, 2, 3}}, {ID: 2, Nodes: []int64{4, 5}}},
	}
	g, rep, err := Build(in, BuildOptions{MinComponentMeters: 500})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Components != 2 || rep.Islands != 1 || rep.IslandEdges != 1 {
		t.Fatalf("report %+v: want 2 components, 1 island of 1 edge", rep)
	}
	for e := range g.NumEdges() {
		if (g.WayID(EdgeID(e)) == 2) != (g.Flags(EdgeID(e))&FlagIsland != 0) {
			t.Errorf("edge %d of way %d: island flag wrong", e, g.WayID(EdgeID(e)))
		}
	}
}

func TestBuildEmpty(t *testing.T) {
	if _, _, err := Build(Input{}, BuildOptions{}); err != ErrEmptyNetwork {
		t.Fatalf("Build(empty) error = %v, want ErrEmptyNetwork", err)
	}
	// A way whose nodes are missing is reported and splits.
	in := Input{Nodes: map[int64]NodeInfo{1: {Point: orb.Point{7.42, 43.73}}, 2: {Point: orb.Point{7.421, 43.73}}},
		Ways: []Way{{ID: 1, Nodes: []int64{1, 2, 3}}}}
	_, rep, err := Build(in, BuildOptions{MinComponentMeters: -1})
	if err != nil || rep.WaysMissingNode != 1 || rep.Edges != 1 {
		t.Fatalf("Build(missing node) = %+v, %v; want 1 edge and 1 way missing a node", rep, err)
	}
}

func TestParseProfile(t *testing.T) {
	tests := []struct {
		name  string
		speed float64
		ok    bool
	}{
		{"standard", 1.33, true}, {"elderly", 0.9, true}, {"wheelchair", 1.0, true},
		{"custom:1.2", 1.2, true}, {"custom:3.6kmh", 1.0, true},
		{"custom:0", 0, false}, {"custom:x", 0, false}, {"fast", 0, false}, {"custom:NaN", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProfile(tt.name)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseProfile(%q) error = %v, want ok=%v", tt.name, err, tt.ok)
			}
			if tt.ok && math.Abs(p.Speed-tt.speed) > 1e-9 {
				t.Errorf("ParseProfile(%q).Speed = %v, want %v", tt.name, p.Speed, tt.speed)
			}
		})
	}
}

// TestNodeHeap checks the 4-ary heap against a sort: interleaved pushes and
// pops, with many equal distances and repeated items, come out in (dist,
// node) order, as Run's settled order and tie-breaking need.
func TestNodeHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 200 {
		var h nodeHeap
		var pending []heapItem // what the heap holds, for the reference
		for range 1 + rng.IntN(300) {
			if len(h) > 0 && rng.IntN(3) == 0 {
				got := h.pop()
				want := slices.MinFunc(pending, func(a, b heapItem) int {
					if less(a, b) {
						return -1
					}
					if less(b, a) {
						return 1
					}
					return 0
				})
				if got != want {
					t.Fatalf("trial %d: pop %v, want %v", trial, got, want)
				}
				i := slices.Index(pending, want)
				pending = slices.Delete(pending, i, i+1)
				continue
			}
			it := heapItem{dist: float64(rng.IntN(20)), node: NodeID(rng.IntN(10))}
			h.push(it)
			pending = append(pending, it)
		}
		for len(h) > 0 {
			got := h.pop()
			for _, p := range pending {
				if less(p, got) {
					t.Fatalf("trial %d: pop %v while %v is queued", trial, got, p)
				}
			}
			i := slices.Index(pending, got)
			if i < 0 {
				t.Fatalf("trial %d: pop %v, never pushed", trial, got)
			}
			pending = slices.Delete(pending, i, i+1)
		}
		if len(pending) != 0 {
			t.Fatalf("trial %d: %d items lost", trial, len(pending))
		}
	}
}
