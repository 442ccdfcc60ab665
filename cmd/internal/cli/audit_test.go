package cli_test

import (
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/taxonomy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// monacoQuarters are the sample's nine quarters (admin_level=10).
var monacoQuarters = []string{"Fontvieille", "Monaco-Ville", "La Condamine", "La Rousse", "Larvotto",
	"Monte-Carlo", "Jardin Exotique", "Les Monegetti", "Ravin de Sainte-Dévote"}

// TestAuditSampleGolden compares 'walkshed audit' on the sample with
// testdata/audit-sample.golden; go test -run AuditSampleGolden -update
// rewrites it.
func TestAuditSampleGolden(t *testing.T) {
	got := run(t, "audit").stdout
	golden := filepath.Join("testdata", "audit-sample.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run AuditSampleGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("walkshed audit differs from %s (go test -run AuditSampleGolden -update rewrites it):\n%s", golden, firstDiff(got, string(want)))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(no line differs)"
}

func TestAuditSample(t *testing.T) {
	out := run(t, "audit").stdout
	for _, want := range append([]string{"© OpenStreetMap contributors", "outside any grid", "monaco-2026-03-10.osm.pbf", "ESTIMATED"}, monacoQuarters...) {
		if !strings.Contains(out, want) {
			t.Errorf("walkshed audit does not mention %q", want)
		}
	}
	total := false
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "total" {
			total = true
		}
	}
	if !total {
		t.Error("walkshed audit has no total row")
	}
	if again := run(t, "audit").stdout; again != out {
		t.Errorf("walkshed audit twice gave different output:\n%s", firstDiff(again, out))
	}
}

// residentsCSV reads residents.csv output: the header and the rows.
func residentsCSV(t *testing.T, data string) (header []string, rows [][]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("residents.csv: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("residents.csv is empty")
	}
	return recs[0], recs[1:]
}

// wantResidentsHeader is the residents.csv header for the categories.
func wantResidentsHeader(categories []string) string {
	cols := []string{"id", "grid", "group", "weight", "building", "lon", "lat", "status", "reason"}
	for _, c := range categories {
		cols = append(cols, c+"_minutes", c+"_meters", c+"_facility", c+"_beyond_budget")
	}
	return strings.Join(cols, ",")
}

func TestAuditCSV(t *testing.T) {
	out := run(t, "audit", "--format", "csv").stdout
	first, _, _ := strings.Cut(out, "\n")
	if want := wantResidentsHeader(taxonomy.Default().Names()); first != want {
		t.Errorf("first line of audit --format csv =\n%s\nwant\n%s", first, want)
	}
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, rows := residentsCSV(t, out)
	estimate, err := city.EstimateResidents(population.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(estimate.Residents); len(rows) != want {
		t.Errorf("audit --format csv has %d rows, want one per resident: %d", len(rows), want)
	}
}

func TestAuditOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "audit")
	r := run(t, "audit", "--out", dir)
	if !strings.Contains(r.stderr, dir) {
		t.Errorf("audit --out does not say where it wrote: %q", r.stderr)
	}
	names := dirNames(t, dir)
	if want := report.Files(); len(want) != 10 || strings.Join(names, ",") != strings.Join(slices.Sorted(slices.Values(want)), ",") {
		t.Errorf("audit --out wrote %v, want the 10 files %v", names, want)
	}
	for _, name := range names {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: empty or unreadable (%v)", name, err)
		}
	}
	txt, err := os.ReadFile(filepath.Join(dir, "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(txt) != r.stdout {
		t.Error("report.txt differs from the table audit --out prints")
	}
}

