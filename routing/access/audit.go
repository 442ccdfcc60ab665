package access

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
)

// MaxK is the largest Options.K: the k-nearest search keeps at most 255
// labels per node.
const MaxK = 255

// DefaultGapResolution is the H3 resolution of gap cells (~65 m edge).
const DefaultGapResolution = 10

// Options describe an audit. Zero values mean defaults where one is stated.
type Options struct {
	// Categories to audit, in report order. Required.
	Categories []string
	// Budget is the walking budget (minutes or metres). Required.
	Budget geo.Budget
	// Profile is how residents walk. Required (see routing.Standard).
	Profile routing.Profile
	// GroupProfiles gives the residents of a group their own profile
	// (e.g. "elderly" → routing.Elderly, "wheelchair" → routing.Wheelchair);
	// residents of other groups walk with Profile. Minutes and coverage of
	// each resident are at its own profile's speed and over the edges it may
	// use; the budget is the same for all.
	GroupProfiles map[string]routing.Profile
	// K is how many nearest facilities to find per category; 0 means 1, at
	// most MaxK.
	K int
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// GapResolution is the H3 resolution of gap cells; 0 means
	// DefaultGapResolution.
	GapResolution int
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
	// Progress, if not nil, is called after each search of the audit (one
	// per category and set of avoided edges) with the searches done and
	// their number. Calls come one at a time, from the searching
	// goroutines, with done increasing; Progress must return quickly.
	Progress func(done, total int)
	// Tiers are further budgets the same searches are classified against
	// (see Tier): several budgets at once (5, 10 and 15 minutes), or a
	// standard's budget per category. Result.Tiers has one result each.
	Tiers []Tier
}

// Status is a resident's overall result.
type Status string

// Resident statuses.
const (
	// Complete: every audited category within the budget.
	Complete Status = "complete"
	// Partial: at least one category beyond the budget (possibly all).
	Partial Status = "partial"
	// Unroutable: the resident could not be placed on the network.
	Unroutable Status = "unroutable"
)

// Reach is one facility within the budget of a resident.
type Reach struct {
	// Facility indexes the facilities given to Audit.
	Facility int
	// Meters is the whole walk: door to street, along the streets, street
	// to door.
	Meters float64
	// Minutes is Meters at the profile's speed.
	Minutes float64
}

// ResidentResult is the audit of one resident; Audit returns one per input
// resident, in input order.
type ResidentResult struct {
	// Zone indexes the zones given to Audit, or -1 outside every zone.
	Zone   int
	Status Status
	// Reason says why a resident is unroutable, in English; empty
	// otherwise.
	Reason string
	// Why is the snapping failure behind Reason, with its code and
	// distances, from which reports print the reason in their language;
	// nil when the resident is routable.
	Why *routing.UnroutableError
	// SnapMeters is the door-to-street distance, or for an unroutable
	// resident the distance to the nearest street (-1 if unknown).
	SnapMeters float64
	// Reach holds, per audited category (Options.Categories order), the up
	// to K nearest facilities within the budget, nearest first.
	Reach [][]Reach
	// Nearest holds, per audited category, the door-to-door walk in metres
	// to the nearest facility, when it is within the search's reach (the
	// largest of Budget and the tiers' budgets at the resident's speed),
	// and +Inf otherwise; nil for an unroutable resident. Tiers are
	// classified by it.
	Nearest []float64
}

// Stats summarise residents of one row for one category.
type Stats struct {
	Count         int
	Weight        float64
	CoveredCount  int
	CoveredWeight float64
	// Median and P90 are weighted percentiles of the walking minutes of
	// the row's routable residents; +Inf when the percentile lies beyond the
	// budget, NaN when the row has no routable resident.
	Median, P90 float64
}

// Share returns the covered share of the weight, in [0, 1] (NaN for an
// empty row).
func (s Stats) Share() float64 {
	if s.Weight == 0 {
		return math.NaN()
	}
	return s.CoveredWeight / s.Weight
}

