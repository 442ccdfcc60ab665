package spatial

// hilbertBits is the order of the Hilbert curve used to sort entries before
// insertion: a 2^16 × 2^16 grid over the data's bounding box, ~1.5 m cells
// for a box the size of Delaware.
const hilbertBits = 16

// hilbert returns the distance along the Hilbert curve of order hilbertBits
// of the cell (x, y), both in [0, 2^hilbertBits).
func hilbert(x, y uint32) uint32 {
	var d uint32
	for s := uint32(1) << (hilbertBits - 1); s > 0; s >>= 1 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		// Rotate the quadrant so that the sub-curve starts where the
		// parent curve enters it.
		if ry == 0 {
			if rx == 1 {
				x = s - 1 - x&(s-1)
				y = s - 1 - y&(s-1)
			}
			x, y = y, x
		}
	}
	return d
}

// gridScale maps a coordinate in [lo, hi] to a Hilbert grid index.
type gridScale struct {
	lo, k float64
}

func newGridScale(lo, hi float64) gridScale {
	if !(hi > lo) {
		return gridScale{lo: lo}
	}
	return gridScale{lo: lo, k: float64(uint32(1)<<hilbertBits-1) / (hi - lo)}
}

func (g gridScale) cell(v float64) uint32 {
	c := (v - g.lo) * g.k
	switch {
	case c <= 0 || c != c:
		return 0
	case c >= 1<<hilbertBits-1:
		return 1<<hilbertBits - 1
	}
	return uint32(c)
}
