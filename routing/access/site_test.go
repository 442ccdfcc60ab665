package access

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// randomSets is a random covering instance: n candidates over m items.
func randomSets(rng *rand.Rand, n, m int) ([][]int32, []float64) {
	sets := make([][]int32, n)
	for c := range sets {
		for j := range m {
			if rng.IntN(4) == 0 {
				sets[c] = append(sets[c], int32(j))
			}
		}
	}
	w := make([]float64, m)
	for j := range w {
		w[j] = float64(1 + rng.IntN(5))
	}
	return sets, w
}

func coverWeight(sets [][]int32, w []float64, pick []int) float64 {
	covered := make([]bool, len(w))
	sum := 0.0
	for _, c := range pick {
		for _, j := range sets[c] {
			if !covered[j] {
				covered[j] = true
				sum += w[j]
			}
		}
	}
	return sum
}

// exhaustive returns the best weight p sets can cover, trying every
// combination.
func exhaustive(sets [][]int32, w []float64, p int) float64 {
	best := 0.0
	var rec func(start int, pick []int)
	rec = func(start int, pick []int) {
		if len(pick) == p || start == len(sets) {
			best = math.Max(best, coverWeight(sets, w, pick))
			return
		}
		for c := start; c < len(sets); c++ {
			rec(c+1, append(pick, c))
		}
	}
	rec(0, nil)
	return best
}

// TestLazyGreedyIsPlainGreedy: whatever the initial upper bounds, the lazy
// greedy picks what the plain greedy picks, and computes fewer covers.
func TestLazyGreedyIsPlainGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	saved := 0
	for trial := range 300 {
		sets, w := randomSets(rng, 5+rng.IntN(30), 10+rng.IntN(60))
		count := rng.IntN(6) // 0: until nothing more
		want := plainGreedy(sets, w, make([]bool, len(w)), count)
		bounds := make([]float64, len(sets))
		for c, s := range sets {
			switch trial % 3 {
			case 0:
				bounds[c] = gainOf(s, w, make([]bool, len(w)))
			case 1:
				bounds[c] = gainOf(s, w, make([]bool, len(w))) + float64(rng.IntN(10))
			default:
				bounds[c] = math.Inf(1)
			}
		}
		calls := map[int]int{}
		cover := func(cs []int) [][]int32 {
			out := make([][]int32, len(cs))
			for i, c := range cs {
				calls[c]++
				out[i] = sets[c]
			}
			return out
		}
		got, st := lazyGreedy(bounds, cover, 1+trial%9, w, make([]bool, len(w)), count, nil)
		if len(got) != len(want) {
			t.Fatalf("trial %d: lazy %d picks, plain %d", trial, len(got), len(want))
		}
		for i := range got {
			if got[i].cand != want[i].cand || got[i].gain != want[i].gain || !slices.Equal(got[i].items, want[i].items) {
				t.Fatalf("trial %d pick %d: lazy %+v, plain %+v", trial, i, got[i], want[i])
			}
		}
		for c, n := range calls {
			if n > 1 {
				t.Fatalf("trial %d: cover(%d) computed %d times", trial, c, n)
			}
		}
		saved += len(sets) - st.evaluations
	}
	if saved == 0 {
		t.Error("the lazy greedy never skipped a cover: its bounds are not used")
	}
}

// TestGreedyAgainstExhaustive: on random small instances the greedy
// reaches the optimum in most, and never falls below (1 − 1/e) of it.
func TestGreedyAgainstExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const trials = 400
	optimal := 0
	worst := 1.0
	for trial := range trials {
		sets, w := randomSets(rng, 4+rng.IntN(8), 8+rng.IntN(20))
		p := 1 + rng.IntN(3)
		picks := plainGreedy(sets, w, make([]bool, len(w)), p)
		got := 0.0
		for _, pk := range picks {
			got += pk.gain
		}
		opt := exhaustive(sets, w, p)
		if got < greedyBound*opt-1e-9 {
			t.Fatalf("trial %d: greedy covers %v, below (1-1/e) of the optimum %v", trial, got, opt)
		}
		if got == opt {
			optimal++
		}
		if opt > 0 {
			worst = math.Min(worst, got/opt)
		}
	}
	t.Logf("greedy optimal in %d of %d instances; worst ratio %.3f (bound %.3f)", optimal, trials, worst, greedyBound)
	if optimal*2 <= trials {
		t.Errorf("greedy optimal in only %d of %d instances", optimal, trials)
	}
}

