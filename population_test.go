package walkshed_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
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

// TestPopulationHeaderTranslated: every population line of a Chinese
// report header — the estimate's rule, counts and warnings, the spreading
// of cell and grid counts, the counts not placed, the group shares and
// the population warnings — is in Chinese; none starts as the English one.
func TestPopulationHeaderTranslated(t *testing.T) {
	city := sampleCity(t)
	est, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sea, _ := hex.FromPoint(orb.Point{7.6, 43.4}, 8)
	home, _ := hex.FromPoint(est.Residents[0].Point, 8)
	sq := func(name string, x, y, d float64) access.Zone {
		return access.Zone{ID: name, Name: name, Geometry: orb.MultiPolygon{{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}}
	}
	cells := pharmacyRequest(t, city, est)
	cells.Population.Cells = &walkshed.CellCountSet{Name: "pop.csv", Counts: []table.CellCount{{Cell: home, People: 500, Line: 2}, {Cell: sea, People: 77, Line: 3}}}
	cells.Population.GroupShares = []population.GroupShare{{Group: "elderly", Share: 0.2}}
	cells.Population.Expect = 10
	grids := pharmacyRequest(t, city, walkshed.ResidentSet{Name: "people.csv", Residents: []access.Resident{
		{ID: "a", Point: orb.Point{7.4246, 43.7384}, Weight: 1e6}, {ID: "b", Point: orb.Point{7.428, 43.742}, Weight: 1}}})
	grids.Grids = walkshed.Zones{Name: "grids.geojson", Zones: []access.Zone{sq("甲", 7.42, 43.734, 0.006), sq("乙", 7.423, 43.737, 0.006), sq("海", 7.6, 43.4, 0.006)}}
	grids.Population.Grids = &walkshed.GridCountSet{Name: "grid-pop.csv", Counts: table.GridCounts{Counts: []table.GridCount{{Name: "甲", People: 2e6, Line: 2}, {Name: "海", People: 5, Line: 3}}}}
	english := []string{"residents: ESTIMATED", "estimate:", "population:", "grid population:", "not placed:", "groups:", "warning:", "(no resident and no street", " people"}
	for name, tt := range map[string]struct {
		req  walkshed.AuditRequest
		want []string
	}{
		"cells": {cells, []string{"居民：由 ", "人均 60 平方米", "估算：", "估算：未计入：", "估算：住宅层数", "人口：pop.csv（分辨率 8 的 H3 单元 2 个，577 人）",
			"未能分配：pop.csv:3 单元 " + sea.String() + "：77 人：300 米内既无居民也无道路", "人群：每位居民所代表的人口分为 elderly 20%，其余不分组", "警告：居民共 500 人，比预期的 10 人多 4900%"}},
		"grids": {grids, []string{"网格人口：grid-pop.csv（2 个网格，2000005 人）", `未能分配：grid-pop.csv:3 网格 "海"：5 人：300 米内既无居民也无道路`,
			"警告：grid-pop.csv 中没有 1 个有居民网格（1 人）的计数", `警告：网格 "甲" 每平方公里`, `警告：网格 "甲" 与 "乙" 重叠`}},
	} {
		tt.req.Lang = i18n.Chinese
		rep, err := city.RunAudit(context.Background(), tt.req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, w := range tt.want {
			headerHas(t, rep, w)
		}
		for _, in := range rep.Header.Inputs {
			for _, e := range english {
				if strings.Contains(in, e) {
					t.Errorf("%s: Chinese header line has %q: %s", name, e, in)
				}
			}
		}
	}
}
