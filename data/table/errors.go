package table

import (
	"errors"
	"fmt"
	"strings"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// Sentinel errors, matched with errors.Is through a *ParseError.
var (
	// ErrEmpty: the input has no records (empty file, header only, no
	// features), or every record was bad and skipped.
	ErrEmpty = errors.New("table: no records")
	// ErrMissingColumn: a CSV header lacks a required column.
	ErrMissingColumn = errors.New("table: missing column")
	// ErrDuplicate: two records have the same id (or zone name).
	ErrDuplicate = errors.New("table: duplicate id or name")
)

// kindError is an error with its own message that matches a sentinel.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func kindErrorf(kind error, format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// ParseError is the error for input that cannot be read, or (without
// Options.SkipBadRows) for the first bad record. It locates the problem in
// the file: a CSV line and column, or a GeoJSON feature and property.
type ParseError struct {
	// File is the file name as given to the reader.
	File string
	// Line is the 1-based line of the CSV record, or the line where the
	// GeoJSON feature starts, or the line of a syntax error; 0 if unknown
	// (e.g. an empty file).
	Line int
	// Char is the 1-based character position within Line of a syntax
	// error, or 0.
	Char int
	// Feature is the 1-based index of the GeoJSON feature in the
	// collection's features array, or the fid of the GeoPackage row, or 0
	// for CSV and for errors of the file as a whole.
	Feature int
	// Layer is the GeoPackage layer, or "" for CSV and GeoJSON.
	Layer string
	// ID is the record's id (a zone's name) when it is known, or "".
	ID string
	// Column is the CSV or GeoPackage column (as spelt in the file) or the
	// GeoJSON property the problem is in, or "" when it concerns the whole
	// record.
	Column string
	// Err is the problem itself.
	Err error
}

// Error returns the problem prefixed by its place, like
// "residents.csv:17: column lat: latitude 123 is outside [-90, 90]",
// `zones.geojson:12: feature 3 ("Larvotto"): geometry is LineString, want
// Polygon or MultiPolygon` or `residents.gpkg: layer "residents": row 17
// ("r17"): column weight: weight -1 is not positive`.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Char > 0 {
			fmt.Fprintf(&b, ":%d", e.Char)
		}
	}
	b.WriteString(": ")
	if e.Layer != "" {
		fmt.Fprintf(&b, "layer %q: ", inputfile.Clip(e.Layer))
	}
	if e.Feature > 0 {
		if e.Layer != "" {
			fmt.Fprintf(&b, "row %d", e.Feature)
		} else {
			fmt.Fprintf(&b, "feature %d", e.Feature)
		}
		if e.ID != "" {
			fmt.Fprintf(&b, " (%q)", inputfile.Clip(e.ID))
		}
		b.WriteString(": ")
	}
	b.WriteString(e.reason())
	return b.String()
}

// reason is the message without the file and record prefix.
func (e *ParseError) reason() string {
	switch {
	case e.Column == "":
		return fmt.Sprint(e.Err)
	case e.Feature > 0 && e.Layer == "":
		return fmt.Sprintf("property %s: %v", e.Column, e.Err)
	default:
		return fmt.Sprintf("column %s: %v", e.Column, e.Err)
	}
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// RowError is one entry of the ledger of records skipped under
// Options.SkipBadRows: where the record is, its id if known, and why it was
// skipped. It is plain data, meant to be written into a report.
type RowError struct {
	// Line is the record's 1-based line (for GeoJSON, where the feature
	// starts).
	Line int
	// Feature is the 1-based GeoJSON feature index, the GeoPackage row's
	// fid, or 0 for CSV.
	Feature int
	// Layer is the GeoPackage layer, or "" for CSV and GeoJSON.
	Layer string
	// ID is the record's id when it could be read, or "".
	ID string
	// Reason says what is wrong, e.g. "column weight: weight -2 is not
	// positive".
	Reason string
}

// rowError converts e to a ledger entry.
func (e *ParseError) rowError() RowError {
	return RowError{Line: e.Line, Feature: e.Feature, Layer: e.Layer, ID: e.ID, Reason: e.reason()}
}

// fieldError is an error about one field of a record, before the record's
// place is known.
type fieldError struct {
	field string // canonical field name; the reader maps it to the spelling in the file
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }
