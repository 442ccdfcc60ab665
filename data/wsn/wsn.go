// Package wsn encodes what a prepared network file (.wsn) keeps beside the
// graph: the build report and dropped-way counts, the OSM features that may
// be services, buildings, residential land use, administrative
// boundaries and the names of the streets. routing owns the file (header, section table, checksums, the
// graph section); each of these is a routing.Section of its own, with its
// own version, so that a file this code cannot read is refused naming the
// section ("section buildings v2: unsupported version, this walkshed reads
// version 1") instead of being misread.
//
// # Encoding
//
// Every section is read field by field in a fixed order: nothing is matched
// by name, so nothing can be silently dropped or defaulted. Changing what a
// section holds means changing its encoder and decoder together and bumping
// its version in Specs (TestEveryFieldRoundTrips fails when a field of the
// encoded types is added and not encoded).
//
// Numbers are little-endian: counts and string indexes are unsigned
// varints, integers zig-zag varints (encoding/binary's), float64s (areas,
// levels, metres, coordinates) their 8 IEEE-754 bytes, booleans one byte,
// 0 or 1. Coordinates are float64 longitude then latitude, exactly the
// values osmload computed (interior points of footprints are not on the
// OSM 1e-7 degree grid, so int32 e7 would not be lossless); they are what
// encoding/gob stored before, so files hold the same values as then. A
// section with strings starts with its string table (a count, then each
// string as a length and its UTF-8 bytes, in order of first use), and the
// body refers to strings by index: tag keys and values, element types and
// building kinds repeat, so each is stored once.
//
//	meta        BuildReport fields in declaration order (ints, then the
//	            float64 metres where the struct has them), the dropped-way
//	            reasons (count, then reason string and count, sorted by
//	            reason), the area-crossing count
//	features    count, then per feature: type, id, point, tags (count, then
//	            key and value)
//	buildings   count, then per building: type, id, point, area m², levels,
//	            kind, residential, then (v2) the facts of the resident
//	            estimate's rules: levels tag, height m, building:use,
//	            flats, uses (a uvarint of osmload.Use bits), POIs, site
//	landuse     count, then per area a multipolygon: polygons, rings, points
//	boundaries  count, then per boundary: type, id, name, admin level, tags,
//	            multipolygon
//	streets     count, then per walkable way with a name, in increasing way
//	            id order: way id, name (the names of "worst point on street
//	            X"; a name repeats over a street's ways, so the table
//	            stores it once)
//
// A decoder checks every count against the bytes left, every string index
// against the table, every coordinate is a longitude and latitude and every
// area and level finite and non-negative, and that the section ends where
// its data does; a failure wraps routing.ErrFileFormat and names the
// section and the element.
//
// # Why not a library
//
// The sections used to be one encoding/gob value. gob matches fields by
// name and ignores the ones it does not know: after a field was renamed, an
// old file opened without error and Monaco's estimated population fell
// from 81,740 to 53,417. Protocol Buffers, MessagePack and CBOR struct
// mappings make the same choice on purpose, to let schemas evolve; here a
// field that is not where it is expected must be an error. The explicit
// encoding is also smaller and faster than gob was: Delaware's sections
// beside the graph take 1.05 MB where gob took 1.47 MB, and opening its
// whole prepared file takes 4.6–5.6 ms where it took 11.9–13.0 ms (best of
// 20 opens, three rounds, on a shared 2-core machine); Monaco's takes
// 4,621 allocations where it took 31,028 (BenchmarkOpenPrepared).
package wsn

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing"
)

// Contents is what a prepared network file keeps beside the graph.
type Contents struct {
	// Report describes the network build.
	Report routing.BuildReport
	// DroppedWays counts highway ways left out of the network, by reason.
	DroppedWays map[string]int
	// AreaCrossings counts the straight ways added across pedestrian squares.
	AreaCrossings int
	// Features, Buildings, ResidentialLanduse and Boundaries are as in
	// osmload.Extract.
	Features           []osmload.Feature
	Buildings          []osmload.Building
	ResidentialLanduse []orb.MultiPolygon
	Boundaries         []osmload.Boundary
	// StreetNames are the names of the walkable ways, sorted by way id, as
	// in osmload.Extract.
	StreetNames []osmload.StreetName
}

// The sections and the versions of their encodings.
const (
	metaVersion     = 1
	featuresVersion = 1
	// buildingsVersion 2 added the facts of the estimate's rules
	// (data/population): a file of version 1 would give every building
	// no site, no uses and no POIs, and so a different estimate.
	buildingsVersion  = 2
	landuseVersion    = 1
	boundariesVersion = 1
	streetsVersion    = 1
)

