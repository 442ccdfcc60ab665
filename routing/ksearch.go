package routing

import "math"

// Label is one of the k best (distance, origin) pairs held at a node.
type Label struct {
	Dist   float64
	Origin int32
}

// KSearcher finds, for every node, the k nearest distinct origins within a
// limit: each node holds up to k labels, and a label settles only if its
// origin is not already among the node's labels, so the k answers are k
// distinct sources (facilities). Not safe for concurrent use; one per
// goroutine.
type KSearcher struct {
	g      *Graph
	k      int
	labels []Label  // k per node
	count  []uint8  // settled labels per node
	stamp  []uint32 // epoch of count
	epoch  uint32
	heap   labelHeap
	avoid  EdgeFlags
}

// NewKSearcher returns a KSearcher for g keeping k labels per node
// (1 <= k <= 255).
func (g *Graph) NewKSearcher(k int) *KSearcher {
	if k < 1 {
		k = 1
	}
	if k > 255 {
		k = 255
	}
	n := g.NumNodes()
	return &KSearcher{g: g, k: k, labels: make([]Label, k*n), count: make([]uint8, n), stamp: make([]uint32, n)}
}

// K returns the number of labels kept per node.
func (s *KSearcher) K() int { return s.k }

// Run performs the search.
func (s *KSearcher) Run(q Query) {
	s.epoch++
	if s.epoch == 0 {
		clear(s.stamp)
		s.epoch = 1
	}
	s.avoid = q.Avoid
	s.heap = s.heap[:0]
	for _, src := range q.Sources {
		if src.Dist <= q.Limit && src.Node >= 0 && int(src.Node) < len(s.count) {
			s.heap.push(kItem{dist: src.Dist, node: src.Node, origin: src.Origin})
		}
	}
	g := s.g
	for len(s.heap) > 0 {
		it := s.heap.pop()
		u := it.node
		if s.stamp[u] != s.epoch {
			s.stamp[u] = s.epoch
			s.count[u] = 0
		}
		c := int(s.count[u])
		if c >= s.k || s.has(u, c, it.origin) {
			continue
		}
		s.labels[int(u)*s.k+c] = Label{Dist: it.dist, Origin: it.origin}
		s.count[u]++
		for i := g.firstOut[u]; i < g.firstOut[u+1]; i++ {
			e := g.adjEdge[i]
			if g.flags[e]&q.Avoid != 0 {
				continue
			}
			v := g.adjHead[i]
			d := it.dist + float64(g.length[e])
			if d > q.Limit {
				continue
			}
			if s.stamp[v] == s.epoch {
				cv := int(s.count[v])
				if cv >= s.k || s.has(v, cv, it.origin) {
					continue
				}
			}
			s.heap.push(kItem{dist: d, node: v, origin: it.origin})
		}
	}
}

func (s *KSearcher) has(n NodeID, c int, origin int32) bool {
	base := int(n) * s.k
	for _, l := range s.labels[base : base+c] {
		if l.Origin == origin {
			return true
		}
	}
	return false
}

// Labels returns the labels of n, nearest first (at most k). The slice
// aliases the searcher's memory and is valid until the next Run.
func (s *KSearcher) Labels(n NodeID) []Label {
	if s.stamp[n] != s.epoch {
		return nil
	}
	base := int(n) * s.k
	return s.labels[base : base+int(s.count[n])]
}

// AppendNearest appends to dst the up to k nearest distinct origins of loc
// (door leg not included), merging the labels of its edge's two ends,
// nearest first; ties go to the smaller origin.
func (s *KSearcher) AppendNearest(dst []Label, loc Location) []Label {
	g := s.g
	e := loc.Edge
	if g.flags[e]&s.avoid != 0 {
		return dst
	}
	l := float64(g.length[e])
	off := math.Max(0, math.Min(l, loc.Offset))
	start := len(dst)
	add := func(lab Label) {
		for i := start; i < len(dst); i++ {
			if dst[i].Origin == lab.Origin {
				if lab.Dist < dst[i].Dist {
					dst[i].Dist = lab.Dist
				}
				return
			}
		}
		dst = append(dst, lab)
	}
	for _, lab := range s.Labels(g.edgeU[e]) {
		add(Label{Dist: lab.Dist + off, Origin: lab.Origin})
	}
	for _, lab := range s.Labels(g.edgeV[e]) {
		add(Label{Dist: lab.Dist + l - off, Origin: lab.Origin})
	}
	SortLabels(dst[start:])
	if len(dst)-start > s.k {
		dst = dst[:start+s.k]
	}
	return dst
}

// SortLabels sorts labels by distance, then origin.
func SortLabels(ls []Label) {
	for i := 1; i < len(ls); i++ { // insertion sort: k is small
		for j := i; j > 0 && labelLess(ls[j], ls[j-1]); j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

func labelLess(a, b Label) bool {
	if a.Dist != b.Dist {
		return a.Dist < b.Dist
	}
	return a.Origin < b.Origin
}

type kItem struct {
	dist   float64
	node   NodeID
	origin int32
}

type labelHeap []kItem

func kLess(a, b kItem) bool {
	if a.dist != b.dist {
		return a.dist < b.dist
	}
	if a.node != b.node {
		return a.node < b.node
	}
	return a.origin < b.origin
}

func (h *labelHeap) push(it kItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !kLess(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *labelHeap) pop() kItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		m := l
		if r := l + 1; r < len(a) && kLess(a[r], a[l]) {
			m = r
		}
		if !kLess(a[m], a[i]) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
