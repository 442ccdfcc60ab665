package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// prepare runs 'walkshed network --osm monaco --save' into a temporary
// directory and returns the .wsn path.
func prepare(t *testing.T) string {
	t.Helper()
	wsn := filepath.Join(t.TempDir(), "monaco.wsn")
	run(t, "network", "--osm", monacoOSM, "--save", wsn)
	return wsn
}

// readCollection parses a GeoJSON FeatureCollection file.
func readCollection(t *testing.T, path string) *geojson.FeatureCollection {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fc
}

func TestNetworkThenIsochrone(t *testing.T) {
	dir := t.TempDir()
	wsn := filepath.Join(dir, "x.wsn")
	netGeoJSON := filepath.Join(dir, "n.geojson")
	r := run(t, "network", "--osm", monacoOSM, "--save", wsn, "--geojson", netGeoJSON)
	for _, re := range []string{`(?m)^nodes +[1-9]\d*$`, `(?m)^edges +[1-9]\d*$`, `(?m)^walkable +\d+\.\d km$`,
		`(?m)^islands +\d+ \(`, `Map data © OpenStreetMap contributors`} {
		if !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("network summary does not match %s:\n%s", re, r.stdout)
		}
	}
	fc := readCollection(t, netGeoJSON)
	if len(fc.Features) == 0 {
		t.Fatalf("%s has no feature", netGeoJSON)
	}
	if _, ok := fc.Features[0].Geometry.(orb.LineString); !ok {
		t.Errorf("network feature 0 is a %T, want a LineString", fc.Features[0].Geometry)
	}

	at := orb.Point{7.4246, 43.7384} // Casino de Monte-Carlo
	iso := filepath.Join(dir, "iso.geojson")
	r = run(t, "isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "-o", iso)
	if r.stdout != "" {
		t.Errorf("isochrone -o printed to standard output: %q", r.stdout)
	}
	fc = readCollection(t, iso)
	if len(fc.Features) != 3 {
		t.Fatalf("%s has %d features, want 3 (5, 10 and 15 min)", iso, len(fc.Features))
	}
	byMinutes := map[float64]*geojson.Feature{}
	for i, f := range fc.Features {
		for _, key := range []string{"minutes", "profile", "area_m2", "street_m"} {
			if _, ok := f.Properties[key]; !ok {
				t.Errorf("feature %d has no property %q: %v", i, key, f.Properties)
			}
		}
		if p := f.Properties.MustString("profile", ""); p != "standard" {
			t.Errorf("feature %d: profile = %q, want standard", i, p)
		}
		mp, ok := f.Geometry.(orb.MultiPolygon)
		if !ok {
			t.Fatalf("feature %d is a %T, want a MultiPolygon", i, f.Geometry)
		}
		if !planar.MultiPolygonContains(mp, at) {
			t.Errorf("feature %d does not contain its start point", i)
		}
		byMinutes[f.Properties.MustFloat64("minutes", 0)] = f
	}
	var prev *geojson.Feature
	for _, m := range []float64{5, 10, 15} {
		f := byMinutes[m]
		if f == nil {
			t.Fatalf("no %v-minute contour", m)
		}
		if prev != nil {
			inner, outer := prev.Geometry.Bound(), f.Geometry.Bound()
			if a, b := prev.Properties.MustFloat64("area_m2", 0), f.Properties.MustFloat64("area_m2", 0); !(a < b) {
				t.Errorf("area_m2 %v min = %v, not below %v min = %v", prev.Properties["minutes"], a, m, b)
			}
			if a, b := prev.Properties.MustFloat64("street_m", 0), f.Properties.MustFloat64("street_m", 0); !(a < b) {
				t.Errorf("street_m %v min = %v, not below %v min = %v", prev.Properties["minutes"], a, m, b)
			}
			if outer.Union(inner) != outer {
				t.Errorf("bound of %v min %v is not inside the bound of %v min %v", prev.Properties["minutes"], inner, m, outer)
			}
		}
		prev = f
	}
}

