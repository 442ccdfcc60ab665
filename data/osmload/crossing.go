package osmload

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// Limits of the area crossings (see the package documentation).
const (
	// denseAreaEntrances is the number of entrances above which an area's
	// entrances are joined only to their nearest visible ones.
	denseAreaEntrances = 40
	// nearestCrossings is how many visible entrances each entrance of a
	// dense area is joined to.
	nearestCrossings = 8
	// grazeMeters is how close an outline vertex may come to a crossing
	// before the crossing counts as touching the outline: about twice the
	// rounding of OSM coordinates (1e-7 degrees), so that a straight side
	// drawn through several nodes is not crossed along itself.
	grazeMeters = 0.02
)

// addAreaCrossings appends to the network a straight way between every
// pair of mutually visible entrances of each walkable area way, and counts
// them in AreaCrossings. It runs after assembleNetwork: entrances are the
// area's nodes used twice or more by the network's ways.
func (b *builder) addAreaCrossings() {
	net := &b.ex.Network
	var areas []routing.Way
	n := 0
	for _, w := range b.walk {
		if isAreaWay(w) {
			areas = append(areas, w)
			n += len(w.Nodes) - 1
		}
	}
	if len(areas) == 0 {
		return
	}
	// How often each area node is used by the network, a closed way's
	// closing node counted once, as routing.Build sees junctions.
	areaNodes := make([]int64, 0, n)
	for _, w := range areas {
		areaNodes = append(areaNodes, w.Nodes[:len(w.Nodes)-1]...)
	}
	areaNodes = sortUnique(areaNodes)
	uses := make([]int32, len(areaNodes))
	for _, w := range net.Ways {
		nodes := w.Nodes
		if len(nodes) > 2 && nodes[0] == nodes[len(nodes)-1] {
			nodes = nodes[:len(nodes)-1]
		}
		for i, id := range nodes {
			if i > 0 && nodes[i-1] == id {
				continue
			}
			if j, ok := slices.BinarySearch(areaNodes, id); ok {
				uses[j]++
			}
		}
	}

	var crossings []routing.Way
	var ring orb.Ring
	var entrances []int64
	var at []orb.Point
	for _, w := range areas {
		ring, entrances, at = ring[:0], entrances[:0], at[:0]
		complete := true
		for _, id := range w.Nodes {
			nd, ok := net.Node(id)
			if !ok {
				complete = false
				break
			}
			ring = append(ring, nd.Point)
		}
		if !complete {
			continue // cut by missing nodes: no polygon
		}
		pr := geo.NewProjection(orb.MultiPoint(ring).Bound().Center())
		for i, p := range ring {
			x, y := pr.Forward(p)
			ring[i] = orb.Point{x, y}
		}
		for i, id := range w.Nodes[:len(w.Nodes)-1] {
			j, _ := slices.BinarySearch(areaNodes, id)
			if uses[j] >= 2 && !slices.Contains(entrances, id) {
				entrances = append(entrances, id)
				at = append(at, ring[i])
			}
		}
		for _, pair := range crossingPairs(ring, at) {
			crossings = append(crossings, routing.Way{
				ID:    -w.ID,
				Nodes: []int64{entrances[pair[0]], entrances[pair[1]]},
				Flags: w.Flags,
			})
		}
	}
	b.ex.AreaCrossings = len(crossings)
	net.Ways = append(slices.Clip(net.Ways), crossings...)
}

// isAreaWay reports whether w is a walkable area: closed, at least a
// triangle, tagged area=yes.
func isAreaWay(w routing.Way) bool {
	n := len(w.Nodes)
	return w.Flags&routing.FlagArea != 0 && n >= 4 && w.Nodes[0] == w.Nodes[n-1]
}

// crossingPairs returns the pairs (i, j), i < j, of the entrance points at
// that see each other inside the closed ring r (both in local metres):
// every pair when there are at most denseAreaEntrances, else each
// entrance's nearestCrossings nearest visible ones. Pairs come sorted.
func crossingPairs(r orb.Ring, at []orb.Point) [][2]int {
	k := len(at)
	var pairs [][2]int
	if k <= denseAreaEntrances {
		for i := range k {
			for j := i + 1; j < k; j++ {
				if visible(r, at[i], at[j]) {
					pairs = append(pairs, [2]int{i, j})
				}
			}
		}
		return pairs
	}
	const (
		unknown = iota
		seen
		hidden
	)
	vis := make([]uint8, k*k)
	chosen := make([]bool, k*k)
	order := make([]int, 0, k-1)
	dist := make([]float64, k)
	for i := range k {
		order = order[:0]
		for j := range k {
			if j != i {
				order = append(order, j)
				dist[j] = math.Hypot(at[j][0]-at[i][0], at[j][1]-at[i][1])
			}
		}
		slices.SortFunc(order, func(x, y int) int { return cmp.Or(cmp.Compare(dist[x], dist[y]), cmp.Compare(x, y)) })
		found := 0
		for _, j := range order {
			lo, hi := min(i, j), max(i, j)
			if vis[lo*k+hi] == unknown {
				vis[lo*k+hi] = hidden
				if visible(r, at[lo], at[hi]) {
					vis[lo*k+hi] = seen
				}
			}
			if vis[lo*k+hi] == seen {
				chosen[lo*k+hi] = true
				if found++; found == nearestCrossings {
					break
				}
			}
		}
	}
	for i := range k {
		for j := i + 1; j < k; j++ {
			if chosen[i*k+j] {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	return pairs
}

// visible reports whether the segment a-b between two vertices of the
// closed ring r (all in local metres) runs inside r: it is not an edge of
// r, it neither crosses an edge nor passes within grazeMeters of a vertex
// other than a and b, and its midpoint is inside r. Such a segment lies
// wholly inside r, touching the outline only at its ends.
func visible(r orb.Ring, a, b orb.Point) bool {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 < grazeMeters*grazeMeters {
		return false
	}
	l := math.Sqrt(l2)
	for i := 1; i < len(r); i++ {
		p, q := r[i-1], r[i]
		if (p == a && q == b) || (p == b && q == a) {
			return false // an outline edge, walked already
		}
		if p != a && p != b {
			// p on the open segment, or within grazeMeters of it
			t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
			if t > 0 && t < 1 && math.Abs(cross(a, b, p))/l < grazeMeters {
				return false
			}
		}
		if p == a || p == b || q == a || q == b {
			continue // meets the segment at its end; overlaps are caught above
		}
		d1, d2 := cross(p, q, a), cross(p, q, b)
		d3, d4 := cross(a, b, p), cross(a, b, q)
		if d1*d2 < 0 && d3*d4 < 0 {
			return false
		}
	}
	return ringContains(r, orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
}

// cross is the cross product (b-o)×(p-o): positive when p is left of o→b.
func cross(o, b, p orb.Point) float64 {
	return (b[0]-o[0])*(p[1]-o[1]) - (b[1]-o[1])*(p[0]-o[0])
}
