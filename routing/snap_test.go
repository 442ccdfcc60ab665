package routing

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestSnapScanMatchesIndex checks the scanning fast start against the
// R-tree: the same edge, offset and distance for random points.
func TestSnapScanMatchesIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	g, _, err := Build(randomInput(rng, 200, 150), BuildOptions{MinComponentMeters: 200})
	if err != nil {
		t.Fatal(err)
	}
	sn := g.NewSnapper()
	for _, avoid := range []EdgeFlags{0, FlagSteps} {
		ix := sn.index(avoid, true)
		for range 300 {
			p := orb.Point{7.419 + rng.Float64()*0.009, 43.729 + rng.Float64()*0.007}
			a, okA := sn.scan(p, avoid)
			b, okB := ix.NearestAny(p)
			if okA != okB || a.Line != b.Line || math.Abs(a.Dist-b.Dist) > 1e-6 || math.Abs(a.Offset-b.Offset) > 1e-6 {
				t.Fatalf("point %v: scan %+v, index %+v", p, a, b)
			}
			if g.Flags(EdgeID(a.Line))&(avoid|FlagIsland) != 0 {
				t.Fatalf("point %v snapped onto an avoided or island edge", p)
			}
		}
	}
}

func TestSnapErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	g, _, _ := Build(randomInput(rng, 50, 40), BuildOptions{MinComponentMeters: -1})
	for _, warm := range []bool{false, true} {
		sn := g.NewSnapper()
		if warm {
			sn.Warm(0)
		}
		tests := []struct {
			p    orb.Point
			want string
		}{
			{orb.Point{math.NaN(), 43.7}, "invalid coordinates"},
			{orb.Point{43.73, 7.42 + 100}, "outside [-90, 90]"},
			{orb.Point{7.42, 50.0}, "km from the network"},
		}
		for _, tt := range tests {
			_, err := sn.Snap(tt.p, 300, 0)
			var ue *UnroutableError
			if !errors.As(err, &ue) || !errors.Is(err, ErrUnroutable) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("warm=%v Snap(%v) error = %v, want an UnroutableError containing %q", warm, tt.p, err, tt.want)
			}
		}
		// a far point reports its distance
		_, err := sn.Snap(orb.Point{7.42, 44.73}, 300, 0)
		var ue *UnroutableError
		if errors.As(err, &ue) && (ue.Nearest < 100000 || ue.Nearest > 120000) {
			t.Errorf("warm=%v: nearest = %.0f m, want about 111 km", warm, ue.Nearest)
		}
	}
}
