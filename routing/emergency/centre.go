package emergency

import (
	"github.com/walkshed/walkshed/internal/minheap"
	"math"
	"slices"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// debugCentre, when set by a test, sees every evaluation.
var debugCentre func(evals int, e, n int, t, lb, val, best float64)

// centre finds a grid's absolute 1-centre on the network: the point p of
// the network (any usable edge, anywhere along it) whose worst case
// F(p) = max over the grid's street points and doors w of d(p, w) is
// smallest.
//
// Method: bound-and-evaluate with landmarks, the idea behind exact
// eccentricity algorithms (Takes and Kosters' bounding diameters) carried
// from nodes to every point of every edge.
//
//   - Evaluating F at a point costs one search from it (bounded by the best
//     F so far plus the longest stretch of a demand edge outside the grid: a
//     point that could beat the best reaches every demand edge's ends within
//     that), and yields the farthest grid point w.
//   - Every evaluated w becomes a landmark: one search from w gives d(w, q)
//     for every node q, and F(p) ≥ d(w, p) for every p (w is a grid point).
//     On an edge (u, v) of length L, d(w, p) at t metres from u is the tent
//     min(d(w, u) + t, d(w, v) + L − t) (cut in two where w lies on the edge
//     itself), so the lower bound max over landmarks of the tents is
//     minimised over the whole edge exactly (its minimum lies where a
//     falling side meets a rising side; see minMaxTents).
//   - Edges wait in a heap keyed by their lower bound, recomputed lazily when
//     landmarks were added since (bounds only grow). The edge with the
//     smallest bound is evaluated at the point of its smallest bound; that
//     evaluation adds the farthest point as a landmark, which lifts the bound
//     there to at least the best F. The search stops when the smallest bound
//     is within the tolerance of the best F found: no point of the network
//     can then do better by more than the tolerance. Only edges near the
//     first landmark (within the first F) are candidates at all, since a
//     point farther from a grid point than some F cannot beat it.
//   - F is 1-Lipschitz along the network, so an evaluated point p also
//     bounds its own edge: F ≥ F(p) − |t − t_p|, one more tent, which keeps
//     the search from coming back to the same spot.
//
// The answer is thus exact up to the tolerance (1 m by default), and
// certified; TestCentreMatchesBruteForce checks it against every point
// every metre on random networks. Three to six evaluations settle most
// grids (Malta's 59 local councils: 4 on average), as the farthest points
// that pin the centre are few. The exception is a plateau: when the grid is
// one big loop, every point of the loop is equally good, and proving it
// takes about the loop's length / (2 × tolerance) evaluations. The search
// therefore stops after Options.MaxEvaluations and reports the proven gap
// (Advice.LowerMeters, Certified false); the point it found is then
// usually optimal already (Ta' Xbiex, Malta: 709.5 m found at the 4th
// evaluation, proven within 1 m only after 207).
type centre struct {
	g      *routing.Graph
	avoid  routing.EdgeFlags
	eval   *routing.Searcher
	land   *routing.Searcher
	idx    []int32 // region index of each node, -1 outside the region
	region []routing.NodeID
	cands  []routing.EdgeID
	lms    []landmark
	cones  map[routing.EdgeID][]tent // evaluated points, by edge
	a      arrival
	heap   *minheap.Heap[bound]
	tents  []tent
	cuts   []float64
}

// landmark is a grid point and its walks to the region's nodes (a lower
// bound where the search stopped), its door leg included.
type landmark struct {
	edge       routing.EdgeID
	off, extra float64 // where on its edge, and its door leg
	dist       []float64
}

// centreResult is what centre.find found.
type centreResult struct {
	at        routing.Location
	value     float64
	worst     demand // the farthest grid point from at (a == b)
	lower     float64
	certified bool
	evals     int
	reason    string
}

func newCentre(g *routing.Graph, avoid routing.EdgeFlags) *centre {
	c := &centre{g: g, avoid: avoid, heap: minheap.New(boundLess, 0), eval: g.NewSearcher(), land: g.NewSearcher(), idx: make([]int32, g.NumNodes()),
		cones: map[routing.EdgeID][]tent{}}
	for i := range c.idx {
		c.idx[i] = -1
	}
	return c
}

// find returns the centre of the demands, within tol metres, evaluating
// at most maxEvals points.
func (c *centre) find(demands []demand, tol float64, maxEvals int) centreResult {
	defer c.clear()
	g := c.g
	// reach is how far beyond a grid point an edge end of the demands may
	// lie: a point that beats the best F reaches every demand edge's ends
	// within best + reach.
	reach := 0.0
	for _, d := range demands {
		reach = math.Max(reach, math.Max(d.a, g.Length(d.edge)-d.b))
	}
	start := c.start(demands)
	val, w := c.first(start, demands)
	if math.IsInf(val, 1) {
		return centreResult{evals: 1, reason: "no single point of the network reaches all of the grid: its streets and doors are not all connected for this profile"}
	}
	best := centreResult{at: start, value: val, worst: w, evals: 1}
	c.cones[start.Edge] = append(c.cones[start.Edge], tent{a: val - start.Offset, b: val + start.Offset - g.Length(start.Edge)})
	c.addLandmark(w, val+tol, true)
	c.heap.Reset()
	for _, e := range c.cands {
		lb, t := c.bound(e)
		c.heap.Push(bound{lb: lb, t: t, e: e, n: len(c.lms)})
	}
	for c.heap.Len() > 0 {
		top := c.heap.Pop()
		if top.n < len(c.lms) {
			top.lb, top.t = c.bound(top.e)
			top.n = len(c.lms)
			c.heap.Push(top)
			continue
		}
		if top.lb >= best.value-tol {
			best.lower, best.certified = math.Min(top.lb, best.value), true
			return best
		}
		if best.evals >= maxEvals {
			best.lower = top.lb
			return best
		}
		p := routing.Location{Edge: top.e, Offset: top.t}
		val, w, exact := c.evaluate(p, demands, best.value+reach)
		best.evals++
		if debugCentre != nil {
			debugCentre(best.evals, int(top.e), len(c.lms), top.t, top.lb, val, best.value)
		}
		if !exact {
			val = best.value // F(p) is more than that
		} else if val < best.value {
			best.at, best.value, best.worst = p, val, w
		}
		// F is 1-Lipschitz along the network: F(q) ≥ F(p) − |t − t_p| on
		// this edge, a tent; it keeps the search from coming back here when
		// the farthest point lies on this very edge.
		l := g.Length(p.Edge)
		c.cones[p.Edge] = append(c.cones[p.Edge], tent{a: val - p.Offset, b: val + p.Offset - l})
		c.addLandmark(w, best.value+tol, false)
		top.n = -1 // stale: recomputed with the new landmark when next popped
		c.heap.Push(top)
	}
	best.lower, best.certified = best.value, true
	return best
}

// start returns the street point nearest the middle of the demands' box (a
// door when the grid has no street).
func (c *centre) start(demands []demand) routing.Location {
	g := c.g
	var lo, hi [2]float64
	for i, d := range demands {
		u, _ := g.Ends(d.edge)
		p := g.NodePoint(u)
		if i == 0 {
			lo, hi = p, p
		}
		lo = [2]float64{math.Min(lo[0], p[0]), math.Min(lo[1], p[1])}
		hi = [2]float64{math.Max(hi[0], p[0]), math.Max(hi[1], p[1])}
	}
	mid := [2]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}
	bestD, pick := math.Inf(1), demands[0]
	for _, d := range demands {
		u, _ := g.Ends(d.edge)
		dist := geo.Distance(g.NodePoint(u), mid)
		if d.res < 0 && (pick.res >= 0 || dist < bestD) {
			bestD, pick = dist, d
		}
	}
	return routing.Location{Edge: pick.edge, Offset: (pick.a + pick.b) / 2}
}

