package routing_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// bruteSnap places p by projecting it onto every usable edge of g, the
// definition Snapper.Snap must meet: the nearest edge, ties to the smaller
// edge id, within maxSnap; otherwise the distance to the nearest edge (-1
// when there is none).
func bruteSnap(g *routing.Graph, p orb.Point, maxSnap float64, avoid routing.EdgeFlags) (routing.Location, float64, bool) {
	best := geo.LineProjection{Dist: math.Inf(1)}
	bestEdge := routing.EdgeID(-1)
	var buf orb.LineString
	for e := range routing.EdgeID(g.NumEdges()) {
		if g.Flags(e)&(avoid|routing.FlagIsland) != 0 {
			continue
		}
		buf = g.AppendGeometry(buf[:0], e)
		if lp := geo.ProjectOnLine(p, buf); lp.Dist < best.Dist {
			best, bestEdge = lp, e
		}
	}
	if bestEdge < 0 {
		return routing.Location{}, -1, false
	}
	if best.Dist > maxSnap {
		return routing.Location{}, best.Dist, false
	}
	return routing.Location{Edge: bestEdge, Offset: math.Min(best.Offset, g.Length(bestEdge)), Door: best.Dist, At: best.At}, best.Dist, true
}

// TestSnapMatchesBruteForcePorto checks Snap on the Porto network, both
// while a fresh Snapper scans and once its R-tree is built, against a
// projection onto every edge: the same edge, offset, door leg and point to
// the last bit, and for points beyond the limit the same distance in the
// error.
func TestSnapMatchesBruteForcePorto(t *testing.T) {
	ex, err := osmload.Read(context.Background(), "../testdata/porto-centre-2020-07-20.osm.pbf", osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 40
	if testing.Short() {
		n = 10
	}
	rng := rand.New(rand.NewPCG(12, 12))
	b := g.Bound()
	var points []orb.Point
	for range n {
		// near a node, anywhere in the bound, and well outside it
		q := g.NodePoint(routing.NodeID(rng.IntN(g.NumNodes())))
		points = append(points,
			orb.Point{q[0] + (rng.Float64()-0.5)*0.002, q[1] + (rng.Float64()-0.5)*0.0015},
			orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])},
			orb.Point{b.Max[0] + rng.Float64()*0.02, b.Min[1] - rng.Float64()*0.02})
	}
	placed, refused := 0, 0
	for _, p := range []routing.Profile{routing.Standard, routing.Wheelchair} {
		for _, warm := range []bool{false, true} {
			sn := g.NewSnapper()
			if warm {
				sn.Warm(p.Avoid)
			}
			for i, pt := range points {
				if !warm && i == 4 {
					break // a fresh Snapper scans for its first few points only
				}
				got, err := sn.Snap(pt, 250, p.Avoid)
				want, nearest, ok := bruteSnap(g, pt, 250, p.Avoid)
				if ok {
					placed++
					if err != nil || got != want {
						t.Fatalf("%s warm=%v Snap(%v) = %+v, %v; brute force %+v", p.Name, warm, pt, got, err, want)
					}
					continue
				}
				refused++
				var ue *routing.UnroutableError
				if !errors.As(err, &ue) || ue.Nearest != nearest || ue.MaxSnap != 250 {
					t.Fatalf("%s warm=%v Snap(%v) = %+v, %v; brute force: unroutable, nearest edge at %v m", p.Name, warm, pt, got, err, nearest)
				}
			}
		}
	}
	if placed < n || refused < n {
		t.Fatalf("only %d points placed and %d refused", placed, refused)
	}
}
