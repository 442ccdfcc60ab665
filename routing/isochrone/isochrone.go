package isochrone

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
)

// DefaultResolution is the default H3 resolution of contours (~25 m cells).
const DefaultResolution = 11

// Options describe the contours wanted. The zero value of Resolution means
// DefaultResolution.
type Options struct {
	// Budgets, one contour each; all in minutes or all in metres.
	Budgets []geo.Budget
	// Profile gives the speed and the edges to avoid.
	Profile routing.Profile
	// Resolution is the H3 resolution of the cells contours are drawn with.
	Resolution int
}

// Contour is the area reached within one budget.
type Contour struct {
	Budget geo.Budget
	// Meters is the walking distance of the budget for the profile.
	Meters float64
	// Geometry is the outline of the reached cells, holes kept.
	Geometry orb.MultiPolygon
	// AreaM2 is the area of the reached cells in square metres.
	AreaM2 float64
	// StreetM is the length of reached street in metres.
	StreetM float64
	// Cells are the reached H3 cells, sorted.
	Cells []hex.Cell
}

// ErrNoBudget is returned when no budget is given.
var ErrNoBudget = errors.New("isochrone: no budget given")

// interval is a reached part [a, b] of an edge, metres from its u end.
type interval struct{ a, b float64 }

// Compute runs one search from the start locations with s and returns one
// contour per budget, in the order given. s must belong to the graph the
// locations were snapped on. Locations on an edge the profile avoids do not
// start a walk.
func Compute(s *routing.Searcher, starts []routing.Location, opts Options) ([]Contour, error) {
	if len(opts.Budgets) == 0 {
		return nil, ErrNoBudget
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, err
	}
	res := opts.Resolution
	if res == 0 {
		res = DefaultResolution
	}
	if res < 0 || res > 15 {
		return nil, fmt.Errorf("isochrone: resolution %d is outside 0..15", res)
	}
	limits := make([]float64, len(opts.Budgets))
	maxLimit := 0.0
	for i, b := range opts.Budgets {
		if err := b.Validate(); err != nil {
			return nil, err
		}
		limits[i] = b.Distance(opts.Profile.Speed)
		maxLimit = math.Max(maxLimit, limits[i])
	}
	g := s.Graph()
	avoid := opts.Profile.Avoid
	var sources []routing.Source
	for i, loc := range starts {
		sources = g.AppendSources(sources, loc, int32(i), loc.Door, avoid)
	}
	s.Run(routing.Query{Sources: sources, Limit: maxLimit, Avoid: avoid})

	out := make([]Contour, len(opts.Budgets))
	var (
		cells []hex.Cell
		ivs   []interval
		line  orb.LineString
	)
	for bi, limit := range limits {
		cells = cells[:0]
		street := 0.0
		byEdge := reachedEdges(s, starts, limit, avoid)
		for _, e := range byEdge.order {
			ivs = mergeIntervals(append(ivs[:0], byEdge.ivs[e]...))
			line = g.AppendGeometry(line[:0], e)
			for _, iv := range ivs {
				street += iv.b - iv.a
				piece := geo.SubLine(line, iv.a, iv.b)
				var err error
				cells, err = hex.CoverLine(cells, piece, res)
				if err != nil {
					return nil, fmt.Errorf("isochrone: edge %d: %w", e, err)
				}
			}
		}
		slices.Sort(cells)
		cells = slices.Compact(cells)
		c := Contour{Budget: opts.Budgets[bi], Meters: limit, StreetM: street, Cells: slices.Clone(cells)}
		for _, cell := range cells {
			c.AreaM2 += cell.AreaM2()
		}
		if len(cells) > 0 {
			mp, err := hex.Outline(cells)
			if err != nil {
				return nil, fmt.Errorf("isochrone: outline: %w", err)
			}
			c.Geometry = mp
		}
		out[bi] = c
	}
	return out, nil
}

type edgeIntervals struct {
	order []routing.EdgeID
	ivs   map[routing.EdgeID][]interval
}

// reachedEdges collects, for a distance limit, the reached part of every
// edge, in a deterministic edge order.
func reachedEdges(s *routing.Searcher, starts []routing.Location, limit float64, avoid routing.EdgeFlags) edgeIntervals {
	g := s.Graph()
	r := edgeIntervals{ivs: map[routing.EdgeID][]interval{}}
	add := func(e routing.EdgeID, iv interval) {
		if iv.b < iv.a {
			return
		}
		if _, ok := r.ivs[e]; !ok {
			r.order = append(r.order, e)
		}
		r.ivs[e] = append(r.ivs[e], iv)
	}
	for _, u := range s.Settled() {
		du, _ := s.Dist(u)
		if du > limit {
			break // settled in distance order
		}
		rem := limit - du
		g.Adjacent(u, func(e routing.EdgeID, _ routing.NodeID) bool {
			if g.Flags(e)&avoid != 0 {
				return true
			}
			l := g.Length(e)
			a, b := g.Ends(e)
			if a == u {
				add(e, interval{0, math.Min(l, rem)})
			}
			if b == u {
				add(e, interval{math.Max(0, l-rem), l})
			}
			return true
		})
	}
	for _, loc := range starts {
		if g.Flags(loc.Edge)&avoid != 0 {
			continue
		}
		rem := limit - loc.Door
		if rem < 0 {
			continue
		}
		l := g.Length(loc.Edge)
		add(loc.Edge, interval{math.Max(0, loc.Offset-rem), math.Min(l, loc.Offset+rem)})
	}
	sort.Slice(r.order, func(i, j int) bool { return r.order[i] < r.order[j] })
	return r
}

// mergeIntervals sorts and merges overlapping intervals in place.
func mergeIntervals(ivs []interval) []interval {
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].a < ivs[j].a })
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.a <= out[n-1].b {
			out[n-1].b = math.Max(out[n-1].b, iv.b)
			continue
		}
		out = append(out, iv)
	}
	return out
}
