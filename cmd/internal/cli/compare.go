package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/internal/atomicfile"
)

type compareOptions struct {
	io     *IO
	before string
	after  string
	force  bool
	format string
	out    string
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
failed run leaves it as it was) and may not be either report.`,
		Example: `  walkshed audit --osm city.osm.pbf --out before
  walkshed audit --osm city.osm.pbf --add-services new-pharmacy.csv --scenario "new pharmacy" --out after
  walkshed compare before/report.json after/report.json
  walkshed compare before/report.json after/report.json --format csv -o change.csv`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.before, opts.after = args[0], args[1]
			if !slices.Contains(report.CompareFormats(), opts.format) {
				return usagef("unknown --format %q; known: %s", opts.format, strings.Join(report.CompareFormats(), ", "))
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
	return cmd
}

func runCompare(opts *compareOptions) error {
	in := []named{{Label: "BEFORE", Path: opts.before}, {Label: "AFTER", Path: opts.after}}
	if err := checkOutputs(in, named{Label: "-o", Path: opts.out}); err != nil {
		return err
	}
	c, err := walkshed.CompareFiles(opts.before, opts.after, walkshed.CompareOptions{Force: opts.force})
	if err != nil {
		return err
	}
	c.Lang = opts.io.Lang // the language of the page
	if opts.out == "" {
		return report.WriteComparison(opts.format, opts.io.Out, c)
	}
	if err := atomicfile.Write(opts.out, func(w io.Writer) error { return report.WriteComparison(opts.format, w, c) }); err != nil {
		return err
	}
	fmt.Fprintf(opts.io.Err, "wrote %s (%d residents gained or lost a category; map data %s)\n", opts.out, len(c.Changed), walkshed.Attribution)
	return nil
}
