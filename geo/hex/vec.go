package hex

import (
	"math"

	"github.com/paulmach/orb"
)

const (
	radPerDeg = math.Pi / 180
	degPerRad = 180 / math.Pi
)

// vec3 is a point of the unit sphere, or a direction, in Earth-centred
// coordinates: x towards (0°, 0°), y towards (90°E, 0°), z to the North Pole.
type vec3 [3]float64

// unitVec returns the unit vector of the point at longitude lng and latitude
// lat in degrees.
func unitVec(lng, lat float64) vec3 {
	sl, cl := math.Sincos(lat * radPerDeg)
	sn, cn := math.Sincos(lng * radPerDeg)
	return vec3{cl * cn, cl * sn, sl}
}

func (a vec3) dot(b vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func (a vec3) cross(b vec3) vec3 {
	return vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func (a vec3) add(b vec3) vec3 { return vec3{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

func (a vec3) scale(k float64) vec3 { return vec3{a[0] * k, a[1] * k, a[2] * k} }

// unit returns a scaled to length 1.
func (a vec3) unit() vec3 { return a.scale(1 / math.Sqrt(a.dot(a))) }

// point returns the longitude and latitude in degrees of the direction a,
// which need not have unit length.
func (a vec3) point() orb.Point {
	return orb.Point{math.Atan2(a[1], a[0]) * degPerRad, math.Atan2(a[2], math.Hypot(a[0], a[1])) * degPerRad}
}
