package access

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
)

// Candidate is a place a new facility could stand.
type Candidate struct {
	// ID identifies the candidate in reports: a file's id, or an H3 cell.
	ID string
	// Name is an optional display name.
	Name  string
	Point orb.Point
	// OnStreet marks a candidate that stands on the street itself, such as
	// a generated H3 cell: it has no door-to-street leg, and is proposed at
	// its place on the street.
	OnStreet bool
}

// DefaultCandidateResolution is the H3 resolution of the candidate cells
// Site uses when given no candidates (~65 m edge, ~0.015 km²).
const DefaultCandidateResolution = 10

// SiteOptions describe a siting: where N new facilities of a category
// would cover the most residents not yet covered.
type SiteOptions struct {
	// Category of the new facilities. Required.
	Category string
	// Count is how many sites to propose, at least 1; with a Target, 0
	// means as many as the target needs.
	Count int
	// Target, in (0, 1], stops the proposals once this share of the
	// residents' weight is covered (set cover); 0 means no target.
	Target float64
	// Budget and Profile as in an audit. Required.
	Budget  geo.Budget
	Profile routing.Profile
	// Groups, when set, limits the residents counted to those of these
	// groups ("" is the general population).
	Groups []string
	// CellResolution is the H3 resolution of the candidate cells when no
	// candidates are given; 0 means DefaultCandidateResolution.
	CellResolution int
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
}

// Proposal is one site Site proposes.
type Proposal struct {
	// Candidate indexes SiteResult.Candidates.
	Candidate int
	// At is where the facility would stand: the candidate's point, or its
	// place on the street for an OnStreet candidate.
	At orb.Point
	// Gained and GainedCount are the weight and number of residents the
	// site newly covers; Residents lists them (indices into the residents
	// given, ascending).
	Gained      float64
	GainedCount int
	Residents   []int
	// CoveredAfter and CoveredAfterCount are the residents covered by the
	// existing facilities and the sites up to this one.
	CoveredAfter      float64
	CoveredAfterCount int
}

// CandidateIssue is a candidate that could not be used.
type CandidateIssue struct {
	Candidate int
	Reason    string
}

// ResidentIssue is a resident that could not be placed on the network.
type ResidentIssue struct {
	Resident int
	Reason   string
}

// SiteResult is a siting.
type SiteResult struct {
	Options SiteOptions
	// Meters is the budget as a walking distance.
	Meters float64
	// Candidates are the candidates given, or the H3 cells generated: the
	// cells, at Options.CellResolution, of the street nodes within the
	// budget of a resident not yet covered and of those residents' places
	// on the street, each at the one of those points nearest its centre.
	Candidates []Candidate
	// CandidateIssues are candidates off the network.
	CandidateIssues []CandidateIssue
	// Useful counts the candidates within the budget of a resident not
	// yet covered; the others cannot cover anyone new.
	Useful int
	// Counted are the residents counted (all, or those of Options.Groups),
	// by index; ResidentZone gives each resident's zone (-1 outside every
	// zone) for all residents.
	Counted      []int
	ResidentZone []int
	// Unroutable are counted residents off the network; they count as not
	// covered, and no site can cover them.
	Unroutable []ResidentIssue
	// Uncovered are the counted residents on the network that the
	// existing facilities do not cover, by index, ascending.
	Uncovered []int
	// Existing counts the category's facilities on the network;
	// FacilityIssues are those off it.
	Existing       int
	FacilityIssues []FacilityIssue
	// TotalWeight and TotalCount are the counted residents; CoveredWeight
	// and CoveredCount those the existing facilities cover.
	TotalWeight   float64
	TotalCount    int
	CoveredWeight float64
	CoveredCount  int
	// Sites are the proposals, best first.
	Sites []Proposal
	// Stopped says why there are no more sites: "count", "target",
	// "target already met" or "no candidate covers anyone else".
	Stopped string
	// Evaluated counts the candidates whose cover was computed by a
	// network search (the lazy greedy skips the others).
	Evaluated int
}

// ErrSiteCount is returned for a Count below 1 without a Target.
var ErrSiteCount = errors.New("access: the number of sites must be at least 1")

