package hex

import "fmt"

// AppendChildren appends to dst the cells of resolution res (c's own
// resolution up to MaxResolution) inside c, in increasing order: 7 per
// level for a hexagon, fewer for a pentagon, whose deleted sub-sequence is
// skipped. It is computed in Go from the index bits, without cgo. The
// error wraps ErrCell or ErrResolution.
func (c Cell) AppendChildren(dst []Cell, res int) ([]Cell, error) {
	if !c.Valid() {
		return dst, fmt.Errorf("%w: %s", ErrCell, c)
	}
	cr := c.Resolution()
	if res < cr || res > MaxResolution {
		return dst, fmt.Errorf("%w: child resolution %d of a resolution %d cell", ErrResolution, res, cr)
	}
	// The first child: c at res with the digits below cr set to 0.
	base := uint64(c)&^(0xF<<resShift) | uint64(res)<<resShift
	for r := cr + 1; r <= res; r++ {
		base &^= 7 << (uint(MaxResolution-r) * digitBits)
	}
	n := 1
	for range res - cr {
		n *= 7
	}
	for k := range n {
		h := base
		for r, rest := res, k; r > cr; r, rest = r-1, rest/7 {
			h |= uint64(rest%7) << (uint(MaxResolution-r) * digitBits)
		}
		if child := Cell(h); child.Valid() {
			dst = append(dst, child)
		}
	}
	return dst, nil
}
