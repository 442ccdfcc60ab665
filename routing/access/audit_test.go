package access

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// town is a random street lattice near Monaco with some stairs.
func town(t testing.TB, rng *rand.Rand, n int) *routing.Graph {
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	id := func(x, y int) int64 { return int64(1 + y*(n+1) + x) }
	for y := 0; y <= n; y++ {
		for x := 0; x <= n; x++ {
			p := orb.Point{7.40 + float64(x)*0.0012 + rng.Float64()*0.0003, 43.72 + float64(y)*0.0009 + rng.Float64()*0.0003}
			in.Nodes[id(x, y)] = routing.NodeInfo{Point: p}
		}
	}
	w := int64(1)
	for y := 0; y <= n; y++ {
		for x := 0; x <= n; x++ {
			if x < n && rng.IntN(8) > 0 {
				var f routing.EdgeFlags
				if rng.IntN(7) == 0 {
					f = routing.FlagSteps
				}
				in.Ways = append(in.Ways, routing.Way{ID: w, Nodes: []int64{id(x, y), id(x+1, y)}, Flags: f})
				w++
			}
			if y < n && rng.IntN(8) > 0 {
				in.Ways = append(in.Ways, routing.Way{ID: w, Nodes: []int64{id(x, y), id(x, y+1)}})
				w++
			}
		}
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// allPairs is a plain Floyd–Warshall over the graph: the reference.
func allPairs(g *routing.Graph, avoid routing.EdgeFlags) [][]float64 {
	n := g.NumNodes()
	d := make([][]float64, n)
	for i := range d {
		d[i] = make([]float64, n)
		for j := range d[i] {
			d[i][j] = math.Inf(1)
		}
		d[i][i] = 0
	}
	for e := range g.NumEdges() {
		if g.Flags(routing.EdgeID(e))&avoid != 0 {
			continue
		}
		u, v := g.Ends(routing.EdgeID(e))
		l := g.Length(routing.EdgeID(e))
		d[u][v] = math.Min(d[u][v], l)
		d[v][u] = math.Min(d[v][u], l)
	}
	for k := range n {
		for i := range n {
			for j := range n {
				if x := d[i][k] + d[k][j]; x < d[i][j] {
					d[i][j] = x
				}
			}
		}
	}
	return d
}

// refWalk is the door-to-door walk between two snapped locations.
func refWalk(g *routing.Graph, d [][]float64, a, b routing.Location) float64 {
	ends := func(l routing.Location) [2]struct {
		n routing.NodeID
		c float64
	} {
		u, v := g.Ends(l.Edge)
		return [2]struct {
			n routing.NodeID
			c float64
		}{{u, l.Offset}, {v, g.Length(l.Edge) - l.Offset}}
	}
	best := math.Inf(1)
	for _, x := range ends(a) {
		for _, y := range ends(b) {
			best = math.Min(best, x.c+d[x.n][y.n]+y.c)
		}
	}
	if a.Edge == b.Edge {
		best = math.Min(best, math.Abs(a.Offset-b.Offset))
	}
	return best + a.Door + b.Door
}

func TestAuditMatchesReference(t *testing.T) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 3))
		g := town(t, rng, 7)
		sn := g.NewSnapper()
		randPt := func() orb.Point {
			return orb.Point{7.40 + rng.Float64()*0.0085, 43.72 + rng.Float64()*0.0065}
		}
		var facs []Facility
		cats := []string{"grocery", "pharmacy", "barber"}
		for i := range 9 {
			facs = append(facs, Facility{ID: fmt.Sprint("f", i), Category: cats[i%3], Point: randPt()})
		}
		var res []Resident
		for i := range 60 {
			res = append(res, Resident{ID: fmt.Sprint("r", i), Point: randPt(), Weight: 1 + float64(i%3)})
		}
		for _, profile := range []routing.Profile{routing.Standard, routing.Wheelchair} {
			k := 2
			opts := Options{Categories: cats, Budget: geo.Budget{Minutes: 5}, Profile: profile, K: k, Workers: 2}
			out, err := Audit(context.Background(), g, sn, facs, res, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			d := allPairs(g, profile.Avoid)
			limit := opts.Budget.Distance(profile.Speed)
			for i, r := range res {
				rr := out.Residents[i]
				rl, err := sn.Snap(r.Point, 0, profile.Avoid)
				if err != nil {
					if rr.Status != Unroutable {
						t.Fatalf("resident %s: snap failed (%v) but status %q", r.ID, err, rr.Status)
					}
					continue
				}
				for c, cat := range cats {
					var want []Reach
					for fi, f := range facs {
						if f.Category != cat {
							continue
						}
						fl, err := sn.Snap(f.Point, 0, profile.Avoid)
						if err != nil {
							continue
						}
						if m := refWalk(g, d, rl, fl); m <= limit {
							want = append(want, Reach{Facility: fi, Meters: m})
						}
					}
					sort.Slice(want, func(a, b int) bool { return want[a].Meters < want[b].Meters })
					if len(want) > k {
						want = want[:k]
					}
					got := rr.Reach[c]
					if len(got) != len(want) {
						t.Fatalf("seed %d %s resident %s %s: %d reaches %v, want %d %v", seed, profile.Name, r.ID, cat, len(got), got, len(want), want)
					}
					for j := range got {
						if math.Abs(got[j].Meters-want[j].Meters) > 0.01 {
							t.Fatalf("seed %d %s resident %s %s #%d: %.3f m, want %.3f m", seed, profile.Name, r.ID, cat, j, got[j].Meters, want[j].Meters)
						}
						if math.Abs(got[j].Minutes-got[j].Meters/profile.Speed/60) > 1e-9 {
							t.Fatalf("minutes inconsistent with metres")
						}
					}
				}
			}
		}
	}
}

func TestAuditRowsAddUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	g := town(t, rng, 6)
	sn := g.NewSnapper()
	// two grids side by side covering the west part of the town; the east is
	// outside; one resident is far away (unroutable).
	square := func(x0, x1 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0, 43.719}, {x1, 43.719}, {x1, 43.727}, {x0, 43.727}, {x0, 43.719}}}}
	}
	zones := []Zone{{ID: "w", Name: "West", Geometry: square(7.399, 7.403)}, {ID: "m", Name: "Middle", Geometry: square(7.403, 7.406)}}
	facs := []Facility{{ID: "g1", Category: "grocery", Point: orb.Point{7.4005, 43.7205}}, {ID: "p1", Category: "pharmacy", Point: orb.Point{7.4070, 43.7250}}}
	var res []Resident
	for i := range 40 {
		res = append(res, Resident{ID: fmt.Sprint(i), Point: orb.Point{7.40 + rng.Float64()*0.0072, 43.72 + rng.Float64()*0.0054}, Weight: 0.5 + float64(i%4)})
	}
	res = append(res, Resident{ID: "far", Point: orb.Point{8.5, 44.0}, Weight: 3})
	out, err := Audit(context.Background(), g, sn, facs, res, zones, Options{Categories: []string{"grocery", "pharmacy"}, Budget: geo.Budget{Meters: 400}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Rows) != 4 || out.Rows[2].Zone != RowOutside || out.Rows[3].Zone != RowTotal {
		t.Fatalf("rows = %d, want West, Middle, outside, total", len(out.Rows))
	}
	var count int
	var weight, complete float64
	for _, row := range out.Rows[:3] {
		count += row.Residents
		weight += row.Weight
		complete += row.Complete.CoveredWeight
	}
	total := out.Rows[3]
	wantW := 0.0
	for _, r := range res {
		wantW += r.Weight
	}
	if count != len(res) || total.Residents != len(res) || math.Abs(weight-wantW) > 1e-9 || math.Abs(total.Weight-wantW) > 1e-9 {
		t.Fatalf("rows sum to %d residents / %.2f weight, total row %d / %.2f; input %d / %.2f", count, weight, total.Residents, total.Weight, len(res), wantW)
	}
	if math.Abs(complete-total.Complete.CoveredWeight) > 1e-9 {
		t.Errorf("complete weight: rows %.2f, total %.2f", complete, total.Complete.CoveredWeight)
	}
	far := out.Residents[len(res)-1]
	if far.Status != Unroutable || far.Zone != -1 || far.SnapMeters < 50000 {
		t.Errorf("far resident = %+v, want unroutable outside every grid with its distance", far)
	}
	if total.UnroutableCount != 1 || total.UnroutableWeight != 3 {
		t.Errorf("total unroutable = %d/%.1f, want 1/3", total.UnroutableCount, total.UnroutableWeight)
	}
	// gap cells hold exactly the partial residents' weight
	gapW, partialW := 0.0, 0.0
	for _, gc := range out.Gaps {
		gapW += gc.Weight
	}
	for i, r := range out.Residents {
		if r.Status == Partial {
			partialW += res[i].Weight
		}
		if r.Status == Complete && (len(r.Reach[0]) == 0 || len(r.Reach[1]) == 0) {
			t.Errorf("resident %d complete without both categories", i)
		}
	}
	if math.Abs(gapW-partialW) > 1e-9 || partialW == 0 {
		t.Errorf("gap weight %.2f, partial weight %.2f (want equal, > 0)", gapW, partialW)
	}
	// covered counts agree with per-resident answers
	for c := range 2 {
		cov := 0.0
		for i, r := range out.Residents {
			if r.Status != Unroutable && len(r.Reach[c]) > 0 {
				cov += res[i].Weight
			}
		}
		if math.Abs(cov-total.Categories[c].CoveredWeight) > 1e-9 {
			t.Errorf("category %d: covered %.2f, total row says %.2f", c, cov, total.Categories[c].CoveredWeight)
		}
	}
}

func TestAuditErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	g := town(t, rng, 2)
	sn := g.NewSnapper()
	base := Options{Categories: []string{"grocery"}, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}
	bad := []struct {
		name string
		mod  func(*Options)
	}{
		{"no categories", func(o *Options) { o.Categories = nil }},
		{"duplicate category", func(o *Options) { o.Categories = []string{"grocery", "grocery"} }},
		{"zero budget", func(o *Options) { o.Budget = geo.Budget{} }},
		{"NaN budget", func(o *Options) { o.Budget = geo.Budget{Minutes: math.NaN()} }},
		{"no speed", func(o *Options) { o.Profile = routing.Profile{Name: "x"} }},
		{"k beyond MaxK", func(o *Options) { o.K = MaxK + 1 }},
		{"infinite distance", func(o *Options) { o.Budget = geo.Budget{Minutes: 1e308} }},
		{"infinite speed", func(o *Options) { o.Profile = routing.Profile{Name: "custom:1e308", Speed: 1e308} }},
		{"group at infinite speed", func(o *Options) {
			o.GroupProfiles = map[string]routing.Profile{"fast": {Name: "custom:1e308", Speed: 1e308}}
		}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.mod(&o)
			if _, err := Audit(context.Background(), g, sn, nil, nil, nil, o); err == nil {
				t.Fatalf("Audit(%s) succeeded, want an error", tt.name)
			} else if strings.Contains(tt.name, "infinite") && !errors.Is(err, geo.ErrBadBudget) {
				t.Errorf("Audit(%s) = %v, want ErrBadBudget", tt.name, err)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	vals := []wv{{w: 1, v: 1}, {w: 1, v: 2}, {w: 1, v: 3}, {w: 1, v: 4}, {w: 6, v: math.Inf(1)}}
	if got := percentile(vals, 0.5); !math.IsInf(got, 1) {
		t.Errorf("weighted median = %v, want +Inf (6 of 10 beyond)", got)
	}
	if got := percentile(vals[:4], 0.5); got != 2 {
		t.Errorf("median of 1..4 = %v, want 2", got)
	}
}

func TestAuditGroupProfiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	g := town(t, rng, 6)
	sn := g.NewSnapper()
	facs := []Facility{{ID: "p", Category: "pharmacy", Point: orb.Point{7.4035, 43.7227}}}
	var res []Resident
	groups := []string{"", "elderly", "wheelchair"}
	for i := range 90 {
		res = append(res, Resident{ID: fmt.Sprint(i), Group: groups[i%3], Weight: 1,
			Point: orb.Point{7.40 + rng.Float64()*0.0072, 43.72 + rng.Float64()*0.0054}})
	}
	opts := Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 6}, Profile: routing.Standard,
		GroupProfiles: map[string]routing.Profile{"elderly": routing.Elderly, "wheelchair": routing.Wheelchair}}
	out, err := Audit(context.Background(), g, sn, facs, res, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	profiles := map[string]routing.Profile{"": routing.Standard, "elderly": routing.Elderly, "wheelchair": routing.Wheelchair}
	refs := map[routing.EdgeFlags][][]float64{}
	for i, r := range res {
		p := profiles[r.Group]
		if refs[p.Avoid] == nil {
			refs[p.Avoid] = allPairs(g, p.Avoid)
		}
		rr := out.Residents[i]
		rl, err := sn.Snap(r.Point, 0, p.Avoid)
		fl, ferr := sn.Snap(facs[0].Point, 0, p.Avoid)
		if err != nil || ferr != nil {
			continue
		}
		want := refWalk(g, refs[p.Avoid], rl, fl)
		limit := opts.Budget.Distance(p.Speed)
		got := rr.Reach[0]
		if (want <= limit) != (len(got) == 1) {
			t.Fatalf("resident %s (%s): reach %v, reference %.1f m with limit %.1f m", r.ID, r.Group, got, want, limit)
		}
		if len(got) == 1 {
			if math.Abs(got[0].Meters-want) > 0.01 || math.Abs(got[0].Minutes-want/p.Speed/60) > 1e-9 {
				t.Fatalf("resident %s (%s): %v, want %.2f m at %.2f m/s", r.ID, r.Group, got[0], want, p.Speed)
			}
		}
	}
	if len(out.Groups) != 3 || out.Groups[0].Name != "(no group)" || out.Groups[1].Group != "elderly" {
		t.Fatalf("groups = %+v, want (no group), elderly, wheelchair", out.Groups)
	}
	n, w := 0, 0.0
	for _, row := range out.Groups {
		n += row.Residents
		w += row.Categories[0].CoveredWeight
	}
	total := out.Rows[len(out.Rows)-1]
	if n != len(res) || math.Abs(w-total.Categories[0].CoveredWeight) > 1e-9 {
		t.Fatalf("group rows sum to %d residents / %.1f covered, totals %d / %.1f", n, w, total.Residents, total.Categories[0].CoveredWeight)
	}
}
