package routing

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
)

// DefaultMinComponentMeters is the default island threshold: connected
// components with less street than this are islands. It matches the
// reference implementation the project is checked against (5 km).
const DefaultMinComponentMeters = 5000

// BuildOptions tune Build. The zero value means defaults.
type BuildOptions struct {
	// MinComponentMeters is the island threshold in metres of street;
	// 0 means DefaultMinComponentMeters, a negative value disables islands.
	MinComponentMeters float64
	// Source and Timestamp are recorded in the graph's Info.
	Source, Timestamp string
}

// BuildReport tells what Build made of its input.
type BuildReport struct {
	Ways            int     // walkable ways given
	WaysMissingNode int     // ways with at least one node not in Input.Nodes (split there)
	Nodes           int     // graph nodes
	Edges           int     // undirected edges
	WalkableMeters  float64 // total edge length
	Components      int     // connected components
	Islands         int     // components below the threshold
	IslandEdges     int     // edges flagged FlagIsland
	IslandMeters    float64 // street length in islands
}

// ErrEmptyNetwork is returned by Build when no walkable edge results.
var ErrEmptyNetwork = errors.New("routing: no walkable street in the input")

// Build turns walkable ways into a Graph. Ways are cut at every node shared
// with another way (or used twice by one way) and at way ends; the interior
// nodes of each piece become its polyline. Node flags apply to the edges that
// contain the node. Edges of small components are flagged FlagIsland.
func Build(in Input, opts BuildOptions) (*Graph, BuildReport, error) {
	rep := BuildReport{Ways: len(in.Ways)}
	minComp := opts.MinComponentMeters
	if minComp == 0 {
		minComp = DefaultMinComponentMeters
	}

	// 1. how often each OSM node is used; junctions are used twice or more.
	uses := make(map[int64]int32, len(in.Nodes))
	for _, w := range in.Ways {
		for i, id := range w.Nodes {
			if i > 0 && w.Nodes[i-1] == id {
				continue
			}
			uses[id]++
		}
	}

	// 2. cut ways into pieces between junctions.
	type piece struct {
		u, v  int64
		inner []int64 // interior OSM node ids
		flags EdgeFlags
		way   int64
		len   float64
	}
	var pieces []piece
	nodeFlags := func(id int64) EdgeFlags { return in.Nodes[id].Flags }
	for _, w := range in.Ways {
		// split at missing nodes: each run of present nodes is handled alone
		ids := make([]int64, 0, len(w.Nodes))
		missing := false
		flush := func() {
			if len(ids) < 2 {
				ids = ids[:0]
				return
			}
			start := 0
			for i := 1; i < len(ids); i++ {
				if i == len(ids)-1 || uses[ids[i]] > 1 {
					p := piece{u: ids[start], v: ids[i], way: w.ID, flags: w.Flags}
					p.inner = append([]int64(nil), ids[start+1:i]...)
					for _, n := range ids[start : i+1] {
						p.flags |= nodeFlags(n)
					}
					prev := in.Nodes[ids[start]].Point
					for _, n := range ids[start+1 : i+1] {
						pt := in.Nodes[n].Point
						p.len += geo.Distance(prev, pt)
						prev = pt
					}
					pieces = append(pieces, p)
					start = i
				}
			}
			ids = ids[:0]
		}
		for i, id := range w.Nodes {
			if i > 0 && w.Nodes[i-1] == id {
				continue
			}
			if _, ok := in.Nodes[id]; !ok {
				missing = true
				flush()
				continue
			}
			ids = append(ids, id)
		}
		flush()
		if missing {
			rep.WaysMissingNode++
		}
	}
	if len(pieces) == 0 {
		return nil, rep, ErrEmptyNetwork
	}

	// 3. graph nodes in Hilbert order of their coordinates.
	var osmIDs []int64
	seen := make(map[int64]struct{}, len(pieces))
	for _, p := range pieces {
		for _, id := range [2]int64{p.u, p.v} {
			if _, ok := seen[id]; !ok {
				seen[id] = struct{}{}
				osmIDs = append(osmIDs, id)
			}
		}
	}
	bound := orb.Bound{Min: in.Nodes[osmIDs[0]].Point, Max: in.Nodes[osmIDs[0]].Point}
	for _, id := range osmIDs {
		bound = bound.Extend(in.Nodes[id].Point)
	}
	keys := make([]uint64, len(osmIDs))
	order := make([]int, len(osmIDs))
	for i, id := range osmIDs {
		keys[i] = hilbertKey(bound, in.Nodes[id].Point)
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ka, kb := keys[order[a]], keys[order[b]]
		if ka != kb {
			return ka < kb
		}
		return osmIDs[order[a]] < osmIDs[order[b]]
	})
	index := make(map[int64]NodeID, len(osmIDs))
	g := &Graph{
		nodeLon: make([]int32, len(osmIDs)),
		nodeLat: make([]int32, len(osmIDs)),
		nodeOSM: make([]int64, len(osmIDs)),
		info:    Info{Source: opts.Source, Timestamp: opts.Timestamp, MinComponentMeters: minComp},
	}
	for newID, old := range order {
		id := osmIDs[old]
		index[id] = NodeID(newID)
		p := in.Nodes[id].Point
		g.nodeLon[newID], g.nodeLat[newID] = fixed(p[0]), fixed(p[1])
		g.nodeOSM[newID] = id
	}

	// 4. edges sorted by (u, v, way) for locality and determinism.
	for i := range pieces {
		if index[pieces[i].u] > index[pieces[i].v] {
			p := &pieces[i]
			p.u, p.v = p.v, p.u
			slices.Reverse(p.inner)
		}
	}
	sort.SliceStable(pieces, func(a, b int) bool {
		pa, pb := &pieces[a], &pieces[b]
		ua, ub := index[pa.u], index[pb.u]
		if ua != ub {
			return ua < ub
		}
		va, vb := index[pa.v], index[pb.v]
		if va != vb {
			return va < vb
		}
		if pa.way != pb.way {
			return pa.way < pb.way
		}
		return pa.len < pb.len
	})
	m := len(pieces)
	g.edgeU = make([]NodeID, m)
	g.edgeV = make([]NodeID, m)
	g.length = make([]float32, m)
	g.flags = make([]EdgeFlags, m)
	g.wayID = make([]int64, m)
	g.geomStart = make([]uint32, m+1)
	for e, p := range pieces {
		g.edgeU[e], g.edgeV[e] = index[p.u], index[p.v]
		g.length[e] = float32(p.len)
		g.flags[e] = p.flags
		g.wayID[e] = p.way
		for _, id := range p.inner {
			pt := in.Nodes[id].Point
			g.geomLon = append(g.geomLon, fixed(pt[0]))
			g.geomLat = append(g.geomLat, fixed(pt[1]))
		}
		g.geomStart[e+1] = uint32(len(g.geomLon))
		rep.WalkableMeters += p.len
	}

	// 5. CSR adjacency.
	n := len(osmIDs)
	g.firstOut = make([]uint32, n+1)
	for e := range m {
		g.firstOut[g.edgeU[e]+1]++
		g.firstOut[g.edgeV[e]+1]++
	}
	for i := 1; i <= n; i++ {
		g.firstOut[i] += g.firstOut[i-1]
	}
	g.adjHead = make([]NodeID, 2*m)
	g.adjEdge = make([]EdgeID, 2*m)
	fill := append([]uint32(nil), g.firstOut[:n]...)
	for e := range m {
		u, v := g.edgeU[e], g.edgeV[e]
		g.adjHead[fill[u]], g.adjEdge[fill[u]] = v, EdgeID(e)
		fill[u]++
		g.adjHead[fill[v]], g.adjEdge[fill[v]] = u, EdgeID(e)
		fill[v]++
	}

	// 6. components and islands.
	comp, count := g.components()
	compLen := make([]float64, count)
	for e := range m {
		compLen[comp[g.edgeU[e]]] += float64(g.length[e])
	}
	rep.Components = count
	for c := range compLen {
		if minComp > 0 && compLen[c] < minComp {
			rep.Islands++
			rep.IslandMeters += compLen[c]
		}
	}
	for e := range m {
		if minComp > 0 && compLen[comp[g.edgeU[e]]] < minComp {
			g.flags[e] |= FlagIsland
			rep.IslandEdges++
		}
	}
	rep.Nodes, rep.Edges = n, m
	return g, rep, nil
}

