package hex

import (
	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"
)

// refOutline is the reference for Coverer.Outline: the same outline with
// every neighbour list and boundary asked of h3 (a GridDisk per cell and a
// boundary per cell near the outline), so every vertex is a vertex of a
// cell as h3 computes it.
func refOutline(cells []Cell) (orb.MultiPolygon, error) {
	cs, _, err := uniqueCells(cells)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	var o outliner
	o.cells = cs
	o.findBorder()
	o.markNeed()
	err = o.vertices(func(k int, buf []orb.Point) []orb.Point {
		for _, v := range h3.CellToBoundary(h3.Cell(o.cells[o.need[k]])) {
			buf = append(buf, orb.Point{v.Lng, v.Lat})
		}
		return buf
	})
	if err != nil {
		return nil, err
	}
	if err := o.sides(); err != nil {
		return nil, err
	}
	return o.polygons()
}

// findBorder finds each cell's neighbours in the set (one GridDisk call per
// cell) and whether it is on the border.
func (o *outliner) findBorder() {
	n := len(o.cells)
	index := make(map[Cell]int32, n)
	for i, c := range o.cells {
		index[c] = int32(i)
	}
	o.nbrs = make([][6]int32, n)
	o.border = make([]bool, n)
	for i, c := range o.cells {
		k := 0
		nb := &o.nbrs[i]
		*nb = [6]int32{-1, -1, -1, -1, -1, -1}
		for _, d := range h3.GridDisk(h3.Cell(c), 1) {
			if d == 0 || Cell(d) == c {
				continue
			}
			j, ok := index[Cell(d)]
			if !ok {
				o.border[i] = true
			} else if k < len(nb) {
				nb[k] = j
				k++
			}
		}
	}
}
