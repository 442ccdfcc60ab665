package hex_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

type place struct {
	name    string
	p       orb.Point
	lattice bool // the lattice holds there: no line goes to h3
}

// testPlaces returns cities, high latitudes, the antimeridian, and points
// on an icosahedron edge, next to a pentagon and near the pole, where
// lines go to h3.
func testPlaces(t testing.TB) []place {
	t.Helper()
	vec := func(c h3.Cell) [3]float64 {
		ll := c.LatLng()
		la, lo := ll.Lat*math.Pi/180, ll.Lng*math.Pi/180
		return [3]float64{math.Cos(la) * math.Cos(lo), math.Cos(la) * math.Sin(lo), math.Sin(la)}
	}
	pents := h3.Pentagons(0)
	a := vec(pents[0])
	var m [3]float64
	for _, c := range pents[1:] {
		if b := vec(c); a[0]*b[0]+a[1]*b[1]+a[2]*b[2] > 0.3 { // adjacent vertex
			m = [3]float64{a[0] + b[0], a[1] + b[1], a[2] + b[2]}
			break
		}
	}
	edge := orb.Point{math.Atan2(m[1], m[0]) * 180 / math.Pi, math.Atan2(m[2], math.Hypot(m[0], m[1])) * 180 / math.Pi}
	pent := pents[3].LatLng()
	return []place{
		{"porto", orb.Point{-8.61, 41.15}, true},
		{"monaco", orb.Point{7.42, 43.73}, true},
		{"delaware", orb.Point{-75.55, 39.74}, true},
		{"helsinki 60N", orb.Point{24.94, 60.17}, true},
		{"svalbard 78N", orb.Point{15.63, 78.22}, true},
		{"antimeridian", orb.Point{179.975, -16.5}, true},
		{"face edge", edge, false},
		{"pentagon", orb.Point{pent.Lng, pent.Lat}, false},
		{"pole", orb.Point{40, 89.7}, false},
	}
}

// lineCellDist returns the distance in metres from ls (straight in
// longitude/latitude between its points) to the cell c, 0 if they meet,
// in a local projection centred on the cell.
func lineCellDist(ls orb.LineString, c hex.Cell) float64 {
	pr := geo.NewProjection(c.Center())
	b := c.Boundary()
	ring := make(orb.Ring, len(b))
	for i, v := range b {
		x, y := pr.Forward(v)
		ring[i] = orb.Point{x, y}
	}
	xy := func(p orb.Point) orb.Point { x, y := pr.Forward(p); return orb.Point{x, y} }
	if planar.RingContains(ring, xy(ls[0])) {
		return 0
	}
	d := math.Inf(1)
	for i := range ls {
		a, b := xy(ls[max(0, i-1)]), xy(ls[i])
		for k := 1; k < len(ring); k++ {
			d = min(d, segSegDist(a, b, ring[k-1], ring[k]))
		}
	}
	return d
}

func pointSegDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(1, max(0, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func segSegDist(a, b, c, d orb.Point) float64 {
	cross := func(o, p, q orb.Point) float64 { return (p[0]-o[0])*(q[1]-o[1]) - (p[1]-o[1])*(q[0]-o[0]) }
	if (cross(a, b, c) > 0) != (cross(a, b, d) > 0) && (cross(c, d, a) > 0) != (cross(c, d, b) > 0) {
		return 0
	}
	return min(pointSegDist(a, c, d), pointSegDist(b, c, d), pointSegDist(c, a, b), pointSegDist(d, a, b))
}

// referenceCells returns the cells of points every step metres along ls.
func referenceCells(t testing.TB, ls orb.LineString, res int, step float64) []hex.Cell {
	var out []hex.Cell
	out = append(out, mustCell(t, ls[0], res))
	for i := 1; i < len(ls); i++ {
		n := math.Ceil(geo.Distance(ls[i-1], ls[i]) / step)
		for k := 1.0; k <= n; k++ {
			out = append(out, mustCell(t, geo.Lerp(ls[i-1], ls[i], k/n), res))
		}
	}
	return hex.Unique(out)
}

// testLines returns lines around p: short wiggly streets, long straight
// lines crossing buckets, and lines passing within a few millimetres of a
// cell vertex; for the last, the cells at that vertex, which the cover
// must include.
func testLines(t testing.TB, rng *rand.Rand, p orb.Point, res int) (lines []orb.LineString, corners [][]hex.Cell) {
	pr := geo.NewProjection(p)
	at := func() orb.Point { return pr.Inverse((rng.Float64()-0.5)*1500, (rng.Float64()-0.5)*1500) }
	for range 6 {
		lines = append(lines, wiggly(rng, at(), 1+rng.IntN(6), 60))
		corners = append(corners, nil)
	}
	for range 2 {
		s := at()
		x, y := pr.Forward(s)
		a := rng.Float64() * 2 * math.Pi
		lines = append(lines, orb.LineString{s, pr.Inverse(x+1200*math.Cos(a), y+1200*math.Sin(a))})
		corners = append(corners, nil)
	}
	for range 6 {
		c := mustCell(t, at(), res)
		b := c.Boundary()
		v := b[rng.IntN(len(b)-1)]
		vp := geo.NewProjection(v)
		off := []float64{0, 1e-4, 3e-3}[rng.IntN(3)]
		oa, la := rng.Float64()*2*math.Pi, rng.Float64()*2*math.Pi
		ox, oy := off*math.Cos(oa), off*math.Sin(oa)
		l := 5 + rng.Float64()*40
		lines = append(lines, orb.LineString{
			vp.Inverse(ox-l*math.Cos(la), oy-l*math.Sin(la)),
			vp.Inverse(ox+l*math.Cos(la), oy+l*math.Sin(la)),
		})
		var at []hex.Cell
		for _, d := range h3.GridDisk(h3.Cell(c), 1) {
			if cell := hex.Cell(d); slices.Contains(cell.Boundary(), v) {
				at = append(at, cell)
			}
		}
		if len(at) != 3 {
			t.Fatalf("%d cells at vertex %v of %s", len(at), v, c)
		}
		corners = append(corners, at)
	}
	return lines, corners
}

// TestAppendCoverSuperset compares the exact cover with cells sampled every
// 5 cm: it must list all of them, the cells at vertices the line passes
// within millimetres of, and no cell farther than 2·ToleranceM from the
// line.
func TestAppendCoverSuperset(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, res := range []int{11, 13} {
		for _, pl := range testPlaces(t) {
			t.Run(fmt.Sprintf("res %d/%s", res, pl.name), func(t *testing.T) {
				cv, err := hex.NewCoverer(res)
				if err != nil {
					t.Fatal(err)
				}
				lines, corners := testLines(t, rng, pl.p, res)
				extra, total, worst := 0, 0, 0.0
				for i, ls := range lines {
					got, err := cv.AppendCover(nil, ls)
					if err != nil {
						t.Fatal(err)
					}
					if first := mustCell(t, ls[0], res); got[0] != first {
						t.Errorf("line %d starts with %s, want the cell of its first point %s", i, got[0], first)
					}
					set := hex.Unique(slices.Clone(got))
					step := 0.05
					if i >= 6 && i < 8 {
						step = 0.5 // long lines: coarser, to keep the test short
					}
					ref := referenceCells(t, ls, res, step)
					for _, c := range ref {
						if !hex.Contains(set, c) {
							t.Fatalf("line %d %v: cell %s of a sample missing from %v", i, ls, c, set)
						}
					}
					for _, c := range corners[i] {
						if !hex.Contains(set, c) {
							t.Fatalf("line %d %v passes %.1g m from cell %s, missing", i, ls, lineCellDist(ls, c), c)
						}
					}
					for _, c := range set {
						if hex.Contains(ref, c) {
							continue
						}
						extra++
						d := lineCellDist(ls, c)
						worst = max(worst, d)
						if d > 2*hex.ToleranceM {
							t.Errorf("line %d: cell %s is %.3g m from the line", i, c, d)
						}
					}
					total += len(set)
				}
				st := cv.Stats()
				t.Logf("%d cells, %d not among the samples' (farthest %.2g m from the line); %+v", total, extra, worst, st)
				if pl.lattice && st.Fallback != 0 || !pl.lattice && st.Fallback == 0 {
					t.Errorf("%d of %d pieces covered with h3 cells", st.Fallback, st.Segments)
				}
			})
		}
	}
}

// TestAddLine checks that the set of AddLine is the union of AppendCover's
// cells, and that ClearCells empties it.
func TestAddLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	cv, _ := hex.NewCoverer(11)
	ref, _ := hex.NewCoverer(11)
	for _, pl := range testPlaces(t) {
		cv.ClearCells()
		var want []hex.Cell
		for range 30 {
			ls := wiggly(rng, pl.p, 1+rng.IntN(10), 100)
			if err := cv.AddLine(ls); err != nil {
				t.Fatal(err)
			}
			var err error
			if want, err = ref.AppendCover(want, ls); err != nil {
				t.Fatal(err)
			}
		}
		want = hex.Unique(want)
		got := cv.AppendCells([]hex.Cell{42})
		if got[0] != 42 || !slices.Equal(got[1:], want) {
			t.Errorf("%s: AppendCells = %d cells, want 42 then the %d cells of AppendCover", pl.name, len(got), len(want))
		}
		if again := cv.AppendCells(nil); !slices.Equal(again, want) {
			t.Errorf("%s: second AppendCells differs", pl.name)
		}
	}
	cv.ClearCells()
	if got := cv.AppendCells(nil); len(got) != 0 {
		t.Errorf("after ClearCells: %v", got)
	}
}

func TestAppendCoverErrors(t *testing.T) {
	tests := []struct {
		name string
		ls   orb.LineString
		want error
	}{
		{"NaN", orb.LineString{porto, {math.NaN(), 41}}, hex.ErrPoint},
		{"latitude 91", orb.LineString{porto, {-8.6, 91}}, hex.ErrPoint},
		{"antimeridian", orb.LineString{{179.9, 0}, {-179.9, 0}}, hex.ErrAntimeridian},
	}
	cv, _ := hex.NewCoverer(11)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []hex.Cell{42}
			if got, err := cv.AppendCover(dst, tt.ls); !errors.Is(err, tt.want) || !slices.Equal(got, dst) {
				t.Errorf("AppendCover = %v, %v; want dst unchanged and %v", got, err, tt.want)
			}
			if err := cv.AddLine(tt.ls); !errors.Is(err, tt.want) {
				t.Errorf("AddLine = %v, want %v", err, tt.want)
			}
			if got := cv.AppendCells(nil); len(got) != 0 {
				t.Errorf("AddLine added %v", got)
			}
		})
	}
	if got, err := cv.AppendCover(nil, nil); got != nil || err != nil {
		t.Errorf("AppendCover(nil) = %v, %v", got, err)
	}
}

