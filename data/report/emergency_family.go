package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing/emergency"
)

// emergencyReport is what the three reports of a service circle's
// promises (Emergency, Volunteers, Incidents) share: the same five formats
// (EmergencyFormats), written from a page, a map, CSV rows, JSON, GeoJSON
// and a GeoPackage (gpkg_response.go). The methods assume check has passed.
type emergencyReport interface {
	check() error
	page() *page
	language() i18n.Language
	look(t htmlText) lookMaps
	writeCSV(w io.Writer) error
	writeJSON(w io.Writer) error
	writeGeoJSON(w io.Writer) error
	writeGPKG(w io.Writer) error
}

// writeEmergencyFormat checks r and writes it in the named format.
func writeEmergencyFormat(format string, w io.Writer, r emergencyReport) error {
	if err := r.check(); err != nil {
		return err
	}
	switch format {
	case "table":
		return r.page().writeText(w)
	case "csv":
		return r.writeCSV(w)
	case "json":
		return r.writeJSON(w)
	case "geojson":
		return r.writeGeoJSON(w)
	case "gpkg":
		return r.writeGPKG(w)
	case "html":
		return r.page().writeHTML(w, r.language(), r.look)
	}
	return fmt.Errorf("%w %q; known: %s", ErrFormat, format, strings.Join(EmergencyFormats(), ", "))
}

// writeEmergencyAll checks r and writes every format into dir as
// base.txt (the table), base.csv, base.json, base.geojson, base.html and
// base.gpkg.
func writeEmergencyAll(dir, base string, r emergencyReport) error {
	if err := r.check(); err != nil {
		return err
	}
	var files []namedWriter
	for _, f := range EmergencyFormats() {
		name := base + "." + f
		if f == "table" {
			name = base + ".txt"
		}
		files = append(files, namedWriter{name, func(w io.Writer) error { return writeEmergencyFormat(f, w, r) }})
	}
	return writeAll(dir, files)
}

// unplacedResponders appends to ledger a line for every responder the
// analysis could not place, labelled by responderLabel, in l.
func unplacedResponders(ledger []string, l i18n.Language, rs []emergency.Responder, ps []emergency.Placement) []string {
	tr := l.Sprintf
	for i, p := range ps {
		if !p.Placed {
			ledger = append(ledger, tr("responder %s: %s", responderLabel(rs[i]), knownReason(l, p.Reason)))
		}
	}
	return ledger
}

// fixed1 and fixed2 format with one and two decimals (for optNum).
func fixed1(v float64) string { return fixed(v, 1) }
func fixed2(v float64) string { return fixed(v, 2) }

// langError is the error of a report whose Lang is no language walkshed
// writes (i18n.Language.Valid is false).
func langError(l i18n.Language) error {
	return fmt.Errorf("%w: %q is not a language: want en or zh", ErrAudit, string(l))
}
