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
	}
}

// Formats returns the format names Write accepts: table, csv (residents.csv),
// json, geojson, markdown and html. The caller owns the returned slice.
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
		{"report.json", WriteJSON},
		{"gaps.geojson", WriteGeoJSON},
		{"report.md", WriteMarkdown},
		{"report.html", WriteHTML},
	}
}

// WriteAll writes every output into dir, creating it if needed: report.txt,
// residents.csv, grids.csv, report.json, gaps.geojson, report.md and
// report.html (see Files), replacing files of those names and leaving
// other files in dir alone. The set is written whole or not at all: every
// file is written into a temporary folder first and swapped in only once
// all are complete, so a failed run leaves dir as it was, never files of
// two runs side by side (see atomicfile.WriteSet). A file of those names
// that is not a regular file (a directory, named pipe, symbolic link) is
// an error before anything is written. The audit is checked first, so an
// inconsistent audit writes nothing.
func WriteAll(dir string, a *Audit) error {
	if _, err := prepare(a); err != nil {
		return err
	}
	fs := files()
	set := make([]atomicfile.File, len(fs))
	for i, f := range fs {
		set[i] = atomicfile.File{Name: f.name, Write: func(w io.Writer) error { return f.fn(w, a) }}
	}
	if err := atomicfile.WriteSet(dir, set); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
