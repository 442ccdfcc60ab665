package hex

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
)

func checkResolution(res int) error {
	if res < 0 || res > MaxResolution {
		return fmt.Errorf("%w: %d (want 0..%d)", ErrResolution, res, MaxResolution)
	}
	return nil
}

func checkPoint(p orb.Point) error {
	if err := geo.ValidatePoint(p); err != nil {
		return fmt.Errorf("%w: %w", ErrPoint, err)
	}
	return nil
}

// lookup is the one place that asks h3 for the cell of a point; p and res
// must have been validated.
func lookup(p orb.Point, res int) Cell {
	return Cell(h3.LatLngToCell(h3.LatLng{Lat: p[1], Lng: p[0]}, res))
}

// FromPoint returns the cell of resolution res (0..15) that contains p. The
// error wraps ErrResolution, or ErrPoint for a coordinate that is not finite
// or is outside [-180, 180] × [-90, 90].
func FromPoint(p orb.Point, res int) (Cell, error) {
	if err := checkResolution(res); err != nil {
		return 0, err
	}
	if err := checkPoint(p); err != nil {
		return 0, err
	}
	c := lookup(p, res)
	if !c.Valid() {
		return 0, fmt.Errorf("%w: h3 found no cell for %v", ErrPoint, p)
	}
	return c, nil
}

// EdgeLengthM returns the average edge length in metres of the hexagons of
// resolution res (0..15): the side of a regular hexagon with h3's average
// hexagon area, about 28.8 m at resolution 11, within 1% of the mean side
// of real cells. (h3-go v4.1.0's own edge table says 24.9 m at resolution
// 11, some 14% below the mean side measured on cells.) The error wraps
// ErrResolution.
func EdgeLengthM(res int) (float64, error) {
	if err := checkResolution(res); err != nil {
		return 0, err
	}
	return math.Sqrt(2 * h3.HexagonAreaAvgM2(res) / (3 * math.Sqrt(3))), nil
}
