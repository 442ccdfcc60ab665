package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// Resolutions a population file's H3 cells may have: from about 36 km²
// (6) to about 0.015 km² (10).
const (
	MinCountResolution = 6
	MaxCountResolution = 10
)

// CellCount is the people counted on one H3 cell, as a population file
// (ReadCellCounts) gives them.
type CellCount struct {
	Cell hex.Cell
	// People is the count: finite and not negative, not necessarily whole.
	People float64
	// Line is the CSV line of the count, or for a GeoPackage its row (the
	// table's rowid, which is its fid).
	Line int
}

// GridCounts are census counts per grid (ReadGridCounts): people and,
// optionally, people of named groups.
type GridCounts struct {
	// Groups are the group columns, as spelt in the header, in file order.
	Groups []string
	// Counts are the grids, in file order.
	Counts []GridCount
}

// GridCount is one grid's row of a grid population file.
type GridCount struct {
	// Name is the grid's name as the file spells it (trimmed).
	Name string
	// People is the grid's count, finite and not negative.
	People float64
	// Groups holds the people of each group of GridCounts.Groups, in that
	// order; their sum is at most People.
	Groups []float64
	// Line is the CSV line.
	Line int
}

// countColumn is one required column of a count table.
type countColumn struct {
	name    string
	aliases []string
}

var (
	h3Column     = countColumn{"h3", []string{"h3", "h3_index", "cell"}}
	peopleColumn = countColumn{"population", []string{"population", "people", "count"}}
	gridColumn   = countColumn{"grid", []string{"grid", "name", "zone"}}
)

// ReadCellCounts reads a population file: counts of people on H3 cells,
// from a CSV file with the columns h3 and population, or a GeoPackage
// (recognised by its SQLite header) with a table holding h3 and population
// columns, as the Kontur Population dataset has (see ReadCellCountsGPKG).
// Cells are H3 indexes of resolution MinCountResolution to
// MaxCountResolution; a file may mix resolutions as long as no cell lies
// inside another. Counts are finite and not negative.
//
// It returns the counts in file order, the ledger of rows skipped under
// opts.SkipBadRows and an error, a *ParseError naming the file, the line
// (CSV) or table and row (GeoPackage), and the column.
func ReadCellCounts(path string, opts Options) ([]CellCount, []RowError, error) {
	f, err := inputfile.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	var magic [16]byte
	n, _ := io.ReadFull(f, magic[:])
	f.Close()
	if n == len(magic) && string(magic[:]) == sqliteMagic {
		return ReadCellCountsGPKG(path, opts)
	}
	data, err := readFile(path, FormatCSV)
	if err != nil {
		return nil, nil, err
	}
	return ParseCellCountsCSV(path, data, opts)
}

// countReader reads a CSV table of counts: required columns, then (for
// grid files) every other column as a group.
type countReader struct {
	file    string
	opts    Options
	bad     []RowError
	header  []string
	decimal byte // '.', or ',' in files delimited by ';'
}

// fail turns a problem of a record into the read's error, or under
// SkipBadRows into a ledger entry (nil error).
func (cr *countReader) fail(line int, id, column string, err error) error {
	pe := &ParseError{File: cr.file, Line: line, ID: id, Column: column, Err: err}
	if !cr.opts.SkipBadRows {
		return pe
	}
	cr.bad = append(cr.bad, pe.rowError())
	return nil
}

// read reads the header, maps the required columns (their indexes, in
// order), calls onHeader (if not nil) with them and the header's line, and
// calls rec for every non-blank record with its line.
func (cr *countReader) read(data []byte, required []countColumn, onHeader func(line int, col []int) error, rec func(line int, fields []string, col []int) error) error {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffDelimiter(data)
	r.FieldsPerRecord = -1
	cr.decimal = '.'
	if r.Comma == ';' {
		cr.decimal = ','
	}
	header, err := r.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return cr.csvError(err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	cr.header = header
	line, _ := r.FieldPos(0)
	col := make([]int, len(required))
	for i, c := range required {
		col[i] = -1
		for j, h := range header {
			if !slices.Contains(c.aliases, strings.ToLower(h)) {
				continue
			}
			if col[i] >= 0 {
				return &ParseError{File: cr.file, Line: line, Err: fmt.Errorf("columns %q and %q both give the %s", header[col[i]], h, c.name)}
			}
			col[i] = j
		}
		if col[i] < 0 {
			return &ParseError{File: cr.file, Line: line, Err: kindErrorf(ErrMissingColumn, "missing column %s (accepted names: %s; header has: %s)",
				c.name, strings.Join(c.aliases, ", "), strings.Join(header, ", "))}
		}
	}
	if onHeader != nil {
		if err := onHeader(line, col); err != nil {
			return err
		}
	}
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return cr.csvError(err)
		}
		line, _ := r.FieldPos(0)
		if isBlank(fields) {
			continue
		}
		if len(fields) != len(header) {
			if err := cr.fail(line, "", "", fmt.Errorf("record has %d fields, header has %d", len(fields), len(header))); err != nil {
				return err
			}
			continue
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if err := rec(line, fields, col); err != nil {
			return err
		}
	}
}

