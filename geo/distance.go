package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres (IUGG).
const EarthRadius = 6371008.8

const deg = math.Pi / 180

// Distance returns the great-circle (haversine) distance in metres between a
// and b.
func Distance(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*deg, b[1]*deg
	dLat := lat2 - lat1
	dLon := (b[0] - a[0]) * deg
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1
	}
	return 2 * EarthRadius * math.Asin(math.Sqrt(h))
}

// LineLength returns the length in metres of ls, the sum of the haversine
// lengths of its segments.
func LineLength(ls orb.LineString) float64 {
	var sum float64
	for i := 1; i < len(ls); i++ {
		sum += Distance(ls[i-1], ls[i])
	}
	return sum
}

// Along returns the point at the given distance in metres along ls, measured
// from its first point with haversine segment lengths. Distances below zero
// or beyond the length are clamped to the ends. Along panics if ls is empty.
func Along(ls orb.LineString, meters float64) orb.Point {
	if meters <= 0 || len(ls) == 1 {
		return ls[0]
	}
	for i := 1; i < len(ls); i++ {
		d := Distance(ls[i-1], ls[i])
		if meters <= d && d > 0 {
			return Lerp(ls[i-1], ls[i], meters/d)
		}
		meters -= d
	}
	return ls[len(ls)-1]
}

// Lerp returns the point a fraction t of the way from a to b, interpolating
// linearly in longitude and latitude (exact enough for segments of a street).
func Lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// SubLine returns the part of ls between the distances from and to (metres
// along ls, from <= to) as a new slice (see AppendSubLine).
func SubLine(ls orb.LineString, from, to float64) orb.LineString {
	return AppendSubLine(nil, ls, from, to)
}

// AppendSubLine appends to dst the part of ls between the distances from
// and to (metres along ls, from <= to) and returns the extended slice; the
// part has at least two points when ls has.
func AppendSubLine(dst, ls orb.LineString, from, to float64) orb.LineString {
	if len(ls) < 2 {
		return append(dst, ls...)
	}
	pos := 0.0
	started := false
	for i := 1; i < len(ls); i++ {
		d := Distance(ls[i-1], ls[i])
		next := pos + d
		if !started && from <= next {
			t := 0.0
			if d > 0 {
				t = math.Max(0, (from-pos)/d)
			}
			dst = append(dst, Lerp(ls[i-1], ls[i], t))
			started = true
		}
		if started {
			if to <= next {
				t := 1.0
				if d > 0 {
					t = math.Min(1, (to-pos)/d)
				}
				return append(dst, Lerp(ls[i-1], ls[i], t))
			}
			dst = append(dst, ls[i])
		}
		pos = next
	}
	if !started {
		dst = append(dst, ls[len(ls)-1])
	}
	return append(dst, ls[len(ls)-1])
}
