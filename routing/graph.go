package routing

import (
	"github.com/paulmach/orb"
)

// NodeID is a dense graph node index in [0, Graph.NumNodes()). Ids follow a
// Hilbert curve over the node coordinates, so nodes near each other in space
// are near each other in memory.
type NodeID int32

// EdgeID is a dense undirected edge index in [0, Graph.NumEdges()). Every
// edge can be walked both ways (walking ignores oneway).
type EdgeID int32

// coordScale is the fixed-point scale of stored coordinates: 1e-7 degrees,
// about 1 cm, the precision of OSM itself.
const coordScale = 1e7

// Graph is an immutable walking network in compressed sparse row form.
// Nodes are way ends and nodes shared by walkable ways; chains of degree-2
// nodes are compressed into one edge that keeps its polyline. A Graph is safe
// for concurrent use by any number of goroutines once built; each goroutine
// searches with its own Searcher.
type Graph struct {
	// nodes
	nodeLon, nodeLat []int32 // 1e-7 degrees
	nodeOSM          []int64 // OSM node id of each node
	firstOut         []uint32

	// adjacency, one entry per directed edge
	adjHead []NodeID
	adjEdge []EdgeID

	// undirected edges
	edgeU, edgeV []NodeID
	length       []float32 // metres along the polyline
	flags        []EdgeFlags
	wayID        []int64

	// interior polyline points of edge e: geomLon/geomLat[geomStart[e]:geomStart[e+1]]
	geomStart        []uint32
	geomLon, geomLat []int32

	info Info
}

// Info describes where a graph came from and how it was built. It is stored
// in prepared network files.
type Info struct {
	// Source is the input file name (base name) the graph was built from.
	Source string
	// Timestamp is the OSM data timestamp of the source, RFC 3339, or "".
	Timestamp string
	// MinComponentMeters is the island threshold the graph was built with.
	MinComponentMeters float64
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.nodeLon) }

// NumEdges returns the number of undirected edges.
func (g *Graph) NumEdges() int { return len(g.edgeU) }

// Info returns the graph's provenance.
func (g *Graph) Info() Info { return g.info }

// NodePoint returns the position of node n.
func (g *Graph) NodePoint(n NodeID) orb.Point {
	return orb.Point{float64(g.nodeLon[n]) / coordScale, float64(g.nodeLat[n]) / coordScale}
}

// NodeOSMID returns the OSM id of node n.
func (g *Graph) NodeOSMID(n NodeID) int64 { return g.nodeOSM[n] }

// Degree returns the number of edges incident to n (a loop counts twice).
func (g *Graph) Degree(n NodeID) int { return int(g.firstOut[n+1] - g.firstOut[n]) }

// Ends returns the two end nodes of e; the edge's polyline runs from u to v.
func (g *Graph) Ends(e EdgeID) (u, v NodeID) { return g.edgeU[e], g.edgeV[e] }

// Length returns the length of e in metres.
func (g *Graph) Length(e EdgeID) float64 { return float64(g.length[e]) }

// Flags returns the flags of e.
func (g *Graph) Flags(e EdgeID) EdgeFlags { return g.flags[e] }

// WayID returns the OSM id of the way e was cut from.
func (g *Graph) WayID(e EdgeID) int64 { return g.wayID[e] }

// Geometry returns the polyline of e from u to v, including both end nodes.
// The returned slice is newly allocated and owned by the caller.
func (g *Graph) Geometry(e EdgeID) orb.LineString {
	return g.AppendGeometry(nil, e)
}

// AppendGeometry appends the polyline of e (u to v, both ends included) to
// dst and returns the extended slice.
func (g *Graph) AppendGeometry(dst orb.LineString, e EdgeID) orb.LineString {
	dst = append(dst, g.NodePoint(g.edgeU[e]))
	for i := g.geomStart[e]; i < g.geomStart[e+1]; i++ {
		dst = append(dst, orb.Point{float64(g.geomLon[i]) / coordScale, float64(g.geomLat[i]) / coordScale})
	}
	return append(dst, g.NodePoint(g.edgeV[e]))
}

// Adjacent calls fn for every edge incident to n with the node at its other
// end, until fn returns false. A loop edge is reported twice.
func (g *Graph) Adjacent(n NodeID, fn func(e EdgeID, other NodeID) bool) {
	for i := g.firstOut[n]; i < g.firstOut[n+1]; i++ {
		if !fn(g.adjEdge[i], g.adjHead[i]) {
			return
		}
	}
}

// Bound returns the bounding box of all nodes and polyline points.
func (g *Graph) Bound() orb.Bound {
	if g.NumNodes() == 0 {
		return orb.Bound{}
	}
	b := orb.Bound{Min: g.NodePoint(0), Max: g.NodePoint(0)}
	for i := range g.nodeLon {
		b = b.Extend(g.NodePoint(NodeID(i)))
	}
	for i := range g.geomLon {
		b = b.Extend(orb.Point{float64(g.geomLon[i]) / coordScale, float64(g.geomLat[i]) / coordScale})
	}
	return b
}

// SizeBytes returns the memory held by the graph's arrays, and the part of
// it that is polyline geometry.
func (g *Graph) SizeBytes() (total, geometry int) {
	geometry = 4*len(g.geomStart) + 4*len(g.geomLon) + 4*len(g.geomLat)
	total = geometry +
		4*len(g.nodeLon) + 4*len(g.nodeLat) + 8*len(g.nodeOSM) + 4*len(g.firstOut) +
		4*len(g.adjHead) + 4*len(g.adjEdge) +
		4*len(g.edgeU) + 4*len(g.edgeV) + 4*len(g.length) + 2*len(g.flags) + 8*len(g.wayID)
	return total, geometry
}