func TestAuditResidentsFile(t *testing.T) {
	dir := t.TempDir()
	// far is in the sea, about 50 km south of Monaco.
	path := writeFile(t, dir, "residents.csv", "id,lon,lat,weight,group\n"+
		"casino,7.4246,43.7384,2,\n"+
		"rock,7.4200,43.7310,1,elderly\n"+
		"far,7.4246,43.2884,3,\n"+
		"port,7.4210,43.7350,1,\n")
	out := run(t, "audit", "--residents", path, "--format", "csv").stdout
	_, rows := residentsCSV(t, out)
	seen := map[string]int{}
	for _, row := range rows {
		seen[row[0]]++
		if row[0] != "far" {
			continue
		}
		if row[7] != "unroutable" {
			t.Errorf("resident far has status %q, want unroutable", row[7])
		}
		if !regexp.MustCompile(`^point is 4\d km from the network`).MatchString(row[8]) {
			t.Errorf("resident far: reason %q does not say it is about 50 km from the network", row[8])
		}
	}
	for _, id := range []string{"casino", "rock", "far", "port"} {
		if seen[id] != 1 {
			t.Errorf("resident %q appears %d times in residents.csv, want once", id, seen[id])
		}
	}
	if len(rows) != 4 {
		t.Errorf("residents.csv has %d rows, want 4", len(rows))
	}
	table := run(t, "audit", "--residents", path).stdout
	if !strings.Contains(table, "residents.csv (4)") || !strings.Contains(table, "far") {
		t.Errorf("the report does not name the residents file and the unroutable resident:\n%s", table)
	}

	// With --group-profile the elderly resident walks at 0.9 m/s and the
	// report has a total row per group.
	r := run(t, "audit", "--residents", path, "--group-profile", "elderly=elderly", "--format", "csv")
	header, rows := residentsCSV(t, r.stdout)
	col := slices.Index(header, "grocery_meters")
	for _, row := range rows {
		if row[0] != "rock" {
			continue
		}
		m, err1 := strconv.ParseFloat(row[col], 64)
		mins, err2 := strconv.ParseFloat(row[col-1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("rock: grocery %q m in %q min", row[col], row[col-1])
		}
		if want := m / 0.9 / 60; mins < want-0.06 || mins > want+0.06 {
			t.Errorf("elderly resident: grocery %v m in %v min, want %.1f min at 0.9 m/s", m, mins, want)
		}
	}
	table = run(t, "audit", "--residents", path, "--group-profile", "elderly=elderly").stdout
	for _, want := range []string{"elderly", "(no group)"} {
		if !strings.Contains(table, want) {
			t.Errorf("audit --group-profile: no %q row in\n%s", want, table)
		}
	}
}

func TestAuditBadRows(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "people.csv", "id,lon,lat\na,7.4246,43.7384\nb,7.42x,43.7310\nc,7.4210,43.7350\n")
	invoke(t, "audit", "--residents", path).fails(t, 1, path+":3", "column lon", `"7.42x"`)

	r := run(t, "audit", "--residents", path, "--skip-bad-rows")
	if !strings.Contains(r.stdout, "skipped row people.csv:3") || !strings.Contains(r.stdout, "people.csv (2)") {
		t.Errorf("audit --skip-bad-rows does not list the skipped row:\n%s", r.stdout)
	}
}

func TestAuditInputErrors(t *testing.T) {
	dir := t.TempDir()
	services := writeFile(t, dir, "services.csv", "id,name,category,lon,lat\ns1,Pharmacie,pharmacy,7.4246,43.7384\ns2,Boulangerie,bakery,7.4200,43.7310\n")
	bowtie := writeFile(t, dir, "grids.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Square"},"geometry":{"type":"Polygon","coordinates":[[[7.41,43.72],[7.43,43.72],[7.43,43.74],[7.41,43.74],[7.41,43.72]]]}},
{"type":"Feature","properties":{"name":"Bowtie"},"geometry":{"type":"Polygon","coordinates":[[[7.41,43.72],[7.43,43.74],[7.43,43.72],[7.41,43.74],[7.41,43.72]]]}}]}`)
	empty := writeFile(t, dir, "empty.osm.pbf", "")
	street := writeFile(t, dir, "street.osm", `<osm><node id="1" lat="43.73" lon="7.42"/><node id="2" lat="43.731" lon="7.421"/>`+
		`<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>`)
	missing := filepath.Join(dir, "missing.osm.pbf")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown category", []string{"--services", services},
			append([]string{services + ":3", `"bakery"`}, taxonomy.Default().Names()...)},
		{"unknown --categories", []string{"--categories", "pharmacy,bakery"},
			[]string{`"bakery"`, "known: " + strings.Join(taxonomy.Default().Names(), ", ")}},
		{"bowtie grid", []string{"--grids", bowtie}, []string{bowtie, "feature 2", `"Bowtie"`, "crosses itself"}},
		{"unknown admin level", []string{"--grids", "osm:admin_level=99"}, []string{"admin_level=99", "10 (9)"}},
		{"missing osm file", []string{"--osm", missing}, []string{missing}},
		{"empty osm file", []string{"--osm", empty}, []string{"empty.osm.pbf", "empty"}},
		{"no building to estimate residents from", []string{"--osm", street}, []string{"street.osm", "no residential building", "give --residents FILE"}},
		{"not a prepared network", []string{"--graph", writeFile(t, dir, "bad.wsn", "WALKSHEX and more bytes than a header holds, to be read as one")},
			[]string{"bad.wsn", "not a prepared walkshed network", "'walkshed network --save'"}},
		{"missing graph file", []string{"--graph", filepath.Join(dir, "city.wsn")}, []string{"city.wsn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(t, append([]string{"audit"}, tt.args...)...)
			r.fails(t, 1, tt.want...)
			if r.stdout != "" {
				t.Errorf("a failed audit printed to standard output:\n%s", r.stdout)
			}
		})
	}
	// a command line that cannot work is a usage error, before any file is read
	invoke(t, "audit", "--services-only", "--osm", missing).fails(t, 2, "--services-only needs --services FILE")
	if names := strings.Join(dirNames(t, dir), ","); strings.Contains(names, ".tmp") {
		t.Errorf("failed runs left temporary files: %s", names)
	}
}
