package osmload_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/osmload/internal/pbftest"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

const (
	monacoPBF = "../../testdata/monaco-2026-03-10.osm.pbf"
	portoPBF  = "../../testdata/porto-centre-2020-07-20.osm.pbf"
	sharedOSM = "../../../shared/data/osm/" // the shared extracts beside the checkout; tests skip without them
	smallXML  = "testdata/small.osm"
)

func read(t *testing.T, path string, opts osmload.Options) *osmload.Extract {
	t.Helper()
	ex, err := osmload.Read(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return ex
}

// near reports whether a and b differ by at most tol relative to b.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Abs(b) }

// checkInvariants asserts what must hold for every extract: each way node
// has coordinates, points lie within the nodes' bounds, shells are
// counter-clockwise and holes clockwise.
func checkInvariants(t *testing.T, ex *osmload.Extract) {
	t.Helper()
	for _, w := range ex.Network.Ways {
		if len(w.Nodes) < 2 {
			t.Errorf("way %d has %d nodes", w.ID, len(w.Nodes))
		}
		for _, id := range w.Nodes {
			if _, ok := ex.Network.Node(id); !ok {
				t.Fatalf("way %d: node %d has no coordinates", w.ID, id)
			}
		}
	}
	nb := ex.NodeBounds
	for _, f := range ex.Features {
		if !nb.Contains(f.Point) {
			t.Errorf("feature %s/%d at %v outside the node bounds %v", f.Type, f.ID, f.Point, nb)
		}
	}
	for _, b := range ex.Buildings {
		if !nb.Contains(b.Point) || b.AreaM2 < 0 {
			t.Errorf("building %s/%d at %v, %g m², want inside %v with area >= 0", b.Type, b.ID, b.Point, b.AreaM2, nb)
		}
	}
	for _, b := range ex.Boundaries {
		for _, pg := range b.Geometry {
			for i, r := range pg {
				if want := i == 0; (r.Orientation() == orb.CCW) != want {
					t.Errorf("boundary %d: ring %d orientation %v, want counter-clockwise=%v", b.ID, i, r.Orientation(), want)
				}
			}
		}
	}
}

func TestReadXML(t *testing.T) {
	for _, path := range []string{smallXML, smallXML + ".bz2", gzipped(t, smallXML)} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ex := read(t, path, osmload.Options{})
			checkInvariants(t, ex)
			if ex.Format != "xml" || ex.Source != path {
				t.Errorf("Format, Source = %q, %q, want xml, %q", ex.Format, ex.Source, path)
			}
			if want := (osmload.Counts{Nodes: 48, Ways: 18, Relations: 3}); ex.Counts != want {
				t.Errorf("Counts = %+v, want %+v", ex.Counts, want)
			}
			if want := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC); !ex.Timestamp.Equal(want) {
				t.Errorf("Timestamp = %v, want %v (newest element)", ex.Timestamp, want)
			}
			if want := (orb.Bound{Min: orb.Point{10, 50}, Max: orb.Point{10.01, 50.01}}); ex.Bounds != want {
				t.Errorf("Bounds = %v, want %v from <bounds>", ex.Bounds, want)
			}
			if want := (orb.Bound{Min: orb.Point{10, 50}, Max: orb.Point{10.01, 50.009}}); ex.NodeBounds != want {
				t.Errorf("NodeBounds = %v, want %v", ex.NodeBounds, want)
			}

			flags := map[int64]routing.EdgeFlags{}
			for _, w := range ex.Network.Ways {
				flags[w.ID] = w.Flags
			}
			wantFlags := map[int64]routing.EdgeFlags{100: routing.FlagUnpaved, 101: routing.FlagSteps, 102: routing.FlagRough,
				104: 0, 106: 0, 107: routing.FlagArea}
			if len(flags) != len(wantFlags) {
				t.Errorf("walkable ways %v, want %v", flags, wantFlags)
			}
			for id, f := range wantFlags {
				if got, ok := flags[id]; !ok || got != f {
					t.Errorf("way %d: flags %b (walkable %v), want %b", id, got, ok, f)
				}
			}
			if want := map[string]int{"highway=cycleway": 1, "access=private": 1, "highway=motorway": 1}; !equalCounts(ex.DroppedWays, want) {
				t.Errorf("DroppedWays = %v, want %v", ex.DroppedWays, want)
			}
			if n := node(ex, 2); n.Flags != routing.FlagCrossing || n.Point != (orb.Point{10.001, 50}) {
				t.Errorf("node 2 = %+v, want a crossing (lowered kerb) at 10.001 50", n)
			}
			if n := node(ex, 3); n.Flags != routing.FlagKerbRaised {
				t.Errorf("node 3 flags = %b, want raised kerb", n.Flags)
			}
			if ex.Network.NumNodes() != 12 {
				t.Errorf("%d network nodes, want 12 (1-8 and the square 10-13)", ex.Network.NumNodes())
			}
			if ex.AreaCrossings != 0 {
				t.Errorf("AreaCrossings = %d, want 0: the square 107 has no entrance", ex.AreaCrossings)
			}

			checkSmallFeatures(t, ex.Features)
			checkSmallBuildings(t, ex.Buildings)
			if len(ex.ResidentialLanduse) != 1 || len(ex.ResidentialLanduse[0]) != 1 ||
				ex.ResidentialLanduse[0][0][0].Orientation() != orb.CCW {
				t.Errorf("ResidentialLanduse = %v, want one counter-clockwise square", ex.ResidentialLanduse)
			}
			if ex.IncompleteBoundaries != 1 || len(ex.Boundaries) != 1 {
				t.Fatalf("%d boundaries, %d incomplete, want 1 and 1", len(ex.Boundaries), ex.IncompleteBoundaries)
			}
			b := ex.Boundaries[0]
			if b.Type != "relation" || b.ID != 300 || b.Name != "Testville" || b.AdminLevel != 10 ||
				len(b.Geometry) != 1 || len(b.Geometry[0]) != 1 || len(b.Geometry[0][0]) != 5 {
				t.Errorf("boundary = %+v, want relation 300 Testville level 10, one ring of 5 points", b)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func checkSmallFeatures(t *testing.T, fs []osmload.Feature) {
	t.Helper()
	want := []struct {
		typ string
		id  int64
		pt  orb.Point
	}{
		{"node", 30, orb.Point{10.0005, 50.0005}},
		{"way", 110, orb.Point{10.0004, 50.002}}, // entrance=main beats entrance=service
		{"way", 117, orb.Point{}},                // checked below
		{"way", 118, orb.Point{10.009, 50.0075}}, // middle of an open way
	}
	if len(fs) != len(want) {
		t.Fatalf("%d features, want %d: %+v", len(fs), len(want), fs)
	}
	for i, w := range want {
		f := fs[i]
		if f.Type != w.typ || f.ID != w.id || (w.pt != orb.Point{} && (math.Abs(f.Point[0]-w.pt[0]) > 1e-9 || math.Abs(f.Point[1]-w.pt[1]) > 1e-9)) {
			t.Errorf("feature %d = %s/%d at %v, want %s/%d at %v", i, f.Type, f.ID, f.Point, w.typ, w.id, w.pt)
		}
	}
	if got := fs[0].Tags.Find("name"); got != "Farmácia Central" {
		t.Errorf("pharmacy name = %q, want Farmácia Central (full tags kept)", got)
	}
	// The U's centroid (10.0075, 50.00436) is in the gap between its arms;
	// the point must be inside one arm, at the centroid's latitude.
	p := fs[2].Point
	inArm := (p[0] > 10.006 && p[0] < 10.007) || (p[0] > 10.008 && p[0] < 10.009)
	if !inArm || math.Abs(p[1]-50.0043571) > 1e-6 {
		t.Errorf("school point %v, want inside an arm of the U at latitude 50.0043571", p)
	}
}

func checkSmallBuildings(t *testing.T, bs []osmload.Building) {
	t.Helper()
	if len(bs) != 3 {
		t.Fatalf("%d buildings, want 3: %+v", len(bs), bs)
	}
	// A rectangle of dlon × dlat degrees at latitude lat, in m².
	rect := func(dlon, dlat, lat float64) float64 {
		m := geo.EarthRadius * math.Pi / 180
		return dlon * m * math.Cos(lat*math.Pi/180) * dlat * m
	}
	house := bs[1]
	if house.Type != "way" || house.ID != 111 || house.Kind != "house" || !house.Residential || house.Levels != 2 ||
		!near(house.AreaM2, rect(0.0001, 0.0001, 50.002), 0.005) {
		t.Errorf("house = %+v, want way 111, house, residential, 2 levels, %.1f m²", house, rect(0.0001, 0.0001, 50.002))
	}
	if bs[0].ID != 110 || bs[0].Kind != "retail" || bs[0].Residential || bs[0].Levels != 0 {
		t.Errorf("bakery building = %+v, want way 110 retail, 0 levels", bs[0])
	}
	mp := bs[2]
	want := rect(0.002, 0.002, 50.004) - rect(0.001, 0.001, 50.004)
	if mp.Type != "relation" || mp.ID != 200 || mp.Kind != "apartments" || mp.Levels != 4.5 || !near(mp.AreaM2, want, 0.005) {
		t.Errorf("multipolygon building = %+v, want relation 200 apartments, 4.5 levels, %.0f m² (hole subtracted)", mp, want)
	}
	// its centroid is in the hole: the point must be in the ring around it
	p := mp.Point
	if p[0] < 10.002 || p[0] > 10.004 || p[1] < 50.003 || p[1] > 50.005 ||
		(p[0] > 10.0025 && p[0] < 10.0035 && p[1] > 50.0035 && p[1] < 50.0045) {
		t.Errorf("multipolygon building point %v, want inside the outer square and outside the hole", p)
	}
}

func gzipped(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	out := filepath.Join(t.TempDir(), "small.osm.gz")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDropSeparateSidewalkRoads(t *testing.T) {
	ex := read(t, smallXML, osmload.Options{DropSeparateSidewalkRoads: true})
	for _, w := range ex.Network.Ways {
		if w.ID == 102 {
			t.Errorf("way 102 (sidewalk=separate) kept with DropSeparateSidewalkRoads")
		}
	}
	if len(ex.Network.Ways) != 5 || ex.DroppedWays["sidewalk=separate"] != 1 {
		t.Errorf("%d ways, dropped %v, want 5 ways and sidewalk=separate:1", len(ex.Network.Ways), ex.DroppedWays)
	}
}

// simpleCounts scans a file for the counts SOURCES.md reports: ways whose
// highway is one of twelve walkable values, ignoring access tags.
func simpleWalkable(tags osm.Tags) bool {
	switch tags.Find("highway") {
	case "footway", "path", "pedestrian", "residential", "living_street", "service", "steps",
		"tertiary", "secondary", "primary", "unclassified", "track":
		return true
	}
	return false
}

func TestReadMonaco(t *testing.T) {
	ex := read(t, monacoPBF, osmload.Options{})
	checkInvariants(t, ex)
	if want := (osmload.Counts{Nodes: 41361, Ways: 6180, Relations: 346}); ex.Counts != want {
		t.Errorf("Counts = %+v, want %+v (SOURCES.md)", ex.Counts, want)
	}
	if want := time.Date(2026, 3, 10, 21, 21, 21, 0, time.UTC); !ex.Timestamp.Equal(want) {
		t.Errorf("Timestamp = %v, want the header's %v", ex.Timestamp, want)
	}
	if want := (orb.Bound{Min: orb.Point{7.408583, 43.483817}, Max: orb.Point{7.595671, 43.75293}}); !boundNear(ex.Bounds, want) {
		t.Errorf("Bounds = %v, want the header's %v", ex.Bounds, want)
	}
	checkWalkable(t, monacoPBF, ex, 3534)
	quarters := map[string]float64{}
	var monaco float64
	for _, b := range ex.Boundaries {
		switch b.AdminLevel {
		case 10:
			quarters[b.Name] = geoArea(b.Geometry)
		case 8:
			monaco = geoArea(b.Geometry)
		}
	}
	if len(quarters) != 9 || quarters["Monte-Carlo"] == 0 || quarters["Monaco-Ville"] == 0 || quarters["Fontvieille"] == 0 {
		t.Errorf("admin_level=10 quarters %v, want the 9 of SOURCES.md with Monte-Carlo, Monaco-Ville, Fontvieille", quarters)
	}
	var sum float64
	for _, a := range quarters {
		sum += a
	}
	if sum < 1.9e6 || sum > 2.6e6 || !near(sum, monaco, 0.02) {
		t.Errorf("quarters cover %.2f km², Monaco %.2f km², want about 2 km² and equal within 2%%", sum/1e6, monaco/1e6)
	}
	if n := count(ex.Features, "amenity", "pharmacy"); n != 18 {
		t.Errorf("%d pharmacies, want 18 (SOURCES.md)", n)
	}
	if n := count(ex.Features, "shop", ""); n != 260 {
		t.Errorf("%d shops, want 260 (SOURCES.md)", n)
	}
	if len(ex.ResidentialLanduse) != 13 {
		t.Errorf("%d residential areas, want 13", len(ex.ResidentialLanduse))
	}
}

func TestReadPorto(t *testing.T) {
	ex := read(t, portoPBF, osmload.Options{})
	checkInvariants(t, ex)
	if want := (osmload.Counts{Nodes: 85149, Ways: 22606, Relations: 344}); ex.Counts != want {
		t.Errorf("Counts = %+v, want %+v (SOURCES.md)", ex.Counts, want)
	}
	checkWalkable(t, portoPBF, ex, 4548)
	if n := count(ex.Features, "amenity", "pharmacy"); n != 44 {
		t.Errorf("%d pharmacies, want 44 (SOURCES.md)", n)
	}
	if n := count(ex.Features, "shop", ""); n != 1204 {
		t.Errorf("%d shops, want 1204 (SOURCES.md)", n)
	}
	if n := count(ex.Features, "shop", "supermarket"); n != 35 {
		t.Errorf("%d supermarkets, want 35 (SOURCES.md)", n)
	}
	if len(ex.Buildings) != 11404 || len(ex.ResidentialLanduse) != 199 {
		t.Errorf("%d buildings, %d residential areas, want 11404 and 199 (SOURCES.md)", len(ex.Buildings), len(ex.ResidentialLanduse))
	}
	res, levels := 0, 0
	for _, b := range ex.Buildings {
		if b.Residential {
			res++
		}
		if b.Levels > 0 {
			levels++
		}
	}
	if res != 1754 || !near(float64(levels), 664, 0.01) {
		t.Errorf("%d residential buildings, %d with levels, want 1754 and about 664 (SOURCES.md)", res, levels)
	}
	names := map[string]bool{}
	for _, b := range ex.Boundaries {
		if b.AdminLevel == 9 {
			names[b.Name] = true
		}
	}
	if len(names) != 4 || !names["Sé"] || !names["Vitória"] || !names["São Nicolau"] || !names["Miragaia"] {
		t.Errorf("admin_level=9 boundaries %v, want Sé, Vitória, São Nicolau, Miragaia", names)
	}
	if ex.IncompleteBoundaries == 0 {
		t.Errorf("no incomplete boundaries, want the clipped freguesias counted")
	}
}

// TestReadCountries checks boundary counts of the larger shared extracts,
// when present.
func TestReadCountries(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, tc := range []struct {
		file       string
		level      int
		ways, rels int
		walkable   int // SOURCES.md simple count
		pharmacies int
	}{
		{"andorra-2021-10-28.osm.pbf", 7, 0, 7, 4838, 30},
		{"malta-2016-11-09.osm.pbf", 8, 54, 5, 20287, 71},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := sharedOSM + tc.file
			if _, err := os.Stat(path); err != nil {
				t.Skip(err)
			}
			ex := read(t, path, osmload.Options{})
			checkInvariants(t, ex)
			ways, rels := 0, 0
			for _, b := range ex.Boundaries {
				if b.AdminLevel == tc.level && b.Type == "way" {
					ways++
				} else if b.AdminLevel == tc.level {
					rels++
				}
			}
			if ways != tc.ways || rels != tc.rels {
				t.Errorf("admin_level=%d: %d ways, %d relations, want %d and %d", tc.level, ways, rels, tc.ways, tc.rels)
			}
			if n := count(ex.Features, "amenity", "pharmacy"); n != tc.pharmacies {
				t.Errorf("%d pharmacies, want %d", n, tc.pharmacies)
			}
			checkWalkable(t, path, ex, tc.walkable)
		})
	}
}

func boundNear(a, b orb.Bound) bool {
	return math.Abs(a.Min[0]-b.Min[0]) < 1e-9 && math.Abs(a.Min[1]-b.Min[1]) < 1e-9 &&
		math.Abs(a.Max[0]-b.Max[0]) < 1e-9 && math.Abs(a.Max[1]-b.Max[1]) < 1e-9
}

// count counts features tagged key=value (any value when value is "").
func count(fs []osmload.Feature, key, value string) int {
	n := 0
	for _, f := range fs {
		if v := f.Tags.Find(key); v != "" && (value == "" || v == value) {
			n++
		}
	}
	return n
}

// geoArea is the area of a multipolygon in m², computed apart from the
// package: shells minus holes in a projection centred on each ring.
func geoArea(mp orb.MultiPolygon) float64 {
	var total float64
	for _, pg := range mp {
		for i, r := range pg {
			pr := geo.NewProjection(r.Bound().Center())
			var a float64
			for j := 0; j+1 < len(r); j++ {
				x0, y0 := pr.Forward(r[j])
				x1, y1 := pr.Forward(r[j+1])
				a += x0*y1 - x1*y0
			}
			if i == 0 {
				total += math.Abs(a) / 2
			} else {
				total -= math.Abs(a) / 2
			}
		}
	}
	return total
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	monaco, err := os.ReadFile(monacoPBF)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(monaco[:2000])
	zw.Close()
	small, err := os.ReadFile(smallXML)
	if err != nil {
		t.Fatal(err)
	}
	lzma := append(pbftest.File{}.Header(), pbftest.Frame("OSMData", pbftest.Msg{}.Varint(2, 3).Bytes(4, []byte{1, 2, 3}))...)
	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"missing", filepath.Join(dir, "missing.osm.pbf"), fs.ErrNotExist},
		{"directory", dir, osmload.ErrFormat},
		{"empty", write("empty.osm.pbf", nil), osmload.ErrEmpty},
		{"white space", write("blank.osm", []byte("  \n\t\n")), osmload.ErrEmpty},
		{"truncated monaco", write("cut.osm.pbf", monaco[:len(monaco)/2]), osmload.ErrTruncated},
		{"monaco prefix of 3 bytes", write("cut3.osm.pbf", monaco[:3]), osmload.ErrTruncated},
		{"monaco block corrupted", write("corrupt.osm.pbf", corrupt(monaco)), osmload.ErrFormat},
		{"random bytes", write("random.bin", random), osmload.ErrFormat},
		{"random bytes named pbf", write("random.osm.pbf", random), osmload.ErrFormat},
		{"gzip garbage", write("garbage.osm.gz", append([]byte{0x1f, 0x8b}, random[:100]...)), osmload.ErrFormat},
		{"gzipped pbf", write("monaco.osm.pbf.gz", gz.Bytes()), osmload.ErrUnsupported},
		{"bzip2 garbage", write("garbage.osm.bz2", append([]byte("BZh9"), random[:100]...)), osmload.ErrFormat},
		{"xml malformed", write("bad.osm", []byte(`<osm><node id="1" lat="1" lon="2"></way></osm>`)), osmload.ErrFormat},
		{"xml truncated", write("cut.osm", small[:len(small)/2]), osmload.ErrTruncated},
		{"xml not osm", write("page.osm", []byte("<html><body>hello</body></html>")), osmload.ErrFormat},
		{"xml bad coordinates", write("far.osm", []byte(`<osm><node id="1" lat="91" lon="2"/></osm>`)), osmload.ErrFormat},
		{"lzma pbf", write("lzma.osm.pbf", lzma), osmload.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex, err := osmload.Read(context.Background(), tc.path, osmload.Options{})
			if err == nil {
				t.Fatalf("Read(%s) = %d ways, nil error, want %v", tc.name, len(ex.Network.Ways), tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Read(%s) error %q, want %v", tc.name, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q does not name the file %s", err, tc.path)
			}
			var pe *osmload.ParseError
			if tc.want != fs.ErrNotExist && (!errors.As(err, &pe) || pe.Path != tc.path) {
				t.Errorf("error %q is not a *ParseError for %s", err, tc.path)
			}
		})
	}
}

