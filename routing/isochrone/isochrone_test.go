package isochrone

import (
	"cmp"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
)

// lattice builds a street lattice of n×n blocks of about 100 m near Monaco,
// with a few diagonal ways, and returns the graph.
func lattice(t testing.TB, n int, rng *rand.Rand) *routing.Graph {
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	id := func(x, y int) int64 { return int64(1 + y*(n+1) + x) }
	for y := 0; y <= n; y++ {
		for x := 0; x <= n; x++ {
			p := orb.Point{7.40 + float64(x)*0.00125 + rng.Float64()*0.0002, 43.72 + float64(y)*0.0009 + rng.Float64()*0.0002}
			in.Nodes[id(x, y)] = routing.NodeInfo{Point: p}
		}
	}
	w := int64(1)
	for y := 0; y <= n; y++ {
		var row, col []int64
		for x := 0; x <= n; x++ {
			row = append(row, id(x, y))
			col = append(col, id(y, x))
		}
		in.Ways = append(in.Ways, routing.Way{ID: w, Nodes: row}, routing.Way{ID: w + 1, Nodes: col})
		w += 2
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestContourProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	g := lattice(t, 12, rng)
	sn := g.NewSnapper()
	s := g.NewSearcher()
	budgets := []geo.Budget{{Minutes: 3}, {Minutes: 6}, {Minutes: 9}}
	for trial := range 5 {
		start := orb.Point{7.40 + rng.Float64()*0.015, 43.72 + rng.Float64()*0.011}
		loc, err := sn.Snap(start, 300, 0)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := Compute(s, []routing.Location{loc}, Options{Budgets: budgets, Profile: routing.Standard})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cs {
			if len(c.Geometry) == 0 || c.AreaM2 <= 0 || c.StreetM <= 0 {
				t.Fatalf("trial %d contour %v is empty: %+v", trial, c.Budget, c)
			}
			// nesting: every cell of a smaller contour is in the larger one
			if i > 0 {
				for _, cell := range cs[i-1].Cells {
					if _, ok := slices.BinarySearch(c.Cells, cell); !ok {
						t.Fatalf("trial %d: cell %v of %v missing from %v", trial, cell, cs[i-1].Budget, c.Budget)
					}
				}
				if cs[i-1].StreetM > c.StreetM || cs[i-1].AreaM2 > c.AreaM2 {
					t.Errorf("trial %d: %v is larger than %v", trial, cs[i-1].Budget, c.Budget)
				}
			}
			// every reached network point lies inside the contour
			limit := c.Meters
			s.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, loc.Door, 0), Limit: limit})
			inside := 0
			for e := range g.NumEdges() {
				ls := g.Geometry(routing.EdgeID(e))
				l := g.Length(routing.EdgeID(e))
				for f := 0.0; f <= 1; f += 0.1 {
					off := f * l
					u, v := g.Ends(routing.EdgeID(e))
					du, okU := s.Dist(u)
					dv, okV := s.Dist(v)
					d := math.Inf(1)
					if okU {
						d = du + off
					}
					if okV {
						d = math.Min(d, dv+l-off)
					}
					if routing.EdgeID(e) == loc.Edge {
						d = math.Min(d, loc.Door+math.Abs(off-loc.Offset))
					}
					p := geo.Along(ls, off)
					if d <= limit-0.01 {
						inside++
						if !planar.MultiPolygonContains(c.Geometry, p) && !nearBoundary(c.Geometry, p) {
							cell, _ := hex.FromPoint(p, DefaultResolution)
							_, in := slices.BinarySearch(c.Cells, cell)
							t.Logf("cell of point in set: %v", in)
							t.Fatalf("trial %d %v: reached point %v (%.1f m) outside the contour", trial, c.Budget, p, d)
						}
					}
					// beyond reach as the crow flies: must be outside
					if geo.Distance(p, start) > limit+loc.Door+3*edgeLen(t) {
						if planar.MultiPolygonContains(c.Geometry, p) {
							t.Fatalf("trial %d %v: point %v, %.0f m away in a straight line, inside the contour", trial, c.Budget, p, geo.Distance(p, start))
						}
					}
				}
			}
			if inside == 0 {
				t.Fatalf("trial %d: no reached point checked", trial)
			}
		}
	}
}

