package emergency_test

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed/routing"
)

// origin of the test networks: metres east and north of it become lon/lat.
var origin = orb.Point{7.42, 43.73}

// at converts metres east and north of origin to a point.
func at(x, y float64) orb.Point {
	const mPerDegLat = 111194.93
	return orb.Point{origin[0] + x/(mPerDegLat*math.Cos(origin[1]*math.Pi/180)), origin[1] + y/mPerDegLat}
}

// net builds a graph from points (metres) and ways (pairs of point indexes,
// or longer chains), with flags per way.
type net struct {
	pts   []orb.Point
	ways  [][]int
	flags []routing.EdgeFlags
}

func (n *net) node(x, y float64) int {
	n.pts = append(n.pts, at(x, y))
	return len(n.pts) - 1
}

func (n *net) way(f routing.EdgeFlags, ids ...int) {
	n.ways = append(n.ways, ids)
	n.flags = append(n.flags, f)
}

func (n *net) build(t testing.TB) *routing.Graph {
	t.Helper()
	in := routing.Input{Nodes: map[int64]routing.NodeInfo{}}
	for i, p := range n.pts {
		in.Nodes[int64(i+1)] = routing.NodeInfo{Point: p}
	}
	for i, w := range n.ways {
		ids := make([]int64, len(w))
		for j, k := range w {
			ids[j] = int64(k + 1)
		}
		in.Ways = append(in.Ways, routing.Way{ID: int64(i + 1), Nodes: ids, Flags: n.flags[i]})
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// town is a random street lattice of n×n blocks of about 90 m with some
// stairs and missing streets, and dead ends.
func town(t testing.TB, rng *rand.Rand, n int) *routing.Graph {
	var nt net
	id := make([][]int, n+1)
	for y := 0; y <= n; y++ {
		id[y] = make([]int, n+1)
		for x := 0; x <= n; x++ {
			id[y][x] = nt.node(float64(x)*90+rng.Float64()*30, float64(y)*80+rng.Float64()*30)
		}
	}
	for y := 0; y <= n; y++ {
		for x := 0; x <= n; x++ {
			if x < n && rng.IntN(6) > 0 {
				var f routing.EdgeFlags
				if rng.IntN(6) == 0 {
					f = routing.FlagSteps
				}
				if rng.IntN(3) == 0 { // a bent street
					mid := nt.node(float64(x)*90+45+rng.Float64()*20, float64(y)*80+rng.Float64()*20)
					nt.way(f, id[y][x], mid, id[y][x+1])
				} else {
					nt.way(f, id[y][x], id[y][x+1])
				}
			}
			if y < n && rng.IntN(6) > 0 {
				nt.way(0, id[y][x], id[y+1][x])
			}
		}
	}
	return nt.build(t)
}

// expanded is the reference network: every usable edge cut into pieces of
// at most step metres, plus extra cut points; distances by plain Dijkstra.
type expanded struct {
	g     *routing.Graph
	pos   []sample
	adj   [][]arc
	byLoc map[[2]float64]int // (edge, offset) → node, for the extra cut points
}

type sample struct {
	edge   routing.EdgeID
	offset float64
	point  orb.Point
}

type arc struct {
	to int
	w  float64
}

// expand cuts the usable edges of g (avoid and islands left out) every step
// metres and at the given extra points.
func expand(g *routing.Graph, avoid routing.EdgeFlags, step float64, extra []routing.Location) *expanded {
	x := &expanded{g: g, byLoc: map[[2]float64]int{}}
	nodeOf := make([]int, g.NumNodes())
	for i := range nodeOf {
		nodeOf[i] = -1
	}
	add := func(s sample) int {
		x.pos = append(x.pos, s)
		x.adj = append(x.adj, nil)
		return len(x.pos) - 1
	}
	link := func(a, b int, w float64) {
		x.adj[a] = append(x.adj[a], arc{b, w})
		x.adj[b] = append(x.adj[b], arc{a, w})
	}
	extraOn := map[routing.EdgeID][]float64{}
	for _, l := range extra {
		extraOn[l.Edge] = append(extraOn[l.Edge], l.Offset)
	}
	for e := range g.NumEdges() {
		id := routing.EdgeID(e)
		if g.Flags(id)&(avoid|routing.FlagIsland) != 0 {
			continue
		}
		u, v := g.Ends(id)
		l := g.Length(id)
		for _, n := range []routing.NodeID{u, v} {
			if nodeOf[n] < 0 {
				off := 0.0
				if n == v && n != u {
					off = l
				}
				nodeOf[n] = add(sample{edge: id, offset: off, point: g.NodePoint(n)})
			}
		}
		k := max(1, int(math.Ceil(l/step)))
		offs := []float64{}
		for i := 1; i < k; i++ {
			offs = append(offs, l*float64(i)/float64(k))
		}
		for _, o := range extraOn[id] {
			if o > 0 && o < l {
				offs = append(offs, o)
			}
		}
		sortFloats(offs)
		prev, prevOff := nodeOf[u], 0.0
		at := map[float64]int{}
		for _, o := range offs {
			if o == prevOff {
				continue
			}
			n := add(sample{edge: id, offset: o, point: g.PointAt(id, o)})
			at[o] = n
			link(prev, n, o-prevOff)
			prev, prevOff = n, o
		}
		link(prev, nodeOf[v], l-prevOff)
		for _, o := range extraOn[id] {
			switch {
			case o <= 0:
				x.byLoc[[2]float64{float64(id), o}] = nodeOf[u]
			case o >= l:
				x.byLoc[[2]float64{float64(id), o}] = nodeOf[v]
			default:
				x.byLoc[[2]float64{float64(id), o}] = at[o]
			}
		}
	}
	return x
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// dijkstra returns the distances from the seeds (node → starting distance).
func (x *expanded) dijkstra(seeds map[int]float64) []float64 {
	d := make([]float64, len(x.pos))
	for i := range d {
		d[i] = math.Inf(1)
	}
	h := &pq{}
	for n, s := range seeds {
		if s < d[n] {
			d[n] = s
			heap.Push(h, item{n, s})
		}
	}
	for h.Len() > 0 {
		it := heap.Pop(h).(item)
		if it.d > d[it.n] {
			continue
		}
		for _, a := range x.adj[it.n] {
			if nd := it.d + a.w; nd < d[a.to] {
				d[a.to] = nd
				heap.Push(h, item{a.to, nd})
			}
		}
	}
	return d
}

// inside reports which samples lie in the polygon.
func (x *expanded) inside(mp orb.MultiPolygon) []bool {
	in := make([]bool, len(x.pos))
	for i, s := range x.pos {
		in[i] = planar.MultiPolygonContains(mp, s.point)
	}
	return in
}

type item struct {
	n int
	d float64
}

type pq []item

func (h pq) Len() int             { return len(h) }
func (h pq) Less(i, j int) bool   { return h[i].d < h[j].d }
func (h pq) Swap(i, j int)        { h[i], h[j] = h[j], h[i] }
func (h *pq) Push(v any)          { *h = append(*h, v.(item)) }
func (h *pq) Pop() any            { o := *h; v := o[len(o)-1]; *h = o[:len(o)-1]; return v }
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// rect is a polygon from metres.
func rect(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{orb.Ring{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)}}}
}

// blob is a random star-shaped polygon round (cx, cy) metres.
func blob(rng *rand.Rand, cx, cy, r float64) orb.MultiPolygon {
	n := 5 + rng.IntN(8)
	ring := orb.Ring{}
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, at(cx+rr*math.Cos(a), cy+rr*math.Sin(a)))
	}
	return orb.MultiPolygon{{append(ring, ring[0])}}
}