// corrupt returns a copy of a PBF file with bytes in the middle of its last
// block's zlib data flipped.
func corrupt(data []byte) []byte {
	out := bytes.Clone(data)
	for i := len(out) - 200; i < len(out)-100; i++ {
		out[i] ^= 0x5a
	}
	return out
}

// TestPlainNodes reads a PBF whose nodes are plain Node messages, not
// DenseNodes (paulmach/osm v0.8.0 panics on those).
func TestPlainNodes(t *testing.T) {
	f := pbftest.File{
		PlainNodes: true,
		Nodes: []pbftest.Node{
			{ID: 1, Lon: 1.0, Lat: 2.0, Timestamp: 1500000000},
			{ID: 2, Lon: 1.001, Lat: 2.0, Tags: osm.Tags{{Key: "highway", Value: "crossing"}}},
			{ID: 3, Lon: 1.002, Lat: 2.0, Tags: osm.Tags{{Key: "amenity", Value: "pharmacy"}}, Timestamp: 1600000000},
		},
		Ways: []pbftest.Way{{ID: 7, Refs: []int64{1, 2, 3}, Tags: osm.Tags{{Key: "highway", Value: "footway"}}}},
	}
	path := filepath.Join(t.TempDir(), "plain.osm.pbf")
	if err := os.WriteFile(path, f.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ex := read(t, path, osmload.Options{})
	checkInvariants(t, ex)
	if ex.Format != "pbf" || len(ex.Network.Ways) != 1 || ex.Network.NumNodes() != 3 ||
		node(ex, 2).Flags != routing.FlagCrossing || node(ex, 3).Point != (orb.Point{1.002, 2}) {
		t.Errorf("network = %+v, want way 7 over nodes 1-3, node 2 a crossing", ex.Network)
	}
	if len(ex.Features) != 1 || ex.Features[0].ID != 3 {
		t.Errorf("features = %+v, want node 3", ex.Features)
	}
	if ex.Timestamp.Unix() != 1600000000 {
		t.Errorf("Timestamp = %v, want the newest node's", ex.Timestamp)
	}
}

// TestMissingNodes checks that a way is cut at nodes absent from the file.
func TestMissingNodes(t *testing.T) {
	f := pbftest.File{
		Nodes: []pbftest.Node{{ID: 1, Lon: 1, Lat: 2}, {ID: 2, Lon: 1.001, Lat: 2}, {ID: 4, Lon: 1.003, Lat: 2}, {ID: 5, Lon: 1.004, Lat: 2}},
		Ways:  []pbftest.Way{{ID: 7, Refs: []int64{1, 2, 3, 4, 5, 6}, Tags: osm.Tags{{Key: "highway", Value: "path"}}}},
	}
	path := filepath.Join(t.TempDir(), "clip.osm.pbf")
	if err := os.WriteFile(path, f.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ex := read(t, path, osmload.Options{})
	checkInvariants(t, ex)
	if len(ex.Network.Ways) != 2 || ex.MissingNodes != 2 ||
		len(ex.Network.Ways[0].Nodes) != 2 || ex.Network.Ways[1].Nodes[0] != 4 {
		t.Errorf("ways %+v, %d missing, want [1 2] and [4 5], 2 missing", ex.Network.Ways, ex.MissingNodes)
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{monacoPBF, smallXML} {
		if _, err := osmload.Read(ctx, path, osmload.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("Read(%s) with a cancelled context: %v, want context.Canceled", path, err)
		}
	}
}

// TestUnsortedPBF reads a file whose boundary relation sits in the node
// block, before the ways: the first pass misses it, and Read must notice and
// read again.
func TestUnsortedPBF(t *testing.T) {
	for _, unsorted := range []bool{false, true} {
		f := pbftest.File{
			Nodes: []pbftest.Node{{ID: 1, Lon: 1, Lat: 2}, {ID: 2, Lon: 1.01, Lat: 2}, {ID: 3, Lon: 1.01, Lat: 2.01}},
			Ways:  []pbftest.Way{{ID: 10, Refs: []int64{1, 2, 3, 1}}},
			Relations: []pbftest.Relation{{ID: 20, Members: []pbftest.Member{{Type: osm.TypeWay, Ref: 10, Role: "outer"}},
				Tags: osm.Tags{{Key: "type", Value: "boundary"}, {Key: "boundary", Value: "administrative"},
					{Key: "admin_level", Value: "8"}, {Key: "name", Value: "Triangle"}}}},
			RelationsInNodeBlock: unsorted,
		}
		path := filepath.Join(t.TempDir(), "unsorted.osm.pbf")
		if err := os.WriteFile(path, f.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		ex := read(t, path, osmload.Options{})
		if len(ex.Boundaries) != 1 || ex.Boundaries[0].Name != "Triangle" || ex.Counts.Relations != 1 {
			t.Errorf("unsorted=%v: boundaries %+v, %d relations, want Triangle, 1", unsorted, ex.Boundaries, ex.Counts.Relations)
		}
	}
}

// node returns a network node of ex, or the zero NodeInfo.
func node(ex *osmload.Extract, id int64) routing.NodeInfo {
	n, _ := ex.Network.Node(id)
	return n
}
