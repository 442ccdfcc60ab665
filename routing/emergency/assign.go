package emergency

import (
	"github.com/walkshed/walkshed/internal/minheap"
	"math"
	"slices"
)

// pair is a volunteer who can reach a resident within the budget, and the
// cost of the walk (milliseconds, so that sums are exact).
type pair struct {
	vol, res int
	minutes  float64
	cost     int64
}

// assign gives residents to volunteers: as many residents as possible
// served, each by one volunteer of the pairs, no volunteer above its
// capacity; among those assignments, the one with the least total walking
// time. It returns the volunteer of each resident, or -1.
//
// Method: a min-cost flow (source → volunteer, capacity its capacity;
// volunteer → resident, capacity 1, cost the walk; resident → sink,
// capacity 1) solved by successive shortest paths with Dijkstra on reduced
// costs (Johnson potentials). Each augmentation adds one served resident
// along the cheapest path, so after n augmentations the flow is the
// cheapest of value n, and the last one is a maximum flow: most residents
// first, then least time, as wanted. Residents and volunteers that share no
// pair chain are solved apart (connected components of the pairs), so the
// cost grows with the largest neighbourhood rather than the city.
// gonum, the maintained Go graph library, has maximum flow but no
// min-cost flow, and its dense simplex (optimize/convex/lp) would hold a
// residents × volunteers matrix; this is the textbook algorithm, tested
// against enumeration of every assignment.
func assign(nVol, nRes int, capacity []int, pairs []pair) []int {
	out := make([]int, nRes)
	for i := range out {
		out[i] = -1
	}
	// components by union-find over volunteers and residents
	parent := make([]int, nVol+nRes)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		a, b := find(p.vol), find(nVol+p.res)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	byComp := map[int][]pair{}
	var roots []int
	for _, p := range pairs {
		r := find(p.vol)
		if _, ok := byComp[r]; !ok {
			roots = append(roots, r)
		}
		byComp[r] = append(byComp[r], p)
	}
	slices.Sort(roots)
	for _, r := range roots {
		solveComponent(byComp[r], capacity, out)
	}
	return out
}

// flow network edge
type fedge struct {
	to, rev int
	cap     int
	cost    int64
}

// solveComponent runs the min-cost flow on one component's pairs and
// writes the residents' volunteers into out.
func solveComponent(pairs []pair, capacity []int, out []int) {
	volIdx, resIdx := map[int]int{}, map[int]int{}
	var vols, ress []int
	for _, p := range pairs {
		if _, ok := volIdx[p.vol]; !ok {
			volIdx[p.vol] = len(vols)
			vols = append(vols, p.vol)
		}
		if _, ok := resIdx[p.res]; !ok {
			resIdx[p.res] = len(ress)
			ress = append(ress, p.res)
		}
	}
	nv, nr := len(vols), len(ress)
	src, snk := 0, 1+nv+nr
	n := snk + 1
	adj := make([][]fedge, n)
	addEdge := func(a, b, c int, cost int64) {
		adj[a] = append(adj[a], fedge{to: b, rev: len(adj[b]), cap: c, cost: cost})
		adj[b] = append(adj[b], fedge{to: a, rev: len(adj[a]) - 1, cap: 0, cost: -cost})
	}
	for i, v := range vols {
		c := capacity[v]
		if c <= 0 || c > nr {
			c = nr // no limit
		}
		addEdge(src, 1+i, c, 0)
	}
	for _, p := range pairs {
		addEdge(1+volIdx[p.vol], 1+nv+resIdx[p.res], 1, p.cost)
	}
	for j := range ress {
		addEdge(1+nv+j, snk, 1, 0)
	}

	const inf = math.MaxInt64 / 4
	pot := make([]int64, n)
	dist := make([]int64, n)
	done := make([]bool, n)
	prevNode := make([]int, n)
	prevEdge := make([]int, n)
	h := minheap.New(flowLess, 0)
	for {
		for i := range dist {
			dist[i], done[i] = inf, false
		}
		dist[src] = 0
		h.Reset()
		h.Push(flowItem{d: 0, n: src})
		for h.Len() > 0 {
			it := h.Pop()
			u := it.n
			if done[u] || it.d > dist[u] {
				continue
			}
			done[u] = true
			if u == snk {
				break
			}
			for k, e := range adj[u] {
				if e.cap == 0 {
					continue
				}
				nd := dist[u] + e.cost + pot[u] - pot[e.to]
				if nd < dist[e.to] {
					dist[e.to], prevNode[e.to], prevEdge[e.to] = nd, u, k
					h.Push(flowItem{d: nd, n: e.to})
				}
			}
		}
		if dist[snk] >= inf {
			break
		}
		for i := range pot {
			pot[i] += min(dist[i], dist[snk])
		}
		for v := snk; v != src; v = prevNode[v] {
			e := &adj[prevNode[v]][prevEdge[v]]
			e.cap--
			adj[v][e.rev].cap++
		}
	}
	for i := range vols {
		for _, e := range adj[1+i] {
			if e.to > nv && e.to < snk && e.cap == 0 && e.cost >= 0 {
				out[ress[e.to-1-nv]] = vols[i]
			}
		}
	}
}

type flowItem struct {
	d int64
	n int
}

// flowLess orders by distance, then node, so equal distances pop in a fixed
// order.
func flowLess(x, y flowItem) bool {
	if x.d != y.d {
		return x.d < y.d
	}
	return x.n < y.n
}