// first evaluates F at the start point exactly: with searches of doubling
// limits (from 2 km) until every demand edge's ends are reached, or the
// search stops growing (some are in another component: F is +Inf).
func (c *centre) first(p routing.Location, demands []demand) (float64, demand) {
	settled := -1
	for limit := 2000.0; ; limit *= 2 {
		val, w, exact := c.evaluate(p, demands, limit)
		if exact {
			return val, w
		}
		n := len(c.eval.Settled())
		if n == settled {
			return math.Inf(1), w
		}
		settled = n
	}
}

// evaluate computes F(p) with a search bounded by limit. It returns the
// farthest grid point; exact is false when some demand edge's end was not
// reached within limit, and then F(p) > limit − the longest demand edge,
// and the returned grid point is farther than that from p.
func (c *centre) evaluate(p routing.Location, demands []demand, limit float64) (val float64, w demand, exact bool) {
	g := c.g
	c.eval.Run(routing.Query{Sources: g.AppendSources(nil, p, 0, 0, c.avoid), Limit: limit, Avoid: c.avoid})
	val = math.Inf(-1)
	for _, d := range demands {
		u, v := g.Ends(d.edge)
		du, okU := c.eval.Dist(u)
		if !okU {
			return math.Inf(1), demand{edge: d.edge, a: d.a, b: d.a, extra: d.extra, res: d.res}, false
		}
		dv, okV := c.eval.Dist(v)
		if !okV {
			return math.Inf(1), demand{edge: d.edge, a: d.b, b: d.b, extra: d.extra, res: d.res}, false
		}
		c.a.reset(du, dv, g.Length(d.edge), 0, 0)
		if d.edge == p.Edge {
			c.a.on = append(c.a.on, onEdge{off: p.Offset})
		}
		x, m, _ := c.a.worst(d.a, d.b)
		m += d.extra
		if m > val {
			val, w = m, demand{edge: d.edge, a: x, b: x, extra: d.extra, res: d.res}
		}
	}
	return val, w, true
}

