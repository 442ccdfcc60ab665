package walkshed_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// Settings of the comparison with the independent reference in
// /work/shared/reference (nx_reach.py defaults).
const (
	refCapMeters  = 2000 // nearest-facility cap
	refIsoMeters  = 1200 // isochrone budget
	refSnapMeters = 300  // maximum snap distance
)

// TestExportNearestForReference writes walkshed's answers in the format of
// the reference scripts, so that compare.py can set them beside the
// reference (see testdata/reference/README.md). It only runs when
// WALKSHED_REFERENCE_OUT is set:
//
//	WALKSHED_REFERENCE_OSM     the OSM file
//	WALKSHED_REFERENCE_INPUTS  make_inputs.py's OUTDIR (origins.csv, facilities.csv, iso_point.txt)
//	WALKSHED_REFERENCE_OUT     the compare.py OUTROOT; writes OUT/walkshed/nearest.csv,
//	                           isochrone.geojson (when iso_point.txt exists) and timings.json
//
// nearest.csv is idx,lon,lat,dist_m: the street distance from the origin's
// snapped point to the nearest facility's snapped point, door legs not
// counted, "inf" beyond 2000 m, unreachable or unsnappable.
func TestExportNearestForReference(t *testing.T) {
	out := os.Getenv("WALKSHED_REFERENCE_OUT")
	if out == "" {
		t.Skip("WALKSHED_REFERENCE_OUT not set: reference export skipped")
	}
	osmPath := os.Getenv("WALKSHED_REFERENCE_OSM")
	inputs := os.Getenv("WALKSHED_REFERENCE_INPUTS")
	if osmPath == "" || inputs == "" {
		t.Fatal("set WALKSHED_REFERENCE_OSM and WALKSHED_REFERENCE_INPUTS with WALKSHED_REFERENCE_OUT")
	}
	origins := readRefPoints(t, filepath.Join(inputs, "origins.csv"))
	facilities := readRefPoints(t, filepath.Join(inputs, "facilities.csv"))

	t0 := time.Now()
	// WALKSHED_REFERENCE_NO_AREA_CROSSING=1 walks pedestrian areas along
	// their outline only, as the reference does.
	var oo walkshed.OpenOptions
	oo.OSM.NoAreaCrossing = os.Getenv("WALKSHED_REFERENCE_NO_AREA_CROSSING") == "1"
	city, err := walkshed.OpenOSM(context.Background(), osmPath, oo)
	if err != nil {
		t.Fatal(err)
	}
	city.Snapper().Warm(0)
	buildS := time.Since(t0).Seconds()
	t.Logf("%s: %s", osmPath, city.BuildReport())

	t0 = time.Now()
	dists, unsnapped := refNearestFacility(city, origins, facilities)
	nearestS := time.Since(t0).Seconds()
	dir := filepath.Join(out, "walkshed")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("idx,lon,lat,dist_m\n")
	finite := 0
	for i, p := range origins {
		d := "inf"
		if !math.IsInf(dists[i], 1) {
			d = strconv.FormatFloat(dists[i], 'f', 1, 64)
			finite++
		}
		fmt.Fprintf(&b, "%d,%.7f,%.7f,%s\n", i, p[0], p[1], d)
	}
	writeRefFile(t, filepath.Join(dir, "nearest.csv"), b.String())
	t.Logf("origins %d (finite %d, unsnappable %d), facilities %d (unsnappable %d)",
		len(origins), finite, unsnapped[0], len(facilities), unsnapped[1])

	t0 = time.Now()
	isoS := -1.0
	if iso, ok := readIsoPoint(t, filepath.Join(inputs, "iso_point.txt")); ok {
		writeRefIsochrone(t, city, iso, filepath.Join(dir, "isochrone.geojson"))
		isoS = time.Since(t0).Seconds()
	}
	tm, _ := json.Marshal(map[string]any{
		"peer": "walkshed", "nodes": city.Graph().NumNodes(), "edges": city.Graph().NumEdges(),
		"origins": len(origins), "facilities": len(facilities),
		"build_s": refRound4(buildS), "nearest_s": refRound4(nearestS), "isochrone_s": refRound4(isoS),
	})
	writeRefFile(t, filepath.Join(dir, "timings.json"), string(tm)+"\n")
}

