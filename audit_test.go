package walkshed_test

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// The bundled extracts, real OpenStreetMap data.
var (
	monacoPBF = filepath.Join("testdata", "monaco-2026-03-10.osm.pbf")
	portoPBF  = filepath.Join("testdata", "porto-centre-2020-07-20.osm.pbf")
)

// defaultAudit is the audit a planner gets without options: OSM services,
// every category, 15 minutes, standard profile, H3 grids, estimated
// residents.
func defaultAudit(t testing.TB, city *walkshed.City) walkshed.AuditRequest {
	t.Helper()
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return walkshed.AuditRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: residents,
		Options: access.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}}
}

// openOSM opens an OSM file of testdata or fails t.
func openOSM(t testing.TB, path string) *walkshed.City {
	t.Helper()
	city, err := walkshed.OpenOSM(context.Background(), path, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return city
}

// auditJSON renders rep with report.WriteJSON.
func auditJSON(t testing.TB, rep *walkshed.AuditReport) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// near reports whether a and b agree to 1e-9 relative.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkAuditSane checks the invariants every audit report keeps: one result
// per resident, statuses consistent with the reach, rows that add up to the
// input, and zones that hold the residents placed in them.
func checkAuditSane(t *testing.T, rep *walkshed.AuditReport) {
	t.Helper()
	res := rep.Result
	cats := res.Options.Categories
	budget := res.Options.Budget
	within := func(x access.Reach) bool {
		if budget.Meters > 0 {
			return x.Meters <= budget.Meters+1e-6
		}
		return x.Minutes <= budget.Minutes+1e-9
	}
	if len(res.Residents) != len(rep.Residents) {
		t.Fatalf("%d resident results for %d residents", len(res.Residents), len(rep.Residents))
	}
	var count, unroutable, complete int
	var weight float64
	for i, r := range res.Residents {
		in := rep.Residents[i]
		count++
		weight += in.Weight
		if r.Zone < -1 || r.Zone >= len(rep.Zones) {
			t.Fatalf("resident %s: zone %d of %d", in.ID, r.Zone, len(rep.Zones))
		}
		if r.Zone >= 0 && !planar.MultiPolygonContains(rep.Zones[r.Zone].Geometry, in.Point) {
			t.Errorf("resident %s at %v is placed in zone %q, which does not contain it", in.ID, in.Point, rep.Zones[r.Zone].Name)
		}
		if r.Zone == -1 {
			for _, z := range rep.Zones {
				if planar.MultiPolygonContains(z.Geometry, in.Point) {
					t.Errorf("resident %s at %v is outside every zone, but zone %q contains it", in.ID, in.Point, z.Name)
				}
			}
		}
		switch r.Status {
		case access.Unroutable:
			unroutable++
			if r.Reason == "" {
				t.Errorf("resident %s is unroutable without a reason", in.ID)
			}
			continue
		case access.Complete:
			complete++
		case access.Partial:
		default:
			t.Fatalf("resident %s: status %q", in.ID, r.Status)
		}
		if len(r.Reach) != len(cats) {
			t.Fatalf("resident %s: reach for %d categories, want %d", in.ID, len(r.Reach), len(cats))
		}
		all := true
		for c, reach := range r.Reach {
			if len(reach) > res.Options.K {
				t.Errorf("resident %s, %s: %d facilities, more than k=%d", in.ID, cats[c], len(reach), res.Options.K)
			}
			all = all && len(reach) > 0
			for j, x := range reach {
				if !within(x) || (j > 0 && x.Meters < reach[j-1].Meters) {
					t.Errorf("resident %s, %s: reach %d = %+v (budget %s)", in.ID, cats[c], j, x, budget)
				}
				p := res.Options.Profile
				if gp, ok := res.Options.GroupProfiles[in.Group]; ok {
					p = gp
				}
				if !near(x.Minutes, p.Minutes(x.Meters)) {
					t.Errorf("resident %s (group %q), %s: %v m in %v min, want %v min at %v m/s", in.ID, in.Group, cats[c], x.Meters, x.Minutes, p.Minutes(x.Meters), p.Speed)
				}
				if f := rep.Facilities[x.Facility]; f.Category != cats[c] {
					t.Errorf("resident %s, %s: nearest facility %s is a %s", in.ID, cats[c], f.ID, f.Category)
				}
			}
		}
		if all != (r.Status == access.Complete) {
			t.Errorf("resident %s: status %s, but every category within reach is %v", in.ID, r.Status, all)
		}
	}

	rows := res.Rows
	if len(rows) != len(rep.Zones)+2 || rows[len(rows)-2].Zone != access.RowOutside || rows[len(rows)-1].Zone != access.RowTotal {
		t.Fatalf("%d rows for %d zones, want the zones, outside and total", len(rows), len(rep.Zones))
	}
	total := rows[len(rows)-1]
	var sumCount, sumUnroutable int
	var sumWeight float64
	sumCats := make([]access.Stats, len(cats))
	for _, row := range rows[:len(rows)-1] {
		sumCount += row.Residents
		sumWeight += row.Weight
		sumUnroutable += row.UnroutableCount
		for c, s := range row.Categories {
			sumCats[c].CoveredCount += s.CoveredCount
			sumCats[c].CoveredWeight += s.CoveredWeight
		}
		checkRowSane(t, row, len(cats))
	}
	checkRowSane(t, total, len(cats))
	if sumCount != count || total.Residents != count || !near(sumWeight, weight) || !near(total.Weight, weight) {
		t.Errorf("rows hold %d residents weighing %v, total row %d weighing %v; input %d weighing %v",
			sumCount, sumWeight, total.Residents, total.Weight, count, weight)
	}
	if sumUnroutable != unroutable || total.UnroutableCount != unroutable {
		t.Errorf("rows count %d unroutable, total row %d, residents %d", sumUnroutable, total.UnroutableCount, unroutable)
	}
	if total.Complete.CoveredCount != complete {
		t.Errorf("total row: %d complete, residents: %d", total.Complete.CoveredCount, complete)
	}
	if res.Groups != nil {
		var groupCount int
		var groupWeight float64
		for _, row := range res.Groups {
			checkRowSane(t, row, len(cats))
			groupCount += row.Residents
			groupWeight += row.Weight
		}
		if groupCount != count || !near(groupWeight, weight) {
			t.Errorf("group rows hold %d residents weighing %v; input %d weighing %v", groupCount, groupWeight, count, weight)
		}
	}
	for c := range cats {
		if s := total.Categories[c]; s.CoveredCount != sumCats[c].CoveredCount || !near(s.CoveredWeight, sumCats[c].CoveredWeight) {
			t.Errorf("%s: total row covers %d (%v), rows add up to %d (%v)", cats[c], s.CoveredCount, s.CoveredWeight, sumCats[c].CoveredCount, sumCats[c].CoveredWeight)
		}
	}
}

// checkRowSane checks one row's statistics against its head counts.
func checkRowSane(t *testing.T, row access.Row, ncat int) {
	t.Helper()
	if len(row.Categories) != ncat {
		t.Fatalf("row %q: %d categories, want %d", row.Name, len(row.Categories), ncat)
	}
	for _, s := range append(slices.Clone(row.Categories), row.Complete) {
		if s.Count != row.Residents || !near(s.Weight, row.Weight) || s.CoveredCount > s.Count-row.UnroutableCount ||
			s.CoveredWeight > s.Weight+1e-9 || s.CoveredWeight < 0 {
			t.Errorf("row %q: stats %+v for %d residents (%d unroutable) weighing %v", row.Name, s, row.Residents, row.UnroutableCount, row.Weight)
		}
	}
}

func TestRunAuditEndToEnd(t *testing.T) {
	for _, path := range []string{monacoPBF, portoPBF} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			city := openOSM(t, path)
			rep, err := city.RunAudit(context.Background(), defaultAudit(t, city))
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Residents) == 0 || len(rep.Zones) == 0 || len(rep.Facilities) == 0 {
				t.Fatalf("%d residents, %d zones, %d facilities: want some of each", len(rep.Residents), len(rep.Zones), len(rep.Facilities))
			}
			checkAuditSane(t, rep)
			// The default grids are the H3 cells holding residents, so every
			// resident is in the cell of its point.
			for i, r := range rep.Result.Residents {
				cell, err := hex.FromPoint(rep.Residents[i].Point, walkshed.DefaultGridResolution)
				if err != nil {
					t.Fatal(err)
				}
				if r.Zone < 0 || rep.Zones[r.Zone].ID != cell.String() {
					t.Errorf("resident %s is in zone %d, want H3 cell %s", rep.Residents[i].ID, r.Zone, cell)
				}
			}
			if again, err := city.RunAudit(context.Background(), defaultAudit(t, city)); err != nil {
				t.Fatal(err)
			} else if !bytes.Equal(auditJSON(t, again), auditJSON(t, rep)) {
				t.Error("the same audit twice gave different JSON")
			}
		})
	}
}