// checkSite validates opts.
func checkSite(opts SiteOptions) error {
	switch {
	case opts.Category == "":
		return errors.New("access: no category to site")
	case opts.Count < 0 || (opts.Count == 0 && opts.Target == 0):
		return fmt.Errorf("%w, got %d", ErrSiteCount, opts.Count)
	case math.IsNaN(opts.Target) || opts.Target < 0 || opts.Target > 1:
		return fmt.Errorf("access: target share must be in (0, 1], got %v", opts.Target)
	case opts.CellResolution < 0 || opts.CellResolution > hex.MaxResolution:
		return fmt.Errorf("access: candidate cell resolution must be 0..%d, got %d", hex.MaxResolution, opts.CellResolution)
	}
	if err := opts.Budget.Validate(); err != nil {
		return err
	}
	return opts.Profile.Validate()
}

// Site proposes where opts.Count new facilities of opts.Category would
// cover the most residents not yet covered within the budget, keeping the
// existing facilities (maximal covering location), or, with opts.Target,
// how many reach that share (set cover). The choice is greedy, with the
// guarantees and the lazy evaluation described in site_greedy.go; the
// gains are exact network walks, door to door, as in Audit.
//
// Candidates are given, or, when nil, the H3 cells of the streets within
// the budget of an uncovered resident, each at its street point nearest
// its centre. Given candidates off the network are listed in
// CandidateIssues.
// g, sn and the inputs are only read; Site is safe for concurrent use.
func Site(ctx context.Context, g *routing.Graph, sn *routing.Snapper, facilities []Facility, residents []Resident, zones []Zone, candidates []Candidate, opts SiteOptions) (*SiteResult, error) {
	if err := checkSite(opts); err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := opts.Profile
	limit := opts.Budget.Distance(p.Speed)
	res := &SiteResult{Options: opts, Meters: limit, ResidentZone: make([]int, len(residents))}

	// 1. residents: zones, which count, and their places on the network.
	var zi *spatial.ZoneIndex
	if len(zones) > 0 {
		geoms := make([]orb.MultiPolygon, len(zones))
		for i, z := range zones {
			geoms[i] = z.Geometry
		}
		var err error
		if zi, err = spatial.NewZoneIndex(geoms); err != nil {
			return nil, fmt.Errorf("access: zones: %w", err)
		}
	}
	for i, r := range residents {
		if opts.Groups == nil || slices.Contains(opts.Groups, r.Group) {
			res.Counted = append(res.Counted, i)
		}
	}
	locs := make([]routing.Location, len(residents))
	snapErr := make([]string, len(residents))
	parallel(len(residents), workers, func(i int) {
		res.ResidentZone[i] = -1
		if zi != nil {
			if z, ok := zi.Locate(residents[i].Point); ok {
				res.ResidentZone[i] = z
			}
		}
	})
	parallel(len(res.Counted), workers, func(k int) {
		i := res.Counted[k]
		loc, err := sn.Snap(residents[i].Point, geo.Meters(opts.MaxSnap), p.Avoid)
		if err != nil {
			snapErr[i] = err.Error()
			return
		}
		locs[i] = loc
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 2. who the existing facilities cover: one search from all of them.
	s := g.NewSearcher()
	var sources []routing.Source
	onEdge := map[routing.EdgeID][]routing.Location{}
	for i, f := range facilities {
		if f.Category != opts.Category {
			continue
		}
		loc, err := sn.Snap(f.Point, geo.Meters(opts.MaxSnap), p.Avoid)
		if err != nil {
			res.FacilityIssues = append(res.FacilityIssues, NewFacilityIssue(i, err))
			continue
		}
		res.Existing++
		sources = g.AppendSources(sources, loc, int32(i), loc.Door, p.Avoid)
		onEdge[loc.Edge] = append(onEdge[loc.Edge], loc)
	}
	s.Run(routing.Query{Sources: sources, Limit: limit, Avoid: p.Avoid})
	var uncovered []int // residents, by index
	var w []float64     // their weights
	for _, i := range res.Counted {
		wt := weight(residents[i])
		res.TotalWeight += wt
		res.TotalCount++
		if snapErr[i] != "" {
			res.Unroutable = append(res.Unroutable, ResidentIssue{Resident: i, Reason: snapErr[i]})
			continue
		}
		loc := locs[i]
		d, _, _ := s.DistTo(loc)
		for _, fl := range onEdge[loc.Edge] {
			d = math.Min(d, math.Abs(fl.Offset-loc.Offset)+fl.Door)
		}
		if d+loc.Door <= limit {
			res.CoveredWeight += wt
			res.CoveredCount++
			continue
		}
		uncovered = append(uncovered, i)
		w = append(w, wt)
	}

	// 3. the streets within the budget of an uncovered resident: one
	// search from all of them.
	sources = sources[:0]
	for j, i := range uncovered {
		sources = g.AppendSources(sources, locs[i], int32(j), locs[i].Door, p.Avoid)
	}
	s.Run(routing.Query{Sources: sources, Limit: limit, Avoid: p.Avoid})
	byEdge := newEdgeIndex(g.NumEdges(), uncovered, locs)
	res.Uncovered = uncovered

	// 4. candidates on the network, and those within reach.
	var clocs []routing.Location
	cerr := make([]string, len(candidates))
	if candidates == nil {
		var err error
		if candidates, clocs, err = cellCandidates(g, s.Settled(), uncovered, locs, opts.CellResolution, p.Avoid); err != nil {
			return nil, err
		}
		cerr = make([]string, len(candidates))
	} else {
		clocs = make([]routing.Location, len(candidates))
		parallel(len(candidates), workers, func(c int) {
			loc, err := sn.Snap(candidates[c].Point, geo.Meters(opts.MaxSnap), p.Avoid)
			if err != nil {
				cerr[c] = err.Error()
				return
			}
			if candidates[c].OnStreet {
				loc.Door = 0
			}
			clocs[c] = loc
		})
	}
	res.Candidates = candidates
	bounds := make([]float64, len(candidates))
	grid := newWeightGrid(uncovered, residents, w, limit+1)
	for c := range candidates {
		if cerr[c] != "" {
			res.CandidateIssues = append(res.CandidateIssues, CandidateIssue{Candidate: c, Reason: cerr[c]})
			continue
		}
		loc := clocs[c]
		d, _, _ := s.DistTo(loc)
		if d+loc.Door > limit && !byEdge.has(loc.Edge) {
			continue
		}
		res.Useful++
		bounds[c] = grid.bound(at(candidates[c], loc))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 5. lazy greedy; a candidate's cover is a search from it, a batch of
	// them on the workers.
	covered := make([]bool, len(uncovered))
	coverers := make([]*coverer, min(workers, greedyBatch))
	for i := range coverers {
		coverers[i] = newCoverer(g, byEdge, locs, uncovered)
	}
	cover := func(cs []int) [][]int32 {
		out := make([][]int32, len(cs))
		var wg sync.WaitGroup
		for wi, cv := range coverers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := wi; i < len(cs); i += len(coverers) {
					out[i] = cv.cover(clocs[cs[i]], limit, p.Avoid)
				}
			}()
		}
		wg.Wait()
		return out
	}
	var done func(float64) bool
	if opts.Target > 0 {
		goal := opts.Target * res.TotalWeight
		done = func(gained float64) bool { return res.CoveredWeight+gained >= goal-1e-9 }
	}
	picks, st := lazyGreedy(bounds, cover, greedyBatch, w, covered, opts.Count, done)
	res.Evaluated = st.evaluations
	cw, cc := res.CoveredWeight, res.CoveredCount
	for _, pk := range picks {
		site := Proposal{Candidate: pk.cand, At: at(candidates[pk.cand], clocs[pk.cand]), Gained: pk.gain, GainedCount: len(pk.items)}
		for _, j := range pk.items {
			site.Residents = append(site.Residents, uncovered[j])
		}
		slices.Sort(site.Residents)
		cw += pk.gain
		cc += len(pk.items)
		site.CoveredAfter, site.CoveredAfterCount = cw, cc
		res.Sites = append(res.Sites, site)
	}
	switch {
	case done != nil && len(picks) == 0 && done(0):
		res.Stopped = "target already met"
	case done != nil && done(cw-res.CoveredWeight):
		res.Stopped = "target"
	case opts.Count > 0 && len(picks) == opts.Count:
		res.Stopped = "count"
	default:
		res.Stopped = "no candidate covers anyone else"
	}
	return res, nil
}

// greedyBatch is how many candidates' covers the greedy asks for at once.
const greedyBatch = 8

// at is where a candidate would stand.
func at(c Candidate, loc routing.Location) orb.Point {
	if c.OnStreet {
		return loc.At
	}
	return c.Point
}

// edgeIndex lists the uncovered residents of each edge (CSR).
type edgeIndex struct {
	start []int32 // by edge, len edges+1
	items []int32 // positions in the uncovered list
}

func newEdgeIndex(edges int, uncovered []int, locs []routing.Location) edgeIndex {
	ix := edgeIndex{start: make([]int32, edges+1), items: make([]int32, len(uncovered))}
	for _, i := range uncovered {
		ix.start[locs[i].Edge+1]++
	}
	for e := range edges {
		ix.start[e+1] += ix.start[e]
	}
	next := slices.Clone(ix.start[:edges])
	for j, i := range uncovered {
		e := locs[i].Edge
		ix.items[next[e]] = int32(j)
		next[e]++
	}
	return ix
}

func (ix edgeIndex) on(e routing.EdgeID) []int32 { return ix.items[ix.start[e]:ix.start[e+1]] }

func (ix edgeIndex) has(e routing.EdgeID) bool { return ix.start[e+1] > ix.start[e] }

// coverer computes candidates' cover sets; one search at a time.
type coverer struct {
	g         *routing.Graph
	s         *routing.Searcher
	byEdge    edgeIndex
	locs      []routing.Location
	uncovered []int
	best      []float64
	stamp     []uint32
	epoch     uint32
	touched   []int32
}

func newCoverer(g *routing.Graph, byEdge edgeIndex, locs []routing.Location, uncovered []int) *coverer {
	n := len(uncovered)
	return &coverer{g: g, s: g.NewSearcher(), byEdge: byEdge, locs: locs, uncovered: uncovered, best: make([]float64, n), stamp: make([]uint32, n)}
}

// cover returns the uncovered residents (positions) within limit of a
// facility at loc, ascending.
func (cv *coverer) cover(loc routing.Location, limit float64, avoid routing.EdgeFlags) []int32 {
	g := cv.g
	cv.epoch++
	cv.touched = cv.touched[:0]
	offer := func(j int32, d float64) {
		if cv.stamp[j] != cv.epoch {
			cv.stamp[j] = cv.epoch
			cv.best[j] = d
			cv.touched = append(cv.touched, j)
		} else if d < cv.best[j] {
			cv.best[j] = d
		}
	}
	cv.s.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, loc.Door, avoid), Limit: limit, Avoid: avoid})
	for _, u := range cv.s.Settled() {
		du, _ := cv.s.Dist(u)
		g.Adjacent(u, func(e routing.EdgeID, _ routing.NodeID) bool {
			on := cv.byEdge.on(e)
			if len(on) == 0 {
				return true
			}
			eu, ev := g.Ends(e)
			l := g.Length(e)
			for _, j := range on {
				r := cv.locs[cv.uncovered[j]]
				off := math.Max(0, math.Min(l, r.Offset))
				if u == eu {
					offer(j, du+off+r.Door)
				}
				if u == ev {
					offer(j, du+l-off+r.Door)
				}
			}
			return true
		})
	}
	for _, j := range cv.byEdge.on(loc.Edge) {
		r := cv.locs[cv.uncovered[j]]
		offer(j, math.Abs(r.Offset-loc.Offset)+loc.Door+r.Door)
	}
	var out []int32
	for _, j := range cv.touched {
		if cv.best[j] <= limit {
			out = append(out, j)
		}
	}
	slices.Sort(out)
	return out
}

