package emergency_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

func assess(t *testing.T, g *routing.Graph, in emergency.Input, opts emergency.Options) *emergency.Result {
	t.Helper()
	if opts.Budget == (geo.Budget{}) {
		opts.Budget = geo.Budget{Minutes: 15}
	}
	if opts.Profile == (routing.Profile{}) {
		opts.Profile = routing.Standard
	}
	res, err := emergency.Assess(context.Background(), g, g.NewSnapper(), in, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestWorstMidEdge: responder at A of a triangle A-B-C with sides 100 m
// (AB), 150 m (AC) and 200 m (BC): the farthest point lies inside BC, at
// (d(B) + d(C) + |BC|)/2 = 225 m, 125 m from B.
func TestWorstMidEdge(t *testing.T) {
	var nt net
	a := nt.node(0, 0)
	b := nt.node(100, 0)
	c := nt.node(-37.5, math.Sqrt(150*150-37.5*37.5))
	nt.way(0, a, b)
	nt.way(0, a, c)
	nt.way(0, b, c)
	g := nt.build(t)
	res := assess(t, g, emergency.Input{
		Responders: []emergency.Responder{{ID: "r", Point: at(0, 0)}},
		Zones:      []access.Zone{{ID: "z", Name: "z", Geometry: rect(-100, -50, 200, 200)}},
	}, emergency.Options{})
	length := map[string]float64{}
	var bc routing.EdgeID
	for e := range g.NumEdges() {
		id := routing.EdgeID(e)
		u, v := g.Ends(id)
		key := fmt.Sprint(g.NodeOSMID(u)+g.NodeOSMID(v), g.NodeOSMID(u)*g.NodeOSMID(v))
		length[key] = g.Length(id)
		if g.NodeOSMID(u) != 1 && g.NodeOSMID(v) != 1 {
			bc = id
		}
	}
	dB, dC, lBC := length["3 2"], length["4 3"], length["5 6"]
	want := (dB + dC + lBC) / 2
	gr := res.Grids[0]
	if !near(gr.Worst.Meters, want, 1e-6) || gr.Worst.Edge != bc {
		t.Fatalf("worst = %.6f m on edge %d, want (d(B)+d(C)+|BC|)/2 = %.6f m on edge %d", gr.Worst.Meters, gr.Worst.Edge, want, bc)
	}
	// 125 m from B along BC, wherever the edge starts.
	u, _ := g.Ends(bc)
	fromB := gr.Worst.Offset
	if g.NodeOSMID(u) != 2 {
		fromB = lBC - fromB
	}
	if wantB := (dC + lBC - dB) / 2; !near(fromB, wantB, 1e-6) {
		t.Errorf("worst point %.6f m from B, want %.6f", fromB, wantB)
	}
	if !gr.Pass || gr.StreetShare() != 1 || gr.Responders != 1 {
		t.Errorf("grid = %+v, want a pass with every street reached", gr)
	}
}

// TestFarCornerFailsAndAdviceFixes: an L-shaped street of 17 minutes at
// 1.33 m/s with the responder at one end fails a 15-minute promise; the
// advised point is its middle (8.5 minutes), and a responder moved there
// passes.
func TestFarCornerFailsAndAdviceFixes(t *testing.T) {
	total := 17 * 60 * routing.Standard.Speed // 1356.6 m
	var nt net
	a := nt.node(0, 0)
	b := nt.node(800, 0)
	c := nt.node(800, total-800)
	nt.way(0, a, b, c)
	d := nt.node(400, 0.001) // a side street that shares the corner
	_ = d
	g := nt.build(t)
	zones := []access.Zone{{ID: "g", Name: "Grid", Geometry: rect(-50, -50, 850, total)}}
	res := assess(t, g, emergency.Input{
		Responders: []emergency.Responder{{ID: "post", Point: at(0, -5)}},
		Zones:      zones,
	}, emergency.Options{Advice: true})
	gr := res.Grids[0]
	if gr.Pass {
		t.Fatalf("grid passes with worst %.2f min; want a fail", gr.Worst.Minutes)
	}
	if !near(gr.Worst.Minutes, 17+5/routing.Standard.Speed/60, 0.02) {
		t.Errorf("worst = %.3f min, want 17 minutes plus the 5 m door leg", gr.Worst.Minutes)
	}
	if !strings.Contains(gr.Reason, "over the 15min budget") {
		t.Errorf("reason %q does not say the budget is exceeded", gr.Reason)
	}
	adv := gr.Advice
	if adv == nil || !adv.Certified || !adv.Pass {
		t.Fatalf("advice = %+v, want a certified point that passes", adv)
	}
	line := g.Length(0)
	if !near(adv.At.Meters, line/2, 1.01) || !near(adv.LowerMeters, line/2, 1.01) {
		t.Errorf("advised worst case %.2f m (lower bound %.2f), want half the street, %.2f m", adv.At.Meters, adv.LowerMeters, line/2)
	}
	moved := assess(t, g, emergency.Input{
		Responders: []emergency.Responder{{ID: "post", Point: adv.At.Point}},
		Zones:      zones,
	}, emergency.Options{})
	if mg := moved.Grids[0]; !mg.Pass || !near(mg.Worst.Meters, adv.At.Meters, 0.05) {
		t.Errorf("responder at the advised point: pass %v, worst %.2f m; want a pass at %.2f m (%s)", mg.Pass, mg.Worst.Meters, adv.At.Meters, mg.Reason)
	}
}

func TestGridWithoutResponderFails(t *testing.T) {
	var nt net
	nt.way(0, nt.node(0, 0), nt.node(100, 0))
	nt.way(0, nt.node(1000, 0), nt.node(1100, 0))
	g := nt.build(t)
	res := assess(t, g, emergency.Input{
		Responders: []emergency.Responder{
			{ID: "a", Point: at(10, 0), Grid: "West"},
			{ID: "lost", Point: at(5000, 0)}, // outside every grid, no grid value
			{ID: "far", Point: at(50, 2000), Grid: "West"},
		},
		Zones: []access.Zone{
			{ID: "w", Name: "West", Geometry: rect(-10, -10, 200, 10)},
			{ID: "e", Name: "East", Geometry: rect(900, -10, 1200, 10)},
		},
	}, emergency.Options{})
	if w := res.Grids[0]; !w.Pass || w.Responders != 1 {
		t.Errorf("West = %+v, want a pass with one responder", w)
	}
	e := res.Grids[1]
	if e.Pass || e.Responders != 0 || !strings.Contains(e.Reason, "no responder serves this grid") || !math.IsInf(e.Worst.Meters, 1) {
		t.Errorf("East = pass %v, %d responders, worst %v, reason %q; want a fail for want of a responder", e.Pass, e.Responders, e.Worst.Meters, e.Reason)
	}
	if p := res.Responders[1]; p.Placed || !strings.Contains(p.Reason, "outside every grid") {
		t.Errorf("responder outside every grid: %+v", p)
	}
	if p := res.Responders[2]; p.Placed || !strings.Contains(p.Reason, "from the network") {
		t.Errorf("responder off the network: %+v", p)
	}
	_, err := emergency.Assess(context.Background(), g, g.NewSnapper(), emergency.Input{
		Responders: []emergency.Responder{{ID: "x", Point: at(0, 0), Grid: "Nowhere"}},
		Zones:      []access.Zone{{ID: "w", Name: "West", Geometry: rect(-10, -10, 200, 10)}},
	}, emergency.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard})
	if err == nil || !strings.Contains(err.Error(), `grid "Nowhere" names no grid`) {
		t.Errorf("unknown grid: err = %v", err)
	}
}

// TestAssessMatchesBruteForce compares worst cases, street shares and door
// walks with a plain Dijkstra over the network cut every metre, on random
// towns, grids and responders.
func TestAssessMatchesBruteForce(t *testing.T) {
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	compared, doors := 0, 0
	defer func() {
		if compared < rounds || doors < rounds {
			t.Errorf("only %d grids and %d doors compared", compared, doors)
		}
	}()
	for round := range rounds {
		rng := rand.New(rand.NewPCG(uint64(round), 99))
		g := town(t, rng, 3+rng.IntN(2))
		profile := routing.Standard
		if round%3 == 2 {
			profile = routing.Wheelchair
		}
		zones := []access.Zone{
			{ID: "a", Name: "A", Geometry: blob(rng, 130, 120, 160)},
			{ID: "b", Name: "B", Geometry: rect(150, -20, 400, 300)},
		}
		var responders []emergency.Responder
		for i := range 1 + rng.IntN(3) {
			grid := ""
			if rng.IntN(3) == 0 {
				grid = zones[rng.IntN(2)].Name
			}
			p := at(20+rng.Float64()*300, 20+rng.Float64()*240)
			responders = append(responders, emergency.Responder{ID: fmt.Sprint("r", i), Point: p, Grid: grid})
		}
		var residents []access.Resident
		for i := range 6 {
			residents = append(residents, access.Resident{ID: fmt.Sprint("h", i), Point: at(rng.Float64()*350, rng.Float64()*300), Weight: 1})
		}
		budget := geo.Budget{Meters: 150 + rng.Float64()*200}
		res := assess(t, g, emergency.Input{Responders: responders, Residents: residents, Zones: zones},
			emergency.Options{Budget: budget, Profile: profile})
		var extra []routing.Location
		for _, p := range res.Responders {
			if p.Placed {
				extra = append(extra, p.Loc)
			}
		}
		sn := g.NewSnapper()
		doorLoc := make([]routing.Location, len(residents))
		for i, r := range residents {
			if loc, err := sn.Snap(r.Point, 0, profile.Avoid); err == nil {
				doorLoc[i] = loc
				extra = append(extra, loc)
			}
		}
		x := expand(g, profile.Avoid, 1, extra)
		for z, zone := range zones {
			seeds := map[int]float64{}
			for i, p := range res.Responders {
				if p.Placed && (p.Serves < 0 || p.Serves == z) {
					n := x.byLoc[[2]float64{float64(p.Loc.Edge), p.Loc.Offset}]
					if s, ok := seeds[n]; !ok || p.Loc.Door < s {
						seeds[n] = p.Loc.Door
					}
					_ = i
				}
			}
			gr := res.Grids[z]
			if len(seeds) == 0 {
				if gr.Pass || gr.Responders != 0 {
					t.Errorf("round %d grid %s: no responder but pass %v, %d responders", round, zone.Name, gr.Pass, gr.Responders)
				}
				continue
			}
			d := x.dijkstra(seeds)
			in := x.inside(zone.Geometry)
			worst, within, total := math.Inf(-1), 0.0, 0
			for i := range x.pos {
				if in[i] {
					total++
					worst = math.Max(worst, d[i])
					if d[i] <= res.Meters {
						within++
					}
				}
			}
			if total == 0 {
				continue
			}
			if math.IsInf(worst, 1) {
				if !math.IsInf(gr.WorstStreet.Meters, 1) {
					t.Errorf("round %d grid %s: brute force finds an unreachable point, Assess a worst of %.3f m", round, zone.Name, gr.WorstStreet.Meters)
				}
				continue
			}
			// Samples are at most 1 m apart and walks change by at most the
			// distance moved, so the exact maximum is at most 1 m above the
			// sampled one (0.5 m inside an edge, up to 1 m at a cut); it may
			// be a hair below where a sample within millimetres of the grid's
			// boundary counts as inside.
			if gr.WorstStreet.Meters < worst-0.01 || gr.WorstStreet.Meters > worst+1+1e-6 {
				t.Errorf("round %d grid %s: worst street point %.4f m, brute force %.4f m", round, zone.Name, gr.WorstStreet.Meters, worst)
			}
			compared++
			beyond := 0.0
			for _, st := range gr.Beyond {
				beyond += st.To - st.From
				if st.MaxMeters <= res.Meters || st.MaxMeters > gr.WorstStreet.Meters+1e-9 {
					t.Errorf("round %d grid %s: stretch %+v beyond the budget %.1f m with its farthest point at %.3f m", round, zone.Name, st, res.Meters, st.MaxMeters)
				}
			}
			if !near(beyond+gr.ReachedMeters, gr.StreetMeters, 1e-6*gr.StreetMeters) {
				t.Errorf("round %d grid %s: %.6f m beyond + %.6f m reached != %.6f m of street", round, zone.Name, beyond, gr.ReachedMeters, gr.StreetMeters)
			}
			if share := float64(within) / float64(total); math.Abs(share-gr.StreetShare()) > 0.02 {
				t.Errorf("round %d grid %s: street share %.4f, brute force %.4f", round, zone.Name, gr.StreetShare(), share)
			}
			for i := range residents {
				door := res.Doors[i]
				if door.Zone != z || door.Unroutable {
					continue
				}
				doors++
				n := x.byLoc[[2]float64{float64(doorLoc[i].Edge), doorLoc[i].Offset}]
				if want := d[n] + doorLoc[i].Door; !near(door.Meters, want, 1e-6) && !(math.IsInf(want, 1) && math.IsInf(door.Meters, 1)) {
					t.Errorf("round %d resident %d: door walk %.6f m, brute force %.6f m", round, i, door.Meters, want)
				}
			}
		}
	}
}

// TestCentreMatchesBruteForce compares the advised point's worst case with
// the best of every network point every metre, each judged by brute force.
func TestCentreMatchesBruteForce(t *testing.T) {
	rounds := 4
	if testing.Short() {
		rounds = 2
	}
	for round := range rounds {
		rng := rand.New(rand.NewPCG(uint64(round), 7))
		g := town(t, rng, 2+round%2)
		zone := access.Zone{ID: "z", Name: "Z", Geometry: blob(rng, 100, 90, 110)}
		res := assess(t, g, emergency.Input{Zones: []access.Zone{zone}}, emergency.Options{Advice: true, Budget: geo.Budget{Meters: 1}})
		gr := res.Grids[0]
		if gr.StreetMeters == 0 {
			continue
		}
		adv := gr.Advice
		if adv == nil {
			t.Fatalf("round %d: no advice for a failing grid", round)
		}
		x := expand(g, 0, 1, nil)
		in := x.inside(zone.Geometry)
		best, bestAt := math.Inf(1), -1
		for p := range x.pos {
			d := x.dijkstra(map[int]float64{p: 0})
			f := math.Inf(-1)
			for i := range x.pos {
				if in[i] {
					f = math.Max(f, d[i])
				}
			}
			if f < best {
				best, bestAt = f, p
			}
		}
		if adv.Reason != "" {
			if !math.IsInf(best, 1) {
				t.Errorf("round %d: advice says %q, brute force finds a centre at %.2f m", round, adv.Reason, best)
			}
			continue
		}
		// The brute force misses the exact optimum by at most 0.5 m (candidates
		// every metre) and underestimates each worst case by at most 1 m
		// (grid points every metre); the advice is within its 1 m tolerance,
		// and its lower bound below the true optimum, so at most 1 m above
		// the brute force's.
		if adv.At.Meters < best-1.5-1e-6 || adv.At.Meters > best+emergency.DefaultTolerance+1+1e-6 || !adv.Certified {
			t.Errorf("round %d: advised worst case %.3f m (certified %v, %d evaluations), brute-force best %.3f m at %v",
				round, adv.At.Meters, adv.Certified, adv.Evaluations, best, x.pos[bestAt].point)
		}
		if adv.LowerMeters > best+1+1e-6 || adv.LowerMeters < adv.At.Meters-emergency.DefaultTolerance-1e-6 {
			t.Errorf("round %d: lower bound %.3f m, advised %.3f m, brute force %.3f m", round, adv.LowerMeters, adv.At.Meters, best)
		}
		t.Logf("round %d: advised %.2f m after %d evaluations, brute force %.2f m", round, adv.At.Meters, adv.Evaluations, best)
	}
}
