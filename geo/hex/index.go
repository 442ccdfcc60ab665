package hex

// Indexing lattice cells in Go.
//
// H3 numbers the cell it finds on a face by walking up its ancestors: the
// cell's coordinates on the face's lattice are divided by the aperture-7
// step of each resolution down to resolution 0, and the remainder of each
// step (the centre child or one of six directions) is that resolution's
// digit. The resolution-0 position on the face gives the base cell and a
// number of 60° turns, which h3 applies to all digits (for the twelve
// pentagon base cells also depending on the leading digit, to skip the
// deleted K-axis subsequence). Turning every digit by the same amount and
// choosing it by the leading digit, everything after the walk depends only
// on the class (face, resolution-0 position, leading digit) of the cell.
//
// A Coverer does the same walk on its lattice coordinates, in a frame
// turned against h3's by a multiple of 60° (the walk commutes with such
// turns, and the learned turn absorbs the difference). What the walk cannot
// tell, the base cell and the turn, it learns from h3 per class: the first
// cell of a class is asked of h3 and the turn that maps the walk's digits
// onto h3's is kept, the second cell is asked of h3 again to confirm it,
// and later cells of the class are numbered in Go (about 50 ns instead of
// a 1.5 µs cgo call). A class whose cells disagree with h3 is left to h3.
// The tests compare the result with h3 for random points at every
// resolution.

// indexClass is what a Coverer learned about one class of lattice cells.
type indexClass struct {
	key   uint32 // face, resolution-0 position and leading digit (classKey)
	base  uint64 // the base cell, shifted into place
	turn  uint8  // 60° counter-clockwise turns from the walk's digits to h3's
	state uint8
}

const (
	classLearned   = iota + 1 // from one cell
	classConfirmed            // a second cell agreed: number in Go
	classFailed               // h3 disagreed: ask h3
)

// digitTurn[t][d] is digit d turned t·60° counter-clockwise; around the
// centre (0) the directions are I (4), IJ (6), J (2), JK (3), K (1), IK (5)
// counter-clockwise.
var digitTurn = func() (t [6][8]uint8) {
	next := [8]uint8{0, 5, 3, 1, 6, 4, 2, 7}
	for d := range t[0] {
		t[0][d] = uint8(d)
	}
	for n := 1; n < 6; n++ {
		for d := range t[n] {
			t[n][d] = next[t[n-1][d]]
		}
	}
	return t
}()

// div7 returns n/7 rounded to the nearest integer (never a tie for an
// integer n).
func div7(n int64) int64 {
	m := 2*n + 7
	q := m / 14
	if m%14 != 0 && m < 0 {
		q--
	}
	return q
}

// unitDigit returns the H3 digit of a step (dx, dy) in axial coordinates
// (i − k, j − k), or -1 if it is not the centre or a unit step.
func unitDigit(dx, dy int64) int {
	switch {
	case dx == 0 && dy == 0:
		return 0
	case dx == -1 && dy == -1:
		return 1 // K
	case dx == 0 && dy == 1:
		return 2 // J
	case dx == -1 && dy == 0:
		return 3 // JK
	case dx == 1 && dy == 0:
		return 4 // I
	case dx == 0 && dy == -1:
		return 5 // IK
	case dx == 1 && dy == 1:
		return 6 // IJ
	}
	return -1
}

// walk returns the digits of lattice cell (i, j) of resolution res in the
// face's frame, packed as in an index (unused digits 0), and the class key
// of the cell; ok is false if the walk leaves the range of a class key.
func walk(face int, i, j int64, res int) (digits uint64, key uint32, ok bool) {
	// The lattice basis u, v (v 60° counter-clockwise of u) taken as H3's
	// I axis and the I+J direction: axial (i − k, j − k) = (i + j, j).
	x, y := i+j, j
	lead := uint64(0)
	for r := res; r >= 1; r-- {
		var px, py, cx, cy int64
		if r%2 == 1 { // class III: the parent grid is turned counter-clockwise
			px, py = div7(3*x-y), div7(x+2*y)
			cx, cy = 2*px+py, 3*py-px
		} else {
			px, py = div7(2*x+y), div7(3*y-x)
			cx, cy = 3*px-py, px+2*py
		}
		d := unitDigit(x-cx, y-cy)
		if d < 0 {
			return 0, 0, false
		}
		if d != 0 {
			lead = uint64(d)
		}
		digits |= uint64(d) << (uint(MaxResolution-r) * digitBits)
		x, y = px, py
	}
	if x < -8 || x > 7 || y < -8 || y > 7 {
		return 0, 0, false
	}
	// lead was overwritten down to the coarsest non-zero digit.
	return digits, uint32(face)<<11 | uint32(x+8)<<7 | uint32(y+8)<<3 | uint32(lead), true
}

// turnDigits turns each of the res digits by t·60° counter-clockwise.
func turnDigits(digits uint64, res int, t uint8) uint64 {
	var out uint64
	for r := 1; r <= res; r++ {
		sh := uint(MaxResolution-r) * digitBits
		out |= uint64(digitTurn[t][digits>>sh&7]) << sh
	}
	return out
}

// cellIndex returns the cell of lattice point (i, j) of face f: computed in
// Go once its class is confirmed, else asked of h3 (a cgo call), which
// teaches the class.
func (cv *Coverer) cellIndex(f int, i, j int64) Cell {
	digits, key, ok := walk(f, i, j, cv.res)
	var cl *indexClass
	if ok {
		for k := range cv.classes {
			if cv.classes[k].key == key {
				cl = &cv.classes[k]
				break
			}
		}
	}
	head := uint64(modeCell)<<modeShift | uint64(cv.res)<<resShift
	if cl != nil && cl.state == classConfirmed {
		return Cell(head | cl.base | turnDigits(digits, cv.res, cl.turn) | unusedDigits(cv.res))
	}
	cv.stats.Lookups++
	c := Cell(vecCell(cv.lat.face(f).at(float64(i), float64(j), 0, 0), cv.res))
	if !ok || !c.Valid() {
		return c
	}
	switch {
	case cl == nil:
		t, found := learnTurn(digits, uint64(c), cv.res)
		st := uint8(classLearned)
		if !found {
			st = classFailed
		}
		cv.classes = append(cv.classes, indexClass{key: key, base: uint64(c) & (0x7F << baseShift), turn: t, state: st})
	case cl.state == classLearned:
		cl.state = classFailed
		if Cell(head|cl.base|turnDigits(digits, cv.res, cl.turn)|unusedDigits(cv.res)) == c {
			cl.state = classConfirmed
		}
	}
	return c
}

// learnTurn returns the turn that maps the walk's digits onto those of h3's
// index h, and whether there is one.
func learnTurn(digits, h uint64, res int) (uint8, bool) {
	mask := ^unusedDigits(res) & (1<<(MaxResolution*digitBits) - 1)
	for t := range uint8(6) {
		if turnDigits(digits, res, t) == h&mask {
			return t, true
		}
	}
	return 0, false
}
