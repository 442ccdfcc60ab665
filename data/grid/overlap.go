package grid

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// Overlap is two zones that share area. A resident in the shared area is
// counted in zone A, the first of the two in zone order: an audit puts
// every resident in the first zone containing it.
type Overlap struct {
	A, B   int
	AreaM2 float64
}

// Overlaps returns the pairs of zones that share more than minM2 square
// metres, in zone order (by A, then B). The shared area is computed with
// simplefeatures' polygon intersection in a local metric projection
// centred on the pair; zones that only touch share none. The error reports
// a pair whose intersection the library could not compute.
func Overlaps(zones []access.Zone, minM2 float64) ([]Overlap, error) {
	bounds := make([]orb.Bound, len(zones))
	for i, z := range zones {
		bounds[i] = z.Geometry.Bound()
	}
	var out []Overlap
	for i := range zones {
		for j := i + 1; j < len(zones); j++ {
			bi, bj := bounds[i], bounds[j]
			if bi.Max[0] <= bj.Min[0] || bj.Max[0] <= bi.Min[0] || bi.Max[1] <= bj.Min[1] || bj.Max[1] <= bi.Min[1] {
				continue
			}
			pr := geo.NewProjection(orb.Bound{Min: orb.Point{max(bi.Min[0], bj.Min[0]), max(bi.Min[1], bj.Min[1])},
				Max: orb.Point{min(bi.Max[0], bj.Max[0]), min(bi.Max[1], bj.Max[1])}}.Center())
			a, b := toGeom(zones[i].Geometry, pr), toGeom(zones[j].Geometry, pr)
			x, err := geom.Intersection(a, b)
			if err != nil {
				return nil, fmt.Errorf("grids %q and %q: overlap: %w", zones[i].Name, zones[j].Name, err)
			}
			if area := x.Area(); area > minM2 {
				out = append(out, Overlap{A: i, B: j, AreaM2: area})
			}
		}
	}
	return out, nil
}

// toGeom converts mp to a simplefeatures geometry in metres of pr.
func toGeom(mp orb.MultiPolygon, pr geo.Projection) geom.Geometry {
	polys := make([]geom.Polygon, 0, len(mp))
	for _, pg := range mp {
		rings := make([]geom.LineString, 0, len(pg))
		for _, r := range pg {
			coords := make([]float64, 0, 2*len(r))
			for _, p := range r {
				x, y := pr.Forward(p)
				coords = append(coords, x, y)
			}
			rings = append(rings, geom.NewLineString(geom.NewSequence(coords, geom.DimXY)))
		}
		polys = append(polys, geom.NewPolygon(rings))
	}
	return geom.NewMultiPolygon(polys).AsGeometry()
}
