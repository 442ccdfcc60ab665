package spatial_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
)

// benchLines returns n random street-like segments in cityBox: n/4 lines
// of 5 points, ~50 m apart.
func benchLines(n int) []orb.LineString {
	rng := rand.New(rand.NewPCG(42, 42))
	lines := randomLines(rng, n/4, 5, cityBox, 50)
	for i := range lines {
		for len(lines[i]) < 5 {
			lines[i] = append(lines[i], lines[i][len(lines[i])-1])
		}
	}
	return lines
}

func BenchmarkNewLineIndex(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		lines := benchLines(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				spatial.NewLineIndex(len(lines), func(dst orb.LineString, i int32) orb.LineString { return append(dst, lines[i]...) }, nil)
			}
		})
	}
}

func BenchmarkNearest(b *testing.B) {
	lines := benchLines(100_000)
	idx := indexOf(lines, nil)
	rng := rand.New(rand.NewPCG(1, 1))
	points := make([]orb.Point, 4096)
	for i := range points {
		points[i] = randomPoint(rng, cityBox)
	}
	for _, maxDist := range []float64{300, 1e7} {
		b.Run(fmt.Sprintf("segments=%d/maxDist=%g", idx.Len(), maxDist), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				idx.Nearest(points[i&4095], geo.Meters(maxDist))
				i++
			}
		})
	}
	b.Run("far", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			idx.NearestAny(orb.Point{2.35, 48.85})
		}
	})
}

func BenchmarkLocate(b *testing.B) {
	// 100 square grids of ~1 km, and one 20,000-vertex boundary round them.
	var zones []orb.MultiPolygon
	for i := range 100 {
		x, y := -75.62+0.013*float64(i%10), 39.70+0.01*float64(i/10)
		zones = append(zones, orb.MultiPolygon{{square(x, y, x+0.013, y+0.01)}})
	}
	zones = append(zones, orb.MultiPolygon{{bigBoundary(20000)}})
	zi, err := spatial.NewZoneIndex(zones)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	points := make([]orb.Point, 4096)
	for i := range points {
		points[i] = randomPoint(rng, cityBox)
		if i%2 == 1 {
			points[i] = randomPoint(rng, orb.Bound{Min: orb.Point{7.25, 43.56}, Max: orb.Point{7.59, 43.9}})
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		zi.Locate(points[i&4095])
		i++
	}
}
