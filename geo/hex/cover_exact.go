package hex

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// ToleranceM is the distance in metres within which the exact cover of a
// line (Coverer.AppendCover, Coverer.AddLine) includes a cell:
// every cell the line passes through or comes within ToleranceM of is
// listed, and no cell farther than 2·ToleranceM. The margin makes the
// cover a superset of the cells the line touches despite rounding, also
// where the line only clips a corner of a cell.
const ToleranceM = 0.01

const (
	// keyOff centres the 29-bit lattice coordinates of a key.
	keyOff = 1 << 28
	// cacheMax is the number of cells a Coverer caches before it forgets
	// them all and starts again (about 25 MB); bucketMax the same for
	// buckets (about 2 MB, 13,000 km²).
	cacheMax  = 1 << 17
	bucketMax = 1 << 14
	// recentCells is how far back AppendCover looks for a repeat.
	recentCells = 8
)

// packKey returns the key of lattice cell (i, j) of face f. Keys have the
// top bit set, so they are never 0.
func packKey(f int, i, j int64) uint64 {
	return 1<<63 | uint64(f)<<58 | uint64(i+keyOff)<<29 | uint64(j+keyOff)
}

func unpackKey(k uint64) (f int, i, j int64) {
	return int(k >> 58 & 31), int64(k>>29&(1<<29-1)) - keyOff, int64(k&(1<<29-1)) - keyOff
}

// cellEntry is a cell a Coverer has met.
type cellEntry struct {
	cell   Cell
	key    uint64  // lattice key, 0 for a cell handled with h3 only
	areaM2 float64 // 0 until computed
	// The boundary is pts[bnd:bnd+nb], open and counter-clockwise, once
	// nb > 0; the neighbours are nbrs[nbr:nbr+nn] once nn > 0 (h3 cells
	// only).
	bnd, nbr int32
	nb, nn   int8
	placed   bool // Coverer.placed looked for its lattice key
	latBnd   bool // the boundary was computed from the lattice, in hexCorners order
}

// cand is a lattice cell near a segment.
type cand struct {
	key uint64
	t   float64 // where the segment comes within the tolerance of the cell
	d   float64 // squared distance from the segment start to the centre
}

// lattice returns the lattice of cv's resolution, or nil if h3 does not
// fit the model (then every line goes to h3).
func (cv *Coverer) lattice() *lattice {
	if !cv.latLoaded {
		cv.lat, _ = latticeFor(cv.res)
		cv.latLoaded = true
	}
	return cv.lat
}

// bucketFor returns the bucket containing (lng, lat).
func (cv *Coverer) bucketFor(lng, lat float64) *bucket {
	if cv.cur >= 0 {
		if b := &cv.bks[cv.cur]; b.contains(lng, lat) {
			return b
		}
	}
	ix, iy := bucketIndex(lng, lat)
	k := bucketKey(ix, iy)
	i, ok := cv.bkeys.get(k)
	if !ok {
		i = int32(len(cv.bks))
		cv.bks = append(cv.bks, newBucket(cv.lattice(), ix, iy))
		cv.bkeys.put(k, i)
	}
	cv.cur = i
	return &cv.bks[i]
}

// trim forgets all cached cells, or buckets, when there are too many.
func (cv *Coverer) trim() {
	if len(cv.bks) > bucketMax {
		cv.bks = cv.bks[:0]
		cv.bkeys.reset()
		cv.cur = -1
	}
	if len(cv.entries) <= cacheMax {
		return
	}
	cv.entries = cv.entries[:0]
	cv.pts = cv.pts[:0]
	cv.nbrs = cv.nbrs[:0]
	cv.byKey.reset()
	cv.byCell.reset()
}

// entry returns the index of the entry of lattice key k, creating it if
// needed.
func (cv *Coverer) entry(k uint64) int32 {
	if e, ok := cv.byKey.get(k); ok {
		return e
	}
	f, i, j := unpackKey(k)
	c := cv.cellIndex(f, i, j)
	e := int32(len(cv.entries))
	cv.entries = append(cv.entries, cellEntry{cell: c, key: k})
	cv.byKey.put(k, e)
	cv.byCell.put(uint64(c), e)
	return e
}

