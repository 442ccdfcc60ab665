package emergency_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

func volunteers(t *testing.T, g *routing.Graph, in emergency.VolunteerInput, opts emergency.VolunteerOptions) *emergency.VolunteerResult {
	t.Helper()
	if opts.Budget == (geo.Budget{}) {
		opts.Budget = geo.Budget{Minutes: 15}
	}
	if opts.Profile == (routing.Profile{}) {
		opts.Profile = routing.Standard
	}
	res, err := emergency.Volunteers(context.Background(), g, g.NewSnapper(), in, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestWheelchairVolunteerBehindSteps: the resident's street meets the
// volunteer's only by a flight of steps 60 m long; a volunteer walking
// counts, one in a wheelchair does not (the way round is 2.5 km).
func TestWheelchairVolunteerBehindSteps(t *testing.T) {
	var nt net
	a, b := nt.node(0, 0), nt.node(200, 0)         // the resident's street
	c, d := nt.node(0, 60), nt.node(200, 60)       // the volunteer's street
	e, f := nt.node(-1000, 0), nt.node(-1000, 600) // the long way round, no steps
	nt.way(0, a, b)
	nt.way(0, c, d)
	nt.way(routing.FlagSteps, b, d)
	nt.way(0, a, e, f, c)
	g := nt.build(t)
	residents := []access.Resident{{ID: "mrs-silva", Point: at(100, -2), Weight: 1, Group: "elderly"}}
	zones := []access.Zone{{ID: "z", Name: "Z", Geometry: rect(-2000, -100, 400, 800)}}
	for _, tc := range []struct {
		name    string
		profile routing.Profile
		reached bool
	}{
		{"walking", routing.Standard, true},
		{"wheelchair", routing.Wheelchair, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := volunteers(t, g, emergency.VolunteerInput{
				Volunteers: []emergency.Volunteer{{ID: "v", Point: at(100, 62), Profile: tc.profile}},
				Residents:  residents, Zones: zones,
			}, emergency.VolunteerOptions{})
			row := res.Grids[0]
			if got := row.ByOne == 1; got != tc.reached {
				t.Errorf("reached = %v (nearest %+v), want %v", got, res.Visits[0].Nearest, tc.reached)
			}
			if !tc.reached && !slices.Equal(row.Unreached, []int{0}) {
				t.Errorf("unreached = %v, want [0]", row.Unreached)
			}
		})
	}
}

// TestCapacityLeavesExpectedResident: on one street, volunteers A (at 100 m)
// and B (at 600 m) take one resident each; residents at 0, 400 and 1200 m
// with a 650 m budget. Serving two is the most possible, and the cheapest
// way is A→r1 (100 m) and B→r2 (200 m): r3 is left without.
func TestCapacityLeavesExpectedResident(t *testing.T) {
	var nt net
	nt.way(0, nt.node(-50, 0), nt.node(1300, 0))
	g := nt.build(t)
	res := volunteers(t, g, emergency.VolunteerInput{
		Volunteers: []emergency.Volunteer{
			{ID: "A", Point: at(100, 0), Capacity: 1},
			{ID: "B", Point: at(600, 0), Capacity: 1},
		},
		Residents: []access.Resident{
			{ID: "r1", Point: at(0, 0), Weight: 1},
			{ID: "r2", Point: at(400, 0), Weight: 1},
			{ID: "r3", Point: at(1200, 0), Weight: 1},
		},
		Zones: []access.Zone{{ID: "z", Name: "Z", Geometry: rect(-100, -10, 1400, 10)}},
	}, emergency.VolunteerOptions{Budget: geo.Budget{Meters: 650}, K: 2})
	if !res.Capacities {
		t.Fatal("capacities not noticed")
	}
	want := []int{0, 1, -1}
	for r, v := range res.Visits {
		if v.Assigned != want[r] {
			t.Errorf("resident r%d assigned to %d, want %d", r+1, v.Assigned, want[r])
		}
	}
	row := res.Grids[0]
	if row.Assigned != 2 || !slices.Equal(row.LeftWithout, []int{2}) {
		t.Errorf("assigned %d, left without %v; want 2 and [2]", row.Assigned, row.LeftWithout)
	}
	// r3 is 600 m from B: reached by one (within 650 m) but not assigned.
	if row.ByOne != 3 || row.ByK != 2 {
		t.Errorf("by one %d, by two %d; want 3 and 2 (r2 has both within reach, r1 has A and B at 600 m)", row.ByOne, row.ByK)
	}
}

// TestVolunteersMatchBruteForce compares the k nearest volunteers of every
// resident with plain Dijkstra from each volunteer on random towns.
func TestVolunteersMatchBruteForce(t *testing.T) {
	for round := range 6 {
		rng := rand.New(rand.NewPCG(uint64(round), 3))
		g := town(t, rng, 3)
		var vols []emergency.Volunteer
		for i := range 2 + rng.IntN(4) {
			v := emergency.Volunteer{ID: fmt.Sprint("v", i), Point: at(rng.Float64()*300, rng.Float64()*260)}
			if rng.IntN(3) == 0 {
				v.Profile = routing.Wheelchair
			}
			vols = append(vols, v)
		}
		var residents []access.Resident
		for i := range 8 {
			residents = append(residents, access.Resident{ID: fmt.Sprint("r", i), Point: at(rng.Float64()*300, rng.Float64()*260), Weight: 1})
		}
		k := 1 + rng.IntN(3)
		res := volunteers(t, g, emergency.VolunteerInput{Volunteers: vols, Residents: residents},
			emergency.VolunteerOptions{K: k, Budget: geo.Budget{Minutes: 3}})
		sn := g.NewSnapper()
		for r, res1 := range residents {
			var want []float64 // minutes to each volunteer
			for _, v := range vols {
				p := v.Profile
				if p == (routing.Profile{}) {
					p = routing.Standard
				}
				vl, err1 := sn.Snap(v.Point, 0, p.Avoid)
				rl, err2 := sn.Snap(res1.Point, 0, p.Avoid)
				if err1 != nil || err2 != nil {
					continue
				}
				x := expand(g, p.Avoid, 5, []routing.Location{vl, rl})
				d := x.dijkstra(map[int]float64{x.byLoc[[2]float64{float64(vl.Edge), vl.Offset}]: vl.Door})
				m := d[x.byLoc[[2]float64{float64(rl.Edge), rl.Offset}]] + rl.Door
				if !math.IsInf(m, 1) {
					want = append(want, p.Minutes(m))
				}
			}
			slices.Sort(want)
			if len(want) > k {
				want = want[:k]
			}
			got := res.Visits[r].Nearest
			if len(got) != len(want) {
				t.Fatalf("round %d resident %d: %d nearest, brute force %d (%v vs %v)", round, r, len(got), len(want), got, want)
			}
			for i := range got {
				if !near(got[i].Minutes, want[i], 1e-6) {
					t.Errorf("round %d resident %d: nearest %d at %.6f min, brute force %.6f", round, r, i, got[i].Minutes, want[i])
				}
			}
		}
	}
}