// Row is one line of the report: a zone, the residents outside every zone,
// or the totals.
type Row struct {
	// Zone indexes the zones, or is RowOutside / RowTotal.
	Zone int
	Name string
	// Residents counts everyone in the row, routable or not.
	Residents int
	Weight    float64
	// UnroutableCount/Weight are the row's unroutable residents.
	UnroutableCount  int
	UnroutableWeight float64
	// Categories holds one Stats per audited category.
	Categories []Stats
	// Complete counts residents with every category within the budget.
	Complete Stats
	// Group is the resident group of a RowGroup row.
	Group string
}

// Special Row.Zone values.
const (
	RowOutside = -1
	RowTotal   = -2
	RowGroup   = -3 // a per-group total (Result.Groups)
)

// GapCell is an H3 cell holding residents beyond the budget of at least one
// category.
type GapCell struct {
	Cell hex.Cell
	// Count and Weight of residents in the cell missing at least one
	// category.
	Count  int
	Weight float64
	// Missing is, per audited category, the weight of residents in the cell
	// beyond the budget for it.
	Missing []float64
}

// FacilityIssue is a facility that could not be used.
type FacilityIssue struct {
	Facility int
	// Reason says why, in English.
	Reason string
	// Why is the snapping failure behind Reason (see ResidentResult.Why);
	// nil for another reason.
	Why *routing.UnroutableError
}

// NewFacilityIssue returns the issue of facility i that err tells, its
// snapping failure kept when it is one.
func NewFacilityIssue(i int, err error) FacilityIssue {
	is := FacilityIssue{Facility: i, Reason: err.Error()}
	errors.As(err, &is.Why)
	return is
}

// Result is a whole audit.
type Result struct {
	Options   Options
	Meters    float64 // the budget as a walking distance
	Residents []ResidentResult
	Rows      []Row // zones in input order, then outside, then total
	// Groups has one row per resident group (sorted by name; "" is shown
	// as "(no group)"), when residents carry groups; nil otherwise.
	Groups     []Row
	Gaps       []GapCell
	Facilities []FacilityIssue // facilities off the network, by index
	// FacilityCount is the number of usable facilities per category.
	FacilityCount []int
	// Tiers has one result per Options.Tiers, in order.
	Tiers []TierResult
}

// ErrNoCategories is returned when Options.Categories is empty.
var ErrNoCategories = errors.New("access: no category to audit")