// refNearestFacility returns, for every origin, the network distance between
// its snapped point and the nearest snapped facility (door legs not
// counted), +Inf beyond refCapMeters, when unreachable or unsnappable. It
// also returns how many origins and facilities could not be snapped.
func refNearestFacility(city *walkshed.City, origins, facilities []orb.Point) ([]float64, [2]int) {
	g := city.Graph()
	var unsnapped [2]int
	var sources []routing.Source
	onEdge := map[routing.EdgeID][]routing.Location{} // facilities by edge, for the same-edge case
	for i, p := range facilities {
		loc, err := city.Snapper().Snap(p, refSnapMeters, 0)
		if err != nil {
			unsnapped[1]++
			continue
		}
		sources = g.AppendSources(sources, loc, int32(i), 0 /* no door leg */, 0)
		onEdge[loc.Edge] = append(onEdge[loc.Edge], loc)
	}
	s := g.NewSearcher()
	s.Run(routing.Query{Sources: sources, Limit: refCapMeters})
	dists := make([]float64, len(origins))
	for i, p := range origins {
		dists[i] = math.Inf(1)
		loc, err := city.Snapper().Snap(p, refSnapMeters, 0)
		if err != nil {
			unsnapped[0]++
			continue
		}
		d, _, ok := s.DistTo(loc)
		if !ok {
			d = math.Inf(1)
		}
		for _, f := range onEdge[loc.Edge] {
			if a, same := routing.AlongEdge(loc, f); same && a < d {
				d = a
			}
		}
		if d <= refCapMeters {
			dists[i] = d
		}
	}
	return dists, unsnapped
}

// writeRefIsochrone writes the refIsoMeters contour from p as a GeoJSON
// FeatureCollection of one MultiPolygon (H3 cells, not a buffer: compare
// the area and IoU loosely).
func writeRefIsochrone(t *testing.T, city *walkshed.City, p orb.Point, path string) {
	t.Helper()
	cs, err := city.Isochrones([]orb.Point{p}, refSnapMeters, isochrone.Options{
		Budgets: []geo.Budget{{Meters: refIsoMeters}}, Profile: routing.Standard,
	})
	if err != nil {
		t.Logf("isochrone from %v: %v (not written)", p, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(cs[0].Geometry)
	f.Properties["peer"] = "walkshed"
	f.Properties["metres"] = cs[0].Meters
	f.Properties["area_m2"] = math.Round(cs[0].AreaM2*10) / 10
	fc.Append(f)
	data, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	writeRefFile(t, path, string(data)+"\n")
}

// readRefPoints reads a "lon,lat" CSV with one header line.
func readRefPoints(t *testing.T, path string) []orb.Point {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pts []orb.Point
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || (n == 1 && strings.HasPrefix(line, "lon")) {
			continue
		}
		a := strings.Split(line, ",")
		if len(a) < 2 {
			t.Fatalf("%s:%d: want lon,lat, got %q", path, n, line)
		}
		lon, err1 := strconv.ParseFloat(strings.TrimSpace(a[0]), 64)
		lat, err2 := strconv.ParseFloat(strings.TrimSpace(a[1]), 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s:%d: want lon,lat, got %q", path, n, line)
		}
		pts = append(pts, orb.Point{lon, lat})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pts
}

// readIsoPoint reads make_inputs.py's "lon lat" isochrone point, if any.
func readIsoPoint(t *testing.T, path string) (orb.Point, bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return orb.Point{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	a := strings.Fields(string(data))
	if len(a) != 2 {
		t.Fatalf("%s: want \"lon lat\", got %q", path, data)
	}
	lon, err1 := strconv.ParseFloat(a[0], 64)
	lat, err2 := strconv.ParseFloat(a[1], 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: want \"lon lat\", got %q", path, data)
	}
	return orb.Point{lon, lat}, true
}

func writeRefFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func refRound4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
