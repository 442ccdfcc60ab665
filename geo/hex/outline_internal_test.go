package hex

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
)

// TestVertexID checks that copies of a vertex that round to different
// quantisation keys still get one id, and that distinct vertices do not.
func TestVertexID(t *testing.T) {
	t.Run("many", func(t *testing.T) {
		var o outliner
		for i := range 5000 { // forces the table to grow
			p := orb.Point{-8.6 + float64(i%100)*1e-5, 41.1 + float64(i/100)*1e-5}
			if id := o.vertexID(p); id != int32(i) {
				t.Fatalf("vertexID of new vertex %d = %d", i, id)
			}
		}
		for i := range 5000 {
			p := orb.Point{-8.6 + float64(i%100)*1e-5, 41.1 + float64(i/100)*1e-5}
			if id := o.vertexID(orb.Point{math.Nextafter(p[0], 0), p[1]}); id != int32(i) {
				t.Fatalf("vertexID of vertex %d again = %d", i, id)
			}
		}
	})
	half := 0.5 / quantum // a rounding boundary sits at k+0.5 units
	x, y := -8.611+half, 41.1496+half
	tests := []struct {
		name string
		a, b orb.Point
		same bool
	}{
		{"identical", orb.Point{x, y}, orb.Point{x, y}, true},
		{"straddling in x", orb.Point{x - 1e-13, 41.2}, orb.Point{x + 1e-13, 41.2}, true},
		{"straddling in y", orb.Point{-8.6, y + 1e-13}, orb.Point{-8.6, y - 1e-13}, true},
		{"straddling both", orb.Point{x - 1e-13, y + 1e-13}, orb.Point{x + 1e-13, y - 1e-13}, true},
		{"last bits", orb.Point{-8.6, 41.2}, orb.Point{math.Nextafter(-8.6, 0), math.Nextafter(41.2, 0)}, true},
		{"a millimetre apart", orb.Point{-8.6, 41.2}, orb.Point{-8.6, 41.20000001}, false},
		{"a nanodegree apart", orb.Point{x, y}, orb.Point{x + 1e-9, y}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.name, "straddling") {
				if k := (vkey{int64(math.Round(tt.a[0] * quantum)), int64(math.Round(tt.a[1] * quantum))}); k == (vkey{int64(math.Round(tt.b[0] * quantum)), int64(math.Round(tt.b[1] * quantum))}) {
					t.Fatalf("%v and %v round to the same key: test does not straddle", tt.a, tt.b)
				}
			}
			var o outliner
			a, b := o.vertexID(tt.a), o.vertexID(tt.b)
			if (a == b) != tt.same {
				t.Errorf("vertexID(%v) = %d, vertexID(%v) = %d; same = %v", tt.a, a, tt.b, b, tt.same)
			}
			if o.coords[a] != tt.a {
				t.Errorf("vertex %d keeps %v, want the first copy %v", a, o.coords[a], tt.a)
			}
		})
	}
}

