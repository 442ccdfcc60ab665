package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// osmFixture is the fixture with facilities as OSM and directory
// sources give them.
func osmFixture(t *testing.T) *report.Audit {
	a := fixture(t)
	for i := range a.Facilities[:3] {
		f := &a.Facilities[i]
		f.Source, f.Ref = "osm", strings.TrimPrefix(f.ID, "osm:")
		f.ID = f.Ref
	}
	a.Facilities[3].Source, a.Facilities[3].Ref, a.Facilities[3].ID = "dir.csv", "p9", "dir.csv:p9"
	return a
}

func TestFacilitiesCSV(t *testing.T) {
	a := osmFixture(t)
	a.Facilities = append(a.Facilities, a.Facilities[0])
	a.Facilities[4].Category = "barber" // not audited
	recs := readCSV(t, render(t, report.WriteFacilitiesCSV, a))
	want := "id,osm_id,source,ref,category,name,lon,lat,status,reason,nearest_residents,nearest_weight"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("header = %s, want %s", got, want)
	}
	if got := len(recs) - 1; got != len(a.Facilities) {
		t.Fatalf("rows = %d, want one per facility, %d", got, len(a.Facilities))
	}
	wantRows := [][]string{
		{"node/1", "node/1", "osm", "node/1", "grocery", "Super & Co", "7.4190000", "43.7290000", "counted", "", "2", "3.5"},
		{"node/2", "node/2", "osm", "node/2", "grocery", "Mercado", "7.4290000", "43.7310000", "counted", "", "1", "1"},
		{"node/3", "node/3", "osm", "node/3", "pharmacy", "Farmácia <Central>", "7.4250000", "43.7350000", "counted", "", "3", "3"},
		{"dir.csv:p9", "", "dir.csv", "p9", "pharmacy", "Lost pharmacy", "7.5000000", "43.8000000", "off_network", "no walkable street within 300 m (nearest 2104 m)", "0", "0"},
		{"node/1", "node/1", "osm", "node/1", "barber", "Super & Co", "7.4190000", "43.7290000", "not_audited", "", "0", "0"},
	}
	for i, w := range wantRows {
		if got := strings.Join(recs[i+1], "|"); got != strings.Join(w, "|") {
			t.Errorf("row %d = %s\nwant    %s", i+1, got, strings.Join(w, "|"))
		}
	}
}

func TestFacilitiesGeoJSON(t *testing.T) {
	a := osmFixture(t)
	out := render(t, report.WriteFacilitiesGeoJSON, a)
	var fc struct {
		Attribution string `json:"attribution"`
		Features    []struct {
			Properties struct {
				ID       string  `json:"id"`
				OSMID    *string `json:"osm_id"`
				Category string  `json:"category"`
				Status   string  `json:"status"`
				Nearest  int     `json:"nearest_residents"`
			} `json:"properties"`
			Geometry struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(out, &fc); err != nil {
		t.Fatalf("facilities.geojson: %v\n%s", err, out)
	}
	if fc.Attribution != report.Attribution {
		t.Errorf("attribution = %q", fc.Attribution)
	}
	if len(fc.Features) != 4 {
		t.Fatalf("features = %d, want 4", len(fc.Features))
	}
	f0, f3 := fc.Features[0], fc.Features[3]
	if f0.Properties.OSMID == nil || *f0.Properties.OSMID != "node/1" || f0.Properties.Nearest != 2 || f0.Properties.Status != "counted" {
		t.Errorf("feature 1 = %+v, want osm_id node/1, counted, nearest 2", f0.Properties)
	}
	if f0.Geometry.Type != "Point" || f0.Geometry.Coordinates != [2]float64{7.419, 43.729} {
		t.Errorf("feature 1 geometry = %+v", f0.Geometry)
	}
	if f3.Properties.OSMID != nil || f3.Properties.Status != "off_network" {
		t.Errorf("feature 4 = %+v, want null osm_id, off_network", f3.Properties)
	}
}

// TestResidentsCSVBeyondAtOwnSpeed checks that with a budget in metres a
// resident beyond it is given the budget's minutes at its own group's
// speed.
func TestResidentsCSVBeyondAtOwnSpeed(t *testing.T) {
	a := fixture(t)
	o := &a.Result.Options
	o.Budget = geo.Budget{Meters: 1080}
	o.GroupProfiles = map[string]routing.Profile{"elderly": routing.Elderly}
	a.Result.Meters = 1080
	recs := readCSV(t, render(t, report.WriteResidentsCSV, a))
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var r2, r5 []string
	for _, rec := range recs[1:] {
		switch rec[0] {
		case "r2":
			r2 = rec
		case "r5":
			r5 = rec
		}
	}
	// r2 is elderly: 1080 m at 0.9 m/s is 20 minutes; r5 walks at 1.33 m/s.
	if got := r2[col["pharmacy_minutes"]]; got != "20.0" {
		t.Errorf("elderly r2 pharmacy_minutes = %q, want 20.0", got)
	}
	if got, want := r5[col["grocery_minutes"]], "13.5"; got != want {
		t.Errorf("r5 grocery_minutes = %q, want %q", got, want)
	}
}

func TestCSVTables(t *testing.T) {
	a := fixture(t)
	for _, tt := range []struct {
		table string
		fn    func(*testing.T) []byte
	}{
		{"residents", func(t *testing.T) []byte { return render(t, report.WriteResidentsCSV, a) }},
		{"grids", func(t *testing.T) []byte { return render(t, report.WriteGridsCSV, a) }},
		{"facilities", func(t *testing.T) []byte { return render(t, report.WriteFacilitiesCSV, a) }},
	} {
		var b bytes.Buffer
		if err := report.WriteCSVTable(tt.table, &b, a); err != nil {
			t.Fatalf("WriteCSVTable(%s) = %v", tt.table, err)
		}
		if !bytes.Equal(b.Bytes(), tt.fn(t)) {
			t.Errorf("WriteCSVTable(%s) differs from its writer", tt.table)
		}
	}
	if err := report.WriteCSVTable("gaps", &bytes.Buffer{}, a); err == nil || !strings.Contains(err.Error(), "known: residents, grids, facilities") {
		t.Errorf("WriteCSVTable(gaps) = %v, want an error listing the tables", err)
	}
}

// TestGridsCSVNoInf checks that grids.csv holds no infinity anywhere.
func TestGridsCSVNoInf(t *testing.T) {
	out := render(t, report.WriteGridsCSV, fixture(t))
	if bytes.Contains(bytes.ToLower(out), []byte("inf")) {
		t.Errorf("grids.csv holds an infinity:\n%s", out)
	}
}
