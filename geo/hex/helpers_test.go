package hex_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

// disk returns the cells within grid distance k of c, sorted.
func disk(c hex.Cell, k int) []hex.Cell {
	var out []hex.Cell
	for _, d := range h3.GridDisk(h3.Cell(c), k) {
		if d != 0 {
			out = append(out, hex.Cell(d))
		}
	}
	return hex.Unique(out)
}

// without returns set minus the cells of drop.
func without(set []hex.Cell, drop ...hex.Cell) []hex.Cell {
	return slices.DeleteFunc(slices.Clone(set), func(c hex.Cell) bool { return slices.Contains(drop, c) })
}

// grow returns a random connected set of n cells around seed.
func grow(t testing.TB, rng *rand.Rand, seed hex.Cell, n int) []hex.Cell {
	t.Helper()
	in := map[hex.Cell]bool{seed: true}
	frontier, err := seed.Neighbors(nil)
	if err != nil {
		t.Fatal(err)
	}
	out := []hex.Cell{seed}
	for len(out) < n && len(frontier) > 0 {
		i := rng.IntN(len(frontier))
		c := frontier[i]
		frontier[i] = frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		if in[c] {
			continue
		}
		in[c] = true
		out = append(out, c)
		if frontier, err = c.Neighbors(frontier); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// sprinkle keeps each cell of the disk of radius k around centre with
// probability p: many islands, holes and islands in holes.
func sprinkle(rng *rand.Rand, centre hex.Cell, k int, p float64) []hex.Cell {
	var out []hex.Cell
	for _, c := range disk(centre, k) {
		if rng.Float64() < p {
			out = append(out, c)
		}
	}
	return out
}

// totalAreaM2 returns the sum of h3's areas of cells.
func totalAreaM2(cells []hex.Cell) float64 {
	var sum float64
	for _, c := range cells {
		sum += c.AreaM2()
	}
	return sum
}

// outlineAreaM2 returns the area of mp in square metres in a local
// projection: shells count positive, holes negative.
func outlineAreaM2(mp orb.MultiPolygon) float64 {
	if len(mp) == 0 {
		return 0
	}
	pr := geo.NewProjection(mp[0][0][0])
	var sum float64
	for _, poly := range mp {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				x0, y0 := pr.Forward(r[i-1])
				x1, y1 := pr.Forward(r[i])
				sum += (x0*y1 - x1*y0) / 2
			}
		}
	}
	return sum
}

// streetGrid covers a square grid of straight streets, spaced gap metres
// apart over size metres, with cells of resolution res.
func streetGrid(t testing.TB, origin orb.Point, size, gap float64, res int) []hex.Cell {
	t.Helper()
	pr := geo.NewProjection(origin)
	cv, err := hex.NewCoverer(res)
	if err != nil {
		t.Fatal(err)
	}
	var cells []hex.Cell
	for d := 0.0; d <= size; d += gap {
		for _, ls := range []orb.LineString{
			{pr.Inverse(d, 0), pr.Inverse(d, size)},
			{pr.Inverse(0, d), pr.Inverse(size, d)},
		} {
			if cells, err = cv.AppendCover(cells, ls); err != nil {
				t.Fatal(err)
			}
		}
	}
	return hex.Unique(cells)
}
