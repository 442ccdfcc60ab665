package table

import (
	"fmt"

	"github.com/paulmach/orb"
)

// Format is the format of an input file.
type Format int

// Formats. FormatAuto, the zero value, picks GeoJSON for names ending in
// .geojson or .json and for content starting with "{", and CSV otherwise.
const (
	FormatAuto Format = iota
	FormatCSV
	FormatGeoJSON
)

// String returns "auto", "csv" or "geojson".
func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatCSV:
		return "csv"
	case FormatGeoJSON:
		return "geojson"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Options control the point readers (ReadResidents, ReadFacilities). The
// zero value reads with format detection, stops at the first bad record and
// accepts any category.
type Options struct {
	// SkipBadRows makes the readers skip bad records, listing them in the
	// returned ledger, instead of failing on the first. Errors of the file
	// as a whole (syntax errors, a missing column, no records) still fail.
	SkipBadRows bool
	// CheckCategory, if not nil, validates each facility's category; its
	// error is reported as the record's error, so it should name the
	// known categories (taxonomy.Taxonomy.Validate does).
	CheckCategory func(category string) error
	// Format forces the input format; FormatAuto detects it.
	Format Format
	// CheckGrid, if not nil, checks where a responder, volunteer or
	// incident belongs: p is its point and grid its grid value ("" when
	// absent). Its error is reported as the record's error, blamed on the
	// grid column when grid is not "" and on the coordinates otherwise, so
	// it should say what is wrong ("grid "X" names no grid; grids: ...",
	// "lies outside every grid").
	CheckGrid func(p orb.Point, grid string) error
}
