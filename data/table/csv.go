package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// sniffDelimiter picks the field delimiter of a CSV file from its first
// line: the most frequent of ',', ';' and tab outside quotes, ',' on a tie.
func sniffDelimiter(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	var comma, semi, tab int
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			comma++
		case c == ';':
			semi++
		case c == '\t':
			tab++
		}
	}
	switch {
	case semi > comma && semi >= tab:
		return ';'
	case tab > comma && tab > semi:
		return '\t'
	}
	return ','
}

// csvError converts an error of encoding/csv to a *ParseError.
func (pr *pointReader[T]) csvError(err error) error {
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		return &ParseError{File: pr.file, Line: ce.Line, Char: ce.Column, Err: fmt.Errorf("invalid CSV: %w", ce.Err)}
	}
	return &ParseError{File: pr.file, Err: fmt.Errorf("invalid CSV: %w", err)}
}

// readCSV reads a CSV point table: a header naming the columns, then one
// record per line.
func (pr *pointReader[T]) readCSV(data []byte) error {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffDelimiter(data)
	cr.FieldsPerRecord = -1
	decimal := byte('.')
	if cr.Comma == ';' {
		decimal = ','
	}

	header, err := cr.Read()
	if err == io.EOF {
		return nil // no records; the caller reports it
	}
	if err != nil {
		return pr.csvError(err)
	}
	headerLine, _ := cr.FieldPos(0)
	col, err := pr.mapHeader(header)
	if err != nil {
		return &ParseError{File: pr.file, Line: headerLine, Err: err}
	}
	names := make([]string, len(pr.fields))
	for i, c := range col {
		if c >= 0 {
			names[i] = strings.TrimSpace(header[c])
		}
	}
	lon, lat := len(pr.fields)-2, len(pr.fields)-1

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return pr.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if isBlank(rec) {
			continue
		}
		r := &record{line: line, vals: make([]string, len(pr.fields)), names: names, decimal: decimal}
		var recErr error
		if len(rec) != len(header) {
			recErr = fmt.Errorf("record has %d fields, header has %d", len(rec), len(header))
		}
		for i, c := range col {
			if c >= 0 && c < len(rec) {
				r.vals[i] = strings.TrimSpace(rec[c])
			}
		}
		if recErr == nil {
			recErr = pr.csvPoint(r, lon, lat)
		}
		if err := pr.add(r, recErr); err != nil {
			return err
		}
	}
}

// csvPoint parses and validates the record's longitude and latitude.
func (pr *pointReader[T]) csvPoint(r *record, lon, lat int) error {
	var p orb.Point
	for k, i := range []int{lon, lat} {
		v, ok, err := r.number(i)
		if err == nil && !ok {
			err = errors.New("missing value")
		}
		if err != nil {
			return &fieldError{field: pr.fields[i].name, err: err}
		}
		p[k] = v
	}
	r.point = p
	return checkPoint(p, pr.fields[lon].name, pr.fields[lat].name)
}

// mapHeader finds each field's column in header (-1 when absent), by
// case-insensitive name and aliases. Unknown columns are ignored.
func (pr *pointReader[T]) mapHeader(header []string) ([]int, error) {
	col := make([]int, len(pr.fields))
	for i := range col {
		col[i] = -1
	}
	for c, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for i, f := range pr.fields {
			if !slices.Contains(f.aliases, h) {
				continue
			}
			if col[i] >= 0 {
				return nil, fmt.Errorf("columns %q and %q both give the %s", inputfile.Clip(strings.TrimSpace(header[col[i]])), inputfile.Clip(strings.TrimSpace(header[c])), f.name)
			}
			col[i] = c
		}
	}
	for i, f := range pr.fields {
		if f.required && col[i] < 0 {
			trimmed := make([]string, len(header))
			for k, h := range header {
				trimmed[k] = inputfile.Clip(strings.TrimSpace(h))
			}
			return nil, kindErrorf(ErrMissingColumn, "missing column %s (accepted names: %s; header has: %s)",
				f.name, strings.Join(f.aliases, ", "), inputfile.Clip(strings.Join(trimmed, ", ")))
		}
	}
	return col, nil
}

// isBlank reports whether every field of rec is empty or white space, as in
// the trailing ",,,," lines spreadsheets write.
func isBlank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}
