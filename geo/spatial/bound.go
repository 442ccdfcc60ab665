package spatial

import (
	"math"

	"github.com/walkshed/walkshed/geo"
)

const radPerDeg = math.Pi / 180

// validLonLat reports whether lon and lat are finite and within
// [-180, 180] × [-90, 90]; NaN fails every comparison.
func validLonLat(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// hav returns sin²(d/2R), the haversine of the central angle of a
// great-circle distance d in metres. It is increasing in d, so comparing
// havs compares distances; it returns +Inf for d at or beyond half the
// Earth's circumference, and NaN for NaN.
func hav(d float64) float64 {
	x := d / (2 * geo.EarthRadius)
	if x >= math.Pi/2 {
		return math.Inf(1)
	}
	s := math.Sin(x)
	return s * s
}

// lowSin returns a lower bound of sin(x) for x in [0, π/2]: the Taylor
// polynomial x - x³/6, whose remainder cos(ξ)x⁵/120 is not negative there.
func lowSin(x float64) float64 {
	return x - x*x*x/6
}

// lowCos returns a lower bound of cos(x) for x in [0, π/2], never below
// zero: the Taylor polynomial 1 - x²/2 + x⁴/24 - x⁶/720, whose remainder
// cos(ξ)x⁸/8! is not negative there.
func lowCos(x float64) float64 {
	x2 := x * x
	c := 1 - x2/2*(1-x2/12*(1-x2/30))
	if c < 0 {
		return 0
	}
	return c
}

// boxHav returns a lower bound of hav(geo.Distance(p, q)) over every point q
// of the longitude/latitude box [minLon, maxLon] × [minLat, maxLat], for the
// point p = (lon, lat) with cosLat = cos(lat). It uses the haversine formula
//
//	hav(d) = sin²(Δφ/2) + cos φp · cos φq · sin²(Δλ/2)
//
// and bounds each term from below separately: the smallest latitude gap,
// the smallest cosine over the box's latitudes, and the smallest longitude
// gap, either way round the globe.
func boxHav(lon, lat, cosLat, minLon, minLat, maxLon, maxLat float64) float64 {
	var dLat float64
	switch {
	case lat < minLat:
		dLat = minLat - lat
	case lat > maxLat:
		dLat = lat - maxLat
	}
	var dLon float64
	switch {
	case lon < minLon:
		dLon = min(minLon-lon, lon-maxLon+360)
	case lon > maxLon:
		dLon = min(lon-maxLon, minLon-lon+360)
	}
	s := lowSin(dLat * (radPerDeg / 2))
	h := s * s
	if dLon > 0 {
		far := max(math.Abs(minLat), math.Abs(maxLat))
		if far > 90 {
			far = 90
		}
		s = lowSin(dLon * (radPerDeg / 2))
		h += cosLat * lowCos(far*radPerDeg) * s * s
	}
	return h
}