// nearBoundary accepts points within 1 cm of the outline, where planar
// containment is ambiguous.
func nearBoundary(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				if geo.ProjectOnSegment(p, ring[i-1], ring[i]).Dist < 0.01 {
					return true
				}
			}
		}
	}
	return false
}

func edgeLen(t testing.TB) float64 {
	l, err := hex.EdgeLengthM(DefaultResolution)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestComputeErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	g := lattice(t, 3, rng)
	s := g.NewSearcher()
	loc := routing.Location{Edge: 0}
	tests := []struct {
		name string
		opts Options
	}{
		{"no budget", Options{Profile: routing.Standard}},
		{"negative budget", Options{Budgets: []geo.Budget{{Minutes: -5}}, Profile: routing.Standard}},
		{"zero speed", Options{Budgets: []geo.Budget{{Minutes: 5}}, Profile: routing.Profile{Name: "x"}}},
		{"resolution", Options{Budgets: []geo.Budget{{Minutes: 5}}, Profile: routing.Standard, Resolution: 16}},
		{"infinite distance", Options{Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 1e308}}, Profile: routing.Standard}},
		{"infinite speed", Options{Budgets: []geo.Budget{{Minutes: 5}}, Profile: routing.Profile{Name: "custom:1e308", Speed: 1e308}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Compute(s, []routing.Location{loc}, tt.opts); err == nil {
				t.Fatalf("Compute(%s) succeeded, want an error", tt.name)
			}
		})
	}
}

func TestMergeIntervals(t *testing.T) {
	got := mergeIntervals([]interval{{5, 7}, {0, 2}, {1, 3}, {6, 9}, {10, 10}})
	want := []interval{{0, 3}, {5, 9}, {10, 10}}
	if !slices.Equal(got, want) {
		t.Fatalf("mergeIntervals = %v, want %v", got, want)
	}
	// Pairs, merged without a sort, against the plain sort and merge;
	// touching intervals ([1, 2] and [2, 4]) merge, ties in a too.
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var ivs []interval
		for range 2 {
			a := float64(rng.IntN(10))
			ivs = append(ivs, interval{a, a + float64(rng.IntN(3))})
		}
		var want []interval
		for _, iv := range slices.SortedFunc(slices.Values(ivs), func(x, y interval) int { return cmp.Compare(x.a, y.a) }) {
			if n := len(want); n > 0 && iv.a <= want[n-1].b {
				want[n-1].b = max(want[n-1].b, iv.b)
				continue
			}
			want = append(want, iv)
		}
		in := slices.Clone(ivs)
		if got := mergeIntervals(in); !slices.Equal(got, want) {
			t.Fatalf("mergeIntervals(%v) = %v, want %v", ivs, got, want)
		}
	}
}

// TestStreetLength compares StreetM with the reached length of every edge
// computed plainly from the search distances: from each end reached with
// distance d, the first limit − d metres (whole edge at most), and around
// the start, limit − door metres either way; overlaps counted once.
func TestStreetLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	g := lattice(t, 10, rng)
	sn := g.NewSnapper()
	s := g.NewSearcher()
	w := NewWorker(g)
	for trial := range 20 {
		start := orb.Point{7.40 + rng.Float64()*0.0125, 43.72 + rng.Float64()*0.009}
		loc, err := sn.Snap(start, 300, 0)
		if err != nil {
			t.Fatal(err)
		}
		budget := geo.Budget{Meters: 100 + rng.Float64()*900}
		cs, err := w.Compute([]routing.Location{loc}, Options{Budgets: []geo.Budget{budget}, Profile: routing.Standard})
		if err != nil {
			t.Fatal(err)
		}
		limit := budget.Meters
		s.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, loc.Door, 0), Limit: limit})
		want := 0.0
		for e := range g.NumEdges() {
			id := routing.EdgeID(e)
			l := g.Length(id)
			u, v := g.Ends(id)
			var ivs []interval
			if du, ok := s.Dist(u); ok && du <= limit {
				ivs = append(ivs, interval{0, math.Min(l, limit-du)})
			}
			if dv, ok := s.Dist(v); ok && dv <= limit {
				ivs = append(ivs, interval{math.Max(0, l-(limit-dv)), l})
			}
			if id == loc.Edge && loc.Door <= limit {
				r := limit - loc.Door
				ivs = append(ivs, interval{math.Max(0, loc.Offset-r), math.Min(l, loc.Offset+r)})
			}
			for _, iv := range mergeIntervals(ivs) {
				want += iv.b - iv.a
			}
		}
		if got := cs[0].StreetM; math.Abs(got-want) > 1e-6*want {
			t.Errorf("trial %d, %v: StreetM %.3f, want %.3f", trial, budget, got, want)
		}
	}
}

