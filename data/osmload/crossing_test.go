package osmload_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

const squareXML = "testdata/square.osm"

// Nodes of testdata/square.osm: the entrances of the L-shaped square 500
// and its corners.
const (
	entS, entE, entN, entW = 2, 4, 8, 10
)

func TestAreaCrossingWays(t *testing.T) {
	ex := read(t, squareXML, osmload.Options{})
	checkInvariants(t, ex)
	want := map[[2]int64]bool{
		{entS, entE}: true, {entS, entN}: true, {entS, entW}: true, {entE, entW}: true, {entN, entW}: true,
	}
	got := map[[2]int64]bool{}
	for _, w := range ex.Network.Ways {
		if w.ID >= 0 {
			continue
		}
		if w.ID != -500 || len(w.Nodes) != 2 || w.Flags != routing.FlagArea|routing.FlagRough {
			t.Errorf("crossing %+v, want id -500, two nodes, flags area|rough", w)
			continue
		}
		a, b := w.Nodes[0], w.Nodes[1]
		got[[2]int64{min(a, b), max(a, b)}] = true
	}
	if len(got) != len(want) || ex.AreaCrossings != len(want) {
		t.Errorf("crossings %v (AreaCrossings %d), want %v", got, ex.AreaCrossings, want)
	}
	for p := range want {
		if !got[p] {
			t.Errorf("no crossing %v", p)
		}
	}
	if got[[2]int64{entE, entN}] {
		t.Errorf("crossing between N and E, want none: the notch hides them")
	}

	ex = read(t, squareXML, osmload.Options{NoAreaCrossing: true})
	if ex.AreaCrossings != 0 || len(ex.Network.Ways) != 5 {
		t.Errorf("NoAreaCrossing: %d ways, AreaCrossings %d, want the 5 ways of the file and 0", len(ex.Network.Ways), ex.AreaCrossings)
	}
}

func TestAreaCrossingDistances(t *testing.T) {
	ex := read(t, squareXML, osmload.Options{NoAreaCrossing: true})
	pt := func(id int64) orb.Point { return node(ex, id).Point }
	straight := geo.Distance(pt(entS), pt(entN))
	// the shorter way round the outline, S-P1-W-P6-N
	outline := geo.LineLength(orb.LineString{pt(entS), pt(1), pt(entW), pt(9), pt(entN)})
	if straight >= outline {
		t.Fatalf("straight %.2f m, outline %.2f m: the square is not what the test expects", straight, outline)
	}
	for _, tc := range []struct {
		name string
		opts osmload.Options
		want float64
	}{
		{"crossing", osmload.Options{}, straight},
		{"outline", osmload.Options{NoAreaCrossing: true}, outline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := read(t, squareXML, tc.opts)
			g, _, err := routing.Build(ex.Network, routing.BuildOptions{MinComponentMeters: -1})
			if err != nil {
				t.Fatal(err)
			}
			if got := walkDist(t, g, entS, entN); math.Abs(got-tc.want) > 0.01 {
				t.Errorf("distance S-N = %.3f m, want %.3f m", got, tc.want)
			}
			// N and E do not see each other: round the notch or via W.
			if got, direct := walkDist(t, g, entN, entE), geo.Distance(pt(entN), pt(entE)); got < direct+1 {
				t.Errorf("distance N-E = %.3f m, want more than the straight %.3f m", got, direct)
			}
		})
	}
}

// walkDist is the network distance in metres between two OSM nodes of g.
func walkDist(t *testing.T, g *routing.Graph, from, to int64) float64 {
	t.Helper()
	at := func(id int64) routing.NodeID {
		for n := range g.NumNodes() {
			if g.NodeOSMID(routing.NodeID(n)) == id {
				return routing.NodeID(n)
			}
		}
		t.Fatalf("node %d is not a graph node", id)
		return 0
	}
	s := g.NewSearcher()
	s.Run(routing.Query{Sources: []routing.Source{{Node: at(from)}}, Limit: 1e6})
	d, ok := s.Dist(at(to))
	if !ok {
		t.Fatalf("node %d not reached from %d", to, from)
	}
	return d
}

// TestAreaCrossingsCities counts the pedestrian areas and their crossings
// and checks that every crossing runs inside its area.
func TestAreaCrossingsCities(t *testing.T) {
	for _, tc := range []struct {
		name, path string
	}{
		{"monaco", monacoPBF},
		{"porto", portoPBF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := read(t, tc.path, osmload.Options{})
			areas := map[int64]routing.Way{}
			crossed := map[int64]bool{}
			n := 0
			for _, w := range ex.Network.Ways {
				nodes := w.Nodes
				switch {
				case w.ID > 0 && w.Flags&routing.FlagArea != 0 && len(nodes) >= 4 && nodes[0] == nodes[len(nodes)-1]:
					areas[w.ID] = w
				case w.ID < 0:
					n++
					area, ok := areas[-w.ID]
					if !ok || len(nodes) != 2 || w.Flags != area.Flags {
						t.Fatalf("crossing %+v: want two nodes, the flags of area way %d %+v", w, -w.ID, area)
					}
					crossed[-w.ID] = true
					ring := make(orb.Ring, len(area.Nodes))
					for i, id := range area.Nodes {
						ring[i] = node(ex, id).Point
					}
					a, b := node(ex, nodes[0]).Point, node(ex, nodes[1]).Point
					if mid := (orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}); !planar.RingContains(ring, mid) {
						t.Errorf("crossing %v of area %d: midpoint %v outside the area", nodes, -w.ID, mid)
					}
				}
			}
			if n != ex.AreaCrossings || n == 0 {
				t.Errorf("%d crossing ways, AreaCrossings %d, want equal and > 0", n, ex.AreaCrossings)
			}
			t.Logf("%s: %d pedestrian area ways, %d crossed, %d crossings", tc.name, len(areas), len(crossed), n)
		})
	}
}