// cellCandidates are the H3 cells at res (0: the default) of the settled
// nodes and of the uncovered residents' places on the street, sorted by
// cell, each a candidate on the street at the one of those places in the
// cell nearest its centre. The places are on the network already, so the
// candidates need no snapping (a Delaware run has some 50,000 of them).
func cellCandidates(g *routing.Graph, settled []routing.NodeID, uncovered []int, locs []routing.Location, res int, avoid routing.EdgeFlags) ([]Candidate, []routing.Location, error) {
	if res == 0 {
		res = DefaultCandidateResolution
	}
	cv, err := hex.NewCoverer(res)
	if err != nil {
		return nil, nil, err
	}
	type place struct {
		cell hex.Cell
		loc  routing.Location
	}
	places := make([]place, 0, len(settled)+len(uncovered))
	for _, n := range settled {
		loc, ok := nodeLocation(g, n, avoid)
		if !ok {
			continue
		}
		c, err := cv.Cell(loc.At)
		if err != nil {
			return nil, nil, err
		}
		places = append(places, place{c, loc})
	}
	for _, i := range uncovered {
		loc := locs[i]
		loc.Door = 0
		c, err := cv.Cell(loc.At)
		if err != nil {
			return nil, nil, err
		}
		places = append(places, place{c, loc})
	}
	// per cell, the place nearest its centre (ties: the first met, nodes
	// before residents, in search order)
	slices.SortStableFunc(places, func(a, b place) int { return cmp.Compare(a.cell, b.cell) })
	var cands []Candidate
	var clocs []routing.Location
	for i := 0; i < len(places); {
		j := i
		centre := places[i].cell.Center()
		best, bestD := i, math.Inf(1)
		for ; j < len(places) && places[j].cell == places[i].cell; j++ {
			if d := geo.Distance(centre, places[j].loc.At); d < bestD {
				best, bestD = j, d
			}
		}
		cands = append(cands, Candidate{ID: places[i].cell.String(), Point: places[best].loc.At, OnStreet: true})
		clocs = append(clocs, places[best].loc)
		i = j
	}
	return cands, clocs, nil
}

