package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/internal/gdaltest"
)

// portoOSM is the bundled Porto centre extract.
var portoOSM = filepath.Join("..", "..", "..", "testdata", "porto-centre-2020-07-20.osm.pbf")

// gpkgLayer is what is expected of one layer: its geometry type as the
// GeoPackage names it ("" for a table without geometry) and its rows.
type gpkgLayer struct {
	name string
	geom string
	rows int
}

// ogrGeometry is how ogrinfo names a GeoPackage geometry type.
var ogrGeometry = map[string]string{"": "None", "POINT": "Point", "LINESTRING": "Line String", "MULTIPOLYGON": "Multi Polygon", "POLYGON": "Polygon"}

// readGPKG reads every layer of the GeoPackage at path with the project's
// reader, checks the layers are exactly want (names in order, geometry
// types, row counts, SRS 4326), does the same through GDAL's ogrinfo and
// runs GDAL's validator. It returns the rows of each layer as column→text
// maps, with "geom" the geometry's GeoJSON type.
func readGPKG(t *testing.T, path string, want []gpkgLayer) map[string][]map[string]string {
	t.Helper()
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	layers := r.Layers()
	var got, wantNames []string
	for _, l := range layers {
		got = append(got, l.Name)
	}
	for _, l := range want {
		wantNames = append(wantNames, l.name)
	}
	if strings.Join(got, ",") != strings.Join(wantNames, ",") {
		t.Fatalf("layers = %v, want %v", got, wantNames)
	}
	rows := map[string][]map[string]string{}
	for i, l := range layers {
		if l.GeometryType != want[i].geom {
			t.Errorf("layer %s: geometry %q, want %q", l.Name, l.GeometryType, want[i].geom)
		}
		if want[i].geom != "" && l.SRSID != gpkg.SRSWGS84 {
			t.Errorf("layer %s: srs %d, want 4326", l.Name, l.SRSID)
		}
		s, err := r.Features(context.Background(), l.Name)
		if err != nil {
			t.Fatal(err)
		}
		for s.Scan() {
			f := s.Feature()
			m := map[string]string{}
			for c, col := range l.Columns {
				m[col.Name] = gpkg.ValueText(f.Values[c])
			}
			if f.Geometry != nil {
				m["geom"] = f.Geometry.GeoJSONType()
			}
			rows[l.Name] = append(rows[l.Name], m)
		}
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
		if n := len(rows[l.Name]); n != want[i].rows {
			t.Errorf("layer %s: %d rows read back, want %d", l.Name, n, want[i].rows)
		}
	}
	info := gdaltest.Ogrinfo(t, "-so", "-al", path)
	re := regexp.MustCompile(`Layer name: (\S+)\n(?:.*\n)*?Geometry: ([^\n]+)\nFeature Count: (\d+)\n`)
	var ogr []string
	for _, m := range re.FindAllStringSubmatch(info, -1) {
		ogr = append(ogr, m[1]+"/"+m[2]+"/"+m[3])
	}
	var wantOgr []string
	for _, l := range want {
		wantOgr = append(wantOgr, l.name+"/"+ogrGeometry[l.geom]+"/"+strconv.Itoa(l.rows))
	}
	if strings.Join(ogr, " ") != strings.Join(wantOgr, " ") {
		t.Errorf("ogrinfo sees %v, want %v", ogr, wantOgr)
	}
	gdaltest.Validate(t, path)
	return rows
}

// readJSON decodes a JSON file into v.
func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// sameFile fails t unless the file at path holds b.
func sameFile(t *testing.T, path string, b []byte, what string) {
	t.Helper()
	a, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s: two runs give different GeoPackages (%d and %d bytes)", what, len(a), len(b))
	}
}

// countBy counts rows by the value of column.
func countBy(rows []map[string]string, column string) map[string]int {
	out := map[string]int{}
	for _, r := range rows {
		out[r[column]]++
	}
	return out
}

