package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/report"
)

// The tests of this file try walkshed as a hostile or careless user would:
// outputs naming inputs, folders failing half-way, huge or endless inputs,
// budgets beyond any distance, grids across the antimeridian. Each probe
// must fail up front, with a message naming the flag or file, and lose
// nothing.

// copyFile copies src into dir and returns the copy's path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// unchanged fails t unless path still holds want.
func unchanged(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s was changed (%d bytes, was %d)", path, len(got), len(want))
	}
}

// TestOutputIsInput: an output naming an input (directly, through a
// symbolic link, or as a file of an --out folder) is refused before any
// work, and the input is left as it was.
func TestOutputIsInput(t *testing.T) {
	dir := t.TempDir()
	wsn := filepath.Join(dir, "p.wsn")
	run(t, "network", "--osm", monacoOSM, "--save", wsn)
	wsnData, _ := os.ReadFile(wsn)
	osm := copyFile(t, monacoOSM, dir)
	osmData, _ := os.ReadFile(osm)
	link := filepath.Join(dir, "link.geojson")
	if err := os.Symlink(wsn, link); err != nil {
		t.Fatal(err)
	}
	residents := writeFile(t, dir, "residents.csv", "id,lon,lat\nr1,7.4246,43.7384\n")
	resData, _ := os.ReadFile(residents)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"isochrone -o the graph", []string{"isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "-o", wsn}, 1,
			[]string{"output " + wsn + " (-o) is the input --graph " + wsn + "; refusing to overwrite it"}},
		{"isochrone -o a link to the graph", []string{"isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "-o", link}, 1,
			[]string{"output " + link + " (-o) is the input --graph " + wsn}},
		{"network --save the OSM file", []string{"network", "--osm", osm, "--save", osm}, 1,
			[]string{"output " + osm + " (--save) is the input --osm " + osm}},
		{"network --geojson the OSM file", []string{"network", "--osm", osm, "--geojson", osm}, 1,
			[]string{"output " + osm + " (--geojson) is the input --osm " + osm}},
		{"network --save and --geojson one file", []string{"network", "--osm", osm, "--save", filepath.Join(dir, "x"), "--geojson", filepath.Join(dir, "x")}, 2,
			[]string{"--geojson and --save name the same file"}},
		{"audit --out the residents' folder", []string{"audit", "--residents", residents, "--out", dir}, 1,
			[]string{"output " + residents + " (--out " + dir + ") is the input --residents " + residents}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			invoke(t, tt.args...).fails(t, tt.code, tt.want...)
			unchanged(t, wsn, wsnData)
			unchanged(t, osm, osmData)
			unchanged(t, residents, resData)
			if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
				t.Errorf("%s is no longer a symbolic link", link)
			}
		})
	}
	if names := dirNames(t, dir); len(names) != 4 {
		t.Errorf("refused runs left files behind: %v", names)
	}
}

// TestAuditOutWholeSet: a second audit into the same --out folder that
// fails leaves the first run's set whole (not report.txt of one run beside
// report.json of another), and a second run that succeeds replaces the
// whole set, keeping files of other names.
func TestAuditOutWholeSet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "audit")
	args := []string{"audit", "--categories", "pharmacy,grocery", "--out", out}
	run(t, append(args, "--minutes", "5")...)
	first := map[string][]byte{}
	for _, name := range report.Files() {
		first[name], _ = os.ReadFile(filepath.Join(out, name))
	}
	writeFile(t, out, "notes.txt", "mine")

	// gaps.geojson, the fifth file written, cannot be replaced: the run
	// fails, and must not have replaced the four before it.
	gaps := filepath.Join(out, "gaps.geojson")
	os.Remove(gaps)
	if err := os.Mkdir(gaps, 0o755); err != nil {
		t.Fatal(err)
	}
	invoke(t, append(args, "--minutes", "15")...).fails(t, 1, gaps+" is a directory, not a regular file")
	for name, data := range first {
		if name != "gaps.geojson" {
			unchanged(t, filepath.Join(out, name), data)
		}
	}

	// Once gaps.geojson can be written again, the run replaces the whole
	// set: each file is what the same run writes into a new folder.
	os.Remove(gaps)
	run(t, append(args, "--minutes", "15")...)
	fresh := filepath.Join(t.TempDir(), "fresh")
	run(t, "audit", "--categories", "pharmacy,grocery", "--out", fresh, "--minutes", "15")
	for _, name := range report.Files() {
		want, err := os.ReadFile(filepath.Join(fresh, name))
		if err != nil {
			t.Fatal(err)
		}
		unchanged(t, filepath.Join(out, name), want)
	}
	unchanged(t, filepath.Join(out, "notes.txt"), []byte("mine"))
	names := strings.Join(dirNames(t, out), ",")
	if strings.Contains(names, ".tmp") || strings.Count(names, ",") != len(first) {
		t.Errorf("--out holds %s, want the set and notes.txt only", names)
	}
	if parent := dirNames(t, filepath.Dir(out)); len(parent) != 1 {
		t.Errorf("temporary folders left beside --out: %v", parent)
	}
}

