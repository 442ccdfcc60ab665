package emergency

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Volunteer is a neighbour who walks to registered residents' doors.
//
// The zero value is not a usable volunteer: ID and Point are required.
type Volunteer struct {
	// ID identifies the volunteer uniquely among the volunteers of one
	// analysis; Name is a display name, possibly empty.
	ID, Name string
	// Point is where the volunteer starts: longitude, latitude.
	Point orb.Point
	// Capacity is how many residents the volunteer can take on; 0 means no
	// limit. When any volunteer has one, residents are assigned (see
	// VolunteerResult.Assigned).
	Capacity int
	// Grid is the name (or id) of the one grid whose residents the
	// volunteer serves; "" means every grid. A volunteer without a grid
	// must stand inside one.
	Grid string
	// Profile is how the volunteer walks (a wheelchair user does not take
	// steps); the zero value means VolunteerOptions.Profile.
	Profile routing.Profile
}

// VolunteerOptions describe a volunteers analysis.
type VolunteerOptions struct {
	// Budget is the promise: a volunteer at the door within it. Required.
	Budget geo.Budget
	// Profile is how volunteers walk unless they carry their own. Required.
	Profile routing.Profile
	// K is how many nearest volunteers to find per resident (2 shows who
	// has a backup); 0 means 1, at most access.MaxK.
	K int
	// Groups are the resident groups to look at; empty means every
	// resident.
	Groups []string
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
}

// VolunteerInput is what a volunteers analysis looks at besides the network.
type VolunteerInput struct {
	Volunteers []Volunteer
	Residents  []access.Resident
	// Zones are the grids; without them every resident is "outside any
	// grid" and only volunteers with no grid value are used.
	Zones []access.Zone
}

// Reach is a volunteer's walk to a door.
type Reach struct {
	Volunteer       int
	Meters, Minutes float64
}

// Visit is the result for one resident.
type Visit struct {
	// Zone is the resident's grid, or -1 outside every grid.
	Zone int
	// Chosen is false for residents outside the chosen groups: nothing
	// else is computed for them.
	Chosen bool
	// Nearest are the up to K nearest volunteers who serve the resident's
	// grid, nearest first (by minutes; ties by volunteer order), however
	// far: compare with the budget.
	Nearest []Reach
	// Unroutable is true when the resident's door could not be placed on
	// the network for any volunteer's profile; Reason says why.
	Unroutable bool
	Reason     string
	// Assigned is the volunteer the resident is assigned to when volunteers
	// have capacities, -1 otherwise or when left without; AssignedMinutes
	// its walk.
	Assigned        int
	AssignedMinutes float64
}

// VolunteerGrid summarises the chosen residents of one grid.
type VolunteerGrid struct {
	// Zone indexes the zones, or is -1 for the residents outside every
	// grid; Name is the zone's name ("outside any grid" for -1).
	Zone int
	Name string
	// Residents counts the chosen residents; Unroutable those not placed
	// on the network.
	Residents, Unroutable int
	// ByOne and ByK count residents with at least one, and at least K,
	// volunteers within the budget.
	ByOne, ByK int
	// Unreached lists the residents (indexes) nobody reaches within the
	// budget, unroutable ones included, in input order.
	Unreached []int
	// Assigned counts residents given a volunteer, and LeftWithout lists
	// those left without one (with capacities only).
	Assigned    int
	LeftWithout []int
}

// ShareOne and ShareK return the shares of residents reached by one and by
// K volunteers (NaN without residents).
func (g VolunteerGrid) ShareOne() float64 { return share(g.ByOne, g.Residents) }

// ShareK is the share reached by K volunteers.
func (g VolunteerGrid) ShareK() float64 { return share(g.ByK, g.Residents) }

func share(n, of int) float64 {
	if of == 0 {
		return nan
	}
	return float64(n) / float64(of)
}

// VolunteerIssue is a volunteer that could not be used.
type VolunteerIssue struct {
	Volunteer int
	Reason    string
}

// VolunteerResult is a whole volunteers analysis.
type VolunteerResult struct {
	Options VolunteerOptions
	// Visits has one entry per resident given, in input order. A budget in
	// minutes is the same time for every volunteer, whatever its speed; one
	// in metres the same distance.
	Visits []Visit
	// Grids has one row per zone, in zone order, then the residents outside
	// every grid when there are any.
	Grids []VolunteerGrid
	// Issues lists the volunteers left out: off the network, or outside
	// every grid without a grid value.
	Issues []VolunteerIssue
	// Capacities is true when residents were assigned under capacities.
	Capacities bool
}

