package walkshed

import (
	"cmp"
	"fmt"
	"math"
	"slices"
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
//
// A question costs one bounded search from the point plus a look at the
// facilities on the edges the search reached: the facilities are listed by
// the two end nodes of the edge they are placed on, once, when the Services
// is built (4 bytes per network node and 8 per facility), so a question
// never goes through every facility. The answers are those of a scan of
// every facility, to the bit (TestServicesMatchScan).
type Services struct {
	city       *City
	profile    routing.Profile
	maxSnap    geo.Meters
	facilities []access.Facility
	locs       []routing.Location
	unplaced   []access.FacilityIssue
	// category[i] numbers the category of facility i; categoryOf maps a
	// category name to its number.
	category   []int32
	categoryOf map[string]int32
	// The placed facilities on an edge incident to node n are
	// atNode[nodeStart[n]:nodeStart[n+1]], in facility order.
	nodeStart []uint32
	atNode    []int32
	queries   sync.Pool // *servicesQuery
}

// servicesQuery is the scratch of one question, pooled.
type servicesQuery struct {
	search *routing.Searcher
	want   []bool // by category number
	hits   []servicesHit
	slot   []int32 // NearestEach: by category number
	count  []int   // NearestEach: by place in its categories
}

// servicesHit is a facility reached, by index, and its walk in metres.
type servicesHit struct {
	facility int32
	meters   float64
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
	if len(facilities) > math.MaxInt32 {
		return nil, fmt.Errorf("walkshed: %d facilities, at most %d supported", len(facilities), math.MaxInt32)
	}
	g := c.graph
	s := &Services{city: c, profile: p, maxSnap: maxSnap, facilities: facilities,
		locs: make([]routing.Location, len(facilities)), category: make([]int32, len(facilities)),
		categoryOf: map[string]int32{}, nodeStart: make([]uint32, g.NumNodes()+1)}
	placed := make([]bool, len(facilities))
	for i, f := range facilities {
		id, ok := s.categoryOf[f.Category]
		if !ok {
			id = int32(len(s.categoryOf))
			s.categoryOf[f.Category] = id
		}
		s.category[i] = id
		loc, err := c.snapper.Snap(f.Point, maxSnap, p.Avoid)
		if err != nil {
			s.unplaced = append(s.unplaced, access.NewFacilityIssue(i, err))
			continue
		}
		s.locs[i], placed[i] = loc, true
	}
	// List each placed facility under the ends of its edge (once for a
	// loop): count per node, turn the counts into starts, then fill.
	ends := func(i int) (u, v routing.NodeID) { return g.Ends(s.locs[i].Edge) }
	for i := range facilities {
		if placed[i] {
			u, v := ends(i)
			s.nodeStart[u+1]++
			if v != u {
				s.nodeStart[v+1]++
			}
		}
	}
	for n := 1; n < len(s.nodeStart); n++ {
		s.nodeStart[n] += s.nodeStart[n-1]
	}
	s.atNode = make([]int32, s.nodeStart[len(s.nodeStart)-1])
	next := slices.Clone(s.nodeStart[:len(s.nodeStart)-1])
	for i := range facilities {
		if placed[i] {
			u, v := ends(i)
			s.atNode[next[u]], next[u] = int32(i), next[u]+1
			if v != u {
				s.atNode[next[v]], next[v] = int32(i), next[v]+1
			}
		}
	}
	return s, nil
}

// Unplaced lists the facilities that could not be placed on the network.
func (s *Services) Unplaced() []access.FacilityIssue { return s.unplaced }

// Within returns every facility (of the given categories, or all when none
// is given) within budget of p, nearest first; ties by facility order.
func (s *Services) Within(p orb.Point, budget geo.Budget, categories ...string) ([]Found, error) {
	q, err := s.reach(p, budget, categories)
	if err != nil {
		return nil, err
	}
	defer s.queries.Put(q)
	return s.found(q.hits), nil
}

// Nearest returns the k nearest facilities of category within budget of p,
// nearest first; ties by facility order.
func (s *Services) Nearest(p orb.Point, budget geo.Budget, k int, category string) ([]Found, error) {
	if k < 1 {
		return nil, fmt.Errorf("walkshed: k must be at least 1, got %d", k)
	}
	q, err := s.reach(p, budget, []string{category})
	if err != nil {
		return nil, err
	}
	defer s.queries.Put(q)
	return s.found(q.hits[:min(k, len(q.hits))]), nil
}

// NearestEach returns, for each of categories in order, its k nearest
// facilities within budget of p, nearest first: the same answers as
// Nearest per category, from a single search. A category given twice is
// answered at its first place only.
func (s *Services) NearestEach(p orb.Point, budget geo.Budget, k int, categories []string) ([][]Found, error) {
	if k < 1 {
		return nil, fmt.Errorf("walkshed: k must be at least 1, got %d", k)
	}
	q, err := s.reach(p, budget, categories)
	if err != nil {
		return nil, err
	}
	defer s.queries.Put(q)
	// slot maps a category number to its first place in categories.
	q.slot = resized(q.slot, len(s.categoryOf))
	for i := range q.slot {
		q.slot[i] = -1
	}
	for i, c := range categories {
		if id, ok := s.categoryOf[c]; ok && q.slot[id] < 0 {
			q.slot[id] = int32(i)
		}
	}
	// The hits come nearest first, so the first k of a category are its k
	// nearest: keep those, in place.
	q.count = resized(q.count, len(categories))
	clear(q.count)
	kept := q.hits[:0]
	for _, h := range q.hits {
		if i := q.slot[s.category[h.facility]]; i >= 0 && q.count[i] < k { // i < 0: no categories given
			q.count[i]++
			kept = append(kept, h)
		}
	}
	if len(kept) == 0 {
		return make([][]Found, len(categories)), nil
	}
	flat := make([]Found, len(kept)) // grouped by category, carved into out
	out := make([][]Found, len(categories))
	off := 0
	for i, n := range q.count {
		if n > 0 {
			out[i] = flat[off : off : off+n]
			off += n
		}
	}
	for _, h := range kept {
		i := q.slot[s.category[h.facility]]
		out[i] = append(out[i], s.foundOf(h))
	}
	return out, nil
}

// found returns the facilities of hits.
func (s *Services) found(hits []servicesHit) []Found {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Found, len(hits))
	for j, h := range hits {
		out[j] = s.foundOf(h)
	}
	return out
}