// siteTown is a random town with one pharmacy, residents and candidates
// (some off the network).
func siteTown(t *testing.T, seed uint64) (*routing.Graph, []Facility, []Resident, []Candidate) {
	rng := rand.New(rand.NewPCG(seed, 11))
	g := town(t, rng, 7)
	randPt := func() orb.Point { return orb.Point{7.40 + rng.Float64()*0.0085, 43.72 + rng.Float64()*0.0065} }
	facs := []Facility{{ID: "p", Category: "pharmacy", Point: randPt()}, {ID: "b", Category: "barber", Point: randPt()}}
	var res []Resident
	for i := range 70 {
		res = append(res, Resident{ID: fmt.Sprint("r", i), Point: randPt(), Weight: 1 + float64(i%4)})
	}
	res = append(res, Resident{ID: "far", Point: orb.Point{7.5, 43.8}, Weight: 2})
	var cands []Candidate
	for i := range 25 {
		cands = append(cands, Candidate{ID: fmt.Sprint("c", i), Point: randPt()})
	}
	cands = append(cands, Candidate{ID: "off", Point: orb.Point{7.5, 43.7}})
	return g, facs, res, cands
}

// TestSiteMatchesReference checks every gain against door-to-door walks
// of Floyd–Warshall, and the picks against a plain greedy over the
// reference cover sets.
func TestSiteMatchesReference(t *testing.T) {
	for seed := range uint64(6) {
		g, facs, res, cands := siteTown(t, seed)
		sn := g.NewSnapper()
		opts := SiteOptions{Category: "pharmacy", Count: 4, Budget: geo.Budget{Minutes: 3}, Profile: routing.Standard, Workers: 2}
		out, err := Site(context.Background(), g, sn, facs, res, nil, cands, opts)
		if err != nil {
			t.Fatal(err)
		}
		d := allPairs(g, opts.Profile.Avoid)
		limit := out.Meters
		fl, _ := sn.Snap(facs[0].Point, 0, 0)
		// reference: who is uncovered, and each candidate's cover.
		var uncovered []int
		coveredW := 0.0
		for i, r := range res {
			rl, err := sn.Snap(r.Point, 0, 0)
			if err != nil {
				continue
			}
			if refWalk(g, d, rl, fl) <= limit {
				coveredW += r.Weight
				continue
			}
			uncovered = append(uncovered, i)
		}
		if math.Abs(coveredW-out.CoveredWeight) > 1e-9 {
			t.Fatalf("seed %d: existing facilities cover %v, reference %v", seed, out.CoveredWeight, coveredW)
		}
		sets := make([][]int32, len(cands))
		w := make([]float64, len(uncovered))
		for j, i := range uncovered {
			w[j] = res[i].Weight
		}
		for c, cand := range cands {
			cl, err := sn.Snap(cand.Point, 0, 0)
			if err != nil {
				continue
			}
			for j, i := range uncovered {
				rl, _ := sn.Snap(res[i].Point, 0, 0)
				if refWalk(g, d, rl, cl) <= limit {
					sets[c] = append(sets[c], int32(j))
				}
			}
		}
		want := plainGreedy(sets, w, make([]bool, len(w)), opts.Count)
		if len(out.Sites) != len(want) {
			t.Fatalf("seed %d: %d sites, reference greedy %d", seed, len(out.Sites), len(want))
		}
		for k, s := range out.Sites {
			var ids []int
			for _, j := range want[k].items {
				ids = append(ids, uncovered[j])
			}
			slices.Sort(ids)
			if s.Candidate != want[k].cand || math.Abs(s.Gained-want[k].gain) > 1e-9 || !slices.Equal(s.Residents, ids) {
				t.Fatalf("seed %d site %d: %s gains %v %v; reference %s gains %v %v", seed, k, cands[s.Candidate].ID, s.Gained, s.Residents, cands[want[k].cand].ID, want[k].gain, ids)
			}
		}
		if len(out.CandidateIssues) != 1 || cands[out.CandidateIssues[0].Candidate].ID != "off" {
			t.Errorf("seed %d: candidate issues %+v, want the one off the network", seed, out.CandidateIssues)
		}
		if len(out.Unroutable) != 1 || res[out.Unroutable[0].Resident].ID != "far" {
			t.Errorf("seed %d: unroutable %+v, want far", seed, out.Unroutable)
		}
	}
}

