package population_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// rulesCity reads the hand-made extract: its estimated residents and its
// street (along latitude 49.9998, from longitude 9.9995 to 10.0115).
func rulesCity(t *testing.T) ([]access.Resident, population.Streets, *routing.Snapper) {
	t.Helper()
	ex, err := osmload.Read(context.Background(), rulesOSM, osmload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	sn := g.NewSnapper()
	return population.EstimateHomes(ex.Buildings, population.Options{}).Residents(), population.Streets{Snapper: sn, MaxSnap: 300, Bound: g.Bound()}, sn
}

func cellAt(t *testing.T, p orb.Point, res int) hex.Cell {
	t.Helper()
	c, err := hex.FromPoint(p, res)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b)) }

// TestSpreadCells: every counted cell's people are on its residents in
// proportion to their floor area, or on its streets, or unplaced; the
// sums equal the input minus the ledger.
func TestSpreadCells(t *testing.T) {
	homes, streets, snapper := rulesCity(t)
	// Count the res-9 cells of the homes, except the cell of the first.
	byCell := map[hex.Cell][]access.Resident{}
	for _, r := range homes {
		c := cellAt(t, r.Point, 9)
		byCell[c] = append(byCell[c], r)
	}
	skip := cellAt(t, homes[0].Point, 9)
	var counts []table.CellCount
	line := 2
	for c := range byCell {
		if c == skip {
			continue
		}
		counts = append(counts, table.CellCount{Cell: c, People: float64(100 * line), Line: line})
		line++
	}
	south := cellAt(t, orb.Point{10.003, 49.9985}, 10) // no home, a street 140 m away
	far := cellAt(t, orb.Point{10.5, 50.5}, 8)
	counts = append(counts, table.CellCount{Cell: south, People: 30, Line: line}, table.CellCount{Cell: far, People: 7, Line: line + 1})

	got, err := population.SpreadCells(homes, counts, streets)
	if err != nil {
		t.Fatal(err)
	}
	input, unplaced := 0.0, 0.0
	for _, c := range counts {
		input += c.People
	}
	for _, u := range got.Unplaced {
		unplaced += u.People
	}
	if len(got.Unplaced) != 1 || got.Unplaced[0].What != "cell "+far.String() || got.Unplaced[0].People != 7 || got.Unplaced[0].Line != line+1 {
		t.Errorf("Unplaced = %+v, want the far cell with 7 people", got.Unplaced)
	}
	placed := 0.0
	inCell := map[hex.Cell]float64{}
	for _, r := range got.Residents {
		placed += r.Weight
		inCell[cellAt(t, r.Point, 9)] += r.Weight
	}
	if !near(got.Input, input) || !near(placed, input-unplaced) || !near(got.OnResidents+got.OnStreets, placed) {
		t.Errorf("input %v (want %v), placed %v = %v on residents + %v on streets, unplaced %v: placed must be input − unplaced",
			got.Input, input, placed, got.OnResidents, got.OnStreets, unplaced)
	}
	for _, c := range counts[:len(counts)-2] {
		if !near(inCell[c.Cell], c.People) {
			t.Errorf("cell %v holds %v, counted %v", c.Cell, inCell[c.Cell], c.People)
		}
	}
	// Dasymetric: the weights in a cell keep the estimate's proportions.
	est := map[string]float64{}
	for _, r := range homes {
		est[r.ID] = r.Weight
	}
	ratio := map[hex.Cell]float64{}
	streetPts := 0
	for _, r := range got.Residents {
		if strings.HasPrefix(r.ID, "cell/") {
			streetPts++
			if !strings.HasPrefix(r.ID, "cell/"+south.String()+"/") || !near(r.Weight, 30/float64(got.StreetPoints)) {
				t.Errorf("street resident %+v, want one of cell %v with 30/%d", r, south, got.StreetPoints)
			}
			if _, err := snapper.Snap(r.Point, 300, 0); err != nil {
				t.Errorf("street resident %q is not near a street: %v", r.ID, err)
			}
			continue
		}
		c := cellAt(t, r.Point, 9)
		q := r.Weight / est[r.ID]
		if old, ok := ratio[c]; ok && !near(old, q) {
			t.Errorf("cell %v: weights not proportional to the estimate (%v vs %v)", c, q, old)
		}
		ratio[c] = q
	}
	if streetPts == 0 || streetPts != got.StreetPoints || got.StreetCells != 1 {
		t.Errorf("%d street residents, StreetPoints %d, StreetCells %d; want the south cell's", streetPts, got.StreetPoints, got.StreetCells)
	}
	if got.Dropped != len(byCell[skip]) {
		t.Errorf("Dropped = %d, want the %d estimated homes of the uncounted cell", got.Dropped, len(byCell[skip]))
	}
}

