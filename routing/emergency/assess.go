package emergency

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

var nan = math.NaN()

// DefaultTolerance is the default Options.Tolerance in metres.
const DefaultTolerance = 1.0

// DefaultMaxEvaluations is the default Options.MaxEvaluations.
const DefaultMaxEvaluations = 64

// Options describe an assessment. Zero values mean defaults where one is
// stated.
type Options struct {
	// Budget is the promise: every point of a grid within this walk of a
	// responder. Required.
	Budget geo.Budget
	// Profile is how responders walk. Required (see routing.Standard).
	Profile routing.Profile
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// Advice asks for placement advice (the grid's absolute 1-centre) for
	// every failing grid.
	Advice bool
	// Tolerance is how close, in metres, the advised point's worst case
	// must be proven to the optimum; 0 means DefaultTolerance.
	Tolerance float64
	// MaxEvaluations bounds the candidate points the placement search
	// evaluates per grid; 0 means DefaultMaxEvaluations. Past it the advice
	// is the best point found with its proven gap (Advice.Certified false).
	MaxEvaluations int
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
	// StreetName, if not nil, names the OSM way of an edge for the
	// results ("" when it has none).
	StreetName func(way int64) string
}

// Input is what an assessment looks at besides the network.
type Input struct {
	Responders []Responder
	// Residents are optional: with them, doors count as grid points too,
	// and the people share is computed.
	Residents []access.Resident
	// Zones are the grids. Required.
	Zones []access.Zone
}

// ErrNoZones is returned when no grid is given.
var ErrNoZones = errors.New("emergency: no grid")

// GridError is returned for a responder (or volunteer, or incident) whose
// grid value names no grid.
type GridError struct {
	// What is "responder", "volunteer" or "incident"; Index its position in
	// the input and ID its id.
	What  string
	Index int
	ID    string
	Grid  string
}

func (e *GridError) Error() string {
	return fmt.Sprintf("emergency: %s %q (number %d): grid %q names no grid", e.What, e.ID, e.Index+1, e.Grid)
}

// FindZone returns the zone a grid value names: the zone of that name, or
// else of that id; false when none.
func FindZone(zones []access.Zone, grid string) (int, bool) {
	for i, z := range zones {
		if z.Name == grid {
			return i, true
		}
	}
	for i, z := range zones {
		if z.ID == grid {
			return i, true
		}
	}
	return 0, false
}

// demand is a part of a grid that must be reached: a street piece [a, b]
// of an edge, or a door (a == b, extra the door leg).
type demand struct {
	edge  routing.EdgeID
	a, b  float64
	extra float64
	res   int // resident index for a door, -1 for a street piece
}