// TestCovererCell compares Coverer.Cell with FromPoint, also for points
// on cell sides and vertices.
func TestCovererCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, res := range []int{9, 11, 15} {
		cv, _ := hex.NewCoverer(res)
		for _, pl := range testPlaces(t) {
			pr := geo.NewProjection(pl.p)
			for i := range 2000 {
				p := pr.Inverse((rng.Float64()-0.5)*3000, (rng.Float64()-0.5)*3000)
				if i%4 == 0 { // on a side or at a vertex
					b := mustCell(t, p, res).Boundary()
					k := rng.IntN(len(b) - 1)
					p = geo.Lerp(b[k], b[k+1], float64(rng.IntN(3))/2)
				}
				got, err := cv.Cell(p)
				if want := mustCell(t, p, res); err != nil || got != want {
					t.Fatalf("res %d %s: Cell(%v) = %s, %v; want %s", res, pl.name, p, got, err, want)
				}
			}
		}
	}
	cv, _ := hex.NewCoverer(11)
	if _, err := cv.Cell(orb.Point{0, math.NaN()}); !errors.Is(err, hex.ErrPoint) {
		t.Errorf("Cell(NaN) error %v, want ErrPoint", err)
	}
}

// sameOutline reports how two outlines differ: structure exactly,
// vertices within tol degrees.
func sameOutline(a, b orb.MultiPolygon, tol float64) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d polygons, want %d", len(a), len(b))
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return fmt.Errorf("polygon %d: %d rings, want %d", i, len(a[i]), len(b[i]))
		}
		for j := range a[i] {
			if len(a[i][j]) != len(b[i][j]) {
				return fmt.Errorf("polygon %d ring %d: %d points, want %d", i, j, len(a[i][j]), len(b[i][j]))
			}
			for k, p := range a[i][j] {
				q := b[i][j][k]
				if math.Abs(p[0]-q[0]) > tol || math.Abs(p[1]-q[1]) > tol {
					return fmt.Errorf("polygon %d ring %d point %d: %v, want %v", i, j, k, p, q)
				}
			}
		}
	}
	return nil
}

