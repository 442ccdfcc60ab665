package spatial

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// zonePolygon is one polygon of a zone: an outer ring and its holes.
type zonePolygon struct {
	zone  int32
	rings []ring
}

// contains reports whether p is inside the polygon or on its boundary
// (outer ring or hole).
func (zp *zonePolygon) contains(s *rayState, p orb.Point) bool {
	in, on := zp.rings[0].locate(s, p)
	if !in && !on {
		return false
	}
	for i := 1; i < len(zp.rings); i++ {
		if in, _ := zp.rings[i].locate(s, p); in {
			return false
		}
	}
	return true
}

// ZoneIndex finds the zones (multipolygons, such as planning grids) that
// contain a point. It keeps its own copy of the zones, is read-only once
// built and is safe for concurrent use. A ZoneIndex must not be copied after
// it is built. The zero value is an empty index.
//
// A point lies in a zone when it is inside one of the zone's polygons: inside
// the outer ring and not strictly inside a hole. Points on a boundary, outer
// or hole, belong to the zone, so a point on the edge shared by two grids is
// in both, and Locate gives it to the first.
type ZoneIndex struct {
	tree    rtree.RTreeGN[float64, int32] // polygon index into polys
	polys   []zonePolygon
	n       int
	queries sync.Pool // *zoneQuery
}

// NewZoneIndex indexes zones; the zone ids are the indexes into zones. Each
// zone must be structurally sound: at least one polygon, each polygon with an
// outer ring, every ring closed with at least 4 points of valid longitude and
// latitude, spanning at most 180° of longitude (see ValidatePolygon). Otherwise NewZoneIndex returns a *PolygonError naming the zone,
// polygon and ring. It does not look for self-intersections or zero areas:
// run ValidatePolygon for that. zones is copied, and not used afterwards.
func NewZoneIndex(zones []orb.MultiPolygon) (*ZoneIndex, error) {
	if len(zones) > math.MaxInt32 {
		return nil, fmt.Errorf("spatial: %d zones, more than %d", len(zones), math.MaxInt32)
	}
	zi := &ZoneIndex{n: len(zones)}
	for z, mp := range zones {
		if err := checkStructure(mp); err != nil {
			err.Zone = z
			return nil, err
		}
		for _, poly := range mp {
			zp := zonePolygon{zone: int32(z), rings: make([]ring, len(poly))}
			for i, r := range poly {
				zp.rings[i] = newRing(r)
			}
			b := zp.rings[0].bound
			zi.tree.Insert(b.Min, b.Max, int32(len(zi.polys)))
			zi.polys = append(zi.polys, zp)
		}
	}
	return zi, nil
}

// Len returns the number of zones.
func (zi *ZoneIndex) Len() int { return zi.n }

// zoneQuery is the scratch state of one ZoneIndex query, with its R-tree
// callback bound once so that queries do not allocate.
type zoneQuery struct {
	zi     *ZoneIndex
	p      orb.Point
	all    bool  // collect every zone (Containing) rather than the first
	best   int32 // Locate: smallest zone found, or -1
	dst    []int // Containing: zones found
	ray    *rayState
	hitsFn func(min, max [2]float64, k int32) bool
}

func (q *zoneQuery) hit(_, _ [2]float64, k int32) bool {
	zp := &q.zi.polys[k]
	if !q.all && q.best >= 0 && zp.zone >= q.best {
		return true
	}
	if !zp.contains(q.ray, q.p) {
		return true
	}
	if q.all {
		q.dst = append(q.dst, int(zp.zone))
	} else {
		q.best = zp.zone
	}
	return true
}

func (zi *ZoneIndex) query(p orb.Point, all bool, dst []int) *zoneQuery {
	q, _ := zi.queries.Get().(*zoneQuery)
	if q == nil {
		q = &zoneQuery{ray: newRayState()}
		q.hitsFn = q.hit
	}
	q.zi, q.p, q.all, q.best, q.dst = zi, p, all, -1, dst
	zi.tree.Search(p, p, q.hitsFn)
	return q
}

func (zi *ZoneIndex) release(q *zoneQuery) {
	q.zi, q.dst = nil, nil
	zi.queries.Put(q)
}

// Locate returns the first zone, in input order, that contains p, and false
// when no zone does or p is not a valid longitude/latitude pair. It is safe
// for concurrent use and does not allocate.
func (zi *ZoneIndex) Locate(p orb.Point) (int, bool) {
	if !validLonLat(p[0], p[1]) || len(zi.polys) == 0 {
		return 0, false
	}
	q := zi.query(p, false, nil)
	best := q.best
	zi.release(q)
	if best < 0 {
		return 0, false
	}
	return int(best), true
}

// Containing appends to dst the ids of every zone that contains p, in
// increasing order and without repeats, and returns the extended slice; the
// caller owns it. Passing dst[:0] of a previous call's result avoids
// allocating. It is safe for concurrent use.
func (zi *ZoneIndex) Containing(dst []int, p orb.Point) []int {
	if !validLonLat(p[0], p[1]) || len(zi.polys) == 0 {
		return dst
	}
	start := len(dst)
	q := zi.query(p, true, dst)
	dst = q.dst
	zi.release(q)
	found := dst[start:]
	slices.Sort(found)
	return dst[:start+len(slices.Compact(found))]
}
