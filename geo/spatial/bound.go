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

// boundSlack shrinks lower bounds by far more than the rounding error of
// the few float64 operations and library trigonometry behind them.
const boundSlack = 1 - 1e-12

// sinBelow returns sin(x) for x in [0, π/2], never more than a few ulps
// above it: for small x the Taylor polynomial x - x³/6, a lower bound
// (its remainder cos(ξ)x⁵/120 is not negative there) within 1e-10 relative,
// and math.Sin otherwise.
func sinBelow(x float64) float64 {
	if x < 1e-2 {
		return x - x*x*x/6
	}
	return math.Sin(x)
}

// boxHav returns a lower bound of hav(geo.Distance(p, q)) over every point q
// of the longitude/latitude box [minLon, maxLon] × [minLat, maxLat], for the
// point p = (lon, lat) with cosLat = cos(lat). It uses the haversine formula
//
//	hav(d) = sin²(Δφ/2) + cos φp · cos φq · sin²(Δλ/2)
//
// and bounds each term from below separately: the smallest latitude gap,
// the smallest cosine over the box's latitudes (at its latitude farthest
// from the equator), and the smallest longitude gap, either way round the
// globe. The bound is tight to a fraction of a metre for boxes a few
// hundred metres across, at any distance.
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
	s := sinBelow(dLat * (radPerDeg / 2))
	h := s * s
	if dLon > 0 {
		far := min(max(math.Abs(minLat), math.Abs(maxLat)), 90)
		s = sinBelow(dLon * (radPerDeg / 2))
		h += cosLat * math.Cos(far*radPerDeg) * s * s
	}
	return h * boundSlack
}

// capBox returns the longitude/latitude box around p = (lon, lat) holding
// every point within the angular distance rho (radians) of p, a little
// enlarged against rounding. The box may run beyond ±180 in longitude
// (callers wrap it); all reports that it covers every longitude.
func capBox(lon, lat, rho float64) (minLon, minLat, maxLon, maxLat float64, all bool) {
	rho = rho*(1+1e-9) + 2e-13 // 2e-13 rad is about 1 µm
	dLat := rho / radPerDeg
	minLat, maxLat = lat-dLat, lat+dLat
	if minLat <= -90 || maxLat >= 90 || rho >= math.Pi/2 {
		// The cap holds a pole: every longitude.
		return -180, max(minLat, -90), 180, min(maxLat, 90), true
	}
	sinLon := math.Sin(rho) / math.Cos(lat*radPerDeg)
	if sinLon >= 1 {
		return -180, minLat, 180, maxLat, true
	}
	dLon := math.Asin(sinLon)*(1+1e-9)/radPerDeg + 1e-12
	if dLon >= 180 {
		return -180, minLat, 180, maxLat, true
	}
	return lon - dLon, minLat, lon + dLon, maxLat, false
}