// Specs returns the sections Encode writes and Decode reads, with their
// versions: pass them to routing.OpenFile.
func Specs() []routing.SectionSpec {
	return []routing.SectionSpec{
		{Name: "meta", Version: metaVersion},
		{Name: "features", Version: featuresVersion},
		{Name: "buildings", Version: buildingsVersion},
		{Name: "landuse", Version: landuseVersion},
		{Name: "boundaries", Version: boundariesVersion},
		{Name: "streets", Version: streetsVersion},
	}
}

// Encode returns c as the sections of a prepared network file, for
// routing.Graph.WriteFile. The same contents give the same bytes.
func Encode(c *Contents) []routing.Section {
	return []routing.Section{
		{Name: "meta", Version: metaVersion, Data: encodeMeta(c)},
		{Name: "features", Version: featuresVersion, Data: encodeFeatures(c.Features)},
		{Name: "buildings", Version: buildingsVersion, Data: encodeBuildings(c.Buildings)},
		{Name: "landuse", Version: landuseVersion, Data: encodeLanduse(c.ResidentialLanduse)},
		{Name: "boundaries", Version: boundariesVersion, Data: encodeBoundaries(c.Boundaries)},
		{Name: "streets", Version: streetsVersion, Data: encodeStreets(c.StreetNames)},
	}
}

// Decode reads the sections of f, which must have been opened with Specs.
// The result shares no memory with the file. An error wraps
// routing.ErrFileFormat and names the section.
func Decode(f *routing.File) (*Contents, error) {
	var c Contents
	for _, s := range Specs() {
		b, err := f.Section(s.Name)
		if err != nil {
			return nil, err
		}
		switch s.Name {
		case "meta":
			err = decodeMeta(b, &c)
		case "features":
			c.Features, err = decodeFeatures(b)
		case "buildings":
			c.Buildings, err = decodeBuildings(b)
		case "landuse":
			c.ResidentialLanduse, err = decodeLanduse(b)
		case "boundaries":
			c.Boundaries, err = decodeBoundaries(b)
		case "streets":
			c.StreetNames, err = decodeStreets(b)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: section %s v%d: %v", routing.ErrFileFormat, s.Name, s.Version, err)
		}
	}
	return &c, nil
}

func encodeMeta(c *Contents) []byte {
	var w writer
	r := c.Report
	w.int(r.Ways)
	w.int(r.WaysMissingNode)
	w.int(r.Nodes)
	w.int(r.Edges)
	w.f64(r.WalkableMeters)
	w.int(r.Components)
	w.int(r.Islands)
	w.int(r.IslandEdges)
	w.f64(r.IslandMeters)
	reasons := make([]string, 0, len(c.DroppedWays))
	for reason := range c.DroppedWays {
		reasons = append(reasons, reason)
	}
	slices.Sort(reasons)
	w.count(len(reasons))
	for _, reason := range reasons {
		w.rawStr(reason)
		w.int(c.DroppedWays[reason])
	}
	w.int(c.AreaCrossings)
	return w.body
}

func decodeMeta(b []byte, c *Contents) error {
	r := reader{b: b}
	c.Report = routing.BuildReport{
		Ways: r.int(), WaysMissingNode: r.int(), Nodes: r.int(), Edges: r.int(),
		WalkableMeters: r.finite("walkable metres", 0),
		Components:     r.int(), Islands: r.int(), IslandEdges: r.int(),
		IslandMeters: r.finite("island metres", 0),
	}
	if r.err != nil {
		return fmt.Errorf("build report: %w", r.err)
	}
	n := r.count("dropped-way reasons", 2)
	c.DroppedWays = make(map[string]int, n)
	prev := ""
	for i := range n {
		reason, count := r.rawStr(), r.int()
		if r.err == nil && i > 0 && reason <= prev {
			r.fail("reason %q after %q (want sorted, each once)", reason, prev)
		}
		if r.err != nil {
			return fmt.Errorf("dropped-way reason %d: %w", i, r.err)
		}
		c.DroppedWays[reason], prev = count, reason
	}
	c.AreaCrossings = r.int()
	return r.end()
}

func encodeFeatures(fs []osmload.Feature) []byte {
	var w writer
	w.count(len(fs))
	for _, f := range fs {
		w.str(f.Type)
		w.int64(f.ID)
		w.point(f.Point)
		w.tags(f.Tags)
	}
	return w.bytes()
}

