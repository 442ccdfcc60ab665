package hex_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo/hex"
)

func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"8b392ab1c4a6fff", "8B392AB1C4A6FFF", "80e1fffffffffff", "0", "", "0x8b392ab1c4a6fff", "ffffffffffffffff", "8b392ab1c4a6ff7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := hex.ParseCell(s)
		if err != nil {
			if !errors.Is(err, hex.ErrCell) || c != 0 {
				t.Fatalf("ParseCell(%q) = %s, %v", s, c, err)
			}
			return
		}
		if !c.Valid() || !h3.Cell(c).IsValid() {
			t.Fatalf("ParseCell(%q) = invalid %s", s, c)
		}
		if back, err := hex.ParseCell(c.String()); err != nil || back != c {
			t.Fatalf("round trip of %s = %s, %v", c, back, err)
		}
		if trimmed := strings.TrimLeft(s, "0"); !strings.EqualFold(trimmed, c.String()) {
			t.Fatalf("ParseCell(%q).String() = %q", s, c.String())
		}
		if r := c.Boundary(); len(r) < 6 || r[0] != r[len(r)-1] {
			t.Fatalf("Boundary of %s = %v", c, r)
		}
	})
}

// FuzzValid compares the Go validity check with h3's for any 64 bits, and
// exercises the methods on whatever is valid.
func FuzzValid(f *testing.F) {
	f.Add(uint64(0x8b392ab1c4a6fff))
	f.Add(uint64(0x80e1fffffffffff))
	f.Add(uint64(0x8009fffffffffff)) // a pentagon base cell
	f.Add(uint64(0))
	f.Fuzz(func(t *testing.T, v uint64) {
		c := hex.Cell(v)
		if got, want := c.Valid(), h3.Cell(v).IsValid(); got != want {
			t.Fatalf("Cell(%x).Valid() = %v, h3 says %v", v, got, want)
		}
		if !c.Valid() {
			return
		}
		if c.IsPentagon() != h3.Cell(v).IsPentagon() {
			t.Fatalf("Cell(%x).IsPentagon() disagrees with h3", v)
		}
		p, err := c.Parent(0)
		if err != nil || uint64(p) != uint64(h3.Cell(v).Parent(0)) {
			t.Fatalf("Cell(%x).Parent(0) = %s, %v", v, p, err)
		}
		if a := c.AreaM2(); !(a > 0) {
			t.Fatalf("Cell(%x).AreaM2() = %g", v, a)
		}
	})
}

func FuzzFromPoint(f *testing.F) {
	f.Add(-8.611, 41.1496, 11)
	f.Add(180.0, -90.0, 0)
	f.Add(math.NaN(), 0.0, 5)
	f.Add(0.0, 91.0, 16)
	f.Add(-179.99, 89.9, 15)
	f.Fuzz(func(t *testing.T, lon, lat float64, res int) {
		p := orb.Point{lon, lat}
		c, err := hex.FromPoint(p, res)
		if err != nil {
			if c != 0 || !errors.Is(err, hex.ErrPoint) && !errors.Is(err, hex.ErrResolution) {
				t.Fatalf("FromPoint(%v, %d) = %s, %v", p, res, c, err)
			}
			return
		}
		if !c.Valid() || c.Resolution() != res {
			t.Fatalf("FromPoint(%v, %d) = %s (res %d)", p, res, c, c.Resolution())
		}
		if back, err := hex.FromPoint(c.Center(), res); err != nil || back != c {
			t.Fatalf("cell of the centre of %s = %s, %v", c, back, err)
		}
	})
}
