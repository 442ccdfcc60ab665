package population_test

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/routing/access"
)

// square is a closed square of side d degrees at (x, y).
func square(x, y, d float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}
}

func TestEstimate(t *testing.T) {
	in := orb.Point{7.005, 43.005}  // inside the residential area
	out := orb.Point{7.105, 43.105} // outside it
	landuse := []orb.MultiPolygon{square(7, 43, 0.01)}
	b := func(id int64, kind string, residential bool, area, levels float64, p orb.Point) osmload.Building {
		return osmload.Building{Type: "way", ID: id, Point: p, AreaM2: area, Levels: levels, Kind: kind, Residential: residential}
	}
	buildings := []osmload.Building{
		b(1, "apartments", true, 350, 5, out), // 350 × 5 ÷ 35 = 50
		b(2, "house", true, 70, 0, out),       // house: 2 levels → 4
		b(3, "residential", true, 70, 0, out), // other homes: 4 levels → 8
		b(4, "house", true, 29.9, 3, out),     // under 30 m²: no one
		b(5, "yes", false, 100, 1, in),        // building=yes in a residential area → 2.857… → 2.9
		b(6, "yes", false, 100, 1, out),       // building=yes elsewhere: no one
		b(7, "office", false, 1000, 4, in),    // not residential, even inside the area
		b(8, "house", true, 30, 0.1, out),     // 30 × 0.1 ÷ 35 < 1 → at least 1
	}
	r := func(id string, p orb.Point, w float64) access.Resident {
		return access.Resident{ID: id, Point: p, Weight: w, Estimated: true}
	}
	tests := []struct {
		name    string
		landuse []orb.MultiPolygon
		opts    population.Options
		want    []access.Resident
	}{
		{"defaults", landuse, population.Options{},
			[]access.Resident{r("way/1", out, 50), r("way/2", out, 4), r("way/3", out, 8), r("way/5", in, 2.9), r("way/8", out, 1)}},
		{"no landuse", nil, population.Options{},
			[]access.Resident{r("way/1", out, 50), r("way/2", out, 4), r("way/3", out, 8), r("way/8", out, 1)}},
		{"options", landuse, population.Options{FloorAreaPerPerson: 70, DefaultLevels: 3, MinArea: 80},
			[]access.Resident{r("way/1", out, 25), r("way/5", in, 1.4)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := population.Estimate(buildings, tt.landuse, tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Estimate =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestOptionsDescribe(t *testing.T) {
	tests := []struct {
		opts population.Options
		want string
	}{
		{population.Options{}, "footprint × levels ÷ 35 m² per person; levels 2 for houses and 4 for other homes when building:levels is missing; footprints under 30 m² skipped"},
		{population.Options{FloorAreaPerPerson: 42.5, DefaultLevels: 3, MinArea: 20}, "footprint × levels ÷ 42.5 m² per person; levels 3 when building:levels is missing; footprints under 20 m² skipped"},
	}
	for _, tt := range tests {
		if got := tt.opts.Describe(); got != tt.want {
			t.Errorf("%+v.Describe() =\n%s\nwant\n%s", tt.opts, got, tt.want)
		}
	}
}
