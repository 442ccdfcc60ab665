package hex_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo/hex"
)

// outline outlines cells with a new Coverer of their resolution (11 for
// none or an invalid first cell), as a one-shot command does.
func outline(cells []hex.Cell) (orb.MultiPolygon, error) {
	res := 11
	if len(cells) > 0 && cells[0].Valid() {
		res = cells[0].Resolution()
	}
	cv, err := hex.NewCoverer(res)
	if err != nil {
		return nil, err
	}
	return cv.Outline(cells)
}

// vertexTol is how far, in degrees, an outline vertex may be from the
// vertex of a cell as h3 computes it (Coverer.Outline computes vertices
// from its lattice, not bit for bit like h3).
const vertexTol = 1e-11

// vertexSet finds points among the vertices of cells within vertexTol.
type vertexSet struct {
	pts  []orb.Point
	grid map[[2]int64][]int
}

func (vs *vertexSet) key(p orb.Point) [2]int64 {
	return [2]int64{int64(math.Floor(p[0] * 1e9)), int64(math.Floor(p[1] * 1e9))}
}

func (vs *vertexSet) add(p orb.Point) {
	if vs.find(p) >= 0 {
		return
	}
	if vs.grid == nil {
		vs.grid = map[[2]int64][]int{}
	}
	k := vs.key(p)
	vs.grid[k] = append(vs.grid[k], len(vs.pts))
	vs.pts = append(vs.pts, p)
}

// find returns the index of the vertex within vertexTol of p, or -1.
func (vs *vertexSet) find(p orb.Point) int {
	k := vs.key(p)
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for _, i := range vs.grid[[2]int64{k[0] + dx, k[1] + dy}] {
				if q := vs.pts[i]; math.Abs(p[0]-q[0]) <= vertexTol && math.Abs(p[1]-q[1]) <= vertexTol {
					return i
				}
			}
		}
	}
	return -1
}

// checkOutline asserts what must hold for any outline mp of the set cells.
func checkOutline(t *testing.T, cells []hex.Cell, mp orb.MultiPolygon) {
	t.Helper()
	set := hex.Unique(slices.Clone(cells))
	var cellVerts vertexSet
	sides, split := 0, false
	var nb []hex.Cell
	for _, c := range set {
		b := c.Boundary()
		for _, p := range b {
			cellVerts.add(p)
		}
		if !c.IsPentagon() && len(b) != 7 || c.IsPentagon() && len(b) != 6 {
			split = true // sides cut at icosahedron edges
		}
		nb, _ = c.Neighbors(nb[:0])
		sides += len(nb)
		for _, n := range nb {
			if hex.Contains(set, n) {
				sides--
			}
		}
	}
	// Rings: closed, oriented, made of cell vertices, never sharing one.
	seen := map[int]bool{}
	verts := 0
	for i, poly := range mp {
		for j, r := range poly {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("polygon %d ring %d not closed or too short: %d points", i, j, len(r))
			}
			if a := ringArea(r); j == 0 && a <= 0 || j > 0 && a >= 0 {
				t.Errorf("polygon %d ring %d has area %g: wrong orientation", i, j, a)
			}
			if j > 0 && !planar.RingContains(poly[0], r[0]) {
				t.Errorf("polygon %d hole %d lies outside its shell", i, j)
			}
			for _, p := range r[1:] {
				v := cellVerts.find(p)
				if v < 0 {
					t.Fatalf("outline vertex %v is not a vertex of any cell", p)
				}
				if seen[v] {
					t.Fatalf("outline vertex %v used twice", p)
				}
				seen[v] = true
				verts++
			}
		}
	}
	if !split && verts != sides {
		t.Errorf("outline has %d vertices, want one per outline side: %d", verts, sides)
	}
	// Centres of the cells inside, centres of their other neighbours
	// outside; at most about 300 cells of each are checked.
	step := max(1, len(set)/300)
	for i := 0; i < len(set); i += step {
		c := set[i]
		if p := c.Center(); !planar.MultiPolygonContains(mp, p) {
			t.Fatalf("centre %v of member %s outside the outline", p, c)
		}
		nb, _ = c.Neighbors(nb[:0])
		for _, n := range nb {
			if !hex.Contains(set, n) && planar.MultiPolygonContains(mp, n.Center()) {
				t.Fatalf("centre of non-member %s inside the outline", n)
			}
		}
	}
	if got, want := outlineAreaM2(mp), totalAreaM2(set); math.Abs(got/want-1) > 0.01 {
		t.Errorf("outline area %.1f m², cells %.1f m²", got, want)
	}
}

