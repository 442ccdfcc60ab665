package osmload_test

import (
	"context"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
)

// rulesOSM is the hand-made extract of the resident-estimate rules: one
// building per rule, described in its comments.
const rulesOSM = "../../testdata/population/rules.osm"

// TestReadBuildingFacts checks the facts osmload gives the estimate: the
// non-home uses of a building's tags, service points inside it, the land
// use it stands in, levels, height, flats and building:use.
func TestReadBuildingFacts(t *testing.T) {
	ex, err := osmload.Read(context.Background(), rulesOSM, osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]osmload.Building{}
	for _, b := range ex.Buildings {
		byID[b.ID] = b
	}
	type facts struct {
		site      string
		uses      osmload.Use
		pois      int
		levels    float64
		levelsTag string
		height    float64
		flats     int
		use       string
	}
	res := "landuse=residential"
	for id, want := range map[int64]facts{
		1001: {site: res, uses: osmload.UseOffice},
		1002: {site: res, pois: 1, levels: 5},
		1003: {site: res, levels: 21},
		1004: {site: res},
		1005: {site: "landuse=retail"},
		1006: {},
		1007: {flats: 6},
		1008: {site: res, uses: osmload.UseAmenity},
		1009: {site: res, uses: osmload.UseHistoric},
		1010: {site: res, height: 30},
		1011: {site: res, levelsTag: "many"},
		1012: {site: res, uses: osmload.UseShop, levels: 3},
		1014: {site: res, levels: 2}, // a bench inside is street furniture
		1016: {site: "amenity=school"},
		1017: {site: res, use: "residential"},
	} {
		b, ok := byID[id]
		if !ok {
			t.Errorf("building %d missing", id)
			continue
		}
		got := facts{b.Site, b.Uses, b.POIs, b.Levels, b.LevelsTag, b.HeightM, b.Flats, b.BuildingUse}
		if got != want {
			t.Errorf("building %d = %+v, want %+v", id, got, want)
		}
	}
	if len(ex.ResidentialLanduse) != 1 {
		t.Errorf("%d residential areas, want 1", len(ex.ResidentialLanduse))
	}
}

func TestUseKeys(t *testing.T) {
	tests := []struct {
		u    osmload.Use
		want string
	}{
		{0, "none"},
		{osmload.UseOffice | osmload.UseShop, "office+shop"},
		{osmload.UseReligious | osmload.UseOther | osmload.UseAmenity, "amenity+religion+other"},
	}
	for _, tt := range tests {
		if got := tt.u.String(); got != tt.want {
			t.Errorf("Use(%d).String() = %q, want %q", tt.u, got, tt.want)
		}
	}
}
