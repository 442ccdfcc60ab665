package isochrone

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

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
	// MaxCells, when positive, bounds the cells of all contours together:
	// Compute stops with an error wrapping ErrTooManyCells as soon as they
	// are more, before outlining (the costly part). A server uses it to
	// bound the memory of one request.
	MaxCells int
	// Context, when set, stops Compute with its error once it is done; it
	// is checked while the reached streets are covered and before each
	// outline. Nil means context.Background().
	Context context.Context
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

// ErrTooManyCells is wrapped by the error of Compute when the contours have
// more cells than Options.MaxCells.
var ErrTooManyCells = errors.New("isochrone: too many cells")

// interval is a reached part [a, b] of an edge, metres from its u end.
type interval struct{ a, b float64 }

// Worker computes isochrones on one graph, keeping its search buffers
// between calls (its H3 cover starts afresh each call, so an answer never
// depends on earlier ones). A Worker is not safe for concurrent
// use; keep one per goroutine (a sync.Pool of Workers serves a server).
type Worker struct {
	s     *routing.Searcher
	cells []hex.Cell
	ivs   []interval
	line  orb.LineString
	piece orb.LineString
	extra []edgeInterval // the start edges' own intervals for one budget, by edge

	// Only when few nodes are reached (see reached): the reached edges in
	// search order, deduplicated by an epoch stamp per edge.
	stamp []uint32
	epoch uint32
	edges []routing.EdgeID

	mode int // tests: 1 looks at every edge, 2 at the reached nodes' edges; 0 chooses
}

type edgeInterval struct {
	e    routing.EdgeID
	a, b float64
}

// NewWorker returns a Worker for g.
func NewWorker(g *routing.Graph) *Worker {
	return &Worker{s: g.NewSearcher()}
}

// Compute runs one search with s from the start locations and returns one
// contour per budget, in the order given; a convenience for a single call
// (a Worker keeps its search buffers between calls).
func Compute(s *routing.Searcher, starts []routing.Location, opts Options) ([]Contour, error) {
	w := &Worker{s: s}
	return w.Compute(starts, opts)
}

