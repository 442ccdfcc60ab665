package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/walkshed/walkshed/internal/atomicfile"
)

// ErrFormat is returned, wrapped with the list of known formats, by Write
// for a format it does not know.
var ErrFormat = errors.New("report: unknown format")

// writer is the signature shared by every Write* function.
type writer func(io.Writer, *Audit) error

// formats lists the formats of Write, in the order Formats gives them.
func formats() []struct {
	name string
	fn   writer
} {
	return []struct {
		name string
		fn   writer
	}{
		{"table", WriteTable},
		{"csv", WriteResidentsCSV},
		{"json", WriteJSON},
		{"geojson", WriteGeoJSON},
		{"markdown", WriteMarkdown},
		{"html", WriteHTML},
		{"gpkg", WriteGeoPackage},
	}
}

// Formats returns the format names Write accepts: table, csv (residents.csv),
// json, geojson, markdown, html and gpkg (a GeoPackage, binary). The caller owns the returned slice.
func Formats() []string {
	fs := formats()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}

// Write writes a in the named format (see Formats) to w. An unknown format
// gives an error wrapping ErrFormat that lists the known ones.
func Write(format string, w io.Writer, a *Audit) error {
	for _, f := range formats() {
		if f.name == format {
			return f.fn(w, a)
		}
	}
	return fmt.Errorf("%w %q; known: %s", ErrFormat, format, strings.Join(Formats(), ", "))
}

// ErrTable is returned, wrapped with the list of known tables, by
// WriteCSVTable for a table it does not know.
var ErrTable = errors.New("report: unknown table")

// csvTables lists the tables of WriteCSVTable, in the order CSVTables
// gives them.
func csvTables() []struct {
	name string
	fn   writer
} {
	return []struct {
		name string
		fn   writer
	}{
		{"residents", WriteResidentsCSV},
		{"grids", WriteGridsCSV},
		{"facilities", WriteFacilitiesCSV},
	}
}

// CSVTables returns the table names WriteCSVTable accepts: residents
// (residents.csv, the "csv" format of Write), grids (grids.csv) and
// facilities (facilities.csv). The caller owns the returned slice.
func CSVTables() []string {
	ts := csvTables()
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.name
	}
	return names
}

// WriteCSVTable writes the named CSV table (see CSVTables) to w. An unknown
// table gives an error wrapping ErrTable that lists the known ones.
func WriteCSVTable(table string, w io.Writer, a *Audit) error {
	for _, t := range csvTables() {
		if t.name == table {
			return t.fn(w, a)
		}
	}
	return fmt.Errorf("%w %q; known: %s", ErrTable, table, strings.Join(CSVTables(), ", "))
}

// Files returns the names of the files WriteAll writes, in the order it
// writes them. The caller owns the returned slice.
func Files() []string {
	fs := files()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}

func files() []struct {
	name string
	fn   writer
} {
	return []struct {
		name string
		fn   writer
	}{
		{"report.txt", WriteTable},
		{"residents.csv", WriteResidentsCSV},
		{"grids.csv", WriteGridsCSV},
		{"facilities.csv", WriteFacilitiesCSV},
		{"report.json", WriteJSON},
		{"gaps.geojson", WriteGeoJSON},
		{"facilities.geojson", WriteFacilitiesGeoJSON},
		{"report.md", WriteMarkdown},
		{"report.html", WriteHTML},
		{"audit.gpkg", WriteGeoPackage},
	}
}

// WriteAll writes every output into dir, creating it if needed: report.txt,
// residents.csv, grids.csv, facilities.csv, report.json, gaps.geojson,
// facilities.geojson, report.md, report.html and audit.gpkg (see Files), replacing files of those names and leaving
// other files in dir alone. The set is written whole or not at all: every
// file is written into a temporary folder first and swapped in only once
// all are complete, so a failed run leaves dir as it was, never files of
// two runs side by side (see atomicfile.WriteSet). A file of those names
// that is not a regular file (a directory, named pipe, symbolic link) is
// an error before anything is written. The audit is checked first, so an
// inconsistent audit writes nothing.
func WriteAll(dir string, a *Audit) error { return WriteAllProgress(dir, a, nil) }

// WriteAllProgress is WriteAll calling progress, when not nil, with the
// files written so far and their number: once with 0 before the first
// file, then after each.
func WriteAllProgress(dir string, a *Audit, progress func(done, total int)) error {
	if _, err := prepare(a); err != nil {
		return err
	}
	fs := files()
	set := make([]atomicfile.File, len(fs))
	if progress != nil {
		progress(0, len(fs))
	}
	for i, f := range fs {
		set[i] = atomicfile.File{Name: f.name, Write: func(w io.Writer) error {
			err := f.fn(w, a)
			if err == nil && progress != nil {
				progress(i+1, len(fs))
			}
			return err
		}}
	}
	if err := atomicfile.WriteSet(dir, set); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