// TestTopologyErrors feeds inconsistent sides to the chaining steps: they
// must report ErrTopology, not panic or loop.
func TestTopologyErrors(t *testing.T) {
	pts := []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, -1}, {2, 0}, {2, 1}}
	linked := [][6]int32{{1, -1, -1, -1, -1, -1}, {0, -1, -1, -1, -1, -1}}
	apart := [][6]int32{{-1, -1, -1, -1, -1, -1}, {-1, -1, -1, -1, -1, -1}}
	tests := []struct {
		name  string
		ids   []int32 // one cell per group of 3
		next  []int32
		owner []int32
		nbrs  [][6]int32
	}{
		{"open chain", nil, []int32{1, 2, 3, -1, -1, -1, -1}, nil, nil},
		{"tail into a loop", nil, []int32{1, 2, 3, 1, -1, -1, -1}, nil, nil},
		// Counter-clockwise 0-1-3 and 5-6-2 owned by cells 0 and 1.
		{"two shells in one component", nil, []int32{1, 3, 5, 0, -1, 6, 2}, []int32{0, 0, 1, 0, 0, 1, 1}, linked},
		// Clockwise 0-3-2-1 owned by cell 1, which has no shell.
		{"hole without shell", nil, []int32{3, 0, 1, 2, -1, -1, -1}, []int32{1, 1, 1, 1, 0, 0, 0}, apart},
		{"four cells at a vertex", []int32{0, 1, 2, 0, 2, 3, 0, 3, 1, 0, 1, 3}, nil, nil, nil},
		{"cells touching at a vertex", []int32{0, 1, 2, 0, 3, 4}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := outliner{coords: pts, qkeys: make([]vkey, len(pts)), next: tt.next, owner: tt.owner, nbrs: tt.nbrs}
			if tt.nbrs != nil {
				o.cells = make([]Cell, len(tt.nbrs))
			}
			var err error
			if tt.ids != nil {
				o.ids = tt.ids
				for k := 0; k*3 < len(tt.ids); k++ {
					o.need = append(o.need, int32(k))
					o.border = append(o.border, true)
					o.first = append(o.first, int32(3*k))
				}
				o.first = append(o.first, int32(len(tt.ids)))
				err = o.sides()
			} else {
				_, err = o.polygons()
			}
			if !errors.Is(err, ErrTopology) {
				t.Errorf("error = %v, want ErrTopology", err)
			}
		})
	}
}

// TestOutlineLatticeMatchesGeneral checks outlineLattice, Outline's path
// for cells all on one face's lattice, against the general path (cell
// boundaries chained by quantised coordinates), to the last bit: both take
// each vertex from fl.vertex. The general path runs on Coverers with
// different histories (fresh; and having met and outlined other cells
// first), which must not matter either.
func TestOutlineLatticeMatchesGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for _, pl := range places(t)[:5] {
		for _, res := range []int{9, 11, 13} {
			edge, _ := EdgeLengthM(res)
			for n := range 8 {
				cv, _ := NewCoverer(res)
				pr := geo.NewProjection(pl.p)
				for range 3 + rng.IntN(20) { // streets
					x, y := (rng.Float64()-0.5)*30*edge, (rng.Float64()-0.5)*30*edge
					ls := orb.LineString{pr.Inverse(x, y)}
					for range 1 + rng.IntN(6) {
						x, y = x+(rng.Float64()-0.5)*8*edge, y+(rng.Float64()-0.5)*8*edge
						ls = append(ls, pr.Inverse(x, y))
					}
					if err := cv.AddLine(ls); err != nil {
						t.Fatal(err)
					}
				}
				cells := cv.AppendCells(nil)
				if n%2 == 1 { // blobs with holes: drop a fifth
					kept := cells[:0]
					for _, c := range cells {
						if rng.IntN(5) != 0 {
							kept = append(kept, c)
						}
					}
					cells = kept
				}
				got, err := cv.Outline(cells)
				if err != nil {
					t.Fatalf("%s res %d: %v", pl.name, res, err)
				}
				if cv.stats.Boundaries != 0 || len(cv.pts) != 0 {
					t.Fatalf("%s res %d: the lattice path computed cell boundaries", pl.name, res)
				}
				fresh, _ := NewCoverer(res)
				fresh.generalOutline = true
				used, _ := NewCoverer(res)
				used.generalOutline = true
				// Another history: the cells' neighbours met and outlined
				// first, in reverse order, so their boundaries are cached
				// and copied from.
				var other []Cell
				for i := len(cells) - 1; i >= 0; i -= 3 {
					c := cells[i]
					if nb, err := c.Neighbors(nil); err == nil {
						other = append(other, nb...)
					}
				}
				if _, err := used.Outline(other); err != nil {
					t.Fatal(err)
				}
				for _, ref := range []*Coverer{fresh, used} {
					want, err := ref.Outline(cells)
					if err != nil {
						t.Fatalf("%s res %d: general path: %v", pl.name, res, err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s res %d, %d cells: lattice outline differs from the general path", pl.name, res, len(cells))
					}
				}
			}
		}
	}
}