func (s *Services) foundOf(h servicesHit) Found {
	return Found{Facility: s.facilities[h.facility], Meters: h.meters, Minutes: s.profile.Minutes(h.meters)}
}

// resized returns buf with length n, reusing its array when it is large
// enough.
func resized[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// reach finds the facilities of categories (all when none is given)
// within budget of p and leaves them in q.hits, nearest first, ties by
// facility order. The caller puts q back in s.queries when done with it.
func (s *Services) reach(p orb.Point, budget geo.Budget, categories []string) (*servicesQuery, error) {
	limit, err := budget.DistanceAt(s.profile.Speed)
	if err != nil {
		return nil, err
	}
	loc, err := s.city.snapper.Snap(p, s.maxSnap, s.profile.Avoid)
	if err != nil {
		return nil, err
	}
	g := s.city.graph
	q, _ := s.queries.Get().(*servicesQuery)
	if q == nil {
		q = &servicesQuery{search: g.NewSearcher()}
	}
	filter := len(categories) > 0
	if filter {
		q.want = resized(q.want, len(s.categoryOf))
		clear(q.want)
		for _, c := range categories {
			if id, ok := s.categoryOf[c]; ok {
				q.want[id] = true
			}
		}
	}
	search := q.search
	var sources [2]routing.Source
	search.Run(routing.Query{Sources: g.AppendSources(sources[:0], loc, 0, loc.Door, s.profile.Avoid), Limit: limit, Avoid: s.profile.Avoid})

	q.hits = q.hits[:0]
	reach := func(i int32) {
		fl := s.locs[i]
		d, _, reached := search.DistTo(fl)
		if !reached {
			d = math.Inf(1)
		}
		if fl.Edge == loc.Edge {
			d = math.Min(d, loc.Door+math.Abs(fl.Offset-loc.Offset))
		}
		if m := d + fl.Door; m <= limit {
			q.hits = append(q.hits, servicesHit{facility: i, meters: m})
		}
	}
	settled := func(n routing.NodeID) bool { _, ok := search.Dist(n); return ok }
	// A facility is reached through a reached end of its edge: look at it
	// from its u end when that was reached, else from its v end.
	for _, n := range search.Settled() {
		for _, i := range s.atNode[s.nodeStart[n]:s.nodeStart[n+1]] {
			if filter && !q.want[s.category[i]] {
				continue
			}
			if u, v := g.Ends(s.locs[i].Edge); n == v && u != v && settled(u) {
				continue
			}
			reach(i)
		}
	}
	// or along the point's own edge, even when neither end was reached.
	if u, v := g.Ends(loc.Edge); !settled(u) && !settled(v) {
		for _, i := range s.atNode[s.nodeStart[u]:s.nodeStart[u+1]] {
			if s.locs[i].Edge == loc.Edge && (!filter || q.want[s.category[i]]) {
				reach(i)
			}
		}
	}

	slices.SortFunc(q.hits, func(a, b servicesHit) int {
		if c := cmp.Compare(a.meters, b.meters); c != 0 {
			return c
		}
		return cmp.Compare(a.facility, b.facility)
	})
	return q, nil
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
