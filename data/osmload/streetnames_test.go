package osmload_test

import (
	"context"
	"slices"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
)

func TestStreetNames(t *testing.T) {
	ex, err := osmload.Read(context.Background(), portoPBF, osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	walkable := map[int64]bool{}
	for _, w := range ex.Network.Ways {
		walkable[w.ID] = true
	}
	if len(ex.StreetNames) < 100 {
		t.Fatalf("%d street names in Porto centre, want hundreds", len(ex.StreetNames))
	}
	if !slices.IsSortedFunc(ex.StreetNames, func(a, b osmload.StreetName) int { return int(a.Way - b.Way) }) {
		t.Error("street names are not sorted by way id")
	}
	found := false
	for _, s := range ex.StreetNames {
		if !walkable[s.Way] || s.Name == "" {
			t.Fatalf("street name %+v of a way that is not walkable, or empty", s)
		}
		found = found || s.Name == "Rua de Santa Catarina"
	}
	if !found {
		t.Error("Rua de Santa Catarina missing from Porto's street names")
	}
}