// ErrNoVolunteers is returned when no volunteer is given.
var ErrNoVolunteers = errors.New("emergency: no volunteer")

// Volunteers finds, for every resident of the chosen groups, the K nearest
// volunteers who serve the resident's grid, the walk from each to the
// door, and per grid who is reached by one and by K volunteers within the
// budget. With capacities, residents are assigned to volunteers within
// the budget: most residents served, then least total walking time (an
// optimal min-cost flow, see assign), and those left without are listed.
//
// One k-nearest search per walking profile (and per grid whose own
// volunteers serve it alone) finds the nearest volunteers, unbounded; the
// assignment needs every pair within the budget, from one bounded search
// per volunteer. g, sn and the inputs are only read; Volunteers is safe
// for concurrent use.
func Volunteers(ctx context.Context, g *routing.Graph, sn *routing.Snapper, in VolunteerInput, opts VolunteerOptions) (*VolunteerResult, error) {
	if err := opts.Budget.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, err
	}
	if len(in.Volunteers) == 0 {
		return nil, ErrNoVolunteers
	}
	k := max(opts.K, 1)
	if k > access.MaxK {
		return nil, fmt.Errorf("emergency: k = %d is more than the %d nearest volunteers a search keeps", k, access.MaxK)
	}
	opts.K = k
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var zi interface {
		Locate(orb.Point) (int, bool)
	}
	if len(in.Zones) > 0 {
		idx, err := zoneIndex(in.Zones)
		if err != nil {
			return nil, err
		}
		zi = idx
	}
	locate := func(p orb.Point) int {
		if zi == nil {
			return -1
		}
		if z, ok := zi.Locate(p); ok {
			return z
		}
		return -1
	}
	chosen := func(r access.Resident) bool {
		return len(opts.Groups) == 0 || slices.Contains(opts.Groups, r.Group)
	}
	res := &VolunteerResult{Options: opts, Visits: make([]Visit, len(in.Residents))}

	// volunteers: profile, grid served, placement
	vols := make([]placedVolunteer, len(in.Volunteers))
	var profiles []routing.Profile
	for i, v := range in.Volunteers {
		p := v.Profile
		if p == (routing.Profile{}) {
			p = opts.Profile
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("emergency: volunteer %q: %w", v.ID, err)
		}
		if v.Capacity < 0 {
			return nil, fmt.Errorf("emergency: volunteer %q: capacity %d is negative", v.ID, v.Capacity)
		}
		if v.Capacity > 0 {
			res.Capacities = true
		}
		vols[i] = placedVolunteer{index: i, profile: p, serves: -1}
		if v.Grid != "" {
			z, found := FindZone(in.Zones, v.Grid)
			if !found {
				return nil, &GridError{What: "volunteer", Index: i, ID: v.ID, Grid: v.Grid}
			}
			vols[i].serves = z
		} else if zi != nil && locate(v.Point) < 0 {
			res.Issues = append(res.Issues, VolunteerIssue{Volunteer: i, Reason: "outside every grid; give it a grid value to say which grid it serves"})
			continue
		}
		loc, err := sn.Snap(v.Point, geo.Meters(opts.MaxSnap), p.Avoid)
		if err != nil {
			res.Issues = append(res.Issues, VolunteerIssue{Volunteer: i, Reason: err.Error()})
			continue
		}
		vols[i].loc, vols[i].placed = loc, true
		if !slices.Contains(profiles, p) {
			profiles = append(profiles, p)
		}
	}

	// residents: zone, and a place on the network per profile
	locs := make([][]routing.Location, len(profiles)) // [profile][resident]
	placed := make([][]bool, len(profiles))
	for pi := range profiles {
		locs[pi] = make([]routing.Location, len(in.Residents))
		placed[pi] = make([]bool, len(in.Residents))
	}
	for i, r := range in.Residents {
		v := &res.Visits[i]
		v.Zone, v.Assigned, v.AssignedMinutes = locate(r.Point), -1, math.Inf(1)
		if !chosen(r) {
			continue
		}
		v.Chosen = true
		var lastErr error
		any := false
		for pi, p := range profiles {
			loc, err := sn.Snap(r.Point, geo.Meters(opts.MaxSnap), p.Avoid)
			if err != nil {
				lastErr = err
				continue
			}
			locs[pi][i], placed[pi][i], any = loc, true, true
		}
		if !any {
			v.Unroutable = true
			v.Reason = "no volunteer could be placed on the network"
			if lastErr != nil {
				v.Reason = lastErr.Error()
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// nearest k: one search per profile and volunteer set (every grid's
	// volunteers, plus each grid's own when it has any)
	type task struct {
		profile int
		zone    int // -1: the volunteers serving every grid
	}
	var tasks []task
	for pi := range profiles {
		tasks = append(tasks, task{pi, -1})
		seen := map[int]bool{}
		for _, v := range vols {
			if v.placed && v.profile == profiles[pi] && v.serves >= 0 && !seen[v.serves] {
				seen[v.serves] = true
				tasks = append(tasks, task{pi, v.serves})
			}
		}
	}
	found := make([][][]Reach, len(tasks)) // [task][resident]
	parallel(len(tasks), workers, func(ti int) {
		if ctx.Err() != nil {
			return
		}
		tk := tasks[ti]
		p := profiles[tk.profile]
		var members []int
		for i, v := range vols {
			if v.placed && v.profile == p && v.serves == tk.zone {
				members = append(members, i)
			}
		}
		if len(members) == 0 {
			return
		}
		var sources []routing.Source
		onEdge := map[routing.EdgeID][]int{}
		for _, i := range members {
			sources = g.AppendSources(sources, vols[i].loc, int32(i), vols[i].loc.Door, p.Avoid)
			onEdge[vols[i].loc.Edge] = append(onEdge[vols[i].loc.Edge], i)
		}
		ks := g.NewKSearcher(k)
		ks.Run(routing.Query{Sources: sources, Limit: math.Inf(1), Avoid: p.Avoid})
		out := make([][]Reach, len(in.Residents))
		var labels []routing.Label
		for r := range in.Residents {
			vis := res.Visits[r]
			if !vis.Chosen || !placed[tk.profile][r] || (tk.zone >= 0 && vis.Zone != tk.zone) {
				continue
			}
			loc := locs[tk.profile][r]
			labels = ks.AppendNearest(labels[:0], loc)
			for _, i := range onEdge[loc.Edge] {
				d := math.Abs(vols[i].loc.Offset-loc.Offset) + vols[i].loc.Door
				labels = mergeLabel(labels, routing.Label{Dist: d, Origin: int32(i)})
			}
			routing.SortLabels(labels)
			for j, l := range labels {
				if j == k {
					break
				}
				m := l.Dist + loc.Door
				out[r] = append(out[r], Reach{Volunteer: int(l.Origin), Meters: m, Minutes: p.Minutes(m)})
			}
		}
		found[ti] = out
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for r := range in.Residents {
		v := &res.Visits[r]
		if !v.Chosen || v.Unroutable {
			continue
		}
		var all []Reach
		for ti := range tasks {
			if found[ti] != nil {
				all = append(all, found[ti][r]...)
			}
		}
		sort.SliceStable(all, func(a, b int) bool {
			if all[a].Minutes != all[b].Minutes {
				return all[a].Minutes < all[b].Minutes
			}
			return all[a].Volunteer < all[b].Volunteer
		})
		if len(all) > k {
			all = all[:k]
		}
		v.Nearest = all
	}

	// assignment under capacities
	budgetMinutes := func(p routing.Profile) float64 { return p.Minutes(opts.Budget.Distance(p.Speed)) }
	if res.Capacities {
		pairs := volunteerPairs(ctx, g, in, vols, locs, placed, profiles, res.Visits, opts, workers)
		capacity := make([]int, len(in.Volunteers))
		for i, v := range in.Volunteers {
			capacity[i] = v.Capacity
		}
		got := assign(len(in.Volunteers), len(in.Residents), capacity, pairs)
		walk := map[[2]int]float64{}
		for _, p := range pairs {
			walk[[2]int{p.vol, p.res}] = p.minutes
		}
		for r, v := range got {
			if v >= 0 {
				res.Visits[r].Assigned = v
				res.Visits[r].AssignedMinutes = walk[[2]int{v, r}]
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// rows
	rows := make([]VolunteerGrid, len(in.Zones), len(in.Zones)+1)
	for z := range in.Zones {
		rows[z] = VolunteerGrid{Zone: z, Name: in.Zones[z].Name}
	}
	outside := VolunteerGrid{Zone: -1, Name: "outside any grid"}
	for r, v := range res.Visits {
		if !v.Chosen {
			continue
		}
		row := &outside
		if v.Zone >= 0 {
			row = &rows[v.Zone]
		}
		row.Residents++
		if v.Unroutable {
			row.Unroutable++
		}
		n := 0
		for _, reach := range v.Nearest {
			p := vols[reach.Volunteer].profile
			if reach.Minutes <= budgetMinutes(p)+1e-9 {
				n++
			}
		}
		if n >= 1 {
			row.ByOne++
		} else {
			row.Unreached = append(row.Unreached, r)
		}
		if n >= k {
			row.ByK++
		}
		if res.Capacities {
			if v.Assigned >= 0 {
				row.Assigned++
			} else {
				row.LeftWithout = append(row.LeftWithout, r)
			}
		}
	}
	if outside.Residents > 0 {
		rows = append(rows, outside)
	}
	res.Grids = rows
	return res, nil
}

// placedVolunteer is a volunteer, its walking profile, the grid it serves
// (-1: every grid) and where it joins the network (when placed).
type placedVolunteer struct {
	index   int
	profile routing.Profile
	serves  int
	loc     routing.Location
	placed  bool
}

// volunteerPairs finds every (volunteer, resident) walk within the budget,
// from one bounded search per volunteer. Costs are whole milliseconds.
func volunteerPairs(ctx context.Context, g *routing.Graph, in VolunteerInput, vols []placedVolunteer, locs [][]routing.Location,
	placed [][]bool, profiles []routing.Profile, visits []Visit, opts VolunteerOptions, workers int) []pair {
	// residents by edge, per profile
	byEdge := make([]map[routing.EdgeID][]int, len(profiles))
	for pi := range profiles {
		byEdge[pi] = map[routing.EdgeID][]int{}
		for r := range in.Residents {
			if visits[r].Chosen && placed[pi][r] {
				e := locs[pi][r].Edge
				byEdge[pi][e] = append(byEdge[pi][e], r)
			}
		}
	}
	parts := make([][]pair, len(vols))
	parallel(len(vols), workers, func(i int) {
		v := vols[i]
		if ctx.Err() != nil || !v.placed {
			return
		}
		pi := slices.Index(profiles, v.profile)
		limit := opts.Budget.Distance(v.profile.Speed)
		s := g.NewSearcher()
		s.Run(routing.Query{Sources: g.AppendSources(nil, v.loc, 0, v.loc.Door, v.profile.Avoid), Limit: limit, Avoid: v.profile.Avoid})
		seen := map[routing.EdgeID]bool{}
		try := func(e routing.EdgeID) {
			if seen[e] {
				return
			}
			seen[e] = true
			for _, r := range byEdge[pi][e] {
				if v.serves >= 0 && visits[r].Zone != v.serves {
					continue
				}
				loc := locs[pi][r]
				d, _, reached := s.DistTo(loc)
				if !reached {
					d = math.Inf(1)
				}
				if loc.Edge == v.loc.Edge {
					d = math.Min(d, v.loc.Door+math.Abs(loc.Offset-v.loc.Offset))
				}
				m := d + loc.Door
				if m <= limit {
					mins := v.profile.Minutes(m)
					parts[i] = append(parts[i], pair{vol: v.index, res: r, minutes: mins, cost: int64(math.Round(mins * 60000))})
				}
			}
		}
		try(v.loc.Edge)
		for _, n := range s.Settled() {
			g.Adjacent(n, func(e routing.EdgeID, _ routing.NodeID) bool {
				try(e)
				return true
			})
		}
		sort.Slice(parts[i], func(a, b int) bool { return parts[i][a].res < parts[i][b].res })
	})
	var out []pair
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// mergeLabel adds l to ls, keeping the smaller distance per origin.
func mergeLabel(ls []routing.Label, l routing.Label) []routing.Label {
	for i := range ls {
		if ls[i].Origin == l.Origin {
			ls[i].Dist = math.Min(ls[i].Dist, l.Dist)
			return ls
		}
	}
	return append(ls, l)
}