// shortText cuts s for messages.
func shortText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func (cr *countReader) csvError(err error) error {
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		return &ParseError{File: cr.file, Line: ce.Line, Char: ce.Column, Err: fmt.Errorf("invalid CSV: %w", ce.Err)}
	}
	return &ParseError{File: cr.file, Err: fmt.Errorf("invalid CSV: %w", err)}
}

// count parses a count: a finite number, not negative; decimal is the
// decimal separator ('.' or ',').
func count(s string, decimal byte) (float64, error) {
	v, ok, err := parseNumber(s, decimal)
	switch {
	case err != nil:
		return 0, err
	case !ok:
		return 0, errors.New("missing value")
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%v is not a finite number", v)
	case v < 0:
		return 0, fmt.Errorf("%v is negative", v)
	}
	return v, nil
}

// parseCountCell parses an H3 index of a count file.
func parseCountCell(s string) (hex.Cell, error) {
	if s == "" {
		return 0, errors.New("missing value")
	}
	c, err := hex.ParseCell(s)
	if err != nil {
		// Some files write the index as a decimal integer.
		if v, derr := strconv.ParseUint(s, 10, 64); derr == nil && len(s) >= 17 && hex.Cell(v).Valid() {
			c, err = hex.Cell(v), nil
		}
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not an H3 cell index (want hexadecimal, like 883969a403fffff)", shortText(s))
	}
	if r := c.Resolution(); r < MinCountResolution || r > MaxCountResolution {
		return 0, fmt.Errorf("cell %s is resolution %d, want %d to %d", c, r, MinCountResolution, MaxCountResolution)
	}
	return c, nil
}

// cellSet finds cells given twice.
type cellSet struct {
	first map[hex.Cell]int // cell → line or row where it is
	res   uint16           // bit r set when a cell of resolution r was seen
}

// add records c at line, or says where it was first (where says "line" or
// "row").
func (s *cellSet) add(c hex.Cell, line int, where string) error {
	if s.first == nil {
		s.first = map[hex.Cell]int{}
	}
	if l, dup := s.first[c]; dup {
		return kindErrorf(ErrDuplicate, "duplicate cell %s (first on %s %d)", c, where, l)
	}
	s.first[c] = line
	s.res |= 1 << c.Resolution()
	return nil
}

// finish checks the counts read as a whole: a cell inside another cell
// of the file is bad (its people would be counted twice), and a file with
// no count is an error. Under SkipBadRows the cells inside others are left
// out and added to the ledger, which is kept in line order.
func (s *cellSet) finish(file, layer string, out []CellCount, bad []RowError, opts Options, where string, column string) ([]CellCount, []RowError, error) {
	if s.res&(s.res-1) != 0 { // more than one resolution
		kept := out[:0]
		for _, cc := range out {
			var inside error
			for r := MinCountResolution; r < cc.Cell.Resolution() && inside == nil; r++ {
				p, err := cc.Cell.Parent(r)
				if err != nil {
					continue
				}
				if l, in := s.first[p]; in {
					inside = kindErrorf(ErrDuplicate, "cell %s lies inside cell %s (%s %d): its people would be counted twice", cc.Cell, p, where, l)
				}
			}
			if inside == nil {
				kept = append(kept, cc)
				continue
			}
			pe := &ParseError{File: file, Layer: layer, ID: cc.Cell.String(), Column: column, Err: inside}
			if where == "row" {
				pe.Feature = cc.Line
			} else {
				pe.Line = cc.Line
			}
			if !opts.SkipBadRows {
				return nil, bad, pe
			}
			bad = append(bad, pe.rowError())
		}
		out = kept
		slices.SortStableFunc(bad, func(a, b RowError) int { return max(a.Line, a.Feature) - max(b.Line, b.Feature) })
	}
	if len(out) == 0 {
		msg := "no cell counts"
		if len(bad) > 0 {
			msg = fmt.Sprintf("no valid cell counts: all %d records are bad", len(bad))
		}
		return nil, bad, &ParseError{File: file, Err: kindErrorf(ErrEmpty, "%s", msg)}
	}
	return out, bad, nil
}