// TestEmergencyGeoPackage: one post in Porto's centre serving every grid;
// emergency.gpkg of --out holds what emergency.json holds, layer by layer,
// and --format gpkg gives the same bytes again.
func TestEmergencyGeoPackage(t *testing.T) {
	dir := t.TempDir()
	posts := writeFile(t, dir, "posts.csv", "id,name,lon,lat,grid\npost,Posto,-8.6150,41.1440,\nfar,Longe,-8.7,41.3,Sé\nbad,Mau,-8.61,95,\n")
	out := filepath.Join(dir, "out")
	args := []string{"emergency", "--osm", portoOSM, "--grids", "osm:admin_level=9", "--responders", posts, "--skip-bad-rows"}
	run(t, append(args, "--out", out)...)
	var doc struct {
		Grids []struct {
			Grid    string         `json:"grid"`
			Pass    bool           `json:"pass"`
			Beyond  int            `json:"stretches_beyond_budget"`
			Advice  map[string]any `json:"advice"`
			Worst   map[string]any `json:"worst"`
			Reached int            `json:"residents_reached"`
		} `json:"grids"`
		Responders []map[string]any `json:"responders"`
		Residents  []struct {
			Status string `json:"status"`
		} `json:"residents"`
	}
	readJSON(t, filepath.Join(out, "emergency.json"), &doc)
	advice, beyond := 0, 0
	for _, g := range doc.Grids {
		beyond += g.Beyond
		if g.Advice != nil {
			advice++
		}
	}
	if advice == 0 || beyond == 0 {
		t.Fatalf("the run has no advice (%d) or no stretch beyond the budget (%d): nothing to check", advice, beyond)
	}
	path := filepath.Join(out, "emergency.gpkg")
	rows := readGPKG(t, path, []gpkgLayer{
		{"grids", "MULTIPOLYGON", len(doc.Grids)}, {"responders", "POINT", len(doc.Responders)}, {"residents", "POINT", len(doc.Residents)},
		{"advice", "POINT", advice}, {"beyond", "LINESTRING", beyond}, {"report_header", "", len(rows0(t, path))},
	})
	if keys := rows0(t, path); keys[len(keys)-1] != "ledger" {
		t.Errorf("report_header keys = %v, want the skipped row as a ledger line last", keys)
	}
	for i, g := range doc.Grids {
		r := rows["grids"][i]
		if r["grid"] != g.Grid || r["pass"] != map[bool]string{true: "1", false: "0"}[g.Pass] || r["geom"] != "MultiPolygon" ||
			r["worst_minutes"] != strconv.FormatFloat(g.Worst["minutes"].(float64), 'g', -1, 64) || r["promise"] != "15min" ||
			r["worst_responder"] != g.Worst["responder"] || r["residents_reached"] != strconv.Itoa(g.Reached) {
			t.Errorf("grid %d = %v, want %+v", i, r, g)
		}
	}
	statuses := map[string]int{}
	for _, r := range doc.Residents {
		statuses[r.Status]++
	}
	if got := countBy(rows["residents"], "status"); len(got) != len(statuses) || got["reached"] != statuses["reached"] || got["not reached"] != statuses["not reached"] {
		t.Errorf("resident statuses = %v, want %v as in the JSON", got, statuses)
	}
	if r := rows["responders"]; r[0]["placed"] != "1" || r[0]["snap_m"] == "" || r[1]["placed"] != "0" || r[1]["reason"] == "" || r[1]["network_lon"] != "" {
		t.Errorf("responders = %v, want the post placed and the far one not, with its reason", r)
	}
	for _, a := range rows["advice"] {
		if a["geom"] != "Point" || a["minutes"] == "" {
			t.Errorf("advice %v has no point or minutes", a)
		}
	}
	if rows["beyond"][0]["geom"] != "LineString" {
		t.Errorf("beyond = %v", rows["beyond"][0])
	}
	again := run(t, append(args, "--format", "gpkg")...).stdout
	sameFile(t, path, []byte(again), "emergency")
}

// rows0 reads the report_header of path with the project's reader, for
// the expected count (its lines depend on the run's header).
func rows0(t *testing.T, path string) []string {
	t.Helper()
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := r.Features(context.Background(), "report_header")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []string
	for s.Scan() {
		out = append(out, gpkg.ValueText(s.Feature().Values[0]))
	}
	if len(out) < 3 || out[0] != "title" || out[1] != "attribution" {
		t.Errorf("report_header keys = %v, want title, attribution, then the header", out)
	}
	return out
}

