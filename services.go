package walkshed

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Services is a set of facilities placed on a city's network for one
// walking profile, ready for per-point questions ("what is within 15
// minutes of here?", "the nearest pharmacy from here"). It is immutable and
// safe for concurrent use; build it once with City.Services.
type Services struct {
	city       *City
	profile    routing.Profile
	maxSnap    geo.Meters
	facilities []access.Facility
	locs       []routing.Location
	ok         []bool
	onEdge     map[routing.EdgeID][]int
	unplaced   []access.FacilityIssue
	searchers  sync.Pool
}

// Found is a facility reached from a point.
type Found struct {
	Facility access.Facility
	// Meters is the whole walk, door to door; Minutes the same at the
	// profile's speed.
	Meters  float64
	Minutes float64
}

// Services places facilities on the network for profile p, each within
// maxSnap of a usable street (0 = routing.DefaultMaxSnap). Facilities that
// cannot be placed are listed by Unplaced, never silently dropped.
func (c *City) Services(facilities []access.Facility, p routing.Profile, maxSnap geo.Meters) (*Services, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s := &Services{city: c, profile: p, maxSnap: maxSnap, facilities: facilities,
		locs: make([]routing.Location, len(facilities)), ok: make([]bool, len(facilities)), onEdge: map[routing.EdgeID][]int{}}
	for i, f := range facilities {
		loc, err := c.Snapper.Snap(f.Point, maxSnap, p.Avoid)
		if err != nil {
			s.unplaced = append(s.unplaced, access.FacilityIssue{Facility: i, Reason: err.Error()})
			continue
		}
		s.locs[i], s.ok[i] = loc, true
		s.onEdge[loc.Edge] = append(s.onEdge[loc.Edge], i)
	}
	return s, nil
}

// Unplaced lists the facilities that could not be placed on the network.
func (s *Services) Unplaced() []access.FacilityIssue { return s.unplaced }

// Within returns every facility (of the given categories, or all when none
// is given) within budget of p, nearest first; ties by facility order.
func (s *Services) Within(p orb.Point, budget geo.Budget, categories ...string) ([]Found, error) {
	return s.query(p, budget, categories, 0)
}

// Nearest returns the k nearest facilities of category within budget of p,
// nearest first.
func (s *Services) Nearest(p orb.Point, category string, k int, budget geo.Budget) ([]Found, error) {
	if k < 1 {
		return nil, fmt.Errorf("walkshed: k must be at least 1, got %d", k)
	}
	return s.query(p, budget, []string{category}, k)
}

// NearestEach returns, for each of categories in order, its k nearest
// facilities within budget of p, nearest first: the same answers as
// Nearest per category, from a single search.
func (s *Services) NearestEach(p orb.Point, categories []string, k int, budget geo.Budget) ([][]Found, error) {
	if k < 1 {
		return nil, fmt.Errorf("walkshed: k must be at least 1, got %d", k)
	}
	found, err := s.query(p, budget, categories, 0)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(categories))
	for i, c := range categories {
		if _, dup := index[c]; !dup {
			index[c] = i
		}
	}
	out := make([][]Found, len(categories))
	for _, f := range found { // nearest first, so the first k of a category are its k nearest
		if i := index[f.Facility.Category]; len(out[i]) < k {
			out[i] = append(out[i], f)
		}
	}
	return out, nil
}

func (s *Services) query(p orb.Point, budget geo.Budget, categories []string, k int) ([]Found, error) {
	if err := budget.Validate(); err != nil {
		return nil, err
	}
	loc, err := s.city.Snapper.Snap(p, s.maxSnap, s.profile.Avoid)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range categories {
		want[c] = true
	}
	limit := budget.Distance(s.profile.Speed)
	g := s.city.Graph
	search, _ := s.searchers.Get().(*routing.Searcher)
	if search == nil {
		search = g.NewSearcher()
	}
	defer s.searchers.Put(search)
	search.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, loc.Door, s.profile.Avoid), Limit: limit, Avoid: s.profile.Avoid})
	var out []Found
	for i, f := range s.facilities {
		if !s.ok[i] || (len(want) > 0 && !want[f.Category]) {
			continue
		}
		fl := s.locs[i]
		d, _, reached := search.DistTo(fl)
		if !reached {
			d = math.Inf(1)
		}
		if fl.Edge == loc.Edge {
			d = math.Min(d, loc.Door+math.Abs(fl.Offset-loc.Offset))
		}
		m := d + fl.Door
		if m <= limit {
			out = append(out, Found{Facility: f, Meters: m, Minutes: s.profile.Minutes(m)})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Meters < out[b].Meters })
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// FacilitiesWith returns the city's OSM facilities by tax plus, when
// directory is not "", the facilities of that community directory (CSV or
// GeoJSON; categories checked against tax).
func (c *City) FacilitiesWith(tax *taxonomy.Taxonomy, directory string) ([]access.Facility, error) {
	facs := c.Facilities(tax)
	if directory == "" {
		return facs, nil
	}
	dir, _, err := table.ReadFacilities(directory, table.Options{CheckCategory: tax.Validate})
	if err != nil {
		return nil, err
	}
	return append(facs, dir...), nil
}