// nodeLocation is node n as a place on the network: the end of its first
// edge the profile may use.
func nodeLocation(g *routing.Graph, n routing.NodeID, avoid routing.EdgeFlags) (routing.Location, bool) {
	var loc routing.Location
	found := false
	g.Adjacent(n, func(e routing.EdgeID, _ routing.NodeID) bool {
		if g.Flags(e)&avoid != 0 {
			return true
		}
		u, _ := g.Ends(e)
		off := 0.0
		if u != n {
			off = g.Length(e)
		}
		loc, found = routing.Location{Edge: e, Offset: off, At: g.NodePoint(n)}, true
		return false
	})
	return loc, found
}

// weightGrid holds the weights of the uncovered residents in the cells of
// a lon/lat grid, with sums along each row, for an upper bound of what a
// candidate can cover: the weight of the cells that meet the disc of
// points within the radius in a straight line, which no walk is shorter
// than. On Delaware (200,000 residents, 10 pharmacies) the disc with
// cells of an eighth of the radius left 5,511 of 48,713 candidates to
// search where a box with cells of half the radius left 14,734.
type weightGrid struct {
	radius           float64 // metres
	lon0, lat0       float64 // the grid's south-west corner, degrees
	cellLon, cellLat float64 // cell size, degrees
	nx, ny           int
	prefix           []float64 // per row, nx+1 running sums
}

