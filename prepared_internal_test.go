package walkshed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/wsn"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/emergency"
)

// The golden prepared files: small.osm (data/osmload/testdata) saved by
// format version 3, and by version 2 (encoding/gob). See
// testdata/prepared/README.md.
var (
	goldenV3 = filepath.Join("testdata", "prepared", "small-v3.wsn")
	goldenV2 = filepath.Join("testdata", "prepared", "small-v2.wsn")
	// format version 3 before the streets section: refused by name
	goldenV3NoStreets = filepath.Join("testdata", "prepared", "small-v3-no-streets.wsn")
	// format version 3 with buildings v1, before the estimate's facts:
	// refused naming the section's version
	goldenV3BuildingsV1 = filepath.Join("testdata", "prepared", "small-v3-buildings-v1.wsn")
)

// TestGoldenPrepared reads a file saved by format version 3 and checks the
// values recorded when it was written. A later walkshed must either read it
// to these same values or refuse it naming the version or the section:
// when a format change makes it unreadable, change this test to expect the
// refusal, and add a golden file of the new version.
func TestGoldenPrepared(t *testing.T) {
	c, err := OpenPrepared(goldenV3)
	if err != nil {
		t.Fatal(err)
	}
	if c.Source() != "small.osm" || c.TimestampString() != "2024-05-01T12:00:00Z" || c.Graph().NumNodes() != 7 || c.Graph().NumEdges() != 6 {
		t.Errorf("source %q at %s, %d nodes, %d edges; want small.osm at 2024-05-01T12:00:00Z, 7 nodes, 6 edges",
			c.Source(), c.TimestampString(), c.Graph().NumNodes(), c.Graph().NumEdges())
	}
	ct := c.contents()
	wantReport := routing.BuildReport{Ways: 6, Nodes: 7, Edges: 6, WalkableMeters: 945.099599688863, Components: 2, Islands: 2,
		IslandEdges: 6, IslandMeters: 945.099609375}
	if ct.Report != wantReport {
		t.Errorf("report %+v, want %+v", ct.Report, wantReport)
	}
	if want := map[string]int{"access=private": 1, "highway=cycleway": 1, "highway=motorway": 1}; !reflect.DeepEqual(ct.DroppedWays, want) || ct.AreaCrossings != 0 {
		t.Errorf("dropped ways %v, %d area crossings; want %v, 0", ct.DroppedWays, ct.AreaCrossings, want)
	}
	if len(ct.Features) != 4 || len(ct.Buildings) != 3 || len(ct.ResidentialLanduse) != 1 || len(ct.Boundaries) != 1 {
		t.Fatalf("%d features, %d buildings, %d landuse areas, %d boundaries; want 4, 3, 1, 1",
			len(ct.Features), len(ct.Buildings), len(ct.ResidentialLanduse), len(ct.Boundaries))
	}
	if f := ct.Features[0]; f.Type != "node" || f.ID != 30 || f.Tags.Find("name") != "Farmácia Central" || f.Tags.Find("amenity") != "pharmacy" ||
		f.Point[0] != 10.0005 || f.Point[1] != 50.0005 {
		t.Errorf("feature 0 is %+v, want node/30, the pharmacy Farmácia Central at 10.0005, 50.0005", f)
	}
	if f := ct.Features[2]; f.Type != "way" || f.ID != 117 || f.Point[1] != 50.004357142857145 {
		t.Errorf("feature 2 is %+v, want way/117 at latitude 50.004357142857145", f)
	}
	if b := ct.Buildings[2]; b.Type != "relation" || b.ID != 200 || b.AreaM2 != 23840.96118437229 || b.Levels != 4.5 || b.Kind != "apartments" || !b.Residential {
		t.Errorf("building 2 is %+v, want relation/200, 23840.96118437229 m², 4.5 levels, residential apartments", b)
	}
	if b := ct.Buildings[1]; b.Kind != "house" || b.Levels != 2 || b.AreaM2 != 79.47309432397422 || b.Point[0] != 10.00105 {
		t.Errorf("building 1 is %+v, want a 2-level house of 79.47309432397422 m² at longitude 10.00105", b)
	}
	if b := ct.Boundaries[0]; b.Name != "Testville" || b.AdminLevel != 10 || b.ID != 300 || len(b.Tags) != 4 || len(b.Geometry) != 1 || len(b.Geometry[0][0]) != 5 {
		t.Errorf("boundary is %+v, want relation/300 Testville, admin level 10, 4 tags, one ring of 5 points", b)
	}
	if len(ct.StreetNames) != 0 { // small.osm names none of its ways
		t.Errorf("street names %v, want none", ct.StreetNames)
	}
	if ring := ct.ResidentialLanduse[0][0][0]; len(ring) != 5 || ring[2][0] != 10.001 || ring[2][1] != 50.004 {
		t.Errorf("landuse ring %v, want 5 points, the third at 10.001, 50.004", ring)
	}
	if b := ct.Buildings[2]; b.Site != "" || b.Uses != 0 || b.POIs != 0 || b.HeightM != 0 || b.Flats != 0 || b.LevelsTag != "" || b.BuildingUse != "" {
		t.Errorf("building 2 is %+v, want no site, uses, POIs, height, flats, levels tag or building:use", b)
	}
	if b := ct.Buildings[0]; b.Kind != "retail" || b.Uses != osmload.UseShop {
		t.Errorf("building 0 is %+v, want retail tagged shop=bakery", b)
	}
	res := population.EstimateHomes(c.buildings, population.Options{}).Residents()
	pop := 0.0
	for _, r := range res {
		pop += r.Weight
	}
	if len(res) != 2 || math.Abs(pop-1790.722) > 1e-3 {
		t.Errorf("%d residents, %.3f people estimated; want 2, 1790.722", len(res), pop)
	}
	// every value came back exactly: encoding them again gives the file's
	// own sections
	f, err := routing.ReadFile(mustRead(t, goldenV3), wsn.Specs()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range wsn.Encode(ct) {
		b, err := f.Section(s.Name)
		if err != nil || string(b) != string(s.Data) {
			t.Errorf("section %s encoded again differs from the golden file's (err %v)", s.Name, err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGoldenV2Refused: a file of the gob era is refused, naming the path
// and the version, by every way of opening it.
func TestGoldenV2Refused(t *testing.T) {
	opens := map[string]func(string) (*City, error){
		"Open":                func(p string) (*City, error) { return Open(context.Background(), p, OpenOptions{}) },
		"OpenPrepared":        OpenPrepared,
		"OpenPreparedNetwork": OpenPreparedNetwork,
	}
	for name, open := range opens {
		_, err := open(goldenV2)
		if !errors.Is(err, routing.ErrFileFormat) || !strings.Contains(err.Error(), goldenV2+": ") ||
			!strings.Contains(err.Error(), "format version 2, this walkshed reads version 3") {
			t.Errorf("%s(%s) error = %v, want ErrFileFormat naming the file and format version 2", name, goldenV2, err)
		}
	}
}

// TestGoldenNoStreetsRefused: a version 3 file written before the streets
// section is refused, naming the path and the missing section, by every
// way of opening it: a city without its street names would name no street
// in emergency reports.
func TestGoldenNoStreetsRefused(t *testing.T) {
	opens := map[string]func(string) (*City, error){
		"Open":                func(p string) (*City, error) { return Open(context.Background(), p, OpenOptions{}) },
		"OpenPrepared":        OpenPrepared,
		"OpenPreparedNetwork": OpenPreparedNetwork,
		"LoadPrepared":        LoadPrepared,
	}
	// The golden file has buildings v1 too, which is refused first since
	// buildings v2; the same sections without streets, written now, test
	// the missing section.
	c, sections := savedSmall(t)
	var secs []routing.Section
	for _, s := range sections {
		if s.Name != "streets" {
			secs = append(secs, s)
		}
	}
	noStreets := filepath.Join(t.TempDir(), "no-streets.wsn")
	if err := atomicfile.Write(noStreets, func(w io.Writer) error { return c.Graph().WriteFile(w, secs...) }); err != nil {
		t.Fatal(err)
	}
	for name, open := range opens {
		for path, want := range map[string]string{goldenV3NoStreets: "section buildings v1: unsupported version", noStreets: "section streets missing"} {
			_, err := open(path)
			if !errors.Is(err, routing.ErrFileFormat) || !strings.Contains(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
				t.Errorf("%s(%s) error = %v, want ErrFileFormat naming the file and %q", name, path, err, want)
			}
		}
	}
}

// sectionVersion is the version this walkshed writes of a section (the
// graph section is v1).
func sectionVersion(name string) int {
	for _, s := range wsn.Specs() {
		if s.Name == name {
			return int(s.Version)
		}
	}
	return 1
}

// TestGoldenBuildingsV1Refused: a file whose buildings section is v1,
// without the facts the estimate's rules read (land use, uses, service
// points inside), is refused naming the section and its version: read, it
// would estimate different residents.
func TestGoldenBuildingsV1Refused(t *testing.T) {
	opens := map[string]func(string) (*City, error){
		"Open":         func(p string) (*City, error) { return Open(context.Background(), p, OpenOptions{}) },
		"OpenPrepared": OpenPrepared,
		"LoadPrepared": LoadPrepared,
	}
	for name, open := range opens {
		_, err := open(goldenV3BuildingsV1)
		if !errors.Is(err, routing.ErrFileFormat) || !strings.Contains(err.Error(), goldenV3BuildingsV1+": ") ||
			!strings.Contains(err.Error(), "section buildings v1: unsupported version") {
			t.Errorf("%s(%s) error = %v, want ErrFileFormat naming the file and section buildings version 1", name, goldenV3BuildingsV1, err)
		}
	}
}

// TestPreparedStreetNames: a city opened from its .wsn knows the same
// street names as the city built from OSM, and gives the same emergency
// report, worst points named by street.
func TestPreparedStreetNames(t *testing.T) {
	ctx := context.Background()
	city, err := OpenSample(ctx, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monaco.wsn")
	if err := city.Save(path); err != nil {
		t.Fatal(err)
	}
	prepared, err := OpenPrepared(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(city.streetNames) < 100 {
		t.Fatalf("the sample names %d streets; want the hundreds Monaco has", len(city.streetNames))
	}
	for _, s := range city.streetNames {
		if got := prepared.StreetName(s.Way); got != s.Name {
			t.Fatalf("way %d: prepared city names it %q, built %q", s.Way, got, s.Name)
		}
	}
	reportOf := func(c *City) string {
		t.Helper()
		police, err := c.OSMResponderSet("amenity=police")
		if err != nil {
			t.Fatal(err)
		}
		residents, err := c.EstimateResidents(population.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := c.RunEmergency(ctx, EmergencyRequest{Responders: police, Residents: residents, Grids: AdminLevel{Level: 10},
			Options: emergency.Options{Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard}})
		if err != nil {
			t.Fatal(err)
		}
		rep.Header = report.Header{} // the network's name differs: OSM file, prepared file
		var b strings.Builder
		if err := report.WriteEmergency("json", &b, rep); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	built, fromFile := reportOf(city), reportOf(prepared)
	if !strings.Contains(built, `"street": "`) {
		t.Fatal("the built city's report names no street; the test shows nothing")
	}
	if built != fromFile {
		t.Errorf("the emergency report of the prepared city differs from the built city's:\n%.2000s\n---\n%.2000s", fromFile, built)
	}
}

// TestPreparedRoundTrip saves the sample city and opens it: everything
// beside the graph comes back equal, and so does the resident estimate
// (the figure gob once lost to a renamed field).
func TestPreparedRoundTrip(t *testing.T) {
	city, err := OpenSample(context.Background(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monaco.wsn")
	if err := city.Save(path); err != nil {
		t.Fatal(err)
	}
	prepared, err := OpenPrepared(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(prepared.contents(), city.contents()) {
		t.Error("the contents of the prepared city differ from the built city's")
	}
	if prepared.Source() != filepath.Base(city.Source()) || !prepared.Timestamp().Equal(city.Timestamp()) {
		t.Errorf("prepared source %q at %v, built %q at %v", prepared.Source(), prepared.Timestamp(), city.Source(), city.Timestamp())
	}
	got := population.EstimateHomes(prepared.buildings, population.Options{})
	want := population.EstimateHomes(city.buildings, population.Options{})
	if !reflect.DeepEqual(got, want) || len(want.Homes) == 0 {
		t.Errorf("prepared city estimates %d homes, built %d", len(got.Homes), len(want.Homes))
	}
}

// mapped reports whether this process has path mapped into memory, from
// /proc/self/maps; the test is skipped where there is no such file.
func mapped(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasSuffix(sc.Text(), " "+path) {
			return true
		}
	}
	return false
}

// savedSmall opens small.osm and returns the city and its sections.
func savedSmall(t *testing.T) (*City, []routing.Section) {
	t.Helper()
	c, err := OpenOSM(context.Background(), filepath.Join("data", "osmload", "testdata", "small.osm"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c, wsn.Encode(c.contents())
}

// TestPreparedSectionUndecodable writes files where one section, its
// checksum right, does not decode (a byte too many): opening the city
// fails naming the file and the section, and leaves the file unmapped;
// opening only the network succeeds.
func TestPreparedSectionUndecodable(t *testing.T) {
	c, sections := savedSmall(t)
	dir, err := filepath.EvalSymlinks(t.TempDir()) // /proc/self/maps shows the real path
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sections {
		t.Run(s.Name, func(t *testing.T) {
			secs := append([]routing.Section(nil), sections...)
			secs[i].Data = append(append([]byte(nil), s.Data...), 0)
			path := filepath.Join(dir, s.Name+".wsn")
			if err := atomicfile.Write(path, func(w io.Writer) error { return c.Graph().WriteFile(w, secs...) }); err != nil {
				t.Fatal(err)
			}
			_, err := OpenPrepared(path)
			if want := fmt.Sprintf("%s: routing: not a valid prepared network file: section %s v%d: ", path, s.Name, s.Version); !errors.Is(err, routing.ErrFileFormat) || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("OpenPrepared error = %v, want ErrFileFormat starting %q", err, want)
			}
			if mapped(t, path) {
				t.Error("the file stays mapped after its section failed to decode")
			}
			if _, err := OpenPreparedNetwork(path); err != nil {
				t.Errorf("OpenPreparedNetwork: %v (the section is not read)", err)
			}
			if !mapped(t, path) {
				t.Error("the opened network is not mapped: the test cannot see mappings")
			}
		})
	}
}

// TestPreparedByteFlipped changes one byte in the middle of each section
// of a saved file: the checksum catches it, naming the section; a network
// open skips the other sections, so only a graph change stops it.
func TestPreparedByteFlipped(t *testing.T) {
	c, _ := savedSmall(t)
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.wsn")
	if err := c.Save(good); err != nil {
		t.Fatal(err)
	}
	data := mustRead(t, good)
	f, err := routing.ReadFile(data, wsn.Specs()...)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"graph"}
	for _, s := range wsn.Specs() {
		names = append(names, s.Name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var sec []byte
			if name == "graph" {
				sec = sectionOf(t, data, name)
			} else if sec, err = f.Section(name); err != nil {
				t.Fatal(err)
			}
			bad := append([]byte(nil), data...)
			at := offsetIn(data, sec) + len(sec)/2
			bad[at] ^= 0x10
			path := filepath.Join(dir, name+".wsn")
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := OpenPrepared(path)
			if want := fmt.Sprintf("section %s v%d: checksum mismatch", name, sectionVersion(name)); !errors.Is(err, routing.ErrFileFormat) || !strings.Contains(err.Error(), want) {
				t.Errorf("OpenPrepared error = %v, want ErrFileFormat mentioning %q", err, want)
			}
			if mapped(t, path) {
				t.Error("the file stays mapped after it was refused")
			}
			_, err = OpenPreparedNetwork(path)
			if (name == "graph") != (err != nil) {
				t.Errorf("OpenPreparedNetwork error = %v", err)
			}
		})
	}
}

// sectionOf finds the graph section of data by its table entry (the first).
func sectionOf(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	e := data[24:64]
	if string(e[:len(name)]) != name {
		t.Fatalf("first section is %q, want %s", e[:16], name)
	}
	le := func(b []byte) int {
		v := 0
		for i := 7; i >= 0; i-- {
			v = v<<8 | int(b[i])
		}
		return v
	}
	off, n := le(e[24:32]), le(e[32:40])
	return data[off : off+n]
}

// offsetIn is the offset of sub, a sub-slice of data, in data.
func offsetIn(data, sub []byte) int {
	return int(reflect.ValueOf(sub).Pointer() - reflect.ValueOf(data).Pointer())
}