// TestHugeInputs: a 2 GiB sparse file, a line of 2 MiB and a header of
// 10,000 columns fail at once with the file and line, and echo at most a
// clipped piece of the input.
func TestHugeInputs(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse.csv")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(sparse, 2<<30); err != nil {
		t.Skip("cannot make a sparse file:", err)
	}
	long := writeFile(t, dir, "long.csv", "id,lon,lat\n"+strings.Repeat("1", 2<<20)+"\n")
	wide := writeFile(t, dir, "wide.csv", strings.Repeat("column,", 10000)+"\nr1,7.42,43.73\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"2 GiB sparse --residents", []string{"--residents", sparse}, []string{sparse + ":1:", "NUL byte", "not a text file"}},
		{"2 GiB sparse --services", []string{"--services", sparse}, []string{sparse + ":1:", "NUL byte"}},
		{"2 GiB sparse --grids", []string{"--grids", sparse}, []string{sparse + ":1:", "NUL byte"}},
		{"2 GiB sparse --taxonomy", []string{"--taxonomy", sparse}, []string{sparse + ":1:", "NUL byte"}},
		{"2 MiB line", []string{"--residents", long}, []string{long + ":2:", "longer than 1 MiB"}},
		{"wide header", []string{"--residents", wide}, []string{wide + ":1:", "missing column id", "column, column", "…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(t, append([]string{"audit", "--categories", "pharmacy"}, tt.args...)...)
			r.fails(t, 1, tt.want...)
			if len(r.stderr) > 600 {
				t.Errorf("standard error holds %d bytes, want a short message: %.300s…", len(r.stderr), r.stderr)
			}
		})
	}
}

// TestNonFiniteBudget: a budget that at the walking speed is beyond any
// finite distance is refused before any work, naming the flag to change;
// nothing is written.
func TestNonFiniteBudget(t *testing.T) {
	wsn := prepare(t)
	dir := t.TempDir()
	iso := filepath.Join(dir, "iso.geojson")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"isochrone --profile custom:1e308", []string{"isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "--profile", "custom:1e308", "-o", iso},
			[]string{"--profile custom:1e308", "farther than any finite distance"}},
		{"isochrone --minutes 1e308", []string{"isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "--minutes", "5,1e308"},
			[]string{"--minutes 1e+308", "farther than any finite distance"}},
		{"audit --minutes 1e308", []string{"audit", "--minutes", "1e308", "--format", "json"},
			[]string{"--minutes 1e+308", "farther than any finite distance"}},
		{"audit --profile custom:1e308", []string{"audit", "--profile", "custom:1e308", "--format", "json"},
			[]string{"--profile custom:1e308"}},
		{"audit --group-profile", []string{"audit", "--group-profile", "fast=custom:1e308", "--format", "json"},
			[]string{"--group-profile fast=custom:1e308"}},
		{"nearest --profile custom:1e308kmh", []string{"nearest", "--at", "7.4246,43.7384", "--profile", "custom:1e308kmh"},
			[]string{"--profile custom:1e308kmh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(t, tt.args...)
			r.fails(t, 2, tt.want...)
			if r.stdout != "" {
				t.Errorf("a refused run printed %d bytes", len(r.stdout))
			}
		})
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("refused runs wrote %v", names)
	}
	// Metres do not depend on the speed: a huge speed over 800 m is fine.
	run(t, "isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "--profile", "custom:1e308", "--meters", "800")
}

// TestAntimeridianGrid: a grid polygon crossing ±180° is refused, naming
// the feature, instead of being read as a 359.8°-wide band holding every
// resident; the same grid split at the antimeridian holds only its own.
func TestAntimeridianGrid(t *testing.T) {
	dir := t.TempDir()
	residents := writeFile(t, dir, "residents.csv", "id,lon,lat\nfiji,179.95,-16.75\nmonaco,7.4246,43.7384\n")
	crossing := writeFile(t, dir, "crossing.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Monaco"},"geometry":{"type":"Polygon","coordinates":[[[7.40,43.72],[7.44,43.72],[7.44,43.76],[7.40,43.76],[7.40,43.72]]]}},
{"type":"Feature","properties":{"name":"Taveuni"},"geometry":{"type":"Polygon","coordinates":[[[179.9,-16.8],[-179.9,-16.8],[-179.9,-16.7],[179.9,-16.7],[179.9,-16.8]]]}}]}`)
	split := writeFile(t, dir, "split.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Taveuni"},"geometry":{"type":"MultiPolygon","coordinates":[
[[[179.9,-16.8],[180,-16.8],[180,-16.7],[179.9,-16.7],[179.9,-16.8]]],
[[[-180,-16.8],[-179.9,-16.8],[-179.9,-16.7],[-180,-16.7],[-180,-16.8]]]]}}]}`)
	args := []string{"audit", "--residents", residents, "--categories", "pharmacy", "--format", "csv"}
	invoke(t, append(args, "--grids", crossing)...).fails(t, 1, crossing, `feature 2 ("Taveuni")`, "antimeridian", "359.8°")

	_, rows := residentsCSV(t, run(t, append(args, "--grids", split)...).stdout)
	grids := map[string]string{}
	for _, row := range rows {
		grids[row[0]] = row[1]
	}
	if grids["fiji"] != "Taveuni" || grids["monaco"] != "" {
		t.Errorf("grids of the residents = %v, want fiji in Taveuni and monaco in none", grids)
	}
}
