package access

import (
	"math"

	"github.com/walkshed/walkshed/internal/minheap"
)

// This file holds the greedy maximal covering used by Site, apart from
// the network so that it can be checked against exhaustive search.
//
// Maximal covering location (Church and ReVelle, 1974) asks for the p
// sites that together cover the most weight. It is NP-hard; the greedy
// that adds, p times, the site covering the most weight not yet covered
// covers at least (1 − 1/e) ≈ 63.2 % of the optimum (Nemhauser, Wolsey and
// Fisher, 1978), since coverage is a monotone submodular function. Asked
// instead for the fewest sites reaching a target (set cover), the same
// greedy uses at most H(n) ≈ ln n + 1 times the optimal number of sites
// (Johnson, 1974; Chvátal, 1979), n the number of residents to cover.
//
// Lazy evaluation (Minoux, 1978) gives the same picks for far less work: a
// site's gain can only shrink as others are picked, so a gain computed in
// an earlier round is an upper bound. Candidates wait in a max-heap keyed
// by such a bound; the top is re-evaluated, and picked when its fresh gain
// still tops the heap. Site starts the heap with a cheaper bound still: the
// weight of uncovered residents within a box of straight-line distance, so
// that only candidates that come near the top ever get a network search.

// greedyPick is one site the greedy chose: the candidate, the weight it
// newly covers and the items (indices into the weights) it newly covers.
type greedyPick struct {
	cand  int
	gain  float64
	items []int32
}

// greedyStats counts the greedy's work.
type greedyStats struct {
	evaluations int // exact cover sets computed
	rescores    int // gains recomputed from a cover set
}

// greedyEntry is a heap entry: an upper bound of a candidate's gain, the
// round it was computed in (-1 for the initial bound) and whether it is
// the gain of the candidate's exact cover set.
type greedyEntry struct {
	key   float64
	cand  int32
	round int32
}

// greedyBefore orders the greedy's heap (internal/minheap): largest key
// first, then the smaller candidate index, so that ties go to the first
// candidate as a plain greedy's scan would.
func greedyBefore(a, b greedyEntry) bool {
	if a.key != b.key {
		return a.key > b.key
	}
	return a.cand < b.cand
}

// gainOf is the weight of the items not yet covered.
func gainOf(items []int32, w []float64, covered []bool) float64 {
	g := 0.0
	for _, j := range items {
		if !covered[j] {
			g += w[j]
		}
	}
	return g
}

// lazyGreedy picks sites greedily. bounds[c] is an upper bound of the
// weight candidate c covers (+Inf when unknown); cover(cs) returns the
// items each of the candidates cs covers (it may compute them in
// parallel; each candidate is asked for at most once). When the top of the
// heap needs its cover, up to batch of the next candidates that need
// theirs are asked for together, a fixed number so that the work done,
// and Site's report of it, do not depend on the machine. covered marks the
// items already covered and is updated. It stops after count picks
// (count ≤ 0: no limit), once done(covered weight so far) is true (nil:
// never), or when no candidate covers anything more. The picks are those
// of a plain greedy that scans every candidate every round, ties going to
// the smaller index: evaluating a candidate early changes no choice.
func lazyGreedy(bounds []float64, cover func(cs []int) [][]int32, batch int, w []float64, covered []bool, count int, done func(gained float64) bool) ([]greedyPick, greedyStats) {
	var st greedyStats
	h := minheap.New(greedyBefore, len(bounds))
	for c, b := range bounds {
		if b > 0 {
			h.Push(greedyEntry{key: b, cand: int32(c), round: -1})
		}
	}
	sets := make([][]int32, len(bounds))
	have := make([]bool, len(bounds))
	var picks []greedyPick
	gained := 0.0
	for (count <= 0 || len(picks) < count) && h.Len() > 0 {
		if done != nil && done(gained) {
			break
		}
		round := int32(len(picks))
		top := h.Pop()
		c := int(top.cand)
		if top.round == round {
			// Fresh: its exact gain tops every other bound.
			if top.key <= 0 {
				break
			}
			var items []int32
			for _, j := range sets[c] {
				if !covered[j] {
					covered[j] = true
					items = append(items, j)
				}
			}
			picks = append(picks, greedyPick{cand: c, gain: top.key, items: items})
			gained += top.key
			continue
		}
		if have[c] {
			st.rescores++
			if g := gainOf(sets[c], w, covered); g > 0 {
				h.Push(greedyEntry{key: g, cand: top.cand, round: round})
			}
			continue
		}
		// c needs its cover: ask for it with the next ones that do too.
		todo := []int{c}
		for len(todo) < max(batch, 1) && h.Len() > 0 && !have[h.Peek().cand] && h.Peek().round != round {
			todo = append(todo, int(h.Pop().cand))
		}
		for i, items := range cover(todo) {
			d := todo[i]
			sets[d], have[d] = items, true
			st.evaluations++
			st.rescores++
			if g := gainOf(items, w, covered); g > 0 {
				h.Push(greedyEntry{key: g, cand: int32(d), round: round})
			}
		}
	}
	return picks, st
}

// plainGreedy is the reference: every round, every candidate's gain.
func plainGreedy(sets [][]int32, w []float64, covered []bool, count int) []greedyPick {
	var picks []greedyPick
	for count <= 0 || len(picks) < count {
		best, bestGain := -1, 0.0
		for c, s := range sets {
			if g := gainOf(s, w, covered); g > bestGain {
				best, bestGain = c, g
			}
		}
		if best < 0 {
			break
		}
		var items []int32
		for _, j := range sets[best] {
			if !covered[j] {
				covered[j] = true
				items = append(items, j)
			}
		}
		picks = append(picks, greedyPick{cand: best, gain: bestGain, items: items})
	}
	return picks
}

// greedyBound is the guarantee of the greedy for maximal covering: it
// covers at least this share of the optimum.
var greedyBound = 1 - 1/math.E