// Audit computes, for every resident and category, the nearest facilities
// within the budget, and summarises them per zone. For each category it runs
// one multi-source bounded search from all of the category's facilities, so
// the cost is O(categories × edges log nodes) plus a constant per resident,
// whatever the number of residents. Categories run in parallel. g, sn and
// the inputs are only read; Audit is safe to call concurrently.
func Audit(ctx context.Context, g *routing.Graph, sn *routing.Snapper, facilities []Facility, residents []Resident, zones []Zone, opts Options) (*Result, error) {
	if len(opts.Categories) == 0 {
		return nil, ErrNoCategories
	}
	if err := opts.Budget.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, err
	}
	k := max(opts.K, 1)
	if k > MaxK {
		return nil, fmt.Errorf("access: k = %d is more than the %d nearest facilities a search keeps", k, MaxK)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	gapRes := opts.GapResolution
	if gapRes == 0 {
		gapRes = DefaultGapResolution
	}
	groups := make([]string, 0, len(opts.GroupProfiles))
	for grp := range opts.GroupProfiles {
		groups = append(groups, grp)
	}
	sort.Strings(groups)
	for _, grp := range groups {
		if err := opts.GroupProfiles[grp].Validate(); err != nil {
			return nil, fmt.Errorf("access: profile of group %q: %w", grp, err)
		}
		if _, err := opts.Budget.DistanceAt(opts.GroupProfiles[grp].Speed); err != nil {
			return nil, fmt.Errorf("access: Budget with the profile of group %q: %w", grp, err)
		}
	}
	limit, err := opts.Budget.DistanceAt(opts.Profile.Speed)
	if err != nil {
		return nil, fmt.Errorf("access: Budget with Profile %q: %w", opts.Profile.Name, err)
	}
	catIndex := make(map[string]int, len(opts.Categories))
	for i, c := range opts.Categories {
		if _, dup := catIndex[c]; dup {
			return nil, fmt.Errorf("access: category %q given twice", c)
		}
		catIndex[c] = i
	}

	if err := checkTiers(opts.Tiers, len(opts.Categories)); err != nil {
		return nil, err
	}

	res := &Result{Options: opts, Meters: limit, Residents: make([]ResidentResult, len(residents)), FacilityCount: make([]int, len(opts.Categories))}
	res.Options.K = k

	// The searches needed: one per avoid mask in use, each to the longest
	// walking distance of the profiles sharing that mask.
	profileOf := func(r Resident) routing.Profile {
		if p, ok := opts.GroupProfiles[r.Group]; ok {
			return p
		}
		return opts.Profile
	}
	masks := []routing.EdgeFlags{opts.Profile.Avoid}
	maskLimit := map[routing.EdgeFlags]float64{opts.Profile.Avoid: reachOf(opts, opts.Profile.Speed)}
	for _, r := range residents {
		p := profileOf(r)
		l := reachOf(opts, p.Speed)
		if old, ok := maskLimit[p.Avoid]; !ok {
			masks = append(masks, p.Avoid)
			maskLimit[p.Avoid] = l
		} else if l > old {
			maskLimit[p.Avoid] = l
		}
	}
	maskIndex := map[routing.EdgeFlags]int{}
	for i, m := range masks {
		maskIndex[m] = i
	}

	// 1. zones and snapping of residents, in parallel chunks.
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
	locs := make([]routing.Location, len(residents))
	parallel(len(residents), workers, func(i int) {
		r := &res.Residents[i]
		r.Zone = -1
		if zi != nil {
			if z, ok := zi.Locate(residents[i].Point); ok {
				r.Zone = z
			}
		}
		loc, err := sn.Snap(residents[i].Point, geo.Meters(opts.MaxSnap), profileOf(residents[i]).Avoid)
		if err != nil {
			r.Status = Unroutable
			r.Reason = err.Error()
			r.SnapMeters = -1
			if errors.As(err, &r.Why) {
				r.SnapMeters = r.Why.Nearest
			}
			return
		}
		locs[i] = loc
		r.SnapMeters = loc.Door
		r.Reach = make([][]Reach, len(opts.Categories))
		r.Nearest = make([]float64, len(opts.Categories))
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 2. facilities per category and mask, snapped; issues are reported
	// for the main profile.
	type fac struct {
		index int
		loc   routing.Location
	}
	byTask := make([][]fac, len(opts.Categories)*len(masks))
	for i, f := range facilities {
		c, ok := catIndex[f.Category]
		if !ok {
			continue
		}
		for mi, mask := range masks {
			loc, err := sn.Snap(f.Point, geo.Meters(opts.MaxSnap), mask)
			if err != nil {
				if mi == 0 {
					res.Facilities = append(res.Facilities, NewFacilityIssue(i, err))
				}
				continue
			}
			byTask[c*len(masks)+mi] = append(byTask[c*len(masks)+mi], fac{index: i, loc: loc})
			if mi == 0 {
				res.FacilityCount[c]++
			}
		}
	}
	byMask := make([][]int, len(masks)) // routable residents per mask
	for i, r := range residents {
		if res.Residents[i].Status != Unroutable {
			mi := maskIndex[profileOf(r).Avoid]
			byMask[mi] = append(byMask[mi], i)
		}
	}

	// 3. one search per category and mask; in parallel.
	pool := sync.Pool{New: func() any { return g.NewKSearcher(k) }}
	var mu sync.Mutex
	var firstErr error
	done := 0
	if opts.Progress != nil {
		opts.Progress(0, len(byTask))
	}
	parallel(len(byTask), min(workers, len(byTask)), func(task int) {
		if opts.Progress != nil {
			defer func() {
				mu.Lock()
				done++
				opts.Progress(done, len(byTask))
				mu.Unlock()
			}()
		}
		c, mi := task/len(masks), task%len(masks)
		if len(byMask[mi]) == 0 {
			return
		}
		if ctx.Err() != nil {
			mu.Lock()
			firstErr = ctx.Err()
			mu.Unlock()
			return
		}
		ks := pool.Get().(*routing.KSearcher)
		defer pool.Put(ks)
		facs := byTask[task]
		mask := masks[mi]
		var sources []routing.Source
		onEdge := map[routing.EdgeID][]int{} // facilities by edge, for the same-edge walk
		for j, f := range facs {
			sources = g.AppendSources(sources, f.loc, int32(j), f.loc.Door, mask)
			onEdge[f.loc.Edge] = append(onEdge[f.loc.Edge], j)
		}
		ks.Run(routing.Query{Sources: sources, Limit: maskLimit[mask], Avoid: mask})
		var labels []routing.Label
		for _, i := range byMask[mi] {
			r := &res.Residents[i]
			p := profileOf(residents[i])
			own := opts.Budget.Distance(p.Speed)
			loc := locs[i]
			labels = ks.AppendNearest(labels[:0], loc)
			if same := onEdge[loc.Edge]; len(same) > 0 {
				for _, j := range same {
					d := math.Abs(facs[j].loc.Offset-loc.Offset) + facs[j].loc.Door
					labels = mergeLabel(labels, routing.Label{Dist: d, Origin: int32(j)})
				}
				routing.SortLabels(labels)
				if len(labels) > k {
					labels = labels[:k]
				}
			}
			r.Nearest[c] = math.Inf(1)
			if len(labels) > 0 {
				r.Nearest[c] = labels[0].Dist + loc.Door
			}
			var reach []Reach
			for _, l := range labels {
				m := l.Dist + loc.Door
				if m > own {
					continue
				}
				reach = append(reach, Reach{Facility: facs[l.Origin].index, Meters: m, Minutes: p.Minutes(m)})
			}
			r.Reach[c] = reach
		}
	})
	if firstErr != nil {
		return nil, firstErr
	}

	// 4. statuses, rows, gaps.
	for i := range res.Residents {
		r := &res.Residents[i]
		if r.Status == Unroutable {
			continue
		}
		r.Status = Complete
		for _, rc := range r.Reach {
			if len(rc) == 0 {
				r.Status = Partial
				break
			}
		}
	}
	res.Rows, res.Groups = summarize(zones, residents, res, reachCover(res))
	res.Tiers = summarizeTiers(zones, residents, res, opts)
	gaps, err := gapCells(residents, res, gapRes)
	if err != nil {
		return nil, err
	}
	res.Gaps = gaps
	return res, nil
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
	const chunk = 1
	for i := 0; i < n; i += chunk {
		next <- i
	}
	close(next)
	wg.Wait()
}

// summarize builds the zone rows, the outside row and the totals, and the
// per-group totals.
func summarize(zones []Zone, residents []Resident, res *Result, cover coverFunc) (rows, groups []Row) {
	rows = make([]Row, len(zones)+2)
	for i, z := range zones {
		rows[i] = Row{Zone: i, Name: z.Name}
	}
	rows[len(zones)] = Row{Zone: RowOutside, Name: "outside any grid"}
	rows[len(zones)+1] = Row{Zone: RowTotal, Name: "total"}
	members := make([][]int, len(rows))
	groupMembers := map[string][]int{}
	for i, r := range res.Residents {
		ri := len(zones)
		if r.Zone >= 0 {
			ri = r.Zone
		}
		members[ri] = append(members[ri], i)
		members[len(rows)-1] = append(members[len(rows)-1], i)
		groupMembers[residents[i].Group] = append(groupMembers[residents[i].Group], i)
	}
	for ri := range rows {
		fillRow(&rows[ri], members[ri], residents, res, cover)
	}
	names := make([]string, 0, len(groupMembers))
	for g := range groupMembers {
		names = append(names, g)
	}
	sort.Strings(names)
	if len(names) > 1 || (len(names) == 1 && names[0] != "") {
		for _, g := range names {
			row := Row{Zone: RowGroup, Name: g, Group: g}
			if g == "" {
				row.Name = "(no group)"
			}
			fillRow(&row, groupMembers[g], residents, res, cover)
			groups = append(groups, row)
		}
	}
	return rows, groups
}

// coverFunc says how far resident i is from category c, in minutes (+Inf
// beyond the budget in question), and whether it is covered.
type coverFunc func(i, c int) (minutes float64, covered bool)

// reachCover is the budget's coverage: a resident is covered for a
// category when a facility of it is within reach.
func reachCover(res *Result) coverFunc {
	return func(i, c int) (float64, bool) {
		rc := res.Residents[i].Reach[c]
		if len(rc) == 0 {
			return math.Inf(1), false
		}
		return rc[0].Minutes, true
	}
}

// fillRow summarises the residents of one row.
func fillRow(row *Row, members []int, residents []Resident, res *Result, cover coverFunc) {
	nc := len(res.Options.Categories)
	row.Categories = make([]Stats, nc)
	var complete []wv
	perCat := make([][]wv, nc)
	for _, i := range members {
		w := weight(residents[i])
		r := res.Residents[i]
		row.Residents++
		row.Weight += w
		if r.Status == Unroutable {
			row.UnroutableCount++
			row.UnroutableWeight += w
			continue
		}
		worst, all := 0.0, true
		for c := range nc {
			m, ok := cover(i, c)
			perCat[c] = append(perCat[c], wv{w: w, v: m, covered: ok})
			worst = math.Max(worst, m)
			all = all && ok
		}
		complete = append(complete, wv{w: w, v: worst, covered: all})
	}
	for c := range nc {
		row.Categories[c] = stats(perCat[c], row.Residents, row.Weight)
	}
	row.Complete = stats(complete, row.Residents, row.Weight)
}

type wv struct {
	w, v    float64
	covered bool
}

func weight(r Resident) float64 {
	if r.Weight > 0 {
		return r.Weight
	}
	return 1
}

// stats summarises the minutes of a row's routable residents; count and
// weight are the whole row's (unroutable residents count as not covered).
func stats(vals []wv, count int, weight float64) Stats {
	s := Stats{Count: count, Weight: weight, Median: math.NaN(), P90: math.NaN()}
	for _, x := range vals {
		if x.covered {
			s.CoveredCount++
			s.CoveredWeight += x.w
		}
	}
	if len(vals) == 0 {
		return s
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].v < vals[j].v })
	s.Median = percentile(vals, 0.5)
	s.P90 = percentile(vals, 0.9)
	return s
}

