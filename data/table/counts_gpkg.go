package table

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/internal/inputfile"

	// The GeoPackage driver: modernc.org/sqlite is SQLite compiled to pure
	// Go, so walkshed still builds without a C SQLite.
	_ "modernc.org/sqlite"
)

// sqliteMagic starts every SQLite database file, GeoPackages included.
const sqliteMagic = "SQLite format 3\x00"

// ReadCellCountsGPKG reads the population counts of a GeoPackage (an SQLite
// database with a gpkg_contents table), as the Kontur Population dataset
// ships them: a table listed in gpkg_contents (data_type "features" or
// "attributes") with an h3 column (the cell's index as text, or as an
// integer) and a population column (a number), matched case-insensitively.
// Other columns, the geometry included, are not read. When several tables
// have both columns, it is an error naming them.
//
// The file is opened read-only; nothing is written next to it. Errors are
// *ParseError values naming the file, the table, the row (its rowid, which
// GeoPackage tables have as their fid) and the column; the ledger of
// skipped rows (opts.SkipBadRows) gives the table as RowError.Layer and the
// rowid as RowError.Feature.
func ReadCellCountsGPKG(path string, opts Options) ([]CellCount, []RowError, error) {
	fail := func(err error) ([]CellCount, []RowError, error) {
		return nil, nil, &ParseError{File: path, Err: err}
	}
	if err := inputfile.Check(path); err != nil { // SQLite would block on a named pipe
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	// mode=ro and immutable=1: read-only, no journal or lock files.
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&immutable=1"}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fail(fmt.Errorf("not a readable GeoPackage: %w", err))
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	tables, err := gpkgTables(db)
	if err != nil {
		return fail(err)
	}
	type found struct {
		table      string
		h3, people string
	}
	var with []found
	var without []string
	for _, t := range tables {
		cols, err := tableColumns(db, t)
		if err != nil {
			return fail(fmt.Errorf("table %s: %w", t, err))
		}
		f := found{table: t}
		for _, c := range cols {
			switch l := strings.ToLower(c); {
			case f.h3 == "" && slices.Contains(h3Column.aliases, l):
				f.h3 = c
			case f.people == "" && slices.Contains(peopleColumn.aliases, l):
				f.people = c
			}
		}
		switch {
		case f.h3 != "" && f.people != "":
			with = append(with, f)
		case f.h3 == "":
			without = append(without, fmt.Sprintf("table %s has no column %s (accepted names: %s; it has: %s)", t, h3Column.name, strings.Join(h3Column.aliases, ", "), strings.Join(cols, ", ")))
		default:
			without = append(without, fmt.Sprintf("table %s has no column %s (accepted names: %s; it has: %s)", t, peopleColumn.name, strings.Join(peopleColumn.aliases, ", "), strings.Join(cols, ", ")))
		}
	}
	switch {
	case len(with) == 0 && len(tables) == 0:
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
	rows, err := db.Query(fmt.Sprintf("SELECT rowid, %s, %s FROM %s ORDER BY rowid", quoteIdent(f.h3), quoteIdent(f.people), quoteIdent(f.table)))
	if err != nil {
		return fail(fmt.Errorf("table %s: %w", f.table, err))
	}
	defer rows.Close()
	var out []CellCount
	var bad []RowError
	var cells cellSet
	for rows.Next() {
		var rowid int64
		var h3v, pv any
		if err := rows.Scan(&rowid, &h3v, &pv); err != nil {
			return nil, bad, &ParseError{File: path, Layer: f.table, Err: err}
		}
		row := int(min(max(rowid, 0), 1<<31-1))
		id, cell, cerr := gpkgCell(h3v)
		var n float64
		var perr error
		if cerr == nil {
			n, perr = gpkgCount(pv)
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
	if err := rows.Err(); err != nil {
		return nil, bad, &ParseError{File: path, Layer: f.table, Err: err}
	}
	return cells.finish(path, f.table, out, bad, opts, "row", f.h3)
}

// gpkgTables lists the tables of gpkg_contents that hold rows: features
// and attributes, by name.
func gpkgTables(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', 'attributes') ORDER BY table_name")
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, errors.New("not a GeoPackage: no gpkg_contents table")
		}
		return nil, fmt.Errorf("not a readable GeoPackage: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name sql.NullString
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("gpkg_contents: %w", err)
		}
		if name.Valid && name.String != "" {
			out = append(out, name.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg_contents: %w", err)
	}
	return out, nil
}

// tableColumns returns the column names of a table, in table order.
func tableColumns(db *sql.DB, table string) ([]string, error) {
	rows, err := db.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		cols = append(cols, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, errors.New("listed in gpkg_contents but missing from the database")
	}
	return cols, nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

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