// addLandmark searches from grid point w up to limit and keeps its walks to
// the region's nodes. The first landmark defines the region: the nodes it
// reaches and the far ends of their usable edges, whose edges are the
// candidates.
func (c *centre) addLandmark(w demand, limit float64, first bool) {
	g := c.g
	loc := routing.Location{Edge: w.edge, Offset: w.a}
	c.land.Run(routing.Query{Sources: g.AppendSources(nil, loc, 0, w.extra, c.avoid), Limit: limit, Avoid: c.avoid})
	if first {
		c.lms = c.lms[:0]
		c.cands = c.cands[:0]
		for _, n := range c.land.Settled() {
			c.mark(n)
		}
		for _, n := range c.land.Settled() {
			g.Adjacent(n, func(e routing.EdgeID, other routing.NodeID) bool {
				if usable(g, e, c.avoid) {
					c.cands = append(c.cands, e)
					c.mark(other)
				}
				return true
			})
		}
		slices.Sort(c.cands)
		c.cands = slices.Compact(c.cands)
	}
	lm := landmark{edge: w.edge, off: w.a, extra: w.extra, dist: make([]float64, len(c.region))}
	for i, n := range c.region {
		if d, ok := c.land.Dist(n); ok {
			lm.dist[i] = d
		} else {
			lm.dist[i] = limit // a lower bound: the search stopped there
		}
	}
	c.lms = append(c.lms, lm)
}

func (c *centre) mark(n routing.NodeID) {
	if c.idx[n] < 0 {
		c.idx[n] = int32(len(c.region))
		c.region = append(c.region, n)
	}
}

// clear forgets the region, ready for the next grid.
func (c *centre) clear() {
	for _, n := range c.region {
		c.idx[n] = -1
	}
	c.region = c.region[:0]
	c.lms = c.lms[:0]
	clear(c.cones)
}