// maxGridCells bounds the cells of a weightGrid; a larger area gets
// larger cells (a looser bound, never a wrong one).
const maxGridCells = 8 << 20

func newWeightGrid(uncovered []int, residents []Resident, w []float64, radius float64) *weightGrid {
	wg := &weightGrid{radius: radius}
	if len(uncovered) == 0 {
		return wg
	}
	b := orb.Bound{Min: residents[uncovered[0]].Point, Max: residents[uncovered[0]].Point}
	for _, i := range uncovered {
		b = b.Extend(residents[i].Point)
	}
	maxAbsLat := math.Min(math.Max(math.Abs(b.Min.Lat()), math.Abs(b.Max.Lat())), 89)
	size := radius / 8
	for {
		wg.cellLat = size / geo.EarthRadius * 180 / math.Pi
		wg.cellLon = wg.cellLat / math.Max(math.Cos(maxAbsLat*math.Pi/180), 0.01)
		wg.nx = int((b.Max.Lon()-b.Min.Lon())/wg.cellLon) + 1
		wg.ny = int((b.Max.Lat()-b.Min.Lat())/wg.cellLat) + 1
		if wg.nx*wg.ny <= maxGridCells {
			break
		}
		size *= 2
	}
	wg.lon0, wg.lat0 = b.Min.Lon(), b.Min.Lat()
	wg.prefix = make([]float64, wg.ny*(wg.nx+1))
	for j, i := range uncovered {
		x, y := wg.cell(residents[i].Point)
		wg.prefix[y*(wg.nx+1)+x+1] += w[j]
	}
	for y := range wg.ny {
		row := wg.prefix[y*(wg.nx+1) : (y+1)*(wg.nx+1)]
		for x := 1; x <= wg.nx; x++ {
			row[x] += row[x-1]
		}
	}
	return wg
}

