package hex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	h3 "github.com/uber/h3-go/v4"
)

// TestCellIndexMatchesH3 numbers lattice cells with a Coverer and compares
// every number with h3's cell at the lattice point, at every resolution:
// clusters of cells around random points of every face, and around each
// pentagon, where the digits turn by the leading digit. Most cells must be
// numbered in Go.
func TestCellIndexMatchesH3(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	var pents []vec3
	for _, c := range h3.Pentagons(0) {
		pents = append(pents, cellVec(c))
	}
	for res := range MaxResolution + 1 {
		t.Run(fmt.Sprint("res ", res), func(t *testing.T) {
			l, err := latticeFor(res)
			if err != nil {
				t.Fatal(err)
			}
			cv, _ := NewCoverer(res)
			cv.lattice()
			checked, pentBase := 0, 0
			centres := make([]vec3, 0, 60)
			for range 40 {
				centres = append(centres, randomUnit(rng))
			}
			for _, p := range pents {
				// Within about 100 to 900 km of the pentagon: its base
				// cell's own descendants, away from the face edges.
				q := p.add(randomUnit(rng).scale(0.015 + rng.Float64()*0.12)).unit()
				centres = append(centres, q)
			}
			for _, p := range centres {
				f := l.nearestFace(p)
				fl := l.face(f)
				if fl == nil {
					t.Fatalf("face %d: %v", f, l.errs[f])
				}
				margin := math.Sin(faceMarginSteps * fl.step)
				if fl.edgeSin(p) < margin {
					continue
				}
				a, b := fl.axial(p)
				i0, j0 := hexRound(a, b)
				for range 60 {
					// Cells up to 7 steps away, and a few much farther.
					span := int64(7)
					if rng.IntN(4) == 0 {
						span = int64(math.Min(1e6, 0.02/fl.step))
					}
					i, j := i0+rng.Int64N(2*span+1)-span, j0+rng.Int64N(2*span+1)-span
					q := fl.at(float64(i), float64(j), 0, 0)
					if fl.edgeSin(q.unit()) < margin || l.nearestFace(q) != f {
						continue
					}
					got := cv.cellIndex(f, i, j)
					want := Cell(vecCell(q, res))
					if got != want {
						t.Fatalf("face %d lattice (%d, %d): %s, h3 %s", f, i, j, got, want)
					}
					checked++
					if isPentagonBase(int(uint64(got) >> baseShift & 0x7F)) {
						pentBase++
					}
				}
			}
			st := cv.Stats()
			t.Logf("%d cells checked (%d of pentagon base cells), %d asked of h3, %d classes", checked, pentBase, st.Lookups, len(cv.classes))
			// Below resolution 5 few cells lie three steps inside a face.
			if res >= 5 && (checked < 1000 || pentBase < 100) {
				t.Errorf("only %d cells checked, %d of pentagon base cells", checked, pentBase)
			}
			failed := 0
			for _, c := range cv.classes {
				if c.state == classFailed {
					failed++
				}
			}
			if failed > 0 {
				t.Errorf("%d of %d classes disagree with h3", failed, len(cv.classes))
			}
			if res >= 5 && st.Lookups > checked/4 {
				t.Errorf("%d of %d cells asked of h3", st.Lookups, checked)
			}
		})
	}
}

func randomUnit(rng *rand.Rand) vec3 {
	for {
		v := vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		if n := math.Sqrt(v.dot(v)); n > 1e-9 {
			return v.scale(1 / n)
		}
	}
}

// TestCellIndexLearnsOnce checks the cgo calls of numbering: two per class
// (learn, confirm), then none.
func TestCellIndexLearnsOnce(t *testing.T) {
	cv, _ := NewCoverer(11)
	l := cv.lattice()
	p := unitVec(-8.61, 41.15)
	f := l.nearestFace(p)
	fl := l.face(f)
	a, b := fl.axial(p)
	i0, j0 := hexRound(a, b)
	n := 0
	for di := int64(-20); di <= 20; di++ {
		for dj := int64(-20); dj <= 20; dj++ {
			want := Cell(vecCell(fl.at(float64(i0+di), float64(j0+dj), 0, 0), 11))
			if got := cv.cellIndex(f, i0+di, j0+dj); got != want {
				t.Fatalf("(%d, %d): %s, h3 %s", di, dj, got, want)
			}
			n++
		}
	}
	if st := cv.Stats(); st.Lookups != 2*len(cv.classes) || len(cv.classes) > 14 {
		t.Errorf("%d cells: %d asked of h3 for %d classes", n, st.Lookups, len(cv.classes))
	}
}

func TestDiv7(t *testing.T) {
	for n := int64(-100); n <= 100; n++ {
		if got, want := div7(n), int64(math.Round(float64(n)/7)); got != want {
			t.Errorf("div7(%d) = %d, want %d", n, got, want)
		}
	}
}
