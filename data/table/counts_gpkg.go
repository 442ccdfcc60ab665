package table

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/geo/hex"
)

// sqliteMagic starts every SQLite database file, GeoPackages included.
const sqliteMagic = "SQLite format 3\x00"

// ReadCellCountsGPKG reads the population counts of a GeoPackage (an SQLite
// database with a gpkg_contents table), as the Kontur Population dataset
// ships them: a table listed in gpkg_contents (data_type "features" or
// "attributes") with an h3 column (the cell's index as text, or as an
// integer) and a population column (a number), matched case-insensitively.
// Other columns, the geometry included, are not read (gpkg.Reader's
// Attributes). When several tables have both columns, it is an error
// naming them.
//
// The file is opened read-only (gpkg.Open). Errors are
// *ParseError values naming the file, the table, the row (its rowid, which
// GeoPackage tables have as their fid) and the column; the ledger of
// skipped rows (opts.SkipBadRows) gives the table as RowError.Layer and the
// rowid as RowError.Feature.
func ReadCellCountsGPKG(path string, opts Options) ([]CellCount, []RowError, error) {
	fail := func(err error) ([]CellCount, []RowError, error) {
		return nil, nil, &ParseError{File: path, Err: err}
	}
	r, err := gpkg.Open(path) // refuses a named pipe, on which SQLite would block
	if err != nil {
		var ge *gpkg.Error
		if errors.As(err, &ge) {
			return nil, nil, &ParseError{File: path, Layer: ge.Layer, Err: ge.Err}
		}
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	defer r.Close()
	layers := r.Layers()
	slices.SortFunc(layers, func(a, b gpkg.LayerInfo) int { return strings.Compare(a.Name, b.Name) })
	type found struct {
		table      string
		h3, people string
	}
	var with []found
	var without []string
	for _, l := range layers {
		var cols []string // in table order: fid, geometry, attributes
		if l.FIDColumn != "" {
			cols = append(cols, l.FIDColumn)
		}
		if l.GeometryColumn != "" {
			cols = append(cols, l.GeometryColumn)
		}
		for _, c := range l.Columns {
			cols = append(cols, c.Name)
		}
		f := found{table: l.Name}
		for _, c := range cols {
			switch lc := strings.ToLower(c); {
			case f.h3 == "" && slices.Contains(h3Column.aliases, lc):
				f.h3 = c
			case f.people == "" && slices.Contains(peopleColumn.aliases, lc):
				f.people = c
			}
		}
		switch {
		case f.h3 != "" && f.people != "":
			with = append(with, f)
		case f.h3 == "":
			without = append(without, fmt.Sprintf("table %s has no column %s (accepted names: %s; it has: %s)", l.Name, h3Column.name, strings.Join(h3Column.aliases, ", "), strings.Join(cols, ", ")))
		default:
			without = append(without, fmt.Sprintf("table %s has no column %s (accepted names: %s; it has: %s)", l.Name, peopleColumn.name, strings.Join(peopleColumn.aliases, ", "), strings.Join(cols, ", ")))
		}
	}
	switch {
	case len(with) == 0 && len(layers) == 0:
		return fail(errors.New("gpkg_contents lists no features or attributes table"))
	case len(with) == 0:
		return fail(kindErrorf(ErrMissingColumn, "no table with h3 and population columns: %s", strings.Join(without, "; ")))
	case len(with) > 1:
		var names []string
		for _, f := range with {
			names = append(names, f.table)
		}
		return fail(fmt.Errorf("several tables have h3 and population columns (%s); give a file with one", strings.Join(names, ", ")))
	}
	f := with[0]
	// Attributes reads the two columns only: the hexagons' geometry,
	// most of a Kontur file, is neither read nor decoded.
	s, err := r.Attributes(context.Background(), f.table, f.h3, f.people)
	if err != nil {
		return nil, nil, &ParseError{File: path, Layer: f.table, Err: err}
	}
	defer s.Close()
	var out []CellCount
	var bad []RowError
	var cells cellSet
	for s.Scan() {
		ft := s.Feature()
		if ft.FID <= 0 {
			// A GeoPackage's fid is its table's INTEGER PRIMARY KEY, from
			// 1 up: a row without one has no place to name in the ledger,
			// and the table is not one a GeoPackage writer made.
			return nil, bad, &ParseError{File: path, Layer: f.table, Err: fmt.Errorf("a row has fid %d: a GeoPackage table's fid is a positive integer (its INTEGER PRIMARY KEY)", ft.FID)}
		}
		row := int(min(ft.FID, 1<<31-1))
		id, cell, cerr := gpkgCell(ft.Values[0])
		var n float64
		var perr error
		if cerr == nil {
			n, perr = gpkgCount(ft.Values[1])
		}
		if cerr == nil && perr == nil {
			cerr = cells.add(cell, row, "row")
		}
		if cerr != nil || perr != nil {
			pe := &ParseError{File: path, Layer: f.table, Feature: row, ID: id, Column: f.h3, Err: cerr}
			if perr != nil {
				pe.Column, pe.Err = f.people, perr
			}
			if !opts.SkipBadRows {
				return nil, bad, pe
			}
			bad = append(bad, pe.rowError())
			continue
		}
		out = append(out, CellCount{Cell: cell, People: n, Line: row})
	}
	if err := s.Err(); err != nil {
		var ge *gpkg.Error
		if errors.As(err, &ge) {
			err = ge.Err
		}
		return nil, bad, &ParseError{File: path, Layer: f.table, Err: err}
	}
	return cells.finish(path, f.table, out, bad, opts, "row", f.h3)
}

// gpkgCell reads an h3 value: text, or an integer holding the index.
func gpkgCell(v any) (string, hex.Cell, error) {
	switch x := v.(type) {
	case string:
		c, err := parseCountCell(strings.TrimSpace(x))
		return x, c, err
	case []byte:
		c, err := parseCountCell(strings.TrimSpace(string(x)))
		return string(x), c, err
	case int64:
		s := strconv.FormatUint(uint64(x), 10)
		c, err := parseCountCell(s)
		return s, c, err
	case nil:
		return "", 0, errors.New("missing value")
	}
	return fmt.Sprint(v), 0, fmt.Errorf("%v is not an H3 index", v)
}

// gpkgCount reads a population value: a number, or text holding one.
func gpkgCount(v any) (float64, error) {
	switch x := v.(type) {
	case int64:
		return count(strconv.FormatInt(x, 10), '.')
	case float64:
		return count(strconv.FormatFloat(x, 'g', -1, 64), '.')
	case string:
		return count(strings.TrimSpace(x), '.')
	case []byte:
		return count(strings.TrimSpace(string(x)), '.')
	case nil:
		return 0, errors.New("missing value")
	}
	return 0, fmt.Errorf("%v is not a number", v)
}
