package walkshed_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

func pharmacyRequest(t *testing.T, city *walkshed.City, rs walkshed.ResidentSet) walkshed.AuditRequest {
	t.Helper()
	return walkshed.AuditRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: rs,
		Options: access.Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}}
}

func headerHas(t *testing.T, rep *walkshed.AuditReport, want string) {
	t.Helper()
	for _, in := range rep.Header.Inputs {
		if strings.Contains(in, want) {
			return
		}
	}
	t.Errorf("header lacks %q:\n%s", want, strings.Join(rep.Header.Inputs, "\n"))
}

// TestRunAuditGroupProfileOfNoGroup: a profile for a group no resident has
// (Elderly against elderly) was silently ignored; it is an error naming
// the groups present.
func TestRunAuditGroupProfileOfNoGroup(t *testing.T) {
	city := sampleCity(t)
	req := pharmacyRequest(t, city, walkshed.ResidentSet{Name: "people.csv", Residents: []access.Resident{
		{ID: "a", Point: orb.Point{7.4246, 43.7384}, Weight: 1, Group: "Elderly"},
		{ID: "b", Point: orb.Point{7.4210, 43.7350}, Weight: 1}}})
	req.Options.GroupProfiles = map[string]routing.Profile{"elderly": routing.Elderly}
	_, err := city.RunAudit(context.Background(), req)
	var ie *walkshed.InputError
	if !errors.As(err, &ie) || ie.Field != "Options" {
		t.Fatalf("error %v, want an *InputError for Options", err)
	}
	want := `group profile for "elderly": no resident is in that group; groups present: (no group) (1), Elderly (1) (group names are case-sensitive: "Elderly" is not "elderly")`
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
}

// TestRunAuditCellCounts: the people of a population file are on the
// residents of their cells, and those of a cell at sea are listed as not
// placed; placed + not placed = input.
func TestRunAuditCellCounts(t *testing.T) {
	city := sampleCity(t)
	est, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[hex.Cell]bool{}
	var counts []table.CellCount
	input := 0.0
	for _, r := range est.Residents {
		c, err := hex.FromPoint(r.Point, 8)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[c] {
			seen[c] = true
			counts = append(counts, table.CellCount{Cell: c, People: float64(1000 + 10*len(counts)), Line: len(counts) + 2})
			input += counts[len(counts)-1].People
		}
	}
	sea, _ := hex.FromPoint(orb.Point{7.6, 43.4}, 8)
	counts = append(counts, table.CellCount{Cell: sea, People: 77, Line: len(counts) + 2})
	input += 77
	req := pharmacyRequest(t, city, est)
	req.Population.Cells = &walkshed.CellCountSet{Counts: counts, Name: "pop.csv"}
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	total := rep.Result.Rows[len(rep.Result.Rows)-1]
	if total.Name != "total" || math.Abs(total.Weight-(input-77)) > 1e-6 {
		t.Errorf("total %q = %v people, want the input %v less the 77 at sea", total.Name, total.Weight, input)
	}
	headerHas(t, rep, "not placed: pop.csv:")
	headerHas(t, rep, "cell "+sea.String()+": 77 people: no resident and no street within 300 m")
	for _, r := range rep.Residents {
		if r.Building == "" || !r.Estimated {
			t.Errorf("resident %+v lost its building", r)
		}
	}
}

// TestRunAuditWarnings: overlapping grids are named with their shared
// area, a grid denser than 60,000 people/km² and a total far from the
// expected one are warned.
func TestRunAuditWarnings(t *testing.T) {
	city := sampleCity(t)
	sq := func(name string, x, y, d float64) access.Zone {
		return access.Zone{ID: name, Name: name, Geometry: orb.MultiPolygon{{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}}
	}
	req := pharmacyRequest(t, city, walkshed.ResidentSet{Name: "people.csv", Residents: []access.Resident{
		{ID: "a", Point: orb.Point{7.4246, 43.7384}, Weight: 1e6},
		{ID: "b", Point: orb.Point{7.4210, 43.7350}, Weight: 1}}})
	req.Grids = walkshed.Zones{Name: "grids.geojson", Zones: []access.Zone{sq("A", 7.42, 43.734, 0.006), sq("B", 7.423, 43.737, 0.006)}}
	req.Population.Expect = 500
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	headerHas(t, rep, `warning: grids "A" and "B" overlap by `)
	headerHas(t, rep, `residents there are counted in "A", the first of the two in grid order`)
	headerHas(t, rep, `warning: grid "A" holds `)
	headerHas(t, rep, "above a plausible 60000")
	headerHas(t, rep, "warning: the residents hold 1000001 people, 199900% more than the 500 expected")
}