// checkLine validates the points and segments of ls.
func checkLine(ls orb.LineString) error {
	ok := true
	for i, p := range ls { // the common case, without a call per point
		ok = ok && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90 &&
			(i == 0 || math.Abs(p[0]-ls[i-1][0]) <= 180)
	}
	if ok {
		return nil
	}
	for i, p := range ls {
		if err := checkPoint(p); err != nil {
			return fmt.Errorf("point %d: %w", i, err)
		}
		if i > 0 && math.Abs(p[0]-ls[i-1][0]) > 180 {
			return fmt.Errorf("%w: segment %d from %v to %v", ErrAntimeridian, i-1, ls[i-1], p)
		}
	}
	return nil
}

// AppendCover appends to dst every cell of cv's resolution that ls passes
// through or comes within ToleranceM of (see ToleranceM), with ls taken as
// straight in longitude/latitude between its points, as geo.Lerp
// interpolates: no cell is missed, also where the line only clips a
// corner. The first cell appended contains ls[0]; the others follow in the
// order the line reaches them, without repeats among the last few appended
// (a cell may appear again later). A single point gives its cell, and its
// neighbours if it lies within ToleranceM of them; an empty ls appends
// nothing.
//
// Cost: away from the edges of H3's icosahedron faces (all but about 0.15%
// of the Earth; see Coverer) the cells are found and numbered in Go, but
// for the first two cells of each class (see Coverer). Near face edges and
// pentagons each new cell costs a few cgo calls.
//
// Every point is validated first; on error dst is returned unchanged. The
// error wraps ErrPoint, or ErrAntimeridian for a segment whose longitudes
// differ by more than 180 degrees.
func (cv *Coverer) AppendCover(dst []Cell, ls orb.LineString) ([]Cell, error) {
	if err := checkLine(ls); err != nil {
		return dst, err
	}
	cv.trim()
	start := len(dst)
	emit := func(c Cell) {
		for _, r := range dst[max(start, len(dst)-recentCells):] {
			if r == c {
				return
			}
		}
		dst = append(dst, c)
	}
	cv.eachPiece(ls, func(p, q orb.Point) {
		cv.cands = cv.cands[:0]
		cv.cover(p, q, true)
		slices.SortFunc(cv.cands, func(x, y cand) int {
			if c := cmp.Compare(x.t, y.t); c != 0 {
				return c
			}
			return cmp.Compare(x.d, y.d)
		})
		for _, c := range cv.cands {
			if c.key&(1<<63) != 0 {
				emit(cv.entries[cv.entry(c.key)].cell)
			} else {
				emit(Cell(c.key))
			}
		}
	})
	return dst, nil
}

// AddLine adds to cv's cell set the cells AppendCover would list for ls.
// Collecting many lines this way and reading the set once with AppendCells
// is faster than appending and sorting: cells are deduplicated as they are
// found, and new cells are numbered once, in AppendCells. The error
// wraps ErrPoint or ErrAntimeridian; on error the set is unchanged.
func (cv *Coverer) AddLine(ls orb.LineString) error {
	if err := checkLine(ls); err != nil {
		return err
	}
	cv.trim()
	if len(ls) == 1 {
		cv.cover(ls[0], ls[0], false)
		return nil
	}
	// eachPiece and cover, without a call per segment, and with the
	// lattice coordinates of each point computed once: the end of one
	// segment is the start of the next, and cover would map it again in
	// the same bucket (the one it picks for that start), to the same bits.
	var (
		b      *bucket // the bucket of the previous segment, if it was short
		a0, b0 float64 // ls[i-1] in b's lattice coordinates
		last   uint64  // the key added last by the fast path, 0 if none
		ci, cj int64   // the lattice cell of ls[i-1] in b, if known
		known  bool
	)
	for i := 1; i < len(ls); i++ {
		p, q := ls[i-1], ls[i]
		if fmax(math.Abs(q[0]-p[0]), math.Abs(q[1]-p[1])) > 0.5/bucketsPerDeg {
			cv.eachPiece(ls[i-1:i+1], func(p, q orb.Point) { cv.cover(p, q, false) })
			b, last, known = nil, 0, false
			continue
		}
		if b == nil || !b.contains(p[0], p[1]) {
			// cover's bucket for p: the current one if it contains p.
			if b = cv.bucketFor(p[0], p[1]); !b.ok {
				cv.cover(p, q, false)
				b, last, known = nil, 0, false
				continue
			}
			a0, b0 = b.axial(p[0], p[1])
			known = false
		}
		cv.stats.Segments++
		a1, b1 := b.axial(q[0], q[1])
		if !known {
			ci, cj = hexRound(a0, b0)
		}
		var k1, k2 uint64
		k1, k2, ci, cj, known = cv.coverSet(b, a0, b0, a1, b1, q[0]-p[0], q[1]-p[1], ci, cj)
		if k1 != last && k1 != 0 {
			cv.setAdd(k1)
		}
		if last = k1; k2 != 0 {
			cv.setAdd(k2)
			last = k2
		}
		a0, b0 = a1, b1
	}
	return nil
}

