package spatial_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
)

// fuzzLines is a fixed network for FuzzNearest: streets in a city, a few
// lines round the poles and across the antimeridian.
func fuzzLines() []orb.LineString {
	rng := rand.New(rand.NewPCG(8, 8))
	lines := randomLines(rng, 300, 6, cityBox, 80)
	return append(lines,
		orb.LineString{{0, 89.999}, {90, 89.999}, {180, 89.999}},
		orb.LineString{{179.9995, 10}, {179.9999, 10}},
		orb.LineString{{-179.99, -60}, {-179.98, -60}},
		orb.LineString{{10, -89.9999}, {-170, -89.9999}},
		orb.LineString{{-75.55, 39.75}, {-75.55, 39.75}}, // a zero-length segment
	)
}

// FuzzNearest checks that no point panics and that every answer equals a
// brute-force scan with geo.ProjectOnLine.
func FuzzNearest(f *testing.F) {
	lines := fuzzLines()
	idx := indexOf(lines, nil)
	f.Add(-75.55, 39.75, 300.0)
	f.Add(-75.55, 39.75, 0.0)
	f.Add(2.35, 48.85, math.Inf(1))
	f.Add(180.0, 90.0, 1e5)
	f.Add(-180.0, 10.0, 50.0)
	f.Add(math.NaN(), 0.0, 10.0)
	f.Add(0.0, -90.0, math.Inf(1))
	f.Add(lines[0][1][0], lines[0][1][1], 0.0)
	f.Fuzz(func(t *testing.T, lon, lat, maxDist float64) {
		p := orb.Point{lon, lat}
		got, ok := idx.Nearest(p, geo.Meters(maxDist))
		valid := lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 && maxDist >= 0
		if !valid {
			if ok {
				t.Fatalf("Nearest(%v, %v) = %+v for invalid input", p, maxDist, got)
			}
			return
		}
		want, wok := bruteNearest(lines, nil, p, maxDist)
		if ok != wok || got.Line != want.Line || got.Segment != want.Segment ||
			!near(got.Dist, want.Dist, 1e-6) || !near(got.Offset, want.Offset, 1e-6) {
			t.Fatalf("Nearest(%v, %v) = %+v, %v, brute force %+v, %v", p, maxDist, got, ok, want, wok)
		}
		if ok && got.Dist > maxDist {
			t.Fatalf("Nearest(%v, %v).Dist = %v beyond maxDist", p, maxDist, got.Dist)
		}
	})
}

// FuzzValidatePolygon decodes bytes into a multipolygon on a small grid
// (so that vertices coincide and segments overlap often) and checks that
// ValidatePolygon never panics, that its faults point inside the shape, and
// that an accepted shape makes a ZoneIndex that finds its own vertices.
func FuzzValidatePolygon(f *testing.F) {
	f.Add([]byte{0, 0, 4, 0, 4, 4, 0, 4})
	f.Add([]byte{0, 0, 4, 4, 4, 0, 0, 4})
	f.Add([]byte{0, 0, 8, 0, 8, 8, 0, 8, 255, 2, 2, 4, 2, 4, 4, 2, 4})
	f.Add([]byte{0, 0, 2, 0, 1, 1, 2, 2, 0, 2, 1, 1})
	f.Add([]byte{0, 0, 1, 1, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		mp := decodePolygon(data)
		err := spatial.ValidatePolygon(mp)
		if err == nil {
			zi, err := spatial.NewZoneIndex([]orb.MultiPolygon{mp})
			if err != nil {
				t.Fatalf("ValidatePolygon accepted %v, NewZoneIndex: %v", mp, err)
			}
			for _, poly := range mp {
				for _, p := range poly[0] {
					if z, ok := zi.Locate(p); !ok || z != 0 {
						t.Fatalf("Locate(vertex %v of %v) = %d, %v", p, mp, z, ok)
					}
				}
			}
			return
		}
		var pe *spatial.PolygonError
		if !errors.As(err, &pe) {
			t.Fatalf("ValidatePolygon error %T %v is not a *PolygonError", err, err)
		}
		if errors.Is(err, spatial.ErrSelfIntersection) {
			b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
			for _, poly := range mp {
				for _, r := range poly {
					b = b.Union(r.Bound())
				}
			}
			if b = b.Pad(1e-9); !b.Contains(pe.At) {
				t.Fatalf("fault at %v, outside the shape %v", pe.At, b)
			}
		}
	})
}

// decodePolygon reads bytes as grid coordinates 0..15, two per point; a
// byte 255 starts a new ring and 254 a new polygon. Rings are closed. Only
// the first 200 bytes count: small shapes find the bugs, and a big shape on
// a 16×16 grid is all overlapping collinear segments, a slow worst case.
func decodePolygon(data []byte) orb.MultiPolygon {
	data = data[:min(len(data), 200)]
	mp := orb.MultiPolygon{{{}}}
	var pending []byte
	for _, b := range data {
		switch b {
		case 254:
			mp = append(mp, orb.Polygon{{}})
			pending = pending[:0]
		case 255:
			last := &mp[len(mp)-1]
			*last = append(*last, orb.Ring{})
			pending = pending[:0]
		default:
			pending = append(pending, b%16)
			if len(pending) == 2 {
				poly := mp[len(mp)-1]
				r := &poly[len(poly)-1]
				*r = append(*r, orb.Point{float64(pending[0]) / 1000, float64(pending[1]) / 1000})
				pending = pending[:0]
			}
		}
	}
	for _, poly := range mp {
		for i, r := range poly {
			if len(r) > 0 && !slices.Equal(r[:1], r[len(r)-1:]) {
				poly[i] = append(r, r[0])
			}
		}
	}
	return mp
}
