package routing

import (
	"slices"

	"github.com/paulmach/orb"
)

// EdgeFlags describe what a pedestrian meets along an edge. Flags come from
// the OSM reader (way and node tags) and from the builder (FlagIsland).
type EdgeFlags uint16

// Edge flags. A Profile excludes edges carrying any of its Avoid flags.
const (
	// FlagSteps marks stairs (highway=steps).
	FlagSteps EdgeFlags = 1 << iota
	// FlagCrossing marks a street crossing (footway=crossing, or a node
	// tagged highway=crossing on the edge).
	FlagCrossing
	// FlagKerbRaised marks a raised kerb (barrier=kerb with kerb=raised or
	// no kerb tag) on the edge: impassable for wheelchairs.
	FlagKerbRaised
	// FlagArea marks the outline of a pedestrian area (area=yes).
	FlagArea
	// FlagNoWheelchair marks ways tagged wheelchair=no.
	FlagNoWheelchair
	// FlagUnpaved marks unpaved surfaces (gravel, dirt, grass, sand, ...).
	FlagUnpaved
	// FlagRough marks surfaces hard for wheels (cobblestone, sett, unhewn
	// cobblestone).
	FlagRough
	// FlagIsland is set by the builder on edges of components smaller than
	// BuildOptions.MinComponentMeters. Island edges are not used for snapping.
	FlagIsland
)

// Way is one walkable way handed to the builder: its OSM id, the OSM ids of
// its nodes in order, and the flags that apply to all of it.
type Way struct {
	ID    int64
	Nodes []int64
	Flags EdgeFlags
}

// NodeInfo is what the builder needs to know of one OSM node: where it is and
// the flags it puts on the edges through it (a raised kerb, a crossing).
type NodeInfo struct {
	Point orb.Point
	Flags EdgeFlags
}

// Input is everything the builder reads: the walkable ways and every node
// they reference. Nodes come either as parallel slices, NodeIDs sorted
// ascending with NodeData aligned (the fast form, used by the OSM reader),
// or, when NodeIDs is nil, as the map Nodes (convenient for small inputs).
// A way is cut where it references a node that is absent.
type Input struct {
	Ways     []Way
	NodeIDs  []int64
	NodeData []NodeInfo
	Nodes    map[int64]NodeInfo
}

// Node returns the node with OSM id, from whichever form the input uses.
func (in *Input) Node(id int64) (NodeInfo, bool) {
	if in.NodeIDs != nil {
		i, ok := slices.BinarySearch(in.NodeIDs, id)
		if !ok || i >= len(in.NodeData) {
			return NodeInfo{}, false
		}
		return in.NodeData[i], true
	}
	n, ok := in.Nodes[id]
	return n, ok
}

// NumNodes returns the number of nodes the input holds.
func (in *Input) NumNodes() int {
	if in.NodeIDs != nil {
		return len(in.NodeIDs)
	}
	return len(in.Nodes)
}