// coverSet adds to the set the cells of the piece from lattice point
// (a0, b0), in cell (i, j), to (a1, b1) of bucket b, of extent (dx, dy) in
// degrees, as cover does, but for the common cases: a piece inside one
// cell (most pieces of a street) returns that cell's key as k1, and a
// piece that crosses from one cell into a neighbour without coming near a
// third returns the keys of both, in that order, as k1 and k2; the caller
// adds them (the next piece of a street often starts in the same cell, and
// the caller skips the repeat). Otherwise it adds the cells itself and
// returns zeros. In the common cases it also returns the cell (qi, qj) of
// (a1, b1), with known set, for the next piece.
func (cv *Coverer) coverSet(b *bucket, a0, b0, a1, b1, dx, dy float64, i, j int64) (k1, k2 uint64, qi, qj int64, known bool) {
	f := int(b.face)
	// The shortcuts test against a bound of the grown inradius h without
	// the square root (b.sagK); a larger h accepts fewer pieces, and the
	// pieces it accepts get the same cells with the exact h.
	lim := 1 - (b.h0 + b.sagK*(dx*dx+dy*dy))
	// Most pieces of a street lie well inside one cell: if both ends are
	// farther than h − 1/2 inside it, so is the chord (the cell is
	// convex), and no other cell's hexagon grown to h reaches it, so
	// visitCells would list that cell alone.
	x0, y0 := a0-float64(i), b0-float64(j)
	if hexWithin(x0, y0, lim) && hexWithin(a1-float64(i), b1-float64(j), lim) {
		return packKey(f, b.i0+i, b.j0+j), 0, i, j, true
	}
	if i1, j1, ok := crossesOnce(i, j, x0, y0, a1, b1, lim); ok {
		return packKey(f, b.i0+i, b.j0+j), packKey(f, b.i0+i1, b.j0+j1), i1, j1, true
	}
	h := b.grown(dx, dy)
	visitCells(a0, b0, a1, b1, h, func(i, j int64) { cv.setAdd(packKey(f, b.i0+i, b.j0+j)) })
	return 0, 0, 0, 0, false
}

// slabs returns the coordinates of the axial offset (x, y) from a lattice
// point along the three side normals of its hexagon (see visitCells): the
// neighbours across the sides are at ±1 on one of them, and the hexagon is
// where all three are within ±1/2.
func slabs(x, y float64) [3]float64 {
	return [3]float64{x + y/2, x/2 + y, (y - x) / 2}
}

