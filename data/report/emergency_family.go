package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// emergencyReport is what the three reports of a service circle's
// promises (Emergency, Volunteers, Incidents) share: the same five formats
// (EmergencyFormats), written from a page, a map, CSV rows, JSON, GeoJSON
// and a GeoPackage (gpkg_response.go). The methods assume check has passed.
type emergencyReport interface {
	check() error
	page() *page
	maps() []pgMap
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
		pg := r.page()
		pg.maps = r.maps()
		return pg.writeHTML(w)
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

// zoneMap starts a map framed on the zones' areas and the points, with its
// caption and the attribution; ok is false when there is nothing to frame.
func zoneMap(zones []access.Zone, pts []orb.Point, caption string) (pr projection, m pgMap, ok bool) {
	var f mapFrame
	for _, z := range zones {
		f.extendArea(z.Geometry)
	}
	f.extend(pts...)
	if pr, ok = newProjection(f.bound, f.have); !ok {
		return pr, m, false
	}
	return pr, pgMap{Caption: caption, W: fixed(pr.w, 0), H: fixed(pr.h, 0), Attribution: Attribution}, true
}

// zoneOutlines draws the zones as unfilled outlines titled by name.
func zoneOutlines(pr projection, zones []access.Zone) []pgPath {
	var out []pgPath
	for _, z := range zones {
		out = append(out, pgPath{D: pr.path(z.Geometry...), Fill: "none", Opacity: "0", Stroke: "#555", Width: "1", Title: oneLine(z.Name)})
	}
	return out
}

// unplacedResponders appends to ledger a line for every responder the
// analysis could not place, labelled by responderLabel.
func unplacedResponders(ledger []string, rs []emergency.Responder, ps []emergency.Placement) []string {
	for i, p := range ps {
		if !p.Placed {
			ledger = append(ledger, fmt.Sprintf("responder %s: %s", responderLabel(rs[i]), p.Reason))
		}
	}
	return ledger
}

// fixed1 and fixed2 format with one and two decimals (for optNum).
func fixed1(v float64) string { return fixed(v, 1) }
func fixed2(v float64) string { return fixed(v, 2) }
