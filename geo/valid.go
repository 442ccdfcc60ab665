package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ValidatePoint reports whether p is a usable longitude/latitude pair: finite,
// longitude in [-180, 180] and latitude in [-90, 90]. The error says which
// part is wrong and, for a latitude beyond 90 that would be a valid
// longitude, suggests that the pair may be swapped.
func ValidatePoint(p orb.Point) error {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0):
		return fmt.Errorf("longitude %v is not a finite number", lon)
	case math.IsNaN(lat) || math.IsInf(lat, 0):
		return fmt.Errorf("latitude %v is not a finite number", lat)
	case lon < -180 || lon > 180:
		return fmt.Errorf("longitude %v is outside [-180, 180]", lon)
	case lat < -90 || lat > 90:
		if math.Abs(lon) <= 90 {
			return fmt.Errorf("latitude %v is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)", lat)
		}
		return fmt.Errorf("latitude %v is outside [-90, 90]", lat)
	}
	return nil
}
