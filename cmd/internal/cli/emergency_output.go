package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
)

// emergencyFormatHelp is the --format help of the emergency, volunteers
// and incidents commands.
const emergencyFormatHelp = "output format on standard output: table, csv, json, geojson, html, gpkg (GeoPackage for QGIS)"

// emergencyOutHelp is their --out help.
const emergencyOutHelp = "write every format into this directory (NAME.txt, .csv, .json, .geojson, .html, .gpkg)"

// checkEmergencyFormat checks --format of the emergency, volunteers and
// incidents commands; --format gpkg, binary, is refused on a terminal
// without --out.
func checkEmergencyFormat(s *IO, format, out, what string) error {
	if !slices.Contains(report.EmergencyFormats(), format) {
		return usagef("unknown --format %q; known: %s", format, strings.Join(report.EmergencyFormats(), ", "))
	}
	if format == "gpkg" && out == "" && isTerminal(s.Out) {
		return usagef("--format gpkg writes a binary GeoPackage: redirect standard output to a file (> %s.gpkg) or give --out DIR", what)
	}
	return nil
}

// writeEmergencyReport writes a report of the emergency, volunteers or
// incidents command (what names it): with --out every format into that
// directory and the table on standard output, else the one format asked.
func writeEmergencyReport[R any](s *IO, out, format, what string, rep R,
	all func(dir string, rep R) error, one func(format string, w io.Writer, rep R) error) error {
	if out != "" {
		if err := all(out, rep); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "wrote the %s report to %s/ (map data %s)\n", what, out, walkshed.Attribution)
		return one("table", s.Out, rep)
	}
	return one(format, s.Out, rep)
}