// crossesOnce reports whether the chord from offset (x0, y0) of lattice
// cell (i, j), which contains it, to axial (a1, b1) ends in a neighbour
// (i1, j1) of that cell and meets the hexagons grown to inradius h = 1 −
// lim of these two cells only: then visitCells would list them alone.
//
// The chord leaves (i, j) at a point x of their common side. A cell
// adjacent to (i, j) across one of its sides lies, grown, where the
// coordinate along that side's normal is at least lim, a half-plane; the
// part of the chord in (i, j) is convex, so it avoids the half-plane if
// its ends, the start and x, do. So do the other end and x for the cells
// adjacent to (i1, j1), and cells adjacent to neither lie a side's length
// from the chord.
func crossesOnce(i, j int64, x0, y0, a1, b1, lim float64) (i1, j1 int64, ok bool) {
	i1, j1 = hexRound(a1, b1)
	var m int      // the slab of the common side
	var sg float64 // the neighbour lies at sg = ±1 on it
	switch [2]int64{i1 - i, j1 - j} {
	case [2]int64{1, 0}:
		m, sg = 0, 1
	case [2]int64{-1, 0}:
		m, sg = 0, -1
	case [2]int64{0, 1}:
		m, sg = 1, 1
	case [2]int64{0, -1}:
		m, sg = 1, -1
	case [2]int64{-1, 1}:
		m, sg = 2, 1
	case [2]int64{1, -1}:
		m, sg = 2, -1
	default:
		return 0, 0, false
	}
	p := slabs(x0, y0)
	q := slabs(a1-float64(i), b1-float64(j))
	step := slabs(float64(i1-i), float64(j1-j))
	den := sg * (q[m] - p[m])
	if !(den > 0) {
		return 0, 0, false
	}
	t := (0.5 - sg*p[m]) / den
	if !(t >= 0 && t <= 1) {
		return 0, 0, false
	}
	for k := range 3 {
		if k == m {
			continue
		}
		x := p[k] + t*(q[k]-p[k]) // where the chord crosses the common side
		if math.Abs(p[k]) >= lim || math.Abs(x) >= lim ||
			math.Abs(q[k]-step[k]) >= lim || math.Abs(x-step[k]) >= lim {
			return 0, 0, false
		}
	}
	// The cells across the far sides, along the common side's normal:
	// the start must keep away from the side of (i, j) opposite
	// (i1, j1), the end from the side of (i1, j1) opposite (i, j).
	if -sg*p[m] >= lim || sg*(q[m]-step[m]) >= lim {
		return 0, 0, false
	}
	return i1, j1, true
}

// AppendCells appends to dst the cells of cv's set, sorted by value without
// duplicates (the form of Unique), and returns the extended slice. The set
// is left as it is; ClearCells empties it.
func (cv *Coverer) AppendCells(dst []Cell) []Cell {
	cv.trim()
	// Room for every key of the set to be new.
	cv.entries = slices.Grow(cv.entries, len(cv.setKeys))
	cv.byKey.reserve(cv.byKey.n + len(cv.setKeys))
	cv.byCell.reserve(cv.byCell.n + len(cv.setKeys))
	start := len(dst)
	dst = slices.Grow(dst, len(cv.setKeys))
	for _, k := range cv.setKeys {
		if k&(1<<63) != 0 {
			dst = append(dst, cv.entries[cv.entry(k)].cell)
		} else {
			dst = append(dst, Cell(k))
		}
	}
	slices.Sort(dst[start:])
	return slices.Compact(dst)
}

// ClearCells empties cv's cell set. The caches are kept.
func (cv *Coverer) ClearCells() {
	cv.set.reset()
	cv.setKeys = cv.setKeys[:0]
}

// setAdd adds a lattice key or (without the top bit) a cell to the set.
func (cv *Coverer) setAdd(k uint64) {
	if cv.set.add(k, 0) {
		cv.setKeys = append(cv.setKeys, k)
	}
}

// eachPiece calls f for the segments of ls, cut so that no piece spans
// more than half a bucket in longitude or latitude. A single point is a
// piece of length zero.
func (cv *Coverer) eachPiece(ls orb.LineString, f func(p, q orb.Point)) {
	if len(ls) == 1 {
		f(ls[0], ls[0])
		return
	}
	const half = 0.5 / bucketsPerDeg
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		n := math.Ceil(fmax(math.Abs(b[0]-a[0]), math.Abs(b[1]-a[1])) / half)
		if n <= 1 {
			f(a, b)
			continue
		}
		prev := a
		for k := 1.0; k <= n; k++ {
			next := b
			if k < n {
				next = orb.Point{a[0] + (b[0]-a[0])*(k/n), a[1] + (b[1]-a[1])*(k/n)}
			}
			f(prev, next)
			prev = next
		}
	}
}

