package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/routing"
)

type compareOptions struct {
	io     *IO
	before string
	after  string
	force  bool
	format string
	out    string
	// streets is the network drawn under the HTML page's map.
	streets string
}

func newCmdCompare(io *IO, runF func(*compareOptions) error) *cobra.Command {
	opts := &compareOptions{io: io}
	cmd := &cobra.Command{
		Use:   "compare BEFORE.json AFTER.json [flags]",
		Short: "What changed between two audits: people covered per grid and category, residents who gained or lost",
		Long: `Compare two report.json files written by 'walkshed audit' (--out DIR or --format json):
typically the services as they are and a what-if (--add-services, --remove-services,
--scenario), or two OSM dates of the same city.

Per grid and category it gives the people covered before and after, the share and its
change in percentage points, and the residents (matched by id) who gained or lost the
category; the same for the "complete" share and, with a standard, the "compliant" share.

Reports whose budget, profile, categories, standard, grids or residents differ are refused,
naming the difference, unless --force; reports written by another walkshed version are
refused (run the audit again). -o FILE is replaced whole once the comparison is written (a
failed run leaves it as it was) and may not be either report.

--format html maps the change of each grid's complete share when the after report's folder
holds its audit.gpkg (as 'walkshed audit --out' writes it). --streets FILE draws the streets
of the network the audits ran on under that map: the .osm.pbf/.osm file or the prepared .wsn
('sample' for the embedded Monaco). Its OSM data timestamp must be the after report's, unless
--force.`,
		Example: `  walkshed audit --osm city.osm.pbf --out before
  walkshed audit --osm city.osm.pbf --add-services new-pharmacy.csv --scenario "new pharmacy" --out after
  walkshed compare before/report.json after/report.json
  walkshed compare before/report.json after/report.json --format csv -o change.csv
  walkshed compare before/report.json after/report.json --format html --streets city.wsn -o change.html`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.before, opts.after = args[0], args[1]
			if !slices.Contains(report.CompareFormats(), opts.format) {
				return usagef("unknown --format %q; known: %s", opts.format, strings.Join(report.CompareFormats(), ", "))
			}
			if opts.streets != "" && opts.format != "html" {
				return usagef("--streets draws the basemap of the HTML page: give --format html")
			}
			if runF != nil {
				return runF(opts)
			}
			return runCompare(opts)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&opts.force, "force", false, "compare reports whose budget, profile, categories, standard, grids or residents differ (the differences are listed)")
	fs.StringVar(&opts.format, "format", "table", "output: "+strings.Join(report.CompareFormats(), ", "))
	fs.StringVarP(&opts.out, "output", "o", "", "write to this file instead of standard output")
	fs.StringVar(&opts.streets, "streets", "", "draw the streets of this network under the HTML map: the OSM file or prepared .wsn the audits ran on, or 'sample'")
	return cmd
}

func runCompare(opts *compareOptions) error {
	in := []named{{Label: "BEFORE", Path: opts.before}, {Label: "AFTER", Path: opts.after}}
	if opts.streets != "" && opts.streets != "sample" {
		in = append(in, named{Label: "--streets", Path: opts.streets})
	}
	if err := checkOutputs(in, named{Label: "-o", Path: opts.out}); err != nil {
		return err
	}
	c, err := walkshed.CompareFiles(opts.before, opts.after, walkshed.CompareOptions{Force: opts.force})
	if err != nil {
		return err
	}
	if opts.streets != "" {
		if c.Graph, err = compareStreets(opts, c.After.OSMTimestamp); err != nil {
			return err
		}
	}
	c.Lang = opts.io.Lang // the language of the page
	if opts.out == "" {
		return report.WriteComparison(opts.format, opts.io.Out, c)
	}
	if err := atomicfile.Write(opts.out, func(w io.Writer) error { return report.WriteComparison(opts.format, w, c) }); err != nil {
		return err
	}
	opts.io.info(opts.io.tr("wrote %s (%s residents gained or lost a category; map data %s)", opts.out, strconv.Itoa(len(c.Changed)), walkshed.Attribution))
	return nil
}

// compareStreets opens the network of --streets for the HTML map's
// basemap; its OSM data must be that of the after report, unless --force.
func compareStreets(opts *compareOptions, want string) (*routing.Graph, error) {
	city, err := walkshed.Open(context.Background(), opts.streets, walkshed.OpenOptions{})
	if err != nil {
		return nil, fmt.Errorf("--streets: %w", err)
	}
	if got := city.TimestampString(); got != want && !opts.force {
		return nil, fmt.Errorf("--streets %s holds OSM data of %s, the after report %s: give the network the audits ran on, or --force", opts.streets, got, want)
	}
	return city.Graph(), nil
}