// TestSpreadCellsGivenResidents: given residents in no counted cell keep
// their weight (they are never dropped).
func TestSpreadCellsGivenResidents(t *testing.T) {
	_, streets, _ := rulesCity(t)
	rs := []access.Resident{{ID: "a", Point: orb.Point{10.001, 50.001}, Weight: 1}, {ID: "b", Point: orb.Point{10.0012, 50.0011}, Weight: 3}, {ID: "c", Point: orb.Point{10.2, 50.2}, Weight: 2}}
	c := cellAt(t, rs[0].Point, 10)
	if cellAt(t, rs[1].Point, 10) != c {
		t.Fatal("a and b should share a resolution-10 cell")
	}
	got, err := population.SpreadCells(rs, []table.CellCount{{Cell: c, People: 8, Line: 2}}, streets)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{2, 6, 2}
	for i, r := range got.Residents {
		if r.ID != rs[i].ID || !near(r.Weight, want[i]) {
			t.Errorf("resident %d = %+v, want %s weighing %v", i, r, rs[i].ID, want[i])
		}
	}
	if got.Kept != 1 || got.KeptWeight != 2 || got.Dropped != 0 {
		t.Errorf("Kept %d (%v), Dropped %d; want c kept", got.Kept, got.KeptWeight, got.Dropped)
	}
}

func square(x, y, dx, dy float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x, y}, {x + dx, y}, {x + dx, y + dy}, {x, y + dy}, {x, y}}}}
}

// TestCalibrateGrids: each grid's people add up to its count exactly, and
// each group's to its group count.
func TestCalibrateGrids(t *testing.T) {
	homes, streets, _ := rulesCity(t)
	zones := []access.Zone{
		{ID: "W", Name: "West", Geometry: square(10, 50, 0.005, 0.0045)},
		{ID: "E", Name: "East", Geometry: square(10.005, 50, 0.005, 0.0045)},
		{ID: "S", Name: "South", Geometry: square(10.001, 49.998, 0.004, 0.0015)},
		{ID: "F", Name: "Far", Geometry: square(10.5, 50.5, 0.01, 0.01)},
		{ID: "U", Name: "Uncounted", Geometry: square(10, 50.0045, 0.01, 0.002)},
	}
	counts := table.GridCounts{Groups: []string{"elderly", "disabled"}, Counts: []table.GridCount{
		{Name: "West", People: 100, Groups: []float64{20, 5}, Line: 2},
		{Name: "East", People: 40, Groups: []float64{0, 4}, Line: 3},
		{Name: "South", People: 30, Groups: []float64{6, 0}, Line: 4},
		{Name: "Far", People: 10, Groups: []float64{1, 1}, Line: 5},
	}}
	got, err := population.CalibrateGrids(homes, zones, counts, "census.csv", streets)
	if err != nil {
		t.Fatal(err)
	}
	geoms := make([]orb.MultiPolygon, len(zones))
	for i, z := range zones {
		geoms[i] = z.Geometry
	}
	zi, _ := spatial.NewZoneIndex(geoms)
	type key struct{ zone, group string }
	sums := map[key]float64{}
	for _, r := range got.Residents {
		z := "outside"
		if i, ok := zi.Locate(r.Point); ok {
			z = zones[i].Name
		}
		sums[key{z, r.Group}] += r.Weight
		sums[key{z, "*"}] += r.Weight
	}
	for _, gc := range counts.Counts[:3] {
		if !near(sums[key{gc.Name, "*"}], gc.People) {
			t.Errorf("grid %s holds %v, counted %v", gc.Name, sums[key{gc.Name, "*"}], gc.People)
		}
		rest := gc.People
		for k, g := range counts.Groups {
			if !near(sums[key{gc.Name, g}], gc.Groups[k]) {
				t.Errorf("grid %s group %s holds %v, counted %v", gc.Name, g, sums[key{gc.Name, g}], gc.Groups[k])
			}
			rest -= gc.Groups[k]
		}
		if !near(sums[key{gc.Name, ""}], rest) {
			t.Errorf("grid %s without group holds %v, want %v", gc.Name, sums[key{gc.Name, ""}], rest)
		}
	}
	if len(got.Unplaced) != 1 || got.Unplaced[0].What != `grid "Far"` || got.Unplaced[0].People != 10 {
		t.Errorf("Unplaced = %+v, want grid Far with 10", got.Unplaced)
	}
	if !near(got.Input, 180) || !near(got.OnResidents+got.OnStreets, 170) || got.StreetGrids != 1 || got.ResidentGrids != 2 {
		t.Errorf("Input %v, on residents %v + streets %v, %d street grids, %d resident grids; want 180 = 170 + 10 unplaced, 1 and 2",
			got.Input, got.OnResidents, got.OnStreets, got.StreetGrids, got.ResidentGrids)
	}
	if got.Uncounted != 1 || !near(got.UncountedWeight, sums[key{"Uncounted", "*"}]) {
		t.Errorf("Uncounted %d (%v), want the grid without a count and its %v people kept", got.Uncounted, got.UncountedWeight, sums[key{"Uncounted", "*"}])
	}

	counts.Counts = append(counts.Counts, table.GridCount{Name: "west", People: 1, Groups: []float64{0, 0}, Line: 6})
	_, err = population.CalibrateGrids(homes, zones, counts, "census.csv", streets)
	if err == nil || err.Error() != `census.csv:6: grid "west" matches no grid (grids are ["West" "East" "South" "Far" "Uncounted"])` {
		t.Errorf("unknown grid: %v", err)
	}
}