// Compute runs one search from the start locations and returns one contour
// per budget, in the order given. The locations must be on the worker's
// graph. Locations on an edge the profile avoids do not start a walk.
func (w *Worker) Compute(starts []routing.Location, opts Options) ([]Contour, error) {
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
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limits := make([]float64, len(opts.Budgets))
	maxLimit := 0.0
	for i, b := range opts.Budgets {
		l, err := b.DistanceAt(opts.Profile.Speed)
		if err != nil {
			return nil, fmt.Errorf("isochrone: Budgets[%d] with Profile %q: %w", i, opts.Profile.Name, err)
		}
		limits[i] = l
		maxLimit = math.Max(maxLimit, limits[i])
	}
	// A fresh Coverer each call: a Coverer remembers the cells it met, and
	// a cell met before through another lattice bucket can carry boundary
	// coordinates that differ in their last bits, so a reused one made the
	// same isochrone depend on the ones computed before it (TestHistory).
	// Same input, same bytes costs the warm caches: about 2 ms a call.
	cv, err := hex.NewCoverer(res)
	if err != nil {
		return nil, fmt.Errorf("isochrone: %w", err)
	}
	s := w.s
	g := s.Graph()
	avoid := opts.Profile.Avoid
	var sources []routing.Source
	for i, loc := range starts {
		sources = g.AppendSources(sources, loc, int32(i), loc.Door, avoid)
	}
	s.Run(routing.Query{Sources: sources, Limit: maxLimit, Avoid: avoid})

	out := make([]Contour, len(opts.Budgets))
	total := 0 // cells of the contours so far
	for bi, limit := range limits {
		cv.ClearCells()
		street := 0.0
		n := 0 // edges covered, for the context checks
		err := w.reached(starts, limit, avoid, func(e routing.EdgeID, ivs []interval) error {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			w.line = g.AppendGeometry(w.line[:0], e)
			for _, iv := range ivs {
				street += iv.b - iv.a
				piece := w.line // most reached edges are reached whole
				if iv.a > 0 || iv.b < g.Length(e) {
					w.piece = geo.AppendSubLine(w.piece[:0], w.line, iv.a, iv.b)
					piece = w.piece
				}
				if err := cv.AddLine(piece); err != nil {
					return fmt.Errorf("isochrone: edge %d: %w", e, err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		w.cells = cv.AppendCells(w.cells[:0])
		if total += len(w.cells); opts.MaxCells > 0 && total > opts.MaxCells {
			return nil, fmt.Errorf("%w: %d cells by the contour of %v at resolution %d, more than the limit of %d",
				ErrTooManyCells, total, opts.Budgets[bi], res, opts.MaxCells)
		}
		out[bi] = Contour{Budget: opts.Budgets[bi], Meters: limit, StreetM: street, Cells: slices.Clone(w.cells)}
	}
	// Outlines (the costly part) once every contour's cells are counted,
	// so MaxCells refuses before any.
	for bi := range out {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := &out[bi]
		c.AreaM2 = cv.TotalAreaM2(c.Cells)
		if len(c.Cells) > 0 {
			mp, err := cv.Outline(c.Cells)
			if err != nil {
				return nil, fmt.Errorf("isochrone: outline: %w", err)
			}
			c.Geometry = mp
		}
	}
	return out, nil
}

// reached calls f for every edge reached within limit, with its reached
// parts, merged and sorted: [0, limit − d(u)] from its u end and
// [length − (limit − d(v)), length] from its v end when those are reached,
// and the start edges' own parts around each start. The parts come from the
// search's distances; when many nodes are reached, every edge is looked at
// in id order (the order of the graph's arrays, read fastest), else the
// edges of the reached nodes in search order. Either way each edge is
// called once, and the cover, a set, does not depend on the order.
func (w *Worker) reached(starts []routing.Location, limit float64, avoid routing.EdgeFlags, f func(routing.EdgeID, []interval) error) error {
	s := w.s
	g := s.Graph()
	w.extra = w.extra[:0]
	for _, loc := range starts {
		if g.Flags(loc.Edge)&avoid != 0 {
			continue
		}
		rem := limit - loc.Door
		if rem < 0 {
			continue
		}
		l := g.Length(loc.Edge)
		w.extra = append(w.extra, edgeInterval{loc.Edge, math.Max(0, loc.Offset-rem), math.Min(l, loc.Offset+rem)})
	}
	slices.SortFunc(w.extra, func(x, y edgeInterval) int { return int(x.e) - int(y.e) })
	within := func(n routing.NodeID) (float64, bool) {
		d, ok := s.Dist(n)
		return d, ok && d <= limit
	}
	// parts builds the reached parts of e into w.ivs.
	parts := func(e routing.EdgeID) []interval {
		w.ivs = w.ivs[:0]
		l := g.Length(e)
		a, b := g.Ends(e)
		// Plain comparisons: math.Max and Min, which order NaN and
		// signed zeros, cost 5% of a search here.
		if da, ok := within(a); ok { // reached from a up to min(l, rem)
			r := limit - da
			if l < r {
				r = l
			}
			w.ivs = append(w.ivs, interval{0, r})
		}
		if db, ok := within(b); ok { // reached from b down to max(0, l − rem)
			r := l - (limit - db)
			if r < 0 {
				r = 0
			}
			w.ivs = append(w.ivs, interval{r, l})
		}
		if n := len(w.extra); n > 0 && e >= w.extra[0].e && e <= w.extra[n-1].e {
			i, _ := slices.BinarySearchFunc(w.extra, e, func(x edgeInterval, e routing.EdgeID) int { return int(x.e) - int(e) })
			for ; i < len(w.extra) && w.extra[i].e == e; i++ {
				w.ivs = append(w.ivs, interval{w.extra[i].a, w.extra[i].b})
			}
		}
		w.ivs = mergeIntervals(w.ivs)
		return w.ivs
	}
	settled := s.Settled()
	reachedNodes, _ := slices.BinarySearchFunc(settled, limit, func(n routing.NodeID, limit float64) int {
		d, _ := s.Dist(n)
		return cmp.Compare(d, math.Nextafter(limit, math.Inf(1)))
	})
	if w.mode == 1 || w.mode == 0 && 8*reachedNodes > g.NumNodes() {
		for e := range routing.EdgeID(g.NumEdges()) {
			if g.Flags(e)&avoid != 0 {
				continue
			}
			a, b := g.Ends(e)
			if _, ok := within(a); !ok {
				if _, ok := within(b); !ok && !w.isStart(e) {
					continue
				}
			}
			if err := f(e, parts(e)); err != nil {
				return err
			}
		}
		return nil
	}
	// Few nodes: the edges around them, each once.
	if len(w.stamp) != g.NumEdges() {
		w.stamp = make([]uint32, g.NumEdges())
		w.epoch = 0
	}
	w.epoch++
	if w.epoch == 0 {
		clear(w.stamp)
		w.epoch = 1
	}
	w.edges = w.edges[:0]
	touch := func(e routing.EdgeID) {
		if w.stamp[e] != w.epoch {
			w.stamp[e] = w.epoch
			w.edges = append(w.edges, e)
		}
	}
	for _, u := range settled[:reachedNodes] {
		g.Adjacent(u, func(e routing.EdgeID, _ routing.NodeID) bool {
			if g.Flags(e)&avoid == 0 {
				touch(e)
			}
			return true
		})
	}
	for _, x := range w.extra {
		touch(x.e)
	}
	for _, e := range w.edges {
		if err := f(e, parts(e)); err != nil {
			return err
		}
	}
	return nil
}

// isStart reports whether e carries a start's own interval.
func (w *Worker) isStart(e routing.EdgeID) bool {
	_, ok := slices.BinarySearchFunc(w.extra, e, func(x edgeInterval, e routing.EdgeID) int { return int(x.e) - int(e) })
	return ok
}

// mergeIntervals sorts and merges overlapping intervals in place.
func mergeIntervals(ivs []interval) []interval {
	switch {
	case len(ivs) < 2: // most edges
		return ivs
	case len(ivs) == 2: // an edge reached from both ends: no sort
		x, y := ivs[0], ivs[1]
		if y.a < x.a {
			x, y = y, x
		}
		if y.a <= x.b {
			return append(ivs[:0], interval{x.a, math.Max(x.b, y.b)})
		}
		return append(ivs[:0], x, y)
	}
	slices.SortFunc(ivs, func(x, y interval) int { return cmp.Compare(x.a, y.a) })
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