// cell returns the cell of a point of the data.
func (wg *weightGrid) cell(p orb.Point) (x, y int) {
	x = min(max(int((p.Lon()-wg.lon0)/wg.cellLon), 0), wg.nx-1)
	y = min(max(int((p.Lat()-wg.lat0)/wg.cellLat), 0), wg.ny-1)
	return x, y
}

func hav(x float64) float64 { s := math.Sin(x / 2); return s * s }

// bound sums the cells that meet the disc of radius around p, row by row.
// For a point q at great-circle distance d of p, hav(d/R) = hav(Δφ) +
// cos φp cos φq hav(Δλ), so in a row whose latitudes differ from p's by at
// least Δφ, |Δλ| ≤ 2 asin √((hav(r/R) − hav(Δφ)) / (cos φp cos φ*)), φ*
// the highest latitude of the disc. Residents sit in the cells of their
// own points, so every resident a facility at p can reach is counted; a
// relative slack of 1e-9 covers the rounding of the running sums.
func (wg *weightGrid) bound(p orb.Point) float64 {
	if wg.nx == 0 {
		return 0
	}
	rad := math.Pi / 180
	dPhi := wg.radius / geo.EarthRadius // radians
	hr := hav(dPhi)
	cosStar := math.Cos(math.Min(math.Abs(p.Lat())*rad+dPhi, 89*rad))
	cosP := math.Cos(p.Lat() * rad)
	y0 := int(math.Floor((p.Lat() - dPhi/rad - wg.lat0) / wg.cellLat))
	y1 := int(math.Floor((p.Lat() + dPhi/rad - wg.lat0) / wg.cellLat))
	sum := 0.0
	for y := max(y0, 0); y <= min(y1, wg.ny-1); y++ {
		lo, hi := wg.lat0+float64(y)*wg.cellLat, wg.lat0+float64(y+1)*wg.cellLat
		gap := 0.0
		if p.Lat() < lo {
			gap = lo - p.Lat()
		} else if p.Lat() > hi {
			gap = p.Lat() - hi
		}
		rest := hr - hav(gap*rad)
		if rest < 0 {
			continue
		}
		q := rest / math.Max(cosP*cosStar, 1e-6)
		dLon := math.Pi
		if q < 1 {
			dLon = 2 * math.Asin(math.Sqrt(q))
		}
		dLon /= rad
		x0 := int(math.Floor((p.Lon() - dLon - wg.lon0) / wg.cellLon))
		x1 := int(math.Floor((p.Lon() + dLon - wg.lon0) / wg.cellLon))
		x0, x1 = max(x0, 0), min(x1, wg.nx-1)
		if x0 > x1 {
			continue
		}
		row := wg.prefix[y*(wg.nx+1):]
		sum += row[x1+1] - row[x0]
	}
	return sum*(1+1e-9) + 1e-9
}