// TestCovererOutline compares Coverer.Outline with the reference outline
// (every neighbour and boundary from h3) on random sets,
// with a Coverer that has met the cells and with a fresh one, and checks
// Coverer.TotalAreaM2.
func TestCovererOutline(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for _, pl := range testPlaces(t) {
		if pl.name == "pole" {
			continue // cells there may contain the pole: ErrAntimeridian
		}
		seed := mustCell(t, pl.p, 11)
		warm, _ := hex.NewCoverer(11)
		for range 200 {
			if err := warm.AddLine(wiggly(rng, pl.p, 5, 100)); err != nil {
				t.Fatal(err)
			}
		}
		streets := warm.AppendCells(nil)
		sets := map[string][]hex.Cell{
			"grown":     grow(t, rng, seed, 1500),
			"sprinkled": sprinkle(rng, seed, 12, 0.6),
			"streets":   streets,
		}
		for name, cells := range sets {
			t.Run(pl.name+"/"+name, func(t *testing.T) {
				want, err := hex.RefOutline(cells)
				if err != nil {
					t.Fatal(err)
				}
				cold, _ := hex.NewCoverer(11)
				for _, cv := range []*hex.Coverer{warm, cold, cold} {
					got, err := cv.Outline(cells)
					if err != nil {
						t.Fatal(err)
					}
					if err := sameOutline(got, want, 1e-11); err != nil {
						t.Fatal(err)
					}
				}
				a, b := warm.TotalAreaM2(cells), totalAreaM2(cells)
				if math.Abs(a/b-1) > 1e-9 {
					t.Errorf("TotalAreaM2 = %g, want %g", a, b)
				}
				t.Logf("%d cells: %d polygons; %+v", len(cells), len(want), cold.Stats())
			})
		}
	}
	cv, _ := hex.NewCoverer(11)
	if mp, err := cv.Outline(nil); mp != nil || err != nil {
		t.Errorf("Outline(nil) = %v, %v", mp, err)
	}
	if _, err := cv.Outline([]hex.Cell{mustCell(t, porto, 11), mustCell(t, porto, 10)}); !errors.Is(err, hex.ErrMixedResolution) {
		t.Errorf("Outline of mixed resolutions: error %v", err)
	}
	other := disk(mustCell(t, porto, 9), 2)
	got, err1 := cv.Outline(other)
	want, err2 := hex.RefOutline(other)
	if err1 != nil || err2 != nil || sameOutline(got, want, 1e-11) != nil {
		t.Errorf("Outline at another resolution: %v, %v", err1, err2)
	}
}

