package population_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/population"
)

// rulesOSM has one building per rule of the package documentation; its
// comments say what each should give.
const rulesOSM = "../../testdata/population/rules.osm"

func readRules(t testing.TB) []osmload.Building {
	t.Helper()
	ex, err := osmload.Read(context.Background(), rulesOSM, osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ex.Buildings
}

// TestEstimateRules runs the rules on the hand-made buildings: an office
// tagged building=yes in residential land use is not a home, flats over a
// shop count without the ground floor, implausible levels are capped.
func TestEstimateRules(t *testing.T) {
	buildings := readRules(t)
	area := map[string]float64{}
	for _, b := range buildings {
		area[b.Type+"/"+itoa(b.ID)] = b.AreaM2
	}
	est := population.EstimateHomes(buildings, population.Options{})
	want := map[string]float64{ // home → levels counted
		"way/1002": 4,   // apartments, 5 levels, a bakery inside: the ground floor is not lived in
		"way/1003": 6,   // house with building:levels=21: capped
		"way/1004": 4,   // building=yes in residential land use: the default
		"way/1007": 4,   // building=yes outside land use with building:flats=6
		"way/1010": 10,  // apartments 30 m high
		"way/1011": 4,   // building:levels=many: the default
		"way/1012": 2,   // building=residential with shop=convenience, 3 levels
		"way/1014": 2,   // a bench inside is no shop
		"way/1017": 4,   // building:use=residential
		"way/1018": 100, // 250 levels: capped
	}
	got := map[string]float64{}
	total := 0.0
	for _, h := range est.Homes {
		got[h.Building] = h.Levels
		if wantP := area[h.Building] * h.Levels / population.DefaultFloorAreaPerPerson; math.Abs(h.People-wantP) > 1e-9 || h.FloorAreaM2 != area[h.Building]*h.Levels {
			t.Errorf("%s: people %v, floor %v; want %v, %v", h.Building, h.People, h.FloorAreaM2, wantP, area[h.Building]*h.Levels)
		}
		total += h.People
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("homes (levels) =\n%v\nwant\n%v", got, want)
	}
	st := est.Stats
	wantStats := population.Stats{
		Buildings: 18, Homes: 10, HomesByKind: 5, HomesInLand: 3, HomesDeclared: 2, Mixed: 2, TooSmall: 1,
		NotHomeKind:  1,
		NonHomeTag:   map[string]int{"office": 1, "amenity": 1, "historic": 1},
		OtherLand:    map[string]int{"landuse=retail": 1, "amenity=school": 1},
		NoLand:       1,
		LevelsTagged: 5, LevelsFromHeight: 1, LevelsDefault: 4, LevelsUnreadable: 1,
		Capped: 2, CappedExamples: []string{"way/1003 house 21 → 6", "way/1018 apartments 250 → 100"},
		People: st.People,
	}
	if !reflect.DeepEqual(st, wantStats) {
		t.Errorf("Stats =\n%+v\nwant\n%+v", st, wantStats)
	}
	if math.Abs(st.People-total) > 1e-9 {
		t.Errorf("Stats.People = %v, homes hold %v", st.People, total)
	}

	rs := est.Residents()
	if len(rs) != len(est.Homes) {
		t.Fatalf("%d residents of %d homes", len(rs), len(est.Homes))
	}
	for i, r := range rs {
		h := est.Homes[i]
		if r.ID != h.Building || r.Building != h.Building || r.Weight != h.People || !r.Estimated || r.Point != h.Point {
			t.Errorf("resident %+v of home %+v", r, h)
		}
	}
}

func TestEstimateOptions(t *testing.T) {
	buildings := readRules(t)
	def := population.EstimateHomes(buildings, population.Options{})
	opt := population.EstimateHomes(buildings, population.Options{FloorAreaPerPerson: 30, HouseLevels: 1, OtherLevels: 3, MinArea: 500})
	if len(opt.Homes) != 0 || opt.Stats.TooSmall != 11 {
		t.Errorf("with a 500 m² minimum: %d homes, %d too small; want 0 and 11", len(opt.Homes), opt.Stats.TooSmall)
	}
	opt = population.EstimateHomes(buildings, population.Options{FloorAreaPerPerson: 30, OtherLevels: 3})
	for i, h := range opt.Homes {
		d := def.Homes[i]
		want := d.Levels
		if d.Building == "way/1004" || d.Building == "way/1007" || d.Building == "way/1011" || d.Building == "way/1017" {
			want = 3
		}
		if h.Levels != want || math.Abs(h.People-h.FloorAreaM2/30) > 1e-9 {
			t.Errorf("%s with 30 m² and 3 levels: %v levels, %v people; want %v levels", h.Building, h.Levels, h.People, want)
		}
	}
}

func TestStatsLines(t *testing.T) {
	st := population.EstimateHomes(readRules(t), population.Options{}).Stats
	st.People = 1234.56
	want := []string{
		"estimate: 1234.6 people in 10 homes of 18 OSM buildings (5 by a residential building value, 3 building=yes in residential land use, 2 declared by building:flats or building:use); 2 with shops or services on the ground floor counted without it",
		"estimate: not counted: 1 other building values (office, retail, church, ...); 3 building=yes with a tag of another use (amenity 1, historic 1, office 1); 2 building=yes in other land use (amenity=school 1, landuse=retail 1); 1 building=yes outside any land-use area; 1 homes with a footprint under the minimum",
		"estimate: levels of homes: 5 from building:levels, 1 from height, 4 default (1 of them with an unreadable building:levels); 2 implausible values capped (way/1003 house 21 → 6, way/1018 apartments 250 → 100)",
	}
	if got := st.Lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("Lines =\n%q\nwant\n%q", got, want)
	}
}

func TestOptionsDescribe(t *testing.T) {
	want := "homes are residential building values, and building=yes in residential land use or with building:flats/building:use=residential, unless a tag or the land use marks it otherwise; people = footprint × levels ÷ 42.5 m² per person (--floor-area-per-person); levels from building:levels, else height ÷ 3 m, else house=2,other=5 (--default-levels), capped at 6 for houses and 100 for others; a ground floor with shops or services is not counted; footprints under 30 m² skipped"
	if got := (population.Options{FloorAreaPerPerson: 42.5, OtherLevels: 5}).Describe(); got != want {
		t.Errorf("Describe() =\n%s\nwant\n%s", got, want)
	}
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}
