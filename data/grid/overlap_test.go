package grid_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/routing/access"
)

func sq(name string, x, y, d float64) access.Zone {
	return access.Zone{ID: name, Name: name, Geometry: orb.MultiPolygon{{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}}
}

func TestOverlaps(t *testing.T) {
	// 0.01° squares at the equator, about 1113 m a side: A and B share a
	// quarter of a square, B and C only touch, D is apart.
	zones := []access.Zone{sq("A", 0, 0, 0.01), sq("B", 0.005, 0.005, 0.01), sq("C", 0.015, 0.005, 0.01), sq("D", 1, 1, 0.01)}
	got, err := grid.Overlaps(zones, 1)
	if err != nil {
		t.Fatal(err)
	}
	side := 0.005 * 6371008.8 * math.Pi / 180
	if len(got) != 1 || got[0].A != 0 || got[0].B != 1 || math.Abs(got[0].AreaM2-side*side) > 0.01*side*side {
		t.Errorf("Overlaps = %+v, want A and B sharing about %.0f m²", got, side*side)
	}
}
