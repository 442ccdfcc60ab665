package hex_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
)

var porto = orb.Point{-8.6110, 41.1496}

func mustCell(t testing.TB, p orb.Point, res int) hex.Cell {
	t.Helper()
	c, err := hex.FromPoint(p, res)
	if err != nil {
		t.Fatalf("FromPoint(%v, %d): %v", p, res, err)
	}
	return c
}

// ringArea returns the signed shoelace area of a closed ring in its own
// coordinates, positive when counter-clockwise.
func ringArea(r orb.Ring) float64 {
	var a float64
	for i := 1; i < len(r); i++ {
		a += (r[i-1][0]-r[0][0])*(r[i][1]-r[0][1]) - (r[i][0]-r[0][0])*(r[i-1][1]-r[0][1])
	}
	return a / 2
}

func TestFromPoint(t *testing.T) {
	tests := []struct {
		name string
		p    orb.Point
		res  int
		want error
	}{
		{"porto res 11", porto, 11, nil},
		{"res 0", porto, 0, nil},
		{"res 15", porto, 15, nil},
		{"north pole", orb.Point{0, 90}, 9, nil},
		{"antimeridian", orb.Point{180, -17}, 9, nil},
		{"res 16", porto, 16, hex.ErrResolution},
		{"res -1", porto, -1, hex.ErrResolution},
		{"NaN longitude", orb.Point{math.NaN(), 41}, 11, hex.ErrPoint},
		{"NaN latitude", orb.Point{-8, math.NaN()}, 11, hex.ErrPoint},
		{"infinite latitude", orb.Point{-8, math.Inf(1)}, 11, hex.ErrPoint},
		{"latitude 91", orb.Point{-8, 91}, 11, hex.ErrPoint},
		{"longitude 181", orb.Point{181, 41}, 11, hex.ErrPoint},
		{"swapped pair", orb.Point{41.15, -108.61}, 11, hex.ErrPoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := hex.FromPoint(tt.p, tt.res)
			if !errors.Is(err, tt.want) {
				t.Fatalf("FromPoint(%v, %d) error = %v, want %v", tt.p, tt.res, err, tt.want)
			}
			if err != nil {
				if c != 0 {
					t.Errorf("FromPoint(%v, %d) = %s with an error, want 0", tt.p, tt.res, c)
				}
				return
			}
			if !c.Valid() || c.Resolution() != tt.res {
				t.Fatalf("FromPoint(%v, %d) = %s (valid %v, res %d)", tt.p, tt.res, c, c.Valid(), c.Resolution())
			}
			want := h3.LatLngToCell(h3.LatLng{Lat: tt.p[1], Lng: tt.p[0]}, tt.res)
			if uint64(c) != uint64(want) {
				t.Errorf("FromPoint(%v, %d) = %s, want h3's %s", tt.p, tt.res, c, want)
			}
		})
	}
}

func TestInvalidCell(t *testing.T) {
	for _, c := range []hex.Cell{0, 1, math.MaxUint64, hex.Cell(h3.LatLngToCell(h3.LatLng{Lat: 41, Lng: -8}, 9)) + 1} {
		t.Run(c.String(), func(t *testing.T) {
			if c.Valid() {
				t.Fatalf("%s.Valid() = true", c)
			}
			if p := c.Center(); p != (orb.Point{}) {
				t.Errorf("Center() = %v, want zero", p)
			}
			if r := c.Boundary(); r != nil {
				t.Errorf("Boundary() = %v, want nil", r)
			}
			if a := c.AreaM2(); a != 0 {
				t.Errorf("AreaM2() = %v, want 0", a)
			}
			if c.IsPentagon() {
				t.Error("IsPentagon() = true")
			}
			if _, err := c.Parent(0); !errors.Is(err, hex.ErrCell) {
				t.Errorf("Parent(0) error = %v, want ErrCell", err)
			}
			if _, err := c.Neighbors(nil); !errors.Is(err, hex.ErrCell) {
				t.Errorf("Neighbors error = %v, want ErrCell", err)
			}
			if _, err := c.MarshalText(); !errors.Is(err, hex.ErrCell) {
				t.Errorf("MarshalText error = %v, want ErrCell", err)
			}
		})
	}
}