// TestReachedModes checks the two ways reached enumerates edges (every
// edge in id order; the reached nodes' edges in search order) against each
// other and against the plain per-edge parts of TestStreetLength: the same
// edges with the same parts, and so the same contours.
func TestReachedModes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	g := lattice(t, 10, rng)
	sn := g.NewSnapper()
	type part struct {
		e  routing.EdgeID
		iv interval
	}
	for trial := range 20 {
		var locs []routing.Location
		for range 1 + trial%3 {
			loc, err := sn.Snap(orb.Point{7.40 + rng.Float64()*0.0125, 43.72 + rng.Float64()*0.009}, 300, 0)
			if err != nil {
				t.Fatal(err)
			}
			locs = append(locs, loc)
		}
		limit := 50 + rng.Float64()*1500
		opts := Options{Budgets: []geo.Budget{{Meters: limit}}, Profile: routing.Standard}
		var parts [3][]part
		var contours [3][]Contour
		for mode := 1; mode <= 2; mode++ {
			w := NewWorker(g)
			w.mode = mode
			var sources []routing.Source
			for i, loc := range locs {
				sources = g.AppendSources(sources, loc, int32(i), loc.Door, 0)
			}
			w.s.Run(routing.Query{Sources: sources, Limit: limit})
			err := w.reached(locs, limit, 0, func(e routing.EdgeID, ivs []interval) error {
				for _, iv := range ivs {
					parts[mode] = append(parts[mode], part{e, iv})
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.SortStableFunc(parts[mode], func(x, y part) int { return int(x.e) - int(y.e) })
			if contours[mode], err = w.Compute(locs, opts); err != nil {
				t.Fatal(err)
			}
		}
		// The plain parts, from the search distances.
		s := g.NewSearcher()
		var sources []routing.Source
		for i, loc := range locs {
			sources = g.AppendSources(sources, loc, int32(i), loc.Door, 0)
		}
		s.Run(routing.Query{Sources: sources, Limit: limit})
		for e := range g.NumEdges() {
			id := routing.EdgeID(e)
			l := g.Length(id)
			u, v := g.Ends(id)
			var ivs []interval
			if du, ok := s.Dist(u); ok && du <= limit {
				ivs = append(ivs, interval{0, math.Min(l, limit-du)})
			}
			if dv, ok := s.Dist(v); ok && dv <= limit {
				ivs = append(ivs, interval{math.Max(0, l-(limit-dv)), l})
			}
			for _, loc := range locs {
				if id == loc.Edge && loc.Door <= limit {
					r := limit - loc.Door
					ivs = append(ivs, interval{math.Max(0, loc.Offset-r), math.Min(l, loc.Offset+r)})
				}
			}
			for _, iv := range mergeIntervals(ivs) {
				parts[0] = append(parts[0], part{id, iv})
			}
		}
		if len(parts[0]) == 0 {
			t.Fatalf("trial %d: nothing reached", trial)
		}
		for mode := 1; mode <= 2; mode++ {
			if !slices.Equal(parts[mode], parts[0]) {
				t.Fatalf("trial %d, %.0f m: mode %d gives %d parts, the plain reference %d", trial, limit, mode, len(parts[mode]), len(parts[0]))
			}
		}
		a, b := contours[1][0], contours[2][0]
		if !slices.Equal(a.Cells, b.Cells) || !reflect.DeepEqual(a.Geometry, b.Geometry) || a.AreaM2 != b.AreaM2 ||
			math.Abs(a.StreetM-b.StreetM) > 1e-9*a.StreetM {
			t.Fatalf("trial %d: the contours of the two modes differ", trial)
		}
	}
}