// TestVolunteersGeoPackage: registered residents of Monaco, one of them
// off the network, volunteers with capacities and a backup (k 2).
func TestVolunteersGeoPackage(t *testing.T) {
	dir := t.TempDir()
	vols := writeFile(t, dir, "volunteers.csv", "id,lon,lat,capacity\nana,7.4206,43.7314,1\nrui,7.4270,43.7390,2\n")
	residents := writeFile(t, dir, "registered.csv", "id,lon,lat,group\nh1,7.4210,43.7318,elderly\nh2,7.4215,43.7310,elderly\n"+
		"h3,7.4268,43.7392,disabled\nh4,7.4300,43.7450,\nh5,7.4400,43.7400,elderly\n")
	out := filepath.Join(dir, "out")
	args := []string{"volunteers", "--osm", monacoOSM, "--volunteers", vols, "--residents", residents, "--grids", "osm:admin_level=10",
		"--groups", "elderly,disabled", "--k", "2"}
	run(t, append(args, "--out", out)...)
	var doc struct {
		Residents []struct {
			ID       string           `json:"id"`
			Status   string           `json:"status"`
			Reason   string           `json:"reason"`
			Nearest  []map[string]any `json:"nearest"`
			Assigned map[string]any   `json:"assigned"`
		} `json:"residents"`
		Volunteers []map[string]any `json:"volunteers"`
	}
	readJSON(t, filepath.Join(out, "volunteers.json"), &doc)
	lines := 0
	for _, r := range doc.Residents {
		lines += len(r.Nearest)
		if r.Assigned != nil {
			lines++
		}
	}
	path := filepath.Join(out, "volunteers.gpkg")
	// Every resident given: the JSON's registered ones, then h4 of no group.
	rows := readGPKG(t, path, []gpkgLayer{
		{"residents", "POINT", len(doc.Residents) + 1}, {"volunteers", "POINT", len(doc.Volunteers)},
		{"assignments", "LINESTRING", lines}, {"report_header", "", len(rows0(t, path))},
	})
	unroutable := 0
	registered := rows["residents"][:3:3]
	registered = append(registered, rows["residents"][4])
	if g := rows["residents"][3]; g["id"] != "h4" || g["registered"] != "0" || g["status"] != "not in the groups" || g["in_promise"] != "" {
		t.Errorf("h4 = %v, want it listed as not in the groups", g)
	}
	for i, r := range doc.Residents {
		g := registered[i]
		if g["id"] != r.ID || g["status"] != r.Status || g["reason"] != r.Reason {
			t.Errorf("resident %d = %v, want %+v", i, g, r)
		}
		if r.Status == "unroutable" {
			unroutable++
			if g["reason"] == "" || g["in_promise"] != "0" {
				t.Errorf("unroutable resident %v: want the reason and not in the promise", g)
			}
		}
		if r.Assigned != nil && g["assigned_volunteer"] != r.Assigned["volunteer"] {
			t.Errorf("resident %s assigned %q, want %v", r.ID, g["assigned_volunteer"], r.Assigned["volunteer"])
		}
	}
	if unroutable == 0 {
		t.Error("no unroutable resident: h5 stands in the sea")
	}
	if k := countBy(rows["assignments"], "kind"); k["assigned"] == 0 || k["nearest"] == 0 {
		t.Errorf("assignment kinds = %v, want nearest and assigned lines", k)
	}
	if rows["volunteers"][0]["assigned"] == "" || rows["volunteers"][0]["capacity"] != "1" {
		t.Errorf("volunteer ana = %v, want capacity 1 and a count of assigned residents", rows["volunteers"][0])
	}
	again := run(t, append(args, "--format", "gpkg")...).stdout
	sameFile(t, path, []byte(again), "volunteers")
}

// TestIncidentsGeoPackage: Monaco's log, one incident off the grids.
func TestIncidentsGeoPackage(t *testing.T) {
	dir := t.TempDir()
	posts := writeFile(t, dir, "posts.csv", "id,lon,lat,from,to\nrock,7.4206,43.7314,,\nnight,7.4270,43.7390,2024-03-01,\n")
	log := writeFile(t, dir, "log.csv", "id,time,lon,lat,arrival_minutes\n"+
		"1,2024-02-03T10:00:00+01:00,7.4210,43.7318,6\n"+
		"2,2024-03-04T23:10:00+01:00,7.4268,43.7392,4\n"+
		"4,2024-03-07T08:00:00+01:00,7.4215,43.7310,20\n"+
		"3,2024-03-05T11:00:00+01:00,7.5000,43.9000,\n")
	out := filepath.Join(dir, "out")
	args := []string{"incidents", "--incidents", log, "--responders", posts}
	run(t, append(args, "--out", out)...)
	var doc struct {
		Rows []struct {
			Grid      string `json:"grid"`
			Month     string `json:"month"`
			Incidents int    `json:"incidents"`
		} `json:"rows"`
		Incidents []struct {
			ID      string `json:"id"`
			Counted bool   `json:"counted"`
		} `json:"incidents"`
	}
	readJSON(t, filepath.Join(out, "incidents.json"), &doc)
	path := filepath.Join(out, "incidents.gpkg")
	rows := readGPKG(t, path, []gpkgLayer{
		{"incidents", "POINT", len(doc.Incidents)}, {"grids", "MULTIPOLYGON", 9}, {"rows", "", len(doc.Rows)},
		{"report_header", "", len(rows0(t, path))},
	})
	for i, in := range doc.Incidents {
		g := rows["incidents"][i]
		if g["id"] != in.ID || g["counted"] != map[bool]string{true: "1", false: "0"}[in.Counted] {
			t.Errorf("incident %d = %v, want %+v", i, g, in)
		}
		if !in.Counted && g["reason"] == "" {
			t.Errorf("incident %s not counted without a reason", in.ID)
		}
	}
	if g := rows["incidents"][0]; g["time"] != "2024-02-03T10:00:00+01:00" || g["month"] != "2024-02" || g["on_time"] != "1" || g["arrival_minutes"] != "6" {
		t.Errorf("incident 1 = %v", g)
	}
	if g := rows["incidents"][2]; g["on_time"] != "0" {
		t.Errorf("incident 4 arrived after 20 min: on_time = %q", g["on_time"])
	}
	// Each grid's count is the sum of its months in the rows.
	perGrid := map[string]int{}
	total := 0
	for _, r := range doc.Rows {
		if r.Grid != "all" {
			perGrid[r.Grid] += r.Incidents
		} else if r.Month == "all" {
			total = r.Incidents
		}
	}
	sum := 0
	for _, g := range rows["grids"] {
		n, _ := strconv.Atoi(g["incidents"])
		sum += n
		if n != perGrid[g["grid"]] {
			t.Errorf("grid %s: %d incidents, the rows say %d", g["grid"], n, perGrid[g["grid"]])
		}
	}
	if sum != total || total != 3 {
		t.Errorf("grids hold %d incidents, the total row %d, want 3", sum, total)
	}
	again := run(t, append(args, "--format", "gpkg")...).stdout
	sameFile(t, path, []byte(again), "incidents")
}

