package routing

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
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

// TestSnapScanMatchesBrute checks scan, with its seeded bound, against a
// plain projection onto every usable edge: the first edge in id order at
// the least distance, to the last bit, also for points far off the network.
func TestSnapScanMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	g, _, err := Build(randomInput(rng, 200, 150), BuildOptions{MinComponentMeters: 200})
	if err != nil {
		t.Fatal(err)
	}
	sn := g.NewSnapper()
	var buf orb.LineString
	for _, avoid := range []EdgeFlags{0, FlagSteps} {
		for n := range 500 {
			p := orb.Point{7.419 + rng.Float64()*0.009, 43.729 + rng.Float64()*0.007}
			if n%5 == 0 { // on a node, where edges tie
				p = g.NodePoint(NodeID(rng.IntN(g.NumNodes())))
			}
			if n%7 == 0 { // far off
				p[1] += 0.05
			}
			want := spatial.Hit{Line: -1, Dist: math.Inf(1)}
			for e := range g.NumEdges() {
				if g.flags[e]&(avoid|FlagIsland) != 0 {
					continue
				}
				buf = g.AppendGeometry(buf[:0], EdgeID(e))
				if lp := geo.ProjectOnLine(p, buf); lp.Dist < want.Dist {
					want = spatial.Hit{Line: int32(e), Segment: lp.Segment, Offset: lp.Offset, Dist: lp.Dist, At: lp.At}
				}
			}
			got, ok := sn.scan(p, avoid)
			if !ok || got != want {
				t.Fatalf("point %v avoid %v: scan %+v, every edge %+v", p, avoid, got, want)
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
			code UnroutableCode
		}{
			{orb.Point{math.NaN(), 43.7}, "invalid coordinates", InvalidPoint},
			{orb.Point{43.73, 7.42 + 100}, "outside [-90, 90]", InvalidPoint},
			{orb.Point{7.42, 50.0}, "km from the network", TooFar},
		}
		for _, tt := range tests {
			_, err := sn.Snap(tt.p, 300, 0)
			var ue *UnroutableError
			if !errors.As(err, &ue) || !errors.Is(err, ErrUnroutable) || !strings.Contains(err.Error(), tt.want) || ue.Code != tt.code {
				t.Errorf("warm=%v Snap(%v) error = %v, want an UnroutableError %s containing %q", warm, tt.p, err, tt.code, tt.want)
			}
			if ue != nil && tt.code == InvalidPoint && (ue.Detail == "" || !strings.HasSuffix(ue.Reason, ue.Detail)) {
				t.Errorf("warm=%v Snap(%v): detail %q, reason %q", warm, tt.p, ue.Detail, ue.Reason)
			}
		}
		// a far point reports its distance
		_, err := sn.Snap(orb.Point{7.42, 44.73}, 300, 0)
		var ue *UnroutableError
		if errors.As(err, &ue) && (ue.Nearest < 100000 || ue.Nearest > 120000) {
			t.Errorf("warm=%v: nearest = %.0f m, want about 111 km", warm, ue.Nearest)
		}
		// a network of islands only has no usable street
		islands, _, _ := Build(randomInput(rng, 50, 40), BuildOptions{MinComponentMeters: 1e12})
		_, err = islands.NewSnapper().Snap(orb.Point{7.42, 43.73}, 300, 0)
		if !errors.As(err, &ue) || ue.Code != NoStreet || ue.Reason != "the network has no usable street for this profile" || ue.Nearest != -1 {
			t.Errorf("warm=%v: Snap on islands = %v (%+v), want NoStreet", warm, err, ue)
		}
	}
}

