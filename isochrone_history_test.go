package walkshed_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// TestIsochroneHistory: the same isochrone asked again, after others
// elsewhere and at another budget, is identical to the bit (same input,
// same bytes). A reused H3 cover once made the answer depend on what the
// pooled worker had computed before: it failed within a few rounds.
func TestIsochroneHistory(t *testing.T) {
	a := []orb.Point{{7.4246, 43.7384}}
	opts := isochrone.Options{Budgets: []geo.Budget{{Minutes: 15}}, Profile: routing.Standard}
	for round := range 12 {
		city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		first, err := city.Isochrones(a, 0, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := city.Isochrones([]orb.Point{{7.4206, 43.7314}}, 0, opts); err != nil {
			t.Fatal(err)
		}
		if _, err := city.Isochrones([]orb.Point{{7.43, 43.745}}, 0, isochrone.Options{Budgets: []geo.Budget{{Minutes: 5}}, Profile: routing.Standard}); err != nil {
			t.Fatal(err)
		}
		again, err := city.Isochrones(a, 0, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("round %d: the same isochrone differs after others were computed", round)
		}
	}
}