// TestSiteFirstCoversLargestCluster: on one straight street with the
// pharmacy at its west end, seven people live 600 m east and three 1100 m
// east; with a 3-minute walk (239 m) and candidate cells everywhere, the
// first site goes to the seven, the second to the three.
func TestSiteFirstCoversLargestCluster(t *testing.T) {
	for _, oneWay := range []bool{false, true} {
		t.Run(fmt.Sprintf("one edge %v", oneWay), func(t *testing.T) { firstCoversLargest(t, oneWay) })
	}
}

func firstCoversLargest(t *testing.T, oneWay bool) {
	g, at := streetOf(t, 14, oneWay)
	if oneWay && g.NumEdges() != 1 {
		t.Fatalf("%d edges, want the street as one edge", g.NumEdges())
	}
	facs := []Facility{{ID: "p", Category: "pharmacy", Point: at(0)}}
	var res []Resident
	for i := range 7 {
		res = append(res, Resident{ID: fmt.Sprint("big", i), Point: at(580 + 6*float64(i)), Weight: 1})
	}
	for i := range 3 {
		res = append(res, Resident{ID: fmt.Sprint("small", i), Point: at(1100 + 10*float64(i)), Weight: 1})
	}
	res = append(res, Resident{ID: "near", Point: at(100), Weight: 1})
	out, err := Site(context.Background(), g, g.NewSnapper(), facs, res, nil, nil,
		SiteOptions{Category: "pharmacy", Count: 3, Budget: geo.Budget{Minutes: 3}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	if out.CoveredCount != 1 || out.TotalCount != 11 {
		t.Fatalf("covered %d of %d, want 1 of 11", out.CoveredCount, out.TotalCount)
	}
	if len(out.Sites) != 2 || out.Stopped != "no candidate covers anyone else" {
		t.Fatalf("sites %+v, stopped %q; want two", out.Sites, out.Stopped)
	}
	first, second := out.Sites[0], out.Sites[1]
	if first.GainedCount != 7 || second.GainedCount != 3 || second.CoveredAfterCount != 11 {
		t.Errorf("first covers %d, second %d, then %d covered; want 7, 3, 11", first.GainedCount, second.GainedCount, second.CoveredAfterCount)
	}
	east := func(p orb.Point) float64 { return geo.Distance(at(0), p) }
	if m := east(first.At); m < 580-239 || m > 616+239 {
		t.Errorf("first site %.0f m east, want within the walk of the seven", m)
	}
	if out.Useful == 0 || out.Evaluated > out.Useful {
		t.Errorf("useful %d, evaluated %d", out.Useful, out.Evaluated)
	}
	// set cover: how many sites reach 100 %? two; 5 % is met already.
	full, err := Site(context.Background(), g, g.NewSnapper(), facs, res, nil, nil,
		SiteOptions{Category: "pharmacy", Target: 1, Budget: geo.Budget{Minutes: 3}, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Sites) != 2 || full.Stopped != "target" {
		t.Errorf("target 100 %%: %d sites, stopped %q; want 2, target", len(full.Sites), full.Stopped)
	}
	met, err := Site(context.Background(), g, g.NewSnapper(), facs, res, nil, nil,
		SiteOptions{Category: "pharmacy", Target: 0.05, Budget: geo.Budget{Minutes: 3}, Profile: routing.Standard})
	if err != nil || len(met.Sites) != 0 || met.Stopped != "target already met" {
		t.Errorf("target 5 %%: %v, %d sites, stopped %q", err, len(met.Sites), met.Stopped)
	}
	// only the group "x": nobody counts
	none, err := Site(context.Background(), g, g.NewSnapper(), facs, res, nil, nil,
		SiteOptions{Category: "pharmacy", Count: 1, Groups: []string{"x"}, Budget: geo.Budget{Minutes: 3}, Profile: routing.Standard})
	if err != nil || none.TotalCount != 0 || len(none.Sites) != 0 {
		t.Errorf("group x: %v, %d counted, %d sites", err, none.TotalCount, len(none.Sites))
	}
}

func TestSiteErrors(t *testing.T) {
	g, at := street(t, 2)
	res := []Resident{{ID: "r", Point: at(100), Weight: 1}}
	base := SiteOptions{Category: "pharmacy", Count: 1, Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard}
	for _, tt := range []struct {
		name string
		mod  func(*SiteOptions)
	}{
		{"count 0", func(o *SiteOptions) { o.Count = 0 }},
		{"count -1", func(o *SiteOptions) { o.Count = -1 }},
		{"no category", func(o *SiteOptions) { o.Category = "" }},
		{"target 1.5", func(o *SiteOptions) { o.Target = 1.5 }},
		{"resolution 16", func(o *SiteOptions) { o.CellResolution = 16 }},
		{"no budget", func(o *SiteOptions) { o.Budget = geo.Budget{} }},
	} {
		o := base
		tt.mod(&o)
		if _, err := Site(context.Background(), g, g.NewSnapper(), nil, res, nil, nil, o); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	o := base
	o.Count = 0
	if _, err := Site(context.Background(), g, g.NewSnapper(), nil, res, nil, nil, o); !errors.Is(err, ErrSiteCount) {
		t.Errorf("count 0: %v, want ErrSiteCount", err)
	}
}

// TestWeightGridBound: the grid's bound is never below the weight of the
// residents within the radius in a straight line, at any latitude, and
// not far above it.
func TestWeightGridBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, lat := range []float64{0, 39.7, -41.1, 60, 71.5} {
		var res []Resident
		var idx []int
		var w []float64
		for i := range 3000 {
			res = append(res, Resident{ID: fmt.Sprint(i), Point: orb.Point{-75 + rng.Float64()*0.2, lat + rng.Float64()*0.1}, Weight: 1})
			idx = append(idx, i)
			w = append(w, float64(1+rng.IntN(3)))
		}
		const radius = 1200.0
		wg := newWeightGrid(idx, res, w, radius)
		sumBound, sumExact := 0.0, 0.0
		for range 300 {
			p := orb.Point{-75.02 + rng.Float64()*0.24, lat - 0.01 + rng.Float64()*0.12}
			exact := 0.0
			for j, r := range res {
				if geo.Distance(p, r.Point) <= radius {
					exact += w[j]
				}
			}
			b := wg.bound(p)
			if b < exact {
				t.Fatalf("lat %v at %v: bound %v below the weight within %v m, %v", lat, p, b, radius, exact)
			}
			sumBound += b
			sumExact += exact
		}
		if r := sumBound / sumExact; r > 1.3 {
			t.Errorf("lat %v: bounds are %.2f times the weight within the radius, in sum", lat, r)
		}
	}
}
