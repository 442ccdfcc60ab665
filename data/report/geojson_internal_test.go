package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// TestAppendFast compares the writer's appending helpers with the plain
// formatting they replace: appendCoord with coord, appendJSONString with
// jsonString.
func TestAppendFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []float64{0, math.Copysign(0, -1), -4e-8, -5e-8, -6e-8, 5e-8, -8.6110000, 41.1456, 180, -180, -0.00000005}
	for range 10000 {
		vals = append(vals, (rng.Float64()-0.5)*360, (rng.Float64()-0.5)*2e-6)
	}
	for _, v := range vals {
		if got, want := string(appendCoord([]byte("x"), v)), "x"+coord(v); got != want {
			t.Fatalf("appendCoord(%v) = %q, coord %q", v, got, want)
		}
	}
	for _, s := range []string{"", "plain", `quo"te`, `back\slash`, "tab\there", "new\nline", "café", "a<b>&c", "\u2028", "bad\xffutf8", "\x00"} {
		if got, want := string(appendJSONString([]byte("x"), s)), "x"+jsonString(s); got != want {
			t.Errorf("appendJSONString(%q) = %q, jsonString %q", s, got, want)
		}
	}
}

// TestGeoWriter writes a collection with every kind of property and
// geometry and checks it decodes to the same values, keys in order.
func TestGeoWriter(t *testing.T) {
	var buf bytes.Buffer
	gw := newGeoWriter(&buf, `"attribution":`+jsonString(Attribution)+",\n")
	gw.begin(`id "1"`)
	gw.str("name", "Rua \"Nova\"")
	gw.int("n", -42)
	gw.num("x", 1.25, 1)
	gw.pct("empty", "")
	gw.raw("w", weight(2.5))
	gw.lineString(orb.LineString{{-8.61, 41.15}, {-8.6, 41.16}})
	gw.begin("")
	gw.polygon(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}})
	gw.begin("")
	gw.multiPolygon(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}})
	if err := gw.close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Members, "features":[, one line per feature, ]}.
	if n := strings.Count(out, "\n"); n != 6 {
		t.Errorf("%d line breaks, want 6:\n%s", n, out)
	}
	if !strings.Contains(out, `"properties":{"name":"Rua \"Nova\"","n":-42,"x":1.2,"empty":null,"w":2.5}`) {
		t.Errorf("properties not in order:\n%s", out)
	}
	fc, err := geojson.UnmarshalFeatureCollection(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(fc.Features) != 3 || fc.Features[0].ID != `id "1"` || fc.ExtraMembers["attribution"] != Attribution {
		t.Fatalf("decoded %+v", fc)
	}
	want := []orb.Geometry{
		orb.LineString{{-8.61, 41.15}, {-8.6, 41.16}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}},
	}
	for i, f := range fc.Features {
		if !orb.Equal(f.Geometry, want[i]) {
			t.Errorf("feature %d: geometry %v, want %v", i, f.Geometry, want[i])
		}
	}
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
}