// TestSnapDoesNotAllocate checks that placing a point with a built index
// allocates nothing: the geometry of candidate edges goes into the query's
// own buffer, and no lock or map is touched on the way.
func TestSnapDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	rng := rand.New(rand.NewPCG(10, 10))
	g, _, err := Build(randomInput(rng, 400, 300), BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	sn := g.NewSnapper()
	for _, avoid := range []EdgeFlags{0, FlagSteps} {
		sn.Warm(avoid)
		p := orb.Point{7.425, 43.733}
		if _, err := sn.Snap(p, 300, avoid); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(200, func() { sn.Snap(p, 300, avoid) }); a != 0 {
			t.Errorf("Snap(avoid %b) allocates %v times per call, want 0", avoid, a)
		}
	}
}

// TestSnapConcurrent snaps from many goroutines at once with different
// avoid masks on a fresh Snapper, so that the first calls scan, indexes are
// built while other goroutines snap, and masks are added concurrently; every
// answer must equal the one a Snapper used from one goroutine gives. Run it
// with -race.
func TestSnapConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	g, _, err := Build(randomInput(rng, 900, 700), BuildOptions{MinComponentMeters: 100})
	if err != nil {
		t.Fatal(err)
	}
	masks := []EdgeFlags{0, FlagSteps, FlagSteps | FlagKerbRaised | FlagNoWheelchair, FlagUnpaved, FlagCrossing}
	points := make([]orb.Point, 200)
	for i := range points {
		points[i] = orb.Point{7.419 + rng.Float64()*0.017, 43.729 + rng.Float64()*0.013}
	}
	type answer struct {
		loc Location
		err string
	}
	snapAll := func(sn *Snapper, mask EdgeFlags, order []int, out []answer) {
		for _, i := range order {
			loc, err := sn.Snap(points[i], 150, mask)
			out[i] = answer{loc: loc}
			if err != nil {
				out[i].err = err.Error()
			}
		}
	}
	identity := make([]int, len(points))
	for i := range identity {
		identity[i] = i
	}
	want := make([][]answer, len(masks))
	ref := g.NewSnapper()
	for m, mask := range masks {
		ref.Warm(mask)
		want[m] = make([]answer, len(points))
		snapAll(ref, mask, identity, want[m])
	}
	for round := range 3 {
		sn := g.NewSnapper()
		const workers = 16
		got := make([][]answer, workers)
		var wg sync.WaitGroup
		for w := range workers {
			got[w] = make([]answer, len(points))
			order := rand.New(rand.NewPCG(uint64(round), uint64(w))).Perm(len(points))
			wg.Add(1)
			go func() {
				defer wg.Done()
				snapAll(sn, masks[w%len(masks)], order, got[w])
			}()
		}
		wg.Wait()
		for w := range workers {
			for i := range points {
				if got[w][i] != want[w%len(masks)][i] {
					t.Fatalf("round %d worker %d point %v: %+v, want %+v", round, w, points[i], got[w][i], want[w%len(masks)][i])
				}
			}
		}
	}
}

// TestSnapperWithin agrees with Snap: a street within the distance exactly
// when Snap places the point, for random points near and far.
func TestSnapperWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	g, _, err := Build(randomInput(rng, 200, 150), BuildOptions{MinComponentMeters: 200})
	if err != nil {
		t.Fatal(err)
	}
	sn := g.NewSnapper()
	for _, avoid := range []EdgeFlags{0, FlagSteps} {
		for range 300 {
			p := orb.Point{7.40 + rng.Float64()*0.05, 43.71 + rng.Float64()*0.04}
			for _, d := range []float64{5, 50, 300} {
				_, err := sn.Snap(p, geo.Meters(d), avoid)
				if got := sn.Within(p, geo.Meters(d), avoid); got != (err == nil) {
					t.Fatalf("Within(%v, %v, %b) = %v, Snap error %v", p, d, avoid, got, err)
				}
			}
		}
	}
	if sn.Within(orb.Point{math.NaN(), 43.7}, 300, 0) || sn.Within(orb.Point{7.42, 43.73}, 0, 0) {
		t.Error("Within is true for an invalid point or a zero distance")
	}
}
