package walkshed_test

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// TestCityAccessorsReturnCopies changes everything the accessors hand out
// and checks that the city still holds what it held: a City is immutable.
func TestCityAccessorsReturnCopies(t *testing.T) {
	city := openOSM(t, monacoPBF)
	features, buildings, landuse, boundaries, dropped := city.Features(), city.Buildings(), city.ResidentialLanduse(), city.Boundaries(), city.DroppedWays()
	if len(features) == 0 || len(buildings) == 0 || len(landuse) == 0 || len(boundaries) == 0 || len(dropped) == 0 {
		t.Fatalf("Monaco: %d features, %d buildings, %d residential areas, %d boundaries, %d drop reasons; want some of each",
			len(features), len(buildings), len(landuse), len(boundaries), len(dropped))
	}
	n := city.Contents()
	if n.Features != len(features) || n.Buildings != len(buildings) || n.ResidentialAreas != len(landuse) || n.Boundaries != len(boundaries) {
		t.Errorf("Contents() = %+v, accessors give %d, %d, %d, %d", n, len(features), len(buildings), len(landuse), len(boundaries))
	}

	features[0].ID = -1
	features[0].Tags[0].Value = "changed"
	buildings[0].Point = orb.Point{0, 0}
	landuse[0][0][0][0] = orb.Point{0, 0}
	boundaries[0].Name = "changed"
	boundaries[0].Tags[0].Value = "changed"
	boundaries[0].Geometry[0][0][0] = orb.Point{0, 0}
	for r := range dropped {
		dropped[r] = -1
	}

	if got := city.Features(); got[0].ID == -1 || got[0].Tags[0].Value == "changed" {
		t.Errorf("changing Features() changed the city: %+v", got[0])
	}
	if got := city.Buildings(); got[0].Point == (orb.Point{0, 0}) {
		t.Errorf("changing Buildings() changed the city: %+v", got[0])
	}
	if got := city.ResidentialLanduse(); got[0][0][0][0] == (orb.Point{0, 0}) {
		t.Error("changing ResidentialLanduse() changed the city")
	}
	if got := city.Boundaries(); got[0].Name == "changed" || got[0].Tags[0].Value == "changed" || got[0].Geometry[0][0][0] == (orb.Point{0, 0}) {
		t.Errorf("changing Boundaries() changed the city: %s %v", got[0].Name, got[0].Tags)
	}
	for r, c := range city.DroppedWays() {
		if c < 0 {
			t.Errorf("changing DroppedWays() changed the city: %q = %d", r, c)
		}
	}
	if !reflect.DeepEqual(city.Contents(), n) {
		t.Errorf("Contents() changed: %+v, was %+v", city.Contents(), n)
	}
}