// Assess computes, for every grid, the worst-case walk from its nearest
// responder to any point of its streets and to any resident's door, the
// shares within the budget, pass or fail, the stretches beyond the budget,
// and with Options.Advice where one responder would best stand.
//
// A grid's streets are the edges usable by the profile (islands left out),
// clipped to the grid's polygons; every point along them counts, not only
// their ends. The walk to a point x metres along an edge (u, v) of length L
// is min(d(u) + x, d(v) + L − x), or direct from a responder on the same
// edge, so its maximum is found exactly (at (d(u) + d(v) + L)/2 when that
// lies on the piece). Responders serve the grid named by their Grid value,
// or every grid; one multi-source search, unbounded so that walks beyond
// the budget are measured too, serves all grids that share responders.
//
// g, sn and the inputs are only read; Assess is safe for concurrent use.
func Assess(ctx context.Context, g *routing.Graph, sn *routing.Snapper, in Input, opts Options) (*Result, error) {
	if err := opts.Budget.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, err
	}
	if len(in.Zones) == 0 {
		return nil, ErrNoZones
	}
	if opts.Tolerance == 0 {
		opts.Tolerance = DefaultTolerance
	}
	if !(opts.Tolerance > 0) {
		return nil, fmt.Errorf("emergency: tolerance %v m must be positive", opts.Tolerance)
	}
	if opts.MaxEvaluations == 0 {
		opts.MaxEvaluations = DefaultMaxEvaluations
	}
	if opts.MaxEvaluations < 1 {
		return nil, fmt.Errorf("emergency: max evaluations %d must be positive", opts.MaxEvaluations)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	zi, err := zoneIndex(in.Zones)
	if err != nil {
		return nil, err
	}
	limit := opts.Budget.Distance(opts.Profile.Speed)
	avoid := opts.Profile.Avoid
	res := &Result{Options: opts, Meters: limit, Grids: make([]Grid, len(in.Zones)),
		Responders: make([]Placement, len(in.Responders)), Doors: make([]Door, len(in.Residents))}

	// 1. responders
	if err := placeResponders(in.Responders, in.Zones, zi, sn, opts.MaxSnap, avoid, res.Responders); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 2. the grids' streets and doors
	demands := clipStreets(g, zi, len(in.Zones), avoid, workers)
	for i, r := range in.Residents {
		d := &res.Doors[i]
		d.Zone, d.Responder, d.Meters, d.Minutes = -1, -1, math.Inf(1), math.Inf(1)
		z, ok := zi.Locate(r.Point)
		if !ok {
			continue
		}
		d.Zone = z
		loc, err := sn.Snap(r.Point, geo.Meters(opts.MaxSnap), avoid)
		if err != nil {
			d.Unroutable, d.Reason = true, err.Error()
			continue
		}
		demands[z] = append(demands[z], demand{edge: loc.Edge, a: loc.Offset, b: loc.Offset, extra: loc.Door, res: i})
	}

	members := make([][]int, len(in.Zones)) // residents by grid
	for i, d := range res.Doors {
		if d.Zone >= 0 {
			members[d.Zone] = append(members[d.Zone], i)
		}
	}

	// 3. who serves which grid
	var global []int
	specific := make([][]int, len(in.Zones))
	for i, p := range res.Responders {
		switch {
		case !p.Placed:
		case p.Serves < 0:
			global = append(global, i)
		default:
			specific[p.Serves] = append(specific[p.Serves], i)
		}
	}
	var shared *routing.Searcher
	var sharedOn map[routing.EdgeID][]onEdge
	for z := range in.Zones {
		if len(specific[z]) == 0 && len(global) > 0 {
			shared = g.NewSearcher()
			sharedOn = runResponders(g, shared, res.Responders, global, avoid)
			break
		}
	}

	// 4. per grid, in parallel
	pool := sync.Pool{New: func() any { return g.NewSearcher() }}
	parallel(len(in.Zones), workers, func(z int) {
		if ctx.Err() != nil {
			return
		}
		gr := &res.Grids[z]
		gr.Zone, gr.Name = z, in.Zones[z].Name
		s, on := shared, sharedOn
		set := global
		if len(specific[z]) > 0 {
			set = append(append([]int(nil), global...), specific[z]...)
			s = pool.Get().(*routing.Searcher)
			defer pool.Put(s)
			on = runResponders(g, s, res.Responders, set, avoid)
		}
		gr.Responders = len(set)
		assessGrid(g, gr, demands[z], members[z], s, on, in.Residents, res, opts)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 5. advice for failing grids
	if opts.Advice {
		cpool := sync.Pool{New: func() any { return newCentre(g, avoid) }}
		parallel(len(in.Zones), workers, func(z int) {
			gr := &res.Grids[z]
			if gr.Pass || ctx.Err() != nil || len(demands[z]) == 0 {
				return
			}
			c := cpool.Get().(*centre)
			defer cpool.Put(c)
			a := c.find(demands[z], opts.Tolerance, opts.MaxEvaluations)
			adv := &Advice{LowerMeters: a.lower, Certified: a.certified, Evaluations: a.evals, Reason: a.reason}
			if a.reason == "" {
				adv.At = spot(g, a.at.Edge, a.at.Offset, 0, -1, -1, opts)
				adv.Worst = spot(g, a.worst.edge, a.worst.a, a.value, -1, a.worst.res, opts)
				adv.At.Meters, adv.At.Minutes = a.value, opts.Profile.Minutes(a.value)
				adv.Pass = a.value <= limit
				if a.worst.res >= 0 {
					adv.Worst.Point = in.Residents[a.worst.res].Point
				}
			}
			gr.Advice = adv
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// placeResponders fills out[i] with where responder rs[i] stands: its
// zone, the zone it serves (-1: every grid) and its place on the network,
// or the reason it has none. A grid value naming no zone is a *GridError.
func placeResponders(rs []Responder, zones []access.Zone, zi *spatial.ZoneIndex, sn *routing.Snapper, maxSnap float64,
	avoid routing.EdgeFlags, out []Placement) error {
	for i, r := range rs {
		p := &out[i]
		p.Zone, p.Serves = -1, -1
		if z, ok := zi.Locate(r.Point); ok {
			p.Zone = z
		}
		if r.Grid != "" {
			z, ok := FindZone(zones, r.Grid)
			if !ok {
				return &GridError{What: "responder", Index: i, ID: r.ID, Grid: r.Grid}
			}
			p.Serves = z
		} else if p.Zone < 0 {
			p.Reason = "outside every grid; give it a grid value to say which grid it serves"
			continue
		}
		loc, err := sn.Snap(r.Point, geo.Meters(maxSnap), avoid)
		if err != nil {
			p.Reason = err.Error()
			continue
		}
		p.Placed, p.Loc = true, loc
	}
	return nil
}

// zoneIndex indexes the zones' geometries.
func zoneIndex(zones []access.Zone) (*spatial.ZoneIndex, error) {
	geoms := make([]orb.MultiPolygon, len(zones))
	for i, z := range zones {
		geoms[i] = z.Geometry
	}
	zi, err := spatial.NewZoneIndex(geoms)
	if err != nil {
		return nil, fmt.Errorf("emergency: grids: %w", err)
	}
	return zi, nil
}

// usable reports whether the profile's responders walk edge e: not
// avoided, not an island.
func usable(g *routing.Graph, e routing.EdgeID, avoid routing.EdgeFlags) bool {
	return g.Flags(e)&(avoid|routing.FlagIsland) == 0
}

// clipStreets cuts every usable edge into its pieces inside each zone.
func clipStreets(g *routing.Graph, zi *spatial.ZoneIndex, zones int, avoid routing.EdgeFlags, workers int) [][]demand {
	n := g.NumEdges()
	const chunk = 4096
	chunks := (n + chunk - 1) / chunk
	parts := make([][]spatial.Piece, chunks)
	edges := make([][]routing.EdgeID, chunks)
	parallel(chunks, workers, func(c int) {
		cl := zi.NewClipper()
		var buf orb.LineString
		for e := c * chunk; e < min(n, (c+1)*chunk); e++ {
			id := routing.EdgeID(e)
			if !usable(g, id, avoid) {
				continue
			}
			buf = g.AppendGeometry(buf[:0], id)
			before := len(parts[c])
			parts[c] = cl.Clip(parts[c], buf)
			for range len(parts[c]) - before {
				edges[c] = append(edges[c], id)
			}
		}
	})
	out := make([][]demand, zones)
	for c := range parts {
		for i, p := range parts[c] {
			e := edges[c][i]
			l := g.Length(e)
			out[p.Zone] = append(out[p.Zone], demand{edge: e, a: math.Min(p.From, l), b: math.Min(p.To, l), res: -1})
		}
	}
	return out
}

// runResponders runs one unbounded search from the responders of set and
// returns them by edge, for the walks along their own edge.
func runResponders(g *routing.Graph, s *routing.Searcher, placed []Placement, set []int, avoid routing.EdgeFlags) map[routing.EdgeID][]onEdge {
	var sources []routing.Source
	on := map[routing.EdgeID][]onEdge{}
	for _, i := range set {
		loc := placed[i].Loc
		sources = g.AppendSources(sources, loc, int32(i), loc.Door, avoid)
		on[loc.Edge] = append(on[loc.Edge], onEdge{off: loc.Offset, d: loc.Door, origin: int32(i)})
	}
	s.Run(routing.Query{Sources: sources, Limit: math.Inf(1), Avoid: avoid})
	return on
}

// load fills a with the walks along edge e from the search s and the
// sources on the edge.
func load(a *arrival, g *routing.Graph, s *routing.Searcher, on map[routing.EdgeID][]onEdge, e routing.EdgeID) {
	u, v := g.Ends(e)
	du, dv := math.Inf(1), math.Inf(1)
	ou, ov := int32(-1), int32(-1)
	if s != nil {
		if d, ok := s.Dist(u); ok {
			du, ou = d, s.Origin(u)
		}
		if d, ok := s.Dist(v); ok {
			dv, ov = d, s.Origin(v)
		}
	}
	a.reset(du, dv, g.Length(e), ou, ov)
	a.on = append(a.on, on[e]...)
}

// assessGrid fills gr from the search of its responders; members are the
// residents inside the grid, whose doors it writes.
func assessGrid(g *routing.Graph, gr *Grid, demands []demand, members []int, s *routing.Searcher, on map[routing.EdgeID][]onEdge, residents []access.Resident, res *Result, opts Options) {
	limit := res.Meters
	worstStreet := Spot{Meters: math.Inf(-1), Responder: -1, Resident: -1}
	worstDoor := worstStreet
	var a arrival
	var spans []span
	for _, d := range demands {
		load(&a, g, s, on, d.edge)
		x, m, origin := a.worst(d.a, d.b)
		if d.res >= 0 {
			m += d.extra
			door := &res.Doors[d.res]
			door.Meters, door.Minutes, door.Responder = m, opts.Profile.Minutes(m), int(origin)
			if m > worstDoor.Meters {
				worstDoor = Spot{Edge: d.edge, Offset: x, Meters: m, Responder: int(origin), Resident: d.res}
			}
			continue
		}
		gr.StreetMeters += d.b - d.a
		gr.ReachedMeters += a.within(d.a, d.b, limit)
		gr.UnreachableMeters += a.unreached(d.a, d.b)
		if m > worstStreet.Meters {
			worstStreet = Spot{Edge: d.edge, Offset: x, Meters: m, Responder: int(origin), Resident: -1}
		}
		spans = a.beyond(spans[:0], d.a, d.b, limit)
		for _, sp := range spans {
			gr.Beyond = append(gr.Beyond, Stretch{Edge: d.edge, From: sp.from, To: sp.to,
				MinMeters: sp.min, MaxMeters: sp.max, MinMinutes: opts.Profile.Minutes(sp.min), MaxMinutes: opts.Profile.Minutes(sp.max)})
		}
	}
	for i := range gr.Beyond {
		st := &gr.Beyond[i]
		st.Way = g.WayID(st.Edge)
		st.Street = streetName(opts, st.Way)
		st.Line = geo.SubLine(g.Geometry(st.Edge), st.From, st.To)
	}
	for _, i := range members {
		d := res.Doors[i]
		w := residents[i].Weight
		if w <= 0 {
			w = 1
		}
		gr.Residents++
		gr.People += w
		switch {
		case d.Unroutable:
			gr.Unroutable++
		case d.Meters <= limit:
			gr.Reached++
			gr.ReachedPeople += w
		}
	}
	finish := func(sp Spot) Spot {
		if math.IsInf(sp.Meters, -1) {
			return Spot{Meters: nan, Minutes: nan, Responder: -1, Resident: -1}
		}
		out := spot(g, sp.Edge, sp.Offset, sp.Meters, sp.Responder, sp.Resident, opts)
		if sp.Resident >= 0 {
			out.Point = residents[sp.Resident].Point
		}
		return out
	}
	gr.WorstStreet, gr.WorstDoor = finish(worstStreet), finish(worstDoor)
	gr.Worst = gr.WorstStreet
	if gr.WorstDoor.Meters > gr.Worst.Meters || math.IsNaN(gr.Worst.Meters) {
		gr.Worst = gr.WorstDoor
	}

	unreachedDoors := 0
	for _, d := range demands {
		if d.res >= 0 && math.IsInf(res.Doors[d.res].Meters, 1) {
			unreachedDoors++
		}
	}
	var why []Failure
	switch {
	case gr.Responders == 0:
		why = append(why, Failure{Kind: FailNoResponder})
	case len(demands) == 0:
		why = append(why, Failure{Kind: FailEmpty})
	default:
		if gr.UnreachableMeters > 0 {
			why = append(why, Failure{Kind: FailStreets, Meters: gr.UnreachableMeters})
		}
		if unreachedDoors > 0 {
			why = append(why, Failure{Kind: FailDoors, Doors: unreachedDoors})
		}
		if gr.Worst.Meters > limit && !math.IsInf(gr.Worst.Meters, 1) {
			why = append(why, Failure{Kind: FailOverBudget, Meters: gr.Worst.Meters, Minutes: gr.Worst.Minutes, Door: gr.Worst.Resident >= 0, Budget: opts.Budget.String()})
		}
	}
	if len(demands) == 0 && gr.Responders == 0 {
		why = append(why, Failure{Kind: FailEmpty})
	}
	gr.Pass = len(why) == 0
	gr.Failures = why
	reasons := make([]string, len(why))
	for i, f := range why {
		reasons[i] = f.String()
	}
	gr.Reason = strings.Join(reasons, "; ")
}

// spot describes the point offset metres along e.
func spot(g *routing.Graph, e routing.EdgeID, offset, meters float64, responder, resident int, opts Options) Spot {
	way := g.WayID(e)
	return Spot{Point: g.PointAt(e, offset), Edge: e, Offset: offset, Way: way, Street: streetName(opts, way),
		Meters: meters, Minutes: opts.Profile.Minutes(meters), Responder: responder, Resident: resident}
}

func streetName(opts Options, way int64) string {
	if opts.StreetName == nil {
		return ""
	}
	return opts.StreetName(way)
}

// parallel runs fn(i) for i in [0, n) on up to workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	if workers <= 1 || n < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