// cover finds the cells of the piece from p to q: into cv.cands when
// ordered, else into the set.
func (cv *Coverer) cover(p, q orb.Point, ordered bool) {
	cv.stats.Segments++
	b := cv.bucketFor(p[0], p[1])
	if !b.ok {
		cv.stats.Fallback++
		cv.fallback(p, q, ordered)
		return
	}
	a0, b0 := b.axial(p[0], p[1])
	a1, b1 := b.axial(q[0], q[1])
	if !ordered {
		i, j := hexRound(a0, b0)
		k1, k2, _, _, _ := cv.coverSet(b, a0, b0, a1, b1, q[0]-p[0], q[1]-p[1], i, j)
		if k1 != 0 {
			cv.setAdd(k1)
		}
		if k2 != 0 {
			cv.setAdd(k2)
		}
		return
	}
	h := b.grown(q[0]-p[0], q[1]-p[1])
	f := int(b.face)
	visitCells(a0, b0, a1, b1, h, func(i, j int64) {
		t := entryT(a0, b0, a1-a0, b1-b0, i, j, h)
		x, y := (a0-float64(i))+(b0-float64(j))/2, (b0-float64(j))*math.Sqrt(3)/2
		cv.cands = append(cv.cands, cand{packKey(f, b.i0+i, b.j0+j), t, x*x + y*y})
	})
}

// grown returns the inradius, in lattice units, to which a cell's hexagon
// is grown to catch a piece of extent (dx, dy) degrees from b: half a
// spacing, plus ToleranceM and the map's error, plus the sag of the piece
// (straight in longitude/latitude) from its chord in the lattice.
func (b *bucket) grown(dx, dy float64) float64 {
	qa, qb := b.bend(dx, dy)
	sag := math.Sqrt(fmax(0, qa*qa+qa*qb+qb*qb)) / 4
	return b.h0 + sag
}

// visitCells calls f for each lattice cell (i, j) whose hexagon, grown to
// an inradius of h (1/2 for the cell itself), meets the segment from
// (a0, b0) to (a1, b1) in axial coordinates, row (j) by row.
//
// In Cartesian lattice coordinates (x = a + b/2, y = b·√3/2; neighbouring
// centres one unit apart) the grown hexagon of (i, j) is the intersection
// of three slabs |s_k − s_k(i, j)| ≤ h, with s₀ = a + b/2, s₁ = a/2 + b and
// s₂ = (b − a)/2 the coordinates along the normals of its sides. By the
// separating axis theorem it meets the segment if and only if their
// projections overlap on those three normals and on the segment's normal
// m. For a fixed row j each of the four conditions bounds i to an
// interval, so the cells of a row are an interval found without testing
// candidates.
func visitCells(a0, b0, a1, b1, h float64, f func(i, j int64)) {
	const sqrt3 = 1.7320508075688772
	lo0, hi0 := minMax(a0+b0/2, a1+b1/2)
	lo1, hi1 := minMax(a0/2+b0, a1/2+b1)
	lo2, hi2 := minMax((b0-a0)/2, (b1-a1)/2)
	x0, y0 := a0+b0/2, b0*sqrt3/2
	dx, dy := a1+b1/2-x0, (b1-b0)*sqrt3/2
	l := math.Sqrt(dx*dx + dy*dy)
	var mx, my, mp, sup, inv float64
	useM := l > 1e-9
	if useM {
		mx, my = -dy/l, dx/l
		mp = mx*x0 + my*y0
		// Support of the grown hexagon along m: its corners lie 2h/√3
		// from the centre at 30°, 90°, 150°, …
		sup = 2 * h / sqrt3 * max3abs(mx*sqrt3/2+my/2, my, -mx*sqrt3/2+my/2)
		if mx != 0 {
			inv = 1 / mx
		}
	}
	// The grown hexagon spans 2h/√3 up and down: rows within that of the
	// segment's y range.
	ylo, yhi := minMax(y0, y0+dy)
	r := 2 * h / sqrt3
	jlo, jhi := int64(math.Ceil((ylo-r)*2/sqrt3)), int64(math.Floor((yhi+r)*2/sqrt3))
	for j := jlo; j <= jhi; j++ {
		fj := float64(j)
		// s₀: lo0 − h ≤ i + j/2 ≤ hi0 + h
		ilo, ihi := lo0-h-fj/2, hi0+h-fj/2
		// s₁: lo1 − h ≤ i/2 + j ≤ hi1 + h
		ilo, ihi = fmax(ilo, 2*(lo1-h-fj)), fmin(ihi, 2*(hi1+h-fj))
		// s₂: lo2 − h ≤ (j − i)/2 ≤ hi2 + h
		ilo, ihi = fmax(ilo, fj-2*(hi2+h)), fmin(ihi, fj-2*(lo2-h))
		if inv != 0 {
			// |mp − mx·(i + j/2) − my·j·√3/2| ≤ sup
			c := mp - my*fj*sqrt3/2
			u, v := minMax((c-sup)*inv-fj/2, (c+sup)*inv-fj/2)
			ilo, ihi = fmax(ilo, u), fmin(ihi, v)
		} else if useM && math.Abs(mp-my*fj*sqrt3/2) > sup {
			continue
		}
		for i := int64(math.Ceil(ilo)); float64(i) <= ihi; i++ {
			f(i, j)
		}
	}
}

