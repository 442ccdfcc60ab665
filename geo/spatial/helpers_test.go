package spatial_test

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
)

// near reports whether a and b agree within tol.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol
}

// cityBox is a box about 11 km across around Wilmington, Delaware.
var cityBox = orb.Bound{Min: orb.Point{-75.62, 39.70}, Max: orb.Point{-75.49, 39.80}}

// randomLines returns n polylines of 2..maxPts points, random walks of
// steps up to ~stepM metres starting anywhere in box.
func randomLines(rng *rand.Rand, n, maxPts int, box orb.Bound, stepM float64) []orb.LineString {
	lines := make([]orb.LineString, n)
	dLat := stepM / 111195
	dLon := dLat / math.Cos(box.Center()[1]*math.Pi/180)
	for i := range lines {
		k := 2 + rng.IntN(maxPts-1)
		p := orb.Point{
			box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]),
			box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1]),
		}
		ls := make(orb.LineString, 0, k)
		ls = append(ls, p)
		for j := 1; j < k; j++ {
			p = orb.Point{p[0] + (rng.Float64()*2-1)*dLon, p[1] + (rng.Float64()*2-1)*dLat}
			ls = append(ls, p)
		}
		lines[i] = ls
	}
	return lines
}

func randomPoint(rng *rand.Rand, box orb.Bound) orb.Point {
	return orb.Point{
		box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]),
		box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1]),
	}
}

// bruteNearest is the reference: geo.ProjectOnLine on every kept line, the
// smallest distance winning and ties going to the smaller line id.
func bruteNearest(lines []orb.LineString, keep func(int32) bool, p orb.Point, maxDist float64) (spatial.Hit, bool) {
	var best spatial.Hit
	found := false
	for i, ls := range lines {
		if len(ls) < 2 || (keep != nil && !keep(int32(i))) {
			continue
		}
		lp := geo.ProjectOnLine(p, ls)
		if !(lp.Dist <= maxDist) {
			continue
		}
		if !found || lp.Dist < best.Dist {
			best = spatial.Hit{Line: int32(i), Segment: lp.Segment, Offset: lp.Offset, Dist: lp.Dist, At: lp.At}
			found = true
		}
	}
	return best, found
}

func indexOf(lines []orb.LineString, keep func(int32) bool) *spatial.LineIndex {
	return spatial.NewLineIndex(len(lines), func(dst orb.LineString, i int32) orb.LineString { return append(dst, lines[i]...) }, keep)
}