// bound returns the smallest landmark lower bound of F along edge e and
// where it is. A landmark w elsewhere gives the tent
// min(d(w, u) + t, d(w, v) + L − t); one on e itself, x metres along it,
// adds the direct walk extra + |t − x|, so the edge is cut at such x and
// on each side every bound is a tent again.
func (c *centre) bound(e routing.EdgeID) (lb, t float64) {
	u, v := c.g.Ends(e)
	l := c.g.Length(e)
	iu, iv := c.idx[u], c.idx[v]
	c.cuts = append(c.cuts[:0], 0, l)
	for _, lm := range c.lms {
		if lm.edge == e && lm.off > 0 && lm.off < l {
			c.cuts = append(c.cuts, lm.off)
		}
	}
	slices.Sort(c.cuts)
	lb, t = math.Inf(1), 0
	for k := 0; k+1 < len(c.cuts); k++ {
		s, f := c.cuts[k], c.cuts[k+1]
		if f <= s {
			continue
		}
		// On [s, f], each bound is min(A + t, B − t); as a tent over the
		// piece of length f − s from s: a = A + s, b = B − f.
		c.tents = c.tents[:0]
		add := func(A, B float64) { c.tents = append(c.tents, tent{a: A + s, b: B - f}) }
		for _, lm := range c.lms {
			A, B := lm.dist[iu], lm.dist[iv]+l
			if lm.edge == e {
				if lm.off <= s {
					A = math.Min(A, lm.extra-lm.off)
				} else {
					B = math.Min(B, lm.extra+lm.off)
				}
			}
			add(A, B)
		}
		for _, cone := range c.cones[e] { // a cone is stored as a tent over the whole edge
			add(cone.a, cone.b+l)
		}
		v, at := minMaxTents(c.tents, f-s)
		if v < lb {
			lb, t = v, s+at
		}
	}
	return lb, t
}

// tent is the walk from a landmark along an edge of length L: at t metres
// from u it is min(a + t, b + L − t).
type tent struct{ a, b float64 }

// minMaxTents returns the minimum over t in [0, L] of the highest of the
// tents, and where it is. The upper envelope of tents has slopes ±1, so its
// minimum is at 0, at L, or where a falling side meets a rising side; only
// tents no other tent covers (a and b not both smaller) shape it, and
// sorted by a ascending they have b descending (and peaks, at
// (b + L − a)/2, descending), so the meeting points are those of
// neighbours: the rising side of one with the falling side of the next. Without tents there is no bound (−Inf, at the middle).
func minMaxTents(ts []tent, l float64) (float64, float64) {
	if len(ts) == 0 {
		return math.Inf(-1), l / 2
	}
	slices.SortFunc(ts, func(x, y tent) int {
		switch {
		case x.a < y.a:
			return -1
		case x.a > y.a:
			return 1
		case x.b > y.b:
			return -1
		case x.b < y.b:
			return 1
		}
		return 0
	})
	// keep the tents no later tent covers, from the largest a down
	stair := ts[:0:0]
	maxB := math.Inf(-1)
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].b > maxB {
			stair = append(stair, ts[i])
			maxB = ts[i].b
		}
	}
	slices.Reverse(stair)
	env := func(t float64) float64 {
		m := math.Inf(-1)
		for _, s := range stair {
			m = math.Max(m, math.Min(s.a+t, s.b+l-t))
		}
		return m
	}
	bestT, best := 0.0, env(0)
	try := func(t float64) {
		t = math.Max(0, math.Min(l, t))
		if v := env(t); v < best {
			best, bestT = v, t
		}
	}
	try(l)
	for i := 0; i+1 < len(stair); i++ {
		try((stair[i+1].b + l - stair[i].a) / 2)
	}
	return best, bestT
}

// bound is a heap entry: an edge, its lower bound lb at t, computed with
// the first n landmarks.
type bound struct {
	lb, t float64
	e     routing.EdgeID
	n     int
}

// boundLess orders by lower bound, then edge, so equal bounds pop in a fixed
// order.
func boundLess(x, y bound) bool {
	if x.lb != y.lb {
		return x.lb < y.lb
	}
	return x.e < y.e
}