// TestValidMatchesH3 compares the Go validity check with h3's on valid
// cells, on valid cells with one bit flipped, and on random values.
func TestValidMatchesH3(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var values []uint64
	for res := 0; res <= hex.MaxResolution; res++ {
		for _, c := range h3.Pentagons(res) {
			values = append(values, uint64(c))
		}
		for range 20 {
			c := mustCell(t, orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}, res)
			values = append(values, uint64(c))
		}
	}
	n := len(values)
	for _, v := range values[:n] {
		for bit := range 64 {
			values = append(values, v^1<<bit)
		}
	}
	for range 10000 {
		values = append(values, rng.Uint64(), rng.Uint64()&^(0xF<<59)|1<<59)
	}
	valid := 0
	for _, v := range values {
		got, want := hex.Cell(v).Valid(), h3.Cell(v).IsValid()
		if got != want {
			t.Fatalf("Cell(%x).Valid() = %v, h3 says %v", v, got, want)
		}
		if got {
			valid++
		}
	}
	if valid < n {
		t.Errorf("only %d valid values checked, want at least %d", valid, n)
	}
}

func TestParseCell(t *testing.T) {
	c := mustCell(t, porto, 11)
	tests := []struct {
		name string
		in   string
		want hex.Cell
		err  error
	}{
		{"canonical", c.String(), c, nil},
		{"upper case", strings.ToUpper(c.String()), c, nil},
		{"leading zero", "0" + c.String(), c, nil},
		{"empty", "", 0, hex.ErrCell},
		{"zero", "0", 0, hex.ErrCell},
		{"0x prefix", "0x" + c.String(), 0, hex.ErrCell},
		{"not hex", "8b392ab1c4a6fzz", 0, hex.ErrCell},
		{"too long", c.String() + "00", 0, hex.ErrCell},
		{"sign", "+" + c.String(), 0, hex.ErrCell},
		{"bad digit", strings.Replace(c.String(), "fff", "ff0", 1), 0, hex.ErrCell},
		{"space", " " + c.String(), 0, hex.ErrCell},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hex.ParseCell(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseCell(%q) = %s, %v; want %s, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
	var u hex.Cell
	text, err := c.MarshalText()
	if err != nil || string(text) != c.String() {
		t.Fatalf("MarshalText() = %q, %v; want %q", text, err, c.String())
	}
	if err := u.UnmarshalText(text); err != nil || u != c {
		t.Errorf("UnmarshalText(%q) = %s, %v; want %s", text, u, err, c)
	}
	if err := u.UnmarshalText([]byte("nope")); !errors.Is(err, hex.ErrCell) {
		t.Errorf("UnmarshalText(nope) error = %v, want ErrCell", err)
	}
}

func TestParent(t *testing.T) {
	c := mustCell(t, porto, 13)
	for res := 0; res <= 13; res++ {
		got, err := c.Parent(res)
		if err != nil {
			t.Fatalf("Parent(%d): %v", res, err)
		}
		if want := h3.Cell(c).Parent(res); uint64(got) != uint64(want) || !got.Valid() || got.Resolution() != res {
			t.Errorf("Parent(%d) = %s, want %s", res, got, want)
		}
	}
	for _, res := range []int{-1, 14, 16} {
		if _, err := c.Parent(res); !errors.Is(err, hex.ErrResolution) {
			t.Errorf("Parent(%d) error = %v, want ErrResolution", res, err)
		}
	}
}

func TestIsPentagon(t *testing.T) {
	for res := 0; res <= hex.MaxResolution; res++ {
		pents := h3.Pentagons(res)
		if len(pents) != 12 {
			t.Fatalf("h3 has %d pentagons at res %d", len(pents), res)
		}
		for _, p := range pents {
			c := hex.Cell(p)
			if !c.IsPentagon() {
				t.Errorf("%s.IsPentagon() = false at res %d", c, res)
			}
			nb, err := c.Neighbors(nil)
			if err != nil || len(nb) != 5 {
				t.Errorf("pentagon %s has neighbours %v, %v; want 5", c, nb, err)
			}
			for _, n := range nb {
				if n.IsPentagon() != h3.Cell(n).IsPentagon() {
					t.Errorf("%s.IsPentagon() disagrees with h3", n)
				}
			}
		}
	}
	if c := mustCell(t, porto, 9); c.IsPentagon() {
		t.Errorf("%s.IsPentagon() = true", c)
	}
}

func TestBoundary(t *testing.T) {
	tests := []struct {
		name  string
		p     orb.Point
		res   int
		verts int
	}{
		{"porto res 11", porto, 11, 6},
		{"porto res 0", porto, 0, 6},
		{"fiji antimeridian res 2", orb.Point{180, -17}, 2, 6},
		{"southern res 15", orb.Point{151.2, -33.9}, 15, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCell(t, tt.p, tt.res)
			r := c.Boundary()
			if len(r) != tt.verts+1 || r[0] != r[len(r)-1] {
				t.Fatalf("Boundary() has %d points (closed %v), want %d closed", len(r), r[0] == r[len(r)-1], tt.verts+1)
			}
			if a := ringArea(r); a <= 0 {
				t.Errorf("Boundary() area %g, want counter-clockwise (positive)", a)
			}
			lo, hi := r.Bound().Min[0], r.Bound().Max[0]
			if hi-lo > 180 {
				t.Errorf("Boundary() spans longitudes %g..%g", lo, hi)
			}
			ctr := c.Center()
			if !planar.RingContains(r, ctr) && !planar.RingContains(r, orb.Point{ctr[0] + 360, ctr[1]}) &&
				!planar.RingContains(r, orb.Point{ctr[0] - 360, ctr[1]}) {
				t.Errorf("Boundary() does not contain the centre %v", ctr)
			}
			// Same vertices as h3, up to the continuation of longitude.
			for _, v := range h3.CellToBoundary(h3.Cell(c)) {
				if !slices.ContainsFunc(r, func(p orb.Point) bool {
					return p[1] == v.Lat && math.Mod(p[0]-v.Lng+720, 360) == 0
				}) {
					t.Errorf("h3 vertex %v missing from %v", v, r)
				}
			}
		})
	}
}

func TestAreaAndEdge(t *testing.T) {
	c := mustCell(t, porto, 11)
	edge, err := hex.EdgeLengthM(11)
	if err != nil {
		t.Fatal(err)
	}
	if edge < 28.5 || edge > 29 {
		t.Errorf("EdgeLengthM(11) = %g, want about 28.8", edge)
	}
	// A regular hexagon of side e has area 3√3/2·e²; real cells differ by
	// some per cent.
	if a, want := c.AreaM2(), 3*math.Sqrt(3)/2*edge*edge; math.Abs(a/want-1) > 0.2 {
		t.Errorf("AreaM2() = %g, want about %g", a, want)
	}
	r := c.Boundary()
	for i := 1; i < len(r); i++ {
		if d := geo.Distance(r[i-1], r[i]); math.Abs(d/edge-1) > 0.1 {
			t.Errorf("side %d of %s is %g m, want about %g", i, c, d, edge)
		}
	}
	prev := math.Inf(1)
	for res := 0; res <= hex.MaxResolution; res++ {
		e, err := hex.EdgeLengthM(res)
		if err != nil || e <= 0 || e >= prev {
			t.Errorf("EdgeLengthM(%d) = %g, %v; want positive and below %g", res, e, err, prev)
		}
		prev = e
	}
	for _, res := range []int{-1, 16} {
		if _, err := hex.EdgeLengthM(res); !errors.Is(err, hex.ErrResolution) {
			t.Errorf("EdgeLengthM(%d) error = %v, want ErrResolution", res, err)
		}
	}
	// The seven children of a cell cover about its area.
	p, _ := c.Parent(10)
	var kids []hex.Cell
	for _, k := range h3.Cell(p).Children(11) {
		kids = append(kids, hex.Cell(k))
	}
	if got, want := totalAreaM2(kids), p.AreaM2(); math.Abs(got/want-1) > 0.02 {
		t.Errorf("area of 7 children %g, parent %g", got, want)
	}
}

func TestNeighborsAndSet(t *testing.T) {
	c := mustCell(t, porto, 11)
	nb, err := c.Neighbors([]hex.Cell{c})
	if err != nil {
		t.Fatal(err)
	}
	if len(nb) != 7 || nb[0] != c || !slices.IsSorted(nb[1:]) {
		t.Fatalf("Neighbors = %v, want c then 6 sorted cells", nb)
	}
	for _, n := range nb[1:] {
		if !c.IsNeighbor(n) || !n.IsNeighbor(c) {
			t.Errorf("%s and %s are not neighbours", c, n)
		}
	}
	if c.IsNeighbor(c) || c.IsNeighbor(0) {
		t.Error("IsNeighbor(self or 0) = true")
	}
	p, _ := c.Parent(10)
	if c.IsNeighbor(p) {
		t.Error("IsNeighbor(parent) = true")
	}
	set := hex.Unique(append(slices.Clone(nb), nb...))
	if len(set) != 7 || !slices.IsSorted(set) {
		t.Errorf("Unique = %v, want 7 sorted cells", set)
	}
	for _, n := range nb {
		if !hex.Contains(set, n) {
			t.Errorf("Contains(%s) = false", n)
		}
	}
	if hex.Contains(set, p) {
		t.Error("Contains(parent) = true")
	}
}