// entryT returns the parameter in [0, 1] where the segment from (a0, b0),
// of axial extent (da, db), enters the hexagon of (i, j) grown to inradius
// h, which it meets (Liang–Barsky clipping against the three slabs).
func entryT(a0, b0, da, db float64, i, j int64, h float64) float64 {
	x, y := a0-float64(i), b0-float64(j)
	t := 0.0
	for _, sl := range [3][2]float64{{x + y/2, da + db/2}, {x/2 + y, da/2 + db}, {(y - x) / 2, (db - da) / 2}} {
		if p, d := sl[0], sl[1]; d > 0 {
			t = max(t, (-h-p)/d)
		} else if d < 0 {
			t = max(t, (h-p)/d)
		}
	}
	return min(t, 1)
}

func minMax(a, b float64) (float64, float64) {
	if a > b {
		return b, a
	}
	return a, b
}

// fmin and fmax are min and max for numbers that are not NaN, cheaper than
// the built-ins, which order NaN and signed zeros.
func fmin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

func fmax(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

func max3abs(a, b, c float64) float64 {
	return fmax(fmax(math.Abs(a), math.Abs(b)), math.Abs(c))
}

// Cell returns the cell of cv's resolution that contains p, as FromPoint
// does. Away from icosahedron face edges it is found in Go, as for
// AppendCover; a point within a millimetre of a cell's side costs a cgo
// call. The error wraps ErrPoint.
func (cv *Coverer) Cell(p orb.Point) (Cell, error) {
	if err := checkPoint(p); err != nil {
		return 0, err
	}
	cv.trim()
	b := cv.bucketFor(p[0], p[1])
	if b.ok {
		a, bb := b.axial(p[0], p[1])
		i, j := hexRound(a, bb)
		x, y := a-float64(i), bb-float64(j)
		in := 0.5 - max(math.Abs(x+y/2), math.Abs(x/2+y), math.Abs(y-x)/2)
		if in > b.perM*taylorSlackM {
			return cv.entries[cv.entry(packKey(int(b.face), b.i0+i, b.j0+j))].cell, nil
		}
	}
	cv.stats.Lookups++
	c := lookup(p, cv.res)
	if !c.Valid() {
		return 0, fmt.Errorf("%w: h3 found no cell for %v", ErrPoint, p)
	}
	return c, nil
}

// hexWithin reports whether the axial offset (x, y) from a lattice point
// is less than lim from it along each of the three side normals (within
// the hexagon of inradius lim). NaN is not within.
func hexWithin(x, y, lim float64) bool {
	return math.Abs(x+y/2) < lim && math.Abs(x/2+y) < lim && math.Abs(y-x)/2 < lim
}

// hexRound returns the lattice point nearest to axial (a, b).
func hexRound(a, b float64) (i, j int64) {
	// Floor(x + 0.5) is an instruction where math.Round is not; ties, on
	// the sides of cells, may go either way.
	q, r, s := math.Floor(a+0.5), math.Floor(b+0.5), math.Floor(0.5-a-b)
	dq, dr, ds := math.Abs(q-a), math.Abs(r-b), math.Abs(s+a+b)
	if dq > dr && dq > ds {
		q = -r - s
	} else if dr > ds {
		r = -q - s
	}
	return int64(q), int64(r)
}
