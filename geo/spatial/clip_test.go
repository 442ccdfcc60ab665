package spatial_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
)

func TestClipHandMade(t *testing.T) {
	zi, err := spatial.NewZoneIndex(testZones())
	if err != nil {
		t.Fatal(err)
	}
	c := zi.NewClipper()
	// Along y=5 from x=-5 to x=15: zone 0 from x=0 to 4 and 6 to 10 (the
	// hole is 4..6); zone 2 not touched (it starts at y=8).
	ls := orb.LineString{{-5, 5}, {15, 5}}
	got := c.Clip(nil, ls)
	total := geo.Distance(orb.Point{-5, 5}, orb.Point{15, 5})
	m := func(x float64) float64 { return (x + 5) / 20 * total } // fractions of the segment, as geo.Along has them
	want := []spatial.Piece{{Zone: 0, From: m(0), To: m(4)}, {Zone: 0, From: m(6), To: m(10)}}
	if len(got) != len(want) {
		t.Fatalf("Clip = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Zone != want[i].Zone || !near(got[i].From, want[i].From, 1e-6*want[i].To) || !near(got[i].To, want[i].To, 1e-6*want[i].To) {
			t.Errorf("piece %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Wholly inside zone 3's concave polygon, no crossing: one piece.
	in := orb.LineString{{51, 1}, {55, 1.5}, {59, 1}}
	got = c.Clip(got[:0], in)
	if len(got) != 1 || got[0].Zone != 3 || got[0].From != 0 || !near(got[0].To, geo.LineLength(in), 1e-6) {
		t.Errorf("Clip(inside) = %+v, want one piece of zone 3 over the whole line", got)
	}
	// Far away: nothing.
	if got = c.Clip(got[:0], orb.LineString{{100, 100}, {101, 101}}); len(got) != 0 {
		t.Errorf("Clip(far) = %+v, want none", got)
	}
}

// TestClipMatchesSampling checks random lines against random star-shaped
// zones by sampling the line every few centimetres' worth of its length
// with planar point-in-polygon, an independent implementation.
func TestClipMatchesSampling(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	box := orb.Bound{Min: orb.Point{7.40, 43.72}, Max: orb.Point{7.43, 43.745}}
	var zones []orb.MultiPolygon
	for range 6 {
		c := randomPoint(rng, box)
		p := orb.Polygon{star(rng, c, 0.006, 5+rng.IntN(100))}
		if rng.IntN(3) == 0 {
			p = append(p, reverse(star(rng, c, 0.001, 6)))
		}
		zones = append(zones, orb.MultiPolygon{p})
	}
	zi, err := spatial.NewZoneIndex(zones)
	if err != nil {
		t.Fatal(err)
	}
	c := zi.NewClipper()
	lines := randomLines(rng, 120, 6, box, 400)
	var pieces []spatial.Piece
	for li, ls := range lines {
		pieces = c.Clip(pieces[:0], ls)
		length := geo.LineLength(ls)
		const step = 0.5 // metres
		for z, mp := range zones {
			if !mp.Bound().Intersects(ls.Bound()) {
				continue
			}
			for x := step / 2; x < length; x += step {
				p := geo.Along(ls, x)
				want := planar.MultiPolygonContains(mp, p)
				got, nearCut := false, false
				for _, pc := range pieces {
					if pc.Zone != z {
						continue
					}
					if x >= pc.From && x <= pc.To {
						got = true
					}
					if math.Abs(x-pc.From) < 0.05 || math.Abs(x-pc.To) < 0.05 {
						nearCut = true
					}
				}
				if got != want && !nearCut {
					t.Fatalf("line %d, zone %d, %.2f m along: inside = %v, sampling says %v (pieces %+v)", li, z, x, got, want, pieces)
				}
			}
		}
	}
}

func reverse(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

func TestZoneBound(t *testing.T) {
	zi, err := spatial.NewZoneIndex(testZones())
	if err != nil {
		t.Fatal(err)
	}
	b, ok := zi.ZoneBound(1)
	if !ok || b != (orb.Bound{Min: orb.Point{20, 0}, Max: orb.Point{32, 2}}) {
		t.Errorf("ZoneBound(1) = %v, %v", b, ok)
	}
	if _, ok := zi.ZoneBound(9); ok {
		t.Error("ZoneBound(9) found a zone")
	}
}