// percentile returns the weighted q-quantile (lower) of sorted values.
func percentile(sorted []wv, q float64) float64 {
	total := 0.0
	for _, x := range sorted {
		total += x.w
	}
	acc := 0.0
	for _, x := range sorted {
		acc += x.w
		if acc >= q*total-1e-9 {
			return x.v
		}
	}
	return sorted[len(sorted)-1].v
}

// gapCells buckets residents missing at least one category into H3 cells.
func gapCells(residents []Resident, res *Result, resolution int) ([]GapCell, error) {
	nc := len(res.Options.Categories)
	byCell := map[hex.Cell]*GapCell{}
	for i, r := range res.Residents {
		if r.Status != Partial {
			continue
		}
		cell, err := hex.FromPoint(residents[i].Point, resolution)
		if err != nil {
			return nil, fmt.Errorf("access: resident %q: %w", residents[i].ID, err)
		}
		gc := byCell[cell]
		if gc == nil {
			gc = &GapCell{Cell: cell, Missing: make([]float64, nc)}
			byCell[cell] = gc
		}
		w := weight(residents[i])
		gc.Count++
		gc.Weight += w
		for c := range nc {
			if len(r.Reach[c]) == 0 {
				gc.Missing[c] += w
			}
		}
	}
	out := make([]GapCell, 0, len(byCell))
	for _, gc := range byCell {
		out = append(out, *gc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		return out[i].Cell < out[j].Cell
	})
	return out, nil
}
