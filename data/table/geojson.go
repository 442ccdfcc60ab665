package table

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/data/internal/textpos"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// rawFeature is one element of a FeatureCollection's features array, not yet
// decoded, with its 1-based index and the line it starts on.
type rawFeature struct {
	index int
	line  int
	data  json.RawMessage
}

// feature is a decoded GeoJSON feature.
type feature struct {
	id         string // the feature's "id" member, "" if none
	geometry   json.RawMessage
	properties map[string]json.RawMessage
}

// syntaxError converts an error of encoding/json at the top level of data to
// a *ParseError with the line and character of the problem.
func syntaxError(file string, data []byte, err error) error {
	pe := &ParseError{File: file, Err: fmt.Errorf("invalid JSON: %w", err)}
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		pe.Err = errors.New("invalid JSON: unexpected end of file")
	case errors.As(err, &syn):
		// Offset counts the bytes read up to and including the bad one.
		pe.Line, pe.Char = textpos.Of(data, int(syn.Offset)-1)
	}
	return pe
}

// splitCollection checks that data is one GeoJSON FeatureCollection and
// returns its features undecoded. Members other than "type" and "features"
// are ignored. An empty input gives no features and no error.
func splitCollection(file string, data []byte) ([]rawFeature, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	// Check the syntax of the whole input first: json.Unmarshal reports
	// reliable offsets, json.Decoder's streaming errors do not.
	var whole json.RawMessage
	if err := json.Unmarshal(data, &whole); err != nil {
		return nil, syntaxError(file, data, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	top := func(format string, args ...any) error {
		return &ParseError{File: file, Err: fmt.Errorf(format, args...)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(file, data, err)
	}
	if tok != json.Delim('{') {
		return nil, top("want a GeoJSON FeatureCollection object, got %s", jsonKind(tok))
	}
	var (
		typ      string
		hasType  bool
		features []rawFeature
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(file, data, err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, syntaxError(file, data, err)
			}
			if err := json.Unmarshal(raw, &typ); err != nil {
				return nil, top(`"type" is not a string`)
			}
			hasType = true
		case "features":
			tok, err := dec.Token()
			if err != nil {
				return nil, syntaxError(file, data, err)
			}
			if tok == nil {
				continue // "features": null
			}
			if tok != json.Delim('[') {
				return nil, top(`"features" is %s, want an array`, jsonKind(tok))
			}
			// lines are counted incrementally: textpos.Of from the start of
			// the file for every feature would make reading quadratic
			counted, line := 0, 1
			for dec.More() {
				start := int(dec.InputOffset())
				for start < len(data) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
					start++
				}
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, syntaxError(file, data, err)
				}
				if start > counted && start <= len(data) {
					line += bytes.Count(data[counted:start], []byte("\n"))
					counted = start
				}
				features = append(features, rawFeature{index: len(features) + 1, line: line, data: raw})
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, syntaxError(file, data, err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, syntaxError(file, data, err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, syntaxError(file, data, err)
	}
	switch {
	case !hasType:
		return nil, top(`missing "type"; want "FeatureCollection"`)
	case typ != "FeatureCollection":
		return nil, top(`type is %q, want "FeatureCollection"`, inputfile.Clip(typ))
	}
	return features, nil
}

// jsonKind names the JSON value starting with token tok.
func jsonKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

// rawKind names the JSON value raw.
func rawKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// decodeFeature decodes one feature's members. The id may be a string or a
// number; properties may be null.
func decodeFeature(rf rawFeature) (feature, error) {
	var f feature
	var members map[string]json.RawMessage
	if err := json.Unmarshal(rf.data, &members); err != nil || members == nil {
		return f, fmt.Errorf("feature is %s, want an object", rawKind(rf.data))
	}
	var typ string
	if err := json.Unmarshal(members["type"], &typ); err != nil || typ != "Feature" {
		if _, ok := members["type"]; !ok {
			return f, errors.New(`missing "type"; want "Feature"`)
		}
		return f, fmt.Errorf(`type is %s, want "Feature"`, strings.TrimSpace(string(members["type"])))
	}
	if raw, ok := members["id"]; ok {
		id, _, err := scalar(raw)
		if err != nil {
			return f, fmt.Errorf("id: %w", err)
		}
		f.id = id
	}
	f.geometry = members["geometry"]
	if raw, ok := members["properties"]; ok && rawKind(raw) != "null" {
		if err := json.Unmarshal(raw, &f.properties); err != nil {
			return f, fmt.Errorf("properties is %s, want an object", rawKind(raw))
		}
	}
	return f, nil
}

// scalar returns a string or number value as a trimmed string (numbers as
// written), and whether there is one: null and absent give "", false.
func scalar(raw json.RawMessage) (string, bool, error) {
	switch k := rawKind(raw); k {
	case "null", "nothing":
		return "", false, nil
	case "a string":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, err
		}
		s = strings.TrimSpace(s)
		return s, s != "", nil
	case "a number":
		return string(bytes.TrimSpace(raw)), true, nil
	default:
		return "", false, fmt.Errorf("want a string or a number, got %s", k)
	}
}

// property finds a property by one of names (lowercase), first by exact
// key, then case-insensitively; among several case variants the smallest
// key wins, so the choice does not depend on map order. It returns the key
// as spelt in the file.
func (f *feature) property(names []string) (key string, raw json.RawMessage, ok bool) {
	for _, n := range names {
		if raw, ok := f.properties[n]; ok {
			return n, raw, true
		}
	}
	for _, n := range names {
		for k, v := range f.properties {
			if strings.EqualFold(k, n) && (!ok || k < key) {
				key, raw, ok = k, v, true
			}
		}
		if ok {
			return key, raw, true
		}
	}
	return "", nil, false
}

// geometryType decodes the type of a geometry and its coordinates member.
func geometryType(raw json.RawMessage) (typ string, coords json.RawMessage, err error) {
	if k := rawKind(raw); k == "null" || k == "nothing" {
		return "", nil, errors.New("no geometry")
	}
	var g struct {
		Type        json.RawMessage `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return "", nil, fmt.Errorf("geometry is %s, want an object", rawKind(raw))
	}
	if err := json.Unmarshal(g.Type, &typ); err != nil {
		return "", nil, errors.New(`geometry has no "type" string`)
	}
	return typ, g.Coordinates, nil
}

// decodePoint decodes a Point geometry into a valid lon/lat point.
func decodePoint(raw json.RawMessage) (orb.Point, error) {
	typ, coords, err := geometryType(raw)
	if err != nil {
		return orb.Point{}, err
	}
	if typ != "Point" {
		return orb.Point{}, fmt.Errorf("geometry is %s, want Point", typ)
	}
	var pos []json.Number
	if err := json.Unmarshal(coords, &pos); err != nil {
		return orb.Point{}, errors.New("geometry: coordinates are not an array of numbers")
	}
	return position2(pos, "geometry")
}

// position2 makes a valid lon/lat point of a GeoJSON position; where names
// the position in messages.
func position2(pos []json.Number, where string) (orb.Point, error) {
	if len(pos) < 2 {
		return orb.Point{}, fmt.Errorf("%s: position has %d numbers, want [lon, lat]", where, len(pos))
	}
	var p orb.Point
	for i := range p {
		v, err := strconv.ParseFloat(string(pos[i]), 64)
		if err != nil {
			return orb.Point{}, fmt.Errorf("%s: %q is not a number", where, inputfile.Clip(string(pos[i])))
		}
		p[i] = v
	}
	if err := geo.ValidatePoint(p); err != nil {
		return orb.Point{}, fmt.Errorf("%s: %w", where, err)
	}
	return p, nil
}

// decodeArea decodes a Polygon or MultiPolygon geometry into a MultiPolygon
// of closed rings of at least four valid positions.
func decodeArea(raw json.RawMessage) (orb.MultiPolygon, error) {
	typ, coords, err := geometryType(raw)
	if err != nil {
		return nil, err
	}
	var polys [][][][]json.Number
	switch typ {
	case "Polygon":
		var poly [][][]json.Number
		if err := json.Unmarshal(coords, &poly); err != nil {
			return nil, errors.New("geometry: coordinates are not an array of rings of positions")
		}
		polys = [][][][]json.Number{poly}
	case "MultiPolygon":
		if err := json.Unmarshal(coords, &polys); err != nil {
			return nil, errors.New("geometry: coordinates are not an array of polygons")
		}
		if len(polys) == 0 {
			return nil, errors.New("geometry: MultiPolygon has no polygons")
		}
	default:
		return nil, fmt.Errorf("geometry is %s, want Polygon or MultiPolygon", typ)
	}
	mp := make(orb.MultiPolygon, 0, len(polys))
	for i, poly := range polys {
		where := "geometry"
		if typ == "MultiPolygon" {
			where = fmt.Sprintf("geometry: polygon %d", i+1)
		}
		if len(poly) == 0 {
			return nil, fmt.Errorf("%s has no rings", where)
		}
		p := make(orb.Polygon, 0, len(poly))
		for k, ring := range poly {
			r, err := decodeRing(ring, fmt.Sprintf("%s ring %d", where, k+1))
			if err != nil {
				return nil, err
			}
			p = append(p, r)
		}
		mp = append(mp, p)
	}
	return mp, nil
}

func decodeRing(ring [][]json.Number, where string) (orb.Ring, error) {
	if len(ring) < 4 {
		return nil, fmt.Errorf("%s has %d positions, want at least 4", where, len(ring))
	}
	r := make(orb.Ring, len(ring))
	for i, pos := range ring {
		p, err := position2(pos, fmt.Sprintf("%s position %d", where, i+1))
		if err != nil {
			return nil, err
		}
		r[i] = p
	}
	if r[0] != r[len(r)-1] {
		return nil, fmt.Errorf("%s is not closed: first position %v, last %v", where, r[0], r[len(r)-1])
	}
	return r, nil
}

// readGeoJSON reads a point table from a FeatureCollection of Points.
func (pr *pointReader[T]) readGeoJSON(data []byte) error {
	raws, err := splitCollection(pr.file, data)
	if err != nil {
		return err
	}
	n := len(pr.fields)
	for _, rf := range raws {
		r := &record{line: rf.line, feature: rf.index, vals: make([]string, n), names: make([]string, n), decimal: '.'}
		if err := pr.add(r, pr.geoRecord(rf, r)); err != nil {
			return err
		}
	}
	return nil
}

// geoRecord fills r from the feature rf; the id is filled first so that
// errors can name the feature.
func (pr *pointReader[T]) geoRecord(rf rawFeature, r *record) error {
	f, err := decodeFeature(rf)
	if err != nil {
		return err
	}
	r.vals[0] = f.id
	if f.id != "" {
		r.names[0] = "id"
	}
	for i, fl := range pr.fields[:len(pr.spec.fields)] {
		key, raw, ok := f.property(fl.aliases)
		if !ok {
			continue
		}
		v, _, err := scalar(raw)
		if err != nil {
			r.names[i] = key
			return &fieldError{field: fl.name, err: err}
		}
		if v != "" || i > 0 {
			r.vals[i], r.names[i] = v, key
		}
	}
	p, err := decodePoint(f.geometry)
	if err != nil {
		return err
	}
	r.point = p
	return nil
}

// keyList lists the property names of f, sorted, for messages; at most 20.
func (f *feature) keyList() string {
	keys := make([]string, 0, len(f.properties))
	for k := range f.properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return "none"
	}
	for i, k := range keys {
		keys[i] = inputfile.Clip(k)
	}
	if len(keys) > 20 {
		return strings.Join(keys[:20], ", ") + ", ..."
	}
	return strings.Join(keys, ", ")
}