// TestSiteGeoPackage: three pharmacies for Porto's centre.
func TestSiteGeoPackage(t *testing.T) {
	dir := t.TempDir()
	args := []string{"site", "--osm", portoOSM, "--category", "pharmacy", "--count", "3", "-q"}
	var doc struct {
		Residents int `json:"residents"`
		Existing  int `json:"existing_facilities"`
		Sites     []struct {
			ID              string `json:"id"`
			GainedResidents int    `json:"gained_residents"`
		} `json:"sites"`
		CoveredBefore float64 `json:"covered_before"`
		Unroutable    []any   `json:"unroutable"`
	}
	if err := json.Unmarshal([]byte(run(t, append(args, "--format", "json")...).stdout), &doc); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sites.gpkg")
	run(t, append(args, "--format", "gpkg", "-o", path)...)
	r, err := gpkg.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	facilities := 0
	s, err := r.Features(context.Background(), "facilities")
	if err != nil {
		t.Fatal(err)
	}
	for s.Scan() {
		facilities++
	}
	r.Close()
	if len(doc.Sites) == 0 {
		t.Fatal("no site proposed: nothing to check")
	}
	rows := readGPKG(t, path, []gpkgLayer{
		{"residents", "POINT", doc.Residents}, {"facilities", "POINT", facilities}, {"sites", "POINT", len(doc.Sites)},
		{"report_header", "", len(rows0(t, path))},
	})
	if on := countBy(rows["facilities"], "on_network")["1"]; on != doc.Existing || facilities < doc.Existing {
		t.Errorf("%d facilities on the network of %d, the JSON says %d", on, facilities, doc.Existing)
	}
	var before float64
	gained := map[string]int{}
	for _, res := range rows["residents"] {
		if res["covered_before"] == "1" {
			w, _ := strconv.ParseFloat(res["weight"], 64)
			before += w
		}
		if res["site_rank"] != "" {
			gained[res["site_rank"]]++
			if res["covered_after"] != "1" || res["covered_before"] != "0" {
				t.Errorf("resident %v gained by a site: want covered after, not before", res)
			}
		}
	}
	// Each weight is rounded to three decimals: the sum may be off by
	// half a thousandth per resident.
	if math.Abs(before-doc.CoveredBefore) > 0.0005*float64(len(rows["residents"])) {
		t.Errorf("covered before: %.3f people in the layer, %.3f in the JSON", before, doc.CoveredBefore)
	}
	for k, site := range doc.Sites {
		g := rows["sites"][k]
		if g["rank"] != strconv.Itoa(k+1) || g["id"] != site.ID || g["gained_residents"] != strconv.Itoa(site.GainedResidents) ||
			gained[g["rank"]] != site.GainedResidents {
			t.Errorf("site %d = %v (%d residents say so), want %+v", k+1, g, gained[g["rank"]], site)
		}
	}
	if u := countBy(rows["residents"], "status")["unroutable"]; u != len(doc.Unroutable) {
		t.Errorf("%d unroutable residents in the layer, %d in the JSON", u, len(doc.Unroutable))
	}
	second := filepath.Join(dir, "again.gpkg")
	run(t, append(args, "--format", "gpkg", "-o", second)...)
	b, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	sameFile(t, path, b, "site")
}
