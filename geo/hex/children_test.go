package hex_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/walkshed/walkshed/geo/hex"
)

// TestAppendChildren compares the Go children with h3's CellToChildren, on
// a hexagon and a pentagon.
func TestAppendChildren(t *testing.T) {
	hexagon, err := hex.FromPoint(orb.Point{7.42, 43.73}, 7)
	if err != nil {
		t.Fatal(err)
	}
	pentagon := hex.Cell(h3.Cell(0x8009fffffffffff)) // base cell 4, a pentagon
	for _, c := range []hex.Cell{hexagon, pentagon} {
		for res := c.Resolution(); res <= c.Resolution()+3; res++ {
			got, err := c.AppendChildren(nil, res)
			if err != nil {
				t.Fatal(err)
			}
			kids := h3.Cell(c).Children(res)
			want := make([]hex.Cell, len(kids))
			for i, k := range kids {
				want[i] = hex.Cell(k)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%v.AppendChildren(%d): %d cells, h3 gives %d", c, res, len(got), len(want))
			}
		}
	}
	if _, err := hexagon.AppendChildren(nil, 6); !errors.Is(err, hex.ErrResolution) {
		t.Errorf("children of a coarser resolution: %v, want ErrResolution", err)
	}
	if _, err := hex.Cell(0).AppendChildren(nil, 8); !errors.Is(err, hex.ErrCell) {
		t.Errorf("children of the zero cell: %v, want ErrCell", err)
	}
}
