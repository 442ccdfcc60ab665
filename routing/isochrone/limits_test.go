package isochrone

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// TestMaxCells checks that MaxCells stops Compute once the contours have
// more cells than the limit, and that a limit the contours fit in changes
// nothing.
func TestMaxCells(t *testing.T) {
	g := lattice(t, 20, rand.New(rand.NewPCG(2, 2)))
	loc, err := g.NewSnapper().Snap(orb.Point{7.4125, 43.729}, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorker(g)
	opts := Options{Budgets: []geo.Budget{{Minutes: 3}, {Minutes: 6}}, Profile: routing.Standard, Resolution: 12}
	free, err := w.Compute([]routing.Location{loc}, opts)
	if err != nil {
		t.Fatal(err)
	}
	total := len(free[0].Cells) + len(free[1].Cells)
	if len(free[0].Cells) == 0 || total < 100 {
		t.Fatalf("contours of %d and %d cells; want a real test", len(free[0].Cells), len(free[1].Cells))
	}
	opts.MaxCells = total
	fits, err := w.Compute([]routing.Location{loc}, opts)
	if err != nil || len(fits[1].Cells) != len(free[1].Cells) {
		t.Fatalf("MaxCells %d (exactly the cells): %v, %d cells; want the same contours", total, err, len(fits[1].Cells))
	}
	for _, max := range []int{total - 1, len(free[0].Cells) - 1, 1} {
		opts.MaxCells = max
		cs, err := w.Compute([]routing.Location{loc}, opts)
		if !errors.Is(err, ErrTooManyCells) || cs != nil {
			t.Errorf("MaxCells %d of %d: %v, %d contours; want ErrTooManyCells and none", max, total, err, len(cs))
		}
	}
}

// TestContext checks that a done context stops Compute with its error,
// and that a live one changes nothing.
func TestContext(t *testing.T) {
	g := lattice(t, 20, rand.New(rand.NewPCG(3, 3)))
	loc, err := g.NewSnapper().Snap(orb.Point{7.4125, 43.729}, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorker(g)
	opts := Options{Budgets: []geo.Budget{{Minutes: 10}}, Profile: routing.Standard, Context: context.Background()}
	if cs, err := w.Compute([]routing.Location{loc}, opts); err != nil || len(cs[0].Cells) == 0 {
		t.Fatalf("live context: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opts.Context = ctx
	if cs, err := w.Compute([]routing.Location{loc}, opts); !errors.Is(err, context.Canceled) || cs != nil {
		t.Errorf("cancelled context: %v, %d contours; want context.Canceled and none", err, len(cs))
	}
	// the worker is still usable afterwards
	opts.Context = nil
	if _, err := w.Compute([]routing.Location{loc}, opts); err != nil {
		t.Errorf("after a cancelled call: %v", err)
	}
}
