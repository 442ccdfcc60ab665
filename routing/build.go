package routing

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

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

	// 1. dense indexes for the referenced OSM nodes, with how often each is
	// used; junctions are used twice or more. refs holds every way as dense
	// indexes, -1 where a node is missing.
	var (
		osmID  []int64
		points []orb.Point
		nflags []EdgeFlags
		lookup func(id int64) (int32, bool)
	)
	if in.NodeIDs != nil {
		if len(in.NodeData) != len(in.NodeIDs) {
			return nil, rep, fmt.Errorf("routing: input has %d node ids but %d node records", len(in.NodeIDs), len(in.NodeData))
		}
		osmID = in.NodeIDs
		points = make([]orb.Point, len(in.NodeData))
		nflags = make([]EdgeFlags, len(in.NodeData))
		for i, nd := range in.NodeData {
			points[i], nflags[i] = nd.Point, nd.Flags
		}
		lookup = func(id int64) (int32, bool) {
			i, ok := slices.BinarySearch(in.NodeIDs, id)
			return int32(i), ok
		}
	} else {
		dense := make(map[int64]int32, len(in.Nodes))
		lookup = func(id int64) (int32, bool) {
			d, ok := dense[id]
			if ok {
				return d, true
			}
			info, present := in.Nodes[id]
			if !present {
				return 0, false
			}
			d = int32(len(osmID))
			dense[id] = d
			osmID = append(osmID, id)
			points = append(points, info.Point)
			nflags = append(nflags, info.Flags)
			return d, true
		}
	}
	refs := make([]int32, 0, len(in.Ways)*4)
	wayStart := make([]int, len(in.Ways)+1)
	for wi, w := range in.Ways {
		for i, id := range w.Nodes {
			if i > 0 && w.Nodes[i-1] == id {
				continue
			}
			d, ok := lookup(id)
			if !ok {
				refs = append(refs, -1)
				continue
			}
			refs = append(refs, d)
		}
		wayStart[wi+1] = len(refs)
	}
	uses := make([]int32, len(osmID))
	for _, d := range refs {
		if d >= 0 {
			uses[d]++
		}
	}

	// 2. cut ways into pieces between junctions; a piece's interior nodes
	// are inner[innerStart:innerEnd].
	type piece struct {
		u, v       int32 // dense node indexes, later graph node ids
		innerStart int32
		innerEnd   int32
		seq        int32 // input order, the last tie-break
		flags      EdgeFlags
		way        int64
		len        float64
	}
	var pieces []piece
	var inner []int32
	for wi, w := range in.Ways {
		run := refs[wayStart[wi]:wayStart[wi+1]]
		missing := false
		for len(run) > 0 {
			// the next run of present nodes
			k := 0
			for k < len(run) && run[k] < 0 {
				k++
				missing = true
			}
			run = run[k:]
			k = 0
			for k < len(run) && run[k] >= 0 {
				k++
			}
			ids := run[:k]
			run = run[k:]
			if len(ids) < 2 {
				continue
			}
			start := 0
			for i := 1; i < len(ids); i++ {
				if i == len(ids)-1 || uses[ids[i]] > 1 {
					p := piece{u: ids[start], v: ids[i], way: w.ID, flags: w.Flags, innerStart: int32(len(inner)), seq: int32(len(pieces))}
					inner = append(inner, ids[start+1:i]...)
					p.innerEnd = int32(len(inner))
					for _, n := range ids[start : i+1] {
						p.flags |= nflags[n]
					}
					for j := start + 1; j <= i; j++ {
						p.len += geo.Distance(points[ids[j-1]], points[ids[j]])
					}
					pieces = append(pieces, p)
					start = i
				}
			}
		}
		if missing {
			rep.WaysMissingNode++
		}
	}
	if len(pieces) == 0 {
		return nil, rep, ErrEmptyNetwork
	}

	// 3. graph nodes (piece ends) in Hilbert order of their coordinates.
	isEnd := make([]bool, len(osmID))
	var ends []int32
	for _, p := range pieces {
		for _, d := range [2]int32{p.u, p.v} {
			if !isEnd[d] {
				isEnd[d] = true
				ends = append(ends, d)
			}
		}
	}
	bound := orb.Bound{Min: points[ends[0]], Max: points[ends[0]]}
	for _, d := range ends {
		bound = bound.Extend(points[d])
	}
	type keyed struct {
		key uint64
		osm int64
		d   int32
	}
	order := make([]keyed, len(ends))
	for i, d := range ends {
		order[i] = keyed{hilbertKey(bound, points[d]), osmID[d], d}
	}
	slices.SortFunc(order, func(a, b keyed) int {
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Compare(a.osm, b.osm)
	})
	nodeOf := make([]int32, len(osmID)) // dense index -> graph node
	g := &Graph{
		nodeLon: make([]int32, len(order)),
		nodeLat: make([]int32, len(order)),
		nodeOSM: make([]int64, len(order)),
		info:    Info{Source: opts.Source, Timestamp: opts.Timestamp, MinComponentMeters: minComp},
	}
	for id, k := range order {
		nodeOf[k.d] = int32(id)
		p := points[k.d]
		g.nodeLon[id], g.nodeLat[id] = fixed(p[0]), fixed(p[1])
		g.nodeOSM[id] = k.osm
	}

	// 4. edges sorted by (u, v, way, length) for locality and determinism;
	// each edge runs from its smaller node id.
	for i := range pieces {
		p := &pieces[i]
		p.u, p.v = nodeOf[p.u], nodeOf[p.v]
		if p.u > p.v {
			p.u, p.v = p.v, p.u
			slices.Reverse(inner[p.innerStart:p.innerEnd])
		}
	}
	slices.SortFunc(pieces, func(a, b piece) int {
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		if c := cmp.Compare(a.way, b.way); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	m := len(pieces)
	g.edgeU = make([]NodeID, m)
	g.edgeV = make([]NodeID, m)
	g.length = make([]float32, m)
	g.flags = make([]EdgeFlags, m)
	g.wayID = make([]int64, m)
	g.geomStart = make([]uint32, m+1)
	g.geomLon = make([]int32, 0, len(inner))
	g.geomLat = make([]int32, 0, len(inner))
	for e, p := range pieces {
		g.edgeU[e], g.edgeV[e] = NodeID(p.u), NodeID(p.v)
		g.length[e] = float32(p.len)
		g.flags[e] = p.flags
		g.wayID[e] = p.way
		for _, d := range inner[p.innerStart:p.innerEnd] {
			pt := points[d]
			g.geomLon = append(g.geomLon, fixed(pt[0]))
			g.geomLat = append(g.geomLat, fixed(pt[1]))
		}
		g.geomStart[e+1] = uint32(len(g.geomLon))
		rep.WalkableMeters += p.len
	}

	// 5. CSR adjacency.
	n := len(order)
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
