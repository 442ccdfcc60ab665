package hex_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

// wiggly returns a random polyline of n segments from start, each up to
// maxStep metres, heading roughly one way.
func wiggly(rng *rand.Rand, start orb.Point, n int, maxStep float64) orb.LineString {
	pr := geo.NewProjection(start)
	ls := orb.LineString{start}
	x, y, dir := 0.0, 0.0, rng.Float64()*2*math.Pi
	for range n {
		dir += rng.NormFloat64() * 0.5
		step := rng.Float64() * maxStep
		x, y = x+step*math.Cos(dir), y+step*math.Sin(dir)
		ls = append(ls, pr.Inverse(x, y))
	}
	return ls
}

// TestAppendCoverShort covers lines of no length: a single point, a line
// that stays at one point, and one ending at the centre of its cell.
func TestAppendCoverShort(t *testing.T) {
	c := mustCell(t, porto, 11)
	tests := []struct {
		name string
		ls   orb.LineString
		want []hex.Cell
	}{
		{"empty", nil, nil},
		{"one point", orb.LineString{porto}, []hex.Cell{c}},
		{"zero length", orb.LineString{porto, porto, porto}, []hex.Cell{c}},
		{"to the centre", orb.LineString{porto, c.Center()}, []hex.Cell{c}},
	}
	cv, err := hex.NewCoverer(11)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cv.AppendCover(nil, tt.ls)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("AppendCover(%v) = %v, %v; want %v", tt.ls, got, err, tt.want)
			}
		})
	}
}

func TestNewCovererResolution(t *testing.T) {
	for _, res := range []int{-1, 16} {
		if cv, err := hex.NewCoverer(res); cv != nil || !errors.Is(err, hex.ErrResolution) {
			t.Errorf("NewCoverer(%d) = %v, %v; want ErrResolution", res, cv, err)
		}
	}
}
