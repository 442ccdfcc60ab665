package walkshed_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// TestEmergencyRequestValues: the emergency requests take values, as the
// audit's does; a request built from values and one built by the file
// helpers give the same report, its header starts as the audit's, and
// input errors are InputErrors naming the field and no CLI flag.
func TestEmergencyRequestValues(t *testing.T) {
	ctx := context.Background()
	city := sampleCity(t)
	opts := emergency.Options{Budget: geo.Budget{Minutes: 12}, Profile: routing.Standard}
	zones, err := city.ResolveGrids(walkshed.AdminLevel{Level: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if zones.Name != "OSM admin_level=10 boundaries" || len(zones.Zones) != 9 {
		t.Fatalf("ResolveGrids: %q, %d zones", zones.Name, len(zones.Zones))
	}
	path := writeTemp(t, "posts.csv", "id,lon,lat,grid\npalace,7.4206,43.7314,Monaco-Ville\nbad,7.42,43.73,Atlantis\n")
	read, err := walkshed.ReadResponders(path, zones.Zones, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Responders) != 1 || len(read.Skipped) != 1 || !strings.Contains(read.Skipped[0].Reason, `grid "Atlantis" names no grid`) {
		t.Fatalf("ReadResponders: %+v", read)
	}
	residents := walkshed.ResidentSet{Residents: []access.Resident{{ID: "h1", Point: orb.Point{7.4210, 43.7318}, Weight: 1}}, Name: "doors"}
	fromFile, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: read, Residents: residents, Grids: zones, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	values := walkshed.ResponderSet{Responders: []emergency.Responder{{ID: "palace", Point: orb.Point{7.4206, 43.7314}, Grid: "Monaco-Ville"}}, Name: "posts.csv"}
	fromValues, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: values, Residents: residents, Grids: walkshed.AdminLevel{Level: 10}, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fromFile.Header.Inputs, fromValues.Header.Inputs) || fromFile.Header.Grids != fromValues.Header.Grids {
		t.Errorf("headers differ:\n%q %q\n%q %q", fromFile.Header.Inputs, fromFile.Header.Grids, fromValues.Header.Inputs, fromValues.Header.Grids)
	}
	if len(fromFile.Ledger) != 1 || !strings.HasPrefix(fromFile.Ledger[0], `skipped row posts.csv:3 (id "bad")`) {
		t.Errorf("ledger %q, want the skipped row", fromFile.Ledger)
	}
	if fromFile.Result.Grids[0].Worst.Meters != fromValues.Result.Grids[0].Worst.Meters {
		t.Errorf("results differ")
	}
	audit, err := city.RunAudit(ctx, walkshed.AuditRequest{Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: residents,
		Grids: walkshed.AdminLevel{Level: 10}, Options: access.Options{Budget: opts.Budget, Profile: opts.Profile}})
	if err != nil {
		t.Fatal(err)
	}
	ah, eh := audit.Header, fromValues.Header
	if ah.Version != eh.Version || ah.OSMTimestamp != eh.OSMTimestamp || ah.Budget != eh.Budget || ah.Profile != eh.Profile ||
		ah.Grids != eh.Grids || !slices.Equal(ah.Inputs[:2], eh.Inputs[:2]) || !strings.HasPrefix(eh.Inputs[1], "network rules: ") {
		t.Errorf("emergency header %+v does not start as the audit's %+v", eh, ah)
	}
	// In Chinese, the grids resolved beforehand and the spec given read
	// the same, in Chinese, and the header and ledger are Chinese.
	zhFile, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: read, Residents: residents, Grids: zones, Options: opts, Lang: i18n.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	zhValues, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: values, Residents: residents, Grids: walkshed.AdminLevel{Level: 10}, Options: opts, Lang: i18n.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	if zhFile.Header.Grids != "OSM admin_level=10 行政边界（9 个）" || zhValues.Header.Grids != zhFile.Header.Grids || zhFile.Lang != i18n.Chinese {
		t.Errorf("Chinese grids %q and %q, lang %q", zhFile.Header.Grids, zhValues.Header.Grids, zhFile.Lang)
	}
	if !slices.Contains(zhFile.Header.Inputs, "响应人员：posts.csv（1 名）") || !slices.Contains(zhFile.Header.Inputs, "居民：doors（1）") ||
		len(zhFile.Ledger) != 1 || !strings.HasPrefix(zhFile.Ledger[0], "已跳过") {
		t.Errorf("Chinese header %q, ledger %q", zhFile.Header.Inputs, zhFile.Ledger)
	}
	osm, err := city.OSMResponderSet("amenity=police")
	if err != nil {
		t.Fatal(err)
	}
	zhOSM, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: osm, Residents: walkshed.NoResidents("streets only"), Grids: zones, Options: opts, Lang: i18n.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(zhOSM.Header.Inputs, "响应人员：带有 amenity=police 标签的 OSM 要素（13 名）") || !slices.Contains(zhOSM.Header.Inputs, "居民：无（仅评估街道）") {
		t.Errorf("Chinese header of OSM responders and no residents: %q", zhOSM.Header.Inputs)
	}

	for _, tc := range []struct {
		name  string
		run   func() error
		field string
	}{
		{"unknown language", func() error {
			_, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: values, Grids: zones, Options: opts, Lang: "fr"})
			return err
		}, "Lang"},
		{"volunteers in an unknown language", func() error {
			_, err := city.RunVolunteers(ctx, walkshed.VolunteersRequest{Volunteers: walkshed.VolunteerSet{
				Volunteers: []emergency.Volunteer{{ID: "v", Point: orb.Point{7.4206, 43.7314}}}, Name: "v.csv"}, Residents: residents, Grids: zones,
				Options: emergency.VolunteerOptions{Budget: opts.Budget, Profile: opts.Profile}, Lang: "fr"})
			return err
		}, "Lang"},
		{"siting in an unknown language", func() error {
			_, err := city.Site(ctx, walkshed.SiteRequest{Residents: residents, Lang: "fr",
				Options: access.SiteOptions{Category: "pharmacy", Count: 1, Budget: opts.Budget, Profile: opts.Profile}})
			return err
		}, "Lang"},
		{"incidents in an unknown language", func() error {
			_, err := city.RunIncidents(ctx, walkshed.IncidentsRequest{Responders: values, Grids: zones, Options: emergency.IncidentOptions{Budget: opts.Budget, Profile: opts.Profile}, Lang: "fr"})
			return err
		}, "Lang"},
		{"no responders", func() error {
			_, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: walkshed.ResponderSet{Name: "none.csv"}, Grids: zones, Options: opts})
			return err
		}, "Responders"},
		{"H3 cells without residents", func() error {
			_, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: values, Options: opts})
			return err
		}, "Grids"},
		{"bad resident", func() error {
			bad := walkshed.ResidentSet{Residents: []access.Resident{{ID: "x", Point: orb.Point{7.42, 97}, Weight: 1}}, Name: "r"}
			_, err := city.RunEmergency(ctx, walkshed.EmergencyRequest{Responders: values, Residents: bad, Grids: zones, Options: opts})
			return err
		}, "Residents"},
		{"volunteers without residents", func() error {
			_, err := city.RunVolunteers(ctx, walkshed.VolunteersRequest{Volunteers: walkshed.VolunteerSet{
				Volunteers: []emergency.Volunteer{{ID: "v", Point: orb.Point{7.4206, 43.7314}}}, Name: "v.csv"}, Grids: zones,
				Options: emergency.VolunteerOptions{Budget: opts.Budget, Profile: opts.Profile}})
			return err
		}, "Residents"},
		{"incidents without grids", func() error {
			_, err := city.RunIncidents(ctx, walkshed.IncidentsRequest{Responders: values, Options: emergency.IncidentOptions{Budget: opts.Budget, Profile: opts.Profile}})
			return err
		}, "Grids"},
	} {
		err := tc.run()
		var ie *walkshed.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field || strings.Contains(err.Error(), "--") {
			t.Errorf("%s: %v; want an InputError on %s naming no flag", tc.name, err, tc.field)
		}
	}
}