func TestRunAuditQuarters(t *testing.T) {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	req := defaultAudit(t, city)
	req.Grids = walkshed.AdminLevel{Level: 10}
	rep, err := city.RunAudit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Zones) != 9 {
		t.Errorf("%d quarters, want 9", len(rep.Zones))
	}
	checkAuditSane(t, rep)
}

func TestSaveOpenPrepared(t *testing.T) {
	city := openOSM(t, monacoPBF)
	wsn := filepath.Join(t.TempDir(), "monaco.wsn")
	if err := city.Save(wsn); err != nil {
		t.Fatal(err)
	}
	prepared, err := walkshed.OpenPrepared(wsn)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := prepared.Graph(), city.Graph(); g.NumNodes() != w.NumNodes() || g.NumEdges() != w.NumEdges() {
		t.Errorf("prepared graph has %d nodes, %d edges; built %d, %d", g.NumNodes(), g.NumEdges(), w.NumNodes(), w.NumEdges())
	}
	if prepared.BuildReport() != city.BuildReport() || !prepared.Timestamp().Equal(city.Timestamp()) {
		t.Errorf("prepared report %+v at %v, built %+v at %v", prepared.BuildReport(), prepared.Timestamp(), city.BuildReport(), city.Timestamp())
	}
	if p, b := prepared.Contents(), city.Contents(); p != b {
		t.Errorf("prepared holds %+v; built %+v", p, b)
	}
	for _, grids := range []walkshed.GridSpec{nil, walkshed.AdminLevel{Level: 10}} {
		req := defaultAudit(t, city)
		req.Grids = grids
		want, err := city.RunAudit(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := prepared.RunAudit(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		// The header names both the OSM file and the prepared file the
		// audit ran on; apart from that the reports are the same.
		suffix := " (prepared network monaco.wsn)"
		named := false
		for i, in := range got.Header.Inputs {
			if strings.HasPrefix(in, "network: "+filepath.Base(monacoPBF)) && strings.HasSuffix(in, suffix) {
				got.Header.Inputs[i] = strings.TrimSuffix(in, suffix)
				named = true
			}
		}
		if !named {
			t.Errorf("header inputs %q do not name the OSM file and the prepared network", got.Header.Inputs)
		}
		if g, w := auditJSON(t, got), auditJSON(t, want); !bytes.Equal(g, w) {
			t.Errorf("grids %v: the audit of the prepared city differs from the OSM-built one:\n%s", grids, firstLineDiff(g, w))
		}
	}
}

// firstLineDiff shows the first line where got and want differ.
func firstLineDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range min(len(g), len(w)) {
		if !bytes.Equal(g[i], w[i]) {
			return "got:  " + string(g[i]) + "\nwant: " + string(w[i])
		}
	}
	return "one is a prefix of the other"
}

func TestAuditGroupProfiles(t *testing.T) {
	ctx := context.Background()
	city, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tax := taxonomy.Default()
	facilities := city.Facilities(tax)
	estimate, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	residents := estimate.Residents
	for i := range residents {
		switch i % 4 {
		case 1:
			residents[i].Group = "elderly"
		case 2:
			residents[i].Group = "wheelchair"
		}
	}
	zones, err := city.AdminZones(10)
	if err != nil {
		t.Fatal(err)
	}
	in := walkshed.AuditInput{Facilities: facilities, Residents: residents, Zones: zones}
	opts := access.Options{Categories: tax.Names(), Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard, K: 2}
	standard, err := city.Audit(ctx, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.GroupProfiles = map[string]routing.Profile{"elderly": routing.Elderly, "wheelchair": routing.Wheelchair}
	grouped, err := city.Audit(ctx, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkAuditSane(t, &walkshed.AuditReport{Result: grouped, Residents: residents, Facilities: facilities, Zones: zones})
	var names []string
	for _, row := range grouped.Groups {
		names = append(names, row.Name)
	}
	if got, want := strings.Join(names, ","), "(no group),elderly,wheelchair"; got != want {
		t.Errorf("group rows %s, want %s", got, want)
	}
	// The elderly walk the same streets more slowly: the same nearest
	// facility at the same distance when both reach it, and never covered
	// where the standard walker is not.
	for i, r := range grouped.Residents {
		if residents[i].Group != "elderly" || r.Status == access.Unroutable {
			continue
		}
		for c, reach := range r.Reach {
			sr := standard.Residents[i].Reach[c]
			if len(reach) > len(sr) {
				t.Errorf("elderly resident %s reaches %d %s, the standard walker %d", residents[i].ID, len(reach), tax.Names()[c], len(sr))
				continue
			}
			if len(reach) > 0 && !near(reach[0].Meters, sr[0].Meters) {
				t.Errorf("elderly resident %s: nearest %s at %v m, standard walker %v m", residents[i].ID, tax.Names()[c], reach[0].Meters, sr[0].Meters)
			}
		}
	}
}
