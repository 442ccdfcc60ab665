package wsn

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing"
)

// fill sets every field reachable from v to a value that is not zero and
// differs from its neighbours': strings, integers and floats from a
// counter (floats stay valid longitudes and latitudes), booleans true,
// slices and maps two elements each.
func fill(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		*n++
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64:
		*n++
		v.SetInt(int64(*n))
	case reflect.Uint32:
		*n++
		v.SetUint(uint64(*n))
	case reflect.Float64:
		*n++
		v.SetFloat(float64(*n%170)/2 + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s.%s is unexported: the encoder cannot see it", v.Type(), v.Type().Field(i).Name)
			}
			fill(t, v.Field(i), n)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, n)
			fill(t, e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		t.Fatalf("fill: %s is a %s; teach fill (and the encoder) about it", v.Type(), v.Kind())
	}
}

func filled(t *testing.T) *Contents {
	var c Contents
	n := 0
	fill(t, reflect.ValueOf(&c).Elem(), &n)
	return &c
}

// tinyGraph is a graph to write sections beside.
func tinyGraph(t testing.TB) *routing.Graph {
	in := routing.Input{
		Ways:  []routing.Way{{ID: 1, Nodes: []int64{1, 2}}},
		Nodes: map[int64]routing.NodeInfo{1: {Point: orb.Point{7.42, 43.73}}, 2: {Point: orb.Point{7.421, 43.73}}},
	}
	g, _, err := routing.Build(in, routing.BuildOptions{MinComponentMeters: -1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// writeRead writes c beside a graph in a prepared file and decodes it.
func writeRead(t *testing.T, c *Contents) ([]byte, *Contents, error) {
	t.Helper()
	var buf bytes.Buffer
	if err := tinyGraph(t).WriteFile(&buf, Encode(c)...); err != nil {
		t.Fatal(err)
	}
	f, err := routing.ReadFile(buf.Bytes(), Specs()...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(f)
	return buf.Bytes(), got, err
}

// TestEveryFieldRoundTrips sets every field of Contents, down to the
// osmload and orb types, and checks that each comes back. A field added to
// one of those types and not to the encoder fails here: encode it, and bump
// its section's version.
func TestEveryFieldRoundTrips(t *testing.T) {
	c := filled(t)
	data, got, err := writeRead(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("contents read back differ (a field the encoder does not know? encode it and bump its section's version):\n got %+v\nwant %+v", got, c)
	}
	again, _, _ := writeRead(t, got)
	if !bytes.Equal(again, data) {
		t.Error("writing the contents read back gave different bytes")
	}
}

// TestEncodeDeterministic: map order must not leak into the file.
func TestEncodeDeterministic(t *testing.T) {
	c := &Contents{DroppedWays: map[string]int{}}
	for i := range 50 {
		c.DroppedWays[fmt.Sprintf("highway=x%d", i)] = i
	}
	first := encodeMeta(c)
	for range 20 {
		if !bytes.Equal(encodeMeta(c), first) {
			t.Fatal("the meta section differs between two encodings")
		}
	}
}

func TestEmptyContents(t *testing.T) {
	_, got, err := writeRead(t, &Contents{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (&Contents{DroppedWays: map[string]int{}}); !reflect.DeepEqual(got, want) {
		t.Errorf("empty contents read back as %+v", got)
	}
}

// TestDecodeErrors gives each decoder malformed sections: each must fail
// naming what is wrong and where.
func TestDecodeErrors(t *testing.T) {
	c := filled(t)
	feature := encodeFeatures(c.Features[:1])
	// a building whose v2 facts are all empty: they take 14 bytes after
	// its residential flag (string indexes and varints of 1 byte, the
	// height's 8)
	building := encodeBuildings([]osmload.Building{{Type: "way", ID: 1, Point: orb.Point{7.4, 43.7}, AreaM2: 1, Levels: 1, Kind: "house", Residential: true}})
	const v2Tail = 14
	withByte := func(b []byte, i int, v byte) []byte {
		out := append([]byte(nil), b...)
		out[i] = v
		return out
	}
	// the building's area is the float64 after its point, before the
	// levels, kind and residential flag (8+1+1 bytes), then the v2 tail
	areaAt := len(building) - v2Tail - 1 - 1 - 8 - 8
	nanArea := append([]byte(nil), building...)
	copy(nanArea[areaAt:], []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	badPoint := encodeFeatures([]osmload.Feature{{Type: "node", ID: 1, Point: orb.Point{200, 0}}})
	var unsorted writer // a report of zeros, then reasons b, a
	for range 4 {
		unsorted.int(0)
	}
	unsorted.f64(0)
	for range 3 {
		unsorted.int(0)
	}
	unsorted.f64(0)
	unsorted.count(2)
	unsorted.rawStr("b")
	unsorted.int(1)
	unsorted.rawStr("a")
	unsorted.int(1)
	unsorted.int(0)
	tests := []struct {
		name   string
		decode func([]byte) error
		data   []byte
		want   string
	}{
		{"features truncated", featuresErr, feature[:len(feature)-3], "feature 0: "},
		{"features trailing", featuresErr, append(feature, 0), "1 unexpected bytes at the end"},
		{"string index", featuresErr, encodeWithBadIndex(), "string 9 of a table of 1"},
		{"bad point", featuresErr, badPoint, "feature 0: point (200, 0) is not a longitude and latitude"},
		{"empty string table", featuresErr, []byte{5}, "string table: "},
		{"building area", buildingsErr, nanArea, "building 0: area NaN out of range"},
		{"building bool", buildingsErr, withByte(building, len(building)-v2Tail-1, 2), "building 0: truncated or invalid boolean"},
		{"building negative flats", buildingsErr, withByte(building, len(building)-4, 1), "building 0: flats -1 negative"},
		{"building unknown uses", buildingsErr, encodeBuildings([]osmload.Building{{Type: "way", Point: orb.Point{1, 1}, Uses: 1 << 20}}), "building 0: uses 0x100000 has unknown bits"},
		{"huge count", landuseErr, []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, "4294967295 areas in 0 remaining bytes"},
		{"huge ring", landuseErr, []byte{1, 1, 1, 0xff, 0x7f}, "area 0: 16383 points in 0 remaining bytes"},
		{"overlong varint", boundariesErr, bytes.Repeat([]byte{0xff}, 11), "string table: truncated or overlong number"},
		{"meta unsorted", metaErr, unsorted.body, `dropped-way reason 1: reason "a" after "b"`},
		{"meta truncated", metaErr, encodeMeta(c)[:10], "build report: "},
		{"streets unsorted", streetsErr, encodeStreets([]osmload.StreetName{{Way: 7, Name: "Rua A"}, {Way: 7, Name: "Rua B"}}), "street 1: way 7 after way 7 (want increasing"},
		{"streets truncated", streetsErr, encodeStreets(c.StreetNames)[:len(encodeStreets(c.StreetNames))-1], "street 1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decode(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func featuresErr(b []byte) error   { _, err := decodeFeatures(b); return err }
func buildingsErr(b []byte) error  { _, err := decodeBuildings(b); return err }
func landuseErr(b []byte) error    { _, err := decodeLanduse(b); return err }
func boundariesErr(b []byte) error { _, err := decodeBoundaries(b); return err }
func streetsErr(b []byte) error    { _, err := decodeStreets(b); return err }
func metaErr(b []byte) error       { return decodeMeta(b, &Contents{}) }

// encodeWithBadIndex is a features section whose one feature's type refers
// to string 9 of a table of one.
func encodeWithBadIndex() []byte {
	w := writer{}
	w.str("node")
	w.body = w.body[:0]
	w.count(1)
	w.uvarint(9)
	w.int64(1)
	w.point(orb.Point{1, 1})
	w.count(0)
	return w.bytes()
}

// TestDecodeSectionError: a section that decodes badly is named, and the
// error wraps routing.ErrFileFormat.
func TestDecodeSectionError(t *testing.T) {
	var buf bytes.Buffer
	secs := Encode(filled(t))
	b := secs[2].Data  // buildings: the second one's site (a string index) is the last byte
	b[len(b)-1] = 0x7f // the checksum is computed over the changed bytes
	if err := tinyGraph(t).WriteFile(&buf, secs...); err != nil {
		t.Fatal(err)
	}
	f, err := routing.ReadFile(buf.Bytes(), Specs()...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode(f)
	if !errors.Is(err, routing.ErrFileFormat) || !strings.Contains(err.Error(), "section buildings v2: building 1: string 127 of a table of") {
		t.Fatalf("Decode error = %v, want ErrFileFormat naming section buildings and building 1", err)
	}
}

// fuzzSection feeds arbitrary bytes to a section decoder: it must never
// panic, and what it accepts must encode to bytes that decode the same.
func fuzzSection[T any](f *testing.F, seed []byte, decode func([]byte) (T, error), encode func(T) []byte) {
	f.Add(seed)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decode(b)
		if err != nil {
			return
		}
		again, err := decode(encode(v))
		if err != nil {
			t.Fatalf("re-encoded section does not decode: %v", err)
		}
		if !reflect.DeepEqual(again, v) && !hasNaN(v) {
			t.Fatalf("re-encoded section decodes differently:\n%+v\n%+v", again, v)
		}
	})
}

// hasNaN reports whether v's printed form holds a NaN (DeepEqual says NaN
// differs from itself).
func hasNaN(v any) bool { return strings.Contains(fmt.Sprint(v), "NaN") }

func FuzzFeatures(f *testing.F) {
	c := &Contents{Features: []osmload.Feature{{Type: "node", ID: -4, Point: orb.Point{7.4, 43.7}, Tags: osm.Tags{{Key: "amenity", Value: "pharmacy"}}}}}
	fuzzSection(f, encodeFeatures(c.Features), decodeFeatures, encodeFeatures)
}

func FuzzBuildings(f *testing.F) {
	bs := []osmload.Building{{Type: "way", ID: 9, Point: orb.Point{7.4, 43.7}, AreaM2: 120.5, Levels: 4.5, Kind: "house", Residential: true,
		LevelsTag: "many", HeightM: 12, BuildingUse: "residential", Flats: 6, Uses: osmload.UseShop | osmload.UseOther, POIs: 2, Site: "landuse=residential"}}
	fuzzSection(f, encodeBuildings(bs), decodeBuildings, encodeBuildings)
}

func FuzzLanduse(f *testing.F) {
	mp := orb.MultiPolygon{{{{7.4, 43.7}, {7.5, 43.7}, {7.5, 43.8}, {7.4, 43.7}}}}
	fuzzSection(f, encodeLanduse([]orb.MultiPolygon{mp, nil}), decodeLanduse, encodeLanduse)
}

func FuzzBoundaries(f *testing.F) {
	mp := orb.MultiPolygon{{{{7.4, 43.7}, {7.5, 43.7}, {7.5, 43.8}, {7.4, 43.7}}}}
	bs := []osmload.Boundary{{Type: "relation", ID: 3, Name: "Monaco", AdminLevel: 2, Tags: osm.Tags{{Key: "name", Value: "Monaco"}}, Geometry: mp}}
	fuzzSection(f, encodeBoundaries(bs), decodeBoundaries, encodeBoundaries)
}

func FuzzStreets(f *testing.F) {
	ss := []osmload.StreetName{{Way: 4, Name: "Avenue de la Costa"}, {Way: 9, Name: "Avenue de la Costa"}, {Way: 12, Name: "Rue Grimaldi"}}
	fuzzSection(f, encodeStreets(ss), decodeStreets, encodeStreets)
}

func FuzzMeta(f *testing.F) {
	c := &Contents{Report: routing.BuildReport{Ways: 3, WalkableMeters: 12.5}, DroppedWays: map[string]int{"a": 1, "b": 2}, AreaCrossings: 4}
	decode := func(b []byte) (*Contents, error) {
		var c Contents
		return &c, decodeMeta(b, &c)
	}
	fuzzSection(f, encodeMeta(c), decode, encodeMeta)
}

// TestFiniteChecks: the decoder refuses values osmload never produces.
func TestFiniteChecks(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), -1} {
		bs := encodeBuildings([]osmload.Building{{Type: "way", Point: orb.Point{1, 1}, AreaM2: 1, Levels: v}})
		if _, err := decodeBuildings(bs); err == nil || !strings.Contains(err.Error(), "levels") {
			t.Errorf("levels %v: error %v, want one about levels", v, err)
		}
	}
}