// ParseCellCountsCSV is the CSV part of ReadCellCounts, for data already in
// memory; name is used in messages.
func ParseCellCountsCSV(name string, data []byte, opts Options) ([]CellCount, []RowError, error) {
	cr := &countReader{file: name, opts: opts}
	var out []CellCount
	var cells cellSet
	err := cr.read(data, []countColumn{h3Column, peopleColumn}, nil, func(line int, f []string, col []int) error {
		id := f[col[0]]
		c, err := parseCountCell(id)
		if err != nil {
			return cr.fail(line, id, cr.header[col[0]], err)
		}
		n, err := count(f[col[1]], cr.decimal)
		if err != nil {
			return cr.fail(line, id, cr.header[col[1]], err)
		}
		if err := cells.add(c, line, "line"); err != nil {
			return cr.fail(line, id, cr.header[col[0]], err)
		}
		out = append(out, CellCount{Cell: c, People: n, Line: line})
		return nil
	})
	if err != nil {
		return nil, cr.bad, err
	}
	return cells.finish(name, "", out, cr.bad, opts, "line", h3Column.name)
}

// ReadGridCounts reads a grid population file: a CSV table with the
// columns grid (the grid's name; also "name" or "zone") and population
// (also "people" or "count"), and any number of group columns: every other
// column names a group (e.g. elderly) whose people are part of the grid's.
// Counts are finite numbers, not negative; a grid's groups add up to at
// most its population; names and groups are unique. Errors and the ledger
// are as ReadCellCounts's.
func ReadGridCounts(path string, opts Options) (GridCounts, []RowError, error) {
	data, err := readFile(path, FormatCSV)
	if err != nil {
		return GridCounts{}, nil, err
	}
	return ParseGridCounts(path, data, opts)
}

// ParseGridCounts is ReadGridCounts for data already in memory; name is
// used in messages.
func ParseGridCounts(name string, data []byte, opts Options) (GridCounts, []RowError, error) {
	cr := &countReader{file: name, opts: opts}
	var out GridCounts
	var groupCols []int
	first := map[string]int{}
	header := func(line int, col []int) error {
		seen := map[string]bool{}
		for j, h := range cr.header {
			if j == col[0] || j == col[1] {
				continue
			}
			if h == "" {
				return &ParseError{File: name, Line: line, Err: fmt.Errorf("column %d has no name; every column besides %s and %s names a group", j+1, cr.header[col[0]], cr.header[col[1]])}
			}
			if seen[h] {
				return &ParseError{File: name, Line: line, Err: kindErrorf(ErrDuplicate, "group column %q given twice", h)}
			}
			seen[h] = true
			groupCols = append(groupCols, j)
			out.Groups = append(out.Groups, h)
		}
		return nil
	}
	err := cr.read(data, []countColumn{gridColumn, peopleColumn}, header, func(line int, f []string, col []int) error {
		id := f[col[0]]
		if id == "" {
			return cr.fail(line, "", cr.header[col[0]], errors.New("empty grid name"))
		}
		n, err := count(f[col[1]], cr.decimal)
		if err != nil {
			return cr.fail(line, id, cr.header[col[1]], err)
		}
		gc := GridCount{Name: id, People: n, Line: line, Groups: make([]float64, len(groupCols))}
		sum := 0.0
		for k, j := range groupCols {
			v, err := count(f[j], cr.decimal)
			if err != nil {
				return cr.fail(line, id, cr.header[j], err)
			}
			gc.Groups[k] = v
			sum += v
		}
		if sum > n*(1+1e-9) {
			return cr.fail(line, id, strings.Join(out.Groups, "+"), fmt.Errorf("the groups hold %v people, more than the grid's population %v (a share over 1)", sum, n))
		}
		if l, dup := first[id]; dup {
			return cr.fail(line, id, cr.header[col[0]], kindErrorf(ErrDuplicate, "duplicate grid %q (first on line %d)", id, l))
		}
		first[id] = line
		out.Counts = append(out.Counts, gc)
		return nil
	})
	if err != nil {
		return GridCounts{}, cr.bad, err
	}
	if len(out.Counts) == 0 {
		msg := "no grid counts"
		if len(cr.bad) > 0 {
			msg = fmt.Sprintf("no valid grid counts: all %d records are bad", len(cr.bad))
		}
		return GridCounts{}, cr.bad, &ParseError{File: name, Err: kindErrorf(ErrEmpty, "%s", msg)}
	}
	return out, cr.bad, nil
}
