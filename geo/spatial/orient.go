package spatial

import (
	"math"
	"math/big"

	"github.com/paulmach/orb"
)

// orientErrBound is Shewchuk's bound on the rounding error of the
// floating-point orientation determinant, relative to the sum of the
// magnitudes of its two products: (3 + 16ε)ε with ε = 2⁻⁵³.
const orientErrBound = (3 + 16*0x1p-53) * 0x1p-53

// exactPrec is enough mantissa bits to hold exactly the products of
// differences of any two finite float64 values within ±2¹⁰.
const exactPrec = 2400

// orient returns +1 if c lies to the left of the directed line a→b, -1 if
// it lies to the right and 0 if the three points are collinear. The answer
// is exact: a floating-point filter decides almost every case and big.Float
// arithmetic decides the rest. Points must be finite; for NaN or infinite
// input orient returns 0.
func orient(a, b, c orb.Point) int {
	detL := (a[0] - c[0]) * (b[1] - c[1])
	detR := (a[1] - c[1]) * (b[0] - c[0])
	det := detL - detR
	bound := orientErrBound * (math.Abs(detL) + math.Abs(detR))
	switch {
	case det > bound:
		return 1
	case det < -bound:
		return -1
	case bound == 0:
		return 0 // both products are exactly zero
	case math.IsNaN(det) || math.IsInf(bound, 0):
		return 0
	}
	return orientExact(a, b, c)
}

func orientExact(a, b, c orb.Point) int {
	diff := func(x, y float64) *big.Float {
		z := new(big.Float).SetPrec(exactPrec)
		return z.Sub(big.NewFloat(x), big.NewFloat(y))
	}
	l := new(big.Float).SetPrec(exactPrec)
	l.Mul(diff(a[0], c[0]), diff(b[1], c[1]))
	r := new(big.Float).SetPrec(exactPrec)
	r.Mul(diff(a[1], c[1]), diff(b[0], c[0]))
	return l.Cmp(r)
}

// onSegment reports whether p, known to be collinear with a and b, lies on
// the closed segment a-b.
func onSegment(p, a, b orb.Point) bool {
	return p[0] >= min(a[0], b[0]) && p[0] <= max(a[0], b[0]) &&
		p[1] >= min(a[1], b[1]) && p[1] <= max(a[1], b[1])
}
