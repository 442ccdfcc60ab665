package walkshed_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// sampleCity opens the embedded sample or fails t.
func sampleCity(t testing.TB) *walkshed.City {
	t.Helper()
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return city
}

// writeTemp writes data to name in a temporary directory and returns its path.
func writeTemp(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunAuditFromFiles runs an audit of inputs read by the helpers and
// checks that the header states each of them as the report has always
// stated them: the directory (adding to or replacing the OSM services),
// the residents, the skipped rows and the grids.
func TestRunAuditFromFiles(t *testing.T) {
	city := sampleCity(t)
	residents, err := walkshed.ReadResidents(writeTemp(t, "people.csv", "id,lon,lat,weight\na,7.4246,43.7384,2\nb,7.42x,43.7310,1\nc,7.4210,43.7350,3\n"), table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := walkshed.ReadFacilities(writeTemp(t, "pharmacies.csv", "id,name,category,lon,lat\np1,Pharmacie,pharmacy,7.4246,43.7384\np2,Boulangerie,bakery,7.42,43.731\n"), nil, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	grids, err := walkshed.ReadGrids(writeTemp(t, "halves.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"West"},"geometry":{"type":"Polygon","coordinates":[[[7.40,43.72],[7.425,43.72],[7.425,43.76],[7.40,43.76],[7.40,43.72]]]}},
{"type":"Feature","properties":{"name":"East"},"geometry":{"type":"Polygon","coordinates":[[[7.425,43.72],[7.45,43.72],[7.45,43.76],[7.425,43.76],[7.425,43.72]]]}}]}`), "name")
	if err != nil {
		t.Fatal(err)
	}
	opts := access.Options{Categories: []string{"pharmacy"}, Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard}
	osm := city.OSMFacilities(nil)

	rep, err := city.RunAudit(context.Background(), walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{osm, dir}, Residents: residents, Grids: grids, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	checkAuditSane(t, rep)
	want := []string{
		"services: pharmacies.csv (1, adds to OSM services)",
		"services: OpenStreetMap tags of " + walkshed.SampleName,
		"residents: people.csv (2)",
		`skipped row pharmacies.csv:3 (id "p2"): column category: unknown category "bakery"`,
		`skipped row people.csv:3 (id "b"): column lon: "7.42x" is not a number`,
	}
	if got := rep.Header.Inputs[2:]; !slices.EqualFunc(got, want, strings.HasPrefix) {
		t.Errorf("header inputs after the network:\n%s\nwant lines starting\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Header.Grids != "halves.geojson (2)" || len(rep.Zones) != 2 {
		t.Errorf("grids %q with %d zones, want halves.geojson (2)", rep.Header.Grids, len(rep.Zones))
	}
	if n := len(rep.Facilities); n != len(osm.Facilities)+1 || rep.Facilities[n-1].ID != dir.Facilities[0].ID {
		t.Errorf("%d facilities, the last %+v; want the OSM ones then the directory's", n, rep.Facilities[n-1])
	}

	// the directory alone replaces the OSM services
	only, err := city.RunAudit(context.Background(), walkshed.AuditRequest{
		Facilities: []walkshed.FacilitySet{dir}, Residents: residents, Grids: walkshed.AdminLevel{Level: 10}, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(only.Header.Inputs, "services: pharmacies.csv (1, replaces OSM services)") || len(only.Facilities) != 1 ||
		only.Header.Grids != "OSM admin_level=10 boundaries (9)" {
		t.Errorf("directory only: inputs %q, %d facilities, grids %q", only.Header.Inputs, len(only.Facilities), only.Header.Grids)
	}
}

// TestRunAuditInputErrors checks that a request RunAudit cannot run fails
// with an *InputError naming the field, and, like every error of the
// library, names no command-line flag.
func TestRunAuditInputErrors(t *testing.T) {
	city := sampleCity(t)
	estimate, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	osm := []walkshed.FacilitySet{city.OSMFacilities(nil)}
	opts := access.Options{Budget: geo.Budget{Minutes: 15}, Profile: routing.Standard}
	given := func(rs ...access.Resident) walkshed.ResidentSet {
		return walkshed.ResidentSet{Residents: rs, Name: "given"}
	}
	home := orb.Point{7.4246, 43.7384}
	bowtie := orb.MultiPolygon{{{{7.41, 43.72}, {7.43, 43.74}, {7.43, 43.72}, {7.41, 43.74}, {7.41, 43.72}}}}
	tests := []struct {
		name  string
		req   walkshed.AuditRequest
		field string
		want  []string
	}{
		{"no facilities", walkshed.AuditRequest{Residents: estimate, Options: opts}, "Facilities", []string{"no facilities given"}},
		{"no residents", walkshed.AuditRequest{Facilities: osm, Options: opts}, "Residents", []string{"no residents given"}},
		{"duplicate resident", walkshed.AuditRequest{Facilities: osm, Options: opts,
			Residents: given(access.Resident{ID: "a", Point: home, Weight: 1}, access.Resident{ID: "a", Point: home, Weight: 1})},
			"Residents", []string{`residents[1] (id "a")`, "already used by residents[0]"}},
		{"resident weight 0", walkshed.AuditRequest{Facilities: osm, Options: opts, Residents: given(access.Resident{ID: "a", Point: home})},
			"Residents", []string{`residents[0] (id "a")`, "weight 0"}},
		{"unknown category", walkshed.AuditRequest{Facilities: osm, Residents: estimate,
			Options: access.Options{Categories: []string{"bakery"}, Budget: opts.Budget, Profile: opts.Profile}}, "Options", []string{`"bakery"`, "known:"}},
		{"unknown admin level", walkshed.AuditRequest{Facilities: osm, Residents: estimate, Grids: walkshed.AdminLevel{Level: 99}, Options: opts},
			"Grids", []string{walkshed.SampleName, "admin_level=99", "10 (9)"}},
		{"bad H3 resolution", walkshed.AuditRequest{Facilities: osm, Residents: estimate, Grids: walkshed.H3Cells{Resolution: 16}, Options: opts},
			"Grids", []string{"resolution"}},
		{"bowtie zone", walkshed.AuditRequest{Facilities: osm, Residents: estimate, Options: opts,
			Grids: walkshed.Zones{Name: "mine", Zones: []access.Zone{{ID: "b", Name: "Bowtie", Geometry: bowtie}}}},
			"Grids", []string{"mine", "zone 1", `"Bowtie"`, "crosses itself"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := city.RunAudit(context.Background(), tt.req)
			var ie *walkshed.InputError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Fatalf("error %v (%T), want an *InputError of field %s", err, err, tt.field)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("error %q names a command-line flag", err)
			}
		})
	}
}

// TestHelperErrorsNameNoFlag: the errors of the input helpers say what is
// wrong without naming a command-line flag (the CLI adds its own hints).
func TestHelperErrorsNameNoFlag(t *testing.T) {
	noHomes := writeTemp(t, "street.osm", `<osm><node id="1" lat="43.73" lon="7.42"/><node id="2" lat="43.731" lon="7.421"/>`+
		`<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>`)
	city, err := walkshed.OpenOSM(context.Background(), noHomes, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, estimateErr := city.EstimateResidents(population.Options{})
	_, parseErr := walkshed.ParseGrids("osm:boundaries")
	_, gridsErr := walkshed.ReadGrids(writeTemp(t, "g.csv", "a,b\n"), "name")
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"estimate without buildings", estimateErr, "street.osm: no residential building to estimate residents from"},
		{"grid spec", parseErr, `grids "osm:boundaries": want "" (H3 cells holding residents) or osm:admin_level=N`},
		{"grids file", gridsErr, "g.csv"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) || strings.Contains(tt.err.Error(), "--") {
			t.Errorf("%s: error %v, want one saying %q and naming no flag", tt.name, tt.err, tt.want)
		}
	}
	for spec, want := range map[string]walkshed.GridSpec{"": walkshed.H3Cells{}, "osm:admin_level=8": walkshed.AdminLevel{Level: 8}} {
		if got, err := walkshed.ParseGrids(spec); err != nil || got != want {
			t.Errorf("ParseGrids(%q) = %#v, %v; want %#v", spec, got, err, want)
		}
	}
}
