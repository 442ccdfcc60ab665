package osmload_test

import (
	"context"
	"os"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
)

// checkWalkable reconciles the walkable ways of ex with SOURCES.md's simple
// count (ways with one of twelve highway values, access ignored): walkable =
// simple - simple ways the filter drops + walkable ways outside the twelve.
// It also bounds the difference to 6% of the simple count.
func checkWalkable(t *testing.T, path string, ex *osmload.Extract, simple int) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := pbf.Open(file, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var nSimple, dropped, added int
	err = pf.Scan(context.Background(), 0, pbf.KindWay, func(b *pbf.Block) error {
		for _, w := range b.Ways {
			_, ok, _ := osmload.Walkable(w.Tags)
			s := simpleWalkable(w.Tags)
			switch {
			case s && !ok:
				dropped++
			case !s && ok:
				added++
			}
			if s {
				nSimple++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if nSimple != simple {
		t.Errorf("simple count %d, want %d (SOURCES.md)", nSimple, simple)
	}
	got := len(ex.Network.Ways) - ex.AreaCrossings
	if got != nSimple-dropped+added {
		t.Errorf("%d walkable ways, want %d simple - %d dropped + %d added", got, nSimple, dropped, added)
	}
	if d := float64(got-simple) / float64(simple); d < -0.06 || d > 0.06 {
		t.Errorf("%d walkable ways, %+.1f%% from the simple count %d", got, 100*d, simple)
	}
	t.Logf("%s: %d walkable = %d simple - %d dropped (access, foot) + %d others (links, platforms, pier, parking, ...)",
		path, got, nSimple, dropped, added)
}