func TestSplitShares(t *testing.T) {
	rs := []access.Resident{{ID: "a", Weight: 10, Estimated: true, Building: "way/1"}, {ID: "b", Weight: 2}}
	got, err := population.SplitShares(rs, []population.GroupShare{{"elderly", 0.18}, {"disabled", 0.03}, {"none", 0}})
	if err != nil {
		t.Fatal(err)
	}
	want := []access.Resident{
		{ID: "a#elderly", Group: "elderly", Weight: 1.8, Estimated: true, Building: "way/1"},
		{ID: "a#disabled", Group: "disabled", Weight: 10 * 0.03, Estimated: true, Building: "way/1"},
		{ID: "a", Weight: 10 * (1 - 0.18 - 0.03), Estimated: true, Building: "way/1"},
		{ID: "b#elderly", Group: "elderly", Weight: 2 * 0.18},
		{ID: "b#disabled", Group: "disabled", Weight: 2 * 0.03},
		{ID: "b", Weight: 2 * (1 - 0.18 - 0.03)},
	}
	if len(got) != len(want) {
		t.Fatalf("SplitShares = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Group != w.Group || !near(g.Weight, w.Weight) || g.Estimated != w.Estimated || g.Building != w.Building {
			t.Errorf("part %d = %+v, want %+v", i, g, w)
		}
	}
	for _, tc := range []struct {
		shares []population.GroupShare
		want   string
	}{
		{[]population.GroupShare{{"elderly", 0.8}, {"disabled", 0.3}}, "group shares add up to 1.1, over 1"},
		{[]population.GroupShare{{"elderly", 1.5}}, `group "elderly": share 1.5 is not between 0 and 1`},
		{[]population.GroupShare{{"elderly", -0.1}}, `group "elderly": share -0.1 is not between 0 and 1`},
		{[]population.GroupShare{{"", 0.1}}, "group share 0.1 has no group name"},
		{[]population.GroupShare{{"a", 0.1}, {"a", 0.1}}, `group "a" given twice`},
	} {
		if _, err := population.SplitShares(rs, tc.shares); err == nil || err.Error() != tc.want {
			t.Errorf("SplitShares(%v) error %v, want %q", tc.shares, err, tc.want)
		}
	}
	if _, err := population.SplitShares([]access.Resident{{ID: "x", Weight: 1, Group: "Elderly"}}, []population.GroupShare{{"elderly", 0.1}}); err == nil {
		t.Error("splitting a resident already in a group: no error")
	}
}
