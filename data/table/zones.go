package table

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/walkshed/walkshed/internal/inputfile"
	"github.com/walkshed/walkshed/routing/access"
)

// DefaultZoneName is the property ReadZones takes zone names from when none
// is given.
const DefaultZoneName = "name"

// ReadZones reads zones from a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features, in file order, or from a layer of a GeoPackage
// (FILE.gpkg, whose layer "grids" or else first feature layer is read, or
// FILE.gpkg:LAYER; names and ids as below, from columns). The caller owns
// the result.
//
// A zone's name is the value (string or number) of the property nameProp.
// When nameProp is "" it defaults to DefaultZoneName, and a feature without
// it is named by its id (the feature's "id", or an "id" property), or else
// "zone-N" for the N-th feature. When nameProp is given, a feature without
// it is an error. A zone's ID is its id when it has one, else its name.
// Names and ids must be unique. Rings must be closed and have at least four
// valid positions; ring validity beyond that (self-intersection) is checked
// elsewhere. Errors are *ParseError values naming the feature.
func ReadZones(path string, nameProp string) ([]access.Zone, error) {
	if file, layer, ok := SplitGeoPackage(path); ok {
		return readZonesGPKG(file, layer, nameProp)
	}
	data, err := readFile(path, FormatGeoJSON)
	if err != nil {
		return nil, err
	}
	return ParseZones(path, data, nameProp)
}

// ParseZones is ReadZones for data already in memory; name is used in
// messages.
func ParseZones(name string, data []byte, nameProp string) ([]access.Zone, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".csv" || ext == ".tsv" {
		return nil, &ParseError{File: name, Err: errors.New("zones must be a GeoJSON FeatureCollection, not CSV")}
	}
	raws, err := splitCollection(name, data)
	if err != nil {
		return nil, err
	}
	explicit := nameProp != ""
	if !explicit {
		nameProp = DefaultZoneName
	}
	type seen struct{ byName, byID map[string]int }
	first := seen{byName: make(map[string]int), byID: make(map[string]int)}
	zones := make([]access.Zone, 0, len(raws))
	for _, rf := range raws {
		fail := func(label string, err error) *ParseError {
			return &ParseError{File: name, Line: rf.line, Feature: rf.index, ID: label, Err: err}
		}
		f, err := decodeFeature(rf)
		if err != nil {
			return nil, fail("", err)
		}
		id := f.id
		if id == "" {
			if _, raw, ok := f.property([]string{"id"}); ok {
				id, _, _ = scalar(raw)
			}
		}
		zname := ""
		key, raw, ok := f.property([]string{strings.ToLower(nameProp)})
		if ok {
			v, _, err := scalar(raw)
			if err != nil {
				pe := fail(id, err)
				pe.Column = key
				return nil, pe
			}
			zname = v
		}
		if zname == "" {
			switch {
			case explicit:
				return nil, fail(id, fmt.Errorf("no name: property %q is missing or empty (properties: %s)", inputfile.Clip(nameProp), f.keyList()))
			case id != "":
				zname = id
			default:
				zname = fmt.Sprintf("zone-%d", rf.index)
			}
		}
		if id == "" {
			id = zname
		}
		mp, err := decodeArea(f.geometry)
		if err != nil {
			return nil, fail(zname, err)
		}
		if k, dup := first.byName[zname]; dup {
			return nil, fail(zname, kindErrorf(ErrDuplicate, "duplicate name %q (first in feature %d)", inputfile.Clip(zname), k))
		}
		if k, dup := first.byID[id]; dup {
			return nil, fail(zname, kindErrorf(ErrDuplicate, "duplicate id %q (first in feature %d)", inputfile.Clip(id), k))
		}
		first.byName[zname], first.byID[id] = rf.index, rf.index
		zones = append(zones, access.Zone{ID: id, Name: zname, Geometry: mp})
	}
	if len(zones) == 0 {
		return nil, &ParseError{File: name, Err: kindErrorf(ErrEmpty, "no zones")}
	}
	return zones, nil
}
