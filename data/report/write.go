package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
// report.html (see Files), and tiers.csv (WriteTiersCSV) when the audit
// has tiers, replacing files of those names. Each file is
// written to a temporary file in dir and renamed into place once complete,
// so an error never leaves a partial file; files written before the error
// stay. The audit is checked first, so an inconsistent audit writes
// nothing.
func WriteAll(dir string, a *Audit) error {
	if _, err := prepare(a); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, f := range files() {
		if err := writeFile(dir, f.name, f.fn, a); err != nil {
			return err
		}
	}
	if len(a.Result.Tiers) > 0 {
		return writeFile(dir, "tiers.csv", WriteTiersCSV, a)
	}
	return nil
}

// writeFile writes one output atomically: temporary file, then rename.
func writeFile(dir, name string, fn writer, a *Audit) (err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fn(tmp, a); err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	return nil
}
