package emergency

import (
	"math/rand/v2"
	"testing"
)

// bestAssignment enumerates every assignment: the most residents served,
// then the least total cost.
func bestAssignment(nVol, nRes int, capacity []int, pairs []pair) (served int, cost int64) {
	options := make([][]pair, nRes)
	for _, p := range pairs {
		options[p.res] = append(options[p.res], p)
	}
	used := make([]int, nVol)
	best, bestCost := -1, int64(0)
	var walk func(r, n int, c int64)
	walk = func(r, n int, c int64) {
		if r == nRes {
			if n > best || (n == best && c < bestCost) {
				best, bestCost = n, c
			}
			return
		}
		walk(r+1, n, c) // left without
		for _, p := range options[r] {
			if capacity[p.vol] > 0 && used[p.vol] >= capacity[p.vol] {
				continue
			}
			used[p.vol]++
			walk(r+1, n+1, c+p.cost)
			used[p.vol]--
		}
	}
	walk(0, 0, 0)
	return best, bestCost
}

func TestAssignIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 3000 {
		nVol, nRes := 1+rng.IntN(4), 1+rng.IntN(7)
		capacity := make([]int, nVol)
		for i := range capacity {
			capacity[i] = rng.IntN(3) // 0: no limit
		}
		var pairs []pair
		for v := range nVol {
			for r := range nRes {
				if rng.IntN(3) > 0 {
					pairs = append(pairs, pair{vol: v, res: r, cost: int64(rng.IntN(20))})
				}
			}
		}
		got := assign(nVol, nRes, capacity, pairs)
		cost := map[[2]int]int64{}
		for _, p := range pairs {
			cost[[2]int{p.vol, p.res}] = p.cost
		}
		load := make([]int, nVol)
		served, total := 0, int64(0)
		for r, v := range got {
			if v < 0 {
				continue
			}
			c, ok := cost[[2]int{v, r}]
			if !ok {
				t.Fatalf("round %d: resident %d given to volunteer %d, who cannot reach it", round, r, v)
			}
			load[v]++
			served++
			total += c
		}
		for v, n := range load {
			if capacity[v] > 0 && n > capacity[v] {
				t.Fatalf("round %d: volunteer %d takes %d residents, capacity %d", round, v, n, capacity[v])
			}
		}
		wantServed, wantCost := bestAssignment(nVol, nRes, capacity, pairs)
		if served != wantServed || total != wantCost {
			t.Fatalf("round %d: served %d at cost %d, enumeration finds %d at cost %d (capacity %v, pairs %v)", round, served, total, wantServed, wantCost, capacity, pairs)
		}
	}
}
