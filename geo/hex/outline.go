package hex

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"
)

const (
	// quantum is the number of vertex-matching units per degree.
	quantum = 1e9
	// ambiguous is how close, in units, a scaled coordinate may come to a
	// rounding boundary before the key on the other side is tried too. The
	// copies of one vertex computed from different cells differ by less than
	// 1e-12 degrees (1e-3 units); distinct vertices are millimetres apart.
	ambiguous = 0.01
	// maxVertexOut bounds the cells meeting at a vertex (three in H3).
	maxVertexOut = 3
)

// uniqueCells returns a sorted copy of cells without duplicates and their
// resolution, after checking that they are valid and of one resolution.
func uniqueCells(cells []Cell) ([]Cell, int, error) {
	if len(cells) == 0 {
		return nil, 0, nil
	}
	cs := Unique(slices.Clone(cells))
	res := cs[0].Resolution()
	for _, c := range cs {
		if !c.Valid() {
			return nil, 0, fmt.Errorf("%w: %s", ErrCell, c)
		}
		if c.Resolution() != res {
			return nil, 0, fmt.Errorf("%w: %s has resolution %d, %s has %d", ErrMixedResolution, cs[0], res, c, c.Resolution())
		}
	}
	return cs, res, nil
}

type vkey struct{ x, y int64 }

// outliner holds the working state of one Outline call. Cells are referred
// to by their index in cells, vertices by dense int32 ids.
type outliner struct {
	cells  []Cell
	nbrs   [][6]int32 // indices of the neighbours in the set, -1 padded
	border []bool     // the cell has a neighbour outside the set
	need   []int32    // cells whose boundaries are needed: border cells and their neighbours

	// Per needed cell k: its vertex ids, counter-clockwise, are
	// ids[first[k]:first[k+1]].
	ids   []int32
	first []int32

	slots  []int32     // open-addressing hash table of vertex id+1 by qkey; 0 is empty
	coords []orb.Point // by vertex id: the first computed copy
	qkeys  []vkey      // by vertex id

	next  []int32 // by vertex id: the next vertex along the outline, or -1
	owner []int32 // by vertex id: the cell whose outline side leaves the vertex

	out    []int32 // scratch of sides
	parent []int32 // scratch of components
}

// resize returns s with length n, reusing its array if it is large enough.
// The elements are not cleared.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// markNeed lists the cells whose boundaries are needed: border cells and
// their neighbours in the set. A cell's neighbour list may lack a member
// neighbour (Coverer.Outline) only if the cell is on the border: the
// neighbour is then still needed, as it lists the cell or is itself on the
// border.
func (o *outliner) markNeed() {
	o.need = o.need[:0]
	for i := range len(o.cells) {
		need := o.border[i]
		for _, j := range o.nbrs[i] {
			if j >= 0 && o.border[j] {
				need = true
			}
		}
		if need {
			o.need = append(o.need, int32(i))
		}
	}
}