func TestIsochroneErrors(t *testing.T) {
	wsn := prepare(t)
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.wsn")
	data, err := os.ReadFile(wsn)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40
	if err := os.WriteFile(corrupt, data, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := writeFile(t, dir, "empty.osm.pbf", "")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		// 7.4246,36.5 is in the sea about 800 km south of Monaco.
		{"far away", []string{"--graph", wsn, "--at", "7.4246,36.5"}, 1, []string{"7.424600,36.500000", "803 km from the network", "300 m"}},
		{"not a number", []string{"--graph", wsn, "--at", "NaN,43.7384"}, 2, []string{`"NaN,43.7384"`, "not a finite number"}},
		{"latitude 91", []string{"--graph", wsn, "--at", "7.4246,91"}, 2, []string{"latitude 91", "[-90, 90]"}},
		{"swapped", []string{"--graph", wsn, "--at", "43.7384,7.4246"}, 2, []string{"43.7384,7.4246", "7.4246,43.7384 would be on it", "LON,LAT"}},
		{"one number", []string{"--graph", wsn, "--at", "7.4246"}, 2, []string{"LON,LAT"}},
		{"corrupt graph", []string{"--graph", corrupt, "--at", "7.4246,43.7384"}, 1, []string{corrupt, "checksum"}},
		{"missing osm", []string{"--osm", filepath.Join(dir, "nowhere.osm.pbf"), "--at", "7.4246,43.7384"}, 1, []string{"nowhere.osm.pbf"}},
		{"empty osm", []string{"--osm", empty, "--at", "7.4246,43.7384"}, 1, []string{"empty.osm.pbf", "empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "iso.geojson")
			r := invoke(t, append(append([]string{"isochrone"}, tt.args...), "-o", out)...)
			r.fails(t, tt.code, tt.want...)
			if names := dirNames(t, filepath.Dir(out)); len(names) != 0 {
				t.Errorf("a failed isochrone left files behind: %v", names)
			}
		})
	}
}

func TestNetworkErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere.osm.pbf")
	invoke(t, "network", "--osm", missing).fails(t, 1, missing)
	invoke(t, "network", "--osm", writeFile(t, dir, "empty.osm.pbf", "")).fails(t, 1, "empty.osm.pbf", "empty")
	invoke(t, "network", "--osm", writeFile(t, dir, "junk.osm.pbf", strings.Repeat("not OSM\n", 20))).fails(t, 1, "junk.osm.pbf")
	save := filepath.Join(dir, "no-such-dir", "x.wsn")
	invoke(t, "network", "--osm", monacoOSM, "--save", save).fails(t, 1, "no-such-dir")
}

func TestCategories(t *testing.T) {
	out := run(t, "categories").stdout
	if !strings.HasPrefix(out, "8 categories") {
		t.Errorf("categories starts with %q, want \"8 categories\"", strings.SplitN(out, "\n", 2)[0])
	}
	// Each category is a "name: description" line followed by its rules,
	// indented.
	cats := regexp.MustCompile(`(?m)^([a-z_]+): .+\n((?:  .+\n)+)`).FindAllStringSubmatch(out, -1)
	var names []string
	for _, c := range cats {
		names = append(names, c[1])
		if !strings.Contains(c[2], "=") {
			t.Errorf("category %s: rules %q have no tag=value", c[1], c[2])
		}
	}
	if want := "grocery clinic pharmacy barber housekeeping agency repair craftsman"; strings.Join(names, " ") != want {
		t.Errorf("categories = %v, want %s", names, want)
	}
}

func TestIsochroneToStdout(t *testing.T) {
	r := run(t, "isochrone", "--osm", monacoOSM, "--at", "7.4246,43.7384", "--meters", "400", "--profile", "wheelchair")
	fc, err := geojson.UnmarshalFeatureCollection([]byte(r.stdout))
	if err != nil {
		t.Fatalf("isochrone output: %v", err)
	}
	if len(fc.Features) != 1 {
		t.Fatalf("%d features, want 1", len(fc.Features))
	}
	p := fc.Features[0].Properties
	if p.MustFloat64("meters", 0) != 400 || p.MustString("profile", "") != "wheelchair" {
		t.Errorf("properties %v, want meters 400 and profile wheelchair", p)
	}
	if _, ok := p["minutes"]; ok {
		t.Errorf("a budget in metres has a minutes property: %v", p)
	}
	if !strings.Contains(r.stdout, `"attribution":"© OpenStreetMap contributors`) {
		t.Error("isochrone output has no attribution")
	}
}

// TestAuditPreparedGraph checks that an audit of a prepared network gives
// the residents the audit of the sample gives.
func TestAuditPreparedGraph(t *testing.T) {
	wsn := prepare(t)
	fromGraph := run(t, "audit", "--graph", wsn, "--grids", "osm:admin_level=10", "--format", "csv").stdout
	sample := run(t, "audit", "--format", "csv").stdout
	if fromGraph != sample {
		t.Errorf("residents.csv of the prepared network differs from the sample's:\n%s", firstDiff(fromGraph, sample))
	}
	if out := run(t, "audit", "--graph", wsn).stdout; !strings.Contains(out, "H3 resolution 8") {
		t.Errorf("audit --graph without --grids does not use H3 cells:\n%s", out)
	}
}