func FuzzAppendCover(f *testing.F) {
	f.Add(-8.611, 41.1496, -8.60, 41.16, 11)
	f.Add(179.9, 0.0, -179.9, 0.0, 9)
	f.Add(0.0, 89.99, 90.0, 89.99, 12)
	f.Add(-8.611, 41.1496, -8.611, 41.1496, 15)
	f.Fuzz(func(t *testing.T, lon1, lat1, lon2, lat2 float64, res int) {
		ls := orb.LineString{{lon1, lat1}, {lon2, lat2}}
		cv, err := hex.NewCoverer(res)
		if err != nil {
			return
		}
		edge, _ := hex.EdgeLengthM(res)
		if geo.ValidatePoint(ls[0]) == nil && geo.ValidatePoint(ls[1]) == nil && geo.Distance(ls[0], ls[1]) > 100*edge {
			return // keep runs short
		}
		cells, err := cv.AppendCover(nil, ls)
		if err != nil {
			if cells != nil || !errors.Is(err, hex.ErrPoint) && !errors.Is(err, hex.ErrAntimeridian) {
				t.Fatalf("AppendCover(%v) = %v, %v", ls, cells, err)
			}
			return
		}
		for i, c := range cells {
			if !c.Valid() || c.Resolution() != res || i > 0 && c == cells[i-1] {
				t.Fatalf("AppendCover(%v) = %v", ls, cells)
			}
		}
		if first, _ := hex.FromPoint(ls[0], res); cells[0] != first {
			t.Fatalf("AppendCover(%v) starts in %s, want %s", ls, cells[0], first)
		}
		set := hex.Unique(slices.Clone(cells))
		for _, f := range []float64{0.25, 0.5, 0.75, 1} {
			if c, _ := hex.FromPoint(geo.Lerp(ls[0], ls[1], f), res); !hex.Contains(set, c) {
				t.Fatalf("AppendCover(%v) = %v lacks %s, the cell of the point at %g", ls, cells, c, f)
			}
		}
	})
}

// TestAddLineShort compares AddLine with AppendCover line by line on short
// lines (steps of centimetres to metres), many of which stay inside one
// cell, some starting on a side or at a vertex of a cell.
func TestAddLineShort(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for _, res := range []int{9, 11, 13} {
		cv, _ := hex.NewCoverer(res)
		ref, _ := hex.NewCoverer(res)
		edge, _ := hex.EdgeLengthM(res)
		single := 0
		for _, pl := range testPlaces(t) {
			for n := range 400 {
				start := geo.NewProjection(pl.p).Inverse((rng.Float64()-0.5)*2000, (rng.Float64()-0.5)*2000)
				if n%3 == 0 { // on a side or at a vertex
					b := mustCell(t, start, res).Boundary()
					k := rng.IntN(len(b) - 1)
					start = geo.Lerp(b[k], b[k+1], float64(rng.IntN(3))/2)
				}
				ls := wiggly(rng, start, 1+rng.IntN(5), edge*math.Pow(10, -3+3*rng.Float64()))
				cv.ClearCells()
				if err := cv.AddLine(ls); err != nil {
					t.Fatal(err)
				}
				got := cv.AppendCells(nil)
				want, err := ref.AppendCover(nil, ls)
				if err != nil {
					t.Fatal(err)
				}
				if want = hex.Unique(want); !slices.Equal(got, want) {
					t.Fatalf("res %d %s: AddLine(%v) = %v, AppendCover %v", res, pl.name, ls, got, want)
				}
				if len(got) == 1 {
					single++
				}
			}
		}
		t.Logf("res %d: %d of %d lines in one cell", res, single, 400*len(testPlaces(t)))
		if single < 400 {
			t.Errorf("res %d: only %d lines inside one cell", res, single)
		}
	}
}