// vertices numbers the vertices of the needed cells; boundary appends to
// buf the boundary of the k-th needed cell, an open ring in either
// orientation.
func (o *outliner) vertices(boundary func(k int, buf []orb.Point) []orb.Point) error {
	// A hexagon tiling has two vertices per cell, plus a ring's worth.
	o.coords = slices.Grow(o.coords[:0], 2*len(o.need)+6)
	o.qkeys = slices.Grow(o.qkeys[:0], 2*len(o.need)+6)
	o.grow(8 * len(o.need))
	o.ids = slices.Grow(o.ids[:0], 6*len(o.need))
	o.first = append(slices.Grow(o.first[:0], len(o.need)+1), 0)
	var pts [h3.MaxCellBndryVerts]orb.Point
	for k := range o.need {
		p := boundary(k, pts[:0])
		if len(p) < 3 || len(p) > len(pts) {
			return fmt.Errorf("%w: %s has %d boundary vertices", ErrTopology, o.cells[o.need[k]], len(p))
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range p {
			lo, hi = min(lo, v[0]), max(hi, v[0])
		}
		if hi-lo > 180 {
			return fmt.Errorf("%w: cell %s", ErrAntimeridian, o.cells[o.need[k]])
		}
		if signedArea(p) < 0 {
			slices.Reverse(p)
		}
		start := len(o.ids)
		for _, v := range p {
			id := o.vertexID(v)
			if len(o.ids) == start || o.ids[len(o.ids)-1] != id {
				o.ids = append(o.ids, id)
			}
		}
		if len(o.ids)-start > 1 && o.ids[len(o.ids)-1] == o.ids[start] {
			o.ids = o.ids[:len(o.ids)-1]
		}
		if len(o.ids)-start < 3 {
			return fmt.Errorf("%w: %s collapses to %d vertices", ErrTopology, o.cells[o.need[k]], len(o.ids)-start)
		}
		o.first = append(o.first, int32(len(o.ids)))
	}
	return nil
}

// vertexID returns the id of the vertex at p, adding it if it is new.
func (o *outliner) vertexID(p orb.Point) int32 {
	fx, fy := p[0]*quantum, p[1]*quantum
	rx, ry := math.Round(fx), math.Round(fy)
	key := vkey{int64(rx), int64(ry)}
	slot, id := o.find(key)
	if id >= 0 {
		return id
	}
	// Near a rounding boundary another copy of this vertex may have
	// rounded to the other side.
	var ax, ay int64
	if d := fx - rx; math.Abs(d) > 0.5-ambiguous {
		ax = int64(math.Copysign(1, d))
	}
	if d := fy - ry; math.Abs(d) > 0.5-ambiguous {
		ay = int64(math.Copysign(1, d))
	}
	if ax != 0 || ay != 0 {
		for _, alt := range [3]vkey{{key.x + ax, key.y}, {key.x, key.y + ay}, {key.x + ax, key.y + ay}} {
			if alt == key {
				continue
			}
			if _, id := o.find(alt); id >= 0 {
				return id
			}
		}
	}
	id = int32(len(o.coords))
	o.coords = append(o.coords, p)
	o.qkeys = append(o.qkeys, key)
	o.slots[slot] = id + 1
	if 2*len(o.coords) > len(o.slots) {
		o.grow(2 * len(o.slots))
	}
	return id
}

// find returns the id of the vertex with key k, or -1 and the empty slot
// where it belongs.
func (o *outliner) find(k vkey) (slot int, id int32) {
	if o.slots == nil {
		o.grow(64)
	}
	h := uint64(k.x)*0x9e3779b97f4a7c15 ^ uint64(k.y)*0xc2b2ae3d27d4eb4f
	mask := uint64(len(o.slots) - 1)
	for i := (h ^ h>>31) & mask; ; i = (i + 1) & mask {
		s := o.slots[i]
		if s == 0 {
			return int(i), -1
		}
		if o.qkeys[s-1] == k {
			return int(i), s - 1
		}
	}
}

// grow makes the vertex hash table at least n slots (a power of two) and
// reinserts the known vertices.
func (o *outliner) grow(n int) {
	size := 64
	for size < n {
		size *= 2
	}
	o.slots = resize(o.slots, size)
	clear(o.slots)
	for id, k := range o.qkeys {
		slot, _ := o.find(k)
		o.slots[slot] = int32(id) + 1
	}
}

// sides finds the outline sides: the sides of border cells that no other
// needed cell has in the opposite direction. Every member neighbour of a
// border cell is needed, so a side left unmatched faces a cell outside the
// set.
func (o *outliner) sides() error {
	nv := len(o.coords)
	o.out = resize(o.out, maxVertexOut*nv)
	out := o.out
	for i := range out {
		out[i] = -1
	}
	for k := range o.need {
		ring := o.ids[o.first[k]:o.first[k+1]]
		for i, a := range ring {
			b := ring[(i+1)%len(ring)]
			slots := out[maxVertexOut*a : maxVertexOut*(a+1)]
			j := slices.Index(slots, -1)
			if j < 0 {
				return fmt.Errorf("%w: more than %d cells meet at %v", ErrTopology, maxVertexOut, o.coords[a])
			}
			slots[j] = b
		}
	}
	o.next = resize(o.next, nv)
	o.owner = resize(o.owner, nv)
	for i := range o.next {
		o.next[i] = -1
	}
	for k, ci := range o.need {
		if !o.border[ci] {
			continue
		}
		ring := o.ids[o.first[k]:o.first[k+1]]
		for i, a := range ring {
			b := ring[(i+1)%len(ring)]
			if slices.Contains(out[maxVertexOut*b:maxVertexOut*(b+1)], a) {
				continue
			}
			if o.next[a] >= 0 {
				return fmt.Errorf("%w: two outline sides leave %v", ErrTopology, o.coords[a])
			}
			o.next[a] = b
			o.owner[a] = ci
		}
	}
	return nil
}

// components returns, for each cell, a representative of its connected
// component (cells sharing sides), by union-find over the neighbour lists.
func (o *outliner) components() []int32 {
	o.parent = resize(o.parent, len(o.cells))
	parent := o.parent
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, nb := range o.nbrs {
		for _, j := range nb {
			if j >= 0 {
				if a, b := find(int32(i)), find(j); a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	for i := range parent {
		parent[i] = find(int32(i))
	}
	return parent
}

// polygons chains the outline sides into rings and assembles polygons. All
// cells along a ring belong to one connected component of the set (two
// outline sides meeting at a vertex belong to the same or to neighbouring
// cells), and each component has exactly one outer ring, counter-clockwise;
// its other rings are its holes. So a hole goes to the shell of its own
// component, which is also the smallest shell containing it.
func (o *outliner) polygons() (orb.MultiPolygon, error) {
	comp := o.components()
	shellOf := make(map[int32]int, 8) // component -> index in mp
	var mp orb.MultiPolygon
	type hole struct {
		comp int32
		r    orb.Ring
	}
	var holes []hole
	var walk []int32
	nsides := 0
	for _, b := range o.next {
		if b >= 0 {
			nsides++
		}
	}
	for v := range o.next {
		if o.next[v] < 0 {
			continue
		}
		walk = walk[:0]
		x := int32(v)
		for {
			walk = append(walk, x)
			y := o.next[x]
			o.next[x] = -1 // consumed
			if y < 0 || len(walk) > nsides {
				return nil, fmt.Errorf("%w: outline does not close at %v", ErrTopology, o.coords[x])
			}
			x = y
			if x == int32(v) {
				break
			}
		}
		// Start at the least (longitude, latitude) vertex.
		s := 0
		for i, id := range walk {
			if cmpKey(o.qkeys[id], o.qkeys[walk[s]]) < 0 {
				s = i
			}
		}
		r := make(orb.Ring, 0, len(walk)+1)
		for i := range walk {
			r = append(r, o.coords[walk[(s+i)%len(walk)]])
		}
		r = append(r, r[0])
		c := comp[o.owner[v]]
		if signedArea(r) < 0 {
			holes = append(holes, hole{c, r})
			continue
		}
		if _, dup := shellOf[c]; dup {
			return nil, fmt.Errorf("%w: two outer rings around %s", ErrTopology, o.cells[c])
		}
		shellOf[c] = len(mp)
		mp = append(mp, orb.Polygon{r})
	}
	for _, h := range holes {
		i, ok := shellOf[h.comp]
		if !ok {
			return nil, fmt.Errorf("%w: hole at %v has no outer ring", ErrTopology, h.r[0])
		}
		mp[i] = append(mp[i], h.r)
	}
	for _, p := range mp {
		slices.SortFunc(p[1:], cmpRing)
	}
	slices.SortFunc(mp, func(a, b orb.Polygon) int { return cmpRing(a[0], b[0]) })
	return mp, nil
}

func cmpKey(a, b vkey) int {
	if c := cmp.Compare(a.x, b.x); c != 0 {
		return c
	}
	return cmp.Compare(a.y, b.y)
}

func cmpRing(a, b orb.Ring) int {
	if c := cmp.Compare(a[0][0], b[0][0]); c != 0 {
		return c
	}
	return cmp.Compare(a[0][1], b[0][1])
}
