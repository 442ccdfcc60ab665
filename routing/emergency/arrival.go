package emergency

import (
	"math"
	"slices"
)

// onEdge is a source on the edge itself: a walker who starts Off metres
// along the edge having already walked D metres (a responder's door leg),
// on behalf of Origin.
type onEdge struct {
	off, d float64
	origin int32
}

// arrival is the walking distance from the nearest source to every point of
// one edge of length l: x metres along it the walk is
//
//	min(du + x, dv + l − x, min over sources on the edge of d + |x − off|)
//
// where du and dv are the distances to the edge's ends (+Inf when not
// reached). Between two consecutive source offsets the walk is therefore
// min(A + x, B − x) for two constants A and B, a tent whose top is at
// x = (B − A)/2; every question below is answered exactly from that.
type arrival struct {
	du, dv, l float64
	ou, ov    int32 // origins of du and dv
	on        []onEdge
	cuts      []float64 // scratch
}

// reset prepares a for an edge.
func (a *arrival) reset(du, dv, l float64, ou, ov int32) {
	a.du, a.dv, a.l, a.ou, a.ov = du, dv, l, ou, ov
	a.on = a.on[:0]
}

// lines returns the rising and falling lines of the walk on [s, t], where
// no source offset lies strictly inside: A + x rises, B − x falls; with the
// origins behind each.
func (a *arrival) lines(s, t float64) (A, B float64, oa, ob int32) {
	A, B, oa, ob = a.du, a.dv+a.l, a.ou, a.ov
	for _, o := range a.on {
		if o.off <= s {
			if c := o.d - o.off; c < A || (c == A && o.origin < oa) {
				A, oa = c, o.origin
			}
		}
		if o.off >= t {
			if c := o.d + o.off; c < B || (c == B && o.origin < ob) {
				B, ob = c, o.origin
			}
		}
	}
	return A, B, oa, ob
}

// at returns the walk to the point x metres along the edge and its origin
// (-1 when unreached).
func (a *arrival) at(x float64) (float64, int32) {
	d, o := math.Inf(1), int32(-1)
	consider := func(v float64, org int32) {
		if v < d || (v == d && org < o) {
			d, o = v, org
		}
	}
	if !math.IsInf(a.du, 1) {
		consider(a.du+x, a.ou)
	}
	if !math.IsInf(a.dv, 1) {
		consider(a.dv+a.l-x, a.ov)
	}
	for _, s := range a.on {
		consider(s.d+math.Abs(x-s.off), s.origin)
	}
	return d, o
}

// split returns the points that cut [from, to] into stretches without a
// source offset inside: from, the offsets strictly between, to.
func (a *arrival) split(from, to float64) []float64 {
	a.cuts = append(a.cuts[:0], from)
	for _, o := range a.on {
		if o.off > from && o.off < to {
			a.cuts = append(a.cuts, o.off)
		}
	}
	slices.Sort(a.cuts[1:])
	return append(a.cuts, to)
}

// top returns where on [s, t] the tent min(A + x, B − x) is highest and
// its height.
func top(A, B, s, t float64) (x, v float64) {
	switch {
	case math.IsInf(A, 1) && math.IsInf(B, 1):
		return (s + t) / 2, math.Inf(1)
	case math.IsInf(A, 1):
		return s, B - s
	case math.IsInf(B, 1):
		return t, A + t
	}
	x = math.Max(s, math.Min(t, (B-A)/2))
	return x, math.Min(A+x, B-x)
}

// worst returns the point of [from, to] farthest from every source, the
// walk to it and its origin. For from == to it is that point.
func (a *arrival) worst(from, to float64) (x, d float64, origin int32) {
	if to <= from {
		d, origin = a.at(from)
		return from, d, origin
	}
	cuts := a.split(from, to)
	d = math.Inf(-1)
	origin = -1
	for i := 0; i+1 < len(cuts); i++ {
		s, t := cuts[i], cuts[i+1]
		A, B, oa, ob := a.lines(s, t)
		xi, v := top(A, B, s, t)
		if v > d {
			x, d = xi, v
			origin = ob
			if A+xi <= B-xi {
				origin = oa
			}
			if math.IsInf(v, 1) {
				origin = -1
			}
		}
	}
	return x, d, origin
}

// within returns how many metres of [from, to] lie within limit of a
// source.
func (a *arrival) within(from, to, limit float64) float64 {
	if to <= from {
		return 0
	}
	cuts := a.split(from, to)
	sum := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		s, t := cuts[i], cuts[i+1]
		A, B, _, _ := a.lines(s, t)
		// {A + x ≤ limit} is a prefix of [s, t], {B − x ≤ limit} a suffix.
		pre := math.Max(0, math.Min(t, limit-A)-s)
		suf := math.Max(0, t-math.Max(s, B-limit))
		sum += math.Min(t-s, pre+suf)
	}
	return sum
}

// unreached returns how many metres of [from, to] no source reaches at
// all.
func (a *arrival) unreached(from, to float64) float64 {
	if to <= from {
		return 0
	}
	cuts := a.split(from, to)
	sum := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		if A, B, _, _ := a.lines(cuts[i], cuts[i+1]); math.IsInf(A, 1) && math.IsInf(B, 1) {
			sum += cuts[i+1] - cuts[i]
		}
	}
	return sum
}

// span is a stretch of an edge beyond the limit: from, to along the edge,
// and the walk to its farthest point (the walk at its ends is the limit,
// or more where it ends at the end of the piece).
type span struct {
	from, to, max, min float64
}

// beyond appends to dst the stretches of [from, to] farther than limit
// from every source, merged where they touch.
func (a *arrival) beyond(dst []span, from, to, limit float64) []span {
	if to <= from {
		return dst
	}
	start := len(dst)
	cuts := a.split(from, to)
	for i := 0; i+1 < len(cuts); i++ {
		s, t := cuts[i], cuts[i+1]
		A, B, _, _ := a.lines(s, t)
		lo, hi := math.Max(s, limit-A), math.Min(t, B-limit)
		if !(lo < hi) {
			continue
		}
		_, v := top(A, B, lo, hi)
		lowest := math.Min(math.Min(A+lo, B-lo), math.Min(A+hi, B-hi))
		if n := len(dst); n > start && lo-dst[n-1].to < 1e-9 {
			dst[n-1].to = hi
			dst[n-1].max = math.Max(dst[n-1].max, v)
			dst[n-1].min = math.Min(dst[n-1].min, lowest)
			continue
		}
		dst = append(dst, span{from: lo, to: hi, max: v, min: lowest})
	}
	return dst
}
