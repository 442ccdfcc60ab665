package routing

import (
	"math"
)

// Source seeds a search: the search starts at Node having already walked
// Dist metres, on behalf of Origin (a caller's index, e.g. a facility).
type Source struct {
	Node   NodeID
	Dist   float64
	Origin int32
}

// Query is one bounded search: from Sources, up to Limit metres, never
// crossing an edge with a flag in Avoid.
type Query struct {
	Sources []Source
	Limit   float64
	Avoid   EdgeFlags
}

// Searcher runs bounded multi-source Dijkstra searches on one graph. It keeps
// its buffers between searches (epoch-stamped, so a new search costs nothing
// for the nodes it does not touch). A Searcher is not safe for concurrent
// use; use one per goroutine (Graph.NewSearcher makes one; a sync.Pool of
// Searchers serves concurrent callers).
type Searcher struct {
	g       *Graph
	dist    []float64
	origin  []int32
	stamp   []uint32
	done    []uint32
	epoch   uint32
	heap    nodeHeap
	settled []NodeID
	avoid   EdgeFlags
	limit   float64
}

// NewSearcher returns a Searcher for g.
func (g *Graph) NewSearcher() *Searcher {
	n := g.NumNodes()
	return &Searcher{
		g:      g,
		dist:   make([]float64, n),
		origin: make([]int32, n),
		stamp:  make([]uint32, n),
		done:   make([]uint32, n),
	}
}

// Graph returns the graph the searcher runs on.
func (s *Searcher) Graph() *Graph { return s.g }

// Run performs the search. Afterwards Dist, Origin and Settled describe its
// result until the next Run.
func (s *Searcher) Run(q Query) {
	s.epoch++
	if s.epoch == 0 { // wrapped: clear stamps once every 4 billion searches
		clear(s.stamp)
		clear(s.done)
		s.epoch = 1
	}
	s.heap = s.heap[:0]
	s.settled = s.settled[:0]
	s.avoid, s.limit = q.Avoid, q.Limit
	for _, src := range q.Sources {
		if src.Dist > q.Limit || src.Node < 0 || int(src.Node) >= len(s.dist) {
			continue
		}
		s.relax(src.Node, src.Dist, src.Origin)
	}
	g := s.g
	for len(s.heap) > 0 {
		it := s.heap.pop()
		u := it.node
		if s.done[u] == s.epoch || it.dist > s.dist[u] {
			continue
		}
		s.done[u] = s.epoch
		s.settled = append(s.settled, u)
		du, ou := s.dist[u], s.origin[u]
		for i := g.firstOut[u]; i < g.firstOut[u+1]; i++ {
			e := g.adjEdge[i]
			if g.flags[e]&q.Avoid != 0 {
				continue
			}
			v := g.adjHead[i]
			if s.done[v] == s.epoch {
				continue
			}
			d := du + float64(g.length[e])
			if d <= q.Limit {
				s.relax(v, d, ou)
			}
		}
	}
}

func (s *Searcher) relax(v NodeID, d float64, origin int32) {
	if s.stamp[v] == s.epoch {
		if d > s.dist[v] || (d == s.dist[v] && origin >= s.origin[v]) {
			return
		}
	}
	s.stamp[v] = s.epoch
	s.dist[v] = d
	s.origin[v] = origin
	s.heap.push(heapItem{node: v, dist: d})
}

// Dist returns the distance in metres from the nearest source to n, and
// whether n was reached within the limit.
func (s *Searcher) Dist(n NodeID) (float64, bool) {
	if s.done[n] != s.epoch {
		return math.Inf(1), false
	}
	return s.dist[n], true
}

// Origin returns the Origin of the source nearest to n (ties go to the
// smaller Origin), or -1 if n was not reached.
func (s *Searcher) Origin(n NodeID) int32 {
	if s.done[n] != s.epoch {
		return -1
	}
	return s.origin[n]
}

// Settled returns the reached nodes in order of distance. The slice is owned
// by the Searcher and valid until the next Run.
func (s *Searcher) Settled() []NodeID { return s.settled }

// Limit returns the limit of the last search in metres.
func (s *Searcher) Limit() float64 { return s.limit }

// Avoid returns the avoid flags of the last search.
func (s *Searcher) Avoid() EdgeFlags { return s.avoid }

// heapItem is one entry of the binary heap.
type heapItem struct {
	dist float64
	node NodeID
}

// nodeHeap is a typed 4-ary min-heap (no container/heap boxing): half
// the depth of a binary heap, and a node's four children share a cache
// line or two. The order (dist, then node) is total and equal items are
// identical, so the items come out in the same sequence whatever the
// heap's shape. KSearcher has a twin for its own item type: a generic
// heap ordered through a method of the type parameter measured 15% slower
// on BenchmarkSearch15 (Go's generics call such methods through a
// dictionary), so the two stay.
type nodeHeap []heapItem

func (h *nodeHeap) push(it heapItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !less(it, a[p]) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
}

func (h *nodeHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	it := a[last]
	a = a[:last]
	i := 0
	for {
		c := 4*i + 1
		if c >= len(a) {
			break
		}
		m := c
		for k := c + 1; k < c+4 && k < len(a); k++ {
			if less(a[k], a[m]) {
				m = k
			}
		}
		if !less(a[m], it) {
			break
		}
		a[i] = a[m]
		i = m
	}
	if len(a) > 0 {
		a[i] = it
	}
	*h = a
	return top
}

func less(a, b heapItem) bool {
	if a.dist != b.dist {
		return a.dist < b.dist
	}
	return a.node < b.node
}