func decodeFeatures(b []byte) ([]osmload.Feature, error) {
	r := reader{b: b}
	r.strTable()
	n := r.count("features", 1+1+16+1)
	var out []osmload.Feature
	if n > 0 {
		out = make([]osmload.Feature, n)
	}
	for i := range out {
		out[i] = osmload.Feature{Type: r.str(), ID: r.int64(), Point: r.point(), Tags: r.tags()}
		if r.err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, r.err)
		}
	}
	return out, r.end()
}

func encodeBuildings(bs []osmload.Building) []byte {
	var w writer
	w.count(len(bs))
	for _, b := range bs {
		w.str(b.Type)
		w.int64(b.ID)
		w.point(b.Point)
		w.f64(b.AreaM2)
		w.f64(b.Levels)
		w.str(b.Kind)
		w.bool(b.Residential)
		w.str(b.LevelsTag)
		w.f64(b.HeightM)
		w.str(b.BuildingUse)
		w.int(b.Flats)
		w.uvarint(uint64(b.Uses))
		w.int(b.POIs)
		w.str(b.Site)
	}
	return w.bytes()
}

func decodeBuildings(b []byte) ([]osmload.Building, error) {
	r := reader{b: b}
	r.strTable()
	n := r.count("buildings", 1+1+16+8+8+1+1+1+8+1+1+1+1+1)
	var out []osmload.Building
	if n > 0 {
		out = make([]osmload.Building, n)
	}
	for i := range out {
		out[i] = osmload.Building{
			Type: r.str(), ID: r.int64(), Point: r.point(),
			AreaM2: r.finite("area", 0), Levels: r.finite("levels", 0),
			Kind: r.str(), Residential: r.bool(),
			LevelsTag: r.str(), HeightM: r.finite("height", 0), BuildingUse: r.str(),
			Flats: r.nonNegative("flats"), Uses: r.uses(), POIs: r.nonNegative("POIs"), Site: r.str(),
		}
		if r.err != nil {
			return nil, fmt.Errorf("building %d: %w", i, r.err)
		}
	}
	return out, r.end()
}

func encodeLanduse(areas []orb.MultiPolygon) []byte {
	var w writer
	w.count(len(areas))
	for _, mp := range areas {
		w.multiPolygon(mp)
	}
	return w.body
}

func decodeLanduse(b []byte) ([]orb.MultiPolygon, error) {
	r := reader{b: b}
	n := r.count("areas", 1)
	var out []orb.MultiPolygon
	if n > 0 {
		out = make([]orb.MultiPolygon, n)
	}
	for i := range out {
		out[i] = r.multiPolygon()
		if r.err != nil {
			return nil, fmt.Errorf("area %d: %w", i, r.err)
		}
	}
	return out, r.end()
}

func encodeBoundaries(bs []osmload.Boundary) []byte {
	var w writer
	w.count(len(bs))
	for _, b := range bs {
		w.str(b.Type)
		w.int64(b.ID)
		w.str(b.Name)
		w.int(b.AdminLevel)
		w.tags(b.Tags)
		w.multiPolygon(b.Geometry)
	}
	return w.bytes()
}

func decodeBoundaries(b []byte) ([]osmload.Boundary, error) {
	r := reader{b: b}
	r.strTable()
	n := r.count("boundaries", 1+1+1+1+1+1)
	var out []osmload.Boundary
	if n > 0 {
		out = make([]osmload.Boundary, n)
	}
	for i := range out {
		out[i] = osmload.Boundary{Type: r.str(), ID: r.int64(), Name: r.str(), AdminLevel: r.int(), Tags: r.tags(), Geometry: r.multiPolygon()}
		if r.err != nil {
			return nil, fmt.Errorf("boundary %d: %w", i, r.err)
		}
	}
	return out, r.end()
}

func encodeStreets(ss []osmload.StreetName) []byte {
	var w writer
	w.count(len(ss))
	for _, s := range ss {
		w.int64(s.Way)
		w.str(s.Name)
	}
	return w.bytes()
}

func decodeStreets(b []byte) ([]osmload.StreetName, error) {
	r := reader{b: b}
	r.strTable()
	n := r.count("streets", 1+1)
	var out []osmload.StreetName
	if n > 0 {
		out = make([]osmload.StreetName, n)
	}
	for i := range out {
		out[i] = osmload.StreetName{Way: r.int64(), Name: r.str()}
		if r.err == nil && i > 0 && out[i].Way <= out[i-1].Way {
			r.fail("way %d after way %d (want increasing way ids, each once)", out[i].Way, out[i-1].Way)
		}
		if r.err != nil {
			return nil, fmt.Errorf("street %d: %w", i, r.err)
		}
	}
	return out, r.end()
}
