package table

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// field is one logical column of a point table.
type field struct {
	name     string   // canonical name, used when the file has no spelling of its own
	aliases  []string // accepted CSV header and GeoJSON property names, lowercase
	required bool
}

// pointSpec describes one kind of point table. fields[0] is the id.
type pointSpec struct {
	what   string // plural noun for messages: "residents"
	fields []field
}

// lonLatFields returns the longitude and latitude columns of CSV point
// tables; GeoJSON has them in the geometry.
func lonLatFields() (lon, lat field) {
	return field{name: "lon", aliases: []string{"lon", "lng", "long", "longitude", "x"}, required: true},
		field{name: "lat", aliases: []string{"lat", "latitude", "y"}, required: true}
}

// record is one CSV row or GeoJSON feature, reduced to trimmed strings by
// field, and its point.
type record struct {
	line    int
	feature int
	vals    []string // by index into pointReader.fields; "" when absent
	names   []string // the spelling of each field in the file, "" when absent
	point   orb.Point
	decimal byte // decimal separator of numbers: '.' or ','
}

// id returns the record's id (field 0).
func (r *record) id() string { return r.vals[0] }

// number parses the field's value as a float64, accepting a decimal comma
// when the file uses one. It reports whether the field has a value.
func (r *record) number(i int) (float64, bool, error) {
	return parseNumber(r.vals[i], r.decimal)
}

func parseNumber(s string, decimal byte) (float64, bool, error) {
	if s == "" {
		return 0, false, nil
	}
	t := s
	if decimal == ',' && strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, true, fmt.Errorf("%q is out of range", inputfile.Clip(s))
		}
		return 0, true, fmt.Errorf("%q is not a number", inputfile.Clip(s))
	}
	return v, true, nil
}

// checkPoint validates p, blaming the longitude field when the longitude
// alone is wrong and the latitude field otherwise.
func checkPoint(p orb.Point, lon, lat string) error {
	if err := geo.ValidatePoint(orb.Point{p[0], 0}); err != nil {
		return &fieldError{field: lon, err: err}
	}
	if err := geo.ValidatePoint(p); err != nil {
		return &fieldError{field: lat, err: err}
	}
	return nil
}

// positive parses a positive, finite number such as a weight; an absent
// value gives def.
func positive(r *record, i int, def float64) (float64, error) {
	v, ok, err := r.number(i)
	switch {
	case err != nil:
		return 0, err
	case !ok:
		return def, nil
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%v is not a finite number", v)
	case v <= 0:
		return 0, fmt.Errorf("%v is not positive", v)
	}
	return v, nil
}

// place is where a record is: its line, and its feature for GeoJSON.
type place struct{ line, feature int }

// pointReader runs the shared machinery of the point readers: format
// detection, the ledger of bad records and the uniqueness of ids.
type pointReader[T any] struct {
	file string
	opts Options
	spec pointSpec
	// fields are spec.fields followed by the lon and lat fields; records
	// hold values by index into fields.
	fields []field
	conv   func(*record) (T, error)
	out    []T
	bad    []RowError
	first  map[string]place // id -> where it was first seen
	layer  string           // the GeoPackage layer read, "" for CSV and GeoJSON
}

// readPoints reads a point table in CSV or GeoJSON, calling conv on every
// record whose point is valid. conv reports field problems as *fieldError.
func readPoints[T any](file string, data []byte, opts Options, spec pointSpec, conv func(*record) (T, error)) ([]T, []RowError, error) {
	pr := newPointReader(file, opts, spec, conv)
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var err error
	if detect(file, data, opts.Format) == FormatGeoJSON {
		err = pr.readGeoJSON(data)
	} else {
		err = pr.readCSV(data)
	}
	return pr.finish(err)
}

// readPointsGPKG is readPoints for a layer of a GeoPackage file ("" for
// the layer named as spec.what, else the first feature layer).
func readPointsGPKG[T any](file, layer string, opts Options, spec pointSpec, conv func(*record) (T, error)) ([]T, []RowError, error) {
	pr := newPointReader(file, opts, spec, conv)
	return pr.finish(pr.readGPKG(file, layer))
}

func newPointReader[T any](file string, opts Options, spec pointSpec, conv func(*record) (T, error)) *pointReader[T] {
	pr := &pointReader[T]{file: file, opts: opts, spec: spec, conv: conv, first: make(map[string]place)}
	lon, lat := lonLatFields()
	pr.fields = append(append(pr.fields, spec.fields...), lon, lat)
	return pr
}

// finish returns the records read, or err, or an error when there are
// none.
func (pr *pointReader[T]) finish(err error) ([]T, []RowError, error) {
	file, spec := pr.file, pr.spec
	if err != nil {
		return nil, pr.bad, err
	}
	if len(pr.out) == 0 {
		msg := "no " + spec.what
		if len(pr.bad) > 0 {
			msg = fmt.Sprintf("no valid %s: all %d records are bad", spec.what, len(pr.bad))
		}
		return nil, pr.bad, &ParseError{File: file, Layer: pr.layer, Err: kindErrorf(ErrEmpty, "%s", msg)}
	}
	return pr.out, pr.bad, nil
}

// detect decides the format of data named file.
func detect(file string, data []byte, f Format) Format {
	if f != FormatAuto {
		return f
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".geojson", ".json":
		return FormatGeoJSON
	}
	// Whatever the name says, no CSV header starts with "{".
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return FormatGeoJSON
	}
	return FormatCSV
}

// add converts and keeps a record, or handles its error: recordErr is a
// problem found before conversion (nil if none). It returns a non-nil error
// when reading must stop.
func (pr *pointReader[T]) add(r *record, recordErr error) error {
	if recordErr == nil {
		recordErr = pr.keep(r)
		if recordErr == nil {
			return nil
		}
	}
	pe := &ParseError{File: pr.file, Line: r.line, Feature: r.feature, Layer: pr.layer, ID: r.id(), Err: recordErr}
	var fe *fieldError
	if errors.As(recordErr, &fe) {
		pe.Err = fe.err
		pe.Column = fe.field
		for i, f := range pr.fields {
			if f.name == fe.field && r.names[i] != "" {
				pe.Column = r.names[i]
			}
		}
	}
	if !pr.opts.SkipBadRows {
		return pe
	}
	pr.bad = append(pr.bad, pe.rowError())
	return nil
}

// keep converts r and appends it to the output unless its id was seen.
func (pr *pointReader[T]) keep(r *record) error {
	item, err := pr.conv(r)
	if err != nil {
		return err
	}
	if f, dup := pr.first[r.id()]; dup {
		where := fmt.Sprintf("on line %d", f.line)
		switch {
		case pr.layer != "":
			where = fmt.Sprintf("in row %d", f.feature)
		case f.feature > 0:
			where = fmt.Sprintf("in feature %d", f.feature)
		}
		return &fieldError{field: pr.spec.fields[0].name,
			err: kindErrorf(ErrDuplicate, "duplicate id %q (first %s)", inputfile.Clip(r.id()), where)}
	}
	pr.first[r.id()] = place{line: r.line, feature: r.feature}
	pr.out = append(pr.out, item)
	return nil
}
