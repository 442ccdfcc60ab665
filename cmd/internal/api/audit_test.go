package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestAuditSameAsLibrary checks that POST /v1/audit answers, byte for
// byte, the JSON report the library gives for the same inputs through
// walkshed.RunAudit: the same audit, and the same header stating them.
func TestAuditSameAsLibrary(t *testing.T) {
	city := sample(t)
	dir := []access.Facility{{ID: "dir:p1", Name: "Community pharmacy", Category: "pharmacy", Point: orb.Point{7.42465, 43.73845}, Source: "dir", Ref: "p1"}}
	// fiveResidents as values: weight 1 where the body leaves it out
	residents := []access.Resident{
		{ID: "r1", Point: orb.Point{7.4246, 43.7384}, Weight: 1},
		{ID: "r2", Point: orb.Point{7.4200, 43.7310}, Weight: 2.5},
		{ID: "r3", Point: orb.Point{7.4160, 43.7280}, Weight: 1, Group: "elderly"},
		{ID: "r4", Point: orb.Point{7.4300, 43.7420}, Weight: 1, Group: "elderly"},
		{ID: "far", Point: orb.Point{8.05, 43.7384}, Weight: 1},
	}
	opts := access.Options{Categories: []string{"pharmacy", "grocery"}, Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard,
		GroupProfiles: map[string]routing.Profile{"elderly": routing.Elderly}, K: 2, MaxSnap: routing.DefaultMaxSnap}
	for _, tt := range []struct {
		name      string
		directory bool
		grids     string
		spec      walkshed.GridSpec
	}{
		{"H3 cells", false, "", walkshed.H3Cells{}},
		{"quarters", false, `,"grids":"osm:admin_level=10"`, walkshed.AdminLevel{Level: 10}},
		{"quarters and a directory", true, `,"grids":"osm:admin_level=10"`, walkshed.AdminLevel{Level: 10}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			aopts := api.Options{}
			facilities := []walkshed.FacilitySet{city.OSMFacilities(nil)}
			if tt.directory {
				aopts = api.Options{Directory: dir, DirectoryName: "pharmacies.csv"}
				facilities = append(facilities, walkshed.FacilitySet{Facilities: dir, Name: "pharmacies.csv"})
			}
			got := do(t, http.MethodPost, newServer(t, aopts).URL+"/v1/audit", fmt.Sprintf(fiveResidents, tt.grids)).ok(t, "application/json", nil).body

			rep, err := city.RunAudit(context.Background(), walkshed.AuditRequest{Facilities: facilities,
				Residents: walkshed.ResidentSet{Residents: residents, Name: "request body"}, Grids: tt.spec, Options: opts})
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := report.WriteJSON(&want, rep); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("/v1/audit differs from RunAudit:\n%s", lineDiff(got, want.Bytes()))
			}
			if !bytes.Contains(got, []byte(`"network rules: `)) {
				t.Errorf("/v1/audit header does not state the network rules:\n%.600s", got)
			}
		})
	}
}

// lineDiff shows the first line where got and want differ.
func lineDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range min(len(g), len(w)) {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("one is a prefix of the other (%d and %d lines)", len(g), len(w))
}