// components labels every node with its connected component.
func (g *Graph) components() ([]int32, int) {
	n := g.NumNodes()
	comp := make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	var stack []NodeID
	count := 0
	for s := range n {
		if comp[s] >= 0 {
			continue
		}
		comp[s] = int32(count)
		stack = append(stack[:0], NodeID(s))
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for i := g.firstOut[u]; i < g.firstOut[u+1]; i++ {
				v := g.adjHead[i]
				if comp[v] < 0 {
					comp[v] = int32(count)
					stack = append(stack, v)
				}
			}
		}
		count++
	}
	return comp, count
}

func fixed(deg float64) int32 { return int32(math.Round(deg * coordScale)) }

// hilbertKey maps p inside b to its index on a 2^16 x 2^16 Hilbert curve.
func hilbertKey(b orb.Bound, p orb.Point) uint64 {
	const side = 1 << 16
	scale := func(v, lo, hi float64) uint32 {
		if hi <= lo {
			return 0
		}
		x := (v - lo) / (hi - lo) * (side - 1)
		return uint32(math.Max(0, math.Min(side-1, x)))
	}
	x := scale(p[0], b.Min[0], b.Max[0])
	y := scale(p[1], b.Min[1], b.Max[1])
	var d uint64
	for s := uint32(side / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				x = side - 1 - x
				y = side - 1 - y
			}
			x, y = y, x
		}
	}
	return d
}

// String renders the report as a few human lines.
func (r BuildReport) String() string {
	return fmt.Sprintf("nodes %d, edges %d, walkable %.1f km, components %d, islands %d (%d edges, %.1f km)",
		r.Nodes, r.Edges, r.WalkableMeters/1000, r.Components, r.Islands, r.IslandEdges, r.IslandMeters/1000)
}