// sameRing reports whether closed rings a and b have the same vertex
// sequence up to the starting vertex, vertices within vertexTol.
func sameRing(a, b orb.Ring) bool { return nearRing(a, b, vertexTol) }

// nearRing is sameRing with vertices matching within tol degrees.
func nearRing(a, b orb.Ring, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	n := len(a) - 1
	for s := range n {
		ok := true
		for i := range n {
			if q := b[(s+i)%n]; math.Abs(a[i][0]-q[0]) > tol || math.Abs(a[i][1]-q[1]) > tol {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func reversed(r orb.Ring) orb.Ring {
	out := slices.Clone(r)
	slices.Reverse(out)
	return out
}

func TestOutlineShapes(t *testing.T) {
	c := mustCell(t, porto, 11)
	d1, d2, d3 := disk(c, 1), disk(c, 2), disk(c, 3)
	far := mustCell(t, orb.Point{-8.58, 41.16}, 11)
	ring1 := without(d1, c)
	nested := append(without(d3, ring1...), c) // disk 3 minus ring 1: island in a hole
	tests := []struct {
		name  string
		cells []hex.Cell
		holes []int // holes per polygon, in output order
		verts int   // vertices over all rings (not counting closing points)
	}{
		{"single cell", []hex.Cell{c}, []int{0}, 6},
		{"two neighbours", d1[:2], []int{0}, 10},
		{"disk of 7", d1, []int{0}, 7*6 - 2*12},
		{"six around a gap", ring1, []int{1}, 18 + 6},
		{"disk of 19", d2, []int{0}, 30},
		{"two apart", []hex.Cell{c, far}, nil, 12},
		{"island in a hole", nested, nil, 42 + 18 + 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, err := outline(tt.cells)
			if err != nil {
				t.Fatal(err)
			}
			checkOutline(t, tt.cells, mp)
			var holes []int
			verts := 0
			for _, p := range mp {
				holes = append(holes, len(p)-1)
				for _, r := range p {
					verts += len(r) - 1
				}
			}
			if tt.holes == nil { // count polygons without caring for order
				tt.holes = holes
				if tt.name == "two apart" && len(mp) != 2 || tt.name == "island in a hole" && len(mp) != 2 {
					t.Errorf("got %d polygons, want 2", len(mp))
				}
			}
			if !slices.Equal(holes, tt.holes) || verts != tt.verts {
				t.Errorf("Outline: holes per polygon %v, %d vertices; want %v, %d", holes, verts, tt.holes, tt.verts)
			}
		})
	}
	t.Run("single cell is its boundary", func(t *testing.T) {
		mp, _ := outline([]hex.Cell{c})
		if !sameRing(mp[0][0], c.Boundary()) {
			t.Errorf("Outline = %v, want boundary %v", mp[0][0], c.Boundary())
		}
	})
	t.Run("the hole is the missing cell", func(t *testing.T) {
		mp, _ := outline(ring1)
		if !sameRing(mp[0][1], reversed(c.Boundary())) {
			t.Errorf("hole = %v, want reversed boundary %v", mp[0][1], c.Boundary())
		}
	})
	t.Run("island lands in its own polygon", func(t *testing.T) {
		mp, _ := outline(nested)
		for _, p := range mp {
			if len(p) == 1 && !sameRing(p[0], c.Boundary()) {
				t.Errorf("polygon without holes = %v, want the centre cell", p[0])
			}
		}
	})
}

func TestOutlineErrors(t *testing.T) {
	c := mustCell(t, porto, 11)
	p, _ := c.Parent(10)
	var across hex.Cell // a cell astride the antimeridian
	for lat := -10.0; lat < 10 && across == 0; lat += 0.01 {
		if cc := mustCell(t, orb.Point{180, lat}, 7); cc.Boundary().Bound().Max[0] > 180 || cc.Boundary().Bound().Min[0] < -180 {
			across = cc
		}
	}
	if across == 0 {
		t.Fatal("no cell across the antimeridian found")
	}
	tests := []struct {
		name  string
		cells []hex.Cell
		want  error
	}{
		{"zero cell", []hex.Cell{c, 0}, hex.ErrCell},
		{"garbage", []hex.Cell{hex.Cell(math.MaxUint64)}, hex.ErrCell},
		{"mixed resolutions", []hex.Cell{c, p}, hex.ErrMixedResolution},
		{"antimeridian", []hex.Cell{across}, hex.ErrAntimeridian},
		{"north pole", []hex.Cell{mustCell(t, orb.Point{0, 90}, 3)}, hex.ErrAntimeridian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, err := outline(tt.cells)
			if !errors.Is(err, tt.want) || mp != nil {
				t.Errorf("Outline(%v) = %v, %v; want nil, %v", tt.cells, mp, err, tt.want)
			}
		})
	}
	if mp, err := outline(nil); mp != nil || err != nil {
		t.Errorf("Outline(nil) = %v, %v; want nil, nil", mp, err)
	}
}

func TestOutlineRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	places := []struct {
		name string
		p    orb.Point
	}{
		{"porto", porto},
		{"helsinki", orb.Point{24.94, 60.17}},
		{"sydney", orb.Point{151.21, -33.87}},
		{"quito", orb.Point{-78.47, -0.18}},
	}
	for _, pl := range places {
		for _, res := range []int{8, 11, 13} {
			seed := mustCell(t, pl.p, res)
			sets := []struct {
				name  string
				cells []hex.Cell
			}{
				{"grown 300", grow(t, rng, seed, 300)},
				{"sprinkled 0.5", sprinkle(rng, seed, 12, 0.5)},
				{"sprinkled 0.8", sprinkle(rng, seed, 20, 0.8)},
			}
			if res == 11 {
				sets = append(sets, struct {
					name  string
					cells []hex.Cell
				}{"grown 5000", grow(t, rng, seed, 5000)})
			}
			for _, set := range sets {
				cells := set.cells
				t.Run(fmt.Sprintf("%s/res %d/%s", pl.name, res, set.name), func(t *testing.T) {
					mp, err := outline(cells)
					if err != nil {
						t.Fatal(err)
					}
					checkOutline(t, cells, mp)
					shuffled := append(slices.Clone(cells), cells[:len(cells)/3]...)
					rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
					again, err := outline(shuffled)
					if err != nil || !reflect.DeepEqual(again, mp) {
						t.Errorf("Outline of the shuffled set differs (err %v)", err)
					}
				})
			}
		}
	}
}

// TestOutlineIcosahedronEdge outlines sets of class III cells astride an
// edge of H3's icosahedron, where cells carry extra boundary vertices.
func TestOutlineIcosahedronEdge(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	tried := 0
	for _, r0 := range h3.Res0Cells() {
		for _, c1 := range r0.Children(1) {
			b := c1.Boundary()
			if len(b) <= 6 || c1.IsPentagon() || tried >= 6 {
				continue
			}
			for _, v := range b {
				if tried >= 6 {
					break
				}
				for _, res := range []int{9, 11} {
					seed := mustCell(t, orb.Point{v.Lng, v.Lat}, res)
					cells := grow(t, rng, seed, 400)
					split := 0
					for _, c := range cells {
						if len(c.Boundary()) > 7 {
							split++
						}
					}
					if split == 0 {
						continue
					}
					tried++
					t.Run(fmt.Sprintf("%s/res %d", seed, res), func(t *testing.T) {
						mp, err := outline(cells)
						if err != nil {
							t.Fatal(err)
						}
						checkOutline(t, cells, mp)
						if holes := len(mp[0]) - 1; len(mp) != 1 {
							t.Errorf("connected set gave %d polygons (%d holes in the first)", len(mp), holes)
						}
					})
				}
			}
		}
	}
	if tried < 4 {
		t.Fatalf("only %d sets with split cells tried", tried)
	}
}

func TestOutlinePentagon(t *testing.T) {
	for _, res := range []int{8, 9, 12} {
		pent := hex.Cell(h3.Pentagons(res)[3])
		around, err := pent.Neighbors(nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("res %d/with pentagon", res), func(t *testing.T) {
			cells := append(slices.Clone(around), pent)
			mp, err := outline(cells)
			if err != nil {
				t.Fatal(err)
			}
			checkOutline(t, cells, mp)
			if len(mp) != 1 || len(mp[0]) != 1 {
				t.Errorf("got %d polygons, first with %d rings; want 1 shell", len(mp), len(mp[0]))
			}
		})
		t.Run(fmt.Sprintf("res %d/around pentagon", res), func(t *testing.T) {
			mp, err := outline(around)
			if err != nil {
				t.Fatal(err)
			}
			checkOutline(t, around, mp)
			if len(mp) != 1 || len(mp[0]) != 2 {
				t.Fatalf("got %d polygons, first with %d rings; want 1 with a hole", len(mp), len(mp[0]))
			}
			// The hole's vertices are the neighbours' copies.
			if !nearRing(mp[0][1], reversed(pent.Boundary()), 1e-12) {
				t.Errorf("hole = %v, want the pentagon %v", mp[0][1], pent.Boundary())
			}
		})
	}
}
