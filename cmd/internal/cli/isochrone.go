package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

type isochroneOptions struct {
	io      *IO
	net     networkFlags
	budget  budgetFlags
	at      []string
	profile string
	res     int
	out     string
	format  string
}

func newCmdIsochrone(io *IO, runF func(*isochroneOptions) error) *cobra.Command {
	opts := &isochroneOptions{io: io}
	cmd := &cobra.Command{
		Use:   "isochrone (--osm FILE | --graph FILE) --at LON,LAT [--at LON,LAT ...] [--minutes 5,10,15 | --meters ...]",
		Short: "Walking isochrones as GeoJSON, GeoPackage or an HTML map: the area reached within each budget",
		Long: `Draw walking isochrones: one MultiPolygon per budget (holes kept), with properties minutes or
meters, profile, area_m2 and street_m (length of street reached). Several --at give the
union, e.g. all the pharmacies of a district. Contours nest (5 inside 10 inside 15).

Reached streets, the last one cut at the remaining time, are covered exactly by H3
cells (--res, default 11, about 25 m: every cell a reached street passes within 1 cm
of) and the cells are outlined.

--format gpkg writes a GeoPackage (layer isochrones) instead of GeoJSON; --format html
one self-contained page in the look of the audit's report.html: the streets, each budget's
isochrone as a layer to show or hide, the start points, legend, scale bar and north arrow,
the run (OSM data timestamp, profile, start points) and a table of the contours, in the
language of --lang. Without --format, -o FILE.html (or .htm) writes HTML and -o FILE.gpkg
a GeoPackage; anything else is GeoJSON.`,
		Example: `  walkshed isochrone --osm testdata/porto-centre-2020-07-20.osm.pbf --at -8.6110,41.1456 -o porto.geojson
  walkshed isochrone --graph city.wsn --at 7.4246,43.7384 --meters 500,1000 --profile wheelchair
  walkshed isochrone --graph city.wsn --at -8.6110,41.1456 --minutes 5,10,15 -o iso.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(true); err != nil {
				return err
			}
			if len(opts.at) == 0 {
				return usagef("give at least one --at LON,LAT")
			}
			if opts.res < 1 || opts.res > 15 { // 0 would silently mean the default
				return usagef("--res must be an H3 resolution 1..15, got %d", opts.res)
			}
			if !cmd.Flags().Changed("format") {
				switch strings.ToLower(filepath.Ext(opts.out)) {
				case ".html", ".htm":
					opts.format = "html"
				case ".gpkg":
					opts.format = "gpkg"
				}
			}
			if opts.format != "geojson" && opts.format != "gpkg" && opts.format != "html" {
				return usagef("unknown --format %q; known: geojson, gpkg, html", opts.format)
			}
			if opts.format == "gpkg" && opts.out == "" && isTerminal(opts.io.Out) {
				return usagef("--format gpkg writes a binary GeoPackage: give -o FILE.gpkg or redirect standard output")
			}
			if runF != nil {
				return runF(opts)
			}
			return runIsochrone(cmd, opts)
		},
	}
	opts.net.register(cmd.Flags())
	opts.budget.register(cmd.Flags(), []float64{5, 10, 15}, true)
	cmd.Flags().StringArrayVar(&opts.at, "at", nil, "start point LON,LAT (repeat for a union)")
	cmd.Flags().StringVar(&opts.profile, "profile", "standard", profileHelp)
	cmd.Flags().IntVar(&opts.res, "res", isochrone.DefaultResolution, "H3 resolution of the contour cells")
	cmd.Flags().StringVar(&opts.format, "format", "geojson", "output format: geojson, gpkg (a GeoPackage with the layer isochrones, for QGIS) or html (a map page); default from -o's extension (.gpkg, .html), else geojson")
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write to this file instead of standard output (replaced whole through a temporary file; not an input, pipe or link)")
	return cmd
}

func runIsochrone(cmd *cobra.Command, opts *isochroneOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, true, opts.profile)
	if err != nil {
		return err
	}
	var points []orb.Point
	for _, s := range opts.at {
		p, err := parseLonLat(s)
		if err != nil {
			return err
		}
		points = append(points, p)
	}
	if err := checkOutputs(opts.net.inputs(), named{Label: "-o", Path: opts.out}); err != nil {
		return err
	}
	t := newTracker(cmd.Context(), opts.io)
	city, err := opts.net.openNetwork(cmd.Context(), t)
	if err != nil {
		t.Close(err)
		return err
	}
	t.Stage(stageSearch, 0)
	contours, err := city.Isochrones(points, geo.Meters(opts.net.MaxSnap), isochrone.Options{Budgets: budgets, Profile: profile, Resolution: opts.res})
	t.Close(err)
	if err != nil {
		return swappedHint(city, opts.at, err)
	}
	meta := report.IsochroneMeta{Profile: profile.Name, Speed: profile.Speed, Resolution: opts.res,
		Source: city.Graph().Info().Source, Timestamp: city.TimestampString(), Version: walkshed.Version, Attribution: walkshed.Attribution}
	write := report.WriteIsochronesGeoJSON
	switch opts.format {
	case "gpkg":
		write = report.WriteIsochronesGeoPackage
	case "html":
		write = func(w io.Writer, cs []isochrone.Contour, meta report.IsochroneMeta) error {
			return report.WriteIsochronesHTML(w, report.IsochronePage{Contours: cs, Meta: meta, Starts: points, Network: city.Graph(), Lang: opts.io.Lang})
		}
	}
	if opts.out == "" {
		return write(opts.io.Out, contours, meta)
	}
	if err := atomicfile.Write(opts.out, func(w io.Writer) error { return write(w, contours, meta) }); err != nil {
		return err
	}
	for _, c := range contours {
		opts.io.info(opts.io.tr("%s: %s km², %s km of street", c.Budget.String(), fmt.Sprintf("%.2f", c.AreaM2/1e6), fmt.Sprintf("%.1f", c.StreetM/1000)))
	}
	opts.io.info(opts.io.tr("wrote %s (map data %s)", opts.out, walkshed.Attribution))
	return nil
}

// swappedHint turns err into a usage error when it is a start point off the
// network that would lie on it with longitude and latitude exchanged: the
// common slip of typing LAT,LON.
func swappedHint(city *walkshed.City, at []string, err error) error {
	var pe *walkshed.PointError
	if !errors.As(err, &pe) || !errors.Is(err, routing.ErrUnroutable) || pe.Index >= len(at) {
		return err
	}
	area := city.Graph().Bound().Pad(0.01) // about 1 km
	if area.Contains(pe.Point) || !area.Contains(orb.Point{pe.Point[1], pe.Point[0]}) {
		return err
	}
	lon, lat, _ := strings.Cut(at[pe.Index], ",")
	return usagef("--at %s: %v; %s,%s would be on it: --at takes LON,LAT, longitude first",
		at[pe.Index], pe.Err, strings.TrimSpace(lat), strings.TrimSpace(lon))
}
